package main

// The workbench's runs: the run form, a run's work in the background with
// its progress as server-sent events, the run page, the report and the
// downloads of a result. The what-if pages (web_whatif.go) and the rounds
// pages (web_rounds*.go) start their runs with startRun and read results
// back with result; the history and the comparison are in web_history.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/report"
	"github.com/placement-engine/placement/round"
)

func init() {
	addWebZh(map[string]string{
		"No what-if on a supplementary round: a what-if changes a main allocation (a round's changes are its responses and the next round's cohort).": "补录轮次不能做假设分析：假设分析只改动主轮分配（轮次的改动是学生回复和下一轮的数据）。",
		// The run form (run_form.html, runFormPost).
		"Run an allocation: %s": "运行分配：%s",
		"Back to the season %s": "返回 %s",
		"This season has no cohort that passed its checks: upload one first.":       "本年度分配还没有通过校验的学生岗位数据：请先上传。",
		"Choose a cohort of this season that passed its checks (upload one first).": "请选择本年度分配中一份通过校验的学生岗位数据（没有的话请先上传）。",
		"Objective (optimal allocation only)":                                       "目标（仅用于最优分配）",
		"Lottery seed (ties in score)":                                              "抽签随机种子（用于同分）",
		"Tie-break":                                                                 "抽签方式",
		"Note (optional): a name for this run, such as “as last year”":              "备注（可不填）：给这次运行起个名字，例如“按去年规则”",
		"The note is longer than %d characters: shorten it.":                        "备注超过 %d 个字：请缩短。",
		"Seed %q: want a whole number from 0 to %s.":                                "随机种子 %q：应为 0 到 %s 之间的整数。",
		"A stable allocation is one no student and position would both leave for each other; the optimal allocation places the most students at the best choices under every quota. The same options on the same cohort give the same result.": "稳定分配：没有哪个学生和岗位会互相更愿意配对而放弃现有分配；最优分配在满足所有配额的前提下，让尽可能多的学生去到尽可能靠前的志愿。同一份数据、同样的选项，结果总是相同。",
		// A run in the background (startRun, runErrorText).
		"waiting to start": "等待开始",
		"The result failed its check (%d findings); nothing was kept.":                 "结果未通过检查（%d 个问题），未保存任何内容。",
		"The run stopped on an internal error (%s); nothing was kept.":                 "运行因内部错误而停止（%s），未保存任何内容。",
		"Run %d has no result: it is still running, or it failed (its page says why).": "运行 %d 没有结果：它仍在运行，或已失败（其页面说明原因）。",
		"Interrupted: the server stopped before the run was over. Start it again.":     "已中断：运行结束前服务器停止了。请重新运行。",
		"Stopped by %s before it was over; nothing was kept.":                          "已被 %s 中途停止，未保存任何内容。",
		"Run %d is not running in this server: it cannot be stopped from here.":        "运行 %d 不在本服务器上进行：无法从这里停止。",
		"Stop this run":                               "停止此次运行",
		"choices %s":                                  "第 %s 志愿",
		"the number unplaced":                         "未分配人数",
		"the total rank":                              "志愿位次总和",
		"the special-post students placed":            "已分配的专项生人数",
		"the seats short of minimum fills and floors": "未达最低录取数和下限的名额",
		"another goal":                                "其他目标",
		"step %d done (%s); %d more to go":            "第 %d 阶段完成（%s），还剩 %d 项",
		// The run page (run.html).
		"Run %d":                                "运行 %d",
		"run%d":                                 "运行%d",
		"result":                                "结果",
		"moves":                                 "变动",
		"Back to run %d":                        "返回运行 %d",
		"Based on":                              "基于",
		"Scenario":                              "方案",
		"none: every student took the defaults": "无：所有学生按默认回复处理",
		"Seed and seats":                        "抽签与名额",
		"What %s did":                           "%s的结果",
		"Compare with the round before":         "与上一轮比较",
		"Note":                                  "备注",
		"Students and positions":                "学生岗位数据",
		"Upload the students and positions":     "上传学生岗位数据",
		"the students' responses it took":       "本轮采用的学生回复",
		"the change file it applied":            "本次采用的改动文件",
		"History":                               "运行历史",
		"published %s":                          "已于 %s 发布",
		"seed %s":                               "随机种子 %s",
		"Duration":                              "用时",
		"%s s":                                  "%s 秒",
		"%d min %d s":                           "%d 分 %d 秒",
		"Cohort fingerprint":                    "数据指纹",
		"Result fingerprint":                    "结果指纹",
		"Reload the page to see whether the run is over.": "请刷新页面查看运行是否结束。",
		"The run failed":                      "运行失败",
		"Run again":                           "重新运行",
		"Run again with other options":        "换个选项重新运行",
		"Result":                              "结果",
		"Open the report (tables and charts)": "打开报告（表格和图表）",
		"Total rank":                          "志愿位次总和",
		"Check":                               "检查",
		"no findings: every placement rule, capacity and quota holds": "没有发现问题：所有分配规则、名额和配额均满足",
		", and the allocation is stable":                              "，且分配是稳定的",
		", and its certificate proves it optimal":                     "，并已验证没有更好的分配",
		"%d findings":                     "%d 个问题",
		"Students by the choice they got": "按所得志愿统计的学生人数",
		"Choice":                          "志愿",
		"Share of the placed":             "占已分配人数的比例",
		"Excel workbook (.xlsx)":          "Excel 工作簿（.xlsx）",
		"CSV file (.csv)":                 "CSV 文件（.csv）",
		"JSON file (.json, for programs)": "JSON 文件（.json，供程序使用）",
		"The round's cohort (.xlsx): the next round starts from it": "本轮的学生岗位数据（.xlsx）：下一轮从它开始",
		"The cohort it was run on":                                  "运行所用的学生岗位数据",
		"Next":                                                      "下一步",
		"Explain a student or a position":                           "查看学生或岗位的分配说明",
		"What if: change seats, caps or withdrawals and see who moves": "假设分析：修改名额、上限或退出名单，看看谁的分配会变",
		"Publish this result as %s":                                    "将此结果发布为%s",
		"Published as %s on %s":                                        "已于 %[2]s 发布为%[1]s",
		"Compare with another run of this cohort":                      "与同一份数据的其他运行结果比较",
		"See who moved in this what-if":                                "查看本次假设分析中谁的分配变了",
		"An optimal allocation has no CSV file: CSV cannot carry the certificate that proves it optimal. Download the workbook or the JSON file.": "最优分配没有 CSV 文件：CSV 无法携带证明其最优的证书。请下载 Excel 工作簿或 JSON 文件。",
	})
}

// runOutput is what a run's work returns, for the store (FinishRun).
type runOutput struct {
	Result      []byte            // the result file, JSON (matching.WriteResultJSON)
	Fingerprint string            // matching.Result.Fingerprint
	Summary     runSummary        // stored as JSON
	Blobs       map[string][]byte // extra named blobs (whatif: "diff.json"; round: "cohort.json")

	// live is the result itself when the work has it (runOutputOf sets
	// it): kept in the workbench's cache, so that the report and the
	// downloads of a run just finished need not rebuild it, and an
	// optimal allocation keeps its certificate for the workbook.
	live *matching.Result
}

// runSummary is a run's figures as the run page and the history show them
// (store.Run.Summary, JSON).
type runSummary struct {
	Students  int    `json:"students"`
	Placed    int    `json:"placed"`
	Unplaced  int    `json:"unplaced"`
	Findings  int    `json:"findings"`
	Mechanism string `json:"mechanism"`           // matching.Mechanism.String
	Objective string `json:"objective,omitempty"` // an optimal allocation's, matching.Objective.String
	Round     int    `json:"round"`               // 1 a main round
	Checked   bool   `json:"checked"`             // checked as solve checks a result (resultFindings)
	// ByRank counts the students placed at each choice: element i is
	// choice i+1 (matching.Result.ByRank).
	ByRank    []int `json:"by_rank,omitempty"`
	TotalRank int64 `json:"total_rank"`
}

