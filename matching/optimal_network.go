package matching

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/model"
)

// The network of the optimal allocation (see SolveOptimal for what it
// means). Nodes, in this order:
//
//   - students 0..S-1, each with supply 1;
//   - the sink, S, with demand S (supply −S);
//   - positions S+1..S+P;
//   - group nodes: one for each enterprise with a cap (and positions), then
//     one for each region with a cap or a floor;
//   - the unplaced pool, which the students who stay unplaced pass through
//     on their way to the sink;
//   - seat nodes of the positions with reserves whose unused seats stay
//     empty: for each, one node for its open seats, one for each such
//     reserve, and one for each combination of those reserves that some
//     applicant belongs to.
//
// Arcs, in this order (so that arc k is acceptable pair k of the instance):
//
//   - one arc a pair, student → position (or → the position's seat node
//     for the applicant's memberships), bounds [0, 1];
//   - one arc a student who may stay unplaced, student → pool, [0, 1]
//     (the students who must be placed have none: special-post students
//     in a main round, the students who accepted or hold a seat in a
//     round);
//   - seat arcs: membership node → each reserve it belongs to and → open
//     seats (unbounded), reserve node → position [0, seats], open-seat node
//     → position [0, capacity − seats held empty];
//   - one arc a position, position → its innermost group or the sink,
//     [minimum fill, capacity];
//   - one arc a group, → its parent group or the sink: [0, cap] for an
//     enterprise, [floor, cap or unbounded] for a region;
//   - in a round (Instance.Round), one slack arc a minimum fill or floor,
//     the reverse of its position or region arc, [0, fill or floor], at
//     the cost of the criterion "short of minimum fills and floors" (see
//     Objective): a unit round it makes the quota's arc carry one unit
//     more than the students who go there, so it counts one student short;
//     its cycle touches no other arc, so no cap counts it. The lower bound
//     stays a bound of the network, and can always be met;
//   - pool → sink, [0, students who may stay unplaced].
//
// The pool arc carries the least cost of staying unplaced of any student,
// and each student's unplaced arc only the rest (0 under rank-sum): the
// same cost for every flow, but the searches of the flow solver, which
// start from the sink, then meet the pool once, far away, instead of every
// student's costly unplaced arc at the sink, in every phase until the last.
//
// Enterprise and region groups must nest (laminar families): an enterprise
// whose positions are all in one region sits inside that region's group; a
// region all of whose positions belong to one enterprise that spans several
// regions sits inside that enterprise's group. Any other overlap between an
// enterprise with a cap and a region with a cap or floor cannot be
// expressed by a flow and is refused with a *CrossingQuotasError.

// Node kinds of the network, for names and diagnoses.
const (
	nodeStudent uint8 = iota
	nodeSink
	nodePosition
	nodeEnterprise
	nodeRegion
	nodeMembers // a combination of reserves held empty at a position
	nodeOpen    // a position's seats open to everyone
	nodeReserve // a position's reserve held empty
	nodePool    // the students who stay unplaced, on their way to the sink
)

// Arc kinds of the network.
const (
	arcPair uint8 = iota
	arcUnplaced
	arcMembers  // members node → reserve or open-seat node (unbounded)
	arcReserve  // reserve node → position: the reserve's seats
	arcOpen     // open-seat node → position: the seats open to everyone
	arcPosition // position → parent: [min fill, capacity]
	arcEnterprise
	arcRegion
	arcPool  // pool → sink
	arcShort // a round's slack of a minimum fill or floor: parent → position or region
)

// netNode describes a node other than a student.
type netNode struct {
	kind uint8
	ref  int32 // position, enterprise or region index; -1 for the sink
	res  int32 // reserve index (nodeReserve), or the membership mask's index (nodeMembers)
}

// structArc is an arc after the pair and unplaced arcs.
type structArc struct {
	from, to int32
	low, cap int64
	kind     uint8
	ref      int32 // position, enterprise or region index
	res      int32 // reserve index for arcReserve, else -1
}

