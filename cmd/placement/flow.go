package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/placement-engine/placement/matching/flow"
)

// flowCmd is "placement flow [-flows] FILE.min": solve any DIMACS min-cost
// flow file and print the solution in DIMACS form ("s COST", then with
// -flows an "f FROM TO FLOW" line for every arc carrying flow). The
// solution's optimality certificate is checked before it is printed. An
// infeasible or unbounded network gets its diagnosis on stderr (the cut that
// cannot be supplied, or the negative cycle), itself checked, and exit code
// 3.
func flowCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("flow", stderr)
	withFlows := fs.Bool("flows", false, "also print an \"f FROM TO FLOW\" line for every arc carrying flow")
	ensureLang(fs) // flow prints DIMACS; -lang words its usage
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintf(stderr, "placement flow: %v\n", err)
		return exitUsage
	}
	net, err := flow.ReadDIMACS(bufio.NewReaderSize(f, 1<<16))
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "placement flow: %s: %v\n", name, err)
		return exitUsage
	}
	res, err := flow.Solve(cmdCtx, net, nil)
	var ie *flow.InfeasibleError
	var ue *flow.UnboundedError
	switch {
	case errors.As(err, &ie):
		if cerr := flow.CheckInfeasible(net, ie); cerr != nil {
			fmt.Fprintf(stderr, "placement flow: %s: the infeasibility diagnosis does not check: %v\n", name, cerr)
			return exitFindings
		}
		fmt.Fprintln(stdout, "s INFEASIBLE")
		fmt.Fprintf(stderr, "placement flow: %s: %v\n", name, err)
		return exitNoFlow
	case errors.As(err, &ue):
		if cerr := flow.CheckUnbounded(net, ue); cerr != nil {
			fmt.Fprintf(stderr, "placement flow: %s: the unboundedness diagnosis does not check: %v\n", name, cerr)
			return exitFindings
		}
		fmt.Fprintln(stdout, "s UNBOUNDED")
		fmt.Fprintf(stderr, "placement flow: %s: %v\n", name, err)
		return exitNoFlow
	case err != nil:
		fmt.Fprintf(stderr, "placement flow: %s: %v\n", name, err)
		return exitUsage
	}
	if err := flow.Check(net, res); err != nil {
		fmt.Fprintf(stderr, "placement flow: %s: the solution's certificate does not check: %v\n", name, err)
		return exitFindings
	}
	w := bufio.NewWriter(stdout)
	if err := flow.WriteSolution(w, net, res, *withFlows); err != nil {
		fmt.Fprintf(stderr, "placement flow: %v\n", err)
		return exitUsage
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "placement flow: %v\n", err)
		return exitUsage
	}
	return exitOK
}
