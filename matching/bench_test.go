package matching_test

import (
	"context"
	"sync"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// The group preset (about 5,000 students) is built once; package
// benchmarks runs the larger sizes.
var (
	groupOnce   sync.Once
	groupCohort *model.Cohort
	groupErr    error
)

// group is the group preset at scale 1, seed 2026, generated once (a
// cohort is immutable: tests and benchmarks share it).
func group(tb testing.TB) *model.Cohort {
	groupOnce.Do(func() { groupCohort, groupErr = synth.Generate(synth.Group(1, 2026)) })
	if groupErr != nil {
		tb.Fatal(groupErr)
	}
	return groupCohort
}

func BenchmarkCompile(b *testing.B) {
	c := group(b)
	b.Run("preset=group/students=5000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := matching.Compile(context.Background(), c, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSolve(b *testing.B) {
	c := group(b)
	inst, err := matching.Compile(context.Background(), c, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		b.Run("mechanism="+m.String()+"/preset=group/students=5000", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := matching.Solve(context.Background(), inst, m, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
