package matching

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"

	"github.com/placement-engine/placement/matching/flow"
)

// Objective says what an optimal allocation optimises. Every objective is
// a list of criteria compared lexicographically: the first decides, the
// next breaks its ties, and so on. In a round (Instance.Round) whose cohort
// has special-post students, every objective starts with "special-post
// students placed" (most): the special-post promise, a hard rule of a main
// round, kept in a round as far as the seats kept from the previous round
// and the quotas allow.
type Objective uint8

const (
	// RankSum places as many students as possible and, among the
	// allocations that do, minimises the total rank (the sum of the 1-based
	// places of the students' positions in their own lists, as written).
	// Criteria: "unplaced" (fewest), "total rank" (least). It is the zero
	// value and the default.
	RankSum Objective = iota
	// RankMaximal gives the most students their first choice, then, among
	// those allocations, the most their second choice, and so on (Irving,
	// Kavitha, Mehlhorn, Michail and Paluch 2006). Like the rank-maximal
	// matchings of the literature it does not put the number placed first:
	// one more first choice is worth more than any number of placements at
	// lower ranks. Criteria: "rank 1", "rank 2", ... (most).
	RankMaximal
	// Generous places as many students as possible and, among those
	// allocations, gives the fewest students their worst rank, then the
	// fewest the rank before it, and so on (the "generous maximum
	// matchings" of Huang, Kavitha, Michail and Nasre): it spares the worst
	// off. Criteria: "unplaced" (fewest), then "rank L", ..., "rank 2"
	// (fewest) for L the worst rank of any acceptable pair.
	Generous
)

var objectiveNames = [...]string{"rank-sum", "rank-maximal", "generous"}

// String returns "rank-sum", "rank-maximal" or "generous".
func (o Objective) String() string {
	if int(o) < len(objectiveNames) {
		return objectiveNames[o]
	}
	return fmt.Sprintf("objective(%d)", int(o))
}

// ParseObjective parses "rank-sum" (or ""), "rank-maximal" and "generous".
func ParseObjective(s string) (Objective, error) {
	if s == "" {
		return RankSum, nil
	}
	for i, n := range objectiveNames {
		if s == n {
			return Objective(i), nil
		}
	}
	return 0, &UnknownNameError{Kind: "objective", Value: s, Want: []string{"rank-sum", "rank-maximal", "generous"}}
}

// OptimalOptions tunes [SolveOptimal]. A nil *OptimalOptions means the zero
// value: the RankSum objective, no progress reports.
type OptimalOptions struct {
	// Objective is what to optimise. The zero value is RankSum.
	Objective Objective

	// Progress, when non-nil, is called after each phase (one exact
	// min-cost flow solve), from the goroutine running SolveOptimal. nil
	// means no reports.
	Progress func(OptimalProgress)
}

// OptimalProgress reports the end of one phase of [SolveOptimal].
type OptimalProgress struct {
	Phase    int      // 1-based
	Criteria []string // the criteria this phase optimised
	Left     int      // criteria left for later phases
}

// CriterionValue is the value an allocation reaches on one criterion of an
// objective.
type CriterionValue struct {
	// Name is "unplaced", "total rank", "rank N" or, in a round,
	// "special-post students placed" (every special-post student placed,
	// at any of their choices).
	Name string
	// Maximize says whether more is better (the rank counts of
	// RankMaximal, "special-post students placed") or less ("unplaced",
	// "total rank" and the rank counts of Generous).
	Maximize bool
	Value    int64
}

// Certificate proves an optimal allocation optimal without trusting the
// solver: for each phase, the node potentials (the dual solution) of that
// phase's flow network. [CheckCertificate] rebuilds the networks from the
// cohort and verifies them.
type Certificate struct {
	Phases []CertificatePhase
}

// CertificatePhase is one phase of a [Certificate].
type CertificatePhase struct {
	// Criteria names the criteria the phase optimised, in order.
	Criteria []string
	// Potentials are the potentials of the phase network's nodes, in node
	// order (see the network's description in optimal_network.go and
	// [ExportNetwork]).
	Potentials []int64
}

