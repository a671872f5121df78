package main

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/width"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// The workbench's student and position pages and its search: the same
// explanation as `placement explain` (written by explainStudent,
// explainPosition and their round variants into a buffer), with the
// choices, cutoffs and students beside it as tables.

// explained is a run's result as its pages explain it: the result, its
// round view (nil for a main round's), and the words of the run.
type explained struct {
	res *matching.Result
	// rr is the round view of a round's result; known says whether it
	// was built with the previous round's result (which seats were
	// declined).
	rr    *round.Result
	known bool
	run   string // runText: the mechanism and objective
	tag   language.Tag
	msg   *message.Printer
}

// newExplained returns the explanation of res in language tag, with msg
// its printer; prev is the previous round's result for a round's result
// (nil: not known, or a main round), objective the objective of an
// optimal allocation ("" when not known).
func newExplained(tag language.Tag, msg *message.Printer, res *matching.Result, prev *matching.ResultFile, objective string) *explained {
	if res.Instance().Positions() > 0 {
		res.Cutoff(0) // the one-time analysis, once
	}
	rr := roundResultFor(res, prev)
	return &explained{res: res, rr: rr, known: rr != nil && prev != nil, run: runText(msg, res.Mechanism(), objective), tag: tag, msg: msg}
}

// choiceView is one choice of a student, in the order of their list.
type choiceView struct {
	Rank       int
	PositionID string
	Position   string // positionText: name, enterprise, region
	// Outcome is "placed" (the choice they got), "refused" (a choice
	// above it, or any when unplaced: Why says why) or "below" (listed
	// below the one they got: never tried).
	Outcome string
	Why     string
	Cutoffs []string // cutoffText of each seat category there
}

// studentView is a student's page.
type studentView struct {
	ID, Name string
	Score    string
	Placed   bool
	// Outcome words what they got: "placed: choice 2, P1 …" or why
	// they are unplaced.
	Outcome string
	// Left says a round's student left before the round (declined or
	// withdrew): no choice of theirs was tried, and Choices is empty.
	Left    bool
	Choices []choiceView
	// Text is the explanation exactly as placement explain prints it.
	Text string
}

// student returns the view of student s.
func (e *explained) student(s int) studentView {
	res, msg := e.res, e.msg
	c := res.Instance().Cohort()
	st := &c.Students()[s]
	v := studentView{ID: st.ID, Name: st.Name, Score: score(st.Score)}
	var b bytes.Buffer
	if e.rr != nil {
		explainRoundStudent(&b, e.tag, msg, e.rr, s, e.known)
		if k := e.rr.Outcome(s).Kind; k == round.Declined || k == round.Withdrew || k == round.LeftBefore {
			v.Left = true
			v.Outcome = strings.TrimSpace(b.String())
			v.Text = b.String()
			return v
		}
	}
	explainStudent(&b, msg, res, e.run, s)
	v.Text = b.String()
	got := res.Position(s)
	if got >= 0 {
		v.Placed = true
		v.Outcome = msg.Sprintf("placed: choice %d, %s", res.Rank(s), positionText(msg, c, got))
	} else {
		v.Outcome = msg.Sprintf("unplaced: %s", reasonText(msg, res.Reason(s)))
	}
	why := res.Why(s)
	for j, q := range c.Choices(s) {
		p := int(q)
		ch := choiceView{Rank: j + 1, PositionID: c.Positions()[p].ID, Position: positionText(msg, c, p), Outcome: "below"}
		switch i := slices.IndexFunc(why, func(r matching.Refusal) bool { return r.Rank == j+1 }); {
		case p == got:
			ch.Outcome = "placed"
		case i >= 0:
			ch.Outcome, ch.Why = "refused", refusalText(msg, res, s, why[i])
		}
		for _, cu := range res.Cutoff(p) {
			ch.Cutoffs = append(ch.Cutoffs, cutoffText(msg, c, p, cu))
		}
		v.Choices = append(v.Choices, ch)
	}
	return v
}

// positionStudent is a student in a position's lists.
type positionStudent struct {
	ID, Name, Score string
	Text            string // "choice 2", or why it turned them away
}

// positionView is a position's page: one page of each list.
type positionView struct {
	ID, Name, Position string // Position: positionText
	Seats, Filled      int
	Cutoffs            []string
	Admitted, Away     []positionStudent
	// AdmittedTotal and AwayTotal count the whole lists; Page (from 0)
	// and Limit say which part of them Admitted and Away hold, More
	// whether a later page has students.
	AdmittedTotal, AwayTotal int
	Page, Limit              int
	More                     bool
	// Text is the explanation exactly as placement explain prints it
	// (with its default -limit).
	Text string
}

