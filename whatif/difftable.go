package whatif

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
)

// Table is one table of a diff as a spreadsheet shows it: a name (the
// sheet's), a header, and rows whose cells are strings or integers (int, int64).
type Table struct {
	Name   string
	Header []string
	Rows   [][]any
}

// Tables returns the diff as the tables of a workbook, with the names of
// students, schools, majors, regions, positions and enterprises beside
// their IDs (from the base cohort; empty for a Diff not made by
// [Compare]):
//
//   - "summary": item, value: the scenario's name, the mechanism and the
//     counts of [Summary], under their JSON names;
//   - "students": a row a student who moved or withdrew, in cohort order:
//     change ("moved" or "withdrawn"), effect ("better", "worse", or empty
//     for a withdrawal), the student's columns (matching.StudentColumns),
//     then for the position held before and the one after: its ID, name,
//     enterprise name and the rank (empty when unplaced), and why, in
//     words;
//   - "positions": a row a position whose fill changed, in cohort order:
//     the position's columns (matching.PositionColumns), before, after, and
//     what the change file did to it, its enterprise or region.
func (d *Diff) Tables() []Table { return d.TablesIn(lang.English) }

// TablesIn returns [Diff.Tables] in language t: in Chinese (any Chinese
// tag) the sheet names, column headers, summary items, the words of the
// change and effect columns and the students' levels are Chinese
// (matching.ResultName for the columns a result file shares); IDs,
// names, numbers and the reasons (already worded by whoever made the Diff)
// are as they are. Any other t gives English, the same as Tables.
func (d *Diff) TablesIn(t language.Tag) []Table {
	tables := []Table{d.summaryTable(), d.studentTable(t), d.positionTable()}
	for i := range tables {
		tb := &tables[i]
		tb.Name = diffName(t, tb.Name)
		for j, h := range tb.Header {
			tb.Header[j] = diffName(t, h)
		}
		if i == 0 { // the summary's items
			for _, r := range tb.Rows {
				r[0] = diffItemName(t, r[0].(string))
			}
		}
	}
	return tables
}

// diffZh is the Chinese of the diff tables' own names; the columns they
// share with result files are matching's.
var diffZh = map[string]string{
	"summary": "概要", "students": "变动学生", "positions": "名额变动岗位",
	"item": "项目", "value": "数值", "name": "方案名称", "mechanism": "分配方式",
	"withdrawn": "退出", "withdrawn_placed": "退出前已分配", "moved": "去向变动",
	"better": "更好", "worse": "更差", "newly_placed": "新分配", "newly_unplaced": "新未分配",
	"placed_before": "变动前已分配", "placed_after": "变动后已分配",
	"total_rank_before": "变动前志愿位次总和", "total_rank_after": "变动后志愿位次总和",
	"fill_changed": "录取人数变化的岗位", "change": "变动", "effect": "结果",
	"from_position": "原岗位", "from_position_name": "原岗位名称", "from_enterprise_name": "原企业名称", "from_rank": "原志愿位次",
	"to_position": "新岗位", "to_position_name": "新岗位名称", "to_enterprise_name": "新企业名称", "to_rank": "新志愿位次",
	"why": "原因", "before": "变动前", "after": "变动后", "changes": "所做变动",
}

// diffItemZh is the Chinese of the summary items whose key is also the
// name of a sheet or column with another meaning: the summary's
// "students" counts every student of the cohort, the sheet "students"
// lists those who moved or withdrew (变动学生).
var diffItemZh = map[string]string{"students": "学生总数"}

// diffItemName is the name of summary item key in language t.
func diffItemName(t language.Tag, key string) string {
	if b, _ := t.Base(); b.String() == "zh" {
		if zh, ok := diffItemZh[key]; ok {
			return zh
		}
	}
	return diffName(t, key)
}

// diffName is the name of key in language t.
func diffName(t language.Tag, key string) string {
	if b, _ := t.Base(); b.String() != "zh" {
		return key
	}
	if zh, ok := diffZh[key]; ok {
		return zh
	}
	return matching.ResultName(t, key)
}

func (d *Diff) summaryTable() Table {
	s := d.Summary
	summary := Table{Name: "summary", Header: []string{"item", "value"}}
	for _, kv := range []struct {
		k string
		v any
	}{
		{"name", d.Name}, {"mechanism", d.Mechanism}, {"students", d.Students},
		{"withdrawn", s.Withdrawn}, {"withdrawn_placed", s.WithdrawnPlaced},
		{"moved", s.Moved}, {"better", s.Better}, {"worse", s.Worse},
		{"newly_placed", s.NewlyPlaced}, {"newly_unplaced", s.NewlyUnplaced},
		{"placed_before", s.PlacedBefore}, {"placed_after", s.PlacedAfter},
		{"total_rank_before", s.TotalRankBefore}, {"total_rank_after", s.TotalRankAfter},
		{"fill_changed", s.FillChanged},
	} {
		summary.Rows = append(summary.Rows, []any{kv.k, kv.v})
	}
	return summary
}

