package main

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/internal/words"
)

func init() {
	addWebZh(map[string]string{"%s bytes": "%s 字节", "%s KB": "%s KB", "%s MB": "%s MB"})
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /{$}", wb.page(wb.seasonsPage))
		mux.Handle("GET /seasons", wb.page(wb.seasonsPage))
		mux.Handle("POST /seasons", wb.page(wb.createSeason))
		mux.Handle("GET /seasons/{id}", wb.page(wb.seasonPage))
	})
	addWebZh(map[string]string{
		"Placement workbench": "学生分配工作台",
		"Seasons":             "年度分配",
		"Season":              "年度分配",
		"Back to the seasons": "返回年度列表",
		"No season yet: create the first one below.": "还没有年度分配：请在下方新建。",
		"New season":              "新建年度分配",
		"Name":                    "名称",
		"Year":                    "年份",
		"Created by":              "创建人",
		"Created":                 "创建时间",
		"Create":                  "新建",
		"Give the season a name.": "请填写年度分配的名称。",
		"The name is too long (at most %d characters).":                 "名称太长（最多 %d 个字）。",
		"The year must be a year such as %d.":                           "年份应为 %d 这样的年份。",
		"A season named \"%s\" exists already: choose another name.":    "已有名为“%s”的年度分配：请换一个名称。",
		"The name has a control or invisible character: type it again.": "名称中有控制字符或不可见字符：请重新输入。",
		"%s published":                    "%s已发布",
		"nothing published yet":           "尚未发布",
		"Progress":                        "进度",
		"Files":                           "文件",
		"No file yet.":                    "还没有文件。",
		"Upload a cohort":                 "上传学生岗位数据",
		"Run an allocation":               "运行分配",
		"Rounds":                          "轮次",
		"Runs":                            "运行历史",
		"No run yet.":                     "还没有运行过。",
		"Published rounds":                "已发布的轮次",
		"Upload the cohort":               "上传数据",
		"Run and compare":                 "运行并比较",
		"Publish the main round":          "发布主轮",
		"Collect the responses":           "收集回复",
		"Run the next round":              "运行下一轮",
		"Publish the round":               "发布本轮",
		"Publish a run as the main round": "选定一次运行，发布为主轮",
		"Upload the students' responses":  "上传学生的回复",
		"Next step:":                      "下一步：",
		"Steps":                           "步骤",
		"The run history of this season":  "本年度分配的运行历史",
		"No round published yet.":         "还没有发布的轮次。",
		"File":                            "文件",
		"Kind":                            "类型",
		"Format":                          "格式",
		"Size":                            "大小",
		"Status":                          "状态",
		"Fingerprint":                     "数据指纹",
		"Run":                             "运行",
		"Round":                           "轮次",
		"Started":                         "开始时间",
		"Published":                       "发布时间",
		"By":                              "操作人",
		"accepted":                        "已通过校验",
		"rejected":                        "未通过校验",
		"running":                         "进行中",
		"done":                            "已完成",
		"failed":                          "失败",
		"allocation":                      "分配",
		"supplementary round":             "补录轮",
		"what-if":                         "假设分析",
		"cohort":                          "学生岗位数据",
		"responses":                       "回复",
		"changes":                         "改动文件",
	})
}

// seasonsData is the seasons page's.
type seasonsData struct {
	Seasons []store.Season
	Year    int
	Name    string
	Problem string
	// Progress and Students say, by season, where it stands (the latest
	// published round) and how many students its latest cohort has.
	Progress map[int64]string
	Students map[int64]int
}

// seasonsOverview fills d's seasons and where each stands.
func (wb *workbench) seasonsOverview(q *webReq, d *seasonsData) error {
	ss, err := wb.store.Seasons(q.Ctx)
	if err != nil {
		return err
	}
	d.Seasons, d.Progress, d.Students = ss, map[int64]string{}, map[int64]int{}
	for _, s := range ss {
		pub, err := wb.store.PublishedRuns(q.Ctx, s.ID)
		if err != nil {
			return err
		}
		last := 0
		for _, p := range pub {
			last = max(last, p.Round)
		}
		if last > 0 {
			d.Progress[s.ID] = q.Msg.Sprintf("%s published", q.RoundText(last))
		} else {
			d.Progress[s.ID] = q.Msg.Sprintf("nothing published yet")
		}
		files, err := wb.store.Files(q.Ctx, s.ID, store.KindCohort)
		if err != nil {
			return err
		}
		for _, f := range files { // newest first
			var out fileOutcome
			if f.Accepted && f.Derived == 0 && decodeJSON(f.Outcome, &out) == nil && out.Summary != nil {
				d.Students[s.ID] = out.Summary.Students
				break
			}
		}
	}
	return nil
}

