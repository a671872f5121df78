package matching

import (
	"fmt"
	"slices"

	"github.com/placement-engine/placement/model"
)

// Reserved seats as slot-specific priorities (Kominers and Sönmez, "On
// Matching with Slot-Specific Priorities", Theoretical Economics 2016).
//
// The seats of a position with reserves ([model.Position.Reserved]) are
// slots, grouped in blocks of slots that share one priority order:
//
//   - a reserve of Seats seats for a category is a block whose slots rank
//     the members of the category first, among themselves by the
//     position's priority, then (when the reserve's Unused is
//     RevertToOpen) everyone else by the position's priority; a StayEmpty
//     reserve accepts members only;
//   - the Capacity − Σ reserved seats left are open slots, ranking every
//     acceptable student by the position's priority.
//
// The precedence order ([ReserveOrder]) says which blocks fill first. The
// position's choice function, given a set A of acceptable students, fills
// the slots in precedence order, each taking the highest-ranked student of
// A not yet taken under that slot's priority (or staying empty when no one
// left is acceptable to it). Stability is meant for these choice functions:
// a matching μ is stable when every position would keep all its students
// (C_p(μ(p)) = μ(p)) and no student s and position p block it, where s
// blocks with p when s prefers p to μ(s), the pair is acceptable, and
// s ∈ C_p(μ(p) ∪ {s}); equivalently, when run on μ(p), some slot that would
// accept s is empty or holds a student of lower priority than s under that
// slot's priority. Positions without reserves have one block of open slots,
// and the notion is the usual one.

// ReserveOrder is the precedence order of the slots of a position with
// reserved seats: which seats a student admitted is counted against first.
// It changes who gets in: see the package example Example_reserveOrder.
type ReserveOrder uint8

const (
	// ReservedFirst fills the reserved seats first, in the order the
	// position lists its reserves, then the open seats. It is the zero
	// value and the default. Members of a category compete for the
	// reserved seats first and keep their chance at the open seats.
	ReservedFirst ReserveOrder = iota
	// OpenFirst fills the open seats first, then the reserved seats in the
	// order the position lists them: members who win an open seat on
	// priority do not use a reserved one ("over and above" minority
	// reserves), which admits more members.
	OpenFirst
)

var reserveOrderNames = [...]string{"reserved-first", "open-first"}

// String returns "reserved-first" or "open-first".
func (o ReserveOrder) String() string {
	if int(o) < len(reserveOrderNames) {
		return reserveOrderNames[o]
	}
	return fmt.Sprintf("reserve-order(%d)", int(o))
}

// ParseReserveOrder parses "reserved-first" (or "") and "open-first".
func ParseReserveOrder(s string) (ReserveOrder, error) {
	switch s {
	case "", "reserved-first":
		return ReservedFirst, nil
	case "open-first":
		return OpenFirst, nil
	}
	return 0, &UnknownNameError{Kind: "reserve order", Value: s, Want: []string{"reserved-first", "open-first"}}
}

// maxReserves bounds the reserves of one position: membership is one bit a
// reserve in a uint64.
const maxReserves = 64

// block is a run of slots of a position sharing one priority, in
// precedence order.
type block struct {
	seats     int32
	res       int32 // index in the position's Reserved, -1 for open seats
	stayEmpty bool
}