// summaryOf is res's summary.
func summaryOf(res *matching.Result) runSummary {
	s := runSummary{
		Students:  res.Instance().Students(),
		Placed:    res.Placed(),
		Mechanism: res.Mechanism().String(),
		Round:     1,
		ByRank:    res.ByRank(),
		TotalRank: res.TotalRank(),
	}
	s.Unplaced = s.Students - s.Placed
	if o, ok := res.Optimum(); ok {
		s.Objective = o.Objective.String()
	}
	if rd := res.Instance().Round(); rd != nil {
		s.Round = rd.Number
	}
	return s
}

// runOptions are the options of a run of the run form, as the store keeps
// them (store.Run.Options, JSON): the command's run flags.
type runOptions struct {
	Mechanism    string `json:"mechanism"`
	Objective    string `json:"objective,omitempty"`
	Seed         uint64 `json:"seed"`
	TieBreak     string `json:"tie_break"`
	ReserveOrder string `json:"reserve_order"`
	// Note is the planner's own name for the run ("按去年规则", "给校长看的"),
	// shown beside its number; it changes nothing in the allocation.
	Note string `json:"note,omitempty"`
}

// maxNote is the longest note a run may have, in characters.
const maxNote = 60

// cleanNote is a run's note as typed, its spaces trimmed and control or
// format characters (bidi overrides, zero-width) dropped; ok is false when
// it is longer than maxNote.
func cleanNote(s string) (string, bool) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s))
	return s, utf8.RuneCountInString(s) <= maxNote
}

// defaultRunOptions are the run form's defaults: the flags' of solve.
var defaultRunOptions = runOptions{Mechanism: "student-da", Objective: "rank-sum", TieBreak: "single", ReserveOrder: "reserved-first"}

// spec parses o as solve parses its flags (runFlags.spec): the same
// names, the same refusals (least-disruption is a round's).
func (o runOptions) spec() (runSpec, error) {
	obj := o.Objective
	if o.Mechanism != matching.OptimalAllocation.String() {
		obj = "" // a stable run has no objective: the form's choice is ignored
	}
	seed := o.Seed
	f := runFlags{mech: &o.Mechanism, obj: &obj, tie: &o.TieBreak, order: &o.ReserveOrder, seed: &seed}
	return f.spec()
}

// runOptionsOf reads the run form's fields (mechanism, objective, seed,
// tie_break, reserve_order; a field left out takes the flag's default) and
// validates them as solve validates its flags; the error is worded for the
// planner in msg's language.
func runOptionsOf(q *webReq, form url.Values) (runOptions, runSpec, error) {
	o := defaultRunOptions
	field := func(name string, v *string) {
		if s := strings.TrimSpace(form.Get(name)); s != "" {
			*v = s
		}
	}
	field("mechanism", &o.Mechanism)
	field("objective", &o.Objective)
	field("tie_break", &o.TieBreak)
	field("reserve_order", &o.ReserveOrder)
	if s := strings.TrimSpace(form.Get("seed")); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return o, runSpec{}, errors.New(q.Msg.Sprintf("Seed %q: want a whole number from 0 to %s.", s, strconv.FormatUint(1<<64-1, 10)))
		}
		o.Seed = n
	}
	note, ok := cleanNote(form.Get("note"))
	if !ok {
		return o, runSpec{}, errors.New(q.Msg.Sprintf("The note is longer than %d characters: shorten it.", maxNote))
	}
	o.Note = note
	rs, err := o.spec()
	if err != nil {
		return o, rs, localError(q.Lang, q.Msg, err)
	}
	if rs.mech != matching.OptimalAllocation {
		o.Objective = ""
	}
	return o, rs, nil
}

// runProgress is what a run in the background is doing: its stage and
// the detail the stage reports, in the language of the planner who
// started it, for the run page's server-sent events. Every method may be
// called from any goroutine; a nil *runProgress ignores them all.
type runProgress struct {
	msg *message.Printer

	mu            sync.Mutex
	stage, detail string
	seq           int           // bumped at each change
	changed       chan struct{} // closed (and replaced) at each change
	over          bool          // the run is recorded done or failed

	stop      context.CancelFunc // cancels the run's work
	stoppedBy string             // who stopped it (stopBy), "" nobody
}

// stopBy cancels the run's work on user's request; the run fails, saying
// who stopped it. It reports whether the run was still going.
func (p *runProgress) stopBy(user string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.over || p.stop == nil {
		return false
	}
	if p.stoppedBy == "" {
		p.stoppedBy = user
	}
	p.stop()
	return true
}

// stopper is who stopped the run, "" nobody.
func (p *runProgress) stopper() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stoppedBy
}

func newRunProgress(msg *message.Printer) *runProgress {
	return &runProgress{msg: msg, changed: make(chan struct{})}
}

// update changes the state under p.mu and wakes the listeners.
func (p *runProgress) update(f func()) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.over {
		return
	}
	f()
	p.seq++
	close(p.changed)
	p.changed = make(chan struct{})
}

// Stage starts a stage, named in the planner's words.
func (p *runProgress) Stage(text string) { p.update(func() { p.stage, p.detail = text, "" }) }

// Detail says what the current stage reports.
func (p *runProgress) Detail(text string) { p.update(func() { p.detail = text }) }

// Stagef starts a stage named by an English format of the catalogue.
func (p *runProgress) Stagef(format string, args ...any) {
	if p != nil {
		p.Stage(p.msg.Sprintf(format, args...))
	}
}

// Detailf is Detail with an English format of the catalogue.
func (p *runProgress) Detailf(format string, args ...any) {
	if p != nil {
		p.Detail(p.msg.Sprintf(format, args...))
	}
}

// end marks the run over (recorded in the store) and wakes the listeners.
func (p *runProgress) end() { p.update(func() { p.over = true }) }

// progressState is a snapshot of a runProgress.
type progressState struct {
	stage, detail string
	seq           int
	over          bool
	changed       <-chan struct{}
}

func (p *runProgress) state() progressState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return progressState{stage: p.stage, detail: p.detail, seq: p.seq, over: p.over, changed: p.changed}
}

// stable is a stable mechanism's progress callback (matching.Options).
func (p *runProgress) stable() func(matching.Progress) {
	if p == nil {
		return nil
	}
	return func(g matching.Progress) {
		p.Detailf("%d proposals, %d of %d proposers through their first round", g.Proposals, g.Done, g.Total)
	}
}

// optimal is the optimal allocation's progress callback
// (matching.OptimalOptions).
func (p *runProgress) optimal() func(matching.OptimalProgress) {
	if p == nil {
		return nil
	}
	return func(g matching.OptimalProgress) {
		p.Detail(optimalDetail(p.printer(), g))
	}
}

// optimalDetail is an optimal run's progress line in the planner's words:
// "第 1 阶段完成（未分配人数、第 20、19 志愿），还剩 16 项", never the
// solver's criterion names ("unplaced, rank 20").
func optimalDetail(msg *message.Printer, g matching.OptimalProgress) string {
	var names, ranks []string
	flush := func() {
		if len(ranks) > 0 {
			names = append(names, msg.Sprintf("choices %s", strings.Join(ranks, listSep(msg))))
			ranks = nil
		}
	}
	for _, c := range g.Criteria {
		if k, ok := strings.CutPrefix(c, "rank "); ok {
			if _, err := strconv.Atoi(k); err == nil {
				ranks = append(ranks, k)
				continue
			}
		}
		flush()
		switch c {
		case "unplaced":
			names = append(names, msg.Sprintf("the number unplaced"))
		case "total rank":
			names = append(names, msg.Sprintf("the total rank"))
		case "special-post students placed":
			names = append(names, msg.Sprintf("the special-post students placed"))
		case "short of minimum fills and floors":
			names = append(names, msg.Sprintf("the seats short of minimum fills and floors"))
		default:
			names = append(names, msg.Sprintf("another goal"))
		}
	}
	flush()
	return msg.Sprintf("step %d done (%s); %d more to go", g.Phase, strings.Join(names, listSep(msg)), g.Left)
}

