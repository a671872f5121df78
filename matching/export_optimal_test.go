package matching

// SetMaxPhaseWeight lowers the weight bound of one phase of SolveOptimal
// (1 puts every criterion in a phase of its own) and returns a function
// that restores it. Tests that call it must not run in parallel.
func SetMaxPhaseWeight(w uint64) (restore func()) {
	old := maxPhaseWeight
	maxPhaseWeight = w
	return func() { maxPhaseWeight = old }
}
