package model

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/placement-engine/placement/internal/csvtext"
)

// A cohort is also a set of tables, the form of the CSV format: a table a
// kind of record, named as the CSV files without ".csv", each a header row
// naming the columns and rows of fields spelled as in a CSV file.
// [LoadTables] reads such tables from any [TableSource] (a workbook, a
// database, another spreadsheet format) as [LoadCSV] reads a folder, and
// [Tables] gives a cohort's tables for a writer.

// TableSource is the tables of a cohort, as [LoadTables] reads them. The
// tables are named "cohort", "regions", "schools", "majors",
// "enterprises", "order_classes", "positions" and "students"; their columns
// and fields are those of the CSV files of the same names (see the package
// documentation).
type TableSource interface {
	// Place says where the table name is, or would be, for the problems
	// found in it. It is asked of every table, present or not.
	Place(name string) TablePlace
	// Open returns the rows of the table name. If the source has no such
	// table, it returns an error that wraps [fs.ErrNotExist] and says what
	// is missing: the table is then skipped if it is optional, and if it is
	// "students" or "positions" the problem is the Place's File and the
	// error's text followed by ", which every cohort needs". Any other
	// error is reported as the table's, as an error of [TableRows.Read].
	Open(name string) (TableRows, error)
}

// TablePlace locates a table in a [Problem]: its File and, when the file
// holds several tables, its Sheet. Lines are then rows of the sheet.
type TablePlace struct {
	File  string // the file, or other source, that holds the table
	Sheet string // the table's name in File, or "" when File is the table
}

// TableRows is the rows of one table, read in order: the header row first,
// then the records.
type TableRows interface {
	// Read returns the next row's fields and the 1-based line (or row)
	// where it starts, or io.EOF after the last row. A row whose fields are
	// all empty is skipped, as is any empty field after the header's last
	// column; a row may have fewer fields than the header, the missing ones
	// being empty. LoadTables neither keeps nor modifies fields, so Read
	// may reuse the slice.
	//
	// Any other error stops reading the table and rejects the cohort. It
	// is reported at the line Read returns with it (0 when unknown); an
	// error that wraps neither [ErrSyntax] nor [ErrTooLarge] is wrapped in
	// ErrSyntax.
	Read() (fields []string, line int, err error)
	// Close is called once LoadTables has read the table, even after an
	// error. Its error is ignored.
	Close() error
}

// LoadTables reads a cohort from the tables of src and validates it, as
// [LoadCSV] reads the files of a folder: "students" and "positions" must
// exist; the others are optional. Each table's first row that is not blank
// is its header, naming its columns (surrounding spaces are ignored), and
// each later row that is not blank is a record; "students" or
// "positions" without a header is reported as "the sheet is empty" (or
// "the file is empty" when its TablePlace has no Sheet). Cells are read
// as the package documentation says of cells typed by hand (spaces
// trimmed, full-width digits and separators), and a column the format
// does not know is a warning, kept in the cohort's [Extra].
// [Options.MaxLineBytes] bounds the bytes of a row's fields, all
// together; reading the source within [Options.MaxBytes] (see
// [Options.ByteLimit]) is the source's part.
//
// Problems carry the [TablePlace] of their table and their row's line, so
// a workbook's read as
//
//	group.xlsx: sheet "students" row 12, column "score": student "S11": "abc" is not a number
//
// On any error the result is nil and the error is a *[ValidationError]
// listing every problem found. The tables are read one after another, in
// the order of [TableSource]'s list, each closed before the next is
// opened; records are decoded on up to eight goroutines, but src is used
// only by the goroutine that called LoadTables.
func LoadTables(src TableSource, opts *Options) (*Cohort, error) {
	return newTableState(opts).load(sourceTables{src})
}

// Table is one table of a cohort as [Tables] gives it: its Name and
// Columns (the CSV file's name without ".csv" and its header) and Len
// rows, each a field a column, spelled as in a CSV file.
type Table struct {
	Name    string
	Columns []string
	Len     int
	row     func(i int, fields []string)
}

