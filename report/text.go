package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// A table of more than textLong rows is cut to its first textRows in the
// terminal summary.
const (
	textLong = 25
	textRows = 12
)

// WriteText writes the terminal summary: the cohort, a line or two a
// result (placed, total and mean rank; special posts and the
// out-of-province share when the cohort has them), then the tables of [Report.Tables] as
// aligned columns (with two results, their columns are headed (1) and
// (2)), without the name columns (names in Chinese would
// misalign a terminal) and with long tables cut to their first rows (the
// HTML page has them whole).
func (rp *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	c := rp.cohort
	seats := 0
	for _, p := range c.Positions() {
		seats += p.Capacity
	}
	nS := rp.students
	fmt.Fprintf(ew, "placement report: %s\n", name(c.Name()))
	fmt.Fprintf(ew, "  %d students, %d positions with %d seats, %d enterprises, %d regions, %d majors\n",
		nS, len(c.Positions()), seats, len(c.Enterprises()), len(c.Regions()), len(c.Majors()))
	for i, st := range rp.res {
		if len(rp.res) > 1 {
			fmt.Fprintf(ew, "(%d) ", i+1)
		}
		fmt.Fprintf(ew, "%s: %d of %d students placed (%s), total rank %d, mean rank %s\n",
			st.label, st.placed, nS, pct(st.placed, nS), st.totalRank, meanRank(st.totalRank, st.placed))
		if line := rp.policyLine(st); line != "" {
			fmt.Fprintf(ew, "    %s\n", line)
		}
	}
	for _, t := range rp.tables {
		fmt.Fprintf(ew, "\n%s\n", t.Title)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
		keep := make([]bool, len(t.Header))
		for i, h := range t.Header {
			keep[i] = h != "name"
		}
		line := func(row []string) {
			var b strings.Builder
			b.WriteString("  ")
			for i, cell := range row {
				if keep[i] {
					b.WriteString(cell)
					b.WriteByte('\t')
				}
			}
			b.WriteByte('\n')
			tw.Write([]byte(b.String()))
		}
		head := slices.Clone(t.Header)
		if len(rp.res) > 1 {
			// "optimal (rank-sum): placed" becomes "(1) placed".
			for i, h := range head {
				for j, st := range rp.res {
					if rest, ok := strings.CutPrefix(h, st.label+": "); ok {
						head[i] = fmt.Sprintf("(%d) %s", j+1, rest)
					}
				}
			}
		}
		line(head)
		cut := len(t.Rows) > textLong
		for i, row := range t.Rows {
			if cut && i == textRows {
				dots := make([]string, len(row))
				for j := range dots {
					dots[j] = "…"
				}
				line(dots)
				break
			}
			line(row)
		}
		if t.Total != nil {
			line(t.Total)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if cut {
			fmt.Fprintf(ew, "  (%d more rows; the HTML page lists them all)\n", len(t.Rows)-textRows)
		}
	}
	return ew.err
}

func name(s string) string {
	if s == "" {
		return "(unnamed cohort)"
	}
	return s
}

func meanRank(total int64, placed int) string {
	if placed == 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(total)/float64(placed), 'f', 2, 64)
}

// errWriter keeps the first write error and skips later writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
