package matching_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestEmptyCohorts runs everything on cohorts with no students, no
// positions, or nothing acceptable: nothing may panic, lists are [] and
// every unplaced student gets the right reason.
func TestEmptyCohorts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		data    model.Data
		reasons []matching.Reason
	}{
		{"nothing", model.Data{}, nil},
		{"no positions", model.Data{Students: []model.Student{{ID: "S1"}}}, []matching.Reason{matching.EmptyList}},
		{"no seats", model.Data{
			Positions: []model.Position{{ID: "P1"}},
			Students:  []model.Student{{ID: "S1", Choices: []string{"P1"}}},
		}, []matching.Reason{matching.Rejected}},
		{"reasons", model.Data{
			Majors: []model.Major{{ID: "A"}, {ID: "B"}},
			Positions: []model.Position{
				{ID: "P1", Capacity: 1, Majors: []string{"A"}},
				{ID: "P2", Capacity: 1, Ranking: []string{"S3"}},
			},
			Students: []model.Student{
				{ID: "S1", Major: "B", Choices: []string{"P1"}},
				{ID: "S2", Major: "B", Choices: []string{"P1", "P2"}},
				{ID: "S3", Major: "A", Choices: []string{"P2", "P1"}},
				{ID: "S4", Major: "A"},
			},
		}, []matching.Reason{matching.NoEligibleChoice, matching.NotRanked, matching.Unassigned, matching.EmptyList}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := model.New(tc.data, nil)
			require.NoError(t, err)
			inst, err := matching.Compile(context.Background(), c, nil)
			require.NoError(t, err)
			for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
				r, err := matching.Solve(context.Background(), inst, m, nil)
				require.NoError(t, err)
				require.Empty(t, matching.CheckResult(r))
				for s, want := range tc.reasons {
					require.Equal(t, want, r.Reason(s), "student %d", s)
				}
				var buf bytes.Buffer
				require.NoError(t, matching.WriteResultJSON(&buf, r, nil))
				require.NotContains(t, buf.String(), "null")
				if r.Placed() == 0 {
					require.Contains(t, buf.String(), `"assignments": []`)
					require.Contains(t, buf.String(), `"by_rank": []`)
				}
				if len(tc.reasons) == 0 {
					require.Contains(t, buf.String(), `"unplaced": []`)
				}
				rf, err := matching.ReadResultJSON(strings.NewReader(buf.String()), c)
				require.NoError(t, err)
				require.Empty(t, matching.Check(inst, rf.Placements))
			}
		})
	}
}
