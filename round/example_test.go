package round_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// A supplementary round: X1 declines the seat at A that round 1 gave
// them; X2 and X3 hold theirs and may move up; X4, unplaced, continues.
// The seat X1 gives back cascades.
func Example() {
	ctx := context.Background()
	next, _ := model.New(model.Data{
		Positions: []model.Position{{ID: "A", Capacity: 1}, {ID: "B", Capacity: 1}, {ID: "C", Capacity: 1}},
		Students: []model.Student{
			{ID: "X1", Score: 90, Choices: []string{"A"}},
			{ID: "X2", Score: 80, Choices: []string{"A", "B"}},
			{ID: "X3", Score: 70, Choices: []string{"B", "C"}},
			{ID: "X4", Score: 60, Choices: []string{"C"}},
		},
	}, nil)
	// Round 1's result, read against the cohort of round 2.
	prev, _ := matching.ReadResultJSONWith(strings.NewReader(`{"assignments": [
	 {"student": "X1", "position": "A", "rank": 1}, {"student": "X2", "position": "B", "rank": 2},
	 {"student": "X3", "position": "C", "rank": 2}], "unplaced": [{"student": "X4"}]}`), next, &matching.ReadOptions{Previous: true})
	resp := &model.Responses{Responses: []model.Response{
		{Student: "X1", Answer: model.Decline}, {Student: "X2", Answer: model.Hold}, {Student: "X3", Answer: model.Hold},
	}} // X4 does not answer: Continue, the default
	c, rnd, err := round.Prepare(ctx, next, prev, resp, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := round.Run(ctx, c, rnd, prev, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	id := func(s int) string { return c.Students()[s].ID }
	for s := range c.NumStudents() {
		o := res.Outcome(s)
		fmt.Printf("%s: %s", id(s), o.Kind)
		switch o.Kind {
		case round.Rose:
			fmt.Printf(" from choice %d to choice %d", o.FromRank, o.Rank)
		case round.NewlyPlaced:
			fmt.Printf(" at choice %d", o.Rank)
		}
		if o.Took.Student >= 0 {
			fmt.Printf(", when %s left", id(o.Took.Student))
		}
		fmt.Println()
	}
	fmt.Println("round", rnd.Number, "previous result", rnd.Previous == prev.ResultFingerprint())
	// Output:
	// X1: declined
	// X2: rose from choice 2 to choice 1, when X1 left
	// X3: rose from choice 2 to choice 1, when X2 left
	// X4: newly placed at choice 1, when X3 left
	// round 2 previous result true
}
