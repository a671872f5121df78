package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// printDiff prints a what-if diff as whatif.Diff.WriteText does (the same
// text in English), in msg's language: the summary, then at most limit
// students and positions of each list (0: all). The reasons of the moves
// and the changes at each position are worded from their notes, whose
// formats are keys of the catalogue; a refusal as explain words it, in
// changed, the changed cohort's result.
func printDiff(w io.Writer, msg *message.Printer, d *whatif.Diff, changed *matching.Result, limit int) error {
	var b strings.Builder
	s := d.Summary
	mech := d.Mechanism
	if m, err := matching.ParseMechanism(d.Mechanism); err == nil {
		mech = mechanismText(msg, m)
	}
	if d.Name != "" {
		msg.Fprintf(&b, "what if %q (%s): %d students\n", d.Name, mech, d.Students)
	} else {
		msg.Fprintf(&b, "what if (%s): %d students\n", mech, d.Students)
	}
	msg.Fprintf(&b, "  withdrawn      %d (%d of them placed before)\n", s.Withdrawn, s.WithdrawnPlaced)
	msg.Fprintf(&b, "  placed         %d → %d\n", s.PlacedBefore, s.PlacedAfter)
	msg.Fprintf(&b, "  total rank     %d → %d\n", s.TotalRankBefore, s.TotalRankAfter)
	msg.Fprintf(&b, "  moved          %d: %d better (%d newly placed), %d worse (%d newly unplaced)\n",
		s.Moved, s.Better, s.NewlyPlaced, s.Worse, s.NewlyUnplaced)
	msg.Fprintf(&b, "  fill changed   %d position(s)\n", s.FillChanged)
	// Names beside IDs, as explain and check print them, from the
	// changed cohort (which keeps every student and position).
	var c *model.Cohort
	if changed != nil {
		c = changed.Instance().Cohort()
	}
	student := func(id string) string {
		if c != nil {
			if s, ok := c.StudentIndex(id); ok {
				return studentText(c, s)
			}
		}
		return id
	}
	place := func(p string, rank int) string {
		if p == "" {
			return msg.Sprintf("unplaced")
		}
		if c != nil {
			if k, ok := c.PositionIndex(p); ok {
				p = nameID(p, c.Positions()[k].Name)
			}
		}
		return msg.Sprintf("%s (rank %d)", p, rank)
	}
	list := func(title string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(&b, "%s%s\n", title, msg.Sprintf(":"))
		for i := range n {
			if limit > 0 && i == limit {
				msg.Fprintf(&b, "  ... and %d more (-list 0 lists all)\n", n-limit)
				break
			}
			b.WriteString("  " + line(i) + "\n")
		}
	}
	list(msg.Sprintf("moved"), len(d.Moves), func(i int) string {
		m := d.Moves[i]
		dir := msg.Sprintf("worse")
		if m.Better {
			dir = msg.Sprintf("better")
		}
		return msg.Sprintf("%s %s → %s, %s: %s", student(m.Student), place(m.From, m.FromRank), place(m.To, m.ToRank), dir, notesText(msg, changed, m.Student, m.Notes))
	})
	list(msg.Sprintf("withdrawn"), len(d.Withdrawn), func(i int) string {
		x := d.Withdrawn[i]
		if x.Position == "" {
			return msg.Sprintf("%s (was unplaced)", student(x.Student))
		}
		return msg.Sprintf("%s (held %s)", student(x.Student), place(x.Position, x.Rank))
	})
	list(msg.Sprintf("fill changed"), len(d.Fills), func(i int) string {
		f := d.Fills[i]
		pos := f.Position
		if c != nil {
			if k, ok := c.PositionIndex(pos); ok {
				pos = nameID(pos, c.Positions()[k].Name)
			}
		}
		line := msg.Sprintf("%s %d → %d", pos, f.Before, f.After)
		if len(f.Notes) > 0 {
			line += msg.Sprintf(" (%s)", notesText(msg, changed, "", f.Notes))
		}
		return line
	})
	_, err := io.WriteString(w, b.String())
	return err
}

// notesText words the notes of a move of student (a student's ID, "" for
// a position's changes) in msg's language, "; " between them.
func notesText(msg *message.Printer, changed *matching.Result, student string, notes []whatif.Note) string {
	parts := make([]string, len(notes))
	for i, n := range notes {
		parts[i] = noteText(msg, changed, student, n)
	}
	return strings.Join(parts, msg.Sprintf("; "))
}

// noteText words one note: its format is a key of the catalogue, its
// words (whatif.Word) are translated, and a refusal is worded as explain
// words it.
func noteText(msg *message.Printer, changed *matching.Result, student string, n whatif.Note) string {
	if n.Refusal != nil && changed != nil && len(n.Args) > 0 {
		if s, ok := changed.Instance().Cohort().StudentIndex(student); ok {
			return msg.Sprintf("%s now refuses them: %s", n.Args[0], refusalText(msg, changed, s, *n.Refusal))
		}
	}
	args := slices.Clone(n.Args)
	for i, a := range args {
		if w, ok := a.(whatif.Word); ok {
			args[i] = planner(msg, string(w))
		}
	}
	return msg.Sprintf(n.Format, args...)
}

// wordDiff rewords the reasons of d's moves (Move.Why) and the changes at
// its positions (FillChange.Changes) in msg's language, for the diff
// files, which write them as they are.
func wordDiff(msg *message.Printer, d *whatif.Diff, changed *matching.Result) {
	for i := range d.Moves {
		m := &d.Moves[i]
		m.Why = notesText(msg, changed, m.Student, m.Notes)
	}
	for i := range d.Fills {
		f := &d.Fills[i]
		f.Changes = notesText(msg, changed, "", f.Notes)
	}
}