// Row returns row i (0 <= i < Len) in fields, which must hold
// len(Columns): it is filled and returned. Lists are joined with ";",
// numbers and booleans (false, true) written as strconv writes them, zero
// values left empty. Row panics if i is out of range. Distinct Tables of
// one call may be read concurrently, one goroutine a Table.
func (t *Table) Row(i int, fields []string) []string {
	if i < 0 || i >= t.Len {
		panic(fmt.Sprintf("model: row %d of table %q, which has %d", i, t.Name, t.Len))
	}
	t.row(i, fields[:len(t.Columns)])
	return fields
}

// Tables returns c as tables, in the order and with the columns of the
// files [WriteCSV] writes, so that [LoadTables] reads them back to the same
// [Data]: "cohort" (one row), "regions", "schools", "majors",
// "enterprises", "order_classes", "positions" and "students", every table
// there even when empty. A table's unknown columns, kept from the file it
// was read from ([Extra]), follow its own, with their values. Rows are spelled out on demand from c, which is
// never modified. It refuses a cohort the tables cannot express: a
// position with an empty explicit ranking (which would read back as none).
func Tables(c *Cohort) ([]Table, error) {
	if err := checkTabular(c); err != nil {
		return nil, err
	}
	d := &c.data
	cr := cohortRecord{Name: d.Name, SpecialPostAnyCounty: d.Policy.SpecialPostAnyCounty}
	var buf []string // the students table's choices, reused
	ts := []Table{
		newTable("cohort", cohortColumns, 1, func(int) cohortRecord { return cr }),
		newTable("regions", regionColumns, len(d.Regions), func(i int) regionRecord { return regionFrom(&d.Regions[i]) }),
		newTable("schools", schoolColumns, len(d.Schools), func(i int) schoolRecord { return schoolFrom(&d.Schools[i]) }),
		newTable("majors", majorColumns, len(d.Majors), func(i int) majorRecord { return majorFrom(&d.Majors[i]) }),
		newTable("enterprises", enterpriseColumns, len(d.Enterprises), func(i int) enterpriseRecord { return enterpriseFrom(&d.Enterprises[i]) }),
		newTable("order_classes", orderClassColumns, len(d.OrderClasses), func(i int) orderClassRecord { return orderClassFrom(&d.OrderClasses[i]) }),
		newTable("positions", positionColumns, len(d.Positions), func(i int) positionRecord { return positionFrom(&d.Positions[i]) }),
		newTable("students", studentColumns, len(d.Students), func(i int) studentRecord {
			r := studentFrom(&d.Students[i])
			r.Choices = c.choiceIDs(i, buf)
			if len(r.Choices) > 0 {
				buf = r.Choices // not the cohort's own empty list
			}
			return r
		}),
	}
	for i := range ts {
		d.Extra.extend(&ts[i])
	}
	return ts, nil
}

// newTable is the Table of the records rec(0), ..., rec(n-1), with columns
// cols.
func newTable[R any](name string, cols []column[R], n int, rec func(int) R) Table {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return Table{Name: name, Columns: names, Len: n, row: func(i int, fields []string) {
		r := rec(i)
		for j, c := range cols {
			fields[j] = c.get(&r)
		}
	}}
}

// sourceTables is the tables of a TableSource.
type sourceTables struct{ src TableSource }

func (s sourceTables) where(stem string) where {
	p := s.src.Place(stem)
	return where{file: p.File, sheet: p.Sheet}
}

func (s sourceTables) open(st *csvState, stem string, at where, ent entity, required bool) rowSource {
	rows, err := s.src.Open(stem)
	switch {
	case err == nil:
		return &sourceRows{st: st, at: at, ent: ent, rows: rows, maxLine: st.opts.maxLineBytes()}
	case errors.Is(err, fs.ErrNotExist) && !required:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		st.problem(&Problem{File: at.file, Err: errorf(ErrSyntax, "%v, which every cohort needs", err)})
	default:
		st.problem(at.problem(0, ent, "", "", readError(err)))
	}
	st.fatal = true
	return nil
}

