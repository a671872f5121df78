package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// The workbench's what-if: changes entered in a form (seats per position,
// enterprise and region caps, students withdrawn) or uploaded as a change
// file are read by package whatif's own readers (the form as a change
// table, so that its errors are the located errors of a change file),
// applied to the base run's cohort, and the base run's mechanism and
// lottery rerun on the changed cohort; the diff is stored with the run.

// whatifFormRows is how many rows of each kind the form offers by default.
const whatifFormRows = 6

// whatifMaxRows bounds the rows of each kind a form may ask for.
const whatifMaxRows = 200

// whatifPosRow is a row of the form's positions: seats added (or removed,
// negative), a new capacity, or the position withdrawn.
type whatifPosRow struct {
	Line                int // the row's number in the form, as errors name it
	ID, Seats, Capacity string
	Withdraw            bool
	Problem             bool // an error names this row
}

// whatifCapRow is a row of the form's enterprises (Cap) or regions (Cap
// and Floor).
type whatifCapRow struct {
	Line           int
	ID, Cap, Floor string
	Problem        bool
}

// whatifForm is the what-if form as posted: every row numbered in the
// order the page shows them (positions, enterprises, regions, then the
// students withdrawn), the numbers its errors give.
type whatifForm struct {
	Name         string
	Positions    []whatifPosRow
	Enterprises  []whatifCapRow
	Regions      []whatifCapRow
	Students     string // IDs separated by spaces, commas, semicolons or lines
	StudentsLine int
	StudentsBad  bool
}

// newWhatifForm returns an empty form with n rows of each kind.
func newWhatifForm(n int) *whatifForm {
	n = min(max(n, 1), whatifMaxRows)
	f := &whatifForm{Positions: make([]whatifPosRow, n), Enterprises: make([]whatifCapRow, n), Regions: make([]whatifCapRow, n)}
	f.number()
	return f
}

// number gives every row its line: 1, 2, ... down the page.
func (f *whatifForm) number() {
	line := 0
	for i := range f.Positions {
		line++
		f.Positions[i].Line = line
	}
	for i := range f.Enterprises {
		line++
		f.Enterprises[i].Line = line
	}
	for i := range f.Regions {
		line++
		f.Regions[i].Line = line
	}
	f.StudentsLine = line + 1
}

// parseWhatifForm reads the form's fields: name; pos_id_N, pos_seats_N,
// pos_capacity_N, pos_withdraw_N; ent_id_N, ent_cap_N; reg_id_N,
// reg_cap_N, reg_floor_N (N from 0, as many as "rows" says); students.
func parseWhatifForm(v url.Values) *whatifForm {
	n, err := strconv.Atoi(v.Get("rows"))
	if err != nil {
		n = whatifFormRows
	}
	f := newWhatifForm(n)
	f.Name = strings.TrimSpace(v.Get("name"))
	get := func(kind, field string, i int) string { return v.Get(fmt.Sprintf("%s_%s_%d", kind, field, i)) }
	for i := range f.Positions {
		r := &f.Positions[i]
		r.ID, r.Seats, r.Capacity = get("pos", "id", i), get("pos", "seats", i), get("pos", "capacity", i)
		r.Withdraw = get("pos", "withdraw", i) != ""
	}
	for i := range f.Enterprises {
		r := &f.Enterprises[i]
		r.ID, r.Cap = get("ent", "id", i), get("ent", "cap", i)
	}
	for i := range f.Regions {
		r := &f.Regions[i]
		r.ID, r.Cap, r.Floor = get("reg", "id", i), get("reg", "cap", i), get("reg", "floor", i)
	}
	f.Students = v.Get("students")
	return f
}

// studentSeparators are what separates the IDs of the students field
// besides the separators of a change table's lists.
var studentSeparators = regexp.MustCompile(`[\s,]+`)

