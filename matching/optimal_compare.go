package matching

import (
	"fmt"
	"io"
)

// Comparison sets an optimal allocation beside a stable one of the same
// cohort: the price of stability, or what stability costs in welfare and
// what the optimum costs in stability. See [Compare].
type Comparison struct {
	// Placed, TotalRank and ByRank are [Result.Placed], [Result.TotalRank]
	// and [Result.ByRank] of the optimal allocation (index 0) and of the
	// stable one (index 1).
	Placed    [2]int
	TotalRank [2]int64
	ByRank    [2][]int
	// Better and Worse count the students whom the optimal allocation
	// places at a better rank than the stable one (placed beats unplaced),
	// or at a worse one; Same counts the others (same rank, or unplaced in
	// both).
	Better, Worse, Same int
	// BlockingPairs are the blocking pairs of the optimal allocation under
	// the stable allocation's priorities (Check's BlockingPair findings):
	// a student and a position that would both rather be together.
	BlockingPairs []Finding
	// StudentsInBlockingPairs counts the students in at least one.
	StudentsInBlockingPairs int
}

// Compare compares an optimal allocation with a stable one computed on
// instances of the same cohort (the stable one's instance gives the
// priorities by which blocking pairs are judged). It returns an error when
// the two results belong to different cohorts. Blocking pairs are found
// by [Check], so Compare costs what Check costs; the rest is O(S).
func Compare(optimal, stable *Result) (*Comparison, error) {
	if optimal.inst.cohort != stable.inst.cohort {
		return nil, fmt.Errorf("matching: compare: the two results are of different cohorts")
	}
	c := &Comparison{
		Placed:    [2]int{optimal.Placed(), stable.Placed()},
		TotalRank: [2]int64{optimal.TotalRank(), stable.TotalRank()},
		ByRank:    [2][]int{optimal.ByRank(), stable.ByRank()},
	}
	for s := range optimal.pos {
		a, b := optimal.rank[s], stable.rank[s]
		switch {
		case a == b:
			c.Same++
		case a != 0 && (b == 0 || a < b):
			c.Better++
		default:
			c.Worse++
		}
	}
	in := map[int]bool{}
	for _, f := range Check(stable.inst, optimal.Placements()) {
		if f.Kind == BlockingPair {
			c.BlockingPairs = append(c.BlockingPairs, f)
			in[f.Student] = true
		}
	}
	if c.BlockingPairs == nil {
		c.BlockingPairs = []Finding{}
	}
	c.StudentsInBlockingPairs = len(in)
	return c, nil
}

// WriteText writes the comparison in a few lines:
//
//	price of stability (optimal vs stable):
//	  placed       4096 vs 3549
//	  total rank   21096 vs 19587
//	  by rank      959 482 ... vs 665 381 ...
//	  students     1530 better off, 420 worse off, 3050 the same
//	  blocking     812 pairs of the optimal allocation, 530 students in them
func (c *Comparison) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "price of stability (optimal vs stable):\n  placed       %d vs %d\n  total rank   %d vs %d\n  by rank      %v vs %v\n  students     %d better off, %d worse off, %d the same\n  blocking     %d pairs of the optimal allocation, %d students in them\n",
		c.Placed[0], c.Placed[1], c.TotalRank[0], c.TotalRank[1], c.ByRank[0], c.ByRank[1],
		c.Better, c.Worse, c.Same, len(c.BlockingPairs), c.StudentsInBlockingPairs)
	return err
}
