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
	"slices"
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
	"github.com/xuri/excelize/v2"
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
	Line                int // the row's number down the whole form (the change table's)
	Row                 int // its number in its own table, as the page and errors show it
	ID, Seats, Capacity string
	Withdraw            bool
	Problem             bool // an error names this row
}

// whatifCapRow is a row of the form's enterprises (Cap) or regions (Cap
// and Floor).
type whatifCapRow struct {
	Line, Row      int
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
		f.Positions[i].Line, f.Positions[i].Row = line, i+1
	}
	for i := range f.Enterprises {
		line++
		f.Enterprises[i].Line, f.Enterprises[i].Row = line, i+1
	}
	for i := range f.Regions {
		line++
		f.Regions[i].Line, f.Regions[i].Row = line, i+1
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
		if !bytes.HasPrefix(data, []byte("PK\x03\x04")) { // every .xlsx is a zip
			return nil, "", errorKey("%s: not an Excel workbook (.xlsx): open it in Excel and save it as an Excel workbook (.xlsx), then upload it again", name)
		}
		ch, err = readChangesExcel(bytes.NewReader(data), name)
		return ch, "xlsx", err
	}
	ch, err = whatif.ReadChanges(bytes.NewReader(data), name)
	return ch, "json", err
}

// whatifApply applies ch (read with readErr) to c as placement whatif
// does: changes that read with problems are checked against the cohort
// all the same, so that every problem (the reader's and the unknown IDs,
// each with what it was probably meant to be) comes in one error, which
// whatifProblems words and whatifForm.mark locates.
func whatifApply(c *model.Cohort, ch *whatif.Changes, readErr error) (*model.Cohort, error) {
	if readErr != nil && ch == nil {
		return nil, readErr
	}
	return whatif.Apply(c, ch, nil)
}

