package matching

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/placement-engine/placement/model"
)

// TieBreak says how ties in score are broken at positions that rank by
// score.
type TieBreak uint8

const (
	// SingleTieBreak draws one lottery: a random permutation of the
	// students that breaks every tie at every position the same way. It is
	// the zero value and the default.
	SingleTieBreak TieBreak = iota
	// MultipleTieBreak draws an independent lottery for each position.
	MultipleTieBreak
)

var tieBreakNames = [...]string{"single", "multiple"}

// String returns "single" or "multiple".
func (t TieBreak) String() string {
	if int(t) < len(tieBreakNames) {
		return tieBreakNames[t]
	}
	return fmt.Sprintf("tie-break(%d)", int(t))
}

// ParseTieBreak parses "single" (or "") and "multiple".
func ParseTieBreak(s string) (TieBreak, error) {
	switch s {
	case "", "single":
		return SingleTieBreak, nil
	case "multiple":
		return MultipleTieBreak, nil
	}
	return 0, &UnknownNameError{Kind: "tie-break", Value: s, Want: []string{"single", "multiple"}}
}

// CompileOptions tunes [Compile]. A nil *CompileOptions means the zero
// value: single tie-break with seed 0.
type CompileOptions struct {
	// TieBreak chooses the lottery that breaks ties in score. The zero
	// value is SingleTieBreak.
	TieBreak TieBreak

	// Seed seeds the lottery. The same cohort, seed and tie-break always
	// give the same priorities. Zero is a valid seed.
	Seed uint64

	// ReserveOrder is the precedence order of reserved and open seats at
	// positions with reserves (see [ReserveOrder]). The zero value is
	// ReservedFirst: reserved seats fill first, then open seats.
	ReserveOrder ReserveOrder

	// Round, when non-nil, compiles the cohort as a round after the first:
	// the students' standings cut their lists and give the seats they keep
	// priority (see [Round] and "Rounds" in the package documentation),
	// and Round.Lottery changes the draw. nil means a main round.
	Round *Round
}

// arc is one acceptable (student, position) pair on the student side, in
// the student's order of preference.
type arc struct {
	pos  int32 // position index
	prio int32 // the student's priority rank at pos: 0 is the highest
}

// entry is one acceptable pair on the position side, in the position's
// order of priority.
type entry struct {
	stu int32 // student index
	arc int32 // index of the pair in the student-side arrays
}

// Instance is a cohort compiled for the mechanisms: every choice resolved
// once to an acceptable (student, position) pair or dropped, and every pair
// given the student's rank of the position and the position's priority rank
// of the student, as int32 in flat arrays.
//
// An Instance is immutable and safe for concurrent use; every mechanism
// reads it and none modifies it. It keeps a reference to its cohort, which it
// never modifies either.
type Instance struct {
	cohort   *model.Cohort
	tieBreak TieBreak
	seed     uint64

	// lottery[s] is student s's draw under SingleTieBreak (a permutation of
	// 0..n-1; lower wins ties); nil under MultipleTieBreak.
	lottery []uint32

	// Student side: the acceptable pairs of student s are
	// arcs[sStart[s]:sStart[s+1]], most preferred first.
	sStart  []int32
	arcs    []arc
	arcRank []int32 // 1-based rank of the pair's position in the list as written
	worst   int32   // the largest rank of any pair (0 for none)

	// Position side: the acceptable pairs of position p are
	// ents[pStart[p]:pStart[p+1]], highest priority first, so that the
	// priority rank of a pair is its offset in that segment.
	pStart   []int32
	ents     []entry
	capacity []int32

	// noPair[s] says why a student has no acceptable pair (Unassigned when
	// they have one).
	noPair []Reason

	// Reserved seats (reserve.go): the blocks of slots of position p are
	// blocks[blkStart[p]:blkStart[p+1]], in precedence order, empty for a
	// position without reserves; memb[k] has bit i set when the student of
	// pair k belongs to the category of reserve i of its position. All nil
	// when no position has reserves.
	reserveOrder ReserveOrder
	blkStart     []int32
	blocks       []block
	memb         []uint64
	entMemb      []uint64 // memb by position-side entry
	// The members of the reserve of block b among its position's
	// applicants, as position-side entries in priority order:
	// resEnts[resStart[b]:resStart[b+1]] (empty for open seats).
	resStart []int32
	resEnts  []int32

	// Caps (caps.go): capOf[p] is the innermost cap node above position p,
	// -1 for none; the positions under node n are
	// capList[capStart[n]:capStart[n+1]]; target[p] is p's target capacity.
	// All nil when nothing has a cap.
	capNodes []capNode
	capOf    []int32
	capStart []int32
	capList  []int32
	target   []int32
	capsErr  error // caps that cross: the stable mechanisms refuse them

	// Rounds (round.go): the round, nil for a main round; guar[p] is the
	// number of students who hold or accept p (nil when none do); the
	// lottery of multiple tie-break is multipleDraw(drawSeed, p, s) ^
	// drawFlip when every student is in one draw group (drawIdx nil), or,
	// in a round whose students joined in several rounds, that of the
	// student's group drawGrp[s] (in the order the groups joined) and
	// index in it drawIdx[s], as groups[g] says, shifted right by
	// drawBits with the group's number in the top drawBits bits.
	round    *Round
	guar     []int32
	drawSeed uint64
	drawFlip uint64
	drawIdx  []int32
	drawGrp  []int32
	groups   []drawGroup
	drawBits uint
}

