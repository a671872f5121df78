package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultFileContract: the verbs that read a result refuse one of
// another cohort, refuse flags that contradict what the file states, and
// refuse to explain or report a CSV result that does not hold under the
// lottery it is read with (it was computed under another -seed), instead
// of explaining it wrongly.
func TestResultFileContract(t *testing.T) {
	dir := t.TempDir()
	cohort, other := filepath.Join(dir, "c.json"), filepath.Join(dir, "other.json")
	code, _, stderr := runCmd("gen", "-seed", "2026", "-out", cohort)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCmd("gen", "-seed", "1", "-out", other)
	require.Equal(t, 0, code, stderr)
	res := map[string]string{}
	for _, ext := range []string{".json", ".csv", ".xlsx"} {
		res[ext] = filepath.Join(dir, "r"+ext)
		code, _, stderr := runCmd("solve", "-cohort", cohort, "-seed", "7", "-out", res[ext])
		require.Equal(t, 0, code, stderr)
	}
	foreign := filepath.Join(dir, "foreign.json")
	code, _, stderr = runCmd("solve", "-cohort", other, "-out", foreign)
	require.Equal(t, 0, code, stderr)
	pda := filepath.Join(dir, "pda.csv")
	code, _, stderr = runCmd("solve", "-cohort", cohort, "-mechanism", "position-da", "-seed", "7", "-out", pda)
	require.Equal(t, 0, code, stderr)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"check, another cohort", []string{"check", "-cohort", cohort, "-result", foreign}, `a result of cohort "group 2026 (synthetic, scale 1, seed 1)"`},
		{"explain, another cohort", []string{"explain", "-cohort", cohort, "-result", foreign, "-student", "S0000001"}, "a result of cohort"},
		{"report, another cohort", []string{"report", "-cohort", cohort, "-result", res[".json"], "-result2", foreign}, "a result of cohort"},
		{"JSON result, another seed", []string{"check", "-cohort", cohort, "-result", res[".json"], "-seed", "99"}, "-seed 99, but the file says 7"},
		{"workbook, another seed", []string{"explain", "-cohort", cohort, "-result", res[".xlsx"], "-seed", "99", "-student", "S0000001"}, "-seed 99, but the file says 7"},
		{"JSON result, another mechanism", []string{"report", "-cohort", cohort, "-result", res[".json"], "-mechanism", "optimal"}, "-mechanism optimal, but the file says student-da"},
		{"CSV result without its seed, explain", []string{"explain", "-cohort", cohort, "-result", res[".csv"], "-student", "S0000001"}, "does not hold under seed 0"},
		{"CSV result without its seed, report", []string{"report", "-cohort", cohort, "-result", res[".csv"]}, "give the -seed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			assert.Equal(t, 2, code, stdout+stderr)
			assert.Contains(t, stderr, tc.want)
		})
	}

	// The same files with the right flags, or with flags that agree.
	for _, args := range [][]string{
		{"check", "-cohort", cohort, "-result", res[".json"], "-seed", "7"},
		{"explain", "-cohort", cohort, "-result", res[".csv"], "-seed", "7", "-student", "S0000001"},
		{"report", "-cohort", cohort, "-result", res[".xlsx"]},
	} {
		code, stdout, stderr := runCmd(args...)
		assert.Equal(t, 0, code, "%v: %s%s", args, stdout, stderr)
	}
	// A CSV result's mechanism comes from -mechanism.
	code, stdout, stderr := runCmd("explain", "-cohort", cohort, "-result", pda, "-seed", "7", "-mechanism", "position-da", "-student", "S0000001")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "(position-da)")
}
