package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// explain answers a student's "why didn't I get my first choice?" and a
// position's "whom did we take, and whom did we turn away?", from a result
// file or from a run of the mechanism it is given.
func explain(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain", stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	resultPath := fs.String("result", "", "result file written by solve or round (JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx); without it, explain runs -mechanism. A result names its own lottery, seat order and mechanism; only a CSV result written before CSV results carried them takes them from -seed, -tie-break, -reserve-order, -mechanism and -objective")
	rf := addRunFlags(fs, "")
	studentID := fs.String("student", "", "the student to explain, by ID: each choice above the one obtained (every choice, when unplaced), why it refused them, and its cutoff")
	positionID := fs.String("position", "", "the position to explain: its cutoffs, who got in, who was turned away and why")
	limit := fs.Int("limit", 20, "-position: list at most this many students admitted and turned away (0: all)")
	prevPath := fs.String("previous", "", "for a round's result: the previous round's result (says which seats were declined, and lets explain rebuild the round exactly with -responses)")
	respPath := fs.String("responses", "", "for a round's result, with -previous: the responses the round took")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg := printerOf(fs)
	if *cohortPath == "" || (*studentID == "") == (*positionID == "") {
		return fail(errorf(msg, "-cohort and one of -student and -position are required"))
	}
	if *limit < 0 {
		return fail(errorf(msg, "-limit must not be negative"))
	}
	pr.Stagef("loading %s", *cohortPath)
	c, err := loadCohortIn(fs, pr, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	s, p := -1, -1
	if *studentID != "" {
		var ok bool
		if s, ok = c.StudentIndex(*studentID); !ok {
			return fail(unknownIn(msg, c, "student", *cohortPath, *studentID))
		}
	} else {
		var ok bool
		if p, ok = c.PositionIndex(*positionID); !ok {
			return fail(unknownIn(msg, c, "position", *cohortPath, *positionID))
		}
	}
	var res *matching.Result
	objective := "" // of an optimal allocation, for the heading
	if *resultPath != "" {
		csv := csvResult{Seed: *rf.seed, TieBreak: *rf.tie, ReserveOrder: *rf.order, Mechanism: *rf.mech, Objective: *rf.obj, Set: setFlags(fs)}
		if !csv.Set["mechanism"] {
			csv.Mechanism = "" // a CSV result without -mechanism: stable, or optimal with -objective
		}
		pr.Stagef("reading %s", *resultPath)
		var rfile *matching.ResultFile
		if *prevPath != "" {
			res, rfile, err = openChained(c, *resultPath, *prevPath, *respPath, &round.Options{})
		} else {
			res, rfile, err = openResult(c, *resultPath, csv)
		}
		if err != nil {
			return fail(err)
		}
		objective = rfile.Objective
	} else {
		rs, err := rf.spec()
		if err != nil {
			return fail(err)
		}
		if res, err = rs.run(cmdCtx, c, pr); err != nil {
			return fail(err)
		}
		objective = rs.obj.String()
	}
	pr.Stagef("explaining")
	if res.Instance().Positions() > 0 {
		res.Cutoff(0) // the one-time analysis, under the progress line
	}
	var prev *matching.ResultFile
	if *prevPath != "" && res.Instance().Round() != nil {
		if prev, err = readPrevious(res.Instance().Cohort(), *prevPath); err != nil {
			return fail(err)
		}
	}
	rr := roundResultFor(res, prev)
	pr.End()
	run := runText(msg, res.Mechanism(), objective)
	if s >= 0 {
		if rr != nil {
			explainRoundStudent(stdout, langOf(fs), msg, rr, s, prev != nil)
			if k := rr.Outcome(s).Kind; k == round.Declined || k == round.Withdrew || k == round.LeftBefore {
				return exitOK // they left: no choice of theirs was tried
			}
		}
		explainStudent(stdout, msg, res, run, s)
	} else {
		if rr != nil {
			explainRoundPosition(stdout, langOf(fs), msg, rr, p, *limit, prev != nil)
		}
		explainPosition(stdout, msg, res, run, p, *limit)
	}
	return exitOK
}

// unknownIn is the error of -student or -position naming no record of
// kind ("student" or "position") in the cohort at path: with what it was
// probably meant to be, as for a cohort's own unknown IDs (the record whose
// name it is, or the nearest IDs).
func unknownIn(msg *message.Printer, c *model.Cohort, kind, path, id string) error {
	ss := c.Suggester()(kind, id)
	if len(ss) == 0 {
		if kind == "student" {
			return errorf(msg, "%s has no student %q", path, id)
		}
		return errorf(msg, "%s has no position %q", path, id)
	}
	items := make([]string, len(ss))
	for i, sg := range ss {
		items[i] = sg.ID
		if sg.Name != "" && sg.Name != sg.ID {
			items[i] = msg.Sprintf("%[1]s (%[2]s)", sg.ID, sg.Name)
		}
	}
	list := strings.Join(items, msg.Sprintf(" or "))
	if kind == "student" {
		return errorf(msg, "%s has no student %q; did you mean %s?", path, id, list)
	}
	return errorf(msg, "%s has no position %q; did you mean %s?", path, id, list)
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// positionText names a position with its name, enterprise and region.
func positionText(msg *message.Printer, c *model.Cohort, p int) string {
	pos := &c.Positions()[p]
	t := nameID(pos.ID, pos.Name)
	if pos.Enterprise != "" {
		t += msg.Sprintf(", enterprise %s", nameID(pos.Enterprise, enterpriseName(c, pos.Enterprise)))
	}
	if g := c.PositionRegion(p); g >= 0 { // its own region, else its enterprise's
		r := &c.Regions()[g]
		t += msg.Sprintf(", region %s", nameID(r.ID, r.Name))
	}
	return t
}

// studentText names a student with their name.
func studentText(c *model.Cohort, s int) string {
	st := &c.Students()[s]
	return nameID(st.ID, st.Name)
}

// priorityText is a priority rank as a planner counts it, from 1.
func priorityText(msg *message.Printer, prio int) string {
	return msg.Sprintf("priority no. %d", prio+1)
}

// refusalText says why choice r refused student s, from the refusal's
// structure: its kind, then why.
func refusalText(msg *message.Printer, res *matching.Result, s int, r matching.Refusal) string {
	c := res.Instance().Cohort()
	p := r.Position
	switch r.Kind {
	case matching.RefusedIneligible:
		return msg.Sprintf("not eligible: %s", ineligibleText(msg, c, s, p, r.Ineligibility))
	case matching.RefusedNotRanked:
		// In a round, a student out of the market has no list to be
		// ranked on: their answer says why, not the position.
		switch st := res.Instance().Standing(s); st.Answer {
		case model.Accept:
			if int(st.Seat) != p {
				return msg.Sprintf("not in this round: the student accepted their seat")
			}
		case model.Decline:
			return msg.Sprintf("not in this round: the student declined their seat")
		case model.Withdraw:
			return msg.Sprintf("not in this round: the student withdrew")
		}
		return msg.Sprintf("not in the ranking: the position's own ranking does not list the student")
	case matching.RefusedFull:
		if len(r.Cutoffs) == 0 {
			return msg.Sprintf("full: the position has no seats")
		}
		var cuts []string
		for _, cu := range r.Cutoffs {
			cuts = append(cuts, msg.Sprintf("%s, lowest admitted score %s (%s)",
				categoryText(msg, c, p, cu.Reserve), score(cu.Score), priorityText(msg, cu.Priority)))
		}
		return msg.Sprintf("full: below every cutoff: %s; the student: score %s (%s)",
			strings.Join(cuts, msg.Sprintf("; ")), score(c.Students()[s].Score), priorityText(msg, r.Priority))
	case matching.RefusedReserved:
		return msg.Sprintf("seats held for others: the seats left are held for a category the student is not in (%s)", reservesText(msg, c, p))
	case matching.RefusedCap:
		var caps []string
		for _, u := range r.Caps {
			caps = append(caps, capText(msg, c, u))
		}
		if res.Mechanism() == matching.OptimalAllocation {
			return msg.Sprintf("cap full: %s is full", strings.Join(caps, msg.Sprintf(" and ")))
		}
		return msg.Sprintf("cap full: the seats under %s, shared out among their positions in turn, leave this position none more", strings.Join(caps, msg.Sprintf(" and ")))
	case matching.RefusedUnstable:
		cat := msg.Sprintf("seats")
		if len(r.Cutoffs) > 0 {
			cat = categoryText(msg, c, p, r.Cutoffs[0].Reserve)
		}
		if res.Mechanism() == matching.OptimalAllocation {
			return msg.Sprintf("given to others for a better total: the %s would take the student, but the optimal allocation placed others there to place more students or give better choices overall", cat)
		}
		return msg.Sprintf("not stable: the %s would take the student (the allocation is not stable)", cat)
	}
	return r.Kind.String() + ": " + r.Detail
}

func explainStudent(w io.Writer, msg *message.Printer, res *matching.Result, run string, s int) {
	c := res.Instance().Cohort()
	st := &c.Students()[s]
	facts := []string{msg.Sprintf("score %s", score(st.Score))}
	if st.Major != "" {
		facts = append(facts, msg.Sprintf("major %s", nameID(st.Major, majorName(c, st.Major))))
	}
	if st.Region != "" {
		facts = append(facts, msg.Sprintf("from %s", nameID(st.Region, regionName(c, st.Region))))
	}
	if st.SpecialPost {
		facts = append(facts, msg.Sprintf("special-post student"))
	}
	if st.OrderClass != "" {
		facts = append(facts, msg.Sprintf("order class %s", nameID(st.OrderClass, orderClassName(c, st.OrderClass))))
	}
	choices := msg.Sprintf("%d choices", len(st.Choices))
	if len(st.Choices) == 1 {
		choices = msg.Sprintf("1 choice")
	}
	msg.Fprintf(w, "student %s: %s; %s (%s)\n", studentText(c, s), strings.Join(facts, msg.Sprintf(", ")), choices, run)
	if p := res.Position(s); p >= 0 {
		msg.Fprintf(w, "placed: choice %d, %s\n", res.Rank(s), positionText(msg, c, p))
	} else {
		msg.Fprintf(w, "unplaced: %s\n", reasonText(msg, res.Reason(s)))
	}
	why := res.Why(s)
	if len(why) == 0 {
		if res.Position(s) >= 0 {
			msg.Fprintf(w, "this is the student's first choice\n")
		}
		return
	}
	if res.Position(s) >= 0 {
		msg.Fprintf(w, "choices above it:\n")
	} else {
		msg.Fprintf(w, "why each choice did not take them:\n")
	}
	for _, r := range why {
		fmt.Fprintf(w, "  %d. %s\n     %s\n", r.Rank, positionText(msg, c, r.Position), refusalText(msg, res, s, r))
	}
}

func explainPosition(w io.Writer, msg *message.Printer, res *matching.Result, run string, p int, limit int) {
	explainPositionMore(w, msg, res, run, p, limit, func(n int) string { return msg.Sprintf("  ... and %d more (-limit 0 lists all)\n", n) })
}

// explainPositionMore is explainPosition with more(n) the line that says n
// students of a list are left out (the command names its -limit flag; the
// workbench its own tables).
func explainPositionMore(w io.Writer, msg *message.Printer, res *matching.Result, run string, p int, limit int, more func(n int) string) {
	c := res.Instance().Cohort()
	pos := &c.Positions()[p]
	fill := res.Fill()[p]
	msg.Fprintf(w, "position %s: %d of %d seats filled (%s)\n", positionText(msg, c, p), fill, pos.Capacity, run)
	msg.Fprintf(w, "cutoffs:\n")
	for _, cu := range res.Cutoff(p) {
		fmt.Fprintf(w, "  %s\n", cutoffText(msg, c, p, cu))
	}
	in, away := positionLines(msg, res, p)
	list := func(title string, ls []positionLine) {
		msg.Fprintf(w, "%s: %d\n", title, len(ls))
		for i, l := range ls {
			if limit > 0 && i == limit {
				io.WriteString(w, more(len(ls)-limit))
				break
			}
			msg.Fprintf(w, "  %s score %s: %s\n", studentText(c, l.s), score(c.Students()[l.s].Score), l.text)
		}
	}
	list(msg.Sprintf("admitted, by priority"), in)
	list(msg.Sprintf("turned away (ranked it above what they got), by priority"), away)
}

// cutoffText words one category's cutoff at position p: its seats, the
// lowest admitted student, and whether its unused seats went to open
// competition.
func cutoffText(msg *message.Printer, c *model.Cohort, p int, cu matching.Cutoff) string {
	line := msg.Sprintf("%s: %d of %d seats", categoryText(msg, c, p, cu.Reserve), cu.Filled, cu.Seats)
	if cu.Student >= 0 {
		line += msg.Sprintf(", lowest admitted %s, score %s (%s)", studentText(c, cu.Student), score(cu.Score), priorityText(msg, cu.Priority))
		if cu.Reserve >= 0 && !cu.Member {
			line += msg.Sprintf(", not of the category: its unused seats went to open competition")
		}
	}
	return line
}

// positionLine is a student in a position's explanation: admitted, or
// turned away, with their priority there and what is said of them.
type positionLine struct {
	s, prio int
	text    string
}

// positionLines returns the students admitted to position p and those it
// turned away (who ranked it above what they got, with the position's
// reason), each by priority at p, then by index.
func positionLines(msg *message.Printer, res *matching.Result, p int) (in, away []positionLine) {
	c := res.Instance().Cohort()
	// Admitted students by priority at the position; turned away: those who
	// ranked it above what they got, with the position's reason.
	for s := range res.Instance().Students() {
		if res.Position(s) == p {
			prio, _ := res.Instance().Priority(s, p)
			in = append(in, positionLine{s, prio, msg.Sprintf("choice %d", res.Rank(s))})
			continue
		}
		// Only a student who ranked p above what they got was turned
		// away by it: look at their list before asking why (Why is the
		// dear part, and most students never listed p).
		if k := slices.Index(c.Choices(s), int32(p)); k < 0 || res.Position(s) >= 0 && k+1 >= res.Rank(s) {
			continue
		}
		for _, r := range res.Why(s) {
			if r.Position == p {
				prio, ok := res.Instance().Priority(s, p)
				if !ok {
					prio = 1 << 30
				}
				got := msg.Sprintf("unplaced")
				if q := res.Position(s); q >= 0 {
					got = msg.Sprintf("got choice %d, %s", res.Rank(s), nameID(c.Positions()[q].ID, c.Positions()[q].Name))
				}
				away = append(away, positionLine{s, prio, msg.Sprintf("its choice %d; %s; %s", r.Rank, refusalText(msg, res, s, r), got)})
				break
			}
		}
	}
	for _, ls := range [][]positionLine{in, away} {
		slices.SortFunc(ls, func(a, b positionLine) int { return cmp.Or(cmp.Compare(a.prio, b.prio), cmp.Compare(a.s, b.s)) })
	}
	return in, away
}
