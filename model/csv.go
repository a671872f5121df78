package model

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/text/transform"

	"github.com/placement-engine/placement/internal/csvtext"
)

// The CSV format is a folder with one file an entity, each with a header
// row naming its columns in any order. See the package documentation for the
// columns.

// column is one CSV column of a record type R.
type column[R any] struct {
	name string
	set  func(r *R, v string, st *csvState) error
	get  func(r *R) string
}

var (
	studentColumns = []column[studentRecord]{
		{"id", func(r *studentRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *studentRecord) string { return r.ID }},
		{"name", func(r *studentRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *studentRecord) string { return r.Name }},
		{"school", setRef(func(r *studentRecord) *ref { return &r.School }), getRef(func(r *studentRecord) *ref { return &r.School })},
		{"major", setRef(func(r *studentRecord) *ref { return &r.Major }), getRef(func(r *studentRecord) *ref { return &r.Major })},
		{"level", func(r *studentRecord, v string, st *csvState) error {
			r.Level = st.intern(csvtext.TrimCell(v))
			return nil
		}, func(r *studentRecord) string { return r.Level }},
		{"region", setRef(func(r *studentRecord) *ref { return &r.Region }), getRef(func(r *studentRecord) *ref { return &r.Region })},
		{"score", func(r *studentRecord, v string, _ *csvState) error { return parseFloat(v, &r.Score) }, func(r *studentRecord) string { return formatFloat(r.Score) }},
		{"special_post", func(r *studentRecord, v string, _ *csvState) error { return parseBool(v, &r.SpecialPost) }, func(r *studentRecord) string { return formatBool(r.SpecialPost) }},
		{"order_class", setRef(func(r *studentRecord) *ref { return &r.OrderClass }), getRef(func(r *studentRecord) *ref { return &r.OrderClass })},
		{"choices", func(r *studentRecord, v string, st *csvState) error { r.Choices = st.choices(v); return nil }, func(r *studentRecord) string { return strings.Join(r.Choices, ";") }},
	}
	positionColumns = []column[positionRecord]{
		{"id", func(r *positionRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *positionRecord) string { return r.ID }},
		{"name", func(r *positionRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *positionRecord) string { return r.Name }},
		{"enterprise", setRef(func(r *positionRecord) *ref { return &r.Enterprise }), getRef(func(r *positionRecord) *ref { return &r.Enterprise })},
		{"region", setRef(func(r *positionRecord) *ref { return &r.Region }), getRef(func(r *positionRecord) *ref { return &r.Region })},
		{"capacity", func(r *positionRecord, v string, _ *csvState) error { return parseInt(v, &r.Capacity) }, func(r *positionRecord) string { return strconv.Itoa(r.Capacity) }},
		{"majors", func(r *positionRecord, v string, st *csvState) error { r.Majors = st.list(v); return nil }, func(r *positionRecord) string { return strings.Join(r.Majors, ";") }},
		{"min_score", func(r *positionRecord, v string, _ *csvState) error { return parseFloat(v, &r.MinScore) }, func(r *positionRecord) string { return formatFloat(r.MinScore) }},
		{"special_post", func(r *positionRecord, v string, _ *csvState) error { return parseBool(v, &r.SpecialPost) }, func(r *positionRecord) string { return formatBool(r.SpecialPost) }},
		{"reserved", func(r *positionRecord, v string, _ *csvState) error { return parseReserved(v, &r.Reserved) }, func(r *positionRecord) string { return formatReserved(r.Reserved) }},
		{"min_fill", func(r *positionRecord, v string, _ *csvState) error { return parseInt(v, &r.MinFill) }, func(r *positionRecord) string { return formatInt(r.MinFill) }},
		{"target", func(r *positionRecord, v string, _ *csvState) error { return parseInt(v, &r.Target) }, func(r *positionRecord) string { return formatInt(r.Target) }},
		{"ranking", func(r *positionRecord, v string, st *csvState) error { r.Ranking = st.list(v); return nil }, func(r *positionRecord) string { return strings.Join(r.Ranking, ";") }},
	}
	enterpriseColumns = []column[enterpriseRecord]{
		{"id", func(r *enterpriseRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *enterpriseRecord) string { return r.ID }},
		{"name", func(r *enterpriseRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *enterpriseRecord) string { return r.Name }},
		{"region", setRef(func(r *enterpriseRecord) *ref { return &r.Region }), getRef(func(r *enterpriseRecord) *ref { return &r.Region })},
		{"cap", func(r *enterpriseRecord, v string, _ *csvState) error { return parseInt(v, &r.Cap) }, func(r *enterpriseRecord) string { return formatInt(r.Cap) }},
	}
	regionColumns = []column[regionRecord]{
		{"id", func(r *regionRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *regionRecord) string { return r.ID }},
		{"name", func(r *regionRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *regionRecord) string { return r.Name }},
		{"kind", func(r *regionRecord, v string, _ *csvState) error {
			r.Kind = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *regionRecord) string { return r.Kind }},
		{"cap", func(r *regionRecord, v string, _ *csvState) error { return parseInt(v, &r.Cap) }, func(r *regionRecord) string { return formatInt(r.Cap) }},
		{"floor", func(r *regionRecord, v string, _ *csvState) error { return parseInt(v, &r.Floor) }, func(r *regionRecord) string { return formatInt(r.Floor) }},
	}
	schoolColumns = []column[schoolRecord]{
		{"id", func(r *schoolRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *schoolRecord) string { return r.ID }},
		{"name", func(r *schoolRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *schoolRecord) string { return r.Name }},
		{"level", func(r *schoolRecord, v string, _ *csvState) error {
			r.Level = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *schoolRecord) string { return r.Level }},
		{"region", setRef(func(r *schoolRecord) *ref { return &r.Region }), getRef(func(r *schoolRecord) *ref { return &r.Region })},
	}
	majorColumns = []column[majorRecord]{
		{"id", func(r *majorRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *majorRecord) string { return r.ID }},
		{"name", func(r *majorRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *majorRecord) string { return r.Name }},
	}
	orderClassColumns = []column[orderClassRecord]{
		{"id", func(r *orderClassRecord, v string, _ *csvState) error {
			r.ID = strings.Clone(csvtext.TrimCell(v))
			return nil
		}, func(r *orderClassRecord) string { return r.ID }},
		{"name", func(r *orderClassRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *orderClassRecord) string { return r.Name }},
		{"enterprise", setRef(func(r *orderClassRecord) *ref { return &r.Enterprise }), getRef(func(r *orderClassRecord) *ref { return &r.Enterprise })},
	}
	cohortColumns = []column[cohortRecord]{
		{"name", func(r *cohortRecord, v string, _ *csvState) error { r.Name = strings.Clone(v); return nil }, func(r *cohortRecord) string { return r.Name }},
		{"special_post_any_county", func(r *cohortRecord, v string, _ *csvState) error { return parseBool(v, &r.SpecialPostAnyCounty) }, func(r *cohortRecord) string { return formatBool(r.SpecialPostAnyCounty) }},
	}
)