// drawGroup is the lottery of the students of a round who joined in one
// round (see LotteryRule): its seed, its flip (0, or all ones when
// reversed), its count and the count of the students of the groups
// before it.
type drawGroup struct {
	seed, flip uint64
	n, before  int
}

// Compile resolves a cohort into an Instance.
//
// A choice becomes an acceptable pair when the student is eligible for the
// position (model.Cohort.Eligibility) and the position either has no
// explicit ranking or ranks the student. The priority of a student at a
// position is the place in its explicit ranking when it has one; otherwise
// a higher score comes first, and equal scores are ordered by the lottery
// that opts chooses (see [TieBreak]).
//
// Compile runs in time O(C + R + S log S) for C choices, R ranking entries
// and S students, plus, under MultipleTieBreak, the sorting of each
// position's runs of equal scores (O(C log C) at worst), in O(S + P + C)
// memory; it checks ctx every few thousand students and positions. It never
// modifies the cohort and never panics on data; it returns an error when
// the cohort has more than 2^31-2 choices, a position lists more than 64
// reserves, or ctx is done. Caps that cross compile (see
// [Instance.CapsError]); the stable mechanisms then refuse to run.
//
// Positions with reserved seats get slot-specific priorities (see
// [ReserveOrder]): blocks of slots in the precedence order that
// opts.ReserveOrder gives, and for each of their pairs the reserves whose
// category the student belongs to (model.Category.Includes), in
// O(C·R) more time for R the most reserves of a position.
//
// With opts.Round, the cohort compiles as a round after the first (see
// [Round]): the students' standings cut their lists and put the students
// keeping a seat first at it, and Compile returns an error when the
// standings do not match the cohort (their count, an accepted or held seat
// not on the student's list) and a *HeldSeatsError when the held and
// accepted seats no longer fit together.
func Compile(ctx context.Context, c *model.Cohort, opts *CompileOptions) (*Instance, error) {
	if c == nil {
		return nil, fmt.Errorf("matching: nil cohort")
	}
	var o CompileOptions
	if opts != nil {
		o = *opts
	}
	if o.TieBreak > MultipleTieBreak {
		return nil, fmt.Errorf("matching: unknown tie-break %d", o.TieBreak)
	}
	if o.ReserveOrder > OpenFirst {
		return nil, fmt.Errorf("matching: unknown reserve order %d", o.ReserveOrder)
	}
	positions := c.Positions()
	nS, nP := c.NumStudents(), len(positions)
	total := 0
	for s := range nS {
		total += len(c.Choices(s))
	}
	if total > math.MaxInt32-1 || nS > math.MaxInt32-1 {
		return nil, fmt.Errorf("matching: %d choices of %d students exceed the int32 indices", total, nS)
	}
	inst := &Instance{
		cohort:   c,
		tieBreak: o.TieBreak,
		seed:     o.Seed,
		drawSeed: o.Seed,
		capacity: make([]int32, nP),
		noPair:   make([]Reason, nS),
		sStart:   make([]int32, nS+1),
		pStart:   make([]int32, nP+1),
	}
	for p := range positions {
		inst.capacity[p] = int32(min(max(positions[p].Capacity, 0), model.MaxCapacity))
	}
	var std []Standing // the round's standings, nil for a main round
	if o.Round != nil {
		guar, err := checkRound(c, o.Round)
		if err != nil {
			return nil, err
		}
		r := *o.Round
		r.Standings = slices.Clone(r.Standings)
		inst.round, inst.guar, std = &r, guar, r.Standings
		inst.drawIndex(o.Seed, &r)
	}

	// Pass 1: the eligible choices, student by student, as candidate
	// pairs with their rank as written; priorities come in pass 2.
	candStart := inst.sStart
	arcs := make([]arc, 0, total)
	arcRank := make([]int32, 0, total)
	posCount := make([]int32, nP)
	for s := range nS {
		if s&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("matching: compile: %w", err)
			}
		}
		if std != nil {
			arcs, arcRank = roundCandidates(c, s, std[s], arcs, arcRank, posCount)
			candStart[s+1] = int32(len(arcs))
			continue
		}
		for j, p := range c.Choices(s) {
			if c.Eligibility(s, int(p)) == model.Eligible {
				arcs = append(arcs, arc{pos: p, prio: -1})
				arcRank = append(arcRank, int32(j+1))
				posCount[p]++
			}
		}
		candStart[s+1] = int32(len(arcs))
	}

	// Students are bucketed into positions in order of score, highest
	// first, then (single tie-break) of lottery or (multiple) of index, so
	// that every position that ranks by score receives its applicants
	// sorted by score, and under the single lottery fully in priority
	// order. The sort runs on a compact copy of the keys: the Student
	// records are wide.
	score := make([]float64, nS)
	for s := range score {
		score[s] = c.StudentScore(s)
	}
	if o.TieBreak == SingleTieBreak {
		inst.lottery = inst.singleDraw(nS)
	}
	// Only the students with candidate pairs are bucketed (in a round,
	// those who left and those who kept nothing have none).
	keys := make([]sortKey, 0, nS)
	for s := range nS {
		if candStart[s+1] == candStart[s] {
			continue
		}
		k := sortKey{score: score[s], lot: uint32(s), stu: int32(s)}
		if inst.lottery != nil {
			k.lot = inst.lottery[s]
		}
		keys = append(keys, k)
	}
	sortByPriority(keys)
	cursor := make([]int32, nP)
	sum := int32(0)
	for p := range nP {
		cursor[p] = sum
		sum += posCount[p]
	}
	ents := make([]entry, len(arcs))
	for _, key := range keys {
		s := key.stu
		for k := candStart[s]; k < candStart[s+1]; k++ {
			p := arcs[k].pos
			ents[cursor[p]] = entry{stu: s, arc: k}
			cursor[p]++
		}
	}
	keys = nil

	// Pass 2: each position orders its applicants, drops those its
	// explicit ranking omits, and gives the others their priority rank.
	// Segments are compacted in place (writes never overtake reads).
	var mark []int32   // ranking place + 1 of each student at the current position
	var others []entry // guaranteedFirst's scratch
	w, r := int32(0), int32(0)
	for p := range nP {
		if p&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("matching: compile: %w", err)
			}
		}
		seg := ents[r : r+posCount[p]]
		r += posCount[p]
		inst.pStart[p] = w
		if ranking, ok := c.Ranking(p); ok {
			if mark == nil {
				mark = make([]int32, nS)
			}
			for i, s := range ranking {
				mark[s] = int32(i + 1)
			}
			kept := seg[:0]
			for _, e := range seg {
				if mark[e.stu] > 0 || (std != nil && std[e.stu].Seat == int32(p) && std[e.stu].guaranteed()) {
					kept = append(kept, e)
				}
			}
			if std == nil {
				slices.SortFunc(kept, func(a, b entry) int { return cmp.Compare(mark[a.stu], mark[b.stu]) })
			} else {
				// Students keeping a seat that no longer ranks them
				// (mark 0) come after the ranked, by score and lottery;
				// guaranteedFirst then puts every guaranteed student
				// first.
				slices.SortFunc(kept, func(a, b entry) int {
					if d := cmp.Compare(uint32(mark[a.stu]-1), uint32(mark[b.stu]-1)); d != 0 || mark[a.stu] > 0 {
						return d
					}
					if d := cmp.Compare(score[b.stu], score[a.stu]); d != 0 {
						return d
					}
					if d := cmp.Compare(inst.Lottery(int(a.stu), p), inst.Lottery(int(b.stu), p)); d != 0 {
						return d
					}
					return cmp.Compare(a.stu, b.stu)
				})
			}
			for _, s := range ranking {
				mark[s] = 0
			}
			seg = kept
		} else if o.TieBreak == MultipleTieBreak {
			// Sorted by score already: order each run of equal scores
			// by the position's own lottery.
			for i := 0; i < len(seg); {
				j := i + 1
				for j < len(seg) && score[seg[j].stu] == score[seg[i].stu] {
					j++
				}
				if j-i > 1 {
					slices.SortFunc(seg[i:j], func(a, b entry) int {
						if d := cmp.Compare(inst.multiple(p, int(a.stu)), inst.multiple(p, int(b.stu))); d != 0 {
							return d
						}
						return cmp.Compare(a.stu, b.stu)
					})
				}
				i = j
			}
		}
		if inst.guar != nil && inst.guar[p] > 0 {
			others = guaranteedFirst(seg, std, int32(p), others)
		}
		if w == r-posCount[p] {
			for i, e := range seg { // nothing dropped so far: no move
				arcs[e.arc].prio = int32(i)
			}
			w += int32(len(seg))
			continue
		}
		for i, e := range seg {
			arcs[e.arc].prio = int32(i)
			ents[w] = e
			w++
		}
	}
	inst.pStart[nP] = w
	ents = ents[:w:w]

	// Pass 3: when an explicit ranking dropped pairs, compact the student
	// side and renumber the position side's references to it.
	if int(w) < len(arcs) {
		remap := make([]int32, len(arcs))
		n := int32(0)
		start := int32(0)
		for s := range nS {
			end := candStart[s+1]
			for k := start; k < end; k++ {
				if arcs[k].prio >= 0 {
					remap[k] = n
					arcs[n], arcRank[n] = arcs[k], arcRank[k]
					n++
				}
			}
			start = end
			inst.sStart[s+1] = n // candStart aliases sStart: end was read first
		}
		for i := range ents {
			ents[i].arc = remap[ents[i].arc]
		}
		arcs, arcRank = arcs[:n:n], arcRank[:n:n]
	}
	for s := range nS {
		if inst.sStart[s+1] == inst.sStart[s] {
			switch {
			case std != nil && std[s].Answer == model.Decline:
				inst.noPair[s] = Declined
			case std != nil && std[s].Answer == model.Withdraw:
				inst.noPair[s] = Withdrew
			case len(c.Choices(s)) == 0:
				inst.noPair[s] = EmptyList
			case !hasEligible(c, s):
				inst.noPair[s] = NoEligibleChoice
			default:
				inst.noPair[s] = NotRanked
			}
		}
	}
	inst.arcs, inst.arcRank, inst.ents = arcs, arcRank, ents
	for _, r := range arcRank {
		inst.worst = max(inst.worst, r)
	}
	if err := inst.compileReserves(c, o.ReserveOrder); err != nil {
		return nil, err
	}
	if err := inst.compileCaps(c); err != nil {
		return nil, err
	}
	if err := inst.checkHeld(); err != nil {
		return nil, err
	}
	return inst, nil
}

