package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Table is one table of a report: the numbers behind a chart, or a list.
// Cells are formatted text; counts are plain integers ("1234"), shares
// are percentages with one decimal ("71.0 %"), and "–" stands for a share
// of nothing.
type Table struct {
	// ID identifies the table, and its chart when it has one: rank,
	// unplaced, fill-enterprise, fill-region, fill-major, special-posts,
	// out-of-province, caps, gains, blocking.
	ID string
	// Title is a heading; Note one or two sentences on how to read it.
	Title, Note string
	// Header names the columns; each row of Rows has one cell a column.
	Header []string
	Rows   [][]string
	// Total is a last row of totals, or nil.
	Total []string
}

// Tables returns the report's tables in the order of the HTML page. The
// caller may modify the returned slices; the report keeps its own.
func (rp *Report) Tables() []Table {
	out := make([]Table, len(rp.tables))
	for i, t := range rp.tables {
		t.Header = slices.Clone(t.Header)
		t.Total = slices.Clone(t.Total)
		t.Rows = slices.Clone(t.Rows)
		for j := range t.Rows {
			t.Rows[j] = slices.Clone(t.Rows[j])
		}
		out[i] = t
	}
	return out
}

// Table returns the table with the given ID, and whether there is one.
func (rp *Report) Table(id string) (Table, bool) {
	for _, t := range rp.Tables() {
		if t.ID == id {
			return t, true
		}
	}
	return Table{}, false
}

func (rp *Report) table(id string) *Table {
	for i := range rp.tables {
		if rp.tables[i].ID == id {
			return &rp.tables[i]
		}
	}
	return nil
}

// perResult appends, for each result, the columns made by cols.
func (rp *Report) perResult(row []string, cols func(st *stats) []string) []string {
	for _, st := range rp.res {
		row = append(row, cols(st)...)
	}
	return row
}

