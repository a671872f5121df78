package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
	"github.com/placement-engine/placement/report"
	"github.com/placement-engine/placement/round"
)

// The rounds of a season (issue 17, "rounds"): a done run published as
// round N (store.Publish makes it immutable), the students' responses to
// the latest published round uploaded or typed into a form and checked
// against it as the verb round checks them (every problem at once,
// located), the next round run from the published one (wb.startRun, Kind
// "round"), two rounds compared (round.Compare, the report with
// report.RoundOptions), and a round's cohort downloaded, so that
// `placement check -cohort C2 -result R2 -previous R1 -responses RESP`
// verifies a round from its downloads. The work without HTTP is in
// web_rounds_work.go.

func init() {
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /runs/{id}/publish", wb.page(wb.roundPublishPage))
		mux.Handle("POST /runs/{id}/publish", wb.page(wb.roundPublishRun))
		mux.Handle("GET /runs/{id}/cohort.json", wb.page(wb.roundCohortDownload))
		mux.Handle("GET /runs/{id}/cohort.xlsx", wb.page(wb.roundCohortDownload))
		mux.Handle("GET /seasons/{id}/rounds", wb.page(wb.roundsPage))
		mux.Handle("POST /seasons/{id}/rounds/responses", wb.page(wb.roundUploadResponses))
		mux.Handle("POST /seasons/{id}/rounds/responses/form", wb.page(wb.roundEnterResponses))
		mux.Handle("POST /seasons/{id}/rounds/next", wb.page(wb.roundNext))
		mux.Handle("GET /seasons/{id}/rounds/compare", wb.page(wb.compareRoundsPage))
		mux.Handle("GET /seasons/{id}/rounds/report", wb.page(wb.compareRoundsReport))
		mux.Handle("GET /seasons/{id}/rounds/compare.xlsx", wb.page(wb.compareRoundsXLSX))
		mux.Handle("GET /responses/{id}", wb.page(wb.roundResponsesPage))
	})
	addWebZh(roundsZh)
}

// roundsZh is the Chinese of the rounds pages' messages.
var roundsZh = map[string]string{
	"What the round did":              "本轮结果",
	"Round run":                       "本轮运行",
	"Started at":                      "开始时间",
	"Run status":                      "运行状态",
	"Compare with the previous round": "与上一轮比较",
	"the student is typed twice (also line %d)": "该学生录入了两次（另见第 %d 行）",
	"The typed responses have %d problems; nothing is saved yet. Correct the marked lines below and check again.": "录入的回复有 %d 个问题，尚未保存。请改正下面标出的行，再检查并保存。",
	"%s (run %d)": "%s（运行 %d）",
	"Only a finished run of a round after the main one can be compared with the round it follows.": "只有主轮之后某一轮的已完成运行，才能与它所接续的轮次比较。",
	"Rounds of %s":                  "%s：轮次",
	"Publish run %d":                "发布运行 %d",
	"Publish":                       "发布",
	"Publish as %s":                 "发布为%s",
	"run %d":                        "运行 %d",
	"Publish this run of %s as %s?": "将年度分配“%s”的此运行发布为%s？",
	"Another finished run of the same cohort for this round places more students: %s.": "同一学生岗位数据、同一轮次的另一个已完成运行分配的学生更多：%s。",
	"run %d places %d": "运行 %d 分配 %d 人",
	"A published round can be neither changed nor deleted; the next round starts from it.":                       "已发布的轮次不能再修改或删除；下一轮从它开始。",
	"This run is published (%s, by %s): it cannot be published again or changed.":                                "此运行已于 %s 发布（发布人 %s），不能再次发布或修改。",
	"The %s of this season is already published (run %d): each round is published once.":                         "本年度分配的%s已经发布（运行 %d）：每一轮只能发布一次。",
	"Only a finished run can be published; this one is %s.":                                                      "只有已完成的运行才能发布；此运行%s。",
	"A what-if run cannot be published: it changes an allocation to answer a question and is not a round.":       "假设分析运行不能发布：它只是为回答一个问题而修改分配，不是一个轮次。",
	"%s of this season is not published yet: publish it before %s.":                                              "本年度分配的%s尚未发布：请先发布它，再发布%s。",
	"This run starts from run %d, but %s was published from run %d: run the round again from the published one.": "此运行基于运行 %d，但%s发布的是运行 %d：请基于已发布的结果重新运行本轮。",
	"Back to the rounds":         "返回轮次",
	"Back to the run":            "返回运行",
	"No round is published yet.": "还没有发布的轮次。",
	"First upload the data on the %s page, run the allocation and publish the chosen result as %s.":                 "请先在%s页面上传数据、运行分配，并把选定的结果发布为%s。",
	"No round is published yet: first run the allocation on the season's page and publish the chosen result as %s.": "还没有发布的轮次：请先在年度分配页面运行分配，并把选定的结果发布为%s。",
	"Round":           "轮次",
	"Mechanism":       "分配方式",
	"Published":       "发布时间",
	"Students":        "学生",
	"Placed":          "已分配",
	"Unplaced":        "未分配",
	"Still looking":   "仍在寻找岗位",
	"Stayed":          "维持原岗位",
	"Rose":            "升至更靠前志愿",
	"Newly placed":    "本轮新分配",
	"Declined":        "放弃",
	"Withdrew":        "退出",
	"Downloads":       "下载",
	"result":          "结果",
	"Responses to %s": "对%s的回复",
	"No responses uploaded yet: without them every student takes the defaults below.": "尚未上传回复：没有回复时，每个学生按下面的默认回复处理。",
	"File":             "文件",
	"Uploaded":         "上传时间",
	"Rows":             "行数",
	"Problems":         "问题",
	"accepted":         "已通过校验",
	"rejected":         "未通过校验",
	"Upload responses": "上传回复",
	"A responses file: Excel (sheet responses, 回复), CSV or JSON, with the columns student (学生), answer (回复) and, for a student who continues with a new list, choices (新志愿).": "回复文件：Excel（工作表“回复”）、CSV 或 JSON，列为 学生、回复，继续参加并提交新志愿的学生另填 新志愿。",
	"Upload":          "上传",
	"Enter responses": "录入回复",
	"One student a line: the student's ID, the answer (accept, hold, decline, continue or withdraw) and, for a student who continues, the new list of positions.": "每行一名学生：学生ID、回复（接受、保留、放弃、继续、退出），继续参加的学生再填新志愿（岗位ID）。",
	"Or in the table:": "或填写表格：",
	"Student":          "学生",
	"Answer":           "回复",
	"New list":         "新志愿",
	"Check and save":   "检查并保存",
	"Run %s":           "运行%s",
	"Lottery":          "抽签",
	"Reversed from the previous round (default)": "与上轮相反（默认）",
	"Same as the previous round":                 "与上轮相同",
	"A new draw":                                 "重新抽签",
	"The lottery breaks ties between students; reversing the previous round's order is fair to those who drew last, and truthful lists stay best for every student.":                                      "抽签决定同等条件下学生的先后；与上轮顺序相反对上轮排在后面的学生公平，且如实填报志愿对每个学生仍然最有利。",
	"Students first: stable, and every seat held is kept. Least disruption: stable, moves the students who hold a seat least. Optimal: most placed, least total rank, nobody who holds a seat worse off.": "学生优先稳定分配：学生优先，结果稳定，已保留的名额不会丢失；最少变动稳定分配：结果稳定，保留名额的学生变动最少；最优分配：分配人数最多、志愿位次总和最小，保留名额的学生不会变差。",
	"A student placed in the previous round who does not answer: accept (keeps the seat and leaves), hold (keeps it and waits for a better one) or decline.":                                              "上轮已分配、未回复的学生按此处理：接受（留住名额并离开）、保留（留住名额并候补更好的岗位）或放弃。",
	"A student unplaced in the previous round who does not answer: continue (takes part with the same list) or withdraw.":                                                                                 "上轮未分配、未回复的学生按此处理：继续（按原志愿参加本轮）或退出。",
	"A placed student who does not answer":        "已分配但未回复的学生",
	"An unplaced student who does not answer":     "未分配且未回复的学生",
	"Objective (optimal)":                         "目标（最优分配）",
	"Cohort":                                      "学生岗位数据",
	"the cohort of %s (with the new lists given)": "%s的学生岗位数据（含已提交的新志愿）",
	"%s (with the new lists given)":               "%s（含已提交的新志愿）",
	"Responses":                                   "回复",
	"none: every student takes the defaults":      "无：每个学生按默认回复处理",
	"Run the round":                               "运行本轮",
	"Runs of %s":                                  "%s的运行",
	"Compare rounds":                              "比较轮次",
	"Compare":                                     "比较",
	"Report":                                      "报告",
	"%s against %s":                               "%s与%s比较",
	"Who moved (%d)":                              "变动的学生（%d）",
	"From":                                        "原岗位",
	"To":                                          "新岗位",
	"Cascades of seats (%d)":                      "名额连锁递补（%d）",
	"%s gave back %s":                             "%s 放弃 %s",
	"%s moves up (%s → %s)":                       "%s 递补（%s → %s）",
	"All results":                                 "全部结果",
	"Show":                                        "显示",
	"Download the table (.xlsx)":                  "下载此表（.xlsx）",
	"Student name":                                "学生姓名",
	"From (name)":                                 "原岗位名称",
	"To (name)":                                   "新岗位名称",
	"Nobody moved.":                               "没有学生变动。",
	"Placed and unplaced after each round":        "每轮后的已分配与未分配人数",
	"Give two published rounds, the earlier first and the later a round after the main one.": "请给出两个已发布的轮次：较早的在前，较晚的必须是主轮之后的轮次。",
	"Round %d is not published in this season.":                                              "本赛季没有发布第 %d 轮。",
	"Responses %s":                        "回复 %s",
	"These responses answer %s (run %d).": "这些回复答复的是%s（运行 %d）。",
	"The responses fit %s: %d rows.":      "回复与%s相符：共 %d 行。",
	"The responses have %d problems; fix them in the file and upload it again, or enter them again.": "回复有 %d 个问题；请在文件中改正后重新上传，或重新录入。",
	"Sheet":                        "工作表",
	"Line":                         "行",
	"Column":                       "列",
	"Record":                       "记录",
	"Problem":                      "问题",
	"Warnings":                     "提示信息",
	"students who gave a new list": "提交新志愿的学生",
	"%d students answered; the other %d take the defaults.":                   "%d 名学生已回复，其余 %d 名按默认回复处理。",
	"The file has no column 上轮结果指纹: it was checked against the result of %s.": "文件中没有“上轮结果指纹”列，已按%s的结果核对。",
	"against %s":     "与%s比较",
	"moved students": "变动学生",
	"cohort":         "学生岗位数据",
	"no answer":      "未回复",
	"Download":       "下载",
	"These responses were rejected: they cannot be used for a round.":                 "这些回复被拒绝：不能用于运行轮次。",
	"These responses answer %s; the latest published round is %s.":                    "这些回复答复的是%s；最新发布的轮次是%s。",
	"Choose a file to upload.":                                                        "请选择要上传的文件。",
	"Type at least one line.":                                                         "请至少填写一行。",
	"The cohort %s is not an accepted cohort of this season.":                         "学生岗位数据 %s 不是本赛季已通过检查的学生岗位数据。",
	"This is not a run of a round: it has no round's cohort.":                         "这不是某一轮的运行：没有该轮的学生岗位数据。",
	"Enter the responses of the students who answered; the others take the defaults.": "请录入已回复学生的回复；其余学生按默认回复处理。",
}

