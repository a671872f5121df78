package flow

import (
	"fmt"
	"math"
	"strconv"
)

// Infinite is the capacity of an arc without an upper bound. Only such arcs can
// carry an unbounded amount of flow, so only cycles made of them can make a
// problem unbounded.
const Infinite int64 = math.MaxInt64

// Limits on the size of networks and on the magnitude of costs. They keep every
// intermediate quantity of the solver (reduced costs, distances, potentials)
// inside int64 without a check in the inner loops; values beyond them are
// rejected with an error wrapping ErrOverflow.
const (
	// MaxNodes is the largest number of nodes a Network may have.
	MaxNodes = 1<<30 - 1
	// MaxArcs is the largest number of arcs a Network may have.
	MaxArcs = 1<<30 - 1
	// MaxCost is the largest absolute value of an arc cost (2^60).
	MaxCost int64 = 1 << 60
)

// Network is a directed network with integer lower bounds, capacities and
// costs on its arcs and integer supplies on its nodes. Nodes are numbered
// 0..NumNodes()-1 and arcs 0..NumArcs()-1 in the order they were added.
// Parallel arcs and self-loops are allowed.
//
// A supply s > 0 means the node produces s units, s < 0 that it consumes -s
// units (a demand). A feasible flow x satisfies low ≤ x ≤ cap on every arc and,
// at every node, outflow − inflow = supply.
//
// The zero Network has no nodes; use NewNetwork. A Network is not safe for
// concurrent modification, but Solve and Check only read it, so any number of
// them may run at once on the same network.
type Network struct {
	from, to []int32
	// The lower bounds of the arcs from lowFrom on (arc a at a-lowFrom),
	// nil while every lower bound is zero: lowFrom is the first arc with
	// one, and the arcs before take no storage (on placement networks,
	// the pair and unplaced arcs: 8 bytes an arc).
	low     []int64
	lowFrom int
	// Capacities and costs take 4 bytes an arc while they fit in int32
	// (cap32, with -1 for Infinite, and cost32), and 8 from the first arc
	// whose value does not (capacity and cost, non-nil from then on): on
	// placement networks that saves 8 bytes an arc, 0.17 GB on the
	// 1,000,000-student network. Read them with capAt and costAt.
	//
	// The leading run of arcs of capacity 1, arcs 0..ones-1, takes no
	// storage: cap32 and capacity hold the capacities of the arcs from
	// ones on (arc a at a-ones). Assignment networks start that way: the
	// placement network's pair and unplaced arcs, 0.08 GB on the
	// 1,000,000-student network. (Tests that set another capacity inside
	// the run spell it out: spellOnes.)
	ones     int
	cap32    []int32
	capacity []int64
	cost32   []int32
	cost     []int64
	supply   []int64
	names    nodeNames

	// What the solver's set-up would otherwise find by a pass over every
	// arc, kept by AddArc and AddUnitArcs (the package never changes an
	// arc once added; tests that do call summarize).
	deg     []int32 // deg[v]: arcs with v as tail, plus arcs with v as head
	negInf  bool    // some arc of infinite capacity has a negative cost
	negCost bool    // some arc has a negative cost
	minCost bool    // some arc costs MinInt32 (its reverse's cost does not fit int32)
	wideCap bool    // some finite capacity minus lower bound is MaxInt32 or more
	// special lists the arcs that do not start empty at zero potentials:
	// those with a lower bound or a negative cost, in order; nil with
	// manySpecial once they pass an eighth of the arcs (the set-up then
	// looks at every arc).
	special     []int32
	manySpecial bool
}

// capAt returns the capacity of arc a (Infinite for none).
func (net *Network) capAt(a int) int64 {
	if a < net.ones {
		return 1
	}
	a -= net.ones
	if net.capacity != nil {
		return net.capacity[a]
	}
	if q := net.cap32[a]; q >= 0 {
		return int64(q)
	}
	return Infinite
}

// costAt returns the cost of arc a.
func (net *Network) costAt(a int) int64 {
	if net.cost != nil {
		return net.cost[a]
	}
	return int64(net.cost32[a])
}

// widenCap moves the capacities to 8 bytes an arc.
func (net *Network) widenCap() {
	c := make([]int64, len(net.cap32), max(cap(net.cap32), 1))
	for a, q := range net.cap32 {
		if q < 0 {
			c[a] = Infinite
		} else {
			c[a] = int64(q)
		}
	}
	net.capacity, net.cap32 = c, nil
}

// widenCost moves the costs to 8 bytes an arc.
func (net *Network) widenCost() {
	c := make([]int64, len(net.cost32), max(cap(net.cost32), 1))
	for a, x := range net.cost32 {
		c[a] = int64(x)
	}
	net.cost, net.cost32 = c, nil
}