// cost returns the arc's cost in a phase whose pool arc costs pool and
// whose slack arcs cost short a unit (see phaseCosts.shortWeight): only
// those cost anything among the structural arcs.
func (sa *structArc) cost(pool, short int64) int64 {
	switch sa.kind {
	case arcPool:
		return pool
	case arcShort:
		return short
	}
	return 0
}

// layout is the shape of the network of an instance: which node each arc
// joins and its bounds before any phase fixes it. It does not depend on the
// objective, only on the instance and the cohort's quotas.
type layout struct {
	inst  *Instance
	nS    int
	nodes int
	info  []netNode // node v ≥ nS is info[v-nS]

	entry []int32 // head of pair arc k; nil when every pair enters its position node
	must  []bool  // students who must be placed (see mustPlace); nil when none
	// special marks, in a round, the special-post students, whom the
	// criterion "special-post students placed" counts; nil in a main round
	// (where they must be placed) and when the cohort has none.
	special  []bool
	unplaced []int32 // arc of each student's unplaced arc, -1 for none
	nUnpl    int
	pool     int32 // the unplaced pool's node
	arcs     []structArc
	masks    [][]int32 // reserves of each membership node, by its res index
	// short is the sum of the bounds of the slack arcs (arcShort), the
	// most students any allocation of a round can be short of its minimum
	// fills and floors: 0 in a main round, where they are hard.
	short int64
}

func (l *layout) sink() int32           { return int32(l.nS) }
func (l *layout) posNode(p int32) int32 { return int32(l.nS) + 1 + p }
func (l *layout) numArcs() int          { return l.inst.Pairs() + l.nUnpl + len(l.arcs) }
func (l *layout) firstStruct() int      { return l.inst.Pairs() + l.nUnpl }

// head returns the node pair arc k enters.
func (l *layout) head(k int) int32 {
	if l.entry != nil {
		return l.entry[k]
	}
	return l.posNode(l.inst.arcs[k].pos)
}

// mustPlace reports whether student s of inst must be placed: in a main
// round (round false), a special-post student (the group's promise); in a
// round, a student who accepted or holds a seat (the round's promise to
// them; their compiled list stops at that seat, so they are placed there or
// at a choice ranked above it). As a hard constraint, not a cost: the
// student has no unplaced arc, so every phase's network keeps them placed
// and the costs stay those of the objective. In a round the special-post
// promise is the objective's first criterion instead ("special-post
// students placed", see objectiveCriteria): the seats kept from the
// previous round may leave it no room.
func mustPlace(inst *Instance, round bool, s int) bool {
	if !round {
		return inst.cohort.StudentSpecialPost(s)
	}
	return guaranteed(inst, s)
}

// guaranteed reports whether student s of inst accepted or holds a seat in
// inst's round.
func guaranteed(inst *Instance, s int) bool {
	a := inst.Standing(s).Answer
	return a == model.Accept || a == model.Hold
}

// CrossingQuotasError reports an enterprise with a cap whose positions lie
// in several regions, one of which has a cap or a floor and also holds
// positions of other enterprises: the two quotas count overlapping but
// different sets of positions, which no flow network can express, so the
// optimal allocation refuses the cohort rather than give a wrong answer.
type CrossingQuotasError struct {
	Crossings []Crossing
}

// Crossing is one enterprise whose cap crosses regional quotas.
type Crossing struct {
	Enterprise string   // enterprise ID
	Regions    []string // IDs of the regions its positions lie in ("" for none)
	Quotas     []string // IDs of those regions with a cap or a floor
}

func (e *CrossingQuotasError) Error() string {
	var b strings.Builder
	b.WriteString("matching: optimal allocation: quotas that cross cannot be expressed as a flow: ")
	for i, c := range e.Crossings {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "enterprise %q (with a cap) has positions in regions %s, and region(s) %s (with a cap or floor) also hold other enterprises' positions",
			c.Enterprise, quoteAll(c.Regions), quoteAll(c.Quotas))
	}
	return b.String()
}

