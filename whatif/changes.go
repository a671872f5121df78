package whatif

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/placement-engine/placement/model"
)

// Format is the value of a change file's "format" member.
const Format = "placement-changes/1"

// MaxFileBytes bounds the size of a change file that ReadChanges reads.
const MaxFileBytes = 64 << 20

// Changes is a planner's scenario: edits to a cohort, applied in order by
// [Apply]. Build one in a program or read one with [ReadChanges].
type Changes struct {
	// File names the file the changes came from, for error messages; empty
	// for changes built through the API.
	File string
	// Sheet names the sheet of the workbook the changes came from, and
	// Table is true for changes read from a table (CSV or a sheet): their
	// problems name the line (row) and column rather than the entry's path.
	Sheet string
	Table bool
	// Name labels the scenario in reports ("ten more seats at E3").
	Name    string
	Entries []Entry
	// Warnings are what a reader ignored: a column of a table, or a
	// member of the file's object, that it does not know (a planner's
	// remarks, "备注"). Each is a *model.Problem of severity
	// model.SeverityWarning; [ProblemText] words it.
	Warnings []*model.Problem

	// readErr holds the problems of the entries that did not read, and
	// unread their targets (IDs only), when a reader returns the entries
	// that did read along with its error: Apply checks every ID against
	// the cohort and reports both together.
	readErr *ChangeError
	unread  []Entry
}

// Entry is one edit. It names exactly one target: a position, an
// enterprise, a region, or a list of students; the fields that follow say
// what changes. A nil pointer leaves the value as it is.
type Entry struct {
	// Line is the 1-based line of the file where the entry starts; 0 when
	// unknown.
	Line int

	// Position is the ID of the position to change. Its fields: Withdraw,
	// or any of Seats or Capacity (not both), MinFill, Target, Reserved.
	Position string
	// Enterprise is the ID of the enterprise whose Cap changes.
	Enterprise string
	// Region is the ID of the region whose Cap or Floor (or both) change.
	Region string
	// Students lists the IDs of students who withdraw (Withdraw must be
	// set).
	Students []string

	// Withdraw withdraws the position or the students.
	Withdraw bool
	// Seats adds seats to the position (removes them when negative).
	Seats *int
	// Capacity sets the position's capacity.
	Capacity *int
	// MinFill and Target set the position's minimum fill and target
	// capacity (see model.Position).
	MinFill, Target *int
	// Reserved, when not nil, replaces the position's reserved seats
	// (an empty list removes them all).
	Reserved *[]model.Reserve
	// Cap sets the enterprise's or region's cap (0: no cap); Floor sets the
	// region's floor (0: none).
	Cap, Floor *int
}

// ChangeError rejects a change file, or changes that do not fit their
// cohort. It lists every problem found, in the order of the entries, each a
// *model.Problem with the change file's name (File), the line where the
// entry starts (Line) and the path of the entry and its field (Path,
// "changes[2].seats"), wrapping one of model's sentinel errors
// (model.ErrSyntax, model.ErrUnknownRef, model.ErrInvalidValue,
// model.ErrDuplicateChoice, model.ErrCapacity, model.ErrTooLarge):
//
//	changes.json:7: changes[2].seats: want a whole number, got text
type ChangeError struct {
	File     string
	Problems []*model.Problem
}

