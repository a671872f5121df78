package model

import (
	"math/rand/v2"
	"testing"
)

// TestPackedEligibility checks the validation's copy of the eligibility
// rules, which reads a position's packed posCheck, against
// Cohort.Eligibility, on random positions and students.
func TestPackedEligibility(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const np, ns, nr, nm = 40, 200, 4, 6
	for _, anyCounty := range []bool{false, true} {
		c := &Cohort{data: Data{Policy: Policy{SpecialPostAnyCounty: anyCounty}},
			posMajorMask: make([]uint64, np), posMinScore: make([]float64, np),
			posRegion: make([]int32, np), posSpecial: make([]bool, np), hasRanking: make([]bool, np),
			stuSpecial: make([]bool, ns), stuRegion: make([]int32, ns), stuMajor: make([]int32, ns), stuScore: make([]float64, ns)}
		for p := range np {
			c.posMajorMask[p] = uint64(r.IntN(1 << nm))
			if r.IntN(3) == 0 {
				c.posMajorMask[p] = 0
			}
			c.posMinScore[p] = float64(r.IntN(3) * 30)
			c.posRegion[p] = int32(r.IntN(nr+1) - 1)
			c.posSpecial[p] = r.IntN(4) == 0
			c.hasRanking[p] = r.IntN(5) == 0
		}
		for s := range ns {
			c.stuSpecial[s] = r.IntN(4) == 0
			c.stuRegion[s] = int32(r.IntN(nr+1) - 1)
			c.stuMajor[s] = int32(r.IntN(nm+1) - 1)
			c.stuScore[s] = float64(r.IntN(100))
		}
		sc := &studentCheck{c: c}
		seen := map[Ineligibility]bool{}
		for p := range np {
			pc := posCheck{majorMask: c.posMajorMask[p], minScore: c.posMinScore[p],
				region: c.posRegion[p], special: c.posSpecial[p], ranked: c.hasRanking[p]}
			for s := range ns {
				want := c.Eligibility(s, p)
				if got := sc.eligibility(s, &pc); got != want {
					t.Fatalf("student %d, position %d: %v, want %v", s, p, got, want)
				}
				seen[want] = true
			}
		}
		if len(seen) < 5 {
			t.Errorf("only %d of the reasons came up", len(seen))
		}
	}
}
