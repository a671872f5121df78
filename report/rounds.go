package report

import (
	"fmt"
	"strings"

	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/round"
)

// RoundOptions make a report of a supplementary round's result compare it
// with an earlier round of its chain (package round): the report names
// both rounds in its headings and adds, before its other tables, the
// tables "rounds" (placed and unplaced after each round), "round-outcomes"
// (what the round did: stayed at their seat, rose, newly placed, still
// looking for a seat, declined, withdrew, left in an earlier round),
// "round-moves" (each student whose place differs between the two rounds)
// and "cascades" (the chains of seats the round's declines set moving).
// The outcomes and the cascades are those of the round against the round
// just before it: they are shown only when Earlier is that round.
type RoundOptions struct {
	// Result is what the round did for each student, on the report's
	// result: round.NewResult of it, given the previous round's result
	// (without it the seats given back are not known).
	Result *round.Result
	// Earlier is the earlier round's result, on the report's cohort (the
	// later round's), and EarlierRound its number (1: the main round).
	// EarlierRound one below the round's means the round just before it:
	// the caller makes sure Earlier is the result that round was run
	// from (its fingerprint is the round's Previous).
	Earlier      *matching.Result
	EarlierRound int
	// Chains is how many cascades the text summary lists (0: the text's
	// usual cut of a long table); the page lists them all.
	Chains int
}

// roundView is a report's round comparison.
type roundView struct {
	rr     *round.Result
	cmp    *round.Comparison
	chains int
}

// roundName names round n in the report's language: 主轮, 第2轮.
func (rp *Report) roundName(n int) string { return words.Round(rp.lang, n) }

// roundsName names the round or rounds the report shows: "round 2", or
// "main round and round 3" when it compares two.
func (rp *Report) roundsName() string {
	if rp.round == nil {
		if len(rp.res) == 1 {
			if r := rp.res[0].res.Instance().Round(); r != nil {
				return rp.roundName(r.Number)
			}
		}
		return ""
	}
	return rp.p.Sprintf("%s and %s", rp.roundName(rp.round.cmp.Rounds[0]), rp.roundName(rp.round.cmp.Rounds[1]))
}

func (rp *Report) newRoundView(o *RoundOptions, results []*matching.Result) (*roundView, error) {
	if o.Result == nil || o.Earlier == nil {
		return nil, fmt.Errorf("report: RoundOptions needs the round's Result and the Earlier result")
	}
	if len(results) != 1 || o.Result.Matching() != results[0] {
		return nil, fmt.Errorf("report: RoundOptions.Result is not the report's one result")
	}
	if o.Earlier.Instance().Cohort() != rp.cohort {
		return nil, fmt.Errorf("report: RoundOptions.Earlier is not on the report's cohort")
	}
	n := results[0].Instance().Round().Number
	if o.EarlierRound < 1 || o.EarlierRound >= n {
		return nil, fmt.Errorf("report: the earlier round %d is not before round %d", o.EarlierRound, n)
	}
	return &roundView{rr: o.Result, cmp: round.CompareEarlier(o.Earlier, o.EarlierRound, o.Result), chains: o.Chains}, nil
}

