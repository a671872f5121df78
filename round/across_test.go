package round_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// TestOutcomesAcrossRounds takes cascadeCohort through a third round.
// Round 2 as in TestOutcomes (X1 declines A; X2, X3 hold; X4 continues
// with a new list; X5, new, does not answer). Round 3: X2 declines, the
// others do not answer. What each outcome says is derived by hand from
// the answers:
//   - in round 2 nobody took a default (X5, new and silent, is a free
//     participant) and X4's rank is on the new list it gave (NewList),
//     which is not known without the responses;
//   - in round 3, X1 left in an earlier round (LeftBefore, from the
//     previous result's answer column), X2 declined in this one; X3, who
//     held in round 2, and X4 and X5, placed there, took the default
//     (NoAnswer); without the previous result X1 counts as Declined and
//     no seat's origin is known (Took's Kind zero);
//   - round 3 against round 1 is not adjacent: no chains, Rounds {1, 3};
//     against round 2 it is, with X2's chain.
func TestOutcomesAcrossRounds(t *testing.T) {
	ctx := context.Background()
	c := cascadeCohort(t)
	prev1, err := matching.ReadResultJSONWith(strings.NewReader(cascadePrevious), c, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	resp2 := &model.Responses{Responses: []model.Response{
		{Student: "X1", Answer: model.Decline, Line: 1}, {Student: "X2", Answer: model.Hold, Line: 2},
		{Student: "X3", Answer: model.Hold, Line: 3}, {Student: "X4", Answer: model.Continue, Choices: []string{"C", "D"}, HasChoices: true, Line: 4},
	}}
	c2, rnd2, err := round.Prepare(ctx, c, prev1, resp2, nil)
	require.NoError(t, err)
	r2, err := round.Run(ctx, c2, rnd2, prev1, &round.RunOptions{Responses: resp2})
	require.NoError(t, err)
	x := func(id string) int {
		s, ok := c2.StudentIndex(id)
		require.True(t, ok, id)
		return s
	}
	// X5 is new: without an answer a free participant, no default applied.
	for _, id := range []string{"X1", "X2", "X3", "X4", "X5"} {
		assert.False(t, r2.Outcome(x(id)).NoAnswer, id)
	}
	assert.True(t, r2.Outcome(x("X4")).NewList, "X4 continued with a new list")
	assert.False(t, r2.Outcome(x("X3")).NewList)
	same, err := round.NewResult(r2.Matching(), prev1) // responses unknown
	require.NoError(t, err)
	assert.False(t, same.Outcome(x("X4")).NewList)
	assert.Equal(t, r2.Counts(), same.Counts(), "the responses change no outcome's kind")

	prev2 := roundTrip(t, r2.Matching(), c2)
	resp3 := &model.Responses{Responses: []model.Response{{Student: "X2", Answer: model.Decline, Line: 1}}}
	c3, rnd3, err := round.Prepare(ctx, c2, prev2, resp3, nil)
	require.NoError(t, err)
	r3, err := round.Run(ctx, c3, rnd3, prev2, &round.RunOptions{Responses: resp3})
	require.NoError(t, err)
	kinds := func(r *round.Result) []round.OutcomeKind {
		out := make([]round.OutcomeKind, c3.NumStudents())
		for s := range out {
			out[s] = r.Outcome(s).Kind
		}
		return out
	}
	// X2 gives A back; the others take the default, accept, and stay;
	// nobody else lists A, so it stays open.
	assert.Equal(t, []round.OutcomeKind{round.LeftBefore, round.Declined, round.Kept, round.Kept, round.Kept}, kinds(r3))
	assert.Equal(t, model.Decline, r3.Outcome(0).Answer)
	noAnswer := make([]bool, 5)
	for s := range noAnswer {
		noAnswer[s] = r3.Outcome(s).NoAnswer
	}
	// X3 held in round 2 and said nothing: the default (accept); X4 and
	// X5 were placed in round 2 and said nothing.
	assert.Equal(t, []bool{false, false, true, true, true}, noAnswer)
	counts := r3.Counts()
	assert.Equal(t, 1, counts[round.LeftBefore])
	assert.Equal(t, 1, counts[round.Declined])

	blind, err := round.NewResult(r3.Matching(), nil)
	require.NoError(t, err)
	// Without the previous result, the round's GaveBack tells them
	// apart: X2 gave back the seat it names, X1 none in this round.
	assert.Equal(t, round.LeftBefore, blind.Outcome(0).Kind)
	assert.Equal(t, round.Declined, blind.Outcome(1).Kind)
	assert.Equal(t, r3.Outcome(1).Previous, blind.Outcome(1).Previous)
	assert.GreaterOrEqual(t, blind.Outcome(1).Previous, 0)

	// Round 3 against round 1 (not adjacent) and round 2 (adjacent).
	inst1, err := matching.Compile(ctx, c3, nil)
	require.NoError(t, err)
	r1, err := matching.NewResult(inst1, matching.StudentDA, append(prev1.Placements, matching.Placement{Student: 4, Position: -1}))
	require.NoError(t, err)
	far := round.CompareEarlier(r1, 1, r3)
	assert.Equal(t, [2]int{1, 3}, far.Rounds)
	assert.False(t, far.Adjacent)
	assert.Empty(t, far.Chains)
	assert.Equal(t, [2]int{3, 3}, far.Placed) // X1, X2, X3 then X3, X4, X5
	inst2, err := matching.Compile(ctx, c3, &matching.CompileOptions{Round: rnd2})
	require.NoError(t, err)
	r2on3, err := matching.NewResult(inst2, matching.StudentDA, prev2.Placements)
	require.NoError(t, err)
	near := round.CompareEarlier(r2on3, 2, r3)
	assert.Equal(t, [2]int{2, 3}, near.Rounds)
	assert.True(t, near.Adjacent)
	assert.Equal(t, round.Compare(r2on3, r3), near)
}

// TestTookUnknown: without the previous result, the seats given back are
// not known, so no arrival is said to have taken an open seat.
func TestTookUnknown(t *testing.T) {
	ctx := context.Background()
	c := cascadeCohort(t)
	prev, err := matching.ReadResultJSONWith(strings.NewReader(cascadePrevious), c, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	resp := &model.Responses{Responses: []model.Response{{Student: "X1", Answer: model.Decline, Line: 1}, {Student: "X2", Answer: model.Hold, Line: 2}}}
	rc, rnd, err := round.Prepare(ctx, c, prev, resp, nil)
	require.NoError(t, err)
	known, err := round.Run(ctx, rc, rnd, prev, nil)
	require.NoError(t, err)
	blind, err := round.NewResult(known.Matching(), nil)
	require.NoError(t, err)
	arrivals := 0
	for s := range rc.NumStudents() {
		o := blind.Outcome(s)
		if o.Kind == round.Rose || o.Kind == round.NewlyPlaced {
			arrivals++
			assert.Equal(t, round.Vacancy{Student: -1}, o.Took, rc.Students()[s].ID)
			assert.NotZero(t, known.Outcome(s).Took.Kind, rc.Students()[s].ID)
		}
	}
	assert.Positive(t, arrivals)
}
