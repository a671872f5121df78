package flow

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLevelsReset checks that the level-graph searches give the same
// solutions when their stacked levels reach the ceiling often and are
// reset (levelCeiling lowered to a few levels above the node count) as
// when they never do: the same flows, potentials, cost, phases and rounds.
func TestLevelsReset(t *testing.T) {
	defer func(c int32) { levelCeiling = c }(levelCeiling)
	rng := rand.New(rand.NewPCG(9, 9))
	ctx := context.Background()
	resets := 0
	for i := range 400 {
		var net *Network
		if i%2 == 0 {
			net = randomPlacement(rng)
		} else {
			net = randomNetwork(rng, 40, 200)
		}
		levelCeiling = 1<<31 - 1
		want, werr := Solve(ctx, net, nil)
		levelCeiling = int32(net.NumNodes()) + 2 + int32(rng.IntN(8))
		e, err := newEngine(ctx, net.Clone(), &Options{}, false)
		if err == nil && e.negInfCycle == nil {
			before := 0
			e.afterUpdate = func() {
				if e.lbase < int32(before) {
					resets++
				}
				before = int(e.lbase)
			}
			_ = e.run()
		}
		got, err := Solve(ctx, net, nil)
		if (err == nil) != (werr == nil) {
			t.Fatalf("network %d: error %v, without resets %v", i, err, werr)
		}
		if err != nil {
			continue
		}
		if got.Cost != want.Cost || got.Phases != want.Phases || got.Rounds != want.Rounds ||
			!slices.Equal(got.Flow, want.Flow) || !slices.Equal(got.Potential, want.Potential) {
			t.Fatalf("network %d: cost %d, %d phases, %d rounds; without resets: cost %d, %d phases, %d rounds (or other flows or potentials)",
				i, got.Cost, got.Phases, got.Rounds, want.Cost, want.Phases, want.Rounds)
		}
	}
	if resets == 0 {
		t.Fatal("the levels were never reset")
	}
	t.Logf("%d resets seen", resets)
}
