package main

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// What a round did, in the planner's words (the verb round's summary,
// the result workbook's sheet of outcomes, explain).

// outcomeKeys are the outcomes' words, keys of the catalogue, by
// round.OutcomeKind.
var outcomeKeys = map[round.OutcomeKind]string{
	round.Kept:          "stays at their seat (accepted)",
	round.HeldKept:      "held the seat; nothing better came free: stays at it",
	round.Rose:          "rose to a better choice",
	round.NewlyPlaced:   "newly placed",
	round.StillUnplaced: "still looking for a seat",
	round.Declined:      "declined the seat",
	round.Withdrew:      "withdrew",
	round.LeftBefore:    "left in an earlier round",
}

// outcomeText words an outcome kind in msg's language.
func outcomeText(msg *message.Printer, k round.OutcomeKind) string {
	if key, ok := outcomeKeys[k]; ok {
		return msg.Sprintf(key, noArgs...)
	}
	return k.String()
}

// roundCounts are a round's figures: placed and unplaced, and how many
// stayed at their seat (accepted or held with nothing better), rose, were
// newly placed, are still looking for a seat, declined and withdrew.
type roundCounts struct {
	Round                                       int
	Students, Placed, Unplaced                  int
	Kept, Rose, NewlyPlaced, Declined, Withdrew int
	// Looking counts the students who took part and are still unplaced.
	Looking int
	// Left counts the students who declined or withdrew in an earlier
	// round (out for good, round.LeftBefore), when the previous result is
	// known; Declined and Withdrew are this round's only.
	Left int
}

// countRound counts what round rr did (rr's outcomes tell the students
// who left in an earlier round, when it was built with the previous
// result).
func countRound(rr *round.Result) roundCounts {
	res := rr.Matching()
	n := rr.Counts()
	rc := roundCounts{Students: res.Instance().Students(), Placed: res.Placed(),
		Kept: n[round.Kept] + n[round.HeldKept], Rose: n[round.Rose], NewlyPlaced: n[round.NewlyPlaced],
		Declined: n[round.Declined], Withdrew: n[round.Withdrew], Looking: n[round.StillUnplaced], Left: n[round.LeftBefore]}
	rc.Unplaced = rc.Students - rc.Placed
	if r := res.Instance().Round(); r != nil {
		rc.Round = r.Number
	}
	return rc
}

// roundSummary is the verb round's summary line: the round, its
// mechanism (and objective), placed and unplaced, and what the round did.
// prev is not read any more (rr knows who left before); it is kept for
// the callers.
func roundSummary(tag language.Tag, msg *message.Printer, rr *round.Result, mech matching.Mechanism, prev *matching.ResultFile) string {
	_ = prev
	rc := countRound(rr)
	run := mechanismText(msg, mech)
	if o, ok := rr.Matching().Optimum(); ok {
		run = runText(msg, mech, o.Objective.String())
	}
	line := msg.Sprintf("%s, %s: %d of %d students placed, %d unplaced (%d of them still looking for a seat); %d stayed at their seat, %d rose to a better choice, %d newly placed, %d declined, %d withdrew",
		words.Round(tag, rc.Round), run, rc.Placed, rc.Students, rc.Unplaced, rc.Looking,
		rc.Kept, rc.Rose, rc.NewlyPlaced, rc.Declined, rc.Withdrew)
	if rc.Left > 0 {
		line += msg.Sprintf(" (and %d who left in earlier rounds)", rc.Left)
	}
	return line
}

// maxShortfalls bounds the shortfalls listed after a round's summary.
const maxShortfalls = 20

// shortfallLines lists the minimum fills and floors an optimal round's
// result res leaves short (matching.Shortfalls), at most maxShortfalls of
// them; nothing when none is.
func shortfallLines(w io.Writer, msg *message.Printer, res *matching.Result) {
	inst := res.Instance()
	sf := matching.Shortfalls(inst, res.Placements())
	if len(sf) == 0 {
		return
	}
	fmt.Fprintln(w, msg.Sprintf("  minimum fills and floors short (the seats kept leave no other student for them):"))
	for i, f := range sf {
		if i == maxShortfalls {
			fmt.Fprintln(w, msg.Sprintf("  … and %d more", len(sf)-i))
			break
		}
		fmt.Fprintln(w, "    "+shortfallText(msg, inst.Cohort(), f))
	}
}

