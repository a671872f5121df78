package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A planner's folder as Excel on Chinese Windows saves it (GBK; GB18030 for the no-break space, a notes
// column, cells typed by hand) goes through whatif, and the changed cohort
// written as CSV keeps the notes, in UTF-8 with a byte order mark for Excel.
func TestWhatifKeepsPlannerNotes(t *testing.T) {
	dir := t.TempDir()
	cohort := gbkFolder(t, dir)
	changes := writeFile(t, dir, "changes.json", `{"format": "placement-changes/1", "name": "more seats", "changes": [{"position": "P3", "seats": 2}]}`)
	changed := filepath.Join(dir, "changed")
	code, stdout, stderr := runCmd("whatif", "-cohort", cohort, "-changes", changes, "-mechanism", "student-da",
		"-out", filepath.Join(dir, "r.json"), "-changed-cohort", changed)
	require.Equal(t, 0, code, stdout+stderr)
	b, err := os.ReadFile(filepath.Join(changed, "students.csv"))
	require.NoError(t, err)
	got := string(b)
	require.True(t, strings.HasPrefix(got, "\uFEFFid,"), "no byte order mark:\n%s", got)
	require.Contains(t, got, ",备注\n")
	require.Contains(t, got, "S1,张伟,SC01,AG,secondary,C1,88,,,P2;P1,班主任推荐\n")
	require.Contains(t, got, `"复读, 待定"`)
	b, err = os.ReadFile(filepath.Join(changed, "positions.csv"))
	require.NoError(t, err)
	require.Contains(t, string(b), "P3,直播运营,E3,,4,EC,70,,,,,\n", "the change is not in the changed cohort")
}

// Every verb that reads a cohort says what its validation found worth
// saying, grouped and bounded: the files converted from GBK and a column it
// ignores, on stderr, in the verb's language; nothing of it on stdout.
func TestCohortWarningsShown(t *testing.T) {
	dir := t.TempDir()
	cohort := gbkFolder(t, dir)
	result := filepath.Join(dir, "r.json")
	for _, tc := range []struct {
		lang, converted, column, count string
	}{
		{"en", "students.csv: warning: converted from GB18030 (GBK) to UTF-8", `unknown column "备注" is ignored`, "warnings (solve and check list them)"},
		{"zh", "students.csv：警告：已从 GB18030 (GBK) 转换为 UTF-8", `未知的列 "备注" 已忽略`, "条提示（solve 和 check 会列出）"},
	} {
		for _, args := range [][]string{
			{"solve", "-cohort", cohort, "-out", result},
			{"check", "-cohort", cohort, "-result", result},
		} {
			code, stdout, stderr := runCmd(append(args, "-lang", tc.lang)...)
			require.Equal(t, 0, code, "%v: %s%s", args, stdout, stderr)
			require.Contains(t, stderr, tc.converted, "%v", args)
			require.Contains(t, stderr, tc.column, "%v", args)
			require.NotContains(t, stdout, tc.converted, "%v", args)
		}
		// Run on a cohort already solved, explain and report count the
		// warnings in one line.
		for _, args := range [][]string{
			{"explain", "-cohort", cohort, "-student", "S1"},
			{"report", "-cohort", cohort, "-result", result},
		} {
			code, stdout, stderr := runCmd(append(args, "-lang", tc.lang)...)
			require.Equal(t, 0, code, "%v: %s%s", args, stdout, stderr)
			require.NotContains(t, stderr, tc.converted, "%v", args)
			require.Equal(t, 1, strings.Count(stderr, "\n"), "%v: %s", args, stderr)
			require.Contains(t, stderr, tc.count, "%v", args)
		}
	}
}

// A cohort with more kinds of warning than a verb prints lists the first
// groups and counts the rest in one line.
func TestCohortWarningsBounded(t *testing.T) {
	var ws []*model.Problem
	for i := range 25 {
		ws = append(ws, &model.Problem{File: fmt.Sprintf("f%02d.csv", i), Severity: model.SeverityWarning, Err: errors.New("something worth saying")})
		ws = append(ws, &model.Problem{File: fmt.Sprintf("f%02d.csv", i), Line: 3, Severity: model.SeverityWarning, Err: errors.New("something worth saying")})
	}
	var b strings.Builder
	printWarnings(&b, nil, "solve", lang.English, ws, maxWarningLines)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 1+maxWarningLines+1, b.String())
	require.Equal(t, "placement solve: the cohort has 50 warnings (it is used as it is):", lines[0])
	require.Equal(t, "\t… and 30 more warnings like these", lines[len(lines)-1])
}

// gbkFolder writes into dir/cohort the planner's folder of
// model/testdata/planner/messy as Excel on Chinese Windows saves it, in
// GB18030 (GBK), and returns the folder.
func gbkFolder(t *testing.T, dir string) string {
	t.Helper()
	cohort := filepath.Join(dir, "cohort")
	require.NoError(t, os.Mkdir(cohort, 0o755))
	src := "../../model/testdata/planner/messy"
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(cohort, e.Name()), gbk, 0o644))
	}
	return cohort
}