// Error lists every problem, one a line, after a count.
func (e *ChangeError) Error() string {
	var b strings.Builder
	b.WriteString("whatif: changes")
	if e.File != "" {
		b.WriteString(" in " + e.File)
	}
	fmt.Fprintf(&b, " rejected: %d error", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n\t" + p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so that errors.Is and errors.As see each.
func (e *ChangeError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// problems collects the problems of one file (of one sheet of a
// workbook: sheet is its name).
type problems struct {
	file, sheet string
	list        []*model.Problem
}

func (ps *problems) add(line int, path string, err error) {
	ps.list = append(ps.list, &model.Problem{File: ps.file, Sheet: ps.sheet, Line: line, Path: path, Err: err})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ChangeError{File: ps.file, Problems: ps.list}
}

// warn records a warning: something the reader ignored.
func (ps *problems) warn(ch *Changes, line int, path string, err error) {
	ch.Warnings = append(ch.Warnings, &model.Problem{File: ps.file, Sheet: ps.sheet, Line: line, Path: path, Err: err, Severity: model.SeverityWarning})
}

// partial returns the entries that read well with the problems of the
// others (see [ReadChanges]).
func (ps *problems) partial(ch *Changes) (*Changes, error) {
	if len(ps.list) == 0 {
		return ch, nil
	}
	ch.readErr = ps.err().(*ChangeError)
	return ch, ch.readErr
}

// entryJSON is an entry as the file spells it; pointers tell a member left
// out from a zero.
type entryJSON struct {
	Position   *string        `json:"position"`
	Enterprise *string        `json:"enterprise"`
	Region     *string        `json:"region"`
	Students   *[]string      `json:"students"`
	Withdraw   *bool          `json:"withdraw"`
	Seats      *int           `json:"seats"`
	Capacity   *int           `json:"capacity"`
	MinFill    *int           `json:"min_fill"`
	Target     *int           `json:"target"`
	Reserved   *[]reserveJSON `json:"reserved"`
	Cap        *int           `json:"cap"`
	Floor      *int           `json:"floor"`
}

type reserveJSON struct {
	Category *string `json:"category"`
	Seats    *int    `json:"seats"`
	Unused   string  `json:"unused"`
}

// ReadChanges reads a change file in the JSON format of the package
// documentation. name labels the file in errors. Every problem found is
// returned at once in a *[ChangeError], each naming the file, the line and
// path of the entry and the field; the IDs are checked against a cohort
// later, by [Apply]. When only entries have problems, the Changes returned
// with the error hold the entries that read (and, unexported, the targets
// of those that did not): [Apply] given them returns the reader's problems
// and the unknown IDs of every entry in one *ChangeError. Members of the
// object other than format, name and changes are ignored with a warning
// (Changes.Warnings). It reads at most [MaxFileBytes] bytes, runs in time
// linear in the file's size and never panics on data.
func ReadChanges(r io.Reader, name string) (*Changes, error) {
	ps := &problems{file: name}
	data, err := readLimited(r, ps)
	if err != nil {
		return nil, err
	}
	ch := &Changes{File: name}
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) (*Changes, error) {
		line, path := lineAt(data, dec.InputOffset()), ""
		var se *jsontext.SyntacticError
		if errors.As(err, &se) {
			line, path = lineAt(data, se.ByteOffset), model.PointerPath(se.JSONPointer)
			err = se.Err
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errorf(nil, "unexpected end of file")
		}
		ps.add(line, path, errorf(model.ErrSyntax, "not valid JSON: %v", err))
		return nil, ps.err()
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return syntax(err)
	}
	if tok.Kind() != '{' {
		ps.add(1, "", errorf(model.ErrSyntax, "a change file is one JSON object, not %s", kindText(tok.Kind())))
		return nil, ps.err()
	}
	format, sawChanges := "", false
	var foreign []string
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return syntax(err)
		}
		member := tok.String()
		v, err := dec.ReadValue()
		if err != nil {
			return syntax(err)
		}
		line := lineAt(data, dec.InputOffset()-int64(len(v)))
		switch member {
		case "format":
			if err := json.Unmarshal(v, &format); err != nil {
				ps.add(line, "format", errorf(model.ErrSyntax, "want text, got %s", kindText(v.Kind())))
			}
		case "name":
			if err := json.Unmarshal(v, &ch.Name); err != nil {
				ps.add(line, "name", errorf(model.ErrSyntax, "want text, got %s", kindText(v.Kind())))
			}
		case "changes":
			sawChanges = true
			if v.Kind() != '[' {
				ps.add(line, "changes", errorf(model.ErrSyntax, "want a list of changes, got %s", kindText(v.Kind())))
				continue
			}
			readEntries(ch, ps, data, dec.InputOffset()-int64(len(v)), v)
		default:
			foreign = append(foreign, member)
			ps.warn(ch, line, member, errorf(model.ErrSyntax, "unknown field, ignored (the fields are format, name and changes)"))
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return syntax(err)
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errorf(nil, "more data after the object")
		}
		return syntax(err)
	}
	switch {
	case format != "" && format != Format:
		// Another of the project's files, most likely a result file:
		// say so rather than list its members as unknown.
		ps.list, ch.Warnings = nil, nil
		ps.add(0, "format", errorf(model.ErrInvalidValue, "%q is not a change file (want format %q)", format, Format))
	case !sawChanges && (slices.Contains(foreign, "students") || slices.Contains(foreign, "positions")):
		ps.list, ch.Warnings = nil, nil
		ps.add(0, "", errorf(model.ErrInvalidValue, "this looks like a cohort file, not a change file (it has no \"changes\" list)"))
	case !sawChanges:
		ps.add(0, "changes", errorf(model.ErrInvalidValue, "missing: a change file lists its changes"))
	default:
		return ps.partial(ch)
	}
	return nil, ps.err()
}

// readEntries decodes the list of changes v, which starts at byte offset
// start of data, entry by entry.
func readEntries(ch *Changes, ps *problems, data []byte, start int64, v jsontext.Value) {
	dec := jsontext.NewDecoder(bytes.NewReader(v))
	if _, err := dec.ReadToken(); err != nil {
		return // v is a valid array: cannot happen
	}
	for i := 0; dec.PeekKind() != ']'; i++ {
		raw, err := dec.ReadValue()
		if err != nil {
			return
		}
		line := lineAt(data, start+dec.InputOffset()-int64(len(raw)))
		path := fmt.Sprintf("changes[%d]", i)
		e, ok := decodeEntry(ps, line, path, raw)
		e.Line = line
		if ok {
			ch.Entries = append(ch.Entries, e)
		} else {
			ch.unread = append(ch.unread, targetOf(e))
		}
	}
}

