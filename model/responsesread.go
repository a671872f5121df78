package model

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/transform"
	"golang.org/x/text/width"

	"github.com/placement-engine/placement/internal/csvtext"
)

// The readers of a responses file are bounded as the cohort loaders are by
// default ([Options]): a file of at most 4 GiB, a line (a row) of at most
// 64 MiB, at most 1,000 errors and 1,000 warnings listed, the rest
// counted.
var responsesLimits *Options

// respColumns are the columns of a responses table, by their names in the
// files: English (without regard to case) and Chinese.
var respColumns = map[string]string{
	"student": "student", "学生": "student", "学号": "student",
	"answer": "answer", "回复": "answer",
	"choices": "choices", "新志愿": "choices",
	"result": "result", "上轮结果指纹": "result",
}

// respState collects a responses file's records and problems.
type respState struct {
	file, sheet string
	errs, warns []*Problem
	omitted     int
	max         int
	out         Responses
	rows        int    // records read, good or bad
	resultLine  int    // where Result was first given
	resultPath  string // (JSON)
	seen        map[string]int
	paths       []string // JSON: each response's path
	bad         []int    // the indices in out.Responses of rows in error, ascending
}

func newRespState(file, sheet string) *respState {
	return &respState{file: file, sheet: sheet, max: responsesLimits.maxProblems(), seen: map[string]int{}}
}

func (st *respState) add(p *Problem) {
	p.File, p.Sheet = st.file, st.sheet
	list := &st.errs
	if p.Severity == SeverityWarning {
		list = &st.warns
	}
	if len(*list) >= st.max {
		if p.Severity == SeverityError {
			st.omitted++
		}
		return
	}
	*list = append(*list, p)
}

// done returns the responses, or the error listing every problem.
func (st *respState) done() (*Responses, error) {
	if len(st.errs) == 0 && st.rows == 0 {
		err := errorf(ErrSyntax, "the file has no responses")
		if st.sheet != "" {
			err = errorf(ErrSyntax, "the sheet has no responses")
		}
		st.add(&Problem{Err: err})
	}
	// In the order of the input: a student answered twice is said at
	// both lines, the first when the second is read.
	byLine := func(a, b *Problem) int { return a.Line - b.Line }
	slices.SortStableFunc(st.errs, byLine)
	slices.SortStableFunc(st.warns, byLine)
	if len(st.errs) > 0 {
		// The rows read without error, for the checks across files.
		good := &Responses{Result: st.out.Result, Sheet: st.sheet, Warnings: st.warns}
		good.Responses = make([]Response, 0, len(st.out.Responses)-len(st.bad))
		b := 0
		for i, r := range st.out.Responses {
			if b < len(st.bad) && st.bad[b] == i {
				b++
				continue
			}
			good.Responses = append(good.Responses, r)
		}
		return nil, &ValidationError{Problems: st.errs, Omitted: st.omitted, Warnings: st.warns, responses: true, readable: good}
	}
	st.out.Warnings, st.out.Sheet = st.warns, st.sheet
	return &st.out, nil
}

// fields is one record as a file gives it, before it is checked.
type respFields struct {
	line                  int
	path                  string // JSON: "responses[3]"
	student, answer       string
	choices               []string
	hasChoices            bool
	result                string
	hasResult             bool
	studentCol, answerCol string // the fields' names in the file
	choicesCol, resultCol string
}

func (f *respFields) at(field string) (string, string) {
	if f.path == "" {
		return field, ""
	}
	return field, f.path + "." + field
}

// narrowID folds full-width letters and digits to ASCII in an ID typed
// with a Chinese input method ("S００００００2"), with a warning at the
// record; other IDs are returned as they are.
func (st *respState) narrowID(f *respFields, field string, sub int, id string) string {
	n := width.Narrow.String(id)
	if n == id {
		return id
	}
	name, path := f.at(field)
	if path != "" && sub >= 0 {
		path += "[" + itoa(sub) + "]"
	}
	st.add(&Problem{Severity: SeverityWarning, Line: f.line, Path: path, Field: name, Err: errorf(ErrInvalidValue, "full-width characters in %q read as %q", id, n)})
	return n
}

