package matching

import (
	"fmt"
	"slices"

	"github.com/placement-engine/placement/model"
)

// The checkers in this file verify an allocation from the cohort alone (its
// choices, eligibility rules, rankings, scores and capacities) plus the
// instance's lottery draws. They share no code with the mechanisms: they
// use neither the compiled pairs nor the priority ranks.

// Placement is what an allocation says about one student: the position they
// got, or -1 for none. Rank is the rank the allocation claims for it (0
// when it claims none).
type Placement struct {
	Student  int
	Position int
	Rank     int
}

// FindingKind classifies a Finding.
type FindingKind uint8

const (
	// Missing: a student of the cohort appears nowhere in the allocation.
	Missing FindingKind = iota + 1
	// Duplicate: a student appears more than once; the first appearance
	// counts for the other checks.
	Duplicate
	// UnknownIndex: a placement names a student or position index outside
	// the cohort.
	UnknownIndex
	// NotChosen: a student is placed at a position they did not list.
	NotChosen
	// Ineligible: a student is placed at a position whose rules exclude
	// them.
	Ineligible
	// Unacceptable: a student is placed at a position whose explicit
	// ranking omits them.
	Unacceptable
	// WrongRank: the rank stated for a placement is not the position's
	// place in the student's list.
	WrongRank
	// OverCapacity: a position admits more students than its seats.
	OverCapacity
	// BlockingPair: a student and a position would both rather be
	// together: the student prefers the position to their placement (or is
	// unplaced), the pair is acceptable, and the position has a free seat
	// or admits someone of lower priority. At a position with reserved
	// seats: the position's choice function, run on its students and the
	// student, would take the student (a slot that would accept them is
	// empty or holds someone of lower priority under that slot's priority).
	BlockingPair
	// ReserveViolation: a position with reserved seats holds a student its
	// own choice function would not keep (C_p(μ(p)) ≠ μ(p)): most often a
	// student outside a category in a seat reserved for it that stays
	// empty when unused.
	ReserveViolation
	// CapExceeded: an enterprise or a region admits more students than
	// its cap.
	CapExceeded
	// CapViolation: a position under a cap holds more students than the
	// caps' round robin gives it for what it holds (the group's choice
	// function would drop some: see caps.go).
	CapViolation
	// AcceptedMoved: in a round, a student who accepted their seat is not
	// placed there.
	AcceptedMoved
	// HolderWorse: in a round, a student who holds a seat is unplaced or
	// placed at a choice they rank below it.
	HolderWorse
	// LeaverPlaced: in a round, a student who declined their seat or
	// withdrew is placed.
	LeaverPlaced
)

var findingNames = [...]string{"", "missing", "duplicate", "unknown index", "not chosen",
	"ineligible", "unacceptable", "wrong rank", "over capacity", "blocking pair", "reserve violation",
	"cap exceeded", "cap violation", "accepted moved", "holder worse off", "leaver placed"}

// String returns the kind in plain words.
func (k FindingKind) String() string {
	if int(k) < len(findingNames) {
		return findingNames[k]
	}
	return fmt.Sprintf("finding(%d)", int(k))
}

// Finding is one thing wrong with an allocation. Student and Position are
// indices in the cohort, -1 when they do not apply; Detail says it in words
// with the IDs.
type Finding struct {
	Kind     FindingKind
	Student  int
	Position int
	Detail   string
}

// String returns "KIND: DETAIL".
func (f Finding) String() string { return f.Kind.String() + ": " + f.Detail }

