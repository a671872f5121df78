package matching_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/placement-engine/placement/internal/cohorttest"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// tinyReserveCohort draws a cohort small enough to enumerate every
// matching, with reserved seats: two counties, two enterprises each
// sponsoring an order class, sometimes a special post, and positions
// reserving seats for special-post students, order-class members or a
// county's students, with either rule for unused seats. Draws that the
// model rejects (a special-post student without a post, for instance) are
// redrawn; the count of redraws is returned.
func tinyReserveCohort(rng *rand.Rand) (*model.Cohort, int, error) {
	for tries := 0; ; tries++ {
		c, err := drawReserveCohort(rng)
		if err == nil || tries == 100 {
			return c, tries, err
		}
	}
}

func drawReserveCohort(rng *rand.Rand) (*model.Cohort, error) {
	return model.New(drawReserveData(rng), nil)
}

func drawReserveData(rng *rand.Rand) model.Data {
	nS, nP := 2+rng.IntN(5), 1+rng.IntN(3)
	if rng.IntN(2) == 0 { // dense markets, where the two sides' optima differ
		nS, nP = 5+rng.IntN(2), 2+rng.IntN(2)
	}
	d := model.Data{
		Regions:      []model.Region{{ID: "C1", Kind: model.County}, {ID: "C2", Kind: model.County}},
		Enterprises:  []model.Enterprise{{ID: "E1", Region: "C1"}, {ID: "E2", Region: "C2"}},
		OrderClasses: []model.OrderClass{{ID: "O1", Enterprise: "E1"}, {ID: "O2", Enterprise: "E2"}},
		Majors:       []model.Major{{ID: "M1"}, {ID: "M2"}},
	}
	spSeats := map[string]int{}
	for p := range nP {
		e := rng.IntN(2)
		pos := model.Position{ID: fmt.Sprintf("p%d", p+1), Enterprise: d.Enterprises[e].ID, Capacity: 1 + rng.IntN(3)}
		if nS >= 5 {
			pos.Capacity = 1 + rng.IntN(2)
		}
		if p == 0 && rng.IntN(3) == 0 {
			pos.SpecialPost = true
			spSeats[d.Enterprises[e].Region] += pos.Capacity
		}
		if rng.IntN(8) == 0 {
			pos.Majors = []string{"M1"}
		}
		cats := []model.Category{
			{Kind: model.SpecialPostCategory},
			{Kind: model.OrderClassCategory, ID: d.OrderClasses[e].ID},
			{Kind: model.CountyCategory, ID: "C1"},
			{Kind: model.CountyCategory, ID: "C2"},
		}
		pos.Reserved = cohorttest.Reserves(rng, pos.Capacity, cats)
		if rng.IntN(3) > 0 {
			pos.Ranking = cohorttest.Ranking(rng, nS, 6)
		}
		d.Positions = append(d.Positions, pos)
	}
	for s := range nS {
		st := model.Student{ID: fmt.Sprintf("s%d", s+1), Score: float64(1 + rng.IntN(3)), Major: "M1"}
		if rng.IntN(4) == 0 {
			st.Major = "M2"
		}
		if r := rng.IntN(3); r < 2 {
			st.Region = d.Regions[r].ID
		}
		if o := rng.IntN(3); o < 2 {
			st.OrderClass = d.OrderClasses[o].ID
		}
		if st.Region != "" && spSeats[st.Region] > 0 && rng.IntN(2) == 0 {
			st.SpecialPost = true
			spSeats[st.Region]--
		}
		st.Choices = randomList(rng, nP)
		d.Students = append(d.Students, st)
	}
	return d
}

// slotOracle states the choice function of a position with slot-specific
// priorities the naive way: one slot at a time, in precedence order, each
// taking the best remaining student under its own priority.
type slotOracle struct {
	oracle
	order matching.ReserveOrder
}

type oneSlot struct {
	cat       *model.Category // nil for an open slot
	stayEmpty bool
}

func (o slotOracle) slots(p int) []oneSlot {
	pos := o.c.Positions()[p]
	var res []oneSlot
	open := pos.Capacity
	for i := range pos.Reserved {
		r := &pos.Reserved[i]
		for range r.Seats {
			res = append(res, oneSlot{cat: &r.Category, stayEmpty: r.Unused == model.StayEmpty})
		}
		open -= r.Seats
	}
	opens := make([]oneSlot, open)
	if o.order == matching.OpenFirst {
		return append(opens, res...)
	}
	return append(res, opens...)
}

