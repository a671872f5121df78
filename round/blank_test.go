package round_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// blankCohort: S1 placed at P1 and S2 at P2 in the previous round
// (blankPrevious), S3 unplaced, S4 new.
func blankCohort(t testing.TB) *model.Cohort {
	t.Helper()
	c, err := model.New(model.Data{
		Name:      "season",
		Positions: []model.Position{{ID: "P1", Capacity: 1}, {ID: "P2", Capacity: 1}, {ID: "P3", Capacity: 2}},
		Students: []model.Student{
			{ID: "S1", Choices: []string{"P1"}},
			{ID: "S2", Choices: []string{"P3", "P2"}},
			{ID: "S3", Choices: []string{"P1"}},
			{ID: "S4", Choices: []string{"P3"}},
		},
	}, nil)
	require.NoError(t, err)
	return c
}

const blankPrevious = `{"cohort": "season", "students_total": 3,
 "assignments": [{"student": "S1", "position": "P1", "rank": 1}, {"student": "S2", "position": "P2", "rank": 2}],
 "unplaced": [{"student": "S3", "reason": "rejected by every choice"}]}`

func readPrev(t testing.TB, c *model.Cohort, text string) *matching.ResultFile {
	t.Helper()
	prev, err := matching.ReadResultJSONWith(strings.NewReader(text), c, &matching.ReadOptions{Previous: true})
	require.NoError(t, err)
	return prev
}