// roundNumber is the round a run is published as: a main allocation's 1,
// a round's its own; 0 for a run that is not a round (a what-if).
func roundNumber(r store.Run) int {
	switch r.Kind {
	case "solve":
		return 1
	case "round":
		return r.Round
	}
	return 0
}

// roundPublishData is the confirm page of a publication: what is
// published (the run's mechanism, its counts and its check) and, when
// another finished run of the same cohort and round places more students,
// which.
type roundPublishData struct {
	Run       store.Run
	Season    store.Season
	Round     int
	RoundWord string
	Mechanism string
	Summary   runSummary
	// Better names the other finished runs of the same cohort and round
	// that place more students ("" none).
	Better string
	// Refusal says why the run cannot be published ("" when it can).
	Refusal string
}

// roundPublishCheck says why run cannot be published now as its round, in
// the planner's words (q's language), "" when it can: the run pages show
// the publish link only when it is "".
func (wb *workbench) roundPublishCheck(q *webReq, run store.Run) (string, error) {
	n := roundNumber(run)
	switch {
	case !run.Published.IsZero():
		return q.Msg.Sprintf("This run is published (%s, by %s): it cannot be published again or changed.", when(run.Published, wb.opts.Zone), run.PublishedBy), nil
	case n == 0:
		return q.Msg.Sprintf("A what-if run cannot be published: it changes an allocation to answer a question and is not a round."), nil
	case run.Status != store.Done:
		return q.Msg.Sprintf("Only a finished run can be published; this one is %s.", q.Msg.Sprintf(string(run.Status))), nil
	}
	pub, err := wb.store.PublishedRuns(q.Ctx, run.Season)
	if err != nil {
		return "", err
	}
	var prev int64 // the run published as round n-1
	for _, p := range pub {
		if roundNumber(p) == n {
			return q.Msg.Sprintf("The %s of this season is already published (run %d): each round is published once.", roundPageWord(q.Lang, n), p.ID), nil
		}
		if n > 1 && roundNumber(p) == n-1 {
			prev = p.ID
		}
	}
	switch {
	case n > 1 && prev == 0:
		return q.Msg.Sprintf("%s of this season is not published yet: publish it before %s.", roundPageWord(q.Lang, n-1), roundPageWord(q.Lang, n)), nil
	case n > 1 && prev != run.Base:
		return q.Msg.Sprintf("This run starts from run %d, but %s was published from run %d: run the round again from the published one.", run.Base, roundPageWord(q.Lang, n-1), prev), nil
	}
	return "", nil
}

func (wb *workbench) roundPublishPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.pathRun(q, r)
	if err != nil {
		return err
	}
	season, err := wb.store.Season(q.Ctx, run.Season)
	if err != nil {
		return err
	}
	refusal, err := wb.roundPublishCheck(q, run)
	if err != nil {
		return err
	}
	n := roundNumber(run)
	d := roundPublishData{Run: run, Season: season, Round: n, RoundWord: roundPageWord(q.Lang, n), Refusal: refusal}
	if refusal == "" {
		if err := decodeJSON(run.Summary, &d.Summary); err != nil {
			return err
		}
		if m, err := matching.ParseMechanism(d.Summary.Mechanism); err == nil {
			d.Mechanism = roundRunText(q.Msg, m, d.Summary.Objective)
		}
		runs, err := wb.store.Runs(q.Ctx, run.Season)
		if err != nil {
			return err
		}
		var better []string
		for _, o := range runs {
			if o.ID == run.ID || o.Status != store.Done || roundNumber(o) != n || o.CohortFingerprint != run.CohortFingerprint || o.Base != run.Base {
				continue
			}
			var sum runSummary
			if decodeJSON(o.Summary, &sum) == nil && sum.Placed > d.Summary.Placed {
				better = append(better, q.Msg.Sprintf("run %d places %d", o.ID, sum.Placed))
			}
		}
		if len(better) > 0 {
			d.Better = q.Msg.Sprintf("Another finished run of the same cohort for this round places more students: %s.", roundJoin(q.Lang, better))
		}
	}
	return wb.render(w, q, "round_publish.html", q.Msg.Sprintf("Publish run %d", run.ID), d)
}

