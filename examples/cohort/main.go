// Command cohort generates the group preset, a synthetic year of the
// reference vocational education group, and prints its summary: students by
// school, region and major, seats, special posts and order classes.
//
//	go run ./examples/cohort [-scale 1] [-seed 2026] [-json FILE] [-csv DIR]
//
// With -json or -csv it also writes the cohort in that format, for a look at
// the files a planner would hand in.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

func main() {
	scale := flag.Float64("scale", 1, "size factor: 1 gives about 5,000 students, 20 about 100,000, 200 about 1,000,000")
	seed := flag.Uint64("seed", 2026, "random seed: the same seed gives the same cohort")
	jsonOut := flag.String("json", "", "also write the cohort as JSON to this file")
	csvOut := flag.String("csv", "", "also write the cohort as CSV files into this folder")
	flag.Parse()
	if err := run(os.Stdout, *scale, *seed, *jsonOut, *csvOut); err != nil {
		fmt.Fprintln(os.Stderr, "cohort:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, scale float64, seed uint64, jsonOut, csvOut string) error {
	c, err := synth.Generate(synth.Group(scale, seed))
	if err != nil {
		return err
	}
	s := model.Summarize(c)
	if err := s.WriteText(w); err != nil {
		return err
	}
	if jsonOut != "" {
		if err := writeJSON(jsonOut, c); err != nil {
			return err
		}
	}
	if csvOut != "" {
		if err := model.WriteCSV(csvOut, c); err != nil {
			return err
		}
	}
	return nil
}

// writeJSON writes the file under a temporary name and renames it into
// place, so that a failure never leaves half a file.
func writeJSON(name string, c *model.Cohort) error {
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := model.WriteJSON(f, c); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, name)
}
