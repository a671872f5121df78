// Command rounds takes the group preset through a placement season of
// three rounds through the API: the main round, then two supplementary
// rounds, each after synthetic responses to the round before it (package
// round's Synthesize: of the placed, 75% accept, 10% hold and wait for
// better, 15% decline; of the unplaced, 85% continue with a new list over
// the seats still open, the rest withdraw). It runs the season twice: with
// the stable allocation (student-da: in the supplementary rounds, the
// student-optimal round-stable allocation with the lottery reversed) and
// with the optimal one (most placed, least total rank, nobody who holds
// worse off, accepted seats fixed), and prints after each round how many
// are placed and unplaced, and what the round did: stayed at their seat, rose
// to a better choice, newly placed, declined (this round), withdrew (this
// round). Unplaced counts every student without a seat, those who
// declined or withdrew included; "still looking" those who take part and
// got none.
//
//	go run ./examples/rounds [-seed 2026]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/round"
)

func main() {
	seed := flag.Uint64("seed", 2026, "seed of the synthetic cohort, of the lottery and of the responses")
	flag.Parse()
	if err := run(os.Stdout, *seed, nil); err != nil {
		fmt.Fprintln(os.Stderr, "rounds:", err)
		os.Exit(1)
	}
}

// rounds is the number of rounds of the season: the main one and two
// supplementary ones.
const rounds = 3

// link is one round of a season as the files carry it: the previous
// round's result file (read against the round's cohort), the responses to
// it, and the round's result file, for a checker to verify the chain.
type link struct {
	next       *model.Cohort
	prev, file *matching.ResultFile
	resp       *model.Responses
}

// run prints the season for both mechanisms; each round's link goes to
// check when it is not nil.
func run(w io.Writer, seed uint64, check func(mech matching.Mechanism, l link) error) error {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(1, seed))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d students, %d positions\n", c.Name(), len(c.Students()), len(c.Positions()))
	for _, mech := range []matching.Mechanism{matching.StudentDA, matching.OptimalAllocation} {
		fmt.Fprintf(w, "\n%s\n", mech)
		if err := season(ctx, w, c, seed, mech, check); err != nil {
			return fmt.Errorf("%v: %w", mech, err)
		}
	}
	return nil
}

// season runs the main round and the supplementary rounds with mech.
func season(ctx context.Context, w io.Writer, c *model.Cohort, seed uint64, mech matching.Mechanism, check func(matching.Mechanism, link) error) error {
	compile := matching.CompileOptions{Seed: seed}
	inst, err := matching.Compile(ctx, c, &compile)
	if err != nil {
		return err
	}
	var res *matching.Result
	if mech == matching.OptimalAllocation {
		res, err = matching.SolveOptimal(ctx, inst, nil)
	} else {
		res, err = matching.Solve(ctx, inst, mech, nil)
	}
	if err != nil {
		return err
	}
	if f := matching.CheckResult(res); len(f) > 0 && mech != matching.OptimalAllocation {
		return fmt.Errorf("main round: %d findings, the first: %v", len(f), f[0])
	}
	fmt.Fprintf(w, "  round 1: %4d placed, %4d unplaced\n", res.Placed(), len(c.Students())-res.Placed())
	next := c // the next round's cohort: this one, with the new lists of the students who continued
	for n := 2; n <= rounds; n++ {
		// The students answer the published result.
		resp, err := round.Synthesize(res, &round.SynthOptions{Seed: seed + uint64(n), NewLists: true})
		if err != nil {
			return err
		}
		// The previous result as a planner has it: a file, read against
		// the next round's cohort.
		prev, err := reread(res, next)
		if err != nil {
			return err
		}
		rc, rnd, err := round.Prepare(ctx, next, prev, resp, nil)
		if err != nil {
			return err
		}
		rr, err := round.Run(ctx, rc, rnd, prev, &round.RunOptions{Mechanism: mech, Compile: compile})
		if err != nil {
			return err
		}
		res = rr.Matching()
		k := rr.Counts()
		declined, withdrew := 0, 0 // this round's: those of earlier rounds stay out without answering
		for _, r := range resp.Responses {
			switch r.Answer {
			case model.Decline:
				declined++
			case model.Withdraw:
				withdrew++
			}
		}
		fmt.Fprintf(w, "  round %d: %4d placed, %4d unplaced (%4d still looking); stayed %4d, rose %3d, newly placed %4d, declined %3d, withdrew %3d\n",
			n, res.Placed(), len(rc.Students())-res.Placed(), k[round.StillUnplaced],
			k[round.Kept]+k[round.HeldKept], k[round.Rose], k[round.NewlyPlaced], declined, withdrew)
		if check != nil {
			file, err := reread(res, rc)
			if err != nil {
				return err
			}
			if err := check(mech, link{next: next, prev: prev, file: file, resp: resp}); err != nil {
				return fmt.Errorf("round %d: %w", n, err)
			}
		}
		next = rc
	}
	return nil
}

// reread writes res as a JSON result file and reads it back against c
// as the previous round's result.
func reread(res *matching.Result, c *model.Cohort) (*matching.ResultFile, error) {
	var buf bytes.Buffer
	if err := matching.WriteResultJSON(&buf, res, &matching.WriteOptions{NoRefusals: true}); err != nil {
		return nil, err
	}
	return matching.ReadResultJSONWith(&buf, c, &matching.ReadOptions{Previous: true})
}
