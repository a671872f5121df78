package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/csvtext"
)

// Sentinel errors. Every [Problem] wraps exactly one of them, so callers can
// branch with errors.Is on a whole [ValidationError] or on one Problem.
var (
	// ErrSyntax: the file is not well-formed JSON or CSV, or a value has
	// the wrong type (text where a number belongs).
	ErrSyntax = errors.New("syntax error")
	// ErrTooLarge: the input exceeds a limit of [Options] (bytes, line
	// length, records).
	ErrTooLarge = errors.New("input too large")
	// ErrEmptyID: a record has no ID.
	ErrEmptyID = errors.New("empty ID")
	// ErrDuplicateID: two records of the same entity share an ID.
	ErrDuplicateID = errors.New("duplicate ID")
	// ErrUnknownRef: a field names an entity that the cohort does not have.
	ErrUnknownRef = errors.New("unknown reference")
	// ErrInvalidValue: a value is out of its domain (a NaN score, a negative
	// capacity, an unknown level).
	ErrInvalidValue = errors.New("invalid value")
	// ErrDuplicateChoice: a student lists a position twice, or a ranking
	// lists a student twice.
	ErrDuplicateChoice = errors.New("duplicate entry")
	// ErrIneligible: a student lists a position they may not take (major,
	// score or special-post rules). A warning unless
	// [Options.StrictEligibility] is set.
	ErrIneligible = errors.New("ineligible choice")
	// ErrCapacity: seats do not add up: reserves exceed capacity, a floor
	// exceeds a cap or the seats that could ever meet it.
	ErrCapacity = errors.New("capacity conflict")
	// ErrUnreachable: a policy promise cannot be kept with the data given,
	// such as a special-post student with no special post in reach.
	ErrUnreachable = errors.New("promise out of reach")
	// ErrTooManyProblems is wrapped by a [ValidationError] that stopped
	// listing problems at [Options.MaxProblems].
	ErrTooManyProblems = errors.New("too many problems")
	// ErrEncoding: a CSV file's bytes are text in none of the encodings
	// the reader knows (UTF-8, UTF-16 with a byte order mark,
	// GB18030/GBK), or in UTF-8 with another encoding mixed in. It is also
	// the cause of the warning that a file was converted to UTF-8. It is
	// the sentinel of every CSV reader of the project (package matching's
	// and whatif's too).
	ErrEncoding = csvtext.ErrEncoding
)

// Severity says whether a problem rejects the cohort.
type Severity uint8

const (
	// SeverityError rejects the cohort.
	SeverityError Severity = iota
	// SeverityWarning is reported with the cohort, which is still built.
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Problem is one thing wrong with the input, with where it is.
//
// Its Error method renders it like a compiler message, location first:
//
//	students.csv:12: student "S1": choices: unknown position "P9"
//	cohort.json:14: students[3].choices[2]: student "S1": unknown position "P9"
//	group.xlsx: sheet "students" row 12, column "choices": student "S1": unknown position "P9"
type Problem struct {
	Severity Severity
	// File is the name of the file the record came from; empty for a
	// cohort built through the API.
	File string
	// Sheet is the sheet of a workbook the record came from (the
	// [TablePlace] of its table), or "" for other files.
	Sheet string
	// Line is the 1-based line where the record starts in the file (in a
	// workbook, its row in Sheet); 0 when unknown.
	Line int
	// Path locates the value inside the data in the JSON format's terms,
	// "students[3].choices[2]", for JSON files and API input; it is empty
	// for CSV files and workbooks, where File, Sheet, Line and Field say
	// where.
	Path string
	// Entity is the kind of record: "student", "position", "enterprise",
	// "region", "school", "major", "order class", or "" for the file as a
	// whole.
	Entity string
	// ID is the record's ID, if it has one.
	ID string
	// Field is the name of the field in the file formats ("choices",
	// "capacity"), or "" for the record as a whole.
	Field string
	// Err is the cause; it wraps one of the package's sentinel errors.
	Err error
	// Suggestions, for an unknown reference ([ErrUnknownRef]) found by
	// validation, are the IDs it was probably meant to be: the record
	// whose name the value is (a name typed where its ID belongs), or
	// the nearest IDs (at most three, only when close). Rendered as
	// "did you mean SC02 (东山县职业中学2)?".
	Suggestions []Suggestion
}

// Suggestion is an ID that a bad reference was probably meant to be, with
// the name of its record (empty when it has none).
type Suggestion struct {
	ID, Name string
}

// Error renders the problem, location first, in English. [Problem.Text]
// renders it in another language.
func (p *Problem) Error() string { return p.render(nil) }

// render renders the problem through pr (nil: English, as Error).
func (p *Problem) render(pr *message.Printer) string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 && p.Sheet == "" {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(tr(pr, ": "))
	}
	if p.Sheet != "" {
		b.WriteString(tr(pr, "sheet %q", p.Sheet))
		if p.Line > 0 {
			b.WriteString(tr(pr, " row %s", strconv.Itoa(p.Line))) // no digit grouping
		}
		if p.Field != "" && p.Path == "" {
			b.WriteString(tr(pr, ", column %q", p.Field))
		}
		b.WriteString(tr(pr, ": "))
	}
	if p.Path != "" {
		b.WriteString(p.Path + tr(pr, ": "))
	}
	if p.Entity != "" {
		b.WriteString(word(pr, p.Entity))
		if p.ID != "" {
			b.WriteString(" " + strconv.Quote(p.ID))
		}
		b.WriteString(tr(pr, ": "))
	}
	if p.Field != "" && p.Path == "" && p.Sheet == "" {
		b.WriteString(p.Field + tr(pr, ": "))
	}
	if p.Severity == SeverityWarning {
		b.WriteString(tr(pr, "warning: "))
	}
	b.WriteString(p.cause(pr))
	return b.String()
}

