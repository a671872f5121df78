package matching

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/placement-engine/placement/model"
)

// Rounds after the first (see "Rounds" in the package documentation).
//
// A round is a cohort compiled with a [Round]: each student's [Standing]
// (their answer to the previous round's result and the seat they held)
// changes their list and the priorities of the seats they keep:
//
//   - Accept at q: the only acceptable pair of the student is (s, q),
//     formed even when eligibility or q's ranking changed since (the seat
//     was promised);
//   - Hold at q: the acceptable pairs ranked above q, then (s, q);
//   - Decline, Withdraw: no pair (unplaced, Declined or Withdrew);
//   - NoAnswer, Continue: as in a main round.
//
// At q, the students who accept or hold q (q's guaranteed students) come
// before every other student in every slot they may fill, in their usual
// order among themselves; under caps, the units of seats a position needs
// for its guaranteed students come before targets and round robin.
//
// Why the guaranteed students are always chosen. Let G be q's guaranteed
// students and A any set of applicants. (1) Compile's checkHeld requires
// that some assignment of G to q's slots seats them all (a seat held empty
// for a category takes its members only, the others anyone), and that the
// guaranteed students under each cap fit in it. G sat at q together in
// the previous round, so this holds unless seats, caps or rules were
// withdrawn, whatever their order among themselves now (a reversed
// lottery may make the one who took a seat held empty for one of two
// categories come second). (2) chooseGuaranteed's first pass seats G ∩ A
// only, whoever else applies, seat by seat (those held empty for a
// category first), each seat taking the keeper it ranks highest among
// those whose taking it leaves the most of the others seatable in the
// seats after it: G ∩ A ⊆ G can all be seated, so it seats them all. (It
// is the greedy seating in that order whenever the greedy seats them all:
// each greedy pick then leaves the others seatable.) (3) Under caps, the
// units (q, k ≤ |G|) come first in unitKey's order and Σ|G| fits under
// every cap, so the greedy gives q at least min(demand, |G|) ≥ |G ∩ A|
// seats, and the budget, which cuts the second pass first, cuts no
// guaranteed student. So q never rejects a guaranteed student: student
// proposing leaves each at their seat or higher, position proposing
// offers each their seat, and Check's own statement of the same choice
// functions agrees (round_brute_test.go checks all three against brute
// force).
//
// Why the choice function stays substitutable. The second pass is a
// slot-filling choice over the seats the first pass leaves, substitutable
// in the other students; adding a keeper must then never free a seat the
// first pass used (block by block), or a student it rejected could get
// in. The seat-by-seat rule above has that property: brute force checks
// the choice function's substitutability directly on thousands of small
// positions with seats held empty for overlapping categories
// (TestKeepersChoiceSubstitutable), and the round brute force its
// consequences (student-da student-optimal, least-disruption
// student-pessimal among the round-stable allocations).

// Standing is where a student stands at the start of a round.
type Standing struct {
	// Answer is the student's answer to the previous round's result.
	// NoAnswer and Continue make a free participant.
	Answer model.Answer
	// Seat is the index of the position held from the previous round, for
	// Accept and Hold; -1 otherwise.
	Seat int32
	// Joined is the round the student joined the season in: 1 for a
	// student of the main round, k for one who registered for round k (a
	// late registrant). Their lottery draw is their group's: the students
	// who joined in the same round draw among themselves, and the groups
	// come one after the other in the order they joined (see
	// [LotteryRule]). Values below 1, the zero value among them, count as
	// 1: a round whose students were all in the main round needs none.
	Joined int
}

// joined returns the round the student joined, counting values below 1
// as 1.
func (st Standing) joined() int { return max(st.Joined, 1) }

// guaranteed reports whether the standing keeps a seat.
func (st Standing) guaranteed() bool {
	return st.Answer == model.Accept || st.Answer == model.Hold
}

