package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestExplain explains students and positions of testdata/caps.json (two
// positions of enterprise E1, capped at 2 and inside the capped region
// OOP; A, B and C compete for them) from a result file and from a run, and
// checks the lines against the library's own explanation.
var english = lang.Printer(lang.English, cat)

func TestExplain(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "r.json")
	mustRun(t, "solve", "-cohort", "testdata/caps.json", "-seed", "3", "-out", res)

	c, err := loadCohort("testdata/caps.json")
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: 3})
	require.NoError(t, err)
	r, err := matching.StudentProposing(context.Background(), inst, nil)
	require.NoError(t, err)

	for s, st := range c.Students() {
		code, fromFile, stderr := runCmd("explain", "-cohort", "testdata/caps.json", "-result", res, "-student", st.ID)
		require.Equal(t, 0, code, stderr)
		code, fromRun, stderr := runCmd("explain", "-cohort", "testdata/caps.json", "-seed", "3", "-student", st.ID)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, fromFile, fromRun)
		if p := r.Position(s); p >= 0 {
			assert.Contains(t, fromFile, fmt.Sprintf("placed: choice %d, %s", r.Rank(s), c.Positions()[p].ID))
		} else {
			assert.Contains(t, fromFile, "unplaced: "+reasonText(english, r.Reason(s)))
		}
		for _, ref := range r.Why(s) {
			assert.Contains(t, fromFile, fmt.Sprintf("%d. %s", ref.Rank, c.Positions()[ref.Position].ID))
			// The command words the refusal from its fields: the caps
			// the library names in its English detail, with their use.
			require.Equal(t, matching.RefusedCap, ref.Kind, "this cohort refuses by its caps only")
			require.NotEmpty(t, ref.Caps)
			for _, u := range ref.Caps {
				assert.Contains(t, fromFile, capText(english, c, u))
				assert.Contains(t, ref.Detail, fmt.Sprintf("(cap %d, %d placed)", u.Cap, u.Placed))
			}
			assert.Contains(t, fromFile, "     cap full: the seats under ")
		}
	}
	// The cap of E1 turns B away from P1 and C from P2 in this cohort.
	assert.Greater(t, len(r.Why(1))+len(r.Why(2)), 0)

	for p, pos := range c.Positions() {
		code, out, stderr := runCmd("explain", "-cohort", "testdata/caps.json", "-result", res, "-position", pos.ID)
		require.Equal(t, 0, code, stderr)
		admitted, away := 0, 0
		for s := range c.Students() {
			if r.Position(s) == p {
				admitted++
			}
			for _, ref := range r.Why(s) {
				if ref.Position == p {
					away++
					assert.Contains(t, out, c.Students()[s].ID+" score")
				}
			}
		}
		assert.Contains(t, out, fmt.Sprintf("%d of %d seats filled", admitted, pos.Capacity))
		assert.Contains(t, out, fmt.Sprintf("admitted, by priority: %d\n", admitted))
		assert.Contains(t, out, fmt.Sprintf("by priority: %d\n", away))
		for _, cu := range r.Cutoff(p) {
			assert.Contains(t, out, fmt.Sprintf("%s: %d of %d seats", categoryText(english, c, p, cu.Reserve), cu.Filled, cu.Seats))
		}
	}
}

// TestExplainOptimal explains from an optimal allocation's file and run.
func TestExplainOptimal(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "r.json")
	mustRun(t, "solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-out", res)
	c, err := loadCohort("testdata/quotas.json")
	require.NoError(t, err)
	for _, st := range c.Students() {
		code, fromFile, stderr := runCmd("explain", "-cohort", "testdata/quotas.json", "-result", res, "-student", st.ID)
		require.Equal(t, 0, code, stderr)
		code, fromRun, stderr := runCmd("explain", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-student", st.ID)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, fromFile, fromRun)
		assert.Contains(t, fromFile, "(optimal)")
	}
}

