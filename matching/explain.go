package matching

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/placement-engine/placement/model"
)

// Cutoff is what one category of a position's seats admitted: the open
// seats, or the seats of one reserve. Its cutoff is the lowest admitted
// student under that category's priority (for a reserve, its members first,
// then, if unused seats return to open competition, the others).
type Cutoff struct {
	// Category is "open" for the open seats, else the reserve's category
	// in its text form ("special-post", "order-class:ID", "county:ID").
	Category string
	// Reserve is the index of the reserve in Position.Reserved, -1 for the
	// open seats.
	Reserve int
	// Unused is the reserve's rule for unused seats (RevertToOpen for the
	// open seats).
	Unused model.Unused
	// Seats and Filled count the category's seats and the students
	// admitted to them; Full says Filled == Seats.
	Seats, Filled int
	Full          bool
	// Student is the lowest admitted student under the category's
	// priority, -1 when no one was admitted; Score is their score and
	// Priority their priority rank at the position (0 is the highest), -1
	// when no one was admitted.
	Student  int
	Score    float64
	Priority int
	// Member says whether Student belongs to the reserve's category (false
	// for open seats): a reserve whose cutoff student is not a member
	// gave its unused seats to open competition.
	Member bool
}

// RefusalKind says why a choice did not take a student.
type RefusalKind uint8

const (
	// RefusedIneligible: the rules exclude the student (major, minimum
	// score, special-post rules); Refusal.Ineligibility says which.
	RefusedIneligible RefusalKind = iota + 1
	// RefusedNotRanked: the position's explicit ranking omits the student
	// (the pair is not acceptable).
	RefusedNotRanked
	// RefusedFull: every seat that could take the student holds a student
	// of higher priority under that seat's priority: the student is below
	// the cutoff of every such category.
	RefusedFull
	// RefusedReserved: some seat is empty or holds a student of lower
	// priority at the position, but it is reserved for a category the
	// student is not in (or ranks that category's members first).
	RefusedReserved
	// RefusedCap: the position's own seats would take the student, but a
	// cap above it (its enterprise's or its region's) is full and the
	// round robin under it gives the position no seat more (see caps.go);
	// for an optimal allocation, which no round robin binds, a cap above
	// it is full.
	RefusedCap
	// RefusedUnstable: the position would take the student: the
	// allocation is not stable for this pair. Stable mechanisms never give
	// it; an optimal allocation gives it where it placed others for a
	// better total.
	RefusedUnstable
)

var refusalNames = [...]string{"", "not eligible", "not acceptable", "full", "reserve", "cap", "unstable"}

// String returns "not eligible", "not acceptable", "full", "reserve", "cap"
// or "unstable", as written in result files.
func (k RefusalKind) String() string {
	if int(k) < len(refusalNames) && k > 0 {
		return refusalNames[k]
	}
	return fmt.Sprintf("refusal(%d)", int(k))
}

// Refusal is why one choice that a student ranked above what they got did
// not take them.
type Refusal struct {
	Position int // position index
	Rank     int // 1-based place of the position in the student's list
	Kind     RefusalKind
	// Ineligibility is the rule that excludes the student, for
	// RefusedIneligible; Eligible otherwise.
	Ineligibility model.Ineligibility
	// Detail says it in English words: the rule, or the cutoffs against
	// the student's own score and priority. The fields below carry the
	// same in structured form, for a caller that words it itself (in
	// another language, say).
	Detail string
	// Priority is the student's priority rank at the position (0 is the
	// highest), -1 for RefusedIneligible and RefusedNotRanked.
	Priority int
	// Cutoffs are, for RefusedFull, the seat categories that could take
	// the student, each full with students of higher priority (the
	// student is below every one of these cutoffs); for RefusedUnstable,
	// the one category whose seats would take the student. Empty
	// otherwise.
	Cutoffs []Cutoff
	// Caps are, for RefusedCap, the caps above the position: for a stable
	// mechanism every cap above it, innermost first, with the students
	// placed under each (the round robin under them gives it no seat
	// more); for an optimal allocation the full ones. Empty otherwise.
	Caps []CapUse
}

// CountySpecialPosts is one county's line of [Result.SpecialPostsByCounty].
type CountySpecialPosts struct {
	Region   int // region index
	Posts    int // seats of the special posts located in the region
	Filled   int // students placed in them
	Students int // special-post students whose home region it is
	Placed   int // of them, placed
}

