package main

// The workbench's history: every run of every season, and the comparison
// of two runs of one cohort (the report with both results).

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
)

func init() {
	addWebZh(map[string]string{
		"History of the runs": "运行历史",
		"Season":              "年度分配",
		"Every run":           "全部运行",
		"The runs of the cohort with fingerprint %s.":       "数据指纹为 %s 的学生岗位数据的运行。",
		"Tick two runs of the same cohort to compare them.": "勾选同一份数据的两次运行进行比较。",
		"Compare run %d":                                      "比较运行 %d",
		"Back to the runs of this cohort":                     "返回这份数据的运行历史",
		"Open the report of both results (tables and charts)": "打开两个结果的对比报告（表格和图表）",
		"Choice %d":                     "第 %d 志愿",
		"History of the runs: %s":       "运行历史：%s",
		"Older runs":                    "更早的运行",
		"Newer runs":                    "较新的运行",
		"The runs of this season only.": "仅列出本年度分配的运行。",
		"The two results are identical (the same result fingerprint).":                                                    "两次运行的结果完全相同（结果指纹一致）。",
		"%d students are placed differently in the two runs.":                                                             "两次运行中有 %d 名学生的去向不同。",
		"Different data: the two runs read different students and positions, so only their overall figures are compared.": "数据不同：两次运行用的学生岗位数据不一样，仅比较总体指标。",
		"Runs %d and %d compared": "运行 %d 与运行 %d 的比较",
		"run %d (%s)":             "运行 %d（%s）",
		"Choose two different runs to compare (tick two in the history).":                                                                                           "请选择两次不同的运行进行比较（在运行历史中勾选两项）。",
		"Runs %d and %d are of different cohorts (fingerprints %s and %s): a comparison is of two runs of one cohort. To compare rounds, open the season's rounds.": "运行 %d 和运行 %d 用的是不同的数据（数据指纹 %s 和 %s）：只能比较同一份数据的两次运行。要比较轮次，请打开本年度分配的轮次页面。",
	})
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /history", wb.page(wb.historyPage))
		mux.Handle("GET /compare", wb.page(wb.comparePage))
		mux.Handle("GET /compare/report", wb.page(wb.compareReport))
	})
}

// historyRow is a run as the history lists it.
type historyRow struct {
	Run       store.Run
	Season    string
	Cohort    string // the cohort file's name
	Kind      string
	Round     string
	Status    string
	Mechanism string
	Duration  string
	Summary   runSummary
	Note      string // the planner's name for the run
	// The fingerprints' first characters, as the table shows them (the
	// whole in the cell's title).
	CohortShort, ResultShort string
}

// shortPrint is a fingerprint's first 8 characters, as a table shows it.
func shortPrint(fp string) string {
	if len(fp) > 8 {
		return fp[:8] + "…"
	}
	return fp
}

// historyData is the history page's.
type historyData struct {
	Rows []historyRow
	// Cohort: only the runs of this cohort fingerprint (?cohort=), ""
	// all.
	Cohort string
	// Season: only the runs of this season (?season=ID), its name.
	Season     *store.Season
	Older      string // the next page's link ("" on the last)
	Newer      string // the previous page's link ("" on the first)
	PageNo     int
	Error      string         // a comparison refused: why
	Ticked     map[int64]bool // the runs ticked when it was refused
	SeasonPage string         // the season page's link, for the top line
}

// historyPageSize is how many runs a page of the history lists.
const historyPageSize = 50

// historyPage is GET /history: every run of every season, newest first
// (the table sorts by any column), 50 a page (?page=N), each with who
// started it, when, how long it took, its kind, round, mechanism, status,
// its note, the fingerprints of its cohort and its result, and whether it
// is published; two chosen go to /compare. ?cohort=FINGERPRINT lists the
// runs of one cohort only, ?season=ID those of one season.
func (wb *workbench) historyPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	return wb.renderHistory(w, r, q, http.StatusOK, "", nil)
}

