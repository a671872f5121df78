package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Extra is the columns of a cohort's tables that the formats do not know,
// such as a planner's own notes column (备注), with their values: the
// tabular readers ([LoadCSV], [LoadTables], package model/xlsx) warn of
// each such column, ignore it, and keep it here, so that the tabular
// writers ([WriteCSV], [Tables], the workbook writer) write it back after
// the known columns. The JSON format has no place for them: [ReadJSON]
// gives none and [WriteJSON] writes none.
//
// Values are kept by table and record ID (the "cohort" table, which has no
// ID, under ""), not by position, so that they follow their records through
// [Cohort.Data] and [New], as a what-if study does: a record the cohort no
// longer has drops its values, and a new one has none.
//
// An Extra is immutable, and a nil *Extra has no columns: its methods are
// safe for concurrent use, on nil too.
type Extra struct {
	tables map[string]*extraTable
}

// extraTable is the extra columns of one table.
type extraTable struct {
	columns []string
	values  map[string][]string // by record ID, a value a column
}

// Columns returns the names of the extra columns of table ("students",
// "positions", ..., "cohort"), in the order they were read, or nil. The
// slice is the caller's.
func (e *Extra) Columns(table string) []string {
	if e == nil || e.tables[table] == nil {
		return nil
	}
	return slices.Clone(e.tables[table].columns)
}

// Value returns the value of the extra column of table for the record with
// the given ID ("" for the "cohort" table), or "" when there is none.
func (e *Extra) Value(table, id, column string) string {
	if e == nil || e.tables[table] == nil {
		return ""
	}
	t := e.tables[table]
	i := slices.Index(t.columns, column)
	if vals := t.values[id]; i >= 0 && vals != nil {
		return vals[i]
	}
	return ""
}

// Equal reports whether e and o hold the same columns and values (nil and
// an Extra without columns are equal). go-cmp uses it.
func (e *Extra) Equal(o *Extra) bool {
	n := func(x *Extra) int {
		if x == nil {
			return 0
		}
		return len(x.tables)
	}
	if n(e) != n(o) {
		return false
	}
	if n(e) == 0 {
		return true
	}
	for name, t := range e.tables {
		u := o.tables[name]
		if u == nil || !slices.Equal(t.columns, u.columns) || len(t.values) != len(u.values) {
			return false
		}
		for id, v := range t.values {
			if w, ok := u.values[id]; !ok || !slices.Equal(v, w) {
				return false
			}
		}
	}
	return true
}

// GoString spells e's columns and values, tables and IDs in order, so
// that %#v of a [Data] is the same for the same values.
func (e *Extra) GoString() string {
	if e == nil {
		return "(*model.Extra)(nil)"
	}
	var b strings.Builder
	b.WriteString("&model.Extra{")
	for _, name := range slices.Sorted(maps.Keys(e.tables)) {
		t := e.tables[name]
		fmt.Fprintf(&b, "%q: %#v{", name, t.columns)
		for _, id := range slices.Sorted(maps.Keys(t.values)) {
			fmt.Fprintf(&b, "%q: %#v, ", id, t.values[id])
		}
		b.WriteString("}, ")
	}
	b.WriteString("}")
	return b.String()
}

// Extra returns the columns the cohort's tables had that the formats do
// not know, with their values, or nil when there were none (see [Extra]).
func (c *Cohort) Extra() *Extra { return c.data.Extra }

// addExtra keeps the extra columns of table, their values by record ID;
// the first record of an ID keeps its values.
func (st *csvState) addExtra(table string, columns []string, ids []string, values []string) {
	if len(columns) == 0 {
		return
	}
	t := &extraTable{columns: columns, values: make(map[string][]string, len(ids))}
	n := len(columns)
	for k, id := range ids {
		if _, dup := t.values[id]; !dup {
			t.values[id] = values[k*n : (k+1)*n : (k+1)*n]
		}
	}
	if st.extra == nil {
		st.extra = &Extra{tables: map[string]*extraTable{}}
	}
	st.extra.tables[table] = t
}

// extend adds the extra columns of t's table, if any, after its own: each
// row's values are those of the record whose ID is in its first column
// ("" for the cohort table).
func (e *Extra) extend(t *Table) {
	if e == nil || e.tables[t.Name] == nil {
		return
	}
	x := e.tables[t.Name]
	n := len(t.Columns)
	t.Columns = append(slices.Clip(t.Columns), x.columns...)
	row, isCohort := t.row, t.Name == "cohort"
	t.row = func(i int, fields []string) {
		row(i, fields[:n])
		id := ""
		if !isCohort {
			id = fields[0]
		}
		vals := x.values[id]
		for j := range x.columns {
			fields[n+j] = ""
			if vals != nil {
				fields[n+j] = vals[j]
			}
		}
	}
}
