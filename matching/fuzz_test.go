package matching_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// cohortFromBytes reads a small cohort from fuzz bytes: counts, capacities,
// minimum scores, scores, majors, explicit rankings and choice lists (which
// may repeat a position or name an unknown one: model.New then rejects the
// cohort, as it should).
func cohortFromBytes(b []byte) (*model.Cohort, matching.CompileOptions, error) {
	next := func() int {
		if len(b) == 0 {
			return 0
		}
		v := int(b[0])
		b = b[1:]
		return v
	}
	nS, nP := 1+next()%12, 1+next()%5
	opts := matching.CompileOptions{Seed: uint64(next()), TieBreak: matching.TieBreak(next() % 2)}
	d := model.Data{Majors: []model.Major{{ID: "A"}, {ID: "B"}}}
	for p := range nP {
		pos := model.Position{ID: fmt.Sprintf("p%d", p), Capacity: next() % 4}
		flags := next()
		if flags&1 != 0 {
			pos.Majors = []string{"A"}
		}
		if flags&2 != 0 {
			pos.MinScore = float64(next() % 4)
		}
		if flags&4 != 0 {
			pos.Ranking = []string{}
			for range next() % (nS + 1) {
				pos.Ranking = append(pos.Ranking, fmt.Sprintf("s%d", next()%nS))
			}
		}
		d.Positions = append(d.Positions, pos)
	}
	for s := range nS {
		st := model.Student{ID: fmt.Sprintf("s%d", s), Score: float64(next() % 4), Major: "A"}
		if next()%3 == 0 {
			st.Major = "B"
		}
		for range next() % (nP + 1) {
			st.Choices = append(st.Choices, fmt.Sprintf("p%d", next()%(nP+1)))
		}
		d.Students = append(d.Students, st)
	}
	c, err := model.New(d, nil)
	return c, opts, err
}

// FuzzStable builds a cohort from the fuzz input; whenever it validates,
// both mechanisms must give a result that passes every checker, and the
// student-optimal one must be weakly preferred by every student.
func FuzzStable(f *testing.F) {
	f.Add([]byte{3, 1, 7, 0, 1, 0, 1, 0, 2, 1, 0, 2, 0, 1, 2, 1, 1, 0, 1, 2})
	f.Add([]byte{5, 2, 1, 1, 2, 4, 3, 0, 1, 2, 1, 4, 2, 1, 0, 1, 1, 2, 3, 0, 1, 2, 0, 2, 3, 1, 0, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, opts, err := cohortFromBytes(b)
		if err != nil {
			return // rejected by validation: nothing to allocate
		}
		inst, err := matching.Compile(context.Background(), c, &opts)
		if err != nil {
			t.Fatal(err)
		}
		sr, err := matching.StudentProposing(context.Background(), inst, nil)
		if err != nil {
			t.Fatal(err)
		}
		pr, err := matching.PositionProposing(context.Background(), inst, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []*matching.Result{sr, pr} {
			if f := matching.CheckResult(r); len(f) > 0 {
				t.Fatalf("%v: %v", r.Mechanism(), f)
			}
		}
		for s := range inst.Students() {
			a, b := sr.Rank(s), pr.Rank(s)
			if b != 0 && (a == 0 || a > b) {
				t.Fatalf("student %d: rank %d under student-da, %d under position-da", s, a, b)
			}
		}
	})
}

// FuzzReadResult feeds arbitrary bytes to the result readers: they may
// reject them (ErrResultFile, or ErrCohortChanged for a file naming
// another cohort's fingerprint, as documented) but never panic, and
// whatever they accept, Check can judge.
func FuzzReadResult(f *testing.F) {
	f.Add([]byte(`{"format": "placement-result/1", "assignments": [{"student": "s0", "position": "p0", "rank": 1}], "unplaced": [{"student": "s1"}]}`))
	f.Add([]byte("student,position,rank,reason\ns0,p0,1,\ns1,,,empty list\n"))
	f.Add([]byte("student,student_name,school,school_name,major,level,home_region,position,position_name,enterprise,enterprise_name,position_region,rank,reason\n" +
		"s0,张伟,,,,,,p0,\"a, b\",,,,1,\ns1,,,,,,,,,,,,,empty list\n"))
	f.Add([]byte(`{"format": "placement-result/1", "assignments": [{"student": "s0"}], "unplaced": null}`))
	f.Add([]byte("\uFEFF学生,姓名,岗位,志愿位次,未分配原因,数据指纹\ns0,张伟,p0,1,,\ns1,,,,未填报任何志愿,\n"))
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "p0", Capacity: 1}},
		Students:  []model.Student{{ID: "s0", Choices: []string{"p0"}}, {ID: "s1", Choices: []string{"p0"}}},
	}, nil)
	if err != nil {
		f.Fatal(err)
	}
	inst, err := matching.Compile(context.Background(), c, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, read := range []func(io.Reader, *model.Cohort) (*matching.ResultFile, error){matching.ReadResultJSON, matching.ReadResultCSV} {
			rf, err := read(bytes.NewReader(b), c)
			if err != nil {
				if !errors.Is(err, matching.ErrResultFile) && !errors.Is(err, matching.ErrCohortChanged) {
					t.Fatalf("error wraps neither ErrResultFile nor ErrCohortChanged: %v", err)
				}
				continue
			}
			matching.Check(inst, rf.Placements)
		}
	})
}
