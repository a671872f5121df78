package whatif_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/cohorttest"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/whatif"
)

// drawData draws a tiny cohort with every policy the stable mechanisms
// know: explicit rankings and ties in score, majors and minimum scores,
// reserved seats of every category (returning to open competition or
// staying empty), special posts and special-post students, order classes,
// enterprise and regional caps with targets.
func drawData(rng *rand.Rand) model.Data {
	nS, nP := 2+rng.IntN(5), 1+rng.IntN(3)
	if rng.IntN(2) == 0 { // dense markets, where chains are long
		nS, nP = 5+rng.IntN(3), 2+rng.IntN(2)
	}
	d := model.Data{
		Regions:      []model.Region{{ID: "C1", Kind: model.County}, {ID: "C2", Kind: model.County}},
		Enterprises:  []model.Enterprise{{ID: "E1", Region: "C1"}, {ID: "E2", Region: "C2"}, {ID: "E3", Region: "C1"}},
		OrderClasses: []model.OrderClass{{ID: "O1", Enterprise: "E1"}, {ID: "O2", Enterprise: "E2"}},
		Majors:       []model.Major{{ID: "M1"}, {ID: "M2"}},
	}
	caps := rng.IntN(2) == 0
	if caps {
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
	}
	spSeats := map[string]int{}
	for p := range nP {
		e := rng.IntN(3)
		pos := model.Position{ID: fmt.Sprintf("p%d", p+1), Enterprise: d.Enterprises[e].ID, Capacity: 1 + rng.IntN(2)}
		if nS < 5 && rng.IntN(2) == 0 {
			pos.Capacity++
		}
		if p == 0 && e < 2 && rng.IntN(3) == 0 {
			pos.SpecialPost = true
			spSeats[d.Enterprises[e].Region] += pos.Capacity
		}
		if rng.IntN(8) == 0 {
			pos.Majors = []string{"M1"}
		}
		if rng.IntN(8) == 0 {
			pos.MinScore = 2
		}
		cats := []model.Category{
			{Kind: model.SpecialPostCategory},
			{Kind: model.OrderClassCategory, ID: d.OrderClasses[e%2].ID},
			{Kind: model.CountyCategory, ID: "C1"},
			{Kind: model.CountyCategory, ID: "C2"},
		}
		if e == 2 { // E3 sponsors no order class
			cats = slices.Delete(cats, 1, 2)
		}
		pos.Reserved = cohorttest.Reserves(rng, pos.Capacity, cats)
		if caps && rng.IntN(4) == 0 {
			pos.Target = rng.IntN(pos.Capacity + 1)
		}
		if rng.IntN(3) == 0 {
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
		k := nP
		if rng.IntN(2) == 0 {
			k = rng.IntN(nP + 1)
		}
		for _, p := range rng.Perm(nP)[:k] {
			st.Choices = append(st.Choices, fmt.Sprintf("p%d", p+1))
		}
		d.Students = append(d.Students, st)
	}
	return d
}

// worth orders a student's outcomes: the rank obtained, unplaced last.
func worth(r *matching.Result, s int) int {
	if r.Position(s) < 0 {
		return 1 << 30
	}
	return r.Rank(s)
}

// theoryStats counts what the random cohorts exercised, so that a test
// that saw nothing interesting says so.
type theoryStats struct {
	cohorts, withCaps, withReserves int
	unplacedCase                    int // every withdrawn student unplaced in student-da
	improved                        int // cohorts where someone remaining strictly gained
	movedAfterUnplaced              int // of the unplacedCase, cohorts where someone still moved
	differ                          int // cohorts where the two mechanisms differ
	comparedStudents                int
}

// checkWithdrawal withdraws the students ws (indices) from c, compiles both
// cohorts under opts, and checks what theory says about the two stable
// mechanisms (see the package documentation). It returns a description of
// the first violation, or "".
func checkWithdrawal(t testing.TB, c *model.Cohort, opts *matching.CompileOptions, ws []int, st *theoryStats) string {
	ctx := context.Background()
	base, err := matching.Compile(ctx, c, opts)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(ws))
	gone := make([]bool, len(c.Students()))
	for i, s := range ws {
		ids[i], gone[s] = c.Students()[s].ID, true
	}
	changed, err := whatif.Apply(c, &whatif.Changes{Entries: []whatif.Entry{{Students: ids, Withdraw: true}}}, nil)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	inst, err := matching.Compile(ctx, changed, opts)
	if err != nil {
		t.Fatal(err)
	}
	if msg := samePriorities(base, inst, gone); msg != "" {
		return msg
	}
	if base.CapsError() != nil {
		return ""
	}
	st.cohorts++
	if base.HasCaps() {
		st.withCaps++
	}
	if base.HasReserves() {
		st.withReserves++
	}
	var before, after [2]*matching.Result
	for i, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		if before[i], err = matching.Solve(ctx, base, m, nil); err != nil {
			t.Fatal(err)
		}
		if after[i], err = matching.Solve(ctx, inst, m, nil); err != nil {
			t.Fatal(err)
		}
		for _, r := range []*matching.Result{before[i], after[i]} {
			if f := matching.CheckResult(r); len(f) > 0 {
				return fmt.Sprintf("%v: the result fails its check: %v", m, f)
			}
		}
	}
	if !slices.Equal(placements(before[0]), placements(before[1])) {
		st.differ++
	}
	// 1. Every remaining student is weakly better off, in both mechanisms.
	improved := false
	for i, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		for s := range c.Students() {
			if gone[s] {
				if after[i].Position(s) >= 0 {
					return fmt.Sprintf("%v: withdrawn student %s is placed", m, c.Students()[s].ID)
				}
				continue
			}
			st.comparedStudents++
			a, b := worth(before[i], s), worth(after[i], s)
			if b > a {
				return fmt.Sprintf("%v: student %s is worse off after the withdrawal of %v: rank %d → %d",
					m, c.Students()[s].ID, ids, before[i].Rank(s), after[i].Rank(s))
			}
			improved = improved || b < a
		}
	}
	if improved {
		st.improved++
	}
	// 2. When every withdrawn student was unplaced in the student-optimal
	// stable matching: unplaced in the position-optimal one too (rural
	// hospitals), the same students placed after as before in both
	// mechanisms, and the same fill at every position under no cap and in
	// every tree of caps.
	for _, s := range ws {
		if before[0].Position(s) >= 0 {
			return ""
		}
	}
	st.unplacedCase++
	moved := false
	for _, s := range ws {
		if before[1].Position(s) >= 0 {
			return fmt.Sprintf("withdrawn student %s is unplaced by student-da but placed by position-da", c.Students()[s].ID)
		}
	}
	for i, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		for s := range c.Students() {
			if (before[i].Position(s) >= 0) != (after[i].Position(s) >= 0) {
				return fmt.Sprintf("%v: withdrawn %v were all unplaced, yet student %s went from %d to %d",
					m, ids, c.Students()[s].ID, before[i].Position(s), after[i].Position(s))
			}
			moved = moved || before[i].Position(s) != after[i].Position(s)
		}
		// Under a cap the rural hospitals theorem speaks of the whole
		// tree of caps (one choice function), not of each position in it.
		group := capGroups(c)
		bf, af := before[i].Fill(), after[i].Fill()
		bg, ag := make([]int, len(bf)), make([]int, len(bf))
		for p := range bf {
			bg[group[p]] += bf[p]
			ag[group[p]] += af[p]
		}
		for p := range bf {
			if bg[p] != ag[p] {
				return fmt.Sprintf("%v: withdrawn %v were all unplaced, yet the positions %v went from %d to %d students",
					m, ids, groupIDs(c, group, p), bg[p], ag[p])
			}
		}
	}
	if moved {
		st.movedAfterUnplaced++
	}
	return ""
}

func placements(r *matching.Result) []int {
	out := make([]int, r.Instance().Students())
	for s := range out {
		out[s] = r.Position(s)
	}
	return out
}

// capGroups returns, for each position, the lowest index of the positions
// it shares a cap with, directly or through others (its enterprise's or
// its region's cap): each group is one agent of the rural hospitals
// theorem.
func capGroups(c *model.Cohort) []int {
	nP := len(c.Positions())
	parent := make([]int, nP)
	for p := range parent {
		parent[p] = p
	}
	find := func(p int) int {
		for parent[p] != p {
			p = parent[p]
		}
		return p
	}
	byEnt, byReg := map[int]int{}, map[int]int{}
	union := func(m map[int]int, k, p int) {
		if q, ok := m[k]; ok {
			a, b := find(p), find(q)
			parent[max(a, b)] = min(a, b)
		} else {
			m[k] = p
		}
	}
	for p := range nP {
		if e := c.PositionEnterprise(p); e >= 0 && c.Enterprises()[e].Cap > 0 {
			union(byEnt, e, p)
		}
		if r := c.PositionRegion(p); r >= 0 && c.Regions()[r].Cap > 0 {
			union(byReg, r, p)
		}
	}
	out := make([]int, nP)
	for p := range out {
		out[p] = find(p)
	}
	return out
}

func groupIDs(c *model.Cohort, group []int, g int) []string {
	var ids []string
	for p, h := range group {
		if h == g {
			ids = append(ids, c.Positions()[p].ID)
		}
	}
	return ids
}