// LotteryRule says how a round breaks ties in score. The zero value is
// ReversedLottery, the default: Feigenbaum, Kanoria, Lo and Sethuraman
// ("Dynamic matching in school choice: efficient seat reassignment after
// late cancellations", Management Science 2020) show that re-running
// deferred acceptance in the second round with the lottery reversed keeps
// the two rounds strategy-proof and reassigns the seats freed by
// cancellations efficiently: the students who lost ties in the first round
// win them in the second, so the vacated seats cascade to them rather than
// to those the first draw already favoured.
//
// A round's draw belongs to students, not to indices, and to the round
// they joined the season in (Standing.Joined). The students of a round
// are grouped by that round, and each group draws among itself, over its
// own students taken in their cohort order, with the group's index i of
// the student (0 for the first student of the group in the cohort, ...)
// and the group's count n:
//
//   - the group of the main round (Joined 1) draws as the main round did:
//     under SingleTieBreak the permutation of n from the seed, under
//     MultipleTieBreak the hash of the seed, the position's index and i;
//   - a group that joined in round k draws the same way from the seed
//     splitmix(seed ^ k).
//
// Every student of the previous round is in the round's cohort, and
// package round refuses a previous result whose students the cohort lacks
// and a cohort that changes the order of two students of one group (as
// far as the previous result's file shows their order: a CSV result lists
// every student in one order, a JSON result or a workbook its placed and
// its unplaced students apart, each in cohort order), so each group has
// the same students in the same order in every round from the one it
// joined, and its draw, which depends on nothing else, is the same in
// each: the rule applies to it. Students added, at the end or
// anywhere, form the group of the round and change no other group's draw.
// Positions are hashed by index: add new positions at the end, or the
// multiple draw of the positions after them changes.
//
// The groups come one after the other, earliest joined first: under
// SingleTieBreak a student's draw is their group's draw plus the count of
// the students of the groups that joined before theirs; under
// MultipleTieBreak the group's place among the round's groups (0 for the
// earliest) takes the top b bits of the draw and the group's hash the
// rest (shifted right by b), for b the bits that number the groups (0
// with one group, 1 with two, 2 with three or four). So a late registrant
// loses every tie in score against the students who joined before them,
// under both tie-breaks.
//
// The rule applies to each group relative to the round k it joined, in
// round r (Numbers below 2 count as 2):
//
//   - ReversedLottery: the group's draw reversed r−k times, so reversed
//     in every round after k from the one before (single: d becomes
//     n−1−d; multiple: the hash becomes its complement): the main
//     group's is reversed in even rounds and as in the main round in odd
//     ones, a group of round 2 as its own in rounds 2, 4, ... and reversed
//     in rounds 3, 5, ...; two students of one group swap their order
//     every round, exactly, from round to round (under MultipleTieBreak,
//     unless their hashes agree in the top 64−b bits, which happens with
//     probability about 2^-(64-b): the lower index then wins the tie);
//   - SameLottery: the group's own draw in every round: two students of
//     one group keep their order;
//   - FreshLottery: every group draws anew in each round, from the seed
//     splitmix(s ^ r) for s the group's seed above (the seed for the main
//     group, splitmix(seed ^ k) for a group of round k), still in the
//     order the groups joined.
type LotteryRule uint8

const (
	// ReversedLottery reverses each group's draw from round to round:
	// under SingleTieBreak the draw d of a group of n students becomes
	// n-1-d; under MultipleTieBreak the hash becomes its complement. It
	// is the zero value and the default.
	ReversedLottery LotteryRule = iota
	// SameLottery keeps each group's own draw.
	SameLottery
	// FreshLottery draws each group again, with the seed splitmix(s ^
	// Number) for s the group's seed (the groups still in the order they
	// joined).
	FreshLottery
)

var lotteryRuleNames = [...]string{"reversed", "same", "fresh"}

// String returns "reversed", "same" or "fresh".
func (l LotteryRule) String() string {
	if int(l) < len(lotteryRuleNames) {
		return lotteryRuleNames[l]
	}
	return fmt.Sprintf("lottery(%d)", int(l))
}

// ParseLotteryRule parses "reversed" (or ""), "same" and "fresh".
func ParseLotteryRule(s string) (LotteryRule, error) {
	switch s {
	case "", "reversed":
		return ReversedLottery, nil
	case "same":
		return SameLottery, nil
	case "fresh":
		return FreshLottery, nil
	}
	return 0, &UnknownNameError{Kind: "lottery rule", Value: s, Want: []string{"reversed", "same", "fresh"}}
}

// Round makes a compiled instance a round after the first
// ([CompileOptions].Round).
type Round struct {
	// Number is the round's number: 2 for the first supplementary round.
	Number int
	// Previous is the fingerprint of the previous round's result.
	Previous string
	// Responses is the fingerprint of the responses file ("" when none).
	Responses string
	// Lottery says how the round breaks ties in score (zero:
	// ReversedLottery).
	Lottery LotteryRule
	// Placed and Unplaced are the answers a student who gave none took:
	// a student placed in the previous round (Accept, Hold or Decline),
	// and one unplaced (Continue or Withdraw). They change nothing the
	// instance does (the Standings say each student's answer); a round's
	// result files record them, so that the round can be checked and
	// explained again with the same defaults. Zero means Accept and
	// Continue.
	Placed, Unplaced model.Answer
	// Standings has one Standing per student of the cohort, in cohort
	// order.
	Standings []Standing
	// GaveBack has, for each student who declines (Standing.Answer
	// Decline) the seat they held in the previous round, its position's
	// ID (the position may be gone from the cohort): the seat the round
	// has free again; "" for the others, among them the students who
	// declined in an earlier round. Its length is the number of students,
	// or 0 when not known (a round read back from a file written before
	// results recorded it). A round's result files write it as the
	// decliner's previous position.
	GaveBack []string
}