// renderHistory renders the history as r's query asks, with status; a
// refused comparison shows errText above the table and keeps the runs
// ticked.
func (wb *workbench) renderHistory(w http.ResponseWriter, r *http.Request, q *webReq, status int, errText string, ticked map[int64]bool) error {
	v := r.URL.Query()
	d := &historyData{Cohort: v.Get("cohort"), Error: errText, Ticked: ticked, PageNo: 1}
	var season int64
	if s := v.Get("season"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return webErrorf(http.StatusNotFound, "There is no such page or record.")
		}
		se, err := wb.store.Season(q.Ctx, id)
		if err != nil {
			return err
		}
		d.Season, season = &se, id
		d.SeasonPage = fmt.Sprintf("/seasons/%d", id)
	}
	runs, err := wb.store.Runs(q.Ctx, season)
	if err != nil {
		return err
	}
	names, err := wb.seasonNames(q.Ctx)
	if err != nil {
		return err
	}
	var kept []store.Run
	for _, run := range runs {
		if d.Cohort != "" && run.CohortFingerprint != d.Cohort {
			continue
		}
		kept = append(kept, run)
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 && (n-1)*historyPageSize < len(kept) {
		d.PageNo = n
	}
	from := (d.PageNo - 1) * historyPageSize
	to := min(from+historyPageSize, len(kept))
	page := func(n int) string {
		u := url.Values{}
		for _, k := range []string{"season", "cohort"} {
			if s := v.Get(k); s != "" {
				u.Set(k, s)
			}
		}
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		if len(u) == 0 {
			return "/history"
		}
		return "/history?" + u.Encode()
	}
	if to < len(kept) {
		d.Older = page(d.PageNo + 1)
	}
	if d.PageNo > 1 {
		d.Newer = page(d.PageNo - 1)
	}
	files := map[int64]string{}
	for _, run := range kept[from:to] {
		d.Rows = append(d.Rows, wb.historyRow(q, run, names, files))
	}
	title := q.Msg.Sprintf("History of the runs")
	if d.Season != nil {
		title = q.Msg.Sprintf("History of the runs: %s", d.Season.Name)
	}
	return wb.renderStatus(w, q, status, "history.html", title, d)
}

// historyRow is run's row; names are the seasons' names, files the cohort
// files' names met so far (filled as it goes).
func (wb *workbench) historyRow(q *webReq, run store.Run, names map[int64]string, files map[int64]string) historyRow {
	row := historyRow{Run: run, Season: names[run.Season], Kind: q.KindText(run.Kind),
		Round: words.Round(q.Lang, max(run.Round, 1)), Status: q.StatusText(run.Status)}
	row.CohortShort, row.ResultShort = shortPrint(run.CohortFingerprint), shortPrint(run.ResultFingerprint)
	if name, ok := files[run.Cohort]; ok {
		row.Cohort = name
	} else if run.Cohort != 0 {
		if f, err := wb.store.File(q.Ctx, run.Cohort); err == nil {
			row.Cohort = f.Name
		}
		files[run.Cohort] = row.Cohort
	}
	if err := decodeJSON(run.Summary, &row.Summary); err != nil {
		row.Summary = runSummary{}
	}
	mech, obj := row.Summary.Mechanism, row.Summary.Objective
	if mech == "" {
		var o runOptions
		if decodeJSON(run.Options, &o) == nil {
			mech, obj = o.Mechanism, o.Objective
		}
	}
	row.Mechanism = plainRunText(q, mech, obj)
	var o runOptions
	if decodeJSON(run.Options, &o) == nil {
		row.Note = o.Note
	}
	if !run.Finished.IsZero() {
		row.Duration = durationText(q.Msg, run.Finished.Sub(run.Started))
	}
	return row
}

// compareIDs reads the two run IDs of /compare: ?a=ID&b=ID, or two
// ?run=ID (the history's check boxes); ok is false unless they are two
// different numbers.
func compareIDs(r *http.Request) (ids [2]int64, ok bool) {
	v := r.URL.Query()
	s := v["run"]
	if v.Get("a") != "" || v.Get("b") != "" {
		s = []string{v.Get("a"), v.Get("b")}
	}
	if len(s) != 2 {
		return ids, false
	}
	for i, t := range s {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			return ids, false
		}
		ids[i] = id
	}
	return ids, ids[0] != ids[1]
}

// comparePair reads the two runs of /compare (compareIDs). They must
// differ and be done; runs of different cohorts are compared by their
// summary figures only (the page says so; the report refuses them).
func (wb *workbench) comparePair(q *webReq, r *http.Request) (a, b store.Run, err error) {
	nums, ok := compareIDs(r)
	if !ok {
		return a, b, webErrorf(http.StatusBadRequest, "Choose two different runs to compare (tick two in the history).")
	}
	var runs [2]store.Run
	for i, id := range nums {
		var err error
		if runs[i], err = wb.store.Run(q.Ctx, id); err != nil {
			return a, b, err
		}
		if runs[i].Status != store.Done {
			return a, b, webErrorf(http.StatusConflict, "Run %d has no result: it is still running, or it failed (its page says why).", id)
		}
	}
	return runs[0], runs[1], nil
}

