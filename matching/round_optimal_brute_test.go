package matching_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/model"
)

// roundStandings draws the answers to a previous allocation prev
// (prev[s] = position or -1): a placed student accepts, holds or
// declines, an unplaced one continues or withdraws, each with the
// probabilities given (in %; what is left of the placed declines, of the
// unplaced withdraws), and a student gives no answer with probability
// none %.
func roundStandings(rng *rand.Rand, prev []int, accept, hold, cont, none int) []matching.Standing {
	st := make([]matching.Standing, len(prev))
	for s, p := range prev {
		st[s] = matching.Standing{Answer: model.NoAnswer, Seat: -1}
		u := rng.IntN(100)
		switch {
		case p >= 0 && u < accept:
			st[s] = matching.Standing{Answer: model.Accept, Seat: int32(p)}
		case p >= 0 && u < accept+hold:
			st[s] = matching.Standing{Answer: model.Hold, Seat: int32(p)}
		case p >= 0:
			st[s].Answer = model.Decline
		case u < none:
		case u < none+cont:
			st[s].Answer = model.Continue
		default:
			st[s].Answer = model.Withdraw
		}
	}
	return st
}

// previousAllocation solves c's main round with a mechanism drawn at
// random (either deferred acceptance or the optimal allocation, whichever
// works), for the allocation a round's standings answer; every student
// unplaced when none works.
func previousAllocation(ctx context.Context, rng *rand.Rand, inst *matching.Instance) []int {
	prev := make([]int, inst.Students())
	for s := range prev {
		prev[s] = -1
	}
	solvers := []func() (*matching.Result, error){
		func() (*matching.Result, error) { return matching.StudentProposing(ctx, inst, nil) },
		func() (*matching.Result, error) { return matching.PositionProposing(ctx, inst, nil) },
		func() (*matching.Result, error) { return matching.SolveOptimal(ctx, inst, nil) },
	}
	first := rng.IntN(len(solvers))
	for i := range solvers {
		r, err := solvers[(first+i)%len(solvers)]()
		if err != nil {
			continue
		}
		for s := range prev {
			prev[s] = r.Position(s)
		}
		break
	}
	return prev
}

// roundBrute is a naive statement of a round's optimal allocation, read
// from the cohort and the standings alone: the options of each student
// (an accepted student their seat; a holder the acceptable choices ranked
// above the seat, then the seat, formed whatever the rules say of it now;
// a student who declined or withdrew none but staying unplaced; anyone
// else staying unplaced or an acceptable choice), and every quota of
// bruteOptimal, with the students who accepted or hold a seat to place.
// The special-post promise is not a rule in a round but the objective's
// first criterion (roundKey): the most special-post students placed.
type roundBrute struct {
	bruteOptimal
	st []matching.Standing
}

func guaranteedAnswer(a model.Answer) bool { return a == model.Accept || a == model.Hold }
func releasedAnswer(a model.Answer) bool   { return a == model.Decline || a == model.Withdraw }

// options lists student s's positions (-1: unplaced) in a round where
// the students who must be placed may stay unplaced when relaxed.
func (b roundBrute) options(s int, relaxed bool) []int {
	st := b.st[s]
	var out []int
	if !guaranteedAnswer(st.Answer) || relaxed {
		out = append(out, -1)
	}
	switch {
	case releasedAnswer(st.Answer):
	case st.Answer == model.Accept:
		out = append(out, int(st.Seat))
	case st.Answer == model.Hold:
		for _, q := range b.c.Choices(s) {
			if int(q) == int(st.Seat) {
				break
			}
			if b.acceptable(s, int(q)) {
				out = append(out, int(q))
			}
		}
		out = append(out, int(st.Seat))
	default:
		for _, q := range b.c.Choices(s) {
			if b.acceptable(s, int(q)) {
				out = append(out, int(q))
			}
		}
	}
	return out
}

// feasible checks every quota but the promise to place students, which
// options keeps, and the minimum fills and floors, which a round keeps as
// far as it can (roundKey).
func (b roundBrute) feasible(m []int) bool {
	c := b.c
	fill := make([]int, len(c.Positions()))
	ent := make([]int, len(c.Enterprises()))
	reg := make([]int, len(c.Regions()))
	for _, p := range m {
		if p < 0 {
			continue
		}
		fill[p]++
		if e := c.PositionEnterprise(p); e >= 0 {
			ent[e]++
		}
		if r := c.PositionRegion(p); r >= 0 {
			reg[r]++
		}
	}
	for p, pos := range c.Positions() {
		if fill[p] > pos.Capacity || !b.seated(m, p) {
			return false
		}
	}
	for e, en := range c.Enterprises() {
		if en.Cap > 0 && ent[e] > en.Cap {
			return false
		}
	}
	for r, rg := range c.Regions() {
		if rg.Cap > 0 && reg[r] > rg.Cap {
			return false
		}
	}
	return true
}

