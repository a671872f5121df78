package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// solveTiny writes the tiny cohort's stable and optimal results into dir.
func solveTiny(t *testing.T, dir string) (stable, optimal string) {
	t.Helper()
	stable, optimal = filepath.Join(dir, "stable.json"), filepath.Join(dir, "optimal.json")
	mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-mechanism", "student-da", "-seed", "7", "-out", stable)
	mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-mechanism", "optimal", "-out", optimal)
	return stable, optimal
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	stable, optimal := solveTiny(t, dir)
	page := filepath.Join(dir, "report.html")
	charts := filepath.Join(dir, "charts")
	code, stdout, stderr := runCmd("report", "-cohort", "testdata/tiny.json", "-result", optimal, "-result2", stable,
		"-html", page, "-charts", charts, "-chart-format", "svg", "-lang", "en")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "placement report: tiny")
	assert.Contains(t, stdout, "(1) optimal allocation (least total rank): 3 of 5 students placed")
	assert.Contains(t, stdout, "(2) stable allocation, students first: 3 of 5 students placed")
	assert.Contains(t, stdout, "Who gains, who loses")
	raw, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(raw), "<!DOCTYPE html>"))
	for _, id := range []string{"chart-rank", "table-rank", "chart-gains", "table-blocking"} {
		assert.Contains(t, string(raw), `id="`+id+`"`)
	}
	files, err := filepath.Glob(filepath.Join(charts, "*.svg"))
	require.NoError(t, err)
	assert.Contains(t, files, filepath.Join(charts, "rank.svg"))
	assert.Contains(t, stdout, "charts written to "+charts)
	assert.Regexp(t, `\(cohort [0-9.]+m?s, results [0-9.]+m?s, report [0-9.]+m?s, html [0-9.]+m?s, charts [0-9.]+m?s\)\n$`, stdout)

	// One CSV result, PNG charts, no page.
	csvRes := filepath.Join(dir, "stable.csv")
	mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-seed", "7", "-out", csvRes)
	code, stdout, stderr = runCmd("report", "-cohort", "testdata/tiny.json", "-result", csvRes, "-charts", charts, "-lang", "en")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "stable allocation, students first: 3 of 5 students placed")
	assert.NotContains(t, stdout, "Who gains")
	_, err = os.Stat(filepath.Join(charts, "rank.png"))
	assert.NoError(t, err)

	// Two CSV results: the second, optimal, named by -objective2.
	csvOpt := filepath.Join(dir, "optimal.csv")
	optimalCSV(t, "testdata/tiny.json", 0, csvOpt)
	code, stdout, stderr = runCmd("report", "-cohort", "testdata/tiny.json", "-result", csvRes, "-result2", csvOpt, "-objective2", "rank-sum", "-lang", "en")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "(2) optimal allocation (least total rank): 3 of 5 students placed")
	assert.Contains(t, stdout, "Pairs who would both rather be together")

	// The same in Chinese, page and all.
	code, stdout, stderr = runCmd("report", "-cohort", "testdata/tiny.json", "-result", csvRes, "-result2", csvOpt, "-objective2", "rank-sum",
		"-lang", "zh", "-html", page)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "(1) 学生优先稳定分配：5 名学生中已分配 3 名")
	assert.Contains(t, stdout, "(2) 最优分配（志愿位次总和最小）：5 名学生中已分配 3 名")
	raw, err = os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `<html lang="zh-CN">`)
	assert.Contains(t, string(raw), "术语说明")

	code, _, stderr = runCmd("report", "-cohort", "testdata/tiny.json", "-result", csvRes, "-seed", "7", "-lang", "xx-!!")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "-lang")
	code, _, stderr = runCmd("report", "-cohort", "testdata/tiny.json", "-result", csvRes, "-seed", "7", "-font", filepath.Join(dir, "missing.ttf"))
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, "missing.ttf")
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	stable, _ := solveTiny(t, dir)
	unknown := filepath.Join(dir, "unknown.json")
	require.NoError(t, os.WriteFile(unknown, []byte(`{"format": "placement-result/1",
 "assignments": [{"student": "S9", "position": "P1", "rank": 1}], "unplaced": []}`), 0o644))
	missingStudents := filepath.Join(dir, "missing.json")
	require.NoError(t, os.WriteFile(missingStudents, []byte(`{"format": "placement-result/1", "mechanism": "student-da",
 "assignments": [{"student": "S1", "position": "P1", "rank": 1}], "unplaced": []}`), 0o644))
	renamed := filepath.Join(dir, "renamed.json")
	raw, err := os.ReadFile(stable)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(renamed, []byte(strings.Replace(string(raw), `"cohort": "tiny"`, `"cohort": "another year"`, 1)), 0o644))
	none := filepath.Join(dir, "none.json")
	page := filepath.Join(dir, "report.html")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"no result", []string{"-cohort", "testdata/tiny.json"}, []string{"-result are required"}},
		{"missing cohort", []string{"-cohort", none, "-result", stable}, []string{none, "no such file"}},
		{"missing result", []string{"-cohort", "testdata/tiny.json", "-result", none}, []string{none, "no such file"}},
		{"missing second result", []string{"-cohort", "testdata/tiny.json", "-result", stable, "-result2", none}, []string{none, "no such file"}},
		{"unknown student", []string{"-cohort", "testdata/tiny.json", "-result", unknown}, []string{unknown, `unknown student "S9"`}},
		{"students missing", []string{"-cohort", "testdata/tiny.json", "-result", stable, "-result2", missingStudents}, []string{missingStudents, "student S2 is missing"}},
		{"another cohort", []string{"-cohort", "testdata/tiny.json", "-result", renamed}, []string{renamed, `cohort "another year"`}},
		{"bad chart format", []string{"-cohort", "testdata/tiny.json", "-result", stable, "-charts", dir, "-chart-format", "gif"}, []string{`"gif"`}},
		{"unwritable page", []string{"-cohort", "testdata/tiny.json", "-result", stable, "-html", filepath.Join(dir, "no", "such", "r.html")}, []string{"no such file"}},
		{"extra argument", []string{"-cohort", "testdata/tiny.json", "-result", stable, "extra"}, []string{"unexpected argument"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(append([]string{"report"}, tc.args...)...)
			assert.Equal(t, 2, code)
			for _, w := range tc.want {
				assert.Contains(t, stderr, w)
			}
			_, err := os.Stat(page)
			assert.True(t, os.IsNotExist(err), "a page was written")
		})
	}

	code, _, stderr := runCmd("report", "-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr, "usage: placement report")
	code, stdout, _ := runCmd("-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "placement report -cohort")
}
