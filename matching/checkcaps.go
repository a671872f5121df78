package matching

import (
	"fmt"
	"slices"

	"github.com/placement-engine/placement/model"
)

// capCheck is the checkers' own statement of the caps (see caps.go for the
// definition), read from the cohort: the caps of enterprises and regions,
// the positions' capacities and targets, and the positions' choice
// functions as the checkers state them. It shares no code with the
// mechanisms: it runs the greedy over every unit at once, sorted, instead
// of the mechanisms' incremental exchanges.
type capCheck struct {
	entCap, regCap []int // 0 for none
	ent, reg       []int // by position: its enterprise and region, -1 for none
	target         []int // by position, for positions under a cap
	kept           []int // by position: students keeping a seat there in a round
	// alloc[p] is the seats the greedy gives p for what it holds;
	// takenEnt/takenReg list, by enterprise and region, the keys of the
	// units taken, in order.
	alloc              []int
	takenEnt, takenReg [][]uint64
}

// newCapCheck states the caps of inst's cohort; demand[p] is |C_p(μ(p))|
// for the allocation checked. It returns nil when nothing has a cap.
func newCapCheck(inst *Instance, demand []int) *capCheck {
	c := inst.Cohort()
	cc := &capCheck{}
	any := false
	for _, e := range c.Enterprises() {
		cc.entCap = append(cc.entCap, max(e.Cap, 0))
		any = any || e.Cap > 0
	}
	for _, r := range c.Regions() {
		cc.regCap = append(cc.regCap, max(r.Cap, 0))
		any = any || r.Cap > 0
	}
	if !any {
		return nil
	}
	positions := c.Positions()
	nP := len(positions)
	cc.ent, cc.reg, cc.target, cc.alloc = make([]int, nP), make([]int, nP), make([]int, nP), make([]int, nP)
	cc.kept = make([]int, nP)
	if r := inst.round; r != nil {
		for _, st := range r.Standings {
			if (st.Answer == model.Accept || st.Answer == model.Hold) && st.Seat >= 0 && int(st.Seat) < nP {
				cc.kept[st.Seat]++
			}
		}
	}
	entSeats, regSeats := make([]int, len(cc.entCap)), make([]int, len(cc.regCap))
	for p := range positions {
		cc.ent[p], cc.reg[p] = -1, -1
		if e := c.PositionEnterprise(p); e >= 0 && cc.entCap[e] > 0 {
			cc.ent[p] = e
			entSeats[e] += positions[p].Capacity
		}
		if r := c.PositionRegion(p); r >= 0 && cc.regCap[r] > 0 {
			cc.reg[p] = r
			regSeats[r] += positions[p].Capacity
		}
	}
	// Targets: the position's own where some position under one of its
	// caps sets one, else the least proportional share of its caps.
	entSet, regSet := make([]bool, len(cc.entCap)), make([]bool, len(cc.regCap))
	for p, pos := range positions {
		if e := cc.ent[p]; e >= 0 && pos.Target > 0 {
			entSet[e] = true
		}
		if r := cc.reg[p]; r >= 0 && pos.Target > 0 {
			regSet[r] = true
		}
	}
	for p, pos := range positions {
		if cc.ent[p] < 0 && cc.reg[p] < 0 {
			continue
		}
		t := pos.Capacity
		if cc.ent[p] >= 0 && entSet[cc.ent[p]] || cc.reg[p] >= 0 && regSet[cc.reg[p]] {
			t = min(t, pos.Target)
		} else {
			if e := cc.ent[p]; e >= 0 && entSeats[e] > 0 {
				t = min(t, cc.entCap[e]*pos.Capacity/entSeats[e])
			}
			if r := cc.reg[p]; r >= 0 && regSeats[r] > 0 {
				t = min(t, cc.regCap[r]*pos.Capacity/regSeats[r])
			}
		}
		cc.target[p] = t
	}
	// Every unit (p, k) for k ≤ demand[p], in unit order, taken when
	// neither cap above p is full.
	var units []uint64
	for p := range positions {
		if cc.ent[p] >= 0 || cc.reg[p] >= 0 {
			for k := 1; k <= demand[p]; k++ {
				units = append(units, cc.key(p, k))
			}
		}
	}
	slices.Sort(units)
	cc.takenEnt, cc.takenReg = make([][]uint64, len(cc.entCap)), make([][]uint64, len(cc.regCap))
	for _, u := range units {
		p := int(uint32(u))
		e, r := cc.ent[p], cc.reg[p]
		if e >= 0 && len(cc.takenEnt[e]) >= cc.entCap[e] || r >= 0 && len(cc.takenReg[r]) >= cc.regCap[r] {
			continue
		}
		cc.alloc[p]++
		if e >= 0 {
			cc.takenEnt[e] = append(cc.takenEnt[e], u)
		}
		if r >= 0 {
			cc.takenReg[r] = append(cc.takenReg[r], u)
		}
	}
	return cc
}

