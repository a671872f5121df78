package main

import (
	"strconv"
	"strings"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Problems of a result file's rows (REVIEW2 2): grouped by what is wrong
// (an unknown ID, a bad rank, a missing sheet), a line a group with the
// count and the first rows, at most maxProblemLines lines, in the verb's
// language, with what an unknown ID was probably meant to be.

// maxProblemLines is how many groups the message lists; maxProblemRows how
// many rows a group's line names.
const (
	maxProblemLines = 10
	maxProblemRows  = 5
)

// resultProblemsText words e in msg's language: a first line counting
// the problems, then a line a group.
func resultProblemsText(msg *message.Printer, e *matching.ResultProblemsError) string {
	type key struct {
		sheet       string
		json        bool
		kind, value string
		text        string
	}
	var order []key
	groups := map[key][]*matching.ResultProblem{}
	for i := range e.Problems {
		p := &e.Problems[i]
		k := key{p.Sheet, p.JSON, p.Kind, p.Value, p.Text}
		if p.Kind == "rank" {
			k.value = ""
		}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], p)
	}
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString(msg.Sprintf("the result file does not fit the cohort: 1 problem"))
	} else {
		b.WriteString(msg.Sprintf("the result file does not fit the cohort: %d problems", len(e.Problems)))
	}
	for i, k := range order {
		if i == maxProblemLines {
			rest := 0
			for _, k := range order[i:] {
				rest += len(groups[k])
			}
			b.WriteString("\n\t" + msg.Sprintf("… and %d more problems", rest))
			break
		}
		b.WriteString("\n\t" + problemGroupText(msg, groups[k]))
	}
	return b.String()
}

// problemGroupText is the line of a group of problems of the same kind
// and value.
func problemGroupText(msg *message.Printer, ps []*matching.ResultProblem) string {
	p := ps[0]
	var what string
	switch p.Kind {
	case "student":
		what = msg.Sprintf("unknown student %q", p.Value)
	case "position":
		what = msg.Sprintf("unknown position %q", p.Value)
	case "rank":
		what = msg.Sprintf("rank %q, want a number from 1", p.Value)
		if len(ps) > 1 {
			what = msg.Sprintf("ranks that are not a number from 1 (%q, …)", p.Value)
		}
	case "sheet":
		what = msg.Sprintf("no sheet %q with a header row (the workbook has %s)", p.Value, p.Text)
	case "column":
		what = msg.Sprintf("no column %q", p.Value)
	default:
		what = p.Text
	}
	list := strconv.Itoa(p.Row)
	for _, q := range ps[1:min(len(ps), maxProblemRows)] {
		list = msg.Sprintf("%s, %s", list, strconv.Itoa(q.Row))
	}
	many, cut := len(ps) > 1, len(ps) > maxProblemRows
	var where string
	switch {
	case p.Kind == "sheet":
		where = ""
	case p.JSON && cut:
		where = msg.Sprintf("%s entries %s, …", p.Sheet, list)
	case p.JSON && many:
		where = msg.Sprintf("%s entries %s", p.Sheet, list)
	case p.JSON:
		where = p.Sheet + "[" + list + "]"
	case p.Sheet == "" && cut:
		where = msg.Sprintf("lines %s, …", list)
	case p.Sheet == "" && many:
		where = msg.Sprintf("lines %s", list)
	case p.Sheet == "":
		where = msg.Sprintf("line %s", list)
	case p.Row == 0:
		where = msg.Sprintf("sheet %q", p.Sheet)
	case cut:
		where = msg.Sprintf("sheet %q rows %s, …", p.Sheet, list)
	case many:
		where = msg.Sprintf("sheet %q rows %s", p.Sheet, list)
	default:
		where = msg.Sprintf("sheet %q row %s", p.Sheet, list)
	}
	line := what
	if where != "" {
		line = msg.Sprintf("%s: %s", where, what)
	}
	if len(ps) > 1 {
		line = msg.Sprintf("%s (%d rows)", line, len(ps))
	}
	if len(p.Suggestions) > 0 {
		line += msg.Sprintf("; did you mean %s?", suggestionList(msg, p.Suggestions))
	}
	return line
}

// suggestionList is "P00022 (质检)", or "P00022, P00220 or P02022".
func suggestionList(msg *message.Printer, ss []model.Suggestion) string {
	items := make([]string, len(ss))
	for i, s := range ss {
		items[i] = s.ID
		if s.Name != "" {
			items[i] = msg.Sprintf("%s (%s)", s.ID, s.Name)
		}
	}
	if len(items) == 1 {
		return items[0]
	}
	return msg.Sprintf("%s or %s", strings.Join(items[:len(items)-1], msg.Sprintf(", ")), items[len(items)-1])
}

// unknownNameText words a name that is not one of its kind's (a
// mechanism, an objective ...), each kind a message of the catalogue.
func unknownNameText(msg *message.Printer, un *matching.UnknownNameError) string {
	want := formatNames(un.Want).in(msg)
	switch un.Kind {
	case "mechanism":
		return msg.Sprintf("unknown mechanism %q (want %s)", un.Value, want)
	case "objective":
		return msg.Sprintf("unknown objective %q (want %s)", un.Value, want)
	case "tie-break":
		return msg.Sprintf("unknown tie-break %q (want %s)", un.Value, want)
	case "reserve order":
		return msg.Sprintf("unknown reserve order %q (want %s)", un.Value, want)
	case "lottery rule":
		return msg.Sprintf("unknown lottery rule %q (want %s)", un.Value, want)
	}
	return un.Error()
}
