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

// Comparison compares a round with an earlier one: the round before it
// ([Compare]), or any earlier round of its chain ([CompareEarlier]).
type Comparison struct {
	// Rounds are the numbers of the two rounds (the earlier first: 1 is
	// the main round).
	Rounds [2]int
	// Adjacent is set when the earlier round is the one just before the
	// later (Compare): only then are the later round's outcomes (kept,
	// rose, declined, ...) and Chains about the change between the two.
	Adjacent bool
	// Placed and Unplaced count the students of each round (the earlier
	// first).
	Placed, Unplaced [2]int
	// Moved lists, in the later cohort's order, the students of the later
	// round whose place differs from the earlier round's (students new in
	// the later round and placed count as moved from -1).
	Moved []Move
	// Chains lists the cascades the later round's declines started, in the
	// cohort order of the decliners (only those that moved somebody);
	// empty when the rounds are not Adjacent.
	Chains []Chain
}

// CompareEarlier compares b with a, the result of an earlier round of
// its chain, round number n, not necessarily the one just before it: the
// students placed in each and who moved, as [Compare], but no chains of
// seats (those are between adjacent rounds). When n is b's round minus
// one it is Compare.
func CompareEarlier(a *matching.Result, n int, b *Result) *Comparison {
	if r := b.res.Instance().Round(); r != nil && n == r.Number-1 {
		return Compare(a, b)
	}
	out := compareMoves(a, b)
	out.Rounds[0] = n
	out.Chains = nil
	return out
}

// Compare compares b with a, the result of the round before it (a main
// round's or a round's): the students placed in each, who moved (matched
// by student ID, positions by ID), and the chains of seats that the
// declines of b's round set moving. O(S + P) with map lookups by ID.
func Compare(a *matching.Result, b *Result) *Comparison {
	out := compareMoves(a, b)
	out.Adjacent = true
	out.Rounds[0] = max(out.Rounds[1]-1, 1)
	out.Chains = chains(b)
	return out
}

// compareMoves counts the placed of a and b and lists who moved; Rounds[1]
// is b's round.
func compareMoves(a *matching.Result, b *Result) *Comparison {
	out := &Comparison{}
	if r := b.res.Instance().Round(); r != nil {
		out.Rounds[1] = r.Number
	}
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
	return out
}

// chains follows each decliner's seat of round b through the arrivals
// paired with the leavers (NewResult).
func chains(b *Result) []Chain {
	var out []Chain
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
			out = append(out, ch)
		}
	}
	return out
}