func (wb *workbench) roundPublishRun(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.pathRun(q, r)
	if err != nil {
		return err
	}
	rounds := fmt.Sprintf("/seasons/%d/rounds", run.Season)
	if !run.Published.IsZero() {
		// Published already (a double click, a second tab): done.
		http.Redirect(w, r, rounds, http.StatusSeeOther)
		return nil
	}
	refusal, err := wb.roundPublishCheck(q, run)
	if err != nil {
		return err
	}
	if refusal != "" {
		return webError(http.StatusConflict, refusal)
	}
	if _, err := wb.store.Publish(q.Ctx, run.ID, q.User); err != nil {
		// Another request published first: this very run (a double
		// click) is done; another run of the round is refused.
		if errors.Is(err, store.ErrExists) || errors.Is(err, store.ErrPublished) {
			if again, err2 := wb.store.Run(q.Ctx, run.ID); err2 == nil && !again.Published.IsZero() {
				http.Redirect(w, r, rounds, http.StatusSeeOther)
				return nil
			}
			if refusal, err2 := wb.roundPublishCheck(q, run); err2 == nil && refusal != "" {
				return webError(http.StatusConflict, refusal)
			}
		}
		return err
	}
	http.Redirect(w, r, rounds, http.StatusSeeOther)
	return nil
}

// readOpts bound what a reader takes from an upload (a workbook's
// unzipped parts) by the workbench's limit, not the readers' 4 GiB.
func (wb *workbench) readOpts() *model.Options {
	return &model.Options{MaxBytes: wb.opts.MaxUnzipped}
}

// roundJoin joins items as a list in tag's language (、 in Chinese).
func roundJoin(tag language.Tag, items []string) string {
	if tag == lang.Chinese {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// roundEntry is a published round as the rounds page lists it.
type roundEntry struct {
	Round     int
	Word      string
	Run       store.Run
	Mechanism string
	Summary   runSummary
	// Counts are what a round after the first did (nil for the first).
	Counts *roundCounts
}

// roundsPublished are the season's published rounds, by round.
func (wb *workbench) roundsPublished(q *webReq, season int64) ([]roundEntry, error) {
	pub, err := wb.store.PublishedRuns(q.Ctx, season)
	if err != nil {
		return nil, err
	}
	var out []roundEntry
	for _, p := range pub {
		n := roundNumber(p)
		if n == 0 {
			continue
		}
		e := roundEntry{Round: n, Word: roundPageWord(q.Lang, n), Run: p}
		if err := decodeJSON(p.Summary, &e.Summary); err != nil {
			return nil, err
		}
		if m, err := matching.ParseMechanism(e.Summary.Mechanism); err == nil {
			e.Mechanism = roundRunText(q.Msg, m, e.Summary.Objective)
		}
		if n > 1 {
			b, err := wb.store.RunBlob(q.Ctx, p.ID, roundCountsName)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			if len(b) > 0 {
				var rc roundCounts
				if err := json.Unmarshal(b, &rc); err != nil {
					return nil, err
				}
				e.Counts = &rc
			}
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b roundEntry) int { return a.Round - b.Round })
	return out, nil
}

// roundCohortOf is the cohort a published run's round was computed on,
// from which the next round starts: a main allocation's cohort file, a
// round's stored round cohort (with the new lists); name names it.
func (wb *workbench) roundCohortOf(ctx context.Context, run store.Run) (c *model.Cohort, name string, err error) {
	if run.Kind != "round" {
		f, err := wb.store.File(ctx, run.Cohort)
		if err != nil {
			return nil, "", err
		}
		c, err := wb.cohort(ctx, run.Cohort)
		return c, f.Name, err
	}
	// Round cohorts share core's cache (its count and cost budget),
	// keyed by the run's ID negated: file IDs are positive.
	name = fmt.Sprintf("round-%d-cohort.json", run.Round)
	if c := wb.cachedCohort(-run.ID); c != nil {
		return c, name, nil
	}
	b, err := wb.store.RunBlob(ctx, run.ID, roundCohortName)
	if err != nil {
		return nil, "", err
	}
	if c, err = loadRoundCohort(b); err != nil {
		return nil, "", err
	}
	return wb.cohorts.keep(-run.ID, c), name, nil
}

// cachedCohort is the cohort core's cache keeps under key (a file's ID,
// or a round run's negated), nil when it keeps none.
func (wb *workbench) cachedCohort(key int64) *model.Cohort {
	cc := &wb.cohorts
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.m[key]
}

// roundResponsesOutcome is what the store keeps of a responses file's check
// (store.File.Outcome): the round it answers and its run, and the counts.
type roundResponsesOutcome struct {
	Round    int            `json:"round"`
	Run      int64          `json:"run"`
	Rows     int            `json:"rows"`
	Problems int            `json:"problems_found"`
	Answers  map[string]int `json:"answers,omitempty"`
	NewLists int            `json:"new_lists,omitempty"`
	// Form: typed into the form (the file's lines are the form's after
	// its header).
	Form bool `json:"form,omitempty"`
}

// roundResponsesEntry is a responses file as the rounds page lists it.
type roundResponsesEntry struct {
	File    store.File
	Outcome roundResponsesOutcome
}

// option is a choice of a select: its value, its words, and whether it
// is chosen.
type roundOption struct {
	Value, Label string
	Selected     bool
}

// roundsData is the rounds page.
type roundsData struct {
	Season   store.Season
	Rounds   []roundEntry
	Latest   *roundEntry
	Next     int
	NextWord string
	// MainWord is round 1's name (主轮).
	MainWord  string
	Responses []roundResponsesEntry
	// Runs are the season's runs of the next round (done ones can be
	// published from their page).
	Runs []roundRunRow
	// The next round's form.
	Mechanisms, Objectives, Lotteries, Placed, Unplaced, Cohorts, ResponsesOpts []roundOption
	TableRows                                                                   []int
	// Compare: the rounds to compare (A earlier, B later).
	CompareA, CompareB []roundOption
	// FormText is the typed responses sent back with their problems
	// (FormProblems, at the form's lines; FormLines the lines marked).
	FormText     string
	FormProblems []roundProblem
	FormLines    []roundFormLine
}

// roundFormLine is a typed line with a problem, as the form shows it.
type roundFormLine struct {
	Line     int
	Text     string
	Problems []string
}

func (wb *workbench) roundsPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := wb.roundsPageData(q, id)
	if err != nil {
		return err
	}
	return wb.render(w, q, "rounds.html", q.Msg.Sprintf("Rounds of %s", d.Season.Name), d)
}

// roundsPageData is the rounds page of season id.
func (wb *workbench) roundsPageData(q *webReq, id int64) (roundsData, error) {
	season, err := wb.store.Season(q.Ctx, id)
	if err != nil {
		return roundsData{}, err
	}
	d := roundsData{Season: season, MainWord: roundPageWord(q.Lang, 1)}
	if d.Rounds, err = wb.roundsPublished(q, id); err != nil {
		return d, err
	}
	if len(d.Rounds) > 0 {
		d.Latest = &d.Rounds[len(d.Rounds)-1]
		d.Next = d.Latest.Round + 1
		d.NextWord = roundPageWord(q.Lang, d.Next)
		if err := wb.roundNextForm(q, &d); err != nil {
			return d, err
		}
	}
	return d, nil
}

// roundNextForm fills the rounds page's forms: the responses to the
// latest round, the next round's options, the rounds to compare.
func (wb *workbench) roundNextForm(q *webReq, d *roundsData) error {
	ctx := q.Ctx
	files, err := wb.store.Files(ctx, d.Season.ID, "responses")
	if err != nil {
		return err
	}
	d.ResponsesOpts = []roundOption{{Value: "0", Label: q.Msg.Sprintf("none: every student takes the defaults")}}
	for _, f := range files {
		var o roundResponsesOutcome
		if err := decodeJSON(f.Outcome, &o); err != nil {
			return err
		}
		if o.Run != d.Latest.Run.ID {
			continue
		}
		d.Responses = append(d.Responses, roundResponsesEntry{File: f, Outcome: o})
		if f.Accepted {
			d.ResponsesOpts = append(d.ResponsesOpts, roundOption{Value: strconv.FormatInt(f.ID, 10), Label: fmt.Sprintf("%s (%s)", f.Name, when(f.Created, wb.opts.Zone)), Selected: len(d.ResponsesOpts) == 1})
		}
	}
	if len(d.ResponsesOpts) > 1 {
		d.ResponsesOpts[0].Selected = false
	} else {
		d.ResponsesOpts[0].Selected = true
	}
	runs, err := wb.store.Runs(ctx, d.Season.ID)
	if err != nil {
		return err
	}
	for _, r := range runs {
		if r.Kind != "round" || r.Round != d.Next {
			continue
		}
		row := roundRunRow{Run: r, Status: q.Msg.Sprintf(string(r.Status))}
		if r.Status == store.Done {
			var sum runSummary
			if decodeJSON(r.Summary, &sum) == nil {
				if m, err := matching.ParseMechanism(sum.Mechanism); err == nil {
					row.Mechanism = roundRunText(q.Msg, m, sum.Objective)
				}
			}
			row.Compare = roundCompareRunURL(r)
			if row.Refusal, err = wb.roundPublishCheck(q, r); err != nil {
				return err
			}
			row.CanPublish = row.Refusal == ""
		}
		d.Runs = append(d.Runs, row)
	}
	s := defaultRoundSettings()
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.LeastDisruption, matching.OptimalAllocation} {
		d.Mechanisms = append(d.Mechanisms, roundOption{Value: m.String(), Label: planner(q.Msg, words.Mechanism(lang.English, m.String())), Selected: m.String() == s.Mechanism})
	}
	for _, o := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		d.Objectives = append(d.Objectives, roundOption{Value: o.String(), Label: planner(q.Msg, words.Objective(lang.English, o.String())), Selected: o.String() == s.Objective})
	}
	d.Lotteries = []roundOption{
		{Value: "reversed", Label: q.Msg.Sprintf("Reversed from the previous round (default)"), Selected: true},
		{Value: "same", Label: q.Msg.Sprintf("Same as the previous round")},
		{Value: "fresh", Label: q.Msg.Sprintf("A new draw")},
	}
	for _, a := range []model.Answer{model.Accept, model.Hold, model.Decline} {
		d.Placed = append(d.Placed, roundOption{Value: a.String(), Label: words.Answer(q.Lang, a.String()), Selected: a.String() == s.Placed})
	}
	for _, a := range []model.Answer{model.Continue, model.Withdraw} {
		d.Unplaced = append(d.Unplaced, roundOption{Value: a.String(), Label: words.Answer(q.Lang, a.String()), Selected: a.String() == s.Unplaced})
	}
	d.Cohorts = []roundOption{{Value: "0", Label: q.Msg.Sprintf("the cohort of %s (with the new lists given)", d.Latest.Word), Selected: true}}
	cohorts, err := wb.store.Files(ctx, d.Season.ID, "cohort")
	if err != nil {
		return err
	}
	for _, f := range cohorts {
		if f.Accepted && f.Derived == 0 {
			d.Cohorts = append(d.Cohorts, roundOption{Value: strconv.FormatInt(f.ID, 10), Label: fmt.Sprintf("%s (%s)", f.Name, when(f.Created, wb.opts.Zone))})
		}
	}
	d.TableRows = []int{0, 1, 2, 3, 4, 5, 6, 7}
	for i, e := range d.Rounds {
		if i < len(d.Rounds)-1 {
			d.CompareA = append(d.CompareA, roundOption{Value: strconv.Itoa(e.Round), Label: e.Word, Selected: i == len(d.Rounds)-2})
		}
		if i > 0 {
			d.CompareB = append(d.CompareB, roundOption{Value: strconv.Itoa(e.Round), Label: e.Word, Selected: i == len(d.Rounds)-1})
		}
	}
	return nil
}

