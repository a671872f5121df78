package matching

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortRuns: sortRuns sorts, whatever the number of runs.
func TestSortRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := r.IntN(60)
		x := make([]int, n)
		runs := 1 + r.IntN(20)
		for i := range x {
			x[i] = r.IntN(1000)
		}
		// make about runs ascending runs
		for k := 0; k < runs; k++ {
			lo, hi := k*n/runs, (k+1)*n/runs
			slices.Sort(x[lo:hi])
		}
		want := slices.Clone(x)
		slices.Sort(want)
		sortRuns(x, cmp.Compare[int])
		if !slices.Equal(want, x) {
			t.Fatalf("%v, want %v", x, want)
		}
	}
}
