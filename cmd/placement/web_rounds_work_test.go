package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
	"github.com/placement-engine/placement/round"
)

// roundsMainRound solves c's main round with mech (seed 7) and returns the
// result and its file as the workbench stores it (JSON).
func roundsMainRound(t *testing.T, c *model.Cohort, mech matching.Mechanism) (*matching.Result, []byte) {
	t.Helper()
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: 7})
	require.NoError(t, err)
	var res *matching.Result
	if mech == matching.OptimalAllocation {
		res, err = matching.SolveOptimal(context.Background(), inst, nil)
	} else {
		res, err = matching.Solve(context.Background(), inst, mech, nil)
	}
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&b, res, nil))
	return res, b.Bytes()
}

// TestWebRoundsResponsesFrom reads the same responses from JSON, CSV and
// a workbook, by their names and, under a name that says nothing, by
// their content: one fingerprint.
func TestWebRoundsResponsesFrom(t *testing.T) {
	rs := &model.Responses{Result: strings.Repeat("ab", 32), Responses: []model.Response{
		{Student: "S01", Answer: model.Decline}, {Student: "S02", Answer: model.Hold},
		{Student: "S03", Answer: model.Continue, Choices: []string{"P3", "P4"}, HasChoices: true},
	}}
	var j, c, x bytes.Buffer
	require.NoError(t, model.WriteResponsesJSON(&j, rs))
	require.NoError(t, model.WriteResponsesCSV(&c, rs, lang.Chinese))
	require.NoError(t, xlsx.WriteResponses(&x, rs, language.English))
	for _, f := range []struct {
		name string
		data []byte
	}{{"r.json", j.Bytes()}, {"r.csv", c.Bytes()}, {"r.xlsx", x.Bytes()}, {"r.txt", j.Bytes()}, {"r.txt", c.Bytes()}, {"r", x.Bytes()}} {
		got, err := readResponsesFrom(bytes.NewReader(f.data), f.name)
		require.NoError(t, err, f.name)
		assert.Equal(t, rs.Fingerprint(), got.Fingerprint(), f.name)
	}
	_, err := readResponsesFrom(bytes.NewReader(j.Bytes()), "old.xls")
	assert.Error(t, err)
}

// TestWebRoundsForm builds the responses file of the form's text and
// reads it as the upload would be: answers, new lists, the result named;
// a bad answer is located at the form's own line.
func TestWebRoundsForm(t *testing.T) {
	fp := strings.Repeat("cd", 32)
	text := "学生 回复 新志愿\r\nS01 放弃\n\n S02\thold \nS03，继续，P3；P4\nS04 accept\n"
	for _, tag := range []language.Tag{language.English, lang.Chinese} {
		data := roundFormCSV(tag, text, fp)
		rs, err := readResponsesFrom(bytes.NewReader(data), "form.csv")
		require.NoError(t, err, "%s", data)
		assert.Equal(t, fp, rs.Result)
		require.Len(t, rs.Responses, 4)
		want := []model.Response{
			{Student: "S01", Answer: model.Decline, Line: 2},
			{Student: "S02", Answer: model.Hold, Line: 4},
			{Student: "S03", Answer: model.Continue, Choices: []string{"P3", "P4"}, HasChoices: true, Line: 5},
			{Student: "S04", Answer: model.Accept, Line: 6},
		}
		for i, w := range want {
			// Line is the file's: the form's line after the header.
			w.Line += roundFormOffset
			assert.Equal(t, w, rs.Responses[i], "%v", tag)
		}
	}
	// A typo on the form's third line, a line with a student only on its
	// fourth: located there, after the shift.
	data := roundFormCSV(language.English, "S01 accept\nS02 hold\nS03 acept\nS04\n", fp)
	_, err := readResponsesFrom(bytes.NewReader(data), "form")
	rows := roundModelProblems(language.English, err)
	require.NotEmpty(t, rows, "%v", err)
	roundFormShift(rows, "form")
	lines := map[int]bool{}
	for _, r := range rows {
		lines[r.Line] = true
	}
	assert.True(t, lines[3], "%+v", rows)
	assert.False(t, lines[1] || lines[2], "%+v", rows)
	// The table's rows join into the same text.
	assert.Equal(t, "S01 accept\nS03 continue P3;P4\n", roundFormLines([]string{"S01", " ", "S03"}, []string{"accept", "hold", "continue"}, []string{"", "", "P3;P4"}))
}

