package model_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// handWritten is testdata/valid/cohort.json and cohort-csv/ as Go values,
// written from the files by hand.
func handWritten() model.Data {
	oc := func(id string) model.Category { return model.Category{Kind: model.OrderClassCategory, ID: id} }
	return model.Data{
		Name: "龙泉 2026 春季实习 (hand-written test cohort)",
		Regions: []model.Region{
			{ID: "C1", Name: "龙泉县", Kind: model.County, Floor: 1},
			{ID: "HTZ", Name: "高新区", Kind: model.Zone},
			{ID: "OOP", Name: "省外", Kind: model.OutOfProvince, Cap: 2},
		},
		Schools: []model.School{
			{ID: "SC1", Name: "龙泉职业技术学院", Level: model.Higher, Region: "C1"},
			{ID: "SC2", Name: "龙泉县中等职业学校", Level: model.Secondary, Region: "C1"},
		},
		Majors: []model.Major{{ID: "AG", Name: "农业技术"}, {ID: "EC", Name: "电子商务直播"}, {ID: "AU", Name: "汽车制造"}},
		Enterprises: []model.Enterprise{
			{ID: "E1", Name: "上海汽车制造有限公司", Region: "OOP", Cap: 3},
			{ID: "E2", Name: "龙泉农业园", Region: "C1"},
			{ID: "E3", Name: "高新区电商基地", Region: "HTZ"},
		},
		OrderClasses: []model.OrderClass{{ID: "OC1", Name: "农业园订单班", Enterprise: "E2"}},
		Positions: []model.Position{
			{ID: "P1", Name: "装配实习", Enterprise: "E1", Capacity: 2, Majors: []string{"AU"}},
			{ID: "P2", Name: "种植技术员", Enterprise: "E2", Capacity: 3, Majors: []string{"AG", "EC"}, MinFill: 1,
				Reserved: []model.Reserve{
					{Category: oc("OC1"), Seats: 2},
					{Category: model.Category{Kind: model.CountyCategory, ID: "C1"}, Seats: 1, Unused: model.StayEmpty},
				}},
			{ID: "P3", Name: "乡镇农技站", Region: "C1", Capacity: 1, SpecialPost: true},
			{ID: "P4", Name: "直播运营", Enterprise: "E3", Capacity: 2, MinScore: 60.5, Ranking: []string{"S4", "S2", "S5"}},
			{ID: "P5", Name: "仓储物流", Enterprise: "E1", Region: "HTZ", Capacity: 1},
		},
		Students: []model.Student{
			{ID: "S1", Name: "张伟", School: "SC1", Major: "AG", Level: model.Higher, Region: "C1", Score: 88, SpecialPost: true, Choices: []string{"P3"}},
			{ID: "S2", Name: "李娜", School: "SC2", Major: "EC", Level: model.Secondary, Region: "C1", Score: 72.5, OrderClass: "OC1", Choices: []string{"P2", "P4", "P5"}},
			{ID: "S3", Name: "王强", School: "SC2", Major: "AU", Level: model.Secondary, Region: "HTZ", Score: 55, Choices: []string{"P1", "P5", "P4"}},
			{ID: "S4", Name: `Zhao "Lei", Jr.`, School: "SC1", Major: "EC", Level: model.Higher, Score: 91, Choices: []string{"P4", "P2"}},
			{ID: "S5", School: "SC1", Major: "AG", Score: 64, OrderClass: "OC1", Choices: []string{"P2", "P1"}},
			{ID: "S6"},
		},
	}
}

func loadJSONFile(t *testing.T, path string, opts *model.Options) (*model.Cohort, error) {
	t.Helper()
	return model.LoadJSON(os.DirFS(filepath.Dir(path)), filepath.Base(path), opts)
}

