package flow

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadDIMACSErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
		overflow bool
	}{
		{"empty", "", 0, "no problem line", false},
		{"only comments", "c hello\n\nc bye\n", 3, "no problem line", false},
		{"node before p", "n 1 1\np min 1 0\n", 1, "before the problem line", false},
		{"arc before p", "c x\na 1 2 0 1 1\n", 2, "before the problem line", false},
		{"bad p", "p max 2 1\n", 1, `"p min NODES ARCS"`, false},
		{"p short", "p min 2\n", 1, `"p min NODES ARCS"`, false},
		{"second p", "p min 2 0\np min 2 0\n", 2, "second problem line", false},
		{"negative nodes", "p min -1 0\n", 1, "negative count", false},
		{"too many nodes", "p min 99999999999 0\n", 1, "exceeds the limit", false},
		{"nodes not a number", "p min x 0\n", 1, `"x": invalid syntax`, false},
		{"node id zero", "p min 2 0\nn 0 1\n", 2, "out of range 1..2", false},
		{"node id too big", "p min 2 0\nn 3 1\n", 2, "out of range 1..2", false},
		{"node twice", "p min 2 0\nn 1 1\nn 2 -1\nn 1 1\n", 4, "described twice", false},
		{"supply overflow", "p min 2 0\nn 1 99999999999999999999\n", 2, "value out of range", false},
		{"node fields", "p min 2 0\nn 1\n", 2, `"n ID SUPPLY"`, false},
		{"arc fields", "p min 2 1\na 1 2 0 1\n", 2, `"a FROM TO LOW CAP COST"`, false},
		{"arc tail", "p min 2 1\na 0 2 0 1 1\n", 2, "arc tail", false},
		{"arc head", "p min 2 1\na 1 5 0 1 1\n", 2, "arc head", false},
		{"low above cap", "p min 2 1\na 1 2 3 1 1\n", 2, "exceeds capacity", false},
		{"negative low", "p min 2 1\na 1 2 -1 1 1\n", 2, "negative lower bound", false},
		{"cost too big", "p min 2 1\na 1 2 0 1 1152921504606846977\n", 2, "exceeds MaxCost", true},
		{"cost syntax", "p min 2 1\na 1 2 0 1 1.5\n", 2, `"1.5": invalid syntax`, false},
		{"too many arcs", "p min 2 1\na 1 2 0 1 1\na 1 2 0 1 1\n", 3, "more arc lines", false},
		{"too few arcs", "p min 2 2\na 1 2 0 1 1\n\n", 3, "1 arc lines, but the problem line announced 2", false},
		{"unknown line", "p min 2 0\nx 1 2\n", 2, "unknown line type", false},
		{"long type", "p min 2 0\nabc 1 2\n", 2, "unknown line type", false},
		{"long line", "p min 2 0\nc " + strings.Repeat("x", 70000) + "\n", 2, "line longer than", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, err := ReadDIMACS(strings.NewReader(tt.in))
			require.Error(t, err)
			require.Nil(t, net)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "error %v is not a *ParseError", err)
			require.Equal(t, tt.line, pe.Line, "error: %v", err)
			require.Contains(t, err.Error(), tt.msg)
			require.True(t, strings.HasPrefix(err.Error(), "flow: dimacs line "), err.Error())
			require.Equal(t, tt.overflow, errors.Is(err, ErrOverflow))
		})
	}
}

func TestReadDIMACSLimits(t *testing.T) {
	_, err := ReadDIMACSWith(strings.NewReader("p min 11 0\n"), &ReadOptions{MaxNodes: 10})
	require.ErrorContains(t, err, "exceeds the limit 10")
	_, err = ReadDIMACSWith(strings.NewReader("p min 2 6\n"), &ReadOptions{MaxArcs: 5})
	require.ErrorContains(t, err, "exceeds the limit 5")
	net, err := ReadDIMACSWith(strings.NewReader("p min 10 0\n"), &ReadOptions{MaxNodes: 10})
	require.NoError(t, err)
	require.Equal(t, 10, net.NumNodes())
}

func TestReadDIMACSAccepts(t *testing.T) {
	in := "c comment\n\np\tmin 3 2\r\nn 1 2\nn 3 -2\na 1 2 0 5 3\n  a 2 3 1 9223372036854775807 -1\n"
	net, err := ReadDIMACS(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, 3, net.NumNodes())
	require.Equal(t, 2, net.NumArcs())
	require.Equal(t, int64(2), net.Supply(0))
	require.Equal(t, int64(0), net.Supply(1))
	require.Equal(t, int64(-2), net.Supply(2))
	from, to, low, capa, cost := net.Arc(1)
	require.Equal(t, []int64{1, 2, 1, Infinite, -1}, []int64{int64(from), int64(to), low, capa, cost})
	require.Equal(t, "3", net.Name(2))
}

// Write → read gives back the same network (names aside), on random networks.
func TestDIMACSRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for range 300 {
		net := randomNetwork(rng, 20, 40)
		var buf bytes.Buffer
		require.NoError(t, WriteDIMACS(&buf, net))
		got, err := ReadDIMACS(&buf)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(net, got), "round trip changed the network")
	}
}

// WriteSolution's lines describe the result exactly: "s COST" then one
// "f FROM TO FLOW" per arc of non-zero flow, in arc order.
func TestWriteSolution(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	solved := 0
	for solved < 100 {
		net := randomNetwork(rng, 8, 15)
		res, err := Solve(context.Background(), net, nil)
		if err != nil {
			continue
		}
		solved++
		for _, withFlows := range []bool{false, true} {
			var buf bytes.Buffer
			require.NoError(t, WriteSolution(&buf, net, res, withFlows))
			sc := bufio.NewScanner(&buf)
			require.True(t, sc.Scan())
			require.Equal(t, "s "+strconv.FormatInt(res.Cost, 10), sc.Text())
			if !withFlows {
				require.False(t, sc.Scan())
				continue
			}
			for a, x := range res.Flow {
				if x == 0 {
					continue
				}
				from, to, _, _, _ := net.Arc(a)
				require.True(t, sc.Scan())
				require.Equal(t, "f "+strconv.Itoa(from+1)+" "+strconv.Itoa(to+1)+" "+strconv.FormatInt(x, 10), sc.Text())
			}
			require.False(t, sc.Scan(), "extra lines")
		}
	}
}