func quoteAll(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return strings.Join(q, ", ")
}

// newLayout lays out the network of inst. It returns a *CrossingQuotasError
// when enterprise caps and regional quotas cross. O(S + P + C) time, plus the
// memberships of the applicants of positions whose reserves stay empty.
func newLayout(ctx context.Context, inst *Instance) (*layout, error) {
	c := inst.cohort
	nS, nP := inst.Students(), inst.Positions()
	positions := c.Positions()
	ents, regs := c.Enterprises(), c.Regions()
	l := &layout{inst: inst, nS: nS, unplaced: make([]int32, nS)}
	l.info = append(l.info, netNode{kind: nodeSink, ref: -1})
	for p := range nP {
		l.info = append(l.info, netNode{kind: nodePosition, ref: int32(p)})
	}

	// Students who must be placed, and the unplaced arcs of the others.
	round := inst.round != nil
	for s := range nS {
		if round && inst.cohort.StudentSpecialPost(s) {
			if l.special == nil {
				l.special = make([]bool, nS)
			}
			l.special[s] = true
		}
		if mustPlace(inst, round, s) {
			if l.must == nil {
				l.must = make([]bool, nS)
			}
			l.must[s] = true
			l.unplaced[s] = -1
			continue
		}
		l.unplaced[s] = int32(inst.Pairs() + l.nUnpl)
		l.nUnpl++
	}

	// Groups. An enterprise counts when it has a cap, a region when it has
	// a cap or a floor.
	entCon := func(e int) bool { return e >= 0 && ents[e].Cap > 0 }
	regCon := func(r int) bool { return r >= 0 && (regs[r].Cap > 0 || regs[r].Floor > 0) }
	regPositions := make([]int, len(regs))
	entRegion := make([]int, len(ents)) // the one region of its positions, -2 for several, -3 for none
	for e := range entRegion {
		entRegion[e] = -3
	}
	type er struct{ e, r int }
	entRegCount := map[er]int{}
	for p := range nP {
		e, r := c.PositionEnterprise(p), c.PositionRegion(p)
		if r >= 0 {
			regPositions[r]++
		}
		if e < 0 {
			continue
		}
		switch entRegion[e] {
		case -3:
			entRegion[e] = r
		case r, -2:
		default:
			entRegion[e] = -2
		}
		if entCon(e) {
			entRegCount[er{e, r}]++
		}
	}
	var crossing []Crossing
	regParentEnt := make([]int, len(regs)) // a region nested in a multi-region enterprise
	for r := range regParentEnt {
		regParentEnt[r] = -1
	}
	for e := range ents {
		if !entCon(e) || entRegion[e] != -2 {
			continue
		}
		var in, bad []int
		for r := -1; r < len(regs); r++ {
			n := entRegCount[er{e, r}]
			if n == 0 {
				continue
			}
			in = append(in, r)
			if regCon(r) {
				if n == regPositions[r] {
					regParentEnt[r] = e
				} else {
					bad = append(bad, r)
				}
			}
		}
		if len(bad) > 0 {
			cr := Crossing{Enterprise: ents[e].ID}
			for _, r := range in {
				if r < 0 {
					cr.Regions = append(cr.Regions, "")
				} else {
					cr.Regions = append(cr.Regions, regs[r].ID)
				}
			}
			for _, r := range bad {
				cr.Quotas = append(cr.Quotas, regs[r].ID)
			}
			crossing = append(crossing, cr)
		}
	}
	if crossing != nil {
		return nil, &CrossingQuotasError{Crossings: crossing}
	}
	entNode := make([]int32, len(ents))
	regNode := make([]int32, len(regs))
	for e := range ents {
		entNode[e] = -1
		if entCon(e) && entRegion[e] != -3 {
			entNode[e] = int32(nS + len(l.info))
			l.info = append(l.info, netNode{kind: nodeEnterprise, ref: int32(e)})
		}
	}
	for r := range regs {
		regNode[r] = -1
		if regCon(r) {
			regNode[r] = int32(nS + len(l.info))
			l.info = append(l.info, netNode{kind: nodeRegion, ref: int32(r)})
		}
	}
	l.pool = int32(nS + len(l.info))
	l.info = append(l.info, netNode{kind: nodePool, ref: -1})

	// Seats held empty for reserves: the membership gadget.
	type heldRes struct {
		res   int32
		seats int64
	}
	posParent := make([]int32, nP)
	for p := range nP {
		if p&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("matching: optimal: %w", err)
			}
		}
		pos := &positions[p]
		open := int64(inst.capacity[p])
		var held []heldRes
		left := open
		for i, r := range pos.Reserved {
			seats := int64(min(max(r.Seats, 0), int(left)))
			left -= seats
			if r.Unused == model.StayEmpty && seats > 0 {
				held = append(held, heldRes{int32(i), seats})
				open -= seats
			}
		}
		if len(held) > 0 {
			if l.entry == nil {
				entry := make([]int32, inst.Pairs())
				for k, pa := range inst.arcs[:len(entry)] {
					entry[k] = l.posNode(pa.pos)
				}
				l.entry = entry
			}
			openNode := int32(nS + len(l.info))
			l.info = append(l.info, netNode{kind: nodeOpen, ref: int32(p)})
			l.arcs = append(l.arcs, structArc{from: openNode, to: l.posNode(int32(p)), low: 0, cap: open, kind: arcOpen, ref: int32(p), res: -1})
			resNode := make([]int32, len(held))
			for j, h := range held {
				resNode[j] = int32(nS + len(l.info))
				l.info = append(l.info, netNode{kind: nodeReserve, ref: int32(p), res: h.res})
				l.arcs = append(l.arcs, structArc{from: resNode[j], to: l.posNode(int32(p)), low: 0, cap: h.seats, kind: arcReserve, ref: int32(p), res: h.res})
			}
			memberNode := map[uint64]int32{}
			for _, en := range inst.ents[inst.pStart[p]:inst.pStart[p+1]] {
				var mask uint64
				for j, h := range held {
					if c.StudentInCategory(int(en.stu), pos.Reserved[h.res].Category) {
						mask |= 1 << j
					}
				}
				if mask == 0 {
					l.entry[en.arc] = openNode
					continue
				}
				v, ok := memberNode[mask]
				if !ok {
					v = int32(nS + len(l.info))
					memberNode[mask] = v
					var list []int32
					for j := range held {
						if mask&(1<<j) != 0 {
							list = append(list, held[j].res)
							l.arcs = append(l.arcs, structArc{from: v, to: resNode[j], low: 0, cap: flow.Infinite, kind: arcMembers, ref: int32(p), res: held[j].res})
						}
					}
					l.arcs = append(l.arcs, structArc{from: v, to: openNode, low: 0, cap: flow.Infinite, kind: arcMembers, ref: int32(p), res: -1})
					l.info = append(l.info, netNode{kind: nodeMembers, ref: int32(p), res: int32(len(l.masks))})
					l.masks = append(l.masks, list)
				}
				l.entry[en.arc] = v
			}
		}

		// The position's chain of groups.
		e, r := c.PositionEnterprise(p), c.PositionRegion(p)
		switch {
		case entCon(e) && (entRegion[e] != -2 || !regCon(r)):
			posParent[p] = entNode[e] // the enterprise is inside the region, or the region has no quota
		case regCon(r):
			posParent[p] = regNode[r] // the region is inside the enterprise, or the enterprise has no cap
		default:
			posParent[p] = l.sink()
		}
	}
	for p := range nP {
		pos := &positions[p]
		l.arcs = append(l.arcs, structArc{from: l.posNode(int32(p)), to: posParent[p],
			low: int64(min(max(pos.MinFill, 0), int(inst.capacity[p]))), cap: int64(inst.capacity[p]), kind: arcPosition, ref: int32(p), res: -1})
	}
	for e := range ents {
		if entNode[e] < 0 {
			continue
		}
		parent := l.sink()
		if r := entRegion[e]; r >= 0 && regCon(r) {
			parent = regNode[r]
		}
		l.arcs = append(l.arcs, structArc{from: entNode[e], to: parent, low: 0, cap: int64(ents[e].Cap), kind: arcEnterprise, ref: int32(e), res: -1})
	}
	for r := range regs {
		if regNode[r] < 0 {
			continue
		}
		parent := l.sink()
		if e := regParentEnt[r]; e >= 0 {
			parent = entNode[e]
		}
		capa := flow.Infinite
		if regs[r].Cap > 0 {
			capa = int64(regs[r].Cap)
		}
		l.arcs = append(l.arcs, structArc{from: regNode[r], to: parent, low: int64(max(regs[r].Floor, 0)), cap: capa, kind: arcRegion, ref: int32(r), res: -1})
	}
	if inst.Round() != nil {
		// A round's minimum fills and floors: kept as far as the seats kept
		// allow (the criterion "short of minimum fills and floors").
		for i := range l.arcs {
			if sa := l.arcs[i]; (sa.kind == arcPosition || sa.kind == arcRegion) && sa.low > 0 {
				l.arcs = append(l.arcs, structArc{from: sa.to, to: sa.from, low: 0, cap: sa.low, kind: arcShort, ref: sa.ref, res: -1})
				l.short += sa.low
			}
		}
	}
	l.arcs = append(l.arcs, structArc{from: l.pool, to: l.sink(), low: 0, cap: int64(l.nUnpl), kind: arcPool, ref: -1, res: -1})
	l.nodes = nS + len(l.info)
	if l.nodes > flow.MaxNodes || l.numArcs() > flow.MaxArcs {
		return nil, fmt.Errorf("matching: optimal: the network of %d nodes and %d arcs exceeds the flow solver's limits", l.nodes, l.numArcs())
	}
	return l, nil
}

