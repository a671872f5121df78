package model_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing/fstest"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

// A cohort built in a program: New validates it and copies it.
func ExampleNew() {
	c, err := model.New(model.Data{
		Majors: []model.Major{{ID: "AG", Name: "农业技术"}},
		Positions: []model.Position{
			{ID: "P1", Capacity: 2, Majors: []string{"AG"}},
			{ID: "P2", Capacity: 1, MinScore: 80},
		},
		Students: []model.Student{
			{ID: "S1", Major: "AG", Score: 85, Choices: []string{"P2", "P1"}},
			{ID: "S2", Score: 70, Choices: []string{"P2", "P1"}},
		},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s2, _ := c.StudentIndex("S2")
	for k, p := range c.Choices(s2) {
		fmt.Printf("S2's choice %d: %s, %v\n", k+1, c.Positions()[p].ID, c.Eligibility(s2, int(p)))
	}
	fmt.Println(len(c.Warnings()), "warnings")
	// Output:
	// S2's choice 1: P2, score below the minimum
	// S2's choice 2: P1, major not accepted
	// 2 warnings
}

// A rejected cohort: every problem is listed, located, and usable with
// errors.Is and errors.As.
func ExampleReadJSON_rejected() {
	in := `{
  "positions": [{"id": "P1", "capacity": -3}],
  "students": [
    {"id": "S1", "choices": ["P1", "P9"]},
    {"id": "S1", "choices": ["P1"]}
  ]
}`
	_, err := model.ReadJSON(strings.NewReader(in), "cohort.json", nil)
	fmt.Println(err)
	fmt.Println(errors.Is(err, model.ErrDuplicateID))
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		p := ve.Problems[0]
		fmt.Println(p.File, p.Line, p.Entity, p.ID, p.Field)
	}
	// Output:
	// model: cohort rejected: 3 errors
	// 	cohort.json:2: positions[0].capacity: position "P1": -3 is outside 0..10000000
	// 	cohort.json:4: students[0].choices[1]: student "S1": unknown position "P9"
	// 	cohort.json:5: students[1].id: student "S1": ID also used by line 4
	// true
	// cohort.json 2 position P1 capacity
}

// A cohort from a folder of CSV files (here in memory).
func ExampleLoadCSV() {
	fsys := fstest.MapFS{
		"spring/positions.csv": {Data: []byte("id,name,capacity\nP1,装配实习,2\n")},
		"spring/students.csv":  {Data: []byte("\ufeffid,name,choices\nS1,张伟,P1\nS2,李娜,P1\n")},
	}
	c, err := model.LoadCSV(fsys, "spring", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range c.Students() {
		fmt.Println(s.ID, s.Name, s.Choices)
	}
	// Output:
	// S1 张伟 [P1]
	// S2 李娜 [P1]
}

// WriteJSON writes one record a line, zero fields left out.
func ExampleWriteJSON() {
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "P1", Name: "直播运营", Capacity: 2, Ranking: []string{"S2", "S1"}}},
		Students:  []model.Student{{ID: "S1", Choices: []string{"P1"}}, {ID: "S2", Score: 88.5, Choices: []string{"P1"}}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := model.WriteJSON(os.Stdout, c); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "positions": [
	//     {"id":"P1","name":"直播运营","capacity":2,"ranking":["S2","S1"]}
	//   ],
	//   "students": [
	//     {"id":"S1","choices":["P1"]},
	//     {"id":"S2","score":88.5,"choices":["P1"]}
	//   ]
	// }
}

// Summarize counts a cohort for a first look.
func ExampleSummarize() {
	c, err := model.New(model.Data{
		Regions:   []model.Region{{ID: "C1", Kind: model.County}},
		Positions: []model.Position{{ID: "SP1", Region: "C1", Capacity: 1, SpecialPost: true}},
		Students:  []model.Student{{ID: "S1", Region: "C1", SpecialPost: true, Choices: []string{"SP1"}}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := model.Summarize(c)
	fmt.Println(s.Students, s.SpecialPostStudents, s.SpecialPosts, s.ByRegion[0].SpecialPostSeats)
	// Output: 1 1 1 1
}

// A cohort's tables, as a writer of another format gets them: a header and
// rows of text fields, spelled as in the CSV format.
func ExampleTables() {
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 2, Majors: []string{"AG"}}},
		Majors:    []model.Major{{ID: "AG", Name: "农业技术"}},
		Students:  []model.Student{{ID: "S1", Major: "AG", Score: 81.5, Choices: []string{"P1"}}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	tables, err := model.Tables(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range tables {
		if t.Len == 0 {
			continue
		}
		fmt.Printf("%s: %q\n", t.Name, t.Columns)
		fields := make([]string, len(t.Columns))
		for i := range t.Len {
			fmt.Printf("\t%q\n", t.Row(i, fields))
		}
	}
	// Output:
	// cohort: ["name" "special_post_any_county"]
	// 	["" ""]
	// majors: ["id" "name"]
	// 	["AG" "农业技术"]
	// positions: ["id" "name" "enterprise" "region" "capacity" "majors" "min_score" "special_post" "reserved" "min_fill" "target" "ranking"]
	// 	["P1" "" "" "" "2" "AG" "" "" "" "" "" ""]
	// students: ["id" "name" "school" "major" "level" "region" "score" "special_post" "order_class" "choices"]
	// 	["S1" "" "" "AG" "" "" "81.5" "" "" "P1"]
}

// A planner's mistakes come as one list, repeated problems grouped, with
// hints; Text renders it in Chinese (or English, the text of Error).
func ExampleValidationError_Text() {
	const cohort = `{
 "schools": [{"id": "SC01", "name": "东山县职业中学1"}, {"id": "SC02", "name": "东山县职业中学2"}],
 "positions": [{"id": "P1", "capacity": "two"}],
 "students": [
  {"id": "S1", "school": "东山县职业中学2", "choices": ["P1"]},
  {"id": "S2", "school": "SC2", "score": -1, "choices": ["P1"]},
  {"id": "S3", "school": "SC2", "choices": ["P1"]}
 ]
}`
	_, err := model.ReadJSON(strings.NewReader(cohort), "cohort.json", nil)
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Text(lang.English))
		fmt.Println(ve.Text(lang.Chinese))
		fmt.Println(len(ve.Problems), "problems,", len(ve.Groups()), "lines")
	}
	// Output:
	// model: cohort rejected: 5 errors
	// 	cohort.json:3: positions[0].capacity: position "P1": cannot read text as a whole number
	// 	cohort.json:5: students[0].school: student "S1": unknown school "东山县职业中学2"; did you mean SC02 (东山县职业中学2)?
	// 	cohort.json, field "school": unknown school "SC2" in 2 records (lines 6, 7); did you mean SC02 (东山县职业中学2)?
	// 	cohort.json:6: students[1].score: student "S2": score -1 is not a finite number ≥ 0
	// 数据未通过校验：5 个错误
	// 	cohort.json:3：positions[0].capacity：岗位 "P1"：无法把文本读作整数
	// 	cohort.json:5：students[0].school：学生 "S1"：未知的学校 "东山县职业中学2"；是否应为 SC02（东山县职业中学2）？
	// 	cohort.json，字段 "school"：未知的学校 "SC2"，共 2 条记录（第 6、7 行）；是否应为 SC02（东山县职业中学2）？
	// 	cohort.json:6：students[1].score：学生 "S2"：分数 -1 不是大于等于 0 的有限数
	// 5 problems, 4 lines
}
