package matching_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Two students and two positions with opposed wishes: each student's first
// choice ranks the other student first. Student-proposing deferred
// acceptance gives each student their first choice; position-proposing
// gives each position its first-ranked student. Both are stable.
func Example_bothSides() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "positions": [
	    {"id": "P1", "capacity": 1, "ranking": ["S2", "S1"]},
	    {"id": "P2", "capacity": 1, "ranking": ["S1", "S2"]}
	  ],
	  "students": [
	    {"id": "S1", "choices": ["P1", "P2"]},
	    {"id": "S2", "choices": ["P2", "P1"]}
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
		fmt.Printf("%s:", m)
		for s, st := range c.Students() {
			fmt.Printf(" %s→%s (rank %d)", st.ID, c.Positions()[r.Position(s)].ID, r.Rank(s))
		}
		fmt.Printf("; total rank %d, findings %d\n", r.TotalRank(), len(matching.CheckResult(r)))
	}
	// Output:
	// student-da: S1→P1 (rank 1) S2→P2 (rank 1); total rank 2, findings 0
	// position-da: S1→P2 (rank 2) S2→P1 (rank 2); total rank 4, findings 0
}

// A position that ranks by score admits the best score first; equal scores
// are ordered by the seeded lottery, and every student the lottery puts
// behind is unplaced with a reason. Whatever the seed, the result is stable
// for the tie-broken priorities.
func Example_tieBreaking() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "positions": [{"id": "P1", "capacity": 2}],
	  "students": [
	    {"id": "S1", "score": 70, "choices": ["P1"]},
	    {"id": "S2", "score": 90, "choices": ["P1"]},
	    {"id": "S3", "score": 70, "choices": ["P1"]},
	    {"id": "S4", "score": 70, "choices": []}
	  ]
	}`), "", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for seed := range uint64(4) {
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: seed})
		if err != nil {
			fmt.Println(err)
			return
		}
		r, err := matching.StudentProposing(context.Background(), inst, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("seed %d: P1 admits", seed)
		for s, st := range c.Students() {
			if r.Position(s) >= 0 {
				fmt.Printf(" %s", st.ID)
			}
		}
		for _, u := range r.Unplaced() {
			fmt.Printf("; %s: %v", c.Students()[u.Student].ID, u.Reason)
		}
		fmt.Printf("; findings %d\n", len(matching.CheckResult(r)))
	}
	// Output:
	// seed 0: P1 admits S2 S3; S1: rejected by every choice; S4: empty list; findings 0
	// seed 1: P1 admits S2 S3; S1: rejected by every choice; S4: empty list; findings 0
	// seed 2: P1 admits S1 S2; S3: rejected by every choice; S4: empty list; findings 0
	// seed 3: P1 admits S1 S2; S3: rejected by every choice; S4: empty list; findings 0
}

// WriteResultJSON writes the result file that the placement command writes
// and that ReadResultJSON reads back for the checkers.
func ExampleWriteResultJSON() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "name": "demo",
	  "positions": [{"id": "P1", "capacity": 1}, {"id": "P2", "capacity": 1}],
	  "students": [
	    {"id": "S1", "score": 80, "choices": ["P1", "P2"]},
	    {"id": "S2", "score": 60, "choices": ["P1"]}
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
	if err := matching.WriteResultJSON(os.Stdout, r, nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//  "format": "placement-result/1",
	//  "cohort": "demo",
	//  "cohort_fingerprint": "47c1136ccb29e823b7d815ec",
	//  "mechanism": "student-da",
	//  "tie_break": "single",
	//  "seed": 0,
	//  "reserve_order": "reserved-first",
	//  "students_total": 2,
	//  "positions_total": 2,
	//  "assignments": [
	//   {"student": "S1", "position": "P1", "rank": 1}
	//  ],
	//  "unplaced": [
	//   {"student": "S2", "reason": "rejected by every choice"}
	//  ],
	//  "cutoffs": [
	//   {"position": "P1", "filled": 1, "capacity": 1, "seats": [{"category": "open", "seats": 1, "filled": 1, "full": true, "score": 80, "priority": 0}]},
	//   {"position": "P2", "filled": 0, "capacity": 1, "seats": [{"category": "open", "seats": 1, "filled": 0, "full": false}]}
	//  ],
	//  "refusals": [
	//   {"student": "S2", "refusals": [{"position": "P1", "rank": 1, "kind": "full", "detail": "below every cutoff: open score 80 (priority 0); the student: score 60 (priority 1)"}]}
	//  ],
	//  "summary": {"placed": 1, "unplaced": 1, "total_rank": 1, "by_rank": [1],
	//   "special_posts_by_county": [],
	//   "timings_ms": {"load": 0, "compile": 0, "solve": 0, "check": 0, "write": 0}}
	// }
}

// Check verifies any allocation, here one written by hand: S2 is placed at
// P1 although S1, who ranks P1 first and has the higher score, is unplaced;
// and S3 is forgotten.
func ExampleCheck() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "positions": [{"id": "P1", "capacity": 1}],
	  "students": [
	    {"id": "S1", "score": 80, "choices": ["P1"]},
	    {"id": "S2", "score": 60, "choices": ["P1"]},
	    {"id": "S3", "score": 50, "choices": ["P1"]}
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
	findings := matching.Check(inst, []matching.Placement{
		{Student: 0, Position: -1},
		{Student: 1, Position: 0, Rank: 1},
	})
	for _, f := range findings {
		fmt.Println(f)
	}
	// Output:
	// missing: student "S3" is missing from the allocation
	// blocking pair: student "S1" prefers "P1", which admits "S2" of lower priority
}

// ReadResultJSON reads a result file back against its cohort, for Check.
func ExampleReadResultJSON() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "positions": [{"id": "P1", "capacity": 1}],
	  "students": [{"id": "S1", "score": 60, "choices": ["P1"]}, {"id": "S2", "score": 70, "choices": ["P1"]}]
	}`), "", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rf, err := matching.ReadResultJSON(strings.NewReader(`{"format": "placement-result/1",
	  "mechanism": "student-da", "tie_break": "single", "seed": 4,
	  "assignments": [{"student": "S2", "position": "P1", "rank": 1}],
	  "unplaced": [{"student": "S1", "reason": "rejected by every choice"}]}`), c)
	if err != nil {
		fmt.Println(err)
		return
	}
	tb, err := matching.ParseTieBreak(rf.TieBreak)
	if err != nil {
		fmt.Println(err)
		return
	}
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: tb, Seed: rf.Seed})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rf.Placements, len(matching.Check(inst, rf.Placements)))

	_, err = matching.ReadResultJSON(strings.NewReader(`{"format": "placement-result/1",
	  "assignments": [{"student": "S9", "position": "P1", "rank": 1}]}`), c)
	fmt.Println(err)
	// Output:
	// [{1 0 1} {0 -1 0}] 0
	// matching: bad result file: assignments[0]: unknown student "S9"
}