func TestLoadHandWritten(t *testing.T) {
	want := handWritten()
	fromJSON, err := loadJSONFile(t, "testdata/valid/cohort.json", nil)
	require.NoError(t, err)
	fromCSV, err := model.LoadCSV(os.DirFS("testdata/valid/cohort-csv"), ".", nil)
	require.NoError(t, err)
	for name, c := range map[string]*model.Cohort{"json": fromJSON, "csv": fromCSV} {
		if d := cmp.Diff(want, c.Data()); d != "" {
			t.Errorf("%s: data (-want +got):\n%s", name, d)
		}
		// Two choices break the rules; they stay in the lists and are
		// reported as warnings.
		var got []string
		for _, w := range c.Warnings() {
			require.ErrorIs(t, w, model.ErrIneligible)
			got = append(got, w.Entity+" "+w.ID+" "+w.Field+" "+w.Err.Error())
		}
		wantWarn := []string{
			`student S3 choices position "P4": score below the minimum`,
			`student S5 choices position "P1": major not accepted`,
		}
		if d := cmp.Diff(wantWarn, got); d != "" {
			t.Errorf("%s: warnings (-want +got):\n%s", name, d)
		}
	}
}

func TestIndices(t *testing.T) {
	c, err := loadJSONFile(t, "testdata/valid/cohort.json", nil)
	require.NoError(t, err)
	s5, ok := c.StudentIndex("S5")
	require.True(t, ok)
	p2, _ := c.PositionIndex("P2")
	p1, _ := c.PositionIndex("P1")
	require.Equal(t, []int32{int32(p2), int32(p1)}, c.Choices(s5))
	require.Equal(t, model.MajorNotAccepted, c.Eligibility(s5, p1))
	require.Equal(t, model.Eligible, c.Eligibility(s5, p2))
	p4, _ := c.PositionIndex("P4")
	rk, has := c.Ranking(p4)
	require.True(t, has)
	s4, _ := c.StudentIndex("S4")
	s2, _ := c.StudentIndex("S2")
	require.Equal(t, []int32{int32(s4), int32(s2), int32(s5)}, rk)
	_, has = c.Ranking(p1)
	require.False(t, has)
	// P5 names its own region, P1 inherits its enterprise's.
	p5, _ := c.PositionIndex("P5")
	htz, _ := c.RegionIndex("HTZ")
	oop, _ := c.RegionIndex("OOP")
	require.Equal(t, htz, c.PositionRegion(p5))
	require.Equal(t, oop, c.PositionRegion(p1))
	p3, _ := c.PositionIndex("P3")
	require.Equal(t, -1, c.PositionEnterprise(p3))
	s1, _ := c.StudentIndex("S1")
	require.Equal(t, model.Eligible, c.Eligibility(s1, p3))
	require.Equal(t, model.SpecialPostsOnly, c.Eligibility(s1, p1))
	require.Equal(t, model.NotSpecialPostStudent, c.Eligibility(s2, p3))
	_, ok = c.StudentIndex("nobody")
	require.False(t, ok)
}

func TestRoundTrip(t *testing.T) {
	c, err := loadJSONFile(t, "testdata/valid/cohort.json", nil)
	require.NoError(t, err)
	want := c.Data()

	var b1 bytes.Buffer
	require.NoError(t, model.WriteJSON(&b1, c))
	c2, err := model.ReadJSON(bytes.NewReader(b1.Bytes()), "", nil)
	require.NoError(t, err)
	if d := cmp.Diff(want, c2.Data()); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
	var b2 bytes.Buffer
	require.NoError(t, model.WriteJSON(&b2, c2))
	require.Equal(t, b1.String(), b2.String(), "write→read→write changes the bytes")

	dir := t.TempDir()
	require.NoError(t, model.WriteCSV(dir, c))
	c3, err := model.LoadCSV(os.DirFS(dir), ".", nil)
	require.NoError(t, err)
	if d := cmp.Diff(want, c3.Data()); d != "" {
		t.Errorf("CSV round trip (-want +got):\n%s", d)
	}
	// Writing again over the same folder leaves no temporary files, and
	// the files are readable by others, as data files are.
	require.NoError(t, model.WriteCSV(dir, c3))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 8)
	for _, e := range entries {
		info, err := e.Info()
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o644), info.Mode().Perm(), e.Name())
	}
}

