package round

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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
// is "previous result", "responses", "round", "cohort", "no answer
// placed", "no answer unplaced" (a default the round's file records,
// and another given: see [FileOptions]), or "seed",
// "tie-break" or "reserve order" (a round draws from the previous round's
// seed with its tie-break and fills seats in its reserve order: a round
// re-run under another seed would draw anew); Want is what the round's
// file names, Got what the file given has.
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
		if e.Want == "" {
			return pr.Sprintf("this round took no responses: drop -responses")
		}
		if e.Got == "" {
			return pr.Sprintf("this round took the responses with fingerprint %s: give them with -responses", short(e.Want))
		}
		return pr.Sprintf("the responses given (fingerprint %s) are not those this round took (%s): give the responses that round took", short(e.Got), short(e.Want))
	case "round":
		return pr.Sprintf("the result is round %s, but the previous result given is round %s", e.Want, e.Got)
	case "no answer placed":
		return pr.Sprintf("the round counted a placed student who did not answer as %s (the result says so), not %s as given: drop -no-answer-placed", matching.AnswerWord(t, answerOf(e.Want)), matching.AnswerWord(t, answerOf(e.Got)))
	case "no answer unplaced":
		return pr.Sprintf("the round counted an unplaced student who did not answer as %s (the result says so), not %s as given: drop -no-answer-unplaced", matching.AnswerWord(t, answerOf(e.Want)), matching.AnswerWord(t, answerOf(e.Got)))
	case "seed", "tie-break", "reserve order":
		return pr.Sprintf("the result was computed with %s %s, the previous result with %s: a round keeps the previous round's seed, tie-break and reserve order, or its lottery is not the one its rule says", chainWord(t, e.What), e.Want, e.Got)
	}
	return pr.Sprintf("the result was computed on cohort %s, not on the next cohort with the responses' new lists (%s)", e.Want, e.Got)
}

// answerOf parses an answer's code word (NoAnswer when it is none).
func answerOf(code string) model.Answer {
	a, _ := model.ParseAnswer(code)
	return a
}

// short is a fingerprint as messages show it: its first 24 hexadecimal
// digits (a result's whole fingerprint; a responses file's is longer).
func short(fp string) string {
	if len(fp) > 24 {
		return fp[:24]
	}
	return fp
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
	// FileJoined and WantJoined are the rounds the student joined in.
	FileJoined, WantJoined int
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
	joined := func(k int) string {
		if k > 1 {
			return pr.Sprintf(" (joined in round %d)", k)
		}
		return ""
	}
	var b strings.Builder
	b.WriteString(pr.Sprintf("answers or previous seats in the file that the previous result and the responses do not give (%d students):", len(e.Rows)+e.More))
	for _, r := range e.Rows {
		b.WriteString("\n\t" + pr.Sprintf("%s: the file says %s %s, the previous result and the responses give %s %s",
			r.Student, ans(r.File), seat(r.FileSeat)+joined(r.FileJoined), ans(r.Want), seat(r.WantSeat)+joined(r.WantJoined)))
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
// with, for a file that does not record them (its lottery rule and the
// answers of the students who did not answer are read from the file: see
// [FileOptions]; a default of opts the file contradicts is a *ChainError).
//
// It returns a *[ChainError] (wrapping ErrChain) when the result names
// another previous result (by [matching.ResultFile.ResultFingerprint]),
// other responses, a round that does not follow the previous one, another
// seed, tie-break or reserve order than the previous result's (the round's
// lottery is the previous one's by its rule only under the same seed and
// tie-break), or a cohort other than next with the responses' new lists;
// Prepare's *ProblemsError when the files do not fit together; a
// *[StandingError] (wrapping ErrChain) listing the students whose answer,
// previous seat or joining round in the file is not what the previous result
// and the responses give. Else it rebuilds the round's
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
	o, err := FileOptions(result, opts)
	if err != nil {
		return nil, err
	}
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
		if st.Answer == model.Decline && s < len(rnd.GaveBack) {
			seat = rnd.GaveBack[s]
		}
		fileSeat := row.PreviousPosition
		if st.Answer == model.Decline && fileSeat == "" {
			fileSeat = seat // written before decliners had their seat: not a difference
		}
		if row.Answer != st.Answer || fileSeat != seat || max(row.Joined, 1) != max(st.Joined, 1) {
			if len(bad.Rows) < 20 {
				bad.Rows = append(bad.Rows, StandingRow{Student: row.Student, File: row.Answer, FileSeat: row.PreviousPosition, Want: st.Answer, WantSeat: seat, FileJoined: max(row.Joined, 1), WantJoined: max(st.Joined, 1)})
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

// FileOptions returns the options a round's result was prepared with, to
// prepare it again: its lottery rule and the answers it gave the students
// who did not answer, from the file (ResultFile.Round), and opts's
// answers where the file does not say (a file written before round
// results recorded them). A default of opts (non-zero) that the file
// contradicts is a *[ChainError] ("no answer placed" or "no answer
// unplaced": Want the file's, Got opts's); opts's lottery is not
// consulted.
func FileOptions(result *matching.ResultFile, opts *Options) (Options, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var err error
	if o.Lottery, err = matching.ParseLotteryRule(result.Round.Lottery); err != nil {
		return o, fmt.Errorf("round: %w", err)
	}
	for _, d := range []struct {
		what string
		file string
		to   *model.Answer
	}{{"no answer placed", result.Round.Placed, &o.Placed}, {"no answer unplaced", result.Round.Unplaced, &o.Unplaced}} {
		if d.file == "" {
			continue
		}
		a, err := model.ParseAnswer(d.file)
		if err != nil {
			return o, fmt.Errorf("round: %w", err)
		}
		if *d.to != model.NoAnswer && *d.to != a {
			return o, &ChainError{What: d.what, Want: a.String(), Got: d.to.String()}
		}
		*d.to = a
	}
	return o, nil
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
