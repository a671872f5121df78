package flow_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/matching/flow/internal/gen"
)

var (
	benchOnce sync.Map // name -> *onceNet
)

type onceNet struct {
	once sync.Once
	net  *flow.Network
}

func benchNetwork(p gen.Placement) *flow.Network {
	v, _ := benchOnce.LoadOrStore(p.Name(), &onceNet{})
	o := v.(*onceNet)
	o.once.Do(func() { o.net = p.Network() })
	return o.net
}

// BenchmarkSolve solves generated placement networks (see internal/gen).
// The 1,000,000-student size runs only with PLACEMENT_BENCH_LARGE=1.
func BenchmarkSolve(b *testing.B) {
	for _, p := range gen.Sizes {
		b.Run(p.Name(), func(b *testing.B) {
			if p.Students >= 1000000 && os.Getenv("PLACEMENT_BENCH_LARGE") != "1" {
				b.Skip("set PLACEMENT_BENCH_LARGE=1 to run")
			}
			net := benchNetwork(p)
			b.ReportAllocs()
			var res *flow.Result
			for b.Loop() {
				var err error
				res, err = flow.Solve(context.Background(), net, nil)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(net.NumArcs()), "arcs")
			b.ReportMetric(float64(res.Phases), "phases")
			b.ReportMetric(float64(res.Rounds), "rounds")
			placed := 0
			for a := 0; a < net.NumArcs(); a++ {
				_, _, _, _, cost := net.Arc(a)
				if cost >= 1 && cost <= int64(p.Choices) && res.Flow[a] > 0 {
					placed++
				}
			}
			b.ReportMetric(float64(placed), "placed")
		})
	}
}

// BenchmarkAlgorithm compares the two algorithms of Options on the smallest
// placement network (successive shortest paths is too slow for the others).
func BenchmarkAlgorithm(b *testing.B) {
	p := gen.Sizes[0]
	for _, alg := range []struct {
		name string
		alg  flow.Algorithm
	}{{"primaldual", flow.PrimalDual}, {"ssp", flow.SuccessiveShortestPaths}} {
		b.Run("alg="+alg.name+"/"+p.Name(), func(b *testing.B) {
			net := benchNetwork(p)
			b.ReportAllocs()
			var res *flow.Result
			for b.Loop() {
				var err error
				res, err = flow.Solve(context.Background(), net, &flow.Options{Algorithm: alg.alg})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Phases), "phases")
		})
	}
}