// Check runs every checker on an allocation of inst's cohort and returns
// every finding, in this order: coverage (students missing or duplicated),
// placements (not chosen, ineligible, unacceptable, wrong rank), capacity,
// reserve violations, then blocking pairs by student and choice. No finding
// means the allocation is complete, feasible and stable for inst's
// priorities (explicit rankings, else score with inst's lottery) and, at
// positions with reserved seats, for the slot-specific choice functions
// that inst's ReserveOrder defines (see the package documentation): the
// checker restates those choice functions from the cohort itself.
//
// On a round (an instance compiled with CompileOptions.Round) it reads
// the standings too: an accepted student must be at their seat
// (AcceptedMoved), a holder at their seat or a choice ranked above it
// (HolderWorse), a student who declined or withdrew unplaced
// (LeaverPlaced); a student keeping a seat may be placed there whatever
// its eligibility rules and ranking say now; and stability is judged with
// the round's lists (an accepted student's is their seat, a holder's stops
// at it, a leaver's is empty) and priorities (at a position, the students
// keeping a seat there first in every slot they may fill, and first for
// the seats the caps hand out; see "Rounds" in the package documentation).
//
// It runs in O(S + P + C + R) time for S students, P positions, C choices
// and R entries of explicit rankings, plus the cost of the eligibility
// rules, plus, at a position with reserves holding K students in B seat
// categories, O(K log K) once and O(K + B·K) for each student who prefers
// it to their placement. It does not modify its arguments and never panics on data.
func Check(inst *Instance, placements []Placement) []Finding {
	c := inst.Cohort()
	nS, nP := len(c.Students()), len(c.Positions())
	findings := []Finding{}
	add := func(k FindingKind, s, p int, format string, args ...any) {
		findings = append(findings, Finding{Kind: k, Student: s, Position: p, Detail: fmt.Sprintf(format, args...)})
	}
	sid := func(s int) string { return c.Students()[s].ID }
	pid := func(p int) string { return c.Positions()[p].ID }
	// Compact copies of what the loops read: the records are wide.
	seats := make([]int, nP)
	for p := range seats {
		seats[p] = c.Positions()[p].Capacity
	}

	// A round's standings, nil for a main round. kept(s, p) says whether s
	// keeps a seat at p (accepted or held there).
	var std []Standing
	if r := inst.round; r != nil && len(r.Standings) == nS {
		std = r.Standings
	}
	kept := func(s, p int) bool {
		return std != nil && (std[s].Answer == model.Accept || std[s].Answer == model.Hold) && int(std[s].Seat) == p
	}

	// Coverage. fill counts every seat taken, valid or not; assigned keeps
	// only the placements that pass the placement rules.
	fill := make([]int, nP)
	assigned := make([]int, nS)
	seen := make([]bool, nS)
	for i := range assigned {
		assigned[i] = -1
	}
	// In a round: whether each student is placed at all.
	placedAny := make([]bool, nS)
	for _, pl := range placements {
		s, p := pl.Student, pl.Position
		if s < 0 || s >= nS || p < -1 || p >= nP {
			add(UnknownIndex, -1, -1, "student %d at position %d: index out of range", s, p)
			continue
		}
		if seen[s] {
			add(Duplicate, s, p, "student %q appears more than once", sid(s))
			continue
		}
		seen[s] = true
		if p < 0 {
			continue
		}
		fill[p]++
		placedAny[s] = true
		// Placement rules.
		rank := 0
		for j, q := range c.Choices(s) {
			if int(q) == p {
				rank = j + 1
				break
			}
		}
		if std != nil {
			st := std[s]
			switch st.Answer {
			case model.Decline:
				add(LeaverPlaced, s, p, "student %q declined their seat but is placed at %q", sid(s), pid(p))
				continue
			case model.Withdraw:
				add(LeaverPlaced, s, p, "student %q withdrew but is placed at %q", sid(s), pid(p))
				continue
			case model.Accept:
				if int(st.Seat) != p {
					add(AcceptedMoved, s, p, "student %q accepted %q but is placed at %q", sid(s), seatID(c, st.Seat), pid(p))
					continue
				}
			case model.Hold:
				if seat := slices.Index(c.Choices(s), st.Seat); int(st.Seat) != p && (rank == 0 || rank > seat+1) {
					add(HolderWorse, s, p, "student %q holds %q (choice %d) but is placed at %q, which they rank below it", sid(s), seatID(c, st.Seat), seat+1, pid(p))
					continue
				}
			}
		}
		if rank == 0 {
			add(NotChosen, s, p, "student %q placed at %q, which they did not list", sid(s), pid(p))
			continue
		}
		if kept(s, p) {
			// The seat was promised: its rules and ranking may have
			// changed since.
			if pl.Rank != 0 && pl.Rank != rank {
				add(WrongRank, s, p, "student %q at %q: rank %d stated, %d in their list", sid(s), pid(p), pl.Rank, rank)
			}
			assigned[s] = p
			continue
		}
		if why := c.Eligibility(s, p); why != model.Eligible {
			add(Ineligible, s, p, "student %q placed at %q: %v", sid(s), pid(p), why)
			continue
		}
		if pl.Rank != 0 && pl.Rank != rank {
			add(WrongRank, s, p, "student %q at %q: rank %d stated, %d in their list", sid(s), pid(p), pl.Rank, rank)
		}
		assigned[s] = p
	}
	for s := range nS {
		if !seen[s] {
			add(Missing, s, -1, "student %q is missing from the allocation", sid(s))
		}
		if std != nil && !placedAny[s] {
			switch st := std[s]; st.Answer {
			case model.Accept:
				add(AcceptedMoved, s, int(st.Seat), "student %q accepted %q but is unplaced", sid(s), seatID(c, st.Seat))
			case model.Hold:
				add(HolderWorse, s, int(st.Seat), "student %q holds %q but is unplaced", sid(s), seatID(c, st.Seat))
			}
		}
	}

	// Explicit rankings: the place of each ranked student, position by
	// position.
	ranked := newRankIndex(c)
	ranked.kept = kept
	for s, p := range assigned {
		if p >= 0 && ranked.has(p) && !kept(s, p) {
			if _, ok := ranked.place(p, s); !ok {
				add(Unacceptable, s, p, "student %q placed at %q, whose ranking omits them", sid(s), pid(p))
				assigned[s] = -1 // no priority there: kept out of the stability check
			}
		}
	}

	// Capacity, and the lowest-priority student admitted at each position.
	worst := make([]int, nP)
	for p := range worst {
		worst[p] = -1
	}
	for s, p := range assigned {
		if p < 0 {
			continue
		}
		if w := worst[p]; w < 0 || ranked.higher(inst, p, w, s) {
			worst[p] = s
		}
	}
	for p := range nP {
		if fill[p] > seats[p] {
			add(OverCapacity, -1, p, "position %q admits %d students for %d seats", pid(p), fill[p], seats[p])
		}
	}

	// Reserved seats: each position's own choice function on its
	// students, slot by slot.
	slotted := make([]*slotFill, nP)
	members := make([][]int, nP)
	// demand[p] is what p's own choice function keeps of its students (for
	// the caps, below).
	demand := make([]int, nP)
	for p := range nP {
		demand[p] = min(fill[p], seats[p])
	}
	for s, p := range assigned {
		if p >= 0 && len(c.Positions()[p].Reserved) > 0 {
			members[p] = append(members[p], s)
		}
	}
	for _, p := range assigned {
		if p >= 0 && len(c.Positions()[p].Reserved) > 0 && slotted[p] == nil {
			slotted[p] = newSlotFill(inst, ranked, p, members[p])
			rejected := slotted[p].rejected(seats[p])
			for _, t := range rejected {
				add(ReserveViolation, t, p, "position %q holds %q in no seat it may take (reserves %s)",
					pid(p), sid(t), reservesText(c.Positions()[p].Reserved))
			}
			demand[p] = len(members[p]) - len(rejected)
		}
	}

	// Caps: every cap, and each capped position's share under the caps'
	// round robin for what it holds (its demand).
	caps := newCapCheck(inst, demand)
	var capHeld [][]int // the students of each capped position
	if caps != nil {
		capHeld = make([][]int, nP)
		for t, p := range assigned {
			if p >= 0 && caps.capped(p) {
				capHeld[p] = append(capHeld[p], t)
			}
		}
		caps.capFindings(inst, fill, add)
		for p := range nP {
			if caps.capped(p) && caps.alloc[p] < fill[p] {
				add(CapViolation, -1, p, "position %q holds %d students, but the round robin under %s gives it %d",
					pid(p), fill[p], caps.capsText(inst, p), caps.alloc[p])
			}
		}
	}

	// Blocking pairs: for each student, every acceptable choice listed
	// before their placement. Missing students count as unplaced.
	for s := range nS {
		choices := c.Choices(s)
		if std != nil {
			// The round's list: an accepted student's is their seat, a
			// holder's stops at it, a leaver's is empty.
			switch st := std[s]; st.Answer {
			case model.Decline, model.Withdraw:
				choices = nil
			case model.Accept:
				choices = []int32{st.Seat}
			case model.Hold:
				if i := slices.Index(choices, st.Seat); i >= 0 {
					choices = choices[:i+1]
				}
			}
		}
		for _, q := range choices {
			p := int(q)
			if p < 0 || p >= nP {
				continue
			}
			if p == assigned[s] {
				break
			}
			if !kept(s, p) {
				if c.Eligibility(s, p) != model.Eligible {
					continue
				}
				if ranked.has(p) {
					if _, ok := ranked.place(p, s); !ok {
						continue
					}
				}
			}
			budget := seats[p]
			if caps.capped(p) {
				// The seats the caps would give p with s among its
				// applicants: its share, plus one when s raises its
				// demand and the round robin has a unit for it.
				budget = caps.alloc[p]
				if budget == demand[p] && caps.extra(p, demand[p]) {
					more := demand[p] < seats[p] // p's own choice would take one more
					if sf := slotted[p]; sf != nil {
						more = sf.count(s, seats[p]) > demand[p]
					} else if len(c.Positions()[p].Reserved) > 0 {
						more = newSlotFill(inst, ranked, p, members[p]).count(s, seats[p]) > demand[p]
					}
					if more {
						budget++
					}
				}
			}
			if len(c.Positions()[p].Reserved) > 0 {
				sf := slotted[p]
				if sf == nil {
					sf = newSlotFill(inst, ranked, p, members[p])
					slotted[p] = sf
				}
				if sf.admits(s, budget) {
					if caps.capped(p) {
						add(BlockingPair, s, p, "student %q prefers %q, whose seats (reserves %s) under %s would take them",
							sid(s), pid(p), reservesText(c.Positions()[p].Reserved), caps.capsText(inst, p))
						continue
					}
					add(BlockingPair, s, p, "student %q prefers %q, whose seats (reserves %s) would take them", sid(s), pid(p), reservesText(c.Positions()[p].Reserved))
				}
				continue
			}
			if caps.capped(p) {
				above := 0 // students at p of higher priority than s
				for _, t := range capHeld[p] {
					if ranked.higher(inst, p, t, s) {
						above++
					}
				}
				if above < budget {
					add(BlockingPair, s, p, "student %q prefers %q, which the round robin under %s would give a seat for them",
						sid(s), pid(p), caps.capsText(inst, p))
				}
				continue
			}
			switch {
			case fill[p] < seats[p]:
				add(BlockingPair, s, p, "student %q prefers %q, which has %d free seats", sid(s), pid(p), seats[p]-fill[p])
			case worst[p] >= 0 && ranked.higher(inst, p, s, worst[p]):
				add(BlockingPair, s, p, "student %q prefers %q, which admits %q of lower priority", sid(s), pid(p), sid(worst[p]))
			}
		}
	}
	return findings
}

