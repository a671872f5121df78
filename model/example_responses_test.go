package model_test

import (
	"fmt"
	"strings"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

// A planner's responses sheet saved as CSV: Chinese headers and answers,
// a notes column (a warning), a new list typed with full-width
// separators. A bad file is rejected with every problem located.
func ExampleReadResponsesCSV() {
	in := "学生,回复,新志愿,备注\n" +
		"S0001,接受,,\n" +
		"S0002,保留并候补,,想去更好的\n" +
		"S0003,继续,P07；P12,\n" +
		"S0004,放弃,,读2+3\n"
	rs, err := model.ReadResponsesCSV(strings.NewReader(in), "回复.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rs.Responses {
		fmt.Println(r.Line, r.Student, r.Answer, r.Choices)
	}
	fmt.Println(rs.Warnings[0])
	var b strings.Builder
	if err := model.WriteResponsesCSV(&b, rs, lang.Chinese); err != nil {
		fmt.Println(err)
	}
	out, bom := strings.CutPrefix(b.String(), "\uFEFF") // for Excel
	fmt.Print(bom, "\n", out)

	_, err = model.ReadResponsesCSV(strings.NewReader("student,answer\nS1,acept\nS2,hold\nS2,decline\n"), "r.csv")
	fmt.Println(err)
	// Output:
	// 2 S0001 accept []
	// 3 S0002 hold []
	// 4 S0003 continue [P07 P12]
	// 5 S0004 decline []
	// 回复.csv:1: 备注: warning: unknown column "备注" is ignored
	// true
	// 学生,回复,新志愿
	// S0001,接受,
	// S0002,保留,
	// S0003,继续,P07;P12
	// S0004,放弃,
	// model: responses rejected: 3 errors
	// 	r.csv:2: student "S1": answer: unknown answer "acept" (want accept, hold, decline, continue or withdraw); did you mean accept?
	// 	r.csv:3: student "S2": the student answered twice (also line 4)
	// 	r.csv:4: student "S2": the student answered twice (also line 3)
}