// shortOf counts the students m leaves short of the minimum fills (up to
// the capacity of the position) and the floors, from the cohort alone.
func shortOf(c *model.Cohort, m []int) int {
	fill := make([]int, len(c.Positions()))
	reg := make([]int, len(c.Regions()))
	for _, p := range m {
		if p >= 0 {
			fill[p]++
			if r := c.PositionRegion(p); r >= 0 {
				reg[r]++
			}
		}
	}
	short := 0
	for p, pos := range c.Positions() {
		short += max(min(pos.MinFill, max(pos.Capacity, 0))-fill[p], 0)
	}
	for r, rg := range c.Regions() {
		short += max(rg.Floor-reg[r], 0)
	}
	return short
}

// all enumerates every round-feasible allocation (relaxed: the students
// who must be placed may stay unplaced).
func (b roundBrute) all(relaxed bool) [][]int {
	nS := len(b.c.Students())
	opts := make([][]int, nS)
	for s := range opts {
		opts[s] = b.options(s, relaxed)
	}
	return enumerate(opts, nil, b.feasible)
}

// fewestShort returns, over the relaxed round-feasible allocations, the
// fewest students who accepted or hold a seat left unplaced; ok is false
// when there is none.
func (b roundBrute) fewestShort() (held int, ok bool) {
	for _, m := range b.all(true) {
		h := 0
		for s, p := range m {
			if p < 0 && guaranteedAnswer(b.st[s].Answer) {
				h++
			}
		}
		if !ok || h < held {
			held, ok = h, true
		}
	}
	return held, ok
}

// specialPlaced counts the special-post students m places.
func specialPlaced(c *model.Cohort, m []int) int {
	n := 0
	for s, p := range m {
		if p >= 0 && c.Students()[s].SpecialPost {
			n++
		}
	}
	return n
}

// roundKey is the key a round's optimum minimises for obj: the most
// special-post students placed, the fewest students short of minimum
// fills and floors, then objectiveKey.
func roundKey(c *model.Cohort, m []int, obj matching.Objective, worst int) []int {
	return append([]int{-specialPlaced(c, m), shortOf(c, m)}, objectiveKey(c, m, obj, worst)...)
}

// promised reports whether m places every special-post student who did
// not decline or withdraw: the promise of a main round, kept in a round
// whenever it can be.
func (b roundBrute) promised(m []int) bool {
	for s, p := range m {
		if p < 0 && b.c.Students()[s].SpecialPost && !releasedAnswer(b.st[s].Answer) {
			return false
		}
	}
	return true
}

// roundChanges returns c with the changes of a season: seats withdrawn or
// added, and new lists for some students who take part freely (the
// students keeping a seat keep their lists, which name it). c when the
// model refuses the changes.
func roundChanges(t *testing.T, rng *rand.Rand, c *model.Cohort, st []matching.Standing) *model.Cohort {
	d := c.Data()
	for i := range d.Positions {
		switch rng.IntN(4) {
		case 0:
			d.Positions[i].Capacity = max(0, d.Positions[i].Capacity-1)
		case 1:
			d.Positions[i].Capacity++
		}
	}
	for s := range d.Students {
		if !guaranteedAnswer(st[s].Answer) && !releasedAnswer(st[s].Answer) && rng.IntN(2) == 0 {
			d.Students[s].Choices = randomList(rng, len(d.Positions))
		}
	}
	next, err := model.New(d, nil)
	if err != nil {
		return c
	}
	require.Equal(t, c.NumStudents(), next.NumStudents())
	return next
}

