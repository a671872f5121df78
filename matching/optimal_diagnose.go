package matching

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/model"
)

// QuotaKind names a rule or a limit of the cohort in a diagnosis or a
// violation.
type QuotaKind uint8

const (
	// QuotaMinFill is a position's minimum fill.
	QuotaMinFill QuotaKind = iota + 1
	// QuotaFloor is a region's floor.
	QuotaFloor
	// QuotaSpecialPost is the promise to place the special-post students
	// of a county (Region; Amount students).
	QuotaSpecialPost
	// QuotaCapacity is a position's seats.
	QuotaCapacity
	// QuotaOpenSeats is the seats of a position open to every student,
	// when some are held empty for a category.
	QuotaOpenSeats
	// QuotaReserveSeats is the seats of a position held for a category
	// (Reserve) and kept empty when it leaves them unused.
	QuotaReserveSeats
	// QuotaEnterpriseCap is an enterprise's cap over all its positions.
	QuotaEnterpriseCap
	// QuotaRegionCap is a region's cap.
	QuotaRegionCap
	// QuotaApplicants is the students who list a position and could be
	// placed there (Amount of them), from outside the quotas diagnosed.
	QuotaApplicants
	// QuotaStudents is the students whose every acceptable choice lies
	// among the positions diagnosed.
	QuotaStudents
	// QuotaOtherChoices is the acceptable choices of the students
	// diagnosed that lead elsewhere.
	QuotaOtherChoices
	// QuotaGuarantee is a round's promise to the students who accepted or
	// hold a seat that they stay placed (Amount students: in a diagnosis,
	// those of InfeasibleError.Guaranteed; in a violation, the one student,
	// Position their seat).
	QuotaGuarantee
)

var quotaNames = [...]string{"", "minimum fill", "floor", "special-post promise", "capacity", "open seats",
	"reserved seats", "enterprise cap", "region cap", "applicants", "students", "other choices", "seat guarantee"}

// String returns the kind in plain words.
func (k QuotaKind) String() string {
	if int(k) < len(quotaNames) && k > 0 {
		return quotaNames[k]
	}
	return fmt.Sprintf("quota(%d)", int(k))
}

// Quota is one rule or limit of the cohort with its amount: what a
// diagnosis needs or what limits it. Indices are the cohort's; -1 when they
// do not apply.
type Quota struct {
	Kind       QuotaKind
	Position   int
	Enterprise int
	Region     int
	Reserve    int // index in the position's Reserved, for QuotaReserveSeats
	Amount     int64
	// ID is the ID of the position (when Position ≥ 0), else of the
	// enterprise, else of the region the quota is of; "" for a quota of
	// none (QuotaStudents, QuotaOtherChoices, special-post students
	// without a county). It lets a caller word the quota without the
	// cohort at hand.
	ID string
	// Text says it in words, with IDs.
	Text string
}

// withID returns q with its ID, from c.
func (q Quota) withID(c *model.Cohort) Quota {
	switch {
	case q.Position >= 0:
		q.ID = c.Positions()[q.Position].ID
	case q.Enterprise >= 0:
		q.ID = c.Enterprises()[q.Enterprise].ID
	case q.Region >= 0:
		q.ID = c.Regions()[q.Region].ID
	}
	return q
}

// CountyShort is a county whose special-post students cannot all be
// placed.
type CountyShort struct {
	Region   int    // the county's region index (-1: students without a home region)
	County   string // its ID ("" for none)
	Students int    // its special-post students
	Short    int    // how many of them cannot be placed
}

// InfeasibleError explains why no allocation meets every hard rule, in the
// planner's terms. It comes from a cut of the flow network (Cut, checkable
// with flow.CheckInfeasible): a set of quotas that together need more
// students (Needs: minimum fills, floors, special-post students to place)
// than the quotas and lists around them let through (Limits: capacities,
// caps, reserved seats, the students who list the positions), by Short.
// Counties lists, when special-post promises cannot all be kept, each
// county short and by how many (from a second solve in which those
// students may stay unplaced at a cost; empty when even that has no
// solution, that is when the floors and minimum fills alone cannot be
// met).
//
// In a round (Instance.Round), the students who accepted or hold a seat
// must stay placed: when the quotas leave no room for all of them, Needs
// has a QuotaGuarantee of the students among them that the cut counts,
// Guaranteed names those students (they cannot all be kept together with
// the other needs), and GuaranteedShort says how many students keeping a
// seat at the fewest would have to lose it (from the same second solve; 0
// when that solve has no solution). A round's special-post promise is a
// criterion of its objective, not a rule (see Objective): Counties is
// empty in a round.
type InfeasibleError struct {
	Short           int64
	Needs           []Quota
	Limits          []Quota
	Counties        []CountyShort
	Guaranteed      []GuaranteedStudent
	GuaranteedShort int
	Cut             *flow.InfeasibleError
}

