package flow

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

type refArc struct{ from, to, low, capa, cost int64 }

// randomArcs adds random arcs to net and returns them as a plain list:
// capacities of 1 (runs of them),
// beyond int32 and infinite, lower bounds, costs beyond int32, MinInt32 and
// negative; Grow now and then; now and then a batch of unit arcs from one
// tail (AddUnitArcs), with the same costs.
func randomArcs(rng *rand.Rand, net *Network, m int) []refArc {
	n := net.NumNodes()
	var arcs []refArc
	cost := func() int64 {
		switch rng.IntN(16) {
		case 0:
			return math.MinInt32
		case 1:
			return math.MaxInt32 + 1
		}
		return int64(rng.IntN(13) - 3)
	}
	for len(arcs) < m {
		if rng.IntN(8) == 0 {
			net.Grow(rng.IntN(10))
		}
		from := rng.IntN(n)
		if rng.IntN(6) == 0 {
			var to []int32
			var costs []int64
			for range rng.IntN(6) {
				to = append(to, int32(rng.IntN(n)))
				costs = append(costs, cost())
			}
			first, err := net.AddUnitArcs(from, to, costs)
			if err != nil {
				panic(err)
			}
			if first != len(arcs) {
				panic("AddUnitArcs: wrong first index")
			}
			for i, v := range to {
				arcs = append(arcs, refArc{from: int64(from), to: int64(v), capa: 1, cost: costs[i]})
			}
			continue
		}
		a := refArc{from: int64(from), to: int64(rng.IntN(n)), capa: 1}
		switch rng.IntN(6) {
		case 0:
			a.low = int64(rng.IntN(2))
			a.capa = a.low + int64(rng.IntN(3))
		case 1:
			a.capa = Infinite
		case 2:
			a.capa = math.MaxInt32 + int64(rng.IntN(3))
		case 3:
			a.capa = int64(rng.IntN(5))
		}
		a.cost = cost()
		if _, err := net.AddArc(int(a.from), int(a.to), a.low, a.capa, a.cost); err != nil {
			panic(err)
		}
		arcs = append(arcs, a)
	}
	return arcs
}

// TestNetworkStorage checks, on random networks, that every arc reads back
// as it was added (the run of unit capacities that takes no storage, int32
// and int64 storage and the switch between them, lower bounds, Grow,
// batches of unit arcs), in
// the network and in a clone, and that the summaries AddArc keeps agree
// with a pass over the arcs written here, the list of special arcs too
// until it gives way to manySpecial (every tenth network is large enough).
func TestNetworkStorage(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	many := 0
	for round := range 3000 {
		n := 1 + rng.IntN(5)
		net := NewNetwork(n)
		m := rng.IntN(24)
		if round%10 == 0 {
			m = 300 + rng.IntN(300) // past 64 special arcs and an eighth of them: manySpecial
		}
		arcs := randomArcs(rng, net, m)
		for _, got := range []*Network{net, net.Clone()} {
			require.Equal(t, len(arcs), got.NumArcs())
			deg := make([]int32, n)
			var negInf, negCost, minCost, wideCap bool
			var special []int32
			for a, x := range arcs {
				from, to, low, capa, cost := got.Arc(a)
				require.Equal(t, x, refArc{int64(from), int64(to), low, capa, cost}, "round %d arc %d", round, a)
				deg[x.from]++
				deg[x.to]++
				negCost = negCost || x.cost < 0
				negInf = negInf || (x.cost < 0 && x.capa == Infinite)
				minCost = minCost || x.cost == math.MinInt32
				wideCap = wideCap || (x.capa != Infinite && x.capa-x.low >= math.MaxInt32)
				if x.low != 0 || x.cost < 0 {
					special = append(special, int32(a))
				}
			}
			require.Equal(t, deg, got.deg, "round %d", round)
			require.Equal(t, []bool{negInf, negCost, minCost, wideCap}, []bool{got.negInf, got.negCost, got.minCost, got.wideCap}, "round %d", round)
			if got.manySpecial {
				require.GreaterOrEqual(t, len(special), 64, "round %d", round)
				many++
			} else {
				require.True(t, slices.Equal(special, got.special), "round %d: special %v, want %v", round, got.special, special)
			}
		}
	}
	require.Greater(t, many, 100, "networks with many special arcs")
}

