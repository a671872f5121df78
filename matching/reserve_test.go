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

// TestReserveViolation places by hand a student outside a county in the
// one seat reserved, empty if unused, for that county: Check reports the
// seat (the position's own choice function would not keep the student) and
// the county's student who listed it as a blocking pair.
func TestReserveViolation(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "regions": [{"id": "C1", "kind": "county"}, {"id": "C2", "kind": "county"}],
	  "positions": [{"id": "P1", "capacity": 1,
	    "reserved": [{"category": "county:C1", "seats": 1, "unused": "empty"}]}],
	  "students": [
	    {"id": "A", "region": "C1", "score": 50, "choices": ["P1"]},
	    {"id": "B", "region": "C2", "score": 90, "choices": ["P1"]}
	  ]
	}`), "", nil)
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	f := matching.Check(inst, []matching.Placement{{Student: 0, Position: -1}, {Student: 1, Position: 0}})
	var kinds []matching.FindingKind
	for _, x := range f {
		kinds = append(kinds, x.Kind)
	}
	require.Equal(t, []matching.FindingKind{matching.ReserveViolation, matching.BlockingPair}, kinds, "%v", f)
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		r, err := matching.Solve(context.Background(), inst, m, nil)
		require.NoError(t, err)
		require.Empty(t, matching.CheckResult(r))
		require.Equal(t, 0, r.Position(0))
		require.Equal(t, -1, r.Position(1))
		why := r.Why(1)
		require.Len(t, why, 1)
		require.Equal(t, matching.RefusedReserved, why[0].Kind, why[0].Detail)
	}
}

// TestReserveRoundTrip writes results of synthetic group cohorts (with
// special posts, order classes and county reserves) under each seat order,
// reads them back and checks them under the order the file names.
func TestReserveRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := synthCohort(t, 5, true)
	for _, order := range []matching.ReserveOrder{matching.ReservedFirst, matching.OpenFirst} {
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: 3, ReserveOrder: order})
		require.NoError(t, err)
		for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
			r, err := matching.Solve(ctx, inst, m, nil)
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, matching.WriteResultJSON(&buf, r, nil))
			require.NotContains(t, buf.String(), "null")
			rf, err := matching.ReadResultJSON(&buf, c)
			require.NoError(t, err)
			got, err := matching.ParseReserveOrder(rf.ReserveOrder)
			require.NoError(t, err)
			require.Equal(t, order, got)
			back, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: rf.Seed, ReserveOrder: got})
			require.NoError(t, err)
			require.Empty(t, matching.Check(back, rf.Placements))
			require.NotEmpty(t, r.SpecialPostsByCounty())
			for _, row := range r.SpecialPostsByCounty() {
				require.LessOrEqual(t, row.Filled, row.Posts)
				require.LessOrEqual(t, row.Placed, row.Students)
			}
		}
	}
	for _, s := range []string{"", "reserved-first", "open-first"} {
		o, err := matching.ParseReserveOrder(s)
		require.NoError(t, err)
		if s != "" {
			require.Equal(t, s, o.String())
		}
	}
	_, err := matching.ParseReserveOrder("last")
	require.ErrorContains(t, err, "matching: ")
	_, err = matching.Compile(ctx, c, &matching.CompileOptions{ReserveOrder: 9})
	require.ErrorContains(t, err, "matching: ")
}
