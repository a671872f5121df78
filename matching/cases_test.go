package matching_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestReferenceCases compares both mechanisms with the answers of an
// independent solver (testdata/stable, copied from the shared reference
// cases).
func TestReferenceCases(t *testing.T) {
	names, err := filepath.Glob("testdata/stable/*.cohort.json")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), ".cohort.json")
		t.Run(base, func(t *testing.T) {
			c, err := model.LoadJSON(os.DirFS("testdata/stable"), base+".cohort.json", nil)
			require.NoError(t, err)
			raw, err := os.ReadFile(filepath.Join("testdata/stable", base+".expected.json"))
			require.NoError(t, err)
			type side struct {
				Matching  map[string]string `json:"matching"`
				Unmatched []string          `json:"unmatched"`
			}
			var want struct {
				StudentOptimal  side `json:"student_optimal"`
				PositionOptimal side `json:"position_optimal"`
			}
			require.NoError(t, json.Unmarshal(raw, &want))
			inst, err := matching.Compile(context.Background(), c, nil)
			require.NoError(t, err)
			for _, tc := range []struct {
				m    matching.Mechanism
				want side
			}{{matching.StudentDA, want.StudentOptimal}, {matching.PositionDA, want.PositionOptimal}} {
				r, err := matching.Solve(context.Background(), inst, tc.m, nil)
				require.NoError(t, err)
				got := side{Matching: map[string]string{}, Unmatched: []string{}}
				for s, st := range c.Students() {
					if p := r.Position(s); p >= 0 {
						got.Matching[st.ID] = c.Positions()[p].ID
					} else {
						got.Unmatched = append(got.Unmatched, st.ID)
					}
				}
				if tc.want.Unmatched == nil {
					tc.want.Unmatched = []string{}
				}
				slices.Sort(tc.want.Unmatched)
				slices.Sort(got.Unmatched)
				if d := cmp.Diff(tc.want, got); d != "" {
					t.Errorf("%v (-want +got):\n%s", tc.m, d)
				}
				if f := matching.CheckResult(r); len(f) > 0 {
					t.Errorf("%v: findings: %v", tc.m, f)
				}
			}
		})
	}
}
