package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// Excel result files live here, in the command: package matching writes
// JSON and CSV and does not import excelize.

// isExcel reports whether a file name asks for an Excel workbook.
func isExcel(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".xlsx") }

// writeResultExcel writes r as a workbook of three to five sheets, in
// language t (below by their English names, the keys of
// matching.ResultName; in Chinese 分配结果, 未分配, 概要, 目标,
// 最优性证书, and each column and summary item in Chinese too):
//
//   - "assignments": a row a placed student: the student's columns
//     (matching.StudentColumns: ID, name, school ID and name, major, level,
//     home region), the position's (matching.PositionColumns: ID, name,
//     enterprise ID and name, region), and rank;
//   - "unplaced": the student's columns and the reason, in words;
//   - "summary": a row a figure (item, value): the format, cohort, its
//     fingerprint (model.Cohort.Fingerprint), mechanism (and objective), lottery and seat order, the totals and
//     the students placed at each rank;
//   - "objective", for an optimal allocation only: criterion, sense (min
//     or max), value, as the JSON file's "objective_value";
//   - "certificate", for an optimal allocation only: the certificate of
//     optimality that check verifies, as the JSON file's "certificate":
//     a phase's potentials in node order, 16 a row (see certificateSheet).
//
// Every sheet is a table as xlsxfile.WriteTable makes it: a bold header
// on a fill, frozen, with filters, columns as wide as their content.
// Readers key on the ID columns (student, position, rank) and ignore the
// others. Students appear in cohort order. Timings are left out, so that
// the same result gives the same bytes. Numbers are numbers.
//
// In Chinese the level is 中职 or 高职, the reason a planner's sentence
// (matching.StudentCellsIn, matching.UnplacedReason) and the summary's
// "placed at choice k" 第 k 志愿人数; the values a program reads (IDs,
// ranks, the format, mechanism and objective code words, the seed, the
// fingerprint, the certificate) are the same in both languages, and
// readResultExcel reads both.
func writeResultExcel(w io.Writer, r *matching.Result, t language.Tag) error {
	return writeResultExcelWith(w, r, t, nil)
}

