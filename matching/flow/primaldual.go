package flow

import (
	"context"
	"fmt"
	"math"
	"slices"
	"unsafe"
)

// Internal limits: potentials stay within ±potLimit and tentative distances
// within distLimit, so that cost + pot[u] − pot[v] (≤ 3·2^60) and d + that
// (≤ 5·2^60) never overflow int64 in the inner loops.
const (
	potLimit  int64 = 1 << 60
	distLimit int64 = 1 << 61
	// initBuckets is how many Dial buckets a solve starts with, and
	// numBuckets how many it may grow to; larger tentative distances
	// go to a binary heap.
	initBuckets = 1 << 6
	numBuckets  = 1 << 12
	// checkEvery is how many inner steps pass between ctx checks.
	checkEvery = 1 << 12
)

// engine holds the residual network in compressed sparse row form: the
// residual arcs leaving node v occupy positions start[v]..start[v+1]-1, in
// increasing order of arc index (forward and backward copies interleaved as
// the arcs come). Position p leads to node head[p]&headMask, has residual
// capacity resid[p] and cost cost[p]; rev gives the position of the same arc
// at the other end, and the sign bit of head[p] (rresBit) whether that
// reverse position has residual capacity (what a backward search needs).
// The positions of an arc a are found by replaying the construction (arc by
// arc, next[tail]++ then next[head]++).
type engine struct {
	ctx  context.Context
	net  *Network // nil once the residual network is laid out (see newEngine)
	opts *Options
	n    int

	// What result and infeasible still need of the network once it is
	// laid out: the arcs' tails, lower bounds and the node names. The
	// rest of the network (heads, capacities, costs: 8 to 20 bytes an
	// arc) can be collected while the solver runs if the caller lets go of
	// it.
	from    []int32
	low     []int64 // the network's lower bounds, of arcs lowFrom on (see Network)
	lowFrom int
	names   nodeNames

	start   []int32
	head    []int32  // head node of each position, with rresBit (see headMask)
	rev     revTable // the position of the same arc at the other end of each position
	resid   []int64  // nil when resid32 is used
	resid32 []int32  // residual capacities when all fit in int32 (MaxInt32 = Infinite), else nil
	cost    []int64  // nil when cost32 is used
	cost32  []int32  // costs when all fit in int32, else nil

	pot    []int64 // potentials
	dist   []int64 // tentative distances (Dijkstra), MaxInt64 when unset
	excess []int64
	// src[v] is excess[v] > 0, what the backward searches ask of every
	// node they label: n bytes stay in the L1 cache, 8n do not.
	src []bool

	zeroCost    bool  // solve with all costs zero (feasibility test)
	negInfCycle []int // set by newEngine when unbounded (pending a feasibility test)

	// Dijkstra.
	touched []int32
	settled []int32
	// cand lists, as (node, position) pairs, the residual positions a
	// search relaxed at a distance no further than the nearest target,
	// whose reduced cost was positive: the only arcs its potential update
	// can bring to zero (updateZero adds those that reach it). The backward
	// search leaves out those beyond their other end's tentative distance,
	// which can only fall (the update brings an arc to zero only if its
	// relaxation ties the other end's final distance, or D). A search before the first update of
	// the admissible graph, which scans every node, lists none. It grows by
	// doubling (growCand): append's gentler growth for large slices would
	// leave about four times its final size behind as garbage.
	cand    []int32
	buckets [][]int32
	heap    distHeap

	// Dinic, on the zero-reduced-cost subgraph (see admissible).
	zs          []zspan // node v's entries and current entry (nil before the first update)
	zpos        []int32
	zhead       []int32
	zrev        []int32
	zresid      []int64 // nil when zresid32 is used
	zresid32    []int32 // the entries' residual capacities when resid32 is used (MaxInt32 = Infinite)
	dirty       []int32 // entries whose residual capacity changed (with their reverses)
	zfull       bool    // the admissible graph comes from a scan of every node, not an update
	rebuilds    int     // times an update missed an arc and the graph was rebuilt (never seen)
	ztop        int32   // the first entry of the free space after the last node's
	moves       int     // times a node's entries were moved to make room
	compactions int     // times the admissible graph was laid out afresh for lack of free space
	afterUpdate func()  // tests: called after every update of the admissible graph
	level       []int32
	queue       []int32 // the nodes a level-graph search labelled, in order (n long)
	qsrc, qend  int     // queue[qsrc:qend]: the labelled nodes at the source level
	lbase       int32   // the base of the next search's levels (see newLevels)
	lcur        int32   // the base of the last search's levels
	stack       []int32 // zpos indices of the current path
	tails       []int32 // their tails
	sources     []int32 // nodes with excess, in node order
	sinks       []int32 // nodes with a deficit, in node order
	nsrc, nsink int     // how many nodes have excess, and a deficit
	back        bool    // this phase searches backwards, from the deficits

	steps  int
	phases int
	rounds int // Dinic rounds, all phases
}

// A position's head node and whether its reverse has residual capacity
// share the position's int32 in engine.head: node indices stay below 2^30
// (MaxNodes), so the sign bit is free for the flag, and a backward search
// reads one array, not two (a separate []bool took 2 bytes an arc).
const (
	headMask int32 = math.MaxInt32 // head[p] & headMask is the head node
	rresBit  int32 = math.MinInt32 // set in head[p]: the reverse of p has residual capacity
)

// rres reports whether the reverse of position p has residual capacity.
func (e *engine) rres(p int32) bool { return e.head[p] < 0 }

// setRres records whether the reverse of position p has residual capacity.
func (e *engine) setRres(p int32, ok bool) {
	h := e.head[p] & headMask
	if ok {
		h |= rresBit
	}
	e.head[p] = h
}

func newEngine(ctx context.Context, net *Network, opts *Options, zeroCost bool) (*engine, error) {
	n, m := net.NumNodes(), net.NumArcs()
	e := &engine{ctx: ctx, net: net, opts: opts, n: n, zeroCost: zeroCost}
	e.pot, e.dist = make([]int64, n), make([]int64, n)
	for i := range e.dist {
		e.dist[i] = math.MaxInt64
	}
	from, to := net.from, net.to[:m]

	// What the arcs need, from the network's summaries (see Network):
	// Bellman–Ford when an arc of infinite capacity has a negative cost;
	// initial flows away from zero when an arc has a lower bound or a
	// negative cost; int32 storage for costs, and for residual capacities
	// when every finite one is below MaxInt32.
	needBF, moved := net.negInf, net.low != nil || net.negCost
	small, fits32 := net.cost == nil && !net.minCost, !net.wideCap
	if zeroCost {
		needBF, moved, small = false, net.low != nil, true
	}

	// Feasible potentials: Bellman–Ford over the arcs of infinite capacity
	// when one of them has a negative cost.
	if needBF {
		cyc, err := e.bellmanFord()
		if err != nil {
			return nil, err
		}
		if cyc != nil {
			e.negInfCycle = cyc
			return e, nil
		}
	}

	// Initial flows and excesses. Every arc starts at its lower bound, or at
	// its capacity if its reduced cost is negative (finite then:
	// Bellman–Ford made the infinite arcs' reduced costs ≥ 0), so that every
	// residual arc has a non-negative reduced cost. Only the network's
	// special arcs can start away from zero, unless Bellman–Ford moved the
	// potentials; without lower bounds and negative costs every arc starts
	// empty.
	e.excess = make([]int64, n)
	copy(e.excess, net.supply)
	pot := e.pot
	initial := func(a int) error {
		u, v := from[a], to[a]
		low, capa := net.Low(a), net.capAt(a)
		neg := !zeroCost && net.costAt(a)+pot[u]-pot[v] < 0
		if low == 0 && (capa == 0 || !neg) {
			return nil
		}
		start := low
		if neg {
			start = capa
		}
		var ok1, ok2 bool
		e.excess[u], ok1 = sub64(e.excess[u], start)
		e.excess[v], ok2 = add64(e.excess[v], start)
		if !ok1 || !ok2 {
			return overflowf("supplies plus lower bounds at node %s", net.Name(int(u)))
		}
		return nil
	}
	switch {
	case !moved:
	case needBF || net.manySpecial:
		for a := range m {
			if err := initial(a); err != nil {
				return nil, err
			}
		}
	default:
		for _, a := range net.special {
			if err := initial(int(a)); err != nil {
				return nil, err
			}
		}
	}
	// Total excess and total deficit must fit: flows and shortfalls stay
	// below them. The flow on an arc of infinite capacity never exceeds the
	// total excess (every augmenting path is simple).
	var total, totalNeg int64
	for v := 0; v < n; v++ {
		var ok bool
		if x := e.excess[v]; x > 0 {
			total, ok = add64(total, x)
		} else {
			totalNeg, ok = add64(totalNeg, -x)
		}
		if !ok || e.excess[v] == math.MinInt64 {
			return nil, overflowf("total supply or demand exceeds int64")
		}
	}
	if total >= math.MaxInt32 {
		fits32 = false
	}

	e.start = make([]int32, n+1)
	for v, d := range net.deg {
		e.start[v+1] = e.start[v] + d
	}
	e.head = make([]int32, 2*m)
	e.rev = make(revTable, 2*m)
	e.level = make([]int32, n)
	for i := range e.level {
		e.level[i] = -1 // BFS level (Dinic): unset below the search's base (see newLevels), -2 dead
	}
	if fits32 {
		e.resid32 = make([]int32, 2*m)
	} else {
		e.resid = make([]int64, 2*m)
	}
	if small {
		e.cost32 = make([]int32, 2*m)
	} else {
		e.cost = make([]int64, 2*m)
	}
	var err error
	switch {
	case small && fits32:
		err = layOut(e, e.cost32, e.resid32, math.MaxInt32, moved, needBF)
	case small:
		err = layOut(e, e.cost32, e.resid, Infinite, moved, needBF)
	case fits32:
		err = layOut(e, e.cost, e.resid32, math.MaxInt32, moved, needBF)
	default:
		err = layOut(e, e.cost, e.resid, Infinite, moved, needBF)
	}
	if err != nil {
		return nil, err
	}
	e.from, e.low, e.lowFrom, e.names = net.from[:m], net.low, net.lowFrom, net.names
	e.net = nil
	return e, nil
}

