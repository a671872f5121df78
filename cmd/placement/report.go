package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/report"
	"github.com/placement-engine/placement/round"
)

// reportCmd prints the terminal summary of one or two result files of a
// cohort and, on request, writes the HTML report (atomically) and the
// charts as files; a last line gives the time of each step (loading the
// cohort, reading and rebuilding the results, computing the report, writing the page, the
// charts).
func reportCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	resultPath := fs.String("result", "", "result file as written by solve or round: JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx")
	result2Path := fs.String("result2", "", "a second result to compare with the first: of the same cohort by another mechanism (optimal and stable), or the next round's result, run after -result")
	htmlPath := fs.String("html", "", "also write the report as one self-contained HTML page to this file")
	chartsDir := fs.String("charts", "", "also write every chart into this folder (created if missing), one file a chart")
	chartFormat := fs.String("chart-format", "png", "format of -charts files: png or svg")
	rf := addReportFlags(fs)
	cf := addCSVFlags(fs)
	csvMech2 := fs.String("mechanism2", "", "the same as -mechanism for a CSV -result2")
	csvObjective2 := fs.String("objective2", "", "the same as -objective for a CSV -result2")
	chains := fs.Int("chains", 10, "with -result2 a round's result: list at most this many cascades of seats (0: all)")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	msg := printerOf(fs)
	pr := newProgress(stderr).In(msg)
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	if *cohortPath == "" || *resultPath == "" {
		return fail(errorf(msg, "-cohort and -result are required"))
	}
	if *chartFormat != "png" && *chartFormat != "svg" {
		return fail(errorf(msg, "-chart-format %q: want png or svg", *chartFormat))
	}
	if *htmlPath != "" {
		if err := checkOutputName("html", *htmlPath, htmlFormats); err != nil {
			return fail(err)
		}
	}
	if *chartsDir != "" {
		if err := checkFolderName("charts", *chartsDir); err != nil {
			return fail(err)
		}
	}
	if err := checkFiles([]file{{flag: "html", path: *htmlPath}, {flag: "charts", path: *chartsDir, folder: true}},
		[]file{{flag: "cohort", path: *cohortPath}, {flag: "result", path: *resultPath}, {flag: "result2", path: *result2Path}}); err != nil {
		return fail(err)
	}
	var steps []string // "cohort 1.2s", ...: the time of each step
	start := time.Now()
	lap := func() time.Duration {
		d := time.Since(start).Round(time.Millisecond)
		start = time.Now()
		return d
	}
	pr.Stagef("loading %s", *cohortPath)
	c, err := loadCohortIn(fs, pr, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	steps = append(steps, msg.Sprintf("cohort %v", lap()))
	opts := rf.options(fs)
	var results []*matching.Result
	var later *round.Result // -result2 as a round
	if *result2Path != "" {
		pr.Stagef("reading %s", *result2Path)
		ro, r2, file2, err := openRounds(langOf(fs), msg, c, *resultPath, *result2Path, *chains)
		if err != nil {
			return fail(err)
		}
		if ro != nil {
			later = ro.Result
			opts.Round = ro
			// The report's tables and charts are the later round's.
			c = r2.Instance().Cohort()
			results = append(results, r2)
			opts.Objectives = append(opts.Objectives, file2.Objective)
		}
	}
	for i, path := range []string{*resultPath, *result2Path} {
		if later != nil {
			break
		}
		if path == "" {
			continue
		}
		csv := cf.csv(*cf.mech, *cf.obj)
		if i == 1 {
			csv = cf.csv(*csvMech2, *csvObjective2)
			csv.Set["mechanism"], csv.Set["objective"] = csv.Set["mechanism2"], csv.Set["objective2"]
		}
		csv.Report = true
		pr.Stagef("reading %s", path)
		r, file, err := openResult(c, path, csv)
		if err != nil {
			return fail(err)
		}
		results = append(results, r)
		// A rebuilt result carries no optimum: the file names the objective.
		opts.Objectives = append(opts.Objectives, file.Objective)
	}
	steps = append(steps, msg.Sprintf("results %v", lap()))
	pr.Stagef("counting for the report")
	rp, err := report.NewWithOptions(c, opts, results...)
	if err != nil {
		return fail(err)
	}
	warnReport(pr, stderr, "report", msg, rp)
	steps = append(steps, msg.Sprintf("report %v", lap()))
	var written []string // what was written, said after the summary
	var out outputs      // nothing is written unless everything is
	defer out.discard()
	if *htmlPath != "" {
		pr.Stagef("writing %s", *htmlPath)
		if err := out.add(*htmlPath, rp.WriteHTML); err != nil {
			return fail(err)
		}
		steps = append(steps, msg.Sprintf("html %v", lap()))
		written = append(written, msg.Sprintf("\nreport written to %s\n", *htmlPath))
	}
	if *chartsDir != "" {
		pr.Stagef("writing the charts")
		if err := stageCharts(&out, rp, *chartsDir, *chartFormat); err != nil {
			return fail(err)
		}
		steps = append(steps, msg.Sprintf("charts %v", lap()))
		written = append(written, msg.Sprintf("%d charts written to %s\n", len(rp.Charts()), *chartsDir))
	}
	if err := out.commit(); err != nil {
		return fail(err)
	}
	if *chartsDir != "" {
		if err := rp.RemoveStaleCharts(*chartsDir, *chartFormat); err != nil {
			return fail(err)
		}
	}
	pr.End()
	if err := rp.WriteText(stdout); err != nil {
		return fail(err)
	}
	fmt.Fprint(stdout, strings.Join(written, ""))
	msg.Fprintf(stdout, "(%s)\n", strings.Join(steps, msg.Sprintf(", ")))
	return exitOK
}

// stageCharts stages every chart of rp as dir/ID.format, creating dir if
// needed.
func stageCharts(out *outputs, rp *report.Report, dir, format string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, id := range rp.Charts() {
		b, err := rp.RenderChart(id, format)
		if err != nil {
			return err
		}
		if err := out.add(filepath.Join(dir, id+"."+format), func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// reportFlags are the flags of the verbs that write a report (report,
// demo) beyond -lang, which every verb has: the charts' font.
type reportFlags struct {
	font *string
}

func addReportFlags(fs *flag.FlagSet) reportFlags {
	return reportFlags{
		font: fs.String("font", "", "font file with Chinese characters (.ttf, .otf, .ttc) for the charts; default: the first found of the system's (Windows: Microsoft YaHei, SimHei, DengXian, SimSun; macOS: PingFang, Hiragino Sans GB, STHeiti; Linux: Noto Sans CJK, WenQuanYi)"),
	}
}

// options are the report's options the flags of fs give: its language is
// the verb's (-lang).
func (rf reportFlags) options(fs *flag.FlagSet) *report.Options {
	return &report.Options{Lang: langOf(fs), Font: *rf.font}
}

// warnReport says on stderr what the report could not do (no font with
// Chinese characters for the charts).
func warnReport(pr *progress, stderr io.Writer, verb string, msg *message.Printer, rp *report.Report) {
	if ws := rp.Warnings(); len(ws) > 0 {
		pr.End()
		for _, w := range ws {
			msg.Fprintf(stderr, "placement %s: warning: %s\n", verb, w)
		}
	}
}
