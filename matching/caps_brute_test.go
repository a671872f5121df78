package matching_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// drawCapCohort draws a tiny cohort with enterprise and regional caps
// (and, when reserves is set, reserved seats, special posts and order
// classes too): three enterprises, two in county C1, caps small enough to
// bind, and sometimes explicit targets.
func drawCapCohort(rng *rand.Rand, reserves bool) (*model.Cohort, error) {
	return model.New(drawCapData(rng, reserves), nil)
}

// drawCapData draws the data of drawCapCohort.
func drawCapData(rng *rand.Rand, reserves bool) model.Data {
	d := drawReserveData(rng)
	d.Enterprises = append(d.Enterprises, model.Enterprise{ID: "E3", Region: "C1"})
	for i := range d.Positions {
		pos := &d.Positions[i]
		if !reserves {
			pos.Reserved, pos.SpecialPost = nil, false
		}
		if !pos.SpecialPost && rng.IntN(3) == 0 {
			pos.Enterprise = "E3"
		}
		if rng.IntN(4) == 0 {
			pos.Target = rng.IntN(pos.Capacity + 1)
		}
	}
	if !reserves {
		for i := range d.Students {
			d.Students[i].SpecialPost = false
		}
	}
	for i := range d.Enterprises {
		if rng.IntN(2) == 0 {
			d.Enterprises[i].Cap = 1 + rng.IntN(3)
		}
	}
	for i := range d.Regions {
		if rng.IntN(2) == 0 {
			d.Regions[i].Cap = 1 + rng.IntN(4)
		}
	}
	return d
}

// capOracle states the caps' choice function the naive way, from the
// definition in caps.go: each position's demand from its own slot-by-slot
// choice function, then seats handed out round by round, up to the
// targets and then beyond, skipping a position when a cap above it is
// full, and each position keeping its choice cut to the seats it got.
type capOracle struct {
	slotOracle
	entCap, regCap []int // by position: the cap of its enterprise and region, 0 for none
	ent, reg       []int // by position: enterprise and region indices
	target         []int
}

func newCapOracle(c *model.Cohort, inst *matching.Instance, order matching.ReserveOrder) capOracle {
	o := capOracle{slotOracle: slotOracle{oracle: oracle{c: c, inst: inst}, order: order}}
	nP := len(c.Positions())
	entSeats, regSeats := map[int]int{}, map[int]int{}
	for p, pos := range c.Positions() {
		e, r := c.PositionEnterprise(p), c.PositionRegion(p)
		o.ent, o.reg = append(o.ent, e), append(o.reg, r)
		ec, rc := 0, 0
		if e >= 0 {
			ec = c.Enterprises()[e].Cap
		}
		if r >= 0 {
			rc = c.Regions()[r].Cap
		}
		o.entCap, o.regCap = append(o.entCap, ec), append(o.regCap, rc)
		entSeats[e] += pos.Capacity
		regSeats[r] += pos.Capacity
	}
	// A cap under which some position sets a target takes the planner's
	// targets (0 where unset).
	set := map[[2]int]bool{}
	for p, pos := range c.Positions() {
		if pos.Target > 0 {
			set[[2]int{0, o.ent[p]}], set[[2]int{1, o.reg[p]}] = true, true
		}
	}
	o.target = make([]int, nP)
	for p, pos := range c.Positions() {
		t := pos.Capacity
		switch {
		case o.entCap[p] > 0 && set[[2]int{0, o.ent[p]}] || o.regCap[p] > 0 && set[[2]int{1, o.reg[p]}]:
			t = min(t, pos.Target)
		default:
			if o.entCap[p] > 0 && entSeats[o.ent[p]] > 0 {
				t = min(t, o.entCap[p]*pos.Capacity/entSeats[o.ent[p]])
			}
			if o.regCap[p] > 0 && regSeats[o.reg[p]] > 0 {
				t = min(t, o.regCap[p]*pos.Capacity/regSeats[o.reg[p]])
			}
		}
		o.target[p] = t
	}
	return o
}

// chooseUpTo is the slot-by-slot choice function stopping after budget
// students.
func (o capOracle) chooseUpTo(p int, set []int, budget int) []int {
	var chosen []int
	left := slices.Clone(set)
	for _, sl := range o.slots(p) {
		if len(chosen) == budget {
			break
		}
		best := -1
		for i, s := range left {
			member := sl.cat == nil || sl.cat.Includes(&o.c.Students()[s])
			if !member && sl.stayEmpty {
				continue
			}
			if best < 0 {
				best = i
				continue
			}
			b := left[best]
			bMember := sl.cat == nil || sl.cat.Includes(&o.c.Students()[b])
			switch {
			case member != bMember:
				if member {
					best = i
				}
			case o.better(p, s, b):
				best = i
			}
		}
		if best >= 0 {
			chosen = append(chosen, left[best])
			left = slices.Delete(left, best, best+1)
		}
	}
	slices.Sort(chosen)
	return chosen
}