// rankIndex answers "where does position p's explicit ranking place student
// s" in O(1).
type rankIndex struct {
	// kept(s, p) says whether s keeps a seat at p in a round (nil: a main
	// round); such students come first at p.
	kept   func(s, p int) bool
	ranked []bool         // whether each position has an explicit ranking
	places map[uint64]int // (position, student) → place in the ranking
	score  []float64      // each student's score
}

func newRankIndex(c *model.Cohort) rankIndex {
	ri := rankIndex{ranked: make([]bool, len(c.Positions())), places: map[uint64]int{},
		score: make([]float64, len(c.Students()))}
	for p := range c.Positions() {
		if ranking, ok := c.Ranking(p); ok {
			ri.ranked[p] = true
			for i, s := range ranking {
				ri.places[uint64(p)<<32|uint64(s)] = i
			}
		}
	}
	for s, st := range c.Students() {
		ri.score[s] = st.Score
	}
	return ri
}

func (ri rankIndex) has(p int) bool { return ri.ranked[p] }

func (ri rankIndex) place(p, s int) (int, bool) {
	i, ok := ri.places[uint64(p)<<32|uint64(s)]
	return i, ok
}

// higher reports whether student a has a higher priority than student b at
// position p; both must be acceptable to p. In a round the students keeping
// a seat at p come first; among them, those p's ranking omits come after
// those it ranks, by score and lottery.
func (ri rankIndex) higher(inst *Instance, p, a, b int) bool {
	if ri.kept != nil {
		if ka, kb := ri.kept(a, p), ri.kept(b, p); ka != kb {
			return ka
		}
	}
	if ri.has(p) {
		ia, oka := ri.place(p, a)
		ib, okb := ri.place(p, b)
		if oka && okb {
			return ia < ib
		}
		if oka != okb {
			return oka
		}
	}
	if ri.score[a] != ri.score[b] {
		return ri.score[a] > ri.score[b]
	}
	la, lb := inst.Lottery(a, p), inst.Lottery(b, p)
	if la != lb {
		return la < lb
	}
	return a < b
}

