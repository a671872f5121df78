package whatif

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/model"
)

// A change file as a table (CSV, or a sheet of a workbook) has one row a
// change under a header naming its columns, in any order; a column left
// out is empty on every row, and an empty cell leaves its field unset:
//
//	position,enterprise,region,students,withdraw,seats,capacity,min_fill,target,reserved,cap,floor
//	P00012,,,,,10,,,,,,
//	P00014,,,,,,,1,3,county:C01=2,,
//	P00015,,,,yes,,,,,,,
//	,E003,,,,,,,,,40,
//	,,OUT,,,,,,,,300,0
//	,,,S0000001;S0000002,yes,,,,,,,
//
// The columns are the JSON entry's fields (see the package documentation)
// and may be named as the workbench's what-if form names them: position
// 岗位, enterprise 企业, region 地区, students 学生 (or 退出的学生),
// withdraw 撤销, seats 增加名额, capacity 新名额总数 (or 名额), min_fill
// 最低人数, target 目标人数, reserved 预留名额, cap 上限, floor 下限; a
// header is compared without regard to case, width or spaces, and a note
// in brackets after it ("上限（0：无）") is no part of it. A problem names
// its column as the header does. The columns take the same values: "students" lists IDs separated by ";";
// "withdraw" is yes (是, true, 1, y) to withdraw, or no (否, false, 0, n) or
// empty not to; "reserved" lists the reserved
// seats as category=seats, separated by ";", each followed by "/empty"
// when seats left unused stay empty ("county:C01=2;order-class:O1=1/empty"),
// or "none" to remove every reserve. Cells follow the rules of every table
// the project reads (see the README's Data section): spaces around a cell
// and around each list item are dropped (the full-width space too), numbers
// may be typed with full-width digits ("１０"), and list items may be
// separated by ；，or 、 as by ";". A row
// whose cells are all empty is skipped. A column the table does not know
// (remarks, "备注") is ignored with a warning in Changes.Warnings, as a
// cohort's unknown columns are. The table has no scenario name:
// Changes.Name is empty.

// TableColumns returns the columns of a change file as a table, in the
// order of the package documentation.
func TableColumns() []string {
	return []string{"position", "enterprise", "region", "students", "withdraw", "seats", "capacity", "min_fill", "target", "reserved", "cap", "floor"}
}

// ReadChangesCSV reads a change file written as CSV, one row a change under
// the header of [TableColumns]. The file is UTF-8 (with or without a byte
// order mark), UTF-16 with one, or GB18030 (GBK: Excel's plain "CSV" on
// Chinese Windows), detected as for a cohort's CSV files; bytes that are
// text in none of them, or a GBK cell in UTF-8 text, are an error at their
// line. name labels the file in errors. Errors are those of
// [ReadChanges]: every problem at once, in a *[ChangeError], each naming
// the file, the line and the column, with the rows that read when only
// rows have problems. It reads at most [MaxFileBytes]
// bytes and never panics on data.
func ReadChangesCSV(r io.Reader, name string) (*Changes, error) {
	ps := &problems{file: name}
	data, err := readLimited(r, ps)
	if err != nil {
		return nil, err
	}
	text, _, err := csvtext.NewReader(bytes.NewReader(data), MaxFileBytes)
	if err != nil {
		var ee *csvtext.EncodingError
		if !errors.As(err, &ee) {
			return nil, fmt.Errorf("whatif: read %s: %w", name, err)
		}
		ps.add(ee.BadLine, "", encodingError(ee.Detection))
		return nil, ps.err()
	}
	cr := csv.NewReader(text)
	cr.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			ps.add(line, "", errorf(model.ErrSyntax, "not valid CSV: %v", err))
			return nil, ps.err()
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	return ReadChangesTable(name, "", rows, func(i int) int { return lines[i] })
}

