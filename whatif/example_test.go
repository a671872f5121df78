package whatif_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// Two students want P1, which has one seat: S1 has the higher score and
// gets it. What if S1 withdraws, and P2 gets a second seat?
func Example() {
	c, err := model.ReadJSON(strings.NewReader(`{
  "positions": [{"id": "P1", "capacity": 1}, {"id": "P2", "capacity": 1}],
  "students": [
    {"id": "S1", "score": 90, "choices": ["P1"]},
    {"id": "S2", "score": 80, "choices": ["P1", "P2"]},
    {"id": "S3", "score": 70, "choices": ["P2"]},
    {"id": "S4", "score": 60, "choices": ["P2"]}
  ]}`), "cohort.json", nil)
	if err != nil {
		log.Fatal(err)
	}
	ch, err := whatif.ReadChanges(strings.NewReader(`{
  "format": "placement-changes/1",
  "name": "S1 withdraws, a seat more at P2",
  "changes": [
    {"students": ["S1"], "withdraw": true},
    {"position": "P2", "seats": 1}
  ]}`), "changes.json")
	if err != nil {
		log.Fatal(err)
	}
	changed, err := whatif.Apply(c, ch, nil)
	if err != nil {
		log.Fatal(err)
	}
	solve := func(c *model.Cohort) *matching.Result {
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: 1})
		if err != nil {
			log.Fatal(err)
		}
		r, err := matching.StudentProposing(context.Background(), inst, nil)
		if err != nil {
			log.Fatal(err)
		}
		return r
	}
	d, err := whatif.Compare(solve(c), solve(changed), ch)
	if err != nil {
		log.Fatal(err)
	}
	if err := d.WriteText(os.Stdout, 0); err != nil {
		log.Fatal(err)
	}
	// Output:
	// what if "S1 withdraws, a seat more at P2" (student-da): 4 students
	//   withdrawn      1 (1 of them placed before)
	//   placed         2 → 3
	//   total rank     3 → 3
	//   moved          3: 3 better (2 newly placed), 0 worse (0 newly unplaced)
	//   fill changed   1 position(s)
	// moved:
	//   S2 P2 (rank 2) → P1 (rank 1), better: 1 seat(s) at P1 freed by students who left it
	//   S3 unplaced → P2 (rank 1), better: P2 capacity 1 → 2; 1 seat(s) at P2 freed by students who left it
	//   S4 unplaced → P2 (rank 1), better: P2 capacity 1 → 2; 1 seat(s) at P2 freed by students who left it
	// withdrawn:
	//   S1 (held P1 (rank 1))
	// fill changed:
	//   P2 1 → 2 (P2 capacity 1 → 2)
}

// Apply reports every entry that does not fit the cohort, with the file,
// line, entry and field.
func ExampleApply_errors() {
	c, err := model.ReadJSON(strings.NewReader(`{
  "positions": [{"id": "P1", "capacity": 1}],
  "students": [{"id": "S1", "choices": ["P1"]}]}`), "cohort.json", nil)
	if err != nil {
		log.Fatal(err)
	}
	ch, err := whatif.ReadChanges(strings.NewReader(`{"changes": [
  {"position": "P1", "seats": -2},
  {"students": ["S1", "S9"], "withdraw": true}
]}`), "changes.json")
	if err != nil {
		log.Fatal(err)
	}
	_, err = whatif.Apply(c, ch, nil)
	fmt.Println(err)
	// Output:
	// whatif: changes in changes.json rejected: 2 errors
	// 	changes.json:2: changes[0].seats: removes 2 seats from position "P1", which has 1
	// 	changes.json:3: changes[1].students[1]: unknown student "S9"
}
