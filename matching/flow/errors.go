package flow

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors for the outcomes callers branch on. Solve returns them
// wrapped in a typed error that carries the evidence; use errors.Is to branch
// and errors.As to read the evidence.
var (
	// ErrInfeasible: no flow meets every bound and supply. Wrapped by *InfeasibleError.
	ErrInfeasible = errors.New("flow: infeasible")
	// ErrUnbounded: the cost can be made arbitrarily small along a cycle of
	// arcs of Infinite capacity. Wrapped by *UnboundedError.
	ErrUnbounded = errors.New("flow: unbounded")
	// ErrOverflow: a quantity (cost, potential, objective, supply total)
	// would leave the documented int64 range. Never silent.
	ErrOverflow = errors.New("flow: integer overflow")
)

// InfeasibleError diagnoses an infeasible network with a cut: a set of nodes
// whose requirement cannot be met across its boundary (Hoffman's condition).
//
// When Surplus is false, the nodes in Cut together demand more than the arcs
// entering Cut can bring:
//
//	Shortfall = −Σ_{v∈Cut} supply(v) − Σ_{a into Cut} cap(a) + Σ_{a out of Cut} low(a) > 0.
//
// When Surplus is true (total supply exceeds total demand, or supply is
// trapped), the nodes in Cut must send out more than the arcs leaving Cut can
// carry:
//
//	Shortfall = Σ_{v∈Cut} supply(v) − Σ_{a out of Cut} cap(a) + Σ_{a into Cut} low(a) > 0.
//
// CheckInfeasible verifies the identity from the network alone.
type InfeasibleError struct {
	Cut       []int    // node indices, ascending
	Names     []string // Names[i] is the network's name for Cut[i]
	Shortfall int64    // > 0
	Surplus   bool
}

func (e *InfeasibleError) Error() string {
	var b strings.Builder
	b.WriteString("flow: infeasible: ")
	const show = 10
	if e.Surplus {
		fmt.Fprintf(&b, "%d node(s) must send %d more unit(s) than the arcs leaving them can carry: ", len(e.Cut), e.Shortfall)
	} else {
		fmt.Fprintf(&b, "%d node(s) demand %d more unit(s) than the arcs entering them can bring: ", len(e.Cut), e.Shortfall)
	}
	b.WriteByte('{')
	for i, name := range e.Names {
		if i == show {
			fmt.Fprintf(&b, ", ... %d more", len(e.Names)-show)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
	}
	b.WriteByte('}')
	return b.String()
}

// Unwrap returns ErrInfeasible.
func (e *InfeasibleError) Unwrap() error { return ErrInfeasible }

// UnboundedError reports a directed cycle of arcs of Infinite capacity whose
// total cost is negative, in a network that has a feasible flow: pushing more
// flow around it lowers the cost without limit. CheckUnbounded verifies it.
type UnboundedError struct {
	Cycle []int    // arc indices, each arc's head is the next arc's tail (cyclically)
	Names []string // Names[i] is the name of the tail of Cycle[i]
	Cost  int64    // total cost of the cycle, < 0
}

func (e *UnboundedError) Error() string {
	return fmt.Sprintf("flow: unbounded: cycle of infinite capacity and cost %d through %s",
		e.Cost, strings.Join(e.Names, " -> "))
}

// Unwrap returns ErrUnbounded.
func (e *UnboundedError) Unwrap() error { return ErrUnbounded }

// ParseError reports bad DIMACS input with its 1-based line number.
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("flow: dimacs line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }
