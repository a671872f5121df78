package matching_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/placement-engine/placement/internal/cohorttest"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// roundCase is a tiny round drawn at random: a main round solved by a
// stable mechanism, the students' answers to it, and the round's cohort
// with some seats added or withdrawn, some rankings redrawn, new lists
// for some continuing students and sometimes a new student.
type roundCase struct {
	c    *model.Cohort // the round's cohort
	data model.Data
	opts matching.CompileOptions // with Round
	std  []matching.Standing
	prev []int // the main round's allocation
	// shrank: some position lost a seat or had its ranking redrawn.
	shrank bool
}

// drawRoundCase draws a round with every policy: reserves of both kinds,
// both reserve orders, caps with and without targets, explicit rankings,
// special posts and order classes, both tie-breaks and every lottery rule.
// It returns an error when a draw is not a valid cohort (the caller
// redraws).
//
// With overlap it draws instead positions with seats held empty for
// overlapping categories (drawOverlapData), where the students keeping
// seats may fit together in one assignment to the slots only.
func drawRoundCase(rng *rand.Rand, overlap bool) (*roundCase, error) {
	var d model.Data
	switch {
	case overlap:
		d = drawOverlapData(rng)
	default:
		switch rng.IntN(3) {
		case 0:
			d = drawReserveData(rng)
		case 1:
			d = drawCapData(rng, true)
		default:
			d = drawCapData(rng, false)
		}
	}
	c0, err := model.New(d, nil)
	if err != nil {
		return nil, err
	}
	opts := matching.CompileOptions{TieBreak: matching.TieBreak(rng.IntN(2)), Seed: rng.Uint64(), ReserveOrder: matching.ReserveOrder(rng.IntN(2))}
	inst0, err := matching.Compile(context.Background(), c0, &opts)
	if err != nil {
		return nil, err
	}
	if err := inst0.CapsError(); err != nil {
		return nil, err
	}
	mech := []matching.Mechanism{matching.StudentDA, matching.PositionDA}[rng.IntN(2)]
	r0, err := matching.Solve(context.Background(), inst0, mech, nil)
	if err != nil {
		return nil, err
	}
	rc := &roundCase{prev: assignment(r0)}
	nP := len(d.Positions)
	// The round's data: fresh slices wherever something changes.
	d.Students = slices.Clone(d.Students)
	d.Positions = slices.Clone(d.Positions)
	for s := range d.Students {
		p := rc.prev[s]
		var st matching.Standing
		switch {
		case p >= 0:
			st = matching.Standing{Answer: []model.Answer{model.Accept, model.Hold, model.Hold, model.Decline, model.NoAnswer}[rng.IntN(5)], Seat: int32(p)}
			if st.Answer != model.Accept && st.Answer != model.Hold {
				st.Seat = -1
			}
		default:
			st = matching.Standing{Answer: []model.Answer{model.Continue, model.Continue, model.Withdraw, model.NoAnswer}[rng.IntN(4)], Seat: -1}
			if st.Answer == model.Continue && rng.IntN(3) == 0 {
				d.Students[s].Choices = randomList(rng, nP)
			}
		}
		rc.std = append(rc.std, st)
	}
	for i := range d.Positions {
		pos := &d.Positions[i]
		switch rng.IntN(6) {
		case 0:
			pos.Capacity++
		case 1:
			if pos.Capacity > 0 {
				pos.Capacity-- // perhaps below what is held: Compile must say so
				rc.shrank = true
			}
		}
		if pos.Ranking != nil && rng.IntN(6) == 0 {
			pos.Ranking = cohorttest.Ranking(rng, len(d.Students), 6)
			rc.shrank = true
		}
		if pos.Target > pos.Capacity {
			pos.Target = pos.Capacity
		}
	}
	if len(d.Students) < 6 && rng.IntN(4) == 0 {
		d.Students = append(d.Students, model.Student{ID: fmt.Sprintf("s%d", len(d.Students)+1), Score: float64(1 + rng.IntN(3)), Major: "M1", Choices: randomList(rng, nP)})
		rc.std = append(rc.std, matching.Standing{Seat: -1})
	}
	rc.data = d
	if rc.c, err = model.New(d, nil); err != nil {
		return nil, err
	}
	rc.opts = opts
	rc.opts.Round = &matching.Round{Number: 2, Lottery: matching.LotteryRule(rng.IntN(3)), Standings: rc.std}
	return rc, nil
}

// drawOverlapData draws one or two positions of one enterprise whose seats
// are mostly held empty (StayEmpty) for overlapping categories: order
// class O1, counties C1 and C2, a student belonging to O1 and to a
// county; sometimes a cap on the enterprise. Scores tie often, so that
// the lottery (reversed or not in the round) decides the order among the
// students keeping seats, and a greedy seating of them in the round's
// order may leave one without a seat although they all sat there together
// in the previous round.
func drawOverlapData(rng *rand.Rand) model.Data {
	nS, nP := 3+rng.IntN(3), 1+rng.IntN(2)
	d := model.Data{
		Regions:      []model.Region{{ID: "C1", Kind: model.County}, {ID: "C2", Kind: model.County}},
		Enterprises:  []model.Enterprise{{ID: "E1", Region: "C1"}},
		OrderClasses: []model.OrderClass{{ID: "O1", Enterprise: "E1"}},
		Majors:       []model.Major{{ID: "M1"}},
	}
	cats := []model.Category{
		{Kind: model.OrderClassCategory, ID: "O1"},
		{Kind: model.CountyCategory, ID: "C1"},
		{Kind: model.CountyCategory, ID: "C2"},
	}
	for p := range nP {
		pos := model.Position{ID: fmt.Sprintf("p%d", p+1), Enterprise: "E1"}
		for _, i := range rng.Perm(len(cats))[:2+rng.IntN(2)] {
			r := model.Reserve{Category: cats[i], Seats: 1, Unused: model.StayEmpty}
			if rng.IntN(5) == 0 {
				r.Seats = 2
			}
			if rng.IntN(5) == 0 {
				r.Unused = model.RevertToOpen
			}
			pos.Reserved = append(pos.Reserved, r)
			pos.Capacity += r.Seats
		}
		if rng.IntN(3) == 0 {
			pos.Capacity++ // an open seat
		}
		if rng.IntN(6) == 0 {
			pos.Ranking = cohorttest.Ranking(rng, nS, 6)
		}
		d.Positions = append(d.Positions, pos)
	}
	for s := range nS {
		st := model.Student{ID: fmt.Sprintf("s%d", s+1), Score: 1, Major: "M1", Region: "C1"}
		if rng.IntN(3) == 0 {
			st.Score = 2
		}
		if rng.IntN(3) == 0 {
			st.Region = "C2"
		}
		if rng.IntN(3) > 0 {
			st.OrderClass = "O1"
		}
		st.Choices = randomList(rng, nP)
		d.Students = append(d.Students, st)
	}
	if nP == 2 && rng.IntN(4) == 0 {
		// A cap on the enterprise, at or just below its seats.
		d.Enterprises[0].Cap = max(1, d.Positions[0].Capacity+d.Positions[1].Capacity-rng.IntN(2))
	}
	return d
}

// roundOracle states the round market the naive way, from the definition
// (brief and round.go), independently of the engine: the round's lists
// (an accepted student's is their seat, a holder's stops at it, a
// leaver's is empty; a kept seat is acceptable whatever its rules say
// now), priorities with the students keeping a seat first, slot by slot
// in two passes (keepers, then the others) so that a budget cuts keepers
// last, and the caps' greedy with the keepers' units first.
type roundOracle struct {
	capOracle
	std    []matching.Standing
	capped bool
}

func newRoundOracle(c *model.Cohort, inst *matching.Instance, order matching.ReserveOrder, std []matching.Standing) roundOracle {
	o := roundOracle{capOracle: newCapOracle(c, inst, order), std: std}
	for p := range c.Positions() {
		o.capped = o.capped || o.entCap[p] > 0 || o.regCap[p] > 0
	}
	return o
}

func (o roundOracle) kept(s, p int) bool {
	st := o.std[s]
	return (st.Answer == model.Accept || st.Answer == model.Hold) && int(st.Seat) == p
}

func (o roundOracle) acceptable(s, p int) bool {
	st := o.std[s]
	switch st.Answer {
	case model.Decline, model.Withdraw:
		return false
	case model.Accept:
		return int(st.Seat) == p
	case model.Hold:
		if int(st.Seat) == p {
			return true
		}
		i, j := slices.Index(o.c.Choices(s), int32(p)), slices.Index(o.c.Choices(s), st.Seat)
		return i >= 0 && i < j && o.oracle.acceptable(s, p)
	}
	return o.oracle.acceptable(s, p)
}

// better reports whether a comes before b at p in the round.
func (o roundOracle) better(p, a, b int) bool {
	if ka, kb := o.kept(a, p), o.kept(b, p); ka != kb {
		return ka
	}
	if r, ok := o.c.Ranking(p); ok {
		ia, ib := slices.Index(r, int32(a)), slices.Index(r, int32(b))
		if ia >= 0 && ib >= 0 {
			return ia < ib
		}
		if (ia >= 0) != (ib >= 0) {
			return ia >= 0
		}
	}
	sa, sb := o.c.Students()[a].Score, o.c.Students()[b].Score
	if sa != sb {
		return sa > sb
	}
	if la, lb := o.inst.Lottery(a, p), o.inst.Lottery(b, p); la != lb {
		return la < lb
	}
	return a < b
}