// cohortRecord is the one row of cohort.csv.
type cohortRecord struct {
	Name                 string
	SpecialPostAnyCounty bool
}

func (r *cohortRecord) model() (cohortRecord, []fieldError) { return *r, nil }

// required columns by entity; the others may be absent.
var requiredColumns = map[string][]string{
	"students":  {"id", "choices"},
	"positions": {"id", "capacity"},
}

func setRef[R any](f func(*R) *ref) func(*R, string, *csvState) error {
	return func(r *R, v string, st *csvState) error { *f(r) = ref(st.intern(csvtext.TrimCell(v))); return nil }
}

func getRef[R any](f func(*R) *ref) func(*R) string {
	return func(r *R) string { return string(*f(r)) }
}

func parseInt(v string, out *int) error {
	s := csvtext.NumberCell(v)
	if s == "" {
		*out = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return errorf(ErrSyntax, "%q is not a whole number", v)
	}
	if n < -MaxCapacity-1 || n > MaxCapacity+1 {
		// Out of any valid range: keep it out of range without overflow.
		n = max(min(n, MaxCapacity+1), -1)
	}
	*out = int(n)
	return nil
}

func formatInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func parseFloat(v string, out *float64) error {
	s := csvtext.NumberCell(v)
	if s == "" {
		*out = 0
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return errorf(ErrSyntax, "%q is not a number", v)
	}
	*out = f
	return nil
}

func formatFloat(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func parseBool(v string, out *bool) error {
	switch strings.ToLower(csvtext.NumberCell(v)) {
	case "", "false", "0", "no", "n", "否":
		*out = false
	case "true", "1", "yes", "y", "是":
		*out = true
	default:
		return errorf(ErrSyntax, "%q is not true or false", v)
	}
	return nil
}

func formatBool(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// parseReserved reads "CATEGORY=SEATS[/empty];…".
func parseReserved(v string, out *[]reserveRecord) error {
	*out = nil
	if v = csvtext.ListCell(v); v == "" {
		return nil
	}
	for part := range strings.SplitSeq(v, ";") {
		cat, rest, ok := strings.Cut(part, "=")
		if !ok {
			return errorf(ErrSyntax, "reserve %q is not CATEGORY=SEATS", part)
		}
		seats, unused, _ := strings.Cut(rest, "/")
		r := reserveRecord{Category: csvtext.TrimCell(cat), Unused: csvtext.TrimCell(unused)}
		if err := parseInt(seats, &r.Seats); err != nil || csvtext.NumberCell(seats) == "" {
			return errorf(ErrSyntax, "reserve %q: seats %q is not a whole number", part, seats)
		}
		*out = append(*out, r)
	}
	return nil
}

func formatReserved(rs []reserveRecord) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Category + "=" + strconv.Itoa(r.Seats)
		if r.Unused != "" {
			parts[i] += "/" + r.Unused
		}
	}
	return strings.Join(parts, ";")
}