// Round returns a copy of the round the instance was compiled as (its
// Standings cloned: changing it changes nothing the instance does), nil
// for a main round. It allocates O(S) for S students; Standing reads one
// student's standing without.
func (in *Instance) Round() *Round {
	if in.round == nil {
		return nil
	}
	r := *in.round
	r.Standings = slices.Clone(r.Standings)
	r.GaveBack = slices.Clone(r.GaveBack)
	return &r
}

// roundNumber is the round's number as the lottery counts it: numbers
// below 2 count as 2.
func roundNumber(n int) int { return max(n, 2) }

// groupDraw returns the seed and the flip (0, or all ones for a reversed
// draw) of the lottery of the students who joined in round k (k ≥ 1), in
// round r under rule l, from the cohort's seed (see [LotteryRule]).
func groupDraw(seed uint64, k, r int, l LotteryRule) (uint64, uint64) {
	if k > 1 {
		seed = splitmix(seed ^ uint64(k))
	}
	switch l {
	case ReversedLottery:
		if (r-k)%2 != 0 {
			return seed, math.MaxUint64
		}
	case FreshLottery:
		return splitmix(seed ^ uint64(r)), 0
	}
	return seed, 0
}

// Standing returns student s's standing: {NoAnswer, -1} for a main round.
// It panics if s is out of range.
func (in *Instance) Standing(s int) Standing {
	_ = in.noPair[s]
	if in.round == nil {
		return Standing{Seat: -1}
	}
	return in.round.Standings[s]
}

// guarCount returns the number of students who hold or accept position p
// (0 for a main round).
func (in *Instance) guarCount(p int32) int32 {
	if in.guar == nil {
		return 0
	}
	return in.guar[p]
}

// HeldSeats is one place where the seats held or accepted from the
// previous round no longer fit.
type HeldSeats struct {
	// Position is the position's index when the position's own seats do
	// not fit its guaranteed students, else -1.
	Position int
	// Enterprise and Region index the capped enterprise or region whose
	// cap its guaranteed students exceed, else -1.
	Enterprise, Region int
	// Students are the students holding or accepting seats there, in
	// cohort order.
	Students []int
	// Seats is how many of them fit: the seats that would take them, or
	// the cap.
	Seats int
}

// HeldSeatsError is Compile's error for a round whose held and accepted
// seats no longer fit together: seats or caps were withdrawn below what
// the students keeping seats need.
type HeldSeatsError struct {
	Cohort *model.Cohort
	Seats  []HeldSeats
}

func (e *HeldSeatsError) Error() string {
	var b strings.Builder
	b.WriteString("matching: the seats held from the previous round no longer fit:")
	for i, h := range e.Seats {
		if i > 0 {
			b.WriteString(";")
		}
		switch {
		case h.Position >= 0:
			fmt.Fprintf(&b, " position %q takes %d of", e.Cohort.Positions()[h.Position].ID, h.Seats)
		case h.Enterprise >= 0:
			fmt.Fprintf(&b, " enterprise %q (cap %d) takes %d of", e.Cohort.Enterprises()[h.Enterprise].ID, e.Cohort.Enterprises()[h.Enterprise].Cap, h.Seats)
		default:
			fmt.Fprintf(&b, " region %q (cap %d) takes %d of", e.Cohort.Regions()[h.Region].ID, e.Cohort.Regions()[h.Region].Cap, h.Seats)
		}
		fmt.Fprintf(&b, " the %d students keeping seats there (", len(h.Students))
		for j, s := range h.Students {
			if j == 5 {
				fmt.Fprintf(&b, ", and %d more", len(h.Students)-5)
				break
			}
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", e.Cohort.Students()[s].ID)
		}
		b.WriteString(")")
	}
	return b.String()
}

