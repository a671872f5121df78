package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/stretchr/testify/require"
)

// TestScenarios checks the printed study of the group preset against
// testdata/whatif.golden (go test -update rewrites it after a deliberate
// change to the generator, the mechanisms or the diff).
func TestScenarios(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, 2026, 12))
	golden.Check(t, filepath.Join("testdata", "whatif.golden"), out.String())
}