// roundRunFacts is what a round run's page says of the round (runs'
// run page shows it for Kind "round"): what the round did, worded
// counts in the rounds page's words; the responses file it took; the
// lottery; the cohort it ran on; and its comparison with the round it
// follows.
type roundRunFacts struct {
	Round    int
	Word     string
	Outcomes []roundTally
	// ResponsesID is the responses file (link /responses/{id}); 0: none,
	// every student took the defaults.
	ResponsesID   int64
	ResponsesName string
	// Lottery is the round's lottery worded (the previous round's draw
	// reversed, kept or new): the run page shows it instead of a main
	// run's seed and seat order.
	Lottery string
	// Cohort names the round's own cohort (the chosen one with the new
	// lists given), CohortFingerprint its fingerprint (the stored round
	// cohort's when the run is done): the run page shows them instead of
	// the chosen file's name and fingerprint.
	Cohort            string
	CohortFingerprint string
	CompareURL        string
}

// roundRunFacts is the facts of a round run in q's language, nil for a
// run that is not a round after the first.
func (wb *workbench) roundRunFacts(q *webReq, run store.Run) (*roundRunFacts, error) {
	if run.Kind != "round" || run.Round < 2 {
		return nil, nil
	}
	f := &roundRunFacts{Round: run.Round, Word: roundPageWord(q.Lang, run.Round)}
	var s roundSettings
	if len(run.Options) > 0 {
		if err := json.Unmarshal(run.Options, &s); err != nil {
			return nil, err
		}
	}
	f.Lottery = map[string]string{
		"reversed": q.Msg.Sprintf("Reversed from the previous round (default)"),
		"same":     q.Msg.Sprintf("Same as the previous round"),
		"fresh":    q.Msg.Sprintf("A new draw"),
	}[s.Lottery]
	prevWord := roundPageWord(q.Lang, run.Round-1)
	// The round's own cohort: the one chosen (the previous round's, or an
	// upload), with the new lists the responses give; its fingerprint is
	// the stored round cohort's, not the chosen file's.
	f.Cohort = q.Msg.Sprintf("the cohort of %s (with the new lists given)", prevWord)
	cf, err := wb.store.File(q.Ctx, run.Cohort)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if s.Cohort == "file" || s.Cohort == "" && err == nil && cf.Derived == 0 && run.Round > 2 {
		f.Cohort = q.Msg.Sprintf("%s (with the new lists given)", cf.Name)
	}
	f.CohortFingerprint = run.CohortFingerprint
	if run.Status == store.Done {
		if c, _, err := wb.roundCohortOf(q.Ctx, run); err == nil {
			f.CohortFingerprint = c.Fingerprint()
		}
	}
	if run.Responses != 0 {
		rf, err := wb.store.File(q.Ctx, run.Responses)
		if err != nil {
			return nil, err
		}
		f.ResponsesID, f.ResponsesName = rf.ID, rf.Name
	}
	if run.Status != store.Done {
		return f, nil
	}
	f.CompareURL = roundCompareRunURL(run)
	b, err := wb.store.RunBlob(q.Ctx, run.ID, roundCountsName)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if len(b) > 0 {
		var rc roundCounts
		if err := json.Unmarshal(b, &rc); err != nil {
			return nil, err
		}
		for _, t := range []struct {
			key string
			n   int
		}{{"Stayed", rc.Kept}, {"Rose", rc.Rose}, {"Newly placed", rc.NewlyPlaced}, {"Still looking", rc.Looking}, {"Declined", rc.Declined}, {"Withdrew", rc.Withdrew}} {
			f.Outcomes = append(f.Outcomes, roundTally{Answer: q.Msg.Sprintf(t.key), N: t.n})
		}
	}
	return f, nil
}

// roundRunRow is a run of the next round as the rounds page lists it:
// its status worded, whether it can be published (else why not) and its
// comparison with the round it follows.
type roundRunRow struct {
	Run               store.Run
	Status, Mechanism string
	CanPublish        bool
	Refusal           string
	Compare           string
}

// roundCompareRunURL is the page comparing a done round run with the
// published round it follows.
func roundCompareRunURL(r store.Run) string {
	return fmt.Sprintf("/seasons/%d/rounds/compare?run=%d", r.Season, r.ID)
}

// roundLatest is the season's latest published round (404 when none).
func (wb *workbench) roundLatest(q *webReq, season int64) (roundEntry, error) {
	rounds, err := wb.roundsPublished(q, season)
	if err != nil {
		return roundEntry{}, err
	}
	if len(rounds) == 0 {
		return roundEntry{}, webError(http.StatusConflict, q.Msg.Sprintf("No round is published yet: first run the allocation on the season's page and publish the chosen result as %s.", roundPageWord(q.Lang, 1)))
	}
	return rounds[len(rounds)-1], nil
}