// samePriorities checks that every remaining student keeps their
// acceptable positions, and every position the relative order of the
// remaining students, and that withdrawn students have no acceptable pair.
func samePriorities(base, changed *matching.Instance, gone []bool) string {
	for s := range gone {
		bp, br := base.Acceptable(s)
		cp, cr := changed.Acceptable(s)
		if gone[s] {
			if len(cp) > 0 {
				return fmt.Sprintf("withdrawn student %d keeps acceptable positions %v", s, cp)
			}
			continue
		}
		if !slices.Equal(bp, cp) || !slices.Equal(br, cr) {
			return fmt.Sprintf("student %d: acceptable positions %v %v → %v %v", s, bp, br, cp, cr)
		}
	}
	for p := range base.Positions() {
		order := func(in *matching.Instance) []int {
			var list []int
			for s := range gone {
				if !gone[s] {
					if _, ok := in.Priority(s, p); ok {
						list = append(list, s)
					}
				}
			}
			slices.SortFunc(list, func(a, b int) int {
				x, _ := in.Priority(a, p)
				y, _ := in.Priority(b, p)
				return x - y
			})
			return list
		}
		if a, b := order(base), order(changed); !slices.Equal(a, b) {
			return fmt.Sprintf("position %d: priority order of the remaining students %v → %v", p, a, b)
		}
		for s := range gone {
			if !gone[s] && base.Lottery(s, p) != changed.Lottery(s, p) {
				return fmt.Sprintf("student %d at position %d: lottery draw %d → %d", s, p, base.Lottery(s, p), changed.Lottery(s, p))
			}
		}
	}
	return ""
}

// TestWithdrawalTheory checks, on thousands of tiny random cohorts with
// every policy, what the theory of stable matching says a withdrawal can
// change (see the package documentation): nobody remaining is worse off
// under either stable mechanism, and withdrawing students whom student-da
// left unplaced changes who is placed nowhere and the fill of no position
// under no cap. Half the withdrawals are of unplaced students, to exercise
// the second statement.
func TestWithdrawalTheory(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 1000
	}
	var st theoryStats
	ctx := context.Background()
	redrawn := 0
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 29))
		var c *model.Cohort
		for {
			var err error
			if c, err = model.New(drawData(rng), nil); err == nil {
				break
			}
			redrawn++
		}
		opts := &matching.CompileOptions{TieBreak: matching.TieBreak(rng.IntN(2)), Seed: rng.Uint64(), ReserveOrder: matching.ReserveOrder(rng.IntN(2))}
		nS := len(c.Students())
		ws := rng.Perm(nS)[:1+rng.IntN(min(2, nS))]
		if seed%2 == 1 {
			// Withdraw students that student-da leaves unplaced, when
			// there are any.
			inst, err := matching.Compile(ctx, c, opts)
			if err != nil {
				t.Fatal(err)
			}
			if inst.CapsError() == nil {
				r, err := matching.StudentProposing(ctx, inst, nil)
				if err != nil {
					t.Fatal(err)
				}
				var unplaced []int
				for s := range nS {
					if r.Position(s) < 0 {
						unplaced = append(unplaced, s)
					}
				}
				if len(unplaced) > 0 {
					rng.Shuffle(len(unplaced), func(i, j int) { unplaced[i], unplaced[j] = unplaced[j], unplaced[i] })
					ws = unplaced[:1+rng.IntN(min(2, len(unplaced)))]
				}
			}
		}
		if msg := checkWithdrawal(t, c, opts, ws, &st); msg != "" {
			t.Fatalf("seed %d (%v tie-break, %v): %s", seed, opts.TieBreak, opts.ReserveOrder, msg)
		}
	}
	t.Logf("%d cohorts (%d redrawn, %d with caps, %d with reserves, %d where the mechanisms differ); %d with someone better off; %d withdrawals of unplaced students only, %d of them moving someone",
		st.cohorts, redrawn, st.withCaps, st.withReserves, st.differ, st.improved, st.unplacedCase, st.movedAfterUnplaced)
	// The generator must exercise every statement, or the test proves
	// nothing.
	if st.cohorts < n*9/10 || st.improved < n/20 || st.unplacedCase < n/10 || st.movedAfterUnplaced == 0 || st.withCaps < n/5 || st.withReserves < n/5 {
		t.Errorf("the random cohorts exercise too little: %+v", st)
	}
}

