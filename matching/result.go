package matching

import (
	"errors"
	"fmt"
	"sync"
)

// Reason says why a student is unplaced.
type Reason uint8

const (
	// Unassigned is the zero Reason: the student is placed, or nothing is
	// known yet.
	Unassigned Reason = iota
	// EmptyList: the student listed no position.
	EmptyList
	// NoEligibleChoice: the student is eligible for none of their choices
	// (major, minimum score or special-post rules).
	NoEligibleChoice
	// NotRanked: every choice the student is eligible for has an explicit
	// ranking that omits them.
	NotRanked
	// Rejected: every acceptable choice filled its seats with students of
	// higher priority there.
	Rejected
	// SpecialPostLeftOpen: a special-post student, whom the group promised
	// a special post, is unplaced while a special post they may take
	// (eligible, not excluded by its ranking, listed or not) still has a
	// seat free for them. It takes precedence over every other reason, so
	// that a broken promise is never reported as an ordinary rejection.
	SpecialPostLeftOpen
	// NotSelected: the optimal allocation (SolveOptimal) left the student
	// out: placing them would have lowered the objective or broken a quota.
	// Positions there have no priorities to reject anyone with.
	NotSelected
	// Declined: the student declined the seat the previous round offered
	// them, and left.
	Declined
	// Withdrew: the student, unplaced in the previous round, withdrew.
	Withdrew
	// SpecialPostsFull: a special-post student whom the optimal allocation
	// of a round could not place, every special post they may take being
	// full (with students keeping their seats from the previous round, or
	// with other special-post students: the round's optimum places as many
	// special-post students as it can, first). A main round's optimum
	// places every special-post student or has no solution.
	SpecialPostsFull
)

var reasonText = [...]string{
	"",
	"empty list",
	"no eligible choice",
	"not in the ranking of any eligible choice",
	"rejected by every choice",
	"special-post student unplaced while a special post open to them has free seats",
	"left out by the optimal allocation",
	"declined the seat offered",
	"withdrew",
	"special-post student: every special post open to them is full",
}

// String returns the reason in plain words, as written in result files.
func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("reason(%d)", int(r))
}

// Mechanism names an allocation mechanism.
type Mechanism uint8

const (
	// StudentDA is student-proposing deferred acceptance: the
	// student-optimal stable matching.
	StudentDA Mechanism = iota + 1
	// PositionDA is position-proposing deferred acceptance: the
	// position-optimal stable matching.
	PositionDA
	// OptimalAllocation is the optimal allocation under every quota, by
	// exact min-cost flow (optimal.go). Run it with [SolveOptimal], which
	// takes the objective; [Solve] runs the stable mechanisms only.
	OptimalAllocation
	// LeastDisruption is, on a round after the first, position-proposing
	// deferred acceptance: the student-pessimal round-stable allocation,
	// which moves every student holding a seat the least (a holder it
	// moves is moved by every round-stable allocation). [Solve] refuses it
	// on a main round.
	LeastDisruption
)

var mechanismNames = [...]string{"", "student-da", "position-da", "optimal", "least-disruption"}

// String returns the mechanism's name: "student-da", "position-da",
// "optimal" or "least-disruption".
func (m Mechanism) String() string {
	if m > 0 && int(m) < len(mechanismNames) {
		return mechanismNames[m]
	}
	return fmt.Sprintf("mechanism(%d)", int(m))
}

// ParseMechanism parses a name written by [Mechanism.String].
func ParseMechanism(s string) (Mechanism, error) {
	for i, n := range mechanismNames {
		if i > 0 && s == n {
			return Mechanism(i), nil
		}
	}
	return 0, &UnknownNameError{Kind: "mechanism", Value: s, Want: []string{"student-da", "position-da", "optimal", "least-disruption"}}
}

// Result is the outcome of a mechanism on an Instance: for each student a
// position or nothing, with the rank obtained and, for the unplaced, why.
// Students and positions are the cohort's indices. A Result is immutable
// and safe for concurrent use (the explanations of explain.go are computed
// once, on first use, under a sync.Once); its methods that return slices
// allocate them.
type Result struct {
	inst      *Instance
	mech      Mechanism
	pos       []int32 // position of each student, or -1
	rank      []int32 // 1-based rank of that position in the student's list, or 0
	proposals int64
	opt       *Optimum // the objective and certificate of an optimal allocation; nil for the others

	once sync.Once // computes an on first use (explain.go)
	an   *analysis
}

// Instance returns the instance the result was computed on.
func (r *Result) Instance() *Instance { return r.inst }

// Mechanism returns the mechanism that computed the result.
func (r *Result) Mechanism() Mechanism { return r.mech }

// Proposals returns the number of proposals the mechanism made.
func (r *Result) Proposals() int64 { return r.proposals }

// Position returns student s's position, or -1 when s is unplaced. It
// panics if s is out of range.
func (r *Result) Position(s int) int { return int(r.pos[s]) }

// Rank returns the 1-based place of student s's position in their list as
// written (1 is the first choice), or 0 when s is unplaced. It panics if s
// is out of range.
func (r *Result) Rank(s int) int { return int(r.rank[s]) }

