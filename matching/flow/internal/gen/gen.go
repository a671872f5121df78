// Package gen generates placement-shaped min-cost flow networks for the flow
// package's tests and benchmarks: students (supply 1) choose positions, which
// belong to enterprises (intake caps), which sit in regions (caps), which send
// everyone to one sink (demand = number of students).
//
// Arcs, in index order: for each student, one arc per choice (rank r costs r,
// capacity 1) then an "unplaced" arc straight to the sink (cost Choices+1,
// capacity 1), which keeps every network feasible; then position→enterprise
// (capacity = seats), enterprise→region (capacity = intake cap),
// region→sink (capacity = regional cap); all costs 0 past the choices.
//
// Generation is deterministic in Seed (math/rand/v2 PCG).
package gen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/placement-engine/placement/matching/flow"
)

// Placement describes a generated network. Zero Enterprises or Regions get
// defaults: Positions/5 enterprises (at least 1) and min(10, enterprises)
// regions.
type Placement struct {
	Students    int
	Choices     int // per student; ≥ Positions means complete lists
	Positions   int
	Enterprises int
	Regions     int
	Seed        uint64
}

// Name is the benchmark name of p: "students=S/choices=K/positions=P".
func (p Placement) Name() string {
	return fmt.Sprintf("students=%d/choices=%d/positions=%d", p.Students, p.Choices, p.Positions)
}

// FileName is a file-system friendly name: "placement_S_K_P.min".
func (p Placement) FileName() string {
	return fmt.Sprintf("placement_%d_%d_%d.min", p.Students, p.Choices, p.Positions)
}

// Network builds the network. It panics on non-positive sizes (a programmer
// error). O(Students·Choices·log) time.
func (p Placement) Network() *flow.Network {
	S, P := p.Students, p.Positions
	if S <= 0 || P <= 0 || p.Choices <= 0 {
		panic("gen: sizes must be positive")
	}
	K := min(p.Choices, P)
	E := p.Enterprises
	if E <= 0 {
		E = max(1, P/5)
	}
	R := p.Regions
	if R <= 0 {
		R = min(10, E)
	}
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15))

	// Popularity: log-normal weights, so a few positions are much wanted.
	w := make([]float64, P)
	cum := make([]float64, P)
	total := 0.0
	for j := range w {
		w[j] = math.Exp(rng.NormFloat64())
		total += w[j]
		cum[j] = total
	}
	// Seats: about one seat per student overall.
	seats := make([]int64, P)
	for j := range seats {
		seats[j] = max(1, int64(math.Round(float64(S)/float64(P)*(0.5+rng.Float64()))))
	}
	entOf := make([]int, P)
	entSeats := make([]int64, E)
	for j := range entOf {
		entOf[j] = rng.IntN(E)
		entSeats[entOf[j]] += seats[j]
	}
	regOf := make([]int, E)
	regCap := make([]int64, R)
	entCap := make([]int64, E)
	for e := range regOf {
		regOf[e] = rng.IntN(R)
		entCap[e] = max(1, entSeats[e]*9/10)
		regCap[regOf[e]] += entCap[e]
	}
	for r := range regCap {
		regCap[r] = max(1, regCap[r]*95/100)
	}

	n := S + P + E + R + 1
	sink := n - 1
	net := flow.NewNetwork(n)
	net.Grow(S*(K+1) + P + E + R)
	must := func(_ int, err error) {
		if err != nil {
			panic(err)
		}
	}
	chosen := make([]int, 0, K)
	mark := make([]bool, P)
	keys := make([]float64, P)
	perm := make([]int, P)
	for s := 0; s < S; s++ {
		net.SetSupply(s, 1)
		chosen = chosen[:0]
		if 2*K >= P {
			// Weighted random permutation (Efraimidis–Spirakis keys).
			for j := range perm {
				perm[j] = j
				keys[j] = -math.Log(1-rng.Float64()) / w[j]
			}
			slices.SortFunc(perm, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
			chosen = append(chosen, perm[:K]...)
		} else {
			for len(chosen) < K {
				j, _ := slices.BinarySearch(cum, rng.Float64()*total)
				j = min(j, P-1)
				if mark[j] {
					continue
				}
				mark[j] = true
				chosen = append(chosen, j)
			}
			for _, j := range chosen {
				mark[j] = false
			}
		}
		for r, j := range chosen {
			must(net.AddArc(s, S+j, 0, 1, int64(r+1)))
		}
		must(net.AddArc(s, sink, 0, 1, int64(K+1)))
	}
	for j := 0; j < P; j++ {
		must(net.AddArc(S+j, S+P+entOf[j], 0, seats[j], 0))
	}
	for e := 0; e < E; e++ {
		must(net.AddArc(S+P+e, S+P+E+regOf[e], 0, entCap[e], 0))
	}
	for r := 0; r < R; r++ {
		must(net.AddArc(S+P+E+r, sink, 0, regCap[r], 0))
	}
	net.SetSupply(sink, -int64(S))
	return net
}

// Sizes are the benchmark sizes of the issue; the last one (1,000,000
// students) is large and gated by the callers.
var Sizes = []Placement{
	{Students: 5000, Choices: 10, Positions: 500, Seed: 1},
	{Students: 5000, Choices: 500, Positions: 500, Seed: 2},
	{Students: 100000, Choices: 20, Positions: 10000, Seed: 3},
	{Students: 1000000, Choices: 20, Positions: 50000, Seed: 4},
}