// analysis is what the explaining methods share, computed once per Result.
type analysis struct {
	prio     []int32    // each placed student's priority rank at their position
	cutoffs  [][]Cutoff // by position, in precedence order of its seat categories
	free     []bool     // whether the position has an empty seat
	lowest   []int32    // the highest (worst) priority rank admitted, -1 for none
	fill     []int32    // students placed, by position
	leftOpen []bool     // unplaced special-post students with a free special post in reach
}

func (r *Result) analyze() *analysis {
	r.once.Do(func() { r.an = r.compute() })
	return r.an
}

func (r *Result) compute() *analysis {
	in := r.inst
	c := in.cohort
	nS, nP := in.Students(), in.Positions()
	an := &analysis{prio: make([]int32, nS), cutoffs: make([][]Cutoff, nP),
		free: make([]bool, nP), lowest: make([]int32, nP), fill: make([]int32, nP)}
	held := make([][]int32, nP) // arcs of each position's students, by priority
	for s := range nS {
		an.prio[s] = -1
		p := r.pos[s]
		if p < 0 {
			continue
		}
		for k := in.sStart[s]; k < in.sStart[s+1]; k++ {
			if in.arcs[k].pos == p {
				an.prio[s] = in.arcs[k].prio
				held[p] = append(held[p], k)
			}
		}
	}
	stu := func(p int, k int32) int { return int(in.ents[in.pStart[p]+in.arcs[k].prio].stu) }
	var slot []int32
	for p := range nP {
		h := held[p]
		slices.SortFunc(h, func(a, b int32) int { return int(in.arcs[a].prio - in.arcs[b].prio) })
		an.free[p] = len(h) < int(in.capacity[p])
		an.fill[p] = int32(len(h))
		an.lowest[p] = -1
		if len(h) > 0 {
			an.lowest[p] = in.arcs[h[len(h)-1]].prio
		}
		if !in.reserved(int32(p)) {
			cu := Cutoff{Category: "open", Reserve: -1, Seats: int(in.capacity[p]), Filled: len(h), Student: -1, Priority: -1}
			if len(h) > 0 {
				k := h[len(h)-1]
				cu.Student, cu.Priority = stu(p, k), int(in.arcs[k].prio)
			}
			cu.Full = cu.Filled >= cu.Seats
			if cu.Student >= 0 {
				cu.Score = c.Students()[cu.Student].Score
			}
			an.cutoffs[p] = []Cutoff{cu}
			continue
		}
		slot = slices.Grow(slot[:0], len(h))[:len(h)]
		in.choose(int32(p), h, slot, int32(len(h)))
		blocks := in.blocks[in.blkStart[p]:in.blkStart[p+1]]
		res := c.Positions()[p].Reserved
		cuts := make([]Cutoff, len(blocks))
		for b, bl := range blocks {
			cu := Cutoff{Category: "open", Reserve: int(bl.res), Seats: int(bl.seats), Student: -1, Priority: -1}
			if bl.res >= 0 {
				cu.Category, cu.Unused = res[bl.res].Category.String(), res[bl.res].Unused
			}
			lowMember, lowOther := int32(-1), int32(-1)
			for i, k := range h {
				if slot[i] != int32(b) {
					continue
				}
				cu.Filled++
				if bl.res >= 0 && in.memb[k]&(1<<bl.res) != 0 {
					lowMember = k
				} else {
					lowOther = k
				}
			}
			low := lowOther
			if low < 0 {
				low = lowMember
				cu.Member = bl.res >= 0 && low >= 0
			}
			if low >= 0 {
				cu.Student, cu.Priority = stu(p, low), int(in.arcs[low].prio)
				cu.Score = c.Students()[cu.Student].Score
			}
			cu.Full = cu.Filled >= cu.Seats
			cuts[b] = cu
		}
		an.cutoffs[p] = cuts
	}

	// Special-post students left unplaced while a special post they could
	// take has a seat free for them.
	students, positions := c.Students(), c.Positions()
	var posts []int
	for p := range nP {
		if positions[p].SpecialPost {
			posts = append(posts, p)
		}
	}
	for s := range nS {
		if !students[s].SpecialPost || r.pos[s] >= 0 {
			continue
		}
		for _, p := range posts {
			if c.Eligibility(s, p) != model.Eligible {
				continue
			}
			if ranking, ok := c.Ranking(p); ok && !slices.Contains(ranking, int32(s)) {
				continue
			}
			if r.seatFor(an, p, &students[s]) {
				if an.leftOpen == nil {
					an.leftOpen = make([]bool, nS)
				}
				an.leftOpen[s] = true
				break
			}
		}
	}
	return an
}

