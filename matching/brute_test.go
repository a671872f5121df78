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

// tinyCohort draws a cohort small enough to enumerate every matching: up to
// 6 students and 3 positions of 0 to 2 seats, scores in 1..3 (so ties are
// common), some positions with explicit rankings of some students, some
// restricted to one major or to a minimum score, and lists of any length.
func tinyCohort(rng *rand.Rand) (*model.Cohort, error) {
	nS, nP := 1+rng.IntN(6), 1+rng.IntN(3)
	if rng.IntN(2) == 0 { // dense markets, where the two sides' optima differ
		nS, nP = 4+rng.IntN(3), 2+rng.IntN(2)
	}
	d := model.Data{Majors: []model.Major{{ID: "M1"}, {ID: "M2"}}}
	for p := range nP {
		pos := model.Position{ID: fmt.Sprintf("p%d", p+1), Capacity: 1 + rng.IntN(2)}
		if rng.IntN(10) == 0 {
			pos.Capacity = 0
		}
		if rng.IntN(5) == 0 {
			pos.Majors = []string{"M1"}
		}
		if rng.IntN(6) == 0 {
			pos.MinScore = 2
		}
		if rng.IntN(3) > 0 {
			pos.Ranking = cohorttest.Ranking(rng, nS, 8)
		}
		d.Positions = append(d.Positions, pos)
	}
	for s := range nS {
		st := model.Student{ID: fmt.Sprintf("s%d", s+1), Score: float64(1 + rng.IntN(3)), Major: "M1"}
		if rng.IntN(3) == 0 {
			st.Major = "M2"
		}
		st.Choices = randomList(rng, nP)
		d.Students = append(d.Students, st)
	}
	return model.New(d, nil)
}

// randomList draws a student's list over positions p1..pnP: complete half
// the time, else of any length from 0, in random order.
func randomList(rng *rand.Rand, nP int) []string {
	k := rng.IntN(nP + 1)
	if rng.IntN(2) == 0 {
		k = nP
	}
	var list []string
	for _, p := range rng.Perm(nP)[:k] {
		list = append(list, fmt.Sprintf("p%d", p+1))
	}
	return list
}

// oracle is a naive, independent statement of the instance's preferences and
// priorities, read from the cohort and the instance's lottery draws.
type oracle struct {
	c    *model.Cohort
	inst *matching.Instance
}

// pref returns the place of p in s's list (lower is better), or len+1 for
// unplaced (p = -1).
func (o oracle) pref(s, p int) int {
	if p < 0 {
		return 1 << 20
	}
	return slices.Index(o.c.Choices(s), int32(p))
}

func (o oracle) acceptable(s, p int) bool {
	if !slices.Contains(o.c.Choices(s), int32(p)) || o.c.Eligibility(s, p) != model.Eligible {
		return false
	}
	if r, ok := o.c.Ranking(p); ok {
		return slices.Contains(r, int32(s))
	}
	return true
}

// better reports whether a has higher priority than b at p.
func (o oracle) better(p, a, b int) bool {
	if r, ok := o.c.Ranking(p); ok {
		return slices.Index(r, int32(a)) < slices.Index(r, int32(b))
	}
	sa, sb := o.c.Students()[a].Score, o.c.Students()[b].Score
	if sa != sb {
		return sa > sb
	}
	la, lb := o.inst.Lottery(a, p), o.inst.Lottery(b, p)
	if la != lb {
		return la < lb
	}
	return a < b
}

func (o oracle) stable(m []int) bool {
	nP := len(o.c.Positions())
	for s := range m {
		for p := range nP {
			if !o.acceptable(s, p) || o.pref(s, p) >= o.pref(s, m[s]) {
				continue
			}
			fill, blocks := 0, false
			for t := range m {
				if m[t] == p {
					fill++
					if o.better(p, s, t) {
						blocks = true
					}
				}
			}
			if fill < o.c.Positions()[p].Capacity || blocks {
				return false
			}
		}
	}
	return true
}

// all enumerates every feasible matching (acceptable pairs, capacities).
func (o oracle) all() [][]int {
	return enumerate(choiceOptions(o.c, o.acceptable), capacities(o.c), nil)
}

// enumerate returns every allocation m (m[s] a position, or -1 for
// unplaced) that gives each student s one of opts[s], in that order, keeps
// every position p within capacity[p] (nil: no limit, as it goes), and
// passes keep (nil: every one), in lexicographic order of the students'
// options. The brute-force oracles of this package share it; each says
// which pairs are acceptable and which allocations count.
func enumerate(opts [][]int, capacity []int, keep func(m []int) bool) [][]int {
	m := make([]int, len(opts))
	var fill []int
	if capacity != nil {
		fill = make([]int, len(capacity))
	}
	var out [][]int
	var rec func(s int)
	rec = func(s int) {
		if s == len(opts) {
			if keep == nil || keep(m) {
				out = append(out, slices.Clone(m))
			}
			return
		}
		for _, p := range opts[s] {
			if p >= 0 && fill != nil {
				if fill[p] >= capacity[p] {
					continue
				}
				fill[p]++
			}
			m[s] = p
			rec(s + 1)
			if p >= 0 && fill != nil {
				fill[p]--
			}
		}
	}
	rec(0)
	return out
}