// csvState reads one folder of CSV files or one workbook.
type csvState struct {
	fsys    fs.FS
	dir     string
	opts    *Options
	src     *source
	interns *interner
	lists   slab
	buf     []string
	// posIndex maps position IDs to their first record's index once
	// positions.csv is read. Workers only read it.
	posIndex  *idIndex
	choicePos []int32          // a worker's positions of the choices it decoded
	unknown   map[int32]string // the texts of the unknown ones, by offset in choicePos
	fatal     bool             // a file or column is missing, or a file could not be read to its end
	extra     *Extra           // the unknown columns read so far
}

func (st *csvState) intern(v string) string { return st.interns.string(v) }

// list splits a ";"-separated list of IDs, interning each (see listCell
// for the other separators and the spaces it drops).
func (st *csvState) list(v string) []string {
	if v = csvtext.ListCell(v); v == "" {
		return nil
	}
	st.buf = st.buf[:0]
	for part := range strings.SplitSeq(v, ";") {
		st.buf = append(st.buf, st.intern(part))
	}
	return st.lists.copy(st.buf)
}

// choices splits a student's ";"-separated choices and resolves each
// against the positions, appending their indices (-1 for unknown, with the
// text kept in st.unknown) to st.choicePos. It keeps no strings: the
// cohort holds the lists as indices. The list is read as listCell spells
// it; since nearly every cell is plain, the cell is first split as it is,
// and read again as listCell spells it only when a part is no position's
// ID and the cell is not plain, so that plain cells cost no extra scan.
func (st *csvState) choices(v string) []string {
	start := len(st.choicePos)
	retried := false
	for rest, more := v, v != ""; more; {
		var part string
		part, rest, more = strings.Cut(rest, ";")
		k, ok := st.posIndex.get(part)
		if !ok && !retried && !csvtext.PlainList(v) {
			// Typed by hand: no part is unknown yet, so only the
			// positions found so far are to be taken back.
			st.choicePos, retried = st.choicePos[:start], true
			v = csvtext.ListCell(v)
			rest, more = v, v != ""
			continue
		}
		if !ok {
			k = -1
			if st.unknown == nil {
				st.unknown = make(map[int32]string)
			}
			st.unknown[int32(len(st.choicePos))] = st.intern(part)
		}
		st.choicePos = append(st.choicePos, k)
	}
	return nil
}

// worker returns the state of one decoding goroutine: its own interner,
// slab and buffers, the shared table of positions read only.
func (st *csvState) worker() *csvState {
	return &csvState{opts: st.opts, interns: newInterner(), posIndex: st.posIndex}
}

// LoadCSV reads a cohort from the CSV files in folder dir of fsys (use "."
// for the root) and validates it. students.csv and positions.csv must
// exist; the other files (cohort.csv, enterprises.csv, regions.csv,
// schools.csv, majors.csv, order_classes.csv) are optional. Files are UTF-8
// (with or without a byte order mark), UTF-16 with one, or GB18030 (GBK),
// detected as the package documentation says. On any error the result is nil and the
// error is a *[ValidationError] listing every problem found in every file.
func LoadCSV(fsys fs.FS, dir string, opts *Options) (*Cohort, error) {
	st := newTableState(opts)
	st.fsys, st.dir = fsys, dir
	folder := csvFolder{files: map[string]string{}}
	for _, stem := range append([]string{"cohort"}, entityKeys[:]...) {
		// A table's file is named in English or in Chinese (学生.csv):
		// one of them, not both.
		var found []string
		for _, n := range TableNames(stem) {
			if _, err := fs.Stat(fsys, path.Join(dir, n+".csv")); err == nil {
				found = append(found, n+".csv")
			}
		}
		switch {
		case len(found) > 1:
			st.problem(&Problem{File: found[0], Err: errorf(ErrSyntax, "files %s and %s are the same table (%s); keep one of them", found[0], found[1], stem)})
			st.fatal = true
		case len(found) == 1:
			folder.files[stem] = found[0]
		}
	}
	return st.load(folder)
}

