package matching

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/model"
)

// QuotaViolation is a quota an allocation breaks: Quota states the rule
// (its Amount is the rule's number), Have what the allocation gives.
type QuotaViolation struct {
	Quota  Quota
	Have   int64
	Detail string
}

// String returns "KIND: DETAIL".
func (v QuotaViolation) String() string { return v.Quota.Kind.String() + ": " + v.Detail }

// CheckQuotas verifies the quotas that the optimal allocation promises
// beyond [Check]'s (which covers coverage, the placement rules and
// capacities): enterprise caps, regional caps and floors, minimum fills,
// every special-post student placed (QuotaSpecialPost), in a round every
// student who accepted or holds a seat placed (QuotaGuarantee, read from
// Instance.Standing; Check says whether at the seat or above it), and
// seats held empty for a category
// (the students of each position with such reserves can be seated, each in
// an open seat or a seat held for a category they belong to: a bipartite
// matching, by augmenting paths). In a round, where the optimum places as
// many special-post students as the seats kept and the quotas allow (the
// objective's first criterion, which [CheckCertificate] proves the most),
// an unplaced special-post student breaks the promise only when one of
// their choices could take them as the allocation stands, nobody moved (a
// seat free for them under every cap); one who declined or withdrew never
// does. Likewise, in a round, a minimum fill or floor short is a violation
// only when a student left unplaced (who did not decline, withdraw, accept
// or hold) could go there as the allocation stands; the others are the
// round's [Shortfalls], information for the planner (the certificate
// proves their sum the least). Like Check it reads the cohort (and a
// round's standings) only, and shares no code with the optimal
// allocation. Placements out of range or
// repeated are skipped (Check reports them). It returns the violations in
// this order: enterprises, regions, positions, students.
//
// It runs in O(S + P + E + R) time plus, at each position with seats held
// empty, O(K²·B) for K students and B reserves (in a round, again at each
// choice of an unplaced special-post student that has a seat free, and at
// each choice of an unplaced student where a minimum fill or floor is
// short, for K students held there); in a round, O(C) more over the
// unplaced students' lists. It never panics on data.
func CheckQuotas(inst *Instance, placements []Placement) []QuotaViolation {
	out, _ := checkQuotas(inst, placements)
	return out
}

// Shortfall is a minimum fill or a regional floor that an allocation of a
// round leaves short as far as [CheckQuotas] can tell, for the planner's
// information: no student left unplaced could go there as the allocation
// stands (a seat free for them under every cap). A round's optimum leaves
// the fewest students short that any allocation keeping the seats kept
// can (the objective's criterion "short of minimum fills and floors",
// which [CheckCertificate] proves the least), since the seats kept from
// the previous round cannot move.
type Shortfall struct {
	// Quota is the rule: Kind QuotaMinFill (Position) or QuotaFloor
	// (Region), Amount its number.
	Quota Quota
	// Have is how many students the allocation places there.
	Have int64
}

// Short returns how many students the quota lacks: Quota.Amount − Have.
func (f Shortfall) Short() int64 { return f.Quota.Amount - f.Have }

// Shortfalls returns the minimum fills and floors an allocation of a
// round leaves short that CheckQuotas does not report (see Shortfall), in
// the order regions, then positions; nil for a main round, where every
// one short is a violation. Placements as CheckQuotas takes them; same
// time.
func Shortfalls(inst *Instance, placements []Placement) []Shortfall {
	_, short := checkQuotas(inst, placements)
	return short
}

