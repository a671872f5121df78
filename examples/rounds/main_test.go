package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// TestSeason checks the printed season against testdata/rounds.golden
// (go test -update rewrites it after a deliberate change to the
// generator, the mechanisms or the responses' model), and every
// supplementary round of both seasons with round.Check, the checker that
// shares no code with the mechanisms: the result file against the
// previous result and the responses it names (the chain of
// fingerprints), every guarantee (accepted seats kept, no holder worse
// off, decliners and withdrawers unplaced) and, for the stable season,
// round stability.
func TestSeason(t *testing.T) {
	checked := map[matching.Mechanism]int{}
	check := func(mech matching.Mechanism, l link) error {
		findings, err := round.Check(context.Background(), l.next, l.file, l.prev, l.resp, nil)
		if err != nil {
			return err
		}
		if len(findings) > 0 {
			return fmt.Errorf("%d findings, the first: %v", len(findings), findings[0])
		}
		checked[mech]++
		// The checker is not fooled: the same file with one student who
		// kept their seat moved out of it is refused.
		bad := *l.file
		bad.Placements = slices.Clone(l.file.Placements)
		for i, p := range bad.Placements {
			if p.Position >= 0 && l.next.NumStudents() > p.Student {
				if row := l.file.Rows[i]; row.Answer == model.Accept && row.PreviousPosition != "" {
					bad.Placements[i].Position, bad.Placements[i].Rank = -1, 0
					break
				}
			}
		}
		if f, err := round.Check(context.Background(), l.next, &bad, l.prev, l.resp, nil); err == nil && len(f) == 0 {
			return fmt.Errorf("an accepted student moved out of their seat went unnoticed")
		}
		return nil
	}
	var out bytes.Buffer
	require.NoError(t, run(&out, 2026, check))
	require.Equal(t, map[matching.Mechanism]int{matching.StudentDA: rounds - 1, matching.OptimalAllocation: rounds - 1}, checked)
	golden.Check(t, filepath.Join("testdata", "rounds.golden"), out.String())
}
