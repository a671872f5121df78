package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/golden"
)

// TestResultOfOtherCohort: a result (JSON, workbook, CSV) read against a
// cohort of another name is refused in one line, in the verb's language,
// before its rows (whose IDs the other cohort does not have) are
// resolved; a CSV result, which names no cohort, says "another cohort, or
// this one changed". A folder, an .xls workbook and a cohort given as
// -result are refused as such (REVIEW2 1 and 3).
func TestResultOfOtherCohort(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "named.json")
	b, err := os.ReadFile("testdata/named.json")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(named, b, 0o644))
	var outs []string
	for _, ext := range []string{".json", ".xlsx", ".csv"} {
		out := filepath.Join(dir, "r"+ext)
		mustRun(t, "solve", "-cohort", named, "-out", out)
		outs = append(outs, out)
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.xls"), []byte{0xd0, 0xcf, 0x11, 0xe0}, 0o644))
	cohortXLSX := filepath.Join(dir, "named.xlsx")
	mustRun(t, "gen", "-preset", "uniform", "-students", "20", "-out", cohortXLSX)
	cohortCSV := filepath.Join(dir, "csvcohort")
	mustRun(t, "gen", "-preset", "uniform", "-students", "20", "-out", cohortCSV)
	others := []string{filepath.Join(dir, "folder"), filepath.Join(dir, "old.xls"), named, cohortXLSX, filepath.Join(cohortCSV, "students.csv")}

	var text strings.Builder
	for _, l := range []string{"en", "zh"} {
		for _, res := range append(outs, others...) {
			cohort := "testdata/tiny.json"
			if !strings.HasPrefix(filepath.Base(res), "r.") {
				cohort = named
			}
			args := []string{"check", "-lang", l, "-cohort", cohort, "-result", res}
			code, stdout, stderr := runCmd(args...)
			require.Equal(t, 2, code, stdout+stderr)
			require.NotContains(t, stderr, "unknown", stderr)
			require.NotContains(t, stderr, "未知", stderr)
			text.WriteString("$ placement " + strings.ReplaceAll(strings.Join(args, " "), dir, "DIR") + "\n")
			text.WriteString(strings.ReplaceAll(stderr, dir, "DIR"))
		}
	}
	golden.Check(t, "testdata/result-kind.golden", text.String())
}

// TestCSVCarriesRun: a CSV result carries its run (REVIEW2 6): check reads
// it without flags (no false instability for -reserve-order open-first),
// and a flag that contradicts it is refused in the verb's language
// (REVIEW2 12).
func TestCSVCarriesRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "so.csv")
	mustRun(t, "solve", "-lang", "zh", "-cohort", "testdata/reserves.json", "-reserve-order", "open-first", "-seed", "5", "-out", out)
	code, stdout, stderr := runCmd("check", "-lang", "zh", "-cohort", "testdata/reserves.json", "-result", out)
	require.Equal(t, 0, code, stdout+stderr)
	require.Contains(t, stdout, "没有发现问题")
	var text strings.Builder
	for _, l := range []string{"en", "zh"} {
		args := []string{"check", "-lang", l, "-cohort", "testdata/reserves.json", "-result", out, "-seed", "3", "-tie-break", "multiple"}
		code, stdout, stderr := runCmd(args...)
		require.Equal(t, 2, code, stdout+stderr)
		text.WriteString("$ placement " + strings.Join(args[:len(args)-6], " ") + " -result so.csv -seed 3 -tie-break multiple\n")
		text.WriteString(strings.ReplaceAll(stderr, filepath.Dir(out), "DIR"))
	}
	golden.Check(t, "testdata/csv-run.golden", text.String())
}

// TestResultProblems: the problems of a result file's rows come grouped
// (a line a kind and value, with the count and the first rows, at most
// ten lines), in the verb's language, with what a near-miss ID was meant
// to be, the workbook's own sheet names, and full-width ranks accepted in
// a workbook as in CSV (REVIEW2 2).
func TestResultProblems(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "g.json")
	mustRun(t, "gen", "-students", "300", "-out", cohort)
	csvPath, xlsxPath, jsonPath := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "r.json")
	for _, p := range []string{csvPath, xlsxPath, jsonPath} {
		mustRun(t, "solve", "-lang", "zh", "-cohort", cohort, "-out", p)
	}

	// CSV: the first placed position's ID typed without a zero on all its
	// rows, and a rank that is not a number.
	b, err := os.ReadFile(csvPath)
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	pos := strings.Split(lines[1], ",")[7]
	typo := strings.Replace(pos, "0", "", 1)
	text := strings.ReplaceAll(string(b), ","+pos+",", ","+typo+",")
	require.Greater(t, strings.Count(text, ","+typo+","), 5)
	cells := strings.Split(lines[2], ",")
	cells[12] = "abc"
	text = strings.Replace(text, lines[2], strings.Join(cells, ","), 1)
	badCSV := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(badCSV, []byte(text), 0o644))

	// JSON: a student's ID with a letter in lower case.
	b, err = os.ReadFile(jsonPath)
	require.NoError(t, err)
	badJSON := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(badJSON, []byte(strings.Replace(string(b), `"student": "S0000001"`, `"student": "s0000001"`, 1)), 0o644))

	// A workbook with a full-width rank reads as it is; one without its
	// summary sheet (概要) and with an unknown student says so.
	f, err := excelize.OpenFile(xlsxPath)
	require.NoError(t, err)
	rank, err := f.GetCellValue("分配结果", "M2")
	require.NoError(t, err)
	require.NoError(t, f.SetCellStr("分配结果", "M2", strings.Map(func(r rune) rune { return r - '0' + '０' }, rank)))
	wide := filepath.Join(dir, "wide.xlsx")
	require.NoError(t, f.SaveAs(wide))
	require.NoError(t, f.DeleteSheet("概要"))
	require.NoError(t, f.SetCellStr("未分配", "A2", "S9999999"))
	noSummary := filepath.Join(dir, "nosummary.xlsx")
	require.NoError(t, f.SaveAs(noSummary))
	require.NoError(t, f.Close())
	code, stdout, stderr := runCmd("check", "-cohort", cohort, "-result", wide)
	require.Equal(t, 0, code, stdout+stderr)

	var out strings.Builder
	for _, l := range []string{"en", "zh"} {
		for _, res := range []string{badCSV, badJSON, noSummary} {
			args := []string{"check", "-lang", l, "-cohort", cohort, "-result", res}
			code, stdout, stderr := runCmd(args...)
			require.Equal(t, 2, code, stdout+stderr)
			out.WriteString("$ placement " + strings.ReplaceAll(strings.Join(args, " "), dir, "DIR") + "\n")
			out.WriteString(strings.ReplaceAll(stderr, dir, "DIR"))
		}
	}
	golden.Check(t, "testdata/result-problems.golden", out.String())
}