// cleanName says whether a name a planner typed has no control or
// invisible formatting character (a bidi override that turns the rest of
// a line around, a zero-width space, a NUL).
func cleanName(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) < 0
}

// seasonsPage lists the seasons, newest year first, and a form for a new
// one.
func (wb *workbench) seasonsPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	d := seasonsData{Year: time.Now().In(wb.opts.Zone).Year()}
	if err := wb.seasonsOverview(q, &d); err != nil {
		return err
	}
	return wb.render(w, q, "seasons.html", q.Msg.Sprintf("Seasons"), d)
}

// maxSeasonName bounds a season's name, in characters.
const maxSeasonName = 100

// createSeason creates a season (name, year) and goes to its page; a
// wrong form is shown again with what is wrong (400).
func (wb *workbench) createSeason(w http.ResponseWriter, r *http.Request, q *webReq) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	yearText := strings.TrimSpace(r.PostFormValue("year"))
	this := time.Now().In(wb.opts.Zone).Year()
	d := seasonsData{Name: name, Year: this}
	year, err := strconv.Atoi(yearText)
	switch {
	case name == "":
		d.Problem = q.Msg.Sprintf("Give the season a name.")
	case !cleanName(name):
		d.Problem = q.Msg.Sprintf("The name has a control or invisible character: type it again.")
	case utf8.RuneCountInString(name) > maxSeasonName:
		d.Problem = q.Msg.Sprintf("The name is too long (at most %d characters).", maxSeasonName)
	case err != nil || year < 2000 || year > 2200:
		d.Problem = q.Msg.Sprintf("The year must be a year such as %d.", this)
	default:
		d.Year = year
		s, err := wb.store.CreateSeason(q.Ctx, store.Season{Name: name, Year: year, CreatedBy: q.User})
		if errors.Is(err, store.ErrExists) {
			d.Problem = q.Msg.Sprintf("A season named \"%s\" exists already: choose another name.", name)
			break
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/seasons/"+strconv.FormatInt(s.ID, 10), http.StatusSeeOther)
		return nil
	}
	if err := wb.seasonsOverview(q, &d); err != nil {
		return err
	}
	return wb.renderStatus(w, q, http.StatusBadRequest, "seasons.html", q.Msg.Sprintf("Seasons"), d)
}

// seasonData is the season page's: its files, runs and published rounds,
// and where the season stands (its steps).
type seasonData struct {
	Season    store.Season
	Files     []store.File
	Runs      []store.Run
	Rows      []historyRow // the runs with their mechanism and placed
	Published []store.Run
	Steps     []seasonStep
	Next      *seasonStep // the current step: its action is the page's button
}

// seasonStep is a step of a season, in the order a planner takes them:
// upload, run and compare, publish the main round, then for each next
// round: responses, run the round, publish it.
type seasonStep struct {
	N       int
	Text    string // the step, in the page's language
	Done    bool
	Current bool
	Action  string // the current step's button
	Href    string
}

// seasonSteps says where season stands, from its files, runs (newest
// first) and published runs (by round).
func seasonSteps(q *webReq, id int64, files []store.File, runs []store.Run, published []store.Run) []seasonStep {
	base := "/seasons/" + strconv.FormatInt(id, 10)
	last := 0 // the latest published round
	var lastAt time.Time
	for _, p := range published {
		if p.Round > last {
			last, lastAt = p.Round, p.Published
		}
	}
	cohort, responses := false, false
	for _, f := range files {
		switch {
		case f.Kind == store.KindCohort && f.Accepted && f.Derived == 0:
			cohort = true
		case f.Kind == store.KindResponses && f.Accepted && last > 0 && !f.Created.Before(lastAt):
			responses = true
		}
	}
	var solved, rounded int64 // the newest done main run, next round's run
	for _, r := range runs {
		if r.Status != store.Done {
			continue
		}
		if r.Kind == "solve" && solved == 0 {
			solved = r.ID
		}
		if r.Kind == "round" && r.Round == last+1 && rounded == 0 {
			rounded = r.ID
		}
	}
	steps := []seasonStep{
		{N: 1, Text: q.Msg.Sprintf("Upload the cohort"), Done: cohort || last > 0, Action: q.Msg.Sprintf("Upload a cohort"), Href: base + "/upload"},
		{N: 2, Text: q.Msg.Sprintf("Run and compare"), Done: solved != 0 || last > 0, Action: q.Msg.Sprintf("Run an allocation"), Href: base + "/run"},
		{N: 3, Text: q.Msg.Sprintf("Publish the main round"), Done: last > 0, Action: q.Msg.Sprintf("Publish a run as the main round"), Href: "/runs/" + strconv.FormatInt(solved, 10) + "/publish"},
		{N: 4, Text: q.Msg.Sprintf("Collect the responses"), Done: last > 0 && responses, Action: q.Msg.Sprintf("Upload the students' responses"), Href: base + "/rounds"},
		{N: 5, Text: q.Msg.Sprintf("Run the next round"), Done: last > 0 && rounded != 0, Action: q.Msg.Sprintf("Run the next round"), Href: base + "/rounds"},
		{N: 6, Text: q.Msg.Sprintf("Publish the round"), Action: q.Msg.Sprintf("Publish the round"), Href: "/runs/" + strconv.FormatInt(rounded, 10) + "/publish"},
	}
	for i := range steps {
		if !steps[i].Done {
			steps[i].Current = true
			break
		}
	}
	return steps
}