// compileReserves fills the blocks of the positions with reserves and the
// membership bits of their pairs. It leaves everything nil when no
// position has reserves, so that the mechanisms keep their fast path.
func (in *Instance) compileReserves(c *model.Cohort, order ReserveOrder) error {
	in.reserveOrder = order
	positions := c.Positions()
	any := false
	for p := range positions {
		if n := len(positions[p].Reserved); n > 0 {
			any = true
			if n > maxReserves {
				return fmt.Errorf("matching: position %q has %d reserves, at most %d are supported", positions[p].ID, n, maxReserves)
			}
		}
	}
	if !any {
		return nil
	}
	in.blkStart = make([]int32, len(positions)+1)
	for p := range positions {
		in.blkStart[p] = int32(len(in.blocks))
		res := positions[p].Reserved
		if len(res) == 0 {
			continue
		}
		open := int(in.capacity[p])
		var rb []block
		for i, r := range res {
			seats := min(max(r.Seats, 0), open)
			open -= seats
			rb = append(rb, block{seats: int32(seats), res: int32(i), stayEmpty: r.Unused == model.StayEmpty})
		}
		ob := block{seats: int32(open), res: -1}
		if order == OpenFirst {
			in.blocks = append(in.blocks, ob)
			in.blocks = append(in.blocks, rb...)
		} else {
			in.blocks = append(in.blocks, rb...)
			in.blocks = append(in.blocks, ob)
		}
	}
	in.blkStart[len(positions)] = int32(len(in.blocks))
	in.memb = make([]uint64, len(in.arcs))
	for s := range c.NumStudents() {
		for k := in.sStart[s]; k < in.sStart[s+1]; k++ {
			for i, r := range positions[in.arcs[k].pos].Reserved {
				if c.StudentInCategory(s, r.Category) {
					in.memb[k] |= 1 << i
				}
			}
		}
	}
	in.entMemb = make([]uint64, len(in.ents))
	for e, en := range in.ents {
		in.entMemb[e] = in.memb[en.arc]
	}
	// Each reserve's members among its position's applicants, in
	// priority order (position-side entries), block by block.
	in.resStart = make([]int32, len(in.blocks)+1)
	for p := range positions {
		for bi := in.blkStart[p]; bi < in.blkStart[p+1]; bi++ {
			in.resStart[bi] = int32(len(in.resEnts))
			if r := in.blocks[bi].res; r >= 0 {
				for e := in.pStart[p]; e < in.pStart[p+1]; e++ {
					if in.entMemb[e]&(1<<r) != 0 {
						in.resEnts = append(in.resEnts, e)
					}
				}
			}
		}
	}
	in.resStart[len(in.blocks)] = int32(len(in.resEnts))
	return nil
}

// ReserveOrder returns the precedence order of reserved and open seats the
// instance was compiled with.
func (in *Instance) ReserveOrder() ReserveOrder { return in.reserveOrder }

// HasReserves reports whether some position of the instance reserves seats.
func (in *Instance) HasReserves() bool { return in.blkStart != nil }

// reserved reports whether position p has reserves (and so slot-specific
// priorities).
func (in *Instance) reserved(p int32) bool {
	return in.blkStart != nil && in.blkStart[p+1] > in.blkStart[p]
}

// choose runs position p's choice function on cand, the arcs (student-side
// pair indices) of applicants to p sorted by priority at p, best first,
// taking at most budget students: the slots fill in precedence order and
// the filling stops once budget students are taken (a position under a cap
// may get fewer seats than it has; see caps.go). It sets slot[i] to the
// index (in the position's blocks) of the block cand[i] takes, or -1 when
// cand[i] is rejected, and returns how many it took. It takes
// O(B·len(cand)) time for B blocks and allocates nothing, but in a round
// where the keepers' greedy seating leaves one out (seatKeepers).
func (in *Instance) choose(p int32, cand []int32, slot []int32, budget int32) int32 {
	return in.chooseBy(false, p, cand, slot, budget)
}

// chooseBy is choose with cand holding position-side entries when byEntry
// (else arcs, student-side pair indices).
func (in *Instance) chooseBy(byEntry bool, p int32, cand []int32, slot []int32, budget int32) int32 {
	memb := in.memb
	if byEntry {
		memb = in.entMemb
	}
	slot = slot[:len(cand)]
	for i := range slot {
		slot[i] = -1
	}
	taken := int32(0)
	blocks := in.blocks[in.blkStart[p]:in.blkStart[p+1]]
	if g := in.guarCount(p); g > 0 {
		// A round: the guaranteed students (priority below g) lead cand.
		ng := 0
		for ng < len(cand) {
			prio := in.arcs[cand[ng]].prio
			if byEntry {
				prio = cand[ng] - in.pStart[p]
			}
			if prio >= g {
				break
			}
			ng++
		}
		if ng > 0 {
			return in.chooseGuaranteed(memb, blocks, cand, slot, budget, ng)
		}
	}
	for b, bl := range blocks {
		n := min(bl.seats, budget-taken)
		if bl.res >= 0 {
			bit := uint64(1) << bl.res
			for i, k := range cand {
				if n == 0 {
					break
				}
				if slot[i] < 0 && memb[k]&bit != 0 {
					slot[i] = int32(b)
					n--
					taken++
				}
			}
			if bl.stayEmpty {
				continue
			}
		}
		for i := range cand {
			if n == 0 {
				break
			}
			if slot[i] < 0 {
				slot[i] = int32(b)
				n--
				taken++
			}
		}
	}
	return taken
}