// table returns the form as a change table (whatif.TableColumns), the
// header first and a row for each row of the form that is not empty, with
// line(i) the form's number of row i.
func (f *whatifForm) table() (rows [][]string, line func(i int) int) {
	cols := whatif.TableColumns()
	at := map[string]int{}
	for j, c := range cols {
		at[c] = j
	}
	rows = [][]string{cols}
	lines := []int{0}
	add := func(ln int, cells map[string]string) {
		rec := make([]string, len(cols))
		empty := true
		for c, v := range cells {
			rec[at[c]] = v
			empty = empty && strings.TrimSpace(v) == ""
		}
		if !empty {
			rows = append(rows, rec)
			lines = append(lines, ln)
		}
	}
	for _, r := range f.Positions {
		cells := map[string]string{"position": r.ID, "seats": r.Seats, "capacity": r.Capacity}
		if r.Withdraw {
			cells["withdraw"] = "yes"
		}
		add(r.Line, cells)
	}
	for _, r := range f.Enterprises {
		add(r.Line, map[string]string{"enterprise": r.ID, "cap": r.Cap})
	}
	for _, r := range f.Regions {
		add(r.Line, map[string]string{"region": r.ID, "cap": r.Cap, "floor": r.Floor})
	}
	if ids := strings.Trim(studentSeparators.ReplaceAllString(strings.TrimSpace(f.Students), ";"), ";"); ids != "" {
		add(f.StudentsLine, map[string]string{"students": ids, "withdraw": "yes"})
	}
	return rows, func(i int) int { return lines[i] }
}

// empty reports whether the form holds no change at all.
func (f *whatifForm) empty() bool {
	rows, _ := f.table()
	return len(rows) == 1
}

// changes reads the form as a change table named name (the form, in the
// planner's language): whatif.ReadChangesTable checks every cell and
// locates each problem by the form's row; the problems' rows are marked.
// It returns the changes with the reader's error (see
// whatif.ReadChangesTable) and the table as a CSV file (UTF-8 with a byte
// order mark, for Excel), the change file the store keeps.
func (f *whatifForm) changes(name string) (*whatif.Changes, []byte, error) {
	rows, line := f.table()
	ch, err := whatif.ReadChangesTable(name, "", rows, line)
	if ch != nil {
		ch.Name = f.Name
	}
	var buf bytes.Buffer
	if werr := csvtext.WriteBOM(&buf); werr != nil {
		return nil, nil, werr
	}
	cw := csv.NewWriter(&buf)
	if werr := cw.WriteAll(rows); werr != nil {
		return nil, nil, werr
	}
	return ch, buf.Bytes(), err
}

// mark marks the rows of the form that problems name (by line).
func (f *whatifForm) mark(err error) {
	var ce *whatif.ChangeError
	if !errors.As(err, &ce) {
		return
	}
	for _, p := range ce.Problems {
		for i := range f.Positions {
			f.Positions[i].Problem = f.Positions[i].Problem || f.Positions[i].Line == p.Line
		}
		for i := range f.Enterprises {
			f.Enterprises[i].Problem = f.Enterprises[i].Problem || f.Enterprises[i].Line == p.Line
		}
		for i := range f.Regions {
			f.Regions[i].Problem = f.Regions[i].Problem || f.Regions[i].Line == p.Line
		}
		f.StudentsBad = f.StudentsBad || f.StudentsLine == p.Line
	}
}

// readChangesUpload reads an uploaded change file by its name's
// extension: .csv (whatif.ReadChangesCSV), .xlsx (readChangesExcel, the
// command's), .xls refused, anything else JSON; format is the store's
// name of it. As whatif's readers, it may return changes with an error.
func readChangesUpload(name string, data []byte) (ch *whatif.Changes, format string, err error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".xls":
		return nil, "", notXLS(name)
	case ".csv":
		ch, err = whatif.ReadChangesCSV(bytes.NewReader(data), name)
		return ch, "csv", err
	case ".xlsx":
		ch, err = readChangesExcel(bytes.NewReader(data), name)
		return ch, "xlsx", err
	}
	ch, err = whatif.ReadChanges(bytes.NewReader(data), name)
	return ch, "json", err
}