// studentTable is the "students" table, its change and effect words and
// the students' levels in language tag (the header is named by TablesIn).
func (d *Diff) studentTable(tag language.Tag) Table {
	h := []string{"change", "effect"}
	h = append(h, matching.StudentColumns()...)
	h = append(h, "from_position", "from_position_name", "from_enterprise_name", "from_rank",
		"to_position", "to_position_name", "to_enterprise_name", "to_rank", "why")
	t := Table{Name: "students", Header: h, Rows: [][]any{}}
	// The two lists, merged in cohort order.
	type row struct {
		s    int
		cell []any
	}
	var rows []row
	index := func(id string) int {
		if d.cohort != nil {
			if s, ok := d.cohort.StudentIndex(id); ok {
				return s
			}
		}
		return -1
	}
	for _, m := range d.Moves {
		effect := "worse"
		if m.Better {
			effect = "better"
		}
		s := index(m.Student)
		r := append([]any{diffName(tag, "moved"), diffName(tag, effect)}, d.studentCells(tag, m.Student, s)...)
		r = append(r, d.positionCells(m.From, m.FromRank)...)
		r = append(r, d.positionCells(m.To, m.ToRank)...)
		rows = append(rows, row{s, append(r, m.Why)})
	}
	for _, w := range d.Withdrawn {
		s := index(w.Student)
		r := append([]any{diffName(tag, "withdrawn"), ""}, d.studentCells(tag, w.Student, s)...)
		r = append(r, d.positionCells(w.Position, w.Rank)...)
		r = append(r, d.positionCells("", 0)...)
		rows = append(rows, row{s, append(r, diffName(tag, "withdrawn"))})
	}
	// Moves and withdrawals are each in cohort order; merge them.
	moves, gone := rows[:len(d.Moves)], rows[len(d.Moves):]
	for len(moves) > 0 || len(gone) > 0 {
		if len(gone) == 0 || (len(moves) > 0 && moves[0].s < gone[0].s) {
			t.Rows, moves = append(t.Rows, moves[0].cell), moves[1:]
		} else {
			t.Rows, gone = append(t.Rows, gone[0].cell), gone[1:]
		}
	}
	return t
}

// studentCells are the cells of matching.StudentColumns for the student
// id, at index s of the cohort (-1: only the ID is known), in language t.
func (d *Diff) studentCells(t language.Tag, id string, s int) []any {
	var cells []string
	if s >= 0 {
		cells = matching.StudentCellsIn(t, d.cohort, s)
	} else {
		cells = make([]string, len(matching.StudentColumns()))
		cells[0] = id
	}
	return anys(cells)
}

// positionCells are a position's ID, name, enterprise name and the
// student's rank of it; all empty for "" (unplaced).
func (d *Diff) positionCells(id string, rank int) []any {
	if id == "" {
		return []any{"", "", "", ""}
	}
	name, ent := "", ""
	if d.cohort != nil {
		if p, ok := d.cohort.PositionIndex(id); ok {
			name = d.cohort.Positions()[p].Name
			if e := d.cohort.PositionEnterprise(p); e >= 0 {
				ent = d.cohort.Enterprises()[e].Name
			}
		}
	}
	return []any{id, name, ent, rank}
}

func (d *Diff) positionTable() Table {
	h := append(matching.PositionColumns(), "before", "after", "changes")
	t := Table{Name: "positions", Header: h, Rows: [][]any{}}
	for _, f := range d.Fills {
		var cells []any
		if p, ok := d.positionIndex(f.Position); ok {
			cells = anys(matching.PositionCells(d.cohort, p))
		} else {
			cells = make([]any, len(matching.PositionColumns()))
			for i := range cells {
				cells[i] = ""
			}
			cells[0] = f.Position
		}
		t.Rows = append(t.Rows, append(cells, f.Before, f.After, f.Changes))
	}
	return t
}

func (d *Diff) positionIndex(id string) (int, bool) {
	if d.cohort == nil {
		return 0, false
	}
	return d.cohort.PositionIndex(id)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// WriteCSV writes the diff's "students" table ([Diff.Tables]: who moved
// or withdrew, with names beside IDs and why) as CSV: what a planner
// publishes. A CSV file holds one table; the summary and the positions
// whose fill changed are in the JSON ([Diff.WriteJSON]) and workbook
// forms.
//
// The file starts with a UTF-8 byte order mark, so that Excel opens its
// Chinese names right.
func (d *Diff) WriteCSV(w io.Writer) error { return d.WriteCSVIn(w, lang.English) }

// WriteCSVIn is [Diff.WriteCSV] in language t: the header and the words of
// [Diff.TablesIn]'s "students" table.
func (d *Diff) WriteCSVIn(w io.Writer, tag language.Tag) error {
	t := d.TablesIn(tag)[1]
	if err := csvtext.WriteBOM(w); err != nil {
		return fmt.Errorf("whatif: writing diff: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Write(t.Header)
	rec := make([]string, len(t.Header))
	for _, r := range t.Rows {
		for i, v := range r {
			rec[i] = cellText(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("whatif: writing diff: %w", err)
	}
	return nil
}

// cellText is a cell as CSV text.
func cellText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}
