package main

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/width"

	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// The workbench's student and position pages and its search: the same
// explanation as `placement explain` (written by explainStudent,
// explainPosition and their round variants into a buffer), with the
// choices, cutoffs and students beside it as tables.

// explained is a run's result as its pages explain it: the result, its
// round view (nil for a main round's), and the words of the run.
type explained struct {
	res *matching.Result
	// rr is the round view of a round's result; known says whether it
	// was built with the previous round's result (which seats were
	// declined).
	rr    *round.Result
	known bool
	run   string // runText: the mechanism and objective, as the explain verb words them
	tag   language.Tag
	msg   *message.Printer
	// links is the path of the run's pages ("/runs/3"): the views link
	// students and positions to their pages there; "" for no links.
	links string
}

// newExplained returns the explanation of res in language tag, with msg
// its printer; rr is the round view of a round's result (nil: a main
// round's, or a round's whose previous result is not known: then its
// round view is built without it), objective the objective of an
// optimal allocation ("" when not known).
func newExplained(tag language.Tag, msg *message.Printer, res *matching.Result, rr *round.Result, objective string) *explained {
	if res.Instance().Positions() > 0 {
		res.Cutoff(0) // the one-time analysis, once
	}
	known := rr != nil
	if rr == nil {
		rr = roundResultFor(res, nil)
	}
	return &explained{res: res, rr: rr, known: known, run: runText(msg, res.Mechanism(), objective), tag: tag, msg: msg}
}

// studentHref and positionHref are the paths of a student's and a
// position's pages of the run, the ID escaped; "" without links.
func (e *explained) studentHref(id string) string {
	if e.links == "" {
		return ""
	}
	return e.links + "/students/" + url.PathEscape(id)
}

func (e *explained) positionHref(id string) string {
	if e.links == "" {
		return ""
	}
	return e.links + "/positions/" + url.PathEscape(id)
}

// choiceView is one choice of a student, in the order of their list.
type choiceView struct {
	Rank       int
	PositionID string
	Position   string // positionText: name, enterprise, region
	Href       string // the position's page
	// Outcome is "placed" (the choice they got), "refused" (a choice
	// above it, or any when unplaced: Why says why) or "below" (listed
	// below the one they got: never tried).
	Outcome string
	Why     string
	Cutoffs []string // cutoffText of each seat category there
}

// studentView is a student's page.
type studentView struct {
	ID, Name string
	Score    string
	// School, Major, Home (region) and OrderClass name the student's
	// records (their names, else their IDs; "" none); Special says a
	// special-post student: what a teacher on the phone asks first.
	School, Major, Home, OrderClass string
	Special                         bool
	Placed                          bool
	// Outcome words what they got: "placed: choice 2, P1 …" or why
	// they are unplaced.
	Outcome string
	// Left says a round's student left before the round (declined or
	// withdrew): no choice of theirs was tried, and Choices is empty.
	Left    bool
	Choices []choiceView
	// Text is the explanation exactly as placement explain prints it.
	Text string
}