// applyChanges applies ch (read with readErr) to c as placement whatif
// does: changes that read with problems are checked against the cohort
// all the same, so that every problem (the reader's and the unknown IDs,
// each with what it was probably meant to be) comes in one error, which
// problemLines words and whatifForm.mark locates.
func applyChanges(c *model.Cohort, ch *whatif.Changes, readErr error) (*model.Cohort, error) {
	if readErr != nil && ch == nil {
		return nil, readErr
	}
	return whatif.Apply(c, ch, nil)
}

// problemLines words err one problem a line, in language tag: a change
// file's problems each located as whatif words them, anything else as the
// command words it.
func problemLines(tag language.Tag, msg *message.Printer, err error) []string {
	var ce *whatif.ChangeError
	if errors.As(err, &ce) {
		out := make([]string, len(ce.Problems))
		for i, p := range ce.Problems {
			out[i] = whatif.ProblemText(p, tag)
		}
		return out
	}
	var out []string
	for _, l := range strings.Split(localError(tag, msg, err).Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// changeWarnings words a change file's warnings (columns ignored) in tag.
func changeWarnings(tag language.Tag, ch *whatif.Changes) []string {
	if ch == nil {
		return nil
	}
	out := make([]string, len(ch.Warnings))
	for i, w := range ch.Warnings {
		out[i] = whatif.ProblemText(w, tag)
	}
	return out
}

// specOf is the run that made res: its mechanism, objective, lottery and
// seat order, read from the result itself, so that a what-if reruns
// exactly the base run.
func specOf(res *matching.Result) runSpec {
	in := res.Instance()
	rs := runSpec{mech: res.Mechanism(), obj: matching.RankSum}
	if o, ok := res.Optimum(); ok {
		rs.obj = o.Objective
	}
	rs.compile = matching.CompileOptions{Seed: in.Seed(), TieBreak: in.TieBreak(), ReserveOrder: in.ReserveOrder()}
	return rs
}

// whatifLangs are the languages a what-if's diff is stored in.
var whatifLangs = []language.Tag{lang.English, lang.Chinese}

// langKey is the part of a blob's name that says its language.
func langKey(t language.Tag) string {
	if t == lang.Chinese {
		return "zh"
	}
	return "en"
}

// runWhatif is a what-if run's work: base's run (its mechanism, objective,
// lottery and seat order) on the changed cohort (from applyChanges),
// checked as solve checks a result (runOutputOf: a result with findings
// fails the run), then compared with base. Its blobs: "diff.json" (the
// diff in English, format placement-whatif/1), "diff.zh.json",
// "diff.{en,zh}.csv", "diff.{en,zh}.xlsx", "diff-tables.{en,zh}.json" (the
// tables the diff page shows) and "cohort.json" (the changed cohort, on
// which the run's result is rebuilt). The diff's reasons are worded in
// each language as placement whatif words them.
func runWhatif(ctx context.Context, tag language.Tag, p *runProgress, base *matching.Result, changed *model.Cohort, ch *whatif.Changes) (runOutput, error) {
	res, err := specOf(base).solveWeb(ctx, changed, p)
	if err != nil {
		return runOutput{}, err
	}
	out, err := runOutputOf(ctx, tag, p, res, nil)
	if err != nil {
		return runOutput{}, err
	}
	p.Stagef("comparing the results")
	if out.Blobs, err = diffBlobs(base, res, ch); err != nil {
		return runOutput{}, err
	}
	var cb bytes.Buffer
	if err := model.WriteJSON(&cb, changed); err != nil {
		return runOutput{}, err
	}
	out.Blobs["cohort.json"] = cb.Bytes()
	return out, nil
}

// diffBlobs compares base and changed (whatif.Compare) and writes the
// diff in every language of whatifLangs (see runWhatif).
func diffBlobs(base, changed *matching.Result, ch *whatif.Changes) (map[string][]byte, error) {
	blobs := map[string][]byte{}
	for _, t := range whatifLangs {
		d, err := whatif.Compare(base, changed, ch)
		if err != nil {
			return nil, err
		}
		wordDiff(lang.Printer(t, cat), d, changed)
		k := langKey(t)
		for _, bl := range []struct {
			name  string
			write func(*bytes.Buffer) error
		}{
			{diffJSONName(t), func(b *bytes.Buffer) error { return d.WriteJSON(b) }},
			{"diff." + k + ".csv", func(b *bytes.Buffer) error { return d.WriteCSVIn(b, t) }},
			{"diff." + k + ".xlsx", func(b *bytes.Buffer) error { return writeDiff(b, "diff.xlsx", d, t) }},
			{"diff-tables." + k + ".json", func(b *bytes.Buffer) error { return json.NewEncoder(b).Encode(d.TablesIn(t)) }},
		} {
			var b bytes.Buffer
			if err := bl.write(&b); err != nil {
				return nil, err
			}
			blobs[bl.name] = b.Bytes()
		}
	}
	return blobs, nil
}

// diffJSONName is the blob of the diff as JSON in language t: "diff.json"
// in English (the file placement whatif -diff writes), "diff.zh.json".
func diffJSONName(t language.Tag) string {
	if t == lang.Chinese {
		return "diff.zh.json"
	}
	return "diff.json"
}

func init() {
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /runs/{id}/whatif", wb.page(wb.whatifPage))
		mux.Handle("POST /runs/{id}/whatif", wb.page(wb.whatifForm))
		mux.Handle("POST /runs/{id}/whatif/upload", wb.page(wb.whatifUpload))
		mux.Handle("GET /runs/{id}/diff", wb.page(wb.diffPage))
		for _, ext := range []string{"json", "csv", "xlsx"} {
			mux.Handle("GET /runs/{id}/diff."+ext, wb.page(func(w http.ResponseWriter, r *http.Request, q *webReq) error {
				return wb.diffDownload(w, r, q, ext)
			}))
		}
	})
}

