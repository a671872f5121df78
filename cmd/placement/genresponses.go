package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
	"github.com/placement-engine/placement/round"
)

// responsesFlags are gen's flags for synthetic responses (gen -responses).
type responsesFlags struct {
	on                   *bool
	cohort, previous     *string
	decline, hold, cont  *float64
	newLists             *bool
	roundPrev, roundResp *string
}

func addResponsesFlags(fs *flag.FlagSet) *responsesFlags {
	return &responsesFlags{
		on:        fs.Bool("responses", false, "write synthetic responses to -previous (a result of -cohort) instead of a cohort"),
		cohort:    fs.String("cohort", "", "with -responses: the cohort of the previous result"),
		previous:  fs.String("previous", "", "with -responses: the result the students answer (.json, .csv or .xlsx)"),
		decline:   fs.Float64("decline", 0.15, "with -responses: the share of placed students who decline their seat"),
		hold:      fs.Float64("hold", 0.10, "with -responses: the share of placed students who hold their seat and wait for better"),
		cont:      fs.Float64("continue", 0.85, "with -responses: the share of unplaced students who continue (the others withdraw)"),
		roundPrev: fs.String("round-previous", "", "with -responses, when -previous is a round's result: the previous result that round was run with"),
		roundResp: fs.String("round-responses", "", "with -responses, when -previous is a round's result: the responses that round took"),
		newLists:  fs.Bool("new-lists", true, "with -responses: continuing students give new lists over the seats still open"),
	}
}

// genResponses writes synthetic responses to a result (round.Synthesize):
// placement gen -responses -cohort C -previous R -out RESP.csv|json|xlsx.
func genResponses(fs *flag.FlagSet, rf *responsesFlags, seed uint64, out string, stdout, stderr io.Writer) int {
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg := printerOf(fs)
	if *rf.cohort == "" || *rf.previous == "" || out == "" {
		return fail(errorf(msg, "gen -responses: -cohort, -previous and -out are required"))
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"decline", *rf.decline}, {"hold", *rf.hold}, {"continue", *rf.cont}} {
		if !(v.x >= 0 && v.x <= 1) {
			return fail(errorf(msg, "-%s %s: want a share from 0 to 1", v.name, fmt.Sprint(v.x)))
		}
	}
	if *rf.decline+*rf.hold > 1 {
		return fail(errorf(msg, "-decline and -hold add up to more than 1"))
	}
	if err := checkOutputName("out", out, []string{".json", ".csv", ".xlsx"}); err != nil {
		return fail(err)
	}
	if err := checkFiles([]file{{flag: "out", path: out}}, []file{{flag: "cohort", path: *rf.cohort}, {flag: "previous", path: *rf.previous},
		{flag: "round-previous", path: *rf.roundPrev}, {flag: "round-responses", path: *rf.roundResp}}); err != nil {
		return fail(err)
	}
	pr.Stagef("loading %s", *rf.cohort)
	c, err := loadCohortIn(fs, pr, stderr, *rf.cohort)
	if err != nil {
		return fail(err)
	}
	pr.Stagef("reading %s", *rf.previous)
	res, _, err := openChained(c, *rf.previous, *rf.roundPrev, *rf.roundResp, &round.Options{})
	if err != nil {
		return fail(err)
	}
	opts := &round.SynthOptions{Seed: seed, Accept: 1 - *rf.decline - *rf.hold, Hold: *rf.hold, Decline: *rf.decline,
		Continue: *rf.cont, NewLists: *rf.newLists}
	if opts.Continue == 0 {
		opts.Continue = -1 // none continue
	}
	if opts.Accept == 0 && opts.Hold == 0 && opts.Decline == 0 {
		opts.Accept = 1e-12 // all zero would mean the defaults
	}
	pr.Stagef("generating")
	rs, err := round.Synthesize(res, opts)
	if err != nil {
		return fail(err)
	}
	pr.Stagef("writing %s", out)
	err = writeAtomic(out, func(w io.Writer) error { return writeResponses(w, out, rs, langOf(fs)) })
	if err != nil {
		return fail(err)
	}
	pr.End()
	n := map[model.Answer]int{}
	for _, r := range rs.Responses {
		n[r.Answer]++
	}
	msg.Fprintf(stdout, "%d responses to %s: %d accept, %d hold, %d decline, %d continue, %d withdraw (seed %s) written to %s\n",
		len(rs.Responses), filepath.Base(*rf.previous), n[model.Accept], n[model.Hold], n[model.Decline], n[model.Continue], n[model.Withdraw], fmt.Sprint(seed), out)
	return exitOK
}

// writeResponses writes rs in the format path's name asks for: CSV and
// .xlsx in the language t (headers and answers in the planner's words),
// JSON the same in every language.
func writeResponses(w io.Writer, path string, rs *model.Responses, t language.Tag) error {
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".csv"):
		return model.WriteResponsesCSV(w, rs, t)
	case isExcel(path):
		return xlsx.WriteResponses(w, rs, t)
	}
	return model.WriteResponsesJSON(w, rs)
}
