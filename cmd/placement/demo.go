package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/report"
)

const demoSynopsis = "[-out DIR] [-scale F] [-seed N]"

// demo runs the main job on the group preset with no files at all:
// generate the year, allocate it both ways, check both, and write the
// files and the report a planner would read.
func demo(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", demoSynopsis, stderr)
	out := fs.String("out", "placement-demo", "folder for the cohort, both results, the report and its charts (created if missing)")
	scale := fs.Float64("scale", 1, "size of the group preset: 1 gives about 5,000 students, 200 about 1,000,000")
	seed := fs.Uint64("seed", 2026, "seed of the generated cohort and of the tie-breaking lottery")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr)
	defer pr.End()
	fail := func(err error) int {
		pr.End()
		fmt.Fprintf(stderr, "placement demo: %v\n", err)
		return exitUsage
	}
	if !(*scale > 0) || *scale > 400 {
		return fail(fmt.Errorf("-scale %v: want a size factor in (0, 400]", *scale))
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(err)
	}
	ctx := context.Background()
	pr.Stage("generating the group preset")
	c, err := synth.Generate(synth.Group(*scale, *seed))
	if err != nil {
		return fail(err)
	}
	cohortPath := filepath.Join(*out, "cohort.json")
	pr.Stage("writing " + cohortPath)
	if err := writeAtomic(cohortPath, func(w io.Writer) error { return model.WriteJSON(w, c) }); err != nil {
		return fail(err)
	}
	pr.Stage("compiling")
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: *seed})
	if err != nil {
		return fail(err)
	}
	pr.Stage("solving (student-da)")
	stable, err := matching.Solve(ctx, inst, matching.StudentDA, &matching.Options{Progress: stableProgress(pr)})
	if err != nil {
		return fail(err)
	}
	pr.Stage("solving (optimal)")
	optimal, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Progress: optimalProgress(pr)})
	if err != nil {
		return fail(err)
	}
	pr.Stage("checking")
	if f := matching.CheckResult(stable); len(f) > 0 {
		pr.End()
		fmt.Fprintf(stderr, "placement demo: the stable allocation failed its check: %v\n", f[0])
		return exitFindings
	}
	o, _ := optimal.Optimum()
	if f, _ := optimalFindings(ctx, inst, optimal.Placements(), o.Objective, o.Values, &o.Certificate); len(f) > 0 {
		pr.End()
		fmt.Fprintf(stderr, "placement demo: the optimal allocation failed its check: %v\n", f[0])
		return exitFindings
	}
	files := []string{cohortPath}
	for _, r := range []*matching.Result{stable, optimal} {
		name := "stable.json"
		if r == optimal {
			name = "optimal.json"
		}
		path := filepath.Join(*out, name)
		pr.Stage("writing " + path)
		if err := writeAtomic(path, func(w io.Writer) error { return matching.WriteResultJSON(w, r, nil) }); err != nil {
			return fail(err)
		}
		files = append(files, path)
	}
	pr.Stage("writing the report")
	rep, err := report.New(c, optimal, stable)
	if err != nil {
		return fail(err)
	}
	htmlPath := filepath.Join(*out, "report.html")
	if err := writeAtomic(htmlPath, rep.WriteHTML); err != nil {
		return fail(err)
	}
	chartsDir := filepath.Join(*out, "charts")
	if err := os.MkdirAll(chartsDir, 0o755); err != nil {
		return fail(err)
	}
	charts, err := rep.WriteCharts(chartsDir, "svg")
	if err != nil {
		return fail(err)
	}
	pr.End()
	if err := rep.WriteText(stdout); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "\nwritten: %s, %s (open it in a browser), and %d charts in %s\n",
		strings.Join(files, ", "), htmlPath, len(charts), chartsDir)
	fmt.Fprintf(stdout, "next: placement explain -cohort %s -result %s -student %s\n",
		cohortPath, files[1], firstMissed(stable))
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