func TestNewCopiesInput(t *testing.T) {
	d := handWritten()
	c, err := model.New(d, nil)
	require.NoError(t, err)
	d.Students[1].Choices[0] = "P5"
	d.Positions[3].Ranking[0] = "S1"
	d.Students[0].ID = "changed"
	require.Equal(t, handWritten(), c.Data())
	// Data returns a copy too.
	cp := c.Data()
	cp.Students[1].Choices[0] = "P5"
	require.Equal(t, "P2", c.Students()[1].Choices[0])
}

func TestEmptyRankingVersusNone(t *testing.T) {
	d := model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 1, Ranking: []string{}}, {ID: "P2", Capacity: 1}},
		Students:  []model.Student{{ID: "S1", Choices: []string{"P1", "P2"}}},
	}
	c, err := model.New(d, nil)
	require.NoError(t, err)
	rk, has := c.Ranking(0)
	require.True(t, has)
	require.Empty(t, rk)
	var b bytes.Buffer
	require.NoError(t, model.WriteJSON(&b, c))
	c2, err := model.ReadJSON(&b, "", nil)
	require.NoError(t, err)
	require.Equal(t, c.Data(), c2.Data())
	// CSV cannot say "rank nobody": writing refuses rather than loses it.
	err = model.WriteCSV(t.TempDir(), c)
	require.ErrorContains(t, err, "empty explicit ranking")
}

// TestRejected loads every file of testdata/bad and compares the whole error
// with its golden file (go test -update rewrites them).
func TestRejected(t *testing.T) {
	entries, err := os.ReadDir("testdata/bad")
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".golden") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			var err error
			opts := &model.Options{StrictEligibility: strings.HasPrefix(name, "strict")}
			if e.IsDir() {
				_, err = model.LoadCSV(os.DirFS("testdata/bad/"+name), ".", opts)
			} else {
				_, err = loadJSONFile(t, "testdata/bad/"+name, opts)
			}
			require.Error(t, err)
			var ve *model.ValidationError
			require.ErrorAs(t, err, &ve)
			require.NotEmpty(t, ve.Problems)
			for _, p := range ve.Problems {
				require.Equal(t, model.SeverityError, p.Severity, p.Error())
				require.NotEmpty(t, p.File, "problem without a file: %v", p)
			}
			goldenPath := filepath.Join("testdata/bad", strings.TrimSuffix(name, ".json")+".golden")
			got := err.Error() + "\n"
			golden.Check(t, goldenPath, got)
		})
	}
	require.Greater(t, n, 5)
}

func TestErrorsIsAs(t *testing.T) {
	_, err := loadJSONFile(t, "testdata/bad/ids.json", nil)
	require.ErrorIs(t, err, model.ErrDuplicateID)
	require.ErrorIs(t, err, model.ErrEmptyID)
	require.NotErrorIs(t, err, model.ErrUnknownRef)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	var p *model.Problem
	for _, q := range ve.Problems {
		if q.Entity == "position" && q.ID == "P1" {
			p = q
		}
	}
	require.NotNil(t, p)
	require.ErrorIs(t, p, model.ErrDuplicateID)
	require.Equal(t, "ids.json", p.File)
	require.Equal(t, "position", p.Entity)
	require.Equal(t, "P1", p.ID)
	require.Equal(t, "id", p.Field)
	require.Equal(t, 4, p.Line)
	require.Equal(t, "positions[1].id", p.Path)
}

func TestStrictEligibility(t *testing.T) {
	c, err := loadJSONFile(t, "testdata/bad/strict.json", nil)
	require.NoError(t, err, "ineligible choices are only warnings by default")
	require.Len(t, c.Warnings(), 4)
	_, err = loadJSONFile(t, "testdata/bad/strict.json", &model.Options{StrictEligibility: true})
	require.ErrorIs(t, err, model.ErrIneligible)
}