// record checks one record and adds it.
func (st *respState) record(f *respFields) {
	st.rows++
	f.student = st.narrowID(f, f.studentCol, -1, f.student)
	for k, c := range f.choices {
		f.choices[k] = st.narrowID(f, f.choicesCol, k, c)
	}
	var id string
	bad := false
	prob := func(field string, sub int, err error) *Problem {
		name, path := f.at(field)
		if path != "" && sub >= 0 {
			path += "[" + itoa(sub) + "]"
		}
		p := &Problem{Line: f.line, Path: path, Field: name, Err: err}
		if id != "" {
			p.Entity, p.ID = "student", id
		}
		st.add(p)
		bad = true
		return p
	}
	switch {
	case f.student == "":
		prob(f.studentCol, -1, errorf(ErrEmptyID, "the response names no student"))
	case checkID(f.student) != nil:
		prob(f.studentCol, -1, checkID(f.student))
	default:
		id = f.student
	}
	a, err := ParseAnswer(f.answer)
	if err != nil {
		p := prob(f.answerCol, -1, err)
		p.Suggestions = answerSuggestions(f.answer)
	}
	var choices []string
	if f.hasChoices {
		choices = make([]string, 0, len(f.choices))
		listed := make(map[string]bool, len(f.choices))
		for k, c := range f.choices {
			switch {
			case c == "":
				prob(f.choicesCol, k, errorf(ErrSyntax, "an empty item in the list %q", strings.Join(f.choices, ";")))
			case checkID(c) != nil:
				prob(f.choicesCol, k, checkID(c))
			case listed[c]:
				prob(f.choicesCol, k, errorf(ErrDuplicateChoice, "position %q listed twice", c))
			default:
				listed[c] = true
				choices = append(choices, c)
			}
		}
		if err == nil && a == NoAnswer {
			prob(f.choicesCol, -1, errorf(ErrInvalidValue, "new choices given without an answer; they need the answer continue"))
		} else if err == nil && a != Continue {
			prob(f.choicesCol, -1, errorf(ErrInvalidValue, "new choices are for continue only, not for the answer %q", csvtext.TrimCell(f.answer)))
		}
	}
	if f.hasResult && f.result != "" {
		switch {
		case checkID(f.result) != nil:
			prob(f.resultCol, -1, checkID(f.result))
		case st.resultLine == 0 && st.resultPath == "":
			st.out.Result, st.resultLine, st.resultPath = f.result, max(f.line, 1), f.path
		case f.result != st.out.Result && st.resultPath != "":
			prob(f.resultCol, -1, errorf(ErrInvalidValue, "result fingerprint %q differs from %q in %s", f.result, st.out.Result, st.resultPath))
		case f.result != st.out.Result && st.sheet != "":
			prob(f.resultCol, -1, errorf(ErrInvalidValue, "result fingerprint %q differs from %q on row %s", f.result, st.out.Result, itoa(st.resultLine)))
		case f.result != st.out.Result:
			prob(f.resultCol, -1, errorf(ErrInvalidValue, "result fingerprint %q differs from %q on line %s", f.result, st.out.Result, itoa(st.resultLine)))
		}
	}
	if id != "" {
		if i, dup := st.seen[id]; dup {
			first := st.out.Responses[i]
			if f.path != "" {
				fp := st.paths[i]
				st.add(&Problem{Line: first.Line, Path: fp, Entity: "student", ID: id, Err: errorf(ErrDuplicateID, "the student answered twice (also %s)", f.path)})
				st.add(&Problem{Line: f.line, Path: f.path, Entity: "student", ID: id, Err: errorf(ErrDuplicateID, "the student answered twice (also %s)", fp)})
			} else if st.sheet != "" {
				st.add(&Problem{Line: first.Line, Entity: "student", ID: id, Err: errorf(ErrDuplicateID, "the student answered twice (also row %s)", itoa(f.line))})
				st.add(&Problem{Line: f.line, Entity: "student", ID: id, Err: errorf(ErrDuplicateID, "the student answered twice (also row %s)", itoa(first.Line))})
			} else {
				st.add(&Problem{Line: first.Line, Entity: "student", ID: id, Err: errorf(ErrDuplicateID, "the student answered twice (also line %s)", itoa(f.line))})
				st.add(&Problem{Line: f.line, Entity: "student", ID: id, Err: errorf(ErrDuplicateID, "the student answered twice (also line %s)", itoa(first.Line))})
			}
			return
		}
	}
	if bad {
		// Only what later checks need is kept, and the row is marked bad:
		// ReadableResponses leaves it out.
		if id != "" {
			st.seen[id] = len(st.out.Responses)
			st.bad = append(st.bad, len(st.out.Responses))
			st.out.Responses = append(st.out.Responses, Response{Student: id, Line: f.line})
			st.paths = append(st.paths, f.path)
		}
		return
	}
	st.seen[id] = len(st.out.Responses)
	st.out.Responses = append(st.out.Responses, Response{Student: id, Answer: a, Choices: choices, HasChoices: f.hasChoices, Line: f.line})
	st.paths = append(st.paths, f.path)
}

