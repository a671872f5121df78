package xlsx

import (
	"fmt"
	"io"
	"io/fs"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/model"
)

// responsesSheets are the names of a responses sheet, English and Chinese.
var responsesSheets = []string{"responses", "回复"}

// ReadResponses reads a responses file from an Excel workbook (.xlsx): the
// sheet "responses" or "回复" (without regard to case), or the only sheet
// of a workbook that has one, holding the columns of the CSV format
// (student, answer, choices, result, or 学生, 回复, 新志愿, 上轮结果指纹),
// decoded by [model.ReadResponsesTable]. A cell may hold text or a number
// (a student ID typed as a number is read as the digits it stores). name
// labels the workbook in problems, which name its sheet, row and column.
// On any error the result is nil and the error is a
// *[model.ValidationError]. The workbook is read whole, within the limits
// of opts that [Read] states (nil: the defaults); bad data never makes it
// panic.
func ReadResponses(r io.Reader, name string, opts *model.Options) (rs *model.Responses, err error) {
	defer func() {
		if v := recover(); v != nil {
			rs, err = nil, model.NewResponsesError(&model.Problem{File: name,
				Err: model.Errorf(model.ErrSyntax, "not a readable Excel workbook (.xlsx): %v", v)})
		}
	}()
	fail := func(err error) (*model.Responses, error) {
		return nil, model.NewResponsesError(&model.Problem{File: name, Err: err})
	}
	f, err := open(r, opts)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	list := f.GetSheetList()
	sheet := ""
	for _, s := range list {
		for _, want := range responsesSheets {
			if sheet == "" && strings.EqualFold(s, want) {
				sheet = s
			}
		}
	}
	if sheet == "" && len(list) == 1 {
		sheet = list[0]
	}
	if sheet == "" {
		return fail(model.Errorf(model.ErrSyntax, "the workbook has no sheet \"responses\" (回复); its sheets are %s", quoteList(list)))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fail(fmt.Errorf("%w: %v", model.ErrSyntax, err))
	}
	defer rows.Close()
	maxLine := 64 << 20
	if opts != nil && opts.MaxLineBytes > 0 {
		maxLine = opts.MaxLineBytes
	}
	t := &sheetRows{rows: rows}
	var cells [][]string
	var lines []int
	for {
		row, line, err := t.Read()
		if err == io.EOF {
			break
		}
		if err == nil {
			size := 0
			for _, c := range row {
				size += len(c)
			}
			if size > maxLine {
				err = model.Errorf(model.ErrTooLarge, "a row exceeds %d bytes", maxLine)
			}
		}
		if err != nil {
			return nil, model.NewResponsesError(&model.Problem{File: name, Sheet: sheet, Line: line, Err: err})
		}
		cells, lines = append(cells, row), append(lines, line)
	}
	return model.ReadResponsesTable(name, sheet, cells, func(i int) int { return lines[i] })
}

// LoadResponses reads the workbook file name of fsys as [ReadResponses]
// does.
func LoadResponses(fsys fs.FS, name string, opts *model.Options) (*model.Responses, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, model.NewResponsesError(&model.Problem{File: name, Err: fmt.Errorf("%w: %v", model.ErrSyntax, err)})
	}
	defer f.Close()
	return ReadResponses(f, name, opts)
}

// WriteResponses writes rs as a workbook of one sheet, "responses" (in
// Chinese "回复"), laid out as [model.ResponsesTable] says, its header and
// answers in language t, every cell text. It refuses what
// [model.WriteResponsesCSV] refuses and a cell longer than Excel holds.
// Reading what it wrote with [ReadResponses] gives rs again (the lines
// aside).
func WriteResponses(w io.Writer, rs *model.Responses, t language.Tag) error {
	tab, err := model.ResponsesTable(rs, t)
	if err != nil {
		return err
	}
	f := xlsxfile.New()
	defer f.Close()
	vals := make([]any, len(tab.Columns))
	cells := make([]string, len(tab.Columns))
	err = xlsxfile.WriteTable(f, tab.Name, tab.Columns, tab.Len, func(i int) ([]any, error) {
		for j, v := range tab.Row(i, cells) {
			var err error
			// Text, never a number: a student ID of digits keeps its
			// leading zeros.
			if vals[j], err = excelValue("", v); err != nil {
				return nil, fmt.Errorf("sheet %q row %d, column %q: %w", tab.Name, i+2, tab.Columns[j], err)
			}
		}
		return vals, nil
	})
	if err == nil {
		err = f.Write(w)
	}
	if err != nil {
		return fmt.Errorf("model: writing Excel: %w", err)
	}
	return nil
}