// student returns the view of student s.
func (e *explained) student(s int) studentView {
	res, msg := e.res, e.msg
	c := res.Instance().Cohort()
	st := &c.Students()[s]
	v := studentView{ID: st.ID, Name: st.Name, Score: score(st.Score), Special: st.SpecialPost}
	named := func(name func(*model.Cohort, string) string, id string) string {
		if id == "" {
			return ""
		}
		return cmp.Or(name(c, id), id)
	}
	v.School = named(func(c *model.Cohort, id string) string {
		return nameOf(c.Schools(), c.SchoolIndex, func(x model.School) string { return x.Name }, id)
	}, st.School)
	v.Major, v.Home, v.OrderClass = named(majorName, st.Major), named(regionName, st.Region), named(orderClassName, st.OrderClass)
	var b bytes.Buffer
	if e.rr != nil {
		explainRoundStudent(&b, e.tag, msg, e.rr, s, e.known)
		if k := e.rr.Outcome(s).Kind; k == round.Declined || k == round.Withdrew || k == round.LeftBefore {
			v.Left = true
			v.Outcome = strings.TrimSpace(b.String())
			v.Text = b.String()
			return v
		}
	}
	explainStudent(&b, msg, res, e.run, s)
	v.Text = b.String()
	got := res.Position(s)
	if got >= 0 {
		v.Placed = true
		v.Outcome = strings.TrimSpace(msg.Sprintf("placed: choice %d, %s\n", res.Rank(s), positionText(msg, c, got)))
	} else {
		v.Outcome = strings.TrimSpace(msg.Sprintf("unplaced: %s\n", reasonText(msg, res.Reason(s))))
	}
	why := res.Why(s)
	for j, q := range c.Choices(s) {
		p := int(q)
		id := c.Positions()[p].ID
		ch := choiceView{Rank: j + 1, PositionID: id, Position: positionText(msg, c, p), Href: e.positionHref(id), Outcome: "below"}
		switch i := slices.IndexFunc(why, func(r matching.Refusal) bool { return r.Rank == j+1 }); {
		case p == got:
			ch.Outcome = "placed"
		case i >= 0:
			ch.Outcome, ch.Why = "refused", refusalText(msg, res, s, why[i])
		}
		for _, cu := range res.Cutoff(p) {
			ch.Cutoffs = append(ch.Cutoffs, cutoffText(msg, c, p, cu))
		}
		v.Choices = append(v.Choices, ch)
	}
	return v
}

// positionStudent is a student in a position's lists.
type positionStudent struct {
	ID, Name, Score string
	Text            string // "choice 2", or why it turned them away
	Href            string // the student's page
}

// positionView is a position's page: one page of each list.
type positionView struct {
	ID, Name, Position string // Position: positionText
	Seats, Filled      int
	Cutoffs            []string
	Admitted, Away     []positionStudent
	// AdmittedTotal and AwayTotal count the whole lists; Page (from 0)
	// and Limit say which part of them Admitted and Away hold, More
	// whether a later page has students.
	AdmittedTotal, AwayTotal int
	Page, Limit              int
	More                     bool
	// Text is the explanation as placement explain prints it (with its
	// default -limit), the students left out pointed to the page's tables.
	Text string
}

// explainLimit is placement explain's default -limit, for the text.
const explainLimit = 20

// position returns the view of position p, with page (from 0) of each
// list, limit students a page (limit ≤ 0: all on one page).
func (e *explained) position(p, page, limit int) positionView {
	res, msg := e.res, e.msg
	c := res.Instance().Cohort()
	pos := &c.Positions()[p]
	v := positionView{ID: pos.ID, Name: pos.Name, Position: positionText(msg, c, p), Seats: pos.Capacity, Filled: res.Fill()[p], Page: max(page, 0), Limit: limit}
	for _, cu := range res.Cutoff(p) {
		v.Cutoffs = append(v.Cutoffs, cutoffText(msg, c, p, cu))
	}
	in, away := positionLines(msg, res, p)
	v.AdmittedTotal, v.AwayTotal = len(in), len(away)
	if limit > 0 {
		// The page is the last one at most, before anything multiplies
		// it: a page number from the address may be any int.
		v.Page = min(v.Page, max(len(in)-1, len(away)-1, 0)/limit)
	}
	part := func(ls []positionLine) []positionStudent {
		lo, hi := 0, len(ls)
		if limit > 0 {
			lo, hi = min(v.Page*limit, len(ls)), min((v.Page+1)*limit, len(ls))
			v.More = v.More || hi < len(ls)
		}
		var out []positionStudent
		for _, l := range ls[lo:hi] {
			st := &c.Students()[l.s]
			out = append(out, positionStudent{ID: st.ID, Name: st.Name, Score: score(st.Score), Text: l.text, Href: e.studentHref(st.ID)})
		}
		return out
	}
	v.Admitted, v.Away = part(in), part(away)
	var b bytes.Buffer
	if e.rr != nil {
		explainRoundPosition(&b, e.tag, msg, e.rr, p, explainLimit, e.known)
	}
	explainPositionMore(&b, msg, res, e.run, p, explainLimit, func(n int) string {
		return msg.Sprintf("  ... and %d more (the tables above list them all)\n", n)
	})
	v.Text = b.String()
	return v
}

