package matching_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model/synth"
)

// TestNewResult rebuilds every mechanism's result from its placements and
// checks that the rebuilt one explains, cuts off and counts exactly as the
// original, and that NewResult refuses placements that break its rules.
func TestNewResult(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.2, 7))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	var results []*matching.Result
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		r, err := matching.Solve(ctx, inst, m, nil)
		require.NoError(t, err)
		results = append(results, r)
	}
	opt, err := matching.SolveOptimal(ctx, inst, nil)
	require.NoError(t, err)
	results = append(results, opt)
	for _, r := range results {
		t.Run(r.Mechanism().String(), func(t *testing.T) {
			got, err := matching.NewResult(inst, r.Mechanism(), r.Placements())
			require.NoError(t, err)
			require.Equal(t, r.Placements(), got.Placements())
			require.Equal(t, r.ByRank(), got.ByRank())
			require.Equal(t, r.Unplaced(), got.Unplaced())
			require.Equal(t, r.SpecialPostsByCounty(), got.SpecialPostsByCounty())
			for p := range inst.Positions() {
				require.Equal(t, r.Cutoff(p), got.Cutoff(p), "position %d", p)
			}
			for s := range inst.Students() {
				require.Equal(t, r.Why(s), got.Why(s), "student %d", s)
			}
		})
	}

	good := results[0].Placements()
	unacceptable := -1
	for p := range inst.Positions() {
		if _, ok := inst.Priority(0, p); !ok {
			unacceptable = p
			break
		}
	}
	require.GreaterOrEqual(t, unacceptable, 0)
	for name, tc := range map[string]struct {
		edit func([]matching.Placement) []matching.Placement
		want string
	}{
		"missing":      {func(pl []matching.Placement) []matching.Placement { return pl[1:] }, "is missing"},
		"twice":        {func(pl []matching.Placement) []matching.Placement { return append(pl, pl[3]) }, "appears twice"},
		"out of range": {func(pl []matching.Placement) []matching.Placement { pl[2].Position = 1 << 30; return pl }, "out of range"},
		"unacceptable": {func(pl []matching.Placement) []matching.Placement { pl[0].Position = unacceptable; return pl }, "not an acceptable choice"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := matching.NewResult(inst, matching.StudentDA, tc.edit(append([]matching.Placement(nil), good...)))
			require.ErrorContains(t, err, tc.want)
		})
	}
}