// whatifBase is the run a what-if changes: a main allocation's (a solve
// run, or another what-if), done.
type whatifBase struct {
	Run  store.Run
	Path string
	res  *matching.Result
}

func (wb *workbench) whatifBaseOf(q *webReq, r *http.Request) (*whatifBase, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	res, run, err := wb.result(q.Ctx, id)
	if err != nil {
		return nil, err
	}
	if res.IsRound() {
		return nil, webErrorf(http.StatusConflict, "Run %d is a supplementary round: a what-if changes a main allocation (a round's changes are its responses and the next round's cohort).", run.ID)
	}
	return &whatifBase{Run: run, Path: fmt.Sprintf("/runs/%d", run.ID), res: res}, nil
}

// whatifPageData is the what-if form's data.
type whatifPageData struct {
	Base     *whatifBase
	Form     *whatifForm
	More     int      // rows of each kind with the "more rows" link
	Problems []string // why the changes were refused, located
	Columns  string   // a change table's columns
	// The cohort's IDs for the form's lists of suggestions.
	Positions, Enterprises, Regions []searchHit
}

// whatifRender writes the form with status (200, or 422 with problems).
func (wb *workbench) whatifRender(w http.ResponseWriter, q *webReq, status int, base *whatifBase, f *whatifForm, problems []string) error {
	c := base.res.Instance().Cohort()
	d := whatifPageData{Base: base, Form: f, More: min(len(f.Positions)*2, whatifMaxRows), Problems: problems, Columns: strings.Join(whatif.TableColumns(), ", ")}
	for _, p := range c.Positions() {
		d.Positions = append(d.Positions, searchHit{ID: p.ID, Name: p.Name})
	}
	for _, e := range c.Enterprises() {
		d.Enterprises = append(d.Enterprises, searchHit{ID: e.ID, Name: e.Name})
	}
	for _, g := range c.Regions() {
		d.Regions = append(d.Regions, searchHit{ID: g.ID, Name: g.Name})
	}
	return wb.renderStatus(w, q, status, "whatif.html", q.Msg.Sprintf("What if: change run %d", base.Run.ID), d)
}

