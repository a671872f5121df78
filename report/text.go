package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/placement-engine/placement/internal/textwidth"
)

// A table of more than textLong rows is cut to its first textRows in the
// terminal summary.
const (
	textLong = 25
	textRows = 12
)

// WriteText writes the terminal summary in the report's language: the
// cohort, a line or two a result (placed, total and mean rank; special
// posts and the out-of-province share when the cohort has them), then the
// tables of [Report.Tables] as aligned columns (Chinese characters count
// two columns, as a terminal draws them; with two results, their columns
// are headed (1) and (2)), with long tables cut to their first rows (the
// HTML page has them whole).
func (rp *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	c := rp.cohort
	p := rp.p
	seats := 0
	for _, pos := range c.Positions() {
		seats += pos.Capacity
	}
	nS := rp.students
	if r := rp.roundsName(); r != "" {
		fmt.Fprintln(ew, p.Sprintf("placement report: %s, %s", rp.cohortName(), r))
	} else {
		fmt.Fprintln(ew, p.Sprintf("placement report: %s", rp.cohortName()))
	}
	fmt.Fprintf(ew, "  %s\n", rp.cohortLine(seats))
	for i, st := range rp.res {
		if len(rp.res) > 1 {
			fmt.Fprintf(ew, "(%d) ", i+1)
		}
		fmt.Fprintln(ew, p.Sprintf("%s: %d of %d students placed (%s), total rank %d, mean rank %s",
			st.label, st.placed, nS, pct(st.placed, nS), st.totalRank, meanRank(st.totalRank, st.placed)))
		if line := rp.policyLine(st); line != "" {
			fmt.Fprintf(ew, "    %s\n", line)
		}
	}
	for _, t := range rp.tables {
		fmt.Fprintf(ew, "\n%s\n", t.Title)
		head := slices.Clone(t.Header)
		if len(rp.res) > 1 {
			// "optimal allocation (...): placed" becomes "(1) placed".
			for i, h := range head {
				for j, st := range rp.res {
					if rest, ok := strings.CutPrefix(h, st.label+": "); ok {
						head[i] = fmt.Sprintf("(%d) %s", j+1, rest)
					}
				}
			}
		}
		rows := [][]string{head}
		cut, keep := len(t.Rows) > textLong, textRows
		if t.ID == "cascades" && rp.round.chains > 0 {
			cut, keep = len(t.Rows) > rp.round.chains, rp.round.chains
		}
		for i, row := range t.Rows {
			if cut && i == keep {
				dots := make([]string, len(row))
				for j := range dots {
					dots[j] = "…"
				}
				rows = append(rows, dots)
				break
			}
			rows = append(rows, row)
		}
		if t.Total != nil {
			rows = append(rows, t.Total)
		}
		writeColumns(ew, rows)
		if cut {
			fmt.Fprintf(ew, "  %s\n", p.Sprintf("(%d more rows; the HTML page lists them all)", len(t.Rows)-keep))
		}
	}
	return ew.err
}

// writeColumns writes rows as columns two spaces apart, indented by two:
// numbers aligned right, text left, each cell as wide as a terminal draws
// it (internal/textwidth). Trailing spaces are left out.
func writeColumns(w io.Writer, rows [][]string) {
	var widths []int
	right := map[int]bool{}
	for r, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], textwidth.String(cell))
			if r > 0 && numeric(cell) {
				right[i] = true
			}
		}
	}
	for _, row := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-textwidth.String(cell))
			if right[i] {
				b.WriteString(pad)
				b.WriteString(cell)
			} else {
				b.WriteString(cell)
				b.WriteString(pad)
			}
			b.WriteString("  ")
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// cohortName is the cohort's name, or says it has none.
func (rp *Report) cohortName() string {
	if n := rp.cohort.Name(); n != "" {
		return n
	}
	return rp.p.Sprintf("(unnamed cohort)")
}

// cohortLine counts what the cohort holds.
func (rp *Report) cohortLine(seats int) string {
	c := rp.cohort
	if len(c.Schools()) == 0 {
		return rp.p.Sprintf("%d students, %d positions with %d seats, %d enterprises, %d regions, %d majors",
			rp.students, len(c.Positions()), seats, len(c.Enterprises()), len(c.Regions()), len(c.Majors()))
	}
	return rp.p.Sprintf("%d students of %d schools, %d positions with %d seats, %d enterprises, %d regions, %d majors",
		rp.students, len(c.Schools()), len(c.Positions()), seats, len(c.Enterprises()), len(c.Regions()), len(c.Majors()))
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