// readError is err as the cause of a Problem: wrapping ErrSyntax unless it
// already wraps one of the sentinels of reading.
func readError(err error) error {
	if errors.Is(err, ErrSyntax) || errors.Is(err, ErrTooLarge) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrSyntax, err)
}

// sourceRows is the rowSource of a TableRows.
type sourceRows struct {
	st      *csvState
	at      where
	ent     entity
	rows    TableRows
	maxLine int
	buf     []string // the fields next returns
	hline   int      // the header's line
	blank   []int    // the columns beyond a sheet's header said to hold values
}

func (t *sourceRows) close() { t.rows.Close() }

func (t *sourceRows) fail(line int, err error) {
	t.st.problem(t.at.problem(line, t.ent, "", "", err))
	t.st.fatal = true
}

// read returns the next row that is not blank and its line, or nil at the
// end or at an error (reported).
func (t *sourceRows) read() ([]string, int) {
	for {
		fields, line, err := t.rows.Read()
		if err == io.EOF {
			return nil, 0
		}
		if err != nil {
			t.fail(line, readError(err))
			return nil, 0
		}
		size := 0
		for _, f := range fields {
			size += len(f)
		}
		if size > t.maxLine {
			t.fail(line, errorf(ErrTooLarge, "a row exceeds %d bytes", t.maxLine))
			return nil, 0
		}
		if size > 0 {
			return fields, line
		}
	}
}

func (t *sourceRows) header(required bool) ([]string, int) {
	h, line := t.read()
	if h == nil && required && !t.st.fatal {
		err := errorf(ErrSyntax, "the file is empty; it needs a header row")
		if t.at.sheet != "" {
			err = errorf(ErrSyntax, "the sheet is empty; it needs a header row")
		}
		t.fail(0, err)
	}
	t.hline = line
	// The header is kept while the rows are read: a copy, since the
	// source may reuse its slice.
	return append([]string(nil), h...), line
}

func (t *sourceRows) next(n int, report func(*Problem)) (fields []string, line int, short, more bool) {
	cells, line := t.read()
	if cells == nil {
		return nil, 0, false, false
	}
	// A row ends at its last field with a value; the header's columns
	// beyond it are empty.
	last := len(cells)
	for last > 0 && cells[last-1] == "" {
		last--
	}
	switch {
	case last > n && t.at.sheet != "":
		// A sheet's header row ends at its last cell with a value: a
		// cell beyond it is in a column with no header, skipped as in
		// CSV (see readTable), and said once a column.
		for j := n; j < last; j++ {
			if cells[j] != "" && !slices.Contains(t.blank, j) {
				t.blank = append(t.blank, j)
				p := t.at.problem(t.hline, t.ent, "", "", errorf(ErrSyntax, "column %d has no header; its values are ignored", j+1))
				p.Severity, p.Entity = SeverityWarning, ""
				report(p)
			}
		}
	case last > n:
		report(t.at.problem(line, t.ent, "", "", errorf(ErrSyntax, "row has %d fields, the header %d", last, n)))
		short = true
	}
	t.buf = append(t.buf[:0], cells[:min(last, n)]...)
	for len(t.buf) < n {
		t.buf = append(t.buf, "")
	}
	return t.buf, line, short, true
}

func (t *sourceRows) estimate(n int) int { return n }

// A table is one entity's rows with a header row naming the columns: a file
// of a CSV folder, or a table of a [TableSource] (a sheet of a workbook).
// Both loaders share everything after a row is split into fields (the
// columns, the decoding of records, validation), so that they find the same
// problems and word them the same; only the place differs: file and line,
// or file, sheet and row.

// where names the file, and in a workbook the sheet, a table comes from.
type where struct{ file, sheet string }