// key orders unit (p, k): phase (in a round, the seats of the students
// keeping one at p; up to the target; then beyond), round, position.
func (cc *capCheck) key(p, k int) uint64 {
	g := cc.kept[p]
	t := max(cc.target[p], g)
	switch {
	case k <= g:
		return uint64(k)<<32 | uint64(p)
	case k <= t:
		return 1<<61 | uint64(k-g)<<32 | uint64(p)
	}
	return 1<<62 | uint64(k-t)<<32 | uint64(p)
}

func (cc *capCheck) capped(p int) bool { return cc != nil && (cc.ent[p] >= 0 || cc.reg[p] >= 0) }

// extra reports whether the caps would give position p one unit more than
// the demand it has (its unit demand+1): no cap above p holds as many
// taken units before it as its cap.
func (cc *capCheck) extra(p, demand int) bool {
	u := cc.key(p, demand+1)
	before := func(taken []uint64) int {
		i, _ := slices.BinarySearch(taken, u)
		return i
	}
	if e := cc.ent[p]; e >= 0 && before(cc.takenEnt[e]) >= cc.entCap[e] {
		return false
	}
	if r := cc.reg[p]; r >= 0 && before(cc.takenReg[r]) >= cc.regCap[r] {
		return false
	}
	return true
}

// capFindings reports caps exceeded, given the students placed at each
// position (fill).
func (cc *capCheck) capFindings(inst *Instance, fill []int, add func(FindingKind, int, int, string, ...any)) {
	c := inst.Cohort()
	entFill, regFill := make([]int, len(cc.entCap)), make([]int, len(cc.regCap))
	for p, n := range fill {
		if e := cc.ent[p]; e >= 0 {
			entFill[e] += n
		}
		if r := cc.reg[p]; r >= 0 {
			regFill[r] += n
		}
	}
	for e, n := range entFill {
		if cc.entCap[e] > 0 && n > cc.entCap[e] {
			add(CapExceeded, -1, -1, "enterprise %q admits %d students for a cap of %d", c.Enterprises()[e].ID, n, cc.entCap[e])
		}
	}
	for r, n := range regFill {
		if cc.regCap[r] > 0 && n > cc.regCap[r] {
			add(CapExceeded, -1, -1, "region %q admits %d students for a cap of %d", c.Regions()[r].ID, n, cc.regCap[r])
		}
	}
}

// capsText names the caps above position p: `enterprise "E1" (cap 3), region "OOP" (cap 10)`.
func (cc *capCheck) capsText(inst *Instance, p int) string {
	c := inst.Cohort()
	var b []byte
	if e := cc.ent[p]; e >= 0 {
		b = fmt.Appendf(b, "enterprise %q (cap %d)", c.Enterprises()[e].ID, cc.entCap[e])
	}
	if r := cc.reg[p]; r >= 0 {
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = fmt.Appendf(b, "region %q (cap %d)", c.Regions()[r].ID, cc.regCap[r])
	}
	return string(b)
}