// writeResultExcelWith is writeResultExcel with, for a round's result,
// the round's items in the summary (matching.RoundSummary), each
// student's answer and previous seat (matching.RoundCells) and, when rr is
// not nil, a sheet of what the round did for each student (roundSheet).
func writeResultExcelWith(w io.Writer, r *matching.Result, t language.Tag, rr *round.Result) error {
	inst := r.Instance()
	c := inst.Cohort()
	f := xlsxfile.New()
	defer f.Close()
	// sheet writes a table of n rows; name and header are keys.
	sheet := func(name string, header []string, n int, row func(i int) []any) error {
		return xlsxfile.WriteTable(f, matching.ResultName(t, name), matching.ResultNames(t, header), n, func(i int) ([]any, error) { return row(i), nil })
	}
	pl, un := r.Placements(), r.Unplaced()
	assigned := make([]matching.Placement, 0, len(pl)-len(un))
	for _, p := range pl {
		if p.Position >= 0 {
			assigned = append(assigned, p)
		}
	}
	var summary [][]any
	msg := lang.Printer(t, cat)
	add := func(item string, v any) {
		summary = append(summary, []any{matching.ResultName(t, item), v, summaryNote(t, msg, item, v)})
	}
	add("format", matching.ResultFormat)
	add("cohort", c.Name())
	add("cohort_fingerprint", c.Fingerprint())
	add("mechanism", r.Mechanism().String())
	o, optimal := r.Optimum()
	if optimal {
		add("objective", o.Objective.String())
	}
	add("tie_break", inst.TieBreak().String())
	add("seed", strconv.FormatUint(inst.Seed(), 10)) // text: a uint64 does not fit a cell's number
	add("reserve_order", inst.ReserveOrder().String())
	for _, kv := range matching.RoundSummary(r) {
		add(kv[0], kv[1])
	}
	add("students_total", inst.Students())
	add("positions_total", inst.Positions())
	add("placed", r.Placed())
	add("unplaced", len(un))
	add("total_rank", r.TotalRank())
	if rr != nil { // what the round did: not read back
		rc := countRound(rr)
		for _, it := range []struct {
			key string
			n   int
		}{{"still looking for a seat", rc.Looking}, {"stayed at their seat", rc.Kept}, {"rose to a better choice", rc.Rose},
			{"newly placed", rc.NewlyPlaced}, {"declined the seat", rc.Declined}, {"withdrew", rc.Withdrew}, {"left in an earlier round", rc.Left}} {
			summary = append(summary, []any{msg.Sprintf(it.key, noArgs...), it.n, ""})
		}
	}
	for k, n := range r.ByRank() {
		if t == lang.Chinese {
			add(fmt.Sprintf("第 %d 志愿人数", k+1), n) // not read back
		} else {
			add(fmt.Sprintf("placed at choice %d", k+1), n)
		}
	}
	cells := func(row []any, ss []string) []any {
		for _, s := range ss {
			row = append(row, s)
		}
		return row
	}
	studentCols, positionCols := matching.StudentColumns(), matching.PositionColumns()
	row := make([]any, 0, len(studentCols)+len(positionCols)+1)
	roundCols := matching.RoundColumns(r.IsRound())
	header := append(append(append(slices.Clone(studentCols), positionCols...), "rank"), roundCols...)
	err := sheet("assignments", header, len(assigned), func(i int) []any {
		p := assigned[i]
		row = cells(row[:0], matching.StudentCellsIn(t, c, p.Student))
		row = cells(row, matching.PositionCells(c, p.Position))
		return cells(append(row, p.Rank), roundCells(t, r, rr, p.Student))
	})
	if err == nil {
		err = sheet("unplaced", append(append(slices.Clone(studentCols), "reason"), roundCols...), len(un), func(i int) []any {
			row = cells(row[:0], matching.StudentCellsIn(t, c, un[i].Student))
			return cells(append(row, matching.UnplacedReason(t, un[i].Reason)), roundCells(t, r, rr, un[i].Student))
		})
	}
	if err == nil && rr != nil {
		err = roundSheet(f, rr, t)
	}
	if err == nil {
		err = xlsxfile.WriteTable(f, matching.ResultName(t, "summary"), append(matching.ResultNames(t, []string{"item", "value"}), msg.Sprintf("meaning")),
			len(summary), func(i int) ([]any, error) { return summary[i], nil })
	}
	if err == nil && optimal {
		err = sheet("objective", []string{"criterion", "sense", "value"}, len(o.Values), func(i int) []any {
			v := o.Values[i]
			return []any{v.Name, sense(v.Maximize), v.Value}
		})
	}
	if err == nil && optimal {
		err = writeCertificateSheet(f, &o.Certificate, t)
	}
	if err == nil {
		err = f.Write(w)
	}
	if err != nil {
		return fmt.Errorf("writing Excel result: %w", err)
	}
	return nil
}

// roundCells are matching.RoundCells for student s, with the answer as
// the planner reads it when the round's outcomes rr are known (a student
// who gave no answer: "no answer (accept)", 未回复（按接受）; one who left
// in an earlier round: 已在前几轮放弃); model.ParseAnswer reads it back as
// the answer applied.
func roundCells(t language.Tag, r *matching.Result, rr *round.Result, s int) []string {
	cs := matching.RoundCells(t, r, s)
	if rr != nil && len(cs) > 0 {
		cs[0] = answerShown(t, rr, s)
	}
	return cs
}

// summaryNote is the planner's words for a summary item's code word (the
// mechanism, the objective, the lottery, the seat order, the round's
// lottery rule, the answers given to those who did not answer, in
// Chinese), in the summary sheet's third column; "" for the others.
func summaryNote(t language.Tag, msg *message.Printer, item string, v any) string {
	code, _ := v.(string)
	switch item {
	case "mechanism":
		return words.Mechanism(t, code)
	case "objective":
		return words.Objective(t, code)
	case "no_answer_placed", "no_answer_unplaced":
		if a, err := model.ParseAnswer(code); err == nil && t == lang.Chinese {
			return matching.AnswerWord(t, a)
		}
	case "tie_break", "reserve_order", "round_lottery":
		if key, ok := codeNotes[code]; ok {
			return msg.Sprintf(key, noArgs...)
		}
	}
	return ""
}

