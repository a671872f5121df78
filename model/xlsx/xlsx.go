package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/model"
)

// Read reads a cohort from an Excel workbook (.xlsx) and validates it;
// name is the file's name for problems. The sheets "students" and
// "positions" must exist; "cohort", "regions", "schools", "majors",
// "enterprises" and "order_classes" may, each under its English or its
// Chinese name (学生, 岗位, 分配数据, 地区, 学校, 专业, 企业, 订单班; see
// [model.TableKey]: without regard to case, width or spaces), not both;
// other sheets are ignored. Columns may be named in Chinese too (see the
// model package's documentation). Each sheet holds a header row and the
// records, as the CSV file of the same name would; blank rows are skipped.
// A cell may hold a number or text: the value it stores is read as the
// text of a CSV field, whatever number format shows it (a formula, as the
// value it last computed).
//
// On any error the result is nil and the error is a *[model.ValidationError]
// listing every problem, each naming the workbook, sheet, row and column.
// The workbook is read whole into memory: [model.Options].MaxBytes bounds
// the file and, apart, the total size of the parts it unzips to;
// [model.Options].MaxLineBytes bounds a row. Its rows are then decoded as
// [model.LoadCSV] decodes a file's. Bad data never makes it panic.
func Read(r io.Reader, name string, opts *model.Options) (c *model.Cohort, err error) {
	// A workbook is a zip of XML parts parsed by a large library. Bad data
	// must never panic, so a panic in there is reported as what it most
	// likely is: a workbook the library could not make sense of.
	defer func() {
		if v := recover(); v != nil {
			c, err = nil, &model.ValidationError{Problems: []*model.Problem{{File: name,
				Err: model.Errorf(model.ErrSyntax, "not a readable Excel workbook (.xlsx): %v", v)}}}
		}
	}()
	fail := func(err error) (*model.Cohort, error) {
		return nil, &model.ValidationError{Problems: []*model.Problem{{File: name, Err: err}}}
	}
	f, err := open(r, opts)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	wb := &workbook{f: f, name: name, sheets: map[string]string{}}
	for _, s := range f.GetSheetList() {
		// A table's sheet is named in English or in Chinese (学生), without
		// regard to case, width or spaces: one sheet a table.
		t := model.TableKey(s)
		if t == "" {
			continue
		}
		if other, dup := wb.sheets[t]; dup {
			return nil, &model.ValidationError{Problems: []*model.Problem{{File: name, Sheet: s,
				Err: model.Errorf(model.ErrSyntax, "sheets %q and %q are the same table (%s); keep one of them", other, s, t)}}}
		}
		wb.sheets[t] = s
	}
	if err := wb.noCohort(); err != nil {
		return fail(err)
	}
	return model.LoadTables(wb, opts)
}

// open reads a workbook whole, within the limits of opts (see [Read]).
// The error is a problem's cause.
func open(r io.Reader, opts *model.Options) (*excelize.File, error) {
	limit := min(opts.ByteLimit(), math.MaxInt64-1)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %v", model.ErrSyntax, err)
	case int64(len(data)) > limit:
		return nil, model.Errorf(model.ErrTooLarge, "the file exceeds %d bytes", limit)
	}
	// The parts' sizes are bounded before anything is unzipped, with a
	// sentinel a caller can branch on.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, model.Errorf(model.ErrSyntax, "not an Excel workbook (.xlsx): %v", err)
	}
	left := uint64(limit)
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > left {
			return nil, model.Errorf(model.ErrTooLarge, "the workbook unzips to more than %d bytes", limit)
		}
		left -= zf.UncompressedSize64
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: limit, UnzipXMLSizeLimit: limit})
	if err != nil {
		return nil, model.Errorf(model.ErrSyntax, "not an Excel workbook (.xlsx): %v", err)
	}
	return f, nil
}

// resultSheets are the sheets that make a workbook a result (cmd/placement's
// solve -out r.xlsx), in English and in Chinese: its assignments. (Its
// summary, 概要, is a name a planner may well give a cohort's own notes.)
var resultSheets = []string{"assignments", "分配结果"}

// noCohort is the error of a workbook with none of a cohort's sheets: a
// result workbook given as a cohort, say. nil when it has one.
func (wb *workbook) noCohort() error {
	if len(wb.sheets) > 0 {
		return nil
	}
	names := wb.f.GetSheetList()
	for _, s := range names {
		for _, r := range resultSheets {
			if strings.EqualFold(strings.TrimSpace(s), r) {
				return model.Errorf(model.ErrSyntax, "the workbook has none of a cohort's sheets (students, positions, ...); it has sheet %q: this looks like a result workbook, not a cohort", s)
			}
		}
	}
	return model.Errorf(model.ErrSyntax, "the workbook has none of a cohort's sheets (students, positions, ...); its sheets are %s", quoteList(names))
}

// quoteList is the names quoted, joined with ", ", the first ten.
func quoteList(names []string) string {
	q := make([]string, 0, min(len(names), 11))
	for i, n := range names {
		if i == 10 {
			q = append(q, "…")
			break
		}
		q = append(q, strconv.Quote(n))
	}
	return strings.Join(q, ", ")
}

