package benchmarks

import (
	"context"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/matching/flow"
)

// BenchmarkOptimal measures the optimal allocation (rank-sum: most placed,
// then least total rank) on each size, compilation excluded (see
// BenchmarkCompile), and the flow solver alone on the same network, so
// that the cost of building networks and reading results shows. The
// 1,000,000-student size runs only with PLACEMENT_BENCH_LARGE=1.
func BenchmarkOptimal(b *testing.B) {
	b.Run("objective=rank-sum", func(b *testing.B) {
		runSizes(b, func(b *testing.B, i int) {
			_, inst := instance(b, i)
			b.ReportAllocs()
			b.ResetTimer()
			var r *matching.Result
			for b.Loop() {
				var err error
				if r, err = matching.SolveOptimal(context.Background(), inst, nil); err != nil {
					b.Fatal(err)
				}
			}
			o, _ := r.Optimum()
			b.ReportMetric(float64(len(o.Certificate.Phases)), "phases")
			b.ReportMetric(float64(r.Placed())/float64(inst.Students()), "placed/students")
		})
	})
	b.Run("flow-only/objective=rank-sum", func(b *testing.B) {
		runSizes(b, func(b *testing.B, i int) {
			_, inst := instance(b, i)
			ex, err := matching.ExportNetwork(context.Background(), inst, matching.RankSum)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var res *flow.Result
			for b.Loop() {
				if res, err = flow.Solve(context.Background(), ex.Network, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Phases), "flow-phases")
		})
	})
}
