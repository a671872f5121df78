package report

import (
	"context"
	"sync"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// group is the group preset solved once with student-proposing deferred
// acceptance and the optimal allocation (rank-sum), shared by the tests.
var group struct {
	once            sync.Once
	c               *model.Cohort
	stable, optimal *matching.Result
	err             error
}

func groupResults(t testing.TB) (*model.Cohort, *matching.Result, *matching.Result) {
	t.Helper()
	group.once.Do(func() {
		ctx := context.Background()
		c, err := synth.Generate(synth.Group(1, 2026))
		if err != nil {
			group.err = err
			return
		}
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: 7})
		if err != nil {
			group.err = err
			return
		}
		stable, err := matching.Solve(ctx, inst, matching.StudentDA, nil)
		if err != nil {
			group.err = err
			return
		}
		optimal, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: matching.RankSum})
		if err != nil {
			group.err = err
			return
		}
		group.c, group.stable, group.optimal = c, stable, optimal
	})
	if group.err != nil {
		t.Fatal(group.err)
	}
	return group.c, group.stable, group.optimal
}
