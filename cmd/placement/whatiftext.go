package main

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/whatif"
)

// printDiff prints a what-if diff as whatif.Diff.WriteText does (the same
// text in English), in msg's language: the summary, then at most limit
// students and positions of each list (0: all). The reasons of the moves
// and the changes at each position are package whatif's words (English).
func printDiff(w io.Writer, msg *message.Printer, d *whatif.Diff, limit int) error {
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
	place := func(p string, rank int) string {
		if p == "" {
			return msg.Sprintf("unplaced")
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
				msg.Fprintf(&b, "  ... and %d more\n", n-limit)
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
		return msg.Sprintf("%s %s → %s, %s: %s", m.Student, place(m.From, m.FromRank), place(m.To, m.ToRank), dir, m.Why)
	})
	list(msg.Sprintf("withdrawn"), len(d.Withdrawn), func(i int) string {
		x := d.Withdrawn[i]
		if x.Position == "" {
			return msg.Sprintf("%s (was unplaced)", x.Student)
		}
		return msg.Sprintf("%s (held %s)", x.Student, place(x.Position, x.Rank))
	})
	list(msg.Sprintf("fill changed"), len(d.Fills), func(i int) string {
		f := d.Fills[i]
		line := msg.Sprintf("%s %d → %d", f.Position, f.Before, f.After)
		if f.Changes != "" {
			line += " (" + f.Changes + ")"
		}
		return line
	})
	_, err := io.WriteString(w, b.String())
	return err
}
