package model

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/xlsxfile"
)

// The Excel format is the CSV format in one workbook (.xlsx): a sheet an
// entity, named as the CSV files without ".csv", with the same header row
// and cells. See the package documentation.

// ReadExcel reads a cohort from an Excel workbook (.xlsx) and validates it;
// name is the file's name for problems. The sheets "students" and
// "positions" must exist; "cohort", "regions", "schools", "majors",
// "enterprises" and "order_classes" may (sheet names match without regard
// to case); other sheets are ignored. Each sheet holds a header row and the
// records, as the CSV file of the same name would; blank rows are skipped.
// A cell may hold a number or text: the value it stores is read as the
// text of a CSV field, whatever number format shows it (a formula, as the
// value it last computed).
//
// On any error the result is nil and the error is a *[ValidationError]
// listing every problem, each naming the workbook, sheet, row and column.
// The workbook is read whole into memory: [Options.MaxBytes] bounds the
// file and, apart, the total size of the parts it unzips to;
// [Options.MaxLineBytes] bounds a row. Its rows are then decoded as
// [LoadCSV] decodes a file's.
func ReadExcel(r io.Reader, name string, opts *Options) (c *Cohort, err error) {
	// A workbook is a zip of XML parts parsed by a large library. Bad data
	// must never panic, so a panic in there is reported as what it most
	// likely is: a workbook the library could not make sense of.
	defer func() {
		if v := recover(); v != nil {
			c, err = nil, &ValidationError{Problems: []*Problem{{File: name,
				Err: errorf(ErrSyntax, "not a readable Excel workbook (.xlsx): %v", v)}}}
		}
	}()
	fail := func(err error) (*Cohort, error) {
		return nil, &ValidationError{Problems: []*Problem{{File: name, Err: err}}}
	}
	limit := min(opts.maxBytes(), math.MaxInt64-1)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return fail(fmt.Errorf("%w: %v", ErrSyntax, err))
	case int64(len(data)) > limit:
		return fail(errorf(ErrTooLarge, "the file exceeds %d bytes", limit))
	}
	// The parts' sizes are bounded before anything is unzipped, with a
	// sentinel a caller can branch on.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fail(errorf(ErrSyntax, "not an Excel workbook (.xlsx): %v", err))
	}
	left := uint64(limit)
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > left {
			return fail(errorf(ErrTooLarge, "the workbook unzips to more than %d bytes", limit))
		}
		left -= zf.UncompressedSize64
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: limit})
	if err != nil {
		return fail(errorf(ErrSyntax, "not an Excel workbook (.xlsx): %v", err))
	}
	defer f.Close()
	wb := &workbook{f: f, name: name, sheets: map[string]string{}}
	for _, s := range f.GetSheetList() {
		if _, dup := wb.sheets[strings.ToLower(s)]; !dup {
			wb.sheets[strings.ToLower(s)] = s
		}
	}
	return newTableState(opts).load(wb)
}

// LoadExcel reads the workbook file name of fsys as [ReadExcel] does.
func LoadExcel(fsys fs.FS, name string, opts *Options) (*Cohort, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ValidationError{Problems: []*Problem{{File: name, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}}}
	}
	defer f.Close()
	return ReadExcel(f, name, opts)
}

// workbook is the tables of a workbook: a sheet an entity.
type workbook struct {
	f      *excelize.File
	name   string
	sheets map[string]string // lower-case name: name as spelled
}

func (wb *workbook) where(stem string) where {
	if s, ok := wb.sheets[stem]; ok {
		return where{file: wb.name, sheet: s}
	}
	return where{file: wb.name, sheet: stem}
}

func (wb *workbook) open(st *csvState, at where, ent entity, required bool) rowSource {
	if _, ok := wb.sheets[strings.ToLower(at.sheet)]; !ok {
		if required {
			st.problem(&Problem{File: wb.name, Err: errorf(ErrSyntax, "the workbook has no sheet %q, which every cohort needs", at.sheet)})
			st.fatal = true
		}
		return nil
	}
	rows, err := wb.f.Rows(at.sheet)
	if err != nil {
		st.problem(at.problem(0, ent, "", "", fmt.Errorf("%w: %v", ErrSyntax, err)))
		st.fatal = true
		return nil
	}
	return &sheetRows{st: st, at: at, ent: ent, rows: rows, maxLine: st.opts.maxLineBytes()}
}

// sheetRows is the rows of one sheet.
type sheetRows struct {
	st      *csvState
	at      where
	ent     entity
	rows    *excelize.Rows
	row     int // the row last read, 1-based
	maxLine int
}

func (t *sheetRows) close() { t.rows.Close() }

func (t *sheetRows) fail(row int, err error) {
	t.st.problem(t.at.problem(row, t.ent, "", "", err))
	t.st.fatal = true
}