// NewNetwork returns a network with n nodes, no arcs and zero supplies.
// It panics if n < 0 or n > MaxNodes (a programmer error).
func NewNetwork(n int) *Network {
	if n < 0 || n > MaxNodes {
		panic(fmt.Sprintf("flow: NewNetwork(%d): node count out of range [0, %d]", n, MaxNodes))
	}
	return &Network{supply: make([]int64, n), deg: make([]int32, n)}
}

// Grow makes room for m more arcs, so that adding them does not grow the
// arrays that hold them (the end of a leading run of unit capacities and
// the first lower bound still allocate the capacities' and the lower
// bounds' arrays, with the room left).
// It is only a hint; m ≤ 0 does nothing.
func (net *Network) Grow(m int) {
	if m <= 0 || m > MaxArcs {
		return
	}
	grow32 := func(s []int32) []int32 {
		t := make([]int32, len(s), len(s)+m)
		copy(t, s)
		return t
	}
	grow64 := func(s []int64) []int64 {
		t := make([]int64, len(s), len(s)+m)
		copy(t, s)
		return t
	}
	net.from = grow32(net.from)
	net.to = grow32(net.to)
	switch {
	case net.ones == len(net.from):
		// Still in the leading run of unit arcs: the capacities get
		// the room left in from when the run ends (AddArc), if it does.
	case net.capacity != nil:
		net.capacity = grow64(net.capacity)
	default:
		net.cap32 = grow32(net.cap32)
	}
	if net.cost != nil {
		net.cost = grow64(net.cost)
	} else {
		net.cost32 = grow32(net.cost32)
	}
	if net.low != nil {
		net.low = grow64(net.low)
	}
}

// NumNodes returns the number of nodes.
func (net *Network) NumNodes() int { return len(net.supply) }

// NumArcs returns the number of arcs.
func (net *Network) NumArcs() int { return len(net.from) }

// AddArc adds an arc from node from to node to with lower bound low, capacity
// capa (Infinite for none) and cost per unit, and returns its index. It returns
// an error, and adds nothing, if a node is out of range, if low < 0 or
// low > capa, if low is Infinite, if |cost| > MaxCost (wrapping ErrOverflow), or
// if the network already has MaxArcs arcs. Amortised O(1).
func (net *Network) AddArc(from, to int, low, capa, cost int64) (int, error) {
	// The common case first, with no call and no append: an arc of the
	// leading run of unit arcs (capacity 1, no lower bound) with a cost in
	// [0, MaxInt32], while Grow's room lasts (the pair and unplaced arcs
	// of a placement network).
	if capa == 1 && low == 0 && uint64(cost) <= math.MaxInt32 &&
		uint(from) < uint(len(net.deg)) && uint(to) < uint(len(net.deg)) { // len(deg) = len(supply)
		id := len(net.from)
		if fr, tt, c32 := net.unitSlots(1); fr != nil {
			fr[0], tt[0], c32[0] = int32(from), int32(to), int32(cost)
			net.deg[from]++
			net.deg[to]++
			return id, nil
		}
	}
	return net.addArc(from, to, low, capa, cost)
}

// AddUnitArcs adds an arc from node from to each node of to, in order, with
// lower bound 0, capacity 1 and cost cost[i] for the arc to to[i], and
// returns the index of the first (the others follow it): what a call of
// AddArc(from, int(to[i]), 0, 1, cost[i]) for each i would do, and with the
// same errors, but that on an error it adds none of the arcs (it returns
// -1 and the error AddArc would return for the first arc it refuses).
// Arcs of costs in [0, MaxInt32] that extend the leading run of unit arcs
// within Grow's room (a student's pair arcs on a placement network) go in
// with one check and one loop for all of them, not a call each.
// It panics if len(cost) ≠ len(to) (a programmer error). O(len(to)),
// amortised.
func (net *Network) AddUnitArcs(from int, to []int32, cost []int64) (first int, err error) {
	if len(cost) != len(to) {
		panic(fmt.Sprintf("flow: AddUnitArcs: %d heads but %d costs", len(to), len(cost)))
	}
	first = len(net.from)
	if len(to) == 0 {
		return first, nil
	}
	// Check every arc first, so that an error adds nothing. AddArc
	// checks the tail, the head, then the cost, then MaxArcs: the first
	// arc it would refuse is the first with a bad head or cost, or arc 0
	// for a bad tail (arcError then names the tail whatever the head), or
	// the one that passes MaxArcs. fast says whether every cost is in
	// [0, MaxInt32].
	n := uint(len(net.deg)) // = len(supply)
	k := min(len(to), MaxArcs-first)
	fast := true
	for i, v := range to[:k] {
		if c := cost[i]; uint(v) >= n || uint64(c) > math.MaxInt32 {
			if uint(v) >= n || c > MaxCost || c < -MaxCost {
				return -1, net.arcError(from, int(v), 0, 1, c)
			}
			fast = false
		}
	}
	if uint(from) >= n {
		return -1, net.arcError(from, int(to[0]), 0, 1, cost[0])
	}
	if k < len(to) {
		return -1, net.arcError(from, int(to[k]), 0, 1, cost[k])
	}
	if fast {
		if fr, tt, c32 := net.unitSlots(len(to)); fr != nil {
			fr, tt, c32, cost = fr[:len(to)], tt[:len(to)], c32[:len(to)], cost[:len(to)]
			deg := net.deg
			for i, v := range to {
				fr[i], tt[i], c32[i] = int32(from), v, int32(cost[i])
				deg[v]++
			}
			deg[from] += int32(len(to))
			return first, nil
		}
	}
	for i, v := range to {
		if _, err := net.AddArc(from, int(v), 0, 1, cost[i]); err != nil {
			panic("flow: AddUnitArcs: " + err.Error()) // checked above: a bug in this file
		}
	}
	return first, nil
}

