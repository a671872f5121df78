package matching_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// roundFixture is a tiny cohort and a round on it: S1 accepted P1, S2
// holds P2, S3 declined the seat P9 (gone since), S4 joined in round 2;
// a placed student who did not answer held.
func roundFixture(t *testing.T) (*model.Cohort, *matching.Round) {
	t.Helper()
	c, err := model.New(model.Data{
		Name: "round 2",
		Positions: []model.Position{
			{ID: "P1", Capacity: 1}, {ID: "P2", Capacity: 1}, {ID: "P3", Capacity: 2},
		},
		Students: []model.Student{
			{ID: "S1", Score: 90, Choices: []string{"P1"}},
			{ID: "S2", Score: 80, Choices: []string{"P1", "P2"}},
			{ID: "S3", Score: 70, Choices: []string{"P3"}},
			{ID: "S4", Score: 60, Choices: []string{"P2", "P3"}},
		},
	}, nil)
	require.NoError(t, err)
	return c, &matching.Round{Number: 2, Previous: "0123456789abcdef01234567", Responses: "feedface", Lottery: matching.ReversedLottery,
		Placed: model.Hold, GaveBack: []string{"", "", "P9", ""},
		Standings: []matching.Standing{{Answer: model.Accept, Seat: 0}, {Answer: model.Hold, Seat: 1}, {Answer: model.Decline, Seat: -1}, {Seat: -1, Joined: 2}}}
}

// TestResultRoundFormats: a round result's round and answers are written
// in JSON, CSV and Chinese CSV and read back; the fingerprint of every
// file is the result's; a main round's files have none of the round's
// fields and read as round 1 with the same fingerprint as its result.
func TestResultRoundFormats(t *testing.T) {
	c, rd := roundFixture(t)
	ctx := context.Background()
	for _, round := range []*matching.Round{nil, rd} {
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: round})
		require.NoError(t, err)
		r, err := matching.StudentProposing(ctx, inst, nil)
		require.NoError(t, err)
		fp := r.Fingerprint()
		require.Len(t, fp, 24)
		var js, en, zh bytes.Buffer
		require.NoError(t, matching.WriteResultJSON(&js, r, nil))
		require.NoError(t, matching.WriteResultCSV(&en, r))
		require.NoError(t, matching.WriteResultCSVWith(&zh, r, &matching.CSVOptions{Language: lang.Chinese}))
		if round == nil {
			assert.NotContains(t, js.String(), `"round":`)
			assert.NotContains(t, js.String(), `answer`)
			assert.NotContains(t, en.String(), "round,")
		} else {
			assert.Contains(t, js.String(), "\n \"round\": 2,\n \"previous_result\": \"0123456789abcdef01234567\",\n \"responses\": \"feedface\",\n \"round_lottery\": \"reversed\",\n \"no_answer_placed\": \"hold\",\n \"no_answer_unplaced\": \"continue\",")
			assert.Contains(t, js.String(), `{"student": "S1", "position": "P1", "rank": 1, "answer": "accept", "previous_position": "P1"}`)
			assert.Contains(t, js.String(), `"answer": "decline", "previous_position": "P9"}`)
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(zh.Bytes(), []byte("\uFEFF")))).ReadAll()
			require.NoError(t, err)
			h := recs[0]
			assert.Equal(t, []string{"轮次", "上轮结果指纹", "回复指纹", "本轮抽签", "已分配者未回复按", "未分配者未回复按", "回复", "上轮岗位", "加入轮次"}, h[len(h)-9:])
			assert.Equal(t, []string{"2", "0123456789abcdef01234567", "feedface", "reversed", "保留", "继续", "保留", "P2", "1"}, recs[2][len(h)-9:])
			for _, rec := range recs[1:] {
				assert.Equal(t, []string{"保留", "继续"}, rec[len(h)-5:len(h)-3], "on every row")
			}
			assert.Equal(t, []string{"", "", "2"}, recs[4][len(h)-3:], "S4 joined in round 2")
			assert.Contains(t, js.String(), `{"student": "S4", "position": "P3", "rank": 2, "joined": 2}`)
		}
		read := map[string]func() (*matching.ResultFile, error){
			"json":   func() (*matching.ResultFile, error) { return matching.ReadResultJSON(bytes.NewReader(js.Bytes()), c) },
			"csv":    func() (*matching.ResultFile, error) { return matching.ReadResultCSV(bytes.NewReader(en.Bytes()), c) },
			"csv zh": func() (*matching.ResultFile, error) { return matching.ReadResultCSV(bytes.NewReader(zh.Bytes()), c) },
		}
		for name, f := range read {
			rf, err := f()
			require.NoError(t, err, name)
			assert.Equal(t, fp, rf.ResultFingerprint(), name)
			assert.ElementsMatch(t, r.Placements(), rf.Placements, name)
			answers := map[string]model.Answer{}
			prev := map[string]string{}
			joined := map[string]int{}
			for _, row := range rf.Rows {
				answers[row.Student], prev[row.Student] = row.Answer, row.PreviousPosition
				joined[row.Student] = row.Joined
			}
			if round == nil {
				assert.Equal(t, matching.ResultRound{Number: 1}, rf.Round, name)
				assert.Equal(t, map[string]model.Answer{"S1": 0, "S2": 0, "S3": 0, "S4": 0}, answers, name)
				continue
			}
			assert.Equal(t, matching.ResultRound{Number: 2, Previous: rd.Previous, Responses: rd.Responses, Lottery: "reversed", Placed: "hold", Unplaced: "continue"}, rf.Round, name)
			assert.Equal(t, map[string]model.Answer{"S1": model.Accept, "S2": model.Hold, "S3": model.Decline, "S4": model.NoAnswer}, answers, name)
			assert.Equal(t, map[string]string{"S1": "P1", "S2": "P2", "S3": "P9", "S4": ""}, prev, name)
			assert.Equal(t, map[string]int{"S1": 1, "S2": 1, "S3": 1, "S4": 2}, joined, name)
		}
	}
}

