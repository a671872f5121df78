package round

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// RunOptions tunes [Run]. A nil *RunOptions means the zero value.
type RunOptions struct {
	// Mechanism is the round's mechanism: matching.StudentDA (the zero
	// value means it: the student-optimal round-stable allocation),
	// matching.LeastDisruption (the round-stable allocation that moves
	// every holder the least) or matching.OptimalAllocation (with
	// Objective).
	Mechanism matching.Mechanism
	// Objective is the optimal allocation's objective (zero: RankSum).
	Objective matching.Objective
	// Compile are the options the round's cohort is compiled with (tie
	// break, seed, reserve order; the same as the previous round's, for a
	// lottery rule to mean anything); Run sets its Round.
	Compile matching.CompileOptions
	// Options are the mechanism's (progress); nil means none.
	Options *matching.Options
	// Responses are the responses the round took (those given to
	// Prepare; nil: none, or not at hand): the outcomes then tell a
	// student who answered from one who took the default
	// (Outcome.NoAnswer). They change no placement.
	Responses *model.Responses
}

// Run compiles the round's cohort c with rnd (both from [Prepare]) and
// runs the mechanism of opts on it. prev, the previous result as Prepare
// read it (nil when not at hand), tells the outcomes which seat each
// student had before, so that the seats freed by declines are known; its
// IDs are resolved against c. Compile's *matching.HeldSeatsError (held
// seats that no longer fit: Prepare counts seats and caps, Compile also
// the seats a reserve keeps for others) becomes a *ProblemsError located
// in the cohort, as Prepare's; Compile's other errors are returned as they
// are.
func Run(ctx context.Context, c *model.Cohort, rnd *matching.Round, prev *matching.ResultFile, opts *RunOptions) (*Result, error) {
	var o RunOptions
	if opts != nil {
		o = *opts
	}
	co := o.Compile
	co.Round = rnd
	inst, err := matching.Compile(ctx, c, &co)
	var held *matching.HeldSeatsError
	if errors.As(err, &held) {
		return nil, heldProblems(held)
	}
	if err != nil {
		return nil, err
	}
	var res *matching.Result
	switch o.Mechanism {
	case 0, matching.StudentDA:
		res, err = matching.StudentProposing(ctx, inst, o.Options)
	case matching.LeastDisruption:
		res, err = matching.Solve(ctx, inst, matching.LeastDisruption, o.Options)
	case matching.OptimalAllocation:
		res, err = matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: o.Objective})
	default:
		return nil, fmt.Errorf("round: mechanism %v is not one for a round (want student-da, least-disruption or optimal)", o.Mechanism)
	}
	if err != nil {
		return nil, err
	}
	return NewResultWith(res, prev, o.Responses)
}

// OutcomeKind is what a round did for a student.
type OutcomeKind uint8

const (
	// Kept: the student had accepted their seat and keeps it.
	Kept OutcomeKind = iota + 1
	// HeldKept: the student held their seat and nothing better came: they
	// keep it.
	HeldKept
	// Rose: the student held their seat and moved up to a choice they rank
	// above it.
	Rose
	// NewlyPlaced: a student unplaced before (or new) is placed.
	NewlyPlaced
	// StillUnplaced: a student taking part is unplaced (Outcome.Reason
	// says why).
	StillUnplaced
	// Declined: the student declined their seat and left.
	Declined
	// Withdrew: the student, unplaced before, withdrew.
	Withdrew
	// LeftBefore: the student declined or withdrew in an earlier round
	// (the previous result says so) and is out for good; Outcome.Answer
	// says which. Without the previous result they count as Declined or
	// Withdrew.
	LeftBefore
)

var outcomeNames = [...]string{"", "kept", "held and kept", "rose", "newly placed", "still unplaced", "declined", "withdrew", "left in an earlier round"}

// String returns the kind in plain English words.
func (k OutcomeKind) String() string {
	if int(k) < len(outcomeNames) && k > 0 {
		return outcomeNames[k]
	}
	return fmt.Sprintf("outcome(%d)", int(k))
}

// VacancyKind says where the seat a student took in a round came from.
type VacancyKind uint8

const (
	// FreedByDecline: the student who had the seat declined it.
	FreedByDecline VacancyKind = iota + 1
	// FreedByMove: the student who had the seat moved up to a better one.
	FreedByMove
	// OpenSeat: a seat nobody had at the start of the round (left open in
	// the previous round, or added since).
	OpenSeat
)

// The zero VacancyKind says that where the seat came from is not known:
// the previous result was not given, so the seats given back and left
// are unknown.

// Vacancy is the seat a student took: whose leaving freed it (Student, an
// index of the round's cohort, -1 for an OpenSeat).
type Vacancy struct {
	Kind    VacancyKind
	Student int
}

