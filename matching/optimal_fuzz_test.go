package matching_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/matching/flow"
)

// FuzzOptimal draws a tiny cohort with every policy from the fuzzed seed
// (tinyPolicyCohort) and requires of every objective either an optimum
// that passes every checker and its certificate and equals brute force, an
// infeasibility whose cut checks, or a crossing of quotas that is real.
func FuzzOptimal(f *testing.F) {
	for _, seed := range []uint64{0, 1, 7, 42, 1 << 40} {
		f.Add(seed, uint8(0))
	}
	f.Fuzz(func(t *testing.T, seed uint64, obj uint8) {
		rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
		c, err := tinyPolicyCohort(rng)
		if err != nil {
			return // 200 draws in a row rejected: nothing to test
		}
		ctx := context.Background()
		inst, err := matching.Compile(ctx, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		o := matching.Objective(obj % 3)
		r, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: o})
		var ie *matching.InfeasibleError
		var ce *matching.CrossingQuotasError
		b := bruteOptimal{oracle{c: c, inst: inst}}
		switch {
		case errors.As(err, &ce):
			if !crosses(c) {
				t.Fatalf("crossing reported where there is none: %v", err)
			}
		case errors.As(err, &ie):
			ex, err2 := matching.ExportNetwork(ctx, inst, o)
			if err2 != nil {
				t.Fatal(err2)
			}
			if err := flow.CheckInfeasible(ex.Network, ie.Cut); err != nil {
				t.Fatal(err)
			}
			if len(b.all()) > 0 {
				t.Fatalf("infeasible, but brute force finds an allocation: %v", ie)
			}
		case err != nil:
			t.Fatal(err)
		default:
			verifyOptimal(t, inst, r, o)
		}
	})
}