// checkRound validates a round's standings against the cohort and returns
// the count of guaranteed students of each position (nil when none).
func checkRound(c *model.Cohort, r *Round) ([]int32, error) {
	nS, nP := c.NumStudents(), len(c.Positions())
	if len(r.Standings) != nS {
		return nil, fmt.Errorf("matching: the round has %d standings for %d students", len(r.Standings), nS)
	}
	if r.Lottery > FreshLottery {
		return nil, fmt.Errorf("matching: unknown lottery rule %d", r.Lottery)
	}
	var guar []int32
	var errs []string
	for s, st := range r.Standings {
		if st.Answer > model.Withdraw {
			errs = append(errs, fmt.Sprintf("student %q has an unknown answer %d", c.Students()[s].ID, st.Answer))
			continue
		}
		if st.Joined > roundNumber(r.Number) {
			errs = append(errs, fmt.Sprintf("student %q joined in round %d, after this round %d", c.Students()[s].ID, st.Joined, r.Number))
			continue
		}
		if !st.guaranteed() {
			continue
		}
		if st.Seat < 0 || int(st.Seat) >= nP {
			errs = append(errs, fmt.Sprintf("student %q answers %s with no seat", c.Students()[s].ID, st.Answer))
			continue
		}
		if !slices.Contains(c.Choices(s), st.Seat) {
			errs = append(errs, fmt.Sprintf("student %q answers %s for position %q, which is not on their list", c.Students()[s].ID, st.Answer, c.Positions()[st.Seat].ID))
			continue
		}
		if guar == nil {
			guar = make([]int32, nP)
		}
		guar[st.Seat]++
	}
	if errs != nil {
		if len(errs) > 20 {
			errs = append(errs[:20], fmt.Sprintf("and %d more", len(errs)-20))
		}
		return nil, fmt.Errorf("matching: round: %s", strings.Join(errs, "; "))
	}
	return guar, nil
}

// roundCandidates appends student s's candidate pairs in a round (pass 1
// of Compile) and reports how many it added to each position.
func roundCandidates(c *model.Cohort, s int, st Standing, arcs []arc, arcRank []int32, posCount []int32) ([]arc, []int32) {
	switch st.Answer {
	case model.Decline, model.Withdraw:
		return arcs, arcRank
	}
	for j, p := range c.Choices(s) {
		if st.guaranteed() && p == st.Seat {
			arcs = append(arcs, arc{pos: p, prio: -1})
			arcRank = append(arcRank, int32(j+1))
			posCount[p]++
			break
		}
		if st.Answer != model.Accept && c.Eligibility(s, int(p)) == model.Eligible {
			arcs = append(arcs, arc{pos: p, prio: -1})
			arcRank = append(arcRank, int32(j+1))
			posCount[p]++
		}
	}
	return arcs, arcRank
}

// guaranteedFirst reorders the segment of a position's entries so that its
// guaranteed students come first, each group keeping its order: a stable
// partition in one pass, the others set aside in tmp (returned, to be
// used again).
func guaranteedFirst(seg []entry, std []Standing, p int32, tmp []entry) []entry {
	tmp = tmp[:0]
	k := 0
	for _, e := range seg {
		if st := std[e.stu]; st.Seat == p && st.guaranteed() {
			seg[k] = e // k never passes the entry read
			k++
		} else {
			tmp = append(tmp, e)
		}
	}
	copy(seg[k:], tmp)
	return tmp
}

// checkHeld returns a *HeldSeatsError when the guaranteed students of some
// position do not fit together in its seats or under its caps: the
// position's choice function from them alone must take them all (it does
// whenever some assignment of them to the slots that accept them seats
// them all, and otherwise takes as many as can be seated), and the
// guaranteed students under each cap must fit in it.
func (in *Instance) checkHeld() error {
	if in.guar == nil {
		return nil
	}
	c := in.cohort
	var bad []HeldSeats
	students := func(keep func(p int32) bool) []int {
		var out []int
		for s, st := range in.round.Standings {
			if st.guaranteed() && keep(st.Seat) {
				out = append(out, s)
			}
		}
		return out
	}
	var slot []int32
	for p := range int32(len(in.guar)) {
		g := in.guar[p]
		if g == 0 {
			continue
		}
		fit := min(g, in.capacity[p])
		if in.reserved(p) {
			ce := make([]int32, g)
			for i := range ce {
				ce[i] = in.pStart[p] + int32(i)
			}
			slot = slices.Grow(slot[:0], int(g))[:g]
			fit = in.chooseBy(true, p, ce, slot, in.capacity[p])
		}
		if fit < g {
			bad = append(bad, HeldSeats{Position: int(p), Enterprise: -1, Region: -1, Students: students(func(q int32) bool { return q == p }), Seats: int(fit)})
		}
	}
	for n, nd := range in.capNodes {
		sum := int32(0)
		for _, q := range in.under(int32(n)) {
			sum += in.guar[q]
		}
		if sum > nd.cap {
			under := make([]bool, len(in.capacity))
			for _, q := range in.under(int32(n)) {
				under[q] = true
			}
			bad = append(bad, HeldSeats{Position: -1, Enterprise: int(nd.ent), Region: int(nd.region), Students: students(func(q int32) bool { return under[q] }), Seats: int(nd.cap)})
		}
	}
	if bad != nil {
		return &HeldSeatsError{Cohort: c, Seats: bad}
	}
	return nil
}
