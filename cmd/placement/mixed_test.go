package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMixedFormats runs explain, report and whatif on every pairing of a
// cohort format (JSON, CSV folder, workbook) with a result format (JSON,
// CSV, workbook): the same cohort and the same result say the same thing,
// whatever files carry them.
func TestMixedFormats(t *testing.T) {
	dir := t.TempDir()
	cohorts := []string{"c.json", "c-csv", "c.xlsx"}
	for _, in := range cohorts {
		mustRun(t, "gen", "-students", "400", "-seed", "9", "-out", filepath.Join(dir, in))
	}
	results := []string{"r.json", "r.csv", "r.xlsx"}
	for _, r := range results {
		mustRun(t, "solve", "-cohort", filepath.Join(dir, "c.json"), "-seed", "4", "-out", filepath.Join(dir, r))
	}
	changes := filepath.Join(dir, "changes.json")
	require.NoError(t, os.WriteFile(changes, []byte(`{"format": "placement-changes/1", "changes": [{"students": ["S0000001", "S0000002"], "withdraw": true}]}`), 0o644))

	type verb struct {
		name string
		args func(cohort, result string) []string
	}
	verbs := []verb{
		{"explain student", func(c, r string) []string {
			return []string{"explain", "-cohort", c, "-result", r, "-seed", "4", "-student", "S0000003"}
		}},
		{"explain position", func(c, r string) []string {
			return []string{"explain", "-cohort", c, "-result", r, "-seed", "4", "-position", "P00001", "-limit", "0"}
		}},
		{"report", func(c, r string) []string {
			return []string{"report", "-cohort", c, "-result", r, "-seed", "4"}
		}},
		{"whatif", func(c, r string) []string { // no result file: it solves both
			return []string{"whatif", "-cohort", c, "-changes", changes, "-seed", "4"}
		}},
	}
	for _, v := range verbs {
		want := ""
		for _, c := range cohorts {
			for _, r := range results {
				if v.name == "whatif" && r != results[0] {
					continue // it reads no result: once a cohort format is enough
				}
				code, stdout, stderr := runCmd(v.args(filepath.Join(dir, c), filepath.Join(dir, r))...)
				require.Equal(t, 0, code, "%s on %s and %s: %s", v.name, c, r, stderr)
				if i := strings.LastIndex(stdout, "\n("); v.name == "report" && i >= 0 {
					stdout = stdout[:i] // the timings line
				}
				if want == "" {
					want = stdout
					require.NotEmpty(t, want)
					continue
				}
				assert.Equal(t, want, stdout, "%s on %s and %s", v.name, c, r)
			}
		}
	}
}

// TestMislabelledFiles gives each verb a file whose content is not what
// its name or flag says; each error names the file and exits with 2.
func TestMislabelledFiles(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "c.json")
	mustRun(t, "gen", "-students", "50", "-out", cohort)
	result := filepath.Join(dir, "r.xlsx")
	mustRun(t, "solve", "-cohort", cohort, "-out", result)
	jsonAsXLSX := filepath.Join(dir, "fake.xlsx")
	raw, err := os.ReadFile(cohort)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(jsonAsXLSX, raw, 0o644))
	csvDir := filepath.Join(dir, "csv")
	mustRun(t, "gen", "-students", "50", "-out", csvDir)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"JSON named .xlsx as cohort", []string{"solve", "-cohort", jsonAsXLSX, "-out", filepath.Join(dir, "x.json")}, "fake.xlsx"},
		{"result workbook as cohort", []string{"check", "-cohort", result, "-result", result}, "r.xlsx"},
		{"cohort as result", []string{"check", "-cohort", cohort, "-result", cohort}, "c.json"},
		{"CSV folder as result", []string{"explain", "-cohort", cohort, "-result", csvDir, "-student", "S0000001"}, "csv"},
		{"cohort workbook as result", []string{"report", "-cohort", cohort, "-result", jsonAsXLSX}, "fake.xlsx"},
		{"result as change file", []string{"whatif", "-cohort", cohort, "-changes", result}, "r.xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			assert.Equal(t, 2, code, stdout+stderr)
			assert.Contains(t, stderr, tc.want)
		})
	}
}