func (wb *workbench) whatifPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	base, err := wb.whatifBaseOf(q, r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.URL.Query().Get("rows"))
	if err != nil {
		n = whatifFormRows
	}
	return wb.whatifRender(w, q, http.StatusOK, base, newWhatifForm(n), nil)
}

// whatifForm reads the posted form as a change table, applies it to the
// base run's cohort and starts the what-if; bad changes give the form
// again with their located problems, and nothing is stored or run.
func (wb *workbench) whatifForm(w http.ResponseWriter, r *http.Request, q *webReq) error {
	base, err := wb.whatifBaseOf(q, r)
	if err != nil {
		return err
	}
	f := parseWhatifForm(r.PostForm)
	if f.empty() {
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, f, []string{q.Msg.Sprintf("The form changes nothing: fill in at least one row, or upload a change file.")})
	}
	ch, data, readErr := f.changes(q.Msg.Sprintf("what-if form"))
	if ch == nil && data == nil {
		return readErr // the CSV writer's: cannot happen
	}
	changed, err := applyChanges(base.res.Instance().Cohort(), ch, readErr)
	if err != nil {
		f.mark(err)
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, f, problemLines(q.Lang, q.Msg, err))
	}
	name := f.Name
	if name == "" {
		name = q.Msg.Sprintf("what-if form")
	}
	return wb.startWhatif(w, r, q, base, changed, ch, store.File{Name: name + ".csv", Format: formatCSV}, data)
}

// whatifUpload reads an uploaded change file (field "changes": JSON, CSV
// or .xlsx) and starts the what-if, as whatifForm.
func (wb *workbench) whatifUpload(w http.ResponseWriter, r *http.Request, q *webReq) error {
	base, err := wb.whatifBaseOf(q, r)
	if err != nil {
		return err
	}
	u, err := wb.readUpload(q)
	if err != nil {
		return err
	}
	up := u.File("changes")
	if up == nil || len(up.Data) == 0 {
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, newWhatifForm(whatifFormRows), []string{q.Msg.Sprintf("Choose a change file to upload (.json, .csv or .xlsx).")})
	}
	ch, format, readErr := readChangesUpload(up.Name, up.Data)
	changed, err := applyChanges(base.res.Instance().Cohort(), ch, readErr)
	if err != nil {
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, newWhatifForm(whatifFormRows), problemLines(q.Lang, q.Msg, err))
	}
	return wb.startWhatif(w, r, q, base, changed, ch, store.File{Name: up.Name, Format: format}, up.Data)
}