// TestResultFingerprint: the fingerprint changes with any student's
// position, the round and the previous result, and not with the order of
// the rows or the mechanism.
func TestResultFingerprint(t *testing.T) {
	c, rd := roundFixture(t)
	ctx := context.Background()
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	rows := func(pairs ...string) []matching.ResultRow {
		var out []matching.ResultRow
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, matching.ResultRow{Student: pairs[i], Position: pairs[i+1]})
		}
		return out
	}
	var js bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&js, r, nil))
	rf, err := matching.ReadResultJSON(&js, c)
	require.NoError(t, err)
	want := rf.ResultFingerprint()
	assert.Equal(t, r.Fingerprint(), want)
	f := &matching.ResultFile{Fingerprint: c.Fingerprint()}
	for _, row := range rf.Rows {
		f.Rows = append([]matching.ResultRow{{Student: row.Student, Position: row.Position}}, f.Rows...)
	}
	assert.Equal(t, want, f.ResultFingerprint(), "rows in another order")
	f.Rows = append(f.Rows, matching.ResultRow{Student: "S1", Position: "P3"})
	assert.Equal(t, want, f.ResultFingerprint(), "a repeated student counts at their first row")
	// The first row counts wherever the repeat is, in rows of one run or many.
	first := &matching.ResultFile{Fingerprint: c.Fingerprint(), Rows: []matching.ResultRow{{Student: "S1", Position: ""}}}
	only := &matching.ResultFile{Fingerprint: c.Fingerprint()}
	for _, row := range rf.Rows {
		first.Rows = append(first.Rows, matching.ResultRow{Student: row.Student, Position: row.Position})
		if row.Student == "S1" {
			row.Position = ""
		}
		only.Rows = append(only.Rows, matching.ResultRow{Student: row.Student, Position: row.Position})
	}
	assert.Equal(t, only.ResultFingerprint(), first.ResultFingerprint(), "the first row of S1 counts")
	assert.NotEqual(t, want, first.ResultFingerprint())
	many := &matching.ResultFile{Fingerprint: c.Fingerprint()}
	for k := range 40 { // more than 16 runs: the general sort
		for _, row := range rf.Rows {
			pos := row.Position
			if k > 0 {
				pos = "P1" // the later rows of each student never count
			}
			many.Rows = append(many.Rows, matching.ResultRow{Student: row.Student, Position: pos})
		}
	}
	assert.Equal(t, want, many.ResultFingerprint(), "40 copies of the rows: the first counts")
	seen := map[string]bool{want: true}
	for _, g := range []*matching.ResultFile{
		{Fingerprint: c.Fingerprint(), Rows: rows("S1", "P1", "S2", "P2", "S3", "P3", "S4", "")},
		{Fingerprint: c.Fingerprint(), Rows: rows("S1", "P1", "S2", "P2", "S3", "", "S4", "P3")},
		{Fingerprint: c.Fingerprint(), Rows: rows("S1", "P1", "S2", "P2", "S3", "P3")},
		{Fingerprint: "other", Rows: rf.Rows},
		{Fingerprint: c.Fingerprint(), Rows: rf.Rows, Round: matching.ResultRound{Number: 2}},
		{Fingerprint: c.Fingerprint(), Rows: rf.Rows, Round: matching.ResultRound{Previous: rd.Previous}},
		{Fingerprint: c.Fingerprint(), Rows: rows("S1P1", "", "S2", "P2", "S3", "P3", "S4", "")},
	} {
		fp := g.ResultFingerprint()
		assert.False(t, seen[fp], "%+v: the same fingerprint as another allocation", g)
		seen[fp] = true
	}
	inst2, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	pd, err := matching.PositionProposing(ctx, inst2, nil)
	require.NoError(t, err)
	if slicesEqual(pd.Placements(), r.Placements()) {
		assert.Equal(t, want, pd.Fingerprint(), "the mechanism does not count")
	}
}