// chooseGuaranteed is chooseBy at a position whose guaranteed students
// (those who hold or accept it in a round) are cand[:ng]. It fills the
// slots in two passes: the guaranteed students first, then the others in
// precedence order, so that they come first in every slot they may fill
// and a budget (the seats the caps give the position) cuts the others
// before any guaranteed student (see "Rounds" in round.go).
//
// The first pass visits the seats held empty for a category first (they
// take only members), then the others, each in precedence order, and
// each seat takes the guaranteed student it ranks highest (members of its
// category first) among those whose taking it still lets the most of the
// others be seated in the seats left: all of them whenever some
// assignment to the slots seats them all, though their order among
// themselves may have changed since they won their seats together (a
// reversed lottery). Greedily, without that proviso, is the same
// whenever the greedy seats them all (each of its picks keeps the others
// seatable), so it runs first, and seatKeepers only when the greedy
// leaves one out.
func (in *Instance) chooseGuaranteed(memb []uint64, blocks []block, cand, slot []int32, budget int32, ng int) int32 {
	var rem [maxReserves + 1]int32
	taken := int32(0)
	fill := func(b int, lo, hi int) {
		bl := blocks[b]
		n := min(rem[b], budget-taken)
		if bl.res >= 0 {
			bit := uint64(1) << bl.res
			for i := lo; i < hi && n > 0; i++ {
				if slot[i] < 0 && memb[cand[i]]&bit != 0 {
					slot[i] = int32(b)
					n--
					rem[b]--
					taken++
				}
			}
			if bl.stayEmpty {
				return
			}
		}
		for i := lo; i < hi && n > 0; i++ {
			if slot[i] < 0 {
				slot[i] = int32(b)
				n--
				rem[b]--
				taken++
			}
		}
	}
	for b, bl := range blocks {
		rem[b] = bl.seats
		if bl.stayEmpty {
			fill(b, 0, ng)
		}
	}
	for b, bl := range blocks {
		if !bl.stayEmpty {
			fill(b, 0, ng)
		}
	}
	if taken < int32(ng) {
		taken = seatKeepers(memb, blocks, cand[:ng], slot, budget, rem[:len(blocks)])
	}
	for b := range blocks {
		fill(b, ng, len(cand))
	}
	return taken
}