// compareResults are the results of runs a and b on one cohort (the
// report needs the same *model.Cohort): b's rebuilt on a's cohort when
// its own is another copy.
func (wb *workbench) compareResults(ctx context.Context, a, b store.Run) ([]*storedResult, error) {
	sa, _, err := wb.storedResult(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	sb, _, err := wb.storedResult(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	c := sa.res.Instance().Cohort()
	if sb.res.Instance().Cohort() != c {
		data, err := wb.store.RunResult(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		res, rf, err := rebuildResult(ctx, c, data, b.ResultFingerprint)
		if err != nil {
			return nil, err
		}
		sb = &storedResult{res: res, objective: rf.Objective}
	}
	return []*storedResult{sa, sb}, nil
}

// compareData is the comparison page's.
type compareData struct {
	A, B historyRow
	// SameCohort: the runs read the same data, so their students can be
	// compared one by one (Moved) and the report can hold both.
	SameCohort bool
	Identical  bool // the same result (fingerprint)
	Moved      int  // same cohort: the students placed differently
	// ByRank: a row a choice, the students of each run who got it.
	ByRank []compareRank
}

type compareRank struct{ Rank, A, B int }

// comparePage is GET /compare?a=ID&b=ID: two runs of one cohort side by
// side, and the report with both results (/compare/report).
func (wb *workbench) comparePage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	// One run ticked, or the same twice: the history again, with the
	// ticks kept and what to do.
	if _, ok := compareIDs(r); !ok {
		ticked := map[int64]bool{}
		for _, s := range r.URL.Query()["run"] {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				ticked[id] = true
			}
		}
		return wb.renderHistory(w, r, q, http.StatusBadRequest, q.Msg.Sprintf("Choose two different runs to compare (tick two in the history)."), ticked)
	}
	a, b, err := wb.comparePair(q, r)
	if err != nil {
		return err
	}
	names, err := wb.seasonNames(q.Ctx)
	if err != nil {
		return err
	}
	files := map[int64]string{}
	d := &compareData{A: wb.historyRow(q, a, names, files), B: wb.historyRow(q, b, names, files),
		SameCohort: a.CohortFingerprint == b.CohortFingerprint, Identical: a.ResultFingerprint == b.ResultFingerprint}
	if d.SameCohort && !d.Identical {
		results, err := wb.compareResults(q.Ctx, a, b)
		if err != nil {
			return err
		}
		ra, rb := results[0].res, results[1].res
		for s := range ra.Instance().Cohort().Students() {
			if ra.Position(s) != rb.Position(s) {
				d.Moved++
			}
		}
	}
	ra, rb := d.A.Summary.ByRank, d.B.Summary.ByRank
	for k := range max(len(ra), len(rb)) {
		row := compareRank{Rank: k + 1}
		if k < len(ra) {
			row.A = ra[k]
		}
		if k < len(rb) {
			row.B = rb[k]
		}
		d.ByRank = append(d.ByRank, row)
	}
	return wb.render(w, q, "compare.html", q.Msg.Sprintf("Runs %d and %d compared", a.ID, b.ID), d)
}

// compareReport is GET /compare/report?a=ID&b=ID: the report of both
// results (report.NewWithOptions with two), cached per pair and language.
func (wb *workbench) compareReport(w http.ResponseWriter, r *http.Request, q *webReq) error {
	a, b, err := wb.comparePair(q, r)
	if err != nil {
		return err
	}
	if a.CohortFingerprint != b.CohortFingerprint {
		return webErrorf(http.StatusBadRequest, "Runs %d and %d are of different cohorts (fingerprints %s and %s): a comparison is of two runs of one cohort. To compare rounds, open the season's rounds.",
			a.ID, b.ID, a.CohortFingerprint, b.CohortFingerprint)
	}
	page, err := wb.runHub().reports.get(reportKey{a: a.ID, b: b.ID, lang: langCode(q.Lang)}, func() ([]byte, error) {
		results, err := wb.compareResults(context.WithoutCancel(q.Ctx), a, b)
		if err != nil {
			return nil, err
		}
		page, err := reportHTML(q.Lang, results, []string{
			q.Msg.Sprintf("run %d (%s)", a.ID, reportLabel(q, results[0])),
			q.Msg.Sprintf("run %d (%s)", b.ID, reportLabel(q, results[1])),
		}, nil)
		return withBackLink(page, fmt.Sprintf("/compare?a=%d&b=%d", a.ID, b.ID), q.Msg.Sprintf("Runs %d and %d compared", a.ID, b.ID), q.Msg.Sprintf("Placement workbench")), err
	})
	if err != nil {
		return err
	}
	writeReportNav(w, q, page)
	return nil
}

// reportLabel names a result's run in a comparison: its mechanism (and
// objective), as the report would.
func reportLabel(q *webReq, sr *storedResult) string {
	m := sr.res.Mechanism()
	if m == matching.OptimalAllocation {
		return words.Objective(q.Lang, sr.objective)
	}
	return words.Mechanism(q.Lang, m.String())
}

// seasonNames maps every season's ID to its name, for lists of runs of
// several seasons.
func (wb *workbench) seasonNames(ctx context.Context) (map[int64]string, error) {
	seasons, err := wb.store.Seasons(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(seasons))
	for _, se := range seasons {
		names[se.ID] = se.Name
	}
	return names, nil
}
