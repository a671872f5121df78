package round

import (
	"context"
	"errors"
	"fmt"
	"strconv"

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
// is "previous result", "responses", "round", "cohort", or "seed",
// "tie-break" or "reserve order" (a round draws from the previous round's
// seed with its tie-break and fills seats in its reserve order: a round
// re-run under another seed would draw anew); Want is what the round's
// file names, Got what the file given has.
type ChainError struct {
	What      string
	Want, Got string
}

// Error says the broken link in English.
func (e *ChainError) Error() string { return e.Text(lang.English) }

// Text says the broken link in language t (Chinese for [lang.Chinese],
// else English).
func (e *ChainError) Text(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	var what string
	switch e.What {
	case "previous result":
		what = pr.Sprintf("the previous result given (fingerprint %s) is not the one this round was computed from (%s)", e.Got, e.Want)
	case "responses":
		what = pr.Sprintf("the responses given (fingerprint %q) are not those this round took (%q)", e.Got, e.Want)
	case "round":
		what = pr.Sprintf("the result is round %s, but the previous result given is round %s", e.Want, e.Got)
	case "seed", "tie-break", "reserve order":
		what = pr.Sprintf("the result was computed with %s %s, the previous result with %s: a round keeps the previous round's seed, tie-break and reserve order, or its lottery is not the one its rule says", chainWord(t, e.What), e.Want, e.Got)
	default:
		what = pr.Sprintf("the result was computed on cohort %s, not on the next cohort with the responses' lists (%s)", e.Want, e.Got)
	}
	return pr.Sprintf("round: %s", what)
}

// chainWord names a link of the run in t: "seed", "tie-break", "reserve
// order".
func chainWord(t language.Tag, what string) string {
	pr := lang.Printer(t, catalog)
	switch what {
	case "seed":
		return pr.Sprintf("seed")
	case "tie-break":
		return pr.Sprintf("tie-break")
	}
	return pr.Sprintf("reserve order")
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
// other responses, a round that does not follow the previous one, another
// seed, tie-break or reserve order than the previous result's (the round's
// lottery is the previous one's by its rule only under the same seed and
// tie-break), or a cohort other than next with the responses' new lists; Prepare's
// *ProblemsError when the files do not fit together; an error listing
// the students whose answer or previous seat in the file is not what the
// previous result and the responses give. Else it rebuilds the round's
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
	if n := max(prev.Round.Number, 1); n < maxRound && result.Round.Number != n+1 { // else Prepare says BadRound
		return nil, &ChainError{What: "round", Want: fmt.Sprint(result.Round.Number), Got: fmt.Sprint(n)}
	}
	respFP := ""
	if resp != nil {
		respFP = resp.Fingerprint()
	}
	if result.Round.Responses != respFP {
		return nil, &ChainError{What: "responses", Want: result.Round.Responses, Got: respFP}
	}
	if err := sameDraw(result, prev); err != nil {
		return nil, err
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
	var bad []string
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
		if row.Answer != st.Answer || row.PreviousPosition != seat || row.New != st.New {
			if len(bad) < 20 {
				bad = append(bad, fmt.Sprintf("%s: the file says %q at %q (new %v), the previous result and the responses give %q at %q (new %v)",
					row.Student, row.Answer, row.PreviousPosition, row.New, st.Answer, seat, st.New))
			} else if len(bad) == 20 {
				bad = append(bad, "…")
			}
		}
	}
	if bad != nil {
		return nil, fmt.Errorf("round: standings that the previous result and the responses do not give: %v", bad)
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

// sameDraw returns a *ChainError when the result was computed with
// another seed, tie-break or reserve order than the previous result (an
// empty tie-break or reserve order is the default's).
func sameDraw(result, prev *matching.ResultFile) error {
	if result.Seed != prev.Seed {
		return &ChainError{What: "seed", Want: strconv.FormatUint(result.Seed, 10), Got: strconv.FormatUint(prev.Seed, 10)}
	}
	tb, err := matching.ParseTieBreak(result.TieBreak)
	if err != nil {
		return fmt.Errorf("round: %w", err)
	}
	ptb, err := matching.ParseTieBreak(prev.TieBreak)
	if err != nil {
		return fmt.Errorf("round: the previous result: %w", err)
	}
	if tb != ptb {
		return &ChainError{What: "tie-break", Want: tb.String(), Got: ptb.String()}
	}
	order, err := matching.ParseReserveOrder(result.ReserveOrder)
	if err != nil {
		return fmt.Errorf("round: %w", err)
	}
	porder, err := matching.ParseReserveOrder(prev.ReserveOrder)
	if err != nil {
		return fmt.Errorf("round: the previous result: %w", err)
	}
	if order != porder {
		return &ChainError{What: "reserve order", Want: order.String(), Got: porder.String()}
	}
	return nil
}
