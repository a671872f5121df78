package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestRoundWorkbook: a round result's workbook, in English and in
// Chinese, carries its round, fingerprints and each student's answer and
// previous seat, and reads back with the result's fingerprint, as the
// JSON and CSV files do (matching's TestResultRoundFormats); a main
// round's workbook reads as round 1 with its result's fingerprint.
func TestRoundWorkbook(t *testing.T) {
	ctx := context.Background()
	c, err := model.New(model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 1}, {ID: "P2", Capacity: 1}, {ID: "P3", Capacity: 2}},
		Students: []model.Student{
			{ID: "S1", Score: 90, Choices: []string{"P1"}},
			{ID: "S2", Score: 80, Choices: []string{"P1", "P2"}},
			{ID: "S3", Score: 70, Choices: []string{"P3"}},
			{ID: "S4", Score: 60, Choices: []string{"P2", "P3"}},
		},
	}, nil)
	require.NoError(t, err)
	rd := &matching.Round{Number: 2, Previous: "0123456789abcdef01234567", Responses: "feedface", Lottery: matching.FreshLottery,
		Placed: model.Decline, Unplaced: model.Withdraw, GaveBack: []string{"", "", "P3", ""},
		Standings: []matching.Standing{{Answer: model.Accept, Seat: 0}, {Answer: model.Hold, Seat: 1}, {Answer: model.Decline, Seat: -1}, {Seat: -1, Joined: 2}}}
	for _, round := range []*matching.Round{nil, rd} {
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: round})
		require.NoError(t, err)
		r, err := matching.StudentProposing(ctx, inst, nil)
		require.NoError(t, err)
		for _, tag := range []language.Tag{lang.English, lang.Chinese} {
			var b bytes.Buffer
			require.NoError(t, writeResultExcel(&b, r, tag))
			rf, err := readResultExcel(bytes.NewReader(b.Bytes()), "r.xlsx", c)
			require.NoError(t, err)
			assert.Equal(t, r.Fingerprint(), rf.ResultFingerprint(), "%v", tag)
			assert.ElementsMatch(t, r.Placements(), rf.Placements)
			if round == nil {
				assert.Equal(t, matching.ResultRound{Number: 1}, rf.Round)
				continue
			}
			assert.Equal(t, matching.ResultRound{Number: 2, Previous: rd.Previous, Responses: rd.Responses, Lottery: "fresh", Placed: "decline", Unplaced: "withdraw"}, rf.Round, "%v", tag)
			answers := map[string]model.Answer{}
			prev := map[string]string{}
			for _, row := range rf.Rows {
				answers[row.Student], prev[row.Student] = row.Answer, row.PreviousPosition
			}
			assert.Equal(t, map[string]model.Answer{"S1": model.Accept, "S2": model.Hold, "S3": model.Decline, "S4": model.NoAnswer}, answers, "%v", tag)
			assert.Equal(t, map[string]string{"S1": "P1", "S2": "P2", "S3": "P3", "S4": ""}, prev, "%v", tag)
			assert.Equal(t, map[string]int{"S1": 1, "S2": 1, "S3": 1, "S4": 2}, joinedRows(rf), "%v", tag)

			// A workbook written while round results said "new"
			// (本轮新增) instead of joined: a new student joined in the
			// file's round, the others in round 1.
			old, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
			require.NoError(t, err)
			renamed := 0
			for _, sheet := range old.GetSheetList() {
				rows, err := old.GetRows(sheet)
				require.NoError(t, err)
				if len(rows) == 0 {
					continue
				}
				for j, h := range rows[0] {
					if h != "joined" && h != "加入轮次" {
						continue
					}
					newName, yes := "new", "yes"
					if h == "加入轮次" {
						newName, yes = "本轮新增", "是"
					}
					cell := func(i int) string { name, _ := excelize.CoordinatesToCellName(j+1, i+1); return name }
					require.NoError(t, old.SetCellStr(sheet, cell(0), newName))
					for i := 1; i < len(rows); i++ {
						v := ""
						if j < len(rows[i]) && rows[i][j] == "2" {
							v = yes
						}
						require.NoError(t, old.SetCellStr(sheet, cell(i), v))
					}
					renamed++
				}
			}
			require.Positive(t, renamed)
			var ob bytes.Buffer
			require.NoError(t, old.Write(&ob))
			orf, err := readResultExcel(bytes.NewReader(ob.Bytes()), "old.xlsx", c)
			require.NoError(t, err)
			assert.Equal(t, map[string]int{"S1": 1, "S2": 1, "S3": 1, "S4": 2}, joinedRows(orf), "old %v", tag)
		}
	}

	// Read as a previous result against a next cohort without S1 and P1:
	// listed, not refused; against another cohort: refused in one line.
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, writeResultExcel(&b, r, lang.Chinese))
	d := c.Data()
	d.Students, d.Positions = d.Students[1:], d.Positions[1:]
	d.Students[0].Choices = []string{"P2"}
	next, err := model.New(d, nil)
	require.NoError(t, err)
	_, err = readResultExcel(bytes.NewReader(b.Bytes()), "r.xlsx", next)
	require.Error(t, err)
	rf, err := readResultExcelWith(bytes.NewReader(b.Bytes()), "r.xlsx", next, true)
	require.NoError(t, err)
	assert.Equal(t, r.Fingerprint(), rf.ResultFingerprint())
	var what []string
	for _, p := range rf.Problems {
		what = append(what, p.Where()+": "+p.What())
	}
	assert.Equal(t, []string{`sheet "分配结果" row 2: unknown student "S1"`, `sheet "分配结果" row 2: unknown position "P1"`}, what)
	other, err := model.New(model.Data{Positions: []model.Position{{ID: "P2", Capacity: 1}}, Students: []model.Student{{ID: "X1"}, {ID: "S2"}}}, nil)
	require.NoError(t, err)
	_, err = readResultExcelWith(bytes.NewReader(b.Bytes()), "r.xlsx", other, true)
	var ue *matching.UnrelatedResultError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 3, ue.Unknown)
}

// joinedRows is the round each row of rf says its student joined.
func joinedRows(rf *matching.ResultFile) map[string]int {
	out := map[string]int{}
	for _, row := range rf.Rows {
		out[row.Student] = row.Joined
	}
	return out
}
