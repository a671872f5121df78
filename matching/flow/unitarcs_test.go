package flow

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAddUnitArcs checks that AddUnitArcs builds the same network as AddArc
// one arc at a time, whatever came before (the run of unit capacities
// going on or ended, int32 or int64 costs and capacities, lower bounds,
// negative costs), and refuses what AddArc refuses, adding nothing.
func TestAddUnitArcs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for round := range 2000 {
		n := 1 + rng.IntN(6)
		a, b := NewNetwork(n), NewNetwork(n)
		if rng.IntN(2) == 0 {
			a.Grow(rng.IntN(20))
			b.Grow(rng.IntN(20))
		}
		for range rng.IntN(6) {
			from := rng.IntN(n)
			if rng.IntN(2) == 0 {
				// A batch of unit arcs.
				k := rng.IntN(5)
				heads := make([]int32, k)
				costs := make([]int64, k)
				for i := range heads {
					heads[i] = int32(rng.IntN(n))
					costs[i] = int64(rng.IntN(21) - 10)
					switch rng.IntN(12) {
					case 0:
						costs[i] = math.MaxInt32 + 1 // beyond int32
					case 1:
						costs[i] = math.MinInt32
					}
				}
				bad := rng.IntN(10) == 0 && k > 0
				if bad {
					switch rng.IntN(3) {
					case 0:
						heads[rng.IntN(k)] = int32(n)
					case 1:
						costs[rng.IntN(k)] = MaxCost + 1
					default:
						costs = costs[:k-1]
					}
				}
				before := b.Clone()
				first, err := b.AddUnitArcs(from, heads, costs)
				if bad {
					require.Error(t, err, "round %d", round)
					require.True(t, reflect.DeepEqual(before, b.Clone()), "round %d: a refused batch changed the network", round)
					continue
				}
				require.NoError(t, err, "round %d", round)
				require.Equal(t, a.NumArcs(), first)
				for i, h := range heads {
					_, err := a.AddArc(from, int(h), 0, 1, costs[i])
					require.NoError(t, err)
				}
				continue
			}
			// Any other arc, added to both one at a time.
			low := int64(rng.IntN(2))
			capa := low + int64(rng.IntN(3))
			if rng.IntN(5) == 0 {
				capa = Infinite
			}
			if rng.IntN(8) == 0 {
				capa = math.MaxInt32 + 5
			}
			to, cost := rng.IntN(n), int64(rng.IntN(9)-4)
			_, err1 := a.AddArc(from, to, low, capa, cost)
			_, err2 := b.AddArc(from, to, low, capa, cost)
			require.NoError(t, err1)
			require.NoError(t, err2)
		}
		// Compare what the networks hold, not their slices' spare room.
		require.True(t, reflect.DeepEqual(a.Clone(), b.Clone()), "round %d", round)
	}
}

// TestAddUnitArcsManySpecial checks that a batch whose arcs start away
// from zero ends the special list where AddArc one by one would: 600 unit
// arcs, the first 70 of negative cost.
func TestAddUnitArcsManySpecial(t *testing.T) {
	a, b := NewNetwork(2), NewNetwork(2)
	heads, costs := make([]int32, 600), make([]int64, 600)
	for i := range heads {
		heads[i] = 1
		if i < 70 {
			costs[i] = -1
		}
	}
	for i := range heads {
		_, err := a.AddArc(0, 1, 0, 1, costs[i])
		require.NoError(t, err)
	}
	_, err := b.AddUnitArcs(0, heads, costs)
	require.NoError(t, err)
	require.True(t, a.manySpecial)
	require.True(t, reflect.DeepEqual(a.Clone(), b.Clone()))
}
