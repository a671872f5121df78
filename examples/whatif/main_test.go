package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// TestScenarios checks the printed study of the group preset against
// testdata/whatif.golden (go test -update rewrites it after a deliberate
// change to the generator, the mechanisms or the diff).
func TestScenarios(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, 2026, 12))
	golden := filepath.Join("testdata", "whatif.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if d := cmp.Diff(string(want), out.String()); d != "" {
		t.Errorf("study (-want +got):\n%s", d)
	}
}