// Reason returns why student s is unplaced, or Unassigned when they are
// placed. It panics if s is out of range.
func (r *Result) Reason(s int) Reason {
	if r.pos[s] >= 0 {
		return Unassigned
	}
	if why := r.inst.noPair[s]; why == Declined || why == Withdrew {
		return why // they left: no seat was refused them
	}
	if an := r.analyze(); an.leftOpen != nil && an.leftOpen[s] {
		return SpecialPostLeftOpen
	}
	if why := r.inst.noPair[s]; why != Unassigned {
		return why
	}
	if r.mech == OptimalAllocation {
		if r.inst.cohort.StudentSpecialPost(s) {
			return SpecialPostsFull
		}
		return NotSelected
	}
	return Rejected
}

// Placed returns the number of students placed. O(students).
func (r *Result) Placed() int {
	n := 0
	for _, p := range r.pos {
		if p >= 0 {
			n++
		}
	}
	return n
}

// TotalRank returns the sum of the ranks of the placed students.
// O(students).
func (r *Result) TotalRank() int64 {
	var t int64
	for _, k := range r.rank {
		t += int64(k)
	}
	return t
}

// ByRank returns how many students obtained each rank: element i counts
// rank i+1. Its length is the worst rank obtained (0 when nobody is
// placed). O(students).
func (r *Result) ByRank() []int {
	out := []int{}
	for _, k := range r.rank {
		if k > 0 {
			for len(out) < int(k) {
				out = append(out, 0)
			}
			out[k-1]++
		}
	}
	return out
}

// Fill returns how many students each position admitted, by position index.
// O(students + positions).
func (r *Result) Fill() []int {
	out := make([]int, r.inst.Positions())
	for _, p := range r.pos {
		if p >= 0 {
			out[p]++
		}
	}
	return out
}

// Unplaced is an unplaced student and why.
type Unplaced struct {
	Student int
	Reason  Reason
}

// Unplaced returns the unplaced students in index order. O(students).
func (r *Result) Unplaced() []Unplaced {
	out := []Unplaced{}
	for s, p := range r.pos {
		if p < 0 {
			out = append(out, Unplaced{Student: s, Reason: r.Reason(s)})
		}
	}
	return out
}

// Placements returns one Placement a student, in index order, in the form
// the checkers take. O(students).
func (r *Result) Placements() []Placement {
	out := make([]Placement, len(r.pos))
	for s := range r.pos {
		out[s] = Placement{Student: s, Position: int(r.pos[s]), Rank: int(r.rank[s])}
	}
	return out
}

// NewResult makes a Result of placements made elsewhere — read back from a
// result file, or computed by another program — so that its explanations,
// cutoffs and summaries can be asked of it like those of a mechanism's run.
// placements must name every student of inst exactly once, each placed
// (Position >= 0) at an acceptable choice of theirs or unplaced (Position
// -1); their Rank fields are ignored and recomputed from the students'
// lists. mech says which mechanism made them: it decides how unplaced
// students are explained (OptimalAllocation: "left out by the optimal
// allocation"; the others: "rejected"). It returns an error listing every
// placement that breaks these rules (at most 20, then a count); it does
// not check capacities, quotas or stability: [Check] and [CheckQuotas] do.
func NewResult(inst *Instance, mech Mechanism, placements []Placement) (*Result, error) {
	nS := inst.Students()
	r := &Result{inst: inst, mech: mech, pos: make([]int32, nS), rank: make([]int32, nS)}
	seen := make([]bool, nS)
	var errs []error
	bad := 0
	fail := func(format string, args ...any) {
		if bad++; bad <= 20 {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	c := inst.cohort
	for s := range r.pos {
		r.pos[s] = -1
	}
	for _, pl := range placements {
		s, p := pl.Student, pl.Position
		if s < 0 || s >= nS {
			fail("student index %d out of range", s)
			continue
		}
		id := func() string { return c.Students()[s].ID } // for messages only
		if seen[s] {
			fail("student %s appears twice", id())
			continue
		}
		seen[s] = true
		if p < 0 {
			continue
		}
		if p >= inst.Positions() {
			fail("student %s: position index %d out of range", id(), p)
			continue
		}
		k := inst.sStart[s]
		for k < inst.sStart[s+1] && inst.arcs[k].pos != int32(p) {
			k++
		}
		if k == inst.sStart[s+1] {
			fail("student %s is placed at %s, which is not an acceptable choice of theirs", id(), c.Positions()[p].ID)
			continue
		}
		r.pos[s] = int32(p)
		r.rank[s] = inst.arcRank[k]
	}
	for s, ok := range seen {
		if !ok {
			fail("student %s is missing", c.Students()[s].ID)
		}
	}
	if bad > 20 {
		errs = append(errs, fmt.Errorf("and %d more", bad-20))
	}
	if errs != nil {
		return nil, fmt.Errorf("matching: new result: %w", errors.Join(errs...))
	}
	return r, nil
}
