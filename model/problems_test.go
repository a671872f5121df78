package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// problemTables is a cohort as tables of text, the CSV files' form, from
// which each format's file is made: a CSV folder, a workbook, a JSON file.
type problemTables struct {
	names []string              // the tables, in order
	rows  map[string][][]string // header first
}

// problemCohort is a small group: three schools, three positions and n
// students, the school of student i being SC01, SC02, SC03 in turn.
// edit changes the tables before they are written.
func problemCohort(n int, edit func(t *problemTables)) *problemTables {
	t := &problemTables{
		names: []string{"regions", "schools", "majors", "enterprises", "positions", "students"},
		rows: map[string][][]string{
			"regions": {{"id", "name", "kind"}, {"C1", "东山县", "county"}},
			"schools": {{"id", "name", "level", "region"},
				{"SC01", "东山县职业中学1", "secondary", "C1"},
				{"SC02", "东山县职业中学2", "secondary", "C1"},
				{"SC03", "东山县职业技术学院", "higher", "C1"}},
			"majors":      {{"id", "name"}, {"AG", "农业技术"}, {"EC", "电子商务直播"}},
			"enterprises": {{"id", "name", "region"}, {"E1", "东山农业园", "C1"}},
			"positions": {{"id", "name", "enterprise", "capacity", "majors"},
				{"P01", "种植技术员", "E1", "40", "AG"},
				{"P02", "直播运营", "E1", "30", "EC"},
				{"P03", "仓储物流", "E1", "50", ""}},
			"students": {{"id", "name", "school", "major", "score", "choices"}},
		},
	}
	for i := range n {
		t.rows["students"] = append(t.rows["students"], []string{
			fmt.Sprintf("S%04d", i+1), fmt.Sprintf("学生%d", i+1), fmt.Sprintf("SC%02d", i%3+1),
			[]string{"AG", "EC"}[i%2], strconv.Itoa(50 + i%50), []string{"P01;P03", "P02;P03"}[i%2]})
	}
	if edit != nil {
		edit(t)
	}
	return t
}

// set sets the field col of row (1-based after the header) of table name.
func (t *problemTables) set(name string, row int, col, v string) {
	rows := t.rows[name]
	for j, h := range rows[0] {
		if h == col {
			rows[row][j] = v
			return
		}
	}
	panic("no column " + col)
}

