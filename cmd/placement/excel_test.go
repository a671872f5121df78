package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestFormatsSolveAlike: the same cohort as JSON, a CSV folder and a
// workbook gives byte-identical result files, in each result format, for
// a stable and the optimal mechanism. Only the JSON summary's timings
// differ from run to run and are blanked; the "cohort" member is the
// cohort's name, not its file's, so it is the same.
func TestFormatsSolveAlike(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{"group.json", "group-csv", "group.xlsx"}
	for _, in := range inputs {
		mustRun(t, "gen", "-students", "600", "-seed", "5", "-out", filepath.Join(dir, in))
	}
	timings := regexp.MustCompile(`"timings_ms": \{[^}]*\}`)
	for _, mech := range []string{"student-da", "optimal"} {
		for _, ext := range []string{".json", ".csv", ".xlsx"} {
			if ext == ".csv" && mech == "optimal" {
				// A CSV file cannot carry the certificate: solve refuses.
				out := filepath.Join(dir, "optimal.csv")
				code, _, stderr := runCmd("solve", "-cohort", filepath.Join(dir, inputs[0]), "-mechanism", mech, "-out", out)
				assert.Equal(t, exitUsage, code)
				assert.Contains(t, stderr, "a CSV result cannot carry the certificate")
				assert.NoFileExists(t, out)
				continue
			}
			var first []byte
			for _, in := range inputs {
				out := filepath.Join(dir, in+"-"+mech+ext)
				mustRun(t, "solve", "-cohort", filepath.Join(dir, in), "-mechanism", mech, "-seed", "7", "-out", out)
				b, err := os.ReadFile(out)
				require.NoError(t, err)
				b = timings.ReplaceAll(b, []byte(`"timings_ms": {}`))
				if first == nil {
					first = b
					continue
				}
				assert.True(t, bytes.Equal(first, b), "%s %s: the result from %s differs from that from %s", mech, ext, in, inputs[0])
			}
			// check reads each result against each format of the cohort.
			args := []string{"check", "-result", filepath.Join(dir, inputs[0]+"-"+mech+ext), "-seed", "7"}
			for _, in := range inputs {
				code, stdout, stderr := runCmd(append(args, "-cohort", filepath.Join(dir, in))...)
				assert.Equal(t, 0, code, stdout+stderr)
				if mech == "optimal" {
					assert.Contains(t, stdout, "optimal for least total rank (rank-sum), certificate checked", ext)
				}
			}
		}
	}
}

func TestSolveExcelResult(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.xlsx")
	mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-seed", "7", "-out", out)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"assignments", "unplaced", "summary"}, f.GetSheetList())
	rows := func(sheet string) [][]string {
		r, err := f.GetRows(sheet)
		require.NoError(t, err)
		return r
	}
	assign := rows("assignments")
	assert.Equal(t, []string{"student", "student_name", "school", "school_name", "major", "level", "home_region",
		"position", "position_name", "enterprise", "enterprise_name", "position_region", "rank"}, assign[0])
	assert.Len(t, assign, 4)
	unplaced := rows("unplaced")
	assert.Equal(t, []string{"student", "student_name", "school", "school_name", "major", "level", "home_region", "reason"}, unplaced[0])
	assert.Len(t, unplaced, 3)
	assert.Contains(t, unplaced, []string{"S5", "", "", "", "EC", "", "", "empty list"})
	summary := map[string]string{}
	for _, r := range rows("summary")[1:] {
		summary[r[0]] = r[1]
	}
	assert.Equal(t, "placement-result/1", summary["format"])
	assert.Equal(t, "student-da", summary["mechanism"])
	assert.Equal(t, "7", summary["seed"])
	assert.Equal(t, "3", summary["placed"])
	assert.Equal(t, "2", summary["unplaced"])
	assert.Equal(t, "5", summary["students_total"])
	// The rank is a number cell, not text.
	typ, err := f.GetCellType("assignments", "M2")
	require.NoError(t, err)
	assert.NotContains(t, []excelize.CellType{excelize.CellTypeInlineString, excelize.CellTypeSharedString}, typ)
	typ, err = f.GetCellType("assignments", "A2")
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeInlineString, typ)
}

