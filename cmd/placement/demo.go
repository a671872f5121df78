package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/report"
)

// demo runs the main job on the group preset with no files at all:
// generate the year, allocate it both ways, check both, and write the
// files and the report a planner would read.
func demo(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", stderr)
	out := fs.String("out", "placement-demo", "folder for the cohort, both results, the report and its charts (created if missing)")
	scale := fs.Float64("scale", 1, "size of the group preset: 1 gives about 5,000 students, 200 about 1,000,000")
	seed := fs.Uint64("seed", 2026, "seed of the generated cohort and of the tie-breaking lottery")
	rf := addReportFlags(fs)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg := printerOf(fs)
	opts := rf.options(fs)
	if !(*scale > 0) || *scale > 400 {
		return fail(errorf(msg, "-scale %s: want a size factor in (0, 400]", fmt.Sprint(*scale)))
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(err)
	}
	ctx := cmdCtx
	pr.Stagef("generating the group preset")
	c, err := synth.Generate(synth.Group(*scale, *seed))
	if err != nil {
		return fail(err)
	}
	pr.Stagef("compiling")
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: *seed})
	if err != nil {
		return fail(err)
	}
	var results [2]*matching.Result // stable, optimal
	for i, mech := range []matching.Mechanism{matching.StudentDA, matching.OptimalAllocation} {
		rs := runSpec{mech: mech, obj: matching.RankSum}
		if results[i], err = rs.solveInstance(ctx, inst, pr); err != nil {
			return fail(err)
		}
		pr.Stagef("checking")
		if findings := resultFindings(ctx, langOf(fs), msg, results[i]); len(findings) > 0 {
			pr.End()
			for _, f := range findings {
				fmt.Fprintln(stderr, f)
			}
			msg.Fprintf(stderr, "placement demo: the %s failed its check (%d findings); nothing written\n", mechanismText(msg, mech), len(findings))
			return exitFindings
		}
	}
	stable, optimal := results[0], results[1]
	pr.Stagef("counting for the report")
	rep, err := report.NewWithOptions(c, opts, optimal, stable)
	if err != nil {
		return fail(err)
	}
	warnReport(pr, stderr, "demo", msg, rep)

	// Every file is staged, then all are renamed into place at once.
	var files outputs
	defer files.discard()
	cohortPath := filepath.Join(*out, "cohort.json")
	stablePath, optimalPath := filepath.Join(*out, "stable.json"), filepath.Join(*out, "optimal.json")
	htmlPath, chartsDir := filepath.Join(*out, "report.html"), filepath.Join(*out, "charts")
	pr.Stagef("writing into %s", *out)
	for _, f := range []struct {
		path  string
		write func(io.Writer) error
	}{
		{cohortPath, func(w io.Writer) error { return model.WriteJSON(w, c) }},
		{stablePath, func(w io.Writer) error { return matching.WriteResultJSON(w, stable, nil) }},
		{optimalPath, func(w io.Writer) error { return matching.WriteResultJSON(w, optimal, nil) }},
		{htmlPath, rep.WriteHTML},
	} {
		if err := files.add(f.path, f.write); err != nil {
			return fail(err)
		}
	}
	if err := stageCharts(&files, rep, chartsDir, "svg"); err != nil {
		return fail(err)
	}
	if err := files.commit(); err != nil {
		return fail(err)
	}
	if err := rep.RemoveStaleCharts(chartsDir, "svg"); err != nil {
		return fail(err)
	}
	pr.End()
	if err := rep.WriteText(stdout); err != nil {
		return fail(err)
	}
	msg.Fprintf(stdout, "\nwritten: %s, %s, %s, %s (open it in a browser), and %d charts in %s\n",
		cohortPath, stablePath, optimalPath, htmlPath, len(rep.Charts()), chartsDir)
	msg.Fprintf(stdout, "next: placement explain -cohort %s -result %s -student %s\n",
		cohortPath, stablePath, firstMissed(stable))
	return exitOK
}

// firstMissed names the first student who did not get their first choice,
// for the demo's suggested next command.
func firstMissed(r *matching.Result) string {
	c := r.Instance().Cohort()
	for s := range r.Instance().Students() {
		if r.Rank(s) != 1 {
			return c.Students()[s].ID
		}
	}
	return c.Students()[0].ID
}
