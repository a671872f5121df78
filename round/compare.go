package round

import (
	"github.com/placement-engine/placement/matching"
)

// Move is a student's change of place between two rounds: From and To are
// positions of the later round's cohort, -1 for unplaced (or, for From, a
// position the later cohort lacks).
type Move struct {
	Student  int
	From, To int
}

// Chain is a cascade of seats started by a decline: Decliner gave up a
// seat, Moves[0] took it (rising from a seat of theirs, or newly placed),
// Moves[1] took the seat Moves[0] left, and so on, until a newly placed
// student (From -1) ends it.
type Chain struct {
	Decliner int
	Moves    []Move
}

// Comparison compares a round with the round before it.
type Comparison struct {
	// Placed and Unplaced count the students of each round (the earlier
	// first).
	Placed, Unplaced [2]int
	// Moved lists, in the later cohort's order, the students of the later
	// round whose place differs from the earlier round's (students new in
	// the later round and placed count as moved from -1).
	Moved []Move
	// Chains lists the cascades the later round's declines started, in the
	// cohort order of the decliners (only those that moved somebody).
	Chains []Chain
}

// Compare compares b with a, the result of the round before it (a main
// round's or a round's): the students placed in each, who moved (matched
// by student ID, positions by ID), and the chains of seats that the
// declines of b's round set moving. O(S + P) with map lookups by ID.
func Compare(a *matching.Result, b *Result) *Comparison {
	out := &Comparison{}
	ca := a.Instance().Cohort()
	cb := b.res.Instance().Cohort()
	out.Placed[0] = a.Placed()
	out.Unplaced[0] = a.Instance().Students() - out.Placed[0]
	out.Placed[1] = b.res.Placed()
	out.Unplaced[1] = b.res.Instance().Students() - out.Placed[1]
	stB, psA := cb.Students(), ca.Positions()
	for s := range stB {
		to := b.res.Position(s)
		from := -1
		if sa, ok := ca.StudentIndex(stB[s].ID); ok {
			if p := a.Position(sa); p >= 0 {
				if q, ok := cb.PositionIndex(psA[p].ID); ok {
					from = q
				}
			}
		} else if to < 0 {
			continue // new and unplaced: nothing moved
		}
		if from != to {
			out.Moved = append(out.Moved, Move{Student: s, From: from, To: to})
		}
	}
	// Chains: follow each decliner's seat through the arrivals paired with
	// the leavers (NewResult).
	tookFrom := map[int]int{} // leaver -> the student who took their seat
	for s, o := range b.all() {
		if (o.Kind == Rose || o.Kind == NewlyPlaced) && o.Took.Student >= 0 {
			tookFrom[o.Took.Student] = s
		}
	}
	for s, o := range b.all() {
		if o.Kind != Declined {
			continue
		}
		ch := Chain{Decliner: s}
		cur := s
		for range len(b.all()) { // a chain visits each student once at most
			t, ok := tookFrom[cur]
			if !ok {
				break
			}
			ot := b.all()[t]
			from := -1
			if ot.Kind == Rose {
				from = ot.Previous
			}
			ch.Moves = append(ch.Moves, Move{Student: t, From: from, To: ot.Position})
			if ot.Kind != Rose {
				break
			}
			cur = t
		}
		if len(ch.Moves) > 0 {
			out.Chains = append(out.Chains, ch)
		}
	}
	return out
}