// seatKeepers assigns the students keeping a seat at p (ks) to p's
// slots, the naive way: it enumerates every assignment of them to slots
// that accept them (a slot held empty for a category takes members only,
// the others anyone) and keeps, among those seating the most, the one
// whose occupants, read slot by slot in the keepers' order (the slots held
// empty first, then the others, each in precedence order), rank best under
// each slot's priority (members of its category first), an empty slot
// ranking below everyone. It returns the keepers' order of the slots, the
// occupant of each slot in that order (-1 for none) and how many are
// seated.
func (o roundOracle) seatKeepers(p int, ks []int) (order, occ []int, seated int) {
	slots := o.slots(p)
	for i, sl := range slots {
		if sl.stayEmpty {
			order = append(order, i)
		}
	}
	for i, sl := range slots {
		if !sl.stayEmpty {
			order = append(order, i)
		}
	}
	st := o.c.Students()
	member := func(sl oneSlot, s int) bool { return sl.cat != nil && sl.cat.Includes(&st[s]) }
	// rank[j][s]: how many keepers slot order[j] puts before s (len(ks)
	// when it does not take s).
	rank := make([][]int, len(order))
	for j, i := range order {
		sl := slots[i]
		rank[j] = make([]int, len(st))
		for _, s := range ks {
			if sl.stayEmpty && !member(sl, s) {
				rank[j][s] = len(ks)
				continue
			}
			for _, t := range ks {
				if t == s || sl.stayEmpty && !member(sl, t) {
					continue
				}
				if mt, ms := member(sl, t), member(sl, s); mt != ms && mt || mt == ms && o.better(p, t, s) {
					rank[j][s]++
				}
			}
		}
	}
	cur := make([]int, len(order))
	for j := range cur {
		cur[j] = -1
	}
	best, bestN := slices.Clone(cur), 0
	key := func(a []int, j int) int {
		if a[j] < 0 {
			return len(ks)
		}
		return rank[j][a[j]]
	}
	var rec func(i, n int)
	rec = func(i, n int) {
		if i == len(ks) {
			better := n > bestN
			if n == bestN {
				for j := range cur {
					if a, b := key(cur, j), key(best, j); a != b {
						better = a < b
						break
					}
				}
			}
			if better {
				copy(best, cur)
				bestN = n
			}
			return
		}
		rec(i+1, n) // ks[i] left without a seat
		for j := range order {
			if cur[j] < 0 && rank[j][ks[i]] < len(ks) {
				cur[j] = ks[i]
				rec(i+1, n+1)
				cur[j] = -1
			}
		}
	}
	rec(0, 0)
	return order, best, bestN
}

// greedyFails reports whether some position's keepers fit together only
// in an assignment a greedy seating misses: slots visited in the keepers'
// order, each taking the best keeper left it accepts, members first.
func (o roundOracle) greedyFails() bool {
	st := o.c.Students()
	for p := range o.c.Positions() {
		var ks []int
		for s := range o.std {
			if o.kept(s, p) {
				ks = append(ks, s)
			}
		}
		order, _, most := o.seatKeepers(p, ks)
		slots := o.slots(p)
		left := slices.Clone(ks)
		for _, i := range order {
			sl := slots[i]
			best := -1
			for j, s := range left {
				member := sl.cat != nil && sl.cat.Includes(&st[s])
				if sl.stayEmpty && !member {
					continue
				}
				if best < 0 || member && !(sl.cat != nil && sl.cat.Includes(&st[left[best]])) ||
					member == (sl.cat != nil && sl.cat.Includes(&st[left[best]])) && o.better(p, s, left[best]) {
					best = j
				}
			}
			if best >= 0 {
				left = slices.Delete(left, best, best+1)
			}
		}
		if len(ks)-len(left) < most {
			return true
		}
	}
	return false
}

// chooseUpTo fills p's slots in two passes, until budget students are
// taken: first the keepers, seated by seatKeepers and taken slot by slot
// in the keepers' order of the slots; then the others, one slot at a time
// in precedence order, each slot left taking the best student left that
// it accepts (members of its category first).
func (o roundOracle) chooseUpTo(p int, set []int, budget int) []int {
	slots := o.slots(p)
	filled := make([]bool, len(slots))
	var ks, left []int
	for _, s := range set {
		if o.kept(s, p) {
			ks = append(ks, s)
		} else {
			left = append(left, s)
		}
	}
	var chosen []int
	order, occ, _ := o.seatKeepers(p, ks)
	for j, i := range order {
		if occ[j] >= 0 && len(chosen) < budget {
			chosen = append(chosen, occ[j])
			filled[i] = true
		}
	}
	st := o.c.Students()
	for i, sl := range slots {
		if filled[i] || len(chosen) == budget {
			continue
		}
		best := -1
		for j, s := range left {
			member := sl.cat == nil || sl.cat.Includes(&st[s])
			if !member && sl.stayEmpty {
				continue
			}
			if best < 0 {
				best = j
				continue
			}
			b := left[best]
			bMember := sl.cat == nil || sl.cat.Includes(&st[b])
			if member != bMember {
				if member {
					best = j
				}
				continue
			}
			if o.better(p, s, b) {
				best = j
			}
		}
		if best >= 0 {
			chosen = append(chosen, left[best])
			left = slices.Delete(left, best, best+1)
			filled[i] = true
		}
	}
	slices.Sort(chosen)
	return chosen
}