// TestExcelCohortErrors: a bad workbook stops solve with exit code 2, its
// problems naming sheet, row and column, and no result file.
func TestExcelCohortErrors(t *testing.T) {
	dir := t.TempDir()
	wb := excelize.NewFile()
	require.NoError(t, wb.SetSheetName("Sheet1", "positions"))
	require.NoError(t, wb.SetSheetRow("positions", "A1", &[]any{"id", "capacity"}))
	require.NoError(t, wb.SetSheetRow("positions", "A2", &[]any{"P1", "two"}))
	_, err := wb.NewSheet("students")
	require.NoError(t, err)
	require.NoError(t, wb.SetSheetRow("students", "A1", &[]any{"id", "choices"}))
	require.NoError(t, wb.SetSheetRow("students", "A2", &[]any{"S1", "P1;P9"}))
	bad := filepath.Join(dir, "bad.xlsx")
	require.NoError(t, wb.SaveAs(bad))
	require.NoError(t, wb.Close())
	notWorkbook := filepath.Join(dir, "notes.xlsx")
	require.NoError(t, os.WriteFile(notWorkbook, []byte("id,choices\n"), 0o644))
	old := filepath.Join(dir, "old.xls")
	require.NoError(t, os.WriteFile(old, []byte{0xd0, 0xcf, 0x11, 0xe0}, 0o644))

	for _, tc := range []struct {
		cohort string
		want   []string
	}{
		{bad, []string{
			`bad.xlsx: sheet "positions" row 2, column "capacity": position "P1": "two" is not a whole number`,
			`bad.xlsx: sheet "students" row 2, column "choices": student "S1": unknown position "P9"`,
		}},
		{notWorkbook, []string{"notes.xlsx: not an Excel workbook (.xlsx)"}},
		{old, []string{"old.xls: an .xls workbook (Excel 97-2003) is not read; save it as .xlsx"}},
	} {
		out := filepath.Join(dir, "r.xlsx")
		code, _, stderr := runCmd("solve", "-cohort", tc.cohort, "-out", out)
		assert.Equal(t, exitUsage, code)
		for _, w := range tc.want {
			assert.Contains(t, stderr, w)
		}
		assert.NoFileExists(t, out)
	}
}

// TestCheckExcelResult: check reads a result workbook, finds what is wrong
// in it, and names the sheet and row of what it cannot read.
func TestCheckExcelResult(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-seed", "7", "-out", out)
	code, stdout, stderr := runCmd("check", "-cohort", "testdata/tiny.json", "-result", out)
	require.Equal(t, 0, code, stdout+stderr)
	assert.Contains(t, stdout, "no findings")

	edit := func(name string, cells map[string]any) string {
		f, err := excelize.OpenFile(out)
		require.NoError(t, err)
		defer f.Close()
		for cell, v := range cells {
			sheet, axis, _ := strings.Cut(cell, "!")
			require.NoError(t, f.SetCellValue(sheet, axis, v))
		}
		path := filepath.Join(dir, name)
		require.NoError(t, f.SaveAs(path))
		return path
	}
	// A student moved to a position they did not choose: a finding.
	moved := edit("moved.xlsx", map[string]any{"assignments!H2": "P3", "assignments!M2": 9})
	code, stdout, _ = runCmd("check", "-cohort", "testdata/tiny.json", "-result", moved)
	assert.Equal(t, exitFindings, code)
	assert.NotEmpty(t, stdout)
	// IDs the cohort does not have: exit 2, each named by sheet and row.
	unknown := edit("unknown.xlsx", map[string]any{"assignments!A2": "S99", "unplaced!A3": "S98", "assignments!M3": "first"})
	code, _, stderr = runCmd("check", "-cohort", "testdata/tiny.json", "-result", unknown)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "unknown.xlsx: the result file does not fit the cohort: 3 problems\n")
	assert.Contains(t, stderr, "\tsheet \"assignments\" row 2: unknown student \"S99\"\n")
	assert.Contains(t, stderr, "\tsheet \"assignments\" row 3: rank \"first\", want a number from 1\n")
	assert.Contains(t, stderr, "\tsheet \"unplaced\" row 3: unknown student \"S98\"\n")
}

// TestVerbsReadExcel: the verbs that read results or cohorts take
// workbooks: explain and report read a result workbook.
func TestVerbsReadExcel(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "g.xlsx")
	mustRun(t, "gen", "-students", "300", "-out", cohort)
	res := filepath.Join(dir, "r.xlsx")
	mustRun(t, "solve", "-cohort", cohort, "-out", res)
	code, stdout, stderr := runCmd("explain", "-cohort", cohort, "-result", res, "-student", "S0000001")
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "S0000001")
	code, stdout, stderr = runCmd("report", "-cohort", cohort, "-result", res, "-html", filepath.Join(dir, "r.html"))
	assert.Equal(t, 0, code, stderr)
	assert.NotEmpty(t, stdout)
	assert.FileExists(t, filepath.Join(dir, "r.html"))
}