// ReadChangesTable reads a change file held as a table: rows[0] is the
// header, each later row a change, as a sheet of a workbook holds them
// (see [ReadChangesCSV] for the columns). name labels the file and sheet
// the sheet ("" for a CSV file) in errors; line(i) is the 1-based line or
// row of rows[i]. Errors are those of [ReadChanges], located by sheet and
// row: changes.xlsx: sheet "changes" row 3: seats: want a whole number.
func ReadChangesTable(name, sheet string, rows [][]string, line func(i int) int) (*Changes, error) {
	ps := &problems{file: name, sheet: sheet}
	if len(rows) == 0 {
		ps.add(0, "", errorf(model.ErrInvalidValue, "empty: a change table has a header row naming its columns (%s)", strings.Join(TableColumns(), ", ")))
		return nil, ps.err()
	}
	known := TableColumns()
	if looksLikeCohort(rows[0]) && !slices.ContainsFunc(rows[0], func(h string) bool { return slices.Contains(known[:4], columnOf(h)) }) {
		ps.add(line(0), "", errorf(model.ErrInvalidValue, "this looks like a cohort table, not a change table (its header has no position, enterprise, region or students column)"))
		return nil, ps.err()
	}
	ch := &Changes{File: name, Sheet: sheet, Table: true}
	col := map[string]int{}
	written := map[string]string{} // each column's header, as written
	zh := false                    // a column is named in Chinese
	for _, h := range rows[0] {
		zh = zh || columnOf(h) != "" && !isASCII(h)
	}
	names := known
	if zh {
		names = tableColumnsZh
	}
	for j, h := range rows[0] {
		h = csvtext.TrimCell(strings.TrimPrefix(h, csvtext.BOM))
		c := columnOf(h)
		switch {
		case h == "":
			continue
		case c == "":
			ps.warn(ch, line(0), h, errorf(model.ErrSyntax, "unknown column, ignored (the columns are %s)", strings.Join(names, ", ")))
		case hasKey(col, c):
			ps.add(line(0), h, errorf(model.ErrSyntax, "column given twice"))
		default:
			col[c], written[c] = j, h
		}
	}
	if len(ps.list) > 0 {
		return nil, ps.err()
	}
	if !hasKey(col, "position") && !hasKey(col, "enterprise") && !hasKey(col, "region") && !hasKey(col, "students") {
		if zh {
			ps.add(line(0), "", errorf(model.ErrInvalidValue, "the header names no target column (want 岗位, 企业, 地区 or 学生)"))
		} else {
			ps.add(line(0), "", errorf(model.ErrInvalidValue, "the header names no target column (want position, enterprise, region or students)"))
		}
		return nil, ps.err()
	}
	// A problem names its column as the header does ("增加名额",
	// "预留名额[1]").
	asWritten := func(field string) string {
		c, rest, _ := strings.Cut(field, "[")
		if h, ok := written[c]; ok && h != c {
			if rest != "" {
				return h + "[" + rest
			}
			return h
		}
		return field
	}
	for i, rec := range rows[1:] {
		ln := line(i + 1)
		cell := func(c string) string {
			if j, ok := col[c]; ok && j < len(rec) {
				return csvtext.TrimCell(rec[j])
			}
			return ""
		}
		if slices.IndexFunc(rec, func(s string) bool { return csvtext.TrimCell(s) != "" }) < 0 {
			continue
		}
		e, ok := tableEntry(ps, ln, cell, asWritten)
		e.Line = ln
		if ok {
			ch.Entries = append(ch.Entries, e)
		} else {
			ch.unread = append(ch.unread, targetOf(e))
		}
	}
	return ps.partial(ch)
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// looksLikeCohort reports whether a header is that of a cohort's table
// (students or positions: an "id" or "choices" column, in English or in
// Chinese).
func looksLikeCohort(header []string) bool {
	for _, h := range header {
		switch foldColumn(h) {
		case "id", "choices", "志愿", "学生编号", "岗位编号", "编号":
			return true
		}
	}
	return false
}

// tableColumnsZh is TableColumns as the workbench's what-if form words
// them, the first Chinese name of each.
var tableColumnsZh = func() []string {
	out := make([]string, 0, len(columnsZh))
	for _, c := range TableColumns() {
		for _, z := range columnsZh {
			if z.col == c {
				out = append(out, z.names[0])
				break
			}
		}
	}
	return out
}()

// columnsZh is the Chinese names of the columns: the words of the
// workbench's what-if form (岗位, 增加名额, 新名额总数, 撤销, 企业, 上限,
// 地区, 下限, 退出的学生) and of the cohort's tables (名额, 最低人数,
// 目标人数, 预留名额).
var columnsZh = []struct {
	col   string
	names []string
}{
	{"position", []string{"岗位", "岗位编号"}},
	{"enterprise", []string{"企业", "企业编号"}},
	{"region", []string{"地区", "地区编号"}},
	{"students", []string{"学生", "退出的学生", "学生编号", "学号"}},
	{"withdraw", []string{"撤销", "退出"}},
	{"seats", []string{"增加名额"}},
	{"capacity", []string{"新名额总数", "名额"}},
	{"min_fill", []string{"最低人数"}},
	{"target", []string{"目标人数"}},
	{"reserved", []string{"预留名额"}},
	{"cap", []string{"上限"}},
	{"floor", []string{"下限"}},
}

// columnKeys maps every folded name of a column to the column.
var columnKeys = func() map[string]string {
	m := map[string]string{}
	for _, c := range TableColumns() {
		m[c] = c
	}
	for _, z := range columnsZh {
		for _, n := range z.names {
			m[foldColumn(n)] = z.col
		}
	}
	return m
}()

// foldColumn is a header as compared: full-width forms narrowed, lower
// case, without spaces, and without a note in brackets after the name
// ("上限（0：无）", as the form labels the column, is "上限").
func foldColumn(h string) string {
	h = strings.ToLower(width.Fold.String(csvtext.TrimCell(strings.TrimPrefix(h, csvtext.BOM))))
	h = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, h)
	if i := strings.IndexByte(h, '('); i > 0 && strings.HasSuffix(h, ")") {
		h = h[:i]
	}
	return h
}