// roundTables are the tables of the round comparison (none without one).
func (rp *Report) roundTables() []Table {
	v := rp.round
	if v == nil {
		return nil
	}
	p := rp.p
	c := rp.cohort
	cmp := v.cmp
	a, b := rp.roundName(cmp.Rounds[0]), rp.roundName(cmp.Rounds[1])
	var ts []Table

	note := p.Sprintf("Students placed and unplaced after each round (the unplaced include those who declined or withdrew). %d students changed place from %s to %s.", len(cmp.Moved), a, b)
	if !cmp.Adjacent {
		note += " " + p.Sprintf("%s is not the round just before %s: what each round did and the seats that cascaded are in the report of each round against the round before it.", a, b)
	}
	title := p.Sprintf("%s against %s", b, a)
	if !cmp.Adjacent {
		title = p.Sprintf("%s against %s (not adjacent rounds: placed and who moved only)", b, a)
	}
	t := Table{ID: "rounds", Title: title, Note: note,
		Header: []string{p.Sprintf("round"), p.Sprintf("placed"), p.Sprintf("unplaced")}}
	for i, name := range []string{a, b} {
		t.Rows = append(t.Rows, []string{name, itoa(cmp.Placed[i]), itoa(cmp.Unplaced[i])})
	}
	ts = append(ts, t)

	if cmp.Adjacent {
		n := v.rr.Counts()
		t = Table{ID: "round-outcomes", Title: p.Sprintf("What %s did", b),
			Note:   p.Sprintf("Each student of %s by what the round did for them. Students who left in an earlier round stay out for good.", b),
			Header: []string{p.Sprintf("outcome"), p.Sprintf("students")}}
		total := 0
		for _, k := range []round.OutcomeKind{round.Kept, round.HeldKept, round.Rose, round.NewlyPlaced, round.StillUnplaced, round.Declined, round.Withdrew, round.LeftBefore} {
			t.Rows = append(t.Rows, []string{rp.outcomeName(k), itoa(n[k])})
			total += n[k]
		}
		t.Total = []string{p.Sprintf("all students"), itoa(total)}
		ts = append(ts, t)
	}

	t = Table{ID: "round-moves", Title: p.Sprintf("Who moved between %s and %s", a, b),
		Note:   p.Sprintf("Every student whose place in %s differs from their place in %s (new students placed included).", b, a),
		Header: []string{p.Sprintf("student"), p.Sprintf("student's name"), a, b},
		cols:   []colKind{colID, colName}}
	if cmp.Adjacent {
		t.Header = append(t.Header, p.Sprintf("outcome"))
	}
	for _, m := range cmp.Moved {
		st := c.Students()[m.Student]
		row := []string{st.ID, st.Name, rp.seatName(m.From), rp.seatName(m.To)}
		if cmp.Adjacent {
			row = append(row, rp.outcomeName(v.rr.Outcome(m.Student).Kind))
		}
		t.Rows = append(t.Rows, row)
	}
	ts = append(ts, t)

	if cmp.Adjacent {
		t = Table{ID: "cascades", Title: p.Sprintf("Seats that cascaded from the declines of %s", b),
			Note:   p.Sprintf("Each student who declined a seat, and who took it: a student rising from a seat of theirs leaves it to the next, until a student unplaced before takes the last. %d declines set seats moving.", len(cmp.Chains)),
			Header: []string{p.Sprintf("declined"), p.Sprintf("student's name"), p.Sprintf("seat given back"), p.Sprintf("who took the seats")},
			cols:   []colKind{colID, colName}}
		for _, ch := range cmp.Chains {
			st := c.Students()[ch.Decliner]
			seat := -1
			if len(ch.Moves) > 0 {
				seat = ch.Moves[0].To
			}
			var steps []string
			for _, m := range ch.Moves {
				steps = append(steps, p.Sprintf("%s (%s → %s)", c.Students()[m.Student].ID, rp.fromName(m.From), rp.seatName(m.To)))
			}
			t.Rows = append(t.Rows, []string{st.ID, st.Name, rp.seatName(seat), strings.Join(steps, p.Sprintf("; "))})
		}
		ts = append(ts, t)
	}
	return ts
}

// seatName is a position of the report's cohort by ID, or "unplaced".
func (rp *Report) seatName(q int) string {
	if q < 0 || q >= len(rp.cohort.Positions()) {
		return rp.p.Sprintf("unplaced")
	}
	return rp.cohort.Positions()[q].ID
}

// fromName is where a student of a cascade came from: their seat, or
// "unplaced before".
func (rp *Report) fromName(q int) string {
	if q < 0 {
		return rp.p.Sprintf("unplaced before")
	}
	return rp.seatName(q)
}

// outcomeName words what a round did for a student.
func (rp *Report) outcomeName(k round.OutcomeKind) string {
	p := rp.p
	switch k {
	case round.Kept:
		return p.Sprintf("stayed at their seat (accepted)")
	case round.HeldKept:
		return p.Sprintf("held their seat; nothing better came free")
	case round.Rose:
		return p.Sprintf("rose to a better choice")
	case round.NewlyPlaced:
		return p.Sprintf("newly placed")
	case round.StillUnplaced:
		return p.Sprintf("still looking for a seat")
	case round.Declined:
		return p.Sprintf("declined their seat")
	case round.Withdrew:
		return p.Sprintf("withdrew")
	case round.LeftBefore:
		return p.Sprintf("left in an earlier round")
	}
	return k.String()
}