// Outcome is what the round did for one student. Positions are indices of
// the round's cohort, -1 for none.
type Outcome struct {
	Kind OutcomeKind
	// Answer is the student's standing answer in the round.
	Answer model.Answer
	// NoAnswer is set when the responses are known (NewResultWith) and
	// the student gave none in this round: Answer is the default the
	// round applied (Prepare's Options.Placed or Options.Unplaced). A
	// student who accepted in an earlier round and keeps Accept, and one
	// who left in an earlier round, are not counted as not answering.
	NoAnswer bool
	// NewList is set when the student continued with a new list given in
	// this round's responses (known with NewResultWith): Rank is their
	// place in that list, not in the list they had before.
	NewList bool
	// New is set for a student not in the previous result.
	New bool
	// Position is where the student is now, Rank its place in their list;
	// Previous is the seat they had before (-1 when none or unknown),
	// FromRank its place in their list (0 when not on it).
	Position, Rank     int
	Previous, FromRank int
	// Reason says why a student is unplaced (StillUnplaced, Declined,
	// Withdrew); filled by Result.Outcome.
	Reason matching.Reason
	// Took is, for Rose and NewlyPlaced, the seat the student took; its
	// Kind is zero when that is not known (no previous result).
	Took Vacancy
}

// Result is a round's allocation with what it did for each student.
// It is immutable and safe for concurrent use.
type Result struct {
	res  *matching.Result
	prev *matching.ResultFile
	resp *model.Responses // nil: who answered is not known
	// The outcomes are computed on first use (a round's time is the
	// allocation's; most callers write the result first, and a file
	// carries no outcomes).
	once     sync.Once
	outcomes []Outcome
}

// all returns every student's outcome, computing them once.
func (r *Result) all() []Outcome {
	r.once.Do(func() { r.outcomes = outcomes(r.res, r.prev, r.resp) })
	return r.outcomes
}

// Matching returns the allocation, with the round's instance.
func (r *Result) Matching() *matching.Result { return r.res }

// Outcome returns what the round did for student s. It panics if s is out
// of range. The Reason of an unplaced student is the result's
// (matching.Result.Reason: the first call computes the result's
// explanations, once).
func (r *Result) Outcome(s int) Outcome {
	o := r.all()[s]
	if o.Position < 0 {
		o.Reason = r.res.Reason(s)
	}
	return o
}

// Counts returns how many students had each outcome, indexed by
// OutcomeKind (element 0 unused).
func (r *Result) Counts() []int {
	out := make([]int, len(outcomeNames))
	for _, o := range r.all() {
		out[o.Kind]++
	}
	return out
}

// NewResult makes the round Result of res, an allocation on an instance
// compiled with a round (a mechanism's, or read back from a file with
// matching.NewResult), given the previous result prev read against the
// round's cohort (nil: the seats declined are those the round's
// GaveBack says, none when it is empty, a decliner without one there
// declined in an earlier round (LeftBefore), and where each
// seat taken came from (Vacancy's Kind zero), every student not keeping a
// seat counts as unplaced before, and a student who left in an earlier
// round counts as Declined or Withdrew).
//
// The seats taken are paired with the seats left, position by position:
// the students who left p (declined it, or moved up from it), in cohort
// order, with the students who arrived at p (rose to it or were newly
// placed), in p's priority order (matching.Instance.Priority, ties by
// cohort order); arrivals beyond the leavers took a seat open at the start
// of the round. The outcomes are computed on the first call of
// Result.Outcome, Result.Counts or Compare, once, in O(S log S + C): res
// and prev must not change until then; NewResult itself is O(1).
func NewResult(res *matching.Result, prev *matching.ResultFile) (*Result, error) {
	return NewResultWith(res, prev, nil)
}

// NewResultWith is [NewResult] knowing the responses the round took
// (resp; nil: not known): an outcome then says whether the student
// answered (Outcome.NoAnswer). A student the previous result shows as
// having declined or withdrawn (its answer column) left in an earlier
// round: LeftBefore, not Declined or Withdrew of this round.
func NewResultWith(res *matching.Result, prev *matching.ResultFile, resp *model.Responses) (*Result, error) {
	inst := res.Instance()
	if inst.Round() == nil {
		return nil, fmt.Errorf("round: the result is of a main round (compile with a round)")
	}
	return &Result{res: res, prev: prev, resp: resp}, nil
}