// checkQuotas is CheckQuotas, with the shortfalls of a round beside the
// violations.
func checkQuotas(inst *Instance, placements []Placement) ([]QuotaViolation, []Shortfall) {
	c := inst.Cohort()
	students, positions := c.Students(), c.Positions()
	ents, regs := c.Enterprises(), c.Regions()
	nS, nP := len(students), len(positions)
	out := []QuotaViolation{}
	at := make([]int, nS)
	for s := range at {
		at[s] = -2 // missing
	}
	fill := make([]int64, nP)
	held := make([][]int, nP)
	for _, pl := range placements {
		s, p := pl.Student, pl.Position
		if s < 0 || s >= nS || p < -1 || p >= nP || at[s] != -2 {
			continue
		}
		at[s] = p
		if p >= 0 {
			fill[p]++
			held[p] = append(held[p], s)
		}
	}
	entFill := make([]int64, len(ents))
	regFill := make([]int64, len(regs))
	for p := range nP {
		if e := c.PositionEnterprise(p); e >= 0 {
			entFill[e] += fill[p]
		}
		if r := c.PositionRegion(p); r >= 0 {
			regFill[r] += fill[p]
		}
	}
	// In a round, a minimum fill or floor short breaks the rule only when
	// a student left unplaced could go there as the allocation stands:
	// posRoom[p] (regRoom[r], at regRoomAt[r]) is such a student, -1 for
	// none.
	round := inst.Round() != nil
	var short []Shortfall
	var posRoom, regRoom, regRoomAt []int
	if round {
		posRoom, regRoom, regRoomAt = roomsShort(inst, at, fill, entFill, regFill, held)
	}
	none := Quota{Position: -1, Enterprise: -1, Region: -1, Reserve: -1}
	for e, ent := range ents {
		if ent.Cap > 0 && entFill[e] > int64(ent.Cap) {
			q := none
			q.Kind, q.Enterprise, q.Amount = QuotaEnterpriseCap, e, int64(ent.Cap)
			q.Text = fmt.Sprintf("enterprise %q cap %d", ent.ID, ent.Cap)
			out = append(out, QuotaViolation{q.withID(c), entFill[e], fmt.Sprintf("enterprise %q takes %d students, cap %d", ent.ID, entFill[e], ent.Cap)})
		}
	}
	for r, reg := range regs {
		if reg.Cap > 0 && regFill[r] > int64(reg.Cap) {
			q := none
			q.Kind, q.Region, q.Amount = QuotaRegionCap, r, int64(reg.Cap)
			q.Text = fmt.Sprintf("region %q cap %d", reg.ID, reg.Cap)
			out = append(out, QuotaViolation{q.withID(c), regFill[r], fmt.Sprintf("region %q takes %d students, cap %d", reg.ID, regFill[r], reg.Cap)})
		}
		if reg.Floor > 0 && regFill[r] < int64(reg.Floor) {
			q := none
			q.Kind, q.Region, q.Amount = QuotaFloor, r, int64(reg.Floor)
			q.Text = fmt.Sprintf("region %q floor %d", reg.ID, reg.Floor)
			switch {
			case !round:
				out = append(out, QuotaViolation{q.withID(c), regFill[r], fmt.Sprintf("region %q takes %d students, floor %d", reg.ID, regFill[r], reg.Floor)})
			case regRoom[r] >= 0:
				out = append(out, QuotaViolation{q.withID(c), regFill[r], fmt.Sprintf("region %q takes %d students, floor %d, while student %q could go to its position %q: a round leaves as few students short of floors as the seats kept allow",
					reg.ID, regFill[r], reg.Floor, students[regRoom[r]].ID, positions[regRoomAt[r]].ID)})
			default:
				short = append(short, Shortfall{q.withID(c), regFill[r]})
			}
		}
	}
	for p, pos := range positions {
		if pos.MinFill > 0 && fill[p] < int64(pos.MinFill) {
			q := none
			q.Kind, q.Position, q.Amount = QuotaMinFill, p, int64(pos.MinFill)
			q.Text = fmt.Sprintf("position %q minimum fill %d", pos.ID, pos.MinFill)
			switch {
			case !round:
				out = append(out, QuotaViolation{q.withID(c), fill[p], fmt.Sprintf("position %q takes %d students, minimum fill %d", pos.ID, fill[p], pos.MinFill)})
			case posRoom[p] >= 0:
				out = append(out, QuotaViolation{q.withID(c), fill[p], fmt.Sprintf("position %q takes %d students, minimum fill %d, while student %q could take a seat there: a round leaves as few students short of minimum fills as the seats kept allow",
					pos.ID, fill[p], pos.MinFill, students[posRoom[p]].ID)})
			default:
				short = append(short, Shortfall{q.withID(c), fill[p]})
			}
		}
		if seated, ok := seatable(c, p, held[p]); !ok {
			q := none
			q.Kind, q.Position, q.Amount = QuotaReserveSeats, p, int64(seated)
			q.Text = fmt.Sprintf("position %q reserves %s", pos.ID, reservesText(pos.Reserved))
			out = append(out, QuotaViolation{q.withID(c), fill[p], fmt.Sprintf("position %q holds %d students, but only %d of them can be seated: reserves %s keep seats empty for their categories",
				pos.ID, fill[p], seated, reservesText(pos.Reserved))})
		}
	}
	for s, st := range students {
		if at[s] >= 0 {
			continue
		}
		var answer model.Answer
		if round {
			answer = inst.Standing(s).Answer
		}
		switch answer {
		case model.Accept, model.Hold:
			seat := int(inst.Standing(s).Seat)
			seatID, verb := strconv.Itoa(seat), "holds"
			if seat >= 0 && seat < nP {
				seatID = positions[seat].ID
			}
			if answer == model.Accept {
				verb = "accepted"
			}
			q := none
			q.Kind, q.Position, q.Amount = QuotaGuarantee, seat, 1
			if seat < 0 || seat >= nP {
				q.Position = -1
			}
			q.Text = fmt.Sprintf("student %q's seat at %q", st.ID, seatID)
			out = append(out, QuotaViolation{q.withID(c), 0, fmt.Sprintf("student %q %s the seat at %q and is not placed: a student who accepts or holds a seat must stay placed", st.ID, verb, seatID)})
			continue
		case model.Decline, model.Withdraw:
			continue // gave the seat up: no promise to keep
		}
		if !st.SpecialPost {
			continue
		}
		q := none
		q.Kind, q.Region, q.Amount = QuotaSpecialPost, c.StudentRegion(s), 1
		q.Text = fmt.Sprintf("special-post student %q", st.ID)
		if !round {
			out = append(out, QuotaViolation{q.withID(c), 0, fmt.Sprintf("special-post student %q is not placed: every special-post student must be", st.ID)})
			continue
		}
		// In a round the promise is kept as far as the seats kept and the
		// quotas allow: broken when the student could be added as they
		// are, nobody moved (the certificate proves the count the most).
		if p := roomFor(inst, s, fill, entFill, regFill, held); p >= 0 {
			out = append(out, QuotaViolation{q.withID(c), 0, fmt.Sprintf("special-post student %q is not placed while their choice %q has room for them: a round places as many special-post students as the seats kept and the quotas allow", st.ID, positions[p].ID)})
		}
	}
	return out, short
}

