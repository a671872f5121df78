package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/stretchr/testify/require"
)

// TestGroup checks the program's output against testdata/group.golden (go
// test -update rewrites it after a deliberate change). The program checks
// both allocations itself (the stable one's stability and rules, the
// optimal one's quotas and certificate) and fails on any finding.
func TestGroup(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, 1, 2026, ""))
	golden.Check(t, filepath.Join("testdata", "group.golden"), out.String())
}

// TestGroupReport writes the report and finds every chart of the report
// package in it.
func TestGroupReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	var out bytes.Buffer
	require.NoError(t, run(&out, 0.2, 3, path))
	page, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, id := range []string{"rank", "unplaced", "fill-enterprise", "fill-region", "fill-major", "special-posts", "out-of-province", "gains", "blocking"} {
		require.Contains(t, string(page), `id="chart-`+id+`"`)
	}
}
