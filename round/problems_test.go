package round_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// TestRoundCohortLeads: a round-2 result given with a cohort whose lists
// lack the seats kept (the main round's cohort instead of the one round
// -cohort-out wrote) is said in one leading line; the seats off the lists
// follow from it and are counted beyond three. Positions gone are one
// problem each, with the students keeping seats there, before the rest;
// line numbers have no thousands separator.
func TestRoundCohortLeads(t *testing.T) {
	const n = 12
	d := model.Data{Positions: []model.Position{{ID: "P1", Capacity: n}, {ID: "P2", Capacity: n}}}
	var rows []string
	for i := range n + 3 {
		id := fmt.Sprintf("S%02d", i)
		d.Students = append(d.Students, model.Student{ID: id, Choices: []string{"P2"}})
		pos := "P1" // off every list now
		if i >= n {
			pos = "PGONE" // the position is gone
		}
		rows = append(rows, fmt.Sprintf(`{"student": %q, "position": %q, "rank": 1}`, id, pos))
	}
	next, err := model.New(d, nil)
	require.NoError(t, err)
	prev, err := matching.ReadResultJSONWith(strings.NewReader(`{"round": 2, "previous_result": "r1", "assignments": [`+strings.Join(rows, ",")+`]}`), next, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	resp := &model.Responses{Responses: []model.Response{{Student: "S99", Answer: model.Continue, Line: 1234}}}
	_, _, err = round.Prepare(context.Background(), next, prev, resp, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Equal(t, round.RoundCohort, pe.Problems[0].Kind)
	assert.Equal(t, 2, pe.Problems[0].N)
	assert.Equal(t, n, pe.Problems[0].M)
	require.Equal(t, round.SeatGone, pe.Problems[1].Kind)
	assert.Equal(t, []string{"S12", "S13", "S14"}, pe.Problems[1].Students)
	assert.Equal(t, round.UnknownStudent, pe.Problems[2].Kind)
	assert.Len(t, pe.Problems, 3+n)
	for _, p := range pe.Problems[3:] {
		assert.Equal(t, round.SeatOffList, p.Kind)
		assert.True(t, p.Follows)
	}
	idx, follows, more := pe.Shown(20)
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5}, idx)
	assert.Equal(t, n-3, follows)
	assert.Equal(t, 0, more)
	en, zh := pe.Text(lang.English), pe.Text(lang.Chinese)
	assert.Contains(t, en, "next cohort: the previous result is round 2's, and 12 seats kept in it are off the lists of this cohort: give the cohort that round 2 wrote (its round -cohort-out)")
	assert.Contains(t, en, `next cohort, position "PGONE": 3 students keep a seat here (S12, S13, S14), but the next cohort no longer has this position: put it back with at least 3 seats, or have them decline`)
	assert.Contains(t, en, "responses, line 1234: ")
	assert.Contains(t, en, "… and 9 problems that follow from the first")
	assert.Contains(t, zh, "本轮分配数据：上轮结果是第2轮的，其中 12 个保有的名额不在本数据的志愿中")
	assert.Contains(t, zh, `3 名学生在此保有名额（S12、S13、S14）`)
	assert.Contains(t, zh, "回复文件第 1234 行：")
	assert.Contains(t, zh, "……另有 9 个由第一条引起的问题")

	// A result row in a workbook is worded in Chinese, sheet and row.
	p := round.Problem{Kind: round.MissingStudent, Source: round.Previous, Row: `sheet "分配结果" row 1226`, Student: "SX"}
	assert.Equal(t, `上轮结果，工作表 "分配结果" 第 1226 行：上轮结果中的学生 "SX" 不在本轮分配数据中`, p.Text(lang.Chinese))
	assert.Equal(t, `previous result, sheet "分配结果" row 1226: student "SX" of the previous result is not in the next cohort`, p.Text(lang.English))
}
