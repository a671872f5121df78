// Command quickstart reads a small cohort, allocates it by student-proposing
// deferred acceptance, checks the result, and explains it.
package main

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

const cohortJSON = `{
  "regions": [{"id": "C1", "name": "龙泉县", "kind": "county"}],
  "majors": [{"id": "AG", "name": "农业技术"}, {"id": "EC", "name": "电子商务"}],
  "positions": [
    {"id": "P1", "capacity": 1, "majors": ["AG"]},
    {"id": "P2", "capacity": 1, "region": "C1"}
  ],
  "students": [
    {"id": "S1", "major": "AG", "score": 81, "choices": ["P1", "P2"]},
    {"id": "S2", "major": "EC", "score": 77, "choices": ["P1", "P2"]},
    {"id": "S3", "major": "AG", "score": 90, "choices": ["P2", "P1"]}
  ]
}`

func main() {
	ctx := context.Background()
	c, err := model.ReadJSON(strings.NewReader(cohortJSON), "cohort.json", nil)
	if err != nil {
		log.Fatal(err) // every problem, each with its file, line and field
	}
	inst, err := matching.Compile(ctx, c, nil) // priorities: score, then a lottery
	if err != nil {
		log.Fatal(err)
	}
	res, err := matching.StudentProposing(ctx, inst, nil)
	if err != nil {
		log.Fatal(err)
	}
	if findings := matching.CheckResult(res); len(findings) > 0 {
		log.Fatal(findings) // an independent check: capacities, rules, stability
	}
	for s, st := range c.Students() {
		if p := res.Position(s); p >= 0 {
			fmt.Printf("%s: %s, choice %d\n", st.ID, c.Positions()[p].ID, res.Rank(s))
		} else {
			fmt.Printf("%s: unplaced, %v\n", st.ID, res.Reason(s))
		}
		for _, why := range res.Why(s) { // each choice above the one obtained
			fmt.Printf("  not %s: %v, %s\n", c.Positions()[why.Position].ID, why.Kind, why.Detail)
		}
	}
}