// slotFill is the checkers' own statement of a position's choice function
// under slot-specific priorities (see reserve.go for the definition), read
// from the cohort: blocks of slots from Position.Reserved, Capacity and the
// instance's ReserveOrder, membership from Category.Includes, priority from
// the rankings, scores and lottery.
type slotFill struct {
	c      *model.Cohort
	inst   *Instance
	ri     rankIndex
	p      int
	blocks []model.Reserve // Seats and Unused per block; Category.Kind 0 for open seats
	held   []int           // the position's students, highest priority first
}

func newSlotFill(inst *Instance, ri rankIndex, p int, held []int) *slotFill {
	c := inst.Cohort()
	pos := c.Positions()[p]
	sf := &slotFill{c: c, inst: inst, ri: ri, p: p}
	open := pos.Capacity
	var res []model.Reserve
	for _, r := range pos.Reserved {
		r.Seats = min(max(r.Seats, 0), open)
		open -= r.Seats
		res = append(res, r)
	}
	if inst.ReserveOrder() == OpenFirst {
		sf.blocks = append([]model.Reserve{{Seats: open}}, res...)
	} else {
		sf.blocks = append(res, model.Reserve{Seats: open})
	}
	sf.held = slices.Clone(held)
	sf.sort(sf.held)
	return sf
}