func slicesEqual(a, b []matching.Placement) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Student != b[i].Student || a[i].Position != b[i].Position {
			return false
		}
	}
	return true
}

// TestReadPrevious: a previous round's result read against the next
// cohort: its cohort's fingerprint is not compared, the IDs the next
// cohort lacks are problems listed with their rows (not an error), the
// rows keep them; a file of another cohort is refused in one line.
func TestReadPrevious(t *testing.T) {
	c, _ := roundFixture(t)
	ctx := context.Background()
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	var js, cs bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&js, r, nil))
	require.NoError(t, matching.WriteResultCSV(&cs, r))

	d := c.Data()
	d.Name = "round 3"
	d.Students = append(d.Students[1:], model.Student{ID: "S9", Choices: []string{"P2"}}) // S1 gone, S9 new
	d.Positions = d.Positions[1:]                                                         // P1 gone
	for i := range d.Students {
		d.Students[i].Choices = []string{"P2"}
	}
	next, err := model.New(d, nil)
	require.NoError(t, err)

	_, err = matching.ReadResultJSON(bytes.NewReader(js.Bytes()), next)
	require.Error(t, err, "without the option: another cohort")
	for name, read := range map[string]func(*model.Cohort) (*matching.ResultFile, error){
		"json": func(c *model.Cohort) (*matching.ResultFile, error) {
			return matching.ReadResultJSONWith(bytes.NewReader(js.Bytes()), c, &matching.ReadOptions{Previous: true})
		},
		"csv": func(c *model.Cohort) (*matching.ResultFile, error) {
			return matching.ReadResultCSVWith(bytes.NewReader(cs.Bytes()), c, &matching.ReadOptions{Previous: true})
		},
	} {
		rf, err := read(next)
		require.NoError(t, err, name)
		assert.Equal(t, r.Fingerprint(), rf.ResultFingerprint(), "%s: the fingerprint is the file's own", name)
		var what []string
		for _, p := range rf.Problems {
			what = append(what, p.What())
		}
		assert.Equal(t, []string{`unknown student "S1"`, `unknown position "P1"`}, what, name) // S1 is the only one placed at P1
		assert.Len(t, rf.Rows, 4, name)
		for _, pl := range rf.Placements {
			assert.NotEqual(t, "S1", next.Students()[pl.Student].ID)
		}

		// Another cohort: most students unknown.
		other, err := model.New(model.Data{Name: "other", Positions: []model.Position{{ID: "P2", Capacity: 1}},
			Students: []model.Student{{ID: "S4", Choices: []string{"P2"}}, {ID: "X1"}, {ID: "X2"}}}, nil)
		require.NoError(t, err)
		_, err = read(other)
		var ue *matching.UnrelatedResultError
		require.ErrorAs(t, err, &ue, name)
		require.ErrorIs(t, err, matching.ErrResultFile)
		assert.Equal(t, 3, ue.Unknown)
		assert.False(t, strings.Contains(err.Error(), "\n"), "one line: %s", err)
	}
}

