package round_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// problemsCohort is the next cohort of TestPrepareProblems.
func problemsCohort(t testing.TB) *model.Cohort {
	t.Helper()
	c, err := model.New(model.Data{
		Name:        "round 2",
		Enterprises: []model.Enterprise{{ID: "E1", Cap: 1}},
		Positions: []model.Position{
			{ID: "P1", Capacity: 2}, {ID: "P2", Capacity: 1}, {ID: "P3", Capacity: 1}, {ID: "P4", Capacity: 3, Enterprise: "E1"},
		},
		Students: []model.Student{
			{ID: "S1", Choices: []string{"P1"}},
			{ID: "S2", Choices: []string{"P1"}},
			{ID: "S3", Choices: []string{"P1"}},
			{ID: "S4", Choices: []string{"P1"}}, // held P2, no longer listed
			{ID: "S5", Choices: []string{"P3"}},
			{ID: "S6", Choices: []string{"P3"}},
			{ID: "S7", Choices: []string{"P1"}}, // new
			{ID: "S8", Choices: []string{"P1"}},
			{ID: "S10", Choices: []string{"P1"}},
			{ID: "S11", Choices: []string{"P4"}},
			{ID: "S12", Choices: []string{"P4"}},
			{ID: "S13", Choices: []string{"P4"}},
		},
	}, nil)
	require.NoError(t, err)
	return c
}

// problemsPrevious is the previous result of TestPrepareProblems: S1 at
// P1, S3 at a position gone, S4 at P2, S5 and S6 at P3 (one seat now), SX
// gone, S10 declined in round 2, S5 again, S11 accepted P4 in round 2, S12 and S13
// at P4 (E1's cap now 1).
const problemsPrevious = `{"cohort": "round 1", "cohort_fingerprint": "f", "round": 2, "previous_result": "r1",
 "assignments": [
  {"student": "S1", "position": "P1", "rank": 1},
  {"student": "S3", "position": "PGONE", "rank": 1},
  {"student": "S4", "position": "P2", "rank": 1},
  {"student": "S5", "position": "P3", "rank": 1},
  {"student": "S6", "position": "P3", "rank": 1},
  {"student": "SX", "position": "P1", "rank": 1},
  {"student": "S11", "position": "P4", "rank": 1, "answer": "accept", "previous_position": "P4"},
  {"student": "S12", "position": "P4", "rank": 1},
  {"student": "S13", "position": "P4", "rank": 1}
 ],
 "unplaced": [
  {"student": "S2", "reason": "rejected by every choice"},
  {"student": "S8", "reason": "rejected by every choice"},
  {"student": "S10", "reason": "declined the seat", "answer": "decline"},
  {"student": "S5", "reason": "rejected by every choice"}
 ]}`

