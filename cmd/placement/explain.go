package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

const explainSynopsis = "-cohort FILE (-result FILE | -mechanism student-da|position-da|optimal [-objective NAME] [-seed N] [-tie-break single|multiple] [-reserve-order reserved-first|open-first]) (-student ID | -position ID) [-limit N]"

// explain answers a student's "why didn't I get my first choice?" and a
// position's "whom did we take, and whom did we turn away?", from a result
// file or from a run of the mechanism it is given.
func explain(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain", explainSynopsis, stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	resultPath := fs.String("result", "", "result file written by solve (JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx); without it, explain runs -mechanism. A CSV result takes its lottery and seat order from -seed, -tie-break and -reserve-order and its mechanism from -mechanism, and is an optimal allocation's when -objective is given; a JSON or Excel result names its own")
	rf := addRunFlags(fs, "")
	studentID := fs.String("student", "", "the student to explain: each choice above the one obtained, why it refused them, and its cutoff")
	positionID := fs.String("position", "", "the position to explain: its cutoffs, who got in, who was turned away and why")
	limit := fs.Int("limit", 20, "-position: list at most this many students admitted and turned away (0: all)")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr)
	defer pr.End()
	fail := failer("explain", pr, stderr)
	if *cohortPath == "" || (*studentID == "") == (*positionID == "") {
		return fail(errors.New("-cohort and one of -student and -position are required"))
	}
	if *limit < 0 {
		return fail(errors.New("-limit must not be negative"))
	}
	pr.Stage("loading " + *cohortPath)
	c, err := loadCohort(*cohortPath)
	if err != nil {
		return fail(err)
	}
	s, p := -1, -1
	if *studentID != "" {
		var ok bool
		if s, ok = c.StudentIndex(*studentID); !ok {
			return fail(fmt.Errorf("%s has no student %q", *cohortPath, *studentID))
		}
	} else {
		var ok bool
		if p, ok = c.PositionIndex(*positionID); !ok {
			return fail(fmt.Errorf("%s has no position %q", *cohortPath, *positionID))
		}
	}
	var res *matching.Result
	if *resultPath != "" {
		csv := csvResult{Seed: *rf.seed, TieBreak: *rf.tie, ReserveOrder: *rf.order, Mechanism: *rf.mech, Objective: *rf.obj, Set: setFlags(fs)}
		if !csv.Set["mechanism"] {
			csv.Mechanism = "" // a CSV result without -mechanism: stable, or optimal with -objective
		}
		pr.Stage("reading " + *resultPath)
		if res, _, err = openResult(c, *resultPath, csv); err != nil {
			return fail(err)
		}
	} else {
		rs, err := rf.spec()
		if err != nil {
			return fail(err)
		}
		if res, err = rs.run(cmdCtx, c, pr); err != nil {
			return fail(err)
		}
	}
	pr.Stage("explaining")
	if res.Instance().Positions() > 0 {
		res.Cutoff(0) // the one-time analysis, under the progress line
	}
	pr.End()
	if s >= 0 {
		explainStudent(stdout, res, s)
	} else {
		explainPosition(stdout, res, p, *limit)
	}
	return exitOK
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// positionText names a position with its enterprise and region.
func positionText(c *model.Cohort, p int) string {
	pos := &c.Positions()[p]
	t := pos.ID
	if pos.Name != "" {
		t += " " + strconv.Quote(pos.Name)
	}
	if pos.Enterprise != "" {
		t += ", enterprise " + pos.Enterprise
	}
	if pos.Region != "" {
		t += ", region " + pos.Region
	}
	return t
}

func explainStudent(w io.Writer, res *matching.Result, s int) {
	c := res.Instance().Cohort()
	st := &c.Students()[s]
	fmt.Fprintf(w, "student %s", st.ID)
	if st.Name != "" {
		fmt.Fprintf(w, " %q", st.Name)
	}
	fmt.Fprintf(w, ": score %s", score(st.Score))
	if st.Major != "" {
		fmt.Fprintf(w, ", major %s", st.Major)
	}
	if st.Region != "" {
		fmt.Fprintf(w, ", from %s", st.Region)
	}
	if st.SpecialPost {
		fmt.Fprint(w, ", special-post student")
	}
	if st.OrderClass != "" {
		fmt.Fprintf(w, ", order class %s", st.OrderClass)
	}
	fmt.Fprintf(w, "; %d choices (%s)\n", len(st.Choices), res.Mechanism())
	if p := res.Position(s); p >= 0 {
		fmt.Fprintf(w, "placed: choice %d, %s\n", res.Rank(s), positionText(c, p))
	} else {
		fmt.Fprintf(w, "unplaced: %s\n", res.Reason(s))
	}
	why := res.Why(s)
	if len(why) == 0 {
		if res.Position(s) >= 0 {
			fmt.Fprintln(w, "this is the student's first choice")
		}
		return
	}
	fmt.Fprintln(w, "choices above it:")
	for _, r := range why {
		fmt.Fprintf(w, "  %d. %s\n     %s: %s\n", r.Rank, positionText(c, r.Position), r.Kind, r.Detail)
	}
}

func explainPosition(w io.Writer, res *matching.Result, p int, limit int) {
	c := res.Instance().Cohort()
	pos := &c.Positions()[p]
	fill := res.Fill()[p]
	fmt.Fprintf(w, "position %s: %d of %d seats filled (%s)\n", positionText(c, p), fill, pos.Capacity, res.Mechanism())
	fmt.Fprintln(w, "cutoffs:")
	for _, cu := range res.Cutoff(p) {
		fmt.Fprintf(w, "  %s: %d of %d seats", cu.Category, cu.Filled, cu.Seats)
		if cu.Student >= 0 {
			fmt.Fprintf(w, ", lowest admitted %s, score %s (priority %d)", c.Students()[cu.Student].ID, score(cu.Score), cu.Priority)
			if cu.Reserve >= 0 && !cu.Member {
				fmt.Fprint(w, ", not a member: unused seats went to open competition")
			}
		}
		fmt.Fprintln(w)
	}
	// Admitted students by priority at the position; turned away: those who
	// ranked it above what they got, with the position's reason.
	type line struct {
		s, prio int
		text    string
	}
	var in, away []line
	for s := range res.Instance().Students() {
		if res.Position(s) == p {
			prio, _ := res.Instance().Priority(s, p)
			in = append(in, line{s, prio, fmt.Sprintf("choice %d", res.Rank(s))})
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
				got := "unplaced"
				if q := res.Position(s); q >= 0 {
					got = fmt.Sprintf("got choice %d, %s", res.Rank(s), c.Positions()[q].ID)
				}
				away = append(away, line{s, prio, fmt.Sprintf("its choice %d; %s: %s; %s", r.Rank, r.Kind, r.Detail, got)})
				break
			}
		}
	}
	list := func(title string, ls []line) {
		slices.SortFunc(ls, func(a, b line) int { return cmp.Or(cmp.Compare(a.prio, b.prio), cmp.Compare(a.s, b.s)) })
		fmt.Fprintf(w, "%s: %d\n", title, len(ls))
		for i, l := range ls {
			if limit > 0 && i == limit {
				fmt.Fprintf(w, "  ... and %d more (-limit 0 lists all)\n", len(ls)-limit)
				break
			}
			st := &c.Students()[l.s]
			fmt.Fprintf(w, "  %s score %s: %s\n", st.ID, score(st.Score), l.text)
		}
	}
	list("admitted, by priority", in)
	list("turned away (ranked it above what they got), by priority", away)
}