// pathID is the path's {name} as a store ID; a 404 error page when it is
// none.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, webErrorf(http.StatusNotFound, "There is no such page or record.")
	}
	return id, nil
}

// pathSeason is the season the path's {id} names (a 404 error page when
// there is none).
func (wb *workbench) pathSeason(q *webReq, r *http.Request) (store.Season, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return store.Season{}, err
	}
	return wb.store.Season(q.Ctx, id)
}

// pathRun is the run the path's {id} names (a 404 error page when there
// is none).
func (wb *workbench) pathRun(q *webReq, r *http.Request) (store.Run, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return store.Run{}, err
	}
	return wb.store.Run(q.Ctx, id)
}

// seasonPage shows a season: its files, its runs and its published
// rounds in one view, with the links to upload, run and the rounds.
func (wb *workbench) seasonPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	s, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	d := seasonData{Season: s}
	if d.Files, err = wb.store.Files(q.Ctx, s.ID, ""); err != nil {
		return err
	}
	if d.Runs, err = wb.store.Runs(q.Ctx, s.ID); err != nil {
		return err
	}
	if d.Published, err = wb.store.PublishedRuns(q.Ctx, s.ID); err != nil {
		return err
	}
	names, files := map[int64]string{s.ID: s.Name}, map[int64]string{}
	for _, f := range d.Files {
		files[f.ID] = f.Name
	}
	for _, run := range d.Runs {
		d.Rows = append(d.Rows, wb.historyRow(q, run, names, files))
	}
	d.Steps = seasonSteps(q, s.ID, d.Files, d.Runs, d.Published)
	for i := range d.Steps {
		if d.Steps[i].Current {
			d.Next = &d.Steps[i]
		}
	}
	return wb.render(w, q, "season.html", s.Name, d)
}

// LevelText names a school's level ("secondary", "higher") in q's
// language, as the report does (中职, 高职).
func (q *webReq) LevelText(code string) string { return words.Level(q.Lang, code) }

// Bytes is a file's size for a planner: bytes, KB or MB (1,024 each).
func (q *webReq) Bytes(n int64) string {
	switch {
	case n < 1<<10:
		return q.Msg.Sprintf("%s bytes", num(n))
	case n < 1<<20:
		return q.Msg.Sprintf("%s KB", num((n+1<<9)>>10))
	}
	return q.Msg.Sprintf("%s MB", num((n+1<<19)>>20))
}

// kindText names a file's kind or a run's kind in q's language.
func (q *webReq) KindText(kind string) string {
	switch kind {
	case "solve":
		return q.Msg.Sprintf("allocation")
	case "whatif":
		return q.Msg.Sprintf("what-if")
	case "round":
		return q.Msg.Sprintf("supplementary round")
	case "cohort":
		return q.Msg.Sprintf("cohort")
	case "responses":
		return q.Msg.Sprintf("responses")
	case "changes":
		return q.Msg.Sprintf("changes")
	}
	return kind
}

// StatusText names a run's status in q's language.
func (q *webReq) StatusText(s store.RunStatus) string {
	switch s {
	case "running":
		return q.Msg.Sprintf("running")
	case "done":
		return q.Msg.Sprintf("done")
	case "failed":
		return q.Msg.Sprintf("failed")
	}
	return string(s)
}

// RoundText names round n in q's language as the rounds page does: the
// main round, round 2, ... (主轮, 第2轮).
func (q *webReq) RoundText(n int) string { return words.Round(q.Lang, n) }