// String names the table in a message: "cohort.csv" or `sheet "cohort"`.
func (w where) String() string {
	if w.sheet != "" {
		return "sheet " + strconv.Quote(w.sheet)
	}
	return w.file
}

func (w where) problem(line int, ent entity, id, field string, err error) *Problem {
	p := &Problem{File: w.file, Sheet: w.sheet, Line: line, ID: id, Field: field, Err: err}
	if ent < numEntities {
		p.Entity = entityNames[ent]
	}
	return p
}

// tables finds each entity's table.
type tables interface {
	// where names the table of an entity, by its stem ("students").
	where(stem string) where
	// open returns the rows of the table stem, at at, or nil when there
	// are none to read: an optional table that is absent, or one that
	// cannot be read (then reported, with st.fatal set).
	open(st *csvState, stem string, at where, ent entity, required bool) rowSource
}

// rowSource yields a table's rows, header first. It reports its problems
// itself, and sets st.fatal at one that stops it.
type rowSource interface {
	// header returns the header row and its line or row, or nil for an
	// empty table (reported if it is required) or one that cannot be read.
	header(required bool) ([]string, int)
	// next returns the next row that is not blank, with at most n fields
	// (the header's), and the line or row where it starts; short means the
	// row had another number of fields than n, already reported. more is
	// false at the end, or at a problem that stops reading.
	next(n int, report func(*Problem)) (fields []string, line int, short, more bool)
	// estimate guesses how many rows the table holds, n having been read
	// (n when it cannot tell), so that the records are allocated once.
	estimate(n int) int
	close()
}

func newTableState(opts *Options) *csvState {
	return &csvState{opts: opts, src: &source{csv: true}, interns: newInterner()}
}

func (st *csvState) problem(p *Problem) { st.src.pre = append(st.src.pre, p) }

// load reads every table of ts and validates the cohort.
func (st *csvState) load(ts tables) (*Cohort, error) {
	var d Data
	if cr, lines := readTable[cohortRecord, cohortRecord](st, ts, "cohort", numEntities, cohortColumns, false); len(cr) > 0 {
		if len(cr) > 1 {
			at := ts.where("cohort")
			st.problem(at.problem(int(lines[1]), numEntities, "", "", errorf(ErrSyntax, "%s has %d rows; it holds one", at, len(cr))))
		}
		d.Name, d.Policy.SpecialPostAnyCounty = cr[0].Name, cr[0].SpecialPostAnyCounty
	}
	d.Regions, st.src.lines[entRegion] = readTable[regionRecord, Region](st, ts, "regions", entRegion, regionColumns, false)
	d.Schools, st.src.lines[entSchool] = readTable[schoolRecord, School](st, ts, "schools", entSchool, schoolColumns, false)
	d.Majors, st.src.lines[entMajor] = readTable[majorRecord, Major](st, ts, "majors", entMajor, majorColumns, false)
	d.Enterprises, st.src.lines[entEnterprise] = readTable[enterpriseRecord, Enterprise](st, ts, "enterprises", entEnterprise, enterpriseColumns, false)
	d.OrderClasses, st.src.lines[entOrderClass] = readTable[orderClassRecord, OrderClass](st, ts, "order_classes", entOrderClass, orderClassColumns, false)
	d.Positions, st.src.lines[entPosition] = readTable[positionRecord, Position](st, ts, "positions", entPosition, positionColumns, true)
	st.posIndex = positionTable(d.Positions)
	d.Students, st.src.lines[entStudent] = readTable[studentRecord, Student](st, ts, "students", entStudent, studentColumns, true)
	if st.fatal {
		// The errors found so far, and the warnings found with them.
		var errs, warns []*Problem
		for _, p := range st.src.pre {
			if p.Severity == SeverityError {
				errs = append(errs, p)
			} else {
				warns = append(warns, p)
			}
		}
		return nil, &ValidationError{Problems: errs, Warnings: warns}
	}
	d.Extra = st.extra
	return build(d, st.opts, st.src)
}

