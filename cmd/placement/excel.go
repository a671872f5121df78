package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/matching"
)

// Excel result files live here, in the command: package matching writes
// JSON and CSV and does not import excelize.

// isExcel reports whether a file name asks for an Excel workbook.
func isExcel(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".xlsx") }

// writeResultExcel writes r as a workbook of three sheets:
//
//   - "assignments": student, position, rank (as in the CSV result);
//   - "unplaced": student, reason;
//   - "summary": a row a figure (item, value): the format, cohort,
//     mechanism (and objective), lottery and seat order, the totals, the
//     students placed at each rank and, for an optimal allocation, each
//     criterion's value.
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
	if optimal {
		for _, v := range o.Values {
			add("objective: "+v.Name, v.Value)
		}
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
	if err == nil {
		err = f.Write(w)
	}
	if err != nil {
		return fmt.Errorf("writing Excel result: %w", err)
	}
	return nil
}