func TestExplainLimit(t *testing.T) {
	d := model.Data{}
	for i := range 30 {
		d.Students = append(d.Students, model.Student{ID: fmt.Sprintf("S%02d", i), Score: float64(i), Choices: []string{"P"}})
	}
	d.Positions = []model.Position{{ID: "P", Capacity: 5}}
	c, err := model.New(d, nil)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "c.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, model.WriteJSON(f, c))
	require.NoError(t, f.Close())

	code, out, stderr := runCmd("explain", "-cohort", path, "-position", "P", "-limit", "3")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "admitted, by priority: 5\n")
	assert.Contains(t, out, "  ... and 2 more")
	assert.Contains(t, out, "by priority: 25\n")
	assert.Contains(t, out, "  ... and 22 more")
	assert.Contains(t, out, "S29 score 29: choice 1") // the highest score first
	code, out, _ = runCmd("explain", "-cohort", path, "-position", "P", "-limit", "0")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "more")
	assert.Contains(t, out, "S00 score 0: its choice 1; full: below every cutoff: open seats, lowest admitted score 25 (priority no. 5); the student: score 0 (priority no. 30)")
}

func TestExplainErrors(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "r.json")
	mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-out", res)
	other := filepath.Join(dir, "other.json")
	require.NoError(t, os.WriteFile(other, []byte(`{"format": "placement-result/1",
 "assignments": [{"student": "S1", "position": "P1", "rank": 1}], "unplaced": []}`), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no cohort", []string{"explain", "-student", "S1"}, "required"},
		{"neither", []string{"explain", "-cohort", "testdata/tiny.json"}, "one of -student and -position"},
		{"both", []string{"explain", "-cohort", "testdata/tiny.json", "-student", "S1", "-position", "P1"}, "one of -student and -position"},
		{"unknown student", []string{"explain", "-cohort", "testdata/tiny.json", "-student", "S99"}, `testdata/tiny.json has no student "S99"`},
		{"unknown position", []string{"explain", "-cohort", "testdata/tiny.json", "-position", "P99"}, `has no position "P99"`},
		{"bad cohort", []string{"explain", "-cohort", "testdata/bad.json", "-student", "S1"}, `unknown position "P9"`},
		{"missing result", []string{"explain", "-cohort", "testdata/tiny.json", "-result", filepath.Join(dir, "none.json"), "-student", "S1"}, "no such file"},
		{"incomplete result", []string{"explain", "-cohort", "testdata/tiny.json", "-result", other, "-student", "S1"}, "other.json: matching: new result: student S2 is missing"},
		{"unknown mechanism", []string{"explain", "-cohort", "testdata/tiny.json", "-mechanism", "coin", "-student", "S1"}, "unknown mechanism"},
		{"negative limit", []string{"explain", "-cohort", "testdata/tiny.json", "-position", "P1", "-limit", "-1"}, "-limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, tc.want)
			assert.Empty(t, stdout)
		})
	}
	code, _, stderr := runCmd("explain", "-cohort", "testdata/infeasible.json", "-mechanism", "optimal", "-student", "S1")
	assert.Equal(t, 3, code, stderr)
}

// -student given a name, or -position a near miss of an ID, says what it
// was probably meant to be, in the verb's language
// (testdata/lang/explain-unknown.{en,zh}.golden).
func TestExplainDidYouMean(t *testing.T) {
	for _, l := range []string{"en", "zh"} {
		var b strings.Builder
		for _, a := range [][]string{{"-student", "王芳"}, {"-student", "S002"}, {"-position", "P03"}, {"-position", "Q9"}} {
			args := append([]string{"explain", "-lang", l, "-cohort", "testdata/lang/cohort.json"}, a...)
			code, _, stderr := runCmd(args...)
			assert.Equal(t, 2, code)
			// The cohort's own warnings are the language goldens'.
			last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
			fmt.Fprintf(&b, "$ placement %s\n%s", strings.Join(args, " "), last)
		}
		golden.Check(t, filepath.Join("testdata", "lang", "explain-unknown."+l+".golden"), b.String())
	}
}