// ReadableResponses returns, from the *[ValidationError] of a responses
// reader ([ReadResponsesCSV], [ReadResponsesJSON], [ReadResponsesTable]),
// the rows it read without error, in file order (a student answering
// twice keeps the first row): what a check across files (the students of
// a cohort, the seats of a result) can still run on, so that a planner
// sees every problem at once. It returns nil for any other error, and
// for a file that could not be read at all.
func ReadableResponses(err error) *Responses {
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.responses {
		return nil
	}
	return ve.readable
}

// ReadResponsesTable reads a responses table, as a sheet of a workbook
// gives it (model/xlsx): rows[0] is the header, naming the columns
// student (学生, 学号), answer (回复), choices (新志愿) and result
// (上轮结果指纹) in any order, without regard to case or surrounding
// spaces; student and answer are required. name is the file and sheet the
// sheet, for problems ("" for a CSV file); line(i) is the line (row) of
// rows[i] (nil: i+1). Rows whose cells are all empty are skipped. A
// column it does not know (a notes column 备注) is a warning, and its
// values are ignored. On any error the result is nil and the error is a
// *[ValidationError] listing every problem, each located. It never
// modifies rows.
func ReadResponsesTable(name, sheet string, rows [][]string, line func(int) int) (*Responses, error) {
	st := newRespState(name, sheet)
	if line == nil {
		line = func(i int) int { return i + 1 }
	}
	st.table(rows, line)
	return st.done()
}

