package main

import (
	"context"
	"errors"
	"flag"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// runFlags are the flags that name a run: the mechanism, the objective of
// an optimal allocation, and the lottery and seat order. solve, explain and
// whatif share them.
type runFlags struct {
	mech, obj, tie, order *string
	seed                  *uint64
}

// addRunFlags defines the run flags on fs, with objDefault the default of
// -objective.
func addRunFlags(fs *flag.FlagSet, objDefault string) *runFlags {
	return &runFlags{
		mech:  fs.String("mechanism", "student-da", "mechanism: student-da, position-da or optimal (min-cost flow under every quota)"),
		obj:   fs.String("objective", objDefault, "objective of -mechanism optimal: rank-sum (most placed, then least total rank), rank-maximal or generous"),
		seed:  fs.Uint64("seed", 0, "seed of the tie-breaking lottery"),
		tie:   fs.String("tie-break", "single", "lottery for ties in score: single (one for all positions) or multiple (one per position)"),
		order: fs.String("reserve-order", "reserved-first", "which seats of a position with reserves fill first: reserved-first or open-first"),
	}
}

// runSpec is a parsed run: what to compile and which mechanism to run.
type runSpec struct {
	mech    matching.Mechanism
	obj     matching.Objective
	compile matching.CompileOptions
}

// spec parses the run flags; an empty -objective means rank-sum.
func (f *runFlags) spec() (runSpec, error) {
	var rs runSpec
	var err error
	if rs.mech, err = matching.ParseMechanism(*f.mech); err != nil {
		var un *matching.UnknownNameError
		if errors.As(err, &un) {
			// The library knows least-disruption too; solve, explain and
			// whatif run a main round, where it has no meaning.
			un.Want = []string{"student-da", "position-da", "optimal"}
		}
		return rs, err
	}
	if rs.mech == matching.LeastDisruption {
		return rs, errorKey("least-disruption is only for a supplementary round (placement round); on a main round use position-da")
	}
	obj := *f.obj
	if obj == "" {
		obj = matching.RankSum.String()
	}
	if rs.obj, err = matching.ParseObjective(obj); err != nil {
		return rs, err
	}
	if rs.compile.TieBreak, err = matching.ParseTieBreak(*f.tie); err != nil {
		return rs, err
	}
	if rs.compile.ReserveOrder, err = matching.ParseReserveOrder(*f.order); err != nil {
		return rs, err
	}
	rs.compile.Seed = *f.seed
	return rs, nil
}

// solveInstance runs the mechanism on inst, showing its progress on pr. An
// optimal allocation that no allocation can meet returns a
// *matching.InfeasibleError (exit code 3 for the caller).
func (rs runSpec) solveInstance(ctx context.Context, inst *matching.Instance, pr *progress) (*matching.Result, error) {
	pr.Stagef("solving (%s)", rs.mech.String())
	if rs.mech == matching.OptimalAllocation {
		return matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: rs.obj, Progress: optimalProgress(pr)})
	}
	return matching.Solve(ctx, inst, rs.mech, &matching.Options{Progress: stableProgress(pr)})
}

// run compiles c and runs the mechanism on it.
func (rs runSpec) run(ctx context.Context, c *model.Cohort, pr *progress) (*matching.Result, error) {
	pr.Stagef("compiling")
	inst, err := matching.Compile(ctx, c, &rs.compile)
	if err != nil {
		return nil, err
	}
	return rs.solveInstance(ctx, inst, pr)
}

// resultFindings checks a result of a run as solve does, one finding a
// line: a stable one by every checker (placement rules, capacities,
// reserves, caps, stability), an optimal one by its placement rules,
// quotas, values and certificate.
func resultFindings(ctx context.Context, tag language.Tag, msg *message.Printer, res *matching.Result) []string {
	var findings []string
	if o, ok := res.Optimum(); ok {
		findings, _ = optimalFindingsIn(ctx, tag, msg, res.Instance(), res.Placements(), o.Objective, o.Values, &o.Certificate)
		return findings
	}
	for _, f := range matching.CheckResult(res) {
		findings = append(findings, findingText(tag, msg, res.Instance(), res.Placements(), f))
	}
	return findings
}
