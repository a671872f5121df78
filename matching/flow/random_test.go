package flow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// randomNetwork returns a small random network: parallel arcs, self-loops,
// lower bounds, negative costs and Infinite capacities all occur. Half the
// time the supplies come from a random flow (so a feasible flow exists), half
// the time they are random (often infeasible, sometimes unbalanced).
func randomNetwork(rng *rand.Rand, maxNodes, maxArcs int) *Network {
	n := 1 + rng.IntN(maxNodes)
	m := rng.IntN(maxArcs + 1)
	net := NewNetwork(n)
	fromFlow := rng.IntN(2) == 0
	supply := make([]int64, n)
	for range m {
		u, v := rng.IntN(n), rng.IntN(n)
		if u == v && rng.IntN(3) != 0 {
			v = (u + 1) % n
		}
		var low int64
		if rng.IntN(3) == 0 {
			low = rng.Int64N(3)
		}
		capa := low + rng.Int64N(5)
		if rng.IntN(7) == 0 {
			capa = Infinite
		}
		cost := rng.Int64N(14) - 4
		if _, err := net.AddArc(u, v, low, capa, cost); err != nil {
			panic(err)
		}
		if fromFlow {
			hi := capa
			if hi == Infinite {
				hi = low + 4
			}
			x := low + rng.Int64N(hi-low+1)
			supply[u] += x
			supply[v] -= x
		}
	}
	if !fromFlow {
		var sum int64
		for v := range supply {
			supply[v] = rng.Int64N(7) - 3
			sum += supply[v]
		}
		if rng.IntN(5) != 0 {
			supply[n-1] -= sum // balanced
		}
	}
	for v, s := range supply {
		net.SetSupply(v, s)
	}
	return net
}

type lpStatus int

const (
	lpOptimal lpStatus = iota
	lpInfeasible
	lpUnbounded
)

// lpReference solves net with gonum's simplex (float64, standard form
// min cᵀx, Ax = b, x ≥ 0). Variables: x'_a = flow − low for every arc, plus a
// slack per finite capacity (x'_a + s_a = cap − low). One conservation row per
// node, less one per weakly connected component (they are dependent); a
// component whose supplies do not sum to zero is infeasible outright.
func lpReference(t *testing.T, net *Network) (lpStatus, float64) {
	n, m := net.NumNodes(), net.NumArcs()
	b := make([]float64, n)
	constant := 0.0
	comp := make([]int, n)
	for i := range comp {
		comp[i] = i
	}
	find := func(x int) int {
		for comp[x] != x {
			comp[x] = comp[comp[x]]
			x = comp[x]
		}
		return x
	}
	for v := 0; v < n; v++ {
		b[v] = float64(net.Supply(v))
	}
	type col struct {
		arc   int
		slack bool
	}
	var cols []col
	var bounds []int // arcs with a finite bound row
	negInfLoop := false
	for a := 0; a < m; a++ {
		from, to, low, capa, cost := net.Arc(a)
		b[from] -= float64(low)
		b[to] += float64(low)
		constant += float64(low * cost)
		if from == to && capa == Infinite {
			if cost < 0 {
				negInfLoop = true
			}
			continue // zero column; optimal x' = 0 unless unbounded
		}
		if from != to {
			comp[find(from)] = find(to)
		}
		cols = append(cols, col{arc: a})
		if capa != Infinite {
			bounds = append(bounds, a)
		}
	}
	for _, a := range bounds {
		cols = append(cols, col{arc: a, slack: true})
	}
	// Component sums.
	sum := map[int]float64{}
	dropped := map[int]bool{}
	rowOf := make([]int, n)
	rows := 0
	for v := 0; v < n; v++ {
		r := find(v)
		sum[r] += b[v]
		if !dropped[r] {
			dropped[r] = true
			rowOf[v] = -1
			continue
		}
		rowOf[v] = rows
		rows++
	}
	for _, s := range sum {
		if s != 0 {
			return lpInfeasible, 0
		}
	}
	boundRow := map[int]int{}
	for _, a := range bounds {
		boundRow[a] = rows
		rows++
	}
	if rows == 0 {
		if negInfLoop {
			return lpUnbounded, 0
		}
		return lpOptimal, constant
	}
	A := mat.NewDense(rows, len(cols), nil)
	rhs := make([]float64, rows)
	c := make([]float64, len(cols))
	for v := 0; v < n; v++ {
		if rowOf[v] >= 0 {
			rhs[rowOf[v]] = b[v]
		}
	}
	for j, cl := range cols {
		from, to, low, capa, cost := net.Arc(cl.arc)
		if cl.slack {
			A.Set(boundRow[cl.arc], j, 1)
			continue
		}
		c[j] = float64(cost)
		if rowOf[from] >= 0 {
			A.Set(rowOf[from], j, A.At(rowOf[from], j)+1)
		}
		if rowOf[to] >= 0 {
			A.Set(rowOf[to], j, A.At(rowOf[to], j)-1)
		}
		if capa != Infinite {
			A.Set(boundRow[cl.arc], j, 1)
			rhs[boundRow[cl.arc]] = float64(capa - low)
		}
	}
	opt, _, err := lp.Simplex(c, A, rhs, 1e-10, nil)
	switch {
	case errors.Is(err, lp.ErrInfeasible):
		return lpInfeasible, 0
	case errors.Is(err, lp.ErrUnbounded):
		return lpUnbounded, 0
	case err != nil:
		t.Fatalf("lp.Simplex: %v", err)
	}
	if negInfLoop {
		return lpUnbounded, 0
	}
	return lpOptimal, opt + constant
}