// searchHit is a student or a position that a search found.
type searchHit struct {
	Kind     string // "student" or "position"
	ID, Name string
	Detail   string // a position's enterprise and region; a student's school
	Outcome  string // a student's result in the run searched (searchPage)
	Href     string // the record's page
}

// maxSearchHits bounds the hits of a search.
const maxSearchHits = 50

// searchFold is text as a search compares it: trimmed, full-width forms
// narrowed (ＳＴ０１ is ST01), lower case.
func searchFold(s string) string {
	return strings.ToLower(width.Fold.String(strings.TrimSpace(s)))
}

// searchCohort finds the students and positions of c whose ID or name holds
// query (case-insensitive, full-width folded): an exact ID first, then
// IDs that start with it, then IDs and names that hold it, students
// before positions, in the cohort's order; at most maxSearchHits, and
// how many matched in all. An empty query finds nothing. It runs in
// O(S + P) string comparisons.
func searchCohort(msg *message.Printer, c *model.Cohort, query string) (hits []searchHit, total int) {
	q := searchFold(query)
	if q == "" {
		return nil, 0
	}
	type found struct {
		rank, kind, i int
	}
	var all []found
	match := func(id, name string) int {
		switch fid := searchFold(id); {
		case fid == q:
			return 0
		case strings.HasPrefix(fid, q):
			return 1
		case strings.Contains(fid, q):
			return 2
		case strings.Contains(searchFold(name), q):
			return 3
		}
		return -1
	}
	for i, st := range c.Students() {
		if r := match(st.ID, st.Name); r >= 0 {
			all = append(all, found{r, 0, i})
		}
	}
	for i, pos := range c.Positions() {
		if r := match(pos.ID, pos.Name); r >= 0 {
			all = append(all, found{r, 1, i})
		}
	}
	slices.SortStableFunc(all, func(a, b found) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.kind, b.kind)) })
	for _, f := range all[:min(len(all), maxSearchHits)] {
		if f.kind == 0 {
			st := &c.Students()[f.i]
			h := searchHit{Kind: "student", ID: st.ID, Name: st.Name}
			if st.School != "" { // the school's name is enough to tell two 张伟 apart
				h.Detail = cmp.Or(nameOf(c.Schools(), c.SchoolIndex, func(x model.School) string { return x.Name }, st.School), st.School)
			}
			hits = append(hits, h)
			continue
		}
		pos := &c.Positions()[f.i]
		h := searchHit{Kind: "position", ID: pos.ID, Name: pos.Name}
		h.Detail = strings.TrimPrefix(positionText(msg, c, f.i), nameID(pos.ID, pos.Name))
		h.Detail = strings.TrimLeft(h.Detail, ",， ")
		hits = append(hits, h)
	}
	return hits, len(all)
}

func init() {
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /runs/{id}/search", wb.page(wb.searchPage))
		mux.Handle("GET /seasons/{id}/search", wb.page(wb.seasonSearch))
		mux.Handle("GET /runs/{id}/students/{sid}", wb.page(wb.studentPage))
		mux.Handle("GET /runs/{id}/positions/{pid}", wb.page(wb.positionPage))
	})
}

// explainedRun is a run whose result a page explains.
type explainedRun struct {
	Run    store.Run
	Season store.Season // the run's, for the crumbs
	// Mechanism words the run: its mechanism and objective, as the
	// explanation names it.
	Mechanism string
	Path      string // "/runs/3"
	// Cohort names the run's cohort file (as uploaded), as explain names
	// its -cohort in its "did you mean".
	Cohort string
	e      *explained
}

// explainRun loads the result of the request's run (done: else runs'
// 409) and its explanation in q's language: a round's with what the
// round did for each student (its previous round's result and the
// responses it took, as placement explain -previous -responses).
func (wb *workbench) explainRun(q *webReq, r *http.Request) (*explainedRun, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	sr, run, err := wb.storedResult(q.Ctx, id)
	if err != nil {
		return nil, err
	}
	var rr *round.Result
	if sr.res.IsRound() {
		rr = wb.roundOutcomes(q.Ctx, run, sr.res)
	}
	x := &explainedRun{Run: run, Path: fmt.Sprintf("/runs/%d", run.ID), e: newExplained(q.Lang, q.Msg, sr.res, rr, sr.objective)}
	x.e.links = x.Path
	// The page's own lines name the mechanism without its code (the
	// explanation itself is the explain verb's text, code included).
	x.Mechanism = runWords(q.Msg, sr.res.Mechanism(), sr.objective)
	if x.Season, err = wb.store.Season(q.Ctx, run.Season); err != nil {
		return nil, err
	}
	x.Cohort = q.Msg.Sprintf("Run %d", run.ID) // the file is gone: the run names it
	if f, err := wb.store.File(q.Ctx, run.Cohort); err == nil {
		x.Cohort = f.Name
	}
	return x, nil
}