// readTable reads one entity's table. ent is numEntities for the cohort's.
func readTable[R any, T any, PR interface {
	*R
	record[T]
}](st *csvState, ts tables, stem string, ent entity, cols []column[R], required bool) ([]T, []int32) {
	at := ts.where(stem)
	if ent < numEntities {
		st.src.file[ent], st.src.sheet[ent] = at.file, at.sheet
	}
	t := ts.open(st, stem, at, ent, required)
	if t == nil {
		return nil, nil
	}
	defer t.close()
	header, hline := t.header(required)
	if header == nil {
		return nil, nil
	}
	preBefore := len(st.src.pre)
	setters := make([]func(*R, string, *csvState) error, len(header))
	names := make([]string, len(header))
	keys := make([]string, len(header)) // each known column's English name
	seen := map[string]bool{}           // the unknown columns, as written
	written := map[string]string{}      // each known column's header, as written
	zh := false                         // a known column is named in Chinese
	var extra, blank []int              // blank: the columns of extra with no header
	for i, h := range header {
		h = csvtext.TrimCell(strings.TrimSpace(h))
		names[i] = h
		key := columnKey(stem, h)
		known := slices.IndexFunc(cols, func(c column[R]) bool { return c.name == key })
		switch {
		case h == "":
			// A column with no header, as Excel leaves after a table
			// whose cells were once typed in: skipped, and said only
			// if it holds a value (see readRows).
			blank = append(blank, len(extra))
			extra = append(extra, i)
			continue
		case known >= 0 && written[key] == h:
			st.problem(at.problem(hline, ent, "", h, errorf(ErrSyntax, "column %q appears twice", h)))
			continue
		case known >= 0 && written[key] != "":
			// The same column in two languages, or two spellings.
			st.problem(at.problem(hline, ent, "", h, errorf(ErrSyntax, "column %q is column %q again; keep one of them", h, written[key])))
			continue
		case known < 0 && seen[h]:
			// A planner's own column given twice (two notes columns):
			// ignored and kept, as the first.
			p := at.problem(hline, ent, "", h, errorf(ErrSyntax, "unknown column %q appears twice; both are ignored (and kept when the cohort is written as CSV or Excel)", h))
			p.Severity, p.Entity = SeverityWarning, ""
			st.problem(p)
			extra = append(extra, i)
			continue
		}
		if known >= 0 {
			setters[i], keys[i], written[key] = cols[known].set, key, h
			zh = zh || !isASCII(h)
			continue
		}
		// A planner's own column, such as notes: said, ignored, and
		// kept for the writers; with the column it was probably meant
		// to be, when it is a near miss of one.
		seen[h] = true
		err := errorf(ErrSyntax, "unknown column %q is ignored (it is kept when the cohort is written as CSV or Excel)", h)
		if near := nearColumn(stem, h); near != "" {
			err = errorf(ErrSyntax, "unknown column %q is ignored (it is kept when the cohort is written as CSV or Excel); did you mean %q?", h, near)
		}
		p := at.problem(hline, ent, "", h, err)
		p.Severity, p.Entity = SeverityWarning, ""
		st.problem(p)
		extra = append(extra, i)
	}
	for _, req := range requiredColumns[stem] {
		if written[req] == "" {
			name := req
			if zh {
				name = columnZhName(stem, req)
			}
			st.problem(at.problem(hline, ent, "", name, errorf(ErrSyntax, "missing column %q", name)))
			st.fatal = true
		}
	}
	if ent < numEntities {
		// Validation's problems name a column as the header does, and
		// one it lacks in Chinese when the header is in Chinese.
		for _, c := range cols {
			h := written[c.name]
			if h == "" && zh {
				h = columnZhName(stem, c.name)
			}
			if h != "" && h != c.name {
				if st.src.cols[ent] == nil {
					st.src.cols[ent] = map[string]string{}
				}
				st.src.cols[ent][c.name] = h
			}
		}
	}
	rows := &csvRows[R, T, PR]{st: st, at: at, ent: ent, names: names, keys: keys, setters: setters, stem: stem, extra: extra, blank: blank, hline: hline}
	if f, ok := t.(*csvFile); ok && !st.fatal && len(st.src.pre) == preBefore && len(blank) == 0 {
		// A clean header: try reading the rows in parallel. Anything
		// unusual and the rows are read by t, which still stands at the
		// first row.
		if out, ok := readParallel(f, rows); ok {
			out.commit(st)
			return out.recs, out.lines
		}
	}
	return rows.readRows(t, len(header))
}

