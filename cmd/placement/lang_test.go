package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
)

// langCohort is a small cohort with Chinese names that gives every kind of
// explanation: a cap that refuses (E1 with its order-class seats), a full
// position with cutoffs, a ranking that omits students, seats held empty
// for a county, the special-post rules, a major and a minimum score not
// met, and (optimal) a seat given to another student for a better total.
const langCohort = "testdata/lang/cohort.json"

var timings = regexp.MustCompile(`\(load [^)]*\)|（读取[^）]*）`)

// maskTimes replaces solve's timings, which vary from run to run.
func maskTimes(s string) string {
	return timings.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "(") {
			return "(load …)"
		}
		return "（读取 …）"
	})
}

// TestLanguageGolden runs solve, explain -student, explain -position and
// check (on a good result and on a bad one) on langCohort in English and
// in Chinese, for the stable and the optimal allocation, and compares
// each verb's outputs with its golden file (-update rewrites them).
func TestLanguageGolden(t *testing.T) {
	dir := t.TempDir()
	c, err := loadCohort(langCohort)
	require.NoError(t, err)
	for _, l := range []string{"en", "zh"} {
		outs := map[string]*strings.Builder{}
		for _, verb := range []string{"solve", "explain-student", "explain-position", "check", "whatif"} {
			outs[verb] = &strings.Builder{}
		}
		say := func(verb string, code int, stdout, stderr string, args ...string) {
			fmt.Fprintf(outs[verb], "$ placement %s\n%s", strings.Join(args, " "), stdout)
			if stderr != "" {
				fmt.Fprintf(outs[verb], "[stderr]\n%s", stderr)
			}
			fmt.Fprintf(outs[verb], "[exit %d]\n\n", code)
		}
		runL := func(verb string, args ...string) {
			t.Helper()
			args = append([]string{args[0], "-lang", l}, args[1:]...)
			code, stdout, stderr := runCmd(args...)
			if verb != "check" {
				require.Equal(t, 0, code, stderr)
			}
			for i, a := range args {
				if strings.HasPrefix(a, dir) {
					args[i] = filepath.Base(a)
				}
			}
			say(verb, code, maskTimes(stdout), stderr, args...)
		}
		for _, mech := range []string{"student-da", "optimal"} {
			res := filepath.Join(dir, l+"-"+mech+".json")
			if mech == "optimal" {
				runL("solve", "solve", "-cohort", langCohort, "-mechanism", mech, "-compare", "-out", res)
			} else {
				runL("solve", "solve", "-cohort", langCohort, "-mechanism", mech, "-out", res)
			}
			for _, st := range c.Students() {
				runL("explain-student", "explain", "-cohort", langCohort, "-result", res, "-student", st.ID)
			}
			for _, pos := range c.Positions() {
				runL("explain-position", "explain", "-cohort", langCohort, "-result", res, "-position", pos.ID)
			}
			runL("check", "check", "-cohort", langCohort, "-result", res)
		}
		runL("check", "check", "-cohort", langCohort, "-result", "testdata/lang/bad-result.json")
		runL("whatif", "whatif", "-cohort", langCohort, "-changes", "testdata/lang/changes.json")
		// An optimal allocation's file edited by hand: a cap broken, the
		// stated value no longer reached, no certificate.
		runL("check", "check", "-cohort", langCohort, "-result", "testdata/lang/bad-optimal.json")
		for verb, b := range outs {
			got := b.String()
			golden.Check(t, filepath.Join("testdata", "lang", verb+"."+l+".golden"), got)
			if l == "zh" && verb != "whatif" { // whatif's reasons for a move are package whatif's (English)
				// Nothing of the English catalogue is left in Chinese:
				// only IDs, names, file names and the code words the
				// flags take are in Latin letters.
				var said []string
				for _, line := range strings.Split(got, "\n") {
					if !strings.HasPrefix(line, "$ ") {
						said = append(said, codeWords.ReplaceAllString(line, ""))
					}
				}
				assert.NotRegexp(t, englishWords, strings.Join(said, "\n"), verb)
			}
		}
	}
	// The two languages say the same things: as many lines each.
	for _, verb := range []string{"solve", "explain-student", "explain-position", "check", "whatif"} {
		en, err := os.ReadFile(filepath.Join("testdata", "lang", verb+".en.golden"))
		require.NoError(t, err)
		zh, err := os.ReadFile(filepath.Join("testdata", "lang", verb+".zh.golden"))
		require.NoError(t, err)
		assert.Equal(t, strings.Count(string(en), "\n"), strings.Count(string(zh), "\n"), verb)
	}
}

