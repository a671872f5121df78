package matching

import (
	"context"
	"fmt"
	"slices"
)

// Options tunes the mechanisms. A nil *Options means the zero value: no
// progress reports.
type Options struct {
	// Progress, when non-nil, is called at coarse checkpoints (about every
	// million proposals, and once at the end) from the goroutine running
	// the mechanism. It must not modify the instance. nil means no reports.
	Progress func(Progress)
}

// Progress reports how far a mechanism has come.
type Progress struct {
	Mechanism Mechanism
	// Proposals made so far.
	Proposals int64
	// Done counts the proposers (students for StudentDA, positions for
	// PositionDA) whose first round of proposals is over, out of Total.
	Done, Total int
}

const (
	cancelEvery   = 1 << 12 // proposals between two looks at ctx
	progressEvery = 1 << 20 // proposals between two progress reports
)

// Solve runs mechanism m on inst. See [StudentProposing] and
// [PositionProposing]; LeastDisruption is PositionProposing on a round
// after the first (an instance compiled with CompileOptions.Round), and
// Solve returns an error for it on a main round.
func Solve(ctx context.Context, inst *Instance, m Mechanism, opts *Options) (*Result, error) {
	switch m {
	case StudentDA:
		return StudentProposing(ctx, inst, opts)
	case PositionDA:
		return PositionProposing(ctx, inst, opts)
	case LeastDisruption:
		if inst.round == nil {
			return nil, fmt.Errorf("matching: %v is for a round after the first (compile with CompileOptions.Round); on a main round use %v", LeastDisruption, PositionDA)
		}
		r, err := PositionProposing(ctx, inst, opts)
		if r != nil {
			r.mech = LeastDisruption
		}
		return r, err
	}
	return nil, fmt.Errorf("matching: unknown mechanism %d", m)
}

