package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// csvResult is what a CSV result file does not say and flags supply: the
// lottery and seat order it was computed under, its mechanism, and, for an
// optimal allocation, its objective (empty for a stable one). Set names
// the flags given on the command line: a JSON or Excel result names its
// own lottery, mechanism and objective, and a flag given that disagrees
// with the file is an error rather than silently ignored.
type csvResult struct {
	Seed         uint64
	TieBreak     string
	ReserveOrder string
	Mechanism    string
	Objective    string
	Set          map[string]bool
	// Report is set by report, which takes no -responses: a responses
	// file given as a result is refused with advice that fits it.
	Report bool
}

// writeResult writes res in the format that the name path asks for: CSV
// when it ends in ".csv", an Excel workbook when it ends in ".xlsx"
// (without timings), else JSON with opts. CSV and Excel are written in
// language t (the verb's -lang: headers, sheets, levels and reasons in
// the planner's words); JSON, a file for programs, is the same in every
// language. The verbs check the name first (checkResultName); an optimal
// result is never written as CSV, which cannot carry its certificate.
func writeResult(w io.Writer, path string, res *matching.Result, opts *matching.WriteOptions, t language.Tag) error {
	if err := checkResultName("out", path, res.Mechanism()); err != nil {
		return err
	}
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".csv"):
		return matching.WriteResultCSVWith(w, res, &matching.CSVOptions{Language: t})
	case isExcel(path):
		return writeResultExcel(w, res, t)
	}
	return matching.WriteResultJSON(w, res, opts)
}

// readResult reads a result file written by solve (JSON, or CSV or Excel
// when the name ends in ".csv" or ".xlsx") against its cohort, and
// compiles the cohort under the lottery and seat order the file names (for
// CSV, those of csv). It refuses a file of another cohort (by the cohort
// name the file states) and flags that contradict the file. Its errors
// name the file.
func readResult(c *model.Cohort, path string, csv csvResult) (*matching.ResultFile, *matching.Instance, error) {
	rf, inst, err := readResultFile(c, path, csv)
	var ce *catalogueError
	if err != nil && !errors.As(err, &ce) && isResponsesFile(path) {
		// The students' answers given where a result belongs: say so
		// rather than how the file fails to be a result (as readPrevious
		// does for -previous).
		if csv.Report {
			return nil, nil, errorKey("%s is a responses file (the students' answers), not a result: report reads the results solve and round write", path)
		}
		return nil, nil, errorKey("%s is a responses file (the students' answers), not a result: give it as -responses (with -previous), and as -result the result the round wrote", path)
	}
	if errors.Is(err, matching.ErrCohortChanged) {
		// A round's result on the main round's cohort: "solve again" is
		// the wrong advice; the cohort that round wrote is the right one.
		if prev, perr := readPrevious(c, path); perr == nil && prev.Round.Number >= 2 {
			return nil, nil, errorKey("%s is round %d's result: give as -cohort the cohort round %d wrote (its round -cohort-out)", path, prev.Round.Number, prev.Round.Number)
		}
	}
	return rf, inst, err
}

