package matching_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Special posts are open to special-post students of the post's county
// only, unless the cohort's policy widens them to every county. X and Y,
// special-post students of C1, both list only Q1 (one seat); Q2, C1's other
// special post, stays free: Y is left out beside it, and the result says
// so rather than drop Y silently. Z, a special-post student of C2, lists
// only Q2 (not C2's own Q3): not eligible by default, placed when the
// policy allows any county.
func Example_specialPosts() {
	for _, anyCounty := range []bool{false, true} {
		c, err := model.ReadJSON(strings.NewReader(fmt.Sprintf(`{
		  "policy": {"special_post_any_county": %v},
		  "regions": [{"id": "C1", "kind": "county"}, {"id": "C2", "kind": "county"}],
		  "positions": [
		    {"id": "Q1", "capacity": 1, "region": "C1", "special_post": true},
		    {"id": "Q2", "capacity": 1, "region": "C1", "special_post": true},
		    {"id": "Q3", "capacity": 1, "region": "C2", "special_post": true}
		  ],
		  "students": [
		    {"id": "X", "region": "C1", "special_post": true, "score": 90, "choices": ["Q1"]},
		    {"id": "Y", "region": "C1", "special_post": true, "score": 80, "choices": ["Q1"]},
		    {"id": "Z", "region": "C2", "special_post": true, "score": 70, "choices": ["Q2"]}
		  ]
		}`, anyCounty)), "", nil)
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
		fmt.Printf("any county %v:", anyCounty)
		for s, st := range c.Students() {
			if p := r.Position(s); p >= 0 {
				fmt.Printf(" %s@%s", st.ID, c.Positions()[p].ID)
			} else {
				fmt.Printf(" %s unplaced (%v)", st.ID, r.Reason(s))
			}
		}
		fmt.Println()
		for _, row := range r.SpecialPostsByCounty() {
			fmt.Printf("  %s: %d of %d special-post seats filled, %d of %d special-post students placed\n",
				c.Regions()[row.Region].ID, row.Filled, row.Posts, row.Placed, row.Students)
		}
	}
	// Output:
	// any county false: X@Q1 Y unplaced (special-post student unplaced while a special post open to them has free seats) Z unplaced (special-post student unplaced while a special post open to them has free seats)
	//   C1: 1 of 2 special-post seats filled, 1 of 2 special-post students placed
	//   C2: 0 of 1 special-post seats filled, 0 of 1 special-post students placed
	// any county true: X@Q1 Y unplaced (special-post student unplaced while a special post open to them has free seats) Z@Q2
	//   C1: 2 of 2 special-post seats filled, 1 of 2 special-post students placed
	//   C2: 0 of 1 special-post seats filled, 1 of 1 special-post students placed
}

// An order class's members have priority for the seats their sponsor
// reserves for the class; seats the class leaves unused return to open
// competition. P1 reserves one of its two seats for order class O1: B, a
// member, gets it ahead of C, who outscores B; A takes the open seat. P2
// reserves a seat for O1 too, but no member applies, so D and E, neither a
// member, fill both seats (D on the reserved seat, as unused seats return
// to open competition).
func Example_orderClass() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "enterprises": [{"id": "E1"}],
	  "order_classes": [{"id": "O1", "enterprise": "E1"}],
	  "positions": [
	    {"id": "P1", "capacity": 2, "enterprise": "E1", "reserved": [{"category": "order-class:O1", "seats": 1}]},
	    {"id": "P2", "capacity": 2, "enterprise": "E1", "reserved": [{"category": "order-class:O1", "seats": 1}]}
	  ],
	  "students": [
	    {"id": "A", "score": 95, "choices": ["P1"]},
	    {"id": "B", "score": 70, "order_class": "O1", "choices": ["P1"]},
	    {"id": "C", "score": 80, "choices": ["P1"]},
	    {"id": "D", "score": 60, "choices": ["P2"]},
	    {"id": "E", "score": 50, "choices": ["P2"]}
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
	for p, pos := range c.Positions() {
		fmt.Printf("%s:", pos.ID)
		for _, cu := range r.Cutoff(p) {
			fmt.Printf(" %s %d/%d (lowest %s)", cu.Category, cu.Filled, cu.Seats, c.Students()[cu.Student].ID)
		}
		fmt.Println()
	}
	for _, ref := range r.Why(2) {
		fmt.Printf("C at %s: %v: %s\n", c.Positions()[ref.Position].ID, ref.Kind, ref.Detail)
	}
	// Output:
	// P1: order-class:O1 1/1 (lowest B) open 1/1 (lowest A)
	// P2: order-class:O1 1/1 (lowest D) open 1/1 (lowest E)
	// C at P1: reserve: seats held for a category the student is not in (reserves order-class:O1=1/open)
}
