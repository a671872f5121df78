package flow

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Default limits of ReadDIMACS. A problem line announcing more is rejected
// before anything is allocated for it.
const (
	DefaultMaxDIMACSNodes = 1 << 24 // 16,777,216 nodes (128 MiB of supplies)
	DefaultMaxDIMACSArcs  = 1 << 28 // 268,435,456 arcs
	maxDIMACSLine         = 1 << 16 // bytes per line
)

// ReadOptions bounds what ReadDIMACSWith accepts. Zero fields mean the defaults.
type ReadOptions struct {
	MaxNodes int // zero value: DefaultMaxDIMACSNodes
	MaxArcs  int // zero value: DefaultMaxDIMACSArcs
}

// ReadDIMACS reads a min-cost flow problem in DIMACS format with the default
// limits. See ReadDIMACSWith.
func ReadDIMACS(r io.Reader) (*Network, error) { return ReadDIMACSWith(r, nil) }

// ReadDIMACSWith reads a min-cost flow problem in DIMACS format:
//
//	c any comment
//	p min N M             once, before any n or a line
//	n ID SUPPLY           at most once per node; ID in 1..N
//	a FROM TO LOW CAP COST exactly M of them
//
// Blank lines are ignored; fields are separated by spaces or tabs. Node ID i
// becomes node i−1 of the network and keeps its number as its name. A
// capacity of 9223372036854775807 means Infinite. Every value is checked:
// bad syntax, out-of-range IDs, LOW > CAP, |COST| > MaxCost, a duplicate n
// line, an arc count different from M, N or M above the limits, lines over
// 64 KiB: each is reported as a *ParseError with its line number. It never
// panics, and allocates memory in proportion to what the input really
// contains (nodes up to the limit, arcs as they are read). O(input size).
func ReadDIMACSWith(r io.Reader, opts *ReadOptions) (*Network, error) {
	maxN, maxM := DefaultMaxDIMACSNodes, DefaultMaxDIMACSArcs
	if opts != nil {
		if opts.MaxNodes > 0 {
			maxN = opts.MaxNodes
		}
		if opts.MaxArcs > 0 {
			maxM = opts.MaxArcs
		}
	}
	maxN = min(maxN, MaxNodes)
	maxM = min(maxM, MaxArcs)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxDIMACSLine)
	var (
		net     *Network
		wantM   int
		line    int
		fields  [8][]byte
		hasNode []bool
	)
	fail := func(format string, args ...any) error {
		return &ParseError{Line: line, Err: fmt.Errorf(format, args...)}
	}
	for sc.Scan() {
		line++
		b := sc.Bytes()
		f := splitFields(b, fields[:0])
		if len(f) == 0 {
			continue
		}
		if len(f[0]) != 1 {
			return nil, fail("unknown line type %q", clip(f[0]))
		}
		switch f[0][0] {
		case 'c':
			continue
		case 'p':
			if net != nil {
				return nil, fail("second problem line")
			}
			if len(f) != 4 || string(f[1]) != "min" {
				return nil, fail(`problem line must be "p min NODES ARCS"`)
			}
			n, err := parseCount(f[2], maxN)
			if err != nil {
				return nil, fail("node count: %w", err)
			}
			m, err := parseCount(f[3], maxM)
			if err != nil {
				return nil, fail("arc count: %w", err)
			}
			net = NewNetwork(n)
			wantM = m
			hasNode = make([]bool, n)
		case 'n':
			if net == nil {
				return nil, fail("node line before the problem line")
			}
			if len(f) != 3 {
				return nil, fail(`node line must be "n ID SUPPLY"`)
			}
			id, err := parseID(f[1], net.NumNodes())
			if err != nil {
				return nil, fail("node id: %w", err)
			}
			s, err := strconv.ParseInt(string(f[2]), 10, 64)
			if err != nil {
				return nil, fail("supply: %w", numErr(err))
			}
			if hasNode[id] {
				return nil, fail("node %d described twice", id+1)
			}
			hasNode[id] = true
			net.SetSupply(id, s)
		case 'a':
			if net == nil {
				return nil, fail("arc line before the problem line")
			}
			if len(f) != 6 {
				return nil, fail(`arc line must be "a FROM TO LOW CAP COST"`)
			}
			if net.NumArcs() >= wantM {
				return nil, fail("more arc lines than the %d announced", wantM)
			}
			from, err := parseID(f[1], net.NumNodes())
			if err != nil {
				return nil, fail("arc tail: %w", err)
			}
			to, err := parseID(f[2], net.NumNodes())
			if err != nil {
				return nil, fail("arc head: %w", err)
			}
			var v [3]int64
			for i, name := range [3]string{"lower bound", "capacity", "cost"} {
				if v[i], err = strconv.ParseInt(string(f[3+i]), 10, 64); err != nil {
					return nil, fail("%s: %w", name, numErr(err))
				}
			}
			if k := net.NumArcs(); k == cap(net.from) {
				// Grow geometrically, never past the announced count, so
				// memory follows what the input really contains.
				net.Grow(min(max(k, 1<<12), wantM-k))
			}
			if _, err := net.AddArc(from, to, v[0], v[1], v[2]); err != nil {
				return nil, &ParseError{Line: line, Err: stripPrefix(err)}
			}
		default:
			return nil, fail("unknown line type %q", clip(f[0]))
		}
	}
	if err := sc.Err(); err != nil {
		line++
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fail("line longer than %d bytes", maxDIMACSLine)
		}
		return nil, fmt.Errorf("flow: reading dimacs: %w", err)
	}
	if net == nil {
		return nil, &ParseError{Line: line, Err: errors.New("no problem line")}
	}
	if net.NumArcs() != wantM {
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%d arc lines, but the problem line announced %d", net.NumArcs(), wantM)}
	}
	return net, nil
}