// unitSlots makes room for k more arcs in the leading run of unit arcs, if
// that takes no other storage and no allocation: the run has not ended, no
// arc has a lower bound or a cost in int64, Grow left the room, and MaxArcs
// is not passed. It then lengthens from, to and cost32 over the new arcs,
// and the run with them, and returns their slots in those arrays (from
// index NumArcs() before the call), for the caller to fill with their
// tails and heads (in range) and costs (in [0, MaxInt32]) and to count
// their degrees: such arcs start empty and are not wide, so no other
// summary changes.
// Otherwise it changes nothing and returns nil slices. k must be positive.
func (net *Network) unitSlots(k int) (fr, tt, c32 []int32) {
	id := len(net.from)
	end := id + k // (len(cost32) = id while cost is nil, and cost32 nil once it is not)
	if id != net.ones || net.low != nil || end > min(cap(net.from), cap(net.to), cap(net.cost32), MaxArcs) {
		return nil, nil, nil
	}
	net.from, net.to, net.cost32 = net.from[:end], net.to[:end], net.cost32[:end] // lengths only: no write barrier
	net.ones = end
	return net.from[id:], net.to[id:], net.cost32[id:]
}

// addArc is AddArc for any arc.
func (net *Network) addArc(from, to int, low, capa, cost int64) (int, error) {
	n := len(net.supply)
	if uint(from) >= uint(n) || uint(to) >= uint(n) || low < 0 || low > capa || low == Infinite ||
		cost > MaxCost || cost < -MaxCost || len(net.from) >= MaxArcs {
		return -1, net.arcError(from, to, low, capa, cost)
	}
	id := len(net.from)
	net.from = append(net.from, int32(from))
	net.to = append(net.to, int32(to))
	switch {
	case id == net.ones && capa == 1:
		net.ones++ // the leading run of unit arcs goes on
	case net.capacity != nil:
		net.capacity = append(net.capacity, capa)
	default:
		if net.cap32 == nil {
			net.cap32 = make([]int32, 0, cap(net.from)-id) // the end of the run: the room Grow made
		}
		switch {
		case capa == Infinite:
			net.cap32 = append(net.cap32, -1)
		case capa <= math.MaxInt32:
			net.cap32 = append(net.cap32, int32(capa))
		default:
			net.widenCap()
			net.capacity = append(net.capacity, capa)
		}
	}
	switch {
	case net.cost != nil:
		net.cost = append(net.cost, cost)
	case cost >= math.MinInt32 && cost <= math.MaxInt32:
		net.cost32 = append(net.cost32, int32(cost))
	default:
		net.widenCost()
		net.cost = append(net.cost, cost)
	}
	if low != 0 && net.low == nil {
		net.low, net.lowFrom = make([]int64, 0, cap(net.from)-id), id // with the room Grow made
	}
	if net.low != nil {
		net.low = append(net.low, low)
	}
	net.deg[from]++
	net.deg[to]++
	if capa >= math.MaxInt32 || low|cost>>63 != 0 { // a lower bound, a negative cost or a wide capacity
		net.noteRare(id, low, capa, cost) // out of line: few arcs are so
	}
	return id, nil
}