// csvFolder is the tables of a CSV folder: one file an entity, in st.fsys
// and st.dir; files names the file of each table found under a name of
// it other than its English one.
type csvFolder struct{ files map[string]string }

func (f csvFolder) where(stem string) where {
	if n, ok := f.files[stem]; ok {
		return where{file: n}
	}
	return where{file: stem + ".csv"}
}

func (csvFolder) open(st *csvState, _ string, at where, ent entity, required bool) rowSource {
	f, err := st.fsys.Open(path.Join(st.dir, at.file))
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist) && !required:
			return nil
		case errors.Is(err, fs.ErrNotExist):
			st.problem(at.problem(0, ent, "", "", errorf(ErrSyntax, "the folder has no %s, which every cohort needs", at.file)))
		default:
			st.problem(at.problem(0, ent, "", "", fmt.Errorf("%w: %v", ErrSyntax, err)))
		}
		st.fatal = true
		return nil
	}
	name := path.Join(st.dir, at.file)
	reopen := func() (io.ReadCloser, error) { return st.fsys.Open(name) }
	det := csvtext.Detect(f, reopen, st.opts.maxBytes())
	enc := det.Encoding
	// Back to the start: by seeking when the file can, else by opening it
	// again.
	if !rewind(f) {
		f.Close()
		if f, err = st.fsys.Open(name); err != nil {
			st.problem(at.problem(0, ent, "", "", fmt.Errorf("%w: %v", ErrSyntax, err)))
			st.fatal = true
			return nil
		}
	}
	if det.BadLine > 0 {
		f.Close()
		st.problem(&Problem{File: at.file, Line: det.BadLine, Err: encodingError(det)})
		st.fatal = true
		return nil
	}
	t := &csvFile{st: st, at: at, ent: ent, f: f, enc: enc}
	var in io.Reader = f
	if enc != csvtext.UTF8 {
		st.problem(&Problem{Severity: SeverityWarning, File: at.file,
			Err: errorf(ErrEncoding, "converted from %s to UTF-8", enc)})
		in = transform.NewReader(f, enc.Decoder())
	}
	br := bufio.NewReaderSize(in, 1<<16)
	// A byte order mark is no part of the first field, even a quoted one.
	if b, _ := br.Peek(len(csvtext.BOM)); string(b) == csvtext.BOM {
		br.Discard(len(csvtext.BOM))
		t.skip = int64(len(csvtext.BOM))
	}
	t.lim = &csvLimiter{r: br, maxLine: st.opts.maxLineBytes(), maxBytes: st.opts.maxBytes()}
	t.r = csv.NewReader(t.lim)
	t.r.ReuseRecord = true
	t.r.FieldsPerRecord = 0
	return t
}

// rewind seeks f back to its start, if it can.
func rewind(f fs.File) bool {
	s, ok := f.(io.Seeker)
	if !ok {
		return false
	}
	_, err := s.Seek(0, io.SeekStart)
	return err == nil
}

// encodingError is the cause of a problem of a file's bytes (see
// [csvtext.Detect]), one message of the catalogue a case.
func encodingError(d csvtext.Detection) error {
	switch {
	case d.Mixed:
		return errorf(ErrEncoding, "mixed encodings: bytes that are not UTF-8 in a file of UTF-8 text (a cell pasted from a GBK file?); retype them, or save the file again as \"CSV UTF-8\"")
	case d.Encoding == csvtext.GB18030:
		return errorf(ErrEncoding, "bytes that are neither UTF-8 nor GB18030 (GBK) text, the encodings of CSV files that Excel saves; save the file as \"CSV UTF-8\"")
	}
	return errorf(ErrEncoding, "bytes that are not %s text, though the file starts with its byte order mark", d.Encoding)
}

// csvFile is the rows of one CSV file.
type csvFile struct {
	st   *csvState
	at   where
	ent  entity
	f    fs.File
	enc  csvtext.Encoding // converted to UTF-8 as read, unless UTF-8
	skip int64            // bytes of a byte order mark before what r reads
	lim  *csvLimiter
	r    *csv.Reader
}

func (t *csvFile) close() { t.f.Close() }

func (t *csvFile) fail(line int, err error) {
	t.st.problem(t.at.problem(line, t.ent, "", "", err))
	t.st.fatal = true
}

func (t *csvFile) header(required bool) ([]string, int) {
	header, err := t.r.Read()
	if err != nil && err != io.EOF && (t.lim.lineOver || t.lim.bytesOver) {
		t.fail(t.lim.lines+1, csvErr(err, t.lim))
		return nil, 0
	}
	if err == io.EOF {
		if required {
			t.fail(0, errorf(ErrSyntax, "the file is empty; it needs a header row"))
		}
		return nil, 0
	}
	if err != nil {
		t.fail(1, csvErr(err, t.lim))
		return nil, 0
	}
	return header, 1
}

