package model

import (
	"strconv"
	"strings"
)

// A table is one entity's rows with a header row naming the columns: a file
// of a CSV folder or a sheet of a workbook. Both loaders share everything
// after a row is split into fields (the columns, the decoding of records,
// validation), so that they find the same problems and word them the same;
// only the place differs: file and line, or workbook, sheet and row.

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
	// open returns the table's rows, or nil when there are none to read:
	// an optional table that is absent, or one that cannot be read (then
	// reported, with st.fatal set).
	open(st *csvState, at where, ent entity, required bool) rowSource
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
		return nil, &ValidationError{Problems: st.src.pre}
	}
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
	t := ts.open(st, at, ent, required)
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
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		names[i] = h
		if seen[h] {
			st.problem(at.problem(hline, ent, "", h, errorf(ErrSyntax, "column %q appears twice", h)))
			continue
		}
		seen[h] = true
		for _, c := range cols {
			if c.name == h {
				setters[i] = c.set
			}
		}
		if setters[i] == nil {
			st.problem(at.problem(hline, ent, "", h, errorf(ErrSyntax, "unknown column %q", h)))
		}
	}
	for _, req := range requiredColumns[stem] {
		if !seen[req] {
			st.problem(at.problem(hline, ent, "", req, errorf(ErrSyntax, "missing column %q", req)))
			st.fatal = true
		}
	}
	rows := &csvRows[R, T, PR]{st: st, at: at, ent: ent, names: names, setters: setters}
	if f, ok := t.(*csvFile); ok && !st.fatal && len(st.src.pre) == preBefore {
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
	return acc.recs, acc.lines
}
