package report

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// roundFixture is a main round and a round 2 of a small cohort: A, B, C
// of one seat, D added; X1 > X2 > X3 > X4 > X5 by score; X1 lists A; X2
// A, B; X3 B, C; X4 C; X5 (new) D. Main round: X1 A, X2 B, X3 C, X4
// unplaced. Round 2: X1 declines, X2 and X3 hold, X4 continues: X2 rises
// to A, X3 to B, X4 takes C, X5 takes D (a seat nobody had).
func roundFixture(t *testing.T) (main *matching.Result, r2 *round.Result) {
	t.Helper()
	ctx := context.Background()
	c, err := model.New(model.Data{
		Name:      "rounds",
		Positions: []model.Position{{ID: "A", Name: "农技员", Capacity: 1}, {ID: "B", Name: "直播运营", Capacity: 1}, {ID: "C", Name: "质检", Capacity: 1}, {ID: "D", Name: "仓管", Capacity: 1}},
		Students: []model.Student{
			{ID: "X1", Name: "张伟", Score: 90, Choices: []string{"A"}},
			{ID: "X2", Name: "王芳", Score: 80, Choices: []string{"A", "B"}},
			{ID: "X3", Name: "李娜", Score: 70, Choices: []string{"B", "C"}},
			{ID: "X4", Name: "刘洋", Score: 60, Choices: []string{"C"}},
			{ID: "X5", Name: "陈静", Score: 50, Choices: []string{"D"}},
		},
	}, nil)
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	main, err = matching.NewResult(inst, matching.StudentDA, []matching.Placement{{Student: 0, Position: 0, Rank: 1}, {Student: 1, Position: 1, Rank: 2},
		{Student: 2, Position: 2, Rank: 2}, {Student: 3, Position: -1}, {Student: 4, Position: -1}})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&b, main, &matching.WriteOptions{NoRefusals: true}))
	prev, err := matching.ReadResultJSONWith(&b, c, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	resp := &model.Responses{Responses: []model.Response{{Student: "X1", Answer: model.Decline, Line: 1}, {Student: "X2", Answer: model.Hold, Line: 2},
		{Student: "X3", Answer: model.Hold, Line: 3}, {Student: "X4", Answer: model.Continue, Line: 4}}}
	rc, rnd, err := round.Prepare(ctx, c, prev, resp, nil)
	require.NoError(t, err)
	r2, err = round.Run(ctx, rc, rnd, prev, &round.RunOptions{Responses: resp})
	require.NoError(t, err)
	if rc != c {
		inst, err = matching.Compile(ctx, rc, nil)
		require.NoError(t, err)
		main, err = matching.NewResult(inst, matching.StudentDA, main.Placements())
		require.NoError(t, err)
	}
	return main, r2
}

// TestRoundReport: the report of round 2 against the main round names
// both rounds in its headings, and its tables say what the fixture's
// comment derives: placed 3 then 4; X2 and X3 rose, X4 and X5 newly
// placed, X1 declined; X1's seat cascaded X2 (B → A), X3 (C → B), X4
// (unplaced → C). The text and the page in each language are golden
// files.
func TestRoundReport(t *testing.T) {
	main, r2 := roundFixture(t)
	c := r2.Matching().Instance().Cohort()
	for _, l := range []struct{ name, tag string }{{"en", "en"}, {"zh", "zh"}} {
		tag := lang.English
		if l.name == "zh" {
			tag = lang.Chinese
		}
		rp, err := NewWithOptions(c, &Options{Lang: tag, Round: &RoundOptions{Result: r2, Earlier: main, EarlierRound: 1}}, r2.Matching())
		require.NoError(t, err)
		rounds, ok := rp.Table("rounds")
		require.True(t, ok)
		assert.Equal(t, [][]string{{"3", "2"}, {"4", "1"}}, [][]string{rounds.Rows[0][1:], rounds.Rows[1][1:]})
		outcomes, ok := rp.Table("round-outcomes")
		require.True(t, ok)
		got := map[string]string{}
		for _, row := range outcomes.Rows {
			got[row[0]] = row[1]
		}
		assert.Equal(t, "2", got[rp.outcomeName(round.Rose)], l.name)
		assert.Equal(t, "2", got[rp.outcomeName(round.NewlyPlaced)], l.name)
		assert.Equal(t, "1", got[rp.outcomeName(round.Declined)], l.name)
		assert.Equal(t, "0", got[rp.outcomeName(round.LeftBefore)], l.name)
		casc, ok := rp.Table("cascades")
		require.True(t, ok)
		require.Len(t, casc.Rows, 1)
		assert.Equal(t, []string{"X1", "张伟", "A"}, casc.Rows[0][:3])
		assert.Equal(t, 3, strings.Count(casc.Rows[0][3], "→"), casc.Rows[0][3])
		moves, ok := rp.Table("round-moves")
		require.True(t, ok)
		assert.Len(t, moves.Rows, 5, "every student moved")
		assert.Contains(t, rp.Label(0), rp.roundName(2))

		var text, page bytes.Buffer
		require.NoError(t, rp.WriteText(&text))
		require.NoError(t, rp.WriteHTML(&page))
		for _, id := range []string{"rounds", "round-outcomes", "round-moves", "cascades"} {
			assert.Contains(t, page.String(), `id="table-`+id+`"`, l.name)
		}
		golden.Check(t, filepath.Join("testdata", "round-text-"+l.name+".golden"), text.String())
		golden.Check(t, filepath.Join("testdata", "round-html-"+l.name+".golden"), stripSVG(page.String()))
	}
	// Options that do not fit are refused.
	_, err := NewWithOptions(c, &Options{Round: &RoundOptions{Result: r2, Earlier: main, EarlierRound: 2}}, r2.Matching())
	assert.Error(t, err, "round 2 is not before round 2")
	_, err = NewWithOptions(c, &Options{Round: &RoundOptions{Result: r2, Earlier: main, EarlierRound: 1}}, main)
	assert.Error(t, err, "the round's outcomes are not of the report's result")
}
