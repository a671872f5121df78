package round_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/round"
)

// benchRound is a round's inputs: the cohort, round 1's result as a file
// read against it, and synthetic responses with new lists.
type benchRound struct {
	c    *model.Cohort
	prev *matching.ResultFile
	resp *model.Responses
}

func newBenchRound(b *testing.B, scale float64) benchRound {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(scale, 1))
	if err != nil {
		b.Fatal(err)
	}
	inst, err := matching.Compile(ctx, c, nil)
	if err != nil {
		b.Fatal(err)
	}
	r1, err := matching.StudentProposing(ctx, inst, nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := round.Synthesize(r1, &round.SynthOptions{Seed: 1, NewLists: true})
	if err != nil {
		b.Fatal(err)
	}
	return benchRound{c: c, prev: roundTrip(b, r1, c), resp: resp}
}

// BenchmarkRound: a supplementary round on the group preset after a main
// round and synthetic responses (new lists included): Prepare, Compile
// and the mechanism, for student-da and least-disruption (and optimal on
// the group preset); with
// PLACEMENT_BENCH_LARGE=1 also on 1,000,000 students, beside a fresh main
// round (Compile and student-da) of the same cohort.
func BenchmarkRound(b *testing.B) {
	sizes := []float64{1}
	if os.Getenv("PLACEMENT_BENCH_LARGE") == "1" {
		sizes = append(sizes, 200)
	}
	if os.Getenv("PLACEMENT_BENCH_MID") == "1" { // 200,000 students only, for profiles
		sizes = []float64{40}
	}
	ctx := context.Background()
	for _, scale := range sizes {
		in := newBenchRound(b, scale)
		name := fmt.Sprintf("students=%d", in.c.NumStudents())
		c, rnd, err := round.Prepare(ctx, in.c, in.prev, in.resp, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/prepare", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := round.Prepare(ctx, in.c, in.prev, in.resp, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		mechs := []matching.Mechanism{matching.StudentDA, matching.LeastDisruption}
		if scale == 1 { // the optimal allocation on the group preset only
			mechs = append(mechs, matching.OptimalAllocation)
		}
		for _, m := range mechs {
			// run: Compile and the mechanism on the prepared round.
			b.Run(name+"/run/"+m.String(), func(b *testing.B) {
				b.ReportAllocs()
				placed := 0
				for b.Loop() {
					res, err := round.Run(ctx, c, rnd, in.prev, &round.RunOptions{Mechanism: m})
					if err != nil {
						b.Fatal(err)
					}
					placed = res.Matching().Placed()
				}
				b.ReportMetric(float64(placed), "placed")
			})
			// round: Prepare, Compile and the mechanism.
			b.Run(name+"/round/"+m.String(), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c, rnd, err := round.Prepare(ctx, in.c, in.prev, in.resp, nil)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := round.Run(ctx, c, rnd, in.prev, &round.RunOptions{Mechanism: m}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(name+"/main-round", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				inst, err := matching.Compile(ctx, in.c, nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := matching.StudentProposing(ctx, inst, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
