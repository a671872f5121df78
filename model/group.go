package model

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/message"
)

// ProblemGroup is problems that say the same thing at different places: the
// same severity, file (and sheet), kind of record, field and message, as
// when one school's ID is renamed and every student of the school names
// the old one. A planner reads one line for them, with the count and the
// first rows:
//
//	students.csv, column "school": unknown school "SC2" in 294 rows (lines 2, 3, 7, 9, 12, …); did you mean SC02 (东山县职业中学2)?
//
// A group of one problem reads as the problem itself.
type ProblemGroup struct {
	// Problems are the group's problems in the order of the list they
	// came from; there is at least one.
	Problems []*Problem
	// More counts the group's problems found beyond
	// [Options.MaxProblems], counted but not listed (unknown references
	// only: a renamed ID in a million students is one group of them all).
	More int
	// Distinct is how many different messages the group holds: 0 or 1
	// for problems that say the same thing, more when problems of one
	// shape with different values were grouped (at least three values: a
	// column of scores written "85分", "90分", ..., each "not a number"),
	// the first problem's message standing for them all.
	Distinct int
	// files: the group is one problem of a whole file said of several
	// files (each CSV file converted from GBK): one line naming them.
	files bool
}

// maxGroupPlaces is how many rows a group's line names.
const maxGroupPlaces = 5

type groupKey struct {
	sev                        Severity
	file, sheet, entity, field string
	msg                        string
	json                       bool
}

// GroupProblems groups ps (see [ProblemGroup]), in the order of each
// group's first problem. ps is not modified. It takes time linear in
// len(ps).
func GroupProblems(ps []*Problem) []*ProblemGroup {
	var out []*ProblemGroup
	at := make(map[groupKey]int)
	for _, p := range ps {
		k := keyOf(p, p.Path != "")
		if i, ok := at[k]; ok {
			out[i].Problems = append(out[i].Problems, p)
			continue
		}
		at[k] = len(out)
		out = append(out, &ProblemGroup{Problems: []*Problem{p}})
	}
	// A group on one row only (a list naming the same unknown ID twice)
	// reads better as its problems.
	for i := 0; i < len(out); i++ {
		if g := out[i]; len(g.Problems) > 1 && len(g.places()) == 1 {
			split := make([]*ProblemGroup, len(g.Problems))
			for k, p := range g.Problems {
				split[k] = &ProblemGroup{Problems: []*Problem{p}}
			}
			out = append(out[:i], append(split, out[i+1:]...)...)
			i += len(split) - 1
		}
	}
	return mergeFiles(mergeShapes(ps, out))
}

// fileWide reports whether g is one problem of a whole file: a file's
// encoding, not a row's.
func fileWide(g *ProblemGroup) bool {
	p := g.Problems[0]
	return len(g.Problems) == 1 && g.More == 0 && p.File != "" && p.Sheet == "" && p.Line == 0 &&
		p.Path == "" && p.Entity == "" && p.Field == "" && len(p.Suggestions) == 0
}

// mergeFiles joins the groups that say one thing of different whole files
// ("students.csv: converted from GB18030 (GBK) to UTF-8", and so of every
// file of the folder) into one line naming the files, where the first of
// them was.
func mergeFiles(gs []*ProblemGroup) []*ProblemGroup {
	type key struct {
		sev Severity
		msg string
	}
	count := make(map[key]int)
	for _, g := range gs {
		if fileWide(g) {
			count[key{g.Problems[0].Severity, g.Problems[0].cause(nil)}]++
		}
	}
	merge := false
	for _, n := range count {
		merge = merge || n > 1
	}
	if !merge {
		return gs
	}
	var out []*ProblemGroup
	into := make(map[key]*ProblemGroup)
	for _, g := range gs {
		if !fileWide(g) {
			out = append(out, g)
			continue
		}
		p := g.Problems[0]
		k := key{p.Severity, p.cause(nil)}
		if count[k] < 2 {
			out = append(out, g)
			continue
		}
		m := into[k]
		if m == nil {
			m = &ProblemGroup{files: true}
			into[k] = m
			out = append(out, m)
		}
		m.Problems = append(m.Problems, p)
	}
	return out
}

// minShapeGroups is how many groups of one shape with different values
// become one.
const minShapeGroups = 3

// shapeKey is a group's message shape: its place and its message's format,
// without the values.
type shapeKey struct {
	sev                        Severity
	file, sheet, entity, field string
	format                     string
	json                       bool
}

// shapeFormats are the messages whose only variable part is the bad value
// itself, so that one stands for the others.
var shapeFormats = map[string]bool{
	"%q is not a number":                                            true,
	"%q is not a whole number":                                      true,
	"%q is not true or false":                                       true,
	"score %v is not a finite number ≥ 0":                           true,
	"minimum score %v is not a finite number ≥ 0":                   true,
	"%d is outside 0..%d":                                           true,
	"unknown level %q (want secondary or higher)":                   true,
	"unknown region kind %q (want county, zone or out-of-province)": true,
	"ID %q has leading or trailing spaces":                          true,
}

func shapeOf(g *ProblemGroup) (shapeKey, bool) {
	p := g.Problems[0]
	ce, ok := p.Err.(*causeError)
	if !ok || !shapeFormats[ce.format] {
		return shapeKey{}, false
	}
	return shapeKey{sev: p.Severity, file: p.File, sheet: p.Sheet, entity: p.Entity, field: p.Field,
		format: ce.format, json: p.Path != ""}, true
}

