package main

import (
	"context"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
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
	// A CSV result as written before it carried its run.
	oldCSV := filepath.Join(dir, "old.csv")
	b, err := os.ReadFile(res[".csv"])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(oldCSV, b, 0o644))
	stripRun(t, oldCSV)

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
		{"CSV result, another seed", []string{"check", "-cohort", cohort, "-result", res[".csv"], "-seed", "99"}, "-seed 99, but the file says 7"},
		{"CSV result, another mechanism", []string{"check", "-cohort", cohort, "-result", pda, "-mechanism", "student-da"}, "-mechanism student-da, but the file says position-da"},
		{"old CSV result without its seed, explain", []string{"explain", "-cohort", cohort, "-result", oldCSV, "-student", "S0000001"}, "does not hold under seed 0"},
		{"old CSV result without its seed, report", []string{"report", "-cohort", cohort, "-result", oldCSV}, "give the -seed"},
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
		{"explain", "-cohort", cohort, "-result", res[".csv"], "-student", "S0000001"},
		{"check", "-cohort", cohort, "-result", res[".csv"]},
		{"explain", "-cohort", cohort, "-result", oldCSV, "-seed", "7", "-student", "S0000001"},
		{"report", "-cohort", cohort, "-result", res[".xlsx"]},
	} {
		code, stdout, stderr := runCmd(args...)
		assert.Equal(t, 0, code, "%v: %s%s", args, stdout, stderr)
	}
	// A CSV result's mechanism comes from the file.
	code, stdout, stderr := runCmd("explain", "-cohort", cohort, "-result", pda, "-student", "S0000001")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "(position-da)")
	// An old one's, from -mechanism.
	stripRun(t, pda)
	code, stdout, stderr = runCmd("explain", "-cohort", cohort, "-result", pda, "-seed", "7", "-mechanism", "position-da", "-student", "S0000001")
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
	mustRun(t, "check", "-cohort", cohort, "-result", lean)
	fromFull := mustRun(t, "explain", "-cohort", cohort, "-result", full, "-student", "S0000002")
	fromLean := mustRun(t, "explain", "-cohort", cohort, "-result", lean, "-student", "S0000002")
	assert.Equal(t, fromFull, fromLean)
}

// TestInterrupted: a run whose context is cancelled (Ctrl-C) exits with
// 130 and writes nothing, whenever the cancellation comes: before the run,
// in the middle of it, or at its very last look at the context, commit's,
// when every output is already written to its temporary file (which
// discard must then remove); one look later, the run completes.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "c.json")
	mustRun(t, "gen", "-students", "300", "-out", cohort)
	r1, resp := filepath.Join(dir, "r1.json"), filepath.Join(dir, "resp.csv")
	mustRun(t, "solve", "-cohort", cohort, "-out", r1)
	mustRun(t, "gen", "-responses", "-cohort", cohort, "-previous", r1, "-out", resp)
	defer func() { cmdCtx = context.Background() }()
	runs := []struct {
		name string
		args func(out string) []string
	}{
		{"student-da", func(out string) []string {
			return []string{"solve", "-cohort", cohort, "-mechanism", "student-da", "-out", out + ".json"}
		}},
		{"optimal", func(out string) []string {
			return []string{"solve", "-cohort", cohort, "-mechanism", "optimal", "-out", out + ".json"}
		}},
		{"demo", func(out string) []string { return []string{"demo", "-out", out, "-scale", "0.1"} }},
		{"round", func(out string) []string {
			return []string{"round", "-cohort", cohort, "-previous", r1, "-responses", resp, "-out", out + ".xlsx", "-cohort-out", out + "-cohort.json"}
		}},
	}
	for _, r := range runs {
		// How many times an uninterrupted run looks at its context.
		counter := newCountdown(math.MaxInt64)
		cmdCtx = counter
		ok := filepath.Join(t.TempDir(), r.name)
		mustRun(t, r.args(ok)...)
		looks := math.MaxInt64 - counter.left.Load()
		require.Positive(t, looks, r.name)
		for _, k := range []int64{0, looks / 2, looks - 1, looks} {
			out := filepath.Join(t.TempDir(), r.name)
			cmdCtx = newCountdown(k)
			code, stdout, stderr := runCmd(r.args(out)...)
			folder := filepath.Dir(out)
			if k == looks {
				require.Equal(t, 0, code, "%s, uninterrupted: %s", r.name, stdout+stderr)
				continue
			}
			assert.Equal(t, exitInterrupted, code, "%s after %d of %d looks: %s", r.name, k, looks, stdout+stderr)
			assert.Contains(t, stderr, "interrupted; nothing written", "%s after %d looks", r.name, k)
			var left []string
			require.NoError(t, filepath.WalkDir(folder, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					left = append(left, path)
				}
				return err
			}))
			assert.Empty(t, left, "%s after %d of %d looks", r.name, k, looks)
		}
	}
}

// countdownCtx is a context whose Err turns to context.Canceled once it
// has been asked left times: a cancellation at a chosen point of a run,
// the same in every run (the commands poll Err; none waits on Done).
type countdownCtx struct {
	context.Context
	left atomic.Int64
}

func newCountdown(left int64) *countdownCtx {
	c := &countdownCtx{Context: context.Background()}
	c.left.Store(left)
	return c
}

func (c *countdownCtx) Err() error {
	if c.left.Add(-1) < 0 {
		c.left.Store(-1) // stays cancelled
		return context.Canceled
	}
	return nil
}

// TestCheckBeforePool: results written before the optimal network had its
// pool node (testdata/before-pool, from commit ee9bb6b), whose
// certificates hold one potential fewer than today's, still check, with
// their certificates; and a certificate with one potential changed fails.
func TestCheckBeforePool(t *testing.T) {
	dir := t.TempDir()
	for _, obj := range []string{"rank-sum", "rank-maximal", "generous"} {
		old := filepath.Join("testdata", "before-pool", "quotas-"+obj+".json")
		now := filepath.Join(dir, obj+".json")
		mustRun(t, "solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-objective", obj, "-out", now)
		require.Equal(t, len(potentials(t, now)), len(potentials(t, old))+1, "%s: the file predates the pool node", obj)

		out := mustRun(t, "check", "-cohort", "testdata/quotas.json", "-result", old)
		assert.Contains(t, out, "certificate checked", obj)

		raw, err := os.ReadFile(old)
		require.NoError(t, err)
		var res map[string]any
		require.NoError(t, json.Unmarshal(raw, &res))
		pot := res["certificate"].(map[string]any)["phases"].([]any)[0].(map[string]any)["potentials"].([]any)
		pot[0] = pot[0].(float64) + 1000
		bad, err := json.Marshal(res)
		require.NoError(t, err)
		badPath := filepath.Join(dir, obj+"-changed.json")
		require.NoError(t, os.WriteFile(badPath, bad, 0o644))
		code, stdout, stderr := runCmd("check", "-cohort", "testdata/quotas.json", "-result", badPath)
		assert.Equal(t, 1, code, "%s: a changed potential must fail: %s", obj, stdout+stderr)
		assert.Contains(t, stdout+stderr, "certificate rejected", obj)
	}
}

// potentials returns the first phase's potentials of the certificate in the
// result file at path.
func potentials(t *testing.T, path string) []any {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var res struct {
		Certificate struct {
			Phases []struct {
				Potentials []any `json:"potentials"`
			} `json:"phases"`
		} `json:"certificate"`
	}
	require.NoError(t, json.Unmarshal(raw, &res))
	require.NotEmpty(t, res.Certificate.Phases, path)
	return res.Certificate.Phases[0].Potentials
}
