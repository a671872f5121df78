package main

import (
	"context"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/report"
	"github.com/placement-engine/placement/round"
)

// report of two rounds of a chain: -result the earlier round's result,
// -result2 the later round's; the report's tables and charts are the
// later round's, and a section compares the two (round.Compare): placed
// and unplaced in each, who moved, the seats that cascaded from the
// declines.

// openEarlier opens the earlier round's result against c, the later
// round's cohort (whose lists may have changed for students who continued
// with new ones, and whose seats may have changed): strictly when the
// file is of c, else read as a previous result and rebuilt on c without
// the checks of its own run (its placements are only compared).
func openEarlier(c *model.Cohort, path string) (*matching.Result, error) {
	if res, _, err := openResult(c, path, csvResult{Report: true}); err == nil {
		return res, nil
	}
	rf, err := readPrevious(c, path)
	if err != nil {
		return nil, err
	}
	return earlierOf(cmdCtx, c, rf)
}

// earlierOf rebuilds rf, an earlier round's result read against c (the
// later round's cohort), on c for comparing: its placements on c's
// instance under the earlier run's lottery (a round's: the round its rows
// state). openEarlier's for a file, the workbench's for a stored result.
func earlierOf(ctx context.Context, c *model.Cohort, rf *matching.ResultFile) (*matching.Result, error) {
	var inst *matching.Instance
	var err error
	if rf.Round.Number >= 2 {
		inst, err = roundInstance(ctx, c, rf, nil)
	} else {
		var o matching.CompileOptions
		o.TieBreak, _ = matching.ParseTieBreak(rf.TieBreak)
		o.ReserveOrder, _ = matching.ParseReserveOrder(rf.ReserveOrder)
		o.Seed = rf.Seed
		inst, err = matching.Compile(ctx, c, &o)
	}
	if err != nil {
		return nil, err
	}
	mech, err := matching.ParseMechanism(rf.Mechanism)
	if err != nil {
		mech = matching.StudentDA
	}
	return matching.NewResult(inst, mech, rf.Placements)
}

// openRounds opens -result (earlierPath) and -result2 (laterPath) when
// they are two rounds of a chain: the report's options comparing them
// (nil when -result2 is not a round's result, for the usual report of two
// results of c), with the later round's result and file. The later round
// must be a round's result on c (the cohort it was computed on); the
// earlier a result of the same chain, of an earlier round: when it is the
// round just before, it must be the result the later round was run from.
// A pair given the wrong way round, or a cohort that is not the later
// round's, is refused with what to give instead.
func openRounds(tag language.Tag, msg *message.Printer, c *model.Cohort, earlierPath, laterPath string, chains int) (*report.RoundOptions, *matching.Result, *matching.ResultFile, error) {
	r2, file2, err := openResult(c, laterPath, csvResult{Report: true})
	if err != nil {
		// -result2 of another cohort: a round's result on another
		// round's cohort, or the two given the wrong way round.
		if f2, e := readPrevious(c, laterPath); e == nil && f2.Round.Number >= 2 {
			if f1, e := readPrevious(c, earlierPath); e == nil && f1.Round.Number > f2.Round.Number {
				return nil, nil, nil, swappedRounds(tag, msg, earlierPath, laterPath, f1.Round.Number, f2.Round.Number)
			}
			return nil, nil, nil, errorf(msg, "%s is the result of %s: give -cohort the cohort that round was computed on (the -cohort-out of the round verb that wrote it)", laterPath, words.Round(tag, f2.Round.Number))
		}
		if f2, e := readPrevious(c, laterPath); e == nil {
			if f1, e := readPrevious(c, earlierPath); e == nil && f1.Round.Number > f2.Round.Number {
				return nil, nil, nil, swappedRounds(tag, msg, earlierPath, laterPath, f1.Round.Number, f2.Round.Number)
			}
		}
		return nil, nil, nil, err
	}
	if r2.Instance().Round() == nil {
		if f1, e := readPrevious(c, earlierPath); e == nil && f1.Round.Number > 1 {
			return nil, nil, nil, swappedRounds(tag, msg, earlierPath, laterPath, f1.Round.Number, 1)
		}
		return nil, nil, nil, nil
	}
	n := r2.Instance().Round().Number
	prev, err := readPrevious(r2.Instance().Cohort(), earlierPath)
	if err != nil {
		return nil, nil, nil, err
	}
	m := prev.Round.Number
	if m >= n {
		return nil, nil, nil, swappedRounds(tag, msg, earlierPath, laterPath, m, n)
	}
	adjacent := m == n-1
	if adjacent && prev.ResultFingerprint() != r2.Instance().Round().Previous {
		return nil, nil, nil, errorf(msg, "%s is a result of %s, but not the one %s was run from (fingerprint %s, the round names %s): give the result that round's -previous was",
			earlierPath, roundWord(tag, m), roundWord(tag, n), short(prev.ResultFingerprint()), short(r2.Instance().Round().Previous))
	}
	var forOutcomes *matching.ResultFile // the previous result, for the seats given back
	if adjacent {
		forOutcomes = prev
	}
	rr, err := round.NewResult(r2, forOutcomes)
	if err != nil {
		return nil, nil, nil, err
	}
	earlier, err := openEarlier(r2.Instance().Cohort(), earlierPath)
	if err != nil {
		return nil, nil, nil, err
	}
	return &report.RoundOptions{Result: rr, Earlier: earlier, EarlierRound: m, Chains: chains}, r2, file2, nil
}

// swappedRounds refuses two rounds given the wrong way round.
func swappedRounds(tag language.Tag, msg *message.Printer, earlierPath, laterPath string, m, n int) error {
	return errorf(msg, "-result %s is %s and -result2 %s is %s: give the earlier round first (-result), the later one second (-result2), with -cohort the later round's cohort",
		earlierPath, roundWord(tag, m), laterPath, roundWord(tag, n))
}

// roundWord names round n in msg's language.
func roundWord(tag language.Tag, n int) string {
	return words.Round(tag, n)
}

// short cuts a fingerprint to the 24 characters the outputs show.
func short(fp string) string {
	if len(fp) > 24 {
		return fp[:24]
	}
	return fp
}