// StudentProposing runs student-proposing deferred acceptance and returns
// the student-optimal stable matching: every student weakly prefers it to
// any other matching that is stable for the instance's priorities.
//
// Students propose one by one down their acceptable choices; a position
// holds up to its capacity of the best proposers seen so far and rejects the
// rest, and a rejected student goes on proposing at once. Each position keeps
// what it admitted in a bounded max-heap of int32 priority ranks packed with
// the proposal's pair index into one uint64, so the worst admitted is known
// in O(1) and replaced in O(log capacity), and a displaced student resumes
// from the pair in the heap without any per-student state. With at most C
// proposals (C acceptable pairs) the run takes O(S + P + C log K) time for
// K the largest capacity, and O(S + P + min(seats, C) + C/64) memory; the
// proposal loop allocates nothing.
//
// A position with reserved seats has slot-specific priorities (see
// [ReserveOrder] and reserve.go): it keeps the students it holds sorted by
// priority and, at each proposal, runs its choice function on them and the
// proposer, filling its slots in precedence order; whoever it does not
// choose goes on proposing. That costs O(B·K) a proposal for B blocks of
// slots (reserves, plus one for the open seats) and K its capacity, instead
// of O(log K); positions without reserves keep the heap. With one contract
// a (student, position) pair, as here, such slot-filling choice functions
// are substitutable and never take fewer students from a larger set
// (Echenique and Yenmez 2015; Kominers and Sönmez 2016), so holding only
// the chosen students loses nothing, and the outcome is stable in the
// slot-specific sense (no student s and position p such that s prefers p
// and p's choice from its students and s takes s) and is the
// student-optimal stable matching. Both claims are checked against brute
// force on thousands of small cohorts (reserve_brute_test.go).
//
// The result does not depend on the order of proposals (the student-optimal
// stable matching is unique). It checks ctx every few thousand proposals and
// returns ctx's error, wrapped, when done. It panics only on a nil inst.
func StudentProposing(ctx context.Context, inst *Instance, opts *Options) (*Result, error) {
	if err := inst.CapsError(); err != nil {
		return nil, err
	}
	nS, nP := inst.Students(), inst.Positions()
	var progress func(Progress)
	if opts != nil {
		progress = opts.Progress
	}
	// Each position keeps its admitted proposals in a max-heap of
	// prio<<32|pair (the pair's index on the student side), so that the
	// worst admitted is at the top and a displaced student resumes right
	// after the pair they held, with no per-student state; the heaps of all
	// positions share one flat array of min(capacity, applicants) slots
	// each. last marks the last pair of each student's list.
	type posState struct {
		worst             uint64 // top of the heap once full, so rejections touch no heap
		start, cap, count int32  // heap slots heap[start:start+count]
		reserved, capped  bool   // the position has reserves; is under a cap
	}
	ps := make([]posState, nP)
	slots := int32(0)
	for p := range ps {
		ps[p] = posState{start: slots, cap: inst.capacity[p], reserved: inst.reserved(int32(p)), capped: inst.capped(int32(p))}
		slots += min(inst.capacity[p], inst.pStart[p+1]-inst.pStart[p])
	}
	heap := make([]uint64, slots)
	arcs, sStart := inst.arcs, inst.sStart
	last := make([]uint64, (len(arcs)+63)/64)
	for s := range nS {
		if e := sStart[s+1]; e > sStart[s] {
			last[(e-1)>>6] |= 1 << ((e - 1) & 63)
		}
	}
	var proposals int64
	check := int64(cancelEvery)
	report := int64(progressEvery)

	var rs *reserveState
	if inst.HasReserves() {
		rs = newReserveState(inst)
	}
	var cs *capState
	if inst.HasCaps() {
		cs = newCapState(inst)
		if rs != nil {
			rs.caps = cs
		}
	}
	// drop makes position q, which the caps have just given one seat
	// less, give up its last student, and appends that student's next
	// pair to pending (unless they have none left).
	drop := func(q int32, pending []int32) []int32 {
		if inst.reserved(q) {
			for _, r := range rs.trim(q) {
				if last[r>>6]&(1<<(r&63)) == 0 {
					pending = append(pending, r+1)
				}
			}
			return pending
		}
		st := &ps[q]
		h := heap[st.start : st.start+st.count]
		r := int32(uint32(h[0]))
		st.count--
		if st.count > 0 {
			siftDown(h[:st.count], h[st.count])
		}
		if last[r>>6]&(1<<(r&63)) == 0 {
			pending = append(pending, r+1)
		}
		return pending
	}
	var pending []int32 // next pairs of students rejected together (reserves only)

	for s := range nS {
		k := sStart[s]
		if k == sStart[s+1] {
			continue
		}
		for {
			proposals++
			if proposals >= check {
				check += cancelEvery
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("matching: %v: %w", StudentDA, err)
				}
				if progress != nil && proposals >= report {
					report += progressEvery
					progress(Progress{Mechanism: StudentDA, Proposals: proposals, Done: s, Total: nS})
				}
			}
			a := arcs[k]
			if st := &ps[a.pos]; st.reserved {
				// Slot-specific priorities: the position keeps its choice
				// from what it holds and the proposer, within what the
				// caps give it.
				rej, loser := rs.offer(a.pos, k)
				if loser >= 0 {
					pending = drop(loser, pending)
				}
				if len(rej) == 0 {
					if len(pending) == 0 {
						break
					}
					k = pending[len(pending)-1]
					pending = pending[:len(pending)-1]
					continue
				}
				for _, r := range rej[1:] {
					if last[r>>6]&(1<<(r&63)) == 0 {
						pending = append(pending, r+1)
					}
				}
				k = rej[0]
			} else {
				st := &ps[a.pos]
				key := uint64(a.prio)<<32 | uint64(k)
				if st.count < st.cap {
					gain := true
					if st.capped {
						// Under caps: a seat more only if the caps'
						// greedy gives it, perhaps taking one from
						// another position.
						var loser int32
						if gain, loser = cs.grow(a.pos); loser >= 0 {
							pending = drop(loser, pending)
						}
					}
					if gain {
						h := heap[st.start : st.start+st.count+1]
						siftUp(h, key)
						st.count++
						st.worst = h[0]
						if len(pending) == 0 {
							break
						}
						k = pending[len(pending)-1]
						pending = pending[:len(pending)-1]
						continue
					}
					// No seat more: the position keeps its best.
					if h := heap[st.start : st.start+st.count]; len(h) > 0 && key < h[0] {
						k = int32(uint32(h[0]))
						siftDown(h, key)
					}
				} else if key < st.worst { // full (worst is 0 until the first admission)
					h := heap[st.start : st.start+st.count]
					k = int32(uint32(h[0])) // the displaced student's pair
					siftDown(h, key)
					st.worst = h[0]
				}
			}
			// (The bit test is written out: a closure here is not inlined,
			// and it cost 5% of the solve.)
			if last[k>>6]&(1<<(k&63)) != 0 { // the student proposing is rejected by every choice
				if len(pending) == 0 {
					break
				}
				k = pending[len(pending)-1]
				pending = pending[:len(pending)-1]
				continue
			}
			k++
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("matching: %v: %w", StudentDA, err)
	}
	r := newResult(inst, StudentDA, proposals)
	if rs != nil {
		for p, h := range rs.held {
			for _, k := range h {
				s := inst.ents[inst.pStart[p]+inst.arcs[k].prio].stu
				r.pos[s] = int32(p)
				r.rank[s] = inst.arcRank[k]
			}
		}
	}
	for p := range nP {
		st := ps[p]
		for _, key := range heap[st.start : st.start+st.count] {
			k := int32(uint32(key))
			s := inst.ents[inst.pStart[p]+int32(key>>32)].stu
			r.pos[s] = int32(p)
			r.rank[s] = inst.arcRank[k]
		}
	}
	if progress != nil {
		progress(Progress{Mechanism: StudentDA, Proposals: proposals, Done: nS, Total: nS})
	}
	return r, nil
}