// seatKeepers is chooseGuaranteed's first pass when the greedy leaves a
// guaranteed student out: it seats keep (sorted by priority) afresh, seat
// by seat in the order of the first pass, each seat taking the highest
// ranked student (members of its category first) whose taking it leaves
// the most students seatable in the seats after it, and stops once budget
// students are taken. It sets slot[:len(keep)] and rem (the seats left in
// each block) and returns how many it took. It allocates; it runs only
// where seats held empty for overlapping categories make the greedy fail.
func seatKeepers(memb []uint64, blocks []block, keep, slot []int32, budget int32, rem []int32) int32 {
	// Whether a student may take a seat held empty for a category depends
	// only on their membership in those categories: keepers with the same
	// membership are interchangeable for what can still be seated.
	var emptyMask uint64
	for _, bl := range blocks {
		if bl.stayEmpty {
			emptyMask |= 1 << bl.res
		}
	}
	var masks []uint64
	var need []int32
	group := make([]int, len(keep))
	for i, k := range keep {
		m := memb[k] & emptyMask
		g := slices.Index(masks, m)
		if g < 0 {
			g = len(masks)
			masks, need = append(masks, m), append(need, 0)
		}
		group[i] = g
		need[g]++
		slot[i] = -1
	}
	// avail: the seats held empty for a category still to visit, by block;
	// open: the other seats still to visit (they come after all those).
	avail := make([]int32, len(blocks))
	open := int32(0)
	for b, bl := range blocks {
		rem[b] = bl.seats
		if bl.stayEmpty {
			avail[b] = bl.seats
		} else {
			open += bl.seats
		}
	}
	f := newKeeperFlow(masks, blocks)
	taken := int32(0)
	failed := make([]bool, len(masks))
	visit := func(b int) {
		bl := blocks[b]
		for range bl.seats {
			if taken == budget {
				return
			}
			most := f.seatable(need, avail, open)
			if bl.stayEmpty {
				avail[b]--
			} else {
				open--
			}
			clear(failed)
			try := func(i int) bool {
				g := group[i]
				if slot[i] >= 0 || failed[g] {
					return false
				}
				need[g]--
				if 1+f.seatable(need, avail, open) == most {
					slot[i] = int32(b)
					rem[b]--
					taken++
					return true
				}
				need[g]++
				failed[g] = true
				return false
			}
			found := false
			if bl.res >= 0 {
				bit := uint64(1) << bl.res
				for i, k := range keep {
					if memb[k]&bit != 0 && try(i) {
						found = true
						break
					}
				}
			}
			if !found && !bl.stayEmpty {
				for i, k := range keep {
					if (bl.res < 0 || memb[k]&(1<<bl.res) == 0) && try(i) {
						break
					}
				}
			}
		}
	}
	for b, bl := range blocks {
		if bl.stayEmpty {
			visit(b)
		}
	}
	for b, bl := range blocks {
		if !bl.stayEmpty {
			visit(b)
		}
	}
	return taken
}

// keeperFlow counts how many guaranteed students the seats left can take
// (seatKeepers): a bipartite matching of the students, counted by
// membership, to the seats held empty for a category, plus the open
// seats, which take anyone.
type keeperFlow struct {
	masks  []uint64
	blocks []block
	flow   []int32 // flow[g*len(blocks)+b]: students of group g in block b
	left   []int32
	free   []int32
	prevG  []int // by block: the group the search reached it from, -1 unseen
	prevB  []int // by group: the block the search reached it from, -2 unseen, -1 a start
	queue  []int
}

func newKeeperFlow(masks []uint64, blocks []block) *keeperFlow {
	return &keeperFlow{masks: masks, blocks: blocks, flow: make([]int32, len(masks)*len(blocks)),
		left: make([]int32, len(masks)), free: make([]int32, len(blocks)), prevG: make([]int, len(blocks)), prevB: make([]int, len(masks))}
}

// seatable returns how many of need (students by group) the seats avail
// (by block held empty) and open can take: the most the seats held empty
// can take by augmenting paths, the rest in the open seats.
func (f *keeperFlow) seatable(need, avail []int32, open int32) int32 {
	nB := len(f.blocks)
	clear(f.flow)
	copy(f.left, need)
	copy(f.free, avail)
	total, matched := int32(0), int32(0)
	for _, n := range need {
		total += n
	}
	for {
		for b := range f.prevG {
			f.prevG[b] = -1
		}
		f.queue = f.queue[:0]
		for g := range f.prevB {
			f.prevB[g] = -2
			if f.left[g] > 0 {
				f.prevB[g] = -1
				f.queue = append(f.queue, g)
			}
		}
		end := -1
		for qi := 0; qi < len(f.queue) && end < 0; qi++ {
			g := f.queue[qi]
			for b, bl := range f.blocks {
				if !bl.stayEmpty || f.masks[g]&(1<<bl.res) == 0 || f.prevG[b] >= 0 {
					continue
				}
				f.prevG[b] = g
				if f.free[b] > 0 {
					end = b
					break
				}
				for g2 := range f.masks {
					if f.prevB[g2] == -2 && f.flow[g2*nB+b] > 0 {
						f.prevB[g2] = b
						f.queue = append(f.queue, g2)
					}
				}
			}
		}
		if end < 0 {
			break
		}
		f.free[end]--
		for b := end; ; {
			g := f.prevG[b]
			f.flow[g*nB+b]++
			pb := f.prevB[g]
			if pb < 0 {
				f.left[g]--
				break
			}
			f.flow[g*nB+pb]--
			b = pb
		}
		matched++
	}
	return min(total, matched+open)
}

