package matching_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// One position of two seats, one of them reserved for students of county
// C1 (returning to open competition if unused). A of C1 has the best score,
// then B of C2, then C of C1. When the reserved seat fills first, A takes
// it and B wins the open seat; when the open seat fills first, A takes the
// open seat and the reserved one goes to C, so a second C1 student gets in.
func Example_reserveOrder() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "regions": [{"id": "C1", "kind": "county"}, {"id": "C2", "kind": "county"}],
	  "positions": [{"id": "P1", "capacity": 2, "region": "C1",
	    "reserved": [{"category": "county:C1", "seats": 1}]}],
	  "students": [
	    {"id": "A", "region": "C1", "score": 90, "choices": ["P1"]},
	    {"id": "B", "region": "C2", "score": 80, "choices": ["P1"]},
	    {"id": "C", "region": "C1", "score": 70, "choices": ["P1"]}
	  ]
	}`), "", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, order := range []matching.ReserveOrder{matching.ReservedFirst, matching.OpenFirst} {
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{ReserveOrder: order})
		if err != nil {
			fmt.Println(err)
			return
		}
		r, err := matching.StudentProposing(context.Background(), inst, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: admitted", order)
		for s, st := range c.Students() {
			if r.Position(s) >= 0 {
				fmt.Printf(" %s", st.ID)
			}
		}
		fmt.Printf("; findings %d\n", len(matching.CheckResult(r)))
	}
	// Output:
	// reserved-first: admitted A B; findings 0
	// open-first: admitted A C; findings 0
}

// Cutoff tells what each seat category of a position admitted, and Why
// tells a student why each choice above what they got refused them: here,
// with the reserved seat filled first, A holds the seat reserved for C1 and
// B the open seat; C, of C1, is below both cutoffs.
func ExampleResult_Why() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "regions": [{"id": "C1", "kind": "county"}, {"id": "C2", "kind": "county"}],
	  "positions": [{"id": "P1", "capacity": 2, "region": "C1",
	    "reserved": [{"category": "county:C1", "seats": 1}]}],
	  "students": [
	    {"id": "A", "region": "C1", "score": 90, "choices": ["P1"]},
	    {"id": "B", "region": "C2", "score": 80, "choices": ["P1"]},
	    {"id": "C", "region": "C1", "score": 70, "choices": ["P1"]}
	  ]
	}`), "", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	inst, err := matching.Compile(context.Background(), c, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := matching.StudentProposing(context.Background(), inst, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cu := range r.Cutoff(0) {
		fmt.Printf("%s: %d of %d seats, lowest %s (score %g, priority %d)\n",
			cu.Category, cu.Filled, cu.Seats, c.Students()[cu.Student].ID, cu.Score, cu.Priority)
	}
	for _, ref := range r.Why(2) {
		fmt.Printf("C at %s (choice %d): %v: %s\n", c.Positions()[ref.Position].ID, ref.Rank, ref.Kind, ref.Detail)
	}
	// Output:
	// county:C1: 1 of 1 seats, lowest A (score 90, priority 0)
	// open: 1 of 1 seats, lowest B (score 80, priority 1)
	// C at P1 (choice 1): full: below every cutoff: county:C1 score 90 (priority 0), open score 80 (priority 1); the student: score 70 (priority 2)
}