// listSep separates the items of a list in msg's language: "、" in
// Chinese (whose comma, "，", separates clauses), ", " in English.
func listSep(msg *message.Printer) string {
	if msg.Sprintf(", ") == "，" {
		return "、"
	}
	return ", "
}

// solveWeb compiles c and runs the mechanism of rs on it, as solve does
// (runSpec.run), its stages and details on p.
func (rs runSpec) solveWeb(ctx context.Context, c *model.Cohort, p *runProgress) (*matching.Result, error) {
	p.Stagef("compiling")
	inst, err := matching.Compile(ctx, c, &rs.compile)
	if err != nil {
		return nil, err
	}
	// The mechanism in the planner's words, without its code.
	p.Stagef("solving (%s)", planner(p.printer(), words.Mechanism(lang.English, rs.mech.String())))
	if rs.mech == matching.OptimalAllocation {
		return matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: rs.obj, Progress: p.optimal()})
	}
	return matching.Solve(ctx, inst, rs.mech, &matching.Options{Progress: p.stable()})
}

// printer is p's printer; English for a nil p.
func (p *runProgress) printer() *message.Printer {
	if p == nil {
		return englishMsg
	}
	return p.msg
}

// englishMsg prints the command's catalogue in English.
var englishMsg = lang.Printer(lang.English, cat)

// findingsError is a result that failed its check: nothing is kept, as
// solve writes nothing.
type findingsError struct{ findings []string }

func (e *findingsError) Error() string {
	return fmt.Sprintf("the result failed its check (%d findings): %s", len(e.findings), strings.Join(e.findings, "; "))
}

// runOutputOf checks res as solve does (resultFindings, in tag's
// language) and makes the output of a run: the result as JSON (without
// the refusals, which explain derives at any time), its fingerprint, its
// summary, and blobs. A result with findings is a *findingsError: the run
// fails and nothing is kept.
func runOutputOf(ctx context.Context, tag language.Tag, p *runProgress, res *matching.Result, blobs map[string][]byte) (runOutput, error) {
	p.Stagef("checking")
	findings := resultFindings(ctx, tag, p.printer(), res)
	if err := ctx.Err(); err != nil {
		return runOutput{}, err
	}
	if len(findings) > 0 {
		return runOutput{}, &findingsError{findings: findings}
	}
	var b bytes.Buffer
	if err := matching.WriteResultJSON(&b, res, &matching.WriteOptions{NoRefusals: true}); err != nil {
		return runOutput{}, err
	}
	sum := summaryOf(res)
	sum.Checked = true
	return runOutput{Result: b.Bytes(), Fingerprint: res.Fingerprint(), Summary: sum, Blobs: blobs, live: res}, nil
}

// rebuildResult reads a stored result (JSON, as runOutputOf wrote it)
// against c, its cohort (for a round after the first: the round's cohort,
// with the continuing students' new lists), and rebuilds it as a
// matching.Result: a round's as openRoundResult does (roundResultOf, its
// standings from the file's rows), a main round's under the lottery and
// seat order the file names. An optimal allocation is solved again under
// the same options to recover its certificate (the workbook carries it,
// and check verifies it): deterministic, and kept only when it is the
// same allocation (its fingerprint); otherwise the placements as stored,
// without certificate. fingerprint, when not empty, must be the file's.
func rebuildResult(ctx context.Context, c *model.Cohort, data []byte, fingerprint string) (*matching.Result, *matching.ResultFile, error) {
	rf, err := matching.ReadResultJSONWith(bytes.NewReader(data), c, &matching.ReadOptions{Previous: true})
	if err != nil {
		return nil, nil, err
	}
	if len(rf.Problems) > 0 {
		return nil, nil, &matching.ResultProblemsError{Problems: rf.Problems}
	}
	if fp := rf.ResultFingerprint(); fingerprint != "" && fp != fingerprint {
		return nil, nil, fmt.Errorf("the stored result's fingerprint %s is not the run's %s", fp, fingerprint)
	}
	if rf.Round.Number >= 2 {
		res, err := roundResultOf(ctx, c, rf, nil)
		return res, rf, err
	}
	var o matching.CompileOptions
	if o.TieBreak, err = matching.ParseTieBreak(rf.TieBreak); err != nil {
		return nil, nil, err
	}
	if o.ReserveOrder, err = matching.ParseReserveOrder(rf.ReserveOrder); err != nil {
		return nil, nil, err
	}
	o.Seed = rf.Seed
	inst, err := matching.Compile(ctx, c, &o)
	if err != nil {
		return nil, nil, err
	}
	mech := matching.StudentDA
	if rf.Mechanism != "" {
		if mech, err = matching.ParseMechanism(rf.Mechanism); err != nil {
			return nil, nil, err
		}
	}
	if mech == matching.OptimalAllocation {
		if obj, err := matching.ParseObjective(rf.Objective); err == nil {
			again, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: obj})
			if err == nil && again.Fingerprint() == rf.ResultFingerprint() {
				return again, rf, nil
			}
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
	}
	res, err := matching.NewResult(inst, mech, rf.Placements)
	if err != nil {
		return nil, nil, err
	}
	return res, rf, nil
}