// hard returns l without its slack arcs and with the minimum fills and
// floors they relax at 0: the network of the same real flows, whose
// infeasibility the diagnosis explains without slack arcs in its cuts. l
// itself when it has none.
func (l *layout) hard() *layout {
	if l.short == 0 {
		return l
	}
	h := *l
	h.short = 0
	h.arcs = nil
	for _, sa := range l.arcs {
		switch sa.kind {
		case arcShort:
			continue
		case arcPosition, arcRegion:
			sa.low = 0
		}
		h.arcs = append(h.arcs, sa)
	}
	return &h
}

// shortfall returns how many students the allocation pos (a position a
// student, -1 for none) leaves short of the minimum fills and floors that
// the slack arcs relax: the criterion "short of minimum fills and floors".
func (l *layout) shortfall(pos []int32) int64 {
	if l.short == 0 {
		return 0
	}
	c := l.inst.cohort
	fill := make([]int64, l.inst.Positions())
	regFill := make([]int64, len(c.Regions()))
	for _, p := range pos {
		if p >= 0 {
			fill[p]++
			if r := c.PositionRegion(int(p)); r >= 0 {
				regFill[r]++
			}
		}
	}
	var short int64
	for _, sa := range l.arcs {
		if sa.kind != arcShort {
			continue
		}
		var have int64
		if l.info[sa.to-int32(l.nS)].kind == nodePosition {
			have = fill[sa.ref]
		} else {
			have = regFill[sa.ref]
		}
		short += max(sa.cap-have, 0)
	}
	return short
}