// roomsShort finds, for each position short of its minimum fill and each
// region short of its floor in an allocation (at[s] is student s's
// position, -1 unplaced, -2 missing; fill, entFill, regFill and held as
// CheckQuotas counts them), an unplaced student who could go there on top
// of the allocation, nobody moved (see canAdd): posRoom[p], regRoom[r] (at
// regRoomAt[r]), -1 for none. Students who accepted or hold a seat are
// left out (unplaced, they break their own rule), and those who declined
// or withdrew (out of the round). One pass over the unplaced students'
// lists.
func roomsShort(inst *Instance, at []int, fill, entFill, regFill []int64, held [][]int) (posRoom, regRoom, regRoomAt []int) {
	c := inst.Cohort()
	positions, regs := c.Positions(), c.Regions()
	posRoom = make([]int, len(positions))
	regRoom = make([]int, len(regs))
	regRoomAt = make([]int, len(regs))
	for i := range posRoom {
		posRoom[i] = -1
	}
	for i := range regRoom {
		regRoom[i], regRoomAt[i] = -1, -1
	}
	for s, p := range at {
		if p != -1 {
			continue
		}
		switch inst.Standing(s).Answer {
		case model.Accept, model.Hold, model.Decline, model.Withdraw:
			continue
		}
		for _, q := range c.Choices(s) {
			p := int(q)
			if p < 0 || p >= len(positions) {
				continue
			}
			r := c.PositionRegion(p)
			posShort := posRoom[p] < 0 && fill[p] < int64(positions[p].MinFill)
			regShort := r >= 0 && regRoom[r] < 0 && regFill[r] < int64(regs[r].Floor)
			if (posShort || regShort) && canAdd(inst, s, p, fill, entFill, regFill, held) {
				if posShort {
					posRoom[p] = s
				}
				if regShort {
					regRoom[r], regRoomAt[r] = s, p
				}
			}
		}
	}
	return posRoom, regRoom, regRoomAt
}