// keepers returns the number of students keeping a seat at each position.
func (o roundOracle) keepers() []int {
	g := make([]int, len(o.c.Positions()))
	for s := range o.std {
		for p := range g {
			if o.kept(s, p) {
				g[p]++
			}
		}
	}
	return g
}

// chooseAll is every position's choice at once: each capped position's
// demand from its own choice, then the caps' units handed out in three
// phases (the keepers' seats, up to the target, beyond), round robin in
// position order within each phase.
func (o roundOracle) chooseAll(apps [][]int) [][]int {
	nP := len(apps)
	demand := make([]int, nP)
	for p := range nP {
		demand[p] = len(o.chooseUpTo(p, apps[p], o.c.Positions()[p].Capacity))
	}
	g := o.keepers()
	got := make([]int, nP)
	entFill, regFill := map[int]int{}, map[int]int{}
	full := func(p int) bool {
		return o.entCap[p] > 0 && entFill[o.ent[p]] >= o.entCap[p] || o.regCap[p] > 0 && regFill[o.reg[p]] >= o.regCap[p]
	}
	capped := func(p int) bool { return o.entCap[p] > 0 || o.regCap[p] > 0 }
	for phase := range 3 {
		for range 12 {
			for p := range nP {
				if !capped(p) {
					continue
				}
				limit := []int{min(demand[p], g[p]), min(demand[p], max(o.target[p], g[p])), demand[p]}[phase]
				if got[p] < limit && !full(p) {
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

// stable reports whether m is round-stable: every position (every capped
// group) keeps all its students, and no student and position both rather
// be together (the student prefers it, the pair is acceptable in the
// round, and the choice from the position's students and the student,
// under the caps, takes the student).
func (o roundOracle) stable(m []int) bool {
	nP := len(o.c.Positions())
	held := make([][]int, nP)
	for s, p := range m {
		if p >= 0 {
			held[p] = append(held[p], s)
		}
	}
	for p, k := range o.chooseAll(held) {
		if !slices.Equal(k, held[p]) {
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

// all enumerates every allocation of the round's acceptable pairs within
// the capacities.
func (o roundOracle) all() [][]int {
	return enumerate(choiceOptions(o.c, o.acceptable), capacities(o.c), nil)
}

// fits reports whether the keepers fit together: at each position some
// assignment of its keepers to slots that accept them seats them all, and
// no cap is below the keepers under it.
func (o roundOracle) fits() bool {
	g := o.keepers()
	ent, reg := map[int]int{}, map[int]int{}
	for p := range o.c.Positions() {
		var ks []int
		for s := range o.std {
			if o.kept(s, p) {
				ks = append(ks, s)
			}
		}
		if _, _, n := o.seatKeepers(p, ks); n < len(ks) {
			return false
		}
		if o.entCap[p] > 0 {
			ent[o.ent[p]] += g[p]
			if ent[o.ent[p]] > o.entCap[p] {
				return false
			}
		}
		if o.regCap[p] > 0 {
			reg[o.reg[p]] += g[p]
			if reg[o.reg[p]] > o.regCap[p] {
				return false
			}
		}
	}
	return true
}

// moved returns the holders an allocation does not leave at their seat.
func (o roundOracle) moved(m []int) []int {
	var out []int
	for s, st := range o.std {
		if st.Answer == model.Hold && m[s] != int(st.Seat) {
			out = append(out, s)
		}
	}
	return out
}

// guaranteesKept reports whether accepted students are at their seat and
// holders at it or above, leavers unplaced.
func (o roundOracle) guaranteesKept(m []int) bool {
	for s, st := range o.std {
		switch st.Answer {
		case model.Accept:
			if m[s] != int(st.Seat) {
				return false
			}
		case model.Hold:
			if m[s] < 0 || o.pref(s, m[s]) > o.pref(s, int(st.Seat)) {
				return false
			}
		case model.Decline, model.Withdraw:
			if m[s] >= 0 {
				return false
			}
		}
	}
	return true
}

func placements(m []int) []matching.Placement {
	pl := make([]matching.Placement, len(m))
	for s, p := range m {
		pl[s] = matching.Placement{Student: s, Position: p}
	}
	return pl
}

// describeRound writes a round case as the data a named test can rebuild.
func describeRound(rc *roundCase) string {
	var b strings.Builder
	fmt.Fprintf(&b, "tie-break %v, seed %d, reserve order %v, lottery %v\n", rc.opts.TieBreak, rc.opts.Seed, rc.opts.ReserveOrder, rc.opts.Round.Lottery)
	for _, p := range rc.data.Positions {
		fmt.Fprintf(&b, "position %s: enterprise %s, capacity %d, target %d, ranking %v, reserved %v, special %v\n", p.ID, p.Enterprise, p.Capacity, p.Target, p.Ranking, p.Reserved, p.SpecialPost)
	}
	for _, e := range rc.data.Enterprises {
		fmt.Fprintf(&b, "enterprise %s: region %s, cap %d\n", e.ID, e.Region, e.Cap)
	}
	for _, r := range rc.data.Regions {
		fmt.Fprintf(&b, "region %s: cap %d\n", r.ID, r.Cap)
	}
	for s, st := range rc.data.Students {
		fmt.Fprintf(&b, "student %s: score %v, major %s, region %s, order class %s, special %v, choices %v, previous %d, answer %q seat %d\n",
			st.ID, st.Score, st.Major, st.Region, st.OrderClass, st.SpecialPost, st.Choices, rc.prev[min(s, len(rc.prev)-1)], rc.std[s].Answer, rc.std[s].Seat)
	}
	return b.String()
}

// TestBruteForceRounds draws thousands of tiny rounds with every policy,
// enumerates every allocation of each, keeps the round-stable ones by the
// naive definition above and checks that:
//   - Compile refuses exactly the rounds whose kept seats do not fit
//     (*HeldSeatsError): at some position no assignment of its keepers to
//     the slots that accept them seats them all, or a cap is below them;
//   - student-da gives the round-stable allocation every student weakly
//     prefers to every other (student-optimal), least-disruption the one
//     every student likes least (student-pessimal), and the holders it
//     moves are moved by every round-stable allocation;
//   - both keep every guarantee and pass Check;
//   - Check finds nothing in exactly the round-stable allocations, and
//     something in allocations that break a guarantee.
//
// The second half of the rounds, on a stream of their own, have seats
// held empty for overlapping categories (drawOverlapData). There the
// keepers may fit together in one assignment only, which a greedy seating
// in the round's order misses: the test requires such rounds to be drawn
// and compiled. (Before the keepers' pass seated them by matching, Compile
// refused 82 rounds of those 20,000 whose keepers fit, 48 of them with
// nothing withdrawn; TestRoundKeepersOverlappingReserves keeps the
// reviewer's.)
//
// It counts the rounds where student-da moves more holders than
// least-disruption (TestRoundStudentDAMovesMoreHolders keeps one).
func TestBruteForceRounds(t *testing.T) {
	seeds := 20000
	if testing.Short() {
		seeds = 3000
	}
	ctx := context.Background()
	var refusedUnchanged, overlapRounds, overlapRefused, greedyMisses int
	var rounds, redraws, refused, allocations, stables, differ, moreMoved, holders int
	var example string
	defer func() {
		t.Logf("%d rounds (%d redraws, %d refused for held seats that no longer fit), %d allocations enumerated, %d round-stable, %d where the two mechanisms differ, %d holders, %d where student-da moves more holders than least-disruption",
			rounds, redraws, refused, allocations, stables, differ, holders, moreMoved)
		t.Logf("%d of them with overlapping seats held empty (%d refused); %d rounds refused though no seat was withdrawn and no ranking redrawn; %d compiled rounds whose keepers fit only in an assignment a greedy seating misses", overlapRounds, overlapRefused, refusedUnchanged, greedyMisses)
		if example != "" {
			t.Logf("first round where student-da moves more holders:\n%s", example)
		}
	}()
	for seed := range 2 * seeds {
		// The second half draws overlapping seats held empty
		// (drawOverlapData), on a stream of its own.
		overlap := seed >= seeds
		stream := uint64(15)
		if overlap {
			stream = 16
		}
		rng := rand.New(rand.NewPCG(uint64(seed), stream))
		var rc *roundCase
		for {
			var err error
			if rc, err = drawRoundCase(rng, overlap); err == nil {
				break
			}
			redraws++
		}
		rounds++
		if overlap {
			overlapRounds++
		}
		tag := fmt.Sprintf("seed %d", seed)
		if overlap {
			tag = fmt.Sprintf("overlap seed %d", seed)
		}
		inst, err := matching.Compile(ctx, rc.c, &rc.opts)
		var he *matching.HeldSeatsError
		if errors.As(err, &he) {
			o := newRoundOracle(rc.c, nil, rc.opts.ReserveOrder, rc.std)
			o.inst = lotteryOnly(t, rc)
			if o.fits() {
				t.Fatalf("%s: Compile refused seats that fit: %v\n%s", tag, err, describeRound(rc))
			}
			refused++
			if overlap {
				overlapRefused++
			}
			if !rc.shrank {
				refusedUnchanged++
				if refusedUnchanged == 1 {
					t.Logf("%s: refused, nothing withdrawn: %v\n%s", tag, err, describeRound(rc))
				}
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		o := newRoundOracle(rc.c, inst, rc.opts.ReserveOrder, rc.std)
		if !o.fits() {
			t.Fatalf("%s: Compile took held seats that do not fit\n%s", tag, describeRound(rc))
		}
		if o.greedyFails() {
			greedyMisses++
		}
		for _, st := range rc.std {
			if st.Answer == model.Hold {
				holders++
			}
		}
		all := o.all()
		allocations += len(all)
		stable := stableMatchings(t, tag, inst, all, o.stable, true)
		stables += len(stable)
		for _, m := range all {
			if slices.ContainsFunc(stable, func(x []int) bool { return slices.Equal(x, m) }) && !o.guaranteesKept(m) {
				t.Fatalf("%s: round-stable %v breaks a guarantee\n%s", tag, m, describeRound(rc))
			}
		}
		sr, err := matching.Solve(ctx, inst, matching.StudentDA, nil)
		if err != nil {
			t.Fatal(err)
		}
		lr, err := matching.Solve(ctx, inst, matching.LeastDisruption, nil)
		if err != nil {
			t.Fatal(err)
		}
		sm, lm := assignment(sr), assignment(lr)
		for name, got := range map[string][]int{"student-da": sm, "least-disruption": lm} {
			if !slices.ContainsFunc(stable, func(m []int) bool { return slices.Equal(m, got) }) {
				t.Fatalf("%s: %s %v is not among the round-stable allocations %v\n%s", tag, name, got, stable, describeRound(rc))
			}
		}
		for _, r := range []*matching.Result{sr, lr} {
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("%s: %v: %v", tag, r.Mechanism(), f)
			}
		}
		lmMoved := o.moved(lm)
		for _, m := range stable {
			for s := range m {
				if o.pref(s, sm[s]) > o.pref(s, m[s]) {
					t.Fatalf("%s: student %d prefers round-stable %v to student-da %v\n%s", tag, s, m, sm, describeRound(rc))
				}
				if o.pref(s, lm[s]) < o.pref(s, m[s]) {
					t.Fatalf("%s: student %d prefers least-disruption %v to round-stable %v\n%s", tag, s, lm, m, describeRound(rc))
				}
			}
			mv := o.moved(m)
			for _, s := range lmMoved {
				if !slices.Contains(mv, s) {
					t.Fatalf("%s: least-disruption %v moves holder %d, round-stable %v does not\n%s", tag, lm, s, m, describeRound(rc))
				}
			}
		}
		if !slices.Equal(sm, lm) {
			differ++
		}
		if len(o.moved(sm)) > len(lmMoved) {
			moreMoved++
			if example == "" {
				example = fmt.Sprintf("%s: student-da %v moves %v, least-disruption %v moves %v\n%s", tag, sm, o.moved(sm), lm, lmMoved, describeRound(rc))
			}
		}
		// Allocations outside the round's lists that break a guarantee
		// or place a leaver: Check must flag each.
		for s, st := range rc.std {
			for _, q := range rc.c.Choices(s) {
				m := slices.Clone(sm)
				m[s] = int(q)
				if o.guaranteesKept(m) {
					continue
				}
				if f := matching.Check(inst, placements(m)); len(f) == 0 {
					t.Fatalf("%s: Check passes %v, where student %d (%v) breaks the round", tag, m, s, st.Answer)
				}
			}
			if st.Answer == model.Accept || st.Answer == model.Hold {
				m := slices.Clone(sm)
				m[s] = -1
				if f := matching.Check(inst, placements(m)); len(f) == 0 {
					t.Fatalf("%s: Check passes %v, where student %d (%v) is unplaced", tag, m, s, st.Answer)
				}
			}
		}
	}
	if greedyMisses == 0 {
		t.Errorf("no compiled round whose keepers fit only in an assignment a greedy seating misses: the overlap draws no longer reach the case")
	}
}

// lotteryOnly compiles the round with every standing free: the same
// draws as the round, for an oracle's priorities when the round itself
// does not compile.
func lotteryOnly(t *testing.T, rc *roundCase) *matching.Instance {
	t.Helper()
	o := rc.opts
	r := *o.Round
	r.Standings = make([]matching.Standing, len(rc.std))
	for i := range r.Standings {
		r.Standings[i].Seat = -1
	}
	o.Round = &r
	inst, err := matching.Compile(context.Background(), rc.c, &o)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// TestRoundStudentDAMovesMoreHolders keeps the first round the brute force
// (TestBruteForceRounds, seed 3) found where student-da moves more holders
// than least-disruption, so student-da with guarantees is not the
// least-disruption mechanism:
//
//	position p1: capacity 2, ranking s6 s1 s3 s2 s4 s5
//	position p2: capacity 2, ranking s4 s3 s1 s6
//	student s1: score 3, choices p1 p2, held p1 → hold p1
//	student s2: score 3, choices p2,    unplaced → continue
//	student s3: score 1, choices p2 p1, held p2 → hold p2
//	student s4: score 1, choices p1 p2, held p2 → hold p2
//	student s5: score 1, choices p1 p2, unplaced → continue
//	student s6: score 2, choices p2 p1, held p1 → hold p1
//
// s4 holds p2 and prefers p1; s6 holds p1 and prefers p2. Student-da lets
// them swap (each rises to a first choice: both holders move), while
// least-disruption, the student-pessimal round-stable allocation, leaves
// everyone at their seat (no holder moves). Both are round-stable. (The
// smallest such round is two students holding each other's first choice.)
func TestRoundStudentDAMovesMoreHolders(t *testing.T) {
	d := model.Data{
		Majors: []model.Major{{ID: "M1"}},
		Positions: []model.Position{
			{ID: "p1", Capacity: 2, Ranking: []string{"s6", "s1", "s3", "s2", "s4", "s5"}},
			{ID: "p2", Capacity: 2, Ranking: []string{"s4", "s3", "s1", "s6"}},
		},
	}
	for _, st := range []struct {
		id      string
		score   float64
		choices []string
	}{{"s1", 3, []string{"p1", "p2"}}, {"s2", 3, []string{"p2"}}, {"s3", 1, []string{"p2", "p1"}},
		{"s4", 1, []string{"p1", "p2"}}, {"s5", 1, []string{"p1", "p2"}}, {"s6", 2, []string{"p2", "p1"}}} {
		d.Students = append(d.Students, model.Student{ID: st.id, Score: st.score, Major: "M1", Choices: st.choices})
	}
	c, err := model.New(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	hold := func(p int32) matching.Standing { return matching.Standing{Answer: model.Hold, Seat: p} }
	cont := matching.Standing{Answer: model.Continue, Seat: -1}
	std := []matching.Standing{hold(0), cont, hold(1), hold(1), cont, hold(0)}
	ctx := context.Background()
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: std}})
	if err != nil {
		t.Fatal(err)
	}
	o := newRoundOracle(c, inst, matching.ReservedFirst, std)
	want := map[matching.Mechanism][]int{
		matching.StudentDA:       {0, -1, 1, 0, -1, 1},
		matching.LeastDisruption: {0, -1, 1, 1, -1, 0},
	}
	moved := map[matching.Mechanism]int{}
	for m, w := range want {
		r, err := matching.Solve(ctx, inst, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := assignment(r)
		if !slices.Equal(got, w) {
			t.Errorf("%v: %v, want %v", m, got, w)
		}
		if !o.stable(got) {
			t.Errorf("%v: %v is not round-stable", m, got)
		}
		if f := matching.CheckResult(r); len(f) > 0 {
			t.Errorf("%v: %v", m, f)
		}
		moved[m] = len(o.moved(got))
	}
	if moved[matching.StudentDA] != 2 || moved[matching.LeastDisruption] != 0 {
		t.Errorf("holders moved: %v, want student-da 2, least-disruption 0", moved)
	}
}

// TestRoundKeepersOverlappingReserves keeps the round a reviewer found,
// refused before the keepers' pass seated every keeper whenever some
// assignment to the slots does: position P has two seats, each held empty
// for a category (order class O1, county C1); X is in both, Y in O1 only.
// The main round (seed 0) ranks Y before X: Y takes the O1 seat, X the C1
// seat. Both accept. The round reverses the lottery, X comes first, and a
// greedy seating gave X the O1 seat and Y none: "held seats no longer fit"
// for a round where nothing changed. When X is not in C1 either, the two
// really do not fit and the round is refused.
func TestRoundKeepersOverlappingReserves(t *testing.T) {
	ctx := context.Background()
	cohort := func(xRegion string) *model.Cohort {
		t.Helper()
		c, err := model.New(model.Data{
			Regions:      []model.Region{{ID: "C1", Kind: model.County}, {ID: "C2", Kind: model.County}},
			Enterprises:  []model.Enterprise{{ID: "E1", Region: "C1"}},
			OrderClasses: []model.OrderClass{{ID: "O1", Enterprise: "E1"}},
			Majors:       []model.Major{{ID: "M1"}},
			Positions: []model.Position{{ID: "P", Enterprise: "E1", Capacity: 2, Reserved: []model.Reserve{
				{Category: model.Category{Kind: model.OrderClassCategory, ID: "O1"}, Seats: 1, Unused: model.StayEmpty},
				{Category: model.Category{Kind: model.CountyCategory, ID: "C1"}, Seats: 1, Unused: model.StayEmpty},
			}}},
			Students: []model.Student{
				{ID: "X", Score: 1, Major: "M1", Region: xRegion, OrderClass: "O1", Choices: []string{"P"}},
				{ID: "Y", Score: 1, Major: "M1", Region: "C2", OrderClass: "O1", Choices: []string{"P"}},
			},
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := cohort("C1")
	inst0, err := matching.Compile(ctx, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	r0, err := matching.Solve(ctx, inst0, matching.StudentDA, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := assignment(r0); !slices.Equal(got, []int{0, 0}) {
		t.Fatalf("main round: %v, want both at P", got)
	}
	if inst0.Lottery(1, 0) > inst0.Lottery(0, 0) {
		t.Fatalf("the main round's lottery ranks X before Y: the case needs Y first")
	}
	accept := []matching.Standing{{Answer: model.Accept, Seat: 0}, {Answer: model.Accept, Seat: 0}}
	for _, lottery := range []matching.LotteryRule{matching.ReversedLottery, matching.SameLottery, matching.FreshLottery} {
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: &matching.Round{Number: 2, Lottery: lottery, Standings: accept}})
		if err != nil {
			t.Fatalf("%v: %v", lottery, err)
		}
		if lottery == matching.ReversedLottery && inst.Lottery(0, 0) > inst.Lottery(1, 0) {
			t.Fatalf("the reversed lottery still ranks Y before X: the case needs X first")
		}
		o := newRoundOracle(c, inst, matching.ReservedFirst, accept)
		for _, m := range []matching.Mechanism{matching.StudentDA, matching.LeastDisruption} {
			r, err := matching.Solve(ctx, inst, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := assignment(r); !slices.Equal(got, []int{0, 0}) || !o.stable(got) {
				t.Errorf("%v, %v: %v, want both kept at P", lottery, m, got)
			}
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Errorf("%v, %v: %v", lottery, m, f)
			}
		}
	}
	// X in no county: only one of them can take the O1 seat.
	_, err = matching.Compile(ctx, cohort(""), &matching.CompileOptions{Round: &matching.Round{Number: 2, Standings: accept}})
	var he *matching.HeldSeatsError
	if !errors.As(err, &he) || len(he.Seats) != 1 || he.Seats[0].Position != 0 || he.Seats[0].Seats != 1 || !slices.Equal(he.Seats[0].Students, []int{0, 1}) {
		t.Errorf("X and Y in O1 only: %v, want P taking 1 of X, Y", err)
	}
}

// FuzzRound draws a tiny round from a fuzzed seed, then overrides the
// standings from the fuzzed bytes (answers of any kind, seats anywhere on
// the student's list, consistent with no previous allocation), and checks
// that Compile either refuses seats that do not fit or compiles a round on
// which both mechanisms give allocations that pass Check, keep every
// guarantee and are round-stable by the naive definition.
func FuzzRound(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed, []byte{})
		f.Add(seed, []byte{1, 2, 8, 3, 4, 5, 14, 20})
	}
	f.Fuzz(func(t *testing.T, seed uint64, answers []byte) {
		rng := rand.New(rand.NewPCG(seed, 19))
		var rc *roundCase
		for tries := 0; ; tries++ {
			var err error
			if rc, err = drawRoundCase(rng, seed%4 == 3); err == nil {
				break
			}
			if tries == 20 {
				t.Skip(err)
			}
		}
		for s, b := range answers {
			if s >= len(rc.std) {
				break
			}
			st := matching.Standing{Answer: model.Answer(b % 6), Seat: -1}
			if list := rc.c.Choices(s); st.Answer == model.Accept || st.Answer == model.Hold {
				if len(list) == 0 {
					st.Answer = model.Continue
				} else {
					st.Seat = list[int(b/6)%len(list)]
				}
			}
			rc.std[s] = st
		}
		ctx := context.Background()
		inst, err := matching.Compile(ctx, rc.c, &rc.opts)
		var he *matching.HeldSeatsError
		if errors.As(err, &he) {
			o := newRoundOracle(rc.c, lotteryOnly(t, rc), rc.opts.ReserveOrder, rc.std)
			if o.fits() {
				t.Fatalf("Compile refused seats that fit: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		o := newRoundOracle(rc.c, inst, rc.opts.ReserveOrder, rc.std)
		for _, m := range []matching.Mechanism{matching.StudentDA, matching.LeastDisruption} {
			r, err := matching.Solve(ctx, inst, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("%v: %v", m, f)
			}
			got := assignment(r)
			if !o.guaranteesKept(got) || !o.stable(got) {
				t.Fatalf("%v: %v breaks a guarantee or is not round-stable\n%s", m, got, describeRound(rc))
			}
		}
	})
}