// reserveState holds, for student-proposing deferred acceptance, the
// students each position with reserves holds, as arcs sorted by priority,
// and the caps' state shared with the other positions.
type reserveState struct {
	in   *Instance
	held [][]int32
	slot []int32
	rej  []int32
	// trimmed holds what trim drops (apart from rej, which the caller
	// may still be reading).
	trimmed []int32
	caps    *capState // nil when nothing has a cap
	// roomy[p] is how many students position p takes whoever they are:
	// its seats but those held empty for a category (0 under a cap).
	roomy []int32
}

func newReserveState(in *Instance) *reserveState {
	return &reserveState{in: in, held: make([][]int32, in.Positions()), roomy: roomySeats(in)}
}

// roomySeats returns, for each position with reserves and under no cap,
// how many students its choice function takes whoever they are: its seats
// but those held empty for a category (0 for the others).
func roomySeats(in *Instance) []int32 {
	roomy := make([]int32, in.Positions())
	for p := range roomy {
		if in.capped(int32(p)) {
			continue // the caps decide its seats
		}
		roomy[p] = in.capacity[p]
		for _, bl := range in.blocks[in.blkStart[p]:in.blkStart[p+1]] {
			if bl.stayEmpty {
				roomy[p] -= bl.seats
			}
		}
	}
	return roomy
}

// offer adds arc k's student to the applicants of its position p (which has
// reserves), runs p's choice function on the held students and k, keeps the
// chosen and returns the arcs rejected (k itself when p refuses it). Under a
// cap, p's seats are what the caps' greedy gives it (see caps.go); when p
// gains a seat that way, offer also returns the position that loses one
// (-1 for none), which must then drop its last student. It takes O(B·K)
// time for B blocks and K the students held, plus the caps' greedy.
func (rs *reserveState) offer(p, k int32) (rej []int32, loser int32) {
	in := rs.in
	h := rs.held[p]
	prio := in.arcs[k].prio
	i, _ := slices.BinarySearchFunc(h, prio, func(a int32, t int32) int { return int(in.arcs[a].prio - t) })
	h = slices.Insert(h, i, k)
	loser = -1
	if int32(len(h)) <= rs.roomy[p] {
		// Within the seats that take anyone (all but those held empty
		// for a category), the choice takes everyone: no need to run
		// it.
		rs.held[p] = h
		return rs.rej[:0], -1
	}
	if cap(rs.slot) < len(h) {
		rs.slot = make([]int32, len(h), 2*len(h))
	}
	slot := rs.slot[:len(h)]
	budget := in.capacity[p]
	if in.capped(p) {
		cs := rs.caps
		if in.choose(p, h, slot, budget) > cs.alloc[p] {
			_, loser = cs.grow(p)
		}
		budget = cs.alloc[p]
	}
	in.choose(p, h, slot, budget)
	rs.held[p], rej = split(h, slot, rs.rej[:0])
	rs.rej = rej
	return rej, loser
}

// trim makes position q, which the caps have just given one seat less,
// keep its choice within its new allocation, and returns whom it drops.
func (rs *reserveState) trim(q int32) []int32 {
	in := rs.in
	h := rs.held[q]
	if cap(rs.slot) < len(h) {
		rs.slot = make([]int32, len(h), 2*len(h))
	}
	slot := rs.slot[:len(h)]
	in.choose(q, h, slot, rs.caps.alloc[q])
	var rej []int32
	rs.held[q], rej = split(h, slot, rs.trimmed[:0])
	rs.trimmed = rej
	return rej
}

// split keeps in place the arcs of h that slot gives a seat and appends
// the others to rej.
func split(h, slot, rej []int32) (kept, _ []int32) {
	kept = h[:0]
	for i, a := range h {
		if slot[i] < 0 {
			rej = append(rej, a)
		} else {
			kept = append(kept, a)
		}
	}
	return kept, rej
}