func (st *respState) table(rows [][]string, line func(int) int) {
	// Blank rows above the header, as a sheet may start, are skipped.
	blank := func(r []string) bool {
		return !slices.ContainsFunc(r, func(v string) bool { return csvtext.TrimCell(v) != "" })
	}
	skip := 0
	for skip < len(rows) && blank(rows[skip]) {
		skip++
	}
	if skip > 0 {
		rows = rows[skip:]
		at := line
		line = func(i int) int { return at(i + skip) }
	}
	if len(rows) == 0 {
		err := errorf(ErrSyntax, "the file is empty; it needs a header row")
		if st.sheet != "" {
			err = errorf(ErrSyntax, "the sheet is empty; it needs a header row")
		}
		st.add(&Problem{Err: err})
		st.rows = -1
		return
	}
	hline := line(0)
	col := map[string]int{}      // column: index
	names := map[string]string{} // column: header as written
	for j, h := range rows[0] {
		h = csvtext.TrimCell(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		c, ok := respColumns[h]
		if !ok {
			c, ok = respColumns[strings.ToLower(h)]
		}
		switch {
		case !ok:
			st.add(&Problem{Severity: SeverityWarning, Line: hline, Field: h, Err: errorf(ErrSyntax, "unknown column %q is ignored", h)})
		case col[c] > 0:
			st.add(&Problem{Line: hline, Field: h, Err: errorf(ErrSyntax, "column %q appears twice", h)})
		default:
			col[c], names[c] = j+1, h
		}
	}
	fatal := false
	zh := false // a header in Chinese: the missing columns named so
	for _, h := range names {
		zh = zh || !isASCII(h)
	}
	for _, req := range []string{"student", "answer"} {
		if col[req] == 0 {
			name := req
			if zh {
				name = map[string]string{"student": "学生", "answer": "回复"}[req]
			}
			st.add(&Problem{Line: hline, Field: name, Err: errorf(ErrSyntax, "missing column %q", name)})
			fatal = true
		}
	}
	if fatal {
		st.rows = -1
		return
	}
	cell := func(r []string, c string) (string, bool) {
		j := col[c] - 1
		if j < 0 || j >= len(r) {
			return "", j >= 0
		}
		return r[j], true
	}
	width := len(rows[0])
	named := func(j int) bool { return j < width && csvtext.TrimCell(strings.TrimSpace(rows[0][j])) != "" }
	said := map[int]bool{}
	for i, r := range rows[1:] {
		if blank(r) {
			continue
		}
		for j, v := range r {
			if !named(j) && !said[j] && csvtext.TrimCell(v) != "" {
				// A value under no header, as Excel leaves after a
				// table: said once a column, ignored.
				said[j] = true
				st.add(&Problem{Severity: SeverityWarning, Line: hline, Err: errorf(ErrSyntax, "column %d has no header; its values are ignored", j+1)})
			}
		}
		f := &respFields{line: line(i + 1), studentCol: names["student"], answerCol: names["answer"],
			choicesCol: names["choices"], resultCol: names["result"]}
		f.student, _ = cell(r, "student")
		f.student = csvtext.TrimCell(f.student)
		f.answer, _ = cell(r, "answer")
		if v, _ := cell(r, "choices"); csvtext.TrimCell(v) != "" {
			f.hasChoices = true
			f.choices = listItems(v)
		}
		f.result, f.hasResult = cell(r, "result")
		f.result = csvtext.TrimCell(f.result)
		st.record(f)
	}
}

// listItems splits a list cell as the cohort's lists are read: items
// trimmed, separated by ; ；，or 、.
func listItems(v string) []string {
	v = csvtext.ListCell(v)
	if v == "" {
		return nil
	}
	return strings.Split(v, ";")
}

// ReadResponsesCSV reads a responses file in CSV (see the package
// documentation, "Responses"): a header row naming the columns, as
// [ReadResponsesTable] says, and a row a student. The file is UTF-8 (with
// or without a byte order mark), UTF-16 with one, or GB18030 (GBK), as a
// cohort's CSV files are; a file converted is a warning. name labels the
// file in problems. On any error the result is nil and the error is a
// *[ValidationError] listing every problem found, each at its line and
// column. The file is read whole into memory, within the bounds of the
// cohort loaders' defaults (4 GiB, a line of 64 MiB).
func ReadResponsesCSV(r io.Reader, name string) (*Responses, error) {
	st := newRespState(name, "")
	fail := func(p *Problem) (*Responses, error) {
		st.add(p)
		st.rows = -1
		return st.done()
	}
	limit := responsesLimits.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return fail(&Problem{Err: fmt.Errorf("%w: %v", ErrSyntax, err)})
	case int64(len(data)) > limit:
		return fail(&Problem{Err: errorf(ErrTooLarge, "the file exceeds %d bytes", limit)})
	}
	reopen := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	det := csvtext.Detect(bytes.NewReader(data), reopen, limit)
	if det.BadLine > 0 {
		return fail(&Problem{Line: det.BadLine, Err: encodingError(det)})
	}
	var in io.Reader = bytes.NewReader(data)
	if det.Encoding != csvtext.UTF8 {
		st.add(&Problem{Severity: SeverityWarning, Err: errorf(ErrEncoding, "converted from %s to UTF-8", det.Encoding)})
		in = transform.NewReader(in, det.Encoding.Decoder())
	}
	br := bufio.NewReaderSize(in, 1<<16)
	if b, _ := br.Peek(len(csvtext.BOM)); string(b) == csvtext.BOM {
		br.Discard(len(csvtext.BOM))
	}
	lim := &csvLimiter{r: br, maxLine: responsesLimits.maxLineBytes(), maxBytes: limit}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if lim.lineOver || lim.bytesOver {
				line = lim.lines + 1
			}
			if len(rows) == 0 {
				st.rows = -1 // the header is bad: say no more
			}
			st.add(&Problem{Line: line, Err: csvErr(err, lim)})
			break
		}
		l, _ := cr.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, l)
	}
	if len(st.errs) > 0 && len(rows) == 0 {
		return st.done()
	}
	st.table(rows, func(i int) int { return lines[i] })
	return st.done()
}

