package matching_test

import (
	"context"
	"fmt"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// A round after the main round: S1 declines P1, which S2, holding P2,
// ranks above it; S3 accepted P3; S4, unplaced, continues. The round's
// optimum moves S2 up to P1, keeps S3 at P3, and gives S2's old seat to
// S4: nobody who holds is worse off and the accepted seat is fixed.
func ExampleSolveOptimal_round() {
	ctx := context.Background()
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 1}, {ID: "P2", Capacity: 1}, {ID: "P3", Capacity: 1}},
		Students: []model.Student{
			{ID: "S1", Score: 90, Choices: []string{"P1"}},
			{ID: "S2", Score: 80, Choices: []string{"P1", "P2"}},
			{ID: "S3", Score: 70, Choices: []string{"P1", "P3"}},
			{ID: "S4", Score: 60, Choices: []string{"P2", "P3"}},
		},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	round := &matching.Round{Number: 2, Standings: []matching.Standing{
		{Answer: model.Decline, Seat: -1},
		{Answer: model.Hold, Seat: 1},
		{Answer: model.Accept, Seat: 2},
		{Answer: model.Continue, Seat: -1},
	}}
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: round})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := matching.SolveOptimal(ctx, inst, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for s, st := range c.Students() {
		if p := r.Position(s); p >= 0 {
			fmt.Printf("%s → %s (rank %d)\n", st.ID, c.Positions()[p].ID, r.Rank(s))
		} else {
			fmt.Printf("%s unplaced, declined: %v\n", st.ID, r.Reason(s) == matching.Declined)
		}
	}
	o, _ := r.Optimum()
	fmt.Println(len(matching.CheckQuotas(inst, r.Placements())), matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankSum, o.Certificate))
	// Output:
	// S1 unplaced, declined: true
	// S2 → P1 (rank 1)
	// S3 → P3 (rank 2)
	// S4 → P2 (rank 1)
	// 0 <nil>
}
