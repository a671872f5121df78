package flow

// The certificate checker. It shares no code with the solver: it reads the
// network through its exported accessors and does all its arithmetic in
// 128-bit integers, so it cannot overflow and does not trust any bound the
// solver relies on.

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// ViolationKind names what a Violation breaks.
type ViolationKind int

const (
	// ShapeViolation: Flow or Potential has the wrong length.
	ShapeViolation ViolationKind = iota + 1
	// BoundViolation: an arc's flow is below its lower bound or above its capacity.
	BoundViolation
	// ConservationViolation: at a node, outflow − inflow ≠ supply.
	ConservationViolation
	// SlacknessViolation: an arc with positive reduced cost carries more than
	// its lower bound, or one with negative reduced cost less than its capacity.
	SlacknessViolation
	// ObjectiveViolation: Result.Cost differs from Σ flow·cost.
	ObjectiveViolation
)

func (k ViolationKind) String() string {
	switch k {
	case ShapeViolation:
		return "shape"
	case BoundViolation:
		return "bound"
	case ConservationViolation:
		return "conservation"
	case SlacknessViolation:
		return "complementary slackness"
	case ObjectiveViolation:
		return "objective"
	}
	return fmt.Sprintf("ViolationKind(%d)", int(k))
}

// Violation is one failed condition of the certificate.
type Violation struct {
	Kind   ViolationKind
	Arc    int // arc index, or -1
	Node   int // node index, or -1
	Detail string
}

func (v Violation) String() string { return v.Kind.String() + ": " + v.Detail }

// CertificateError lists the violations Check found (at most MaxViolations
// are kept; Total counts them all).
type CertificateError struct {
	Violations []Violation
	Total      int
}

// MaxViolations is the most violations a CertificateError keeps.
const MaxViolations = 100

func (e *CertificateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "flow: certificate rejected: %d violation(s)", e.Total)
	for i, v := range e.Violations {
		if i == 5 {
			b.WriteString("; ...")
			break
		}
		b.WriteString("; ")
		b.WriteString(v.String())
	}
	return b.String()
}

// Check verifies that res is an optimal flow of net, without trusting the
// solver that produced it: every flow within its bounds, conservation at every
// node, complementary slackness of the flow with res.Potential (an arc whose
// reduced cost cost + Potential[from] − Potential[to] is positive carries its
// lower bound, one whose reduced cost is negative carries its capacity), and
// res.Cost equal to Σ flow·cost. By linear-programming duality these prove
// the flow optimal. It returns nil or a *CertificateError describing each
// violation. O(n + m); exact (128-bit) arithmetic.
func Check(net *Network, res *Result) error {
	var ce CertificateError
	add := func(v Violation) {
		ce.Total++
		if len(ce.Violations) < MaxViolations {
			ce.Violations = append(ce.Violations, v)
		}
	}
	n, m := net.NumNodes(), net.NumArcs()
	if res == nil {
		return errors.New("flow: certificate rejected: nil result")
	}
	if len(res.Flow) != m || len(res.Potential) != n {
		add(Violation{ShapeViolation, -1, -1, fmt.Sprintf("got %d flows and %d potentials for %d arcs and %d nodes",
			len(res.Flow), len(res.Potential), m, n)})
		return &ce
	}
	balance := make([]i128, n) // outflow − inflow − supply
	for v := 0; v < n; v++ {
		balance[v] = i128of(net.Supply(v)).neg()
	}
	var obj i128
	objOverflow := false
	for a := 0; a < m; a++ {
		from, to, low, capa, cost := net.Arc(a)
		x := res.Flow[a]
		if x < low || x > capa || (capa == Infinite && x == Infinite) {
			add(Violation{BoundViolation, a, -1, fmt.Sprintf("arc %d (%s->%s): flow %d outside [%d, %s]",
				a, net.Name(from), net.Name(to), x, low, capString(capa))})
		}
		balance[from] = balance[from].add(i128of(x))
		balance[to] = balance[to].sub(i128of(x))
		p := mul128(x, cost)
		next := obj.add(p)
		if obj.sign() == p.sign() && next.sign() != p.sign() && p.sign() != 0 {
			objOverflow = true
		}
		obj = next
		rc := i128of(cost).add(i128of(res.Potential[from])).sub(i128of(res.Potential[to]))
		switch s := rc.sign(); {
		case s > 0 && x != low:
			add(Violation{SlacknessViolation, a, -1, fmt.Sprintf("arc %d (%s->%s): reduced cost %s > 0 but flow %d ≠ lower bound %d",
				a, net.Name(from), net.Name(to), rc, x, low)})
		case s < 0 && x != capa:
			add(Violation{SlacknessViolation, a, -1, fmt.Sprintf("arc %d (%s->%s): reduced cost %s < 0 but flow %d ≠ capacity %s",
				a, net.Name(from), net.Name(to), rc, x, capString(capa))})
		}
	}
	for v := 0; v < n; v++ {
		if !balance[v].isZero() {
			add(Violation{ConservationViolation, -1, v, fmt.Sprintf("node %s: outflow − inflow − supply = %s, want 0",
				net.Name(v), balance[v])})
		}
	}
	if objOverflow {
		add(Violation{ObjectiveViolation, -1, -1, "Σ flow·cost exceeds 128 bits"})
	} else if obj != i128of(res.Cost) {
		add(Violation{ObjectiveViolation, -1, -1, fmt.Sprintf("cost %d, but Σ flow·cost = %s", res.Cost, obj)})
	}
	if ce.Total > 0 {
		return &ce
	}
	return nil
}