// codeNotes are the summary's code words of the lottery, the seat order
// and the round's lottery rule, in a planner's words (keys of the
// catalogue).
var codeNotes = map[string]string{
	"single":         "one lottery for every position",
	"multiple":       "one lottery per position",
	"reserved-first": "reserved seats fill first",
	"open-first":     "open seats fill first",
	"reversed":       "the previous round's lottery, reversed",
	"same":           "the previous round's lottery",
	"fresh":          "a new lottery",
}

// The certificate sheet: a row holds up to certificateRow potentials of
// one phase, under the header phase, criteria, node, +0, +1, ..., +15:
// the phase's number from 1, its criteria joined by ";", the node of the
// row's first potential (from 0, in the node order of the phase's flow
// network, as in the JSON file), and the potentials of that node and the
// next ones. A potential of 10^15 or more in size is written as text,
// which Excel keeps exactly (a number cell keeps 15 digits).
const (
	certificateSheet = "certificate"
	certificateRow   = 16
	exactInCell      = 1_000_000_000_000_000
)

func writeCertificateSheet(f *excelize.File, cert *matching.Certificate, t language.Tag) error {
	header := matching.ResultNames(t, []string{"phase", "criteria", "node"})
	for j := range certificateRow {
		header = append(header, fmt.Sprintf("+%d", j))
	}
	type rowAt struct{ phase, node int }
	var rows []rowAt
	for i, ph := range cert.Phases {
		for n := 0; n < len(ph.Potentials) || n == 0; n += certificateRow {
			rows = append(rows, rowAt{i, n}) // a phase without potentials still has its row
		}
	}
	row := make([]any, 0, len(header))
	return xlsxfile.WriteTable(f, matching.ResultName(t, certificateSheet), header, len(rows), func(i int) ([]any, error) {
		at := rows[i]
		ph := &cert.Phases[at.phase]
		row = append(row[:0], at.phase+1, strings.Join(ph.Criteria, ";"), at.node)
		for _, v := range ph.Potentials[at.node:min(at.node+certificateRow, len(ph.Potentials))] {
			if v >= exactInCell || v <= -exactInCell {
				row = append(row, strconv.FormatInt(v, 10))
			} else {
				row = append(row, v)
			}
		}
		return row, nil
	})
}

func sense(maximize bool) string {
	if maximize {
		return "max"
	}
	return "min"
}

// readResultExcel reads a result workbook written by solve against its
// cohort, as matching.ReadResultJSON reads a JSON file: the ID columns of
// "assignments" and "unplaced" (the descriptive columns are ignored, and
// workbooks written before they were added read the same), the "summary",
// and for an optimal allocation its "objective" and "certificate" (a
// workbook written before the certificate was added reads without one).
// Sheets, columns and summary items are found by their name in English or
// in Chinese (matching.ResultKey), so that workbooks written under either
// -lang, and before there was a choice, read alike. Every error wraps
// matching.ErrResultFile and names the sheet (by its key) and row; all
// are listed.
func readResultExcel(r io.Reader, name string, c *model.Cohort) (*matching.ResultFile, error) {
	return readResultExcelWith(r, name, c, false)
}