func (t *problemTables) csvFS() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, name := range t.names {
		var b strings.Builder
		for _, r := range t.rows[name] {
			b.WriteString(strings.Join(r, ",") + "\n")
		}
		fsys[name+".csv"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

func (t *problemTables) workbook(tb testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	for k, name := range t.names {
		if k == 0 {
			require.NoError(tb, f.SetSheetName("Sheet1", name))
		} else {
			_, err := f.NewSheet(name)
			require.NoError(tb, err)
		}
		for i, r := range t.rows[name] {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				// Numbers as numbers, as a planner's workbook holds them.
				if x, err := strconv.ParseFloat(v, 64); err == nil && i > 0 && !strings.HasPrefix(r[0], "0") && r[0] != v {
					require.NoError(tb, f.SetCellValue(name, cell, x))
				} else {
					require.NoError(tb, f.SetCellValue(name, cell, v))
				}
			}
		}
	}
	var buf bytes.Buffer
	require.NoError(tb, f.Write(&buf))
	return buf.Bytes()
}

// jsonFile writes the tables as the JSON format does, one record a line:
// numbers and booleans as such when they read as such (else as the text
// given, which is then a type problem), lists as arrays.
func (t *problemTables) jsonFile(tb testing.TB) []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	for k, name := range t.names {
		fmt.Fprintf(&b, "%q: [\n", name)
		rows := t.rows[name]
		for i, r := range rows[1:] {
			rec := map[string]any{}
			for j, v := range r {
				col := rows[0][j]
				switch {
				case v == "":
				case col == "choices" || col == "majors" || col == "ranking":
					rec[col] = strings.Split(v, ";")
				case col == "score" || col == "capacity" || col == "min_score" || col == "cap" || col == "floor":
					if x, err := strconv.ParseFloat(v, 64); err == nil {
						rec[col] = x
					} else {
						rec[col] = v
					}
				default:
					rec[col] = v
				}
			}
			line, err := json.Marshal(rec)
			require.NoError(tb, err)
			b.Write(line)
			if i < len(rows)-2 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("]")
		if k < len(t.names)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// problemScenarios are the planners' mistakes of issue 14, each a cohort
// whose problems must come as one grouped list, with hints.
var problemScenarios = map[string]*problemTables{
	// A school's name typed where its ID belongs.
	"name-in-id": problemCohort(12, func(t *problemTables) {
		t.set("students", 2, "school", "东山县职业中学2")
		t.set("students", 5, "school", "东山县职业中学2")
		t.set("students", 8, "school", " 东山县职业中学2 ")
		t.set("students", 4, "major", "农业技术")
	}),
	// IDs typed nearly right: a missing zero, lower case, full width, one
	// character too many; and one that is another ID, not a slip.
	"near-miss": problemCohort(12, func(t *problemTables) {
		t.set("students", 1, "school", "SC2")
		t.set("students", 2, "school", "sc02")
		t.set("students", 3, "school", "ＳＣ03")
		t.set("students", 4, "choices", "P010;P03")
		t.set("students", 5, "school", "SC12")
	}),
	// One school's ID renamed in schools and not in students: 300 rows.
	"mass-rename": problemCohort(900, func(t *problemTables) {
		t.set("schools", 2, "id", "SC002")
	}),
	// A score column typed with units: one message for all the values.
	"score-units": problemCohort(30, func(t *problemTables) {
		for i := 1; i <= 20; i++ {
			t.set("students", i, "score", strconv.Itoa(60+i)+"分")
		}
	}),
	// Type, range and reference problems at once, some on one row.
	"mixed": problemCohort(12, func(t *problemTables) {
		t.set("students", 1, "score", "abc")
		t.set("students", 1, "major", "XX")
		t.set("students", 2, "score", "-5")
		t.set("students", 3, "choices", "P09")
		t.set("positions", 2, "capacity", "-3")
		t.set("positions", 3, "capacity", "many")
		t.set("positions", 3, "majors", "AG;ZZ")
	}),
}

// TestProblemsGolden loads each scenario from JSON, a CSV folder and a
// workbook and compares the grouped list of problems, in English and
// Chinese, with its golden file (go test -update rewrites them).
func TestProblemsGolden(t *testing.T) {
	for name, tables := range problemScenarios {
		for _, format := range []string{"json", "csv", "xlsx"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				var err error
				switch format {
				case "json":
					_, err = model.ReadJSON(bytes.NewReader(tables.jsonFile(t)), "cohort.json", nil)
				case "csv":
					_, err = model.LoadCSV(tables.csvFS(), ".", nil)
				case "xlsx":
					_, err = xlsx.Read(bytes.NewReader(tables.workbook(t)), "group.xlsx", nil)
				}
				var ve *model.ValidationError
				require.ErrorAs(t, err, &ve)
				require.Equal(t, ve.Error(), ve.Text(lang.English), "the English text is Error's")
				for _, tag := range []string{"en", "zh"} {
					lt, _ := lang.Parse(tag)
					golden.Check(t, filepath.Join("testdata/problems", name+"."+format+"."+tag+".golden"), ve.Text(lt)+"\n")
				}
			})
		}
	}
}

// TestProblemsOnePass: a row with a field that does not parse is still
// checked for its other fields, and a field that does not parse is not
// checked further (no range problem echoes the type problem).
func TestProblemsOnePass(t *testing.T) {
	tables := problemScenarios["mixed"]
	_, err := model.LoadCSV(tables.csvFS(), ".", nil)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	var line2 []string
	for _, p := range ve.Problems {
		if p.File == "students.csv" && p.Line == 2 {
			line2 = append(line2, p.Field)
		}
		if p.File == "positions.csv" && p.Line == 4 {
			require.NotEqual(t, "min_fill", p.Field, "an echo of the capacity that failed: %v", p)
		}
	}
	require.Equal(t, []string{"score", "major"}, line2, "a type and a reference problem on one row")
	require.True(t, errors.Is(err, model.ErrSyntax) && errors.Is(err, model.ErrUnknownRef) && errors.Is(err, model.ErrInvalidValue))
}

// TestProblemGroups: the grouped view keeps every problem, in order.
func TestProblemGroups(t *testing.T) {
	_, err := model.LoadCSV(problemScenarios["mass-rename"].csvFS(), ".", nil)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 300)
	groups := ve.Groups()
	require.Len(t, groups, 1)
	require.Equal(t, ve.Problems, groups[0].Problems)
	require.Equal(t, []model.Suggestion{{ID: "SC002", Name: "东山县职业中学2"}}, ve.Problems[299].Suggestions)
	require.Equal(t, 2, strings.Count(ve.Error(), "\n")+1, "a count and one line")

	// Beyond the limit, the unknown references are still counted in
	// their group: no "and 250 more" line.
	_, err = model.LoadCSV(problemScenarios["mass-rename"].csvFS(), ".", &model.Options{MaxProblems: 50})
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 50)
	require.Equal(t, 250, ve.Omitted)
	groups = ve.Groups()
	require.Len(t, groups, 1)
	require.Equal(t, 250, groups[0].More)
	require.Equal(t, `model: cohort rejected: 1 problem (300 rows)
	students.csv, column "school": unknown school "SC02" in 300 rows (lines 3, 6, 9, 12, 15, …); did you mean SC002 (东山县职业中学2)?`, ve.Error())
}