// resultCSV is res as a CSV result in tag's language
// (matching.WriteResultCSVWith). An optimal allocation has none: CSV
// cannot carry its certificate (solve refuses it too).
func resultCSV(res *matching.Result, tag language.Tag) ([]byte, error) {
	if err := checkResultName("out", "result.csv", res.Mechanism()); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := matching.WriteResultCSVWith(&b, res, &matching.CSVOptions{Language: tag}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// resultXLSX is res as an Excel workbook in tag's language
// (writeResultExcelWith), with rr, a round's outcomes, when not nil.
func resultXLSX(res *matching.Result, tag language.Tag, rr *round.Result) ([]byte, error) {
	var b bytes.Buffer
	if err := writeResultExcelWith(&b, res, tag, rr); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decodeJSON reads data (a stored Options or Summary) into v; empty data
// leaves v as it is.
func decodeJSON(data []byte, v any) error {
	if len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, v)
}

// ---- The runs of the workbench: startRun, the progress, the results ----

// runHub is the workbench's runs in this process: the progress of those
// running, and the caches of results and reports (wb.shared "runs").
type runHub struct {
	mu   sync.Mutex
	live map[int64]*runProgress

	results *memo[int64, *storedResult]
	reports *memo[reportKey, []byte]

	// slots bounds the runs that work at once (one a core): the others
	// wait, their stage "waiting to start", so that many runs started
	// together share the machine in turn rather than all crawl.
	slots chan struct{}
}

// reportKey names a report page: a run (b 0) or two runs compared, in a
// language.
type reportKey struct {
	a, b int64
	lang string
}

// Cache sizes: results are a cohort's size each (a few MB at 5,000
// students), reports a page with its charts (about 1 MB).
const (
	resultCacheSize = 8
	reportCacheSize = 16
	// The caches' byte budgets: a result of 100,000 students is about
	// 100 MB (resultCost), a report of 50,000 about 4 MB.
	resultCacheBudget = 512 << 20
	reportCacheBudget = 128 << 20
)

// resultCost is a cached result's memory, estimated: its cohort, instance
// and result take about 1 KB a student.
func resultCost(sr *storedResult) int64 {
	if sr == nil || sr.res == nil {
		return 0
	}
	return 1024 * int64(len(sr.res.Instance().Cohort().Students()))
}

func (wb *workbench) runHub() *runHub {
	return wb.shared("runs", func() any {
		return &runHub{live: map[int64]*runProgress{}, results: newMemo[int64, *storedResult](resultCacheSize).within(resultCacheBudget, resultCost),
			reports: newMemo[reportKey, []byte](reportCacheSize).within(reportCacheBudget, func(b []byte) int64 { return int64(len(b)) }),
			slots:   make(chan struct{}, max(1, runtime.NumCPU()))}
	}).(*runHub)
}

func (h *runHub) progress(id int64) *runProgress {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.live[id]
}

// startRun stores run (running, started by q's user unless it names one)
// and runs work in a goroutine under the server's context, its progress
// streamed to /runs/{id}/events; then the output is stored (FinishRun) or
// the error (FailRun), worded in q's language: an interrupted run (the
// server stopping) says "interrupted", a result that fails its check its
// findings, an infeasible optimum the diagnosis. A panic in work fails
// the run with its message, never the server. It returns the stored run.
func (wb *workbench) startRun(q *webReq, run store.Run, work func(ctx context.Context, p *runProgress) (runOutput, error)) (store.Run, error) {
	if run.CreatedBy == "" {
		run.CreatedBy = q.User
	}
	// A double click, the form sent twice, two tabs: the same run asked
	// by the same planner a moment ago is the one she gets, not a second
	// copy (every kind of run: an allocation, a what-if, a round). The
	// look-up and the start are one step for this server. (Only for a
	// planner's POST: the server's own callers start what they mean.)
	var run0 store.Run
	var err error
	if q.R != nil && q.R.Method == http.MethodPost {
		dedupe := wb.shared("runs.dedupe", func() any { return &sync.Mutex{} }).(*sync.Mutex)
		dedupe.Lock()
		prev, ok, derr := wb.sameRunJustNow(q, run)
		if derr == nil && !ok {
			run0, err = wb.store.StartRun(q.Ctx, run)
		}
		dedupe.Unlock()
		if derr != nil || ok {
			return prev, derr
		}
	} else {
		run0, err = wb.store.StartRun(q.Ctx, run)
	}
	run = run0
	if err != nil {
		return run, err
	}
	h := wb.runHub()
	p := newRunProgress(q.Msg)
	p.Stagef("waiting to start")
	h.mu.Lock()
	// The work's context: the server's, which the run page's stop button
	// cancels too.
	ctx, stop := context.WithCancel(wb.ctx)
	p.stop = stop
	h.live[run.ID] = p
	h.mu.Unlock()
	id := run.ID
	wb.goLive(func(context.Context) {
		defer stop()
		defer func() {
			p.end() // after the store has the outcome: a listener then reads it
			h.mu.Lock()
			delete(h.live, id)
			h.mu.Unlock()
		}()
		var out runOutput
		var err error
		select {
		case h.slots <- struct{}{}:
			out, err = runWork(ctx, p, work)
			<-h.slots
		case <-ctx.Done():
			err = ctx.Err()
		}
		// The outcome is recorded even when the server is stopping.
		rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err == nil {
			summary, jerr := json.Marshal(out.Summary)
			if err = jerr; err == nil {
				err = wb.store.FinishRun(rec, id, out.Result, out.Fingerprint, summary, out.Blobs)
			}
			if err == nil {
				if out.live != nil {
					h.results.put(id, &storedResult{res: out.live, objective: out.Summary.Objective})
				}
				return
			}
		}
		text := runErrorText(q, ctx, err)
		if who := p.stopper(); who != "" && text == interrupted {
			text = q.Msg.Sprintf("Stopped by %s before it was over; nothing was kept.", who)
		}
		if ferr := wb.store.FailRun(rec, id, text); ferr != nil {
			wb.opts.Logf("placement serve: run %d: %v; recording it failed: %v", id, err, ferr)
		}
	})
	return run, nil
}

// panicError is a panic in a run's work.
type panicError struct{ v any }

func (e *panicError) Error() string { return fmt.Sprint(e.v) }

// runWork calls work, turning a panic into an error.
func runWork(ctx context.Context, p *runProgress, work func(ctx context.Context, p *runProgress) (runOutput, error)) (out runOutput, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = runOutput{}, &panicError{v}
		}
	}()
	return work(ctx, p)
}

// interrupted is the error of a run the server stopped (its shutdown),
// as the store records one that died with its process (store.Open): the
// run page words it.
const interrupted = store.Interrupted

// runErrorText words a run's error for the planner in q's language.
func runErrorText(q *webReq, ctx context.Context, err error) string {
	var fe *findingsError
	var pe *panicError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return interrupted
	case errors.As(err, &fe):
		const most = 20
		lines := fe.findings
		text := q.Msg.Sprintf("The result failed its check (%d findings); nothing was kept.", len(lines))
		if len(lines) > most {
			lines = append(lines[:most:most], q.Msg.Sprintf("… and %d more", len(fe.findings)-most))
		}
		return text + "\n" + strings.Join(lines, "\n")
	case errors.As(err, &pe):
		return q.Msg.Sprintf("The run stopped on an internal error (%s); nothing was kept.", pe.Error())
	}
	return localError(q.Lang, q.Msg, err).Error()
}

// storedResult is a run's result as the cache keeps it.
type storedResult struct {
	res *matching.Result
	// objective is an optimal allocation's (the result rebuilt without
	// its certificate does not carry it).
	objective string
}

// result returns the result of run runID (done), rebuilt from the store
// (rebuildResult) on its cohort, cached: a round's on the round's cohort
// (its blob "cohort.json" when stored, else the run's cohort file). A run
// not done is an error page (409).
func (wb *workbench) result(ctx context.Context, runID int64) (*matching.Result, store.Run, error) {
	sr, run, err := wb.storedResult(ctx, runID)
	if err != nil {
		return nil, run, err
	}
	return sr.res, run, nil
}

func (wb *workbench) storedResult(ctx context.Context, runID int64) (*storedResult, store.Run, error) {
	run, err := wb.store.Run(ctx, runID)
	if err != nil {
		return nil, run, err
	}
	if run.Status != store.Done {
		return nil, run, webErrorf(http.StatusConflict, "Run %d has no result: it is still running, or it failed (its page says why).", run.ID)
	}
	sr, err := wb.runHub().results.get(runID, func() (*storedResult, error) {
		// Detached from the request: a page left early must not spoil
		// the entry other pages wait for.
		ctx := context.WithoutCancel(ctx)
		c, err := wb.runCohort(ctx, run)
		if err != nil {
			return nil, err
		}
		data, err := wb.store.RunResult(ctx, run.ID)
		if err != nil {
			return nil, err
		}
		res, rf, err := rebuildResult(ctx, c, data, run.ResultFingerprint)
		if err != nil {
			return nil, err
		}
		return &storedResult{res: res, objective: rf.Objective}, nil
	})
	return sr, run, err
}