// TestWebRoundsRun runs round 2 of a group cohort from bytes (its main round's
// stored result, synthetic responses), then round 3 from round 2's stored
// cohort and result: each result checks with the chain (round.Check, as
// check -previous does), rebuilds from what the run stores with the same
// fingerprint, and compares with the round before it consistently.
func TestWebRoundsRun(t *testing.T) {
	ctx := context.Background()
	c := webCohort(t, 400) // the group preset's policies, declines that cascade
	res1, r1 := roundsMainRound(t, c, matching.StudentDA)
	resp, err := round.Synthesize(res1, &round.SynthOptions{Seed: 3, NewLists: true})
	require.NoError(t, err)
	chains := 0
	defer func() { assert.Positive(t, chains, "no cascade of seats in any round: the test sees none") }()
	for _, mech := range []string{"student-da", "least-disruption", "optimal"} {
		s := defaultRoundSettings()
		s.Mechanism = mech
		next, prev := c, r1
		var prevRes *matching.Result = res1
		for n := 2; n <= 3; n++ {
			rs := resp
			if n == 3 {
				rs, err = round.Synthesize(prevRes, &round.SynthOptions{Seed: 4, NewLists: true})
				require.NoError(t, err)
			}
			var stages []string
			d, err := runRound(ctx, language.English, &roundJob{Next: next, CohortName: "cohort", Prev: prev, PrevName: "r1", Resp: rs, RespName: "resp", Settings: s},
				func(s string) { stages = append(stages, s) })
			require.NoError(t, err, "%s round %d", mech, n)
			assert.Contains(t, stages, "checking")
			assert.Equal(t, n, d.Counts.Round)
			assert.Equal(t, d.Round.Matching().Placed(), d.Counts.Placed)
			// The chain, as check verifies the downloads.
			rf, err := roundPreviousJSON(next, d.Result)
			require.NoError(t, err)
			pf, err := roundPreviousJSON(next, prev)
			require.NoError(t, err)
			findings, err := round.Check(ctx, next, rf, pf, rs, nil)
			require.NoError(t, err, "%s round %d", mech, n)
			assert.Empty(t, findings)
			// Rebuilt from the stored blobs.
			rc, err := loadRoundCohort(d.Cohort)
			require.NoError(t, err)
			back, file, err := roundResultFrom(ctx, rc, d.Result)
			require.NoError(t, err, "%s round %d", mech, n)
			assert.Equal(t, d.Fingerprint, back.Fingerprint())
			assert.Equal(t, n, file.Round.Number)
			// Compared with the round before it: the moved are exactly the
			// students whose position differs, by ID.
			earlier, err := roundEarlierOn(ctx, rc, prev)
			require.NoError(t, err)
			rr, err := roundLater(back, prev, rs)
			require.NoError(t, err)
			cmp := compareRounds(lang.Printer(language.English, cat), earlier, n-1, rr)
			assert.True(t, cmp.Adjacent)
			assert.Equal(t, [2]int{prevRes.Placed(), back.Placed()}, cmp.Placed)
			moved := 0
			for s, st := range rc.Students() {
				was := ""
				if i, ok := prevRes.Instance().Cohort().StudentIndex(st.ID); ok && prevRes.Position(i) >= 0 {
					was = prevRes.Instance().Cohort().Positions()[prevRes.Position(i)].ID
				}
				now := ""
				if back.Position(s) >= 0 {
					now = rc.Positions()[back.Position(s)].ID
				}
				if was != now {
					moved++
				}
			}
			assert.Len(t, cmp.Moved, moved, "%s round %d", mech, n)
			// Each cascade starts at the seat its decliner gave back, and
			// each move takes the seat the one before it left.
			for _, ch := range cmp.Chains {
				chains++
				require.NotEmpty(t, ch.Moves)
				assert.Equal(t, ch.Seat, ch.Moves[0].To, "%+v", ch)
				for i := 1; i < len(ch.Moves); i++ {
					assert.Equal(t, ch.Moves[i-1].From, ch.Moves[i].To, "%+v", ch)
				}
			}
			next, prev, prevRes = rc, d.Result, back
		}
	}
}