// cause is the problem's cause and its suggestions, without the location.
func (p *Problem) cause(pr *message.Printer) string {
	s := causeText(p.Err, pr)
	if len(p.Suggestions) > 0 {
		s += tr(pr, "; ") + suggestionText(p.Suggestions, pr)
	}
	return s
}

// Unwrap returns the cause.
func (p *Problem) Unwrap() error { return p.Err }

// ValidationError rejects a cohort. It lists every error found (up to
// [Options.MaxProblems]), in the order of the input.
type ValidationError struct {
	Problems []*Problem
	// Omitted counts the errors found beyond the limit and not listed.
	Omitted int
	// Warnings are the warnings found with the errors (a file converted
	// from GBK, a column the format does not know), as [Cohort.Warnings]
	// would have listed them: a planner rejected still wants to know them.
	// Error and Text do not list them.
	Warnings []*Problem
	// more counts the unknown references among the Omitted by the group
	// they belong to (see Groups).
	more map[groupKey]int
	// responses: the error rejects a responses file, not a cohort (its
	// first line says so).
	responses bool
	// readable: the rows of a responses file read without error
	// (ReadableResponses).
	readable *Responses
}

// NewResponsesError is a *ValidationError that rejects a responses file
// (see [ReadResponsesCSV]) for the problems ps, as a reader of another
// format (model/xlsx) reports a file it cannot read at all.
func NewResponsesError(ps ...*Problem) *ValidationError {
	return &ValidationError{Problems: ps, responses: true}
}

// Error lists the problems after a count, in English, one group a line
// (the count is of errors when each is a line, else of the lines, with
// the rows or records they cover: "3 problems (53 rows)"):
// a problem repeated on many rows (the same message about the same field
// of the same file) is one line with the count and the first rows (see
// [ValidationError.Groups]). [ValidationError.Text] renders it in another
// language. Problems keeps every problem, one by one.
func (e *ValidationError) Error() string { return e.render(nil) }