// runCohort is the cohort a run's result is of: a round's (blob
// "cohort.json") when stored, else the run's cohort file.
func (wb *workbench) runCohort(ctx context.Context, run store.Run) (*model.Cohort, error) {
	data, err := wb.store.RunBlob(ctx, run.ID, "cohort.json")
	switch {
	case err == nil:
		return model.ReadJSON(bytes.NewReader(data), fmt.Sprintf("run %d cohort.json", run.ID), nil)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return wb.cohort(ctx, run.Cohort)
}

// roundOutcomes is, for a round's result, what the round did for each
// student (rounds' roundOf: against the previous round and the responses
// it took); nil for a main round's, and when they cannot be read (logged):
// the pages that show them (the workbook's sheet, explain) are whole
// without them.
func (wb *workbench) roundOutcomes(ctx context.Context, run store.Run, res *matching.Result) *round.Result {
	rr, _, err := wb.roundOf(ctx, run, res)
	if err != nil {
		wb.opts.Logf("placement serve: run %d: what its round did: %v", run.ID, err)
		return nil
	}
	return rr
}

// memo is a small cache of values made once per key (concurrent callers
// of one key wait for the one making it), keeping the last n made, and
// within a byte budget when it has one (the newest is kept even when it
// alone is over); an error is not kept.
type memo[K comparable, V any] struct {
	mu     sync.Mutex
	n      int
	order  []K
	m      map[K]*memoEntry[V]
	budget int64         // 0: none
	cost   func(V) int64 // a value's bytes
	total  int64         // the kept values' cost
}

type memoEntry[V any] struct {
	done chan struct{}
	v    V
	err  error
	cost int64
}

// within gives c a byte budget, a value's cost as cost says.
func (c *memo[K, V]) within(budget int64, cost func(V) int64) *memo[K, V] {
	c.budget, c.cost = budget, cost
	return c
}

// made counts the cost of e, k's value just made; c.mu is held.
func (c *memo[K, V]) made(k K, e *memoEntry[V]) {
	if c.cost == nil || c.m[k] != e {
		return
	}
	e.cost = c.cost(e.v)
	c.total += e.cost
	c.evict()
}

func newMemo[K comparable, V any](n int) *memo[K, V] {
	return &memo[K, V]{n: n, m: map[K]*memoEntry[V]{}}
}

// get returns k's value, made by mk when it is not kept.
func (c *memo[K, V]) get(k K, mk func() (V, error)) (V, error) {
	c.mu.Lock()
	e, ok := c.m[k]
	if !ok {
		e = &memoEntry[V]{done: make(chan struct{})}
		c.m[k] = e
		c.order = append(c.order, k)
		c.evict()
	}
	c.mu.Unlock()
	if ok {
		<-e.done
		return e.v, e.err
	}
	func() {
		defer close(e.done)
		defer func() {
			if v := recover(); v != nil {
				e.err = &panicError{v}
			}
		}()
		e.v, e.err = mk()
	}()
	c.mu.Lock()
	if e.err != nil {
		if c.m[k] == e {
			c.drop(k)
		}
	} else {
		c.made(k, e)
	}
	c.mu.Unlock()
	return e.v, e.err
}

// put keeps v as k's value.
func (c *memo[K, V]) put(k K, v V) {
	e := &memoEntry[V]{done: make(chan struct{}), v: v}
	close(e.done)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		c.drop(k)
	}
	c.m[k] = e
	c.order = append(c.order, k)
	c.evict()
	c.made(k, e)
}

// evict drops the oldest entries beyond n, and beyond the budget; c.mu is
// held.
func (c *memo[K, V]) evict() {
	for len(c.order) > c.n || (c.budget > 0 && c.total > c.budget && len(c.order) > 1) {
		c.total -= c.m[c.order[0]].cost
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

// drop forgets k; c.mu is held.
func (c *memo[K, V]) drop(k K) {
	if e, ok := c.m[k]; ok {
		c.total -= e.cost
	}
	delete(c.m, k)
	for i, o := range c.order {
		if o == k {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
}

// ---- Pages ----

func init() {
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /seasons/{id}/run", wb.page(wb.runFormPage))
		mux.Handle("POST /seasons/{id}/run", wb.page(wb.runFormPost))
		mux.Handle("GET /runs/{id}", wb.page(wb.runPage))
		mux.Handle("GET /runs/{id}/events", wb.page(wb.runEvents))
		mux.Handle("POST /runs/{id}/stop", wb.page(wb.runStop))
		mux.Handle("GET /runs/{id}/report", wb.page(wb.runReport))
		mux.Handle("GET /runs/{id}/result.json", wb.page(wb.runDownload("json")))
		mux.Handle("GET /runs/{id}/result.csv", wb.page(wb.runDownload("csv")))
		mux.Handle("GET /runs/{id}/result.xlsx", wb.page(wb.runDownload("xlsx")))
	})
}

// choice is an option of a select: its value and its label.
type choice struct {
	Value, Label string
}

// runFormData is the run form's page.
type runFormData struct {
	Season     store.Season
	Cohorts    []store.File // the season's accepted cohorts, newest first
	Cohort     int64        // the one chosen
	Options    runOptions
	Mechanisms []choice
	Objectives []choice
	TieBreaks  []choice
	Orders     []choice
	Error      string
}

// runFormOf is the form's data for season id.
func (wb *workbench) runFormOf(q *webReq, id int64) (*runFormData, error) {
	se, err := wb.store.Season(q.Ctx, id)
	if err != nil {
		return nil, err
	}
	files, err := wb.store.Files(q.Ctx, id, "cohort")
	if err != nil {
		return nil, err
	}
	d := &runFormData{Season: se, Options: defaultRunOptions}
	for _, f := range files {
		if f.Accepted {
			d.Cohorts = append(d.Cohorts, f)
		}
	}
	if len(d.Cohorts) > 0 {
		d.Cohort = d.Cohorts[0].ID
	}
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA, matching.OptimalAllocation} {
		d.Mechanisms = append(d.Mechanisms, choice{m.String(), mechanismText(q.Msg, m)})
	}
	for _, o := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		d.Objectives = append(d.Objectives, choice{o.String(), objectiveText(q.Msg, o)})
	}
	for _, v := range []string{"single", "multiple"} {
		d.TieBreaks = append(d.TieBreaks, choice{v, codeText(q.Msg, v)})
	}
	for _, v := range []string{"reserved-first", "open-first"} {
		d.Orders = append(d.Orders, choice{v, codeText(q.Msg, v)})
	}
	return d, nil
}

// codeText is a lottery's or a seat order's code word in the planner's
// words, with the code: "one lottery for every position (single)".
func codeText(msg *message.Printer, code string) string {
	if key, ok := codeNotes[code]; ok {
		return words.WithCode(msg.Sprintf(key, noArgs...), code)
	}
	return code
}

// codeWord is codeText without the code: the pages but the run form name
// a lottery or a seat order in the planner's words only.
func codeWord(msg *message.Printer, code string) string {
	if key, ok := codeNotes[code]; ok {
		return msg.Sprintf(key, noArgs...)
	}
	return code
}

// mechWord names a mechanism in the planner's words, without the code the
// run form shows beside it: "学生优先稳定分配".
func mechWord(msg *message.Printer, m matching.Mechanism) string {
	return planner(msg, words.Mechanism(lang.English, m.String()))
}

// runWords is runText without codes: the mechanism and, for an optimal
// allocation whose objective is known, its objective.
func runWords(msg *message.Printer, m matching.Mechanism, obj string) string {
	t := mechWord(msg, m)
	if o, err := matching.ParseObjective(obj); err == nil && m == matching.OptimalAllocation && obj != "" {
		t = msg.Sprintf("%s, objective %s", t, planner(msg, words.Objective(lang.English, o.String())))
	}
	return t
}

// runFormPage is GET /seasons/{id}/run: the run form (?cohort=ID chooses
// the cohort).
func (wb *workbench) runFormPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := wb.runFormOf(q, id)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	if c, err := strconv.ParseInt(v.Get("cohort"), 10, 64); err == nil {
		d.Cohort = c
	}
	// A run's options given (its page's "run again"): the form starts
	// from them, when they are a run's.
	if o, _, err := runOptionsOf(q, v); err == nil {
		d.Options = o
		if o.Objective == "" {
			d.Options.Objective = defaultRunOptions.Objective
		}
	}
	return wb.render(w, q, "run_form.html", q.Msg.Sprintf("Run an allocation: %s", d.Season.Name), d)
}