// seatFor reports whether position p has an empty seat that would accept
// student st.
func (r *Result) seatFor(an *analysis, p int, st *model.Student) bool {
	res := r.inst.cohort.Positions()[p].Reserved
	for _, cu := range an.cutoffs[p] {
		if cu.Full {
			continue
		}
		if cu.Reserve < 0 || cu.Unused == model.RevertToOpen || res[cu.Reserve].Category.Includes(st) {
			return true
		}
	}
	return false
}

// Cutoff returns the seat categories of position p with what each
// admitted: one "open" category for a position without reserves; for a
// position with reserves, one a block of slots in precedence order (see
// [ReserveOrder]): the reserves in the order the position lists them and
// the open seats, first or last. The first call computes every position's
// cutoffs in O(S log K + C + Σ B·K) time; later calls take O(B). It panics
// if p is out of range.
func (r *Result) Cutoff(p int) []Cutoff {
	return slices.Clone(r.analyze().cutoffs[p])
}

// Why returns, for each choice student s ranked above the position they got
// (every choice when unplaced), why it did not take them, in the order of
// their list. A stable result gives only RefusedIneligible,
// RefusedNotRanked, RefusedFull, RefusedReserved and RefusedCap. It runs in time
// O(L·B) for L the student's list and B the largest number of seat
// categories (after the first call to a method of the result computes the
// cutoffs) and panics if s is out of range.
func (r *Result) Why(s int) []Refusal {
	an := r.analyze()
	in := r.inst
	c := in.cohort
	out := []Refusal{}
	a, end := in.sStart[s], in.sStart[s+1] // the student's pairs, in the order of their list
	for j, q := range c.Choices(s) {
		p := int(q)
		if p == int(r.pos[s]) {
			break
		}
		ref := Refusal{Position: p, Rank: j + 1, Priority: -1}
		if why := c.Eligibility(s, p); why != model.Eligible {
			ref.Kind, ref.Ineligibility, ref.Detail = RefusedIneligible, why, why.String()
			out = append(out, ref)
			continue
		}
		k := int32(-1)
		if a < end && int(in.arcs[a].pos) == p {
			k = a
			a++
		}
		if k < 0 {
			ref.Kind, ref.Detail = RefusedNotRanked, "not in the position's ranking"
			out = append(out, ref)
			continue
		}
		r.refusal(an, p, k, &ref)
		out = append(out, ref)
	}
	return out
}

// refusal classifies why position p did not take the student of pair k,
// filling ref's Kind, Detail, Priority, Cutoffs and Caps.
func (r *Result) refusal(an *analysis, p int, k int32, ref *Refusal) {
	in := r.inst
	st := &in.cohort.Students()[in.ents[in.pStart[p]+in.arcs[k].prio].stu]
	prio := in.arcs[k].prio
	ref.Priority = int(prio)
	var b []byte
	var below []Cutoff
	for _, cu := range an.cutoffs[p] {
		member := cu.Reserve >= 0 && in.memb[k]&(1<<cu.Reserve) != 0
		if cu.Seats == 0 || cu.Reserve >= 0 && !member && cu.Unused == model.StayEmpty {
			continue // these seats never take the student
		}
		// The student's place under the category's priority against its
		// lowest admitted: members of a reserve come before the others.
		mine, low := int64(prio), int64(cu.Priority)
		if cu.Reserve >= 0 {
			if !member {
				mine += 1 << 32
			}
			if !cu.Member {
				low += 1 << 32
			}
		}
		if !cu.Full || mine < low {
			if in.capped(int32(p)) {
				if r.mech != OptimalAllocation {
					ref.Kind, ref.Caps = RefusedCap, r.capsAbove(an, p, false)
					ref.Detail = r.capsDetail(ref.Caps)
					return
				}
				if full := r.capsAbove(an, p, true); len(full) > 0 {
					ref.Kind, ref.Caps, ref.Detail = RefusedCap, full, r.fullCaps(full)
					return
				}
			}
			ref.Kind, ref.Cutoffs = RefusedUnstable, []Cutoff{cu}
			if r.mech == OptimalAllocation {
				ref.Detail = fmt.Sprintf("%s seats would take the student; the optimal allocation placed others for a better total", cu.Category)
			} else {
				ref.Detail = fmt.Sprintf("%s seats would take the student (the allocation is not stable)", cu.Category)
			}
			return
		}
		below = append(below, cu)
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b = append(append(b, cu.Category...), " score "...)
		b = strconv.AppendFloat(b, cu.Score, 'f', -1, 64)
		b = append(b, " (priority "...)
		b = append(strconv.AppendInt(b, int64(cu.Priority), 10), ')')
	}
	if an.free[p] || an.lowest[p] > prio {
		ref.Kind = RefusedReserved
		ref.Detail = fmt.Sprintf("seats held for a category the student is not in (reserves %s)",
			reservesText(in.cohort.Positions()[p].Reserved))
		return
	}
	ref.Kind = RefusedFull
	if len(b) == 0 {
		ref.Detail = "no seats"
		return
	}
	ref.Cutoffs = below
	d := make([]byte, 0, len(b)+64)
	d = append(append(append(d, "below every cutoff: "...), b...), "; the student: score "...)
	d = strconv.AppendFloat(d, st.Score, 'f', -1, 64)
	d = append(d, " (priority "...)
	d = append(strconv.AppendInt(d, int64(prio), 10), ')')
	ref.Detail = string(d)
}

