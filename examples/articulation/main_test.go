package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/matching"
)

// TestArticulation checks the program's output against
// testdata/articulation.golden (go test -update rewrites it after a
// deliberate change). The program itself runs the checkers on the
// admission it prints and fails on any finding.
func TestArticulation(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, 1000, 2026))
	golden.Check(t, filepath.Join("testdata", "articulation.golden"), out.String())
}

// TestScoreLine checks what the program claims of admission by score, on
// its own terms rather than through the library's checkers: every major a
// graduate ranked above the one they got (or any, when they got none) is
// full of graduates whose scores are at least theirs, and every major keeps
// to its seats and to the secondary majors it accepts.
func TestScoreLine(t *testing.T) {
	require.Error(t, run(&bytes.Buffer{}, 3, 1))
	ctx := context.Background()
	for seed := range uint64(5) {
		c, err := cohort(400, seed)
		require.NoError(t, err)
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed})
		require.NoError(t, err)
		da, err := matching.StudentProposing(ctx, inst, nil)
		require.NoError(t, err)
		low := map[int]float64{}
		fill := map[int]int{}
		for s, st := range c.Students() {
			if p := da.Position(s); p >= 0 {
				fill[p]++
				require.Contains(t, c.Positions()[p].Majors, st.Major)
				if v, ok := low[p]; !ok || st.Score < v {
					low[p] = st.Score
				}
			}
		}
		for p, pos := range c.Positions() {
			require.LessOrEqual(t, fill[p], pos.Capacity)
		}
		for s, st := range c.Students() {
			for k, q := range c.Choices(s) {
				if k+1 == da.Rank(s) {
					break
				}
				require.Equal(t, c.Positions()[q].Capacity, fill[int(q)], "%s ranked %s higher and it has a seat left", st.ID, c.Positions()[q].ID)
				require.GreaterOrEqual(t, low[int(q)], st.Score, "%s ranked %s higher and scores above its cutoff", st.ID, c.Positions()[q].ID)
			}
		}
	}
}
