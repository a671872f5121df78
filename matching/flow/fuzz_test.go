package flow

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// FuzzReadDIMACS: ReadDIMACS never panics; every network it accepts is
// solved with a valid certificate, or declared infeasible with a valid cut,
// or unbounded with a valid cycle, or rejected for overflow; and it survives
// a write → read round trip unchanged.
func FuzzReadDIMACS(f *testing.F) {
	seeds := []string{
		"p min 2 1\nn 1 1\nn 2 -1\na 1 2 0 1 3\n",
		"p min 3 3\nn 1 2\nn 3 -2\na 1 2 1 2 -1\na 2 3 0 9223372036854775807 1\na 3 1 0 9223372036854775807 -5\n",
		"p min 2 2\na 1 2 0 9223372036854775807 -1\na 2 1 0 9223372036854775807 0\n",
		"p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 3 1\n",
		"p min 1 1\na 1 1 0 4 -2\n",
		"p min 2 1\nn 1 9223372036854775807\nn 2 9223372036854775807\na 1 2 0 1 1\n",
		"p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 3 1152921504606846976\n",
		"c x\np min 0 0\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, name := range []string{"infeasible.min", "generous.min"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	opts := &ReadOptions{MaxNodes: 2000, MaxArcs: 20000}
	f.Fuzz(func(t *testing.T, data []byte) {
		net, err := ReadDIMACSWith(bytes.NewReader(data), opts)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteDIMACS(&buf, net); err != nil {
			t.Fatal(err)
		}
		again, err := ReadDIMACSWith(&buf, opts)
		if err != nil {
			t.Fatalf("re-reading written network: %v", err)
		}
		if !reflect.DeepEqual(net, again) {
			t.Fatal("write → read changed the network")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		res, err := Solve(ctx, net, nil)
		var ie *InfeasibleError
		var ue *UnboundedError
		switch {
		case err == nil:
			if err := Check(net, res); err != nil {
				t.Fatal(err)
			}
		case errors.As(err, &ie):
			if err := CheckInfeasible(net, ie); err != nil {
				t.Fatalf("%v: %v", ie, err)
			}
		case errors.As(err, &ue):
			if err := CheckUnbounded(net, ue); err != nil {
				t.Fatalf("%v: %v", ue, err)
			}
		case errors.Is(err, ErrOverflow):
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	})
}
