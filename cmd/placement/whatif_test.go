package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// writeFile writes a file into dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestWhatif(t *testing.T) {
	dir := t.TempDir()
	changes := writeFile(t, dir, "changes.json", `{
  "format": "placement-changes/1",
  "name": "S2 withdraws, P3 opens to more",
  "changes": [
    {"students": ["S2"], "withdraw": true},
    {"position": "P2", "seats": 1}
  ]
}`)
	for _, mech := range []string{"student-da", "position-da", "optimal"} {
		out, diff, cohort := filepath.Join(dir, mech+".json"), filepath.Join(dir, mech+"-diff.json"), filepath.Join(dir, mech+"-cohort.json")
		code, stdout, stderr := runCmd("whatif", "-cohort", "testdata/tiny.json", "-changes", changes, "-mechanism", mech,
			"-seed", "7", "-out", out, "-diff", diff, "-changed-cohort", cohort)
		require.Equal(t, 0, code, stderr)
		m, err := matching.ParseMechanism(mech)
		require.NoError(t, err)
		assert.Contains(t, stdout, `what if "S2 withdraws, P3 opens to more" (`+mechanismText(english, m)+`): 5 students`)
		assert.Contains(t, stdout, "withdrawn      1 (1 of them placed before)")
		assert.Contains(t, stdout, "S2 (held P1 (rank 1))")
		assert.Contains(t, stdout, "S1 P2 (rank 2) → P1 (rank 1), better: 1 seat(s) at P1 freed by students who left it")
		assert.NotContains(t, stdout, "S2 P1", "a withdrawn student is no move")

		raw, err := os.ReadFile(diff)
		require.NoError(t, err)
		var d struct {
			Format  string
			Summary struct {
				Withdrawn, Moved, Better, Worse int
			}
			Withdrawn []struct{ Student, Position string }
		}
		require.NoError(t, json.Unmarshal(raw, &d))
		assert.Equal(t, "placement-whatif/1", d.Format)
		assert.Equal(t, 1, d.Summary.Withdrawn)
		assert.Equal(t, []struct{ Student, Position string }{{"S2", "P1"}}, d.Withdrawn)

		// The changed result checks against the changed cohort.
		code, stdout, stderr = runCmd("check", "-cohort", cohort, "-result", out)
		assert.Equal(t, 0, code, stdout+stderr)
		assert.Contains(t, stdout, "no findings")
	}
}

// TestWhatifCSV runs the same scenario on the cohort as JSON and as a CSV
// folder: the same output.
func TestWhatifCSV(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Open("testdata/caps.json")
	require.NoError(t, err)
	defer f.Close()
	c, err := model.ReadJSON(f, "caps.json", nil)
	require.NoError(t, err)
	csvDir := filepath.Join(dir, "csv")
	require.NoError(t, model.WriteCSV(csvDir, c))
	changes := writeFile(t, dir, "changes.json", `{"changes": [{"students": ["A"], "withdraw": true}, {"enterprise": "E1", "cap": 3}]}`)
	var outs []string
	for _, cohort := range []string{"testdata/caps.json", csvDir} {
		code, stdout, stderr := runCmd("whatif", "-cohort", cohort, "-changes", changes, "-mechanism", "position-da")
		require.Equal(t, 0, code, stderr)
		outs = append(outs, stdout)
	}
	assert.Equal(t, outs[0], outs[1])
	assert.Contains(t, outs[0], "moved          2: 2 better (1 newly placed)")
}

func TestWhatifErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.json", `{"changes": [{"position": "P1", "seats": 1}]}`)
	cases := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"help", []string{"-h"}, 0, "usage: placement whatif -cohort FILE -changes FILE"},
		{"no changes", []string{"-cohort", "testdata/tiny.json"}, 2, "-cohort and -changes are required"},
		{"bad mechanism", []string{"-cohort", "testdata/tiny.json", "-changes", good, "-mechanism", "lottery"}, 2, "unknown mechanism"},
		{"missing change file", []string{"-cohort", "testdata/tiny.json", "-changes", filepath.Join(dir, "none.json")}, 2, "no such file"},
		{"bad cohort", []string{"-cohort", "testdata/bad.json", "-changes", good}, 2, "cohort rejected"},
		{"bad change file", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "bad.json",
			"{\"changes\": [\n {\"position\": \"P1\", \"seats\": \"ten\"},\n {\"position\": \"P1\", \"sets\": 1}\n]}")}, 2,
			"bad.json:2: changes[0].seats: want a whole number, got text\n\tbad.json:3: changes[1].sets: unknown field"},
		{"unknown student", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "unknown.json",
			`{"changes": [{"students": ["S1", "S9"], "withdraw": true}]}`)}, 2, `unknown.json:1: changes[0].students[1]: unknown student "S9"`},
		{"unknown position", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "unknownpos.json",
			`{"changes": [{"position": "P9", "withdraw": true}]}`)}, 2, `changes[0].position: unknown position "P9"`},
		{"a cohort as change file", []string{"-cohort", "testdata/tiny.json", "-changes", "testdata/tiny.json"}, 2, "looks like a cohort file"},
		{"a result as change file", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "result.json",
			`{"format": "placement-result/1", "assignments": []}`)}, 2, `"placement-result/1" is not a change file`},
		{"a bad CSV change file", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "changes.csv", "position,seats\nP1,ten\nP9,1\n")}, 2,
			"changes.csv:2: seats: want a whole number, got \"ten\""},
		{"an unknown ID in a CSV change file", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "unknown.csv", "position,seats\nP9,1\n")}, 2,
			`unknown.csv:2: position: unknown position "P9"`},
		{"a workbook change file", []string{"-cohort", "testdata/tiny.json", "-changes", changesWorkbook(t, dir, "bad.xlsx",
			[]any{"students", "withdraw", "position", "seats"}, []any{"S1", "yes"}, []any{"S1;S9", "yes"}, []any{nil, nil, "P1", "ten"})}, 2,
			"bad.xlsx: sheet \"changes\" row 4: seats: want a whole number, got \"ten\""},
		{"unknown IDs in a workbook change file", []string{"-cohort", "testdata/tiny.json", "-changes", changesWorkbook(t, dir, "ids.xlsx",
			[]any{"students", "withdraw", "position", "seats"}, []any{"S1", "yes"}, []any{"S1;S9", "yes"}, []any{nil, nil, "P7", 1})}, 2,
			"ids.xlsx: sheet \"changes\" row 3: students[0]: student \"S1\" was withdrawn by the change on row 2\n" +
				"\tids.xlsx: sheet \"changes\" row 3: students[1]: unknown student \"S9\"\n" +
				"\tids.xlsx: sheet \"changes\" row 4: position: unknown position \"P7\""},
		{"an .xls change file", []string{"-cohort", "testdata/tiny.json", "-changes", writeFile(t, dir, "changes.xls", "")}, 2, "an .xls workbook (Excel 97-2003) is not read; save it as .xlsx"},
		{"a folder as change file", []string{"-cohort", "testdata/tiny.json", "-changes", dir}, 2, "is a folder"},
		{"changed cohort invalid", []string{"-cohort", "testdata/caps.json", "-changes", writeFile(t, dir, "invalid.json",
			`{"changes": [{"position": "Q1", "capacity": 0}]}`)}, 2, "the changed cohort (invalid.json) does not validate"},
		{"changed cohort infeasible", []string{"-cohort", "testdata/caps.json", "-mechanism", "optimal", "-changes", writeFile(t, dir, "infeasible.json",
			`{"changes": [{"students": ["D"], "withdraw": true}, {"region": "C1", "floor": 1}]}`)}, 3, "changed cohort: matching: no allocation meets every quota"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+tc.name+".json")
			code, stdout, stderr := runCmd(append(append([]string{"whatif"}, tc.args...), "-out", out)...)
			assert.Equal(t, tc.code, code, stdout+stderr)
			assert.Contains(t, stdout+stderr, tc.message)
			if tc.code != 0 {
				_, err := os.Stat(out)
				assert.True(t, os.IsNotExist(err), "no result file on error")
			}
		})
	}
}

// TestWhatifTables: the same changes as JSON, as CSV and as a workbook
// sheet give the same output and the same changed result; the diff is
// written as CSV and as a workbook with names beside IDs
// (testdata/whatif-diff.golden).
func TestWhatifTables(t *testing.T) {
	dir := t.TempDir()
	js := writeFile(t, dir, "changes.json", `{"changes": [{"students": ["S3"], "withdraw": true}, {"position": "P2", "capacity": 2}, {"position": "P1", "seats": -1}]}`)
	cs := writeFile(t, dir, "changes.csv", "position,students,withdraw,capacity,seats\n,S3,yes,,\nP2,,,2,\nP1,,,,-1\n")
	xs := changesWorkbook(t, dir, "changes.xlsx", []any{"position", "students", "withdraw", "capacity", "seats"},
		[]any{nil, "S3", "yes"}, []any{"P2", nil, nil, 2}, []any{"P1", nil, nil, nil, -1})

	var outs, results []string
	var out strings.Builder
	for _, ch := range []string{js, cs, xs} {
		ext := filepath.Ext(ch)
		res := filepath.Join(dir, "r"+ext+".json")
		args := []string{"whatif", "-cohort", "testdata/named.json", "-changes", ch, "-seed", "7", "-out", res}
		if ext == ".csv" {
			args = append(args, "-diff", filepath.Join(dir, "diff.csv"))
		}
		if ext == ".xlsx" {
			args = append(args, "-diff", filepath.Join(dir, "diff.xlsx"))
		}
		outs = append(outs, mustRun(t, args...))
		b, err := os.ReadFile(res)
		require.NoError(t, err)
		results = append(results, string(b))
	}
	assert.Equal(t, outs[0], outs[1], "CSV changes")
	assert.Equal(t, outs[0], outs[2], "workbook changes")
	assert.Equal(t, results[0], results[1], "CSV changes")
	assert.Equal(t, results[0], results[2], "workbook changes")
	assert.Contains(t, outs[0], "withdrawn      1")

	raw, err := os.ReadFile(filepath.Join(dir, "diff.csv"))
	require.NoError(t, err)
	out.WriteString("== diff.csv\n" + string(raw))
	f, err := excelize.OpenFile(filepath.Join(dir, "diff.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		out.WriteString("== diff.xlsx sheet " + sheet + "\n")
		for _, r := range rows {
			out.WriteString(strings.Join(r, " | ") + "\n")
		}
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, sheet)
	}
	golden.Check(t, filepath.Join("testdata", "whatif-diff.golden"), out.String())
}