// TestRoundOptimalBruteForce compares the optimum of a round, for every
// objective, with an enumeration of the round-feasible allocations on
// thousands of tiny cohorts with every policy: a main round solved by a
// mechanism drawn at random, answers drawn at random, the round compiled
// with them. Every result passes every checker and its certificate,
// keeps the accepted students at their seats and the holders at or above
// theirs; a guaranteed student taken out of it is flagged by CheckQuotas
// and by CheckCertificate, and so is a student taken out of a minimum
// fill or floor that it leaves shorter; the minimum fills and floors are
// met whenever an allocation placing as many special-post students meets
// them, and Shortfalls adds up to what is left short; infeasibility would
// be reported exactly when brute force finds no round-feasible allocation
// (with a cut that checks and the fewest students short that brute force
// finds), which never happens once Compile has accepted the seats kept.
func TestRoundOptimalBruteForce(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 250
	}
	rng := rand.New(rand.NewPCG(15, 15))
	ctx := context.Background()
	var solved, infeasible, guaranteedShort, heldShort, crossing, heldRefused, flagged int
	var kept, broken, spFull, spFlagged, floorsShort, floorFlagged int
	for i := range n {
		var c *model.Cohort
		var err error
		if i%4 == 3 {
			c, err = tinyCohort(rng)
		} else {
			c, err = tinyPolicyCohort(rng)
		}
		require.NoError(t, err)
		main, err := matching.Compile(ctx, c, nil)
		require.NoError(t, err)
		prev := previousAllocation(ctx, rng, main)
		st := roundStandings(rng, prev, 35, 35, 70, 15)
		if i%5 == 4 {
			// Nobody answers nor keeps a seat: the special-post promise
			// alone is soft, so the round has an optimum where the main
			// round may have none.
			for s := range st {
				st[s] = matching.Standing{Answer: model.NoAnswer, Seat: -1}
			}
		}
		if i%3 == 0 {
			c = roundChanges(t, rng, c, st)
		}
		round := &matching.Round{Number: 2, Standings: st, Lottery: matching.LotteryRule(rng.IntN(3))}
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: uint64(i), Round: round})
		if err != nil {
			var he *matching.HeldSeatsError
			require.ErrorAs(t, err, &he, "cohort %d", i)
			heldRefused++
			continue
		}
		b := roundBrute{bruteOptimal{oracle{c: c, inst: inst}}, st}
		feasible := b.all(false)
		worst := 0
		for s := range c.Students() {
			_, ranks := inst.Acceptable(s)
			for _, r := range ranks {
				worst = max(worst, r)
			}
		}
		restore := func() {}
		switch i % 4 {
		case 1, 3:
			restore = matching.SetMaxPhaseWeight(1) // a phase a criterion
		case 2:
			restore = matching.SetTermwiseCosts() // costs summed term by term
		}
		func() {
			defer restore()
			for _, obj := range objectives {
				r, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: obj})
				var ce *matching.CrossingQuotasError
				if errors.As(err, &ce) {
					require.True(t, crosses(c), "cohort %d: %v", i, err)
					crossing++
					break
				}
				if len(feasible) == 0 {
					var ie *matching.InfeasibleError
					require.ErrorAs(t, err, &ie, "cohort %d %v: brute force finds no round-feasible allocation", i, obj)
					ex, err := matching.ExportNetwork(ctx, inst, obj)
					require.NoError(t, err)
					require.NoError(t, flow.CheckInfeasible(ex.Network, ie.Cut), "cohort %d", i)
					require.Equal(t, ie.Cut.Shortfall, ie.Short, "cohort %d: %v", i, ie)
					require.NotEmpty(t, ie.Needs, "cohort %d: %v", i, ie)
					for _, g := range ie.Guaranteed {
						require.True(t, guaranteedAnswer(st[g.Student].Answer), "cohort %d: %v", i, ie)
						require.Equal(t, int(st[g.Student].Seat), g.Seat)
						require.Equal(t, c.Students()[g.Student].ID, g.ID)
					}
					held, ok := b.fewestShort()
					if !ok {
						held = 0
					}
					require.Equal(t, held, ie.GuaranteedShort, "cohort %d %v: fewest guaranteed students short", i, ie)
					require.Empty(t, ie.Counties, "cohort %d %v: a round's special-post students are a criterion, never short", i, ie)
					if len(ie.Guaranteed) > 0 {
						guaranteedShort++
					}
					if held > 0 {
						heldShort++
					}
					infeasible++
					continue
				}
				require.NoError(t, err, "cohort %d %v", i, obj)
				best := slices.MinFunc(feasible, func(x, y []int) int {
					return slices.Compare(roundKey(c, x, obj, worst), roundKey(c, y, obj, worst))
				})
				got := make([]int, len(c.Students()))
				for s := range got {
					got[s] = r.Position(s)
					require.Contains(t, b.options(s, false), got[s], "cohort %d %v: student %d (standing %v) at %d", i, obj, s, st[s], got[s])
				}
				require.Equal(t, roundKey(c, best, obj, worst), roundKey(c, got, obj, worst), "cohort %d %v: optimum %v, brute force %v", i, obj, got, best)
				verifyOptimal(t, inst, r, obj)
				checkOffset(t, inst, r, obj)
				// The minimum fills and floors met whenever an allocation
				// placing as many special-post students meets them; what is
				// left short is what CheckQuotas calls shortfalls.
				if roundKey(c, best, obj, worst)[1] == 0 {
					require.Zero(t, shortOf(c, got), "cohort %d %v: the floors can be met and are not: %v", i, obj, got)
				}
				var sum int64
				for _, f := range matching.Shortfalls(inst, r.Placements()) {
					require.Contains(t, []matching.QuotaKind{matching.QuotaMinFill, matching.QuotaFloor}, f.Quota.Kind)
					require.Positive(t, f.Short())
					sum += f.Short()
				}
				require.Equal(t, int64(shortOf(c, got)), sum, "cohort %d %v", i, obj)
				if sum > 0 {
					floorsShort++
				}
				// The promise and every floor kept whenever some allocation
				// keeps them, and then the optimum is that of the hard rules
				// (a main round's).
				var promising [][]int
				for _, m := range feasible {
					if b.promised(m) && shortOf(c, m) == 0 {
						promising = append(promising, m)
					}
				}
				if len(promising) > 0 {
					require.True(t, b.promised(got) && shortOf(c, got) == 0, "cohort %d %v: the promise and floors can be kept (%v) and are not: %v", i, obj, promising[0], got)
					hard := slices.MinFunc(promising, func(x, y []int) int {
						return slices.Compare(objectiveKey(c, x, obj, worst), objectiveKey(c, y, obj, worst))
					})
					require.Equal(t, objectiveKey(c, hard, obj, worst), objectiveKey(c, got, obj, worst), "cohort %d %v", i, obj)
					kept++
				} else {
					require.False(t, b.promised(got) && shortOf(c, got) == 0, "cohort %d %v", i, obj)
					broken++
					if !b.promised(got) {
						spFull += checkSpecialReasons(t, c, inst, r, st, got)
					}
				}
				// Take a free student out of a position with a minimum fill
				// or a floor that it leaves short: CheckQuotas flags it (the
				// student could go back) and the certificate fails.
				for s := range got {
					p := got[s]
					if p < 0 || guaranteedAnswer(st[s].Answer) {
						continue
					}
					m := slices.Clone(got)
					m[s] = -1
					if shortOf(c, m) <= shortOf(c, got) || specialPlaced(c, m) < specialPlaced(c, got) {
						continue
					}
					pl := r.Placements()
					pl[s].Position = -1
					vs := matching.CheckQuotas(inst, pl)
					require.True(t, slices.ContainsFunc(vs, func(v matching.QuotaViolation) bool {
						return (v.Quota.Kind == matching.QuotaMinFill && v.Quota.Position == p) || (v.Quota.Kind == matching.QuotaFloor && v.Quota.Region == c.PositionRegion(p))
					}), "cohort %d: %v", i, vs)
					o, _ := r.Optimum()
					require.Error(t, matching.CheckCertificate(ctx, inst, pl, obj, o.Certificate), "cohort %d", i)
					floorFlagged++
					break
				}
				// Take a special-post student the round placed freely out:
				// not the most placed any more, CheckQuotas and the
				// certificate both say so.
				for s := range got {
					if got[s] < 0 || !c.Students()[s].SpecialPost || guaranteedAnswer(st[s].Answer) {
						continue
					}
					pl := r.Placements()
					pl[s].Position = -1
					vs := matching.CheckQuotas(inst, pl)
					require.True(t, slices.ContainsFunc(vs, func(v matching.QuotaViolation) bool {
						return v.Quota.Kind == matching.QuotaSpecialPost && strings.Contains(v.Detail, c.Students()[s].ID)
					}), "cohort %d: %v", i, vs)
					o, _ := r.Optimum()
					require.Error(t, matching.CheckCertificate(ctx, inst, pl, obj, o.Certificate), "cohort %d", i)
					spFlagged++
					break
				}
				// Take a guaranteed student out: CheckQuotas and the
				// certificate must both say so.
				for s := range got {
					if !guaranteedAnswer(st[s].Answer) {
						continue
					}
					pl := r.Placements()
					pl[s].Position = -1
					vs := matching.CheckQuotas(inst, pl)
					require.True(t, slices.ContainsFunc(vs, func(v matching.QuotaViolation) bool {
						return v.Quota.Kind == matching.QuotaGuarantee && v.Quota.Position == int(st[s].Seat)
					}), "cohort %d: %v", i, vs)
					o, _ := r.Optimum()
					require.Error(t, matching.CheckCertificate(ctx, inst, pl, obj, o.Certificate), "cohort %d", i)
					flagged++
					break
				}
				solved++
			}
		}()
	}
	t.Logf("%d cohorts: %d round optima checked (special-post promise and floors kept in %d, not possible in %d: %d students left with every special post full, %d optima short of floors), %d infeasible diagnosed (%d naming guaranteed students, %d with guarantees that cannot all be kept), %d crossing refused, %d held seats refused by Compile, %d guarantees, %d special-post students and %d students filling a floor taken out and flagged",
		n, solved, kept, broken, spFull, floorsShort, infeasible, guaranteedShort, heldShort, crossing, heldRefused, flagged, spFlagged, floorFlagged)
	require.Greater(t, solved, n)
	require.Greater(t, flagged, n/4)
	// Compile refuses the seats kept that break a capacity or a cap
	// (HeldSeatsError), and the minimum fills and floors are a criterion:
	// a compiled round has an optimum (brute force agrees, above).
	require.Zero(t, infeasible)
	if !testing.Short() {
		require.Positive(t, spFull)
	}
	require.Greater(t, broken, n/50)
	require.Greater(t, spFlagged, n/50)
	require.Greater(t, floorsShort, n/50)
	require.Greater(t, floorFlagged, n/50)
}