// layOut fills the residual network, arc by arc: arc a from u to v takes
// the next free positions pf of u and pb of v. Its residual capacity goes
// to pf, or to pb if the arc starts saturated (moved: only if some arc has
// a negative reduced cost; with needBF, reduced by the potentials
// Bellman–Ford set, else by zero ones). inf stands for Infinite in R.
func layOut[C, R int32 | int64](e *engine, cost []C, resid []R, inf R, moved, needBF bool) error {
	net := e.net
	m := len(net.from)
	next := make([]int32, e.n)
	copy(next, e.start[:e.n])
	// Without Bellman–Ford, only an arc of negative cost can start
	// saturated; without one, the leading run of unit arcs takes a loop
	// that need not ask.
	sat := needBF || (moved && net.negCost && !e.zeroCost)
	for lo := 0; lo < m; lo += layOutChunk {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		// The chunk in runs that start and end at the end of the leading
		// run of unit arcs and at the first lower bound.
		hi := min(lo+layOutChunk, m)
		for a := lo; a < hi; {
			b := hi
			if a < net.ones {
				b = min(b, net.ones)
			}
			var lows []int64
			switch {
			case net.low == nil:
			case a < net.lowFrom:
				b = min(b, net.lowFrom)
			default:
				lows = net.low[a-net.lowFrom : b-net.lowFrom]
			}
			units := a < net.ones && lows == nil && !sat && !e.zeroCost
			switch {
			case units && net.cost != nil:
				layOutUnits(e, next, cost, resid, net.cost, a, b)
			case units:
				layOutUnits(e, next, cost, resid, net.cost32, a, b)
			case e.zeroCost:
				layOutArcs(e, next, cost, resid, []int32(nil), lows, a, b, inf, moved, needBF)
			case net.cost != nil:
				layOutArcs(e, next, cost, resid, net.cost, lows, a, b, inf, moved, needBF)
			default:
				layOutArcs(e, next, cost, resid, net.cost32, lows, a, b, inf, moved, needBF)
			}
			a = b
		}
	}
	return nil
}

// layOutChunk is how many arcs layOut lays out between ctx checks.
const layOutChunk = 1 << 20

// layOutArcs is layOut for arcs lo..hi-1, whose costs are in src (the
// network's cost or cost32; nil for zero costs) and whose lower bounds are
// lows (from arc lo on; nil for zero), with the free positions of next.
// It calls nothing, so that the loop keeps more of its values in
// registers, and gives the arrays it indexes by position (2m long) one
// length, and those it indexes by node another, so that one bounds check
// serves each index.
func layOutArcs[C, R, S int32 | int64](e *engine, next []int32, cost []C, resid []R, src []S, lows []int64, lo, hi int, inf R, moved, needBF bool) {
	net := e.net
	from := net.from[lo:hi]
	to := net.to[lo:hi][:len(from)]
	if lows != nil {
		lows = lows[:len(from)]
	}
	if src != nil {
		src = src[lo:hi][:len(from)]
	}
	head := e.head
	rev, cost, resid := e.rev[:len(head)], cost[:len(head)], resid[:len(head)]
	pot := e.pot[:len(next)]
	for i, u := range from {
		v := to[i]
		pf := next[u]
		next[u] = pf + 1
		pb := next[v]
		next[v] = pb + 1
		rev[pf], rev[pb] = pb, pf
		var c int64
		if src != nil {
			c = int64(src[i])
		}
		cost[pf], cost[pb] = C(c), C(-c)
		r := inf
		if q := net.capAt(lo + i); q != Infinite {
			if lows != nil {
				q -= lows[i]
			}
			r = R(q)
		}
		hf, hb := v, u
		if moved && (c < 0 || needBF) && c+pot[u]-pot[v] < 0 { // saturated (see newEngine)
			resid[pb] = r
			if r > 0 {
				hf |= rresBit
			}
		} else {
			resid[pf] = r
			if r > 0 {
				hb |= rresBit
			}
		}
		head[pf], head[pb] = hf, hb
	}
}

// layOutUnits is layOutArcs for arcs lo..hi-1 of the leading run of unit
// capacities when none has a lower bound or starts saturated: each leaves
// a residual capacity of 1 at its forward position. It keeps fewer values
// across the loop.
func layOutUnits[C, R, S int32 | int64](e *engine, next []int32, cost []C, resid []R, src []S, lo, hi int) {
	net := e.net
	from := net.from[lo:hi]
	to := net.to[lo:hi][:len(from)]
	src = src[lo:hi][:len(from)]
	head := e.head
	rev, cost, resid := e.rev[:len(head)], cost[:len(head)], resid[:len(head)]
	for i, u := range from {
		v := to[i]
		pf := next[u]
		next[u] = pf + 1
		pb := next[v]
		next[v] = pb + 1
		rev[pf], rev[pb] = pb, pf
		c := int64(src[i])
		cost[pf], cost[pb] = C(c), C(-c)
		resid[pf] = 1
		head[pf], head[pb] = v, u|rresBit
	}
}

// revTable gives, for each residual position, the position of the same arc
// at its other end. Its 2m int32 entries take the 8m bytes that the
// Result's Flow needs at the end, and become it (see words and result): the
// table costs no memory beyond the result's own 8 bytes per arc, which
// keeps 168 MB off the peak of the 1,000,000-student network.
type revTable []int32

func (t revTable) get(p int32) int32 { return t[p] }

// words returns the table's memory as m int64 words, for the flows, once
// the positions are no longer needed. Both types hold no pointers, and an
// allocation of 8 bytes or more is 8-byte aligned.
func (t revTable) words() []int64 {
	if len(t) == 0 {
		return []int64{}
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(t))), len(t)/2)
}

// residAt returns the residual capacity of position p (Infinite for none).
func (e *engine) residAt(p int32) int64 {
	if e.resid32 != nil {
		return wide(e.resid32[p])
	}
	return e.resid[p]
}

// wide is a residual capacity stored in int32 (MaxInt32 for Infinite) as
// an int64.
func wide(r int32) int64 {
	if r == math.MaxInt32 {
		return Infinite
	}
	return int64(r)
}