// heads returns the per-result column names, prefixed with the result's
// label when there are two results.
func (rp *Report) heads(names ...string) []string {
	var out []string
	for _, st := range rp.res {
		for _, n := range names {
			if len(rp.res) > 1 {
				n = st.label + ": " + n
			}
			out = append(out, n)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func (rp *Report) buildTables() []Table {
	c := rp.cohort
	nS, maxRank := rp.students, rp.maxRank
	var ts []Table

	// Students by rank obtained.
	t := Table{ID: "rank", Title: "Students by rank obtained",
		Note:   "How many students obtained their 1st choice, their 2nd, ..., and how many none.",
		Header: append([]string{"rank obtained"}, rp.heads("students", "share")...)}
	for k := range maxRank {
		t.Rows = append(t.Rows, rp.perResult([]string{ordinal(k + 1)}, func(st *stats) []string {
			n := 0
			if k < len(st.byRank) {
				n = st.byRank[k]
			}
			return []string{itoa(n), pct(n, nS)}
		}))
	}
	t.Rows = append(t.Rows, rp.perResult([]string{"unplaced"}, func(st *stats) []string {
		return []string{itoa(nS - st.placed), pct(nS-st.placed, nS)}
	}))
	t.Total = rp.perResult([]string{"all students"}, func(*stats) []string { return []string{itoa(nS), pct(nS, nS)} })
	ts = append(ts, t)

	// Unplaced by reason.
	var reasons []matching.Reason
	for _, st := range rp.res {
		for _, rc := range st.reasons {
			if !slices.Contains(reasons, rc.reason) {
				reasons = append(reasons, rc.reason)
			}
		}
	}
	slices.Sort(reasons)
	t = Table{ID: "unplaced", Title: "Unplaced students by reason",
		Note:   "Why each unplaced student has no position (the reasons of matching.Reason).",
		Header: append([]string{"reason"}, rp.heads("students")...)}
	for _, why := range reasons {
		t.Rows = append(t.Rows, rp.perResult([]string{why.String()}, func(st *stats) []string {
			return []string{itoa(reasonN(st, why))}
		}))
	}
	if len(t.Rows) == 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{"(none: every student is placed)"}, func(*stats) []string { return []string{"0"} }))
	}
	t.Total = rp.perResult([]string{"all unplaced"}, func(st *stats) []string { return []string{itoa(nS - st.placed)} })
	ts = append(ts, t)

	entSeats, regSeats, majStudents := rp.entSeats, rp.regSeats, rp.majStudents

	// Fill by enterprise, most seats first.
	t = Table{ID: "fill-enterprise", Title: "Fill rate by enterprise",
		Note: "Seats are the sum of the capacities of the enterprise's positions; an enterprise-wide cap may allow fewer. " +
			"Enterprises with the most seats first; the chart shows the first " + itoa(rp.top) + ".",
		Header: append([]string{"enterprise", "name", "region", "seats", "cap"}, rp.heads("filled", "fill rate")...)}
	for _, e := range topEnterprises(entSeats, len(entSeats)) {
		ent := c.Enterprises()[e]
		region := ""
		if g := c.EnterpriseRegion(e); g >= 0 {
			region = c.Regions()[g].ID
		}
		t.Rows = append(t.Rows, rp.perResult([]string{ent.ID, ent.Name, region, itoa(entSeats[e]), capText(ent.Cap)}, func(st *stats) []string {
			return []string{itoa(st.entFill[e]), pct(st.entFill[e], entSeats[e])}
		}))
	}
	if none := len(entSeats) - 1; entSeats[none] > 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{"(none)", "positions of no enterprise", "", itoa(entSeats[none]), ""}, func(st *stats) []string {
			return []string{itoa(st.entFill[none]), pct(st.entFill[none], entSeats[none])}
		}))
	}
	totalSeats := sum(entSeats)
	t.Total = rp.perResult([]string{"all", "", "", itoa(totalSeats), ""}, func(st *stats) []string {
		return []string{itoa(st.placed), pct(st.placed, totalSeats)}
	})
	ts = append(ts, t)

	// Fill by region.
	t = Table{ID: "fill-region", Title: "Fill rate by region",
		Note:   "Seats of the positions located in each region, and how many were filled.",
		Header: append([]string{"region", "name", "kind", "seats", "cap", "floor"}, rp.heads("filled", "fill rate")...)}
	for g, reg := range c.Regions() {
		t.Rows = append(t.Rows, rp.perResult([]string{reg.ID, reg.Name, reg.Kind.String(), itoa(regSeats[g]), capText(reg.Cap), capText(reg.Floor)}, func(st *stats) []string {
			return []string{itoa(st.regFill[g]), pct(st.regFill[g], regSeats[g])}
		}))
	}
	if none := len(regSeats) - 1; regSeats[none] > 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{"(none)", "positions of no region", "", itoa(regSeats[none]), "", ""}, func(st *stats) []string {
			return []string{itoa(st.regFill[none]), pct(st.regFill[none], regSeats[none])}
		}))
	}
	t.Total = rp.perResult([]string{"all", "", "", itoa(totalSeats), "", ""}, func(st *stats) []string {
		return []string{itoa(st.placed), pct(st.placed, totalSeats)}
	})
	ts = append(ts, t)

	// Placement rate by major.
	t = Table{ID: "fill-major", Title: "Placement rate by major",
		Note:   "A position accepts several majors, so a major has students rather than seats: the share of its students placed.",
		Header: append([]string{"major", "name", "students"}, rp.heads("placed", "placement rate")...)}
	for m, maj := range c.Majors() {
		t.Rows = append(t.Rows, rp.perResult([]string{maj.ID, maj.Name, itoa(majStudents[m])}, func(st *stats) []string {
			return []string{itoa(st.majPlaced[m]), pct(st.majPlaced[m], majStudents[m])}
		}))
	}
	if none := len(majStudents) - 1; majStudents[none] > 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{"(none)", "students of no major", itoa(majStudents[none])}, func(st *stats) []string {
			return []string{itoa(st.majPlaced[none]), pct(st.majPlaced[none], majStudents[none])}
		}))
	}
	t.Total = rp.perResult([]string{"all", "", itoa(nS)}, func(st *stats) []string {
		return []string{itoa(st.placed), pct(st.placed, nS)}
	})
	ts = append(ts, t)

	// Special posts by county.
	if sp := rp.res[0].special; len(sp) > 0 {
		t = Table{ID: "special-posts", Title: "Special posts and special-post students by county",
			Note:   "Every special post should be filled and every special-post student placed: the quota is a promise to both sides.",
			Header: append([]string{"county", "name", "special-post seats", "special-post students"}, rp.heads("seats filled", "fill rate", "students placed", "placement rate")...)}
		var tot [2]int
		for i, row := range sp {
			reg := c.Regions()[row.Region]
			tot[0] += row.Posts
			tot[1] += row.Students
			t.Rows = append(t.Rows, rp.perResult([]string{reg.ID, reg.Name, itoa(row.Posts), itoa(row.Students)}, func(st *stats) []string {
				r := st.special[i]
				return []string{itoa(r.Filled), pct(r.Filled, r.Posts), itoa(r.Placed), pct(r.Placed, r.Students)}
			}))
		}
		t.Total = rp.perResult([]string{"all", "", itoa(tot[0]), itoa(tot[1])}, func(st *stats) []string {
			var f, p int
			for _, r := range st.special {
				f += r.Filled
				p += r.Placed
			}
			return []string{itoa(f), pct(f, tot[0]), itoa(p), pct(p, tot[1])}
		})
		ts = append(ts, t)
	}

	// Out of province against its cap.
	if oop := rp.oopRegions(); len(oop) > 0 {
		t = Table{ID: "out-of-province", Title: "Out-of-province placements against the cap",
			Note:   "Students placed in out-of-province positions, as a share of the cohort and of the students placed, against the region's cap.",
			Header: append([]string{"region", "name", "cap", "cap share of cohort"}, rp.heads("placed there", "share of cohort", "share of placed", "cap used")...)}
		for i, g := range oop {
			reg := c.Regions()[g]
			t.Rows = append(t.Rows, rp.perResult([]string{reg.ID, reg.Name, capText(reg.Cap), capShare(reg.Cap, nS, reg.Cap)}, func(st *stats) []string {
				n := st.oop[i]
				return []string{itoa(n), pct(n, nS), pct(n, st.placed), capShare(n, reg.Cap, reg.Cap)}
			}))
		}
		ts = append(ts, t)
	}

	// Every cap's use (no chart).
	if caps := rp.res[0].caps; len(caps) > 0 {
		t = Table{ID: "caps", Title: "Enterprise-wide and regional caps",
			Note:   "Students placed under each cap.",
			Header: append([]string{"kind", "id", "name", "cap"}, rp.heads("placed", "cap used")...)}
		for i, u := range caps {
			kind, id, name := "region", "", ""
			if u.Enterprise >= 0 {
				kind, id, name = "enterprise", c.Enterprises()[u.Enterprise].ID, c.Enterprises()[u.Enterprise].Name
			} else {
				id, name = c.Regions()[u.Region].ID, c.Regions()[u.Region].Name
			}
			t.Rows = append(t.Rows, rp.perResult([]string{kind, id, name, itoa(u.Cap)}, func(st *stats) []string {
				p := st.caps[i].Placed
				return []string{itoa(p), pct(p, u.Cap)}
			}))
		}
		ts = append(ts, t)
	}

	if rp.cmp == nil {
		return ts
	}
	a, b := rp.res[0].label, rp.res[1].label
	t = Table{ID: "gains", Title: "Who gains, who loses: " + a + " against " + b,
		Note: "Each student's rank under " + a + " (A) against " + b + " (B); being placed beats being unplaced. " +
			itoa(rp.cmp.better) + " students are better off under A, " + itoa(rp.cmp.worse) + " under B, " + itoa(rp.cmp.same) + " the same.",
		Header: []string{"move", "students", "share"}}
	for k, n := range rp.cmp.moves {
		t.Rows = append(t.Rows, []string{moveText(k, a, b), itoa(n), pct(n, nS)})
	}
	t.Total = []string{"all students", itoa(nS), pct(nS, nS)}
	ts = append(ts, t)

	if rp.cmp.hasBlocking {
		opt, other := rp.res[rp.cmp.optimal].label, rp.res[1-rp.cmp.optimal].label
		t = Table{ID: "blocking", Title: "Blocking pairs the optimal allocation creates",
			Note: "A blocking pair is a student and a position that would both rather be together, under " + other + "'s priorities, than with what " + opt +
				" gives them: the price of optimality in stability. " + itoa(rp.cmp.blocking) + " pairs, " + itoa(rp.cmp.studentsInBlocking) + " students in them; by the enterprise of the position, most first.",
			Header: []string{"enterprise", "name", "blocking pairs", "share"}}
		by := rp.cmp.blockingByEnt
		for _, e := range topEnterprises(by, len(by)) {
			if by[e] > 0 {
				ent := c.Enterprises()[e]
				t.Rows = append(t.Rows, []string{ent.ID, ent.Name, itoa(by[e]), pct(by[e], rp.cmp.blocking)})
			}
		}
		if none := len(by) - 1; by[none] > 0 {
			t.Rows = append(t.Rows, []string{"(none)", "positions of no enterprise", itoa(by[none]), pct(by[none], rp.cmp.blocking)})
		}
		if len(t.Rows) == 0 {
			t.Rows = append(t.Rows, []string{"(none)", "no blocking pair: the optimal allocation is stable", "0", "–"})
		}
		t.Total = []string{"all", "", itoa(rp.cmp.blocking), pct(rp.cmp.blocking, rp.cmp.blocking)}
		ts = append(ts, t)
	}
	return ts
}

// oopRegions returns the indices of the out-of-province regions.
func (rp *Report) oopRegions() []int {
	var out []int
	for g, reg := range rp.cohort.Regions() {
		if reg.Kind == model.OutOfProvince {
			out = append(out, g)
		}
	}
	return out
}

func moveText(k int, a, b string) string {
	r := strings.NewReplacer(" A", " "+a, " B", " "+b)
	return r.Replace(moveNames[k])
}

func reasonN(st *stats, why matching.Reason) int {
	for _, rc := range st.reasons {
		if rc.reason == why {
			return rc.n
		}
	}
	return 0
}

// capText writes a cap, floor or minimum, "" for 0 (none).
func capText(n int) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}

// capShare is pct(n, d) for a figure about a cap: "" when there is no
// cap (capacity 0).
func capShare(n, d, capacity int) string {
	if capacity == 0 {
		return ""
	}
	return pct(n, d)
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
