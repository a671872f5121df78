package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Excel result files live here, in the command: package matching writes
// JSON and CSV and does not import excelize.

// isExcel reports whether a file name asks for an Excel workbook.
func isExcel(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".xlsx") }

// writeResultExcel writes r as a workbook of three or four sheets:
//
//   - "assignments": student, position, rank (as in the CSV result);
//   - "unplaced": student, reason;
//   - "summary": a row a figure (item, value): the format, cohort,
//     mechanism (and objective), lottery and seat order, the totals and
//     the students placed at each rank;
//   - "objective", for an optimal allocation only: criterion, sense (min
//     or max), value, as the JSON file's "objective_value".
//
// Students appear in cohort order. Timings are left out, so that the same
// result gives the same bytes. Numbers are numbers.
func writeResultExcel(w io.Writer, r *matching.Result) error {
	inst := r.Instance()
	c := inst.Cohort()
	st, ps := c.Students(), c.Positions()
	f := xlsxfile.New()
	defer f.Close()
	// sheet writes a header and n rows.
	sheet := func(name string, header []any, n int, row func(i int) []any) error {
		return xlsxfile.WriteSheet(f, name, n+1, func(i int) ([]any, error) {
			if i == 0 {
				return header, nil
			}
			return row(i - 1), nil
		})
	}
	pl, un := r.Placements(), r.Unplaced()
	assigned := make([]matching.Placement, 0, len(pl)-len(un))
	for _, p := range pl {
		if p.Position >= 0 {
			assigned = append(assigned, p)
		}
	}
	var summary [][]any
	add := func(item string, v any) { summary = append(summary, []any{item, v}) }
	add("format", matching.ResultFormat)
	add("cohort", c.Name())
	add("mechanism", r.Mechanism().String())
	o, optimal := r.Optimum()
	if optimal {
		add("objective", o.Objective.String())
	}
	add("tie_break", inst.TieBreak().String())
	add("seed", strconv.FormatUint(inst.Seed(), 10)) // text: a uint64 does not fit a cell's number
	add("reserve_order", inst.ReserveOrder().String())
	add("students_total", inst.Students())
	add("positions_total", inst.Positions())
	add("placed", r.Placed())
	add("unplaced", len(un))
	add("total_rank", r.TotalRank())
	for k, n := range r.ByRank() {
		add(fmt.Sprintf("placed at choice %d", k+1), n)
	}
	err := sheet("assignments", []any{"student", "position", "rank"}, len(assigned), func(i int) []any {
		p := assigned[i]
		return []any{st[p.Student].ID, ps[p.Position].ID, p.Rank}
	})
	if err == nil {
		err = sheet("unplaced", []any{"student", "reason"}, len(un), func(i int) []any {
			return []any{st[un[i].Student].ID, un[i].Reason.String()}
		})
	}
	if err == nil {
		err = sheet("summary", []any{"item", "value"}, len(summary), func(i int) []any { return summary[i] })
	}
	if err == nil && optimal {
		err = sheet("objective", []any{"criterion", "sense", "value"}, len(o.Values), func(i int) []any {
			v := o.Values[i]
			return []any{v.Name, sense(v.Maximize), v.Value}
		})
	}
	if err == nil {
		err = f.Write(w)
	}
	if err != nil {
		return fmt.Errorf("writing Excel result: %w", err)
	}
	return nil
}

func sense(maximize bool) string {
	if maximize {
		return "max"
	}
	return "min"
}

// readResultExcel reads a result workbook written by solve against its
// cohort, as matching.ReadResultJSON reads a JSON file (without the
// certificate, which a workbook does not carry). Every error wraps
// matching.ErrResultFile and names the sheet and row; all are listed.
func readResultExcel(r io.Reader, name string, c *model.Cohort) (*matching.ResultFile, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %s: not an Excel workbook (.xlsx): %v", matching.ErrResultFile, name, err)
	}
	defer f.Close()
	var errs []error
	bad := func(sheet string, row int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s: sheet %q row %d: %s", matching.ErrResultFile, name, sheet, row, fmt.Sprintf(format, args...)))
	}
	// table reads a sheet whose header names the columns, calling each with
	// the row's cells by column name.
	table := func(sheet string, need []string, each func(row int, cell func(string) string)) {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) == 0 {
			errs = append(errs, fmt.Errorf("%w: %s: no sheet %q with a header row", matching.ErrResultFile, name, sheet))
			return
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			if _, dup := col[strings.TrimSpace(h)]; !dup {
				col[strings.TrimSpace(h)] = i
			}
		}
		for _, n := range need {
			if _, ok := col[n]; !ok {
				bad(sheet, 1, "no column %q", n)
				return
			}
		}
		for i, row := range rows[1:] {
			if len(row) == 0 {
				continue
			}
			each(i+2, func(n string) string {
				if j, ok := col[n]; ok && j < len(row) {
					return strings.TrimSpace(row[j])
				}
				return ""
			})
		}
	}
	out := &matching.ResultFile{Placements: []matching.Placement{}}
	student := func(sheet string, row int, id string) (int, bool) {
		s, ok := c.StudentIndex(id)
		if !ok {
			bad(sheet, row, "unknown student %q", id)
		}
		return s, ok
	}
	table("assignments", []string{"student", "position", "rank"}, func(row int, cell func(string) string) {
		s, ok := student("assignments", row, cell("student"))
		p, okp := c.PositionIndex(cell("position"))
		if !okp {
			bad("assignments", row, "unknown position %q", cell("position"))
		}
		rank, err := strconv.Atoi(cell("rank"))
		if err != nil || rank < 1 {
			bad("assignments", row, "rank %q, want a number from 1", cell("rank"))
		}
		if ok && okp && err == nil && rank >= 1 {
			out.Placements = append(out.Placements, matching.Placement{Student: s, Position: p, Rank: rank})
		}
	})
	table("unplaced", []string{"student"}, func(row int, cell func(string) string) {
		if s, ok := student("unplaced", row, cell("student")); ok {
			out.Placements = append(out.Placements, matching.Placement{Student: s, Position: -1})
		}
	})
	summary := map[string]string{}
	table("summary", []string{"item", "value"}, func(_ int, cell func(string) string) { summary[cell("item")] = cell("value") })
	out.Format, out.Cohort, out.Mechanism, out.Objective = summary["format"], summary["cohort"], summary["mechanism"], summary["objective"]
	out.TieBreak, out.ReserveOrder = summary["tie_break"], summary["reserve_order"]
	if out.Format != "" && out.Format != matching.ResultFormat {
		errs = append(errs, fmt.Errorf("%w: %s: format %q, want %q", matching.ErrResultFile, name, out.Format, matching.ResultFormat))
	}
	if v := summary["seed"]; v != "" {
		if out.Seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: sheet \"summary\": seed %q is not a whole number", matching.ErrResultFile, name, v))
		}
	}
	out.StudentsTotal, _ = strconv.Atoi(summary["students_total"])
	if out.Objective != "" {
		table("objective", []string{"criterion", "sense", "value"}, func(row int, cell func(string) string) {
			v, err := strconv.ParseInt(cell("value"), 10, 64)
			if err != nil {
				bad("objective", row, "value %q is not a whole number", cell("value"))
			}
			out.ObjectiveValue = append(out.ObjectiveValue, matching.CriterionValue{Name: cell("criterion"), Maximize: cell("sense") == "max", Value: v})
		})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