// outcomes is what NewResult says of each student.
func outcomes(res *matching.Result, prev *matching.ResultFile, resp *model.Responses) []Outcome {
	inst := res.Instance()
	c := inst.Cohort()
	nS := inst.Students()
	before := make([]int32, nS) // the seat each student had before, -1
	known := make([]bool, nS)   // in the previous result
	prevAnswer := make([]model.Answer, nS)
	gaveBack := inst.Round().GaveBack // the seats declined in this round, by ID (nil: not known)
	for s := range before {
		before[s] = inst.Standing(s).Seat
		if s < len(gaveBack) && gaveBack[s] != "" {
			if p, ok := c.PositionIndex(gaveBack[s]); ok {
				before[s] = int32(p)
			}
		}
	}
	if prev != nil {
		for _, row := range prev.Rows {
			s, ok := c.StudentIndex(row.Student)
			if !ok || known[s] {
				continue
			}
			known[s] = true
			prevAnswer[s] = row.Answer
			if p, ok := c.PositionIndex(row.Position); ok && before[s] < 0 {
				before[s] = int32(p)
			}
		}
	}
	var answered, newList []bool // by student, when resp is known
	if resp != nil {
		answered, newList = make([]bool, nS), make([]bool, nS)
		for _, r := range resp.Responses {
			if s, ok := c.StudentIndex(r.Student); ok {
				answered[s] = true
				newList[s] = r.Answer == model.Continue && r.HasChoices
			}
		}
	}
	out := make([]Outcome, nS)
	rankOf := func(s int, p int32) int {
		if p < 0 {
			return 0
		}
		if i := slices.Index(c.Choices(s), p); i >= 0 {
			return i + 1
		}
		return 0
	}
	for s := range out {
		st := inst.Standing(s)
		o := Outcome{Answer: st.Answer, New: prev != nil && !known[s], Position: res.Position(s), Rank: res.Rank(s),
			Previous: int(before[s]), FromRank: rankOf(s, before[s]), Took: Vacancy{Student: -1}}
		earlier := prevAnswer[s] == model.Decline || prevAnswer[s] == model.Withdraw
		if prev == nil && len(gaveBack) > 0 && st.Answer == model.Decline && gaveBack[s] == "" {
			earlier = true // the round names the seat of each of its decliners: none, an earlier one
		}
		if answered != nil && !answered[s] && !earlier && prevAnswer[s] != model.Accept && st.Answer != model.NoAnswer {
			o.NoAnswer = true
		}
		o.NewList = newList != nil && newList[s]
		switch {
		case earlier && (st.Answer == model.Decline || st.Answer == model.Withdraw):
			o.Kind = LeftBefore
		case st.Answer == model.Decline:
			o.Kind = Declined
		case st.Answer == model.Withdraw:
			o.Kind = Withdrew
		case o.Position < 0:
			o.Kind = StillUnplaced
		case st.Answer == model.Accept:
			o.Kind = Kept
		case st.Answer == model.Hold && o.Position == int(st.Seat):
			o.Kind = HeldKept
		case st.Answer == model.Hold:
			o.Kind = Rose
		default:
			o.Kind = NewlyPlaced
		}
		out[s] = o
	}
	// Pair leavers and arrivals, position by position.
	leavers := make([][]int32, inst.Positions())
	arrivals := make([][]int32, inst.Positions())
	for s := range out {
		o := &out[s]
		if o.Previous >= 0 && o.Position != o.Previous && (o.Kind == Declined || o.Kind == Rose) {
			leavers[o.Previous] = append(leavers[o.Previous], int32(s))
		}
		if o.Kind == Rose || o.Kind == NewlyPlaced {
			arrivals[o.Position] = append(arrivals[o.Position], int32(s))
		}
	}
	for p, arr := range arrivals {
		if len(arr) == 0 || prev == nil { // prev nil: the seats given back are not known (Took stays zero)
			continue
		}
		slices.SortStableFunc(arr, func(a, b int32) int {
			pa, _ := inst.Priority(int(a), p)
			pb, _ := inst.Priority(int(b), p)
			return pa - pb
		})
		for i, s := range arr {
			v := Vacancy{Kind: OpenSeat, Student: -1}
			if i < len(leavers[p]) {
				l := leavers[p][i]
				v = Vacancy{Kind: FreedByMove, Student: int(l)}
				if out[l].Kind == Declined {
					v.Kind = FreedByDecline
				}
			}
			out[s].Took = v
		}
	}
	return out
}

// heldProblems words Compile's HeldSeatsError as problems of the cohort.
func heldProblems(e *matching.HeldSeatsError) *ProblemsError {
	c := e.Cohort
	out := &ProblemsError{}
	for _, h := range e.Seats {
		ids := make([]string, len(h.Students))
		for i, s := range h.Students {
			ids[i] = c.Students()[s].ID
		}
		p := Problem{Kind: CapCut, Source: Cohort, N: h.Seats, M: len(h.Students), Students: ids}
		switch {
		case h.Position >= 0:
			p.Kind, p.Table, p.ID = SeatsCut, "positions", c.Positions()[h.Position].ID
			p.Position = p.ID
		case h.Enterprise >= 0:
			p.Table, p.ID = "enterprises", c.Enterprises()[h.Enterprise].ID
		default:
			p.Table, p.ID = "regions", c.Regions()[h.Region].ID
		}
		out.Problems = append(out.Problems, p)
	}
	return out
}