// columnOf is the column a header names, in English or in Chinese; ""
// for none.
func columnOf(h string) string { return columnKeys[foldColumn(h)] }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tableEntry reads and checks one row; it reports every problem, with the
// column as the path, and returns false when there was one.
func tableEntry(ps *problems, line int, cell func(string) string, asWritten func(string) string) (Entry, bool) {
	before := len(ps.list)
	bad := func(field string, sentinel error, format string, args ...any) {
		ps.add(line, asWritten(field), errorf(sentinel, format, args...))
	}
	e := Entry{Position: cell("position"), Enterprise: cell("enterprise"), Region: cell("region")}
	if v := cell("students"); v != "" {
		for _, id := range strings.Split(csvtext.ListCell(v), ";") {
			if id != "" {
				e.Students = append(e.Students, id)
			}
		}
		if len(e.Students) == 0 {
			bad("students", model.ErrInvalidValue, "lists no student")
		}
	}
	switch v := strings.ToLower(csvtext.NumberCell(cell("withdraw"))); v {
	case "", "no", "false", "0", "n", "否":
	case "yes", "true", "1", "y", "是":
		e.Withdraw = true
	default:
		bad("withdraw", model.ErrInvalidValue, "want yes or no (是 or 否), or an empty cell, got %q", cell("withdraw"))
	}
	number := func(field string) *int {
		v := cell(field)
		if v == "" {
			return nil
		}
		n, err := strconv.Atoi(csvtext.NumberCell(v))
		if err != nil {
			bad(field, model.ErrSyntax, "want a whole number, got %q", v)
			return nil
		}
		return &n
	}
	e.Seats, e.Capacity, e.MinFill, e.Target = number("seats"), number("capacity"), number("min_fill"), number("target")
	e.Cap, e.Floor = number("cap"), number("floor")
	if v := cell("reserved"); v != "" {
		res := []model.Reserve{}
		if !strings.EqualFold(v, "none") {
			for i, part := range strings.Split(csvtext.ListCell(v), ";") {
				field := fmt.Sprintf("reserved[%d]", i)
				r, err := parseReserveCell(part)
				if err != nil {
					bad(field, model.ErrInvalidValue, "%v", err)
					continue
				}
				res = append(res, r)
			}
		}
		e.Reserved = &res
	}
	if len(ps.list) > before {
		return e, false
	}
	checkEntry(e, bad)
	return e, len(ps.list) == before
}

// parseReserveCell parses "category=seats" or "category=seats/empty".
func parseReserveCell(s string) (model.Reserve, error) {
	var r model.Reserve
	cat, rest, ok := strings.Cut(s, "=")
	if !ok {
		return r, errorf(nil, "%q: want category=seats, as county:C01=2", s)
	}
	c, err := model.ParseCategory(csvtext.TrimCell(cat))
	if err != nil {
		return r, err
	}
	seats, unused, _ := strings.Cut(rest, "/")
	n, err := strconv.Atoi(csvtext.NumberCell(seats))
	if err != nil {
		return r, errorf(nil, "%q: seats %q is not a whole number", s, seats)
	}
	u, err := model.ParseUnused(csvtext.TrimCell(unused))
	if err != nil {
		return r, err
	}
	r.Category, r.Seats, r.Unused = c, n, u
	return r, nil
}

// encodingError is the cause of a problem of a change file's bytes (see
// [csvtext.Detect]): the model's messages, so that they read the same and
// are rendered in Chinese by its catalogue.
func encodingError(d csvtext.Detection) error {
	switch {
	case d.Mixed:
		return model.Errorf(model.ErrEncoding, "mixed encodings: bytes that are not UTF-8 in a file of UTF-8 text (a cell pasted from a GBK file?); retype them, or save the file again as \"CSV UTF-8\"")
	case d.Encoding == csvtext.GB18030:
		return model.Errorf(model.ErrEncoding, "bytes that are neither UTF-8 nor GB18030 (GBK) text, the encodings of CSV files that Excel saves; save the file as \"CSV UTF-8\"")
	}
	return model.Errorf(model.ErrEncoding, "bytes that are not %s text, though the file starts with its byte order mark", d.Encoding)
}

// TableColumnsZh returns the Chinese headers of [TableColumns], in their
// order: the first Chinese name of each column (as the workbench's what-if
// form names them), which a change table may have instead of the English
// ones.
func TableColumnsZh() []string { return slices.Clone(tableColumnsZh) }