// roundSaveResponses checks a responses file (name, data) against the
// season's latest published round, stores it (accepted or rejected, with
// its outcome) and shows it (redirect to its page).
func (wb *workbench) roundSaveResponses(w http.ResponseWriter, r *http.Request, q *webReq, seasonID int64, name string, data []byte, form bool) error {
	if _, err := wb.store.Season(q.Ctx, seasonID); err != nil {
		return err
	}
	latest, err := wb.roundLatest(q, seasonID)
	if err != nil {
		return err
	}
	ck, rs, err := wb.roundCheckResponses(q, latest, name, data, form)
	if err != nil {
		return err
	}
	out := roundResponsesOutcome{Round: latest.Round, Run: latest.Run.ID, Rows: ck.Rows, Problems: len(ck.Problems), Answers: ck.Answers, NewLists: ck.NewLists, Form: form}
	outcome, err := json.Marshal(out)
	if err != nil {
		return err
	}
	format := formatCSV
	switch strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]) {
	case "xlsx", "xlsm":
		format = formatXLSX
	case "json":
		format = formatJSON
	}
	f := store.File{Season: seasonID, Kind: "responses", Name: name, Format: format, Accepted: rs != nil, Outcome: outcome, CreatedBy: q.User}
	if rs != nil {
		f.Fingerprint = rs.Fingerprint()
	}
	f, err = wb.store.AddFile(q.Ctx, f, data)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/responses/%d", f.ID), http.StatusSeeOther)
	return nil
}

// roundCheckResponses checks responses against the published round latest,
// on its round's cohort, in q's language; form: the file was typed into
// the form (its problems' lines are the form's).
func (wb *workbench) roundCheckResponses(q *webReq, latest roundEntry, name string, data []byte, form bool) (roundResponsesCheck, *model.Responses, error) {
	c, cname, err := wb.roundCohortOf(q.Ctx, latest.Run)
	if err != nil {
		return roundResponsesCheck{}, nil, err
	}
	prev, err := wb.store.RunResult(q.Ctx, latest.Run.ID)
	if err != nil {
		return roundResponsesCheck{}, nil, err
	}
	rs, ck, err := checkRoundResponses(q.Ctx, q.Lang, c, cname, prev, latest.Word, name, data, wb.readOpts())
	if err != nil {
		return ck, nil, err
	}
	if form {
		roundFormShift(ck.Problems, name)
	}
	if ck.Unnamed {
		ck.Warnings = append([]string{q.Msg.Sprintf("The file has no column 上轮结果指纹: it was checked against the result of %s.", latest.Word)}, ck.Warnings...)
	}
	return ck, rs, nil
}

func (wb *workbench) roundUploadResponses(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := wb.readUpload(q)
	if err != nil {
		return err
	}
	f := u.File("file")
	if f == nil || len(f.Data) == 0 {
		return webErrorf(http.StatusBadRequest, "Choose a file to upload.")
	}
	return wb.roundSaveResponses(w, r, q, id, f.Name, f.Data, false)
}

func (wb *workbench) roundEnterResponses(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	latest, err := wb.roundLatest(q, id)
	if err != nil {
		return err
	}
	// The form may come with the CSRF token in a header, unparsed.
	if err := r.ParseForm(); err != nil {
		return webErrorf(http.StatusBadRequest, "There is no such page or record.")
	}
	text := r.PostForm.Get("text")
	if table := roundFormLines(r.PostForm["student"], r.PostForm["answer"], r.PostForm["choices"]); table != "" {
		if strings.TrimSpace(text) != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		text += table
	}
	if strings.TrimSpace(text) == "" {
		return webErrorf(http.StatusBadRequest, "Type at least one line.")
	}
	name := fmt.Sprintf("responses-round-%d-form.csv", latest.Round)
	// Checked before anything is stored: with problems, the form comes
	// back with her text and the lines marked (422), nothing kept.
	c, _, err := wb.roundCohortOf(q.Ctx, latest.Run)
	if err != nil {
		return err
	}
	students, positions := map[string]string{}, map[string]string{}
	for _, st := range c.Students() {
		students[searchFold(st.ID)] = st.ID
	}
	for _, p := range c.Positions() {
		positions[searchFold(p.ID)] = p.ID
	}
	tidy, probs := roundFormTidy(q.Msg, text, students, positions)
	data := roundFormCSV(q.Lang, tidy, latest.Run.ResultFingerprint)
	ck, rs, err := wb.roundCheckResponses(q, latest, name, data, true)
	if err != nil {
		return err
	}
	if rs != nil && len(probs) == 0 {
		return wb.roundSaveResponses(w, r, q, id, name, data, true)
	}
	d, err := wb.roundsPageData(q, id)
	if err != nil {
		return err
	}
	d.FormText = text
	d.FormProblems = append(probs, ck.Problems...)
	slices.SortStableFunc(d.FormProblems, func(a, b roundProblem) int { return a.Line - b.Line })
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for _, p := range d.FormProblems {
		if p.Line < 1 || p.Line > len(lines) {
			d.FormLines = append(d.FormLines, roundFormLine{Problems: []string{p.Problem}})
			continue
		}
		if n := len(d.FormLines); n > 0 && d.FormLines[n-1].Line == p.Line {
			d.FormLines[n-1].Problems = append(d.FormLines[n-1].Problems, p.Problem)
			continue
		}
		d.FormLines = append(d.FormLines, roundFormLine{Line: p.Line, Text: lines[p.Line-1], Problems: []string{p.Problem}})
	}
	return wb.renderStatus(w, q, http.StatusUnprocessableEntity, "rounds.html", q.Msg.Sprintf("Rounds of %s", d.Season.Name), d)
}

// roundResponsesData is a responses file's page.
type roundResponsesData struct {
	File      store.File
	Outcome   roundResponsesOutcome
	RoundWord string
	Check     roundResponsesCheck
	// Answers are the counts by answer, worded.
	Answers []roundTally
	// Stale: the responses answer a round before the latest published.
	Stale, LatestWord string
	Form              bool
	// Answered says how many students answered and how many take the
	// round's defaults.
	Answered string
}

// roundTally is how many responses give an answer.
type roundTally struct {
	Answer string
	N      int
}

func (wb *workbench) roundResponsesPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := wb.store.File(q.Ctx, id)
	if err != nil {
		return err
	}
	if f.Kind != "responses" {
		return webErrorf(http.StatusNotFound, "There is no such page or record.")
	}
	d := roundResponsesData{File: f}
	if err := decodeJSON(f.Outcome, &d.Outcome); err != nil {
		return err
	}
	d.Form = d.Outcome.Form
	d.RoundWord = roundPageWord(q.Lang, d.Outcome.Round)
	run, err := wb.store.Run(q.Ctx, d.Outcome.Run)
	if err != nil {
		return err
	}
	data, err := wb.store.FileData(q.Ctx, id)
	if err != nil {
		return err
	}
	// Checked again in the page's language: the same files, the same
	// problems (deterministic), worded for whoever reads.
	e := roundEntry{Round: d.Outcome.Round, Word: d.RoundWord, Run: run}
	if d.Check, _, err = wb.roundCheckResponses(q, e, f.Name, data, d.Form); err != nil {
		return err
	}
	for _, a := range []model.Answer{model.Accept, model.Hold, model.Decline, model.Continue, model.Withdraw} {
		if n := d.Check.Answers[a.String()]; n > 0 {
			d.Answers = append(d.Answers, roundTally{Answer: words.Answer(q.Lang, a.String()), N: n})
		}
	}
	if n := d.Check.Answers[""]; n > 0 {
		d.Answers = append(d.Answers, roundTally{Answer: q.Msg.Sprintf("no answer"), N: n})
	}
	if n := d.Check.NewLists; n > 0 {
		d.Answers = append(d.Answers, roundTally{Answer: q.Msg.Sprintf("students who gave a new list"), N: n})
	}
	answered := 0
	for a, n := range d.Check.Answers {
		if a != "" {
			answered += n
		}
	}
	d.Answered = q.Msg.Sprintf("%d students answered; the other %d take the defaults.", answered, max(d.Check.Students-answered, 0))
	if latest, err := wb.roundLatest(q, f.Season); err == nil && latest.Run.ID != run.ID {
		d.Stale, d.LatestWord = q.Msg.Sprintf("These responses answer %s; the latest published round is %s.", d.RoundWord, latest.Word), latest.Word
	}
	return wb.render(w, q, "responses.html", q.Msg.Sprintf("Responses %s", f.Name), d)
}