// nodeName names node v for diagnoses and DIMACS comments.
func (l *layout) nodeName(v int) string {
	c := l.inst.cohort
	if v < l.nS {
		return "student " + c.Students()[v].ID
	}
	n := l.info[v-l.nS]
	switch n.kind {
	case nodeSink:
		return "sink"
	case nodePool:
		return "students left unplaced"
	case nodePosition:
		return "position " + c.Positions()[n.ref].ID
	case nodeEnterprise:
		return "enterprise " + c.Enterprises()[n.ref].ID
	case nodeRegion:
		return "region " + c.Regions()[n.ref].ID
	case nodeOpen:
		return "position " + c.Positions()[n.ref].ID + " open seats"
	case nodeReserve:
		return "position " + c.Positions()[n.ref].ID + " seats held for " + c.Positions()[n.ref].Reserved[n.res].Category.String()
	case nodeMembers:
		var cats []string
		for _, i := range l.masks[n.res] {
			cats = append(cats, c.Positions()[n.ref].Reserved[i].Category.String())
		}
		return "position " + c.Positions()[n.ref].ID + " applicants in " + strings.Join(cats, " and ")
	}
	return fmt.Sprintf("node %d", v)
}

// Arc states after a phase: free, or fixed at one of its bounds by
// complementary slackness.
const (
	arcFree uint8 = iota
	arcAtLow
	arcAtCap
)