// decodeEntry decodes and checks one entry; it reports every problem and
// returns false when there was one.
func decodeEntry(ps *problems, line int, path string, raw jsontext.Value) (Entry, bool) {
	before := len(ps.list)
	bad := func(field string, sentinel error, format string, args ...any) {
		p := path
		if field != "" {
			p += "." + field
		}
		ps.add(line, p, errorf(sentinel, format, args...))
	}
	if raw.Kind() != '{' {
		bad("", model.ErrSyntax, "want an object, got %s", kindText(raw.Kind()))
		return Entry{}, false
	}
	var j entryJSON
	if err := json.Unmarshal(raw, &j, json.RejectUnknownMembers(true)); err != nil {
		field, format, args := decodeProblem(err)
		bad(field, model.ErrSyntax, format, args...)
		return Entry{}, false
	}
	e := Entry{
		Withdraw: j.Withdraw != nil && *j.Withdraw,
		Seats:    j.Seats, Capacity: j.Capacity, MinFill: j.MinFill, Target: j.Target,
		Cap: j.Cap, Floor: j.Floor,
	}
	for _, ref := range []struct {
		field string
		v     *string
		dst   *string
	}{{"position", j.Position, &e.Position}, {"enterprise", j.Enterprise, &e.Enterprise}, {"region", j.Region, &e.Region}} {
		if ref.v != nil {
			if *ref.v == "" {
				bad(ref.field, model.ErrEmptyID, "empty ID")
			}
			*ref.dst = *ref.v
		}
	}
	if j.Students != nil {
		e.Students = *j.Students
		if len(e.Students) == 0 {
			bad("students", model.ErrInvalidValue, "lists no student")
		}
	}
	if j.Withdraw != nil && !*j.Withdraw {
		bad("withdraw", model.ErrInvalidValue, "false changes nothing: leave it out")
	}
	if j.Reserved != nil {
		res := make([]model.Reserve, 0, len(*j.Reserved))
		for i, r := range *j.Reserved {
			field := fmt.Sprintf("reserved[%d]", i)
			var rv model.Reserve
			if r.Category == nil {
				bad(field+".category", model.ErrInvalidValue, "missing")
			} else if c, err := model.ParseCategory(*r.Category); err != nil {
				bad(field+".category", model.ErrInvalidValue, "%v", err)
			} else {
				rv.Category = c
			}
			if r.Seats == nil {
				bad(field+".seats", model.ErrInvalidValue, "missing")
			} else {
				rv.Seats = *r.Seats
			}
			if u, err := model.ParseUnused(r.Unused); err != nil {
				bad(field+".unused", model.ErrInvalidValue, "%v", err)
			} else {
				rv.Unused = u
			}
			res = append(res, rv)
		}
		e.Reserved = &res
	}
	checkEntry(e, bad)
	return e, len(ps.list) == before
}

// targetOf is e's target alone, the IDs that Apply checks of an entry that
// did not read.
func targetOf(e Entry) Entry {
	return Entry{Line: e.Line, Position: e.Position, Enterprise: e.Enterprise, Region: e.Region, Students: e.Students}
}