func (wb *workbench) roundNext(w http.ResponseWriter, r *http.Request, q *webReq) error {
	se, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	id := se.ID
	latest, err := wb.roundLatest(q, id)
	if err != nil {
		return err
	}
	// The form may come with the CSRF token in a header, unparsed.
	if err := r.ParseForm(); err != nil {
		return webErrorf(http.StatusBadRequest, "There is no such page or record.")
	}
	form := r.PostForm
	s := defaultRoundSettings()
	for k, v := range map[string]*string{"mechanism": &s.Mechanism, "objective": &s.Objective, "lottery": &s.Lottery, "no_answer_placed": &s.Placed, "no_answer_unplaced": &s.Unplaced} {
		if x := strings.TrimSpace(form.Get(k)); x != "" {
			*v = x
		}
	}
	if _, _, _, err := s.parse(q.Msg); err != nil {
		return webError(http.StatusBadRequest, err.Error())
	}
	// The previous round's lottery and seat order, which the round keeps.
	prevData, err := wb.store.RunResult(q.Ctx, latest.Run.ID)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(prevData, &struct {
		Seed         *uint64 `json:"seed"`
		TieBreak     *string `json:"tie_break"`
		ReserveOrder *string `json:"reserve_order"`
	}{&s.Seed, &s.TieBreak, &s.ReserveOrder}); err != nil {
		return err
	}
	opts, err := json.Marshal(s)
	if err != nil {
		return err
	}
	// The cohort: the latest round's (a round's stored cohort becomes a
	// file of the season, derived from its run, once), or another
	// accepted cohort of the season (late seats and students).
	cohortID, _ := strconv.ParseInt(form.Get("cohort"), 10, 64)
	s.Cohort = "file"
	if cohortID == 0 {
		s.Cohort = "previous"
	}
	if opts, err = json.Marshal(s); err != nil {
		return err
	}
	if cohortID == 0 {
		if cohortID, err = wb.roundCohortFile(q, latest.Run); err != nil {
			return err
		}
	} else if f, err := wb.store.File(q.Ctx, cohortID); err != nil || f.Season != id || f.Kind != "cohort" || !f.Accepted {
		return webErrorf(http.StatusBadRequest, "The cohort %s is not an accepted cohort of this season.", form.Get("cohort"))
	}
	respID, _ := strconv.ParseInt(form.Get("responses"), 10, 64)
	var respFile store.File
	if respID != 0 {
		if respFile, err = wb.store.File(q.Ctx, respID); err != nil || respFile.Season != id || respFile.Kind != "responses" {
			return webErrorf(http.StatusNotFound, "There is no such page or record.")
		}
		if !respFile.Accepted {
			return webErrorf(http.StatusBadRequest, "These responses were rejected: they cannot be used for a round.")
		}
		// Responses checked against an earlier round (a page left open
		// while the next round was published) answer another result.
		var o roundResponsesOutcome
		if err := decodeJSON(respFile.Outcome, &o); err != nil {
			return err
		}
		if o.Run != latest.Run.ID {
			return webError(http.StatusBadRequest, q.Msg.Sprintf("These responses answer %s; the latest published round is %s.", roundPageWord(q.Lang, o.Round), latest.Word))
		}
	}
	cohortFile, err := wb.store.File(q.Ctx, cohortID)
	if err != nil {
		return err
	}
	run := store.Run{Season: id, Kind: "round", Cohort: cohortID, Base: latest.Run.ID, Responses: respID,
		Round: latest.Round + 1, Options: opts, CreatedBy: q.User, CohortFingerprint: cohortFile.Fingerprint}
	tag, prevWord := q.Lang, latest.Word
	prevID := latest.Run.ID
	started, err := wb.startRun(q, run, func(ctx context.Context, p *runProgress) (runOutput, error) {
		next, err := wb.cohort(ctx, cohortID)
		if err != nil {
			return runOutput{}, err
		}
		prev, err := wb.store.RunResult(ctx, prevID)
		if err != nil {
			return runOutput{}, err
		}
		job := &roundJob{Next: next, CohortName: cohortFile.Name, Prev: prev, PrevName: prevWord, Settings: s}
		if respID != 0 {
			data, err := wb.store.FileData(ctx, respID)
			if err != nil {
				return runOutput{}, err
			}
			if job.Resp, err = readResponsesWith(bytes.NewReader(data), respFile.Name, wb.readOpts()); err != nil {
				return runOutput{}, localError(tag, p.printer(), err)
			}
			job.RespName = respFile.Name
		}
		d, err := runRound(ctx, tag, job, p.Stage)
		if err != nil {
			return runOutput{}, err
		}
		blobs, err := d.blobs()
		if err != nil {
			return runOutput{}, err
		}
		res := d.Round.Matching()
		sum := summaryOf(res)
		sum.Round, sum.Checked = d.Counts.Round, true
		return runOutput{Result: d.Result, Fingerprint: d.Fingerprint, Summary: sum, Blobs: blobs, live: res}, nil
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/runs/%d", started.ID), http.StatusSeeOther)
	return nil
}

// roundCohortFile is the file of the cohort run's round was computed on:
// a main allocation's cohort file; for a round, its stored round cohort,
// added to the season's files once (Derived: the run) so that the next
// round's run names the cohort it read.
func (wb *workbench) roundCohortFile(q *webReq, run store.Run) (int64, error) {
	if run.Kind != "round" {
		return run.Cohort, nil
	}
	// One lookup-or-insert at a time in this server (two next-round
	// requests at once, a double click, add one file, not two).
	mu := wb.shared("rounds.derived", func() any { return &sync.Mutex{} }).(*sync.Mutex)
	mu.Lock()
	defer mu.Unlock()
	files, err := wb.store.Files(q.Ctx, run.Season, "cohort")
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if f.Derived == run.ID {
			return f.ID, nil
		}
	}
	data, err := wb.store.RunBlob(q.Ctx, run.ID, roundCohortName)
	if err != nil {
		return 0, err
	}
	c, err := loadRoundCohort(data)
	if err != nil {
		return 0, err
	}
	f, err := wb.store.AddFile(q.Ctx, store.File{Season: run.Season, Kind: "cohort", Name: fmt.Sprintf("round-%d-cohort.json", run.Round),
		Format: formatJSON, Accepted: true, Fingerprint: c.Fingerprint(), Derived: run.ID, CreatedBy: q.User}, data)
	if err != nil && !errors.Is(err, store.ErrExists) { // ErrExists: another request made it first
		return 0, err
	}
	return f.ID, nil
}

func (wb *workbench) roundCohortDownload(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.pathRun(q, r)
	if err != nil {
		return err
	}
	if roundNumber(run) == 0 || run.Status != store.Done {
		return webErrorf(http.StatusNotFound, "This is not a run of a round: it has no round's cohort.")
	}
	c, _, err := wb.roundCohortOf(q.Ctx, run)
	if err != nil {
		return err
	}
	n := roundNumber(run)
	var b bytes.Buffer
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		if err := xlsx.Write(&b, c); err != nil {
			return err
		}
		return wb.roundSend(w, q, run.Season, "xlsx", b.Bytes(), roundCohortParts(n))
	}
	if run.Kind == "round" {
		data, err := wb.store.RunBlob(q.Ctx, run.ID, roundCohortName)
		if err != nil {
			return err
		}
		return wb.roundSend(w, q, run.Season, "json", data, roundCohortParts(n))
	}
	if err := model.WriteJSON(&b, c); err != nil {
		return err
	}
	return wb.roundSend(w, q, run.Season, "json", b.Bytes(), roundCohortParts(n))
}