// answerShown is student s's answer as a round's result workbook shows
// it: the answer, or for a student who did not answer the default
// applied ("no answer (accept)", 未回复（按接受）), for one who left in an
// earlier round that (已在前几轮放弃). model.ParseAnswer reads each back
// as the answer applied.
func answerShown(t language.Tag, rr *round.Result, s int) string {
	o := rr.Outcome(s)
	code := o.Answer.String()
	switch {
	case o.Answer == model.NoAnswer:
		return ""
	case o.Kind == round.LeftBefore:
		if w := words.AnswerEarlier(t, code); w != "" {
			return w
		}
	case o.NoAnswer:
		return words.AnswerDefault(t, code)
	}
	return matching.AnswerWord(t, o.Answer)
}

// writeRoundExcel writes a round's result as a workbook: the result's
// sheets with the round's columns and items, and the sheet of outcomes.
func writeRoundExcel(w interface{ Write([]byte) (int, error) }, rr *round.Result, t language.Tag) error {
	return writeResultExcelWith(w, rr.Matching(), t, rr)
}

// roundSheet adds the sheet "round outcomes" (本轮变化): a row a student,
// in cohort order: the student and their name, their answer (or that they
// gave none and took the default, or left in an earlier round), what the
// round did in words, the seat held before and its rank, the seat now
// with its position's and enterprise's names and its rank, which list the
// ranks are on (a student who continued with a new list is ranked on it),
// and for a student who rose or was newly placed whose leaving freed the
// seat (ID and name, and how). It is for the planner's eyes: readers
// ignore it.
func roundSheet(f *excelize.File, rr *round.Result, t language.Tag) error {
	msg := lang.Printer(t, cat)
	res := rr.Matching()
	c := res.Instance().Cohort()
	st, ps := c.Students(), c.Positions()
	header := []string{msg.Sprintf("student"), msg.Sprintf("name"), msg.Sprintf("answer"), msg.Sprintf("outcome"), msg.Sprintf("previous position"),
		msg.Sprintf("previous rank"), msg.Sprintf("position"), msg.Sprintf("position name"), msg.Sprintf("enterprise name"), msg.Sprintf("rank"),
		msg.Sprintf("ranked on"), msg.Sprintf("seat freed by"), msg.Sprintf("their name"), msg.Sprintf("how the seat came free")}
	pos := func(p int) any {
		if p < 0 || p >= len(ps) {
			return ""
		}
		return ps[p].ID
	}
	posName := func(p int) (any, any) {
		if p < 0 || p >= len(ps) {
			return "", ""
		}
		return ps[p].Name, enterpriseName(c, ps[p].Enterprise)
	}
	rank := func(r int) any {
		if r <= 0 {
			return ""
		}
		return r
	}
	row := make([]any, 0, len(header))
	return xlsxfile.WriteTable(f, msg.Sprintf("round outcomes"), header, len(st), func(s int) ([]any, error) {
		o := rr.Outcome(s)
		by, byName, how := "", "", ""
		if o.Kind == round.Rose || o.Kind == round.NewlyPlaced {
			how = vacancyText(msg, o.Took.Kind)
			if o.Took.Student >= 0 {
				by, byName = st[o.Took.Student].ID, st[o.Took.Student].Name
			}
		}
		list := ""
		if o.NewList && o.Rank > 0 {
			list = msg.Sprintf("the new list given this round")
		}
		pn, en := posName(o.Position)
		row = append(row[:0], st[s].ID, st[s].Name, answerShown(t, rr, s), outcomeText(msg, o.Kind), pos(o.Previous), rank(o.FromRank),
			pos(o.Position), pn, en, rank(o.Rank), list, by, byName, how)
		return row, nil
	})
}

// vacancyText says where a seat came from.
func vacancyText(msg *message.Printer, k round.VacancyKind) string {
	switch k {
	case round.FreedByDecline:
		return msg.Sprintf("given back by a student who declined")
	case round.FreedByMove:
		return msg.Sprintf("left by a student who rose to a better choice")
	case round.OpenSeat:
		return msg.Sprintf("a seat open at the start of the round")
	case 0:
		return msg.Sprintf("not known (the previous result was not given)")
	}
	return ""
}