// ReadResponsesJSON reads a responses file in JSON (see the package
// documentation, "Responses"):
//
//	{"result": "<fingerprint>", "responses": [{"student": "S1", "answer": "hold"},
//	 {"student": "S2", "answer": "continue", "choices": ["P3", "P4"]}]}
//
// answer is a code word or its Chinese word, as [ParseAnswer] reads it;
// an empty or missing answer is NoAnswer. A field it does not know is a
// warning. name labels the file in problems. On any error the result is
// nil and the error is a *[ValidationError] listing every problem found,
// each at its line and path ("responses[3].answer"); reading stops at a
// syntax error. The file is UTF-8, with or without a byte order mark. It
// is read whole, at most 4 GiB.
func ReadResponsesJSON(r io.Reader, name string) (*Responses, error) {
	st := newRespState(name, "")
	limit := responsesLimits.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		st.add(&Problem{Err: fmt.Errorf("%w: %v", ErrSyntax, err)})
	case int64(len(data)) > limit:
		st.add(&Problem{Err: errorf(ErrTooLarge, "the file exceeds %d bytes", limit)})
	default:
		// Notepad on Windows starts a UTF-8 file with a byte order mark.
		data = bytes.TrimPrefix(data, []byte(csvtext.BOM))
		st.json(data)
	}
	if len(st.errs) > 0 {
		st.rows = -1
	}
	return st.done()
}

// lines finds the lines of offsets in data, counting newlines from the
// last offset asked for when it can, so that a file's records cost one
// scan.
type lines struct {
	data []byte
	off  int // counted up to here
	line int // the line of off
}

// at is the 1-based line of the first value at or after offset off
// (skipping spaces, a comma and a colon).
func (l *lines) at(off int64) int {
	i := int(min(max(off, 0), int64(len(l.data))))
	for i < len(l.data) && strings.IndexByte(" \t\r\n,:", l.data[i]) >= 0 {
		i++
	}
	if i < l.off {
		l.off, l.line = 0, 1
	}
	if l.line == 0 {
		l.line = 1
	}
	l.line += bytes.Count(l.data[l.off:i], []byte{'\n'})
	l.off = i
	return l.line
}

