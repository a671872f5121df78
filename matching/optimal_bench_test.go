package matching_test

import (
	"context"
	"sync"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/model"
)

// groupAllPolicies is the group preset with every policy on: its caps,
// floors, minimum fills, special posts, order classes and county reserves,
// and every other reserve's unused seats held empty (the preset's reserves
// all return to open competition), built once.
var (
	allOnce sync.Once
	allInst *matching.Instance
	allErr  error
)

func groupAllPolicies(b *testing.B) *matching.Instance {
	c := group(b)
	allOnce.Do(func() {
		d := c.Data()
		for i := range d.Positions {
			for j := range d.Positions[i].Reserved {
				if (i+j)%2 == 0 {
					d.Positions[i].Reserved[j].Unused = model.StayEmpty
				}
			}
		}
		var all *model.Cohort
		if all, allErr = model.New(d, nil); allErr == nil {
			allInst, allErr = matching.Compile(context.Background(), all, nil)
		}
	})
	if allErr != nil {
		b.Fatal(allErr)
	}
	return allInst
}

// BenchmarkOptimal measures SolveOptimal on the group preset with every
// policy, for each objective, reporting the phases (flow solves) and the
// students placed.
func BenchmarkOptimal(b *testing.B) {
	inst := groupAllPolicies(b)
	for _, obj := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		b.Run("objective="+obj.String()+"/preset=group/policies=all/students=5000", func(b *testing.B) {
			b.ReportAllocs()
			var r *matching.Result
			for b.Loop() {
				var err error
				if r, err = matching.SolveOptimal(context.Background(), inst, &matching.OptimalOptions{Objective: obj}); err != nil {
					b.Fatal(err)
				}
			}
			o, _ := r.Optimum()
			b.ReportMetric(float64(len(o.Certificate.Phases)), "phases")
			b.ReportMetric(float64(r.Placed()), "placed")
		})
	}
}

// BenchmarkOptimalFlow measures the flow solver alone on the rank-sum
// network of the same cohort (what SolveOptimal spends beyond it is
// building the network and reading the result).
func BenchmarkOptimalFlow(b *testing.B) {
	inst := groupAllPolicies(b)
	ex, err := matching.ExportNetwork(context.Background(), inst, matching.RankSum)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("objective=rank-sum/preset=group/policies=all/students=5000", func(b *testing.B) {
		b.ReportAllocs()
		var res *flow.Result
		for b.Loop() {
			if res, err = flow.Solve(context.Background(), ex.Network, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(res.Phases), "flow-phases")
		b.ReportMetric(float64(ex.Network.NumArcs()), "arcs")
	})
}

// BenchmarkCertificate measures CheckCertificate on a rank-sum optimum.
func BenchmarkCertificate(b *testing.B) {
	inst := groupAllPolicies(b)
	r, err := matching.SolveOptimal(context.Background(), inst, nil)
	if err != nil {
		b.Fatal(err)
	}
	o, _ := r.Optimum()
	b.Run("objective=rank-sum/preset=group/policies=all/students=5000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := matching.CheckCertificate(context.Background(), inst, r.Placements(), matching.RankSum, o.Certificate); err != nil {
				b.Fatal(err)
			}
		}
	})
}
