package report_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/report"
)

// A report of one allocation: the terminal summary, and the charts the
// HTML page and WriteCharts draw.
func Example() {
	c, res := exampleResult()
	rp, err := report.New(c, res)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("charts:", rp.Charts())
	rank, _ := rp.Table("rank")
	fmt.Println("rank table:", rank.Rows)
	if err := rp.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// charts: [rank unplaced fill-enterprise fill-region fill-major out-of-province]
	// rank table: [[1st choice 1 33.3 %] [2nd choice 1 33.3 %] [unplaced 1 33.3 %]]
	// placement report: example
	//   3 students, 2 positions with 3 seats, 2 enterprises, 2 regions, 1 majors
	// stable allocation, students first: 2 of 3 students placed (66.7 %), total rank 3, mean rank 1.50
	//     out of province (OOP) 1 (cap 1)
	//
	// Students by the choice they obtained
	//   choice obtained  students    share
	//   1st choice              1   33.3 %
	//   2nd choice              1   33.3 %
	//   unplaced                1   33.3 %
	//   all students            3  100.0 %
	//
	// Unplaced students by reason
	//   reason                                                                  students
	//   every choice they qualify for was filled by students ranked above them         1
	//   all unplaced                                                                   1
	//
	// Unplaced students
	//   student  name  school  major  outcome
	//   S3                     AG     every choice they qualify for was filled by students ranked above them
	//
	// Fill rate by enterprise
	//   enterprise  name  region  seats  cap  filled  fill rate
	//   E2                OOP         2            1     50.0 %
	//   E1                C1          1            1    100.0 %
	//   all                           3            2     66.7 %
	//
	// Fill rate by region
	//   region  name  kind             seats  cap  floor  filled  fill rate
	//   C1            county               1                   1    100.0 %
	//   OOP           out of province      2    1              1     50.0 %
	//   all                                3                   2     66.7 %
	//
	// Placement rate by major
	//   major  name  students  placed  placement rate
	//   AG                  3       2          66.7 %
	//   all                 3       2          66.7 %
	//
	// Out-of-province placements against the cap
	//   region  name  cap  cap share of cohort  placed there  share of cohort  share of placed  cap used
	//   OOP             1               33.3 %             1           33.3 %           50.0 %   100.0 %
	//
	// Enterprise-wide and regional caps
	//   kind    ID   name  cap  placed  cap used
	//   region  OOP          1       1   100.0 %
}

// exampleResult is a small cohort, solved with student-proposing deferred
// acceptance.
func exampleResult() (*model.Cohort, *matching.Result) {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "name": "example",
	  "regions": [{"id": "C1", "kind": "county"}, {"id": "OOP", "kind": "out-of-province", "cap": 1}],
	  "majors": [{"id": "AG"}],
	  "enterprises": [{"id": "E1", "region": "C1"}, {"id": "E2", "region": "OOP"}],
	  "positions": [
	    {"id": "P1", "capacity": 1, "enterprise": "E1"},
	    {"id": "P2", "capacity": 2, "enterprise": "E2"}
	  ],
	  "students": [
	    {"id": "S1", "major": "AG", "score": 90, "choices": ["P1", "P2"]},
	    {"id": "S2", "major": "AG", "score": 80, "choices": ["P1", "P2"]},
	    {"id": "S3", "major": "AG", "score": 70, "choices": ["P2"]}
	  ]
	}`), "example.json", nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	inst, err := matching.Compile(ctx, c, nil)
	if err != nil {
		log.Fatal(err)
	}
	res, err := matching.Solve(ctx, inst, matching.StudentDA, nil)
	if err != nil {
		log.Fatal(err)
	}
	return c, res
}

// The page is one file: each chart an inline <svg> and each table an HTML
// table, found by their ids.
func ExampleReport_WriteHTML() {
	c, res := exampleResult()
	rp, err := report.New(c, res)
	if err != nil {
		log.Fatal(err)
	}
	var page strings.Builder
	if err := rp.WriteHTML(&page); err != nil {
		log.Fatal(err)
	}
	for _, id := range rp.Charts() {
		fmt.Println(id, strings.Contains(page.String(), `<svg id="chart-`+id+`"`), strings.Contains(page.String(), `<table id="table-`+id+`"`))
	}
	// Output:
	// rank true true
	// unplaced true true
	// fill-enterprise true true
	// fill-region true true
	// fill-major true true
	// out-of-province true true
}

// The charts as files, one a chart, named by their ids.
func ExampleReport_WriteCharts() {
	c, res := exampleResult()
	rp, err := report.New(c, res)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "charts")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	paths, err := rp.WriteCharts(dir, "svg")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// rank.svg
	// unplaced.svg
	// fill-enterprise.svg
	// fill-region.svg
	// fill-major.svg
	// out-of-province.svg
}

// Two results side by side, named by the caller: the table of who gains
// and who loses compares them student by student.
func ExampleNewWithOptions() {
	c, res := exampleResult()
	pos, err := matching.Solve(context.Background(), res.Instance(), matching.PositionDA, nil)
	if err != nil {
		log.Fatal(err)
	}
	rp, err := report.NewWithOptions(c, &report.Options{Labels: []string{"students propose", "positions propose"}}, res, pos)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rp.Charts())
	gains, _ := rp.Table("gains")
	for _, row := range gains.Rows {
		if row[1] != "0" {
			fmt.Println(row)
		}
	}
	// Output:
	// [rank unplaced fill-enterprise fill-region fill-major out-of-province gains]
	// [the same choice under both 2 66.7 %]
	// [unplaced under both 1 33.3 %]
}
