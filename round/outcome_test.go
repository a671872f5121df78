package round_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// cascadeCohort: positions A, B, C, D of one seat each (D added in round
// 2); X1 > X2 > X3 > X4 > X5 by score; X1 lists A; X2 A, B; X3 B, C; X4
// C; X5 (new in round 2) D. Round 1 (D not there yet): X1 at A, X2 at B,
// X3 at C, X4 unplaced.
func cascadeCohort(t *testing.T) *model.Cohort {
	t.Helper()
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "A", Capacity: 1}, {ID: "B", Capacity: 1}, {ID: "C", Capacity: 1}, {ID: "D", Capacity: 1}},
		Students: []model.Student{
			{ID: "X1", Score: 90, Choices: []string{"A"}},
			{ID: "X2", Score: 80, Choices: []string{"A", "B"}},
			{ID: "X3", Score: 70, Choices: []string{"B", "C"}},
			{ID: "X4", Score: 60, Choices: []string{"C"}},
			{ID: "X5", Score: 50, Choices: []string{"D"}},
		},
	}, nil)
	require.NoError(t, err)
	return c
}

const cascadePrevious = `{"assignments": [{"student": "X1", "position": "A", "rank": 1}, {"student": "X2", "position": "B", "rank": 2}, {"student": "X3", "position": "C", "rank": 2}],
 "unplaced": [{"student": "X4", "reason": "rejected by every choice"}]}`

// TestOutcomes: X1 declines A, X2 and X3 hold, X4 continues, X5 is new.
// The round's allocation is the student-optimal round-stable one found by
// brute force here (independently of the mechanisms), and the outcomes
// and the cascade are recomputed from the positions before and after
// (one seat a position: whoever sits at a seat now took it from whoever
// sat there before): X1 declined A → X2 rose from B (2nd) to A (1st) →
// X3 rose from C to B → X4 newly placed at C; X5 took D, a seat added.
func TestOutcomes(t *testing.T) {
	ctx := context.Background()
	c := cascadeCohort(t)
	prev, err := matching.ReadResultJSONWith(strings.NewReader(cascadePrevious), c, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	resp := &model.Responses{Responses: []model.Response{
		{Student: "X1", Answer: model.Decline, Line: 1}, {Student: "X2", Answer: model.Hold, Line: 2},
		{Student: "X3", Answer: model.Hold, Line: 3}, {Student: "X4", Answer: model.Continue, Line: 4},
	}}
	rc, rnd, err := round.Prepare(ctx, c, prev, resp, nil)
	require.NoError(t, err)
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.LeastDisruption} {
		res, err := round.Run(ctx, rc, rnd, prev, &round.RunOptions{Mechanism: m})
		require.NoError(t, err, m)
		got := make([]int, c.NumStudents())
		for s := range got {
			got[s] = res.Matching().Position(s)
		}
		// Brute force: every allocation of the five students, one seat a
		// position; keep the round-stable ones.
		before := []int{0, 1, 2, -1, -1}
		var stable [][]int
		alloc := make([]int, 5)
		var rec func(s int)
		rec = func(s int) {
			if s == 5 {
				if roundStable(c, rnd, alloc) {
					stable = append(stable, slices.Clone(alloc))
				}
				return
			}
			for p := -1; p < 4; p++ {
				if p >= 0 && slices.Contains(alloc[:s], p) {
					continue
				}
				alloc[s] = p
				rec(s + 1)
			}
		}
		rec(0)
		require.Len(t, stable, 1, "%v: this market has one round-stable allocation", m)
		assert.Equal(t, stable[0], got, m)

		// The outcomes and the cascade, recomputed.
		kinds := make([]round.OutcomeKind, 5)
		for s := range kinds {
			kinds[s] = res.Outcome(s).Kind
		}
		assert.Equal(t, []round.OutcomeKind{round.Declined, round.Rose, round.Rose, round.NewlyPlaced, round.NewlyPlaced}, kinds, m)
		o := res.Outcome(1)
		assert.Equal(t, []int{1, 2, 0, 1}, []int{o.Previous, o.FromRank, o.Position, o.Rank}, "%v: X2 rose from B (2nd) to A (1st)", m)
		for s := range 5 {
			o := res.Outcome(s)
			if o.Kind != round.Rose && o.Kind != round.NewlyPlaced {
				continue
			}
			// whoever sat at the seat before
			left := slices.Index(before, o.Position)
			switch {
			case left < 0:
				assert.Equal(t, round.Vacancy{Kind: round.OpenSeat, Student: -1}, o.Took, "%v: %s", m, c.Students()[s].ID)
			case kinds[left] == round.Declined:
				assert.Equal(t, round.Vacancy{Kind: round.FreedByDecline, Student: left}, o.Took, "%v: %s", m, c.Students()[s].ID)
			default:
				assert.Equal(t, round.Vacancy{Kind: round.FreedByMove, Student: left}, o.Took, "%v: %s", m, c.Students()[s].ID)
			}
		}
		// Compare with round 1: the chain started by X1's decline.
		d := c.Data() // round 1's cohort: no X5, no D
		d.Students, d.Positions = d.Students[:4], d.Positions[:3]
		c1, err := model.New(d, nil)
		require.NoError(t, err)
		inst1, err := matching.Compile(ctx, c1, nil)
		require.NoError(t, err)
		r1, err := matching.NewResult(inst1, matching.StudentDA, prev.Placements)
		require.NoError(t, err)
		cmp := round.Compare(r1, res)
		assert.Equal(t, [2]int{3, 4}, cmp.Placed, m)
		assert.Equal(t, []round.Chain{{Decliner: 0, Moves: []round.Move{{Student: 1, From: 1, To: 0}, {Student: 2, From: 2, To: 1}, {Student: 3, From: -1, To: 2}}}}, cmp.Chains, m)
		assert.Equal(t, []round.Move{{Student: 0, From: 0, To: -1}, {Student: 1, From: 1, To: 0}, {Student: 2, From: 2, To: 1},
			{Student: 3, From: -1, To: 2}, {Student: 4, From: -1, To: 3}}, cmp.Moved, m)
		counts := res.Counts()
		assert.Equal(t, []int{1, 2, 2}, []int{counts[round.Declined], counts[round.Rose], counts[round.NewlyPlaced]}, m)
	}
}