// bounds returns the bounds of arc a under the fixings of fixed (nil: none).
func (l *layout) bounds(a int, fixed []uint8) (low, capa int64) {
	switch f := l.firstStruct(); {
	case a < f:
		low, capa = 0, 1
	default:
		sa := &l.arcs[a-f]
		low, capa = sa.low, sa.cap
	}
	if fixed != nil {
		switch fixed[a] {
		case arcAtLow:
			capa = low
		case arcAtCap:
			low = capa
		}
	}
	return low, capa
}

// network builds the flow network with the fixings of fixed (nil: none)
// and the costs of pc (see phaseCosts.costsOf) on the pair and unplaced
// arcs, less the pool arc's cost (phaseCosts.poolCost), on that arc, and 0
// elsewhere (pc nil: every cost 0). Every student
// supplies one unit; the sink takes them all. Arc a of the layout is arc a
// of the network.
func (l *layout) network(ctx context.Context, fixed []uint8, pc *phaseCosts) (*flow.Network, error) {
	net, _, err := l.build(ctx, fixed, pc, false)
	return net, err
}

// reduced builds the network like network but leaves out every arc whose
// bounds are equal (after the fixings), moving its flow into the supplies
// of its ends: an equivalent problem with the same nodes, so the same
// potentials, and after a phase much smaller. netArc[a] is the network's
// index of layout arc a, or -1 when it was left out.
func (l *layout) reduced(ctx context.Context, fixed []uint8, pc *phaseCosts) (*flow.Network, []int32, error) {
	return l.build(ctx, fixed, pc, true)
}

