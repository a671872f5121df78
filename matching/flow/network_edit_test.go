package flow

import "math"

// Test helpers that change a network's arcs in place, which the package
// itself never does (its summaries assume so: call summarize after).

// setCap sets the capacity of arc a, widening the storage if it must.
func (net *Network) setCap(a int, q int64) {
	if a < net.ones {
		if q == 1 {
			return
		}
		net.spellOnes()
	}
	a -= net.ones
	switch {
	case net.capacity != nil:
		net.capacity[a] = q
	case q == Infinite:
		net.cap32[a] = -1
	case q <= math.MaxInt32:
		net.cap32[a] = int32(q)
	default:
		net.widenCap()
		net.capacity[a] = q
	}
}

// setCost sets the cost of arc a, widening the storage if it must.
func (net *Network) setCost(a int, c int64) {
	switch {
	case net.cost != nil:
		net.cost[a] = c
	case c >= math.MinInt32 && c <= math.MaxInt32:
		net.cost32[a] = int32(c)
	default:
		net.widenCost()
		net.cost[a] = c
	}
}

// spellOnes stores the capacities of the leading run of unit arcs, which
// then ends.
func (net *Network) spellOnes() {
	k := net.ones
	net.ones = 0
	if net.capacity != nil {
		c := make([]int64, k+len(net.capacity), k+cap(net.capacity))
		copy(c[k:], net.capacity)
		for a := range k {
			c[a] = 1
		}
		net.capacity = c
		return
	}
	c := make([]int32, k+len(net.cap32), k+cap(net.cap32))
	copy(c[k:], net.cap32)
	for a := range k {
		c[a] = 1
	}
	net.cap32 = c
}

// summarize computes the summaries afresh, for tests that change arcs in
// place.
func (net *Network) summarize() {
	fresh := NewNetwork(net.NumNodes())
	for a := range net.from {
		f, t, low, capa, cost := net.Arc(a)
		if _, err := fresh.AddArc(f, t, low, capa, cost); err != nil {
			panic(err)
		}
	}
	net.deg, net.negInf, net.negCost, net.minCost, net.wideCap = fresh.deg, fresh.negInf, fresh.negCost, fresh.minCost, fresh.wideCap
	net.special, net.manySpecial = fresh.special, fresh.manySpecial
}
