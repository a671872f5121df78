package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestRoundWrongFiles gives round, check, gen -responses and report the
// files a planner mixes up (a cohort or a responses file where the
// previous result belongs, a round's result on the main round's cohort,
// a round compared with a result of another chain, a result of another
// cohort) and the habits of Excel in a responses file (full-width IDs, a
// list separated by spaces, a name where the ID belongs, a CSV saved as
// .txt), in English and in Chinese: each is said in one line, in the
// language asked. The outputs are compared with
// testdata/round/wrong.LANG.golden (-update rewrites them).
func TestRoundWrongFiles(t *testing.T) {
	dir := t.TempDir()
	for _, l := range []string{"en", "zh"} {
		var b strings.Builder
		runL := func(want int, args ...string) string {
			t.Helper()
			args = append([]string{args[0], "-lang", l}, args[1:]...)
			code, stdout, stderr := runCmd(args...)
			assert.Equal(t, want, code, "%v: %s", args, stderr)
			shown := make([]string, len(args))
			for i, a := range args {
				shown[i] = strings.ReplaceAll(a, dir+string(filepath.Separator), "")
			}
			clean := func(s string) string {
				// The cohort's warnings are the round golden's.
				var keep []string
				for _, line := range strings.Split(maskTimes(s), "\n") {
					if strings.HasPrefix(line, "\tcohort.json:") {
						continue
					}
					keep = append(keep, line)
				}
				return strings.ReplaceAll(strings.Join(keep, "\n"), dir+string(filepath.Separator), "")
			}
			fmt.Fprintf(&b, "$ placement %s\n%s", strings.Join(shown, " "), clean(stdout))
			if stderr != "" {
				fmt.Fprintf(&b, "[stderr]\n%s", clean(stderr))
			}
			fmt.Fprintf(&b, "[exit %d]\n\n", code)
			return stdout + stderr
		}
		p := func(name string) string { return filepath.Join(dir, l+"-"+name) }
		r1, r1o := p("r1.json"), p("r1o.json")
		runL(0, "solve", "-cohort", langCohort, "-mechanism", "student-da", "-out", r1)
		runL(0, "solve", "-cohort", langCohort, "-mechanism", "optimal", "-out", r1o)
		runL(2, "round", "-cohort", langCohort, "-previous", r1, "-mechanism", "stable", "-out", p("x.json"))
		runL(2, "round", "-cohort", langCohort, "-previous", langCohort, "-out", p("x.json"))
		runL(2, "round", "-cohort", langCohort, "-previous", "testdata/round/new-lists.csv", "-out", p("x.json"))
		runL(2, "round", "-cohort", langCohort, "-previous", r1, "-responses", "testdata/round/excel-habits.csv", "-out", p("x.json"))
		runL(0, "round", "-cohort", langCohort, "-previous", r1, "-responses", "testdata/round/responses-csv.txt", "-out", p("txt.json"))
		// A responses file with warnings and a problem of its own: the
		// warnings are said once, after the problem.
		out := runL(2, "round", "-cohort", langCohort, "-previous", r1, "-responses", "testdata/round/warned-bad.csv", "-out", p("x.json"))
		assert.Equal(t, 1, strings.Count(out, "S０1"), "the warning said more than once:\n%s", out)
		// A round with new lists: its result is on the cohort it wrote.
		r2, c2 := p("r2.json"), p("c2.json")
		runL(0, "round", "-cohort", langCohort, "-previous", r1, "-responses", "testdata/round/new-lists.csv", "-out", r2, "-cohort-out", c2)
		runL(2, "gen", "-responses", "-cohort", langCohort, "-previous", r2, "-out", p("resp2.csv"))
		runL(2, "report", "-cohort", langCohort, "-result", r2)
		runL(2, "report", "-cohort", c2, "-result", r1o, "-result2", r2)
		runL(2, "check", "-cohort", langCohort, "-result", "testdata/round/new-lists.csv", "-previous", r1, "-responses", "testdata/round/new-lists.csv")
		runL(2, "check", "-cohort", "testdata/tiny.json", "-result", r2, "-previous", r1, "-responses", "testdata/round/new-lists.csv")
		// A responses file as -result without -previous, in every format,
		// and a result or a cohort as -responses.
		runL(2, "check", "-cohort", langCohort, "-result", "testdata/round/new-lists.csv")
		runL(2, "check", "-cohort", langCohort, "-result", "testdata/round/responses.json")
		runL(2, "explain", "-cohort", langCohort, "-result", "testdata/round/responses.json", "-student", "S03")
		runL(2, "report", "-cohort", langCohort, "-result", "testdata/round/new-lists.csv")
		runL(2, "round", "-cohort", langCohort, "-previous", r1, "-responses", r1o, "-out", p("x.json"))
		runL(2, "round", "-cohort", langCohort, "-previous", r1, "-responses", langCohort, "-out", p("x.json"))
		// Help in Chinese says every flag in Chinese.
		for _, verb := range []string{"round", "report"} {
			if l != "zh" {
				continue
			}
			_, _, help := runCmd(verb, "-lang", "zh", "-h")
			for _, line := range strings.Split(help, "\n") {
				if strings.HasPrefix(line, "    \t") {
					assert.Regexp(t, `\p{Han}`, line, "%s -h: a flag's help in English", verb)
				}
			}
		}
		golden.Check(t, filepath.Join("testdata", "round", "wrong."+l+".golden"), b.String())
	}
}

// TestCapShareFindingInChinese: the finding that a position holds more
// than its share under a cap's round robin (a hand-edited result) is
// worded in Chinese from its fields, the caps named.
func TestCapShareFindingInChinese(t *testing.T) {
	c, err := loadCohort(langCohort)
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	p := slices.IndexFunc(c.Positions(), func(p model.Position) bool { return p.Enterprise == "E1" })
	require.GreaterOrEqual(t, p, 0)
	id := c.Positions()[p].ID
	f := matching.Finding{Kind: matching.CapViolation, Student: -1, Position: p,
		Detail: fmt.Sprintf(`position %q holds 3 students, but the round robin under enterprise "E1" (cap 2), region "OOP" (cap 3) gives it 2`, id)}
	zh := findingText(lang.Chinese, lang.Printer(lang.Chinese, cat), inst, nil, f)
	assert.Contains(t, zh, "超出上限分得的名额：岗位 ")
	assert.Contains(t, zh, "有 3 名学生，但按企业 ")
	assert.Contains(t, zh, "（上限 2）、地区 ")
	assert.Contains(t, zh, "（上限 3）之下的轮流分配只应得 2 个")
	assert.NotRegexp(t, `round robin|holds|cap \d`, zh)
	assert.Equal(t, f.String(), findingText(lang.English, lang.Printer(lang.English, cat), inst, nil, f))
}