func (l *layout) build(ctx context.Context, fixed []uint8, pc *phaseCosts, drop bool) (*flow.Network, []int32, error) {
	inst := l.inst
	net := flow.NewNetwork(l.nodes)
	var netArc []int32
	if drop {
		netArc = make([]int32, l.numArcs())
	} else {
		net.Grow(l.numArcs())
	}
	// The supplies go straight into the network (|supply| ≤ students: no
	// overflow), the arcs left out moving theirs.
	for s := range l.nS {
		net.SetSupply(s, 1)
	}
	net.SetSupply(int(l.sink()), -int64(l.nS))
	for v := l.nS; v < l.nodes; v++ {
		net.SetName(v, l.nodeName(v))
	}
	add := func(a int, from, to int32, cost int64) error {
		low, capa := l.bounds(a, fixed)
		if drop && low == capa {
			net.SetSupply(int(from), net.Supply(int(from))-low)
			net.SetSupply(int(to), net.Supply(int(to))+low)
			netArc[a] = -1
			return nil
		}
		got, err := net.AddArc(int(from), int(to), low, capa, cost)
		if err != nil {
			return fmt.Errorf("matching: optimal: %w", err)
		}
		if drop {
			netArc[a] = int32(got)
		} else if got != a {
			panic("matching: optimal: arc numbering out of step") // a bug in this file
		}
		return nil
	}
	// unplCost[s] is student s's cost of staying unplaced; nil when it is
	// flat[0] − base[s] (see addPairArcs).
	var unplCost, flat, base []int64
	pool := pc.poolCost(l)
	if f, b, ok := pc.flatCosts(); ok && fixed == nil && !drop {
		// Every pair arc as it is: [0, 1] (the common case).
		if err := l.addPairArcs(ctx, net, f, b); err != nil {
			return nil, nil, err
		}
		flat, base = f, b
	} else {
		unplCost = make([]int64, l.nS)
		var buf []int64
		for s := range l.nS {
			if s&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, nil, fmt.Errorf("matching: optimal: %w", err)
				}
			}
			var costs []int64
			costs, unplCost[s] = pc.costsOf(l, s, buf)
			buf = costs[:0]
			for j, k := 0, inst.sStart[s]; k < inst.sStart[s+1]; j, k = j+1, k+1 {
				if err := add(int(k), int32(s), l.head(int(k)), costs[j]); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	for s, a := range l.unplaced {
		if a < 0 {
			continue
		}
		var c int64
		if unplCost != nil {
			c = unplCost[s]
		} else {
			c = flat[0] - base[s] + pc.spExtra(l, s)
		}
		if fixed == nil && !drop { // [0, 1], written out
			got, err := net.AddArc(s, int(l.pool), 0, 1, c-pool)
			if err != nil {
				return nil, nil, fmt.Errorf("matching: optimal: %w", err)
			}
			if got != int(a) {
				panic("matching: optimal: arc numbering out of step") // a bug in this file
			}
		} else if err := add(int(a), int32(s), l.pool, c-pool); err != nil {
			return nil, nil, err
		}
	}
	short := pc.shortWeight()
	for i, sa := range l.arcs {
		if err := add(l.firstStruct()+i, sa.from, sa.to, sa.cost(pool, short)); err != nil {
			return nil, nil, err
		}
	}
	return net, netArc, nil
}

// addPairArcs is build's pass over the students when no arc is fixed and
// the costs come from a table by rank (see phaseCosts.flatCosts): it adds
// every student's pair arcs, [0, 1], those of a student in one batch, with
// the costs flat[r] − base[s] for rank r (staying unplaced costs flat[0]
// − base[s]). A function of its own, with fewer variables than build to
// keep in registers.
func (l *layout) addPairArcs(ctx context.Context, net *flow.Network, flat, base []int64) error {
	inst := l.inst
	var costs []int64
	var heads []int32
	for s := range l.nS {
		if s&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("matching: optimal: %w", err)
			}
		}
		lo, hi := inst.sStart[s], inst.sStart[s+1]
		b := base[s]
		ranks := inst.arcRank[lo:hi]
		costs = rankCosts(costs, ranks, flat, b)
		if l.entry != nil {
			heads = l.entry[lo:hi]
		} else {
			heads = slices.Grow(heads[:0], len(ranks))[:len(ranks)]
			for j, pa := range inst.arcs[lo:hi][:len(heads)] {
				heads[j] = l.posNode(pa.pos)
			}
		}
		if _, err := net.AddUnitArcs(s, heads, costs); err != nil {
			return fmt.Errorf("matching: optimal: %w", err)
		}
	}
	return nil
}

// rankCosts returns, in buf, the costs flat[r] − base of pair arcs of ranks
// ranks. Not inlined: the loop then keeps its index in a register.
//
//go:noinline
func rankCosts(buf []int64, ranks []int32, flat []int64, base int64) []int64 {
	costs := slices.Grow(buf[:0], len(ranks))[:len(ranks)]
	for j, r := range ranks {
		costs[j] = flat[r] - base
	}
	return costs
}

