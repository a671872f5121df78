package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// csvResult is what a CSV result file does not say and flags supply: the
// lottery and seat order it was computed under, and, for an optimal
// allocation, its objective (empty for a stable one).
type csvResult struct {
	Seed         uint64
	TieBreak     string
	ReserveOrder string
	Objective    string
}

// writeResult writes res in the format that the name path asks for: CSV
// when it ends in ".csv", an Excel workbook when it ends in ".xlsx"
// (without timings), else JSON with opts.
func writeResult(w io.Writer, path string, res *matching.Result, opts *matching.WriteOptions) error {
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".csv"):
		return matching.WriteResultCSV(w, res)
	case isExcel(path):
		return writeResultExcel(w, res)
	}
	return matching.WriteResultJSON(w, res, opts)
}

// readResult reads a result file written by solve (JSON, or CSV or Excel
// when the name ends in ".csv" or ".xlsx") against its cohort, and
// compiles the cohort under the lottery and seat order the file names (for
// CSV and Excel, those of csv). Its errors name the file.
func readResult(c *model.Cohort, path string, csv csvResult) (*matching.ResultFile, *matching.Instance, error) {
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
			return nil, nil, named(err)
		}
		rf.Seed, rf.TieBreak, rf.ReserveOrder = csv.Seed, csv.TieBreak, csv.ReserveOrder
		if csv.Objective != "" {
			rf.Mechanism, rf.Objective = matching.OptimalAllocation.String(), csv.Objective
		}
	case isExcel(path):
		if rf, err = readResultExcel(f, filepath.Base(path), c); err != nil {
			return nil, nil, err // names the workbook, its sheet and row
		}
	default:
		if rf, err = matching.ReadResultJSON(f, c); err != nil {
			return nil, nil, named(err)
		}
	}
	tb, err := matching.ParseTieBreak(rf.TieBreak)
	if err != nil {
		return nil, nil, named(err)
	}
	order, err := matching.ParseReserveOrder(rf.ReserveOrder)
	if err != nil {
		return nil, nil, named(err)
	}
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: tb, Seed: rf.Seed, ReserveOrder: order})
	if err != nil {
		return nil, nil, err
	}
	return rf, inst, nil
}

// openResult reads a result file as readResult does and rebuilds it as a
// matching.Result, for explanations and reports. A CSV file names no
// mechanism: csv.Objective set means optimal, else student-da.
func openResult(c *model.Cohort, path string, csv csvResult) (*matching.Result, *matching.ResultFile, error) {
	rf, inst, err := readResult(c, path, csv)
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
	return r, rf, nil
}

// csvFlags are the flags that say what a CSV or Excel result file does not:
// the lottery and seat order it was computed under, and, for an optimal
// allocation, its objective. check and report share them.
type csvFlags struct {
	seed            *uint64
	tie, order, obj *string
}

func addCSVFlags(fs *flag.FlagSet) *csvFlags {
	return &csvFlags{
		seed:  fs.Uint64("seed", 0, "lottery seed of a CSV or Excel result (a JSON result names its own)"),
		tie:   fs.String("tie-break", "single", "lottery of a CSV or Excel result: single or multiple (a JSON result names its own)"),
		order: fs.String("reserve-order", "reserved-first", "seat order of a CSV or Excel result: reserved-first or open-first (a JSON result names its own)"),
		obj:   fs.String("objective", "", "a CSV or Excel result of -mechanism optimal: its objective, rank-sum, rank-maximal or generous (a JSON result names its own); empty for a stable one"),
	}
}

// csv returns what the flags say, with obj the objective (an optimal
// allocation's) or empty (a stable one).
func (f *csvFlags) csv(obj string) csvResult {
	return csvResult{Seed: *f.seed, TieBreak: *f.tie, ReserveOrder: *f.order, Objective: obj}
}