// codeWords are the names the flags take, shown in brackets beside a
// planner's words: "学生优先稳定分配 (student-da)".
var codeWords = regexp.MustCompile(`\((student-da|position-da|optimal|rank-sum|rank-maximal|generous)\)|\b[a-z_]+\[\d+\](\.[a-z_]+(\[\d+\])?)*`) // and the JSON paths of a file's places

var englishWords = regexp.MustCompile(`\b(score|choices?|seats?|placed|unplaced|cutoffs?|priority|enterprise|region|full|students?|findings?|eligible|ranking|cap|allocation|objective|stable)\b`)

// TestLangFlag checks where the language comes from: -lang on any verb
// (before it too), else the environment; an unknown language is a usage
// error.
func TestLangFlag(t *testing.T) {
	for _, verb := range []string{"demo", "gen", "solve", "check", "explain", "whatif", "report", "export-flow", "flow"} {
		code, _, stderr := runCmd(verb, "-lang", "fr")
		assert.Equal(t, exitUsage, code, verb)
		assert.Contains(t, stderr, `unknown language "fr" (want zh or en)`, verb)
		code, _, stderr = runCmd(verb, "-lang", "zh", "-h")
		assert.Equal(t, exitOK, code, verb)
		assert.Contains(t, stderr, "用法：placement "+verb, verb)
		assert.Contains(t, stderr, "退出码：0 ", verb)
	}
	code, _, stderr := runCmd("solve", "-lang", "zh", "-h")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "分配数据：JSON 文件") // -cohort's help, translated

	_, stdout, _ := runCmd("solve", "-lang", "zh_CN.UTF-8", "-cohort", "testdata/tiny.json", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Contains(t, stdout, "学生优先稳定分配 (student-da)：5 名学生中已分配 3 名")
	_, stdout, _ = runCmd("-lang", "zh", "solve", "-cohort", "testdata/tiny.json", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Contains(t, stdout, "学生优先稳定分配 (student-da)：5 名学生中已分配 3 名")
	_, stdout, _ = runCmd("-lang", "zh", "-h")
	assert.Contains(t, stdout, "用法：\n  placement demo")
	assert.Contains(t, stdout, "  student-da    学生优先稳定分配\n")
	code, _, stderr = runCmd("-lang", "xx-!!", "solve")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "-lang")

	code, _, stderr = runCmd("explain", "-cohort", "testdata/tiny.json", "-student", "S99", "-lang", "zh")
	assert.Equal(t, exitUsage, code)
	// (after the line that counts the cohort's warnings)
	assert.Equal(t, "placement explain: 数据有 2 条提示（solve 和 check 会列出）\nplacement explain: testdata/tiny.json 中没有学生 \"S99\"\n", stderr)
	code, _, stderr = runCmd("explain", "-cohort", "testdata/none.json", "-student", "S1", "-lang", "zh")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "placement explain: testdata/none.json：文件或文件夹不存在\n", stderr)

	csvFile := filepath.Join(t.TempDir(), "students.csv")
	require.NoError(t, os.WriteFile(csvFile, []byte("id\n"), 0o644))
	code, _, stderr = runCmd("solve", "-lang", "zh", "-cohort", csvFile, "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "students.csv：CSV 格式的分配数据是一个装有多个 CSV 文件")
	code, _, stderr = runCmd("check", "-lang", "zh", "-cohort", "old.xls", "-result", "r.json")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "placement check: old.xls：不能读取 .xls 工作簿（Excel 97-2003），请在 Excel 中另存为 .xlsx\n", stderr)
	code, _, stderr = runCmd("solve", "-lang", "zh", "-cohort", "testdata/tiny.json")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "placement solve: 必须给出 -cohort 和 -out\n", stderr)

	// An optimum no allocation can meet: its diagnosis in Chinese, and
	// still exit code 3.
	code, _, stderr = runCmd("solve", "-lang", "zh", "-cohort", "testdata/infeasible.json", "-mechanism", "optimal", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Equal(t, exitNoFlow, code)
	assert.True(t, strings.HasSuffix(stderr, "\nplacement solve: 没有能满足所有配额的分配：缺 1 人：岗位 P1 最低录取 3 人 需要分配 3 人，但最多只能分配 2 人（岗位 P1 的 2 名申请者）\n"), stderr)
	assert.Contains(t, stderr, "infeasible.json:5：positions[0].min_fill：岗位 \"P1\"：警告：最低录取 3 人，但符合条件的申请者只有 2 人\n")

	out := filepath.Join(t.TempDir(), "c.json")
	code, stdout, stderr = runCmd("gen", "-lang", "zh", "-preset", "uniform", "-students", "20", "-seed", "3", "-out", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `^uniform market \(synthetic, 20 students, seed 3\)：20 名学生，\d+ 个岗位，\d+ 家企业（json，随机种子 3），已写入 `, stdout)

	// Without -lang, the environment decides (TestMain set LC_ALL=C).
	_, stdout, _ = runCmd("solve", "-cohort", "testdata/tiny.json", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Contains(t, stdout, "stable allocation, students first (student-da): 3 of 5 students placed")
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	_, stdout, _ = runCmd("solve", "-cohort", "testdata/tiny.json", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Contains(t, stdout, "学生优先稳定分配 (student-da)：5 名学生中已分配 3 名")
	_, stdout, _ = runCmd("solve", "-lang", "en", "-cohort", "testdata/tiny.json", "-out", filepath.Join(t.TempDir(), "r.json"))
	assert.Contains(t, stdout, "3 of 5 students placed")
}

// TestProgressInChinese draws a progress line in Chinese, as a verb given
// -lang zh shows it on a terminal.
func TestProgressInChinese(t *testing.T) {
	var b strings.Builder
	pr := startProgress(&b, true, time.Hour).In(lang.Printer(lang.Chinese, cat))
	pr.Stagef("loading %s", "cohort.json")
	pr.End()
	assert.Contains(t, b.String(), "正在读取 cohort.json")
}

// TestOwnErrorsInChinese checks that the errors the command words itself
// (output names, the .xls refusals, required flags of report and whatif)
// and report's lines are in the verb's language.
func TestOwnErrorsInChinese(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"solve", "-cohort", langCohort, "-out", "r.xls"}, "placement solve: -out r.xls：不能写出 .xls 格式（Excel 97-2003），请将文件名改为 .xlsx\n"},
		{[]string{"solve", "-cohort", langCohort, "-out", "r.txt"}, "placement solve: -out r.txt：.txt 不是 -out 的格式；文件名请以 .json，.csv 或 .xlsx 结尾\n"},
		{[]string{"solve", "-cohort", langCohort, "-mechanism", "optimal", "-out", "r.csv"}, "placement solve: -out r.csv：CSV 结果无法携带证明最优分配最优的证书；请写成 .xlsx 或 .json\n"},
		{[]string{"solve", "-cohort", "c.xls", "-out", "r.json"}, "placement solve: c.xls：不能读取 .xls 工作簿（Excel 97-2003），请在 Excel 中另存为 .xlsx\n"},
		{[]string{"whatif", "-cohort", langCohort, "-changes", "ch.xls"}, "placement whatif: ch.xls：不能读取 .xls 工作簿（Excel 97-2003），请在 Excel 中另存为 .xlsx\n"},
		{[]string{"whatif", "-cohort", langCohort, "-changes", dir}, "placement whatif: " + dir + " 是文件夹：变更文件是单个文件：JSON（格式 placement-changes/1）、.csv 或 .xlsx\n"},
		{[]string{"whatif", "-cohort", langCohort}, "placement whatif: 必须给出 -cohort 和 -changes\n"},
		{[]string{"report", "-cohort", langCohort}, "placement report: 必须给出 -cohort 和 -result\n"},
		{[]string{"report", "-cohort", langCohort, "-result", "r.json", "-html", "r.htm.txt"}, "placement report: -html r.htm.txt：.txt 不是 -html 的格式；文件名请以 .html 或 .htm 结尾\n"},
	} {
		code, _, stderr := runCmd(append([]string{tc.args[0], "-lang", "zh"}, tc.args[1:]...)...)
		assert.Equal(t, exitUsage, code, tc.args)
		// The cohort's warnings may come first.
		assert.True(t, strings.HasSuffix(stderr, tc.want), "%v: %s", tc.args, stderr)
	}

	// report's own lines: where it wrote, and the time of each step.
	res := filepath.Join(dir, "r.json")
	mustRun(t, "solve", "-cohort", langCohort, "-out", res)
	code, stdout, stderr := runCmd("report", "-lang", "zh", "-cohort", langCohort, "-result", res, "-html", filepath.Join(dir, "r.html"), "-charts", filepath.Join(dir, "charts"), "-chart-format", "svg")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "\n报告已写入 "+filepath.Join(dir, "r.html")+"\n")
	assert.Regexp(t, `\n\d+ 张图表已写入 .*charts\n（读取数据 \S+，读取结果 \S+，统计 \S+，写出网页 \S+，写出图表 \S+）\n$`, stdout)
}