// TestResultJoinedOldNew: result files written while round results said
// "new" (JSON "new": true, the CSV column new / 本轮新增 with yes / 是)
// read a new student as joined in the file's round and every other in
// round 1; a file with neither reads everyone as joined in round 1; a
// joined past the file's round is a located problem.
func TestResultJoinedOldNew(t *testing.T) {
	c, rd := roundFixture(t)
	ctx := context.Background()
	rd3 := *rd
	rd3.Number = 3
	rd3.Standings = slices.Clone(rd.Standings)
	rd3.Standings[3].Joined = 3
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Round: &rd3})
	require.NoError(t, err)
	r, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	want := map[string]int{"S1": 1, "S2": 1, "S3": 1, "S4": 3}
	joined := func(rf *matching.ResultFile) map[string]int {
		out := map[string]int{}
		for _, row := range rf.Rows {
			out[row.Student] = row.Joined
		}
		return out
	}
	var js bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&js, r, nil))
	require.Contains(t, js.String(), `"joined": 3`)
	rf, err := matching.ReadResultJSON(bytes.NewReader(js.Bytes()), c)
	require.NoError(t, err)
	assert.Equal(t, want, joined(rf), "json")
	old := strings.ReplaceAll(js.String(), `"joined": 3`, `"new": true`)
	rf, err = matching.ReadResultJSON(strings.NewReader(old), c)
	require.NoError(t, err)
	assert.Equal(t, want, joined(rf), "json with new")
	none := strings.ReplaceAll(js.String(), `, "joined": 3`, ``)
	rf, err = matching.ReadResultJSON(strings.NewReader(none), c)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"S1": 1, "S2": 1, "S3": 1, "S4": 1}, joined(rf), "json without either")
	_, err = matching.ReadResultJSON(strings.NewReader(strings.ReplaceAll(js.String(), `"joined": 3`, `"joined": 4`)), c)
	require.ErrorContains(t, err, `joined "4" is not a round from 1 to 3`)

	for _, tag := range []language.Tag{lang.English, lang.Chinese} {
		var b bytes.Buffer
		require.NoError(t, matching.WriteResultCSVWith(&b, r, &matching.CSVOptions{Language: tag}))
		rf, err := matching.ReadResultCSV(bytes.NewReader(b.Bytes()), c)
		require.NoError(t, err)
		assert.Equal(t, want, joined(rf), "csv %v", tag)
		// The same file with the column new in place of joined.
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\uFEFF")))).ReadAll()
		require.NoError(t, err)
		j := slices.IndexFunc(recs[0], func(h string) bool { return h == "joined" || h == "加入轮次" })
		require.GreaterOrEqual(t, j, 0, "%v", recs[0])
		yes := "yes"
		if recs[0][j] == "加入轮次" {
			recs[0][j], yes = "本轮新增", "是"
		} else {
			recs[0][j] = "new"
		}
		for _, rec := range recs[1:] {
			if rec[j] == "3" {
				rec[j] = yes
			} else {
				rec[j] = ""
			}
		}
		var ob bytes.Buffer
		require.NoError(t, csv.NewWriter(&ob).WriteAll(recs))
		rf, err = matching.ReadResultCSV(bytes.NewReader(ob.Bytes()), c)
		require.NoError(t, err)
		assert.Equal(t, want, joined(rf), "csv with new %v", tag)
	}
}
