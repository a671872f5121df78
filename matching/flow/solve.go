package flow

import (
	"context"
	"fmt"
	"math/bits"
	"runtime"
)

// Algorithm selects the method Solve uses. Both are exact.
type Algorithm int

const (
	// PrimalDual (the default) alternates a shortest-path computation
	// (Dijkstra over bucket queues, heap for large distances) with a Dinic
	// maximum flow on the arcs of zero reduced cost. See the package doc.
	PrimalDual Algorithm = iota
	// SuccessiveShortestPaths augments along a single shortest path after
	// each shortest-path computation. It is kept for comparison and testing;
	// it is much slower on large networks.
	SuccessiveShortestPaths
)

// Options configures Solve. A nil *Options, or the zero Options, means the
// defaults documented on each field.
type Options struct {
	// Algorithm to use. Zero value: PrimalDual.
	Algorithm Algorithm
	// Progress, if non-nil, is called after each phase (one shortest-path
	// computation and the augmentations that follow it), from the goroutine
	// that called Solve. Zero value: no progress reports.
	Progress func(Progress)
	// Released tells Solve that the caller keeps no reference to the
	// network: Solve then runs one garbage collection once it has its own
	// copy of a network of 4 Mi arcs or more (see Solve). Zero value: no
	// collection.
	Released bool
}

// Progress is reported at the end of every phase.
type Progress struct {
	Phase     int   // 1-based phase number
	Distance  int64 // length of the shortest augmenting paths of this phase, in reduced costs
	Remaining int64 // units of supply still to be routed
}

// Result is an optimal solution with its certificate.
type Result struct {
	// Flow[a] is the flow on arc a.
	Flow []int64
	// Cost is Σ Flow[a]·cost(a), the optimal objective.
	Cost int64
	// Potential[v] is the dual value of node v. The reduced cost of arc a
	// from u to v is cost(a) + Potential[u] − Potential[v]; every arc with a
	// positive reduced cost carries its lower bound and every arc with a
	// negative one carries its capacity (complementary slackness), which
	// proves Flow optimal. Check verifies this.
	Potential []int64
	// Phases is the number of phases: shortest-path computations that
	// found an augmenting path, each followed by a max-flow.
	Phases int
	// Rounds is the number of max-flow rounds (Dinic level graphs) over
	// all phases.
	Rounds int
}

// ReducedCost returns cost(a) + Potential[from] − Potential[to] for arc a of
// net, the network r solves, with ok false if it overflows int64.
func (r *Result) ReducedCost(net *Network, a int) (rc int64, ok bool) {
	from, to, _, _, cost := net.Arc(a)
	s, ok1 := add64(cost, r.Potential[from])
	d, ok2 := sub64(s, r.Potential[to])
	return d, ok1 && ok2
}

// Solve finds a minimum-cost flow of net: a flow meeting every bound and
// supply whose total cost Σ flow·cost is least. It never modifies net and is
// deterministic: the same network and options give the same Result, flows and
// potentials included (ties between equally short paths are broken by node
// and arc index, through the order in which they are scanned).
//
// Outcomes: a *Result and nil; or nil and an error that is (errors.Is)
// ErrInfeasible, as *InfeasibleError with a cut that proves it; ErrUnbounded,
// as *UnboundedError with a negative cycle of Infinite capacity (reported only
// when a feasible flow exists); ErrOverflow, when a quantity would leave int64
// or the documented limits (MaxCost, potentials within ±2^60); or ctx.Err()
// if ctx is cancelled (checked every few thousand steps).
//
// Complexity with the default algorithm: O(P·(m + n·log n + F)) time, where P
// is the number of phases (at most the number of distinct shortest-path
// lengths met, never more than the total supply U; on placement networks with
// ranks 1..k, about k+2) and F the cost of a Dinic max flow restricted to the
// zero-reduced-cost arcs, O(n²m) in the worst case, O(m·√n) on unit networks;
// the searches usually cover only part of the network (see the package doc).
// If some arc of Infinite capacity has a negative cost, a Bellman–Ford pass of
// O(n·m) comes first. Memory on top of the network and the result: 24 bytes
// per arc when costs, capacities and the total supply fit in int32 (up to 40
// otherwise), 4 more (5) for free space in the admissible graph, about 40
// (50) per arc of zero reduced cost, and about 110 per node.
//
// Solve keeps no reference to net beyond the arcs' tails, lower bounds and
// the node names once it has laid out its own residual copy. With
// opts.Released and at least 4 Mi arcs, Solve then runs one garbage
// collection (runtime.GC), so that a caller that has let go of net (as the
// optimal allocation of package matching does) gets its heads, capacities
// and costs back before the solver's own allocations: at that size the
// live heap is large, and Go's pacer would not collect again before it had
// doubled, so that garbage would add to the peak (about 0.25 GB of the
// 1,000,000-student network's, for a tenth of a second).
func Solve(ctx context.Context, net *Network, opts *Options) (*Result, error) {
	if opts == nil {
		opts = &Options{}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e, err := newEngine(ctx, net, opts, false)
	if err != nil {
		return nil, err
	}
	if cyc := e.negInfCycle; cyc != nil {
		// Unbounded only if a feasible flow exists: test with zero costs.
		z, err := newEngine(ctx, net, opts, true)
		if err != nil {
			return nil, err
		}
		if err := z.run(); err != nil {
			return nil, err
		}
		ue := &UnboundedError{Cycle: cyc}
		var total int64
		for _, a := range cyc {
			ue.Names = append(ue.Names, net.Name(int(net.from[a])))
			var ok bool
			if total, ok = add64(total, net.costAt(a)); !ok {
				return nil, overflowf("cost of the unbounded cycle exceeds int64")
			}
		}
		ue.Cost = total
		return nil, ue
	}
	if opts.Released && len(e.from) >= collectArcs {
		runtime.GC() // net is dead here: see the doc comment
	}
	if err := e.run(); err != nil {
		return nil, err
	}
	return e.result()
}

// collectArcs is the size of network after whose layout Solve runs a
// garbage collection (see Solve). A test lowers it.
var collectArcs = 1 << 22

func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

func sub64(a, b int64) (int64, bool) {
	d := a - b
	return d, (d < a) == (b > 0)
}

// mulAdd returns acc + x·y with ok false on int64 overflow.
func mulAdd(acc, x, y int64) (int64, bool) {
	neg := (x < 0) != (y < 0)
	ux, uy := abs64(x), abs64(y)
	hi, lo := bits.Mul64(ux, uy)
	if hi != 0 || lo > 1<<63 || (lo == 1<<63 && !neg) {
		return 0, false
	}
	var p int64
	if neg {
		p = int64(-lo) // two's complement; lo ≤ 2^63
	} else {
		p = int64(lo)
	}
	if x == 0 || y == 0 {
		p = 0
	}
	return add64(acc, p)
}

func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

func overflowf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrOverflow}, args...)...)
}