func (e *ValidationError) render(pr *message.Printer) string {
	var b strings.Builder
	n := len(e.Problems) + e.Omitted
	groups := e.Groups()
	rows, records := e.rows()
	if e.responses {
		switch {
		case len(groups) < len(e.Problems) && rows > len(groups):
			// Fewer lines than problems: the count is of the lines a planner
			// reads, with the rows they cover.
			switch {
			case records && len(groups) == 1:
				b.WriteString(tr(pr, "model: responses rejected: %d problem (%d records)", len(groups), rows))
			case records:
				b.WriteString(tr(pr, "model: responses rejected: %d problems (%d records)", len(groups), rows))
			case len(groups) == 1:
				b.WriteString(tr(pr, "model: responses rejected: %d problem (%d rows)", len(groups), rows))
			default:
				b.WriteString(tr(pr, "model: responses rejected: %d problems (%d rows)", len(groups), rows))
			}
		case n == 1:
			b.WriteString(tr(pr, "model: responses rejected: %d error", n))
		default:
			b.WriteString(tr(pr, "model: responses rejected: %d errors", n))
		}
	} else {
		switch {
		case len(groups) < len(e.Problems) && rows > len(groups):
			// Fewer lines than problems: the count is of the lines a planner
			// reads, with the rows they cover.
			switch {
			case records && len(groups) == 1:
				b.WriteString(tr(pr, "model: cohort rejected: %d problem (%d records)", len(groups), rows))
			case records:
				b.WriteString(tr(pr, "model: cohort rejected: %d problems (%d records)", len(groups), rows))
			case len(groups) == 1:
				b.WriteString(tr(pr, "model: cohort rejected: %d problem (%d rows)", len(groups), rows))
			default:
				b.WriteString(tr(pr, "model: cohort rejected: %d problems (%d rows)", len(groups), rows))
			}
		case n == 1:
			b.WriteString(tr(pr, "model: cohort rejected: %d error", n))
		default:
			b.WriteString(tr(pr, "model: cohort rejected: %d errors", n))
		}
	}
	rest := e.Omitted
	for _, g := range groups {
		b.WriteString("\n\t" + g.render(pr))
		rest -= g.More
	}
	if rest > 0 {
		b.WriteString("\n\t" + tr(pr, "... and %d more (too many problems)", rest))
	}
	return b.String()
}

// rows counts the rows the problems are on: the distinct rows (file,
// sheet, line) of the problems listed, or the distinct records (by kind
// and ID) of those without a line, a problem of neither counting as one,
// and each problem not listed ([ValidationError.Omitted]) as one. records
// is true when the problems are of records (JSON, the API), not of rows
// of CSV files and sheets.
func (e *ValidationError) rows() (n int, records bool) {
	type row struct {
		file, sheet string
		line        int
		entity, id  string
	}
	seen := make(map[row]bool, len(e.Problems))
	n = e.Omitted
	for _, p := range e.Problems {
		r := row{file: p.File, sheet: p.Sheet, line: p.Line}
		records = records || p.Path != "" || p.Line <= 0
		if p.Line <= 0 {
			if p.ID == "" {
				n++
				continue
			}
			r.entity, r.id = p.Entity, p.ID
		}
		if !seen[r] {
			seen[r] = true
			n++
		}
	}
	return n, records
}

// Unwrap returns the problems, so that errors.Is and errors.As see each.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		errs = append(errs, p)
	}
	if e.Omitted > 0 {
		errs = append(errs, ErrTooManyProblems)
	}
	return errs
}

// causeError is a cause that wraps a sentinel with a specific message. It
// keeps the format and arguments, so that the message can be rendered in
// another language through the package's catalogue (see [Problem.Text]).
type causeError struct {
	sentinel error
	msg      string
	format   string
	args     []any
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.sentinel }

func errorf(sentinel error, format string, args ...any) error {
	return &causeError{sentinel: sentinel, msg: fmt.Sprintf(format, args...), format: format, args: args}
}

// refError is an unknown reference: value names no record of kind target.
// Validation suggests what it was meant to be (see hints.go).
type refError struct {
	target entity
	value  string
}

func (e *refError) Error() string {
	return "unknown " + entityNames[e.target] + " " + strconv.Quote(e.value)
}
func (e *refError) Unwrap() error { return ErrUnknownRef }

// Errorf returns an error whose message is the formatted text alone and
// which wraps sentinel (one of this package's Err values) for errors.Is:
// the cause of a [Problem] that a reader outside this package reports in
// the terms of this one (model/xlsx, whatif).
func Errorf(sentinel error, format string, args ...any) error {
	return errorf(sentinel, format, args...)
}

func itoa(i int) string { return strconv.Itoa(i) }
