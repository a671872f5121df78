package main

import (
	"io"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// explain in round terms: for a round's result, what the round did for
// the student (stayed at their seat, rose from one choice to another and whose
// leaving freed the seat, newly placed, declined, withdrew) before the
// usual explanation of the choices above theirs; for a position, the seats
// that cascaded there (who left it and who took their seats).

// roundResultFor returns the round view of res, a round's result (nil for
// a main round's), with prev the previous result when given (nil: the
// seats declined are unknown, and every student not keeping a seat
// counts as unplaced before).
func roundResultFor(res *matching.Result, prev *matching.ResultFile) *round.Result {
	if res.Instance().Round() == nil {
		return nil
	}
	rr, err := round.NewResult(res, prev)
	if err != nil {
		return nil
	}
	return rr
}

// choiceAt names a position with the student's rank of it.
func choiceAt(msg *message.Printer, rr *round.Result, p, rank int) string {
	c := rr.Matching().Instance().Cohort()
	if rank > 0 {
		return msg.Sprintf("%s (choice %d)", positionText(msg, c, p), rank)
	}
	return positionText(msg, c, p)
}

// tookText says whose leaving freed the seat a student took.
func tookText(msg *message.Printer, rr *round.Result, v round.Vacancy) string {
	c := rr.Matching().Instance().Cohort()
	switch {
	case v.Kind == round.FreedByDecline && v.Student >= 0:
		return msg.Sprintf(", when %s declined it", studentText(c, v.Student))
	case v.Kind == round.FreedByMove && v.Student >= 0:
		return msg.Sprintf(", when %s moved up from it", studentText(c, v.Student))
	case v.Kind == round.OpenSeat:
		return msg.Sprintf(", a seat open at the start of the round (left open before, or added this round)")
	case v.Kind == 0:
		// No previous result: whose seat it was is not known.
		return msg.Sprintf(" (-previous and -responses tell whose seat it was)")
	}
	return ""
}

// explainRoundStudent writes what the round did for student s; known
// says whether rr was built with the previous result (without it, a
// student who declined or withdrew may have done so in an earlier round).
func explainRoundStudent(w io.Writer, tag language.Tag, msg *message.Printer, rr *round.Result, s int, known bool) {
	o := rr.Outcome(s)
	n := rr.Matching().Instance().Round().Number
	this, before := words.Round(tag, n), words.Round(tag, n-1)
	known = known || n <= 2 // nobody leaves in a main round
	if n-1 <= 1 {
		before = msg.Sprintf("the %s", before) // "the main round"
	}
	switch o.Kind {
	case round.Kept:
		msg.Fprintf(w, "%s: stays at their seat from %s, %s: accepted\n", this, before, choiceAt(msg, rr, o.Position, o.Rank))
	case round.HeldKept:
		msg.Fprintf(w, "%s: held their seat from %s, %s; no seat they rank above it came free for them, so they stay at it\n", this, before, choiceAt(msg, rr, o.Position, o.Rank))
	case round.Rose:
		msg.Fprintf(w, "%s: rose from their choice %d (%s) to their choice %d, %s%s\n", this, o.FromRank, positionText(msg, rr.Matching().Instance().Cohort(), o.Previous), o.Rank,
			positionText(msg, rr.Matching().Instance().Cohort(), o.Position), tookText(msg, rr, o.Took))
	case round.NewlyPlaced:
		msg.Fprintf(w, "%s: newly placed at %s%s\n", this, choiceAt(msg, rr, o.Position, o.Rank), tookText(msg, rr, o.Took))
	case round.StillUnplaced:
		msg.Fprintf(w, "%s: took part and is still unplaced\n", this)
	case round.Declined:
		if !known && o.Previous < 0 { // a seat the result names was declined in this round
			msg.Fprintf(w, "%s: declined a seat, in this round or an earlier one, and left (-previous tells which)\n", this)
		} else if o.Previous >= 0 {
			msg.Fprintf(w, "%s: declined their seat at %s and left\n", this, positionText(msg, rr.Matching().Instance().Cohort(), o.Previous))
		} else {
			msg.Fprintf(w, "%s: declined their seat and left\n", this)
		}
	case round.Withdrew:
		if !known {
			msg.Fprintf(w, "%s: withdrew, in this round or an earlier one (-previous tells which)\n", this)
		} else {
			msg.Fprintf(w, "%s: withdrew\n", this)
		}
	case round.LeftBefore:
		if o.Answer == model.Withdraw {
			msg.Fprintf(w, "%s: withdrew in an earlier round; out for good\n", this)
		} else {
			msg.Fprintf(w, "%s: declined their seat in an earlier round; out for good\n", this)
		}
	}
}

// explainRoundPosition writes the seats that cascaded at position p: who
// left it (declined, or rose to a better choice) and who took a seat
// there (rose to it, or newly placed), with whose seat. known says
// whether rr was built with the previous result; without it, a result
// written before decliners had their previous position leaves unknown
// which seats were declined, and it says so rather than count none.
func explainRoundPosition(w io.Writer, tag language.Tag, msg *message.Printer, rr *round.Result, p, limit int, known bool) {
	c := rr.Matching().Instance().Cohort()
	n := rr.Matching().Instance().Round().Number
	var left, came []int
	unknown := 0 // decliners whose seat is not known
	told := len(rr.Matching().Instance().Round().GaveBack) > 0
	for s := range c.NumStudents() {
		o := rr.Outcome(s)
		if o.Previous == p && o.Position != p {
			left = append(left, s)
		}
		if !known && !told && o.Kind == round.Declined && o.Previous < 0 {
			unknown++
		}
		if o.Position == p && (o.Kind == round.Rose || o.Kind == round.NewlyPlaced) {
			came = append(came, s)
		}
	}
	if unknown > 0 {
		msg.Fprintf(w, "%s: %d students took a seat here; how many left it is not known without -previous (the result does not say which seats %d students declined)\n", words.Round(tag, n), len(came), unknown)
	} else {
		msg.Fprintf(w, "%s: %d students left this position, %d took a seat here\n", words.Round(tag, n), len(left), len(came))
	}
	for i, s := range left {
		if limit > 0 && i == limit {
			msg.Fprintf(w, "  … and %d more\n", len(left)-limit)
			break
		}
		o := rr.Outcome(s)
		if o.Kind == round.Declined {
			msg.Fprintf(w, "  left: %s declined the seat\n", studentText(c, s))
		} else if o.Position >= 0 {
			msg.Fprintf(w, "  left: %s rose to %s\n", studentText(c, s), choiceAt(msg, rr, o.Position, o.Rank))
		}
	}
	for i, s := range came {
		if limit > 0 && i == limit {
			msg.Fprintf(w, "  … and %d more\n", len(came)-limit)
			break
		}
		o := rr.Outcome(s)
		if o.Kind == round.Rose {
			msg.Fprintf(w, "  came: %s, rose from their choice %d to their choice %d%s\n", studentText(c, s), o.FromRank, o.Rank, tookText(msg, rr, o.Took))
		} else {
			msg.Fprintf(w, "  came: %s, newly placed (choice %d)%s\n", studentText(c, s), o.Rank, tookText(msg, rr, o.Took))
		}
	}
}