// mergeShapes joins the groups of one shape when there are at least
// minShapeGroups of them (a column of scores written "85分", "90分", ...):
// one line, the first value as the example. Unknown references are left
// alone, since each value has its own hints.
func mergeShapes(ps []*Problem, gs []*ProblemGroup) []*ProblemGroup {
	count := make(map[shapeKey]int)
	for _, g := range gs {
		if k, ok := shapeOf(g); ok {
			count[k]++
		}
	}
	merge := false
	for _, n := range count {
		merge = merge || n >= minShapeGroups
	}
	if !merge {
		return gs
	}
	order := make(map[*Problem]int, len(ps))
	for i, p := range ps {
		order[p] = i
	}
	var out []*ProblemGroup
	into := make(map[shapeKey]*ProblemGroup)
	for _, g := range gs {
		k, ok := shapeOf(g)
		if !ok || count[k] < minShapeGroups {
			out = append(out, g)
			continue
		}
		m := into[k]
		if m == nil {
			m = &ProblemGroup{Distinct: 0}
			into[k] = m
			out = append(out, m)
		}
		m.Problems = append(m.Problems, g.Problems...)
		m.Distinct++
	}
	for _, m := range into {
		slices.SortFunc(m.Problems, func(a, b *Problem) int { return order[a] - order[b] })
	}
	return out
}

func keyOf(p *Problem, json bool) groupKey {
	return groupKey{sev: p.Severity, file: p.File, sheet: p.Sheet, entity: p.Entity, field: p.Field,
		msg: p.cause(nil), json: json}
}

// Groups returns e's problems grouped (see [GroupProblems]): what Error
// and Text list, one group a line. A group's More counts its problems
// among the Omitted.
func (e *ValidationError) Groups() []*ProblemGroup {
	gs := GroupProblems(e.Problems)
	if len(e.more) > 0 {
		for _, g := range gs {
			p := g.Problems[0]
			g.More = e.more[keyOf(p, p.Path != "")]
		}
	}
	return gs
}

// Error renders the group in English, as one line.
func (g *ProblemGroup) Error() string { return g.render(nil) }

// places returns the distinct places of the group's problems, in order:
// their lines, or, without lines, the paths of their records.
func (g *ProblemGroup) places() []string {
	var out []string
	seen := make(map[string]bool)
	for _, p := range g.Problems {
		s := ""
		if p.Line > 0 {
			s = strconv.Itoa(p.Line)
		} else {
			s = recordPath(p.Path)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// recordPath is the record part of a path: "students[3]" of
// "students[3].choices[2]".
func recordPath(path string) string {
	if i := strings.IndexByte(path, ']'); i >= 0 {
		return path[:i+1]
	}
	return path
}

func (g *ProblemGroup) render(pr *message.Printer) string {
	p := g.Problems[0]
	if len(g.Problems) == 1 && g.More == 0 {
		return p.render(pr)
	}
	if g.files {
		names := make([]string, len(g.Problems))
		for i, q := range g.Problems {
			names[i] = q.File
		}
		msg := p.cause(pr)
		if p.Severity == SeverityWarning {
			msg = tr(pr, "warning: ") + msg
		}
		return strings.Join(names, tr(pr, ", ")) + tr(pr, ": ") + msg
	}
	places := g.places()
	head := p.File
	if p.Sheet != "" {
		if head != "" {
			head += tr(pr, ": ")
		}
		head += tr(pr, "sheet %q", p.Sheet)
	}
	what := ""
	switch {
	case p.Field != "" && p.Path == "":
		what = tr(pr, "column %q", p.Field)
	case p.Field != "":
		what = tr(pr, "field %q", p.Field)
	case p.Entity != "":
		what = tr(pr, "%s records", word(pr, p.Entity))
	}
	switch {
	case head == "":
		head = what
	case what != "":
		head = tr(pr, "%s, %s", head, what)
	}
	msg := causeText(p.Err, pr)
	if g.Distinct > 1 {
		msg = tr(pr, "%s, and %d other values like it,", msg, g.Distinct-1)
	}
	if p.Severity == SeverityWarning {
		msg = tr(pr, "warning: ") + msg
	}
	shown := places[:min(len(places), maxGroupPlaces)]
	list := strings.Join(shown, tr(pr, ", "))
	more := len(places) > len(shown) || g.More > 0
	count := len(places) + g.More
	var text string
	switch {
	case p.Line == 0:
		if more {
			text = tr(pr, "%s in %d records (%s, …)", msg, count, list)
		} else {
			text = tr(pr, "%s in %d records (%s)", msg, count, list)
		}
	case p.Sheet != "":
		if more {
			text = tr(pr, "%s in %d rows (rows %s, …)", msg, count, list)
		} else {
			text = tr(pr, "%s in %d rows (rows %s)", msg, count, list)
		}
	case p.Path != "":
		if more {
			text = tr(pr, "%s in %d records (lines %s, …)", msg, count, list)
		} else {
			text = tr(pr, "%s in %d records (lines %s)", msg, count, list)
		}
	default:
		if more {
			text = tr(pr, "%s in %d rows (lines %s, …)", msg, count, list)
		} else {
			text = tr(pr, "%s in %d rows (lines %s)", msg, count, list)
		}
	}
	if len(p.Suggestions) > 0 {
		text += tr(pr, "; ") + suggestionText(p.Suggestions, pr)
	}
	if head == "" {
		return text
	}
	return head + tr(pr, ": ") + text
}