// whatifProblems words err one problem a line, in language tag: a change
// file's problems each located as whatif words them, anything else as the
// command words it.
func whatifProblems(tag language.Tag, msg *message.Printer, err error) []string {
	var ce *whatif.ChangeError
	if errors.As(err, &ce) {
		out := make([]string, len(ce.Problems))
		for i, p := range ce.Problems {
			out[i] = whatif.ProblemText(p, tag)
		}
		return out
	}
	text := localError(tag, msg, err).Error()
	var out []string
	var ve *model.ValidationError
	if errors.As(err, &ve) { // the cohort as changed: model's problems, worded by model
		text = msg.Sprintf("The cohort as changed does not pass its checks:") + "\n" + ve.Text(tag)
	}
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// whatifFormProblems words the problems of the what-if form, one a line,
// in the page's words: "Row 2, Position: unknown position "P12"…" (the
// row's number as the form shows it, the column by its label on the form),
// the withdrawn students' box by its heading; form is the form's name as
// its change table carries it. Any other error is whatifProblems'.
func whatifFormProblems(tag language.Tag, msg *message.Printer, err error, form string, f *whatifForm) []string {
	var ce *whatif.ChangeError
	if !errors.As(err, &ce) {
		return whatifProblems(tag, msg, err)
	}
	labels := map[string]string{
		"position": msg.Sprintf("Position"), "seats": msg.Sprintf("Seats added"), "capacity": msg.Sprintf("New capacity"),
		"withdraw": msg.Sprintf("Withdraw"), "enterprise": msg.Sprintf("Enterprise"), "region": msg.Sprintf("Region"),
		"cap": msg.Sprintf("Upper limit"), "floor": msg.Sprintf("Lower limit"),
	}
	out := make([]string, len(ce.Problems))
	for i, p := range ce.Problems {
		if p.File != form {
			out[i] = whatif.ProblemText(p, tag)
			continue
		}
		bare := *p
		bare.File, bare.Sheet, bare.Line, bare.Path, bare.Field = "", "", 0, "", ""
		text := whatif.ProblemText(&bare, tag)
		if strings.HasPrefix(p.Err.Error(), "changes nothing of ") {
			text = msg.Sprintf("this row changes nothing: fill in a number (or tick Withdraw)")
		}
		var where string
		switch l, ok := labels[p.Path]; { // a table's problem names its column as its Path
		case p.Path == "students" || (p.Path == "" && strings.Contains(p.Err.Error(), "student")):
			where = msg.Sprintf("Students who withdraw")
		case ok:
			table, row := f.place(p.Line)
			where = msg.Sprintf("%s, row %d, %s", msg.Sprintf(table), row, l)
		default:
			table, row := f.place(p.Line)
			where = msg.Sprintf("%s, row %d", msg.Sprintf(table), row)
		}
		out[i] = msg.Sprintf("%s: %s", where, text)
	}
	return out
}

// place is the table (its heading, an English message) and the row in it
// of the form's line.
func (f *whatifForm) place(line int) (table string, row int) {
	switch n, m := len(f.Positions), len(f.Enterprises); {
	case line <= n:
		return "Positions", line
	case line <= n+m:
		return "Enterprise caps", line - n
	default:
		return "Region caps and floors", line - n - m
	}
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

// whatifSpecOf is the run that made res: its mechanism, objective, lottery and
// seat order, read from the result itself, so that a what-if reruns
// exactly the base run. objective is the one its result file names (""
// unknown): an optimal result rebuilt without its certificate knows its
// objective only so.
func whatifSpecOf(res *matching.Result, objective string) runSpec {
	in := res.Instance()
	rs := runSpec{mech: res.Mechanism(), obj: matching.RankSum}
	if o, ok := res.Optimum(); ok {
		rs.obj = o.Objective
	} else if o, err := matching.ParseObjective(objective); err == nil && objective != "" {
		rs.obj = o
	}
	rs.compile = matching.CompileOptions{Seed: in.Seed(), TieBreak: in.TieBreak(), ReserveOrder: in.ReserveOrder()}
	return rs
}

// whatifLangs are the languages a what-if's diff is stored in.
var whatifLangs = []language.Tag{lang.English, lang.Chinese}

// diffLangKey is the part of a blob's name that says its language.
func diffLangKey(t language.Tag) string {
	if t == lang.Chinese {
		return "zh"
	}
	return "en"
}

// runWhatif is a what-if run's work: base's run (its mechanism, objective,
// lottery and seat order) on the changed cohort (from whatifApply),
// checked as solve checks a result (runOutputOf: a result with findings
// fails the run), then compared with base. Its blobs: "diff.json" (the
// diff in English, format placement-whatif/1), "diff.zh.json",
// "diff.{en,zh}.csv", "diff.{en,zh}.xlsx", "diff-tables.{en,zh}.json" (the
// tables the diff page shows) and "cohort.json" (the changed cohort, on
// which the run's result is rebuilt). The diff's reasons are worded in
// each language as placement whatif words them.
func runWhatif(ctx context.Context, tag language.Tag, p *runProgress, base *matching.Result, objective string, changed *model.Cohort, ch *whatif.Changes) (runOutput, error) {
	res, err := whatifSpecOf(base, objective).solveWeb(ctx, changed, p)
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
		k := diffLangKey(t)
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
		mux.Handle("POST /runs/{id}/whatif", wb.page(wb.whatifPost))
		mux.Handle("POST /runs/{id}/whatif/upload", wb.page(wb.whatifUpload))
		mux.Handle("GET /runs/{id}/diff", wb.page(wb.diffPage))
		mux.Handle("GET /runs/{id}/whatif/template.xlsx", wb.page(wb.whatifTemplate))
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
	Run    store.Run
	Season store.Season // the run's, for the crumbs
	Path   string
	// Mechanism words the run the what-if reruns: its mechanism and
	// objective.
	Mechanism string
	res       *matching.Result
	objective string // the result file's objective ("" none)
}

func (wb *workbench) whatifBaseOf(q *webReq, r *http.Request) (*whatifBase, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	sr, run, err := wb.storedResult(q.Ctx, id)
	if err != nil {
		return nil, err
	}
	res := sr.res
	if res.IsRound() {
		return nil, webErrorf(http.StatusConflict, "Run %d is a supplementary round: a what-if changes a main allocation (a round's changes are its responses and the next round's cohort).", run.ID)
	}
	rs := whatifSpecOf(res, sr.objective)
	season, err := wb.store.Season(q.Ctx, run.Season)
	if err != nil {
		return nil, err
	}
	return &whatifBase{Run: run, Season: season, Path: fmt.Sprintf("/runs/%d", run.ID), Mechanism: runWords(q.Msg, rs.mech, rs.obj.String()),
		res: res, objective: sr.objective}, nil
}

// whatifPageData is the what-if form's data.
type whatifPageData struct {
	Base     *whatifBase
	Form     *whatifForm
	Problems []string // why the changes were refused, located
	Columns  string   // a change table's columns, in words
	// The cohort's IDs for the form's lists of suggestions.
	Positions, Enterprises, Regions []searchHit
}

// whatifRender writes the form with status (200, or 422 with problems).
func (wb *workbench) whatifRender(w http.ResponseWriter, q *webReq, status int, base *whatifBase, f *whatifForm, problems []string) error {
	c := base.res.Instance().Cohort()
	d := whatifPageData{Base: base, Form: f, Problems: problems}
	en, zh := strings.Join(whatif.TableColumns(), ", "), strings.Join(whatif.TableColumnsZh(), "、")
	if q.Lang == lang.Chinese { // the planner's headers first
		d.Columns = q.Msg.Sprintf("A table has one row a change; its columns: %s (or in English: %s).", zh, en)
	} else {
		d.Columns = q.Msg.Sprintf("A table has one row a change; its columns: %s (or in Chinese: %s).", en, zh)
	}
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

// whatifTemplate sends a blank change table: a workbook whose sheet
// "changes" holds only the header, in the page's language (the Chinese
// headers whatif reads), ready to fill in Excel and upload.
func (wb *workbench) whatifTemplate(w http.ResponseWriter, r *http.Request, q *webReq) error {
	if _, err := pathID(r, "id"); err != nil {
		return err
	}
	cols, name := whatif.TableColumns(), "change-table.xlsx"
	if q.Lang == lang.Chinese {
		cols, name = whatif.TableColumnsZh(), "改动表模板.xlsx"
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName(x.GetSheetName(0), changesSheet); err != nil {
		return err
	}
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = c
	}
	if err := x.SetSheetRow(changesSheet, "A1", &row); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return err
	}
	sendBytes(w, name, b.Bytes())
	return nil
}

// whatifPost reads the posted form as a change table, applies it to the
// base run's cohort and starts the what-if; bad changes give the form
// again with their located problems, and nothing is stored or run.
func (wb *workbench) whatifPost(w http.ResponseWriter, r *http.Request, q *webReq) error {
	base, err := wb.whatifBaseOf(q, r)
	if err != nil {
		return err
	}
	// The body is parsed here: a request whose token came in the
	// X-CSRF-Token header has not been parsed by the check.
	if err := r.ParseForm(); err != nil {
		return webErrorf(http.StatusBadRequest, "The form could not be read: send it again.")
	}
	form := r.PostForm
	if form.Get("more") != "" { // more rows, keeping what was typed
		n, _ := strconv.Atoi(form.Get("rows"))
		form.Set("rows", strconv.Itoa(max(n*2, whatifFormRows)))
		return wb.whatifRender(w, q, http.StatusOK, base, parseWhatifForm(form), nil)
	}
	f := parseWhatifForm(form)
	if f.empty() {
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, f, []string{q.Msg.Sprintf("The form changes nothing: fill in at least one row, or upload a change file.")})
	}
	formName := q.Msg.Sprintf("what-if form")
	ch, data, readErr := f.changes(formName)
	if ch == nil && data == nil {
		return readErr // the CSV writer's: cannot happen
	}
	changed, err := whatifApply(base.res.Instance().Cohort(), ch, readErr)
	if err != nil {
		f.mark(err)
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, f, whatifFormProblems(q.Lang, q.Msg, err, formName, f))
	}
	name := f.Name
	if name == "" {
		name = q.Msg.Sprintf("what-if form")
	}
	return wb.startWhatif(w, r, q, base, changed, ch, store.File{Name: name + ".csv", Format: formatCSV}, data)
}