// chooseAll is the choice of every position at once, given each one's
// applicants.
func (o capOracle) chooseAll(apps [][]int) [][]int {
	nP := len(apps)
	demand := make([]int, nP)
	for p := range nP {
		demand[p] = len(o.chooseUpTo(p, apps[p], o.c.Positions()[p].Capacity))
	}
	got := make([]int, nP)
	entFill, regFill := map[int]int{}, map[int]int{}
	full := func(p int) bool {
		return o.entCap[p] > 0 && entFill[o.ent[p]] >= o.entCap[p] || o.regCap[p] > 0 && regFill[o.reg[p]] >= o.regCap[p]
	}
	capped := func(p int) bool { return o.entCap[p] > 0 || o.regCap[p] > 0 }
	for phase := range 2 {
		for round := 1; round <= 10; round++ {
			for p := range nP {
				if !capped(p) {
					continue
				}
				limit := min(demand[p], o.target[p])
				if phase == 1 {
					limit = demand[p]
				}
				if got[p] < limit && (phase == 1 || got[p] < round) && !full(p) {
					got[p]++
					entFill[o.ent[p]]++
					regFill[o.reg[p]]++
				}
			}
		}
	}
	out := make([][]int, nP)
	for p := range nP {
		budget := demand[p]
		if capped(p) {
			budget = got[p]
		}
		out[p] = o.chooseUpTo(p, apps[p], budget)
	}
	return out
}

func (o capOracle) stable(m []int) bool {
	nP := len(o.c.Positions())
	held := make([][]int, nP)
	for s, p := range m {
		if p >= 0 {
			held[p] = append(held[p], s)
		}
	}
	kept := o.chooseAll(held)
	for p := range nP {
		if !slices.Equal(kept[p], held[p]) {
			return false
		}
	}
	for s := range m {
		for p := range nP {
			if !o.acceptable(s, p) || o.pref(s, p) >= o.pref(s, m[s]) {
				continue
			}
			apps := slices.Clone(held)
			apps[p] = append(slices.Clone(held[p]), s)
			slices.Sort(apps[p])
			if slices.Contains(o.chooseAll(apps)[p], s) {
				return false
			}
		}
	}
	return true
}

// TestBruteForceCaps enumerates every matching of thousands of tiny random
// cohorts with enterprise and regional caps (half of them with reserves,
// special posts and order classes too), keeps those stable under the caps'
// choice functions (by the naive oracle above), and checks that
// student-proposing DA gives the stable matching every student weakly
// prefers to every other stable one, that position-proposing DA gives a
// stable matching every student likes least, that Check finds a problem
// exactly in the matchings that are not stable, and that every cap holds
// in every result.
func TestBruteForceCaps(t *testing.T) {
	seeds := 6000
	if testing.Short() {
		seeds = 1500
	}
	ctx := context.Background()
	withCaps, binding, matchings, differ, skipped := 0, 0, 0, 0, 0
	kinds := map[matching.RefusalKind]int{}
	defer func() {
		t.Logf("%d instances (%d with caps, %d where a cap refuses someone, %d redrawn), %d stable matchings, %d where the two sides differ; refusals %v",
			seeds, withCaps, binding, skipped, matchings, differ, kinds)
	}()
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(uint64(seed), 17))
		var c *model.Cohort
		for {
			var err error
			if c, err = drawCapCohort(rng, seed%2 == 1); err == nil {
				break
			}
			skipped++
		}
		order := matching.ReserveOrder(rng.IntN(2))
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{
			TieBreak: matching.TieBreak(rng.IntN(2)), Seed: rng.Uint64(), ReserveOrder: order})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if inst.HasCaps() {
			withCaps++
		}
		o := newCapOracle(c, inst, order)
		tag := fmt.Sprintf("seed %d (%v)", seed, order)
		stable := stableMatchings(t, tag, inst, o.all(), o.stable, true)
		matchings += len(stable)
		sr, pr, sm, pm := bothSides(t, tag, inst, stable, o.pref)
		if !slices.Equal(sm, pm) {
			differ++
		}
		for _, r := range []*matching.Result{sr, pr} {
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("seed %d: %v: %v", seed, r.Mechanism(), f)
			}
			checkExplain(t, o.slotOracle, r, kinds)
			for s := range c.Students() {
				for _, w := range r.Why(s) {
					if w.Kind == matching.RefusedCap {
						binding++
						break
					}
				}
			}
		}
	}
}

// FuzzCaps draws a tiny cohort with caps (and, for odd seeds, reserves,
// special posts and order classes) from a fuzzed seed and checks that both
// mechanisms give results that pass the checkers, are stable for the naive
// caps oracle, and explain themselves consistently.
func FuzzCaps(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed, uint8(seed%2))
	}
	f.Fuzz(func(t *testing.T, seed uint64, order uint8) {
		c, err := drawCapCohort(rand.New(rand.NewPCG(seed, 19)), seed%2 == 1)
		if err != nil {
			t.Skip(err)
		}
		ro := matching.ReserveOrder(order % 2)
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: seed, ReserveOrder: ro})
		if err != nil {
			t.Fatal(err)
		}
		o := newCapOracle(c, inst, ro)
		for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
			r, err := matching.Solve(context.Background(), inst, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("%v: %v", m, f)
			}
			if !o.stable(assignment(r)) {
				t.Fatalf("%v: %v is not stable", m, assignment(r))
			}
			checkExplain(t, o.slotOracle, r, map[matching.RefusalKind]int{})
		}
	})
}