// readResultExcelWith is readResultExcel, reading the workbook as the
// previous round's result when previous is set (as
// matching.ReadOptions.Previous: the cohort is the next round's, its
// fingerprint is not compared, and rows naming students or positions it
// lacks go to ResultFile.Problems). Either way the round's summary items
// and each row's answer and previous seat are read (ResultFile.Round,
// ResultFile.Rows).
func readResultExcelWith(r io.Reader, name string, c *model.Cohort, previous bool) (*matching.ResultFile, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %s: not an Excel workbook (.xlsx): %v", matching.ErrResultFile, name, err)
	}
	defer f.Close()
	// sheets maps the key of each sheet to its name in the workbook (the
	// first of a key, should a workbook have it in both languages).
	sheets := map[string]string{}
	for _, sh := range f.GetSheetList() {
		if k := matching.ResultKey(sh); sheets[k] == "" {
			sheets[k] = sh
		}
	}
	if sheets["assignments"] == "" && sheets["summary"] == "" {
		for _, sh := range f.GetSheetList() {
			if k := model.TableKey(sh); k == "students" || k == "positions" {
				return nil, isCohort(name)
			}
		}
	}
	// chinese: the workbook names its sheets in Chinese (written under
	// -lang zh), so a sheet or column it lacks is named so too.
	chinese := false
	for k, n := range sheets {
		chinese = chinese || n != k
	}
	// named is the name of the sheet of key sheet, as the workbook names
	// it (or would).
	named := func(sheet string) string {
		if n := sheets[sheet]; n != "" {
			return n
		}
		if chinese {
			return matching.ResultName(lang.Chinese, sheet)
		}
		return sheet
	}
	probs := matching.NewResultProblems(c)
	// bad adds a problem of a row of the sheet of key sheet.
	bad := func(sheet string, row int, p matching.ResultProblem) {
		p.Sheet, p.Row = named(sheet), row
		probs.Add(p)
	}
	other := func(format string, args ...any) matching.ResultProblem {
		return matching.ResultProblem{Text: fmt.Sprintf(format, args...)}
	}
	// table reads the sheet of key sheet, whose header names the columns,
	// calling each with the row's cells by column key.
	table := func(sheet string, need []string, each func(row int, cell func(string) string)) {
		rows, err := f.GetRows(sheets[sheet])
		if sheets[sheet] == "" || err != nil || len(rows) == 0 {
			probs.Add(matching.ResultProblem{Kind: "sheet", Value: named(sheet), Text: strings.Join(f.GetSheetList(), ", ")})
			return
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			if _, dup := col[matching.ResultKey(h)]; !dup {
				col[matching.ResultKey(h)] = i
			}
		}
		for _, n := range need {
			if _, ok := col[n]; !ok {
				if sheets[sheet] != sheet { // a sheet named in Chinese: say the column so too
					n = matching.ResultName(lang.Chinese, n)
				}
				bad(sheet, 1, matching.ResultProblem{Kind: "column", Value: n})
				return
			}
		}
		for i, row := range rows[1:] {
			if len(row) == 0 {
				continue
			}
			each(i+2, func(n string) string {
				if j, ok := col[n]; ok && j < len(row) {
					return csvtext.TrimCell(row[j])
				}
				return ""
			})
		}
	}
	out := &matching.ResultFile{Placements: []matching.Placement{}, Rows: []matching.ResultRow{}}
	unknown := matching.NewResultProblems(c) // previous: the IDs c lacks
	unknownStudents := 0
	// missing records a row's ID that c lacks.
	missing := func(sheet string, row int, p matching.ResultProblem) {
		if !previous {
			bad(sheet, row, p)
			return
		}
		if p.Kind == "student" {
			unknownStudents++
		}
		p.Sheet, p.Row = named(sheet), row
		unknown.Add(p)
	}
	student := func(sheet string, row int, id string) (int, bool) {
		s, ok := c.StudentIndex(id)
		if !ok {
			missing(sheet, row, matching.ResultProblem{Kind: "student", Value: id})
		}
		return s, ok
	}
	// rowOf records the row as written, with its round cells.
	rowOf := func(sheet string, row int, cell func(string) string, position string) {
		rw := matching.ResultRow{Student: cell("student"), Position: position, Sheet: named(sheet), Row: row}
		if err := matching.ReadRoundCells(&rw, out.Round.Number, cell("answer"), cell("previous_position"), cell("joined"), cell("new")); err != nil {
			bad(sheet, row, other("%v", err))
		}
		out.Rows = append(out.Rows, rw)
	}
	// The summary first: students or positions the workbook names and
	// the cohort does not have are a consequence of a result of another
	// cohort, or of a change: say that, not the rows.
	summary := map[string]string{}
	table("summary", []string{"item", "value"}, func(_ int, cell func(string) string) {
		summary[matching.ResultKey(cell("item"))] = cell("value")
	})
	out.Format, out.Cohort, out.Mechanism, out.Objective = summary["format"], summary["cohort"], summary["mechanism"], summary["objective"]
	out.TieBreak, out.ReserveOrder = summary["tie_break"], summary["reserve_order"]
	out.Fingerprint = summary["cohort_fingerprint"]
	if !previous {
		if err := matching.CheckCohort(c, out.Cohort, out.Fingerprint); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if out.Round, err = matching.ReadRoundSummary(func(k string) string { return summary[k] }); err != nil {
		bad("summary", 0, other("%v", err))
	}
	table("assignments", []string{"student", "position", "rank"}, func(row int, cell func(string) string) {
		rowOf("assignments", row, cell, cell("position"))
		s, ok := student("assignments", row, cell("student"))
		p, okp := c.PositionIndex(cell("position"))
		if !okp {
			missing("assignments", row, matching.ResultProblem{Kind: "position", Value: cell("position")})
		}
		rank, err := strconv.Atoi(csvtext.NumberCell(cell("rank"))) // full-width digits too, as in CSV
		if err != nil || rank < 1 {
			bad("assignments", row, matching.ResultProblem{Kind: "rank", Value: cell("rank")})
		}
		if ok && okp && err == nil && rank >= 1 {
			out.Placements = append(out.Placements, matching.Placement{Student: s, Position: p, Rank: rank})
		}
	})
	table("unplaced", []string{"student"}, func(row int, cell func(string) string) {
		rowOf("unplaced", row, cell, "")
		if s, ok := student("unplaced", row, cell("student")); ok {
			out.Placements = append(out.Placements, matching.Placement{Student: s, Position: -1})
		}
	})
	if out.Format != "" && out.Format != matching.ResultFormat {
		bad("summary", 0, other("format %q, want %q", out.Format, matching.ResultFormat))
	}
	if v := summary["seed"]; v != "" {
		if out.Seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			bad("summary", 0, other("seed %q is not a whole number", v))
		}
	}
	out.StudentsTotal, _ = strconv.Atoi(summary["students_total"])
	if out.Objective != "" {
		table("objective", []string{"criterion", "sense", "value"}, func(row int, cell func(string) string) {
			v, err := strconv.ParseInt(cell("value"), 10, 64)
			if err != nil {
				bad("objective", row, other("value %q is not a whole number", cell("value")))
			}
			out.ObjectiveValue = append(out.ObjectiveValue, matching.CriterionValue{Name: cell("criterion"), Maximize: cell("sense") == "max", Value: v})
		})
	}
	if out.Objective != "" && sheets[certificateSheet] != "" {
		out.Certificate = &matching.Certificate{Phases: []matching.CertificatePhase{}}
		next := 0 // the node the next row of the phase must start at
		table(certificateSheet, []string{"phase", "criteria", "node"}, func(row int, cell func(string) string) {
			phase, err := strconv.Atoi(cell("phase"))
			switch {
			case err != nil || phase < 1 || phase > len(out.Certificate.Phases)+1:
				bad(certificateSheet, row, other("phase %q, want %d or %d", cell("phase"), max(len(out.Certificate.Phases), 1), len(out.Certificate.Phases)+1))
				return
			case phase == len(out.Certificate.Phases)+1:
				out.Certificate.Phases = append(out.Certificate.Phases, matching.CertificatePhase{Criteria: splitCriteria(cell("criteria")), Potentials: []int64{}})
				next = 0
			}
			ph := &out.Certificate.Phases[phase-1]
			if node, err := strconv.Atoi(cell("node")); err != nil || node != next {
				bad(certificateSheet, row, other("node %q, want %d (the rows of a phase follow each other)", cell("node"), next))
				return
			}
			for j := range certificateRow {
				v := cell(fmt.Sprintf("+%d", j))
				if v == "" {
					break
				}
				n, err := parseExactInt(v)
				if err != nil {
					bad(certificateSheet, row, other("potential %q is not a whole number", v))
					return
				}
				ph.Potentials = append(ph.Potentials, n)
			}
			next = len(ph.Potentials)
		})
	}
	if previous && 2*unknownStudents > len(out.Rows) && len(out.Rows) > 0 {
		return nil, fmt.Errorf("%s: %w", name, &matching.UnrelatedResultError{Unknown: unknownStudents, Students: len(out.Rows), Cohort: c.Name(), Result: out.Cohort})
	}
	if err := probs.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if e, ok := unknown.Err().(*matching.ResultProblemsError); ok {
		out.Problems = e.Problems
	}
	return out, nil
}

// splitCriteria splits the criteria cell of the certificate sheet.
func splitCriteria(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ";")
}

// parseExactInt parses a whole number as a cell holds it: digits, or a
// number cell that a spreadsheet rewrote in another notation ("1E+3"),
// accepted only when it is exactly a whole number.
func parseExactInt(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) >= exactInCell {
		return 0, fmt.Errorf("not a whole number: %q", s)
	}
	return int64(x), nil
}