// capsAbove returns the caps above position p, innermost first, with the
// students placed under each; with onlyFull, only those that are full.
func (r *Result) capsAbove(an *analysis, p int, onlyFull bool) []CapUse {
	in := r.inst
	var out []CapUse
	for n := in.capOf[p]; n >= 0; n = in.capNodes[n].parent {
		nd := in.capNodes[n]
		u := CapUse{Enterprise: int(nd.ent), Region: int(nd.region), Cap: int(nd.cap)}
		for _, q := range in.under(n) {
			u.Placed += int(an.fill[q])
		}
		if onlyFull && u.Placed < u.Cap {
			continue
		}
		out = append(out, u)
	}
	return out
}

// capText names a cap: `enterprise "E1" (cap 3`, without the closing
// parenthesis.
func (r *Result) capText(u CapUse) string {
	c := r.inst.cohort
	if u.Enterprise >= 0 {
		return fmt.Sprintf("enterprise %q (cap %d", c.Enterprises()[u.Enterprise].ID, u.Cap)
	}
	return fmt.Sprintf("region %q (cap %d", c.Regions()[u.Region].ID, u.Cap)
}

// capsDetail says which caps are above a position: "the round robin
// under enterprise "E1" (cap 3, 3 placed) gives it no seat more".
func (r *Result) capsDetail(caps []CapUse) string {
	b := []byte("the round robin under ")
	for i, u := range caps {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = fmt.Appendf(b, "%s, %d placed)", r.capText(u), u.Placed)
	}
	return string(append(b, " gives it no seat more"...))
}

// fullCaps names the full caps above a position, for an optimal
// allocation (no round robin binds it): `enterprise "E1" (cap 3) is full`.
func (r *Result) fullCaps(caps []CapUse) string {
	var b []byte
	for i, u := range caps {
		if i > 0 {
			b = append(b, " and "...)
		}
		b = append(append(b, r.capText(u)...), ')')
	}
	return string(append(b, " is full"...))
}

// SpecialPostsByCounty returns, for each region with special posts or
// special-post students, in region order, the special-post seats located
// there and how many were filled, and its special-post students and how
// many were placed. O(S + P).
func (r *Result) SpecialPostsByCounty() []CountySpecialPosts {
	c := r.inst.cohort
	nR := len(c.Regions())
	rows := make([]CountySpecialPosts, nR)
	fill := r.Fill()
	for p, pos := range c.Positions() {
		if g := c.PositionRegion(p); pos.SpecialPost && g >= 0 {
			rows[g].Posts += pos.Capacity
			rows[g].Filled += fill[p]
		}
	}
	for s, st := range c.Students() {
		if g := c.StudentRegion(s); st.SpecialPost && g >= 0 {
			rows[g].Students++
			if r.pos[s] >= 0 {
				rows[g].Placed++
			}
		}
	}
	out := []CountySpecialPosts{}
	for g := range rows {
		if rows[g].Posts > 0 || rows[g].Students > 0 {
			rows[g].Region = g
			out = append(out, rows[g])
		}
	}
	return out
}
