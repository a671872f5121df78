package matching_test

import (
	"context"
	"testing"

	"github.com/placement-engine/placement/matching"
)

func BenchmarkOptimal(b *testing.B) {
	c := group(b)
	inst, err := matching.Compile(context.Background(), c, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, obj := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		b.Run("objective="+obj.String()+"/preset=group/students=5000", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := matching.SolveOptimal(context.Background(), inst, &matching.OptimalOptions{Objective: obj}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