// roomFor returns a choice of student s that could take them on top of an
// allocation, nobody moved: acceptable (listed, eligible, not left out of
// an explicit ranking), with a seat free, under its enterprise's and
// region's caps, and with a seat for them beside the students it holds
// when reserves keep seats empty; -1 for none. fill, entFill, regFill and
// held are the allocation's, as CheckQuotas counts them.
func roomFor(inst *Instance, s int, fill, entFill, regFill []int64, held [][]int) int {
	for _, q := range inst.Cohort().Choices(s) {
		if canAdd(inst, s, int(q), fill, entFill, regFill, held) {
			return int(q)
		}
	}
	return -1
}

// canAdd reports whether position p, a choice of student s, could take
// them on top of an allocation, nobody moved: acceptable (eligible, not
// left out of an explicit ranking), with a seat free, under its
// enterprise's and region's caps, and with a seat for them beside the
// students it holds when reserves keep seats empty.
func canAdd(inst *Instance, s, p int, fill, entFill, regFill []int64, held [][]int) bool {
	c := inst.Cohort()
	ents, regs := c.Enterprises(), c.Regions()
	if c.Eligibility(s, p) != model.Eligible || fill[p] >= int64(inst.Capacity(p)) {
		return false
	}
	if ranking, ok := c.Ranking(p); ok && !slices.Contains(ranking, int32(s)) {
		return false
	}
	if e := c.PositionEnterprise(p); e >= 0 && ents[e].Cap > 0 && entFill[e] >= int64(ents[e].Cap) {
		return false
	}
	if r := c.PositionRegion(p); r >= 0 && regs[r].Cap > 0 && regFill[r] >= int64(regs[r].Cap) {
		return false
	}
	_, ok := seatable(c, p, append(slices.Clone(held[p]), s))
	return ok
}

// seatable reports whether the students held by position p can each take a
// seat: an open seat, or one of a reserve held empty (model.StayEmpty)
// whose category they belong to. Reserves whose unused seats return to
// open competition count as open seats. It returns the most students that
// can be seated. Augmenting paths over blocks of seats with capacities.
func seatable(c *model.Cohort, p int, held []int) (int, bool) {
	pos := &c.Positions()[p]
	type blk struct {
		res   int // -1 for open seats
		seats int
	}
	open := max(pos.Capacity, 0)
	var blocks []blk
	left := open
	for i, r := range pos.Reserved {
		seats := min(max(r.Seats, 0), left)
		left -= seats
		if r.Unused == model.StayEmpty && seats > 0 {
			blocks = append(blocks, blk{i, seats})
			open -= seats
		}
	}
	if len(blocks) == 0 {
		return len(held), true
	}
	blocks = append(blocks, blk{-1, open})
	students := c.Students()
	fits := func(s, b int) bool {
		return blocks[b].res < 0 || pos.Reserved[blocks[b].res].Category.Includes(&students[s])
	}
	in := make([][]int, len(blocks)) // students seated in each block, by position in held
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for b := range blocks {
			if seen[b] || !fits(held[i], b) {
				continue
			}
			seen[b] = true
			if len(in[b]) < blocks[b].seats {
				in[b] = append(in[b], i)
				return true
			}
			for j, o := range in[b] {
				if try(o, seen) {
					in[b][j] = i
					return true
				}
			}
		}
		return false
	}
	seated := 0
	for i := range held {
		if try(i, make([]bool, len(blocks))) {
			seated++
		}
	}
	return seated, seated == len(held)
}

// ErrCertificate is wrapped by every error of [CheckCertificate].
var ErrCertificate = errors.New("matching: optimality certificate rejected")

