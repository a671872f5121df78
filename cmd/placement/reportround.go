package main

import (
	"fmt"
	"io"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// report of two rounds of a chain: -result the earlier round's result,
// -result2 the later round's; the report's tables and charts are the
// later round's, and a section compares the two (round.Compare): placed
// and unplaced in each, who moved, the seats that cascaded from the
// declines.

// openEarlier opens the earlier round's result against c, the later
// round's cohort (whose lists may have changed for students who continued
// with new ones, and whose seats may have changed): strictly when the
// file is of c, else read as a previous result and rebuilt on c without
// the checks of its own run (its placements are only compared).
func openEarlier(c *model.Cohort, path string) (*matching.Result, error) {
	if res, _, err := openResult(c, path, csvResult{}); err == nil {
		return res, nil
	}
	rf, err := readPrevious(c, path)
	if err != nil {
		return nil, err
	}
	var inst *matching.Instance
	if rf.Round.Number >= 2 {
		inst, err = roundInstance(c, rf, nil)
	} else {
		var o matching.CompileOptions
		o.TieBreak, _ = matching.ParseTieBreak(rf.TieBreak)
		o.ReserveOrder, _ = matching.ParseReserveOrder(rf.ReserveOrder)
		o.Seed = rf.Seed
		inst, err = matching.Compile(cmdCtx, c, &o)
	}
	if err != nil {
		return nil, err
	}
	mech, err := matching.ParseMechanism(rf.Mechanism)
	if err != nil {
		mech = matching.StudentDA
	}
	return matching.NewResult(inst, mech, rf.Placements)
}

// writeRoundComparison prints the comparison of round b with the round
// before it, a.
func writeRoundComparison(w io.Writer, tag language.Tag, msg *message.Printer, a *matching.Result, b *round.Result, prev *matching.ResultFile, limit int) {
	cmp := round.Compare(a, b)
	n := b.Matching().Instance().Round().Number
	c := b.Matching().Instance().Cohort()
	msg.Fprintf(w, "\n%s compared with %s:\n", words.Round(tag, n), words.Round(tag, n-1))
	msg.Fprintf(w, "  placed       %d → %d\n", cmp.Placed[0], cmp.Placed[1])
	msg.Fprintf(w, "  unplaced     %d → %d\n", cmp.Unplaced[0], cmp.Unplaced[1])
	rc := countRound(b, prev)
	msg.Fprintf(w, "  this round   %d kept their seat, %d rose to a better choice, %d newly placed, %d declined, %d withdrew\n",
		rc.Kept, rc.Rose, rc.NewlyPlaced, rc.Declined, rc.Withdrew)
	if rc.Left > 0 {
		msg.Fprintf(w, "  left before  %d declined or withdrew in earlier rounds\n", rc.Left)
	}
	msg.Fprintf(w, "  moved        %d students changed place\n", len(cmp.Moved))
	msg.Fprintf(w, "  cascades     %d declines set seats moving\n", len(cmp.Chains))
	ps := c.Positions()
	pos := func(p int) string {
		if p < 0 || p >= len(ps) {
			return msg.Sprintf("unplaced")
		}
		return ps[p].ID
	}
	for i, ch := range cmp.Chains {
		if limit > 0 && i == limit {
			msg.Fprintf(w, "    … and %d more\n", len(cmp.Chains)-limit)
			break
		}
		line := msg.Sprintf("%s declined", c.Students()[ch.Decliner].ID)
		for _, m := range ch.Moves {
			line += msg.Sprintf(" → %s (%s to %s)", c.Students()[m.Student].ID, pos(m.From), pos(m.To))
		}
		fmt.Fprintf(w, "    %s\n", line)
	}
}