func TestHostileInput(t *testing.T) {
	t.Run("json over MaxBytes", func(t *testing.T) {
		in := `{"students": [` + strings.Repeat(`{"id": "S", "choices": []},`, 1000) + `]}`
		_, err := model.ReadJSON(strings.NewReader(in), "big.json", &model.Options{MaxBytes: 4096})
		require.ErrorIs(t, err, model.ErrTooLarge)
	})
	t.Run("json exactly MaxBytes", func(t *testing.T) {
		in := `{"positions": [], "students": []}`
		_, err := model.ReadJSON(strings.NewReader(in), "", &model.Options{MaxBytes: int64(len(in))})
		require.NoError(t, err)
	})
	t.Run("csv long line", func(t *testing.T) {
		dir := t.TempDir()
		long := "id,choices\nS1," + strings.Repeat("P1;", 1<<16) + "P1\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "students.csv"), []byte(long), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "positions.csv"), []byte("id,capacity\nP1,1\n"), 0o644))
		_, err := model.LoadCSV(os.DirFS(dir), ".", &model.Options{MaxLineBytes: 1024})
		require.ErrorIs(t, err, model.ErrTooLarge)
		require.ErrorContains(t, err, "students.csv:2")
	})
	t.Run("many duplicate IDs", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`{"positions": [], "students": [`)
		for i := range 100_000 {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"id": "S", "choices": []}`)
		}
		b.WriteString("]}")
		_, err := model.ReadJSON(strings.NewReader(b.String()), "", nil)
		var ve *model.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Len(t, ve.Problems, 1000)
		require.Equal(t, 100_000-1-1000, ve.Omitted)
		require.ErrorIs(t, err, model.ErrTooManyProblems)
		require.ErrorIs(t, err, model.ErrDuplicateID)
	})
	t.Run("many lines", func(t *testing.T) {
		// Line numbers stay right far into a file; the reader keeps only
		// the line starts it has not passed.
		in := `{"positions": [` + strings.Repeat("\n", 200_000) + `{"id": "P1", "capacity": -1}],` +
			strings.Repeat("\n", 100_000) + `"students": [{"id": "S1", "choices": ["P2"]}]}`
		_, err := model.ReadJSON(strings.NewReader(in), "lines.json", nil)
		var ve *model.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Len(t, ve.Problems, 2)
		require.Equal(t, 200_001, ve.Problems[0].Line)
		require.Equal(t, 300_001, ve.Problems[1].Line)
	})
	t.Run("huge numbers", func(t *testing.T) {
		in := `{"positions": [{"id": "P1", "capacity": 1e30}, {"id": "P2", "capacity": 99999999999}], "students": []}`
		_, err := model.ReadJSON(strings.NewReader(in), "", nil)
		require.ErrorIs(t, err, model.ErrSyntax)
		_, err = model.New(model.Data{Positions: []model.Position{{ID: "P", Capacity: 1 << 62}}}, nil)
		require.ErrorIs(t, err, model.ErrInvalidValue)
	})
	t.Run("not an object", func(t *testing.T) {
		for _, in := range []string{``, `[]`, `"x"`, `{} {}`, `{"students": 3}`, "\xff"} {
			_, err := model.ReadJSON(strings.NewReader(in), "", nil)
			require.ErrorIs(t, err, model.ErrSyntax, "input %q", in)
		}
	})
}

func TestNaNScore(t *testing.T) {
	_, err := model.New(model.Data{Students: []model.Student{{ID: "S", Score: nan()}}}, nil)
	require.ErrorIs(t, err, model.ErrInvalidValue)
	require.ErrorContains(t, err, "score NaN")
}

func nan() float64 { var z float64; return z / z }

func TestCategoryText(t *testing.T) {
	for _, s := range []string{"special-post", "order-class:OC1", "county:C1"} {
		c, err := model.ParseCategory(s)
		require.NoError(t, err)
		require.Equal(t, s, c.String())
	}
	for _, s := range []string{"", "special-post:x", "order-class:", "county", "vip"} {
		_, err := model.ParseCategory(s)
		require.ErrorIs(t, err, model.ErrInvalidValue, s)
	}
}

func TestSummary(t *testing.T) {
	c, err := loadJSONFile(t, "testdata/valid/cohort.json", nil)
	require.NoError(t, err)
	s := model.Summarize(c)
	require.Equal(t, 6, s.Students)
	require.EqualValues(t, 9, s.Seats)
	require.EqualValues(t, 3, s.ReservedSeats)
	require.EqualValues(t, 11, s.Choices)
	require.Equal(t, 1, s.SpecialPostStudents)
	require.Equal(t, 2, s.OrderClassMembers)
	require.Equal(t, 3, s.BySchool[0].Students)
	// C1 hosts P2 (3 seats, through its enterprise) and P3 (1).
	require.EqualValues(t, 4, s.ByRegion[0].Seats)
	// Every major can go to P3, P4, P5 (no list of majors) besides its own.
	require.Equal(t, 4, s.ByMajor[0].Positions) // AG: P2 + 3 open
	var b bytes.Buffer
	require.NoError(t, s.WriteText(&b))
	require.Contains(t, b.String(), "龙泉县")
}

// TestParallelValidationIsDeterministic checks a cohort large enough to be
// validated in parallel chunks: problems, their order, the limit and the
// resolved choices do not depend on GOMAXPROCS.
func TestParallelValidationIsDeterministic(t *testing.T) {
	d := model.Data{Majors: []model.Major{{ID: "M1"}, {ID: "M2"}}}
	for p := range 300 {
		pos := model.Position{ID: fmt.Sprintf("P%d", p), Capacity: 5}
		if p%3 == 0 {
			pos.Majors = []string{"M1"}
		}
		d.Positions = append(d.Positions, pos)
	}
	for s := range 40_000 {
		st := model.Student{ID: fmt.Sprintf("S%d", s), Major: []string{"M1", "M2"}[s%2]}
		for k := range 5 {
			st.Choices = append(st.Choices, fmt.Sprintf("P%d", (s*7+k*13)%300))
		}
		switch s % 9973 {
		case 17:
			st.Choices[2] = "nowhere"
		case 4001:
			st.Choices[3] = st.Choices[1]
		}
		d.Students = append(d.Students, st)
	}
	run := func(procs int, opts *model.Options) (string, *model.Cohort) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c, err := model.New(d, opts)
		if err != nil {
			return err.Error(), nil
		}
		var b strings.Builder
		for _, w := range c.Warnings() {
			b.WriteString(w.Error() + "\n")
		}
		return b.String(), c
	}
	for _, opts := range []*model.Options{nil, {MaxProblems: 3}, {MaxProblems: 100, StrictEligibility: true}} {
		want, _ := run(1, opts)
		require.NotEmpty(t, want)
		for _, procs := range []int{2, 4, 8} {
			got, _ := run(procs, opts)
			require.Equal(t, want, got, "GOMAXPROCS=%d", procs)
		}
	}
	// Without the bad choices, the cohort builds and the resolved lists are
	// the same too.
	for s := range d.Students {
		for k := range d.Students[s].Choices {
			d.Students[s].Choices[k] = fmt.Sprintf("P%d", (s*7+k*13)%300)
		}
	}
	w1, c1 := run(1, nil)
	w4, c4 := run(4, nil)
	require.Equal(t, w1, w4)
	require.NotEmpty(t, w1, "ineligible choices are warned about")
	for s := range d.Students {
		require.Equal(t, c1.Choices(s), c4.Choices(s))
	}
}

// TestParallelLoadersAreDeterministic loads a cohort large enough to be
// decoded by several workers, from both formats, under different
// GOMAXPROCS: the data and the warnings are the same every time.
func TestParallelLoadersAreDeterministic(t *testing.T) {
	c, err := synth.Generate(synth.Config{Seed: 3, Students: 30_000, Positions: 600, MinScoreShare: 0.3})
	require.NoError(t, err)
	// Make a few choices ineligible, so that there are warnings to order.
	d := c.Data()
	for s := 0; s < len(d.Students); s += 997 {
		d.Students[s].Score = 0
	}
	c, err = model.New(d, nil)
	require.NoError(t, err)
	require.NotEmpty(t, c.Warnings())
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "c.json"))
	require.NoError(t, err)
	require.NoError(t, model.WriteJSON(f, c))
	require.NoError(t, f.Close())
	require.NoError(t, model.WriteCSV(filepath.Join(dir, "csv"), c))
	warnings := func(c *model.Cohort) []string {
		var out []string
		for _, w := range c.Warnings() {
			out = append(out, w.Path+" "+w.Error())
		}
		return out
	}
	var wantJSON, wantCSV []string
	for _, procs := range []int{1, 2, 5} {
		old := runtime.GOMAXPROCS(procs)
		j, err := model.LoadJSON(os.DirFS(dir), "c.json", nil)
		require.NoError(t, err)
		v, err := model.LoadCSV(os.DirFS(filepath.Join(dir, "csv")), ".", nil)
		require.NoError(t, err)
		runtime.GOMAXPROCS(old)
		require.Equal(t, d, j.Data(), "JSON, GOMAXPROCS=%d", procs)
		require.Equal(t, d, v.Data(), "CSV, GOMAXPROCS=%d", procs)
		require.Len(t, j.Warnings(), len(c.Warnings()))
		if procs == 1 {
			wantJSON, wantCSV = warnings(j), warnings(v)
			continue
		}
		require.Equal(t, wantJSON, warnings(j), "GOMAXPROCS=%d", procs)
		require.Equal(t, wantCSV, warnings(v), "GOMAXPROCS=%d", procs)
	}
}

// TestStudentsSpellsChoices checks that the students' Choices, which a
// cohort keeps as position indices, are spelled out by Students (once,
// safely from many goroutines) and by Data, the same for every source.
func TestStudentsSpellsChoices(t *testing.T) {
	want := handWritten()
	fromNew, err := model.New(want, nil)
	require.NoError(t, err)
	fromJSON, err := loadJSONFile(t, "testdata/valid/cohort.json", nil)
	require.NoError(t, err)
	fromCSV, err := model.LoadCSV(os.DirFS("testdata/valid/cohort-csv"), ".", nil)
	require.NoError(t, err)
	for name, c := range map[string]*model.Cohort{"new": fromNew, "json": fromJSON, "csv": fromCSV} {
		got := make([][]model.Student, 4)
		done := make(chan int)
		for g := range got {
			go func() {
				got[g] = c.Students()
				done <- g
			}()
		}
		for range got {
			<-done
		}
		for g := range got {
			require.Equal(t, want.Students, got[g], "%s, goroutine %d", name, g)
		}
		require.Equal(t, want.Students, c.Data().Students, name)
	}
}

// TestEmptyChoicesShareNothing: a student without choices keeps an empty
// (not nil) list as given, and no copy can grow into another's memory.
func TestEmptyChoicesShareNothing(t *testing.T) {
	d := model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 1}},
		Students:  []model.Student{{ID: "S1", Choices: make([]string, 0, 4)}, {ID: "S2", Choices: []string{"P1"}}},
	}
	c, err := model.New(d, nil)
	require.NoError(t, err)
	a, b := c.Data(), c.Data()
	require.NotNil(t, a.Students[0].Choices)
	a.Students[0].Choices = append(a.Students[0].Choices, "P1")
	b.Students[0].Choices = append(b.Students[0].Choices, "P9")
	d.Students[0].Choices = append(d.Students[0].Choices, "P8")
	require.Equal(t, []string{"P1"}, a.Students[0].Choices)
	require.Empty(t, c.Students()[0].Choices)
	require.NotNil(t, c.Students()[0].Choices)
}