func (t *csvFile) next(n int, report func(*Problem)) (fields []string, line int, short, more bool) {
	for {
		fields, err := t.r.Read()
		if err == io.EOF {
			return nil, 0, false, false
		}
		short := false
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			switch {
			case pe != nil && errors.Is(err, csv.ErrFieldCount):
				// Keep what the row holds, so that references to it
				// resolve, and say nothing more of it.
				report(t.at.problem(line, t.ent, "", "", errorf(ErrSyntax, "row has %d fields, the header %d", len(fields), n)))
				short = true
				fields = fields[:min(len(fields), n)]
			case pe != nil && !t.lim.lineOver && !t.lim.bytesOver:
				report(t.at.problem(line, t.ent, "", "", csvErr(err, t.lim)))
				continue // the reader goes on at the next line
			}
			if !short {
				if t.lim.lineOver || t.lim.bytesOver {
					line = t.lim.lines + 1
				}
				report(t.at.problem(line, t.ent, "", "", csvErr(err, t.lim)))
				t.st.fatal = true
				return nil, 0, false, false
			}
		}
		line, _ := t.r.FieldPos(0)
		if len(fields) == 1 && fields[0] == "" && n > 1 {
			continue // a blank line
		}
		return fields, line, short, true
	}
}

func (t *csvFile) estimate(n int) int { return estimateRows(t.f, n, t.r.InputOffset()) }

// readParallel tries the parallel reader on students.csv (see
// csvRows.readParallel): only for a clean header, and never again for the
// rows of t, which still stands at the first row if it gives up.
func readParallel[R any, T any, PR interface {
	*R
	record[T]
}](t *csvFile, rows *csvRows[R, T, PR]) (csvAccum[T], bool) {
	if rows.ent != entStudent || !csvParallel || t.enc != csvtext.UTF8 {
		return csvAccum[T]{}, false
	}
	return rows.readParallel(t.skip + t.r.InputOffset())
}

// csvBatch holds rows back to back: row i's fields are
// fields[start[i]:start[i+1]], read from line lines[i].
type csvBatch struct {
	fields []string
	start  []int
	lines  []int
	short  []bool // fewer or more fields than the header (already reported)
	probs  []*Problem
}

// csvResult is a batch decoded.
type csvResult[T any] struct {
	recs      []T
	lines     []int32
	bad       []badRec // by index in the batch
	probs     []*Problem
	counts    []int32 // choices by record (students only)
	choicePos []int32
	unknown   map[int32]string
	failed    bool // the parallel reader met what only the sequential one reads right
	// The values of the unknown columns, a record's back to back, and the
	// records' IDs; only when the table has such columns.
	extraIDs, extraVals []string
}

// csvAccum gathers results in order; commit hands them to the csvState.
type csvAccum[T any] struct {
	ent   entity
	recs  []T
	lines []int32
	bad   []badRec
	probs []*Problem
	src   source // choices only

	extraIDs, extraVals []string
}

func (a *csvAccum[T]) add(res csvResult[T], estimate int) {
	a.probs = append(a.probs, res.probs...)
	a.extraIDs = append(a.extraIDs, res.extraIDs...)
	a.extraVals = append(a.extraVals, res.extraVals...)
	if len(res.recs) == 0 {
		return // a chunk of blank lines, say
	}
	if a.recs == nil {
		a.recs = make([]T, 0, max(estimate, len(res.recs)))
		a.lines = make([]int32, 0, cap(a.recs))
	}
	for _, b := range res.bad {
		a.bad = append(a.bad, badRec{len(a.recs) + b.idx, b.fields})
	}
	a.recs = append(a.recs, res.recs...)
	a.lines = append(a.lines, res.lines...)
	if res.counts != nil {
		if a.src.choicePos == nil && len(res.recs) > 0 {
			// Sized from the first batch, like recs.
			per := float64(len(res.choicePos)) / float64(len(res.recs))
			a.src.choicePos = make([]int32, 0, int(per*float64(cap(a.recs))*1.02)+len(res.choicePos))
		}
		a.src.addChoices(res.counts, res.choicePos, res.unknown)
	}
}

func (a *csvAccum[T]) commit(st *csvState) {
	st.src.pre = append(st.src.pre, a.probs...)
	for _, b := range a.bad {
		if a.ent < numEntities {
			st.src.markBad(a.ent, b.idx, b.fields)
		}
	}
	if a.src.choiceStart != nil {
		st.src.choiceStart, st.src.choicePos, st.src.unknownChoice = a.src.choiceStart, a.src.choicePos, a.src.unknownChoice
	}
}