// whatifUpload reads an uploaded change file (field "changes": JSON, CSV
// or .xlsx) and starts the what-if, as whatifPost.
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
	changed, err := whatifApply(base.res.Instance().Cohort(), ch, readErr)
	if err != nil {
		return wb.whatifRender(w, q, http.StatusUnprocessableEntity, base, newWhatifForm(whatifFormRows), whatifProblems(q.Lang, q.Msg, err))
	}
	return wb.startWhatif(w, r, q, base, changed, ch, store.File{Name: up.Name, Format: format}, up.Data)
}

// startWhatif stores the change file and starts the what-if run on it,
// then sends the planner to the run's page.
func (wb *workbench) startWhatif(w http.ResponseWriter, r *http.Request, q *webReq, base *whatifBase, changed *model.Cohort, ch *whatif.Changes, f store.File, data []byte) error {
	f.Season, f.Kind, f.Accepted, f.CreatedBy = base.Run.Season, "changes", true, q.User
	// The same changes sent twice (a double click, two tabs) are one
	// file, and startRun makes them one run.
	file, _, err := wb.store.AddFileOnce(q.Ctx, f, data)
	if err != nil {
		return err
	}
	tag := q.Lang
	run, err := wb.startRun(q, store.Run{
		Season: base.Run.Season, Kind: "whatif", Cohort: base.Run.Cohort, Base: base.Run.ID, Changes: file.ID,
		Round: max(base.Run.Round, 1), Options: base.Run.Options, CohortFingerprint: changed.Fingerprint(),
	}, func(ctx context.Context, p *runProgress) (runOutput, error) {
		return runWhatif(ctx, tag, p, base.res, base.objective, changed, ch)
	})
	if err != nil {
		return err
	}
	// Who moves: the diff page, which sends the planner to the run's page
	// (its progress) while the run is not done.
	http.Redirect(w, r, fmt.Sprintf("/runs/%d/diff", run.ID), http.StatusSeeOther)
	return nil
}

