package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
)

// genStudents is the students of a preset at scale 1; genMaxScale bounds
// -scale at the most students package synth generates.
const (
	genStudents = 5000
	genMaxScale = 10_000
)

// gen writes a synthetic cohort: placement gen [-preset group|uniform]
// [-scale F | -students N] [-seed N] -out FILE|DIR.
func gen(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("gen", stderr)
	preset := fs.String("preset", "group", "group (the reference group's year: special posts, order classes, caps, floors) or uniform (a plain market of students and positions)")
	scale := fs.Float64("scale", 1, "size: 1 gives about 5,000 students, 20 about 100,000, 200 about 1,000,000")
	students := fs.Int("students", 0, "size as a number of students (instead of -scale)")
	seed := fs.Uint64("seed", 2026, "random seed: the same flags give the same cohort")
	out := fs.String("out", "", "where to write: a .json file, an .xlsx workbook, or a folder of CSV files (a name without extension, or an empty folder)")
	rf := addResponsesFlags(fs)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	if *rf.on {
		return genResponses(fs, rf, *seed, *out, stdout, stderr)
	}
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg := printerOf(fs)
	cfg, err := genConfig(fs, *preset, *scale, *students, *seed)
	if err != nil {
		return fail(err)
	}
	if *out == "" {
		return fail(errorf(msg, "-out is required"))
	}
	kind, err := genFormat("out", *out)
	if err != nil {
		return fail(err)
	}
	if err := checkFiles([]file{{flag: "out", path: *out, folder: kind == "csv"}}, nil); err != nil {
		return fail(err)
	}
	pr.Stagef("generating")
	c, err := synth.Generate(cfg)
	if err != nil {
		return fail(err)
	}
	pr.Stagef("writing %s", *out)
	if err := writeCohort(*out, kind, c); err != nil {
		return fail(err)
	}
	pr.End()
	msg.Fprintf(stdout, "%s: %d students, %d positions, %d enterprises (%s, seed %s) written to %s\n",
		c.Name(), len(c.Students()), len(c.Positions()), len(c.Enterprises()), kind, fmt.Sprint(*seed), *out)
	return exitOK
}

// genConfig turns the flags into a synth configuration. -scale and
// -students are exclusive; a preset's size at scale 1 is genStudents.
func genConfig(fs *flag.FlagSet, preset string, scale float64, students int, seed uint64) (synth.Config, error) {
	msg := printerOf(fs)
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["scale"] && set["students"] {
		return synth.Config{}, errorf(msg, "give -scale or -students, not both")
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return synth.Config{}, errorf(msg, "-scale %s: want a number above 0", fmt.Sprint(scale))
	}
	if scale > genMaxScale {
		// Beyond it the sizes would not even convert to integers.
		return synth.Config{}, errorf(msg, "-scale %s: at most %d (%d students)", fmt.Sprint(scale), genMaxScale, genMaxScale*genStudents)
	}
	if set["students"] {
		if students < 1 {
			return synth.Config{}, errorf(msg, "-students %d: want at least 1", students)
		}
		scale = float64(students) / genStudents
	}
	switch preset {
	case "group":
		cfg := synth.Group(scale, seed)
		if set["students"] {
			cfg.Students = students
		}
		return cfg, nil
	case "uniform":
		n := max(1, int(math.Round(scale*genStudents)))
		if set["students"] {
			n = students
		}
		return synth.Config{Seed: seed, Students: n,
			Name: fmt.Sprintf("uniform market (synthetic, %d students, seed %d)", n, seed)}, nil
	}
	return synth.Config{}, errorf(msg, "unknown -preset %q: want group or uniform", preset)
}

// genFormat says how -out is written: "json", "xlsx" or "csv" (a folder:
// an existing empty folder, or a name without extension).
func genFormat(flag, out string) (string, error) {
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		entries, err := os.ReadDir(out)
		if err != nil {
			return "", err
		}
		if len(entries) > 0 {
			return "", errorKey("-%s %s: the folder is not empty; give a new or an empty folder for the CSV files", flag, out)
		}
		return "csv", nil
	}
	switch ext := strings.ToLower(filepath.Ext(out)); ext {
	case ".json":
		return "json", nil
	case ".xlsx":
		return "xlsx", nil
	case "":
		return "csv", nil
	case ".xls":
		return "", notXLSOut(flag, out)
	default:
		return "", errorKey("-%s %s: unknown format %q: want FILE.json, FILE.xlsx, or a folder for CSV files (a name without extension)", flag, out, ext)
	}
}

// stageCohort stages c at path in the format kind that genFormat gives
// ("json", "xlsx" or "csv", a folder) among the outputs o.
func stageCohort(o *outputs, path, kind string, c *model.Cohort) error {
	switch kind {
	case "csv":
		return o.addDir(path, func(dir string) error { return model.WriteCSV(dir, c) })
	case "xlsx":
		return o.add(path, func(w io.Writer) error { return xlsx.Write(w, c) })
	}
	return o.add(path, func(w io.Writer) error { return model.WriteJSON(w, c) })
}

// writeCohort writes c to path in the format kind that genFormat gives,
// atomically.
func writeCohort(path, kind string, c *model.Cohort) error {
	var o outputs
	defer o.discard()
	if err := stageCohort(&o, path, kind, c); err != nil {
		return err
	}
	return o.commit()
}
