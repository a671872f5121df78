package matching_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestOptimalReferenceCases runs the optimal allocation on the reference
// cohorts (testdata/stable, from the shared cases): every optimum passes
// every checker and its certificate, and for every objective is no worse
// than either stable matching that the independent solver found (they
// meet every quota of these cohorts, which have only capacities and
// rankings).
func TestOptimalReferenceCases(t *testing.T) {
	names, err := filepath.Glob("testdata/stable/*.cohort.json")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	ctx := context.Background()
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), ".cohort.json")
		t.Run(base, func(t *testing.T) {
			c, err := model.LoadJSON(os.DirFS("testdata/stable"), base+".cohort.json", nil)
			require.NoError(t, err)
			raw, err := os.ReadFile(filepath.Join("testdata/stable", base+".expected.json"))
			require.NoError(t, err)
			type side struct {
				Matching map[string]string `json:"matching"`
			}
			var want struct {
				StudentOptimal  side `json:"student_optimal"`
				PositionOptimal side `json:"position_optimal"`
			}
			require.NoError(t, json.Unmarshal(raw, &want))
			inst, err := matching.Compile(ctx, c, nil)
			require.NoError(t, err)
			worst := 0
			for s := range c.Students() {
				_, ranks := inst.Acceptable(s)
				for _, r := range ranks {
					worst = max(worst, r)
				}
			}
			for _, obj := range objectives {
				r, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: obj})
				require.NoError(t, err)
				verifyOptimal(t, inst, r, obj)
				got := make([]int, len(c.Students()))
				for s := range got {
					got[s] = r.Position(s)
				}
				for _, ref := range []side{want.StudentOptimal, want.PositionOptimal} {
					m := make([]int, len(c.Students()))
					for s, st := range c.Students() {
						m[s] = -1
						if id, ok := ref.Matching[st.ID]; ok {
							m[s], _ = c.PositionIndex(id)
						}
					}
					require.LessOrEqual(t, slices.Compare(objectiveKey(c, got, obj, worst), objectiveKey(c, m, obj, worst)), 0, "%v", obj)
				}
			}
		})
	}
}