// TestWebRoundsCheckResponses checks responses against the previous
// result as the upload does: good ones pass with their counts; a bad file
// has every problem, the file's own and those across the files, located.
func TestWebRoundsCheckResponses(t *testing.T) {
	ctx := context.Background()
	c, err := loadCohort(langCohort)
	require.NoError(t, err)
	res1, r1 := roundsMainRound(t, c, matching.StudentDA)
	resp, err := round.Synthesize(res1, &round.SynthOptions{Seed: 3})
	require.NoError(t, err)
	var good bytes.Buffer
	require.NoError(t, model.WriteResponsesCSV(&good, resp, language.English))
	rs, ck, err := checkRoundResponses(ctx, language.English, c, "cohort", r1, "round 1", "resp.csv", good.Bytes(), nil)
	require.NoError(t, err)
	require.NotNil(t, rs, "%+v", ck.Problems)
	assert.Empty(t, ck.Problems)
	assert.Equal(t, resp.Fingerprint(), ck.Fingerprint)
	assert.Equal(t, len(resp.Responses), ck.Rows)
	n := 0
	for _, v := range ck.Answers {
		n += v
	}
	assert.Equal(t, ck.Rows, n)

	// An unknown student and hold from an unplaced one (across the
	// files), and a typo (the file's own): all at once, each at its line.
	var unplaced string
	for s, st := range c.Students() {
		if res1.Position(s) < 0 {
			unplaced = st.ID
			break
		}
	}
	require.NotEmpty(t, unplaced, "the fixture has an unplaced student")
	text := "S999 accept\n" + unplaced + " hold\nS01 acept\n"
	data := roundFormCSV(language.English, text, res1.Fingerprint())
	rs, ck, err = checkRoundResponses(ctx, language.English, c, "cohort", r1, "round 1", "form", data, nil)
	require.NoError(t, err)
	assert.Nil(t, rs)
	roundFormShift(ck.Problems, "form")
	at := map[int]string{}
	for _, p := range ck.Problems {
		at[p.Line] += p.Problem
	}
	assert.Contains(t, at[1], "S999", "%+v", ck.Problems)
	assert.Contains(t, at[2], unplaced, "%+v", ck.Problems)
	assert.Contains(t, at[3], "acept", "%+v", ck.Problems)
	// In Chinese too.
	_, ck, err = checkRoundResponses(ctx, lang.Chinese, c, "cohort", r1, "第1轮", "form", data, nil)
	require.NoError(t, err)
	assert.Len(t, ck.Problems, 3)
	for _, p := range ck.Problems {
		assert.True(t, roundsHasHan(p.Problem), p.Problem)
	}
	// Not a responses file (an old .xls workbook): one row saying so.
	rs, ck, err = checkRoundResponses(ctx, language.English, c, "cohort", r1, "round 1", "old.xls", good.Bytes(), nil)
	require.NoError(t, err)
	assert.Nil(t, rs)
	require.Len(t, ck.Problems, 1)
	assert.Contains(t, ck.Problems[0].Problem, ".xls")
	// A previous result of another cohort cannot be read: an error.
	_, _, err = checkRoundResponses(ctx, language.English, c, "cohort", []byte(`{"students_total": 1}`), "x", "resp.csv", good.Bytes(), nil)
	assert.Error(t, err)
}

// TestWebRoundsRunRefused: a round whose responses do not fit is refused
// with every problem, worded in the planner's language; a bad setting is
// refused as the verb refuses its flag.
func TestWebRoundsRunRefused(t *testing.T) {
	ctx := context.Background()
	c, err := loadCohort(langCohort)
	require.NoError(t, err)
	_, r1 := roundsMainRound(t, c, matching.StudentDA)
	rs := &model.Responses{Responses: []model.Response{{Student: "S999", Answer: model.Accept, Line: 2}}}
	for _, tag := range []language.Tag{language.English, lang.Chinese} {
		_, err = runRound(ctx, tag, &roundJob{Next: c, CohortName: "cohort", Prev: r1, PrevName: "r1", Resp: rs, RespName: "resp.csv", Settings: defaultRoundSettings()}, nil)
		var pe *round.ProblemsError
		require.True(t, errors.As(err, &pe), "%v", err)
		assert.Contains(t, err.Error(), "resp.csv:2")
		assert.Equal(t, tag == lang.Chinese, roundsHasHan(strings.SplitN(err.Error(), "S999", 2)[0]), err.Error())
	}
	s := defaultRoundSettings()
	s.Mechanism = "position-da"
	_, err = runRound(ctx, language.English, &roundJob{Next: c, Prev: r1, Settings: s}, nil)
	assert.ErrorContains(t, err, "not a round's")
	s = defaultRoundSettings()
	s.Placed = "continue"
	_, err = runRound(ctx, language.English, &roundJob{Next: c, Prev: r1, Settings: s}, nil)
	assert.ErrorContains(t, err, "no-answer-placed")
}

// roundsHasHan reports whether s has a Chinese character.
func roundsHasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