// choose returns the students of set that p takes.
func (o slotOracle) choose(p int, set []int) []int {
	var chosen []int
	left := slices.Clone(set)
	for _, sl := range o.slots(p) {
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
			if member != bMember {
				if member {
					best = i
				}
				continue
			}
			if o.better(p, s, b) {
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

func (o slotOracle) stable(m []int) bool {
	nP := len(o.c.Positions())
	held := make([][]int, nP)
	for s, p := range m {
		if p >= 0 {
			held[p] = append(held[p], s)
		}
	}
	for p := range nP {
		if !slices.Equal(o.choose(p, held[p]), held[p]) {
			return false
		}
	}
	for s := range m {
		for p := range nP {
			if !o.acceptable(s, p) || o.pref(s, p) >= o.pref(s, m[s]) {
				continue
			}
			if slices.Contains(o.choose(p, append(slices.Clone(held[p]), s)), s) {
				return false
			}
		}
	}
	return true
}

// TestBruteForceReserves enumerates every matching of thousands of tiny
// random cohorts with reserved seats, keeps those stable under
// slot-specific priorities (by the naive choice function above), and checks
// that student-proposing DA gives a stable matching that every student
// weakly prefers to every other stable one (the student-optimal stable
// matching), that position-proposing DA gives a stable matching that every
// student likes least and that every position chooses over any other
// stable one (the position-optimal stable matching), and that Check finds
// a problem exactly in the matchings that are not stable. It also checks
// every result's cutoffs and refusals (checkExplain).
func TestBruteForceReserves(t *testing.T) {
	seeds := 6000
	if testing.Short() {
		seeds = 1500
	}
	ctx := context.Background()
	withReserves, specialPost, matchings, redraws, differ := 0, 0, 0, 0, 0
	kinds := map[matching.RefusalKind]int{}
	leftOpen := 0
	defer func() {
		t.Logf("refusals by kind: %v; special-post students left out beside a free special post: %d", kinds, leftOpen)
		t.Logf("%d instances (%d with reserves, %d with special-post students, %d redraws), %d stable matchings, %d where the two sides differ",
			seeds, withReserves, specialPost, redraws, matchings, differ)
	}()
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(uint64(seed), 11))
		c, tries, err := tinyReserveCohort(rng)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		redraws += tries
		order := matching.ReserveOrder(rng.IntN(2))
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{
			TieBreak: matching.TieBreak(rng.IntN(2)), Seed: rng.Uint64(), ReserveOrder: order})
		if err != nil {
			t.Fatal(err)
		}
		if inst.HasReserves() {
			withReserves++
		}
		for _, st := range c.Students() {
			if st.SpecialPost {
				specialPost++
				break
			}
		}
		o := slotOracle{oracle: oracle{c: c, inst: inst}, order: order}
		tag := fmt.Sprintf("seed %d (%v)", seed, order)
		stable := stableMatchings(t, tag, inst, o.all(), o.stable, true)
		matchings += len(stable)
		sr, pr, sm, pm := bothSides(t, tag, inst, stable, o.pref)
		if !slices.Equal(sm, pm) {
			differ++
		}
		for _, m := range stable {
			// Position-optimal by the positions' choice functions: from
			// what it gets in both, each position chooses what it gets
			// under position-da.
			for p := range c.Positions() {
				var both, got []int
				for s := range m {
					if pm[s] == p {
						got = append(got, s)
					}
					if pm[s] == p || m[s] == p {
						both = append(both, s)
					}
				}
				if !slices.Equal(o.choose(p, both), got) {
					t.Fatalf("seed %d (%v): position %d prefers (by its choice) stable %v to position-da %v", seed, order, p, m, pm)
				}
			}
		}
		for _, r := range []*matching.Result{sr, pr} {
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("seed %d: %v: %v", seed, r.Mechanism(), f)
			}
			checkExplain(t, o, r, kinds)
			for s := range c.Students() {
				if r.Reason(s) == matching.SpecialPostLeftOpen {
					leftOpen++
				}
			}
		}
	}
}

// FuzzReserves draws a tiny cohort with reserves from a fuzzed seed and
// checks that both mechanisms give results that pass the checkers, are
// stable for the naive slot-by-slot choice functions, and explain
// themselves consistently.
func FuzzReserves(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed, uint8(seed%2))
	}
	f.Fuzz(func(t *testing.T, seed uint64, order uint8) {
		c, _, err := tinyReserveCohort(rand.New(rand.NewPCG(seed, 13)))
		if err != nil {
			t.Skip(err)
		}
		ro := matching.ReserveOrder(order % 2)
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: seed, ReserveOrder: ro})
		if err != nil {
			t.Fatal(err)
		}
		o := slotOracle{oracle: oracle{c: c, inst: inst}, order: ro}
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
			checkExplain(t, o, r, map[matching.RefusalKind]int{})
		}
	})
}