// siftUp puts key in the last slot of the max-heap h and restores the
// heap.
func siftUp(h []uint64, key uint64) {
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent] >= key {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = key
}

// siftDown replaces the top of the max-heap h by key and restores the heap.
func siftDown(h []uint64, key uint64) {
	i, n := 0, len(h)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1] > h[c] {
			c++
		}
		if h[c] <= key {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = key
}

func newResult(inst *Instance, m Mechanism, proposals int64) *Result {
	n := inst.Students()
	r := &Result{inst: inst, mech: m, pos: make([]int32, n), rank: make([]int32, n), proposals: proposals}
	for s := range r.pos {
		r.pos[s] = -1
	}
	return r
}

// mergeEntries appends to dst the union of a and b, both sorted without
// repeats, sorted without repeats.
func mergeEntries(dst, a, b []int32) []int32 {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			dst, a = append(dst, a[0]), a[1:]
		case b[0] < a[0]:
			dst, b = append(dst, b[0]), b[1:]
		default:
			dst, a, b = append(dst, a[0]), a[1:], b[1:]
		}
	}
	dst = append(dst, a...)
	return append(dst, b...)
}

// Position flags for the proposal loops.
const (
	posReserved uint8 = 1 << iota // the position has reserves
	posCapped                     // the position is under a cap
)

