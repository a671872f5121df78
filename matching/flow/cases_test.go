package flow

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReferenceCases solves the placement-shaped cases under testdata, whose
// expected optima were computed by LEMON's NetworkSimplex (expected.txt), and
// checks every certificate.
func TestReferenceCases(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "expected.txt"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	cases := 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			continue
		}
		name, status, want := fields[0], fields[1], fields[2]
		cases++
		t.Run(name, func(t *testing.T) {
			in, err := os.Open(filepath.Join("testdata", name+".min"))
			require.NoError(t, err)
			defer in.Close()
			net, err := ReadDIMACS(in)
			require.NoError(t, err)
			for _, alg := range []Algorithm{PrimalDual, SuccessiveShortestPaths} {
				res, err := Solve(context.Background(), net, &Options{Algorithm: alg})
				switch status {
				case "OPTIMAL":
					require.NoError(t, err)
					wantCost, err := strconv.ParseInt(want, 10, 64)
					require.NoError(t, err)
					require.Equal(t, wantCost, res.Cost, "algorithm %d", alg)
					require.NoError(t, Check(net, res))
				case "INFEASIBLE":
					require.ErrorIs(t, err, ErrInfeasible)
					var ie *InfeasibleError
					require.True(t, errors.As(err, &ie))
					require.NoError(t, CheckInfeasible(net, ie))
					t.Logf("%v", err)
				default:
					t.Fatalf("unknown status %q", status)
				}
			}
		})
	}
	require.NoError(t, sc.Err())
	require.Equal(t, 7, cases)
}