// whatifDiffCell is a cell of a diff's table on the page.
type whatifDiffCell struct {
	Text string
	Num  bool
	Href string
}

// whatifDiffTable is a table of a diff on the page.
type whatifDiffTable struct {
	Name   string
	Header []string
	Rows   [][]whatifDiffCell
}

// whatifDiffData is the diff page's data.
type whatifDiffData struct {
	Run, Base   store.Run
	Season      store.Season
	Gist        string // the diff in one sentence
	Path        string
	ChangesFile store.File
	Warnings    []string
	Summary     whatifDiffTable
	Students    whatifDiffTable
	Positions   whatifDiffTable
}

// diffCell is a cell of a diff's table as the page shows it: a number
// with thousands separators (num), as every page writes counts.
func diffCell(v any) whatifDiffCell {
	switch x := v.(type) {
	case float64:
		return whatifDiffCell{Text: num(x), Num: true}
	case string:
		return whatifDiffCell{Text: x}
	case nil:
		return whatifDiffCell{}
	}
	return whatifDiffCell{Text: fmt.Sprint(v)}
}

// diffGist words a diff's summary in one sentence: who withdrew, who
// moved and how, and the students placed before and after.
func diffGist(msg *message.Printer, s whatif.Summary) string {
	return msg.Sprintf("%s students withdraw; %s other students move: %s to a better choice (%s of them newly placed), %s to a worse one (%s of them now unplaced); placed: %s → %s.",
		num(s.Withdrawn), num(s.Moved), num(s.Better), num(s.NewlyPlaced), num(s.Worse), num(s.NewlyUnplaced), num(s.PlacedBefore), num(s.PlacedAfter))
}