// startWhatif stores the change file and starts the what-if run on it,
// then sends the planner to the run's page.
func (wb *workbench) startWhatif(w http.ResponseWriter, r *http.Request, q *webReq, base *whatifBase, changed *model.Cohort, ch *whatif.Changes, f store.File, data []byte) error {
	f.Season, f.Kind, f.Accepted, f.CreatedBy = base.Run.Season, "changes", true, q.User
	file, err := wb.store.AddFile(q.Ctx, f, data)
	if err != nil {
		return err
	}
	tag := q.Lang
	run, err := wb.startRun(q, store.Run{
		Season: base.Run.Season, Kind: "whatif", Cohort: base.Run.Cohort, Base: base.Run.ID, Changes: file.ID,
		Round: max(base.Run.Round, 1), Options: base.Run.Options, CohortFingerprint: changed.Fingerprint(),
	}, func(ctx context.Context, p *runProgress) (runOutput, error) {
		return runWhatif(ctx, tag, p, base.res, changed, ch)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/runs/%d", run.ID), http.StatusSeeOther)
	return nil
}

// diffCell is a cell of a diff's table on the page.
type diffCell struct {
	Text string
	Num  bool
	Href string
}

// diffTable is a table of a diff on the page.
type diffTable struct {
	Name   string
	Header []string
	Rows   [][]diffCell
}

// diffPageData is the diff page's data.
type diffPageData struct {
	Run, Base   store.Run
	Path        string
	ChangesFile store.File
	Warnings    []string
	Summary     diffTable
	Students    diffTable
	Positions   diffTable
}

// whatifRun is the request's what-if run, done.
func (wb *workbench) whatifRun(q *webReq, r *http.Request) (store.Run, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return store.Run{}, err
	}
	run, err := wb.store.Run(q.Ctx, id)
	if err != nil {
		return run, err
	}
	if run.Kind != "whatif" {
		return run, webErrorf(http.StatusNotFound, "Run %d is not a what-if: it has no diff.", run.ID)
	}
	if run.Status != store.Done {
		return run, webErrorf(http.StatusConflict, "Run %d has no result: it is still running, or it failed (its page says why).", run.ID)
	}
	return run, nil
}

// diffPage shows who moved and why, and the positions whose fill changed,
// from the tables stored with the run in the page's language; students
// and positions link to their pages in the what-if's result.
func (wb *workbench) diffPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	run, err := wb.whatifRun(q, r)
	if err != nil {
		return err
	}
	var tables, en []whatif.Table
	for _, t := range []struct {
		tag language.Tag
		dst *[]whatif.Table
	}{{q.Lang, &tables}, {lang.English, &en}} {
		data, err := wb.store.RunBlob(q.Ctx, run.ID, "diff-tables."+langKey(t.tag)+".json")
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, t.dst); err != nil {
			return err
		}
	}
	if len(tables) != 3 || len(en) != 3 {
		return fmt.Errorf("run %d: the diff's tables are not whole", run.ID)
	}
	d := diffPageData{Run: run, Path: fmt.Sprintf("/runs/%d", run.ID)}
	if d.Base, err = wb.store.Run(q.Ctx, run.Base); err != nil {
		return err
	}
	if run.Changes != 0 {
		if d.ChangesFile, err = wb.store.File(q.Ctx, run.Changes); err != nil {
			return err
		}
		// The warnings (columns ignored) of the change file, read again
		// in the page's language.
		if data, err := wb.store.FileData(q.Ctx, run.Changes); err == nil {
			ch, _, _ := readChangesUpload(d.ChangesFile.Name, data)
			d.Warnings = changeWarnings(q.Lang, ch)
		}
	}
	link := func(kind string) func(string) string {
		return func(id string) string {
			if id == "" {
				return ""
			}
			return fmt.Sprintf("%s/%s/%s", d.Path, kind, url.PathEscape(id))
		}
	}
	links := map[string]func(string) string{
		"student": link("students"), "position": link("positions"), "from_position": link("positions"), "to_position": link("positions"),
	}
	for i, dst := range []*diffTable{&d.Summary, &d.Students, &d.Positions} {
		t := tables[i]
		*dst = diffTable{Name: t.Name, Header: t.Header}
		for _, row := range t.Rows {
			cells := make([]diffCell, len(row))
			for j, v := range row {
				switch x := v.(type) {
				case float64:
					cells[j] = diffCell{Text: strconv.FormatFloat(x, 'f', -1, 64), Num: true}
				case string:
					cells[j] = diffCell{Text: x}
				case nil:
				default:
					cells[j] = diffCell{Text: fmt.Sprint(x)}
				}
				if j < len(en[i].Header) && i > 0 {
					if f, ok := links[en[i].Header[j]]; ok {
						cells[j].Href = f(cells[j].Text)
					}
				}
			}
			dst.Rows = append(dst.Rows, cells)
		}
	}
	return wb.render(w, q, "whatif-diff.html", q.Msg.Sprintf("What if: who moves (run %d)", run.ID), d)
}