// folded is the page of the one record of kind whose ID is id as a
// search folds it (full-width, case, spaces: "ｓ０１ " is S01), "" when
// there is none or more than one.
func (x *explainedRun) folded(q *webReq, c *model.Cohort, kind, id string) string {
	hits, _ := searchCohort(q.Msg, c, id)
	var href string
	for _, h := range hits {
		if h.Kind != kind || searchFold(h.ID) != searchFold(id) {
			continue
		}
		if href != "" {
			return ""
		}
		if kind == "student" {
			href = x.e.studentHref(h.ID)
		} else {
			href = x.e.positionHref(h.ID)
		}
	}
	return href
}

// studentPageData is the student page's data.
type studentPageData struct {
	X *explainedRun
	V studentView
	// Withdrawn says the student withdraws in this what-if (the changed
	// cohort keeps them with no choices).
	Withdrawn bool
}

func (wb *workbench) studentPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	x, err := wb.explainRun(q, r)
	if err != nil {
		return err
	}
	c := x.e.res.Instance().Cohort()
	sid := r.PathValue("sid")
	s, ok := c.StudentIndex(sid)
	if !ok {
		if href := x.folded(q, c, "student", sid); href != "" {
			http.Redirect(w, r, href, http.StatusSeeOther)
			return nil
		}
		return wb.searchMissing(w, q, x, sid, unknownIn(q.Msg, c, "student", x.Cohort, sid).Error())
	}
	d := studentPageData{X: x, V: x.e.student(s)}
	if x.Run.Kind == "whatif" {
		d.Withdrawn = wb.whatifWithdrawn(q, x.Run, sid)
	}
	if d.Withdrawn {
		// The changed cohort keeps the student with no choices: say they
		// withdrew, and what they had in the run the what-if changes,
		// not that they listed nothing.
		d.V.Outcome, d.V.Placed, d.V.Choices = q.Msg.Sprintf("withdrawn (in this what-if)"), false, nil
		d.V.Text = q.Msg.Sprintf("In this what-if the student withdraws and takes part in nothing.") + "\n"
		if before := wb.outcomeIn(q, x.Run.Base, sid); before != "" {
			d.V.Text += q.Msg.Sprintf("In run %d: %s", x.Run.Base, before) + "\n"
		}
	}
	return wb.render(w, q, "student.html", q.Msg.Sprintf("Student %s", nameID(d.V.ID, d.V.Name)), d)
}

// outcomeIn words what student sid got in run id ("placed: choice 1,
// P1 …" or why unplaced), "" when the run's result or the student is not
// there.
func (wb *workbench) outcomeIn(q *webReq, id int64, sid string) string {
	sr, _, err := wb.storedResult(q.Ctx, id)
	if err != nil {
		return ""
	}
	c := sr.res.Instance().Cohort()
	s, ok := c.StudentIndex(sid)
	if !ok {
		return ""
	}
	if p := sr.res.Position(s); p >= 0 {
		return strings.TrimSpace(q.Msg.Sprintf("placed: choice %d, %s\n", sr.res.Rank(s), positionText(q.Msg, c, p)))
	}
	return strings.TrimSpace(q.Msg.Sprintf("unplaced: %s\n", reasonText(q.Msg, sr.res.Reason(s))))
}

// positionPageSize is how many students a page of a position's lists shows.
const positionPageSize = 50

// positionPageData is the position page's data.
type positionPageData struct {
	X          *explainedRun
	V          positionView
	Prev, Next string // the pages before and after; "" none
	PageNo     int    // the page's number, from 1
}