// GuaranteedStudent is a student of a round who accepted or holds a seat,
// named in an *InfeasibleError.
type GuaranteedStudent struct {
	Student int          // the cohort's student index
	ID      string       // the student's ID
	Answer  model.Answer // model.Accept or model.Hold
	Seat    int          // the position index of the seat
	SeatID  string       // its ID
}

func (e *InfeasibleError) Error() string {
	var b strings.Builder
	b.WriteString("matching: no allocation meets every quota: ")
	var need, limit int64
	for _, q := range e.Needs {
		need += q.Amount
	}
	for _, q := range e.Limits {
		limit += q.Amount
	}
	fmt.Fprintf(&b, "short %d: ", e.Short)
	list(&b, e.Needs)
	fmt.Fprintf(&b, " call for %d placement(s), but at most %d are possible (", need, limit)
	list(&b, e.Limits)
	b.WriteString(")")
	if len(e.Counties) > 0 {
		b.WriteString("; special-post students who cannot be placed: ")
		for i, cs := range e.Counties {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d of %d in county %q", cs.Short, cs.Students, cs.County)
		}
	}
	if len(e.Guaranteed) > 0 {
		b.WriteString("; students keeping a seat from the previous round, in conflict with these quotas: ")
		guaranteedList(&b, e.Guaranteed)
		if e.GuaranteedShort > 0 {
			fmt.Fprintf(&b, " (%d of them cannot keep it)", e.GuaranteedShort)
		}
	}
	return b.String()
}

// guaranteedList writes the first students of gs with their answers and
// seats ("s1 (holds p2)").
func guaranteedList(b *strings.Builder, gs []GuaranteedStudent) {
	const show = 8
	for i, g := range gs {
		if i == show {
			fmt.Fprintf(b, " and %d more", len(gs)-show)
			return
		}
		if i > 0 {
			b.WriteString(", ")
		}
		verb := "holds"
		if g.Answer == model.Accept {
			verb = "accepted"
		}
		fmt.Fprintf(b, "%q (%s %q)", g.ID, verb, g.SeatID)
	}
}

