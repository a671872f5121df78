package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
	others := []string{filepath.Join(dir, "folder"), filepath.Join(dir, "old.xls"), named, cohortXLSX}

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