// choiceOptions returns, for each student of c, -1 (unplaced) and then
// their choices p for which acceptable(s, p), in list order.
func choiceOptions(c *model.Cohort, acceptable func(s, p int) bool) [][]int {
	opts := make([][]int, c.NumStudents())
	for s := range opts {
		opts[s] = []int{-1}
		for _, q := range c.Choices(s) {
			if acceptable(s, int(q)) {
				opts[s] = append(opts[s], int(q))
			}
		}
	}
	return opts
}

// capacities returns the positions' capacities of c.
func capacities(c *model.Cohort) []int {
	cp := make([]int, len(c.Positions()))
	for p, pos := range c.Positions() {
		cp[p] = pos.Capacity
	}
	return cp
}

// sortedAdmits returns p's admitted students in m, highest priority first.
func (o oracle) sortedAdmits(m []int, p int) []int {
	var out []int
	for s, q := range m {
		if q == p {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b int) int {
		if o.better(p, a, b) {
			return -1
		}
		return 1
	})
	return out
}

// stableMatchings keeps the matchings of all that stable accepts and, when
// withCheck is set, fails the test where Check disagrees with stable on
// one. It fails the test when none is stable. tag names the instance in
// messages.
func stableMatchings(t testing.TB, tag string, inst *matching.Instance, all [][]int, stable func([]int) bool, withCheck bool) [][]int {
	t.Helper()
	var out [][]int
	for _, m := range all {
		ok := stable(m)
		if ok {
			out = append(out, m)
		}
		if withCheck {
			pl := make([]matching.Placement, len(m))
			for s, p := range m {
				pl[s] = matching.Placement{Student: s, Position: p}
			}
			if f := matching.Check(inst, pl); ok != (len(f) == 0) {
				t.Fatalf("%s: matching %v stable=%v but Check says %v", tag, m, ok, f)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no stable matching", tag)
	}
	return out
}

// bothSides runs both mechanisms on inst and fails the test unless each
// gives one of the stable matchings, every student weakly prefers
// student-da's to every stable one, and every stable one to
// position-da's. pref is a student's rank of a position (-1: unplaced,
// ranked last). It returns both results and their assignments.
func bothSides(t testing.TB, tag string, inst *matching.Instance, stable [][]int, pref func(s, p int) int) (sr, pr *matching.Result, sm, pm []int) {
	t.Helper()
	ctx := context.Background()
	var err error
	if sr, err = matching.StudentProposing(ctx, inst, nil); err != nil {
		t.Fatal(err)
	}
	if pr, err = matching.PositionProposing(ctx, inst, nil); err != nil {
		t.Fatal(err)
	}
	sm, pm = assignment(sr), assignment(pr)
	for name, got := range map[string][]int{"student-da": sm, "position-da": pm} {
		if !slices.ContainsFunc(stable, func(m []int) bool { return slices.Equal(m, got) }) {
			t.Fatalf("%s: %s %v is not among the stable matchings %v", tag, name, got, stable)
		}
	}
	for _, m := range stable {
		for s := range m {
			if pref(s, sm[s]) > pref(s, m[s]) {
				t.Fatalf("%s: student %d prefers stable %v to student-da %v", tag, s, m, sm)
			}
			if pref(s, pm[s]) < pref(s, m[s]) {
				t.Fatalf("%s: student %d prefers position-da %v to stable %v", tag, s, pm, m)
			}
		}
	}
	return sr, pr, sm, pm
}

func assignment(r *matching.Result) []int {
	out := make([]int, r.Instance().Students())
	for s := range out {
		out[s] = r.Position(s)
	}
	return out
}

// TestBruteForce enumerates every matching of thousands of tiny random
// cohorts and checks that student-proposing DA gives the student-optimal
// stable matching and position-proposing DA the position-optimal one, under
// both tie-breaks; on the first instances it also checks that Check finds a
// blocking pair exactly in the unstable matchings.
func TestBruteForce(t *testing.T) {
	seeds := 20000
	if testing.Short() {
		seeds = 2000
	}
	ctx := context.Background()
	differ, matchings := 0, 0
	defer func() {
		t.Logf("%d instances, %d stable matchings, %d where the two sides differ", seeds, matchings, differ)
	}()
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		c, err := tinyCohort(rng)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		tb := matching.TieBreak(rng.IntN(2))
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{TieBreak: tb, Seed: rng.Uint64()})
		if err != nil {
			t.Fatal(err)
		}
		o := oracle{c: c, inst: inst}
		tag := fmt.Sprintf("seed %d", seed)
		stable := stableMatchings(t, tag, inst, o.all(), o.stable, seed < 2000)
		sr, pr, sm, pm := bothSides(t, tag, inst, stable, o.pref)
		if !slices.Equal(sm, pm) {
			differ++
		}
		matchings += len(stable)
		for _, m := range stable {
			for p := range c.Positions() {
				got, other := o.sortedAdmits(pm, p), o.sortedAdmits(m, p)
				if len(got) != len(other) {
					t.Fatalf("seed %d: position %d fills differ across stable matchings (rural hospitals): %v %v", seed, p, pm, m)
				}
				for i := range got {
					if got[i] != other[i] && o.better(p, other[i], got[i]) {
						t.Fatalf("seed %d: position %d prefers stable %v to position-da %v", seed, p, m, pm)
					}
				}
			}
		}
		for _, r := range []*matching.Result{sr, pr} {
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("seed %d: %v: %v", seed, r.Mechanism(), f)
			}
		}
	}
}