// Optimum is what an optimal allocation carries beyond its placements.
type Optimum struct {
	Objective   Objective
	Values      []CriterionValue // one a criterion of the objective, in order
	Certificate Certificate
}

// Optimum returns the objective, the values reached and the certificate of
// an optimal allocation, as a copy; ok is false for a result of another
// mechanism.
func (r *Result) Optimum() (o Optimum, ok bool) {
	if r.opt == nil {
		return Optimum{}, false
	}
	o = *r.opt
	o.Values = slices.Clone(o.Values)
	o.Certificate.Phases = slices.Clone(o.Certificate.Phases)
	for i := range o.Certificate.Phases {
		ph := &o.Certificate.Phases[i]
		ph.Criteria = slices.Clone(ph.Criteria)
		ph.Potentials = slices.Clone(ph.Potentials)
	}
	return o, true
}

// ErrInfeasible is wrapped by *InfeasibleError: no allocation meets every
// hard rule (minimum fills, floors, special-post promises in a main round,
// seats kept in a round) together with every capacity and cap.
var ErrInfeasible = errors.New("matching: no allocation meets every quota")

// SolveOptimal computes an optimal allocation of inst under every quota
// of its cohort, for the objective of opts, by exact min-cost flow
// (package matching/flow). The hard rules:
//
//   - a student is placed only at an acceptable pair of the instance
//     (listed, eligible, not excluded by an explicit ranking), at most once;
//   - a position takes at most its Capacity and at least its MinFill;
//   - an enterprise with a Cap takes at most Cap over all its positions;
//   - a region takes at most its Cap (when set) and at least its Floor over
//     the positions located in it (Cohort.PositionRegion);
//   - in a main round, every special-post student is placed (so, by the
//     eligibility rules, at a special post they may take and listed): the
//     group's promise;
//   - in a round (inst.Round() not nil), every student who accepted or
//     holds a seat is placed: the round's promise to them, kept in every
//     phase as a hard rule (such a student may not stay unplaced), not as
//     a cost. Their compiled lists (see Round) hold only their seat, for an
//     accepted student, and the acceptable choices ranked above it then the
//     seat, for a holder: so an accepted student keeps the seat and nobody
//     who holds ends up worse off. Students who declined or withdrew have
//     no pair and stay unplaced. The special-post promise is the first
//     criterion of the objective instead of a rule (see Objective): the
//     most special-post students placed, all of them when the seats kept
//     and the quotas allow, and then the optimum is the one the rule would
//     give;
//   - a reserve whose unused seats stay empty (model.StayEmpty) keeps its
//     seats for its category: the students a position takes must be
//     assignable to its seats, each to an open seat or to a seat of a
//     reserve whose category they belong to; with a single such reserve of
//     q seats, non-members take at most Capacity − q. A reserve whose unused
//     seats return to open competition (model.RevertToOpen, the default,
//     and the order classes of the synthetic cohorts) restricts no total,
//     since any student may take its seats when members do not: the
//     optimum honours no priorities, only quotas. For the same reason the
//     instance's ReserveOrder, tie-break and seed do not change it.
//
// Priorities play no part: the optimum is in general not stable
// ([Compare] measures by how much). Positions and enterprises outside any
// quota are unconstrained but for capacities.
//
// Method. The objective's criteria are solved in phases, each an exact
// min-cost flow over the network described in optimal_network.go: a phase
// weights several consecutive criteria into one integer cost (mixed radix:
// each criterion's weight exceeds the largest spread of all the criteria
// after it, so that the combined cost is lexicographic) as long as the
// weights fit in 2^52; then it fixes every arc whose reduced cost under the
// phase's optimal potentials is not zero at the bound complementary
// slackness requires, so that the next phase optimises over exactly the
// optimal allocations of the criteria before. RankSum needs one phase on
// every benchmark cohort; RankMaximal one for every few ranks (the
// weights (S+1)^L of a single solve would overflow int64 for all but tiny
// cohorts). A phase whose solve reports an overflow of potentials is split
// and solved again; no phase ever approximates. The result carries every
// phase's potentials as its [Certificate].
//
// Errors: a *CrossingQuotasError when an enterprise cap and a regional
// quota cross (see its documentation); an *InfeasibleError, wrapping
// ErrInfeasible, naming the quotas that cannot be met together and by how
// much (in a round, with the students who accepted or hold a seat that the
// quotas leave no room for: a round is infeasible only when the seats kept
// and the minimum fills and floors cannot be met together); an error
// wrapping flow.ErrOverflow if even a single criterion
// overflows; ctx's error, wrapped, when ctx is done (checked between
// phases, every few thousand students while building networks, and by the
// flow solver every few thousand steps).
//
// Complexity: O(S + P + C) to build each phase's network and, per phase,
// the flow solver's time (see package flow: a few shortest-path and
// maximum-flow rounds on placement networks); memory O(S + P + C),
// about 64 bytes a pair. It never modifies inst and is deterministic.
func SolveOptimal(ctx context.Context, inst *Instance, opts *OptimalOptions) (*Result, error) {
	var o OptimalOptions
	if opts != nil {
		o = *opts
	}
	if o.Objective > Generous {
		return nil, fmt.Errorf("matching: unknown objective %d", o.Objective)
	}
	l, err := newLayout(ctx, inst)
	if err != nil {
		return nil, err
	}
	crit := objectiveCriteria(inst, l, o.Objective)
	queue := planPhases(crit)
	var fixed []uint8
	var last []int64 // flow on every layout arc
	opt := &Optimum{Objective: o.Objective}
	for phase := 1; len(queue) > 0; {
		idx := queue[0]
		pc, err := newPhaseCosts(crit, idx)
		if err != nil {
			return nil, err
		}
		pc.fill(l)
		// The first phase solves the whole network, whose cut diagnoses an
		// infeasible cohort; later ones leave out the arcs fixed so far.
		var net *flow.Network
		var netArc []int32
		if fixed == nil {
			net, err = l.network(ctx, nil, pc)
		} else {
			net, netArc, err = l.reduced(ctx, fixed, pc)
		}
		if err != nil {
			return nil, err
		}
		if len(queue) == 1 {
			pc = nil // the last phase fixes nothing: its costs can go while it runs
		}
		// Nothing refers to net after Solve, so the solver can let the
		// network go once it has its own residual copy (12 to 24 bytes an
		// arc: about 0.25 GB on the 1,000,000-student network).
		res, err := flow.Solve(ctx, net, &flow.Options{Released: true})
		if err != nil {
			var ie *flow.InfeasibleError
			switch {
			case errors.Is(err, flow.ErrOverflow) && len(idx) > 1:
				h := len(idx) / 2
				queue = append([][]int{idx[:h], idx[h:]}, queue[1:]...)
				continue
			case errors.As(err, &ie) && fixed == nil:
				// The diagnosis reads the bounds only: the network again,
				// without costs.
				full, err := l.network(ctx, nil, nil)
				if err != nil {
					return nil, err
				}
				return nil, diagnose(ctx, l, full, ie)
			case errors.As(err, &ie):
				return nil, fmt.Errorf("matching: optimal: phase %d infeasible after fixing arcs (a bug): %w", phase, err)
			}
			return nil, fmt.Errorf("matching: optimal: phase %d: %w", phase, err)
		}
		last = l.flows(res, netArc, fixed)
		names := make([]string, len(idx))
		for i, c := range idx {
			names[i] = crit[c].name()
		}
		opt.Certificate.Phases = append(opt.Certificate.Phases, CertificatePhase{Criteria: names, Potentials: res.Potential})
		queue = queue[1:]
		if len(queue) > 0 {
			if fixed, err = l.fix(pc, netArc, res.Potential, fixed); err != nil {
				return nil, err
			}
		}
		if o.Progress != nil {
			left := 0
			for _, q := range queue {
				left += len(q)
			}
			o.Progress(OptimalProgress{Phase: phase, Criteria: slices.Clone(names), Left: left})
		}
		phase++
	}
	pos, rank := l.placementsOf(last)
	r := &Result{inst: inst, mech: OptimalAllocation, pos: pos, rank: rank, opt: opt}
	opt.Values = criterionValues(crit, l.special, pos, rank)
	return r, nil
}