// TestPrepareProblems: every problem of Prepare at once, each located in
// its input, worded in English and Chinese (goldens).
func TestPrepareProblems(t *testing.T) {
	ctx := context.Background()
	next := problemsCohort(t)
	prev, err := matching.ReadResultJSONWith(strings.NewReader(problemsPrevious), next, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	resp := &model.Responses{Result: "not-the-previous-result", Responses: []model.Response{
		{Student: "S1", Answer: model.Continue, Line: 2},
		{Student: "S2", Answer: model.Hold, Line: 3},
		{Student: "S9", Answer: model.Accept, Line: 4},
		{Student: "S4", Answer: model.Hold, Line: 5},
		{Student: "S7", Answer: model.Accept, Line: 6},
		{Student: "S8", Answer: model.Continue, Choices: []string{"P1", "PX"}, HasChoices: true, Line: 7},
		{Student: "S2", Answer: model.Continue, Line: 8},
		{Student: "S10", Answer: model.Continue, Line: 9},
		{Student: "S11", Answer: model.Hold, Line: 10},
		{Student: "S12", Answer: model.Decline, Choices: []string{"P1"}, HasChoices: true, Line: 11},
	}}
	_, _, err = round.Prepare(ctx, next, prev, resp, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	kinds := map[round.Kind]bool{}
	for _, p := range pe.Problems {
		kinds[p.Kind] = true
	}
	for k := round.UnknownStudent; k < round.BadOption; k++ {
		assert.True(t, kinds[k], "kind %d not found", k)
	}
	// The list as printed (the responses' problems follow from the
	// other result's, and are counted beyond three), then every problem.
	every := func(t language.Tag) string {
		var b strings.Builder
		b.WriteString(pe.Text(t) + "\n-- every problem --\n")
		for i := range pe.Problems {
			b.WriteString(pe.Problems[i].Text(t) + "\n")
		}
		return b.String()
	}
	golden.Check(t, "testdata/problems.en.txt", every(lang.English))
	golden.Check(t, "testdata/problems.zh.txt", every(lang.Chinese))
	// The seats the cohort cannot take first, then the other result.
	assert.Equal(t, []round.Kind{round.SeatGone, round.SeatsCut, round.CapCut, round.OtherResult},
		[]round.Kind{pe.Problems[0].Kind, pe.Problems[1].Kind, pe.Problems[2].Kind, pe.Problems[3].Kind})
	for _, p := range pe.Problems[4:] {
		assert.Equal(t, p.Source == round.Responses, p.Follows, "%s", p.Text(lang.English))
	}
	assert.Equal(t, pe.Text(lang.English), pe.Error())

	// Bad defaults.
	_, _, err = round.Prepare(ctx, next, prev, nil, &round.Options{Placed: model.Continue, Unplaced: model.Hold})
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, round.BadOption, pe.Problems[0].Kind)
	assert.Equal(t, round.BadOption, pe.Problems[1].Kind)
}

// TestPrepareStandings: the standings of a clean round: answers, the
// defaults, the seats, new lists in the returned cohort (and next itself
// when no list changes), the round's number and fingerprints.
func TestPrepareStandings(t *testing.T) {
	ctx := context.Background()
	next, err := model.New(model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 1}, {ID: "P2", Capacity: 1}, {ID: "P3", Capacity: 1}},
		Students: []model.Student{
			{ID: "S1", Choices: []string{"P1", "P2"}},
			{ID: "S2", Choices: []string{"P1", "P2"}},
			{ID: "S3", Choices: []string{"P1"}},
			{ID: "S4", Choices: []string{"P1"}},
			{ID: "S5", Choices: []string{"P3"}},
			{ID: "S6", Choices: []string{"P1"}}, // new
		},
	}, nil)
	require.NoError(t, err)
	prevText := `{"round": 1, "assignments": [{"student": "S1", "position": "P2", "rank": 2}, {"student": "S2", "position": "P1", "rank": 1}],
	 "unplaced": [{"student": "S3", "reason": "rejected by every choice"}, {"student": "S4", "reason": "rejected by every choice"}, {"student": "S5", "reason": "rejected by every choice"}]}`
	prev, err := matching.ReadResultJSONWith(strings.NewReader(prevText), next, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		resp  *model.Responses
		opts  *round.Options
		want  []matching.Standing
		lists bool
	}{
		{"defaults", nil, nil, []matching.Standing{{Answer: model.Accept, Seat: 1, Joined: 1}, {Answer: model.Accept, Seat: 0, Joined: 1}, {Answer: model.Continue, Seat: -1, Joined: 1},
			{Answer: model.Continue, Seat: -1, Joined: 1}, {Answer: model.Continue, Seat: -1, Joined: 1}, {Seat: -1, Joined: 2}}, false},
		{"other defaults", nil, &round.Options{Placed: model.Decline, Unplaced: model.Withdraw}, []matching.Standing{{Answer: model.Decline, Seat: -1, Joined: 1},
			{Answer: model.Decline, Seat: -1, Joined: 1}, {Answer: model.Withdraw, Seat: -1, Joined: 1}, {Answer: model.Withdraw, Seat: -1, Joined: 1}, {Answer: model.Withdraw, Seat: -1, Joined: 1}, {Seat: -1, Joined: 2}}, false},
		{"answers", &model.Responses{Responses: []model.Response{
			{Student: "S1", Answer: model.Hold}, {Student: "S2", Answer: model.Decline}, {Student: "S3", Answer: model.Withdraw},
			{Student: "S4", Answer: model.Continue, Choices: []string{"P3", "P1"}, HasChoices: true},
			{Student: "S5", Answer: model.Continue, Choices: []string{"P3"}, HasChoices: true}, // the same list
			{Student: "S6", Answer: model.Continue}}}, nil,
			[]matching.Standing{{Answer: model.Hold, Seat: 1, Joined: 1}, {Answer: model.Decline, Seat: -1, Joined: 1}, {Answer: model.Withdraw, Seat: -1, Joined: 1},
				{Answer: model.Continue, Seat: -1, Joined: 1}, {Answer: model.Continue, Seat: -1, Joined: 1}, {Answer: model.Continue, Seat: -1, Joined: 2}}, true},
	} {
		c, rnd, err := round.Prepare(ctx, next, prev, tc.resp, tc.opts)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, rnd.Standings, tc.name)
		assert.Equal(t, 2, rnd.Number, tc.name)
		assert.Equal(t, prev.ResultFingerprint(), rnd.Previous, tc.name)
		if tc.resp != nil {
			assert.Equal(t, tc.resp.Fingerprint(), rnd.Responses, tc.name)
		} else {
			assert.Empty(t, rnd.Responses, tc.name)
		}
		if !tc.lists {
			assert.Same(t, next, c, "%s: no list changed, no new cohort", tc.name)
			continue
		}
		assert.NotSame(t, next, c, tc.name)
		assert.Equal(t, []string{"P3", "P1"}, c.Students()[3].Choices, tc.name)
		assert.Equal(t, []string{"P1"}, next.Students()[3].Choices, "%s: next unchanged", tc.name)
	}
}