// jsonKind names the kind of a JSON value for a type error.
func jsonKind(raw json.RawMessage) phrase {
	v := bytes.TrimLeft(raw, " \t\r\n")
	if len(v) == 0 {
		return "null"
	}
	switch v[0] {
	case '"':
		return "text"
	case '[':
		return "a list"
	case '{':
		return "an object"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

func (st *respState) json(data []byte) {
	ls := &lines{data: data}
	lineAt := func(_ []byte, off int64) int { return ls.at(off) }
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			err = io.ErrUnexpectedEOF
			off = int64(len(data))
		}
		st.add(&Problem{Line: lineAt(data, off), Err: fmt.Errorf("%w: %v", ErrSyntax, err)})
	}
	typeErr := func(line int, path, field string, raw json.RawMessage, want phrase) {
		st.add(&Problem{Line: line, Path: path, Field: field, Err: errorf(ErrSyntax, "cannot read %s as %s", jsonKind(raw), want)})
	}
	var top json.RawMessage
	if err := dec.Decode(&top); err != nil {
		syntax(err)
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the top-level value")
		}
		syntax(err)
		return
	}
	if jsonKind(top) != "an object" {
		typeErr(lineAt(data, 0), "", "", top, "an object")
		return
	}
	// The top level again, a token at a time, for the lines of records.
	dec = json.NewDecoder(bytes.NewReader(data))
	dec.Token() // {
	hasResponses := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			syntax(err)
			return
		}
		key, _ := tok.(string)
		kline := lineAt(data, dec.InputOffset())
		switch key {
		case "result":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				syntax(err)
				return
			}
			var s string
			if json.Unmarshal(raw, &s) != nil {
				typeErr(kline, "result", "result", raw, "text")
				continue
			}
			if s != "" {
				if err := checkID(s); err != nil {
					st.add(&Problem{Line: kline, Path: "result", Field: "result", Err: err})
					continue
				}
				if st.out.Result != "" && s != st.out.Result {
					st.add(&Problem{Line: kline, Path: "result", Field: "result", Err: errorf(ErrInvalidValue, "result fingerprint %q differs from %q on line %s", s, st.out.Result, itoa(st.resultLine))})
					continue
				}
				st.out.Result, st.resultLine = s, kline
			}
		case "responses":
			hasResponses = true
			if b := bytes.TrimLeft(data[min(int(dec.InputOffset()), len(data)):], " \t\r\n:"); len(b) == 0 || b[0] != '[' {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					syntax(err)
					return
				}
				if jsonKind(raw) != "null" {
					typeErr(kline, "responses", "responses", raw, "a list")
				}
				continue
			}
			dec.Token() // [
			for i := 0; dec.More(); i++ {
				line := lineAt(data, dec.InputOffset())
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					syntax(err)
					return
				}
				st.jsonRecord(i, line, raw, typeErr)
			}
			if _, err := dec.Token(); err != nil { // ]
				syntax(err)
				return
			}
		default:
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				syntax(err)
				return
			}
			st.add(&Problem{Severity: SeverityWarning, Line: kline, Path: key, Err: errorf(ErrSyntax, "unknown field %q", key)})
		}
	}
	_ = hasResponses
}

func (st *respState) jsonRecord(i, line int, raw json.RawMessage, typeErr func(int, string, string, json.RawMessage, phrase)) {
	path := "responses[" + strconv.Itoa(i) + "]"
	if jsonKind(raw) != "an object" {
		st.rows++
		typeErr(line, path, "", raw, "an object")
		return
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		st.rows++
		typeErr(line, path, "", raw, "an object")
		return
	}
	f := &respFields{line: line, path: path, studentCol: "student", answerCol: "answer", choicesCol: "choices", resultCol: "result"}
	bad := false
	str := func(key string, out *string) {
		v, ok := fields[key]
		if !ok || jsonKind(v) == "null" {
			return
		}
		if json.Unmarshal(v, out) != nil {
			typeErr(line, path+"."+key, key, v, "text")
			bad = true
		}
	}
	str("student", &f.student)
	str("answer", &f.answer)
	if v, ok := fields["result"]; ok && jsonKind(v) != "null" {
		f.hasResult = true
		str("result", &f.result)
	}
	if v, ok := fields["choices"]; ok && jsonKind(v) != "null" {
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil {
			typeErr(line, path+".choices", "choices", v, "a list")
			bad = true
		} else {
			f.hasChoices = true
			f.choices = make([]string, len(items))
			for k, it := range items {
				if json.Unmarshal(it, &f.choices[k]) != nil {
					typeErr(line, path+".choices["+strconv.Itoa(k)+"]", "choices", it, "text")
					bad = true
				}
			}
		}
	}
	var unknown []string
	for k := range fields {
		if k != "student" && k != "answer" && k != "choices" && k != "result" {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		st.add(&Problem{Severity: SeverityWarning, Line: line, Path: path + "." + k, Err: errorf(ErrSyntax, "unknown field %q", k)})
	}
	if bad {
		st.rows++
		if f.student != "" && checkID(f.student) == nil {
			// Still seen, so that an answer twice is said.
			st.record(&respFields{line: line, path: path, student: f.student, studentCol: "student", answerCol: "answer"})
			st.rows--
		}
		return
	}
	st.record(f)
}