// arcError says why AddArc refuses an arc.
func (net *Network) arcError(from, to int, low, capa, cost int64) error {
	n := len(net.supply)
	switch {
	case from < 0 || from >= n:
		return fmt.Errorf("flow: arc tail %d out of range [0, %d)", from, n)
	case to < 0 || to >= n:
		return fmt.Errorf("flow: arc head %d out of range [0, %d)", to, n)
	case low < 0:
		return fmt.Errorf("flow: arc %d->%d: negative lower bound %d", from, to, low)
	case low > capa:
		return fmt.Errorf("flow: arc %d->%d: lower bound %d exceeds capacity %d", from, to, low, capa)
	case low == Infinite:
		return fmt.Errorf("flow: arc %d->%d: infinite lower bound", from, to)
	case cost > MaxCost || cost < -MaxCost:
		return fmt.Errorf("%w: arc %d->%d: |cost| %d exceeds MaxCost", ErrOverflow, from, to, cost)
	}
	return fmt.Errorf("flow: too many arcs (max %d)", MaxArcs)
}

// noteRare adds to the summaries the solver's set-up reads (see Network)
// an arc with a lower bound, a negative cost or a capacity beyond int32.
func (net *Network) noteRare(a int, low, capa, cost int64) {
	if capa != Infinite && capa-low >= math.MaxInt32 {
		net.wideCap = true
	}
	if low != 0 || cost < 0 {
		net.noteSpecial(a, capa, cost)
	}
}

// noteSpecial is noteRare for an arc that starts away from zero (out of line:
// few arcs are).
func (net *Network) noteSpecial(a int, capa, cost int64) {
	if cost < 0 {
		net.negCost = true
		net.negInf = net.negInf || capa == Infinite
		net.minCost = net.minCost || cost == math.MinInt32
	}
	if net.manySpecial {
		return
	}
	if len(net.special) >= 64 && len(net.special) >= len(net.from)/8 {
		net.special, net.manySpecial = nil, true
	} else {
		net.special = append(net.special, int32(a))
	}
}

// Arc returns the endpoints, lower bound, capacity and cost of arc a.
// It panics if a is out of range.
func (net *Network) Arc(a int) (from, to int, low, cap, cost int64) {
	return int(net.from[a]), int(net.to[a]), net.Low(a), net.capAt(a), net.costAt(a)
}

// Low returns the lower bound of arc a.
func (net *Network) Low(a int) int64 {
	if net.low == nil || a < net.lowFrom {
		_ = net.from[a] // bounds check
		return 0
	}
	return net.low[a-net.lowFrom]
}

// SetSupply sets the supply of node v (negative for a demand).
// It panics if v is out of range (a programmer error).
func (net *Network) SetSupply(v int, s int64) { net.supply[v] = s }

// Supply returns the supply of node v.
func (net *Network) Supply(v int) int64 { return net.supply[v] }

// SetName names node v; names appear in error messages and diagnoses.
// It panics if v is out of range (a programmer error).
func (net *Network) SetName(v int, name string) {
	_ = net.supply[v]
	nn := &net.names
	if nn.list == nil || v < nn.from {
		// The table starts at the first node named: none before it
		// (on placement networks, the students) takes room. Grown
		// downwards, it at least doubles, so that naming the nodes in
		// any order stays linear.
		from := v
		if nn.list != nil {
			from = max(0, min(v, nn.from-len(nn.list)))
		}
		list := make([]string, len(net.supply)-from)
		if nn.list != nil {
			copy(list[nn.from-from:], nn.list)
		}
		nn.list, nn.from = list, from
	}
	nn.list[v-nn.from] = name
}

// nodeNames holds the names SetName gave: list[v-from] is node v's, for v
// from on; list is nil while no node has a name.
type nodeNames struct {
	list []string
	from int
}

// Name returns the name of node v: the one set by SetName or, if none, its
// DIMACS number v+1 in decimal.
func (net *Network) Name(v int) string {
	_ = net.supply[v]
	return nodeName(net.names, v)
}

// nodeName is Name for a network whose names are names.
func nodeName(names nodeNames, v int) string {
	if v >= names.from && names.list != nil && names.list[v-names.from] != "" {
		return names.list[v-names.from]
	}
	return strconv.Itoa(v + 1)
}

// Clone returns a deep copy of the network.
func (net *Network) Clone() *Network {
	c := &Network{
		from:     append([]int32(nil), net.from...),
		to:       append([]int32(nil), net.to...),
		ones:     net.ones,
		cap32:    append([]int32(nil), net.cap32...),
		capacity: append([]int64(nil), net.capacity...),
		cost32:   append([]int32(nil), net.cost32...),
		cost:     append([]int64(nil), net.cost...),
		supply:   append([]int64(nil), net.supply...),
		deg:      append([]int32(nil), net.deg...),
		negInf:   net.negInf, negCost: net.negCost, minCost: net.minCost, wideCap: net.wideCap,
		special: append([]int32(nil), net.special...), manySpecial: net.manySpecial,
	}
	if net.low != nil {
		c.low, c.lowFrom = append([]int64(nil), net.low...), net.lowFrom
	}
	if net.names.list != nil {
		c.names = nodeNames{append([]string(nil), net.names.list...), net.names.from}
	}
	return c
}