// readRows reads the rows of t, in order, and decodes them in batches by a
// pool of workers, each with its own interner; results are applied in order.
func (c *csvRows[R, T, PR]) readRows(t rowSource, n int) ([]T, []int32) {
	nw := 1
	if c.ent == entStudent {
		nw = workers()
	}
	acc := csvAccum[T]{ent: c.ent}
	var readProbs []*Problem // problems of reading, kept apart from the pool's
	estimate := 0            // records the table is guessed to hold, from its first batch
	pool := newOrderedPool(nw, c.st.worker, c.decode, func(res csvResult[T]) { acc.add(res, estimate) })
	const batchSize = 2048
	newBatch := func() csvBatch {
		return csvBatch{fields: make([]string, 0, batchSize*n), start: make([]int, 1, batchSize+1)}
	}
	b := newBatch()
	report := func(p *Problem) { readProbs = append(readProbs, p) }
	for {
		fields, line, short, more := t.next(n, report)
		if !more {
			break
		}
		b.fields = append(b.fields, fields...)
		b.start = append(b.start, len(b.fields))
		b.lines = append(b.lines, line)
		b.short = append(b.short, short)
		if len(b.lines) == batchSize {
			if estimate == 0 {
				estimate = t.estimate(batchSize)
			}
			pool.submit(b)
			b = newBatch()
		}
	}
	if len(b.lines) > 0 {
		pool.submit(b)
	}
	pool.wait()
	// The problems of reading come first, as they were found first; the
	// order of problems on one line is kept when they are sorted.
	c.st.src.pre = append(c.st.src.pre, readProbs...)
	acc.commit(c.st)
	c.keepExtra(acc.extraIDs, acc.extraVals)
	return acc.recs, acc.lines
}

// keepExtra keeps the values of the unknown columns (vals, those of the
// record ids[k] at vals[k*len(c.extra):]) in the cohort's Extra, but for
// the columns with no header: of those it says, once a column, that a
// value is ignored, naming the column by its number.
func (c *csvRows[R, T, PR]) keepExtra(ids, vals []string) {
	n := len(c.extra)
	if n == 0 {
		return
	}
	for _, k := range c.blank {
		for r := k; r < len(vals); r += n {
			if vals[r] != "" {
				p := c.at.problem(c.hline, c.ent, "", "", errorf(ErrSyntax, "column %d has no header; its values are ignored", c.extra[k]+1))
				p.Severity, p.Entity = SeverityWarning, ""
				c.st.problem(p)
				break
			}
		}
	}
	keep := make([]int, 0, n) // of extra
	for k := range c.extra {
		if !slices.Contains(c.blank, k) {
			keep = append(keep, k)
		}
	}
	if len(keep) == 0 {
		return
	}
	names := make([]string, len(keep))
	for j, k := range keep {
		names[j] = c.names[c.extra[k]]
	}
	if len(keep) < n {
		kept := make([]string, 0, len(ids)*len(keep))
		for r := 0; r+n <= len(vals); r += n {
			for _, k := range keep {
				kept = append(kept, vals[r+k])
			}
		}
		vals = kept
	}
	c.st.addExtra(c.stem, names, ids, vals)
}