// WriteResultCSVWith writes the CSV result in the planner's language: in
// Chinese, the header and the reason in Chinese words, the IDs, ranks and
// fingerprint as they are. ReadResultCSV reads it back as an English one.
func ExampleWriteResultCSVWith() {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "positions": [{"id": "P1", "name": "光伏运维", "capacity": 1}],
	  "students": [
	    {"id": "S1", "name": "张伟", "score": 80, "choices": ["P1"]},
	    {"id": "S2", "name": "王芳", "score": 60, "choices": ["P1"]}
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
	var b bytes.Buffer
	if err := matching.WriteResultCSVWith(&b, r, &matching.CSVOptions{Language: language.SimplifiedChinese}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.TrimPrefix(b.String(), "\uFEFF")) // the byte order mark, for Excel
	rf, err := matching.ReadResultCSV(bytes.NewReader(b.Bytes()), c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rf.Placements)
	// Output:
	// 学生,姓名,学校,学校名称,专业,层次,生源地,岗位,岗位名称,企业,企业名称,岗位所在地,志愿位次,未分配原因,数据指纹,分配方式,目标,随机种子,抽签方式,名额顺序
	// S1,张伟,,,,,,P1,光伏运维,,,,1,,4ea39070ef3fd78970f8ba4f,student-da,,0,single,reserved-first
	// S2,王芳,,,,,,,,,,,,所符合的志愿岗位均已被排名更靠前的学生录满,4ea39070ef3fd78970f8ba4f,student-da,,0,single,reserved-first
	// [{0 0 1} {1 -1 0}]
}

// ResultName names a result file's columns, sheets and summary items in a
// language; ResultKey reads a name of either language back to its key.
func ExampleResultKey() {
	for _, key := range []string{"student", "rank", "assignments", "seed"} {
		zh := matching.ResultName(language.SimplifiedChinese, key)
		fmt.Println(key, zh, matching.ResultKey(zh), matching.ResultKey(key))
	}
	// Output:
	// student 学生 student student
	// rank 志愿位次 rank rank
	// assignments 分配结果 assignments assignments
	// seed 随机种子 seed seed
}
