package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A planner's folder as Excel on Chinese Windows saves it (GBK; GB18030 for the no-break space, a notes
// column, cells typed by hand) goes through whatif, and the changed cohort
// written as CSV keeps the notes, in UTF-8 with a byte order mark for Excel.
func TestWhatifKeepsPlannerNotes(t *testing.T) {
	dir := t.TempDir()
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
