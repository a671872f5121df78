package flow

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAdmissibleUpdate checks the invariant the incremental admissible graph
// rests on: after every phase's update, the admissible graph holds exactly the
// set of arcs of zero reduced cost that can carry flow one way or the
// other, each once, as a scan of every position finds them, with the
// residual network's capacities; and the max-flow never has to fall back to
// rebuilding it. A missed arc would not make a result wrong (the fallback
// rebuilds the graph), only slower, so Check alone would not notice. Nodes
// running out of room, and the graph's arrays running out of free space,
// are exercised too.
func TestAdmissibleUpdate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	phases, moves, compactions := 0, 0, 0
	defer func(m int) { zeroFreeMin = m }(zeroFreeMin)
	for i := range 1500 {
		zeroFreeMin = 64 * (i % 2) // every other network with little free space
		var net *Network
		if i%3 == 0 {
			net = randomPlacement(rng)
		} else {
			net = randomNetwork(rng, 40, 200)
		}
		e, err := newEngine(context.Background(), net, &Options{}, false)
		if err != nil || e.negInfCycle != nil {
			continue
		}
		e.afterUpdate = func() {
			phases++
			if got, want := zeroSet(e), scanZero(e); !slices.Equal(got, want) {
				t.Fatalf("network %d, phase %d: zero-arc list %v, scan finds %v", i, e.phases, got, want)
			}
		}
		err = e.run()
		var ie *InfeasibleError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("network %d: %v", i, err)
		}
		if e.rebuilds != 0 {
			t.Fatalf("network %d: the admissible graph was rebuilt %d times", i, e.rebuilds)
		}
		moves += e.moves
		compactions += e.compactions
	}
	if moves < 100 || compactions < 10 {
		t.Fatalf("only %d nodes ran out of room, and the graph was laid out afresh %d times", moves, compactions)
	}
	if phases < 3000 {
		t.Fatalf("only %d phases checked", phases)
	}
}

// zeroSet lists the arcs of the admissible graph as sorted position pairs
// (smaller first), after checking that its entries are consistent: each
// entry's reverse is the entry of the reverse position at the other end,
// and its head, with its flag, and residual capacity are the residual
// network's.
func zeroSet(e *engine) [][2]int32 {
	var s [][2]int32
	bad := append(s, [2]int32{-1, -1})
	for v := range int32(e.n) {
		if sp := e.zs[v]; sp.beg > sp.end || sp.end > sp.cap {
			return bad
		}
		for k := e.zs[v].beg; k < e.zs[v].end; k++ {
			r := e.zrev[k]
			p, q := e.zpos[k], e.zpos[r]
			// (zhead[k] carries head[p]'s rresBit too: whether the arc
			// into v has residual capacity.)
			if e.rev.get(p) != q || e.zrev[r] != k || e.head[p] != e.zhead[k] ||
				e.zhead[r]&headMask != v || e.zresidAt(k) != e.residAt(p) {
				return bad
			}
			if p < q {
				s = append(s, [2]int32{p, q})
			}
		}
	}
	slices.SortFunc(s, func(a, b [2]int32) int { return int(a[0] - b[0]) })
	return s
}

// scanZero finds the arcs of zero reduced cost by checking every position.
func scanZero(e *engine) [][2]int32 {
	var s [][2]int32
	for v := range int32(e.n) {
		for p := e.start[v]; p < e.start[v+1]; p++ {
			var c int64
			if e.cost32 != nil {
				c = int64(e.cost32[p])
			} else {
				c = e.cost[p]
			}
			x, r := e.head[p]&headMask, e.rev.get(p)
			if !(e.rres(p) || e.rres(r)) {
				continue // no capacity either way: never admissible
			}
			if p < r && c+e.pot[v] == e.pot[x] {
				s = append(s, [2]int32{p, r})
			}
		}
	}
	slices.SortFunc(s, func(a, b [2]int32) int { return int(a[0] - b[0]) })
	return s
}

// randomPlacement is a small placement-shaped network: students with supply
// 1 ranking a few positions, an unplaced arc to the sink, positions with
// seats, one sink (so that the searches run backwards).
func randomPlacement(rng *rand.Rand) *Network {
	S, P := 2+rng.IntN(30), 1+rng.IntN(8)
	K := 1 + rng.IntN(P)
	net := NewNetwork(S + P + 1)
	sink := S + P
	for s := range S {
		net.SetSupply(s, 1)
		for r, j := range rng.Perm(P)[:K] {
			if _, err := net.AddArc(s, S+j, 0, 1, int64(r+1)); err != nil {
				panic(err)
			}
		}
		if _, err := net.AddArc(s, sink, 0, 1, int64(K+1)); err != nil {
			panic(err)
		}
	}
	for j := range P {
		if _, err := net.AddArc(S+j, sink, 0, 1+rng.Int64N(4), 0); err != nil {
			panic(err)
		}
	}
	net.SetSupply(sink, -int64(S))
	return net
}
