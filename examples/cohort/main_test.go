package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// TestGroupSummary checks the printed summary of the group preset against
// testdata/group.golden (go test -update rewrites it after a deliberate
// change to the generator or the summary).
func TestGroupSummary(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, 1, 2026, "", ""))
	golden := filepath.Join("testdata", "group.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if d := cmp.Diff(string(want), out.String()); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
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
