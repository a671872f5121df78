package round_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/round"
)

// TestSynthesize: the same seed gives the same responses, another seed
// others; the shares are near the rates; only students still in the
// market answer; new lists name positions with seats open, which the
// student is eligible for; the responses name the result and pass
// Prepare.
func TestSynthesize(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(1, 11))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	opts := &round.SynthOptions{Seed: 5, NewLists: true}
	a, err := round.Synthesize(r1, opts)
	require.NoError(t, err)
	b, err := round.Synthesize(r1, opts)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	other, err := round.Synthesize(r1, &round.SynthOptions{Seed: 6, NewLists: true})
	require.NoError(t, err)
	assert.NotEqual(t, a.Fingerprint(), other.Fingerprint())
	assert.Equal(t, r1.Fingerprint(), a.Result)
	require.Len(t, a.Responses, c.NumStudents(), "after a main round every student is in the market")

	count := map[model.Answer]int{}
	fill := r1.Fill()
	lists := 0
	for _, r := range a.Responses {
		count[r.Answer]++
		s, ok := c.StudentIndex(r.Student)
		require.True(t, ok)
		if !r.HasChoices {
			continue
		}
		lists++
		require.Equal(t, model.Continue, r.Answer)
		require.NotEmpty(t, r.Choices)
		seen := map[string]bool{}
		for _, id := range r.Choices {
			p, ok := c.PositionIndex(id)
			require.True(t, ok)
			assert.Less(t, fill[p], inst.Capacity(p), "%s: %s has no seat open", r.Student, id)
			assert.Equal(t, model.Eligible, c.Eligibility(s, p))
			assert.False(t, seen[id], "a position twice")
			seen[id] = true
		}
	}
	placed, unplaced := r1.Placed(), c.NumStudents()-r1.Placed()
	assert.InDelta(t, 0.15, float64(count[model.Decline])/float64(placed), 0.03)
	assert.InDelta(t, 0.85, float64(count[model.Continue])/float64(unplaced), 0.06)
	assert.InDelta(t, 0.75+0.10, float64(count[model.Accept]+count[model.Hold])/float64(placed), 0.03)
	assert.Greater(t, lists, unplaced/2)
	_, _, err = round.Prepare(ctx, c, roundTrip(t, r1, c), a, nil)
	require.NoError(t, err)
}
