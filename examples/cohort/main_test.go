package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/model"
)

// TestGroupSummary checks the printed summary of the group preset against
// testdata/group.golden (go test -update rewrites it after a deliberate
// change to the generator or the summary).
func TestGroupSummary(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, 1, 2026, "", ""))
	golden.Check(t, filepath.Join("testdata", "group.golden"), out.String())
}

// TestWritesFiles checks that the files written read back to the same
// cohort in both formats.
func TestWritesFiles(t *testing.T) {
	dir := t.TempDir()
	jsonFile, csvDir := filepath.Join(dir, "group.json"), filepath.Join(dir, "csv")
	var out bytes.Buffer
	require.NoError(t, run(&out, 0.2, 7, jsonFile, csvDir))
	a, err := model.LoadJSON(os.DirFS(dir), "group.json", nil)
	require.NoError(t, err)
	b, err := model.LoadCSV(os.DirFS(csvDir), ".", nil)
	require.NoError(t, err)
	if d := cmp.Diff(a.Data(), b.Data()); d != "" {
		t.Errorf("JSON and CSV differ (-json +csv):\n%s", d)
	}
	var again bytes.Buffer
	s := model.Summarize(a)
	require.NoError(t, s.WriteText(&again))
	require.Equal(t, out.String(), again.String())
}
