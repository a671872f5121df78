package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSolveOptimalAndCheck(t *testing.T) {
	dir := t.TempDir()
	for _, cohort := range []string{"testdata/quotas.json", "testdata/tiny.json", "testdata/reserves.json"} {
		for _, obj := range []string{"rank-sum", "rank-maximal", "generous"} {
			out := filepath.Join(dir, filepath.Base(cohort)+"-"+obj+".json")
			code, stdout, stderr := runCmd("solve", "-cohort", cohort, "-mechanism", "optimal", "-objective", obj, "-compare", "-out", out)
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, stdout, "optimal allocation (optimal), objective ")
			assert.Contains(t, stdout, " ("+obj+"): ")
			assert.Contains(t, stdout, "; objective value: ")
			assert.Contains(t, stdout, "price of stability")
			code, stdout, stderr = runCmd("check", "-cohort", cohort, "-result", out)
			require.Equal(t, 0, code, stdout+stderr)
			assert.Contains(t, stdout, "("+obj+"), certificate checked")
		}
	}
	// Every student of the quotas cohort is placed, both special-post
	// students in special posts, and the value is in the file.
	out := filepath.Join(dir, "quotas.json-rank-sum.json")
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	var got struct {
		Mechanism string `json:"mechanism"`
		Objective string `json:"objective"`
		Value     []struct {
			Criterion string `json:"criterion"`
			Value     int64  `json:"value"`
		} `json:"objective_value"`
		Summary struct {
			Placed    int `json:"placed"`
			TotalRank int `json:"total_rank"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(raw, &got))
	assert.Equal(t, "optimal", got.Mechanism)
	assert.Equal(t, "rank-sum", got.Objective)
	assert.Equal(t, 8, got.Summary.Placed)
	require.Len(t, got.Value, 2)
	assert.Equal(t, int64(got.Summary.TotalRank), got.Value[1].Value)
}

func TestCheckOptimalRejects(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.json")
	code, _, stderr := runCmd("solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-out", out)
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"a stated value that the allocation does not reach", `"value": 12}`, `"value": 11}`, "objective value"},
		{"potentials that prove nothing", `"potentials": [`, `"potentials": [7, `, "certificate rejected"},
		{"a special-post student left out", `{"student": "S7", "position": "SP1", "rank": 1}`, `{"student": "S8", "position": "P1", "rank": 1}`, "special-post"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(raw), tc.old, tc.new, 1)
			require.NotEqual(t, string(raw), bad)
			if tc.name == "a special-post student left out" {
				// move S7 to the unplaced list, keep S8 once
				bad = strings.Replace(string(raw), tc.old+",", "", 1)
				bad = strings.Replace(bad, `"unplaced": [`, `"unplaced": [{"student": "S7", "reason": "x"}`, 1)
			}
			f := filepath.Join(dir, "bad.json")
			require.NoError(t, os.WriteFile(f, []byte(bad), 0o644))
			code, stdout, _ := runCmd("check", "-cohort", "testdata/quotas.json", "-result", f)
			assert.Equal(t, 1, code, stdout)
			assert.Contains(t, stdout, tc.want)
		})
	}
}

func TestSolveOptimalInfeasible(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCmd("solve", "-cohort", "testdata/infeasible.json", "-mechanism", "optimal", "-out", out)
	assert.Equal(t, 3, code)
	assert.Contains(t, stderr, `position "P1" minimum fill 3`)
	assert.Contains(t, stderr, "short 1")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no result file for an infeasible cohort")
}

// TestExportFlow: the exported network solves, with placement flow, to the
// cost that the solve's objective value gives through the stated weights.
func TestExportFlow(t *testing.T) {
	dir := t.TempDir()
	for _, obj := range []string{"rank-sum", "rank-maximal", "generous"} {
		min := filepath.Join(dir, obj+".min")
		code, stdout, stderr := runCmd("export-flow", "-cohort", "testdata/quotas.json", "-objective", obj, "-out", min)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, stdout, "nodes")
		raw, err := os.ReadFile(min)
		require.NoError(t, err)
		code, stdout, stderr = runCmd("flow", min)
		require.Equal(t, 0, code, stderr)
		cost, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(stdout, "s ")), 10, 64)
		require.NoError(t, err)
		// c cost +OFFSET = W·(name) + ...
		m := regexp.MustCompile(`c cost ([+-]\d+) = (.*) \(`).FindStringSubmatch(string(raw))
		require.NotNil(t, m, "weights comment")
		off, _ := strconv.ParseInt(m[1], 10, 64)
		res := filepath.Join(dir, obj+".json")
		code, _, stderr = runCmd("solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-objective", obj, "-out", res)
		require.Equal(t, 0, code, stderr)
		rj, err := os.ReadFile(res)
		require.NoError(t, err)
		var got struct {
			Value []struct {
				Criterion, Sense string
				Value            int64
			} `json:"objective_value"`
		}
		require.NoError(t, json.Unmarshal(rj, &got))
		want := int64(0)
		for _, term := range strings.Split(m[2], " + ") {
			w, name, _ := strings.Cut(term, "·(")
			name = strings.TrimSuffix(name, ")")
			wi, _ := strconv.ParseInt(w, 10, 64)
			for _, v := range got.Value {
				if v.Criterion == name {
					x := v.Value
					if v.Sense == "max" {
						x = -x
					}
					want += wi * x
				}
			}
		}
		assert.Equal(t, want, cost+off, "%s: %s", obj, m[0])
	}
}

func TestExportFlowErrors(t *testing.T) {
	code, _, _ := runCmd("export-flow", "-cohort", "testdata/quotas.json")
	assert.Equal(t, 2, code)
	code, _, _ = runCmd("export-flow", "-cohort", "testdata/quotas.json", "-objective", "nope", "-out", filepath.Join(t.TempDir(), "x.min"))
	assert.Equal(t, 2, code)
	code, _, _ = runCmd("solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-objective", "nope", "-out", filepath.Join(t.TempDir(), "x.json"))
	assert.Equal(t, 2, code)
}

// TestCheckOptimalCSV: solve no longer writes an optimal result as CSV,
// but one written before (or by the library) still checks, with
// -objective, without its certificate.
func TestCheckOptimalCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	code, _, stderr := runCmd("solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-out", out)
	require.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "write it as .xlsx or .json")
	assert.NoFileExists(t, out)
	optimalCSV(t, "testdata/quotas.json", 0, out)
	// The file says its mechanism and objective.
	code, stdout, stderr := runCmd("check", "-cohort", "testdata/quotas.json", "-result", out)
	assert.Equal(t, 0, code, stdout+stderr)
	assert.Contains(t, stdout, "optimality not checked")
	// Written before CSV results carried their run: -objective says it.
	stripRun(t, out)
	code, stdout, _ = runCmd("check", "-cohort", "testdata/quotas.json", "-result", out)
	assert.Equal(t, 1, code, "as a stable result, the optimum has blocking pairs")
	assert.Contains(t, stdout, "blocking pair")
	code, stdout, stderr = runCmd("check", "-cohort", "testdata/quotas.json", "-result", out, "-objective", "rank-sum")
	assert.Equal(t, 0, code, stdout+stderr)
	assert.Contains(t, stdout, "optimality not checked")
}

func TestSolveOptimalCrossing(t *testing.T) {
	cohort := filepath.Join(t.TempDir(), "crossing.json")
	require.NoError(t, os.WriteFile(cohort, []byte(`{"regions": [{"id": "C1", "kind": "county", "cap": 1}, {"id": "C2", "kind": "county"}],
		"enterprises": [{"id": "E1", "region": "C1", "cap": 2}, {"id": "E2", "region": "C1"}],
		"positions": [{"id": "P1", "enterprise": "E1", "capacity": 2}, {"id": "P2", "enterprise": "E1", "region": "C2", "capacity": 2},
			{"id": "P3", "enterprise": "E2", "capacity": 1}],
		"students": [{"id": "S1", "choices": ["P1", "P2", "P3"]}]}`), 0o644))
	code, _, stderr := runCmd("solve", "-cohort", cohort, "-mechanism", "optimal", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `enterprise "E1"`)
	assert.Contains(t, stderr, `region(s) "C1"`)
}
