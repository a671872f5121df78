package matching

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByPriority: the radix sort gives the order of the comparison
// sort, on keys with distinct lots (a permutation, or spread over 32
// bits) and scores that tie often, negative ones, -0 and 0, tiny and
// huge ones, below and above the size where the radix sort starts.
func TestSortByPriority(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for it := range 300 {
		n := r.IntN(3000)
		keys := make([]sortKey, n)
		lots := r.Perm(n)
		spread := it%3 == 0
		seen := map[uint32]bool{}
		for i := range keys {
			lot := uint32(lots[i])
			if spread {
				for lot = r.Uint32(); seen[lot]; lot = r.Uint32() {
				}
				seen[lot] = true
			}
			var sc float64
			switch it % 5 {
			case 0:
				sc = float64(r.IntN(5))
			case 1:
				sc = r.Float64() * 750
			case 2:
				sc = []float64{0, math.Copysign(0, -1), -1.5, 1e-300, 1e300, 3, -7}[r.IntN(7)]
			case 3:
				sc = math.Round(r.NormFloat64()*1000) / 10
			default:
				sc = float64(r.IntN(100000))
			}
			keys[i] = sortKey{score: sc, lot: lot, stu: int32(i)}
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, compareKeys)
		sortByPriority(keys)
		for i := range keys {
			if keys[i].stu != want[i].stu || keys[i].lot != want[i].lot {
				t.Fatalf("it %d n %d: at %d got %+v, want %+v", it, n, i, keys[i], want[i])
			}
		}
	}
}