// critKind is the shape of a criterion.
type critKind uint8

const (
	critUnplaced  critKind = iota // students unplaced
	critTotalRank                 // sum of ranks
	critRankCount                 // students placed at one rank
	critSpecial                   // special-post students placed (a round's first criterion)
)

// criterion is one criterion of an objective, as a cost f(rank) of each
// student's outcome (rank 0 is unplaced), to be minimised; but for
// critSpecial, whose cost is −1 for a special-post student placed and 0
// otherwise: its f is 0 for every rank, and phaseCosts adds its part to
// the special-post students' unplaced arcs (see phaseCosts.spW).
type criterion struct {
	kind     critKind
	rank     int32 // for critRankCount
	maximize bool  // critRankCount: the cost is minus the count
	spread   int64 // Σ over students of max − min of f over their options: the criterion's range
}

func (c criterion) f(rank int32) int64 {
	switch c.kind {
	case critUnplaced:
		if rank == 0 {
			return 1
		}
	case critTotalRank:
		return int64(rank)
	case critRankCount:
		if rank == c.rank {
			if c.maximize {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (c criterion) name() string {
	switch c.kind {
	case critUnplaced:
		return "unplaced"
	case critTotalRank:
		return "total rank"
	case critSpecial:
		return "special-post students placed"
	}
	return "rank " + strconv.Itoa(int(c.rank))
}

// objectiveCriteria lists obj's criteria for inst with their spreads: in
// a round whose cohort has special-post students, "special-post students
// placed" (most) first, then the objective's own. O(S + C).
func objectiveCriteria(inst *Instance, l *layout, obj Objective) []criterion {
	worst := inst.worst
	var crit []criterion
	if l.special != nil {
		crit = append(crit, criterion{kind: critSpecial, maximize: true})
	}
	switch obj {
	case RankSum:
		crit = append(crit, criterion{kind: critUnplaced}, criterion{kind: critTotalRank})
	case RankMaximal:
		for j := int32(1); j <= worst; j++ {
			crit = append(crit, criterion{kind: critRankCount, rank: j, maximize: true})
		}
	case Generous:
		crit = append(crit, criterion{kind: critUnplaced})
		for j := worst; j >= 2; j-- {
			crit = append(crit, criterion{kind: critRankCount, rank: j})
		}
	}
	// Spreads, in one pass: a student with options (acceptable pairs, and
	// staying unplaced unless they must be placed) contributes to
	// "unplaced" 1 when they have both kinds, to "total rank" their worst
	// option's rank minus their best's (0 for unplaced), and to "rank j"
	// 1 when rank j is one of two or more options; to "special-post
	// students placed" 1 for a special-post student who has both kinds.
	var unpl, total, special int64
	var byRank []int64 // only the rank-count criteria need it
	if slices.ContainsFunc(crit, func(c criterion) bool { return c.kind == critRankCount }) {
		byRank = make([]int64, worst+1)
	}
	for s := range l.nS {
		n := int(inst.sStart[s+1] - inst.sStart[s])
		canStay := l.unplaced[s] >= 0
		opts := n
		if canStay {
			opts++
		}
		if n == 0 {
			continue
		}
		if canStay {
			unpl++
			if l.special != nil && l.special[s] {
				special++
			}
		}
		// A student's pairs come most preferred first: their ranks
		// increase.
		ranks := inst.arcRank[inst.sStart[s]:inst.sStart[s+1]]
		lo, hi := ranks[0], ranks[n-1]
		if opts >= 2 && byRank != nil {
			for _, r := range ranks {
				byRank[r]++
			}
		}
		if canStay {
			lo = 0
		}
		total += int64(hi - lo)
	}
	for i := range crit {
		switch c := &crit[i]; c.kind {
		case critUnplaced:
			c.spread = unpl
		case critTotalRank:
			c.spread = total
		case critRankCount:
			c.spread = byRank[c.rank]
		case critSpecial:
			c.spread = special
		}
	}
	return crit
}

// maxPhaseWeight bounds the product of (spread + 1) over the criteria of
// one phase, so that every combined cost, and the phase's objective, stay
// far inside the flow solver's limits. Tests lower it to force phases.
var maxPhaseWeight uint64 = 1 << 52

// planPhases groups the criteria that are not constant (spread > 0) into
// consecutive runs whose weights fit; with none, one phase of no criteria
// (feasibility alone).
func planPhases(crit []criterion) [][]int {
	var out [][]int
	var cur []int
	prod := uint64(1)
	for i, c := range crit {
		if c.spread == 0 {
			continue
		}
		hi, lo := bits.Mul64(prod, uint64(c.spread)+1)
		if len(cur) > 0 && (hi != 0 || lo > maxPhaseWeight) {
			out = append(out, cur)
			cur, prod = nil, 1
			lo = uint64(c.spread) + 1
		}
		cur = append(cur, i)
		prod = lo
	}
	if len(cur) > 0 || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}

// phaseCosts weights the criteria of one phase.
type phaseCosts struct {
	crit []criterion
	w    []int64
	// pair[k] is the cost of pair arc k and unplaced[s] that of student
	// s's unplaced arc, when the costs are given explicitly (nil after
	// fill, which has costsOf compute them student by student instead of
	// storing 8 bytes a pair: 0.16 GB on the 1,000,000-student cohort).
	pair     []int64
	unplaced []int64
	tab      []int64 // tab[i*nr+r] = crit[i].f(r) (fill)
	nr       int     // ranks 0..nr-1 (fill)
	// up[i] says that crit[i].f does not decrease from rank 1 on (fill):
	// its least value over a student's pairs, whose ranks increase, is
	// then at the first.
	up []bool
	// flat[r] = Σ_i w[i]·tab[i*nr+r] (fill), so that an option of rank r
	// costs flat[r] − Σ_i w[i]·mins[i]: nil when those sums could come near
	// overflow (costsOf then sums the differences term by term).
	flat []int64
	base []int64 // base[s] = Σ_i w[i]·mins[i] of student s, with flat (fill)
	mins []int64 // scratch: a student's least term values (costsOf, termsOf, minsOf)
	// offset is Σ over students of the costs subtracted (Σ weight · min
	// of f over the student's options): the phase's weighted criteria
	// equal the flow's cost plus offset. offsetOK is false if it
	// overflowed.
	offset   int64
	offsetOK bool
	pool     int64 // least cost of staying unplaced (fill; see poolCost)
	// spW is the weight of "special-post students placed" in the phase (0
	// when the phase does not take it) and special the layout's
	// special-post students (fill). The criterion's table row is 0: a
	// special-post student with a pair has −1 for each pair, 0 for staying
	// unplaced, so, less the least value −1, staying unplaced costs them
	// spW more than the table says and their pairs nothing more; and each
	// such student adds −spW to the offset (see spExtra).
	spW     int64
	special []bool
}

// spExtra returns what staying unplaced costs student s beyond the table
// (see spW): spW for a special-post student with a pair, else 0.
func (pc *phaseCosts) spExtra(l *layout, s int) int64 {
	if pc == nil || pc.spW == 0 || !pc.special[s] || l.inst.sStart[s+1] == l.inst.sStart[s] {
		return 0
	}
	return pc.spW
}

// newPhaseCosts weights crit[idx...] (mixed radix: the last weighs 1, each
// other the product of (spread + 1) of those after it).
func newPhaseCosts(crit []criterion, idx []int) (*phaseCosts, error) {
	pc := &phaseCosts{}
	w := int64(1)
	pc.w = make([]int64, len(idx))
	for i := len(idx) - 1; i >= 0; i-- {
		c := crit[idx[i]]
		pc.crit = append([]criterion{c}, pc.crit...)
		pc.w[i] = w
		if c.kind == critSpecial {
			pc.spW = w
		}
		hi, lo := bits.Mul64(uint64(w), uint64(c.spread)+1)
		if hi != 0 || lo > math.MaxInt64 {
			return nil, fmt.Errorf("matching: optimal: %w: phase weights", flow.ErrOverflow)
		}
		w = int64(lo)
	}
	return pc, nil
}

// fill prepares the costs of every pair arc and unplaced arc of inst: for
// each option of a student, Σ weight · (f(option) − min of f over the
// student's options), which is ≥ 0 and changes the objective by a constant
// only (each student takes exactly one option), and computes that
// constant, the offset. f is tabulated once per rank (ranks are small), so
// costsOf only looks values up.
func (pc *phaseCosts) fill(l *layout) {
	inst := l.inst
	pc.pair, pc.unplaced = nil, nil
	pc.offsetOK = true
	pc.special = l.special
	if pc.special == nil {
		pc.spW = 0 // no special-post student: the criterion is constant
	}
	nr := int(inst.worst) + 1
	pc.nr = nr
	pc.tab = make([]int64, len(pc.crit)*nr) // tab[i*nr+r] = crit[i].f(r)
	for i, c := range pc.crit {
		for r := range nr {
			pc.tab[i*nr+r] = c.f(int32(r))
		}
	}
	pc.up = make([]bool, len(pc.crit))
	for i := range pc.crit {
		ti := pc.tab[i*nr : (i+1)*nr]
		pc.up[i] = true
		for r := 2; r < nr; r++ {
			if ti[r] < ti[r-1] {
				pc.up[i] = false
				break
			}
		}
	}
	pc.flat = make([]int64, nr)
	for i := range pc.crit {
		for r := range nr {
			hi, lo := bits.Mul64(uint64(pc.w[i]), uint64(max(pc.tab[i*nr+r], -pc.tab[i*nr+r])))
			if hi != 0 || lo >= 1<<56 {
				pc.flat = nil // each |term| < 2^56: no sum of up to 64, nor a difference of two, overflows
				break
			}
		}
	}
	if len(pc.crit) > 64 || termwiseCosts {
		pc.flat = nil
	}
	for r := range pc.flat {
		for i := range pc.crit {
			pc.flat[r] += pc.w[i] * pc.tab[i*nr+r]
		}
	}
	pc.mins = make([]int64, len(pc.crit))
	pc.pool = math.MaxInt64
	if pc.flat != nil {
		pc.base = make([]int64, l.nS)
	}
	// The pass over the students keeps its sums in locals. A student's
	// terms depend on their least values only; when no criterion falls
	// with rank, those depend only on whether the student may stay
	// unplaced and on the rank of their first pair (0 for none), so the
	// terms are worked out once for each such class, when a student of it
	// first comes (unless the classes would outnumber the students).
	var classes []studentTerms
	if !slices.Contains(pc.up, false) && 2*nr <= l.nS {
		classes = make([]studentTerms, 2*nr)
	}
	var one studentTerms
	base := pc.base
	offset, offsetOK, pool := pc.offset, pc.offsetOK, pc.pool
	spW, special := pc.spW, pc.special
	for s := range l.nS {
		lo, hi := inst.sStart[s], inst.sStart[s+1]
		canStay := l.unplaced[s] >= 0
		ranks := inst.arcRank[lo:hi]
		st := &one
		if classes != nil {
			c := 0
			if len(ranks) > 0 {
				c = 2 * int(ranks[0])
			}
			if canStay {
				c++
			}
			st = &classes[c]
		}
		if st == &one || st.term == nil {
			pc.termsOf(st, ranks, canStay)
		}
		if base != nil && (hi > lo || canStay) {
			base[s] = st.base // finite: the student has an option
		}
		var extra int64 // see spW
		if spW != 0 && special[s] && hi > lo {
			extra = spW
			if sum := offset - spW; sum > offset {
				offsetOK = false
			} else {
				offset = sum
			}
		}
		if canStay && hi > lo {
			pool = min(pool, st.stay+extra)
		}
		for i, t := range st.term {
			if st.flags[i]&termNone == 0 && offsetOK {
				sum := offset + t
				if st.flags[i]&termWide != 0 || (t > 0 && sum < offset) || (t < 0 && sum > offset) {
					offsetOK = false
				}
				offset = sum
			}
		}
	}
	pc.offset, pc.offsetOK, pc.pool = offset, offsetOK, pool
}

// studentTerms are what fill sums of a student's least values (those of
// minsOf): Σ weight · least value (base, meaningful when the student has an
// option), the cost of staying unplaced (see costsOf; meaningful when they
// may and have a pair), and each criterion's term of the offset, weight ·
// least value, with its flags.
type studentTerms struct {
	base, stay int64
	term       []int64
	flags      []uint8 // termNone, termWide
}

// Flags of a criterion's term of the offset.
const (
	termNone uint8 = 1 << iota // the student has no option: no term
	termWide                   // weight · least value exceeds int64
)

// termsOf works out st for a student whose pairs have ranks ranks, who may
// stay unplaced when canStay.
func (pc *phaseCosts) termsOf(st *studentTerms, ranks []int32, canStay bool) {
	mins := pc.minsOf(ranks, canStay)
	if st.term == nil {
		st.term, st.flags = make([]int64, len(mins)), make([]uint8, len(mins))
	}
	w, tab, nr := pc.w[:len(mins)], pc.tab, pc.nr
	var b, t int64
	for i, m := range mins {
		b += w[i] * m
		t += w[i] * (tab[i*nr] - m)
		st.term[i], st.flags[i] = 0, termNone
		if m != math.MaxInt64 {
			hi, lo := bits.Mul64(uint64(w[i]), uint64(max(m, -m)))
			x := int64(lo)
			if m < 0 {
				x = -x
			}
			st.term[i], st.flags[i] = x, 0
			if hi != 0 || lo > math.MaxInt64 {
				st.flags[i] = termWide
			}
		}
	}
	st.base, st.stay = b, t
}

// termwiseCosts has fill leave flat nil (tests: the path for costs near
// overflow, which no cohort of theirs comes near).
var termwiseCosts = false

// poolCost returns the cost of the pool arc (see the network's layout): the
// least cost of staying unplaced of any student who may and has a choice
// to make (an acceptable pair), 0 for none or with pc nil; each student's
// unplaced arc costs what is left, which is negative for a student without
// pairs whose staying costs less (they stay unplaced in every allocation:
// their arc is fixed at 1 whatever it costs).
func (pc *phaseCosts) poolCost(l *layout) int64 {
	m := int64(math.MaxInt64)
	switch {
	case pc == nil:
		return 0
	case pc.pair != nil:
		inst := l.inst
		for s, a := range l.unplaced {
			if a >= 0 && inst.sStart[s+1] > inst.sStart[s] {
				m = min(m, pc.unplaced[s])
			}
		}
	default:
		m = pc.pool
	}
	if m == math.MaxInt64 {
		return 0
	}
	return m
}

// minsOf returns, in pc.mins, the least value of each criterion over the
// options of a student whose pairs have ranks ranks, who may stay unplaced
// when canStay (MaxInt64 for a student without any option).
func (pc *phaseCosts) minsOf(ranks []int32, canStay bool) []int64 {
	nr, tab, up := pc.nr, pc.tab, pc.up
	mins := pc.mins[:len(up)]
	for i := range mins {
		ti := tab[i*nr : (i+1)*nr]
		m := int64(math.MaxInt64)
		if canStay {
			m = ti[0]
		}
		switch {
		case len(ranks) == 0:
		case up[i]:
			m = min(m, ti[ranks[0]])
		default:
			for _, r := range ranks {
				m = min(m, ti[r])
			}
		}
		mins[i] = m
	}
	return mins
}

// costsOf returns the costs of student s's pair arcs, in order (in buf,
// unless the costs are explicit), and of their unplaced arc (0 when they
// have none). A nil pc means every cost 0.
func (pc *phaseCosts) costsOf(l *layout, s int, buf []int64) (pair []int64, unplaced int64) {
	inst := l.inst
	lo, hi := inst.sStart[s], inst.sStart[s+1]
	if pc != nil && pc.pair != nil {
		return pc.pair[lo:hi], pc.unplaced[s]
	}
	pair = buf[:0]
	if pc == nil || len(pc.crit) == 0 {
		for range hi - lo {
			pair = append(pair, 0)
		}
		return pair, 0
	}
	if pc.base != nil {
		base := pc.base[s]
		pair = rankCosts(pair, inst.arcRank[lo:hi], pc.flat, base)
		if l.unplaced[s] >= 0 {
			unplaced = pc.flat[0] - base + pc.spExtra(l, s)
		}
		return pair, unplaced
	}
	mins := pc.minsOf(inst.arcRank[lo:hi], l.unplaced[s] >= 0)
	nr := pc.nr
	cost := func(rank int32) int64 {
		var t int64
		for i, m := range mins {
			t += pc.w[i] * (pc.tab[i*nr+int(rank)] - m)
		}
		return t
	}
	for _, r := range inst.arcRank[lo:hi] {
		pair = append(pair, cost(r))
	}
	if l.unplaced[s] >= 0 {
		unplaced = cost(0) + pc.spExtra(l, s)
	}
	return pair, unplaced
}

// flatCosts returns, when pc gives each student s's options the costs
// flat[r] − base[s] for rank r (0 for staying unplaced), flat and base; ok
// is false otherwise (see costsOf).
func (pc *phaseCosts) flatCosts() (flat, base []int64, ok bool) {
	if pc == nil || pc.pair != nil || len(pc.crit) == 0 || pc.base == nil {
		return nil, nil, false
	}
	return pc.flat, pc.base, true
}

// criterionValues evaluates every criterion on an allocation; special
// marks the special-post students (see layout.special).
func criterionValues(crit []criterion, special []bool, pos, rank []int32) []CriterionValue {
	out := make([]CriterionValue, len(crit))
	for i, c := range crit {
		var v int64
		for s := range pos {
			if c.kind == critSpecial {
				if special[s] && pos[s] >= 0 {
					v-- // maximised: the count, negated below
				}
				continue
			}
			r := int32(0)
			if pos[s] >= 0 {
				r = rank[s]
			}
			v += c.f(r)
		}
		if c.maximize {
			v = -v
		}
		out[i] = CriterionValue{Name: c.name(), Maximize: c.maximize, Value: v}
	}
	return out
}

// FlowExport is the network of an optimal allocation's first phase, as
// [ExportNetwork] returns it.
type FlowExport struct {
	// Network has its node names set but for students (numbered in DIMACS
	// files: student s is node s+1). Its first Instance.Pairs() arcs are
	// the acceptable pairs, student by student in the order of
	// Instance.Acceptable; the node layout is described in
	// optimal_network.go.
	Network *flow.Network
	// Criteria names the criteria the network's costs weigh.
	Criteria []string
	// Complete says whether they are all the objective's criteria that
	// are not constant: then the network's minimum cost is the whole
	// objective, any min-cost flow solver gives the same optimal cost, and
	// the student arcs of any optimal flow are an optimal allocation.
	// Otherwise later phases fix arcs by this phase's potentials, which a
	// single file cannot carry. The rank-sum objective is complete on
	// every cohort of the benchmarks.
	Complete bool
	// Weights and Offset relate a flow's cost to the criteria: cost +
	// Offset = Σ Weights[i] · value of Criteria[i], where a criterion to
	// maximise counts negatively (for rank-sum: Weights[0] · unplaced +
	// total rank). OffsetOK is false when Offset overflows int64.
	Weights  []int64
	Offset   int64
	OffsetOK bool
}

// ExportNetwork returns the flow network of the first phase of
// [SolveOptimal] for obj. Errors as for SolveOptimal; O(S + P + C).
func ExportNetwork(ctx context.Context, inst *Instance, obj Objective) (*FlowExport, error) {
	if obj > Generous {
		return nil, fmt.Errorf("matching: unknown objective %d", obj)
	}
	l, err := newLayout(ctx, inst)
	if err != nil {
		return nil, err
	}
	crit := objectiveCriteria(inst, l, obj)
	plan := planPhases(crit)
	idx := plan[0]
	pc, err := newPhaseCosts(crit, idx)
	if err != nil {
		return nil, err
	}
	pc.fill(l)
	net, err := l.network(ctx, nil, pc)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(idx))
	for i, c := range idx {
		names[i] = crit[c].name()
	}
	return &FlowExport{Network: net, Criteria: names, Complete: len(plan) == 1,
		Weights: slices.Clone(pc.w), Offset: pc.offset, OffsetOK: pc.offsetOK}, nil
}
