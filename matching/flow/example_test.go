package flow_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/placement-engine/placement/matching/flow"
)

// Two students, two positions of one seat each; Wang prefers A, Li prefers A
// too but accepts B. Each student may stay unplaced at cost 3.
func ExampleSolve() {
	const (
		li, wang, posA, posB, sink = 0, 1, 2, 3, 4
	)
	net := flow.NewNetwork(5)
	for v, name := range []string{"Li", "Wang", "A", "B", "sink"} {
		net.SetName(v, name)
	}
	net.SetSupply(li, 1)
	net.SetSupply(wang, 1)
	net.SetSupply(sink, -2)
	add := func(from, to int, capacity, cost int64) {
		if _, err := net.AddArc(from, to, 0, capacity, cost); err != nil {
			panic(err)
		}
	}
	add(li, posA, 1, 1)   // Li's first choice
	add(li, posB, 1, 2)   // Li's second choice
	add(wang, posA, 1, 1) // Wang's only choice
	add(li, sink, 1, 3)   // unplaced
	add(wang, sink, 1, 3) // unplaced
	add(posA, sink, 1, 0) // one seat
	add(posB, sink, 1, 0) // one seat

	res, err := flow.Solve(context.Background(), net, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("cost:", res.Cost)
	for a, x := range res.Flow {
		from, to, _, _, cost := net.Arc(a)
		if x > 0 && cost > 0 && cost < 3 {
			fmt.Printf("%s -> %s (rank %d)\n", net.Name(from), net.Name(to), cost)
		}
	}
	fmt.Println("certificate:", flow.Check(net, res))
	// Output:
	// cost: 3
	// Li -> B (rank 2)
	// Wang -> A (rank 1)
	// certificate: <nil>
}

// An infeasible network comes with a cut that proves it.
func ExampleInfeasibleError() {
	net := flow.NewNetwork(3)
	net.SetName(0, "students")
	net.SetName(1, "firm")
	net.SetName(2, "sink")
	net.SetSupply(0, 10)
	net.SetSupply(2, -10)
	_, _ = net.AddArc(0, 1, 0, 10, 1)
	_, _ = net.AddArc(1, 2, 0, 6, 0) // only 6 seats, everyone must be placed
	_, err := flow.Solve(context.Background(), net, nil)
	var ie *flow.InfeasibleError
	if errors.As(err, &ie) {
		fmt.Println(err)
		fmt.Println("cut:", ie.Names, "shortfall:", ie.Shortfall)
		fmt.Println("verified:", flow.CheckInfeasible(net, ie) == nil)
	}
	// Output:
	// flow: infeasible: 1 node(s) demand 4 more unit(s) than the arcs entering them can bring: {sink}
	// cut: [sink] shortfall: 4
	// verified: true
}

// Read a DIMACS problem, solve it, and print the solution lines.
func ExampleWriteSolution() {
	in := `c two paths from 1 to 3
p min 3 3
n 1 4
n 3 -4
a 1 2 0 3 1
a 2 3 1 5 1
a 1 3 0 9 5
`
	net, err := flow.ReadDIMACS(strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	res, err := flow.Solve(context.Background(), net, nil)
	if err != nil {
		panic(err)
	}
	if err := flow.WriteSolution(os.Stdout, net, res, true); err != nil {
		panic(err)
	}
	// Output:
	// s 11
	// f 1 2 3
	// f 2 3 3
	// f 1 3 1
}

// Any solution can be checked without trusting the solver.
func ExampleCheck() {
	net := flow.NewNetwork(2)
	net.SetSupply(0, 2)
	net.SetSupply(1, -2)
	_, _ = net.AddArc(0, 1, 0, 5, 3)
	claimed := &flow.Result{Flow: []int64{2}, Cost: 5, Potential: []int64{0, 3}}
	fmt.Println(flow.Check(net, claimed))
	// Output:
	// flow: certificate rejected: 1 violation(s); objective: cost 5, but Σ flow·cost = 6
}

// ReadDIMACS reports bad input with its line number.
func ExampleReadDIMACS() {
	_, err := flow.ReadDIMACS(strings.NewReader("p min 2 1\na 1 3 0 1 1\n"))
	fmt.Println(err)
	var pe *flow.ParseError
	fmt.Println(errors.As(err, &pe), pe.Line)
	// Output:
	// flow: dimacs line 2: arc head: 3 out of range 1..2
	// true 2
}

// A cycle of unlimited capacity and negative total cost makes the problem
// unbounded; the cycle is reported and can be checked.
func ExampleUnboundedError() {
	net := flow.NewNetwork(2)
	_, _ = net.AddArc(0, 1, 0, flow.Infinite, -3)
	_, _ = net.AddArc(1, 0, 0, flow.Infinite, 1)
	_, err := flow.Solve(context.Background(), net, nil)
	var ue *flow.UnboundedError
	if errors.As(err, &ue) {
		fmt.Println(err)
		fmt.Println("arcs:", ue.Cycle, "verified:", flow.CheckUnbounded(net, ue) == nil)
	}
	// Output:
	// flow: unbounded: cycle of infinite capacity and cost -2 through 1 -> 2
	// arcs: [0 1] verified: true
}

// WriteDIMACS writes a network in the format ReadDIMACS reads.
func ExampleWriteDIMACS() {
	net := flow.NewNetwork(3)
	net.SetSupply(0, 2)
	net.SetSupply(2, -2)
	_, _ = net.AddArc(0, 1, 1, 2, 4)
	_, _ = net.AddArc(1, 2, 0, flow.Infinite, 0)
	if err := flow.WriteDIMACS(os.Stdout, net); err != nil {
		panic(err)
	}
	// Output:
	// p min 3 2
	// n 1 2
	// n 3 -2
	// a 1 2 1 2 4
	// a 2 3 0 9223372036854775807 0
}

// A student's options in one call: arcs of capacity 1 to each position, at
// the cost of its rank. A batch with a bad head adds nothing.
func ExampleNetwork_AddUnitArcs() {
	const li, posA, posB, posC = 0, 1, 2, 3
	net := flow.NewNetwork(4)
	net.Grow(3)
	first, err := net.AddUnitArcs(li, []int32{posB, posA, posC}, []int64{1, 2, 3})
	fmt.Println(first, net.NumArcs(), err)
	_, err = net.AddUnitArcs(li, []int32{posA, 7}, []int64{1, 2})
	fmt.Println(net.NumArcs(), err)
	// Output:
	// 0 3 <nil>
	// 3 flow: arc head 7 out of range [0, 4)
}