// runFormPost is POST /seasons/{id}/run: the options validated as solve
// validates its flags, the run started, and the planner sent to its page
// (303); a mistake shows the form again with it (400).
func (wb *workbench) runFormPost(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := wb.runFormOf(q, id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
	}
	again := func(text string) error {
		d.Error = text
		return wb.renderStatus(w, q, http.StatusBadRequest, "run_form.html", q.Msg.Sprintf("Run an allocation: %s", d.Season.Name), d)
	}
	opts, rs, err := runOptionsOf(q, r.PostForm)
	d.Options = opts
	cohortID, cerr := strconv.ParseInt(r.PostForm.Get("cohort"), 10, 64)
	var file *store.File
	for i := range d.Cohorts {
		if d.Cohorts[i].ID == cohortID {
			file = &d.Cohorts[i]
		}
	}
	switch {
	case cerr != nil || file == nil:
		return again(q.Msg.Sprintf("Choose a cohort of this season that passed its checks (upload one first)."))
	case err != nil:
		d.Cohort = cohortID
		return again(err.Error())
	}
	d.Cohort = cohortID
	options, err := json.Marshal(opts)
	if err != nil {
		return err
	}
	f := *file
	tag := q.Lang
	// (A double click, or the form sent twice: startRun gives the same
	// run by the same planner a moment ago, not a second copy.)
	run, err := wb.startRun(q, store.Run{Season: id, Kind: "solve", Cohort: f.ID, Round: 1, Options: options, CohortFingerprint: f.Fingerprint},
		func(ctx context.Context, p *runProgress) (runOutput, error) {
			p.Stagef("loading %s", f.Name)
			c, err := wb.cohort(ctx, f.ID)
			if err != nil {
				return runOutput{}, err
			}
			res, err := rs.solveWeb(ctx, c, p)
			if err != nil {
				return runOutput{}, err
			}
			return runOutputOf(ctx, tag, p, res, nil)
		})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/runs/%d", run.ID), http.StatusSeeOther)
	return nil
}

// sameRunWindow is how recent a run must be for an identical request to
// be taken as its repeat (a double click, a resent form).
const sameRunWindow = 5 * time.Second

// sameRunJustNow finds a run like want — its season, kind, cohort, base,
// responses, change file (the same one, or the same bytes), options — by
// q's planner, started less than sameRunWindow ago and not failed.
func (wb *workbench) sameRunJustNow(q *webReq, want store.Run) (store.Run, bool, error) {
	runs, err := wb.store.Runs(q.Ctx, want.Season)
	if err != nil {
		return store.Run{}, false, err
	}
	now := time.Now()
	for _, r := range runs { // newest first
		if now.Sub(r.Started) > sameRunWindow {
			break
		}
		if r.Kind != want.Kind || r.CreatedBy != q.User || r.Cohort != want.Cohort || r.Base != want.Base ||
			r.Responses != want.Responses || !bytes.Equal(r.Options, want.Options) || r.Status == store.Failed {
			continue
		}
		if same, err := wb.sameChanges(q.Ctx, r.Changes, want.Changes); err != nil {
			return store.Run{}, false, err
		} else if same {
			return r, true, nil
		}
	}
	return store.Run{}, false, nil
}

// sameChanges: two runs' change files (0: none) are one file or hold the
// same bytes.
func (wb *workbench) sameChanges(ctx context.Context, a, b int64) (bool, error) {
	if a == b {
		return true, nil
	}
	if a == 0 || b == 0 {
		return false, nil
	}
	fa, err := wb.store.File(ctx, a)
	if err != nil {
		return false, err
	}
	fb, err := wb.store.File(ctx, b)
	if err != nil {
		return false, err
	}
	return fa.SHA256 == fb.SHA256, nil
}

// runPageData is the run page's.
type runPageData struct {
	Run       store.Run
	Season    store.Season
	Cohort    store.File
	Kind      string // in the planner's words
	Round     string
	Status    string
	Mechanism string // with its objective
	Options   *runOptions
	TieBreak  string
	Order     string
	Summary   runSummary
	ByRank    []rankCount
	Duration  string
	// Running: the progress so far.
	Stage, Detail string
	// Failed: why; the first line, then the others (findings, problems)
	// as a list.
	Error string
	More  []string
	// Done: a CSV can be downloaded (not for an optimal allocation).
	CSV bool
	// Again is the run form with this run's cohort and options.
	Again string
	// Note is the planner's name for the run (its options' note).
	Note string
	// Refusal says why the run cannot be published ("" when it can, or
	// when it is published already).
	Refusal string
	// ChangesName is a what-if's change file's (or form's) name: the
	// scenario.
	ChangesName string
	// RoundFacts: a round after the first, what it did (rounds').
	RoundFacts *roundRunFacts
}

// rankCount is how many students got a choice.
type rankCount struct{ Rank, N int }