// fix fixes the arcs that complementary slackness with the potentials pot
// pins to a bound: every optimal flow of a network carries its lower bound
// on an arc of positive reduced cost and its capacity on one of negative
// reduced cost, so the flows of the fixed network are exactly the optimal
// flows of the phase's network. That network is the layout's under the
// fixings of fixed (nil: none) with the costs of pc; netArc gives its arc of
// each layout arc (nil: the same index; -1: left out, so already fixed). The
// arcs' ends, bounds and costs come from the layout and pc, not from the
// network, so that SolveOptimal need not keep the network while the solver
// runs. It returns fixed updated (allocated when nil).
func (l *layout) fix(pc *phaseCosts, netArc []int32, pot []int64, fixed []uint8) ([]uint8, error) {
	inst := l.inst
	if fixed == nil {
		fixed = make([]uint8, l.numArcs())
	}
	visit := func(a int, from, to int32, cost int64) error {
		if fixed[a] != arcFree || (netArc != nil && netArc[a] < 0) {
			return nil
		}
		rc, ok := reducedCost(cost, pot[from], pot[to])
		if !ok {
			return fmt.Errorf("matching: optimal: %w: reduced cost of arc %d", flow.ErrOverflow, a)
		}
		switch {
		case rc > 0:
			fixed[a] = arcAtLow
		case rc < 0:
			if _, capa := l.bounds(a, fixed); capa == flow.Infinite {
				return fmt.Errorf("matching: optimal: arc %d of infinite capacity has a negative reduced cost", a)
			}
			fixed[a] = arcAtCap
		}
		return nil
	}
	var buf []int64
	pool := pc.poolCost(l)
	for s := range l.nS {
		costs, unpl := pc.costsOf(l, s, buf)
		buf = costs[:0]
		for j, k := 0, inst.sStart[s]; k < inst.sStart[s+1]; j, k = j+1, k+1 {
			if err := visit(int(k), int32(s), l.head(int(k)), costs[j]); err != nil {
				return nil, err
			}
		}
		if a := l.unplaced[s]; a >= 0 {
			if err := visit(int(a), int32(s), l.pool, unpl-pool); err != nil {
				return nil, err
			}
		}
	}
	short := pc.shortWeight()
	for i, sa := range l.arcs {
		if err := visit(l.firstStruct()+i, sa.from, sa.to, sa.cost(pool, short)); err != nil {
			return nil, err
		}
	}
	return fixed, nil
}

// reducedCost returns cost + pu − pv, with ok false if it overflows int64.
func reducedCost(cost, pu, pv int64) (rc int64, ok bool) {
	s := cost + pu
	if (s > cost) != (pu > 0) {
		return 0, false
	}
	d := s - pv
	if (d < s) != (pv > 0) {
		return 0, false
	}
	return d, true
}

// flows returns the flow of every layout arc from a solution of the
// network netArc maps to (nil: the same indices).
func (l *layout) flows(res *flow.Result, netArc []int32, fixed []uint8) []int64 {
	if netArc == nil {
		return res.Flow
	}
	out := make([]int64, len(netArc))
	for a, na := range netArc {
		if na >= 0 {
			out[a] = res.Flow[na]
		} else {
			out[a], _ = l.bounds(a, fixed)
		}
	}
	return out
}

// placementsOf reads the placement of every student from the flows of the
// pair arcs.
func (l *layout) placementsOf(fl []int64) (pos, rank []int32) {
	inst := l.inst
	pos = make([]int32, l.nS)
	rank = make([]int32, l.nS)
	for s := range l.nS {
		pos[s] = -1
		for k := inst.sStart[s]; k < inst.sStart[s+1]; k++ {
			if fl[k] > 0 {
				pos[s], rank[s] = inst.arcs[k].pos, inst.arcRank[k]
				break
			}
		}
	}
	return pos, rank
}