// TestSynopses checks that each verb's synopsis (its -h and the command's
// usage) names every flag the verb has, and no other, in both languages.
func TestSynopses(t *testing.T) {
	flagRE := regexp.MustCompile(`(?:^|[\s\[(|])-([a-z][a-z0-9-]*)`)
	for _, s := range synopses {
		code, _, stderr := runCmd(s.verb, "-h")
		require.Equal(t, exitOK, code, s.verb)
		var have []string // the flags -h lists
		for _, line := range strings.Split(stderr, "\n") {
			if m := regexp.MustCompile(`^  -([a-z0-9-]+)`).FindStringSubmatch(line); m != nil && m[1] != "lang" {
				have = append(have, m[1])
			}
		}
		var named []string
		for _, m := range flagRE.FindAllStringSubmatch(s.synopsis, -1) {
			if !slices.Contains(named, m[1]) {
				named = append(named, m[1])
			}
		}
		slices.Sort(have)
		slices.Sort(named)
		assert.Equal(t, have, named, "the synopsis of %s", s.verb)
	}
	_, en, _ := runCmd("-lang", "en", "help")
	_, zh, _ := runCmd("-lang", "zh", "help")
	synopsisLines := func(usage string) []string {
		var lines []string
		for _, l := range strings.Split(usage, "\n") {
			if strings.HasPrefix(l, "  placement ") {
				lines = append(lines, l)
			}
		}
		return lines
	}
	require.Len(t, synopsisLines(en), len(synopses))
	assert.Equal(t, synopsisLines(en), synopsisLines(zh))
}

