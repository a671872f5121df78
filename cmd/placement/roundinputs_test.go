package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoundBlankAnswers: a planner's sheet listing every student, with the
// answers of those who did not answer left blank (CSV and JSON), runs the
// round those students' defaults give: the same round as a sheet without
// them.
func TestRoundBlankAnswers(t *testing.T) {
	dir := t.TempDir()
	r1 := filepath.Join(dir, "r1.json")
	code, _, stderr := runCmd("solve", "-cohort", langCohort, "-mechanism", "student-da", "-out", r1)
	require.Equal(t, 0, code, stderr)
	summary := func(resp string) string {
		t.Helper()
		code, stdout, stderr := runCmd("round", "-cohort", langCohort, "-previous", r1, "-responses", resp, "-out", filepath.Join(dir, "r2.json"))
		require.Equal(t, 0, code, "%s: %s", resp, stderr)
		assert.NotContains(t, stderr, "want accept", resp)
		return strings.Split(stdout, "\n")[0]
	}
	want := summary(writeFile(t, dir, "short.csv", "student,answer\nS02,hold\nS03,continue\n"))
	require.Contains(t, want, "round 2")
	for name, text := range map[string]string{
		"blank.csv":  "student,answer\nS01,\nS02,hold\nS03,continue\nS04,\nS06,\nS10,\n",
		"blank.json": `{"responses": [{"student": "S01", "answer": ""}, {"student": "S02", "answer": "hold"}, {"student": "S03", "answer": "continue"}, {"student": "S06", "answer": ""}]}`,
	} {
		assert.Equal(t, want, summary(writeFile(t, dir, name, text)), name)
	}
}

// TestRoundIncompletePrevious: a previous result with a row deleted, or
// with none, is refused (it lists fewer students than it says it has), and
// nothing is written.
func TestRoundIncompletePrevious(t *testing.T) {
	dir := t.TempDir()
	r1 := filepath.Join(dir, "r1.json")
	code, _, stderr := runCmd("solve", "-cohort", langCohort, "-mechanism", "student-da", "-out", r1)
	require.Equal(t, 0, code, stderr)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(readText(t, r1)), &doc))
	write := func(name string, edit func(map[string]any)) string {
		d := map[string]any{}
		for k, v := range doc {
			d[k] = v
		}
		edit(d)
		b, err := json.Marshal(d)
		require.NoError(t, err)
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	cut := write("cut.json", func(d map[string]any) { d["assignments"] = d["assignments"].([]any)[1:] })
	empty := write("empty.json", func(d map[string]any) { d["assignments"], d["unplaced"] = []any{}, []any{} })
	out := filepath.Join(dir, "r2.json")
	for _, tc := range []struct{ prev, en, zh string }{
		{cut, "cut.json: previous result: it lists 11 students but says it has 12: it is incomplete", "上轮结果：只列出了 11 名学生，但注明共有 12 名：文件不完整"},
		{empty, "empty.json: previous result: it lists no students", "上轮结果：其中没有任何学生"},
	} {
		for _, l := range []string{"en", "zh"} {
			code, stdout, stderr := runCmd("round", "-lang", l, "-cohort", langCohort, "-previous", tc.prev, "-out", out)
			assert.Equal(t, 2, code, stdout+stderr)
			want := tc.en
			if l == "zh" {
				want = tc.zh
			}
			assert.Contains(t, stderr, want)
			assert.NoFileExists(t, out)
		}
	}
}

// TestCheckStandingsWorded: a round result whose rows state an answer
// that the previous result and the responses do not give is refused by
// check, in the verb's language.
func TestCheckStandingsWorded(t *testing.T) {
	dir := t.TempDir()
	r1, r2 := filepath.Join(dir, "r1.json"), filepath.Join(dir, "r2.json")
	resp := "testdata/round/responses.json"
	code, _, stderr := runCmd("solve", "-cohort", langCohort, "-mechanism", "student-da", "-out", r1)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCmd("round", "-cohort", langCohort, "-previous", r1, "-responses", resp, "-out", r2)
	require.Equal(t, 0, code, stderr)
	// S05 accepted: the file says they held.
	text := readText(t, r2)
	i := strings.Index(text, `"student": "S05"`)
	require.Greater(t, i, 0, text)
	j := strings.Index(text[i:], `"answer": "accept"`)
	require.Greater(t, j, 0)
	edited := writeFile(t, dir, "edited.json", text[:i+j]+`"answer": "hold"`+text[i+j+len(`"answer": "accept"`):])
	for l, want := range map[string]string{
		"en": "answers or previous seats in the file that the previous result and the responses do not give (1 students):\n\tS05: the file says hold at",
		"zh": "文件中有 1 名学生的回复或上轮名额与上轮结果和回复不符：\n\tS05：文件写的是“保留”",
	} {
		code, stdout, stderr := runCmd("check", "-lang", l, "-cohort", langCohort, "-result", edited, "-previous", r1, "-responses", resp)
		assert.Equal(t, 2, code, stdout+stderr)
		assert.Contains(t, stderr, want, l)
		assert.NotContains(t, stderr, "round: ", l)
	}
}