// CheckInfeasible verifies an infeasibility diagnosis against net: that the
// cut's nodes are valid and distinct, that Names match them, and that the
// Hoffman deficit described on InfeasibleError equals Shortfall and is
// positive, which proves that no feasible flow exists. O(n + m).
func CheckInfeasible(net *Network, ie *InfeasibleError) error {
	if ie == nil {
		return errors.New("flow: infeasibility certificate is nil")
	}
	n := net.NumNodes()
	in := make([]bool, n)
	if len(ie.Names) != len(ie.Cut) {
		return fmt.Errorf("flow: infeasibility certificate: %d names for %d nodes", len(ie.Names), len(ie.Cut))
	}
	for i, v := range ie.Cut {
		if v < 0 || v >= n {
			return fmt.Errorf("flow: infeasibility certificate: node %d out of range", v)
		}
		if in[v] {
			return fmt.Errorf("flow: infeasibility certificate: node %d twice", v)
		}
		in[v] = true
		if ie.Names[i] != net.Name(v) {
			return fmt.Errorf("flow: infeasibility certificate: name %q for node %s", ie.Names[i], net.Name(v))
		}
	}
	// deficit = need − capacity across the boundary, oriented by Surplus.
	var need, capIn, lowOut i128
	infinite := false
	for _, v := range ie.Cut {
		s := i128of(net.Supply(v))
		if ie.Surplus {
			need = need.add(s)
		} else {
			need = need.sub(s)
		}
	}
	for a := 0; a < net.NumArcs(); a++ {
		from, to, low, capa, _ := net.Arc(a)
		entering := !in[from] && in[to]
		leaving := in[from] && !in[to]
		if ie.Surplus {
			entering, leaving = leaving, entering
		}
		switch {
		case entering:
			if capa == Infinite {
				infinite = true
			}
			capIn = capIn.add(i128of(capa))
		case leaving:
			lowOut = lowOut.add(i128of(low))
		}
	}
	if infinite {
		return errors.New("flow: infeasibility certificate: an arc of infinite capacity crosses the cut")
	}
	deficit := need.sub(capIn).add(lowOut)
	if deficit != i128of(ie.Shortfall) {
		return fmt.Errorf("flow: infeasibility certificate: shortfall %d, but the cut's deficit is %s", ie.Shortfall, deficit)
	}
	if deficit.sign() <= 0 {
		return fmt.Errorf("flow: infeasibility certificate: deficit %s is not positive", deficit)
	}
	return nil
}

// CheckUnbounded verifies an unboundedness certificate: Cycle is a closed
// directed walk of arcs of Infinite capacity whose costs sum to Cost < 0.
// (That a feasible flow exists is not part of this check; Solve establishes
// it before reporting unboundedness.) O(len(Cycle)).
func CheckUnbounded(net *Network, ue *UnboundedError) error {
	if ue == nil || len(ue.Cycle) == 0 {
		return errors.New("flow: unboundedness certificate: empty cycle")
	}
	var total i128
	m := net.NumArcs()
	for i, a := range ue.Cycle {
		if a < 0 || a >= m {
			return fmt.Errorf("flow: unboundedness certificate: arc %d out of range", a)
		}
		_, to, _, capa, cost := net.Arc(a)
		if capa != Infinite {
			return fmt.Errorf("flow: unboundedness certificate: arc %d has finite capacity %d", a, capa)
		}
		nextFrom, _, _, _, _ := net.Arc(ue.Cycle[(i+1)%len(ue.Cycle)])
		if nextFrom != to {
			return fmt.Errorf("flow: unboundedness certificate: arc %d does not lead to the tail of the next arc", a)
		}
		total = total.add(i128of(cost))
	}
	if total != i128of(ue.Cost) {
		return fmt.Errorf("flow: unboundedness certificate: cost %d, but the arcs sum to %s", ue.Cost, total)
	}
	if total.sign() >= 0 {
		return fmt.Errorf("flow: unboundedness certificate: cycle cost %s is not negative", total)
	}
	return nil
}

func capString(c int64) string {
	if c == Infinite {
		return "inf"
	}
	return fmt.Sprint(c)
}

// i128 is a two's-complement 128-bit integer. Sums of up to 2^64 int64
// values cannot overflow it; the objective, a sum of products, is checked.
type i128 struct{ hi, lo uint64 }

func i128of(x int64) i128 {
	if x < 0 {
		return i128{hi: ^uint64(0), lo: uint64(x)}
	}
	return i128{lo: uint64(x)}
}

func (a i128) add(b i128) i128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return i128{hi, lo}
}

func (a i128) neg() i128 {
	lo, b := bits.Sub64(0, a.lo, 0)
	hi, _ := bits.Sub64(0, a.hi, b)
	return i128{hi, lo}
}

func (a i128) sub(b i128) i128 { return a.add(b.neg()) }

func (a i128) sign() int {
	switch {
	case int64(a.hi) < 0:
		return -1
	case a.hi == 0 && a.lo == 0:
		return 0
	}
	return 1
}

func (a i128) isZero() bool { return a.hi == 0 && a.lo == 0 }

func mul128(x, y int64) i128 {
	negative := (x < 0) != (y < 0)
	ux, uy := uint64(x), uint64(y)
	if x < 0 {
		ux = uint64(-x)
	}
	if y < 0 {
		uy = uint64(-y)
	}
	hi, lo := bits.Mul64(ux, uy)
	p := i128{hi, lo}
	if negative {
		p = p.neg()
	}
	return p
}

func (a i128) String() string {
	if a.hi == 0 && a.lo < 1<<63 {
		return fmt.Sprint(int64(a.lo))
	}
	if a.hi == ^uint64(0) && a.lo >= 1<<63 {
		return fmt.Sprint(int64(a.lo))
	}
	if a.sign() < 0 {
		return "-" + a.neg().String()
	}
	// Large positive: print in hex to stay exact and simple.
	return fmt.Sprintf("0x%x%016x", a.hi, a.lo)
}