// TestRetiredWords: the Chinese problems use the words of
// internal/words, none it retired.
func TestRetiredWords(t *testing.T) {
	zh, err := os.ReadFile("testdata/problems.zh.txt")
	require.NoError(t, err)
	for old, now := range words.Retired {
		assert.NotContains(t, string(zh), old, "use %s", now)
	}
}

// TestRunHeldReserve: a holder whose seat is now reserved for a category
// they are not in (counts fit, the reserve does not) is refused by Run
// as a problem of the cohort's position, as Prepare refuses seats cut.
func TestRunHeldReserve(t *testing.T) {
	ctx := context.Background()
	next, err := model.New(model.Data{
		Enterprises:  []model.Enterprise{{ID: "E1"}},
		OrderClasses: []model.OrderClass{{ID: "O1", Enterprise: "E1"}},
		Positions: []model.Position{{ID: "P1", Capacity: 1, Enterprise: "E1",
			Reserved: []model.Reserve{{Category: model.Category{Kind: model.OrderClassCategory, ID: "O1"}, Seats: 1, Unused: model.StayEmpty}}}},
		Students: []model.Student{{ID: "S1", Choices: []string{"P1"}}},
	}, nil)
	require.NoError(t, err)
	prev, err := matching.ReadResultJSONWith(strings.NewReader(`{"assignments": [{"student": "S1", "position": "P1", "rank": 1}]}`), next, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	c, rnd, err := round.Prepare(ctx, next, prev, &model.Responses{Responses: []model.Response{{Student: "S1", Answer: model.Hold, Line: 2}}}, nil)
	require.NoError(t, err)
	_, err = round.Run(ctx, c, rnd, prev, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Len(t, pe.Problems, 1)
	assert.Equal(t, "next cohort, position \"P1\": 0 seats, fewer than the 1 students keeping one there (S1): raise its capacity back to 1, or have some of them decline", pe.Problems[0].Text(lang.English))
}

// TestProblemSheet: the problems of responses read from a workbook name
// its sheet and row.
func TestProblemSheet(t *testing.T) {
	ctx := context.Background()
	next := problemsCohort(t)
	prev, err := matching.ReadResultJSONWith(strings.NewReader(problemsPrevious), next, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	_, _, err = round.Prepare(ctx, next, prev, &model.Responses{Sheet: "回复", Responses: []model.Response{{Student: "S9", Answer: model.Continue, Line: 3}}}, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	i := slices.IndexFunc(pe.Problems, func(p round.Problem) bool { return p.Kind == round.UnknownStudent })
	require.GreaterOrEqual(t, i, 0)
	assert.Equal(t, `responses, sheet "回复" row 3: student "S9" is not in the next cohort`, pe.Problems[i].Text(lang.English))
	assert.Equal(t, `回复表 "回复" 第 3 行：学生 "S9" 不在本轮分配数据中`, pe.Problems[i].Text(lang.Chinese))
}
