package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
)

// optimalCSV writes the rank-sum optimal allocation of the cohort at path
// under seed as a CSV result, as solve did before it refused to (a CSV
// file cannot carry the certificate): such files must still read.
func optimalCSV(t *testing.T, cohort string, seed uint64, out string) {
	t.Helper()
	c, err := loadCohort(cohort)
	require.NoError(t, err)
	inst, err := matching.Compile(t.Context(), c, &matching.CompileOptions{Seed: seed})
	require.NoError(t, err)
	res, err := matching.SolveOptimal(t.Context(), inst, &matching.OptimalOptions{Objective: matching.RankSum})
	require.NoError(t, err)
	f, err := os.Create(out)
	require.NoError(t, err)
	require.NoError(t, matching.WriteResultCSV(f, res))
	require.NoError(t, f.Close())
}
