package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/matching/flow"
)

// exportFlow is "placement export-flow -cohort FILE [-objective NAME] -out
// FILE.min": write the min-cost flow network that the optimal allocation
// solves for the cohort in DIMACS form, so that any other solver can solve
// it and compare its optimal cost with "placement flow FILE.min". Comment
// lines at the top name the cohort, the objective and the criteria the
// network covers, and every node that is not a student (students are
// nodes 1..S in cohort order; pair arcs come first, student by student in
// the order of their lists).
func exportFlow(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("export-flow", stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	objName := fs.String("objective", "rank-sum", "objective: rank-sum, rank-maximal or generous")
	out := fs.String("out", "", "DIMACS file to write")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	fail := failIn(fs, nil, stderr)
	msg := printerOf(fs)
	if *cohortPath == "" || *out == "" {
		return fail(errorf(msg, "-cohort and -out are required"))
	}
	obj, err := matching.ParseObjective(*objName)
	if err != nil {
		return fail(err)
	}
	if err := checkOutputName("out", *out, dimacsFormats); err != nil {
		return fail(err)
	}
	if err := checkFiles([]file{{flag: "out", path: *out}}, []file{{flag: "cohort", path: *cohortPath}}); err != nil {
		return fail(err)
	}
	c, err := loadCohortIn(fs, nil, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	ctx := cmdCtx
	inst, err := matching.Compile(ctx, c, nil)
	if err != nil {
		return fail(err)
	}
	ex, err := matching.ExportNetwork(ctx, inst, obj)
	if err != nil {
		return fail(err)
	}
	net, criteria, complete := ex.Network, ex.Criteria, ex.Complete
	var terms []string
	for i, w := range ex.Weights {
		terms = append(terms, fmt.Sprintf("%d·(%s)", w, criteria[i]))
	}
	err = writeAtomic(*out, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		fmt.Fprintf(bw, "c placement optimal allocation network\nc cohort: %s\nc objective: %v; this network optimises: %s\n",
			strings.ReplaceAll(c.Name(), "\n", " "), obj, strings.Join(criteria, ", "))
		if ex.OffsetOK && len(terms) > 0 {
			fmt.Fprintf(bw, "c cost %+d = %s (criteria to maximise count negatively)\n", ex.Offset, strings.Join(terms, " + "))
		}
		if !complete {
			fmt.Fprintf(bw, "c first phase only: later phases fix arcs by this phase's optimal potentials\n")
		}
		fmt.Fprintf(bw, "c nodes 1..%d: students in cohort order (supply 1); arcs 1..%d: their acceptable choices, then the unplaced arcs\n",
			inst.Students(), inst.Pairs())
		for v := inst.Students(); v < net.NumNodes(); v++ {
			fmt.Fprintf(bw, "c node %d: %s\n", v+1, net.Name(v))
		}
		if err := flow.WriteDIMACS(bw, net); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fail(err)
	}
	note := ""
	if !complete {
		note = msg.Sprintf(" (first phase only)")
	}
	msg.Fprintf(stdout, "%s: %d nodes, %d arcs, objective %s%s\n", *out, net.NumNodes(), net.NumArcs(), objectiveText(msg, obj), note)
	return exitOK
}