func (sf *slotFill) sort(list []int) {
	slices.SortFunc(list, func(a, b int) int {
		switch {
		case a == b:
			return 0
		case sf.ri.higher(sf.inst, sf.p, a, b):
			return -1
		}
		return 1
	})
}

// choose returns which of set (sorted by priority) the choice function
// takes, filling the slots in precedence order until budget students are
// taken. In a round it fills them twice: first with the students keeping
// a seat at the position only, then with the others, so that a budget
// never cuts a student keeping a seat before another. The keepers' pass
// visits the seats one at a time, those held empty for a category first;
// each takes the keeper it ranks highest (members of its category first)
// such that the keepers left can still be seated, as many as can be, in
// the seats after it (a matching by augmenting paths, seat by seat).
func (sf *slotFill) choose(set []int, budget int) []bool {
	taken := make([]bool, len(set))
	st := sf.c.Students()
	left := make([]int, len(sf.blocks))
	for i, b := range sf.blocks {
		left[i] = b.Seats
	}
	kept := func(s int) bool { return sf.ri.kept != nil && sf.ri.kept(s, sf.p) }
	var keepers []int // indices in set
	for i, s := range set {
		if kept(s) {
			keepers = append(keepers, i)
		}
	}
	if len(keepers) > 0 {
		// One entry per seat, the block it belongs to: the seats held
		// empty for a category first, then the others.
		var seats []int
		for pass := range 2 {
			for bi, b := range sf.blocks {
				if (b.Category.Kind != 0 && b.Unused == model.StayEmpty) == (pass == 0) {
					for range b.Seats {
						seats = append(seats, bi)
					}
				}
			}
		}
		member := func(bi, s int) bool {
			return sf.blocks[bi].Category.Kind != 0 && sf.blocks[bi].Category.Includes(&st[s])
		}
		takes := func(bi, s int) bool {
			return sf.blocks[bi].Unused != model.StayEmpty || member(bi, s)
		}
		// seatable counts the keepers not yet taken, but skip, that the
		// seats from seats[from] on can take together.
		seatable := func(from, skip int) int {
			holder := make([]int, len(seats)) // index in set, -1 for none
			for j := range holder {
				holder[j] = -1
			}
			var augment func(i int, seen []bool) bool
			augment = func(i int, seen []bool) bool {
				for j := from; j < len(seats); j++ {
					if seen[j] || !takes(seats[j], set[i]) {
						continue
					}
					seen[j] = true
					if holder[j] < 0 || augment(holder[j], seen) {
						holder[j] = i
						return true
					}
				}
				return false
			}
			n := 0
			for _, i := range keepers {
				if !taken[i] && i != skip && augment(i, make([]bool, len(seats))) {
					n++
				}
			}
			return n
		}
		for j, bi := range seats {
			if budget == 0 {
				break
			}
			most := seatable(j, -1)
			pick := -1
			for _, wantMember := range []bool{true, false} {
				for _, i := range keepers {
					if pick < 0 && !taken[i] && takes(bi, set[i]) && member(bi, set[i]) == wantMember && 1+seatable(j+1, i) == most {
						pick = i
					}
				}
			}
			if pick >= 0 {
				taken[pick], left[bi], budget = true, left[bi]-1, budget-1
			}
		}
	}
	// The others, block by block in precedence order.
	for bi, b := range sf.blocks {
		if b.Category.Kind != 0 {
			for i, s := range set {
				if left[bi] > 0 && budget > 0 && !taken[i] && !kept(s) && b.Category.Includes(&st[s]) {
					taken[i], left[bi], budget = true, left[bi]-1, budget-1
				}
			}
			if b.Unused == model.StayEmpty {
				continue
			}
		}
		for i, s := range set {
			if left[bi] > 0 && budget > 0 && !taken[i] && !kept(s) {
				taken[i], left[bi], budget = true, left[bi]-1, budget-1
			}
		}
	}
	return taken
}

