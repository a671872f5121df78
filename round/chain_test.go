package round_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/round"
)

// roundTrip writes r as JSON and reads it back against c as a previous
// result.
func roundTrip(t testing.TB, r *matching.Result, c *model.Cohort) *matching.ResultFile {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&b, r, &matching.WriteOptions{NoRefusals: true}))
	f, err := matching.ReadResultJSONWith(&b, c, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	return f
}

// link is one round of a chain: its result, as its file reads back, and
// the files it came from.
type link struct {
	res  *round.Result
	file *matching.ResultFile
	prev *matching.ResultFile
	resp *model.Responses
}

// nextRound synthesizes responses to r, prepares and runs the next round
// on the same cohort with mechanism m, and returns the link.
func nextRound(t testing.TB, next *model.Cohort, r *matching.Result, seed uint64, m matching.Mechanism) link {
	t.Helper()
	ctx := context.Background()
	resp, err := round.Synthesize(r, &round.SynthOptions{Seed: seed, NewLists: true})
	require.NoError(t, err)
	prev := roundTrip(t, r, next)
	require.Equal(t, r.Fingerprint(), prev.ResultFingerprint())
	c, rnd, err := round.Prepare(ctx, next, prev, resp, nil)
	require.NoError(t, err)
	res, err := round.Run(ctx, c, rnd, prev, &round.RunOptions{Mechanism: m})
	require.NoError(t, err)
	// This round's declines and withdrawals are the answers given; those
	// of earlier rounds (the previous result's answer column) are
	// LeftBefore.
	var declined, withdrew, left int
	for _, r := range resp.Responses {
		switch r.Answer {
		case model.Decline:
			declined++
		case model.Withdraw:
			withdrew++
		}
	}
	for _, row := range prev.Rows {
		if row.Answer == model.Decline || row.Answer == model.Withdraw {
			left++
		}
	}
	k := res.Counts()
	require.Equal(t, []int{declined, withdrew, left}, []int{k[round.Declined], k[round.Withdrew], k[round.LeftBefore]})
	return link{res: res, file: roundTrip(t, res.Matching(), next), prev: prev, resp: resp}
}

// TestChain: the group preset through three rounds (R1 main, R2 and R3
// with synthetic responses), for student-da and least-disruption: each
// round checks against its previous result and responses (no finding);
// the wrong previous file, other responses and a tampered result are
// refused or flagged.
func TestChain(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.2, 7))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.LeastDisruption} {
		t.Run(m.String(), func(t *testing.T) {
			l2 := nextRound(t, c, r1, 1, m)
			// The next cohort of round 3 is round 2's (with its new
			// lists), here unchanged otherwise.
			c2 := l2.res.Matching().Instance().Cohort()
			l3 := nextRound(t, c2, l2.res.Matching(), 2, m)
			assert.Equal(t, 2, l2.file.Round.Number)
			assert.Equal(t, 3, l3.file.Round.Number)
			assert.Equal(t, r1.Fingerprint(), l2.file.Round.Previous)
			assert.Equal(t, l2.res.Matching().Fingerprint(), l3.file.Round.Previous)
			t.Logf("unplaced: R1 %d, R2 %d, R3 %d", c.NumStudents()-r1.Placed(), c.NumStudents()-l2.res.Matching().Placed(), c.NumStudents()-l3.res.Matching().Placed())
			for i, l := range []link{l2, l3} {
				next := c
				if i == 1 {
					next = c2
				}
				f, err := round.Check(ctx, next, l.file, l.prev, l.resp, nil)
				require.NoError(t, err, "R%d", i+2)
				assert.Empty(t, findingsText(f), "R%d", i+2)
			}

			// The cascades of round 2: each chain starts at the seat a
			// decliner gave back, each move takes the seat the one
			// before left, and every student who moved is in Moved.
			cmp := round.Compare(r1, l2.res)
			assert.Equal(t, [2]int{r1.Placed(), l2.res.Matching().Placed()}, cmp.Placed)
			require.NotEmpty(t, cmp.Chains)
			moved := map[int]round.Move{}
			for _, mv := range cmp.Moved {
				moved[mv.Student] = mv
			}
			for _, ch := range cmp.Chains {
				seat := r1.Position(ch.Decliner)
				require.GreaterOrEqual(t, seat, 0)
				for _, mv := range ch.Moves {
					require.Equal(t, seat, mv.To, "a move takes the seat the one before left")
					require.Equal(t, mv, moved[mv.Student])
					seat = mv.From
				}
			}

			// The wrong previous file: R3 against R1.
			_, err := round.Check(ctx, c2, l3.file, l2.prev, l3.resp, nil)
			var ce *round.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "previous result", ce.What)
			require.ErrorIs(t, err, round.ErrChain)
			// Other responses.
			_, err = round.Check(ctx, c2, l3.file, l3.prev, l2.resp, nil)
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "responses", ce.What)

			// A tampered R2: a student who rose is put back at their
			// held seat, and a declined student placed.
			tampered := *l2.file
			tampered.Placements = append([]matching.Placement(nil), l2.file.Placements...)
			rose, declined := -1, -1
			for s := range c.NumStudents() {
				switch o := l2.res.Outcome(s); {
				case o.Kind == round.Rose && rose < 0:
					rose = s
				case o.Kind == round.Declined && declined < 0:
					declined = s
				}
			}
			require.True(t, rose >= 0 && declined >= 0, "the round has a student who rose and one who declined")
			for i, pl := range tampered.Placements {
				switch pl.Student {
				case rose:
					tampered.Placements[i].Position = l2.res.Outcome(rose).Previous
					tampered.Placements[i].Rank = l2.res.Outcome(rose).FromRank
				case declined:
					tampered.Placements[i].Position = l2.res.Outcome(rose).Position
					tampered.Placements[i].Rank = 0
				}
			}
			f, err := round.Check(ctx, c, &tampered, l2.prev, l2.resp, nil)
			require.NoError(t, err)
			flagged := map[int]bool{}
			for _, fd := range f {
				flagged[fd.Student] = true
			}
			assert.True(t, flagged[rose], "the student put back below the seat they rose to: %v", f)
			assert.True(t, flagged[declined], "a declined student placed: %v", f)
		})
	}
}

// TestPrepareOtherResult: responses naming another result are refused as
// responses of another cohort or round, at the responses file.
func TestPrepareOtherResult(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	resp, err := round.Synthesize(r1, &round.SynthOptions{Seed: 1})
	require.NoError(t, err)
	resp.Result = "0123456789abcdef01234567"
	_, _, err = round.Prepare(ctx, c, roundTrip(t, r1, c), resp, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Len(t, pe.Problems, 1)
	assert.Equal(t, round.OtherResult, pe.Problems[0].Kind)
	assert.Equal(t, round.Responses, pe.Problems[0].Source)
}

// findingsText is the findings, a line each, the first 10.
func findingsText(f []matching.Finding) []string {
	var out []string
	for i, fd := range f {
		if i == 10 {
			out = append(out, fmt.Sprintf("… %d more", len(f)-10))
			break
		}
		out = append(out, fd.String())
	}
	return out
}