// runPage is GET /runs/{id}.
func (wb *workbench) runPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.pathRun(q, r)
	if err != nil {
		return err
	}
	d := &runPageData{Run: run, Kind: q.KindText(run.Kind), Round: words.Round(q.Lang, max(run.Round, 1)), Status: q.StatusText(run.Status)}
	if d.Season, err = wb.store.Season(q.Ctx, run.Season); err != nil {
		return err
	}
	if run.Cohort != 0 {
		if d.Cohort, err = wb.store.File(q.Ctx, run.Cohort); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	// The run's lottery and seat order, in the planner's words (codes only
	// on the run form; a round's pages keep the previous round's).
	var o runOptions
	if decodeJSON(run.Options, &o) == nil && o.TieBreak != "" && o.ReserveOrder != "" {
		d.Options = &o
		d.TieBreak, d.Order = codeWord(q.Msg, o.TieBreak), codeWord(q.Msg, o.ReserveOrder)
	}
	again := url.Values{}
	if run.Kind == "solve" && run.Cohort != 0 {
		again.Set("cohort", strconv.FormatInt(run.Cohort, 10))
	}
	if d.Options != nil {
		again.Set("mechanism", o.Mechanism)
		if o.Objective != "" {
			again.Set("objective", o.Objective)
		}
		again.Set("seed", strconv.FormatUint(o.Seed, 10))
		again.Set("tie_break", o.TieBreak)
		again.Set("reserve_order", o.ReserveOrder)
	}
	d.Again = fmt.Sprintf("/seasons/%d/run", run.Season)
	if run.Kind == "solve" && len(again) > 0 {
		d.Again += "?" + again.Encode()
	}
	if err := decodeJSON(run.Summary, &d.Summary); err != nil {
		wb.opts.Logf("placement serve: run %d: its summary: %v", run.ID, err)
	}
	mech, obj := d.Summary.Mechanism, d.Summary.Objective
	if mech == "" && d.Options != nil {
		mech, obj = d.Options.Mechanism, d.Options.Objective
	}
	if m, err := matching.ParseMechanism(mech); err == nil {
		d.Mechanism = plainRunText(q, mech, obj)
		d.CSV = m != matching.OptimalAllocation
	}
	for i, n := range d.Summary.ByRank {
		d.ByRank = append(d.ByRank, rankCount{i + 1, n})
	}
	if d.Options != nil {
		d.Note = d.Options.Note
	}
	if run.Changes != 0 {
		if f, err := wb.store.File(q.Ctx, run.Changes); err == nil {
			d.ChangesName = f.Name
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if d.RoundFacts, err = wb.roundRunFacts(q, run); err != nil {
		return err
	}
	// The publish link only where publishing can succeed; else why not.
	if run.Status == store.Done && run.Published.IsZero() {
		if d.Refusal, err = wb.roundPublishCheck(q, run); err != nil {
			return err
		}
	}
	if !run.Finished.IsZero() {
		d.Duration = durationText(q.Msg, run.Finished.Sub(run.Started))
	}
	switch run.Status {
	case store.Running:
		if p := wb.runHub().progress(run.ID); p != nil {
			st := p.state()
			d.Stage, d.Detail = st.stage, st.detail
		}
	case store.Failed:
		lines := strings.Split(strings.TrimSpace(failureText(q, run.Error)), "\n")
		d.Error = lines[0]
		for _, l := range lines[1:] {
			if l = strings.TrimSpace(l); l != "" {
				d.More = append(d.More, l)
			}
		}
	}
	return wb.render(w, q, "run.html", runTitle(q, run.ID, mech, obj, d.Note), d)
}

// runTitle names a run as its page's title: its number, its mechanism
// (and objective) in the planner's words without codes, and her note:
// "运行 3 · 最优分配，目标：志愿位次总和最小 · 按去年规则".
func runTitle(q *webReq, id int64, mech, obj, note string) string {
	t := q.Msg.Sprintf("Run %d", id)
	if m := plainRunText(q, mech, obj); m != "" {
		t += " · " + m
	}
	if note != "" {
		t += " · " + note
	}
	return t
}

// plainRunText names a run's mechanism (and an optimal run's objective)
// in the planner's words, without the codes ("" for an unknown one).
func plainRunText(q *webReq, mech, obj string) string {
	m, err := matching.ParseMechanism(mech)
	if err != nil {
		return ""
	}
	t := words.Mechanism(q.Lang, m.String())
	if o, err := matching.ParseObjective(obj); err == nil && m == matching.OptimalAllocation && obj != "" {
		t = q.Msg.Sprintf("%s, objective %s", t, words.Objective(q.Lang, o.String()))
	}
	return t
}

// failureText is a failed run's error as the page shows it: the store's
// "interrupted" in the planner's words.
func failureText(q *webReq, text string) string {
	if text == interrupted {
		return q.Msg.Sprintf("Interrupted: the server stopped before the run was over. Start it again.")
	}
	return text
}

// durationText is a run's duration in the planner's words: seconds to
// the hundredth under 10 s ("0.04 秒"), to the tenth under a minute,
// minutes and seconds beyond.
func durationText(msg *message.Printer, d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return msg.Sprintf("%s s", "0.01")
	case d < 10*time.Second:
		return msg.Sprintf("%s s", strconv.FormatFloat(d.Seconds(), 'f', 2, 64))
	case d < time.Minute:
		return msg.Sprintf("%s s", strconv.FormatFloat(d.Seconds(), 'f', 1, 64))
	}
	d = d.Round(time.Second)
	return msg.Sprintf("%d min %d s", int(d/time.Minute), int(d%time.Minute/time.Second))
}

// runStop is POST /runs/{id}/stop: the run's work is cancelled (the run
// fails, saying who stopped it), and the planner is sent back to its page
// (303). A run over already is left as it is; one that another server
// runs cannot be stopped from here (409).
func (wb *workbench) runStop(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.pathRun(q, r)
	if err != nil {
		return err
	}
	if run.Status == store.Running {
		p := wb.runHub().progress(run.ID)
		if p == nil {
			return webErrorf(http.StatusConflict, "Run %d is not running in this server: it cannot be stopped from here.", run.ID)
		}
		p.stopBy(q.User)
	}
	http.Redirect(w, r, fmt.Sprintf("/runs/%d", run.ID), http.StatusSeeOther)
	return nil
}

// runEvents is GET /runs/{id}/events: the run's progress as server-sent
// events, "stage" and "detail" with their text, then "done" with the run
// page's path once the outcome is stored. A run already over sends "done"
// at once; a run this process does not run (another server's on the same
// database) is watched in the store every second. Any number of tabs may
// listen.
func (wb *workbench) runEvents(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.pathRun(q, r)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	rc := http.NewResponseController(w)
	w.WriteHeader(http.StatusOK)
	// Each write has its own deadline: a tab that stops reading frees its
	// handler within opts.SSEWriteTimeout, never later.
	send := func(event, data string) bool {
		var b strings.Builder
		b.WriteString("event: " + event + "\n")
		for _, line := range strings.Split(strings.ReplaceAll(data, "\r", ""), "\n") {
			b.WriteString("data: " + line + "\n")
		}
		b.WriteString("\n")
		_ = rc.SetWriteDeadline(time.Now().Add(wb.opts.SSEWriteTimeout))
		if _, err := io.WriteString(w, b.String()); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// Where "done" sends the tab: a what-if that succeeded to who moved,
	// any other run to its page.
	done := func() {
		page := fmt.Sprintf("/runs/%d", run.ID)
		if r, err := wb.store.Run(context.WithoutCancel(q.Ctx), run.ID); err == nil && r.Kind == "whatif" && r.Status == store.Done {
			page += "/diff"
		}
		send("done", page)
	}
	if run.Status != store.Running {
		done()
		return nil
	}
	// A stream ends after opts.SSEMaxStream: the browser's EventSource opens
	// it again by itself, so a forgotten tab does not hold a connection
	// (of the browser's six a server) for hours.
	limit := time.NewTimer(wb.opts.SSEMaxStream)
	defer limit.Stop()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	p := wb.runHub().progress(run.ID)
	if p == nil {
		poll := time.NewTicker(wb.opts.SSEPoll)
		defer poll.Stop()
		for {
			select {
			case <-q.Ctx.Done():
				return nil
			case <-wb.ctx.Done():
				return nil
			case <-limit.C:
				return nil
			case <-keepAlive.C:
				if !send("ping", "") {
					return nil
				}
			case <-poll.C:
				run, err := wb.store.Run(q.Ctx, run.ID)
				if err != nil || run.Status != store.Running {
					done()
					return nil
				}
			}
		}
	}
	// What the tab shows: a stage, and its detail; a change of either
	// is sent, the latest only (a tab that falls behind skips).
	stage, detail, first := "", "", true
	for {
		st := p.state()
		if first || st.stage != stage {
			if !send("stage", st.stage) {
				return nil
			}
			stage, detail, first = st.stage, "", false
		}
		if st.detail != detail {
			if !send("detail", st.detail) {
				return nil
			}
			detail = st.detail
		}
		if st.over {
			done()
			return nil
		}
		select {
		case <-st.changed:
		case <-q.Ctx.Done():
			return nil
		case <-limit.C:
			return nil
		case <-keepAlive.C:
			if !send("ping", "") {
				return nil
			}
		}
	}
}

// runReport is GET /runs/{id}/report: the report of the run's result (as
// placement report writes it, charts included) in the page's language,
// cached per run and language. Its CSP allows its inline CSS.
func (wb *workbench) runReport(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sr, run, err := wb.storedResult(q.Ctx, id)
	if err != nil {
		return err
	}
	page, err := wb.runHub().reports.get(reportKey{a: id, lang: langCode(q.Lang)}, func() ([]byte, error) {
		// A round's report compares it with the round before it.
		_, ro, err := wb.roundOf(context.WithoutCancel(q.Ctx), run, sr.res)
		if err != nil {
			return nil, err
		}
		page, err := reportHTML(q.Lang, []*storedResult{sr}, nil, ro)
		if err != nil {
			return nil, err
		}
		se, err := wb.store.Season(context.WithoutCancel(q.Ctx), run.Season)
		if err != nil {
			return nil, err
		}
		return withBackLinks(page, backLink{fmt.Sprintf("/runs/%d", id), "← " + q.Msg.Sprintf("Back to run %d", id)},
			backLink{fmt.Sprintf("/seasons/%d", se.ID), se.Name}, backLink{"/", q.Msg.Sprintf("Placement workbench")}), nil
	})
	if err != nil {
		return err
	}
	writeReportNav(w, q, page)
	return nil
}

// reportHTML is the report of one or two results of one cohort, in tag's
// language, as one HTML page; ro, for a round's result, compares it with
// the round before it.
func reportHTML(tag language.Tag, results []*storedResult, labels []string, ro *report.RoundOptions) ([]byte, error) {
	opts := &report.Options{Lang: tag, Labels: labels, Round: ro}
	var rs []*matching.Result
	for _, sr := range results {
		rs = append(rs, sr.res)
		opts.Objectives = append(opts.Objectives, sr.objective)
	}
	rp, err := report.NewWithOptions(rs[0].Instance().Cohort(), opts, rs...)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := rp.WriteHTML(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// withBackLink puts a line at the top of a report page (after its
// <body>) that links back to the workbench's page at href: the report is
// the command's page, made to be read alone.
func withBackLink(page []byte, href, text, home string) []byte {
	return withBackLinks(page, backLink{href, "← " + text}, backLink{"/", home})
}

// backLink is a link of a report's top line.
type backLink struct{ Href, Text string }

// withBackLinks puts a line of links at the top of a report page (after
// its <body>).
func withBackLinks(page []byte, links ...backLink) []byte {
	i := bytes.Index(page, []byte("<body>"))
	if i < 0 {
		return page
	}
	i += len("<body>")
	var parts []string
	for _, l := range links {
		parts = append(parts, fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(l.Href), html.EscapeString(l.Text)))
	}
	line := `<p style="margin:0 0 1em;padding:.4em 1em;background:#f4f6f9;border-bottom:1px solid #d6dbe2;font-size:14px">` + strings.Join(parts, " · ") + `</p>`
	out := make([]byte, 0, len(page)+len(line))
	out = append(append(append(out, page[:i]...), line...), page[i:]...)
	return out
}

// writeReportNav is writeReport with the workbench's header line on top:
// the pages every page links (seasons, run history) and the language
// switch, in plain HTML (a report's CSP allows no script).
func writeReportNav(w http.ResponseWriter, q *webReq, page []byte) {
	if i := bytes.Index(page, []byte("<body>")); i >= 0 {
		i += len("<body>")
		lang := fmt.Sprintf(`<b>中文</b> · <a href="%s" hreflang="en">English</a>`, html.EscapeString(q.LangLink("en")))
		if !q.Zh {
			lang = fmt.Sprintf(`<a href="%s" hreflang="zh">中文</a> · <b>English</b>`, html.EscapeString(q.LangLink("zh")))
		}
		bar := fmt.Sprintf(`<p id="nav" style="margin:0;padding:.4em 1em;background:#e8ecf2;font-size:14px"><a href="/">%s</a> · <a href="/history">%s</a> <span style="float:right">%s</span></p>`,
			html.EscapeString(q.Msg.Sprintf("Seasons")), html.EscapeString(q.Msg.Sprintf("Run history")), lang)
		page = append(append(append(make([]byte, 0, len(page)+len(bar)), page[:i]...), bar...), page[i:]...)
	}
	writeReport(w, page)
}

// writeReport writes a report page, with the CSP that allows its inline
// CSS (it has no script).
func writeReport(w http.ResponseWriter, page []byte) {
	allowInlineStyle(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.Write(page)
}

// runDownload is GET /runs/{id}/result.{json,csv,xlsx}: the result in
// that format (CSV and the workbook in the page's language; a round's
// workbook with what the round did for each student), named
// result-<season>-run<id>.<format>. The bytes are made before the first
// is sent: an error is an error page, never half a file.
func (wb *workbench) runDownload(format string) func(w http.ResponseWriter, r *http.Request, q *webReq) error {
	return func(w http.ResponseWriter, r *http.Request, q *webReq) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var data []byte
		var run store.Run
		var ctype string
		switch format {
		case "json":
			if run, err = wb.store.Run(q.Ctx, id); err != nil {
				return err
			}
			if run.Status != store.Done {
				return webErrorf(http.StatusConflict, "Run %d has no result: it is still running, or it failed (its page says why).", run.ID)
			}
			if data, err = wb.store.RunResult(q.Ctx, id); err != nil {
				return err
			}
			ctype = "application/json"
		case "csv":
			var res *matching.Result
			if res, run, err = wb.result(q.Ctx, id); err != nil {
				return err
			}
			if res.Mechanism() == matching.OptimalAllocation {
				return webErrorf(http.StatusNotFound, "An optimal allocation has no CSV file: CSV cannot carry the certificate that proves it optimal. Download the workbook or the JSON file.")
			}
			if data, err = resultCSV(res, q.Lang); err != nil {
				return err
			}
			ctype = "text/csv; charset=utf-8"
		case "xlsx":
			var res *matching.Result
			if res, run, err = wb.result(q.Ctx, id); err != nil {
				return err
			}
			// A round's workbook has a sheet of what the round did for
			// each student.
			if data, err = resultXLSX(res, q.Lang, wb.roundOutcomes(q.Ctx, run, res)); err != nil {
				return err
			}
			ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		se, err := wb.store.Season(q.Ctx, run.Season)
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", runDisposition(q, se, run, format))
		h.Set("Content-Length", strconv.Itoa(len(data)))
		h.Set("Cache-Control", "no-store")
		_, err = w.Write(data)
		if err != nil {
			wb.opts.Logf("placement serve: download of run %d: %v", id, err)
		}
		return nil
	}
}

// runDisposition names a run's download in the page's language, so that a
// Downloads folder tells the runs apart: the season, the run's number, its
// kind (what-if, round), its mechanism, "result":
// "2026届顶岗实习分配-运行3-最优分配-志愿位次总和最小-结果.xlsx",
// "2026-placement-run3-optimal-rank-sum-result.xlsx". Old clients that
// read only the ASCII name get the English one, the season named by its
// number when its name is not ASCII ("season1-run3-optimal-...").
func runDisposition(q *webReq, se store.Season, run store.Run, format string) string {
	return runDispositionOf(q, se, run, format, "result", true)
}

// runDispositionOf is runDisposition for any of a run's downloads: what
// (an English message: "result", "moves") ends the name, after the
// mechanism when withMech: "2026届顶岗实习-运行3-假设分析-变动.xlsx".
func runDispositionOf(q *webReq, se store.Season, run store.Run, format, what string, withMech bool) string {
	var sum runSummary
	_ = decodeJSON(run.Summary, &sum)
	mech, obj := sum.Mechanism, sum.Objective
	if mech == "" {
		var o runOptions
		if decodeJSON(run.Options, &o) == nil {
			mech, obj = o.Mechanism, o.Objective
		}
	}
	name := func(tag language.Tag, msg *message.Printer, season string) string {
		parts := []string{season, msg.Sprintf("run%d", run.ID)}
		switch run.Kind {
		case "whatif":
			parts = append(parts, msg.Sprintf("what-if"))
		case "round":
			parts = append(parts, words.Round(tag, max(run.Round, 1)))
		}
		if mech != "" && withMech {
			if tag == lang.English {
				parts = append(parts, mech)
			} else {
				parts = append(parts, words.Mechanism(tag, mech))
			}
			if mech == matching.OptimalAllocation.String() && obj != "" {
				if tag == lang.English {
					parts = append(parts, obj)
				} else {
					parts = append(parts, words.Objective(tag, obj))
				}
			}
		}
		parts = append(parts, msg.Sprintf(what))
		for i, p := range parts {
			parts[i] = fileNamePart(p)
		}
		return strings.Join(parts, "-") + "." + format
	}
	full := safeFileName(name(q.Lang, q.Msg, se.Name))
	season := se.Name
	if strings.ContainsFunc(season, func(r rune) bool { return r > 0x7e }) {
		season = fmt.Sprintf("season%d", se.ID)
	}
	ascii := strings.Map(func(r rune) rune {
		if r > 0x7e {
			return '_'
		}
		return r
	}, safeFileName(name(lang.English, englishWebMsg(), season)))
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(full)
}

// englishWebMsg prints the web catalogue in English.
func englishWebMsg() *message.Printer { return lang.Printer(lang.English, webCat()) }

// fileNamePart is a season's name as part of a download's file name:
// what a file name may not hold (separators, reserved characters on
// Windows, control characters) becomes "-"; spaces too.
func fileNamePart(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>| `, r):
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "season"
	}
	return s
}