// roundStable reports whether alloc (a position a student, -1 for none,
// one seat a position) is round-stable for the standings of rnd, judged
// here from the definitions alone: accepted students at their seat,
// holders at their seat or a choice above it, declined and withdrawn
// students unplaced, every placement on the student's list (above the
// held seat for a holder), and no student and position that would both
// rather be together (priority: the holder of the seat first, then by
// score).
func roundStable(c *model.Cohort, rnd *matching.Round, alloc []int) bool {
	rank := func(s, p int) int { // 1-based, 0 when not listed
		return slices.Index(c.Choices(s), int32(p)) + 1
	}
	for s, p := range alloc {
		st := rnd.Standings[s]
		switch st.Answer {
		case model.Accept:
			if p != int(st.Seat) {
				return false
			}
		case model.Decline, model.Withdraw:
			if p >= 0 {
				return false
			}
		}
		if p >= 0 && rank(s, p) == 0 {
			return false
		}
		if st.Answer == model.Hold && (p < 0 || rank(s, p) > rank(s, int(st.Seat))) {
			return false
		}
	}
	prio := func(s, p int) float64 { // larger is higher
		if st := rnd.Standings[s]; (st.Answer == model.Hold || st.Answer == model.Accept) && int(st.Seat) == p {
			return 1e9
		}
		return c.StudentScore(s)
	}
	for s := range alloc {
		st := rnd.Standings[s]
		if st.Answer == model.Accept || st.Answer == model.Decline || st.Answer == model.Withdraw {
			continue
		}
		for _, q := range c.Choices(s) {
			p := int(q)
			if p == alloc[s] {
				break // the rest are worse
			}
			holder := slices.Index(alloc, p)
			if holder < 0 || prio(s, p) > prio(holder, p) {
				return false
			}
		}
	}
	return true
}