func (wb *workbench) positionPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	x, err := wb.explainRun(q, r)
	if err != nil {
		return err
	}
	c := x.e.res.Instance().Cohort()
	pid := r.PathValue("pid")
	p, ok := c.PositionIndex(pid)
	if !ok {
		if href := x.folded(q, c, "position", pid); href != "" {
			http.Redirect(w, r, href, http.StatusSeeOther)
			return nil
		}
		return wb.searchMissing(w, q, x, pid, unknownIn(q.Msg, c, "position", x.Cohort, pid).Error())
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page-1, 0) // pages count from 1 in the address
	v := x.e.position(p, page, positionPageSize)
	d := positionPageData{X: x, V: v, PageNo: v.Page + 1}
	href := x.e.positionHref(pid)
	if v.Page > 0 {
		d.Prev = fmt.Sprintf("%s?page=%d", href, v.Page)
	}
	if v.More {
		d.Next = fmt.Sprintf("%s?page=%d", href, v.Page+2)
	}
	return wb.render(w, q, "position.html", q.Msg.Sprintf("Position %s", nameID(v.ID, v.Name)), d)
}

// seasonSearchRun is the run whose result a season's search searches: its
// latest published round, else its latest done allocation (a main
// allocation or a round; not a what-if); ok false when none is done.
func (wb *workbench) seasonSearchRun(q *webReq, season int64) (store.Run, bool, error) {
	pub, err := wb.store.PublishedRuns(q.Ctx, season)
	if err != nil {
		return store.Run{}, false, err
	}
	if len(pub) > 0 {
		return slices.MaxFunc(pub, func(a, b store.Run) int { return cmp.Compare(a.Round, b.Round) }), true, nil
	}
	runs, err := wb.store.Runs(q.Ctx, season) // newest first
	if err != nil {
		return store.Run{}, false, err
	}
	for _, r := range runs {
		if r.Status == store.Done && r.Kind != "whatif" {
			return r, true, nil
		}
	}
	return store.Run{}, false, nil
}

// seasonSearch is the season page's search: the search of the run
// seasonSearchRun picks (its page names the run), with the same query.
func (wb *workbench) seasonSearch(w http.ResponseWriter, r *http.Request, q *webReq) error {
	s, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	run, ok, err := wb.seasonSearchRun(q, s.ID)
	if err != nil {
		return err
	}
	if !ok {
		return webErrorf(http.StatusConflict, "No allocation of this season has a result yet: upload the cohort and run an allocation first; then students and positions can be found.")
	}
	http.Redirect(w, r, fmt.Sprintf("/runs/%d/search?%s", run.ID, url.Values{"q": {r.URL.Query().Get("q")}}.Encode()), http.StatusSeeOther)
	return nil
}

// searchMissing answers the page of a student or position that is not
// there (an ID mistyped, or read out over the phone): the search page,
// 404, with why and the ID in its box, and what a search for it finds.
func (wb *workbench) searchMissing(w http.ResponseWriter, q *webReq, x *explainedRun, id, why string) error {
	d := searchPageData{X: x, Query: id, Missing: why, Max: maxSearchHits}
	d.Hits, d.Total = searchCohort(q.Msg, x.e.res.Instance().Cohort(), id)
	x.hrefs(d.Hits)
	return wb.renderStatus(w, q, http.StatusNotFound, "search.html", q.Msg.Sprintf("Find a student or a position"), d)
}

// hrefs links each hit to its page in the run.
func (x *explainedRun) hrefs(hits []searchHit) {
	for i := range hits {
		if h := &hits[i]; h.Kind == "student" {
			h.Href = x.e.studentHref(h.ID)
		} else {
			h.Href = x.e.positionHref(h.ID)
		}
	}
}

// searchPageData is the search page's data.
type searchPageData struct {
	X     *explainedRun
	Query string
	// Missing says why the page asked for is not there ("" for a search).
	Missing string
	Hits    []searchHit
	Total   int
	Max     int
}

