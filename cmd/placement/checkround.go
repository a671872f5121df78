package main

import (
	"fmt"
	"io"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// check of a round's result: with -previous and -responses, the chain
// (round.Check: the files are those the result names by fingerprint, the
// standings it states are those they give) and then the checkers on the
// round's instance; without them, a round's result is refused with what
// to add.

// notMainRound is the refusal of a round's result checked without the
// files it comes from.
func notMainRound(path string, n int) error {
	return errorKey("%s is the result of round %d: check it with -previous (the result of round %d) and -responses (the responses that round took), the files it names by fingerprint", path, n, n-1)
}

// roundOfFile returns the round a result file states (1 when it cannot be
// read as a round's result).
func roundOfFile(c *model.Cohort, path string) int {
	rf, err := readPrevious(c, path)
	if err != nil {
		return 1
	}
	return rf.Round.Number
}

// checkRound checks the round result at path against the previous result
// and the responses.
func checkRound(tag language.Tag, msg *message.Printer, c *model.Cohort, path string, in *roundInputs, opts *round.Options, list int, cohortPath string, pr *progress, stdout, stderr io.Writer) error {
	rf, err := readPrevious(c, path)
	if err != nil {
		return err
	}
	if rf.Round.Number < 2 {
		return errorKey("%s is the result of a main round: -previous is for the result of a round after it", path)
	}
	if rf.Cohort != "" && c.Name() != "" && rf.Cohort != c.Name() {
		// Another cohort's result: one line, not its rows' problems.
		return fmt.Errorf("%s: %w", path, &matching.OtherCohortError{Result: rf.Cohort, Cohort: c.Name()})
	}
	in.checking = true
	pr.Stagef("checking")
	findings, err := round.Check(cmdCtx, c, rf, in.prev, in.resp, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", path, in.located(tag, err, cohortPath))
	}
	o, err := round.FileOptions(rf, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rc, rnd, err := round.Prepare(cmdCtx, c, in.prev, in.resp, &o)
	if err != nil {
		return err
	}
	inst, err := roundInstance(cmdCtx, rc, rf, rnd)
	if err != nil {
		return err
	}
	chain := msg.Sprintf("round %d, chained to %s (fingerprint %s) and its responses", rf.Round.Number, in.prevPath, rf.Round.Previous)
	if rf.Mechanism == matching.OptimalAllocation.String() {
		pr.End()
		fmt.Fprintln(stdout, chain)
		code := checkOptimal(tag, msg, inst, rf, pr, stdout, stderr)
		if code != exitOK {
			return exitCode(code)
		}
		return nil
	}
	pr.End()
	for _, line := range findingLines(tag, msg, inst, rf.Placements, findings, list) {
		fmt.Fprintln(stdout, line)
	}
	if len(findings) > 0 {
		msg.Fprintf(stderr, "placement check: %d findings\n", len(findings))
		return exitCode(exitFindings)
	}
	msg.Fprintf(stdout, "no findings: %s; %d students, every accepted and held seat kept, within every capacity, reserve and cap, and stable in the round\n", chain, inst.Students())
	return nil
}

// exitCode is an error that is only an exit code: what to print is
// printed.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit code %d", int(e)) }