// csvRows decodes the rows of one table, a CSV file or a sheet, whose
// header gave names and setters.
type csvRows[R any, T any, PR interface {
	*R
	record[T]
}] struct {
	st      *csvState
	at      where
	ent     entity
	names   []string // the headers, as written
	keys    []string // each known column's English name, "" for the others
	setters []func(*R, string, *csvState) error
	stem    string
	extra   []int // the unknown columns, kept in the cohort's Extra
	blank   []int // the columns of extra with no header, not kept
	hline   int   // the header's line
}

// decode turns a batch of rows into records. It runs on a worker, w.
func (c *csvRows[R, T, PR]) decode(w *csvState, b csvBatch) csvResult[T] {
	n := len(b.lines)
	res := csvResult[T]{recs: make([]T, 0, n), lines: make([]int32, 0, n), probs: b.probs}
	if c.ent == entStudent {
		res.counts = make([]int32, 0, n)
	}
	w.choicePos, w.unknown = w.choicePos[:0], nil
	for r := range n {
		before := len(w.choicePos)
		fields, line := b.fields[b.start[r]:b.start[r+1]], b.lines[r]
		var rec R
		var id string
		for i, v := range fields {
			if c.keys[i] == "id" {
				id = csvtext.TrimCell(v)
			}
		}
		// A problem keeps a copy of the ID, not the chunk it is part of.
		problem := func(field string, err error) {
			res.probs = append(res.probs, c.at.problem(line, c.ent, strings.Clone(id), field, err))
		}
		// The fields that fail are not checked further; the record's
		// others are, so that every problem comes in one pass. A row of
		// the wrong shape is not checked at all.
		var bad []string
		if b.short[r] {
			bad = append(bad, "")
		}
		for i, v := range fields {
			if c.setters[i] == nil {
				continue
			}
			if err := c.setters[i](&rec, v, w); err != nil {
				problem(c.names[i], err)
				bad = append(bad, c.keys[i])
			}
		}
		if len(c.extra) > 0 {
			res.extraIDs = append(res.extraIDs, strings.Clone(id))
			for _, i := range c.extra {
				v := ""
				if i < len(fields) {
					v = strings.Clone(fields[i])
				}
				res.extraVals = append(res.extraVals, v)
			}
		}
		m, ferrs := PR(&rec).model()
		for _, fe := range ferrs {
			problem(fe.field, fe.err)
			bad = append(bad, fe.field)
		}
		if bad != nil {
			res.bad = append(res.bad, badRec{len(res.recs), bad})
		}
		res.recs = append(res.recs, m)
		res.lines = append(res.lines, int32(line))
		if c.ent == entStudent {
			res.counts = append(res.counts, int32(len(w.choicePos)-before))
		}
	}
	res.choicePos, res.unknown = append([]int32(nil), w.choicePos...), w.unknown
	return res
}

// csvChunkBytes is about how many bytes of rows the parallel reader hands
// a worker at a time; csvParallel turns the parallel reader off. Both are
// variables for the tests, which compare the two readers.
var (
	csvChunkBytes = 1 << 19
	csvParallel   = true
)

// csvChunk is whole rows of a file, the first starting on line line.
type csvChunk struct {
	data []byte
	line int
}