// read returns the next row with a value, or nil at the end or at an error
// (reported). A panic of the library on a malformed sheet is such an
// error: it is reported here, so that the rows read so far are decoded
// and the decoding goroutines end as they always do.
func (t *sheetRows) read() (row []string) {
	defer func() {
		if v := recover(); v != nil {
			t.fail(t.row, errorf(ErrSyntax, "the sheet cannot be read: %v", v))
			row = nil
		}
	}()
	for t.rows.Next() {
		t.row++
		cells, err := t.rows.Columns()
		if err != nil {
			t.fail(t.row, fmt.Errorf("%w: %v", ErrSyntax, err))
			return nil
		}
		size := 0
		for _, c := range cells {
			size += len(c)
		}
		if size > t.maxLine {
			t.fail(t.row, errorf(ErrTooLarge, "a row exceeds %d bytes", t.maxLine))
			return nil
		}
		if size > 0 {
			return cells
		}
	}
	if err := t.rows.Error(); err != nil {
		t.fail(t.row+1, fmt.Errorf("%w: %v", ErrSyntax, err))
	}
	return nil
}

func (t *sheetRows) header(required bool) ([]string, int) {
	h := t.read()
	if h == nil && required && !t.st.fatal {
		t.fail(0, errorf(ErrSyntax, "the sheet is empty; it needs a header row"))
	}
	return h, t.row
}

func (t *sheetRows) next(n int, report func(*Problem)) (fields []string, line int, short, more bool) {
	cells := t.read()
	if cells == nil {
		return nil, 0, false, false
	}
	// A row ends at its last cell with a value; the header's columns
	// beyond it are empty.
	last := len(cells)
	for last > 0 && cells[last-1] == "" {
		last--
	}
	if last > n {
		report(t.at.problem(t.row, t.ent, "", "", errorf(ErrSyntax, "row has %d fields, the header %d", last, n)))
		short = true
	}
	cells = cells[:min(last, n)]
	for len(cells) < n {
		cells = append(cells, "")
	}
	return cells, t.row, short, true
}

func (t *sheetRows) estimate(n int) int { return n }

// excelCellChars is the most characters (UTF-16 units) an Excel cell holds.
const excelCellChars = 32767

// Columns whose cells WriteExcel writes as numbers or booleans; the others
// are text.
var (
	excelNumbers = map[string]bool{"score": true, "capacity": true, "min_score": true, "min_fill": true, "target": true, "cap": true, "floor": true}
	excelBools   = map[string]bool{"special_post": true, "special_post_any_county": true}
)

// WriteExcel writes c as an Excel workbook (.xlsx) with a sheet an entity,
// in the order and with the header rows and cells of the CSV files that
// [WriteCSV] writes; capacities, caps, floors and scores are numbers and the
// special-post flags booleans, zero values and false left empty. A score
// with more significant digits than Excel keeps (15) is written as text, so
// that it reads back the same. It refuses what [WriteCSV] refuses, a cell
// longer than Excel allows (32,767 characters) and a table longer than a
// sheet (1,048,575 records). Reading what it wrote with [ReadExcel] gives
// the same [Data], and the same cohort gives the same bytes.
func WriteExcel(w io.Writer, c *Cohort) error {
	if err := checkTabular(c); err != nil {
		return err
	}
	f := xlsxfile.New()
	defer f.Close()
	err := writeTables(c, func(stem string, names []string, n int, row func(i int, cells []string)) error {
		if n+1 > excelize.TotalRows {
			return fmt.Errorf("sheet %q: %d records and the header are more rows than a sheet holds (%d); write CSV or JSON", stem, n, excelize.TotalRows)
		}
		vals := make([]any, len(names))
		cells := make([]string, len(names))
		return xlsxfile.WriteSheet(f, stem, n+1, func(i int) ([]any, error) {
			if i == 0 {
				for j, name := range names {
					vals[j] = name
				}
				return vals, nil
			}
			row(i-1, cells)
			for j, v := range cells {
				var err error
				if vals[j], err = excelValue(names[j], v); err != nil {
					return nil, fmt.Errorf("sheet %q row %d, column %q: %w", stem, i+1, names[j], err)
				}
			}
			return vals, nil
		})
	})
	if err == nil {
		// The first sheet is the active one already; SetActiveSheet would
		// parse every streamed sheet back.
		err = f.Write(w)
	}
	if err != nil {
		return fmt.Errorf("model: writing Excel: %w", err)
	}
	return nil
}

// excelValue is the cell for the text v of a column: nil for "", a number
// or a boolean for the columns that hold them, else text.
func excelValue(column, v string) (any, error) {
	switch {
	case v == "":
		return nil, nil
	case excelBools[column]:
		return v == "true", nil
	case excelNumbers[column]:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n, nil
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && significantDigits(v) <= 15 {
			return f, nil
		}
	}
	if len(v) > excelCellChars/3 && len(utf16.Encode([]rune(v))) > excelCellChars {
		return nil, fmt.Errorf("%d characters, more than an Excel cell holds (%d)", len(utf16.Encode([]rune(v))), excelCellChars)
	}
	return v, nil
}

// significantDigits counts the digits of a number's text from its first
// non-zero one, up to its exponent.
func significantDigits(v string) int {
	if i := strings.IndexAny(v, "eE"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimLeft(strings.ReplaceAll(strings.TrimLeft(v, "+-"), ".", ""), "0")
	return len(v)
}
