package gen

import (
	"context"
	"reflect"
	"testing"

	"github.com/placement-engine/placement/matching/flow"
	"github.com/stretchr/testify/require"
)

func TestPlacementNetwork(t *testing.T) {
	for _, p := range []Placement{
		{Students: 300, Choices: 5, Positions: 40, Seed: 1},
		{Students: 200, Choices: 30, Positions: 30, Seed: 2}, // complete lists
		{Students: 500, Choices: 8, Positions: 60, Enterprises: 7, Regions: 3, Seed: 3},
	} {
		t.Run(p.Name(), func(t *testing.T) {
			net := p.Network()
			require.True(t, reflect.DeepEqual(net, p.Network()), "not deterministic")
			K := min(p.Choices, p.Positions)
			E := p.Enterprises
			if E == 0 {
				E = max(1, p.Positions/5)
			}
			R := p.Regions
			if R == 0 {
				R = min(10, E)
			}
			require.Equal(t, p.Students+p.Positions+E+R+1, net.NumNodes())
			require.Equal(t, p.Students*(K+1)+p.Positions+E+R, net.NumArcs())
			// Each student: K distinct positions ranked 1..K, then unplaced.
			a := 0
			for s := 0; s < p.Students; s++ {
				require.Equal(t, int64(1), net.Supply(s))
				seen := map[int]bool{}
				for r := 1; r <= K; r++ {
					from, to, _, capa, cost := net.Arc(a)
					a++
					require.Equal(t, s, from)
					require.False(t, seen[to], "position chosen twice")
					seen[to] = true
					require.Equal(t, int64(1), capa)
					require.Equal(t, int64(r), cost)
				}
				_, to, _, _, cost := net.Arc(a)
				a++
				require.Equal(t, net.NumNodes()-1, to)
				require.Equal(t, int64(K+1), cost)
			}
			// Always feasible; both algorithms agree; certificate holds.
			res, err := flow.Solve(context.Background(), net, nil)
			require.NoError(t, err)
			require.NoError(t, flow.Check(net, res))
			ssp, err := flow.Solve(context.Background(), net, &flow.Options{Algorithm: flow.SuccessiveShortestPaths})
			require.NoError(t, err)
			require.Equal(t, res.Cost, ssp.Cost)
			require.NoError(t, flow.Check(net, ssp))
		})
	}
}
