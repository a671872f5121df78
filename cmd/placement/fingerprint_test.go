package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
)

// TestChangedCohort: check, explain and report given a result (JSON, a
// workbook or CSV) computed on
// another version of the cohort say that the cohort has changed (golden
// file), where they used to say that the allocation does not hold under
// its seed; a result file without a fingerprint (written before results
// carried one) still reads, and gets the old message.
func TestChangedCohort(t *testing.T) {
	dir := t.TempDir()
	orig, err := os.ReadFile("testdata/tiny.json")
	require.NoError(t, err)
	cohort := filepath.Join(dir, "tiny.json")
	require.NoError(t, os.WriteFile(cohort, orig, 0o644))
	res, wb, csv := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "r.csv")
	for _, out := range []string{res, wb, csv} {
		mustRun(t, "solve", "-cohort", cohort, "-seed", "7", "-out", out)
		mustRun(t, "check", "-cohort", cohort, "-result", out)
	}

	// The planner raises S1's score after the run: S1 now outranks S2 at
	// P1, where S2 was placed.
	changed := strings.Replace(string(orig), `"id": "S1", "major": "AG", "score": 80`, `"id": "S1", "major": "AG", "score": 95`, 1)
	require.NotEqual(t, string(orig), changed)
	require.NoError(t, os.WriteFile(cohort, []byte(changed), 0o644))

	var out strings.Builder
	for _, args := range [][]string{
		{"check", "-cohort", cohort, "-result", res},
		{"explain", "-cohort", cohort, "-result", res, "-student", "S1"},
		{"report", "-cohort", cohort, "-result", res},
		{"check", "-cohort", cohort, "-result", wb},
		{"explain", "-cohort", cohort, "-result", wb, "-student", "S1"},
		{"check", "-cohort", cohort, "-result", csv, "-seed", "7"},
		{"explain", "-cohort", cohort, "-result", csv, "-seed", "7", "-student", "S1"},
		{"report", "-cohort", cohort, "-result", csv, "-seed", "7"},
	} {
		code, stdout, stderr := runCmd(args...)
		require.Equal(t, 2, code, stdout+stderr)
		if strings.HasSuffix(args[4], ".csv") { // names no cohort
			require.Contains(t, stderr, "this result is of another cohort, or of this one changed since")
		} else {
			require.Contains(t, stderr, "the cohort has changed since this result was computed")
		}
		out.WriteString("$ placement " + strings.ReplaceAll(strings.Join(args, " "), dir, "DIR") + "\n")
		out.WriteString(strings.ReplaceAll(stderr, dir, "DIR"))
	}
	golden.Check(t, "testdata/changed-cohort.golden", out.String())
	// In Chinese, the verb's language.
	code, stdout, stderr := runCmd("check", "-lang", "zh", "-cohort", cohort, "-result", wb)
	require.Equal(t, 2, code, stdout+stderr)
	require.Contains(t, stderr, "r.xlsx：分配数据在计算该结果之后已有改动（数据指纹 ")

	// The same file without its fingerprint: an older file.
	b, err := os.ReadFile(res)
	require.NoError(t, err)
	old := regexp.MustCompile(`\n "cohort_fingerprint": "[0-9a-f]+",`).ReplaceAll(b, nil)
	require.NotEqual(t, b, old)
	require.NoError(t, os.WriteFile(res, old, 0o644))
	code, stdout, stderr = runCmd("explain", "-cohort", cohort, "-result", res, "-student", "S1")
	require.Equal(t, 2, code, stdout+stderr)
	require.Contains(t, stderr, "does not hold under seed 7")

	// A CSV result without the column, as written before it was added.
	b, err = os.ReadFile(csv)
	require.NoError(t, err)
	old = regexp.MustCompile(`(,[^,\n]*){6}\n`).ReplaceAll(b, []byte("\n"))
	require.NotContains(t, string(old), "cohort_fingerprint")
	require.NoError(t, os.WriteFile(csv, old, 0o644))
	code, stdout, stderr = runCmd("explain", "-cohort", cohort, "-result", csv, "-seed", "7", "-student", "S1")
	require.Equal(t, 2, code, stdout+stderr)
	require.Contains(t, stderr, "does not hold under seed 7")
}
