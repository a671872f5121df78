package matching

import (
	"fmt"
	"slices"

	"github.com/placement-engine/placement/model"
)

// Enterprise-wide and regional caps, with target capacities (Kamada and
// Kojima, "Efficient Matching under Distributional Constraints: Theory and
// Applications", American Economic Review 2015; the two-level capacities of
// an enterprise and its positions are those of student–project allocation,
// Abraham, Irving and Manlove 2007).
//
// A cap (model.Enterprise.Cap, model.Region.Cap) bounds the students
// placed at the positions of an enterprise or in a region. The caps form a
// tree: a position sits under its enterprise's cap, if any, and that under
// the cap of the region of its positions, if any; a position of an
// uncapped enterprise sits directly under its region's cap. An enterprise
// with a cap must have all its positions in one region when one of its
// regions has a cap too (otherwise the two caps cross, and Compile says
// so).
//
// Each position q under a cap has a target T_q: when some position under
// a cap above q sets a target (model.Position.Target), the planner has set
// the targets there, and T_q is q's own (0 when it sets none); otherwise,
// by default, T_q is the least over the caps above q of the share cap ×
// capacity_q / Σ capacities under that cap, rounded down (so the targets
// under a cap never sum to more than it). The seats of
// a capped group are handed out as units: the k-th seat of q is the unit
// (q, k), and units are ordered first by phase (k ≤ T_q before k > T_q),
// then by round (k in the first phase, k − T_q in the second), then by
// position index: every position first gets up to its target, then the
// seats left under the cap go round robin, one position at a time, in the
// order of the positions in the cohort (Kamada and Kojima's flexible
// deferred acceptance).
//
// The group's choice function, given for each position q the set A_q of
// students who apply to it: q's own choice function (its seats, reserves
// and priority) gives its demand D_q = |C_q(A_q)|; the units (q, 1..D_q)
// are taken greedily in unit order, each when no cap above q is full
// (greedy on a laminar matroid); q gets a_q units and keeps C_q(A_q) cut to
// its first a_q students, filling its seats in precedence order. Greedy on
// a matroid is substitutable and never takes fewer units from more, and
// positions' choice functions are, so the group's choice function is
// substitutable and satisfies the law of aggregate demand (Hatfield and
// Milgrom 2005): deferred acceptance gives the student-optimal stable
// matching for it, as brute force confirms (caps_brute_test.go).
//
// Stability under caps: no group (a capped tree, or an uncapped position)
// holds a student its choice function would drop, and no student s and
// position p in a group G are such that s prefers p to their placement,
// the pair is acceptable, and G's choice function applied to its students
// and (s, p) takes (s, p). It reads as Kamada and Kojima's stability: a
// student may be refused by a position with a free seat or a student of
// lower priority only when a cap above the position is full and the round
// robin gives the position no seat more.

// capNode is an enterprise or a region with a cap, a node of the cap tree.
type capNode struct {
	cap    int32
	parent int32 // the capped region above a capped enterprise, -1 for none
	ent    int32 // enterprise index, -1 for a region's cap
	region int32 // region index, -1 for an enterprise's cap
}