// readParallel reads the rows of the file from byte offset start, just
// after the header, through a handle of its own. This goroutine only cuts
// the bytes into chunks at line ends outside quotes; a pool of workers
// parses and decodes them, and the results are joined in order, so that
// the outcome is the same for any number of workers.
//
// It gives the outcome of the sequential reader or nothing: it gives up
// (ok false, having changed nothing) at a line over MaxLineBytes, a file
// over MaxBytes, and any syntax error but a wrong number of fields, so
// that the sequential reader reads the file and reports them as it always
// has. Where it does not give up, every chunk parsed cleanly, so each
// chunk ends where a record ends for the sequential reader too, and the
// rows are the same.
func (c *csvRows[R, T, PR]) readParallel(start int64) (acc csvAccum[T], ok bool) {
	st := c.st
	f, err := st.fsys.Open(path.Join(st.dir, c.at.file))
	if err != nil {
		return acc, false
	}
	defer f.Close()
	maxLine, maxBytes := st.opts.maxLineBytes(), st.opts.maxBytes()
	head := make([]byte, start)
	if _, err := io.ReadFull(f, head); err != nil {
		return acc, false
	}
	line := 1 + bytes.Count(head, []byte{'\n'})
	total := start
	var failed atomic.Bool
	estimate := 0
	acc.ent = c.ent
	pool := newOrderedPool(workers(), st.worker, func(w *csvState, ch csvChunk) csvResult[T] {
		b, ok := c.parse(ch, maxLine)
		if !ok {
			failed.Store(true)
			return csvResult[T]{failed: true}
		}
		return c.decode(w, b)
	}, func(res csvResult[T]) {
		if !res.failed && !failed.Load() {
			acc.add(res, estimate)
		}
	})
	// A row longer than this (many lines in quotes) is left to the
	// sequential reader.
	maxCarry := max(maxLine, 4*csvChunkBytes)
	var carry []byte
	for !failed.Load() {
		buf := make([]byte, len(carry), len(carry)+max(csvChunkBytes, len(carry)))
		copy(buf, carry)
		n, err := io.ReadFull(f, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		total += int64(n)
		end := err == io.EOF || err == io.ErrUnexpectedEOF
		if (err != nil && !end) || total > maxBytes {
			failed.Store(true)
			break
		}
		cut := len(buf)
		if !end {
			if cut = lastRowEnd(buf); cut < 0 {
				if len(buf) > maxCarry {
					failed.Store(true)
					break
				}
				carry = buf
				continue
			}
		}
		if cut > 0 {
			nl := bytes.Count(buf[:cut], []byte{'\n'})
			if estimate == 0 {
				estimate = estimateRows(f, nl, int64(cut))
			}
			pool.submit(csvChunk{data: buf[:cut], line: line})
			line += nl
		}
		carry = buf[cut:]
		if end {
			break
		}
	}
	pool.wait()
	return acc, !failed.Load()
}

// lastRowEnd returns the offset just after the last newline of b that is
// outside double quotes, counting from the start of b, or -1.
func lastRowEnd(b []byte) int {
	last, quoted := -1, false
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			j = len(b) - i
		}
		if !quoted {
			if k := bytes.LastIndexByte(b[i:i+j], '\n'); k >= 0 {
				last = i + k + 1
			}
		}
		if i+j == len(b) {
			return last
		}
		quoted = !quoted
		i += j + 1
	}
}

// parse splits a chunk into rows as the sequential reader would, or
// reports that it cannot (ok false): a line over maxLine bytes, or a
// syntax error but a wrong number of fields.
func (c *csvRows[R, T, PR]) parse(ch csvChunk, maxLine int) (b csvBatch, ok bool) {
	for rest := ch.data; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			i = len(rest)
		}
		if i > maxLine {
			return b, false
		}
		rest = rest[min(i+1, len(rest)):]
	}
	if bytes.IndexByte(ch.data, '"') < 0 && bytes.IndexByte(ch.data, '\r') < 0 {
		return c.parsePlain(ch), true
	}
	r := csv.NewReader(bytes.NewReader(ch.data))
	r.ReuseRecord = true
	r.FieldsPerRecord = len(c.names)
	b.start = []int{0}
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return b, true
		}
		short := false
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, csv.ErrFieldCount) {
				return b, false
			}
			b.probs = append(b.probs, c.at.problem(ch.line+pe.StartLine-1, c.ent, "", "",
				errorf(ErrSyntax, "row has %d fields, the header %d", len(fields), len(c.names))))
			short = true
			fields = fields[:min(len(fields), len(c.names))]
		}
		line, _ := r.FieldPos(0)
		if len(fields) == 1 && fields[0] == "" && len(c.names) > 1 {
			continue // a blank line
		}
		b.fields = append(b.fields, fields...)
		b.start = append(b.start, len(b.fields))
		b.lines = append(b.lines, ch.line+line-1)
		b.short = append(b.short, short)
	}
}

// parsePlain splits a chunk with no double quote and no carriage return,
// where encoding/csv takes a line for a record (skipping empty ones) and
// what lies between commas for a field, as it would, but with one string
// for the whole chunk: the fields are parts of it. (The records keep none
// of them: IDs and names are copied, references interned, choices resolved.)
func (c *csvRows[R, T, PR]) parsePlain(ch csvChunk) csvBatch {
	text := string(ch.data)
	nf := len(c.names)
	rows := bytes.Count(ch.data, []byte{'\n'}) + 1
	b := csvBatch{fields: make([]string, 0, rows*nf), start: make([]int, 1, rows+1),
		lines: make([]int, 0, rows), short: make([]bool, 0, rows)}
	for line := ch.line; text != ""; line++ {
		row := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			row, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if row == "" {
			continue // encoding/csv skips empty lines
		}
		first := len(b.fields)
		for {
			i := strings.IndexByte(row, ',')
			if i < 0 {
				b.fields = append(b.fields, row)
				break
			}
			b.fields = append(b.fields, row[:i])
			row = row[i+1:]
		}
		short := false
		if n := len(b.fields) - first; n != nf {
			b.probs = append(b.probs, c.at.problem(line, c.ent, "", "",
				errorf(ErrSyntax, "row has %d fields, the header %d", n, nf)))
			short = true
			b.fields = b.fields[:first+min(n, nf)]
		}
		b.start = append(b.start, len(b.fields))
		b.lines = append(b.lines, line)
		b.short = append(b.short, short)
	}
	return b
}

