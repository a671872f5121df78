package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// whatifCmd applies a change file (package whatif) to a cohort, solves the
// base and the changed cohort with the same mechanism and lottery, checks
// both results as solve does, and prints what changed for whom: a summary,
// the students who moved and why, the withdrawn students and the positions
// whose fill changed. -out writes the changed result (JSON, CSV or .xlsx),
// -diff the diff (JSON, CSV or .xlsx), -changed-cohort the changed cohort (JSON, .xlsx
// or a CSV folder, so that check can verify the -out file); every file is
// written before anything is printed, all or none (an output that would
// overwrite an input or another output is refused before any work); under -lang zh the diff's reasons (its why and changes) are in
// Chinese in the files as on the terminal. Withdrawn students stay in the changed
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
	fs := newFlags("whatif", stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	changesPath := fs.String("changes", "", "change file: JSON (format placement-changes/1), or a table of changes in a .csv file or an .xlsx workbook (see package whatif)")
	rf := addRunFlags(fs, "rank-sum") // one lottery for both runs
	out := fs.String("out", "", "write the changed cohort's result here: .json, .csv or .xlsx (an optimal result: .json or .xlsx, which carry its certificate)")
	diffOut := fs.String("diff", "", "write the diff here: .json (format placement-whatif/1), .csv (the students who moved or withdrew, names beside IDs) or .xlsx (summary, students, positions)")
	cohortOut := fs.String("changed-cohort", "", "write the changed cohort here: a .json file, an .xlsx workbook, or a folder of CSV files (a name without extension, or an empty folder)")
	list := fs.Int("list", 50, "print at most this many students and positions of each list (0: all)")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	msg := printerOf(fs)
	pr := newProgress(stderr).In(msg)
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	if *cohortPath == "" || *changesPath == "" {
		return fail(errorf(msg, "-cohort and -changes are required"))
	}
	if *list < 0 {
		return fail(errorf(msg, "-list must not be negative"))
	}
	cohortKind := ""
	if *cohortOut != "" {
		var err error
		if cohortKind, err = genFormat("changed-cohort", *cohortOut); err != nil {
			return fail(err)
		}
	}
	rs, err := rf.spec()
	if err != nil {
		return fail(err)
	}
	if *out != "" {
		if err := checkResultName("out", *out, rs.mech); err != nil {
			return fail(err)
		}
	}
	if *diffOut != "" {
		if err := checkOutputName("diff", *diffOut, diffFormats); err != nil {
			return fail(err)
		}
	}
	if err := checkFiles([]file{{flag: "out", path: *out}, {flag: "diff", path: *diffOut}, {flag: "changed-cohort", path: *cohortOut, folder: cohortKind == "csv"}},
		[]file{{flag: "cohort", path: *cohortPath}, {flag: "changes", path: *changesPath}}); err != nil {
		return fail(err)
	}
	pr.Stagef("loading %s", *cohortPath)
	c, err := loadCohortIn(fs, pr, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	pr.Stagef("reading %s", *changesPath)
	ch, err := readChanges(*changesPath)
	if err != nil && ch == nil {
		return fail(err)
	}
	if len(ch.Warnings) > 0 {
		pr.Clear()
		for _, w := range ch.Warnings {
			fmt.Fprintf(stderr, "placement whatif: %s\n", whatif.ProblemText(w, langOf(fs)))
		}
	}
	// Changes that read with problems are checked against the cohort
	// all the same: Apply reports every problem of the file at once,
	// unknown IDs (with what they were probably meant to be) included.
	changed, err := whatif.Apply(c, ch, nil)
	if err != nil {
		return fail(err)
	}
	ctx := cmdCtx
	var results [2]*matching.Result
	for i, co := range []*model.Cohort{c, changed} {
		res, err := rs.run(ctx, co, pr)
		if err != nil {
			// The cohort's error in the verb's language, after which
			// cohort it is.
			text := localError(langOf(fs), msg, err).Error()
			if i == 0 {
				return fail(&localized{text: msg.Sprintf("base cohort: %s", text), err: err})
			}
			return fail(&localized{text: msg.Sprintf("changed cohort: %s", text), err: err})
		}
		pr.Stagef("checking")
		if findings := resultFindings(ctx, langOf(fs), msg, res); len(findings) > 0 {
			pr.End()
			for _, f := range findings {
				fmt.Fprintln(stderr, f)
			}
			if i == 0 {
				msg.Fprintf(stderr, "placement whatif: the base result failed its check (%d findings)\n", len(findings))
			} else {
				msg.Fprintf(stderr, "placement whatif: the changed result failed its check (%d findings)\n", len(findings))
			}
			return exitFindings
		}
		results[i] = res
	}
	pr.End()
	d, err := whatif.Compare(results[0], results[1], ch)
	if err != nil {
		return fail(err)
	}
	if langOf(fs) == lang.Chinese {
		wordDiff(msg, d, results[1]) // the files' why and changes columns too
	}
	// The outputs are written whole before anything is printed: the
	// result, the diff and the changed cohort (in the format its name
	// asks for) staged and renamed together.
	var files outputs
	defer files.discard()
	if *out != "" {
		if err := files.add(*out, func(w io.Writer) error { return writeResult(w, *out, results[1], nil, langOf(fs)) }); err != nil {
			return fail(err)
		}
	}
	if *diffOut != "" {
		if err := files.add(*diffOut, func(w io.Writer) error { return writeDiff(w, *diffOut, d, langOf(fs)) }); err != nil {
			return fail(err)
		}
	}
	if *cohortOut != "" {
		if err := stageCohort(&files, *cohortOut, cohortKind, changed); err != nil {
			return fail(err)
		}
	}
	if err := files.commit(); err != nil {
		return fail(err)
	}
	if err := printDiff(stdout, msg, d, results[1], *list); err != nil {
		return fail(err)
	}
	return exitOK
}

// readChanges reads a change file in the format its name says: JSON
// (.json, or any other name), CSV (.csv) or a workbook (.xlsx, its sheet
// "changes", or its only sheet); see package whatif for the columns of a
// table. A folder or an .xls workbook is refused by name rather than read
// as broken JSON.
func readChanges(path string) (*whatif.Changes, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".xls" {
		return nil, notXLS(path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, errorKey("%s is a folder: a change file is one file: JSON (format %s), .csv or .xlsx", path, whatif.Format)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch ext {
	case ".csv":
		return whatif.ReadChangesCSV(f, filepath.Base(path))
	case ".xlsx":
		return readChangesExcel(f, filepath.Base(path))
	}
	return whatif.ReadChanges(f, filepath.Base(path))
}

// changesSheet is the sheet of a change workbook that holds the changes.
const changesSheet = "changes"

// readChangesExcel reads the change table of a workbook: its sheet
// "changes", or its only sheet.
func readChangesExcel(r io.Reader, name string) (*whatif.Changes, error) {
	// Unzipped, the workbook is bounded as a change file is, and every
	// part stays in memory (excelize unzips a part over its XML limit to
	// a temporary file).
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: whatif.MaxFileBytes, UnzipXMLSizeLimit: whatif.MaxFileBytes})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, errorKey("%s: the workbook unzips to more than %d bytes, more than a change table may hold", name, whatif.MaxFileBytes)
		}
		return nil, errorKey("%s: not an Excel workbook (.xlsx): %v", name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	sheet := changesSheet
	if !slices.Contains(sheets, sheet) {
		if len(sheets) != 1 {
			return nil, errorKey("%s: no sheet %q (the workbook has %s)", name, changesSheet, strings.Join(sheets, ", "))
		}
		sheet = sheets[0]
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %v", name, sheet, err)
	}
	return whatif.ReadChangesTable(name, sheet, rows, func(i int) int { return i + 1 })
}

// writeDiff writes d in the format the name path asks for: CSV (the
// students who moved or withdrew), an .xlsx workbook (sheets summary,
// students and positions), else JSON; tables in language tag.
func writeDiff(w io.Writer, path string, d *whatif.Diff, tag language.Tag) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return d.WriteCSVIn(w, tag)
	case ".xlsx":
		f := xlsxfile.New()
		defer f.Close()
		for _, t := range d.TablesIn(tag) {
			if err := xlsxfile.WriteTable(f, t.Name, t.Header, len(t.Rows), func(i int) ([]any, error) { return t.Rows[i], nil }); err != nil {
				return fmt.Errorf("writing Excel diff: %w", err)
			}
		}
		if err := f.Write(w); err != nil {
			return fmt.Errorf("writing Excel diff: %w", err)
		}
		return nil
	}
	return d.WriteJSON(w)
}