// CertificateError is the error of a certificate that does not prove its
// allocation optimal: why, as an English format (students and positions
// named by ID) and its arguments, for a caller to word in its language.
// It wraps [ErrCertificate].
type CertificateError struct {
	Format string
	Args   []any
}

func (e *CertificateError) Error() string {
	return ErrCertificate.Error() + ": " + fmt.Sprintf(e.Format, e.Args...)
}

// Unwrap returns ErrCertificate.
func (e *CertificateError) Unwrap() error { return ErrCertificate }

// CheckCertificate verifies that placements (an allocation of inst's
// cohort, one placement a student) are optimal for obj, with the
// potentials of cert, without trusting the solver. It rebuilds each
// phase's flow network from the cohort, as [SolveOptimal] does, sets the
// students' arcs to the placements, completes the flow on the seat and
// quota arcs (a feasibility solve, with every arc whose reduced cost is not
// zero held at the bound complementary slackness requires), and checks
// the completed flow against the phase's potentials with flow.Check:
// bounds, conservation and complementary slackness prove it optimal for
// the phase's criteria; fixing the arcs as the solver does then gives the
// next phase's network, whose flows are exactly the optimal flows of the
// phases before. Passing every phase proves the allocation lexicographically
// optimal for the objective's criteria, and feasible under every quota.
//
// It returns nil, or an error wrapping ErrCertificate (or ctx's error, or a
// *CrossingQuotasError). It does not modify its arguments. Time: one
// network build and one flow solve (of a network whose student arcs are
// all fixed) per phase.
func CheckCertificate(ctx context.Context, inst *Instance, placements []Placement, obj Objective, cert Certificate) error {
	bad := func(format string, args ...any) error {
		return &CertificateError{Format: format, Args: args}
	}
	if obj > Generous {
		return bad("unknown objective %d", obj)
	}
	l, err := newLayout(ctx, inst)
	if err != nil {
		return err
	}
	// The allocation as a flow on the students' arcs.
	pin := make([]uint8, l.numArcs())
	seen := make([]bool, l.nS)
	for _, pl := range placements {
		s, p := pl.Student, pl.Position
		if s < 0 || s >= l.nS || seen[s] {
			return bad("placement of student %d: out of range or repeated", s)
		}
		seen[s] = true
		if p < 0 {
			continue
		}
		k := slices.IndexFunc(inst.arcs[inst.sStart[s]:inst.sStart[s+1]], func(a arc) bool { return int(a.pos) == p })
		if k < 0 {
			id := strconv.Itoa(p)
			if p < len(inst.cohort.Positions()) {
				id = inst.cohort.Positions()[p].ID
			}
			return bad("student %q placed at %q, not an acceptable pair", inst.cohort.Students()[s].ID, id)
		}
		pin[int(inst.sStart[s])+k] = 1
	}
	for s := range l.nS {
		if !seen[s] {
			return bad("student %q missing", inst.cohort.Students()[s].ID)
		}
		placed := false
		for k := inst.sStart[s]; k < inst.sStart[s+1]; k++ {
			placed = placed || pin[k] == 1
		}
		if a := l.unplaced[s]; a >= 0 && !placed {
			pin[a] = 1
		}
		if !placed && inst.round != nil && guaranteed(inst, s) {
			return bad("student %q accepted or holds a seat and is not placed", inst.cohort.Students()[s].ID)
		}
	}

	// The phases must take the objective's criteria in order.
	crit := objectiveCriteria(inst, l, obj)
	var want []string
	for _, c := range crit {
		if c.spread > 0 {
			want = append(want, c.name())
		}
	}
	var got []string
	var plan [][]int
	for _, ph := range cert.Phases {
		var idx []int
		for _, name := range ph.Criteria {
			i := slices.IndexFunc(crit, func(c criterion) bool { return c.name() == name })
			if i < 0 {
				return bad("phase criterion %q is not one of objective %v", name, obj)
			}
			idx = append(idx, i)
			got = append(got, name)
		}
		plan = append(plan, idx)
	}
	if !slices.Equal(want, got) || len(plan) == 0 || (len(want) > 0 && slices.ContainsFunc(plan, func(idx []int) bool { return len(idx) == 0 })) {
		return bad("phases take criteria %q, objective %v needs %q", got, obj, want)
	}

	var fixed []uint8
	for i, idx := range plan {
		pc, err := newPhaseCosts(crit, idx)
		if err != nil {
			return err
		}
		pc.fill(l)
		net, err := l.network(ctx, fixed, pc)
		if err != nil {
			return err
		}
		pot := cert.Phases[i].Potentials
		if len(pot) == net.NumNodes()-1 && int(l.pool) < net.NumNodes() {
			// A certificate of the network before it had the pool node
			// (results written before 29 November 2026): the pool takes
			// the sink's potential less its arc's cost, which leaves
			// every reduced cost as it was and the pool arc's zero.
			pot = slices.Insert(slices.Clone(pot), int(l.pool), pot[l.sink()]-pc.poolCost(l))
		}
		if len(pot) != net.NumNodes() {
			return bad("phase %d: %d potentials for %d nodes", i+1, len(pot), net.NumNodes())
		}
		dual := &flow.Result{Potential: pot}
		// Complete the flow: students' arcs as the allocation says, the
		// others free only where their reduced cost is zero.
		hold := make([]uint8, net.NumArcs())
		if fixed != nil {
			copy(hold, fixed)
		}
		for a := range hold {
			if a < l.firstStruct() {
				if pin[a] == 1 {
					hold[a] = arcAtCap
				} else {
					hold[a] = arcAtLow
				}
				continue
			}
			if hold[a] != arcFree {
				continue
			}
			rc, ok := dual.ReducedCost(net, a)
			switch {
			case !ok:
				return bad("phase %d: reduced cost of arc %d overflows", i+1, a)
			case rc > 0:
				hold[a] = arcAtLow
			case rc < 0:
				hold[a] = arcAtCap
			}
		}
		feas, err := l.network(ctx, hold, nil)
		if err != nil {
			return err
		}
		y, err := flow.Solve(ctx, feas, nil)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("matching: checking certificate: %w", ctx.Err())
			}
			return bad("phase %d (%q): the allocation is not a flow of the phase's network that meets complementary slackness with its potentials: %v",
				i+1, cert.Phases[i].Criteria, err)
		}
		var cost int64
		for a, x := range y.Flow {
			if x != 0 {
				_, _, _, _, ca := net.Arc(a)
				cost += x * ca // ≤ the phase's weight bound, 2^52, for any allocation
			}
		}
		if err := flow.Check(net, &flow.Result{Flow: y.Flow, Potential: pot, Cost: cost}); err != nil {
			return bad("phase %d (%q): %v", i+1, cert.Phases[i].Criteria, err)
		}
		if i+1 < len(plan) {
			if fixed, err = l.fix(pc, nil, pot, fixed); err != nil {
				return bad("phase %d: %v", i+1, err)
			}
		}
	}
	return nil
}

// ObjectiveValues evaluates obj's criteria on an allocation of inst's
// cohort (placements as [Check] takes them; students missing count as
// unplaced, repeats after the first are ignored). O(S + C).
func ObjectiveValues(ctx context.Context, inst *Instance, placements []Placement, obj Objective) ([]CriterionValue, error) {
	l, err := newLayout(ctx, inst)
	if err != nil {
		return nil, err
	}
	pos := make([]int32, l.nS)
	rank := make([]int32, l.nS)
	for s := range pos {
		pos[s] = -2
	}
	for _, pl := range placements {
		s := pl.Student
		if s < 0 || s >= l.nS || pos[s] != -2 {
			continue
		}
		pos[s] = int32(pl.Position)
		if pl.Position >= 0 {
			rank[s] = int32(slices.Index(inst.cohort.Choices(s), int32(pl.Position)) + 1)
		}
	}
	for s := range pos {
		if pos[s] == -2 {
			pos[s] = -1
		}
	}
	return criterionValues(objectiveCriteria(inst, l, obj), l, pos, rank), nil
}