// TestWhatifNotesInChinese checks that whatif words every reason of a
// move in Chinese: a change at the position, a refusal (as explain words
// it) and a word such as "none".
func TestWhatifNotesInChinese(t *testing.T) {
	changes := filepath.Join(t.TempDir(), "changes.json")
	require.NoError(t, os.WriteFile(changes, []byte(`{"format": "placement-changes/1", "changes": [
		{"position": "P3", "capacity": 0},
		{"enterprise": "E1", "cap": 0}
	]}`), 0o644))
	code, stdout, stderr := runCmd("whatif", "-lang", "zh", "-cohort", langCohort, "-changes", changes)
	require.Equal(t, exitOK, code, stderr)
	for _, want := range []string{"P3 名额 1 → 0", "企业 E1 上限 2 → 无"} {
		assert.Contains(t, stdout, want)
	}
	for _, en := range []string{"capacity", "refuses", "freed", "none", "; "} {
		assert.NotContains(t, stdout, en)
	}

	// A tighter cap: the student who loses their seat is refused, in
	// explain's words.
	require.NoError(t, os.WriteFile(changes, []byte(`{"format": "placement-changes/1", "changes": [
		{"enterprise": "E1", "cap": 1}
	]}`), 0o644))
	code, stdout, stderr = runCmd("whatif", "-lang", "zh", "-cohort", langCohort, "-changes", changes)
	require.Equal(t, exitOK, code, stderr)
	diff := filepath.Join(t.TempDir(), "diff.csv")
	code, stdout, stderr = runCmd("whatif", "-lang", "zh", "-cohort", langCohort, "-changes", changes, "-diff", diff)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "企业 E1 上限 2 → 1；P2 现在不录取该生：上限已满：")
	b, err := os.ReadFile(diff)
	require.NoError(t, err)
	assert.Contains(t, string(b), "企业 E1 上限 2 → 1；P2 现在不录取该生：上限已满：") // the why column
	for _, en := range []string{"refuses", "cap full", "; "} {
		assert.NotContains(t, stdout, en)
		assert.NotContains(t, string(b), en)
	}
}

// TestValuesInChinese: the criteria of an optimal allocation's objective,
// a round's "special-post students placed" first, in Chinese.
func TestValuesInChinese(t *testing.T) {
	got := valuesIn(lang.Printer(lang.Chinese, cat), []matching.CriterionValue{
		{Name: "special-post students placed", Maximize: true, Value: 159},
		{Name: "unplaced", Value: 1626},
		{Name: "total rank", Value: 5811},
	})
	assert.Equal(t, "专项生安置人数 159，未分配 1,626 人，志愿位次总和 5,811", got)
}
