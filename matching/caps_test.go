package matching_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// An enterprise with a cap whose positions lie in two regions, one of them
// capped, makes caps that cross: the stable mechanisms refuse it by name
// rather than run choice functions that would not be substitutable.
func TestCrossingCaps(t *testing.T) {
	cohort := func(regionCap int) *model.Cohort {
		c, err := model.ReadJSON(strings.NewReader(`{
		  "regions": [{"id": "C1", "kind": "county", "cap": `+strconv.Itoa(regionCap)+`}, {"id": "C2", "kind": "county"}],
		  "enterprises": [{"id": "E1", "region": "C1", "cap": 2}],
		  "positions": [
		    {"id": "P1", "capacity": 2, "enterprise": "E1"},
		    {"id": "P2", "capacity": 2, "enterprise": "E1", "region": "C2"}
		  ],
		  "students": [{"id": "A", "choices": ["P1", "P2"]}]
		}`), "", nil)
		require.NoError(t, err)
		return c
	}
	inst, err := matching.Compile(context.Background(), cohort(3), nil)
	require.NoError(t, err)
	require.ErrorContains(t, inst.CapsError(), `enterprise "E1" has a cap and positions in region "C1" and region "C2"`)
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		_, err := matching.Solve(context.Background(), inst, m, nil)
		require.Equal(t, inst.CapsError(), err)
	}
	// Without the regional cap, the enterprise's cap alone is a tree.
	inst, err = matching.Compile(context.Background(), cohort(0), nil)
	require.NoError(t, err)
	require.NoError(t, inst.CapsError())
	require.True(t, inst.HasCaps())
	for p := range 2 {
		target, ok := inst.Target(p)
		require.True(t, ok)
		require.Equal(t, 1, target) // 2 × 2/4
	}
}
