package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoundDefaultsRecorded: a round run with -no-answer-placed hold and
// -no-answer-unplaced withdraw records them in every format, so check
// and explain take them from the file; a flag that contradicts the file
// is refused naming both, and one that agrees is accepted.
func TestRoundDefaultsRecorded(t *testing.T) {
	dir := t.TempDir()
	r1 := filepath.Join(dir, "r1.json")
	code, _, stderr := runCmd("solve", "-cohort", langCohort, "-out", r1)
	require.Equal(t, 0, code, stderr)
	for _, ext := range []string{".json", ".csv", ".xlsx"} {
		r2 := filepath.Join(dir, "r2"+ext)
		code, _, stderr = runCmd("round", "-cohort", langCohort, "-previous", r1, "-no-answer-placed", "hold", "-no-answer-unplaced", "withdraw", "-out", r2)
		require.Equal(t, 0, code, stderr)
		code, stdout, stderr := runCmd("check", "-cohort", langCohort, "-result", r2, "-previous", r1)
		assert.Equal(t, 0, code, "%s: %s", ext, stderr)
		assert.Contains(t, stdout, "no findings", ext)
		code, _, stderr = runCmd("check", "-cohort", langCohort, "-result", r2, "-previous", r1, "-no-answer-placed", "hold", "-no-answer-unplaced", "withdraw")
		assert.Equal(t, 0, code, "%s: %s", ext, stderr)
		code, _, stderr = runCmd("check", "-cohort", langCohort, "-result", r2, "-previous", r1, "-no-answer-placed", "accept")
		assert.Equal(t, 2, code, ext)
		assert.Contains(t, stderr, "the round counted a placed student who did not answer as hold (the result says so), not accept as given: drop -no-answer-placed", ext)
		code, _, stderr = runCmd("check", "-lang", "zh", "-cohort", langCohort, "-result", r2, "-previous", r1, "-no-answer-unplaced", "continue")
		assert.Equal(t, 2, code, ext)
		assert.Contains(t, stderr, "本轮对未回复的未分配学生按“退出”处理（结果文件中有记录），而不是给出的“继续”：请去掉 -no-answer-unplaced", ext)
		code, stdout, stderr = runCmd("explain", "-cohort", langCohort, "-result", r2, "-previous", r1, "-student", "S01")
		assert.Equal(t, 0, code, "%s: %s", ext, stderr)
		assert.Contains(t, stdout, "round 2: ", ext)
	}
	// The CSV file says them on every row.
	rf, err := os.ReadFile(filepath.Join(dir, "r2.csv"))
	require.NoError(t, err)
	lines := strings.Split(string(rf), "\n")
	assert.Contains(t, lines[0], "no_answer_placed,no_answer_unplaced")
	for _, l := range lines[1:] {
		if l != "" {
			assert.Contains(t, l, ",hold,withdraw,", "on every row")
		}
	}
}

// TestDeclinedSeatRecorded: a round's result names the seat each decliner
// gave back, so explain of a position without -previous counts them as
// having left it, as it does with -previous; a result written before
// decliners had it says that the count is not known rather than 0.
func TestDeclinedSeatRecorded(t *testing.T) {
	dir := t.TempDir()
	r1 := filepath.Join(dir, "r1.json")
	resp := "testdata/round/responses.json"
	code, _, stderr := runCmd("solve", "-cohort", langCohort, "-out", r1)
	require.Equal(t, 0, code, stderr)
	for _, ext := range []string{".json", ".csv", ".xlsx"} {
		r2 := filepath.Join(dir, "r2"+ext)
		code, _, stderr = runCmd("round", "-cohort", langCohort, "-previous", r1, "-responses", resp, "-out", r2)
		require.Equal(t, 0, code, stderr)
		_, with, _ := runCmd("explain", "-cohort", langCohort, "-result", r2, "-previous", r1, "-responses", resp, "-position", "P1")
		code, without, stderr := runCmd("explain", "-cohort", langCohort, "-result", r2, "-position", "P1")
		require.Equal(t, 0, code, stderr)
		head := func(s string) string {
			for _, l := range strings.Split(s, "\n") {
				if strings.HasPrefix(l, "round 2:") {
					return l
				}
			}
			return ""
		}
		assert.Contains(t, head(with), "round 2: 1 students left this position", ext)
		assert.Equal(t, head(with), head(without), ext)
		assert.Contains(t, without, "left: S01", ext)
	}
	// Round 3 without responses: S01 declined in round 2, so without
	// -previous explain says so (the file names no seat of theirs) and
	// counts no unknown decliner.
	c2 := filepath.Join(dir, "c2.json")
	code, _, stderr = runCmd("round", "-cohort", langCohort, "-previous", r1, "-responses", resp, "-out", filepath.Join(dir, "r2.json"), "-cohort-out", c2)
	require.Equal(t, 0, code, stderr)
	r3 := filepath.Join(dir, "r3.json")
	code, _, stderr = runCmd("round", "-cohort", c2, "-previous", filepath.Join(dir, "r2.json"), "-out", r3)
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := runCmd("explain", "-cohort", c2, "-result", r3, "-student", "S01")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "round 3: declined their seat in an earlier round; out for good")
	code, stdout, stderr = runCmd("explain", "-cohort", c2, "-result", r3, "-position", "P1")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "round 3: 0 students left this position")

	// A result written before decliners had their seat (and before
	// results recorded their defaults).
	b, err := os.ReadFile(filepath.Join(dir, "r2.json"))
	require.NoError(t, err)
	old := strings.ReplaceAll(string(b), `"answer": "decline", "previous_position": "P1"`, `"answer": "decline"`)
	old = strings.ReplaceAll(old, `"answer": "decline", "previous_position": "P4"`, `"answer": "decline"`)
	old = strings.Replace(old, ",\n \"no_answer_placed\": \"accept\",\n \"no_answer_unplaced\": \"continue\"", "", 1)
	require.NotEqual(t, string(b), old)
	oldPath := filepath.Join(dir, "old.json")
	require.NoError(t, os.WriteFile(oldPath, []byte(old), 0o644))
	code, stdout, stderr = runCmd("explain", "-cohort", langCohort, "-result", oldPath, "-position", "P1")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "how many left it is not known without -previous (the result does not say which seats 2 students declined)")
	assert.NotContains(t, stdout, "students left this position")
	// And it still checks (old files leave decliners' seats empty).
	code, _, stderr = runCmd("check", "-cohort", langCohort, "-result", oldPath, "-previous", r1, "-responses", resp)
	assert.Equal(t, 0, code, stderr)
}
