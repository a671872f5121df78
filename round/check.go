package round

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// ErrChain is wrapped by the errors of [Check] that break the chain of
// rounds: a previous result or responses other than those the round was
// computed from, or a result computed on another cohort.
var ErrChain = errors.New("round: the chain of rounds is broken")

// ChainError says which link of the chain of rounds does not hold: What
// is "previous result", "responses", "round" or "cohort"; Want is what
// the round's file names, Got what the file given has.
type ChainError struct {
	What      string
	Want, Got string
}

func (e *ChainError) Error() string { return "round: " + e.Text(lang.English) }

// Text says which link does not hold, in language t (Chinese for
// [lang.Chinese], else English), without the package's prefix.
func (e *ChainError) Text(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	switch e.What {
	case "previous result":
		return pr.Sprintf("the previous result given (fingerprint %s) is not the one this round was computed from (%s): give the result of the round before it", e.Got, e.Want)
	case "responses":
		return pr.Sprintf("the responses given (fingerprint %q) are not those this round took (%q)", e.Got, e.Want)
	case "round":
		return pr.Sprintf("the result is round %s, but the previous result given is round %s", e.Want, e.Got)
	}
	return pr.Sprintf("the result was computed on cohort %s, not on the next cohort with the responses' new lists (%s)", e.Want, e.Got)
}

// StandingError says that a round's result file states for some students
// an answer or a previous seat that the previous result and the
// responses do not give (a hand-edited file, or one of other responses).
type StandingError struct {
	// Rows are the students concerned, in file order (at most 20).
	Rows []StandingRow
	// More is how many more there are.
	More int
}

// StandingRow is one student of a [StandingError]: what the file says
// (File, FileSeat) and what the previous result and the responses give
// (Want, WantSeat).
type StandingRow struct {
	Student            string
	File, Want         model.Answer
	FileSeat, WantSeat string
}

func (e *StandingError) Error() string { return "round: " + e.Text(lang.English) }

// Unwrap returns ErrChain.
func (e *StandingError) Unwrap() error { return ErrChain }

// Text lists the students in language t, one a line after the first.
func (e *StandingError) Text(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	ans := func(a model.Answer) string {
		if a == model.NoAnswer {
			return pr.Sprintf("no answer")
		}
		return matching.AnswerWord(t, a)
	}
	seat := func(p string) string {
		if p == "" {
			return pr.Sprintf("without a seat")
		}
		return pr.Sprintf("at %q", p)
	}
	var b strings.Builder
	b.WriteString(pr.Sprintf("answers or previous seats in the file that the previous result and the responses do not give (%d students):", len(e.Rows)+e.More))
	for _, r := range e.Rows {
		b.WriteString("\n\t" + pr.Sprintf("%s: the file says %s %s, the previous result and the responses give %s %s",
			r.Student, ans(r.File), seat(r.FileSeat), ans(r.Want), seat(r.WantSeat)))
	}
	if e.More > 0 {
		b.WriteString("\n\t" + pr.Sprintf("… %d more", e.More))
	}
	return b.String()
}

// Unwrap returns ErrChain.
func (e *ChainError) Unwrap() error { return ErrChain }

// Check verifies a round's result file against the files it claims to
// come from, independently of the mechanism that computed it: result and
// prev are the round's and the previous round's result files, both read
// against next with [matching.ReadOptions].Previous; resp the responses
// (nil when the round took none); opts the defaults the round was prepared
// with (its lottery rule is read from the file).
//
// It returns a *[ChainError] (wrapping ErrChain) when the result names
// another previous result (by [matching.ResultFile.ResultFingerprint]),
// other responses, a round that does not follow the previous one, or a
// cohort other than next with the responses' new lists; Prepare's
// *ProblemsError when the files do not fit together; a *[StandingError]
// (wrapping ErrChain) listing the students whose answer or previous seat
// in the file is not what the previous result and the responses give. Else it rebuilds the round's
// instance (Prepare, then matching.Compile with the file's tie-break,
// seed, reserve order and the round) and returns what matching.Check
// finds in the file's placements: the round's findings (an accepted
// student not at their seat, a holder worse off, a declined or withdrawn
// student placed) and, for a stable mechanism, the blocking pairs under
// the round's priorities. A chain R1→R2→R3 is verified by checking R2
// against R1 and R3 against R2.
func Check(ctx context.Context, next *model.Cohort, result, prev *matching.ResultFile, resp *model.Responses, opts *Options) ([]matching.Finding, error) {
	if result.Round.Number < 2 {
		return nil, fmt.Errorf("round: the result is of a main round, not of a round after it")
	}
	if fp := prev.ResultFingerprint(); result.Round.Previous != fp {
		return nil, &ChainError{What: "previous result", Want: result.Round.Previous, Got: fp}
	}
	if n := max(prev.Round.Number, 1); result.Round.Number != n+1 {
		return nil, &ChainError{What: "round", Want: fmt.Sprint(result.Round.Number), Got: fmt.Sprint(n)}
	}
	respFP := ""
	if resp != nil {
		respFP = resp.Fingerprint()
	}
	if result.Round.Responses != respFP {
		return nil, &ChainError{What: "responses", Want: result.Round.Responses, Got: respFP}
	}
	lottery, err := matching.ParseLotteryRule(result.Round.Lottery)
	if err != nil {
		return nil, fmt.Errorf("round: %w", err)
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	o.Lottery = lottery
	c, rnd, err := Prepare(ctx, next, prev, resp, &o)
	if err != nil {
		return nil, err
	}
	if result.Fingerprint != "" && result.Fingerprint != c.Fingerprint() {
		return nil, &ChainError{What: "cohort", Want: result.Fingerprint, Got: c.Fingerprint()}
	}
	if len(result.Problems) > 0 {
		return nil, &matching.ResultProblemsError{Problems: result.Problems}
	}
	// The standings the file states, against those rebuilt.
	var bad StandingError
	ps := c.Positions()
	for _, row := range result.Rows {
		s, ok := c.StudentIndex(row.Student)
		if !ok {
			continue
		}
		st := rnd.Standings[s]
		seat := ""
		if st.Seat >= 0 {
			seat = ps[st.Seat].ID
		}
		if row.Answer != st.Answer || row.PreviousPosition != seat {
			if len(bad.Rows) < 20 {
				bad.Rows = append(bad.Rows, StandingRow{Student: row.Student, File: row.Answer, FileSeat: row.PreviousPosition, Want: st.Answer, WantSeat: seat})
			} else {
				bad.More++
			}
		}
	}
	if len(bad.Rows) > 0 {
		return nil, &bad
	}
	tb, err := matching.ParseTieBreak(result.TieBreak)
	if err != nil {
		return nil, fmt.Errorf("round: %w", err)
	}
	order, err := matching.ParseReserveOrder(result.ReserveOrder)
	if err != nil {
		return nil, fmt.Errorf("round: %w", err)
	}
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{TieBreak: tb, Seed: result.Seed, ReserveOrder: order, Round: rnd})
	if err != nil {
		return nil, err
	}
	findings := matching.Check(inst, result.Placements)
	if result.Mechanism == matching.OptimalAllocation.String() {
		// An optimal allocation honours quotas and guarantees, not
		// priorities: blocking pairs are its nature, not a fault.
		kept := findings[:0]
		for _, f := range findings {
			if f.Kind != matching.BlockingPair {
				kept = append(kept, f)
			}
		}
		findings = kept
	}
	return findings, nil
}
