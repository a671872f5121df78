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
			pos.Ranking = []string{}
			for _, s := range rng.Perm(nS) {
				if rng.IntN(8) > 0 {
					pos.Ranking = append(pos.Ranking, fmt.Sprintf("s%d", s+1))
				}
			}
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
	nS := len(o.c.Students())
	fill := make([]int, len(o.c.Positions()))
	m := make([]int, nS)
	var out [][]int
	var rec func(s int)
	rec = func(s int) {
		if s == nS {
			out = append(out, slices.Clone(m))
			return
		}
		m[s] = -1
		rec(s + 1)
		for _, q := range o.c.Choices(s) {
			p := int(q)
			if o.acceptable(s, p) && fill[p] < o.c.Positions()[p].Capacity {
				fill[p]++
				m[s] = p
				rec(s + 1)
				fill[p]--
			}
		}
	}
	rec(0)
	return out
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
		var stable [][]int
		for _, m := range o.all() {
			ok := o.stable(m)
			if ok {
				stable = append(stable, m)
			}
			if seed < 2000 {
				pl := make([]matching.Placement, len(m))
				for s, p := range m {
					pl[s] = matching.Placement{Student: s, Position: p}
				}
				f := matching.Check(inst, pl)
				if ok != (len(f) == 0) {
					t.Fatalf("seed %d: matching %v stable=%v but Check says %v", seed, m, ok, f)
				}
			}
		}
		if len(stable) == 0 {
			t.Fatalf("seed %d: no stable matching", seed)
		}
		sr, err := matching.StudentProposing(ctx, inst, nil)
		if err != nil {
			t.Fatal(err)
		}
		pr, err := matching.PositionProposing(ctx, inst, nil)
		if err != nil {
			t.Fatal(err)
		}
		sm, pm := assignment(sr), assignment(pr)
		if !slices.Equal(sm, pm) {
			differ++
		}
		matchings += len(stable)
		if !slices.ContainsFunc(stable, func(m []int) bool { return slices.Equal(m, sm) }) {
			t.Fatalf("seed %d: student-da %v is not among the stable matchings %v", seed, sm, stable)
		}
		if !slices.ContainsFunc(stable, func(m []int) bool { return slices.Equal(m, pm) }) {
			t.Fatalf("seed %d: position-da %v is not among the stable matchings %v", seed, pm, stable)
		}
		for _, m := range stable {
			for s := range m {
				if o.pref(s, sm[s]) > o.pref(s, m[s]) {
					t.Fatalf("seed %d: student %d prefers stable %v to student-da %v", seed, s, m, sm)
				}
				if o.pref(s, pm[s]) < o.pref(s, m[s]) {
					t.Fatalf("seed %d: student %d prefers position-da %v to stable %v", seed, s, pm, m)
				}
			}
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
