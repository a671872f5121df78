package main

import (
	"context"
	"os"
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
	mustRun(t, "gen", "-seed", "2026", "-out", cohort)
	mustRun(t, "gen", "-seed", "1", "-out", other)
	res := map[string]string{}
	for _, ext := range []string{".json", ".csv", ".xlsx"} {
		res[ext] = filepath.Join(dir, "r"+ext)
		mustRun(t, "solve", "-cohort", cohort, "-seed", "7", "-out", res[ext])
	}
	foreign := filepath.Join(dir, "foreign.json")
	mustRun(t, "solve", "-cohort", other, "-out", foreign)
	pda := filepath.Join(dir, "pda.csv")
	mustRun(t, "solve", "-cohort", cohort, "-mechanism", "position-da", "-seed", "7", "-out", pda)

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

// TestWhatifOutputs: whatif writes the changed cohort in the format its
// name asks for, and writes nothing (and prints nothing) when one of its
// outputs cannot be written.
func TestWhatifOutputs(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "c.json")
	mustRun(t, "gen", "-students", "200", "-out", cohort)
	changes := filepath.Join(dir, "ch.json")
	require.NoError(t, os.WriteFile(changes, []byte(`{"format": "placement-changes/1", "changes": [{"students": ["S0000001"], "withdraw": true}]}`), 0o644))

	out, cc := filepath.Join(dir, "r.json"), filepath.Join(dir, "changed.xlsx")
	mustRun(t, "whatif", "-cohort", cohort, "-changes", changes, "-out", out, "-changed-cohort", cc)
	code, stdout, stderr := runCmd("check", "-cohort", cc, "-result", out)
	require.Equal(t, 0, code, stdout+stderr)

	out2 := filepath.Join(dir, "r2.json")
	code, stdout, stderr = runCmd("whatif", "-cohort", cohort, "-changes", changes, "-out", out2, "-diff", filepath.Join(dir, "no", "d.json"))
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "write "+filepath.Join(dir, "no", "d.json"))
	assert.NoFileExists(t, out2)

	code, _, stderr = runCmd("whatif", "-cohort", cohort, "-changes", changes, "-list", "-1")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "-list")
}

// TestReportWritesAllOrNothing: a report whose charts cannot be written
// leaves no page either.
func TestReportWritesAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	cohort, res := filepath.Join(dir, "c.json"), filepath.Join(dir, "r.json")
	mustRun(t, "gen", "-students", "200", "-out", cohort)
	mustRun(t, "solve", "-cohort", cohort, "-out", res)
	notDir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notDir, nil, 0o644))
	page := filepath.Join(dir, "page.html")
	code, stdout, stderr := runCmd("report", "-cohort", cohort, "-result", res, "-html", page, "-charts", filepath.Join(notDir, "charts"))
	assert.Equal(t, 2, code, stdout+stderr)
	assert.Empty(t, stdout)
	assert.NoFileExists(t, page)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "temporary files left behind: %v", entries)
}

// TestSolveWithoutRefusals: -refusals=false leaves the refusals out of a
// JSON result, which then checks and explains as the full one does.
func TestSolveWithoutRefusals(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "c.json")
	mustRun(t, "gen", "-students", "300", "-out", cohort)
	full, lean := filepath.Join(dir, "full.json"), filepath.Join(dir, "lean.json")
	mustRun(t, "solve", "-cohort", cohort, "-out", full)
	mustRun(t, "solve", "-cohort", cohort, "-refusals=false", "-out", lean)
	a, err := os.ReadFile(full)
	require.NoError(t, err)
	b, err := os.ReadFile(lean)
	require.NoError(t, err)
	assert.Contains(t, string(a), `"refusals": [`)
	assert.NotContains(t, string(b), `"refusals"`)
	assert.Less(t, len(b), len(a)/2)
	code, out, stderr := runCmd("check", "-cohort", cohort, "-result", lean)
	require.Equal(t, 0, code, out+stderr)
	_, fromFull, _ := runCmd("explain", "-cohort", cohort, "-result", full, "-student", "S0000002")
	code, fromLean, stderr := runCmd("explain", "-cohort", cohort, "-result", lean, "-student", "S0000002")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, fromFull, fromLean)
}

// TestInterrupted: a run whose context is cancelled (Ctrl-C) exits with
// 130 and writes nothing.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "c.json")
	mustRun(t, "gen", "-students", "300", "-out", cohort)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cmdCtx = ctx
	defer func() { cmdCtx = context.Background() }()
	for _, mech := range []string{"student-da", "optimal"} {
		out := filepath.Join(dir, mech+".json")
		code, stdout, stderr := runCmd("solve", "-cohort", cohort, "-mechanism", mech, "-out", out)
		assert.Equal(t, exitInterrupted, code, stdout+stderr)
		assert.Contains(t, stderr, "interrupted; nothing written")
		assert.NoFileExists(t, out)
	}
	code, _, stderr := runCmd("demo", "-out", filepath.Join(dir, "demo"), "-scale", "0.1")
	assert.Equal(t, exitInterrupted, code, stderr)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "%v", entries) // c.json and demo's empty folder
}