// estimateRows guesses how many records a file holds from its size and
// the bytes the first n records took, so that the records' slice is
// allocated once instead of grown by copying. A guess off by a little only
// costs one more growth.
func estimateRows(f fs.File, n int, read int64) int {
	info, err := f.Stat()
	if err != nil || n == 0 || read <= 0 || info.Size() <= read {
		return n
	}
	est := float64(info.Size()) / float64(read) * float64(n) * 1.05
	return int(min(est, float64(MaxCapacity)))
}

func csvErr(err error, lim *csvLimiter) error {
	switch {
	case lim.lineOver:
		return errorf(ErrTooLarge, "a line exceeds %d bytes", lim.maxLine)
	case lim.bytesOver:
		return errorf(ErrTooLarge, "the file exceeds %d bytes", lim.maxBytes)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%w: %v", ErrSyntax, pe.Err)
	}
	return fmt.Errorf("%w: %v", ErrSyntax, err)
}

// csvLimiter stops reading past a line length or a file size, so that a
// hostile file cannot make the CSV reader buffer without bound.
type csvLimiter struct {
	r                   *bufio.Reader
	maxLine             int
	maxBytes            int64
	lineLen             int
	lines               int // newlines seen
	total               int64
	lineOver, bytesOver bool
}

var errLimit = errors.New("limit exceeded")

func (l *csvLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.total += int64(n)
	if l.total > l.maxBytes {
		l.bytesOver = true
		return 0, errLimit
	}
	for b := p[:n]; len(b) > 0; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.lineLen += len(b)
			break
		}
		l.lineLen += i
		if l.lineLen > l.maxLine {
			break
		}
		l.lineLen = 0
		l.lines++
		b = b[i+1:]
	}
	if l.lineLen > l.maxLine {
		l.lineOver = true
		return 0, errLimit
	}
	return n, err
}

// WriteCSV writes c as CSV files into folder dir, creating it if needed.
// Every file is written to a temporary name first and renamed into place
// only when all are written, so a failure leaves no half-written file.
// Lists are joined with ";" and reserves written as CATEGORY=SEATS[/empty].
// Each file starts with a UTF-8 byte order mark, by which Excel knows
// UTF-8 from the local encoding (GBK on Chinese Windows).
func WriteCSV(dir string, c *Cohort) error {
	tables, err := Tables(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("model: %w", err)
	}
	type file struct{ name, tmp string }
	var files []file
	cleanup := func() {
		for _, f := range files {
			os.Remove(f.tmp)
		}
	}
	var errs []error
	for i := range tables {
		errs = append(errs, writeCSVFile(dir, &tables[i], func(name, tmp string) { files = append(files, file{name, tmp}) }))
	}
	err = errors.Join(errs...)
	if err != nil {
		cleanup()
		return fmt.Errorf("model: writing CSV: %w", err)
	}
	for _, f := range files {
		if err := os.Rename(f.tmp, f.name); err != nil {
			cleanup()
			return fmt.Errorf("model: writing CSV: %w", err)
		}
	}
	return nil
}

// checkTabular refuses a cohort that the tabular formats (CSV, Excel)
// cannot express: an explicit ranking of nobody reads back as no ranking.
func checkTabular(c *Cohort) error {
	d := &c.data
	for i := range d.Positions {
		if p := &d.Positions[i]; p.Ranking != nil && len(p.Ranking) == 0 {
			return fmt.Errorf("model: position %q has an empty explicit ranking, which CSV and Excel cannot express (give it capacity 0 instead)", p.ID)
		}
	}
	return nil
}

// writeCSVFile writes t into folder dir under a temporary name, which it
// passes to created with the file's final name as soon as it exists.
func writeCSVFile(dir string, t *Table, created func(name, tmp string)) error {
	f, err := os.CreateTemp(dir, "."+t.Name+".*.tmp")
	if err != nil {
		return err
	}
	created(filepath.Join(dir, t.Name+".csv"), f.Name())
	// A temporary file is private (0600); the data files are not.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	csvtext.WriteBOM(bw) // so that Excel reads the file as UTF-8
	w := csv.NewWriter(bw)
	err = w.Write(t.Columns)
	cells := make([]string, len(t.Columns))
	for i := 0; i < t.Len && err == nil; i++ {
		err = w.Write(t.Row(i, cells))
	}
	w.Flush()
	return errors.Join(err, w.Error(), bw.Flush(), f.Close())
}