// whatifRun is the request's what-if run, done.
func (wb *workbench) whatifRun(q *webReq, r *http.Request) (store.Run, error) {
	run, err := wb.pathRun(q, r)
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
		if run.Kind == "whatif" && run.Status != store.Done { // running: its progress; failed: why
			http.Redirect(w, r, fmt.Sprintf("/runs/%d", run.ID), http.StatusSeeOther)
			return nil
		}
		return err
	}
	var tables, en []whatif.Table
	for _, t := range []struct {
		tag language.Tag
		dst *[]whatif.Table
	}{{q.Lang, &tables}, {lang.English, &en}} {
		data, err := wb.store.RunBlob(q.Ctx, run.ID, "diff-tables."+diffLangKey(t.tag)+".json")
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
	d := whatifDiffData{Run: run, Path: fmt.Sprintf("/runs/%d", run.ID)}
	if d.Base, err = wb.store.Run(q.Ctx, run.Base); err != nil {
		return err
	}
	if d.Season, err = wb.store.Season(q.Ctx, run.Season); err != nil {
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
	// The page shows the students' table without the columns of school,
	// major, level and home (the downloads have them), and words the
	// summary's total and mechanism as the other pages do.
	hidden := map[string]bool{"school": true, "school_name": true, "major": true, "level": true, "home_region": true, "from_enterprise_name": true, "to_enterprise_name": true}
	for i, dst := range []*whatifDiffTable{&d.Summary, &d.Students, &d.Positions} {
		t, keys := tables[i], en[i].Header
		if len(keys) != len(t.Header) {
			return fmt.Errorf("run %d: the diff's tables in two languages differ", run.ID)
		}
		var cols []int
		for j, k := range keys {
			if !hidden[k] || i != 1 {
				cols = append(cols, j)
			}
		}
		*dst = whatifDiffTable{Name: t.Name}
		for _, j := range cols {
			dst.Header = append(dst.Header, t.Header[j])
		}
		for r, row := range t.Rows {
			cells := make([]whatifDiffCell, 0, len(cols))
			for _, j := range cols {
				var c whatifDiffCell
				if j < len(row) {
					c = diffCell(row[j])
				}
				if f, ok := links[keys[j]]; ok && i > 0 {
					c.Href = f(c.Text)
				}
				cells = append(cells, c)
			}
			if i == 0 && r < len(en[0].Rows) && len(cells) == 2 {
				switch en[0].Rows[r][0] {
				case "students":
					cells[0].Text = q.Msg.Sprintf("students in the cohort")
				case "mechanism":
					if m, err := matching.ParseMechanism(cells[1].Text); err == nil {
						cells[1].Text = mechWord(q.Msg, m)
					}
				}
			}
			dst.Rows = append(dst.Rows, cells)
		}
	}
	if data, err := wb.store.RunBlob(q.Ctx, run.ID, "diff.json"); err == nil {
		var diff whatif.Diff
		if json.Unmarshal(data, &diff) == nil {
			d.Gist = diffGist(q.Msg, diff.Summary)
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
	name := "diff." + diffLangKey(q.Lang) + "." + ext
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
	se, err := wb.store.Season(q.Ctx, run.Season)
	if err != nil {
		return err
	}
	// Named as the run's other downloads: season, run, what-if, "moves".
	w.Header().Set("Content-Disposition", runDispositionOf(q, se, run, ext, "moves", false))
	_, err = w.Write(data)
	return err
}

func init() {
	addWebZh(map[string]string{
		"%s students withdraw; %s other students move: %s to a better choice (%s of them newly placed), %s to a worse one (%s of them now unplaced); placed: %s → %s.": "%s 名学生退出；另有 %s 名学生去向变动：%s 人去向变好（其中 %s 人新获分配），%s 人变差（其中 %s 人变为未分配）；已分配 %s → %s 人。",
		"comparing the results":                                         "正在比较结果",
		"The form could not be read: send it again.":                    "无法读取表单：请重新提交。",
		"this row changes nothing: fill in a number (or tick Withdraw)": "这一行没有任何改动：请填写数字（或勾选撤销）",
		"%s, row %d, %s":                                                "%s 第 %d 行，%s",
		"%s, row %d":                                                    "%s 第 %d 行",
		"%s: %s":                                                        "%s：%s",
		"Upper limit":                                                   "上限",
		"Lower limit":                                                   "下限",
		"what-if form":                                                  "假设方案表单",
		"The cohort as changed does not pass its checks:":                              "改动后的数据未通过校验：",
		"What if: change run %d":                                                       "假设分析：改动运行 %d",
		"What if: who moves (run %d)":                                                  "假设分析：谁的去向变了（运行 %d）",
		"The form changes nothing: fill in at least one row, or upload a change file.": "表单没有任何改动：请至少填写一行，或上传改动文件。",
		"Choose a change file to upload (.json, .csv or .xlsx).":                       "请选择要上传的改动文件（.json、.csv 或 .xlsx）。",
		"Run %d is a supplementary round: a what-if changes a main allocation (a round's changes are its responses and the next round's cohort).": "运行 %d 是补录轮次：假设分析只改动主轮分配（轮次的改动是学生回复和下一轮的数据）。",
		"Run %d is not a what-if: it has no diff.": "运行 %d 不是假设分析：没有变动对比。",
		"Change seats, caps or students below, or upload a change file: the run's mechanism and lottery are run again on the changed cohort, and the result shows who moves and why.": "在下方改动名额、上限或学生，或上传改动文件：系统用本次运行的分配方式和抽签在改动后的数据上重新分配，结果显示谁的去向变了及原因。",
		"The changes were not run; problems found: %d. Fix them and send again.":                                                                                                      "改动未运行：有 %d 个问题。请改正后重新提交。",
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
		"Student IDs, separated by spaces, commas or lines": "学生编号，用空格、逗号或换行分隔",
		"Run the what-if":         "运行假设分析",
		"More rows":               "更多行",
		"Or upload a change file": "或上传改动文件",
		"Change file: JSON (format placement-changes/1), or a table of changes in .csv or .xlsx": "改动文件：.xlsx 或 .csv 格式的改动表，或 JSON 格式的改动文件",
		"A table has one row a change; its columns: %s (or in English: %s).":                     "改动表每行一项改动，第一行为表头；列为：%s（也可用英文表头：%s）。",
		"A table has one row a change; its columns: %s (or in Chinese: %s).":                     "改动表每行一项改动，第一行为表头；列为：%s（也可用中文表头：%s）。",
		"Download a blank change table (.xlsx)":                                                  "下载空白改动表（.xlsx）",
		"Upload and run":                                                                         "上传并运行",
		"The run it changes:":                                                                    "所改动的运行：",
		"Rerun with: %s":                                                                         "重新分配方式：%s",
		"students in the cohort":                                                                 "学生总数",
		"Change file:":                                                                           "改动文件：",
		"Download the diff:":                                                                     "下载变动对比：",
		"Summary":                                                                                "概要",
		"Students who moved or withdrew: %d":                                                     "去向变动或退出的学生：%d 人",
		"Positions whose fill changed: %d":                                                       "录取人数变化的岗位：%d 个",
	})
}

// whatifWithdrawn reports whether student sid withdraws in the what-if
// run (its diff's withdrawn students); false when the diff does not read.
func (wb *workbench) whatifWithdrawn(q *webReq, run store.Run, sid string) bool {
	data, err := wb.store.RunBlob(q.Ctx, run.ID, "diff.json")
	if err != nil {
		return false
	}
	var d whatif.Diff
	if json.Unmarshal(data, &d) != nil {
		return false
	}
	return slices.ContainsFunc(d.Withdrawn, func(x whatif.Withdrawal) bool { return x.Student == sid })
}
