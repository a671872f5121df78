package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

const whatifSynopsis = "-cohort FILE -changes FILE [-mechanism student-da|position-da|optimal] [-objective NAME] [-seed N] [-tie-break single|multiple] [-reserve-order reserved-first|open-first] [-out FILE] [-diff FILE] [-changed-cohort FILE] [-list N]"

// whatifCmd applies a change file (package whatif) to a cohort, solves the
// base and the changed cohort with the same mechanism and lottery, checks
// both results as solve does, and prints what changed for whom: a summary,
// the students who moved and why, the withdrawn students and the positions
// whose fill changed. -out writes the changed result (JSON, CSV or .xlsx),
// -diff the diff as JSON, -changed-cohort the changed cohort (JSON, .xlsx
// or a CSV folder, so that check can verify the -out file); every file is
// written before anything is printed, and none when one of -out and -diff
// fails. Withdrawn students stay in the changed
// cohort with no choices, so that the lottery is the same for everyone
// else; the changed result lists them as unplaced ("empty list"), the diff
// as withdrawn.
//
// Exit codes: 0 success; 1 a result failed its own check; 2 usage or input
// error (bad flags, a cohort or change file that does not read, an unknown
// ID, a change file in another format, a changed cohort that does not
// validate); 3 (optimal) no allocation meets every quota, in the base or
// the changed cohort.
func whatifCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("whatif", whatifSynopsis, stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	changesPath := fs.String("changes", "", "change file (JSON, format placement-changes/1; see package whatif)")
	rf := addRunFlags(fs, "rank-sum") // one lottery for both runs
	out := fs.String("out", "", "write the changed cohort's result here: JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx")
	diffOut := fs.String("diff", "", "write the diff here as JSON (format placement-whatif/1)")
	cohortOut := fs.String("changed-cohort", "", "write the changed cohort here: a .json file, an .xlsx workbook, or a folder of CSV files (a name without extension, or an empty folder)")
	list := fs.Int("list", 50, "print at most this many students and positions of each list (0: all)")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr)
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	if *cohortPath == "" || *changesPath == "" {
		return fail(errors.New("-cohort and -changes are required"))
	}
	if *list < 0 {
		return fail(errors.New("-list must not be negative"))
	}
	cohortKind := ""
	if *cohortOut != "" {
		var err error
		if cohortKind, err = genFormat(*cohortOut); err != nil {
			return fail(err)
		}
	}
	rs, err := rf.spec()
	if err != nil {
		return fail(err)
	}
	pr.Stage("loading " + *cohortPath)
	c, err := loadCohort(*cohortPath)
	if err != nil {
		return fail(err)
	}
	ch, err := readChanges(*changesPath)
	if err != nil {
		return fail(err)
	}
	changed, err := whatif.Apply(c, ch, nil)
	if err != nil {
		return fail(err)
	}
	ctx := cmdCtx
	var results [2]*matching.Result
	for i, co := range []*model.Cohort{c, changed} {
		which := [...]string{"base", "changed"}[i]
		res, err := rs.run(ctx, co, pr)
		if err != nil {
			return fail(fmt.Errorf("%s cohort: %w", which, err))
		}
		pr.Stage("checking")
		if findings := resultFindings(ctx, res); len(findings) > 0 {
			pr.End()
			for _, f := range findings {
				fmt.Fprintln(stderr, f)
			}
			fmt.Fprintf(stderr, "placement whatif: the %s result failed its check (%d findings)\n", which, len(findings))
			return exitFindings
		}
		results[i] = res
	}
	pr.End()
	d, err := whatif.Compare(results[0], results[1], ch)
	if err != nil {
		return fail(err)
	}
	// The outputs are written whole before anything is printed: the
	// result and the diff staged and renamed together, then the changed
	// cohort in the format its name asks for.
	var files outputs
	defer files.discard()
	if *out != "" {
		if err := files.add(*out, func(w io.Writer) error { return writeResult(w, *out, results[1], nil) }); err != nil {
			return fail(err)
		}
	}
	if *diffOut != "" {
		if err := files.add(*diffOut, d.WriteJSON); err != nil {
			return fail(err)
		}
	}
	if err := files.commit(); err != nil {
		return fail(err)
	}
	if *cohortOut != "" {
		if err := writeCohort(*cohortOut, cohortKind, changed); err != nil {
			return fail(err)
		}
	}
	if err := printDiff(stdout, printerOf(fs), d, *list); err != nil {
		return fail(err)
	}
	return exitOK
}

// readChanges reads a change file. Change files are JSON only: a folder or
// a .csv file is refused by name rather than read as broken JSON.
func readChanges(path string) (*whatif.Changes, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder: a change file is one JSON file (format %s)", path, whatif.Format)
	}
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".csv" || ext == ".xlsx" {
		return nil, fmt.Errorf("%s: a change file is JSON (format %s), not %s", path, whatif.Format, ext)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return whatif.ReadChanges(f, filepath.Base(path))
}