// roundPair is two published rounds to compare, rebuilt: the later
// round's result with what it did, the earlier's on its cohort.
type roundPair struct {
	// Query is the pair in a URL's query (a=&b=, or run=).
	Query      string
	A, B       roundEntry
	Later      *round.Result
	Earlier    *matching.Result
	LaterFile  string // the later round's objective, for the report
	Objectives []string
}

// roundsComparePair reads ?a=N&b=M (default: the last two published rounds)
// and rebuilds the pair.
func (wb *workbench) roundsComparePair(q *webReq, season int64) (*roundPair, error) {
	rounds, err := wb.roundsPublished(q, season)
	if err != nil {
		return nil, err
	}
	find := func(key string, def int) (roundEntry, error) {
		n := def
		if v := q.R.URL.Query().Get(key); v != "" {
			if n, err = strconv.Atoi(v); err != nil {
				return roundEntry{}, webErrorf(http.StatusBadRequest, "Give two published rounds, the earlier first and the later a round after the main one.")
			}
		}
		for _, e := range rounds {
			if e.Round == n {
				return e, nil
			}
		}
		return roundEntry{}, webErrorf(http.StatusNotFound, "Round %d is not published in this season.", n)
	}
	var a, b roundEntry
	if v := q.R.URL.Query().Get("run"); v != "" {
		// A round run, published or not (a candidate before the
		// irreversible step), against the published round it follows.
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, webErrorf(http.StatusNotFound, "There is no such page or record.")
		}
		run, err := wb.store.Run(q.Ctx, id)
		if err != nil {
			return nil, err
		}
		if run.Season != season || run.Kind != "round" || run.Status != store.Done {
			return nil, webErrorf(http.StatusBadRequest, "Only a finished run of a round after the main one can be compared with the round it follows.")
		}
		b = roundEntry{Round: run.Round, Word: q.Msg.Sprintf("%s (run %d)", roundPageWord(q.Lang, run.Round), run.ID), Run: run}
		if err := decodeJSON(run.Summary, &b.Summary); err != nil {
			return nil, err
		}
		for _, e := range rounds {
			if e.Run.ID == run.Base {
				a = e
			}
		}
		if a.Run.ID == 0 {
			return nil, webErrorf(http.StatusNotFound, "Round %d is not published in this season.", run.Round-1)
		}
	} else {
		if len(rounds) < 2 {
			return nil, webErrorf(http.StatusBadRequest, "Give two published rounds, the earlier first and the later a round after the main one.")
		}
		var err error
		if b, err = find("b", rounds[len(rounds)-1].Round); err != nil {
			return nil, err
		}
		if a, err = find("a", b.Round-1); err != nil {
			return nil, err
		}
	}
	if a.Round >= b.Round || b.Round < 2 {
		return nil, webErrorf(http.StatusBadRequest, "Give two published rounds, the earlier first and the later a round after the main one.")
	}
	rr, _, err := wb.roundOf(q.Ctx, b.Run, nil)
	if err != nil {
		return nil, err
	}
	data, err := wb.store.RunResult(q.Ctx, a.Run.ID)
	if err != nil {
		return nil, err
	}
	earlier, err := roundEarlierOn(q.Ctx, rr.Matching().Instance().Cohort(), data)
	if err != nil {
		return nil, err
	}
	query := fmt.Sprintf("a=%d&b=%d", a.Round, b.Round)
	if b.Run.Published.IsZero() {
		query = fmt.Sprintf("run=%d", b.Run.ID)
	}
	return &roundPair{Query: query, A: a, B: b, Later: rr, Earlier: earlier, Objectives: []string{b.Summary.Objective}}, nil
}

// roundOf is what round run did, for its pages (the run page's report
// and workbook, the comparison): its result rebuilt on its round's cohort
// (res when the caller has it, else rebuilt), with the outcomes against
// the round before it (the run's Base, and the responses it took), and
// the report's options comparing it with that round. A run that is not a
// round's gives nil, nil, nil.
func (wb *workbench) roundOf(ctx context.Context, run store.Run, res *matching.Result) (*round.Result, *report.RoundOptions, error) {
	if run.Kind != "round" || run.Status != store.Done {
		return nil, nil, nil
	}
	// A done run's result and blobs never change: what it did is kept.
	cache := wb.shared("rounds.outcomes", func() any { return &roundOfCache{} }).(*roundOfCache)
	if e := cache.get(run.ID); e != nil && (res == nil || res == e.rr.Matching()) {
		return e.rr, e.ro, nil
	}
	rr, ro, err := wb.roundOfRun(ctx, run, res)
	if err != nil {
		return nil, nil, err
	}
	cache.put(run.ID, rr, ro)
	return rr, ro, nil
}

// roundOfCache keeps what the last few round runs did (roundOf), within
// core's cohort budgets: at most cohortCacheSize runs, and their summed
// cost at most cohortCacheBudget. An entry holds the round's result and
// the earlier round's rebuilt on its cohort (two instances of it), so it
// costs twice its cohort (cohortCost); the newest is kept whatever its
// cost.
type roundOfCache struct {
	mu    sync.Mutex
	e     []roundOfEntry
	total int64
}

type roundOfEntry struct {
	id   int64
	rr   *round.Result
	ro   *report.RoundOptions
	cost int64
}

func (c *roundOfCache) get(id int64) *roundOfEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.e {
		if c.e[i].id == id {
			e := c.e[i]
			return &e
		}
	}
	return nil
}

func (c *roundOfCache) put(id int64, rr *round.Result, ro *report.RoundOptions) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.e {
		if c.e[i].id == id {
			return
		}
	}
	cost := 2 * cohortCost(rr.Matching().Instance().Cohort())
	c.e = append(c.e, roundOfEntry{id, rr, ro, cost})
	c.total += cost
	for len(c.e) > 1 && (len(c.e) > cohortCacheSize || c.total > cohortCacheBudget) {
		c.total -= c.e[0].cost
		c.e = c.e[1:]
	}
}

// roundOfRun is roundOf without the cache.
func (wb *workbench) roundOfRun(ctx context.Context, run store.Run, res *matching.Result) (*round.Result, *report.RoundOptions, error) {
	c, _, err := wb.roundCohortOf(ctx, run)
	if err != nil {
		return nil, nil, err
	}
	if res == nil {
		data, err := wb.store.RunResult(ctx, run.ID)
		if err != nil {
			return nil, nil, err
		}
		if res, _, err = roundResultFrom(ctx, c, data); err != nil {
			return nil, nil, err
		}
	}
	prev, err := wb.store.RunResult(ctx, run.Base)
	if err != nil {
		return nil, nil, err
	}
	var resp *model.Responses
	if run.Responses != 0 {
		f, err := wb.store.File(ctx, run.Responses)
		if err != nil {
			return nil, nil, err
		}
		data, err := wb.store.FileData(ctx, run.Responses)
		if err != nil {
			return nil, nil, err
		}
		if resp, err = readResponsesWith(bytes.NewReader(data), f.Name, wb.readOpts()); err != nil {
			return nil, nil, err
		}
	}
	rr, err := roundLater(res, prev, resp)
	if err != nil {
		return nil, nil, err
	}
	earlier, err := roundEarlierOn(ctx, res.Instance().Cohort(), prev)
	if err != nil {
		return nil, nil, err
	}
	return rr, &report.RoundOptions{Result: rr, Earlier: earlier, EarlierRound: run.Round - 1}, nil
}

// roundsCompareData is the comparison page.
type roundsCompareData struct {
	// Filter is the outcome shown (its code word; "" all), Filters the
	// choices, Total the moved students before filtering, Download the
	// table's workbook.
	Filter   string
	Filters  []roundOption
	Total    int
	Download string
	Report   string
	Season   store.Season
	Pair     *roundPair
	Cmp      roundsCompared
	Rounds   []roundEntry
	A, B     []roundOption
	Outcomes []roundTally
}

