package flow

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"weak"

	"github.com/stretchr/testify/require"
)

// The checker must reject broken certificates, one kind of damage at a time.
func TestCheckRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	kinds := map[ViolationKind]int{}
	for tried := 0; tried < 400; tried++ {
		net := randomNetwork(rng, 8, 16)
		res, err := Solve(context.Background(), net, nil)
		if err != nil || net.NumArcs() == 0 {
			continue
		}
		require.NoError(t, Check(net, res))
		copyRes := func() *Result {
			return &Result{
				Flow:      append([]int64(nil), res.Flow...),
				Cost:      res.Cost,
				Potential: append([]int64(nil), res.Potential...),
			}
		}
		expect := func(bad *Result, want ViolationKind) {
			t.Helper()
			err := Check(net, bad)
			var ce *CertificateError
			require.True(t, errors.As(err, &ce), "damage not detected (want %v)", want)
			found := false
			for _, v := range ce.Violations {
				if v.Kind == want {
					found = true
				}
			}
			require.True(t, found, "want a %v violation, got %v", want, err)
			kinds[want]++
		}
		// Objective.
		bad := copyRes()
		bad.Cost++
		expect(bad, ObjectiveViolation)
		// One more unit on an arc: conservation breaks at its ends (unless
		// it is a self-loop), or the bound if it was at capacity.
		a := rng.IntN(net.NumArcs())
		from, to, _, capa, _ := net.Arc(a)
		bad = copyRes()
		bad.Flow[a]++
		if res.Flow[a] == capa {
			expect(bad, BoundViolation)
		} else if from != to {
			expect(bad, ConservationViolation)
		}
		// Potentials: make some arc's reduced cost wrong in sign.
		for b := 0; b < net.NumArcs(); b++ {
			from, to, low, capa, _ := net.Arc(b)
			if from == to || low == capa {
				continue
			}
			rc, ok := res.ReducedCost(net, b)
			require.True(t, ok)
			bad = copyRes()
			switch {
			case res.Flow[b] > low: // raise rc above zero
				bad.Potential[from] += 1 - min(rc, 0)
			case res.Flow[b] < capa: // lower rc below zero
				bad.Potential[to] += 1 + max(rc, 0)
			}
			expect(bad, SlacknessViolation)
			break
		}
		// Shape.
		bad = copyRes()
		bad.Flow = bad.Flow[:len(bad.Flow)-1]
		expect(bad, ShapeViolation)
	}
	for _, k := range []ViolationKind{ObjectiveViolation, BoundViolation, ConservationViolation, SlacknessViolation, ShapeViolation} {
		require.Greater(t, kinds[k], 10, "kind %v exercised too rarely", k)
	}
}

func TestCheckInfeasibleRejects(t *testing.T) {
	net := NewNetwork(3)
	net.SetSupply(0, 5)
	net.SetSupply(2, -5)
	_, err := net.AddArc(0, 1, 0, 3, 1)
	require.NoError(t, err)
	_, err = net.AddArc(1, 2, 0, 10, 1)
	require.NoError(t, err)
	_, err = Solve(context.Background(), net, nil)
	var ie *InfeasibleError
	require.True(t, errors.As(err, &ie))
	require.NoError(t, CheckInfeasible(net, ie))
	require.Equal(t, int64(2), ie.Shortfall)

	wrong := *ie
	wrong.Shortfall = 3
	require.Error(t, CheckInfeasible(net, &wrong))
	wrong = *ie
	wrong.Surplus = !wrong.Surplus
	require.Error(t, CheckInfeasible(net, &wrong))
	wrong = *ie
	wrong.Cut = append([]int(nil), ie.Cut...)
	wrong.Cut[0] = 99
	require.Error(t, CheckInfeasible(net, &wrong))
	require.Error(t, CheckInfeasible(net, nil))
}

func TestCheckUnboundedRejects(t *testing.T) {
	net := NewNetwork(2)
	_, _ = net.AddArc(0, 1, 0, Infinite, -2)
	_, _ = net.AddArc(1, 0, 0, Infinite, 1)
	_, _ = net.AddArc(1, 0, 0, 5, -10)
	_, err := Solve(context.Background(), net, nil)
	var ue *UnboundedError
	require.True(t, errors.As(err, &ue), "got %v", err)
	require.NoError(t, CheckUnbounded(net, ue))
	require.Equal(t, []int{0, 1}, ue.Cycle)
	require.Equal(t, int64(-1), ue.Cost)
	require.Error(t, CheckUnbounded(net, &UnboundedError{Cycle: []int{0, 2}, Cost: -12}), "finite arc")
	require.Error(t, CheckUnbounded(net, &UnboundedError{Cycle: []int{0}, Cost: -2}), "not closed")
	require.Error(t, CheckUnbounded(net, &UnboundedError{Cycle: []int{0, 1}, Cost: -5}), "wrong cost")
}