func list(b *strings.Builder, qs []Quota) {
	const show = 8
	for i, q := range qs {
		if i == show {
			fmt.Fprintf(b, " and %d more", len(qs)-show)
			return
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(q.Text)
	}
	if len(qs) == 0 {
		b.WriteString("nothing")
	}
}

// Unwrap returns ErrInfeasible and the flow network's cut.
func (e *InfeasibleError) Unwrap() []error {
	if e.Cut == nil {
		return []error{ErrInfeasible}
	}
	return []error{ErrInfeasible, e.Cut}
}

// diagnose turns the flow solver's cut into an *InfeasibleError. The cut
// is read from the side without the sink, K: either K must send out more
// than the arcs leaving it carry (special-post students who must be
// placed, pushed by minimum fills below them), or K must receive more than
// the arcs entering it bring (minimum fills and floors inside it). Each
// arc across K's boundary is a quota or a student's choice; each node's
// supply a student.
func diagnose(ctx context.Context, l *layout, net *flow.Network, ie *flow.InfeasibleError) error {
	c := l.inst.cohort
	in := make([]bool, l.nodes)
	for _, v := range ie.Cut {
		in[v] = true
	}
	surplus := ie.Surplus
	if in[l.sink()] {
		for v := range in {
			in[v] = !in[v]
		}
		surplus = !surplus
	}
	e := &InfeasibleError{Cut: ie}
	var counties map[int]int // county → must-place students in K
	var countyOrder []int
	round := l.inst.round != nil
	applicants := map[int]int64{} // position → arcs into K
	var appOrder []int
	var students, others int64
	pos := func(p int) string { return fmt.Sprintf("%q", c.Positions()[p].ID) }
	for s := range l.nS {
		if !in[s] {
			continue
		}
		must := l.unplaced[s] < 0
		if surplus {
			if must && round && guaranteed(l.inst, s) {
				seat := int(l.inst.Standing(s).Seat)
				e.Guaranteed = append(e.Guaranteed, GuaranteedStudent{Student: s, ID: c.Students()[s].ID,
					Answer: l.inst.Standing(s).Answer, Seat: seat, SeatID: c.Positions()[seat].ID})
			} else if must {
				r := c.StudentRegion(s)
				if counties == nil {
					counties = map[int]int{}
				}
				if _, ok := counties[r]; !ok {
					countyOrder = append(countyOrder, r)
				}
				counties[r]++
			}
			for k := l.inst.sStart[s]; k < l.inst.sStart[s+1]; k++ {
				if !in[l.head(int(k))] {
					others++
				}
			}
		} else {
			students++
		}
	}
	if !surplus {
		for k := range l.inst.Pairs() {
			s := l.studentOf(k)
			if !in[s] && in[l.head(k)] {
				p := int(l.inst.arcs[k].pos)
				if _, ok := applicants[p]; !ok {
					appOrder = append(appOrder, p)
				}
				applicants[p]++
			}
		}
	}
	for _, r := range countyOrder {
		name := "no county"
		if r >= 0 {
			name = fmt.Sprintf("county %q", c.Regions()[r].ID)
		}
		e.Needs = append(e.Needs, Quota{Kind: QuotaSpecialPost, Position: -1, Enterprise: -1, Region: r, Reserve: -1,
			Amount: int64(counties[r]), Text: fmt.Sprintf("%d special-post student(s) of %s to place", counties[r], name)})
	}
	if len(e.Guaranteed) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d student(s) who accepted or hold a seat to keep placed (", len(e.Guaranteed))
		guaranteedList(&b, e.Guaranteed)
		b.WriteString(")")
		e.Needs = append(e.Needs, Quota{Kind: QuotaGuarantee, Position: -1, Enterprise: -1, Region: -1, Reserve: -1,
			Amount: int64(len(e.Guaranteed)), Text: b.String()})
	}
	for i, sa := range l.arcs {
		a := l.firstStruct() + i
		_, _, low, capa, _ := net.Arc(a)
		from, to := in[sa.from], in[sa.to]
		if from == to || sa.kind == arcPool {
			// The pool is on K's side only when its arc is full: every
			// student who may stay unplaced is then unplaced, on K's side
			// too, and their supplies (which Needs leaves out) cancel the
			// pool arc's capacity exactly. No quota limits it.
			continue
		}
		q := Quota{Position: -1, Enterprise: -1, Region: -1, Reserve: -1}
		// Needs: lower bounds of arcs that must leave a deficit K or
		// enter a surplus K.
		if low > 0 && ((!surplus && from) || (surplus && to)) {
			q.Amount = low
			switch sa.kind {
			case arcPosition:
				q.Kind, q.Position = QuotaMinFill, int(sa.ref)
				q.Text = fmt.Sprintf("position %s minimum fill %d", pos(int(sa.ref)), low)
			case arcRegion:
				q.Kind, q.Region = QuotaFloor, int(sa.ref)
				q.Text = fmt.Sprintf("region %q floor %d", c.Regions()[sa.ref].ID, low)
			}
			e.Needs = append(e.Needs, q)
			continue
		}
		// Limits: capacities of arcs that enter a deficit K or leave a
		// surplus K.
		if (!surplus && to) || (surplus && from) {
			if capa == 0 {
				continue
			}
			q.Amount = capa
			switch sa.kind {
			case arcPosition:
				q.Kind, q.Position = QuotaCapacity, int(sa.ref)
				q.Text = fmt.Sprintf("position %s capacity %d", pos(int(sa.ref)), capa)
			case arcOpen:
				q.Kind, q.Position = QuotaOpenSeats, int(sa.ref)
				q.Text = fmt.Sprintf("position %s: %d seat(s) open to all (others held empty for their categories)", pos(int(sa.ref)), capa)
			case arcReserve:
				q.Kind, q.Position, q.Reserve = QuotaReserveSeats, int(sa.ref), int(sa.res)
				q.Text = fmt.Sprintf("position %s: %d seat(s) held for %v", pos(int(sa.ref)), capa, c.Positions()[sa.ref].Reserved[sa.res].Category)
			case arcEnterprise:
				q.Kind, q.Enterprise = QuotaEnterpriseCap, int(sa.ref)
				q.Text = fmt.Sprintf("enterprise %q cap %d", c.Enterprises()[sa.ref].ID, capa)
			case arcRegion:
				q.Kind, q.Region = QuotaRegionCap, int(sa.ref)
				q.Text = fmt.Sprintf("region %q cap %d", c.Regions()[sa.ref].ID, capa)
			default:
				q.Kind = QuotaOtherChoices
				q.Text = fmt.Sprintf("%d more unit(s) through %s", capa, l.nodeName(int(sa.from)))
			}
			e.Limits = append(e.Limits, q)
		}
	}
	for _, p := range appOrder {
		e.Limits = append(e.Limits, Quota{Kind: QuotaApplicants, Position: p, Enterprise: -1, Region: -1, Reserve: -1,
			Amount: applicants[p], Text: fmt.Sprintf("%d applicant(s) of position %s", applicants[p], pos(p))})
	}
	if students > 0 {
		e.Limits = append(e.Limits, Quota{Kind: QuotaStudents, Position: -1, Enterprise: -1, Region: -1, Reserve: -1,
			Amount: students, Text: fmt.Sprintf("%d student(s) whose every choice is among these positions", students)})
	}
	if others > 0 {
		e.Limits = append(e.Limits, Quota{Kind: QuotaOtherChoices, Position: -1, Enterprise: -1, Region: -1, Reserve: -1,
			Amount: others, Text: fmt.Sprintf("%d acceptable choice(s) of these students elsewhere", others)})
	}
	for _, qs := range [][]Quota{e.Needs, e.Limits} {
		for i := range qs {
			qs[i] = qs[i].withID(c)
		}
	}
	for _, qs := range [][]Quota{e.Needs, e.Limits} {
		for i := range qs {
			qs[i] = qs[i].withID(c)
		}
	}
	var need, limit int64
	for _, q := range e.Needs {
		need += q.Amount
	}
	for _, q := range e.Limits {
		limit += q.Amount
	}
	e.Short = need - limit
	if l.must != nil {
		if cs, held, err := mustShort(ctx, l); err == nil {
			e.Counties, e.GuaranteedShort = cs, held
		} else if ctx.Err() != nil {
			return fmt.Errorf("matching: optimal: %w", ctx.Err())
		}
	}
	return e
}

// studentOf returns the student of pair k. O(log S).
func (l *layout) studentOf(k int) int {
	st := l.inst.sStart
	lo, hi := 0, l.nS
	for lo+1 < hi {
		m := (lo + hi) / 2
		if int(st[m]) <= k {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// mustShort solves the network again with every student who must be
// placed (see mustPlace: special-post students in a main round, the
// students who accepted or hold a seat in a round) free to stay unplaced
// at a cost and every other cost 0: in a round, the fewest students who
// accepted or hold a seat that must lose it; in a main round, the fewest
// special-post students who must stay unplaced, by county. (The weights
// would put a guaranteed student before every special-post student, were
// both ever to be placed by rule together.) It returns an error when even
// that network is infeasible (the floors and minimum fills alone cannot be
// met).
func mustShort(ctx context.Context, l *layout) ([]CountyShort, int, error) {
	relaxed := *l
	relaxed.must = nil
	relaxed.unplaced = make([]int32, l.nS)
	for s := range relaxed.unplaced {
		relaxed.unplaced[s] = int32(l.inst.Pairs() + s)
	}
	relaxed.nUnpl = l.nS
	relaxed.arcs = slices.Clone(l.arcs)
	for i := range relaxed.arcs {
		if relaxed.arcs[i].kind == arcPool {
			relaxed.arcs[i].cap = int64(l.nS)
		}
	}
	pc := &phaseCosts{pair: make([]int64, l.inst.Pairs()), unplaced: make([]int64, l.nS)}
	round := l.inst.round != nil
	heavy := int64(1)
	for s := range l.nS {
		if l.must[s] && !(round && guaranteed(l.inst, s)) {
			heavy++
		}
	}
	for s := range l.nS {
		switch {
		case !l.must[s]:
		case round && guaranteed(l.inst, s):
			pc.unplaced[s] = heavy
		default:
			pc.unplaced[s] = 1
		}
	}
	net, err := relaxed.network(ctx, nil, pc)
	if err != nil {
		return nil, 0, err
	}
	res, err := flow.Solve(ctx, net, nil)
	if err != nil {
		return nil, 0, err
	}
	c := l.inst.cohort
	students := map[int]int{}
	short := map[int]int{}
	var order []int
	held := 0
	for s := range l.nS {
		if !l.must[s] {
			continue
		}
		if round && guaranteed(l.inst, s) {
			if res.Flow[relaxed.unplaced[s]] > 0 {
				held++
			}
			continue
		}
		r := c.StudentRegion(s)
		if _, ok := students[r]; !ok {
			order = append(order, r)
		}
		students[r]++
		if res.Flow[relaxed.unplaced[s]] > 0 {
			short[r]++
		}
	}
	var out []CountyShort
	for _, r := range order {
		if short[r] > 0 {
			cs := CountyShort{Region: r, Students: students[r], Short: short[r]}
			if r >= 0 {
				cs.County = c.Regions()[r].ID
			}
			out = append(out, cs)
		}
	}
	if out == nil && held == 0 {
		return nil, 0, errors.New("no student short")
	}
	return out, held, nil
}