// explainLimit is placement explain's default -limit, for the text.
const explainLimit = 20

// position returns the view of position p, with page (from 0) of each
// list, limit students a page (limit ≤ 0: all on one page).
func (e *explained) position(p, page, limit int) positionView {
	res, msg := e.res, e.msg
	c := res.Instance().Cohort()
	pos := &c.Positions()[p]
	v := positionView{ID: pos.ID, Name: pos.Name, Position: positionText(msg, c, p), Seats: pos.Capacity, Filled: res.Fill()[p], Page: max(page, 0), Limit: limit}
	for _, cu := range res.Cutoff(p) {
		v.Cutoffs = append(v.Cutoffs, cutoffText(msg, c, p, cu))
	}
	in, away := positionLines(msg, res, p)
	v.AdmittedTotal, v.AwayTotal = len(in), len(away)
	part := func(ls []positionLine) []positionStudent {
		lo, hi := 0, len(ls)
		if limit > 0 {
			lo, hi = min(v.Page*limit, len(ls)), min((v.Page+1)*limit, len(ls))
			v.More = v.More || hi < len(ls)
		}
		var out []positionStudent
		for _, l := range ls[lo:hi] {
			st := &c.Students()[l.s]
			out = append(out, positionStudent{ID: st.ID, Name: st.Name, Score: score(st.Score), Text: l.text})
		}
		return out
	}
	v.Admitted, v.Away = part(in), part(away)
	var b bytes.Buffer
	if e.rr != nil {
		explainRoundPosition(&b, e.tag, msg, e.rr, p, explainLimit, e.known)
	}
	explainPosition(&b, msg, res, e.run, p, explainLimit)
	v.Text = b.String()
	return v
}

// searchHit is a student or a position that a search found.
type searchHit struct {
	Kind     string // "student" or "position"
	ID, Name string
	Detail   string // a position's enterprise and region; a student's school
}

// maxSearchHits bounds the hits of a search.
const maxSearchHits = 50

// searchFold is text as a search compares it: trimmed, full-width forms
// narrowed (ＳＴ０１ is ST01), lower case.
func searchFold(s string) string {
	return strings.ToLower(width.Fold.String(strings.TrimSpace(s)))
}

// search finds the students and positions of c whose ID or name holds
// query (case-insensitive, full-width folded): an exact ID first, then
// IDs that start with it, then IDs and names that hold it, students
// before positions, in the cohort's order; at most maxSearchHits, and
// how many matched in all. An empty query finds nothing. It runs in
// O(S + P) string comparisons.
func search(msg *message.Printer, c *model.Cohort, query string) (hits []searchHit, total int) {
	q := searchFold(query)
	if q == "" {
		return nil, 0
	}
	type found struct {
		rank, kind, i int
	}
	var all []found
	match := func(id, name string) int {
		switch fid := searchFold(id); {
		case fid == q:
			return 0
		case strings.HasPrefix(fid, q):
			return 1
		case strings.Contains(fid, q):
			return 2
		case strings.Contains(searchFold(name), q):
			return 3
		}
		return -1
	}
	for i, st := range c.Students() {
		if r := match(st.ID, st.Name); r >= 0 {
			all = append(all, found{r, 0, i})
		}
	}
	for i, pos := range c.Positions() {
		if r := match(pos.ID, pos.Name); r >= 0 {
			all = append(all, found{r, 1, i})
		}
	}
	slices.SortStableFunc(all, func(a, b found) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.kind, b.kind)) })
	for _, f := range all[:min(len(all), maxSearchHits)] {
		if f.kind == 0 {
			st := &c.Students()[f.i]
			h := searchHit{Kind: "student", ID: st.ID, Name: st.Name}
			if st.School != "" {
				h.Detail = nameID(st.School, nameOf(c.Schools(), c.SchoolIndex, func(x model.School) string { return x.Name }, st.School))
			}
			hits = append(hits, h)
			continue
		}
		pos := &c.Positions()[f.i]
		h := searchHit{Kind: "position", ID: pos.ID, Name: pos.Name}
		h.Detail = strings.TrimPrefix(positionText(msg, c, f.i), nameID(pos.ID, pos.Name))
		h.Detail = strings.TrimLeft(h.Detail, ",， ")
		hits = append(hits, h)
	}
	return hits, len(all)
}