// checkEntry reports, through bad, everything wrong with an entry on its
// own (without its cohort): not exactly one target, fields the target does
// not take, a change that changes nothing, values out of range.
func checkEntry(e Entry, bad func(field string, sentinel error, format string, args ...any)) {
	var targets []string
	for _, t := range []struct {
		name string
		set  bool
	}{{"position", e.Position != ""}, {"enterprise", e.Enterprise != ""}, {"region", e.Region != ""}, {"students", e.Students != nil}} {
		if t.set {
			targets = append(targets, t.name)
		}
	}
	if len(targets) != 1 {
		if len(targets) == 0 {
			bad("", model.ErrInvalidValue, "names no target (want one of position, enterprise, region or students)")
		} else {
			args := make([]any, len(targets))
			for i, t := range targets {
				args[i] = word(t)
			}
			// Each count of targets its own message of the catalogue.
			both := errorf(nil, [...]string{2: "%s and %s", 3: "%s and %s and %s", 4: "%s and %s and %s and %s"}[len(targets)], args...)
			bad("", model.ErrInvalidValue, "names %s: one target an entry", both)
		}
		return
	}
	// The fields each target takes.
	allowed := map[string][]string{
		"position":   {"withdraw", "seats", "capacity", "min_fill", "target", "reserved"},
		"enterprise": {"cap"},
		"region":     {"cap", "floor"},
		"students":   {"withdraw"},
	}[targets[0]]
	fields := []struct {
		name string
		set  bool
	}{
		{"withdraw", e.Withdraw}, {"seats", e.Seats != nil}, {"capacity", e.Capacity != nil},
		{"min_fill", e.MinFill != nil}, {"target", e.Target != nil}, {"reserved", e.Reserved != nil},
		{"cap", e.Cap != nil}, {"floor", e.Floor != nil},
	}
	n := 0
	for _, f := range fields {
		if !f.set {
			continue
		}
		n++
		if !slices.Contains(allowed, f.name) {
			bad(f.name, model.ErrInvalidValue, "a change of %s %s has no field %s (it may set %s)", word(targets[0]), targetText(e), f.name, strings.Join(allowed, ", "))
		}
	}
	switch {
	case targets[0] == "students":
		if !e.Withdraw {
			bad("withdraw", model.ErrInvalidValue, "students can only be withdrawn: set \"withdraw\": true")
		}
		seen := map[string]int{}
		for i, id := range e.Students {
			if k, dup := seen[id]; dup {
				bad(fmt.Sprintf("students[%d]", i), model.ErrDuplicateChoice, "student %q already listed at students[%d]", id, k)
			}
			seen[id] = i
		}
	case n == 0:
		bad("", model.ErrInvalidValue, "changes nothing of %s %s (set one of %s)", word(targets[0]), targetText(e), strings.Join(allowed, ", "))
	case e.Withdraw && n > 1:
		bad("withdraw", model.ErrInvalidValue, "a withdrawn position takes no other change")
	}
	if e.Seats != nil && e.Capacity != nil {
		bad("seats", model.ErrInvalidValue, "give seats (a change) or capacity (the new number), not both")
	}
	if e.Seats != nil && (*e.Seats == 0 || *e.Seats > model.MaxCapacity || *e.Seats < -model.MaxCapacity) {
		bad("seats", model.ErrInvalidValue, "%d seats: want a change between -%d and %d, not 0", *e.Seats, model.MaxCapacity, model.MaxCapacity)
	}
	for _, f := range []struct {
		name string
		v    *int
	}{{"capacity", e.Capacity}, {"min_fill", e.MinFill}, {"target", e.Target}, {"cap", e.Cap}, {"floor", e.Floor}} {
		if f.v != nil && (*f.v < 0 || *f.v > model.MaxCapacity) {
			bad(f.name, model.ErrInvalidValue, "%d is out of range 0..%d", *f.v, model.MaxCapacity)
		}
	}
	if e.Reserved != nil {
		for i, r := range *e.Reserved {
			if r.Seats < 0 || r.Seats > model.MaxCapacity {
				bad(fmt.Sprintf("reserved[%d].seats", i), model.ErrInvalidValue, "%d is out of range 0..%d", r.Seats, model.MaxCapacity)
			}
		}
	}
}

func targetText(e Entry) string {
	switch {
	case e.Position != "":
		return strconv.Quote(e.Position)
	case e.Enterprise != "":
		return strconv.Quote(e.Enterprise)
	case e.Region != "":
		return strconv.Quote(e.Region)
	}
	return ""
}

// decodeProblem turns a decoding error of an entry into the field it
// concerns (relative to the entry, in the path form "reserved[0].seats")
// and a message in the planner's terms.
func decodeProblem(err error) (field, format string, args []any) {
	var se *json.SemanticError
	var sy *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		field = model.PointerPath(se.JSONPointer)
		if errors.Is(se.Err, json.ErrUnknownName) {
			return field, "unknown field", nil
		}
		got := kindText(se.JSONKind)
		if se.JSONKind == '0' {
			got = "a number that does not fit" // a fraction, or too large
		}
		return field, "want %s, got %s", []any{goTypeText(se.GoType), got}
	case errors.As(err, &sy):
		field = model.PointerPath(sy.JSONPointer)
		return field, "%s", []any{sy.Err.Error()}
	}
	return "", "%s", []any{err.Error()}
}

func goTypeText(t reflect.Type) word {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int:
		return "a whole number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Struct:
		return "an object"
	}
	return word(t.String())
}

func kindText(k jsontext.Kind) word {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "true or false"
	case '"':
		return "text"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "nothing"
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	// Skip the separators before a value: its line is where it starts.
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// readLimited reads a change file of at most [MaxFileBytes] bytes; a
// larger one is a problem of ps, returned as its error.
func readLimited(r io.Reader, ps *problems) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("whatif: read %s: %w", ps.file, err)
	}
	if len(data) > MaxFileBytes {
		ps.add(0, "", errorf(model.ErrTooLarge, "change file larger than %d bytes", MaxFileBytes))
		return nil, ps.err()
	}
	return data, nil
}