// checkSpecialReasons checks the reasons of the special-post students a
// round's optimum m (of r) leaves unplaced, from the cohort: "special post
// left open" only when a special post they may take (eligible, not left
// out of its ranking) has a seat free; "special posts full" only when
// every such post is full or keeps its free seats for a reserve held
// empty. It returns how many got "special posts full".
func checkSpecialReasons(t *testing.T, c *model.Cohort, inst *matching.Instance, r *matching.Result, st []matching.Standing, m []int) int {
	t.Helper()
	fill := make([]int, len(c.Positions()))
	for _, p := range m {
		if p >= 0 {
			fill[p]++
		}
	}
	full := 0
	for s, p := range m {
		if p >= 0 || !c.Students()[s].SpecialPost || releasedAnswer(st[s].Answer) {
			continue
		}
		free, freeUnreserved := false, false
		for q, pos := range c.Positions() {
			if !pos.SpecialPost || c.Eligibility(s, q) != model.Eligible {
				continue
			}
			if ranking, ok := c.Ranking(q); ok && !slices.Contains(ranking, int32(s)) {
				continue
			}
			if fill[q] < inst.Capacity(q) {
				free = true
				if !slices.ContainsFunc(pos.Reserved, func(rs model.Reserve) bool { return rs.Unused == model.StayEmpty }) {
					freeUnreserved = true
				}
			}
		}
		switch why := r.Reason(s); why {
		case matching.SpecialPostLeftOpen:
			require.True(t, free, "student %d: %v with every special post full", s, why)
		case matching.SpecialPostsFull:
			require.False(t, freeUnreserved, "student %d: %v beside a special post with a seat free", s, why)
			full++
		case matching.EmptyList, matching.NoEligibleChoice, matching.NotRanked:
		default:
			t.Fatalf("special-post student %d unplaced: reason %v", s, why)
		}
		if freeUnreserved {
			require.Equal(t, matching.SpecialPostLeftOpen, r.Reason(s), "student %d", s)
		}
	}
	return full
}

// checkOffset checks, when the exported network of a round's first phase
// is the whole objective, that its minimum cost plus the offset is the
// weighted sum of the criteria r reaches (a criterion to maximise counting
// negatively), as FlowExport promises.
func checkOffset(t *testing.T, inst *matching.Instance, r *matching.Result, obj matching.Objective) {
	t.Helper()
	ctx := context.Background()
	ex, err := matching.ExportNetwork(ctx, inst, obj)
	require.NoError(t, err)
	if !ex.Complete || !ex.OffsetOK {
		return
	}
	res, err := flow.Solve(ctx, ex.Network, nil)
	require.NoError(t, err)
	o, _ := r.Optimum()
	var sum int64
	for i, name := range ex.Criteria {
		j := slices.IndexFunc(o.Values, func(v matching.CriterionValue) bool { return v.Name == name })
		require.GreaterOrEqual(t, j, 0, name)
		v := o.Values[j].Value
		if o.Values[j].Maximize {
			v = -v
		}
		sum += ex.Weights[i] * v
	}
	require.Equal(t, sum, res.Cost+ex.Offset, "criteria %v weights %v values %v", ex.Criteria, ex.Weights, o.Values)
}