// bruteForce enumerates every integral flow of a tiny network with finite
// capacities and returns the least cost, or ok false if none is feasible.
func bruteForce(net *Network) (best int64, ok bool) {
	n, m := net.NumNodes(), net.NumArcs()
	x := make([]int64, m)
	var rec func(a int)
	rec = func(a int) {
		if a == m {
			bal := make([]int64, n)
			var c int64
			for i := 0; i < m; i++ {
				from, to, _, _, cost := net.Arc(i)
				bal[from] += x[i]
				bal[to] -= x[i]
				c += x[i] * cost
			}
			for v := 0; v < n; v++ {
				if bal[v] != net.Supply(v) {
					return
				}
			}
			if !ok || c < best {
				best, ok = c, true
			}
			return
		}
		_, _, low, capa, _ := net.Arc(a)
		for f := low; f <= capa; f++ {
			x[a] = f
			rec(a + 1)
		}
	}
	rec(0)
	return best, ok
}

// verifySolve solves net with both algorithms and checks whatever comes back
// with the independent checkers. It returns the outcome and the cost.
func verifySolve(t *testing.T, net *Network) (lpStatus, int64) {
	t.Helper()
	before := net.Clone()
	var status lpStatus
	var cost int64
	for i, alg := range []Algorithm{PrimalDual, SuccessiveShortestPaths} {
		res, err := Solve(context.Background(), net, &Options{Algorithm: alg})
		var st lpStatus
		var ie *InfeasibleError
		var ue *UnboundedError
		switch {
		case err == nil:
			require.NoError(t, Check(net, res))
			st = lpOptimal
			// Deterministic: a second run gives the same result.
			again, err := Solve(context.Background(), net, &Options{Algorithm: alg})
			require.NoError(t, err)
			if diff := cmp.Diff(res, again); diff != "" {
				t.Fatalf("nondeterministic result (-first +second):\n%s", diff)
			}
		case errors.As(err, &ie):
			require.ErrorIs(t, err, ErrInfeasible)
			require.NoError(t, CheckInfeasible(net, ie), "diagnosis %v", ie)
			st = lpInfeasible
		case errors.As(err, &ue):
			require.ErrorIs(t, err, ErrUnbounded)
			require.NoError(t, CheckUnbounded(net, ue))
			st = lpUnbounded
		default:
			t.Fatalf("unexpected error: %v", err)
		}
		if i == 0 {
			status = st
			if res != nil {
				cost = res.Cost
			}
		} else {
			require.Equal(t, status, st, "algorithms disagree on the outcome")
			if res != nil {
				require.Equal(t, cost, res.Cost, "algorithms disagree on the optimum")
			}
		}
	}
	require.True(t, reflect.DeepEqual(before, net), "Solve modified its input")
	return status, cost
}

func TestRandomAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	count := map[lpStatus]int{}
	for i := range 4000 {
		net := randomNetwork(rng, 7, 12)
		var scale int64 = 1
		reference := net
		if i%4 == 2 {
			// Amounts beyond int32 (the solver's int64 residual path). The
			// float LP is not exact at that size: compare with k times the
			// LP optimum of the unscaled network (scaling every amount by k
			// scales the optimum by k; network matrices are unimodular).
			reference = net.Clone()
			scale = 1 << 32
			scaleAmounts(net, scale)
		}
		if i%4 == 3 {
			// Costs beyond int32 (the solver's int64 cost path, and its
			// heap above the Dial buckets); still exact in float64.
			for a := range net.NumArcs() {
				net.setCost(a, net.costAt(a)<<33)
			}
			net.summarize()
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			status, cost := verifySolve(t, net)
			wantStatus, want := lpReference(t, reference)
			want *= float64(scale)
			require.Equal(t, wantStatus, status, "status vs LP")
			if status == lpOptimal {
				// The LP works in float64: round its optimum, then compare exactly.
				require.Equal(t, float64(cost), math.Round(want), "cost %d vs LP %v", cost, want)
			}
			count[status]++
		})
		if t.Failed() {
			var buf bytes.Buffer
			_ = WriteDIMACS(&buf, net)
			t.Fatalf("failing network:\n%s", buf.String())
		}
	}
	t.Logf("outcomes: %d optimal, %d infeasible, %d unbounded", count[lpOptimal], count[lpInfeasible], count[lpUnbounded])
	// The generator must exercise every outcome, or this test proves little.
	for _, s := range []lpStatus{lpOptimal, lpInfeasible, lpUnbounded} {
		require.Greater(t, count[s], 100, "too few instances with outcome %d", s)
	}
}

func TestRandomAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	done := 0
	for done < 2000 {
		net := randomNetwork(rng, 4, 5)
		finite := true
		for a := 0; a < net.NumArcs(); a++ {
			if _, _, _, c, _ := net.Arc(a); c == Infinite {
				finite = false
			}
		}
		if !finite {
			continue
		}
		done++
		status, cost := verifySolve(t, net)
		want, ok := bruteForce(net)
		if !ok {
			require.Equal(t, lpInfeasible, status)
			continue
		}
		require.Equal(t, lpOptimal, status)
		require.Equal(t, want, cost)
	}
}

// Larger random networks: no reference optimum, but every certificate must
// hold, and both algorithms must agree.
func TestRandomLargerCertified(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for range 300 {
		net := randomNetwork(rng, 40, 200)
		verifySolve(t, net)
	}
}

// scaleAmounts multiplies every lower bound, finite capacity and supply by k.
func scaleAmounts(net *Network, k int64) {
	for a := range net.NumArcs() {
		if q := net.capAt(a); q != Infinite {
			net.setCap(a, q*k)
		}
		if net.low != nil && a >= net.lowFrom {
			net.low[a-net.lowFrom] *= k
		}
	}
	for v := range net.supply {
		net.supply[v] *= k
	}
	net.summarize()
}

// TestRandomWideValues solves random networks with their costs scaled into
// the hundreds (the Dial buckets then grow, forwards and backwards) and
// past int32 (costs stored as int64), and their amounts past int32
// (residual capacities as int64), with and without little free space in
// the admissible graph (compactions): every certificate must hold, both
// algorithms must agree, and solving must be deterministic.
func TestRandomWideValues(t *testing.T) {
	defer func(m int) { zeroFreeMin = m }(zeroFreeMin)
	rng := rand.New(rand.NewPCG(5, 8))
	for i := range 400 {
		net := randomNetwork(rng, 30, 120)
		// Costs ×150 with amounts ×1 or ×2^32, or costs ×2^33 (with
		// amounts ×2^32 the objective itself would pass int64).
		k := []int64{150, 150, 1 << 33}[i%3]
		for a := range net.NumArcs() {
			net.setCost(a, net.costAt(a)*k)
		}
		if i%3 == 1 {
			scaleAmounts(net, 1<<32)
		}
		net.summarize()
		zeroFreeMin = 64 * (i / 3 % 2)
		verifySolve(t, net)
	}
}