func readResultFile(c *model.Cohort, path string, csv csvResult) (*matching.ResultFile, *matching.Instance, error) {
	if strings.HasSuffix(strings.ToLower(path), ".xls") {
		return nil, nil, notXLS(path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, nil, errorKey("%s is a folder: a result is one file, the one solve -out wrote (.json, .csv or .xlsx)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	named := func(err error) error { return fmt.Errorf("%s: %w", path, err) }
	var rf *matching.ResultFile
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".csv"):
		if rf, err = matching.ReadResultCSV(f, c); err != nil {
			if errors.Is(err, matching.ErrCohortFile) {
				return nil, nil, isCohort(path)
			}
			return nil, nil, named(err)
		}
		if rf.TieBreak == "" { // written before CSV results carried their run: the flags say it
			rf.Seed, rf.TieBreak, rf.ReserveOrder = csv.Seed, csv.TieBreak, csv.ReserveOrder
			rf.Mechanism, rf.Objective = csv.Mechanism, csv.Objective
			if rf.Objective != "" && rf.Mechanism == "" {
				rf.Mechanism = matching.OptimalAllocation.String()
			}
		}
	case isExcel(path):
		if rf, err = readResultExcel(f, filepath.Base(path), c); err != nil {
			return nil, nil, err // names the workbook, its sheet and row
		}
	default:
		if rf, err = matching.ReadResultJSON(f, c); err != nil {
			if errors.Is(err, matching.ErrCohortFile) {
				return nil, nil, isCohort(path)
			}
			return nil, nil, named(err)
		}
	}
	// A file of any format that names another cohort, or carries the
	// fingerprint of another version of it, has been refused by its
	// reader (ReadResultJSON, ReadResultCSV, readResultExcel), with that
	// reason and before the IDs the cohort does not know
	// (TestChangedCohort, TestResultOfOtherCohort).
	if err := csv.agrees(rf); err != nil {
		return nil, nil, named(err)
	}
	tb, err := matching.ParseTieBreak(rf.TieBreak)
	if err != nil {
		return nil, nil, named(err)
	}
	order, err := matching.ParseReserveOrder(rf.ReserveOrder)
	if err != nil {
		return nil, nil, named(err)
	}
	inst, err := matching.Compile(cmdCtx, c, &matching.CompileOptions{TieBreak: tb, Seed: rf.Seed, ReserveOrder: order})
	if err != nil {
		return nil, nil, err
	}
	return rf, inst, nil
}

// isCohort is the refusal of a cohort given as a result.
func isCohort(path string) error {
	return errorKey(isCohortKey, path)
}

const isCohortKey = "%s is a cohort (students and positions), not a result: give it as -cohort, and as -result the file solve -out wrote"

// agrees returns an error naming every flag given that contradicts what
// the file states.
func (csv csvResult) agrees(rf *matching.ResultFile) error {
	var bad flagConflicts
	check := func(flag, given, file string) {
		if csv.Set[flag] && file != "" && given != file {
			bad = append(bad, [3]string{flag, given, file})
		}
	}
	check("seed", strconv.FormatUint(csv.Seed, 10), strconv.FormatUint(rf.Seed, 10))
	check("tie-break", csv.TieBreak, rf.TieBreak)
	check("reserve-order", csv.ReserveOrder, rf.ReserveOrder)
	check("mechanism", csv.Mechanism, rf.Mechanism)
	check("objective", csv.Objective, rf.Objective)
	if bad == nil {
		return nil
	}
	return errorKey("the file names its own run: %s (drop the flags, or give the file they belong to)", bad)
}

// flagConflicts are flags that contradict a result file: flag, value
// given, value in the file.
type flagConflicts [][3]string

func (f flagConflicts) String() string { return f.in(nil) }

// in words f in msg's language (English when msg is nil).
func (f flagConflicts) in(msg *message.Printer) string {
	var parts []string
	for _, c := range f {
		if msg == nil {
			parts = append(parts, fmt.Sprintf("-%s %s, but the file says %s", c[0], c[1], c[2]))
		} else {
			parts = append(parts, msg.Sprintf("-%s %s, but the file says %s", c[0], c[1], c[2]))
		}
	}
	sep := "; "
	if msg != nil {
		sep = msg.Sprintf("; ")
	}
	return strings.Join(parts, sep)
}

// openResult reads a result file as readResult does, rebuilds it as a
// matching.Result for explanations and reports, and checks it: a result
// that does not hold under the lottery it is read with (a CSV result read
// without the -seed it was computed with, say) would be explained wrongly,
// so it is refused with the first finding.
func openResult(c *model.Cohort, path string, csv csvResult) (*matching.Result, *matching.ResultFile, error) {
	rf, inst, err := readResult(c, path, csv)
	var changed *matching.CohortChangedError
	if (err == nil && rf.Round.Number >= 2) || errors.As(err, &changed) {
		// A round's result: its cohort is the round's (the next cohort
		// with new lists), and its instance has the round's guarantees.
		if res, rrf, rerr := openRoundResult(c, path); rerr == nil || err == nil {
			return res, rrf, rerr
		}
	}
	if err != nil {
		return nil, nil, err
	}
	mech := matching.StudentDA
	if rf.Mechanism != "" {
		if mech, err = matching.ParseMechanism(rf.Mechanism); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	r, err := matching.NewResult(inst, mech, rf.Placements)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var findings []string
	if mech == matching.OptimalAllocation {
		obj, err := matching.ParseObjective(rf.Objective)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		findings, _ = optimalFindings(cmdCtx, inst, rf.Placements, obj, nil, nil)
	} else {
		for _, f := range matching.Check(inst, rf.Placements) {
			findings = append(findings, f.String())
		}
	}
	if len(findings) > 0 {
		return nil, nil, errorKey("%s: the allocation does not hold under seed %d, tie-break %s, reserve order %s (%d findings, the first: %s); give the -seed, -tie-break and -reserve-order of its run, or run check on it",
			path, rf.Seed, rf.TieBreak, rf.ReserveOrder, len(findings), findings[0])
	}
	return r, rf, nil
}

// csvFlags are the flags that say what a CSV result file does not: the
// lottery and seat order it was computed under, its mechanism, and, for an
// optimal allocation, its objective. check and report share them.
type csvFlags struct {
	fs                    *flag.FlagSet
	seed                  *uint64
	tie, order, mech, obj *string
}

func addCSVFlags(fs *flag.FlagSet) *csvFlags {
	return &csvFlags{
		fs:    fs,
		seed:  fs.Uint64("seed", 0, "lottery seed of a CSV result written before results carried their run (every other result names its own)"),
		tie:   fs.String("tie-break", "single", "lottery of an early CSV result: single or multiple (every other result names its own)"),
		order: fs.String("reserve-order", "reserved-first", "seat order of an early CSV result: reserved-first or open-first (every other result names its own)"),
		mech:  fs.String("mechanism", "", "mechanism of an early CSV result: student-da (the default), position-da or optimal (every other result names its own)"),
		obj:   fs.String("objective", "", "an early CSV result of -mechanism optimal: its objective, rank-sum, rank-maximal or generous (every other result names its own)"),
	}
}

// csv returns what the flags say, with mech and obj the mechanism and
// objective (for report's second result, those of its own flags).
func (f *csvFlags) csv(mech, obj string) csvResult {
	return csvResult{Seed: *f.seed, TieBreak: *f.tie, ReserveOrder: *f.order, Mechanism: mech, Objective: obj, Set: setFlags(f.fs)}
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
