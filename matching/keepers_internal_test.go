package matching

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKeepersChoiceSubstitutable draws small positions whose seats are
// held empty for overlapping categories (and open seats, and reserves that
// revert to open), students keeping a seat there and others, and checks
// the round's choice function (chooseGuaranteed) directly:
//   - it seats every keeper whenever some assignment of the keepers to
//     slots that accept them (a seat held empty for a category takes
//     members only) seats them all, found by enumeration;
//   - it is substitutable: a student it rejects from a set of applicants
//     it rejects from every larger set, keepers and others added alike
//     (this is what makes the seats the keepers use grow with them);
//   - each seat goes to a student the seat may take.
func TestKeepersChoiceSubstitutable(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	var in *Instance // chooseGuaranteed reads nothing of the instance
	draws, seatedHard := 0, 0
	for range 20000 {
		nCat := 1 + rng.IntN(3)
		var blocks []block
		for range 1 + rng.IntN(4) {
			bl := block{seats: int32(1 + rng.IntN(2)), res: int32(rng.IntN(nCat + 1)), stayEmpty: rng.IntN(4) > 0}
			if bl.res == int32(nCat) {
				bl.res, bl.stayEmpty = -1, false // open seats
			}
			blocks = append(blocks, bl)
		}
		nStu := 2 + rng.IntN(5)
		memb := make([]uint64, nStu)
		keeper := make([]bool, nStu)
		for s := range nStu {
			memb[s] = uint64(rng.IntN(1 << nCat))
			keeper[s] = rng.IntN(3) > 0
		}
		takes := func(bl block, s int) bool { return !bl.stayEmpty || memb[s]&(1<<bl.res) != 0 }
		var seats []block // one per seat
		for _, bl := range blocks {
			for range bl.seats {
				seats = append(seats, bl)
			}
		}
		// fits reports whether some assignment seats the keepers of ks.
		var fits func(ks []int, used []bool) bool
		fits = func(ks []int, used []bool) bool {
			if len(ks) == 0 {
				return true
			}
			for j, bl := range seats {
				if !used[j] && takes(bl, ks[0]) {
					used[j] = true
					ok := fits(ks[1:], used)
					used[j] = false
					if ok {
						return true
					}
				}
			}
			return false
		}
		// choose returns whom the position takes from the set (a bit
		// mask), and checks every seat it gives.
		choose := func(set int) (taken int, keepersFit, allSeated bool) {
			var cand []int32
			var ks []int
			for s := range nStu {
				if set&(1<<s) != 0 && keeper[s] {
					cand = append(cand, int32(s))
					ks = append(ks, s)
				}
			}
			ng := len(cand)
			for s := range nStu {
				if set&(1<<s) != 0 && !keeper[s] {
					cand = append(cand, int32(s))
				}
			}
			slot := make([]int32, len(cand))
			for i := range slot {
				slot[i] = -1
			}
			budget := int32(len(seats))
			if ng == 0 {
				return -1, true, true // not a round position: chooseBy's own path
			}
			in.chooseGuaranteed(memb, blocks, cand, slot, budget, ng)
			used := make([]int32, len(blocks))
			allSeated = true
			for i, b := range slot {
				if b < 0 {
					allSeated = allSeated && i >= ng
					continue
				}
				used[b]++
				if !takes(blocks[b], int(cand[i])) {
					t.Fatalf("blocks %v, memb %v: seat of block %d given to %d, who it may not take", blocks, memb, b, cand[i])
				}
				taken |= 1 << cand[i]
			}
			for b := range blocks {
				if used[b] > blocks[b].seats {
					t.Fatalf("blocks %v: block %d given %d students", blocks, b, used[b])
				}
			}
			return taken, fits(ks, make([]bool, len(seats))), allSeated
		}
		for set := range 1 << nStu {
			draws++
			taken, fit, all := choose(set)
			if taken < 0 || !fit {
				continue
			}
			if !all {
				t.Fatalf("blocks %v, memb %v, keepers %v, set %b: a keeper left out though they fit", blocks, memb, keeper, set)
			}
			for add := range nStu {
				if set&(1<<add) != 0 {
					continue
				}
				taken2, fit2, _ := choose(set | 1<<add)
				if !fit2 {
					continue
				}
				if rejected := set &^ taken; rejected&taken2 != 0 {
					t.Fatalf("blocks %v, memb %v, keepers %v: from %b it takes %b, adding %d it takes %b: not substitutable", blocks, memb, keeper, set, taken, add, taken2)
				}
			}
			// Count the sets a greedy seating in the keepers' order fails.
			if greedyLeavesOut(memb, blocks, set, keeper) {
				seatedHard++
			}
		}
	}
	t.Logf("%d applicant sets, %d where a greedy seating of the keepers leaves one out though they fit", draws, seatedHard)
	if seatedHard == 0 {
		t.Errorf("no draw needs more than the greedy: the test does not reach seatKeepers")
	}
}

// greedyLeavesOut reports whether seating the keepers of set greedily
// (the seats held empty for a category first, each seat taking the first
// keeper it may take, members first) leaves one out.
func greedyLeavesOut(memb []uint64, blocks []block, set int, keeper []bool) bool {
	var ks []int
	for s := range keeper {
		if set&(1<<s) != 0 && keeper[s] {
			ks = append(ks, s)
		}
	}
	for pass := range 2 {
		for _, bl := range blocks {
			if bl.stayEmpty != (pass == 0) {
				continue
			}
			for range bl.seats {
				i := -1
				if bl.res >= 0 {
					i = slices.IndexFunc(ks, func(s int) bool { return memb[s]&(1<<bl.res) != 0 })
				}
				if i < 0 && !bl.stayEmpty && len(ks) > 0 {
					i = 0
				}
				if i >= 0 {
					ks = slices.Delete(ks, i, i+1)
				}
			}
		}
	}
	return len(ks) > 0
}