// TestSuggestions checks the hints for values typed where an ID belongs.
func TestSuggestions(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  []model.Suggestion
	}{
		{"东山县职业中学2", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"　东山县职业中学2 ", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"东山县职业中学", []model.Suggestion{{"SC01", "东山县职业中学1"}, {"SC02", "东山县职业中学2"}}},
		{"SC2", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"sc02", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"ＳＣ０２", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"SC020", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"SCO2", []model.Suggestion{{"SC02", "东山县职业中学2"}}},
		{"SC0", []model.Suggestion{{"SC01", "东山县职业中学1"}, {"SC02", "东山县职业中学2"}, {"SC03", "东山县职业技术学院"}}},
		{"SC12", nil}, // another number: another school, not a slip
		{"XY", nil},
		{"职业学校", nil},
	} {
		tables := problemCohort(3, func(t *problemTables) { t.set("students", 1, "school", tc.value) })
		_, err := model.LoadCSV(tables.csvFS(), ".", nil)
		var ve *model.ValidationError
		require.ErrorAs(t, err, &ve, tc.value)
		require.Len(t, ve.Problems, 1, tc.value)
		require.Equal(t, tc.want, ve.Problems[0].Suggestions, tc.value)
	}
}

// TestProblemsParallel: the same problems in the same order, with their
// hints, for any number of goroutines (run with -race).
func TestProblemsParallel(t *testing.T) {
	tables := problemCohort(40000, func(t *problemTables) {
		t.set("schools", 2, "id", "SC002")
		for i := 1; i < 40000; i += 997 {
			t.set("students", i, "score", "x")
			t.set("students", i+1, "choices", "P1;P03")
		}
	})
	fsys := tables.csvFS()
	js := tables.jsonFile(t)
	var want [3]string
	for k, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		_, errCSV := model.LoadCSV(fsys, ".", &model.Options{MaxProblems: -1})
		_, errJSON := model.ReadJSON(bytes.NewReader(js), "cohort.json", &model.Options{MaxProblems: -1})
		_, errLimit := model.LoadCSV(fsys, ".", &model.Options{MaxProblems: 100})
		runtime.GOMAXPROCS(prev)
		got := [3]string{detail(errCSV), detail(errJSON), errLimit.Error()}
		if k == 0 {
			want = got
			require.Contains(t, got[0], "did you mean SC002")
			require.Contains(t, got[2], `unknown school "SC02" in 13333 rows`)
			continue
		}
		require.Equal(t, want, got, "GOMAXPROCS=%d", procs)
	}
}

// detail is every problem of err, one a line, with its suggestions.
func detail(err error) string {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Sprint(err)
	}
	var b strings.Builder
	for _, p := range ve.Problems {
		fmt.Fprintln(&b, p.Error())
	}
	return b.String()
}

// TestProblemGroupsAPI: a cohort built in a program has no files and no
// lines; a group names the records by path.
func TestProblemGroupsAPI(t *testing.T) {
	d := model.Data{
		Schools:   []model.School{{ID: "SC01", Name: "东山县职业中学"}},
		Positions: []model.Position{{ID: "P1", Capacity: 1}},
	}
	for _, id := range []string{"S1", "S2", "S3"} {
		d.Students = append(d.Students, model.Student{ID: id, School: "SC1", Choices: []string{"P1"}})
	}
	_, err := model.New(d, nil)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, `model: cohort rejected: 1 problem (3 records)
	field "school": unknown school "SC1" in 3 records (students[0], students[1], students[2]); did you mean SC01 (东山县职业中学)?`, ve.Error())
	require.Equal(t, `数据未通过校验：1 个问题（涉及 3 条记录）
	字段 "school"：未知的学校 "SC1"，共 3 条记录（students[0]、students[1]、students[2]）；是否应为 SC01（东山县职业中学）？`, ve.Text(lang.Chinese))
}