// sortKey is a student's place in the order Compile buckets them in.
type sortKey struct {
	score float64
	lot   uint32 // lottery draw (single) or student index (multiple)
	stu   int32
}

// compareKeys orders keys by score, highest first, then by lot, lowest
// first.
func compareKeys(a, b sortKey) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.lot, b.lot)
}

// sortByPriority sorts keys by compareKeys. No two keys tie (the lots
// are distinct), so the order is the one any sort gives: a radix sort,
// least significant byte first, on the lot and then the score's bits in
// an order-preserving form, skipping the bytes on which every key
// agrees (O(n) a byte; most bytes of the lot are zero), for all but a
// few keys.
func sortByPriority(keys []sortKey) {
	n := len(keys)
	if n < 256 {
		slices.SortFunc(keys, compareKeys)
		return
	}
	// digit d of a key: bytes 0-3 of the lot, then 0-7 of the score's.
	digit := func(k *sortKey, d int) byte {
		if d < 4 {
			return byte(k.lot >> (8 * d))
		}
		return byte(scoreBits(k.score) >> (8 * (d - 4)))
	}
	var hist [12][256]int32
	for i := range keys {
		lot, sb := keys[i].lot, scoreBits(keys[i].score)
		for d := range 4 {
			hist[d][byte(lot>>(8*d))]++
		}
		for d := range 8 {
			hist[4+d][byte(sb>>(8*d))]++
		}
	}
	src, dst := keys, []sortKey(nil)
	for d := range 12 {
		h := &hist[d]
		if h[digit(&src[0], d)] == int32(n) {
			continue // every key has this byte
		}
		if dst == nil {
			dst = make([]sortKey, n)
		}
		var at [256]int32
		sum := int32(0)
		for v := range 256 {
			at[v], sum = sum, sum+h[v]
		}
		for i := range src {
			v := digit(&src[i], d)
			dst[at[v]] = src[i]
			at[v]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// scoreBits maps a score to a uint64 that sorts ascending as the scores
// sort descending (-0 as 0).
func scoreBits(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// drawIndex sets the draw of a round (see LotteryRule): with one group
// (every student joined in the same round), drawSeed and drawFlip;
// otherwise the groups, in the order they joined, and each student's
// group and index in it, in cohort order.
func (in *Instance) drawIndex(seed uint64, r *Round) {
	rn := roundNumber(r.Number)
	var ks []int // the rounds the students joined, ascending
	for _, st := range r.Standings {
		k := st.joined()
		if i, ok := slices.BinarySearch(ks, k); !ok {
			ks = slices.Insert(ks, i, k)
		}
	}
	if len(ks) <= 1 {
		k := 1
		if len(ks) == 1 {
			k = ks[0]
		}
		in.drawSeed, in.drawFlip = groupDraw(seed, k, rn, r.Lottery)
		return
	}
	in.groups = make([]drawGroup, len(ks))
	for g, k := range ks {
		in.groups[g].seed, in.groups[g].flip = groupDraw(seed, k, rn, r.Lottery)
	}
	in.drawBits = uint(bits.Len(uint(len(ks) - 1)))
	in.drawIdx = make([]int32, len(r.Standings))
	in.drawGrp = make([]int32, len(r.Standings))
	for s, st := range r.Standings {
		g, _ := slices.BinarySearch(ks, st.joined())
		in.drawGrp[s] = int32(g)
		in.drawIdx[s] = int32(in.groups[g].n)
		in.groups[g].n++
	}
	for g := 1; g < len(ks); g++ {
		in.groups[g].before = in.groups[g-1].before + in.groups[g-1].n
	}
}

// singleDraw returns the single tie-break's draws of the nS students:
// with one group, a permutation of them from drawSeed, in cohort order,
// reversed under drawFlip; otherwise, for each group, the permutation of
// its students from its seed, reversed under its flip, after the students
// of the groups before it.
func (in *Instance) singleDraw(nS int) []uint32 {
	lot := make([]uint32, nS)
	perm := func(seed uint64, n int) []int {
		return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)).Perm(n)
	}
	if in.groups == nil {
		for s, v := range perm(in.drawSeed, nS) {
			lot[s] = uint32(v)
			if in.drawFlip != 0 {
				lot[s] = uint32(nS - 1 - v)
			}
		}
		return lot
	}
	perms := make([][]int, len(in.groups))
	for g, gr := range in.groups {
		perms[g] = perm(gr.seed, gr.n)
	}
	for s, i := range in.drawIdx {
		gr := &in.groups[in.drawGrp[s]]
		v := perms[in.drawGrp[s]][i]
		if gr.flip != 0 {
			v = gr.n - 1 - v
		}
		lot[s] = uint32(gr.before + v)
	}
	return lot
}

// multiple is student s's draw at position p under MultipleTieBreak (see
// the fields drawIdx, drawGrp and groups).
func (in *Instance) multiple(p, s int) uint64 {
	if in.groups == nil {
		return multipleDraw(in.drawSeed, p, s) ^ in.drawFlip
	}
	g := in.drawGrp[s]
	gr := &in.groups[g]
	h := (multipleDraw(gr.seed, p, int(in.drawIdx[s])) ^ gr.flip) >> in.drawBits
	return uint64(g)<<(64-in.drawBits) | h
}

// multipleDraw is the lottery draw of student s at position p under
// MultipleTieBreak: a 64-bit hash of (seed, p, s), so that each position
// orders its tied applicants by an independent uniformly random
// permutation without materialising one permutation per position.
func multipleDraw(seed uint64, p, s int) uint64 {
	return splitmix(seed ^ splitmix(uint64(uint32(p))<<32|uint64(uint32(s))))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Cohort returns the cohort the instance was compiled from.
func (in *Instance) Cohort() *model.Cohort { return in.cohort }

// TieBreak returns the tie-break the instance was compiled with.
func (in *Instance) TieBreak() TieBreak { return in.tieBreak }

// Seed returns the lottery seed the instance was compiled with.
func (in *Instance) Seed() uint64 { return in.seed }

// Students returns the number of students.
func (in *Instance) Students() int { return len(in.noPair) }

// Positions returns the number of positions.
func (in *Instance) Positions() int { return len(in.capacity) }

// Pairs returns the number of acceptable (student, position) pairs.
func (in *Instance) Pairs() int { return len(in.arcs) }

// Capacity returns the number of seats of position p. It panics if p is
// out of range.
func (in *Instance) Capacity(p int) int { return int(in.capacity[p]) }

// Lottery returns student s's lottery draw at position p: among students of
// equal score at a position that ranks by score, the lower draw has the
// higher priority, and equal draws (which happen only under
// MultipleTieBreak, with probability about 2^-64, 2^-(64-b) in a round
// whose students joined in several rounds, b bits numbering the groups) go to the lower student index. In a round, the draw is
// the student's, whatever their index (see [LotteryRule]). It runs in O(1) and panics if s or p is out of range.
func (in *Instance) Lottery(s, p int) uint64 {
	_ = in.capacity[p]
	if in.lottery != nil {
		return uint64(in.lottery[s])
	}
	_ = in.noPair[s]
	return in.multiple(p, s)
}

// Acceptable returns the acceptable positions of student s, most preferred
// first, with the 1-based rank of each in the student's list as written.
// It allocates the two slices, runs in time proportional to the student's
// list and panics if s is out of range.
func (in *Instance) Acceptable(s int) (positions, ranks []int) {
	for k := in.sStart[s]; k < in.sStart[s+1]; k++ {
		positions = append(positions, int(in.arcs[k].pos))
		ranks = append(ranks, int(in.arcRank[k]))
	}
	return positions, ranks
}

// Priority returns student s's priority rank at position p (0 is the
// highest, among the students for whom the pair is acceptable) and whether
// the pair is acceptable. It runs in time proportional to the student's
// number of acceptable pairs and panics if s is out of range.
func (in *Instance) Priority(s, p int) (int, bool) {
	for k := in.sStart[s]; k < in.sStart[s+1]; k++ {
		if int(in.arcs[k].pos) == p {
			return int(in.arcs[k].prio), true
		}
	}
	return 0, false
}

func hasEligible(c *model.Cohort, s int) bool {
	for _, p := range c.Choices(s) {
		if c.Eligibility(s, int(p)) == model.Eligible {
			return true
		}
	}
	return false
}
