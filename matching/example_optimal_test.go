package matching_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

const optimalCohort = `{
  "regions": [{"id": "C1", "kind": "county", "floor": 2}, {"id": "OOP", "kind": "out-of-province", "cap": 1}],
  "enterprises": [{"id": "E1", "region": "C1"}, {"id": "E2", "region": "OOP"}],
  "positions": [
    {"id": "P1", "enterprise": "E1", "capacity": 2},
    {"id": "P2", "enterprise": "E2", "capacity": 2},
    {"id": "SP", "enterprise": "E1", "capacity": 1, "special_post": true}
  ],
  "students": [
    {"id": "S1", "score": 90, "choices": ["P2", "P1"]},
    {"id": "S2", "score": 80, "choices": ["P2", "P1"]},
    {"id": "S3", "score": 70, "choices": ["P2"]},
    {"id": "S4", "region": "C1", "special_post": true, "choices": ["SP"]}
  ]
}`

// The optimal allocation keeps the out-of-province cap and the county's
// floor, places every student it can at the least total rank, and proves
// it with its certificate; the stable allocation, under the same cap,
// sends S1 out of the province on their first choice and leaves S3, who
// lists only the capped position, unplaced.
func ExampleSolveOptimal() {
	ctx := context.Background()
	c, err := model.ReadJSON(strings.NewReader(optimalCohort), "cohort.json", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	inst, err := matching.Compile(ctx, c, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: matching.RankSum})
	if err != nil {
		fmt.Println(err)
		return
	}
	for s, st := range c.Students() {
		if p := r.Position(s); p >= 0 {
			fmt.Printf("%s → %s (rank %d)\n", st.ID, c.Positions()[p].ID, r.Rank(s))
		} else {
			fmt.Printf("%s unplaced: %v\n", st.ID, r.Reason(s))
		}
	}
	o, _ := r.Optimum()
	fmt.Println(o.Values)
	fmt.Println("quota violations:", len(matching.CheckQuotas(inst, r.Placements())))
	fmt.Println("certificate:", matching.CheckCertificate(ctx, inst, r.Placements(), o.Objective, o.Certificate))

	stable, _ := matching.StudentProposing(ctx, inst, nil)
	cmp, _ := matching.Compare(r, stable)
	cmp.WriteText(os.Stdout)
	// Output:
	// S1 → P1 (rank 2)
	// S2 → P1 (rank 2)
	// S3 → P2 (rank 1)
	// S4 → SP (rank 1)
	// [{unplaced false 0} {total rank false 6}]
	// quota violations: 0
	// certificate: <nil>
	// price of stability (optimal vs stable):
	//   placed       4 vs 3
	//   total rank   6 vs 4
	//   by rank      [2 2] vs [2 1]
	//   students     1 better off, 1 worse off, 2 the same
	//   blocking     2 pairs of the optimal allocation, 2 students in them
}

// A floor the students cannot meet is named, with what limits it and by
// how much: four students for county C1, but only the special post's one
// seat and the two students who list P1 can count toward it.
func ExampleInfeasibleError() {
	ctx := context.Background()
	c, err := model.ReadJSON(strings.NewReader(strings.NewReplacer(`"floor": 2`, `"floor": 4`, `"capacity": 2}`, `"capacity": 3}`).Replace(optimalCohort)), "cohort.json", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	inst, _ := matching.Compile(ctx, c, nil)
	_, err = matching.SolveOptimal(ctx, inst, nil)
	var ie *matching.InfeasibleError
	if !errors.As(err, &ie) {
		fmt.Println(err)
		return
	}
	{
		fmt.Println("short", ie.Short)
		for _, q := range ie.Needs {
			fmt.Println("needs:", q.Text)
		}
		for _, q := range ie.Limits {
			fmt.Println("limits:", q.Text)
		}
	}
	// Output:
	// short 1
	// needs: region "C1" floor 4
	// limits: position "SP" capacity 1
	// limits: 2 applicant(s) of position "P1"
}
