package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckRoundOtherSeed: check -previous -responses refuses a round
// result whose seed or tie-break was edited (a round re-run under another
// seed until a favoured student wins), in English and Chinese, and
// accepts the result as written.
func TestCheckRoundOtherSeed(t *testing.T) {
	dir := t.TempDir()
	resp := "testdata/round/responses.json"
	r1, r2 := filepath.Join(dir, "r1.json"), filepath.Join(dir, "r2.json")
	code, _, stderr := runCmd("solve", "-cohort", langCohort, "-mechanism", "student-da", "-out", r1)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCmd("round", "-cohort", langCohort, "-previous", r1, "-responses", resp, "-out", r2)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCmd("check", "-cohort", langCohort, "-result", r2, "-previous", r1, "-responses", resp)
	require.Equal(t, 0, code, stderr)
	b, err := os.ReadFile(r2)
	require.NoError(t, err)
	for _, tc := range []struct {
		field  string
		value  any
		en, zh string
	}{
		{"seed", 12345, "the result was computed with seed 12345, the previous result with 0", "该结果使用的随机种子是 12345，上轮结果使用的是 0"},
		{"tie_break", "multiple", "the result was computed with tie-break multiple, the previous result with single", "该结果使用的抽签方式是 multiple，上轮结果使用的是 single"},
	} {
		var f map[string]any
		require.NoError(t, json.Unmarshal(b, &f))
		require.Contains(t, f, tc.field)
		f[tc.field] = tc.value
		edited := filepath.Join(dir, "r2-"+tc.field+".json")
		out, err := json.Marshal(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(edited, out, 0o644))
		code, stdout, stderr := runCmd("check", "-cohort", langCohort, "-result", edited, "-previous", r1, "-responses", resp)
		assert.Equal(t, 2, code, "%s: %s%s", tc.field, stdout, stderr)
		assert.Contains(t, stderr, tc.en)
		code, _, stderr = runCmd("check", "-lang", "zh", "-cohort", langCohort, "-result", edited, "-previous", r1, "-responses", resp)
		assert.Equal(t, 2, code)
		assert.Contains(t, stderr, tc.zh)
	}
}