// compileCaps fills the cap tree, the targets and the positions under each
// cap. It leaves everything nil when nothing has a cap, and when caps cross
// (then capsErr says so, and the stable mechanisms refuse the instance).
func (in *Instance) compileCaps(c *model.Cohort) error {
	ents, regs, positions := c.Enterprises(), c.Regions(), c.Positions()
	var nodes []capNode
	regNode := make([]int32, len(regs))
	for r := range regs {
		regNode[r] = -1
		if regs[r].Cap > 0 {
			regNode[r] = int32(len(nodes))
			nodes = append(nodes, capNode{cap: int32(min(regs[r].Cap, model.MaxCapacity)), parent: -1, ent: -1, region: int32(r)})
		}
	}
	entNode := make([]int32, len(ents))
	for e := range ents {
		entNode[e] = -1
		if ents[e].Cap > 0 {
			entNode[e] = int32(len(nodes))
			nodes = append(nodes, capNode{cap: int32(min(ents[e].Cap, model.MaxCapacity)), parent: -2, ent: int32(e), region: -1})
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	nP := len(positions)
	capOf := make([]int32, nP)
	firstRegion := make([]int, len(nodes)) // the region of an enterprise's first position
	for p := range positions {
		e, r := c.PositionEnterprise(p), c.PositionRegion(p)
		rn := int32(-1)
		if r >= 0 {
			rn = regNode[r]
		}
		en := int32(-1)
		if e >= 0 {
			en = entNode[e]
		}
		if en < 0 {
			capOf[p] = rn
			continue
		}
		capOf[p] = en
		n := &nodes[en]
		switch {
		case n.parent == -2:
			n.parent, firstRegion[en] = rn, r
		case n.parent != rn:
			name := func(r int) string {
				if r < 0 {
					return "no region"
				}
				return fmt.Sprintf("region %q", regs[r].ID)
			}
			in.capsErr = fmt.Errorf("matching: enterprise %q has a cap and positions in %s and %s, and a region cap applies to some of them: the caps cross, which the stable mechanisms do not support (give the enterprise's positions one region, or drop one of the caps)",
				ents[e].ID, name(firstRegion[en]), name(r))
			return nil
		}
	}
	for i := range nodes {
		if nodes[i].parent == -2 {
			nodes[i].parent = -1 // an enterprise with no position
		}
	}

	// Positions under each cap, and the capacity they sum to.
	sum := make([]int64, len(nodes))
	start := make([]int32, len(nodes)+1)
	for p, n := range capOf {
		for ; n >= 0; n = nodes[n].parent {
			sum[n] += int64(in.capacity[p])
			start[n+1]++
		}
	}
	for i := range nodes {
		start[i+1] += start[i]
	}
	list := make([]int32, start[len(nodes)])
	fill := append([]int32(nil), start[:len(nodes)]...)
	for p, n := range capOf {
		for ; n >= 0; n = nodes[n].parent {
			list[fill[n]] = int32(p)
			fill[n]++
		}
	}

	// Targets: the planner's, under a cap where some position sets one;
	// else the least proportional share of the caps above.
	explicit := make([]bool, len(nodes))
	for p, n := range capOf {
		for ; n >= 0 && positions[p].Target > 0; n = nodes[n].parent {
			explicit[n] = true
		}
	}
	target := make([]int32, nP)
	for p, n := range capOf {
		if n < 0 {
			continue
		}
		own := false
		for m := n; m >= 0; m = nodes[m].parent {
			own = own || explicit[m]
		}
		t := int64(in.capacity[p])
		if own {
			t = min(t, int64(max(positions[p].Target, 0)))
		} else {
			for ; n >= 0; n = nodes[n].parent {
				if sum[n] > 0 {
					t = min(t, int64(nodes[n].cap)*int64(in.capacity[p])/sum[n])
				}
			}
		}
		target[p] = int32(t)
	}
	in.capNodes, in.capOf, in.capStart, in.capList, in.target = nodes, capOf, start, list, target
	return nil
}

// CapsError returns, when an enterprise with a cap has positions in
// several regions of which one has a cap too, the error that says so: such
// caps cross (they are not nested), and the stable mechanisms return this
// error rather than run. It returns nil otherwise.
func (in *Instance) CapsError() error { return in.capsErr }

// HasCaps reports whether some enterprise or region of the instance has a
// cap (and the caps do not cross).
func (in *Instance) HasCaps() bool { return in.capOf != nil }

// capped reports whether position p is under a cap.
func (in *Instance) capped(p int32) bool { return in.capOf != nil && in.capOf[p] >= 0 }

// Target returns position p's target capacity under the caps above it (see
// model.Position.Target), and false when no cap is above it. It panics if
// p is out of range.
func (in *Instance) Target(p int) (int, bool) {
	_ = in.capacity[p]
	if !in.capped(int32(p)) {
		return 0, false
	}
	return int(in.target[p]), true
}

// under returns the positions under cap node n, in index order.
func (in *Instance) under(n int32) []int32 { return in.capList[in.capStart[n]:in.capStart[n+1]] }

// unitKey orders the units of seats under caps: the k-th seat (1-based) of
// position q. Lower keys are handed out first: in a round, the seats q
// needs for the students who hold or accept it (k ≤ g, phase 0), then up
// to its target (phase 1, by round k−g), then round robin (phase 2, by
// round k − max(target, g)), each phase in position order within a round.
func (in *Instance) unitKey(q, k int32) uint64 {
	g := in.guarCount(q)
	t := max(in.target[q], g)
	switch {
	case k <= g:
		return uint64(k)<<32 | uint64(q)
	case k <= t:
		return 1<<61 | uint64(k-g)<<32 | uint64(q)
	}
	return 1<<62 | uint64(k-t)<<32 | uint64(q)
}

// capName names cap node n for messages: `enterprise "E1" (cap 3)`.
func (in *Instance) capName(n int32) string {
	nd := in.capNodes[n]
	if nd.ent >= 0 {
		return fmt.Sprintf("enterprise %q (cap %d)", in.cohort.Enterprises()[nd.ent].ID, nd.cap)
	}
	return fmt.Sprintf("region %q (cap %d)", in.cohort.Regions()[nd.region].ID, nd.cap)
}

// capState is what student-proposing deferred acceptance keeps about the
// caps: the seats each capped position holds, the students under each cap,
// and, for each cap once it has been full, a max-heap of the last units its
// positions hold (with stale entries dropped lazily), so that the last unit
// under a full cap is found in O(log) amortised time.
type capState struct {
	in     *Instance
	alloc  []int32    // by position: students held
	count  []int32    // by cap node: students held under it
	last   [][]uint64 // by cap node: max-heap of unit keys, current or stale
	active []bool     // by cap node: whether last is kept (the cap has been full)
}

func newCapState(in *Instance) *capState {
	n := len(in.capNodes)
	return &capState{in: in, alloc: make([]int32, in.Positions()), count: make([]int32, n),
		last: make([][]uint64, n), active: make([]bool, n)}
}

// set records that position q now holds a students, and pushes its last
// unit on the heaps of the caps above it that keep one.
func (cs *capState) set(q, a int32) {
	in := cs.in
	d := a - cs.alloc[q]
	cs.alloc[q] = a
	for n := in.capOf[q]; n >= 0; n = in.capNodes[n].parent {
		cs.count[n] += d
		if a > 0 && cs.active[n] {
			h := append(cs.last[n], in.unitKey(q, a))
			siftUp(h, h[len(h)-1])
			cs.last[n] = h
		}
	}
}

// lastUnder returns the last unit held under cap node n and its position,
// dropping the stale entries on top of n's heap. The first call for a
// node builds its heap from the positions under it.
func (cs *capState) lastUnder(n int32) (uint64, int32) {
	in := cs.in
	if !cs.active[n] {
		cs.active[n] = true
		h := cs.last[n][:0]
		for _, q := range in.under(n) {
			if a := cs.alloc[q]; a > 0 {
				h = append(h, in.unitKey(q, a))
			}
		}
		slices.Sort(h)
		slices.Reverse(h) // descending order is a max-heap
		cs.last[n] = h
	}
	h := cs.last[n]
	for len(h) > 0 {
		key := h[0]
		q := int32(uint32(key))
		if a := cs.alloc[q]; a > 0 && in.unitKey(q, a) == key {
			cs.last[n] = h
			return key, q
		}
		last := h[len(h)-1]
		h = h[:len(h)-1]
		if len(h) > 0 {
			siftDown(h, last)
		}
	}
	cs.last[n] = h
	return 0, -1
}

// grow decides whether the caps above p let it hold one student more (its
// unit alloc[p]+1, given that p's own choice function wants it). When a cap
// above p is full, the unit competes with the units held under the lowest
// full cap: the last in unit order loses (the greedy on a laminar matroid,
// kept up to date by one exchange). It returns whether p gains the seat,
// and the position that gives up its last seat in exchange, or -1. It takes
// O(depth·log U) amortised time for U units held under a cap.
func (cs *capState) grow(p int32) (gain bool, loser int32) {
	in := cs.in
	full := int32(-1)
	for n := in.capOf[p]; n >= 0; n = in.capNodes[n].parent {
		if cs.count[n] >= in.capNodes[n].cap {
			full = n
			break
		}
	}
	loser = -1
	if full >= 0 {
		key, q := cs.lastUnder(full)
		if q < 0 || key < in.unitKey(p, cs.alloc[p]+1) {
			return false, -1
		}
		loser = q
		cs.set(q, cs.alloc[q]-1)
	}
	cs.set(p, cs.alloc[p]+1)
	return true, loser
}

// allocate runs the caps' greedy from scratch for the positions under cap
// node root, whose demands are demand[q]: each position gets units up to
// its target, then round robin, while no cap above it is full. It writes
// alloc[q] and uses count as scratch (by cap node). In a round the seats
// positions need for their guaranteed students come first (see unitKey). Each round visits only
// the positions still short of their demand and not yet stopped by a full
// cap (caps only fill, so a stopped position stays stopped), in O(U + N)
// time for U units handed out and N positions under root.
func (in *Instance) allocate(root int32, demand, alloc, count []int32) {
	under := in.under(root)
	for _, q := range under {
		alloc[q] = 0
		for n := in.capOf[q]; n >= 0; n = in.capNodes[n].parent {
			count[n] = 0
		}
	}
	take := func(q int32) bool {
		for n := in.capOf[q]; n >= 0; n = in.capNodes[n].parent {
			if count[n] >= in.capNodes[n].cap {
				return false
			}
		}
		alloc[q]++
		for n := in.capOf[q]; n >= 0; n = in.capNodes[n].parent {
			count[n]++
		}
		return true
	}
	active := make([]int32, 0, len(under))
	for phase := range 3 {
		limit := func(q int32) int32 { // units of the phase: up to the guaranteed, the target, then the demand (unitKey's order)
			switch phase {
			case 0:
				return min(demand[q], in.guarCount(q))
			case 1:
				return min(demand[q], max(in.target[q], in.guarCount(q)))
			}
			return demand[q]
		}
		active = active[:0]
		for _, q := range under {
			if alloc[q] < limit(q) {
				active = append(active, q)
			}
		}
		for len(active) > 0 && count[root] < in.capNodes[root].cap {
			j := 0
			for _, q := range active { // one round, in position order
				if take(q) && alloc[q] < limit(q) {
					active[j] = q
					j++
				}
			}
			active = active[:j]
		}
	}
}

// handBack takes back one of position q's seats under the caps (for
// position-proposing deferred acceptance, when q's demand has fallen below
// its seats) and gives it to the position whose next unit comes first
// among those that no full cap blocks any more: deleting a unit from the
// greedy's ground set swaps it for at most one other. It returns that
// position, or -1. alloc, demand (by position) and count (by cap node) are
// the greedy's state. It takes O(depth) time when no cap above q is full,
// else O(N·depth) for N positions under the highest full one.
func (in *Instance) handBack(q int32, demand, alloc, count []int32) int32 {
	// Only a position blocked by a full cap above q can take the seat
	// (any other already has what it demands): look under the highest.
	full := int32(-1)
	alloc[q]--
	for n := in.capOf[q]; n >= 0; n = in.capNodes[n].parent {
		if count[n] >= in.capNodes[n].cap {
			full = n
		}
		count[n]--
	}
	if full < 0 {
		return -1
	}
	best, to := uint64(1<<64-1), int32(-1)
	for _, r := range in.under(full) {
		if alloc[r] >= demand[r] {
			continue
		}
		free := true
		for n := in.capOf[r]; n >= 0; n = in.capNodes[n].parent {
			if count[n] >= in.capNodes[n].cap {
				free = false
				break
			}
		}
		if key := in.unitKey(r, alloc[r]+1); free && key < best {
			best, to = key, r
		}
	}
	if to >= 0 {
		alloc[to]++
		for n := in.capOf[to]; n >= 0; n = in.capNodes[n].parent {
			count[n]++
		}
	}
	return to
}

// CapUse is one cap's line of [Result.Caps].
type CapUse struct {
	// Enterprise and Region index the enterprise or the region the cap
	// belongs to; the other is -1.
	Enterprise, Region int
	// Cap is the cap; Placed the students placed under it.
	Cap, Placed int
}

// Caps returns, for each enterprise and then each region with a cap, in
// cohort order, the students the result places under it. O(P + S).
func (r *Result) Caps() []CapUse {
	in := r.inst
	out := []CapUse{}
	if !in.HasCaps() {
		return out
	}
	fill := r.Fill()
	for n, nd := range in.capNodes {
		u := CapUse{Enterprise: int(nd.ent), Region: int(nd.region), Cap: int(nd.cap)}
		for _, q := range in.under(int32(n)) {
			u.Placed += fill[q]
		}
		out = append(out, u)
	}
	// Nodes are regions first, then enterprises: list enterprises first.
	var ents, regs []CapUse
	for _, u := range out {
		if u.Enterprise >= 0 {
			ents = append(ents, u)
		} else {
			regs = append(regs, u)
		}
	}
	return append(ents, regs...)
}
