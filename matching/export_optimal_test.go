package matching

import (
	"context"
	"slices"
)

// SetMaxPhaseWeight lowers the weight bound of one phase of SolveOptimal
// (1 puts every criterion in a phase of its own) and returns a function
// that restores it. Tests that call it must not run in parallel.
func SetMaxPhaseWeight(w uint64) (restore func()) {
	old := maxPhaseWeight
	maxPhaseWeight = w
	return func() { maxPhaseWeight = old }
}

// SetTermwiseCosts has the optimal allocation sum each pair's cost
// criterion by criterion instead of reading the per-rank table, and
// returns a function that restores it. Tests that call it must not run in
// parallel.
func SetTermwiseCosts() (restore func()) {
	termwiseCosts = true
	return func() { termwiseCosts = false }
}

// PoolCost returns the cost of the pool arc in the first phase of obj's
// network for inst.
func PoolCost(ctx context.Context, inst *Instance, obj Objective) (int64, error) {
	l, err := newLayout(ctx, inst)
	if err != nil {
		return 0, err
	}
	crit := objectiveCriteria(inst, l, obj)
	pc, err := newPhaseCosts(crit, planPhases(crit)[0])
	if err != nil {
		return 0, err
	}
	pc.fill(l)
	return pc.poolCost(l), nil
}

// OldCertificate returns cert as the network before the pool node would
// have had it: without the pool's potential.
func OldCertificate(ctx context.Context, inst *Instance, cert Certificate) (Certificate, error) {
	l, err := newLayout(ctx, inst)
	if err != nil {
		return Certificate{}, err
	}
	var out Certificate
	for _, ph := range cert.Phases {
		ph.Potentials = slices.Delete(slices.Clone(ph.Potentials), int(l.pool), int(l.pool)+1)
		out.Phases = append(out.Phases, ph)
	}
	return out, nil
}