// changesWorkbook writes a workbook whose sheet "changes" holds rows, and a
// notes sheet beside it.
func changesWorkbook(t *testing.T, dir, name string, rows ...[]any) string {
	t.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	require.NoError(t, wb.SetSheetName("Sheet1", "notes"))
	_, err := wb.NewSheet("changes")
	require.NoError(t, err)
	for i, row := range rows {
		require.NoError(t, wb.SetSheetRow("changes", fmt.Sprintf("A%d", i+1), &row))
	}
	path := filepath.Join(dir, name)
	require.NoError(t, wb.SaveAs(path))
	return path
}

// A change table as a planner writes it: a column of remarks (备注) is a
// warning and the changes stand; a near-miss ID, a bad number and an
// unknown student come in one error, with "did you mean", in the verb's
// language (testdata/lang/whatif-changes.{en,zh}.golden). The moves are
// printed with names beside IDs, and a list cut by -list says -list 0
// shows it all.
func TestWhatifChangeFileProblems(t *testing.T) {
	for _, l := range []string{"en", "zh"} {
		var b strings.Builder
		for _, f := range []string{"testdata/lang/remarks-changes.csv", "testdata/lang/bad-changes.csv", "-list 2"} {
			args := []string{"whatif", "-lang", l, "-cohort", "testdata/lang/cohort.json", "-changes", f}
			if f == "-list 2" { // a list cut short says how to see it all
				args = append(args[:len(args)-1], "testdata/lang/remarks-changes.csv", "-list", "2")
			}
			code, stdout, stderr := runCmd(args...)
			fmt.Fprintf(&b, "$ placement %s\n%s[stderr]\n%s[exit %d]\n\n", strings.Join(args, " "), stdout, stderr, code)
		}
		golden.Check(t, filepath.Join("testdata", "lang", "whatif-changes."+l+".golden"), b.String())
	}
}

// The same in a workbook's sheet and in a JSON change file: remarks are a
// warning, withdraw takes 是, and a bad number and an unknown ID come
// together, worded in Chinese, with "did you mean".
func TestWhatifChangeWorkbookAndJSONProblems(t *testing.T) {
	dir := t.TempDir()
	good := changesWorkbook(t, dir, "good.xlsx",
		[]any{"position", "students", "withdraw", "seats", "备注"},
		[]any{"P3", "", "", 1, "加一个"},
		[]any{"", "S10", "是", "", "因病退出"})
	code, stdout, stderr := runCmd("whatif", "-lang", "zh", "-cohort", "testdata/lang/cohort.json", "-changes", good)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, `good.xlsx：工作表 "changes" 第 1 行：备注：警告：未知的列，已忽略`)
	assert.Contains(t, stdout, `S10 "吴婷"`)

	bad := changesWorkbook(t, dir, "bad.xlsx",
		[]any{"position", "seats", "备注"},
		[]any{"P03", 2, ""},
		[]any{"P2", "abc", ""})
	code, _, stderr = runCmd("whatif", "-lang", "zh", "-cohort", "testdata/lang/cohort.json", "-changes", bad)
	require.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, `改动文件 bad.xlsx 未通过校验：2 个错误`)
	assert.Contains(t, stderr, `未知的岗位 "P03"；是否应为 P3（直播运营）？`)
	assert.Contains(t, stderr, `应为整数，实为 "abc"`)

	js := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(js, []byte(`{"备注": "试一下", "changes": [
  {"position": "P03", "seats": 1},
  {"position": "P2", "seats": "abc"}
]}`), 0o644))
	code, _, stderr = runCmd("whatif", "-lang", "zh", "-cohort", "testdata/lang/cohort.json", "-changes", js)
	require.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, `bad.json:1：备注：警告：未知的字段，已忽略`)
	assert.Contains(t, stderr, `改动文件 bad.json 未通过校验：2 个错误`)
	assert.Contains(t, stderr, `未知的岗位 "P03"；是否应为 P3（直播运营）？`)
	assert.Contains(t, stderr, `changes[1].seats：应为整数，实为文字`)
}