// bellmanFord computes potentials (shortest distances from a virtual source
// joined to every node by a zero arc) over the arcs of infinite capacity, or
// returns a negative cycle among them. O(n·m).
func (e *engine) bellmanFord() ([]int, error) {
	net := e.net
	n, m := e.n, net.NumArcs()
	d := make([]int64, n) // all zero
	defer func() { copy(e.pot, d) }()
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = -1
	}
	const bfLimit = 1 << 62
	for pass := 0; pass <= n; pass++ {
		changed := false
		for a := 0; a < m; a++ {
			if net.capAt(a) != Infinite {
				continue
			}
			if err := e.tick(); err != nil {
				return nil, err
			}
			u, v := net.from[a], net.to[a]
			nd := d[u] + net.costAt(a)
			if nd >= d[v] {
				continue
			}
			d[v] = nd
			parent[v] = int32(a)
			changed = true
			if pass == n || nd < -bfLimit {
				// Distances still falling after n passes, or falling
				// beyond any potential we can represent: look for a
				// cycle in the parent graph (every such cycle is negative).
				if cyc := parentCycle(net, parent, int(v)); cyc != nil {
					return cyc, nil
				}
				if nd < -bfLimit {
					return nil, overflowf("potentials beyond ±2^60")
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, x := range d {
		if x < -potLimit {
			return nil, overflowf("potentials beyond ±2^60")
		}
	}
	return nil, nil
}

// parentCycle follows parent arcs back from v and returns the cycle it runs
// into, if any, as arc indices in forward order starting at the smallest
// index (deterministic output).
func parentCycle(net *Network, parent []int32, v int) []int {
	seen := make(map[int]int) // node -> step at which it was visited
	u := v
	for step := 0; ; step++ {
		if _, ok := seen[u]; ok {
			break
		}
		seen[u] = step
		if parent[u] < 0 {
			return nil
		}
		u = int(net.from[parent[u]])
	}
	var cyc []int
	for w := u; ; {
		a := int(parent[w])
		cyc = append(cyc, a)
		w = int(net.from[a])
		if w == u {
			break
		}
	}
	slices.Reverse(cyc)
	k := 0
	for i, a := range cyc {
		if a < cyc[k] {
			k = i
		}
	}
	return append(cyc[k:], cyc[:k]...)
}

func (e *engine) tick() error {
	e.steps++
	if e.steps&(checkEvery-1) == 0 {
		return e.ctx.Err()
	}
	return nil
}

// run routes all excess to the deficits, phase by phase.
func (e *engine) run() error {
	n := e.n
	e.buckets = make([][]int32, initBuckets) // grown as far distances come (see bucketQueue.grow)
	// The lists that can hold every node are made to size: grown by
	// append, a million-node list leaves four times its size behind.
	ns, nt := 0, 0
	for _, x := range e.excess {
		if x > 0 {
			ns++
		} else if x < 0 {
			nt++
		}
	}
	e.sources, e.sinks = make([]int32, 0, ns), make([]int32, 0, nt)
	e.src = make([]bool, n)
	for v := 0; v < n; v++ {
		if e.excess[v] > 0 {
			e.sources = append(e.sources, int32(v))
			e.src[v] = true
		} else if e.excess[v] < 0 {
			e.sinks = append(e.sinks, int32(v))
		}
	}
	e.queue = make([]int32, n) // a search labels each node once
	e.nsrc, e.nsink = len(e.sources), len(e.sinks)
	for {
		if e.nsrc == 0 {
			// All supply routed; any deficit left is infeasibility.
			for v := 0; v < n; v++ {
				if e.excess[v] < 0 {
					return e.infeasible(false)
				}
			}
			return nil
		}
		// Search from the side with fewer terminals: on placement
		// networks, backwards from the one sink rather than forwards from
		// thousands of students, most of whom are stuck behind full
		// positions late in the solve.
		e.back = e.nsink <= e.nsrc
		// Drop exhausted sources and satisfied sinks (keeps their order:
		// deterministic); the sources only when a forward search is to
		// start from them (the searches skip them otherwise).
		if !e.back {
			k := 0
			for _, s := range e.sources {
				if e.excess[s] > 0 {
					e.sources[k] = s
					k++
				}
			}
			e.sources = e.sources[:k]
		}
		j := 0
		for _, t := range e.sinks {
			if e.excess[t] < 0 {
				e.sinks[j] = t
				j++
			}
		}
		e.sinks = e.sinks[:j]
		D, found, err := e.dijkstra()
		if err != nil {
			return err
		}
		if !found {
			for v := 0; v < n; v++ {
				if e.excess[v] < 0 {
					return e.infeasible(false)
				}
			}
			return e.infeasible(true)
		}
		e.phases++
		if err := e.maxflow(D); err != nil {
			return err
		}
		if e.opts.Progress != nil {
			var rem int64
			for _, s := range e.sources {
				if e.excess[s] > 0 {
					rem += e.excess[s]
				}
			}
			e.opts.Progress(Progress{Phase: e.phases, Distance: D, Remaining: rem})
		}
		if err := e.ctx.Err(); err != nil {
			return err
		}
	}
}

// dijkstra computes shortest distances in reduced costs from the set of
// excess nodes over residual arcs, until every node closer than the nearest
// deficit node, at distance D, is settled (relaxations that do not beat D
// are skipped), and updates the potentials so that every shortest path to
// it has zero reduced cost: pot[v] += d(v) − D for every node settled with
// d(v) < D. It reports whether a deficit node was reachable. With e.back it
// searches backwards instead (see dijkstraBackWith).
func (e *engine) dijkstra() (int64, bool, error) {
	if e.back {
		if e.cost32 != nil {
			return dijkstraBackWith(e, e.cost32)
		}
		return dijkstraBackWith(e, e.cost)
	}
	switch {
	case e.cost32 != nil && e.resid32 != nil:
		return dijkstraWith(e, e.cost32, e.resid32)
	case e.cost32 != nil:
		return dijkstraWith(e, e.cost32, e.resid)
	case e.resid32 != nil:
		return dijkstraWith(e, e.cost, e.resid32)
	}
	return dijkstraWith(e, e.cost, e.resid)
}

// dijkstraWith is dijkstra over costs stored as C and residual capacities
// stored as R: int32 when every value fits (half the memory), else int64.
func dijkstraWith[C, R int32 | int64](e *engine, cost []C, resid []R) (int64, bool, error) {
	pot, dist := e.pot, e.dist
	excess := e.excess
	start := e.start
	head := e.head
	e.startSearch(e.sources)
	q := bucketQueue{e: e, b: e.buckets}
	best := int64(math.MaxInt64) // least tentative distance of a target
	clipped := false
	listCand := e.zs != nil // else the admissible graph is built by a full scan
	for {
		v, d, ok := q.pop(best)
		if !ok {
			break
		}
		if d != dist[v] {
			continue // stale entry
		}
		e.settled = append(e.settled, v)
		if err := e.tick(); err != nil {
			return 0, false, err
		}
		dc := d // a relaxation to nd > dc is a candidate
		if !listCand {
			dc = math.MaxInt64
		}
		pv := pot[v] + d // fold d into the potential: nd = cost + pv − pot[w]
		lo, hi := start[v], start[v+1]
		rs, hs, cs := resid[lo:hi], head[lo:hi], cost[lo:hi]
		hs, cs = hs[:len(rs)], cs[:len(rs)] // one bounds check, not three per arc
		for i, r := range rs {
			if r == 0 {
				continue
			}
			w := hs[i] & headMask
			nd := int64(cs[i]) + pv - pot[w]
			if nd >= best || nd >= dist[w] {
				if nd <= best && nd > dc {
					e.addCand(v, lo+int32(i))
				}
				continue
			}
			if nd > dc {
				e.addCand(v, lo+int32(i))
			}
			if nd > distLimit {
				clipped = true
				continue
			}
			if excess[w] < 0 {
				// A target: it need not be settled, nor anything as far.
				best = nd
				continue
			}
			if dist[w] == math.MaxInt64 {
				e.touched = append(e.touched, w)
			}
			dist[w] = nd
			if nd >= int64(len(q.b)) && nd < numBuckets {
				q.grow(nd)
			}
			if nd < int64(len(q.b)) { // (a push written out: as a call, not inlined, it slowed dense networks)
				q.b[nd] = append(q.b[nd], w)
				q.max = max(q.max, int(nd))
			} else {
				e.heap.push(heapItem{nd, w})
			}
		}
	}
	return e.endSearch(best, q.cur, q.max, clipped)
}

// addCand lists position p of node v as a candidate (see engine.cand).
func (e *engine) addCand(v, p int32) {
	if len(e.cand)+2 > cap(e.cand) {
		e.growCand()
	}
	e.cand = append(e.cand, v, p)
}

// growCand doubles the room of e.cand, starting from two entries a node.
func (e *engine) growCand() {
	e.cand = slices.Grow(e.cand, max(cap(e.cand), 2*e.n, 2))
}

// bucketQueue is the priority queue of a search: Dial's buckets for
// distances below numBuckets, the engine's heap beyond; cur is the lowest
// bucket that may be non-empty and max the highest used.
type bucketQueue struct {
	e        *engine
	b        [][]int32 // e.buckets
	cur, max int
}

// pop removes a node of least tentative distance below best and returns it
// with that distance; ok is false when there is none.
func (q *bucketQueue) pop(best int64) (v int32, d int64, ok bool) {
	buckets := q.b
	for q.cur <= q.max && len(buckets[q.cur]) == 0 {
		q.cur++
	}
	if q.cur <= q.max {
		if int64(q.cur) >= best {
			return 0, 0, false
		}
		bk := buckets[q.cur]
		buckets[q.cur] = bk[:len(bk)-1]
		return bk[len(bk)-1], int64(q.cur), true
	}
	if h := q.e.heap; len(h) > 0 && h[0].d < best {
		it := q.e.heap.pop()
		return it.v, it.d, true
	}
	return 0, 0, false
}

// grow lengthens the buckets (and e.buckets) past bucket d < numBuckets, at
// least doubling them: a solve whose distances stay small (D = 1 in most
// phases on placement networks) never allocates, and the garbage collector
// never scans, the 4,096 slice headers (96 KiB) of all of them.
func (q *bucketQueue) grow(d int64) {
	n := min(numBuckets, max(2*len(q.b), int(d)+1))
	b := make([][]int32, n)
	copy(b, q.b)
	q.b, q.e.buckets = b, b
}

// startSearch resets the distances of the previous search and puts the
// terminals in bucket 0.
func (e *engine) startSearch(terminals []int32) {
	dist := e.dist
	for _, v := range e.touched {
		dist[v] = math.MaxInt64
	}
	e.touched = e.touched[:0]
	e.settled = e.settled[:0]
	e.cand = e.cand[:0]
	e.heap = e.heap[:0]
	b0 := e.buckets[0][:0]
	for _, s := range terminals {
		dist[s] = 0
		b0 = append(b0, s)
		e.touched = append(e.touched, s)
	}
	e.buckets[0] = b0
}

// endSearch empties the buckets from cur to maxBucket and, if a target was
// found at distance D (MaxInt64 if none), moves the potential of every node
// settled at d < D by D − d: down for a forward search, up for a backward
// one.
func (e *engine) endSearch(D int64, cur, maxBucket int, clipped bool) (int64, bool, error) {
	for i := cur; i <= maxBucket; i++ {
		e.buckets[i] = e.buckets[i][:0]
	}
	if D == math.MaxInt64 {
		if clipped {
			return 0, false, overflowf("shortest-path distances beyond 2^61")
		}
		return 0, false, nil
	}
	pot, dist := e.pot, e.dist
	for _, v := range e.settled {
		if d := dist[v]; d < D {
			var p int64
			if e.back {
				p = pot[v] + (D - d)
			} else {
				p = pot[v] - (D - d)
			}
			if p < -potLimit || p > potLimit {
				return 0, false, overflowf("node potentials beyond ±2^60")
			}
			pot[v] = p
		}
	}
	return D, true, nil
}

// dijkstraBackWith is dijkstra searching backwards: distances in reduced
// costs to the set of deficit nodes, over residual arcs (the arc x→v whose
// reverse is position p of v, when rres(p)), until every node closer than
// the nearest excess node, at distance D, is settled. The potential of every
// node settled at d < D is raised by D − d, which gives every shortest path
// from that excess node zero reduced cost and keeps every residual reduced
// cost non-negative (for the arc x→y: rc' = rc − min(d(x), D) +
// min(d(y), D) ≥ 0 since d(x) ≤ rc + d(y)).
func dijkstraBackWith[C int32 | int64](e *engine, cost []C) (int64, bool, error) {
	pot, dist := e.pot, e.dist
	src := e.src
	start := e.start
	head := e.head
	e.startSearch(e.sinks)
	q := bucketQueue{e: e, b: e.buckets}
	best := int64(math.MaxInt64) // least tentative distance of a target
	clipped := false
	listCand := e.zs != nil // else the admissible graph is built by a full scan
	for {
		v, d, ok := q.pop(best)
		if !ok {
			break
		}
		if d != dist[v] {
			continue // stale entry
		}
		e.settled = append(e.settled, v)
		if err := e.tick(); err != nil {
			return 0, false, err
		}
		dc := d // a relaxation to nd > dc is a candidate
		if !listCand {
			dc = math.MaxInt64
		}
		// The arc x→v, reverse of position p, costs −cost[p]; with d
		// folded in: nd = d + (−cost[p] + pot[x] − pot[v]).
		pv := d - pot[v]
		lo, hi := start[v], start[v+1]
		hs, cs := head[lo:hi], cost[lo:hi]
		cs = cs[:len(hs)] // one bounds check, not two per arc
		for i := 0; ; i++ {
			var nd int64
			if i, nd = nextBack(hs, cs, pot, i, pv, best); i >= len(hs) {
				break
			}
			x := hs[i] & headMask
			if nd == best {
				if nd > dc {
					e.addCand(v, lo+int32(i))
				}
				continue
			}
			if dx := dist[x]; nd >= dx {
				// Only one that ties x's tentative distance can get
				// zero reduced cost: one beyond it stays beyond, the
				// distance only falling (see engine.cand).
				if nd > dc && nd == dx {
					e.addCand(v, lo+int32(i))
				}
				continue
			}
			if nd > dc {
				e.addCand(v, lo+int32(i))
			}
			if nd > distLimit {
				clipped = true
				continue
			}
			if src[x] {
				// A target: it need not be settled, nor anything as far.
				best = nd
				continue
			}
			if dist[x] == math.MaxInt64 {
				e.touched = append(e.touched, x)
			}
			dist[x] = nd
			if nd >= int64(len(q.b)) && nd < numBuckets {
				q.grow(nd)
			}
			if nd < int64(len(q.b)) { // (a push written out: as a call, not inlined, it slowed dense networks)
				q.b[nd] = append(q.b[nd], x)
				q.max = max(q.max, int(nd))
			} else {
				e.heap.push(heapItem{nd, x})
			}
		}
	}
	return e.endSearch(best, q.cur, q.max, clipped)
}

// nextBack is dijkstraBackWith's scan of a settled node's positions hs
// (costs cs), from index i: it returns the index of the next position
// whose reverse has residual capacity and whose tentative distance nd =
// pv − cs[i] + pot(tail) is within best, with nd, or len(hs) if there is
// none. Most arcs are not (on the placement networks, over seven in ten),
// and this loop of its own, inlined, leaves them fewer instructions.
func nextBack[C int32 | int64](hs []int32, cs []C, pot []int64, i int, pv, best int64) (int, int64) {
	cs = cs[:len(hs)]
	for ; i < len(hs); i++ {
		h := hs[i]
		if h >= 0 {
			continue // the arc into v has no residual capacity
		}
		if nd := pv - int64(cs[i]) + pot[h&headMask]; nd <= best {
			return i, nd
		}
	}
	return len(hs), 0
}

// maxflow runs Dinic's algorithm from the excess nodes to the deficit nodes
// over residual arcs of zero reduced cost, until no such path remains (or,
// for SuccessiveShortestPaths, after one augmentation).
func (e *engine) maxflow(D int64) error {
	single := e.opts.Algorithm == SuccessiveShortestPaths
	if err := e.admissible(D); err != nil {
		return err
	}
	defer e.writeBack()
	for rounds := 0; ; rounds++ {
		if e.nsrc == 0 || e.nsink == 0 {
			return nil // nothing left to route, or nowhere to
		}
		var L int32
		var err error
		if e.back {
			L, err = e.bfsBack()
		} else {
			L, err = e.bfs()
		}
		if err != nil {
			return err
		}
		if L < 0 && rounds == 0 {
			// The search has just found a path of zero reduced cost, so
			// the admissible graph must hold one. Never seen; should an
			// update of the list have missed an arc, rebuild it whole
			// rather than loop, once.
			if e.zfull {
				return fmt.Errorf("flow: internal error: no admissible path at distance %d", D)
			}
			e.rebuilds++
			e.writeBack()
			e.zs = nil
			if err := e.admissible(D); err != nil {
				return err
			}
			rounds = -1 // this phase has had no round yet
			continue
		}
		if L < 0 {
			return nil
		}
		e.rounds++
		pushed, err := e.blockingFlow(L, single)
		if err != nil {
			return err
		}
		if single && pushed {
			return nil
		}
	}
}

// admissible updates, once per phase, the admissible graph: the arcs of
// zero reduced cost that can carry flow one way or the other, as a compact
// adjacency structure of its own. Node v's entries are zs[v].beg to
// zs[v].end-1 (with free room up to zs[v].cap); entry k is position
// zpos[k], leads to zhead[k]&headMask (the sign bit says whether the arc
// back has residual capacity), has residual capacity zresid[k] (zresid32[k] when the residual
// network stores int32s: 4 bytes an entry, not 8), and its reverse is entry
// zrev[k] (a position has zero reduced cost exactly when its reverse has).
// Potentials do not change during the max-flow, so the max-flow rounds work
// on these arrays alone, with mostly sequential memory access, and
// writeBack copies the residual capacities back at the end of the phase. On
// placement networks the admissible graph holds under a tenth of the arcs.
//
// The graph is kept from phase to phase and updated in place rather than
// rebuilt: the last search moved only the potentials of the nodes it
// settled closer than D (dist[v] < D, by D − dist), so only their arcs
// can have changed reduced cost. An entry of a moved node stays if the
// other end moved by the same amount, and is removed with its reverse
// otherwise (each replaced by the last entry of its node); the arcs that
// became zero, found among the search's relaxations (e.cand), are added at
// both ends; a node out of room has its entries moved to the free space
// after the last node's, with twice the room, and when that runs out the
// graph is laid out afresh (compact). On placement networks that touches a
// few thousand entries per phase instead of all n nodes and z zero arcs.
// The first phase scans every node. O(Σ zdeg(moved) + c) after the first
// phase, with zdeg the number of zero arcs at a node and c the candidates,
// plus O(n + z) for a compaction (a few per solve); O(n + m) for the first.
func (e *engine) admissible(D int64) error {
	var err error
	if e.cost32 != nil {
		err = updateZero(e, e.cost32, D)
	} else {
		err = updateZero(e, e.cost, D)
	}
	if err != nil {
		return err
	}
	if e.afterUpdate != nil {
		e.afterUpdate()
	}
	return nil
}

func updateZero[C int32 | int64](e *engine, cost []C, D int64) error {
	pot, dist, head, rev := e.pot, e.dist, e.head, e.rev
	e.zfull = e.zs == nil
	if e.zfull {
		zl, err := zeroArcs(e, cost)
		if err != nil {
			return err
		}
		e.buildZero(zl)
		return nil
	}
	// Remove the arcs whose reduced cost changed: those of a moved node
	// whose other end moved by a different amount, or not at all.
	zs, zhead, zrev := e.zs, e.zhead, e.zrev
	for _, v := range e.settled {
		dv := dist[v]
		if dv >= D {
			continue
		}
		for k := zs[v].beg; k < zs[v].end; {
			x := zhead[k] & headMask
			if dist[x] == dv {
				k++
				continue
			}
			r := zrev[k]
			e.removeEntry(x, r)
			e.removeEntry(v, k) // the last entry of v takes k's place
		}
	}
	// Add the arcs that have become zero. Such an arc had a positive
	// reduced cost in its residual direction y→z, and z moved (d(z) < D)
	// further than y (min(d(y), D) = d(z) + rc(y→z) ≤ D), so the search
	// relaxed it from z and listed it in e.cand. (An arc already zero
	// before the update stayed above or was removed; an arc with no
	// residual capacity either way is never admissible and is left out.)
	cand := e.cand
	for i := 0; i+1 < len(cand); i += 2 {
		v, p := cand[i], cand[i+1]
		x := head[p] & headMask
		if int64(cost[p])+pot[v] != pot[x] {
			continue
		}
		e.addArc(p, rev.get(p), v, x)
	}
	return nil
}

// zeroArcs lists the arcs of zero reduced cost for the first update of
// the admissible graph, each by the position it is found at: 4 bytes an
// arc, since its other position and its ends follow from the residual
// network (see buildZero), and counts each node's in the end of its
// span (e.zs), for layoutZero: here the head of each position is at hand,
// which buildZero would have to read again. A function of its own, so
// that its loop over every position keeps its variables in registers.
func zeroArcs[C int32 | int64](e *engine, cost []C) ([]int32, error) {
	pot, start, head := e.pot, e.start, e.head
	if e.zs == nil {
		e.zs = make([]zspan, e.n)
	}
	clear(e.zs)
	zl := make([]int32, 0, len(head)/16+16) // typical share of zero arcs
	// With every potential zero (no Bellman–Ford, and the first
	// search at D = 0, as on placement networks), zero reduced cost
	// is zero cost, which spares a read of the other end's potential
	// for every arc.
	flat := true
	for v := range pot {
		if pot[v] != 0 {
			flat = false
			break
		}
	}
	if flat {
		// One sweep over the costs, the node of each zero found by
		// walking start (positions rise with their nodes), the context
		// checked between chunks.
		v := int32(0)
		for p := 0; p < len(cost); {
			end := min(len(cost), p+zeroSweepChunk)
			if p = nextZero(cost[:end], p); p == end {
				if err := e.ctx.Err(); err != nil {
					return nil, err
				}
				continue
			}
			for start[v+1] <= int32(p) {
				v++
			}
			zl = e.listZero(zl, v, int32(p))
			if err := e.tick(); err != nil {
				return nil, err
			}
			p++
		}
		return zl, nil
	}
	for v := range int32(e.n) {
		if err := e.tick(); err != nil {
			return nil, err
		}
		pv := pot[v]
		lo, hi := start[v], start[v+1]
		hs, cs := head[lo:hi], cost[lo:hi]
		cs = cs[:len(hs)]
		for i, h := range hs {
			if int64(cs[i])+pv == pot[h&headMask] {
				zl = e.listZero(zl, v, lo+int32(i))
			}
		}
	}
	return zl, nil
}

// zeroSweepChunk is how many positions zeroArcs' sweep scans between
// context checks.
const zeroSweepChunk = 1 << 16

// listZero appends to zl the arc of zero reduced cost at position p of node
// v if that is where it is listed, each arc once: from its smaller end (a
// self-loop from its first position), and not if it has no residual
// capacity either way; it counts the entry at each end (in e.zs's end).
func (e *engine) listZero(zl []int32, v, p int32) []int32 {
	h := e.head[p]
	x := h & headMask
	if x < v {
		return zl
	}
	r := e.rev.get(p)
	if (x == v && r < p) || (h|e.head[r]) >= 0 { // (no rresBit at either end)
		return zl // a self-loop's second position; an arc of no capacity
	}
	e.zs[v].end++
	e.zs[x].end++
	return append(zl, p)
}

// nextZero returns the index of the first zero in cs from i on, or
// len(cs). Not inlined: the loop then keeps its index in a register.
//
//go:noinline
func nextZero[C int32 | int64](cs []C, i int) int {
	for ; i < len(cs); i++ {
		if cs[i] == 0 {
			return i
		}
	}
	return len(cs)
}

// zspan is a node's part of the admissible graph: its entries are
// beg..end-1, with room up to cap, and cur is the max-flow's current entry.
// Kept together, the four take one cache line's visit per node, not four.
type zspan struct{ beg, end, cap, cur int32 }

// removeEntry removes entry k of node v, moving v's last entry into its
// place.
func (e *engine) removeEntry(v, k int32) {
	j := e.zs[v].end - 1
	e.zs[v].end = j
	if j == k {
		return
	}
	e.zpos[k], e.zhead[k] = e.zpos[j], e.zhead[j]
	if e.zresid32 != nil {
		e.zresid32[k] = e.zresid32[j]
	} else {
		e.zresid[k] = e.zresid[j]
	}
	r := e.zrev[j]
	e.zrev[k] = r
	e.zrev[r] = k
}

// addArc adds the arc of positions pf (leaving u for w) and pb (its
// reverse) to the admissible graph, with the residual capacities of the
// residual network.
func (e *engine) addArc(pf, pb, u, w int32) {
	// Room at both ends before either entry is taken: making room may
	// move entries (or lay the whole graph out afresh), which must not
	// find a half-written one. Room made at u survives making room at w.
	if u == w {
		e.room(u, 2)
	} else {
		// (room's test written out: most nodes have room, and the call
		// costs more than the test)
		if e.zs[u].end == e.zs[u].cap {
			e.room(u, 1)
		}
		if e.zs[w].end == e.zs[w].cap {
			e.room(w, 1)
		}
	}
	kf := e.zs[u].end
	e.zs[u].end++
	kb := e.zs[w].end
	e.zs[w].end++
	// Each entry's head carries, in its sign bit, whether the arc into
	// its node from its head has residual capacity: what the residual
	// position's rresBit says.
	e.zpos[kf], e.zhead[kf] = pf, e.head[pf]
	e.zpos[kb], e.zhead[kb] = pb, e.head[pb]
	if e.zresid32 != nil {
		e.zresid32[kf], e.zresid32[kb] = e.resid32[pf], e.resid32[pb]
	} else {
		e.zresid[kf], e.zresid[kb] = e.resid[pf], e.resid[pb]
	}
	e.zrev[kf], e.zrev[kb] = kb, kf
}

// room makes sure node v has room for need more entries: if not, its
// entries move to the free space after the last node's (e.ztop), with room
// for as many again plus need and two, and their reverses are pointed at
// their new places. When that space runs out, compact lays the whole graph
// out afresh.
func (e *engine) room(v, need int32) {
	if e.zs[v].cap-e.zs[v].end >= need {
		return
	}
	e.moves++
	b, n := e.zs[v].beg, e.zs[v].end-e.zs[v].beg
	// (in int64: a node's entries, up to its degree, may pass 2^30; it
	// never needs more room than its degree)
	size := int32(min(2*int64(n)+int64(need)+2, int64(e.start[v+1]-e.start[v])))
	if int(e.ztop)+int(size) > len(e.zpos) {
		// compact leaves every node room for two more entries, or for
		// all it can have (its degree).
		e.compact()
		return
	}
	nb := e.ztop
	e.ztop += size
	copy(e.zpos[nb:], e.zpos[b:b+n])
	copy(e.zhead[nb:], e.zhead[b:b+n])
	copy(e.zrev[nb:], e.zrev[b:b+n])
	if e.zresid32 != nil {
		copy(e.zresid32[nb:], e.zresid32[b:b+n])
	} else {
		copy(e.zresid[nb:], e.zresid[b:b+n])
	}
	for k := nb; k < nb+n; k++ {
		if r := e.zrev[k]; r >= b && r < b+n {
			e.zrev[k] = nb + (r - b) // a self-loop: both entries are v's
		}
	}
	for k := nb; k < nb+n; k++ {
		e.zrev[e.zrev[k]] = k
	}
	e.zs[v].beg, e.zs[v].end, e.zs[v].cap = nb, nb+n, nb+size
}

// layoutZero sets each node's beg and cap (e.zs) from the entry counts in
// its end, giving each node room for a quarter more entries plus two plus
// an eighth of its degree (never more than its degree, the most it can
// have), sets end to beg, and provides entry arrays with free space after the last
// node's: half as much again, and at least an eighth of the residual
// positions. The admissible graph grows during a solve, tenfold on the
// group network, and churns (each phase adds and removes thousands of
// entries at the nodes the search moved) but holds under a tenth of the
// arcs on placement networks: room by degree keeps the busy nodes (the
// positions) from running out of it, and the free space keeps compactions
// few; large networks usually need none.
func (e *engine) layoutZero() {
	zs := e.zs
	// In int64, and entry indices kept within int32: the sums may pass
	// 2^31 on networks near MaxArcs.
	total := int64(0)
	for v := range e.n {
		c, deg := int64(zs[v].end), int64(e.start[v+1]-e.start[v])
		room := min(c+c/4+2+deg/8, deg, math.MaxInt32-total)
		zs[v].beg, zs[v].end, zs[v].cap = int32(total), int32(total), int32(total+room)
		total += room
	}
	e.ztop = int32(total)
	size := int(min(total+max(total/2, int64(len(e.head)/8))+int64(zeroFreeMin), math.MaxInt32))
	e.zpos = make([]int32, size)
	e.zhead = make([]int32, size)
	e.zrev = make([]int32, size)
	if e.resid32 != nil {
		e.zresid32 = make([]int32, size)
	} else {
		e.zresid = make([]int64, size)
	}
}

// zeroFreeMin is the least free space layoutZero leaves, in entries (a test
// lowers it to exercise compact).
var zeroFreeMin = 64

// compact lays the admissible graph out afresh, with the room layoutZero
// gives, keeping each node's entries in order. O(n + z).
func (e *engine) compact() {
	e.compactions++
	old := e.zs
	pos, hd, rv, rs, rs32 := e.zpos, e.zhead, e.zrev, e.zresid, e.zresid32
	e.zs = make([]zspan, e.n)
	for v := range e.n {
		e.zs[v].end = old[v].end - old[v].beg
	}
	e.layoutZero()
	zs := e.zs
	for v := range int32(e.n) {
		n := old[v].end - old[v].beg
		for i := range n {
			k, nk := old[v].beg+i, zs[v].beg+i
			h, r := hd[k], rv[k]
			x := h & headMask
			e.zpos[nk], e.zhead[nk] = pos[k], h
			if rs32 != nil {
				e.zresid32[nk] = rs32[k]
			} else {
				e.zresid[nk] = rs[k]
			}
			e.zrev[nk] = zs[x].beg + (r - old[x].beg)
		}
		zs[v].end = zs[v].beg + n
	}
}

// buildZero lays out the admissible graph from the arcs of zl, each given
// by a residual position pf, in increasing order: the arc leaves u, the
// node whose positions hold pf, for head[pf]&headMask, and its reverse is at
// rev[pf] (see layoutZero), with each node's entry count in the end of its
// span (see zeroArcs). O(n + z).
func (e *engine) buildZero(zl []int32) {
	e.layoutZero()
	if e.zresid32 != nil {
		fillZero(e, zl, e.zresid32, e.resid32)
	} else {
		fillZero(e, zl, e.zresid, e.resid)
	}
}

// fillZero is buildZero's pass over zl once the spans are laid out, with
// the residual capacities stored as R: addArc without its tests for room,
// which the layout gives every node for all its entries.
func fillZero[R int32 | int64](e *engine, zl []int32, zresid, resid []R) {
	start, head, rev, zs := e.start, e.head, e.rev, e.zs
	zpos, zhead, zrev := e.zpos, e.zhead, e.zrev
	u := int32(0)
	for _, pf := range zl {
		for start[u+1] <= pf {
			u++
		}
		pb := rev.get(pf)
		hf, hb := head[pf], head[pb]
		w := hf & headMask
		kf := zs[u].end
		zs[u].end++
		kb := zs[w].end
		zs[w].end++
		// Each entry's head is its position's, rresBit included (see
		// addArc).
		zpos[kf], zhead[kf] = pf, hf
		zpos[kb], zhead[kb] = pb, hb
		zresid[kf], zresid[kb] = resid[pf], resid[pb]
		zrev[kf], zrev[kb] = kb, kf
	}
}

// writeBack copies the residual capacities the max-flow changed (the
// entries on e.dirty and their reverses) back into the residual network and
// the rresBits.
func (e *engine) writeBack() {
	if e.zresid32 != nil {
		writeBackWith(e, e.zresid32, e.resid32)
	} else {
		writeBackWith(e, e.zresid, e.resid)
	}
	e.dirty = e.dirty[:0]
}

// writeBackWith is writeBack with the residual capacities stored as R in
// both the admissible graph and the residual network.
func writeBackWith[R int32 | int64](e *engine, zresid, resid []R) {
	zpos, zrev := e.zpos, e.zrev
	for _, k := range e.dirty {
		r := zrev[k]
		pk, pr := zpos[k], zpos[r]
		xk, xr := zresid[k], zresid[r]
		e.setRres(pr, xk > 0)
		e.setRres(pk, xr > 0)
		resid[pk], resid[pr] = xk, xr
	}
}

// zresidAt returns the residual capacity of entry k of the admissible
// graph (Infinite for none).
func (e *engine) zresidAt(k int32) int64 {
	if e.zresid32 != nil {
		return wide(e.zresid32[k])
	}
	return e.zresid[k]
}

// newLevels starts the levels of a level-graph search: it returns the
// base b of its levels (a node at level l has e.level b + l, one below b
// is unlabelled), above every level of the previous searches, so that
// nothing need be reset between them. When the bases near MaxInt32 every
// level is reset, and they start again from 0.
func (e *engine) newLevels() int32 {
	if e.lbase > levelCeiling-int32(e.n)-2 {
		for i := range e.level {
			e.level[i] = -1
		}
		e.lbase = 0
	}
	e.lcur = e.lbase
	return e.lbase
}

// levelCeiling is the highest level a search may use (tests lower it, to
// have the levels reset often).
var levelCeiling int32 = math.MaxInt32

// endLevels records the levels the search used, up to level last
// (relative), so that the next one starts above them.
func (e *engine) endLevels(last int32) {
	e.lbase = e.lcur + last + 1
}

// bfs labels nodes with their distance from the excess nodes in the
// admissible graph, stopping at the level L of the first deficit node, of
// which it labels from then on only the deficit nodes (the max-flow goes no
// further; other nodes labelled at level L before the first deficit node
// was found keep their label, and are dead ends to the max-flow).
// It returns L, or -1 if no deficit node is reachable. e.queue lists the
// labelled nodes, in the order they were labelled, and each has
// its current entry (e.zs[v].cur) reset for the max-flow; e.queue[e.qsrc:e.qend]
// are those at the level graph's source level (here the first ones). The
// queue is written by index and the context checked every 4096 dequeued
// nodes, which keeps growslice calls and their register spills out of the
// loops. Levels are relative to e.lcur (see newLevels).
func (e *engine) bfs() (int32, error) {
	if e.zresid32 != nil {
		return bfsWith(e, e.zresid32)
	}
	return bfsWith(e, e.zresid)
}

// bfsWith is bfs with the residual capacities of the admissible graph
// stored as R.
func bfsWith[R int32 | int64](e *engine, zresid []R) (int32, error) {
	level := e.level
	excess := e.excess
	zs := e.zs
	q := e.queue[:e.n]
	base := e.newLevels()
	qt := 0
	for _, s := range e.sources {
		if excess[s] > 0 {
			level[s] = base // (the max-flow starts a source at its first entry itself)
			q[qt] = s
			qt++
		}
	}
	e.qsrc, e.qend = 0, qt
	L := int32(-1)
	zhead := e.zhead
	for i := 0; i < qt; i++ {
		if i&(checkEvery-1) == 0 {
			if err := e.ctx.Err(); err != nil {
				e.endLevels(int32(e.n))
				return 0, err
			}
		}
		u := q[i]
		lu := level[u]
		if lu == base+L {
			break // the rest of the queue is at level L
		}
		lo, hi := zs[u].beg, zs[u].end
		zh := zhead[lo:hi]
		zr := zresid[lo:hi][:len(zh)]
		for i, h := range zh {
			w := h & headMask
			if level[w] >= base || zr[i] == 0 || (L >= 0 && excess[w] >= 0) {
				continue
			}
			level[w] = lu + 1
			zs[w].cur = zs[w].beg
			q[qt] = w
			qt++
			if L < 0 && excess[w] < 0 {
				L = lu + 1 - base
			}
		}
	}
	if qt > 0 {
		e.endLevels(level[q[qt-1]] - base)
	}
	return L, nil
}

// bfsBack is bfs backwards: it labels nodes with their distance to the
// deficit nodes in the admissible graph (the entry k of y leads from
// zhead[k]&headMask to y over entry zrev[k], if the rresBit of zhead[k]
// says that has residual capacity), stopping at the level L of the first
// excess node, of which it labels from then on only the excess nodes, the
// max-flow's sources: e.queue[e.qsrc:e.qend], the last ones (other nodes
// labelled at level L before the first excess node was found keep their
// label; the max-flow never reaches them). It returns L, or -1 if
// no excess node can reach a deficit. A node gets its current entry
// (e.zs[v].cur) reset when it is dequeued (every node below L is): those are the
// nodes the max-flow visits past the sources, whose first entries it
// takes itself.
// Late in a solve on placement networks, when most positions are full, the
// nodes that can still reach the sink are few, while those the stuck
// students reach are nearly all: this search is then much smaller.
func (e *engine) bfsBack() (int32, error) {
	// Slices of one length, so that one bounds check covers them all.
	level := e.level
	n := len(level)
	excess, src, q, zs := e.excess[:n], e.src[:n], e.queue[:n], e.zs[:n]
	zhead := e.zhead
	base := e.newLevels()
	qt := 0
	for _, t := range e.sinks {
		if excess[t] < 0 {
			level[t] = base
			q[qt] = t
			qt++
		}
	}
	i, qL := 0, 0
	for ; i < qt; i++ {
		if i&(checkEvery-1) == 0 {
			if err := e.ctx.Err(); err != nil {
				e.endLevels(int32(e.n))
				return 0, err
			}
		}
		y := q[i]
		sp := &zs[y]
		lo, hi := int(sp.beg), int(sp.end)
		sp.cur = sp.beg
		lv := level[y] + 1
		var k int
		qt, k = labelBack(zhead, lo, hi, src, level, q, qt, base, lv)
		if k < hi {
			// The first source, at level L: the others at L are the
			// sources among the rest.
			qL = qt - 1
			qt = sourcesBack(zhead, k+1, hi, src, level, q, qt, base, lv)
			break
		}
	}
	if i == qt {
		// No source can reach a deficit.
		e.qsrc, e.qend = 0, qt
		if qt > 0 {
			e.endLevels(level[q[qt-1]] - base)
		}
		return -1, nil
	}
	// The rest of the level before L adds only sources: a loop of its
	// own, so that the first keeps fewer variables live.
	lL := level[q[qt-1]]
	for i++; i < qt; i++ {
		if i&(checkEvery-1) == 0 {
			if err := e.ctx.Err(); err != nil {
				e.endLevels(int32(e.n))
				return 0, err
			}
		}
		y := q[i]
		if level[y] == lL {
			break // the rest of the queue is at level L
		}
		sp := &zs[y]
		lo, hi := int(sp.beg), int(sp.end)
		sp.cur = sp.beg
		qt = sourcesBack(zhead, lo, hi, src, level, q, qt, base, lL)
	}
	e.qsrc, e.qend = qL, qt
	e.endLevels(lL - base)
	return lL - base, nil
}

// labelBack is bfsBack's inner loop, over the entries lo to hi-1 of one
// node: it labels lv, and appends to q[qt:], every head not yet labelled
// (below base) whose arc to the node has residual capacity, up to the
// first excess node, and returns the new end of the queue and the entry
// of that excess node, the last one queued (hi if there is none). A
// function of its own, so that the loop keeps
// its few variables in registers. (Indexing the entry arrays directly
// costs fewer instructions than slicing them for every node, and with int
// bounds and index fewer than with int32 ones; the residual capacity,
// tested first, rejects about as many entries as the level.)
func labelBack(zhead []int32, lo, hi int, src []bool, level, q []int32, qt int, base, lv int32) (int, int) {
	for k := lo; k < hi; k++ {
		h := zhead[k]
		if h >= 0 {
			continue // no rresBit: the arc into the node has no residual capacity
		}
		x := h & headMask
		if level[x] >= base {
			continue
		}
		level[x] = lv
		q[qt] = x
		qt++
		if src[x] {
			return qt, k
		}
	}
	return qt, hi
}

// sourcesBack is labelBack for the last level, labelling only the excess
// nodes.
func sourcesBack(zhead []int32, lo, hi int, src []bool, level, q []int32, qt int, base, lv int32) int {
	for k := lo; k < hi; k++ {
		h := zhead[k]
		x := h & headMask
		if !src[x] || level[x] >= base || h >= 0 {
			continue
		}
		level[x] = lv
		q[qt] = x
		qt++
	}
	return qt
}

// blockingFlow pushes flow along admissible paths from the sources to
// deficit nodes, from level to level, until none is left (Dinic): levels,
// relative to e.lcur (see newLevels), increase from 0 at the sources to L
// at the deficits after bfs, and decrease from L at the sources to 0 at the
// deficits after bfsBack. The
// stack holds indices into zpos; e.zs[v].cur is v's current index (a
// source's starts at its first entry). Sources are taken in the order the
// search labelled them.
func (e *engine) blockingFlow(L int32, single bool) (bool, error) {
	if e.zresid32 != nil {
		return blockingFlowWith(e, e.zresid32, math.MaxInt32, L, single)
	}
	return blockingFlowWith(e, e.zresid, Infinite, L, single)
}

// blockingFlowWith is blockingFlow with the residual capacities of the
// admissible graph stored as R, inf standing for Infinite. With R int32
// every finite residual capacity, and every flow, is below the total
// excess, itself below MaxInt32 (see newEngine), so delta never reaches
// inf.
func blockingFlowWith[R int32 | int64](e *engine, zresid []R, inf R, L int32, single bool) (bool, error) {
	// Slices of one length, so that one bounds check covers them all.
	level := e.level
	n := len(level)
	excess, zs := e.excess[:n], e.zs[:n]
	zhead := e.zhead
	zresid = zresid[:len(zhead)]
	zrev := e.zrev
	pushed := false
	base := e.lcur
	srcLevel, step := base, int32(1)
	if e.back {
		srcLevel, step = base+L, -1
	}
	// Every path from a source to a deficit has L entries: st[d] is the
	// d-th entry of the current path, tails[d] its tail, and the node at
	// depth L is at the deficits' level.
	if len(e.stack) < int(L) {
		e.stack = make([]int32, L)
		e.tails = make([]int32, L)
	}
	st, tails := e.stack[:L], e.tails[:L]
	depth := int(L)
	// The sources at the level graph's source level are among the nodes
	// the search labelled at that level (fewer than the sources late in a
	// solve), in the order it labelled them.
	next0 := srcLevel + step
sources:
	for _, s := range e.queue[e.qsrc:e.qend] {
		ks := int(zs[s].beg) // the source's current entry (zs[s].cur once set)
		for excess[s] > 0 && level[s] == srcLevel {
			// The first step, out of the source, written out: most
			// sources are dead ends from the start (on the group network
			// about five in six), and leave here.
			if err := e.tick(); err != nil {
				return pushed, err
			}
			k, end := ks, int(zs[s].end)
			for ; k < end; k++ {
				if level[zhead[k]&headMask] == next0 && zresid[k] > 0 {
					break
				}
			}
			zs[s].cur = int32(k)
			if k == end {
				level[s] = -2
				continue sources
			}
			st[0], tails[0] = int32(k), s
			u, d := zhead[k]&headMask, 1
			for {
				if d == depth {
					if excess[u] < 0 {
						// Augment along the path.
						path := st[:d]
						delta := excess[s]
						if -excess[u] < delta {
							delta = -excess[u]
						}
						for _, k := range path {
							if r := int64(zresid[k]); r < delta {
								delta = r
							}
						}
						for _, k := range path {
							if zresid[k] != inf {
								zresid[k] -= R(delta)
							}
							r := zrev[k]
							if zresid[r] != inf {
								zresid[r] += R(delta)
							}
							// The heads' flags (see addArc): the arc
							// into k's node now has residual capacity;
							// the one into r's node, if any is left.
							zhead[k] |= rresBit
							if zresid[k] == 0 {
								zhead[r] &= headMask
							}
						}
						e.dirty = append(e.dirty, path...)
						excess[s] -= delta
						excess[u] += delta
						if excess[s] == 0 {
							e.nsrc--
							e.src[s] = false
						}
						if excess[u] == 0 {
							e.nsink--
						}
						pushed = true
						break
					}
				} else {
					if err := e.tick(); err != nil {
						return pushed, err
					}
					next := level[u] + step
					k, end := int(zs[u].cur), int(zs[u].end)
					for ; k < end; k++ {
						if level[zhead[k]&headMask] == next && zresid[k] > 0 {
							break
						}
					}
					zs[u].cur = int32(k)
					if k < end {
						st[d] = int32(k)
						tails[d] = u
						d++
						u = zhead[k] & headMask
						continue
					}
				}
				// Dead end: retreat.
				level[u] = -2
				if d == 0 {
					continue sources
				}
				d--
				u = tails[d]
				zs[u].cur++
			}
			if single && pushed {
				return true, nil
			}
			ks = int(zs[s].cur)
		}
	}
	return pushed, nil
}

// infeasible builds the cut diagnosis. With surplus false: the nodes that can
// still reach a deficit node in the residual network (no residual arc enters
// them, and they hold no excess); the shortfall is the deficit left. With
// surplus true: the nodes reachable from an excess node.
func (e *engine) infeasible(surplus bool) error {
	n := e.n
	in := make([]bool, n)
	var q []int32
	var short int64
	for v := 0; v < n; v++ {
		if (!surplus && e.excess[v] < 0) || (surplus && e.excess[v] > 0) {
			in[v] = true
			q = append(q, int32(v))
			if surplus {
				short += e.excess[v]
			} else {
				short -= e.excess[v]
			}
		}
	}
	for i := 0; i < len(q); i++ {
		w := q[i]
		for p := e.start[w]; p < e.start[w+1]; p++ {
			x := e.head[p] & headMask
			if in[x] {
				continue
			}
			// Backward search (surplus false): x reaches w if the arc x→w,
			// the reverse of p, has residual capacity (rres). Forward
			// search: w reaches x through p.
			if (!surplus && e.rres(p)) || (surplus && e.residAt(p) > 0) {
				in[x] = true
				q = append(q, x)
			}
		}
	}
	ie := &InfeasibleError{Shortfall: short, Surplus: surplus}
	for v := 0; v < n; v++ {
		if in[v] {
			ie.Cut = append(ie.Cut, v)
			ie.Names = append(ie.Names, nodeName(e.names, v))
		}
	}
	return ie
}

// result maps the residual network back to flows on the original arcs and
// computes the objective with overflow checks.
func (e *engine) result() (*Result, error) {
	// The flows go into the words that held the reverse positions (see
	// revTable), arc by arc: arc a's flow overwrites the entries of
	// positions 2a and 2a+1, which are no longer needed.
	flow := e.rev.words()
	e.rev = nil
	var cost int64
	var ok bool
	switch {
	case e.resid32 != nil && e.cost32 != nil:
		cost, ok = flowsWith(e, flow, e.resid32, e.cost32)
	case e.resid32 != nil:
		cost, ok = flowsWith(e, flow, e.resid32, e.cost)
	case e.cost32 != nil:
		cost, ok = flowsWith(e, flow, e.resid, e.cost32)
	default:
		cost, ok = flowsWith(e, flow, e.resid, e.cost)
	}
	if !ok {
		return nil, overflowf("objective exceeds int64")
	}
	// The potentials are the engine's own: nothing else refers to them.
	return &Result{Flow: flow, Cost: cost, Potential: e.pot[:e.n:e.n], Phases: e.phases, Rounds: e.rounds}, nil
}

// flowsWith is result's pass over the arcs, with the residual capacities
// resid and the costs of the positions: it writes each arc's flow to flow
// and returns the flow's cost, ok false when it overflows int64.
func flowsWith[R, C int32 | int64](e *engine, flow []int64, resid []R, costs []C) (cost int64, ok bool) {
	// Replay the construction order to find each arc's positions (see
	// flowsOf), in two runs: the arcs before the first lower bound, and
	// the others. The free positions go into the levels, which the
	// max-flow no longer needs.
	next := e.level[:e.n]
	copy(next, e.start[:e.n])
	m := len(e.from)
	lowFrom := m
	if e.low != nil {
		lowFrom = e.lowFrom
	}
	cost, ok = flowsOf(next, e.from[:lowFrom], e.head, flow[:lowFrom], nil, resid, costs, 0)
	if ok && lowFrom < m {
		cost, ok = flowsOf(next, e.from[lowFrom:], e.head, flow[lowFrom:m], e.low, resid, costs, cost)
	}
	return cost, ok
}

// flowsOf is flowsWith for the arcs from (a run of them), whose flows go
// to flow and whose lower bounds are low (nil for zero), adding their cost
// to cost. For each arc it finds the forward position pf, which holds the
// arc's head and cost, and the backward one, whose residual capacity is the
// flow above the lower bound.
func flowsOf[R, C int32 | int64](next, from, head []int32, flow, low []int64, resid []R, costs []C, cost int64) (int64, bool) {
	flow = flow[:len(from)]
	if low != nil {
		low = low[:len(from)]
	}
	resid, costs = resid[:len(head)], costs[:len(head)]
	for a, u := range from {
		pf := next[u]
		next[u] = pf + 1
		v := head[pf] & headMask
		pb := next[v]
		next[v] = pb + 1
		x := int64(resid[pb]) // never MaxInt32 in int32: a flow is below the total excess
		if low != nil {
			x += low[a]
		}
		flow[a] = x
		if x == 0 {
			continue
		}
		c := int64(costs[pf])
		var ok bool
		if x < 1<<31 && c < 1<<31 && c > -1<<31 {
			cost, ok = add64(cost, x*c) // |x·c| < 2^62
		} else {
			cost, ok = mulAdd(cost, x, c)
		}
		if !ok {
			return 0, false
		}
	}
	return cost, true
}

type heapItem struct {
	d int64
	v int32
}

// distHeap is a binary min-heap on (d, v); ties by node index for determinism.
type distHeap []heapItem

func (h distHeap) less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	return h[i].v < h[j].v
}

func (h *distHeap) push(it heapItem) {
	*h = append(*h, it)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *distHeap) pop() heapItem {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(s) {
			break
		}
		c := l
		if r := l + 1; r < len(s) && s.less(r, l) {
			c = r
		}
		if !s.less(c, i) {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	*h = s
	return top
}