// TestBlockingPairsGrouped: a seat emptied by hand makes every student who
// would rather have it a blocking pair; check says them as one line of the
// position, with the count and the first students (-list, 0 for all), in
// either language (REVIEW2 9).
func TestBlockingPairsGrouped(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "g.json")
	mustRun(t, "gen", "-students", "300", "-out", cohort)
	res := filepath.Join(dir, "r.csv")
	mustRun(t, "solve", "-cohort", cohort, "-out", res)
	b, err := os.ReadFile(res)
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	cells := strings.Split(lines[1], ",")
	for i := 7; i <= 12; i++ { // position's columns and rank: unplaced
		cells[i] = ""
	}
	cells[13] = "no eligible choice"
	edited := filepath.Join(dir, "edited.csv")
	require.NoError(t, os.WriteFile(edited, []byte(strings.Replace(string(b), lines[1], strings.Join(cells, ","), 1)), 0o644))

	var out strings.Builder
	for _, args := range [][]string{
		{"check", "-lang", "en", "-cohort", cohort, "-result", edited},
		{"check", "-lang", "zh", "-cohort", cohort, "-result", edited},
		{"check", "-lang", "en", "-cohort", cohort, "-result", edited, "-list", "1"},
	} {
		code, stdout, stderr := runCmd(args...)
		require.Equal(t, exitFindings, code, stdout+stderr)
		out.WriteString("$ placement " + strings.ReplaceAll(strings.Join(args, " "), dir, "DIR") + "\n" + stdout + stderr)
	}
	golden.Check(t, "testdata/blocking-grouped.golden", out.String())
	// -list 0: every student of every position.
	code, stdout, _ := runCmd("check", "-lang", "en", "-cohort", cohort, "-result", edited, "-list", "0")
	require.Equal(t, exitFindings, code)
	require.NotContains(t, stdout, "more (-list 0")
	require.Contains(t, stdout, "136 students would rather have P00018")
	require.Equal(t, 1131+1, strings.Count(stdout, "S0000"), "every pair's student once") // and the one ungrouped pair's
	code, _, stderr := runCmd("check", "-cohort", cohort, "-result", edited, "-list", "-1")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "-list -1")
}

// TestCertificateByID: an optimal workbook edited by hand (a student put
// at a position they did not list) is rejected with the position's ID,
// not an index, in the verb's language (REVIEW2 8).
func TestCertificateByID(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "o.xlsx")
	mustRun(t, "solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-out", out)
	c, err := loadCohort("testdata/quotas.json")
	require.NoError(t, err)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	id, err := f.GetCellValue("assignments", "A2")
	require.NoError(t, err)
	s, ok := c.StudentIndex(id)
	require.True(t, ok)
	other := ""
	for p, pos := range c.Positions() {
		if !slices.Contains(c.Choices(s), int32(p)) {
			other = pos.ID
			break
		}
	}
	require.NotEmpty(t, other)
	require.NoError(t, f.SetCellStr("assignments", "H2", other))
	edited := filepath.Join(dir, "edited.xlsx")
	require.NoError(t, f.SaveAs(edited))
	require.NoError(t, f.Close())
	for l, want := range map[string]string{
		"en": `optimality certificate rejected: student "` + id + `" placed at "` + other + `", not an acceptable pair`,
		"zh": `最优性证书未通过验证：学生 "` + id + `" 被分配到 "` + other + `"，而这不是可接受的学生—岗位组合`,
	} {
		code, stdout, stderr := runCmd("check", "-lang", l, "-cohort", "testdata/quotas.json", "-result", edited)
		require.Equal(t, exitFindings, code, stdout+stderr)
		require.Contains(t, stdout, want+"\n")
	}
}

// TestUnknownNames: an unknown mechanism, objective, tie-break or reserve
// order is said in the verb's language (REVIEW2 12).
func TestUnknownNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.json")
	var text strings.Builder
	for _, l := range []string{"en", "zh"} {
		for _, flags := range [][]string{{"-mechanism", "stable"}, {"-mechanism", "optimal", "-objective", "foo"}, {"-tie-break", "x"}, {"-reserve-order", "y"}} {
			args := append([]string{"solve", "-lang", l, "-cohort", "testdata/quotas.json"}, flags...)
			code, stdout, stderr := runCmd(append(args, "-out", out)...)
			require.Equal(t, 2, code, stdout+stderr)
			text.WriteString("$ placement " + strings.Join(args, " ") + " -out x.json\n" + stderr)
		}
	}
	golden.Check(t, "testdata/unknown-names.golden", text.String())
}
