package flow

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBoundedSearchesChangeNothing checks that the searches' shortcut, the
// last phase's distance as a first bound (guessBound), returns exactly what
// the plain searches return: the same flows, potentials, cost, phases and
// rounds.
func TestBoundedSearchesChangeNothing(t *testing.T) {
	defer func(g bool) { guessBound = g }(guessBound)
	rng := rand.New(rand.NewPCG(7, 7))
	ctx := context.Background()
	for i := range 600 {
		var net *Network
		if i%2 == 0 {
			net = randomPlacement(rng)
		} else {
			net = randomNetwork(rng, 40, 200)
		}
		guessBound = false
		want, werr := Solve(ctx, net, nil)
		guessBound = true
		got, err := Solve(ctx, net, nil)
		if (err == nil) != (werr == nil) {
			t.Fatalf("network %d: error %v, plain searches %v", i, err, werr)
		}
		if err != nil {
			continue
		}
		if got.Cost != want.Cost || got.Phases != want.Phases || got.Rounds != want.Rounds ||
			!slices.Equal(got.Flow, want.Flow) || !slices.Equal(got.Potential, want.Potential) {
			t.Fatalf("network %d: cost %d, %d phases, %d rounds; plain searches: cost %d, %d phases, %d rounds (or other flows or potentials)",
				i, got.Cost, got.Phases, got.Rounds, want.Cost, want.Phases, want.Rounds)
		}
	}
}