func (wb *workbench) compareRoundsPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	season, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	pair, err := wb.roundsComparePair(q, season.ID)
	if err != nil {
		return err
	}
	d := roundsCompareData{Season: season, Pair: pair, Cmp: compareRounds(q.Msg, pair.Earlier, pair.A.Round, pair.Later)}
	d.Filter = q.R.URL.Query().Get("outcome")
	d.Total = len(d.Cmp.Moved)
	d.Cmp.Moved = roundFilterMoved(d.Cmp.Moved, d.Filter)
	d.Download = fmt.Sprintf("/seasons/%d/rounds/compare.xlsx?%s", season.ID, pair.Query)
	d.Report = fmt.Sprintf("/seasons/%d/rounds/report?%s", season.ID, pair.Query)
	if d.Filter != "" {
		d.Download += "&outcome=" + url.QueryEscape(d.Filter)
	}
	if d.Rounds, err = wb.roundsPublished(q, season.ID); err != nil {
		return err
	}
	for _, e := range d.Rounds {
		if e.Round == d.Rounds[len(d.Rounds)-1].Round {
			break
		}
		d.A = append(d.A, roundOption{Value: strconv.Itoa(e.Round), Label: e.Word, Selected: e.Round == pair.A.Round})
	}
	for _, e := range d.Rounds[1:] {
		d.B = append(d.B, roundOption{Value: strconv.Itoa(e.Round), Label: e.Word, Selected: e.Round == pair.B.Round})
	}
	if d.Cmp.Adjacent {
		n := pair.Later.Counts()
		for _, k := range []round.OutcomeKind{round.Kept, round.HeldKept, round.Rose, round.NewlyPlaced, round.StillUnplaced, round.Declined, round.Withdrew, round.LeftBefore} {
			if n[k] > 0 {
				d.Outcomes = append(d.Outcomes, roundTally{Answer: outcomeText(q.Msg, k), N: n[k]})
				d.Filters = append(d.Filters, roundOption{Value: k.String(), Label: outcomeText(q.Msg, k), Selected: k.String() == d.Filter})
			}
		}
	}
	for i := range d.Cmp.Moved {
		d.Cmp.Moved[i].Link = fmt.Sprintf("/runs/%d/students/%s", pair.B.Run.ID, url.PathEscape(d.Cmp.Moved[i].Student))
	}
	return wb.render(w, q, "round_compare.html", q.Msg.Sprintf("%s against %s", pair.A.Word, pair.B.Word), d)
}

// roundFilterMoved keeps the moved students whose outcome is kind (all
// when kind is "").
func roundFilterMoved(moved []roundMovedRow, kind string) []roundMovedRow {
	if kind == "" {
		return moved
	}
	var out []roundMovedRow
	for _, m := range moved {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

// compareRoundsXLSX is the table of the students who moved (filtered as
// the page is) as a workbook, for the planner's phone calls.
func (wb *workbench) compareRoundsXLSX(w http.ResponseWriter, r *http.Request, q *webReq) error {
	se, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	id := se.ID
	pair, err := wb.roundsComparePair(q, id)
	if err != nil {
		return err
	}
	cmp := compareRounds(q.Msg, pair.Earlier, pair.A.Round, pair.Later)
	moved := roundFilterMoved(cmp.Moved, q.R.URL.Query().Get("outcome"))
	f := excelize.NewFile()
	defer f.Close()
	sheet := q.Msg.Sprintf("Who moved (%d)", len(moved))
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	head := []any{q.Msg.Sprintf("Student"), q.Msg.Sprintf("Student name"), q.Msg.Sprintf("From"), q.Msg.Sprintf("From (name)"), q.Msg.Sprintf("To"), q.Msg.Sprintf("To (name)")}
	if cmp.Adjacent {
		head = append(head, q.Msg.Sprintf("What the round did"))
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	for i, m := range moved {
		row := []any{m.Student, m.Name, m.From, m.FromName, m.To, m.ToName}
		if cmp.Adjacent {
			row = append(row, m.Outcome)
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	a, later := pair.A.Round, pair.B.Round
	return wb.roundSend(w, q, id, "xlsx", b.Bytes(), func(tag language.Tag, msg *message.Printer) []string {
		return []string{words.Round(tag, later), msg.Sprintf("against %s", words.Round(tag, a)), msg.Sprintf("moved students")}
	})
}

// roundPageWord names round n on the rounds' pages: words.Round (the
// command's word, "主轮", "round 2") but "第 2 轮" with spaces in Chinese,
// as the other pages write a number within Chinese.
func roundPageWord(tag language.Tag, n int) string {
	if tag == lang.Chinese && n >= 2 {
		return "第 " + strconv.Itoa(n) + " 轮"
	}
	return words.Round(tag, n)
}

// roundRunText names a run's mechanism (and an optimal allocation's
// objective) in the planner's words, without the flag values runText
// gives: the rounds' pages show no codes.
func roundRunText(msg *message.Printer, m matching.Mechanism, obj string) string {
	t := planner(msg, words.Mechanism(lang.English, m.String()))
	if o, err := matching.ParseObjective(obj); err == nil && m == matching.OptimalAllocation && obj != "" {
		t = msg.Sprintf("%s, objective %s", t, planner(msg, words.Objective(lang.English, o.String())))
	}
	return t
}

// roundCohortParts names round n's cohort download (roundSend).
func roundCohortParts(n int) func(language.Tag, *message.Printer) []string {
	return func(tag language.Tag, msg *message.Printer) []string {
		return []string{words.Round(tag, n), msg.Sprintf("cohort")}
	}
}

// roundSend sends data as a download of season's rounds named in the
// page's language, as the runs' downloads are (runDisposition): the
// season, then parts, joined by "-":
// "2026届顶岗实习-第2轮-与主轮比较-变动学生.xlsx",
// "2026-placement-round-2-against-main-round-moved-students.xlsx"; the
// ASCII name for old clients is the English one, the season named by its
// number when its name is not ASCII.
func (wb *workbench) roundSend(w http.ResponseWriter, q *webReq, season int64, ext string, data []byte, parts func(language.Tag, *message.Printer) []string) error {
	se, err := wb.store.Season(q.Ctx, season)
	if err != nil {
		return err
	}
	name := func(tag language.Tag, msg *message.Printer, season string) string {
		ps := append([]string{season}, parts(tag, msg)...)
		for i, p := range ps {
			ps[i] = fileNamePart(p)
		}
		return safeFileName(strings.Join(ps, "-") + "." + ext)
	}
	full := name(q.Lang, q.Msg, se.Name)
	ascii := se.Name
	if strings.ContainsFunc(ascii, func(r rune) bool { return r > 0x7e }) {
		ascii = fmt.Sprintf("season%d", se.ID)
	}
	ascii = strings.Map(func(r rune) rune {
		if r > 0x7e {
			return '_'
		}
		return r
	}, name(lang.English, englishWebMsg(), ascii))
	h := w.Header()
	h.Set("Content-Type", downloadType(full))
	h.Set("Content-Disposition", `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(full))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}

func (wb *workbench) compareRoundsReport(w http.ResponseWriter, r *http.Request, q *webReq) error {
	se, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	id := se.ID
	pair, err := wb.roundsComparePair(q, id)
	if err != nil {
		return err
	}
	res := pair.Later.Matching()
	rp, err := report.NewWithOptions(res.Instance().Cohort(), &report.Options{Lang: q.Lang, Objectives: pair.Objectives,
		Round: &report.RoundOptions{Result: pair.Later, Earlier: pair.Earlier, EarlierRound: pair.A.Round}}, res)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := rp.WriteHTML(&b); err != nil {
		return err
	}
	back := fmt.Sprintf("/seasons/%d/rounds/compare?%s", id, pair.Query)
	writeReportNav(w, q, withBackLink(b.Bytes(), back, q.Msg.Sprintf("%s against %s", pair.A.Word, pair.B.Word), q.Msg.Sprintf("Placement workbench")))
	return nil
}
