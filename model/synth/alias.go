package synth

import (
	"math"
	"math/rand/v2"
)

// pool is a set of positions with an alias table (Vose's method) that
// draws a member with probability proportional to its weight in O(1).
type pool struct {
	members []int32 // position indices
	slots   []slot
}

// slot is one column of the alias table, packed so that a draw reads one
// cache line: keep is drawn when the low 32 random bits are below thr,
// other otherwise.
type slot struct {
	thr         uint32
	keep, other int32
}

// newPool builds the alias table of members weighted by weight[member].
// It runs in time linear in len(members).
func newPool(members []int32, weight []float64) *pool {
	n := len(members)
	p := &pool{members: members, slots: make([]slot, n)}
	if n == 0 {
		return p
	}
	total := 0.0
	for _, m := range members {
		total += weight[m]
	}
	scaled := make([]float64, n)
	small := make([]int32, 0, n)
	large := make([]int32, 0, n)
	for i, m := range members {
		scaled[i] = weight[m] * float64(n) / total
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for i, m := range members {
		p.slots[i] = slot{thr: math.MaxUint32, keep: m, other: m}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		p.slots[s].thr = uint32(scaled[s] * (1 << 32))
		p.slots[s].other = members[l]
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// Slots left in either list keep their member always (rounding).
	return p
}

// draw returns a member drawn with probability proportional to its weight.
// The pool must not be empty.
func (p *pool) draw(r *rand.Rand) int32 {
	// One 64-bit draw: the high half picks the slot (multiply-shift, bias
	// below n/2³², negligible), the low half decides keep or other.
	x := r.Uint64()
	s := &p.slots[(x>>32)*uint64(len(p.slots))>>32]
	if uint32(x) < s.thr {
		return s.keep
	}
	return s.other
}
