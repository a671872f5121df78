package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/placement-engine/placement/internal/golden"
)

// A rejected cohort still says its warnings, after its errors and bounded:
// the folder converted from GBK (one line naming the files, not one a
// file) and the notes column ignored may be why it was rejected.
func TestRejectedCohortWarnings(t *testing.T) {
	dir := t.TempDir()
	cohort := gbkFolder(t, dir)
	path := filepath.Join(cohort, "students.csv")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	sc01, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("SC01,AG"))
	sc09, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("SC09,AG"))
	require.NoError(t, os.WriteFile(path, bytes.ReplaceAll(b, sc01, sc09), 0o644))
	for _, l := range []string{"en", "zh"} {
		code, stdout, stderr := runCmd("solve", "-cohort", cohort, "-out", filepath.Join(dir, "r.json"), "-lang", l)
		require.Equal(t, 2, code, stdout+stderr)
		require.Empty(t, stdout)
		golden.Check(t, filepath.Join("testdata", "inputs", "rejected-warnings."+l+".golden"), stderr)
	}
}

// A result workbook given as the cohort is said to be one, whole in the
// planner's language.
func TestResultWorkbookAsCohort(t *testing.T) {
	dir := t.TempDir()
	for _, l := range []string{"en", "zh"} {
		result := filepath.Join(dir, "r-"+l+".xlsx")
		code, stdout, stderr := runCmd("solve", "-cohort", "testdata/tiny.json", "-out", result, "-lang", l)
		require.Equal(t, 0, code, stdout+stderr)
		code, stdout, stderr = runCmd("solve", "-cohort", result, "-out", filepath.Join(dir, "x.json"), "-lang", l)
		require.Equal(t, 2, code, stdout+stderr)
		golden.Check(t, filepath.Join("testdata", "inputs", "result-as-cohort."+l+".golden"), strings.ReplaceAll(stderr, dir, "DIR"))
	}
}