// An unbounded cycle in an infeasible network: infeasibility wins.
func TestUnboundedButInfeasible(t *testing.T) {
	net := NewNetwork(3)
	_, _ = net.AddArc(0, 1, 0, Infinite, -2)
	_, _ = net.AddArc(1, 0, 0, Infinite, 1)
	net.SetSupply(2, 1)
	_, err := Solve(context.Background(), net, nil)
	var ie *InfeasibleError
	require.True(t, errors.As(err, &ie), "got %v", err)
	require.True(t, ie.Surplus)
	require.NoError(t, CheckInfeasible(net, ie))
}

func TestNamesInDiagnosis(t *testing.T) {
	net := NewNetwork(3)
	net.SetName(0, "student Li")
	net.SetName(1, "position A")
	net.SetName(2, "sink")
	net.SetSupply(0, 1)
	net.SetSupply(2, -2)
	_, _ = net.AddArc(0, 1, 0, 1, 1)
	_, _ = net.AddArc(1, 2, 0, 1, 0)
	_, err := Solve(context.Background(), net, nil)
	var ie *InfeasibleError
	require.True(t, errors.As(err, &ie))
	require.NoError(t, CheckInfeasible(net, ie))
	require.Equal(t, int64(1), ie.Shortfall)
	require.Contains(t, ie.Names, "sink")
	require.Contains(t, err.Error(), "sink")
}

func TestOverflow(t *testing.T) {
	t.Run("objective", func(t *testing.T) {
		net := NewNetwork(2)
		net.SetSupply(0, 16)
		net.SetSupply(1, -16)
		_, err := net.AddArc(0, 1, 0, 16, MaxCost)
		require.NoError(t, err)
		_, err = Solve(context.Background(), net, nil)
		require.ErrorIs(t, err, ErrOverflow)
	})
	t.Run("supplies", func(t *testing.T) {
		net := NewNetwork(3)
		net.SetSupply(0, math.MaxInt64)
		net.SetSupply(1, math.MaxInt64)
		net.SetSupply(2, math.MinInt64)
		_, err := Solve(context.Background(), net, nil)
		require.ErrorIs(t, err, ErrOverflow)
	})
	t.Run("cost", func(t *testing.T) {
		net := NewNetwork(2)
		_, err := net.AddArc(0, 1, 0, 1, MaxCost+1)
		require.ErrorIs(t, err, ErrOverflow)
		_, err = net.AddArc(0, 1, 0, 1, -MaxCost-1)
		require.ErrorIs(t, err, ErrOverflow)
		require.Equal(t, 0, net.NumArcs())
	})
	t.Run("potentials", func(t *testing.T) {
		// A path of 8 arcs of cost MaxCost: distances reach 8·2^60.
		net := NewNetwork(9)
		for v := 0; v < 8; v++ {
			_, err := net.AddArc(v, v+1, 0, 1, MaxCost)
			require.NoError(t, err)
		}
		net.SetSupply(0, 1)
		net.SetSupply(8, -1)
		_, err := Solve(context.Background(), net, nil)
		require.ErrorIs(t, err, ErrOverflow)
	})
	t.Run("large but fine", func(t *testing.T) {
		net := NewNetwork(2)
		net.SetSupply(0, 7)
		net.SetSupply(1, -7)
		_, _ = net.AddArc(0, 1, 0, 7, MaxCost)
		res, err := Solve(context.Background(), net, nil)
		require.NoError(t, err)
		require.Equal(t, 7*MaxCost, res.Cost)
		require.NoError(t, Check(net, res))
	})
}

func TestAddArcErrors(t *testing.T) {
	net := NewNetwork(2)
	for _, c := range []struct {
		from, to       int
		low, capa, cst int64
	}{
		{-1, 0, 0, 1, 0}, {0, 2, 0, 1, 0}, {0, 1, -1, 1, 0}, {0, 1, 2, 1, 0}, {0, 1, Infinite, Infinite, 0},
	} {
		_, err := net.AddArc(c.from, c.to, c.low, c.capa, c.cst)
		require.Error(t, err, "%+v", c)
		require.Contains(t, err.Error(), "flow: ")
	}
	require.Equal(t, 0, net.NumArcs())
	require.Panics(t, func() { NewNetwork(-1) })
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	net := NewNetwork(2)
	_, err := Solve(ctx, net, nil)
	require.ErrorIs(t, err, context.Canceled)

	// Cancelled during the solve, from the progress callback.
	net = NewNetwork(1 + 2000 + 1)
	for s := 1; s <= 2000; s++ {
		net.SetSupply(s, 1)
		_, _ = net.AddArc(s, 0, 0, 1, int64(s%7+1))
		_, _ = net.AddArc(s, 2001, 0, 1, 100)
	}
	_, _ = net.AddArc(0, 2001, 0, 1000, 0)
	net.SetSupply(2001, -2000)
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	phases := 0
	_, err = Solve(ctx, net, &Options{Progress: func(p Progress) {
		phases++
		cancel()
	}})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, phases)
}