// TestPrepareBlankAnswer: a blank answer (a planner's sheet listing every
// student, CSV or JSON) is no answer: each student takes the default, as
// if not listed, placed, unplaced and new alike; a blank answer with a
// new list continues an unplaced or new student with it, and a placed
// student's is a problem that names the default, never an empty word.
func TestPrepareBlankAnswer(t *testing.T) {
	ctx := context.Background()
	next := blankCohort(t)
	prev := readPrev(t, next, blankPrevious)
	_, none, err := round.Prepare(ctx, next, prev, nil, nil)
	require.NoError(t, err)
	for _, tc := range []struct{ name, text string }{
		{"csv", "student,answer\nS1,\nS2,hold\nS3,\nS4,\n"},
		{"json", `{"responses": [{"student": "S1", "answer": ""}, {"student": "S2", "answer": "hold"}, {"student": "S3", "answer": ""}, {"student": "S4", "answer": ""}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs *model.Responses
			var err error
			if tc.name == "csv" {
				rs, err = model.ReadResponsesCSV(strings.NewReader(tc.text), "r.csv")
			} else {
				rs, err = model.ReadResponsesJSON(strings.NewReader(tc.text), "r.json")
			}
			require.NoError(t, err)
			require.Equal(t, model.NoAnswer, rs.Responses[0].Answer, "the reader gives a blank answer as NoAnswer")
			_, rnd, err := round.Prepare(ctx, next, prev, rs, nil)
			require.NoError(t, err)
			want := append([]matching.Standing(nil), none.Standings...)
			want[1] = matching.Standing{Answer: model.Hold, Seat: 1, Joined: 1}
			assert.Equal(t, want, rnd.Standings)
			for _, o := range []round.Options{{Placed: model.Decline, Unplaced: model.Withdraw}, {Placed: model.Hold}} {
				_, rnd, err := round.Prepare(ctx, next, prev, rs, &o)
				require.NoError(t, err)
				_, def, err := round.Prepare(ctx, next, prev, nil, &o)
				require.NoError(t, err)
				want := append([]matching.Standing(nil), def.Standings...)
				want[1] = matching.Standing{Answer: model.Hold, Seat: 1, Joined: 1}
				assert.Equal(t, want, rnd.Standings, "%+v", o)
			}
		})
	}

	// New lists without an answer.
	rs := &model.Responses{Responses: []model.Response{
		{Student: "S3", Choices: []string{"P3"}, HasChoices: true, Line: 2},
		{Student: "S4", Choices: []string{"P1", "P3"}, HasChoices: true, Line: 3},
	}}
	c, rnd, err := round.Prepare(ctx, next, prev, rs, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"P3"}, c.Students()[2].Choices)
	assert.Equal(t, []string{"P1", "P3"}, c.Students()[3].Choices)
	assert.Equal(t, model.Continue, rnd.Standings[2].Answer)
	assert.Equal(t, model.Continue, rnd.Standings[3].Answer)
	rs = &model.Responses{Responses: []model.Response{{Student: "S1", Choices: []string{"P3"}, HasChoices: true, Line: 2}}}
	_, _, err = round.Prepare(ctx, next, prev, rs, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Len(t, pe.Problems, 1)
	assert.Equal(t, `responses, line 2: student "S1" gives a new list but no answer, so takes the default accept: only continue takes a new list`, pe.Problems[0].Text(lang.English))
	assert.Equal(t, `回复文件第 2 行：学生 "S1" 填了新志愿但未回复，按默认回复“接受”处理：只有继续才能填新志愿`, pe.Problems[0].Text(lang.Chinese))
	for _, text := range []string{pe.Text(lang.English), pe.Text(lang.Chinese)} {
		assert.NotContains(t, text, "  ")
		assert.NotContains(t, text, "“”")
	}
}

// TestPrepareIncompletePrevious: a previous result missing a row (fewer
// students than its students_total) or with none is refused with a
// located problem, not read as a round of new students.
func TestPrepareIncompletePrevious(t *testing.T) {
	ctx := context.Background()
	next := blankCohort(t)
	for _, tc := range []struct{ name, text, en, zh string }{
		{"row deleted", `{"students_total": 3, "assignments": [{"student": "S1", "position": "P1", "rank": 1}], "unplaced": [{"student": "S3", "reason": "rejected by every choice"}]}`,
			"previous result: it lists 2 students but says it has 3: it is incomplete", "上轮结果：只列出了 2 名学生，但注明共有 3 名：文件不完整"},
		{"no rows", `{"students_total": 3, "assignments": [], "unplaced": []}`,
			"previous result: it lists no students: a result lists every student of its cohort, placed or not", "上轮结果：其中没有任何学生：结果应列出分配数据中的每名学生，无论是否分配"},
		{"no rows, no total", `{"assignments": [], "unplaced": []}`,
			"previous result: it lists no students: a result lists every student of its cohort, placed or not", "上轮结果：其中没有任何学生：结果应列出分配数据中的每名学生，无论是否分配"},
	} {
		prev := readPrev(t, next, tc.text)
		_, _, err := round.Prepare(ctx, next, prev, nil, nil)
		var pe *round.ProblemsError
		require.True(t, errors.As(err, &pe), "%s: %v", tc.name, err)
		require.Len(t, pe.Problems, 1, tc.name)
		assert.Equal(t, round.IncompletePrevious, pe.Problems[0].Kind)
		assert.Equal(t, tc.en, pe.Problems[0].Text(lang.English), tc.name)
		assert.Equal(t, tc.zh, pe.Problems[0].Text(lang.Chinese), tc.name)
	}
	// Complete, with or without a total; a file from a real run.
	for _, text := range []string{blankPrevious, strings.Replace(blankPrevious, `"students_total": 3,`, "", 1)} {
		_, _, err := round.Prepare(ctx, next, readPrev(t, next, text), nil, nil)
		assert.NoError(t, err)
	}
	inst, err := matching.Compile(ctx, next, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&b, r1, nil))
	full := readPrev(t, next, b.String())
	require.Equal(t, 4, full.StudentsTotal)
	_, _, err = round.Prepare(ctx, next, full, nil, nil)
	require.NoError(t, err)
	// The same with one placed student's row deleted.
	cut := *full
	cut.Rows = full.Rows[1:]
	_, _, err = round.Prepare(ctx, next, &cut, nil, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "previous result: it lists 3 students but says it has 4: it is incomplete", pe.Problems[0].Text(lang.English))
}

// TestWarnings: a previous result of a cohort named otherwise, and
// responses that name no result, are warnings (Prepare takes them).
func TestWarnings(t *testing.T) {
	next := blankCohort(t)
	prev := readPrev(t, next, blankPrevious)
	named := &model.Responses{Result: prev.ResultFingerprint(), Responses: []model.Response{{Student: "S1", Answer: model.Accept, Line: 2}}}
	assert.Empty(t, round.Warnings(next, prev, named))
	assert.Empty(t, round.Warnings(next, prev, nil))
	other := readPrev(t, next, strings.Replace(blankPrevious, `"season"`, `"last year"`, 1))
	unnamed := &model.Responses{Responses: named.Responses}
	ws := round.Warnings(next, other, unnamed)
	require.Len(t, ws, 2)
	assert.Equal(t, round.OtherCohortName, ws[0].Kind)
	assert.Equal(t, `previous result: it is a result of cohort "last year", and the next cohort is "season": check that it is the right file`, ws[0].Text(lang.English))
	assert.Equal(t, `上轮结果：它是分配数据 "last year" 的结果，而本轮分配数据是 "season"：请确认文件无误`, ws[0].Text(lang.Chinese))
	assert.Equal(t, round.UnnamedResult, ws[1].Kind)
	assert.Equal(t, "responses: no result named (column result, 上轮结果指纹): taken as answers to the previous result given", ws[1].Text(lang.English))
	_, _, err := round.Prepare(context.Background(), next, other, unnamed, nil)
	assert.NoError(t, err, "warnings, not problems")
}

// TestPrepareRepeatedChoice: a new list naming a position twice, built
// in memory, is a problem of the response's line, not of the cohort.
func TestPrepareRepeatedChoice(t *testing.T) {
	next := blankCohort(t)
	prev := readPrev(t, next, blankPrevious)
	rs := &model.Responses{Responses: []model.Response{{Student: "S3", Answer: model.Continue, Choices: []string{"P3", "P1", "P3"}, HasChoices: true, Line: 4}}}
	_, _, err := round.Prepare(context.Background(), next, prev, rs, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Len(t, pe.Problems, 1)
	assert.Equal(t, round.RepeatedChoice, pe.Problems[0].Kind)
	assert.Equal(t, `responses, line 4: student "S3"'s new list names "P3" twice`, pe.Problems[0].Text(lang.English))
	assert.Equal(t, `回复文件第 4 行：学生 "S3" 的新志愿两次填了 "P3"`, pe.Problems[0].Text(lang.Chinese))
}

// TestChainText: the chain's errors in English and Chinese, from the
// round's catalogue: a broken link, and a result whose rows state an
// answer the previous result and the responses do not give.
func TestChainText(t *testing.T) {
	ctx := context.Background()
	next := blankCohort(t)
	prev := readPrev(t, next, blankPrevious)
	rs := &model.Responses{Result: prev.ResultFingerprint(), Responses: []model.Response{{Student: "S1", Answer: model.Decline, Line: 2}}}
	c, rnd, err := round.Prepare(ctx, next, prev, rs, nil)
	require.NoError(t, err)
	res, err := round.Run(ctx, c, rnd, prev, nil)
	require.NoError(t, err)
	file := roundTrip(t, res.Matching(), next)
	f, err := round.Check(ctx, next, file, prev, rs, nil)
	require.NoError(t, err)
	require.Empty(t, f)

	// The file says S1 accepted P1.
	edited := *file
	edited.Rows = append([]matching.ResultRow(nil), file.Rows...)
	for i := range edited.Rows {
		if edited.Rows[i].Student == "S1" {
			edited.Rows[i].Answer, edited.Rows[i].PreviousPosition = model.Accept, "P1"
		}
	}
	_, err = round.Check(ctx, next, &edited, prev, rs, nil)
	var se *round.StandingError
	require.ErrorAs(t, err, &se)
	require.ErrorIs(t, err, round.ErrChain)
	assert.Equal(t, "answers or previous seats in the file that the previous result and the responses do not give (1 students):\n\tS1: the file says accept at \"P1\", the previous result and the responses give decline at \"P1\"", se.Text(lang.English))
	assert.Equal(t, "round: "+se.Text(lang.English), err.Error())
	assert.Equal(t, "文件中有 1 名学生的回复或上轮名额与上轮结果和回复不符：\n\tS1：文件写的是“接受”（名额 \"P1\"），上轮结果和回复给出的是“放弃”（名额 \"P1\"）", se.Text(lang.Chinese))

	// Other responses.
	_, err = round.Check(ctx, next, file, prev, nil, nil)
	var ce *round.ChainError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "responses", ce.What)
	assert.Equal(t, "this round took the responses with fingerprint "+rs.Fingerprint()[:24]+": give them with -responses", ce.Text(lang.English))
	assert.Equal(t, "本轮采用了指纹为 "+rs.Fingerprint()[:24]+" 的回复：请用 -responses 给出", ce.Text(lang.Chinese))
	other := &model.Responses{Responses: []model.Response{{Student: "S1", Answer: model.Accept, Line: 2}}}
	_, err = round.Check(ctx, next, file, prev, other, nil)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "the responses given (fingerprint "+other.Fingerprint()[:24]+") are not those this round took ("+rs.Fingerprint()[:24]+"): give the responses that round took", ce.Text(lang.English))
	assert.Equal(t, "给出的回复（指纹 "+other.Fingerprint()[:24]+"）不是本轮采用的回复（"+rs.Fingerprint()[:24]+"）：请给出本轮采用的回复", ce.Text(lang.Chinese))
	none := &round.ChainError{What: "responses", Want: "", Got: other.Fingerprint()}
	assert.Equal(t, "this round took no responses: drop -responses", none.Text(lang.English))
	assert.Equal(t, "本轮没有采用回复：请去掉 -responses", none.Text(lang.Chinese))
	for _, what := range []string{"previous result", "round", "cohort"} {
		e := &round.ChainError{What: what, Want: "W", Got: "G"}
		assert.NotEqual(t, e.Text(lang.English), e.Text(lang.Chinese), what)
		assert.Contains(t, e.Text(lang.Chinese), "W")
	}
}