// diffDownload sends the diff as JSON, CSV or a workbook, in the page's
// language (JSON: reasons in it, the same fields).
func (wb *workbench) diffDownload(w http.ResponseWriter, r *http.Request, q *webReq, ext string) error {
	run, err := wb.whatifRun(q, r)
	if err != nil {
		return err
	}
	name := "diff." + langKey(q.Lang) + "." + ext
	if ext == "json" {
		name = diffJSONName(q.Lang)
	}
	data, err := wb.store.RunBlob(q.Ctx, run.ID, name)
	if err != nil {
		return err
	}
	types := map[string]string{
		"json": "application/json",
		"csv":  "text/csv; charset=utf-8",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	}
	w.Header().Set("Content-Type", types[ext])
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="run-%d-diff-%s.%s"`, run.ID, langKey(q.Lang), ext))
	_, err = w.Write(data)
	return err
}

func init() {
	addWebZh(map[string]string{
		"comparing the results":       "正在比较结果",
		"what-if form":                "假设方案表单",
		"What if: change run %d":      "假设分析：改动运行 %d",
		"What if: who moves (run %d)": "假设分析：谁的去向变了（运行 %d）",
		"The form changes nothing: fill in at least one row, or upload a change file.":                                                                                                "表单没有任何改动：请至少填写一行，或上传改动文件。",
		"Choose a change file to upload (.json, .csv or .xlsx).":                                                                                                                      "请选择要上传的改动文件（.json、.csv 或 .xlsx）。",
		"Run %d is a supplementary round: a what-if changes a main allocation (a round's changes are its responses and the next round's cohort).":                                     "运行 %d 是补录轮次：假设分析只改动主轮分配（轮次的改动是学生回复和下一轮的数据）。",
		"Run %d is not a what-if: it has no diff.":                                                                                                                                    "运行 %d 不是假设分析：没有变动对比。",
		"Change seats, caps or students below, or upload a change file: the run's mechanism and lottery are run again on the changed cohort, and the result shows who moves and why.": "在下方改动名额、上限或学生，或上传改动文件：系统用本次运行的分配方式和抽签在改动后的数据上重新分配，结果显示谁的去向变了及原因。",
		"The changes were not run: %d problems. Fix them and send again.":                                                                                                             "改动未运行：有 %d 个问题。请改正后重新提交。",
		"Name of the scenario": "方案名称",
		"Positions":            "岗位",
		"Seats: added (or removed, with a minus sign); or the new capacity; or withdraw the position.": "名额：增加的名额（减少请加负号）；或新的名额总数；或撤销该岗位。",
		"Row":                    "行",
		"Seats added":            "增加名额",
		"New capacity":           "新名额总数",
		"Withdraw":               "撤销",
		"Enterprise caps":        "企业上限",
		"Enterprise":             "企业",
		"Cap (0: none)":          "上限（0：无）",
		"Region caps and floors": "地区上限和下限",
		"Region":                 "地区",
		"Floor (0: none)":        "下限（0：无）",
		"Students who withdraw":  "退出的学生",
		"Row %d: student IDs, separated by spaces, commas or lines": "第 %d 行：学生编号，用空格、逗号或换行分隔",
		"Run the what-if":         "运行假设分析",
		"More rows":               "更多行",
		"Or upload a change file": "或上传改动文件",
		"Change file: JSON (format placement-changes/1), or a table of changes in .csv or .xlsx": "改动文件：JSON（格式 placement-changes/1），或 .csv、.xlsx 格式的改动表",
		"A table has one row a change; its columns: %s.":                                         "改动表每行一项改动；列为：%s。",
		"Upload and run":                     "上传并运行",
		"changes run %d":                     "改动自运行 %d",
		"Change file":                        "改动文件",
		"Download the diff":                  "下载变动对比",
		"Summary":                            "概要",
		"Students who moved or withdrew: %d": "去向变动或退出的学生：%d 人",
		"Positions whose fill changed: %d":   "录取人数变化的岗位：%d 个",
	})
}
