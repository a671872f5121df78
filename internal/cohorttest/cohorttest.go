// Package cohorttest holds the pieces that the brute-force and property
// tests of several packages draw tiny random cohorts with. Each draws
// from the generator it is given in a fixed order, so that a test that
// uses it draws the same cohorts as before it did.
package cohorttest

import (
	"fmt"
	"math/rand/v2"

	"github.com/placement-engine/placement/model"
)

// Reserves draws up to two reserves for a position of capacity seats, of
// categories picked among cats, each returning its unused seats to open
// competition or keeping them empty at random, their seats adding up to
// at most capacity.
func Reserves(rng *rand.Rand, capacity int, cats []model.Category) []model.Reserve {
	var out []model.Reserve
	left := capacity
	for _, i := range rng.Perm(len(cats))[:rng.IntN(3)] {
		if left == 0 {
			break
		}
		seats := 1 + rng.IntN(left)
		left -= seats
		out = append(out, model.Reserve{Category: cats[i], Seats: seats, Unused: model.Unused(rng.IntN(2))})
	}
	return out
}

// Ranking draws an explicit ranking of students s1 ... sN in random order,
// each left out (unacceptable) with probability 1/omit.
func Ranking(rng *rand.Rand, n, omit int) []string {
	out := []string{}
	for _, s := range rng.Perm(n) {
		if rng.IntN(omit) > 0 {
			out = append(out, fmt.Sprintf("s%d", s+1))
		}
	}
	return out
}