// TestAddUnitArcs checks that a batch of unit arcs refused for a bad tail,
// a bad head or a cost beyond MaxCost anywhere in it adds nothing and
// returns the error AddArc returns for the first arc it refuses, and that
// a good batch, inside the leading run of unit arcs and after it, leaves
// the network as AddArc one arc at a time does.
func TestAddUnitArcs(t *testing.T) {
	build := func() *Network {
		net := NewNetwork(4)
		net.Grow(8)
		_, err := net.AddArc(0, 1, 0, 1, 3)
		require.NoError(t, err)
		return net
	}
	for _, c := range []struct {
		from  int
		to    []int32
		costs []int64
	}{
		{-1, []int32{1, 2}, []int64{0, 0}},
		{4, []int32{1, 9}, []int64{0, 0}},
		{0, []int32{1, 4, 2}, []int64{0, 0, 0}},
		{0, []int32{1, 2, -1}, []int64{0, 0, 0}},
		{0, []int32{1, 2, 3}, []int64{5, MaxCost + 1, 0}},
		{0, []int32{1, 2, 3}, []int64{-MaxCost - 1, 0, 0}},
		{0, []int32{1, 2, 3}, []int64{-1, math.MaxInt32 + 1, -MaxCost - 1}},
		{0, []int32{1, 5, 3}, []int64{0, MaxCost + 1, 0}},
	} {
		net := build()
		first, err := net.AddUnitArcs(c.from, c.to, c.costs)
		require.Error(t, err, "%+v", c)
		require.Equal(t, -1, first)
		require.Equal(t, build(), net, "%+v: the network changed", c)
		var want error
		for i, v := range c.to {
			if _, want = build().AddArc(c.from, int(v), 0, 1, c.costs[i]); want != nil {
				break
			}
		}
		require.Equal(t, want.Error(), err.Error(), "%+v", c)
		require.Equal(t, errors.Is(want, ErrOverflow), errors.Is(err, ErrOverflow), "%+v", c)
	}
	require.Panics(t, func() { _, _ = build().AddUnitArcs(0, []int32{1}, nil) })

	for _, pre := range [][3]int64{{1, 0, 2}, {5, 0, 2}, {1, -2, 2}, {1, 0, math.MaxInt32 + 1}} {
		for _, costs := range [][]int64{nil, {0, 7, math.MaxInt32}, {1, -1, 2}, {math.MinInt32, 0, MaxCost}} {
			net, want := build(), build()
			_, err := net.AddArc(2, 3, 0, pre[0], pre[1])
			require.NoError(t, err)
			_, err = want.AddArc(2, 3, 0, pre[0], pre[1])
			require.NoError(t, err)
			to := []int32{3, 2, 0}[:len(costs)]
			first, err := net.AddUnitArcs(1, to, costs)
			require.NoError(t, err)
			require.Equal(t, 2, first)
			for i, v := range to {
				_, err := want.AddArc(1, int(v), 0, 1, costs[i])
				require.NoError(t, err)
			}
			require.Equal(t, want, net, "after an arc %v, costs %v", pre, costs)
		}
	}
}

// TestMinInt32Cost checks that a cost of MinInt32, whose reverse does not
// fit int32, puts the solver's costs in int64 (the storage check is what
// guards that: on these small networks the optimum comes out right even
// from int32 costs, the reverse's wrapping to MinInt32 cancelling out),
// and that the optimum is right: two units from node 0 to node 1, one over
// the arc of cost MinInt32 (capacity 1), the other over an arc of cost 5;
// and one unit where the reverse of such an arc must carry flow back.
func TestMinInt32Cost(t *testing.T) {
	net := NewNetwork(2)
	net.SetSupply(0, 2)
	net.SetSupply(1, -2)
	for _, c := range []int64{math.MinInt32, 5} {
		if _, err := net.AddArc(0, 1, 0, 1, c); err != nil {
			t.Fatal(err)
		}
	}
	e, err := newEngine(context.Background(), net.Clone(), &Options{}, false)
	require.NoError(t, err)
	require.Nil(t, e.cost32, "a cost of MinInt32 must not be stored in int32 (its reverse overflows)")
	res, err := Solve(context.Background(), net, nil)
	require.NoError(t, err)
	require.Equal(t, int64(math.MinInt32+5), res.Cost)
	require.NoError(t, Check(net, res))

	// The reverse itself carries flow, found by a forward search: the arc
	// 0→1 of cost MinInt32 and capacity 2 starts saturated, which leaves
	// node 1 two units of excess against deficits of one at node 0 and one
	// at node 2 (more deficit nodes than excess ones: the searches go
	// forwards); one unit goes on to 2 over an arc of cost 0, the other
	// back to 0 over the reverse (cost 2^31). The optimum: one unit on
	// each arc, cost MinInt32.
	back := NewNetwork(3)
	back.SetSupply(0, 1)
	back.SetSupply(2, -1)
	for _, a := range []struct{ from, to, capa, cost int64 }{{0, 1, 2, math.MinInt32}, {1, 2, 1, 0}} {
		if _, err := back.AddArc(int(a.from), int(a.to), 0, a.capa, a.cost); err != nil {
			t.Fatal(err)
		}
	}
	res, err = Solve(context.Background(), back, nil)
	require.NoError(t, err)
	require.Equal(t, []int64{1, 1}, res.Flow)
	require.Equal(t, int64(math.MinInt32), res.Cost)
	require.NoError(t, Check(back, res))
}

// TestSetNameOrders names random subsets of nodes in random order and
// checks every name, of the network and of its clone, against a plain
// map (the table starts at the first node named and moves when an earlier
// one is named), and that naming every node from
// the last down allocates a logarithmic number of times, not one a node.
func TestSetNameOrders(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 200 {
		n := 1 + rng.IntN(60)
		net := NewNetwork(n)
		want := map[int]string{}
		for range rng.IntN(2 * n) {
			v := rng.IntN(n)
			want[v] = fmt.Sprintf("n%d-%d", v, rng.IntN(9))
			net.SetName(v, want[v])
		}
		for _, nw := range []*Network{net, net.Clone()} {
			for v := range n {
				w, ok := want[v]
				if !ok {
					w = strconv.Itoa(v + 1)
				}
				if got := nw.Name(v); got != w {
					t.Fatalf("n = %d: Name(%d) = %q, want %q", n, v, got, w)
				}
			}
		}
	}
	allocs := func(n int) float64 {
		return testing.AllocsPerRun(3, func() {
			net := NewNetwork(n)
			for v := n - 1; v >= 0; v-- {
				net.SetName(v, "x")
			}
		})
	}
	// Doubling: 16 times the nodes take 4 more allocations (a table grown
	// by a fixed step would take hundreds more).
	if small, large := allocs(1<<10), allocs(1<<14); large-small > 5 {
		t.Errorf("naming nodes from the last down: %.0f allocations for 1,024 nodes, %.0f for 16,384", small, large)
	}
}