// TestWithdrawalTheoryGroup checks the same statements on the group preset
// (5,000 students with every policy): a random handful withdrawn, and
// students that student-da leaves unplaced.
func TestWithdrawalTheoryGroup(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the group preset")
	}
	c, err := synth.Generate(synth.Group(1, 2026))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var st theoryStats
	for i, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		opts := &matching.CompileOptions{TieBreak: tb, Seed: uint64(7 + i)}
		rng := rand.New(rand.NewPCG(uint64(i), 31))
		nS := len(c.Students())
		if msg := checkWithdrawal(t, c, opts, rng.Perm(nS)[:40], &st); msg != "" {
			t.Fatalf("%v: random withdrawals: %s", tb, msg)
		}
		inst, err := matching.Compile(ctx, c, opts)
		if err != nil {
			t.Fatal(err)
		}
		r, err := matching.StudentProposing(ctx, inst, nil)
		if err != nil {
			t.Fatal(err)
		}
		var unplaced []int
		for s := range nS {
			if r.Position(s) < 0 && len(c.Choices(s)) > 0 {
				unplaced = append(unplaced, s)
			}
		}
		rng.Shuffle(len(unplaced), func(i, j int) { unplaced[i], unplaced[j] = unplaced[j], unplaced[i] })
		if msg := checkWithdrawal(t, c, opts, unplaced[:min(40, len(unplaced))], &st); msg != "" {
			t.Fatalf("%v: withdrawals of unplaced students: %s", tb, msg)
		}
	}
	t.Logf("%+v", st)
	if st.improved < 2 || st.unplacedCase != 2 {
		t.Errorf("the group preset exercised too little: %+v", st)
	}
}

// TestSeatsTheory checks the other side's comparative statics: seats
// added at a position whose choice is responsive (no reserves, under no
// cap) make every student weakly better off in both stable mechanisms,
// and seats removed there (or the position withdrawn) weakly worse off
// (Crawford 1991: more agents on one side help the other side in both
// extremal stable matchings). Elsewhere a change of capacity moves the
// default targets under a cap, and reserves fill in an order of
// precedence, so the test states nothing about them.
func TestSeatsTheory(t *testing.T) {
	n := 6000 // about a third have a responsive position under no crossing caps
	if testing.Short() {
		n = 1500
	}
	ctx := context.Background()
	checked, moved := 0, 0
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 37))
		c, err := model.New(drawData(rng), nil)
		if err != nil {
			continue
		}
		var responsive []int
		for p, pos := range c.Positions() {
			if len(pos.Reserved) == 0 && !pos.SpecialPost && uncapped(c, p) {
				responsive = append(responsive, p)
			}
		}
		if len(responsive) == 0 {
			continue
		}
		p := responsive[rng.IntN(len(responsive))]
		id := c.Positions()[p].ID
		var e whatif.Entry
		more := rng.IntN(2) == 0
		switch {
		case more:
			e = whatif.Entry{Position: id, Seats: new(1 + rng.IntN(2))}
		case c.Positions()[p].Capacity > c.Positions()[p].MinFill && rng.IntN(2) == 0:
			e = whatif.Entry{Position: id, Seats: new(-1)}
		default:
			e = whatif.Entry{Position: id, Withdraw: true}
		}
		changed, err := whatif.Apply(c, &whatif.Changes{Entries: []whatif.Entry{e}}, nil)
		if err != nil {
			continue // a floor or special-post promise no longer in reach
		}
		opts := &matching.CompileOptions{TieBreak: matching.TieBreak(rng.IntN(2)), Seed: rng.Uint64(), ReserveOrder: matching.ReserveOrder(rng.IntN(2))}
		base, err := matching.Compile(ctx, c, opts)
		require.NoError(t, err)
		inst, err := matching.Compile(ctx, changed, opts)
		require.NoError(t, err)
		if base.CapsError() != nil {
			continue
		}
		checked++
		for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
			before, err := matching.Solve(ctx, base, m, nil)
			require.NoError(t, err)
			after, err := matching.Solve(ctx, inst, m, nil)
			require.NoError(t, err)
			require.Empty(t, matching.CheckResult(after))
			for s := range c.Students() {
				a, b := worth(before, s), worth(after, s)
				if (more && b > a) || (!more && b < a) {
					what := "withdrawn"
					if e.Seats != nil {
						what = fmt.Sprintf("%+d seats", *e.Seats)
					}
					t.Fatalf("seed %d: %v: %s %s: student %s went from rank %d to %d (0: unplaced)",
						seed, m, id, what, c.Students()[s].ID, before.Rank(s), after.Rank(s))
				}
				if a != b {
					moved++
				}
			}
		}
	}
	t.Logf("%d cohorts checked, %d student outcomes changed", checked, moved)
	if checked < n/4 || moved < n/10 {
		t.Errorf("the random cohorts exercise too little: %d checked, %d moves", checked, moved)
	}
}

// uncapped says that neither position p's enterprise nor its region has a
// cap.
func uncapped(c *model.Cohort, p int) bool {
	if e := c.PositionEnterprise(p); e >= 0 && c.Enterprises()[e].Cap > 0 {
		return false
	}
	if r := c.PositionRegion(p); r >= 0 && c.Regions()[r].Cap > 0 {
		return false
	}
	return true
}
