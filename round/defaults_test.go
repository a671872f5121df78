package round_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/round"
)

// TestDefaultsInFile: a round prepared with non-default answers for the
// students who do not answer (half the responses dropped, so that many
// do not) records them in its file; Check takes them from it without
// options, refuses options that contradict it (naming both), accepts
// options that agree, and reads a file that does not say with the options
// given (a file written before results recorded them). Each decliner's
// file row names the seat they gave back, the previous result's, and the
// outcomes know it without the previous result.
func TestDefaultsInFile(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.2, 7))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	all, err := round.Synthesize(r1, &round.SynthOptions{Seed: 3, Decline: 0.2, Hold: 0.3, Accept: 0.5})
	require.NoError(t, err)
	resp := &model.Responses{Result: all.Result}
	for i, r := range all.Responses {
		if i%2 == 0 {
			resp.Responses = append(resp.Responses, r)
		}
	}
	prev := roundTrip(t, r1, c)
	opts := &round.Options{Placed: model.Hold, Unplaced: model.Withdraw}
	rc, rnd, err := round.Prepare(ctx, c, prev, resp, opts)
	require.NoError(t, err)
	assert.Equal(t, model.Hold, rnd.Placed)
	assert.Equal(t, model.Withdraw, rnd.Unplaced)
	res, err := round.Run(ctx, rc, rnd, prev, nil)
	require.NoError(t, err)
	file := roundTrip(t, res.Matching(), c)
	assert.Equal(t, "hold", file.Round.Placed)
	assert.Equal(t, "withdraw", file.Round.Unplaced)

	for _, o := range []*round.Options{nil, {}, opts, {Placed: model.Hold}} {
		f, err := round.Check(ctx, c, file, prev, resp, o)
		require.NoError(t, err, "%+v", o)
		assert.Empty(t, findingsText(f))
	}
	_, err = round.Check(ctx, c, file, prev, resp, &round.Options{Placed: model.Accept})
	var ce *round.ChainError
	require.ErrorAs(t, err, &ce)
	require.ErrorIs(t, err, round.ErrChain)
	assert.Equal(t, &round.ChainError{What: "no answer placed", Want: "hold", Got: "accept"}, ce)
	assert.Equal(t, "the round counted a placed student who did not answer as hold (the result says so), not accept as given: drop -no-answer-placed", ce.Text(lang.English))
	assert.Equal(t, "本轮对未回复的已分配学生按“保留”处理（结果文件中有记录），而不是给出的“接受”：请去掉 -no-answer-placed", ce.Text(lang.Chinese))
	_, err = round.Check(ctx, c, file, prev, resp, &round.Options{Unplaced: model.Continue})
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, &round.ChainError{What: "no answer unplaced", Want: "withdraw", Got: "continue"}, ce)

	// A file that does not say: the options given, accept and continue
	// without; the standings then differ.
	old := *file
	old.Round.Placed, old.Round.Unplaced = "", ""
	_, err = round.Check(ctx, c, &old, prev, resp, opts)
	require.NoError(t, err)
	_, err = round.Check(ctx, c, &old, prev, resp, nil)
	var se *round.StandingError
	require.ErrorAs(t, err, &se)

	// Decliners name the seat they gave back.
	prevSeat := map[string]string{}
	for _, row := range prev.Rows {
		prevSeat[row.Student] = row.Position
	}
	bare, err := round.NewResult(res.Matching(), nil)
	require.NoError(t, err)
	declined := 0
	for _, row := range file.Rows {
		if row.Answer != model.Decline {
			continue
		}
		declined++
		require.NotEmpty(t, prevSeat[row.Student])
		assert.Equal(t, prevSeat[row.Student], row.PreviousPosition, row.Student)
		s, _ := c.StudentIndex(row.Student)
		p, _ := c.PositionIndex(prevSeat[row.Student])
		assert.Equal(t, p, res.Outcome(s).Previous, row.Student)
		assert.Equal(t, p, bare.Outcome(s).Previous, "%s without the previous result", row.Student)
		assert.Equal(t, round.Declined, bare.Outcome(s).Kind)
	}
	assert.Greater(t, declined, 5)
}
