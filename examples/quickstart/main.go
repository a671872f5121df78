// Command quickstart reads a small cohort in the JSON format, validates
// it, and prints what validation found and a summary.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/placement-engine/placement/model"
)

const cohortJSON = `{
  "regions": [{"id": "C1", "name": "龙泉县", "kind": "county"}],
  "majors": [{"id": "AG", "name": "农业技术"}, {"id": "EC", "name": "电子商务"}],
  "positions": [
    {"id": "P1", "capacity": 1, "majors": ["AG"]},
    {"id": "P2", "capacity": 2, "region": "C1"}
  ],
  "students": [
    {"id": "S1", "major": "AG", "score": 81, "choices": ["P1", "P2"]},
    {"id": "S2", "major": "EC", "score": 77, "choices": ["P1", "P2"]}
  ]
}`

func main() {
	c, err := model.ReadJSON(strings.NewReader(cohortJSON), "cohort.json", nil)
	if err != nil {
		log.Fatal(err) // every problem, each with its file, line and field
	}
	for _, w := range c.Warnings() {
		fmt.Println(w)
	}
	s := model.Summarize(c)
	if err := s.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
}
