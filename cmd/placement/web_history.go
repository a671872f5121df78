package main

// The workbench's history: every run of every season, and the comparison
// of two runs of one cohort (the report with both results).

import (
	"context"
	"fmt"
	"net/http"
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
		"The runs of the cohort with fingerprint %s.":       "数据指纹为 %s 的学生数据的运行。",
		"Tick two runs of the same cohort to compare them.": "勾选同一份数据的两次运行进行比较。",
		"Compare run %d":                                      "比较运行 %d",
		"Back to the runs of this cohort":                     "返回这份数据的运行记录",
		"Open the report of both results (tables and charts)": "打开两个结果的对比报告（表格和图表）",
		"Choice %d":               "第 %d 志愿",
		"Runs %d and %d compared": "运行 %d 与运行 %d 的比较",
		"run %d (%s)":             "运行 %d（%s）",
		"Choose two different runs to compare (tick two in the history).":                                                                                           "请选择两次不同的运行进行比较（在运行记录中勾选两项）。",
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
}

// historyPage is GET /history: every run of every season, newest first
// (the table sorts by any column), each with who started it, when, how
// long it took, its kind, round, mechanism, status, the fingerprints of
// its cohort and its result, and whether it is published; two chosen go
// to /compare. ?cohort=FINGERPRINT lists the runs of one cohort only.
func (wb *workbench) historyPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	runs, err := wb.store.Runs(q.Ctx, 0)
	if err != nil {
		return err
	}
	seasons, err := wb.store.Seasons(q.Ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, se := range seasons {
		names[se.ID] = se.Name
	}
	d := &historyData{Cohort: r.URL.Query().Get("cohort")}
	files := map[int64]string{}
	for _, run := range runs {
		if d.Cohort != "" && run.CohortFingerprint != d.Cohort {
			continue
		}
		d.Rows = append(d.Rows, wb.historyRow(q, run, names, files))
	}
	return wb.render(w, q, "history.html", q.Msg.Sprintf("History of the runs"), d)
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
	if m, err := matching.ParseMechanism(mech); err == nil {
		row.Mechanism = runText(q.Msg, m, obj)
	}
	if !run.Finished.IsZero() {
		row.Duration = durationText(run.Finished.Sub(run.Started))
	}
	return row
}

// comparePair reads the two runs of /compare: ?a=ID&b=ID, or two ?run=ID
// (the history's check boxes). They must differ, be done and be of the
// same cohort (fingerprint).
func (wb *workbench) comparePair(q *webReq, r *http.Request) (a, b store.Run, err error) {
	v := r.URL.Query()
	ids := v["run"]
	if v.Get("a") != "" || v.Get("b") != "" {
		ids = []string{v.Get("a"), v.Get("b")}
	}
	if len(ids) != 2 || ids[0] == ids[1] {
		return a, b, webErrorf(http.StatusBadRequest, "Choose two different runs to compare (tick two in the history).")
	}
	var nums [2]int64
	for i, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return a, b, webErrorf(http.StatusBadRequest, "Choose two different runs to compare (tick two in the history).")
		}
		nums[i] = id
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
	a, b = runs[0], runs[1]
	if a.CohortFingerprint != b.CohortFingerprint {
		return a, b, webErrorf(http.StatusBadRequest, "Runs %d and %d are of different cohorts (fingerprints %s and %s): a comparison is of two runs of one cohort. To compare rounds, open the season's rounds.",
			a.ID, b.ID, a.CohortFingerprint, b.CohortFingerprint)
	}
	return a, b, nil
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
	// ByRank: a row a choice, the students of each run who got it.
	ByRank []compareRank
}

type compareRank struct{ Rank, A, B int }

// comparePage is GET /compare?a=ID&b=ID: two runs of one cohort side by
// side, and the report with both results (/compare/report).
func (wb *workbench) comparePage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	a, b, err := wb.comparePair(q, r)
	if err != nil {
		return err
	}
	seasons, err := wb.store.Seasons(q.Ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, se := range seasons {
		names[se.ID] = se.Name
	}
	files := map[int64]string{}
	d := &compareData{A: wb.historyRow(q, a, names, files), B: wb.historyRow(q, b, names, files)}
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
	writeReport(w, page)
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