// Load reads the workbook file name of fsys as [Read] does.
func Load(fsys fs.FS, name string, opts *model.Options) (*model.Cohort, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &model.ValidationError{Problems: []*model.Problem{{File: name, Err: fmt.Errorf("%w: %v", model.ErrSyntax, err)}}}
	}
	defer f.Close()
	return Read(f, name, opts)
}

// workbook is the tables of a workbook, a sheet a table: a
// [model.TableSource].
type workbook struct {
	f      *excelize.File
	name   string
	sheets map[string]string // table ("students"): its sheet's name as spelled
}

func (wb *workbook) Place(table string) model.TablePlace {
	if s, ok := wb.sheets[table]; ok {
		return model.TablePlace{File: wb.name, Sheet: s}
	}
	return model.TablePlace{File: wb.name, Sheet: table}
}

func (wb *workbook) Open(table string) (model.TableRows, error) {
	s, ok := wb.sheets[table]
	if !ok {
		return nil, noSheet(table)
	}
	rows, err := wb.f.Rows(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", model.ErrSyntax, err)
	}
	return &sheetRows{rows: rows}, nil
}

// noSheet is the error of a workbook without the sheet it names: it wraps
// fs.ErrNotExist, and is worded in the model's catalogue.
func noSheet(table string) error {
	return model.Errorf(fs.ErrNotExist, "the workbook has no sheet %q", table)
}

// sheetRows is the rows of one sheet: a [model.TableRows].
type sheetRows struct {
	rows *excelize.Rows
	row  int // the row last read, 1-based
}

func (t *sheetRows) Close() error { return t.rows.Close() }

// Read returns the next row's cells. A panic of the library on a malformed
// sheet is an error: it is returned, so that the rows read so far are
// decoded and the decoding goroutines end as they always do.
func (t *sheetRows) Read() (cells []string, row int, err error) {
	defer func() {
		if v := recover(); v != nil {
			cells, row, err = nil, t.row, model.Errorf(model.ErrSyntax, "the sheet cannot be read: %v", v)
		}
	}()
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			return nil, t.row + 1, fmt.Errorf("%w: %v", model.ErrSyntax, err)
		}
		return nil, 0, io.EOF
	}
	t.row++
	cells, err = t.rows.Columns()
	if err != nil {
		return nil, t.row, fmt.Errorf("%w: %v", model.ErrSyntax, err)
	}
	return cells, t.row, nil
}

// excelCellChars is the most characters (UTF-16 units) an Excel cell holds.
const excelCellChars = 32767

// Columns whose cells Write writes as numbers or booleans; the others are
// text.
var (
	excelNumbers = map[string]bool{"score": true, "capacity": true, "min_score": true, "min_fill": true, "target": true, "cap": true, "floor": true}
	excelBools   = map[string]bool{"special_post": true, "special_post_any_county": true}
)

// Write writes c as an Excel workbook (.xlsx) with a sheet a table of
// [model.Tables], in the order and with the header rows and cells of the
// CSV files that [model.WriteCSV] writes; capacities, caps, floors and
// scores are numbers and the special-post flags booleans, zero values and
// false left empty. A score with more significant digits than Excel keeps
// (15) is written as text, so that it reads back the same. It refuses what
// [model.WriteCSV] refuses, a cell longer than Excel allows (32,767
// characters) and a table longer than a sheet (1,048,575 records). Reading
// what it wrote with [Read] gives the same [model.Data], and the same
// cohort gives the same bytes. Each sheet is laid out as the result
// workbooks' are: its header row bold on a fill, frozen and filtered, the
// columns as wide as their cells, the sheet's dimension its table's range.
func Write(w io.Writer, c *model.Cohort) error {
	tables, err := model.Tables(c)
	if err != nil {
		return err
	}
	f := xlsxfile.New()
	defer f.Close()
	var errs []error
	for i := range tables {
		errs = append(errs, writeSheet(f, &tables[i]))
	}
	err = errors.Join(errs...)
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

// writeSheet adds the sheet of t to f, as the result workbooks have
// theirs (internal/xlsxfile.WriteTable): its header row styled, frozen
// and filtered, the columns as wide as their cells, the sheet's
// dimension set; then its rows.
func writeSheet(f *excelize.File, t *model.Table) error {
	if t.Len+1 > excelize.TotalRows {
		return fmt.Errorf("sheet %q: %d records and the header are more rows than a sheet holds (%d); write CSV or JSON", t.Name, t.Len, excelize.TotalRows)
	}
	vals := make([]any, len(t.Columns))
	cells := make([]string, len(t.Columns))
	return xlsxfile.WriteTable(f, t.Name, t.Columns, t.Len, func(i int) ([]any, error) {
		for j, v := range t.Row(i, cells) {
			var err error
			if vals[j], err = excelValue(t.Columns[j], v); err != nil {
				return nil, fmt.Errorf("sheet %q row %d, column %q: %w", t.Name, i+2, t.Columns[j], err)
			}
		}
		return vals, nil
	})
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