// PositionProposing runs position-proposing deferred acceptance and returns
// the position-optimal stable matching: every position weakly prefers it
// (student by student, by responsive priorities) to any other stable
// matching, and every student weakly prefers any other stable matching to
// it.
//
// Each position offers seats down its priority list of acceptable students
// until its offers held equal its capacity; a student holds the best offer
// received and declines the others, and a position that loses a held
// student resumes offering. Proposals are at most C (the acceptable pairs),
// so it runs in O(S + P + C) time and memory O(S + P); the proposal loop
// allocates nothing.
//
// A position with reserved seats (slot-specific priorities, see
// [ReserveOrder]) offers to its choice among the acceptable students who
// have not declined it, and chooses again after each refusal: O(B·A) per
// refusal for B blocks of slots and A its applicants. The outcome is stable
// in the slot-specific sense, every student likes it least among the
// stable matchings, and each position's choice function picks it over what
// the position gets in any other stable matching (all checked against brute
// force on thousands of small cohorts).
//
// The result does not depend on the order of proposals. It checks ctx every
// few thousand proposals and returns ctx's error, wrapped, when done. It
// panics only on a nil inst.
func PositionProposing(ctx context.Context, inst *Instance, opts *Options) (*Result, error) {
	if err := inst.CapsError(); err != nil {
		return nil, err
	}
	nS, nP := inst.Students(), inst.Positions()
	var progress func(Progress)
	if opts != nil {
		progress = opts.Progress
	}
	held := make([]int32, nS) // the pair (student-side index) each student holds, or -1
	for s := range held {
		held[s] = -1
	}
	next := make([]int32, nP) // the next entry each position offers to
	count := make([]int32, nP)
	copy(next, inst.pStart[:nP])
	queued := make([]bool, nP)
	stack := make([]int32, nP)
	for p := range nP {
		stack[p] = int32(nP - 1 - p) // position 0 offers first
		queued[p] = true
	}
	arcs, ents, pStart, capacity := inst.arcs, inst.ents, inst.pStart, inst.capacity
	flags := make([]uint8, nP) // posReserved, posCapped
	for p := range int32(nP) {
		if inst.reserved(p) {
			flags[p] |= posReserved
		}
		if inst.capped(p) {
			flags[p] |= posCapped
		}
	}
	var proposals int64
	check := int64(cancelEvery)
	report := int64(progressEvery)
	bottom := nP // positions still waiting for their first turn, at the bottom of the stack
	// release frees the seat that a student held through pair h, when they
	// take a better offer, and puts its position back on the stack.
	// For positions with reserves: the entries whose student declined them,
	// entry e of position p at out[e-outShift[p]].
	var out []bool
	var outShift []int32
	if inst.HasReserves() {
		outShift = make([]int32, nP)
		n := int32(0)
		for p := range int32(nP) {
			if inst.reserved(p) {
				outShift[p] = pStart[p] - n
				n += pStart[p+1] - pStart[p]
			}
		}
		out = make([]bool, n)
	}
	release := func(h int32) {
		q := arcs[h].pos
		if flags[q]&posReserved != 0 {
			out[pStart[q]+arcs[h].prio-outShift[q]] = true
		} else {
			count[q]--
		}
		if !queued[q] {
			queued[q] = true
			stack = append(stack, q)
		}
	}
	// Under caps, a position offers at most the seats the caps' greedy
	// gives it for its demand (what its own choice function would take of
	// the students who have not declined it; see caps.go). Demands only
	// fall as students decline, and the greedy changes only when a
	// position's demand falls below its seats: then it is run again for
	// the positions under the same topmost cap, and those it gives more
	// seats offer again.
	budget := capacity
	var demand, scratch []int32
	var cand, ce, slot, more, merged []int32
	var roomy []int32 // for positions with reserves: see reserveState.roomy
	// need[b] is how many members of the reserve of block b its
	// position's choice may look at: the seats of the block and of those
	// before it.
	var need []int32
	if inst.HasReserves() {
		roomy = roomySeats(inst)
		need = make([]int32, len(inst.blocks))
		for p := range nP {
			seats := int32(0)
			for bi := inst.blkStart[p]; bi < inst.blkStart[p+1]; bi++ {
				seats += inst.blocks[bi].seats
				need[bi] = seats
			}
		}
	}
	if inst.HasCaps() {
		budget = slices.Clone(capacity)
		demand, scratch = make([]int32, nP), make([]int32, len(inst.capNodes))
		for q := range int32(nP) {
			if !inst.capped(q) {
				continue
			}
			n := pStart[q+1] - pStart[q]
			demand[q] = min(capacity[q], n)
			if inst.reserved(q) {
				cand = cand[:0]
				for e := pStart[q]; e < pStart[q+1]; e++ {
					cand = append(cand, ents[e].arc)
				}
				slot = slices.Grow(slot[:0], len(cand))[:len(cand)]
				demand[q] = inst.choose(q, cand, slot, capacity[q])
			}
		}
		for n := range int32(len(inst.capNodes)) {
			if inst.capNodes[n].parent < 0 {
				inst.allocate(n, demand, budget, scratch)
			}
		}
	}
	// setDemand records capped position q's demand d and, while it is
	// below q's seats, hands q's seats back to the greedy, putting back on
	// the stack the positions that get them.
	setDemand := func(q, d int32) {
		demand[q] = d
		for budget[q] > d {
			if u := inst.handBack(q, demand, budget, scratch); u >= 0 && !queued[u] {
				queued[u] = true
				stack = append(stack, u)
			}
		}
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		queued[p] = false
		bottom = min(bottom, len(stack))
		if flags[p]&posReserved != 0 {
			// Slot-specific priorities: the position offers to its
			// choice among the students who have not declined it, and
			// chooses again after each refusal. Its choice function is
			// substitutable, so the students it already holds stay
			// chosen.
			// The choice takes only students among the first `capacity`
			// who have not declined, or among the first members of some
			// reserve, as many as the seats of its block and of those
			// before it (the most that blocks filled earlier can take):
			// the candidates are those, gathered from the position's list
			// and from each reserve's list of members, in priority order.
			for {
				for next[p] < pStart[p+1] && out[next[p]-outShift[p]] {
					next[p]++ // (for a position with reserves, next is its first entry not declined)
				}
				ce = ce[:0]
				for e := next[p]; e < pStart[p+1] && int32(len(ce)) < capacity[p]; e++ {
					if !out[e-outShift[p]] {
						ce = append(ce, e)
					}
				}
				g := inst.guarCount(p)
				for bi := inst.blkStart[p]; bi < inst.blkStart[p+1]; bi++ {
					bl := inst.blocks[bi]
					if bl.res < 0 || bl.seats == 0 {
						continue
					}
					// (In a round, the guaranteed students lead the
					// position's list, so the first `capacity` above hold
					// them all; they fill the slots first, and a member
					// among them may sit in a seat held empty for another
					// category: the window counts the others only, of whom
					// the blocks up to this one take at most need[bi].)
					want := need[bi]
					more = more[:0]
					for _, e := range inst.resEnts[inst.resStart[bi]:inst.resStart[bi+1]] {
						if want == 0 {
							break
						}
						if e-pStart[p] >= g && !out[e-outShift[p]] {
							more = append(more, e)
							want--
						}
					}
					ce, merged = mergeEntries(merged[:0], ce, more), ce
				}
				cand = cand[:0]
				for _, e := range ce {
					cand = append(cand, ents[e].arc)
				}
				slot = slices.Grow(slot[:0], len(cand))[:len(cand)]
				if flags[p]&posCapped != 0 {
					setDemand(p, inst.chooseBy(true, p, ce, slot, capacity[p]))
				}
				if flags[p]&posCapped == 0 && int32(len(cand)) <= roomy[p] {
					clear(slot) // the choice takes everyone
				} else {
					inst.chooseBy(true, p, ce, slot, budget[p])
				}
				declined := false
				for i, k := range cand {
					if slot[i] < 0 {
						continue
					}
					stu := ents[ce[i]].stu
					if held[stu] == k {
						continue
					}
					proposals++
					if proposals >= check {
						check += cancelEvery
						if err := ctx.Err(); err != nil {
							return nil, fmt.Errorf("matching: %v: %w", PositionDA, err)
						}
					}
					if h := held[stu]; h >= 0 && h < k {
						out[ce[i]-outShift[p]] = true
						declined = true
						continue
					} else if h >= 0 {
						release(h)
					}
					held[stu] = k
				}
				if !declined {
					break
				}
			}
			continue
		}
		end := pStart[p+1]
		for count[p] < budget[p] && next[p] < end {
			e := ents[next[p]]
			next[p]++
			proposals++
			if proposals >= check {
				check += cancelEvery
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("matching: %v: %w", PositionDA, err)
				}
				if progress != nil && proposals >= report {
					report += progressEvery
					progress(Progress{Mechanism: PositionDA, Proposals: proposals, Done: nP - bottom, Total: nP})
				}
			}
			h := held[e.stu]
			if h >= 0 && h <= e.arc {
				continue // the student holds a better offer
			}
			if h >= 0 {
				release(h)
			}
			held[e.stu] = e.arc
			count[p]++
		}
		if flags[p]&posCapped != 0 {
			setDemand(p, min(capacity[p], count[p]+end-next[p]))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("matching: %v: %w", PositionDA, err)
	}
	r := newResult(inst, PositionDA, proposals)
	for s, h := range held {
		if h >= 0 {
			r.pos[s] = arcs[h].pos
			r.rank[s] = inst.arcRank[h]
		}
	}
	if progress != nil {
		progress(Progress{Mechanism: PositionDA, Proposals: proposals, Done: nP, Total: nP})
	}
	return r, nil
}