// rejected returns the students the position holds that its choice
// function, taking at most budget students, would not keep.
func (sf *slotFill) rejected(budget int) []int {
	var out []int
	for i, ok := range sf.choose(sf.held, budget) {
		if !ok {
			out = append(out, sf.held[i])
		}
	}
	return out
}

// admits reports whether the choice function run on the position's
// students and s, taking at most budget students, takes s.
func (sf *slotFill) admits(s, budget int) bool {
	i := 0
	for i < len(sf.held) && sf.ri.higher(sf.inst, sf.p, sf.held[i], s) {
		i++
	}
	set := slices.Insert(slices.Clone(sf.held), i, s)
	for i, ok := range sf.choose(set, budget) {
		if set[i] == s {
			return ok
		}
	}
	return false
}

// count returns how many students the choice function, run on the
// position's students and s and taking at most budget, takes.
func (sf *slotFill) count(s, budget int) int {
	set := append(slices.Clone(sf.held), s)
	sf.sort(set)
	n := 0
	for _, ok := range sf.choose(set, budget) {
		if ok {
			n++
		}
	}
	return n
}

// seatID names a seat of a standing, whatever its index.
func seatID(c *model.Cohort, p int32) string {
	if p < 0 || int(p) >= len(c.Positions()) {
		return fmt.Sprintf("#%d", p)
	}
	return c.Positions()[p].ID
}

func reservesText(res []model.Reserve) string {
	b := []byte{}
	for i, r := range res {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = fmt.Appendf(b, "%v=%d/%v", r.Category, r.Seats, r.Unused)
	}
	return string(b)
}

// CheckResult runs [Check] on a mechanism's result.
func CheckResult(r *Result) []Finding {
	return Check(r.Instance(), r.Placements())
}
