package matching_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// At most two students may go out of the province. Two out-of-province
// positions have two seats each, so by default each has a target of one
// seat (its share of the cap). A, B and C (best scores first) want P1, D
// wants P2. Each position first fills its target, A at P1 and D at P2,
// and the cap is then full: B is refused by the cap, though P1 has a free
// seat and B outscores D. When the planner sets P1's target to two (so
// that P2, which sets none, has a target of zero), P1 takes A and B first
// and D is refused instead.
func Example_regionalCap() {
	for _, targets := range []string{`"target": 0`, `"target": 2`} {
		c, err := model.ReadJSON(strings.NewReader(`{
		  "regions": [{"id": "OOP", "kind": "out-of-province", "cap": 2}],
		  "positions": [
		    {"id": "P1", "capacity": 2, "region": "OOP", `+targets+`},
		    {"id": "P2", "capacity": 2, "region": "OOP"}
		  ],
		  "students": [
		    {"id": "A", "score": 95, "choices": ["P1"]},
		    {"id": "B", "score": 90, "choices": ["P1"]},
		    {"id": "C", "score": 85, "choices": ["P1"]},
		    {"id": "D", "score": 80, "choices": ["P2"]}
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
		t1, _ := inst.Target(0)
		t2, _ := inst.Target(1)
		fmt.Printf("targets P1=%d P2=%d: admitted", t1, t2)
		for s, st := range c.Students() {
			if p := r.Position(s); p >= 0 {
				fmt.Printf(" %s@%s", st.ID, c.Positions()[p].ID)
			}
		}
		fmt.Printf("; findings %d\n", len(matching.CheckResult(r)))
		for s, st := range c.Students() {
			for _, ref := range r.Why(s) {
				if ref.Kind == matching.RefusedCap {
					fmt.Printf("  %s at %s: %v: %s\n", st.ID, c.Positions()[ref.Position].ID, ref.Kind, ref.Detail)
				}
			}
		}
	}
	// Output:
	// targets P1=1 P2=1: admitted A@P1 D@P2; findings 0
	//   B at P1: cap: the round robin under region "OOP" (cap 2, 2 placed) gives it no seat more
	//   C at P1: cap: the round robin under region "OOP" (cap 2, 2 placed) gives it no seat more
	// targets P1=2 P2=0: admitted A@P1 B@P1; findings 0
	//   D at P2: cap: the round robin under region "OOP" (cap 2, 2 placed) gives it no seat more
}

// An enterprise caps its intake at three across its two positions of
// three seats each (two-level capacities). Each position's target is one
// seat (its share of the cap); the third seat goes round robin, first to
// P1, the first position in the cohort. So A and B get into P1, and E,
// third at P1, loses out to F at P2, who is within P2's target though of
// a lower score. Both mechanisms agree here.
func Example_enterpriseCap() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "enterprises": [{"id": "E1", "cap": 3}],
	  "positions": [
	    {"id": "P1", "capacity": 3, "enterprise": "E1"},
	    {"id": "P2", "capacity": 3, "enterprise": "E1"}
	  ],
	  "students": [
	    {"id": "A", "score": 95, "choices": ["P1"]},
	    {"id": "B", "score": 90, "choices": ["P1"]},
	    {"id": "E", "score": 85, "choices": ["P1"]},
	    {"id": "F", "score": 60, "choices": ["P2"]}
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
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		r, err := matching.Solve(context.Background(), inst, m, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: admitted", m)
		for s, st := range c.Students() {
			if p := r.Position(s); p >= 0 {
				fmt.Printf(" %s@%s", st.ID, c.Positions()[p].ID)
			}
		}
		fmt.Printf("; findings %d\n", len(matching.CheckResult(r)))
	}
	// Output:
	// student-da: admitted A@P1 B@P1 F@P2; findings 0
	// position-da: admitted A@P1 B@P1 F@P2; findings 0
}