// Lower bounds, negative costs and a negative cycle of finite capacity: the
// cycle must be saturated, and the bounds respected.
func TestNegativeFiniteCycle(t *testing.T) {
	net := NewNetwork(3)
	_, _ = net.AddArc(0, 1, 0, 4, -3)
	_, _ = net.AddArc(1, 2, 1, 6, 1)
	_, _ = net.AddArc(2, 0, 0, Infinite, 1)
	_, _ = net.AddArc(2, 2, 0, 2, -1) // self-loop, saturated
	res, err := Solve(context.Background(), net, nil)
	require.NoError(t, err)
	require.NoError(t, Check(net, res))
	require.Equal(t, []int64{4, 4, 4, 2}, res.Flow)
	require.Equal(t, int64(4*(-3+1+1)-2), res.Cost)
}

// TestNetworkWidens checks that capacities and costs stay exact when an
// arc's value no longer fits the 4-byte storage: those before it, the new
// one, and those after, in the network and in a clone.
func TestNetworkWidens(t *testing.T) {
	net := NewNetwork(2)
	net.Grow(2)
	type arc struct{ capa, cost int64 }
	arcs := []arc{
		{1, -3}, {Infinite, 7}, {math.MaxInt32, math.MinInt32},
		{math.MaxInt32 + 1, 0}, {Infinite, math.MaxInt32 + 1}, {0, -MaxCost}, {5, 2},
	}
	for i, x := range arcs {
		a, err := net.AddArc(0, 1, 0, x.capa, x.cost)
		require.NoError(t, err)
		require.Equal(t, i, a)
	}
	for _, n := range []*Network{net, net.Clone()} {
		for a, x := range arcs {
			_, _, _, capa, cost := n.Arc(a)
			require.Equal(t, x.capa, capa, "capacity of arc %d", a)
			require.Equal(t, x.cost, cost, "cost of arc %d", a)
		}
	}
}

// TestSolveReleasesNetwork checks that Solve, once it has laid out its
// residual copy, keeps no reference to the network's heads and costs and,
// with Options.Released on a network of collectArcs arcs or more (lowered
// here), collects them:
// the caller keeps no reference either, so they are gone by the first
// progress report.
func TestSolveReleasesNetwork(t *testing.T) {
	defer func(n int) { collectArcs = n }(collectArcs)
	collectArcs = 1
	build := func() (*Network, weak.Pointer[int32], weak.Pointer[int32]) {
		// Three units from node 0 to node 1 through middle nodes 2..9,
		// node k costing k: the optimum is 2 + 3 + 4.
		net := NewNetwork(10)
		net.SetSupply(0, 3)
		net.SetSupply(1, -3)
		for k := 2; k < 10; k++ {
			if _, err := net.AddArc(0, k, 0, 1, int64(k)); err != nil {
				t.Fatal(err)
			}
			if _, err := net.AddArc(k, 1, 0, 1, 0); err != nil {
				t.Fatal(err)
			}
		}
		require.NotNil(t, net.cost32, "the network should store int32 costs")
		return net, weak.Make(&net.to[0]), weak.Make(&net.cost32[0])
	}
	net, to, cost := build()
	reports := 0
	opts := &Options{Released: true, Progress: func(Progress) {
		reports++
		if to.Value() != nil || cost.Value() != nil {
			t.Errorf("progress report %d: the network's heads or costs are still reachable", reports)
		}
	}}
	res, err := Solve(context.Background(), net, opts)
	require.NoError(t, err)
	require.Positive(t, reports)
	require.Equal(t, int64(9), res.Cost)
}

// TestNetworkUnitRun checks the leading run of unit capacities, which takes
// no storage: arcs in it and after it, then capacities changed inside it,
// in the network and in a clone.
func TestNetworkUnitRun(t *testing.T) {
	net := NewNetwork(2)
	net.Grow(5)
	caps := []int64{1, 1, 1, 5, 1}
	for i, q := range caps {
		a, err := net.AddArc(0, 1, 0, q, int64(i))
		require.NoError(t, err)
		require.Equal(t, i, a)
	}
	check := func(step string) {
		t.Helper()
		for _, n := range []*Network{net, net.Clone()} {
			for a, q := range caps {
				_, _, _, capa, cost := n.Arc(a)
				require.Equal(t, q, capa, "%s: capacity of arc %d", step, a)
				require.Equal(t, int64(a), cost, "%s: cost of arc %d", step, a)
			}
		}
	}
	require.Equal(t, 3, net.ones)
	require.Len(t, net.cap32, 2)
	require.Equal(t, 2, cap(net.cap32), "the room Grow asked for, after the run")
	check("built")
	net.setCap(1, 1)
	require.Equal(t, 3, net.ones, "setting a unit capacity inside the run keeps it")
	net.setCap(1, Infinite)
	caps[1] = Infinite
	require.Zero(t, net.ones)
	check("infinite inside the run")
	net.setCap(0, 1<<40)
	caps[0] = 1 << 40
	require.NotNil(t, net.capacity)
	check("widened")
}
