package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/lang"
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

// whatifOutcome is what a what-if computed.
type whatifOutcome struct {
	Changed  *matching.Result
	Diff     *whatif.Diff
	Findings []string // the changed result's check, in the run's language
	Result   []byte   // the changed result, JSON
	// Blobs: "diff.json" (the diff in English, format placement-whatif/1),
	// "diff.zh.json", "diff.{en,zh}.csv", "diff.{en,zh}.xlsx",
	// "diff-tables.{en,zh}.json" (the tables the page shows) and
	// "cohort.json" (the changed cohort).
	Blobs map[string][]byte
}

// runWhatif reruns base's run on the changed cohort (from
// applyChanges), checks the changed result as solve does, compares, and
// writes the diff in both languages. stage reports its steps.
func runWhatif(ctx context.Context, tag language.Tag, base *matching.Result, changed *model.Cohort, ch *whatif.Changes, stage func(string)) (*whatifOutcome, error) {
	msg := lang.Printer(tag, cat)
	rs := specOf(base)
	stage(msg.Sprintf("solving (%s)", rs.mech.String()))
	res, err := rs.run(ctx, changed, &progress{})
	if err != nil {
		return nil, localError(tag, msg, err)
	}
	stage(msg.Sprintf("checking"))
	out := &whatifOutcome{Changed: res, Blobs: map[string][]byte{}}
	out.Findings = resultFindings(ctx, tag, msg, res)
	stage(msg.Sprintf("comparing"))
	var buf bytes.Buffer
	if err := matching.WriteResultJSON(&buf, res, nil); err != nil {
		return nil, err
	}
	out.Result = bytes.Clone(buf.Bytes())
	for _, t := range whatifLangs {
		d, err := whatif.Compare(base, res, ch)
		if err != nil {
			return nil, err
		}
		wordDiff(lang.Printer(t, cat), d, res)
		if t == tag {
			out.Diff = d
		}
		k := langKey(t)
		name := "diff." + k + ".json"
		if t == lang.English {
			name = "diff.json"
		}
		blobs := []struct {
			name  string
			write func(*bytes.Buffer) error
		}{
			{name, func(b *bytes.Buffer) error { return d.WriteJSON(b) }},
			{"diff." + k + ".csv", func(b *bytes.Buffer) error { return d.WriteCSVIn(b, t) }},
			{"diff." + k + ".xlsx", func(b *bytes.Buffer) error { return writeDiff(b, "diff.xlsx", d, t) }},
			{"diff-tables." + k + ".json", func(b *bytes.Buffer) error { return json.NewEncoder(b).Encode(d.TablesIn(t)) }},
		}
		for _, bl := range blobs {
			var b bytes.Buffer
			if err := bl.write(&b); err != nil {
				return nil, err
			}
			out.Blobs[bl.name] = b.Bytes()
		}
	}
	var cb bytes.Buffer
	if err := model.WriteJSON(&cb, changed); err != nil {
		return nil, err
	}
	out.Blobs["cohort.json"] = cb.Bytes()
	return out, nil
}
