package matching

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/placement-engine/placement/model"
)

// ResultProblem is a problem of a row of a result file read against its
// cohort, for the caller to word, group and bound (the readers list every
// one).
type ResultProblem struct {
	// Sheet is, in a workbook, the sheet as the workbook names it; in a
	// JSON file, the member ("assignments", "unplaced"); empty in CSV.
	Sheet string
	// JSON is set for a JSON file: Row is then an index of Sheet.
	JSON bool
	// Row is the CSV line or the workbook row (from 1), or the JSON index
	// (from 0); 0 in a workbook for a problem of the whole sheet.
	Row int
	// Kind is "student" or "position" for an unknown ID (Value), "rank"
	// for a rank that is not a number from 1 (Value), "sheet" for a sheet
	// the workbook lacks (Value, named in the workbook's language; Text
	// lists its sheets), "column" for a column a sheet lacks (Value), or
	// empty for another problem, said by Text (in English).
	Kind, Value, Text string
	// Suggestions are what an unknown ID was probably meant to be
	// ([model.Cohort.Suggester]).
	Suggestions []model.Suggestion
}

// Where is the problem's place in English: "line 8", "sheet "分配结果"
// row 2", "assignments[3]".
func (p *ResultProblem) Where() string {
	switch {
	case p.JSON:
		return fmt.Sprintf("%s[%d]", p.Sheet, p.Row)
	case p.Sheet == "":
		return fmt.Sprintf("line %d", p.Row)
	case p.Row == 0:
		return fmt.Sprintf("sheet %q", p.Sheet)
	}
	return fmt.Sprintf("sheet %q row %d", p.Sheet, p.Row)
}

// What is the problem without its place, in English.
func (p *ResultProblem) What() string {
	switch p.Kind {
	case "student", "position":
		return fmt.Sprintf("unknown %s %q", p.Kind, p.Value)
	case "rank":
		return fmt.Sprintf("rank %q, want a number from 1", p.Value)
	case "sheet":
		return fmt.Sprintf("no sheet %q with a header row (the workbook has %s)", p.Value, p.Text)
	case "column":
		return fmt.Sprintf("no column %q", p.Value)
	}
	return p.Text
}

// maxResultProblems is how many problems ResultProblemsError.Error lists.
const maxResultProblems = 10

// ResultProblemsError is the error of a result file whose rows do not
// fit the cohort: every problem, in file order. It wraps [ErrResultFile].
type ResultProblemsError struct {
	Problems []ResultProblem
}

// Error lists the first problems, a line each, in English.
func (e *ResultProblemsError) Error() string {
	if len(e.Problems) == 1 {
		return ErrResultFile.Error() + ": " + e.Problems[0].Where() + ": " + e.Problems[0].What()
	}
	var b strings.Builder
	b.WriteString(ErrResultFile.Error() + ": " + strconv.Itoa(len(e.Problems)) + " problems")
	for i := range e.Problems[:min(len(e.Problems), maxResultProblems)] {
		p := &e.Problems[i]
		b.WriteString("\n\t" + p.Where() + ": " + p.What())
	}
	if n := len(e.Problems) - maxResultProblems; n > 0 {
		fmt.Fprintf(&b, "\n\t… %d more", n)
	}
	return b.String()
}

// Unwrap returns ErrResultFile.
func (e *ResultProblemsError) Unwrap() error { return ErrResultFile }

// ResultProblems collects the problems of a result file's rows against
// cohort c, with suggestions for the unknown IDs (each distinct value
// searched once). The zero value is not usable: see [NewResultProblems].
type ResultProblems struct {
	suggest  func(kind, value string) []model.Suggestion
	problems []ResultProblem
}

// NewResultProblems returns a collector for a result file of cohort c.
func NewResultProblems(c *model.Cohort) *ResultProblems {
	return &ResultProblems{suggest: c.Suggester()}
}

// Add records p, with suggestions when it is an unknown ID.
func (r *ResultProblems) Add(p ResultProblem) {
	if p.Kind == "student" || p.Kind == "position" {
		p.Suggestions = r.suggest(p.Kind, p.Value)
	}
	r.problems = append(r.problems, p)
}

// Err returns a *[ResultProblemsError] of the problems added, or nil.
func (r *ResultProblems) Err() error {
	if len(r.problems) == 0 {
		return nil
	}
	return &ResultProblemsError{Problems: r.problems}
}
