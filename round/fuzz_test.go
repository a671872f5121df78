package round_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// FuzzPrepare: random responses (students known and unknown, any answer,
// new lists naming known and unknown positions) to the round-1 result of
// the cascade cohort never make Prepare panic; it either refuses them
// with a *ProblemsError or gives a round whose student-da result, written
// and read back, passes Check with no finding.
func FuzzPrepare(f *testing.F) {
	f.Add([]byte{0, 3, 0, 1, 2, 0, 2, 2, 0, 3, 4, 1})
	f.Add([]byte{0, 1, 1, 2, 1, 2, 2, 1, 3, 4, 4, 0})
	f.Add([]byte{7, 9, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		c := cascadeCohort(t)
		prev, err := matching.ReadResultJSONWith(strings.NewReader(cascadePrevious), c, &matching.ReadOptions{Previous: true})
		require.NoError(t, err)
		ids := []string{"X1", "X2", "X3", "X4", "X5", "NOBODY"}
		pos := []string{"A", "B", "C", "D", "NOWHERE"}
		resp := &model.Responses{}
		for i := 0; i+2 < len(data) && i < 60; i += 3 {
			r := model.Response{Student: ids[int(data[i])%len(ids)], Answer: model.Answer(data[i+1] % 6), Line: i/3 + 1}
			if k := data[i+2]; k&1 == 1 {
				r.HasChoices = true
				for j := range int(k>>1) % 4 {
					r.Choices = append(r.Choices, pos[(int(k)+j)%len(pos)])
				}
			}
			resp.Responses = append(resp.Responses, r)
		}
		rc, rnd, err := round.Prepare(ctx, c, prev, resp, nil)
		if err != nil {
			var pe *round.ProblemsError
			require.True(t, errors.As(err, &pe), "%v", err)
			require.NotEmpty(t, pe.Problems)
			return
		}
		res, err := round.Run(ctx, rc, rnd, prev, nil)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, matching.WriteResultJSON(&b, res.Matching(), nil))
		file, err := matching.ReadResultJSONWith(&b, c, &matching.ReadOptions{Previous: true})
		require.NoError(t, err)
		findings, err := round.Check(ctx, c, file, prev, resp, nil)
		require.NoError(t, err)
		require.Empty(t, findingsText(findings))
	})
}