func (wb *workbench) searchPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	x, err := wb.explainRun(q, r)
	if err != nil {
		return err
	}
	d := searchPageData{X: x, Query: r.URL.Query().Get("q"), Max: maxSearchHits}
	d.Hits, d.Total = searchCohort(q.Msg, x.e.res.Instance().Cohort(), d.Query)
	res := x.e.res
	c := res.Instance().Cohort()
	for i := range d.Hits {
		h := &d.Hits[i]
		if h.Kind == "student" {
			h.Href = x.e.studentHref(h.ID)
			if s, ok := c.StudentIndex(h.ID); ok {
				if p := res.Position(s); p >= 0 {
					h.Outcome = q.Msg.Sprintf("placed, choice %d: %s", res.Rank(s), nameID(c.Positions()[p].ID, c.Positions()[p].Name))
				} else {
					h.Outcome = q.Msg.Sprintf("unplaced")
				}
			}
		} else {
			h.Href = x.e.positionHref(h.ID)
		}
	}
	if d.Total == 1 { // one record: its page, as a planner typing an ID expects
		http.Redirect(w, r, d.Hits[0].Href, http.StatusSeeOther)
		return nil
	}
	return wb.render(w, q, "search.html", q.Msg.Sprintf("Find a student or a position"), d)
}

func init() {
	addWebZh(map[string]string{
		"Run %d":                               "运行 %d",
		"Find a student or a position":         "查找学生或岗位",
		"ID or name":                           "编号或姓名",
		"Find":                                 "查找",
		"Student":                              "学生",
		"Score":                                "分数",
		"Outcome":                              "结果",
		"Choices":                              "志愿",
		"Position":                             "岗位",
		"Why not":                              "未录取原因",
		"Cutoffs there":                        "该岗位录取线",
		"placed here":                          "在此录取",
		"not taken":                            "未录取",
		"not tried: below the choice obtained": "未尝试：排在所得志愿之后",
		"The student listed no choice.":        "该生没有填报志愿。",
		"The student left before this round: no choice of theirs was tried.": "该生在本轮之前已离开：其志愿均未参与分配。",
		"Explanation":               "说明",
		"Seats filled":              "已录取名额",
		"%d of %d":                  "%d / %d",
		"Cutoffs":                   "录取线",
		"Admitted, by priority: %d": "已录取（按优先次序）：%d 人",
		"Turned away (ranked it above what they got), by priority: %d": "未录取（志愿排在所得岗位之前），按优先次序：%d 人",
		"Previous page": "上一页",
		"Page %d":       "第 %d 页",
		"Next page":     "下一页",
		"%d found; the first %d are shown: say more of the ID or name.": "找到 %d 条；只显示前 %d 条：请输入更完整的编号或名称。",
		"%d found.": "找到 %d 条。",
		"Kind":      "类型",
		"ID":        "编号",
		"Details":   "详情",
		"No student or position has %q in its ID or name.":                                                              "没有学生或岗位的编号或名称包含 %q。",
		"Type a student's or a position's ID, or part of a name; full-width letters and digits are read as half-width.": "输入学生或岗位的编号，或名称的一部分；全角字母和数字按半角处理。",
		"Student %s": "学生 %s",
		"In this what-if the student withdraws: they take part in nothing.": "在此假设分析中该生退出：不参与分配。",
		"withdrawn (in this what-if)":                                       "退出（本假设分析中）",
		"In this what-if the student withdraws and takes part in nothing.":  "该生在本假设分析中退出，不参与分配。",
		"In run %d: %s":                  "在运行 %d 中：%s",
		"Position %s":                    "岗位 %s",
		"placed, choice %d: %s":          "已分配，第 %d 志愿：%s",
		"Full name":                      "姓名",
		"Name (student's or position's)": "姓名／名称",
		"School":                         "学校",
		"Major":                          "专业",
		"Home region":                    "生源地",
		"Special-post student":           "专项生",
		"Order class":                    "订单班",
		"yes":                            "是",
		"No allocation of this season has a result yet: upload the cohort and run an allocation first; then students and positions can be found.": "本年度分配还没有完成的分配结果：请先上传学生岗位数据并运行分配，之后即可查找学生和岗位。",
		"Searching the result of run %d (%s).":                 "在运行 %d（%s）的结果中查找。",
		"  ... and %d more (the tables above list them all)\n": "  …… 另有 %d 人（上方表格列出全部）\n",
	})
}