// stripPrefix drops the "flow: " prefix of err's message (a ParseError adds
// its own) and keeps err in the chain, so errors.Is(err, ErrOverflow) holds.
func stripPrefix(err error) error {
	return &wrapped{strings.TrimPrefix(err.Error(), "flow: "), err}
}

type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

func splitFields(b []byte, f [][]byte) [][]byte {
	i := 0
	for i < len(b) {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r') {
			i++
		}
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' {
			j++
		}
		if j > i {
			f = append(f, b[i:j])
			if len(f) == cap(f) {
				return f // enough to know the line is malformed
			}
		}
		i = j
	}
	return f
}

func parseCount(b []byte, limit int) (int, error) {
	x, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return 0, numErr(err)
	}
	if x < 0 {
		return 0, fmt.Errorf("negative count %d", x)
	}
	if x > int64(limit) {
		return 0, fmt.Errorf("%d exceeds the limit %d", x, limit)
	}
	return int(x), nil
}

func parseID(b []byte, n int) (int, error) {
	x, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return 0, numErr(err)
	}
	if x < 1 || x > int64(n) {
		return 0, fmt.Errorf("%d out of range 1..%d", x, n)
	}
	return int(x - 1), nil
}

// numErr shortens strconv's errors ("strconv.ParseInt: parsing "x": invalid
// syntax") to their cause with the offending text.
func numErr(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return fmt.Errorf("%q: %w", clip([]byte(ne.Num)), ne.Err)
	}
	return err
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// WriteDIMACS writes net in DIMACS min-cost flow format: a problem line, an n
// line for every node of non-zero supply, and an a line for every arc in
// index order. Node names are not written (DIMACS names nodes by number).
// ReadDIMACS of the output gives back an equal network, names aside. O(n + m).
func WriteDIMACS(w io.Writer, net *Network) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf []byte
	buf = fmt.Appendf(buf, "p min %d %d\n", net.NumNodes(), net.NumArcs())
	for v := 0; v < net.NumNodes(); v++ {
		if s := net.Supply(v); s != 0 {
			buf = append(buf, "n "...)
			buf = strconv.AppendInt(buf, int64(v+1), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, s, 10)
			buf = append(buf, '\n')
		}
		if len(buf) > 1<<15 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	for a := 0; a < net.NumArcs(); a++ {
		from, to, low, capa, cost := net.Arc(a)
		buf = append(buf, "a "...)
		buf = strconv.AppendInt(buf, int64(from+1), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(to+1), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, low, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, capa, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, cost, 10)
		buf = append(buf, '\n')
		if len(buf) > 1<<15 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteSolution writes res in the DIMACS solution format: "s COST" and, if
// withFlows, an "f FROM TO FLOW" line (1-based node numbers) for every arc
// with non-zero flow, in arc order. O(m).
func WriteSolution(w io.Writer, net *Network, res *Result, withFlows bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "s %d\n", res.Cost)
	if withFlows {
		if len(res.Flow) != net.NumArcs() {
			return fmt.Errorf("flow: WriteSolution: %d flows for %d arcs", len(res.Flow), net.NumArcs())
		}
		var b []byte
		for a, x := range res.Flow {
			if x == 0 {
				continue
			}
			from, to, _, _, _ := net.Arc(a)
			b = append(b[:0], "f "...)
			b = strconv.AppendInt(b, int64(from+1), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(to+1), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, x, 10)
			b = append(b, '\n')
			buf.Write(b)
			if buf.Len() > 1<<15 {
				if _, err := bw.Write(buf.Bytes()); err != nil {
					return err
				}
				buf.Reset()
			}
		}
	}
	if _, err := bw.Write(buf.Bytes()); err != nil {
		return err
	}
	return bw.Flush()
}
