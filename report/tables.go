package report

import (
	"slices"
	"strconv"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Table is one table of a report: the numbers behind a chart, or a list.
// Cells are formatted text; counts are plain integers ("1234"), shares
// are percentages with one decimal ("71.0 %"), and "–" stands for a share
// of nothing.
type Table struct {
	// ID identifies the table, and its chart when it has one: rounds,
	// round-outcomes, round-moves, cascades (with Options.Round), rank,
	// unplaced, unplaced-students, fill-school, fill-level, fill-enterprise, fill-region,
	// fill-major, special-posts, special-school, out-of-province, caps,
	// gains, blocking.
	ID string
	// Title is a heading; Note one or two sentences on how to read it.
	Title, Note string
	// Header names the columns; each row of Rows has one cell a column.
	Header []string
	Rows   [][]string
	// Total is a last row of totals, or nil.
	Total []string
	// cols marks the first columns as IDs and names (the rest are text).
	cols []colKind
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

// Column kinds, for the HTML page: an ID is set small beside its name.
type colKind uint8

const (
	colText colKind = iota
	colID
	colName
)

// schoolFigures counts the students by school (the last element: of no
// school), the special-post ones among them, and the students by level.
func (rp *Report) schoolFigures() (students, special []int, levels [nLevels]int) {
	c := rp.cohort
	n := len(c.Schools())
	students, special = make([]int, n+1), make([]int, n+1)
	for s := range rp.students {
		i := index(c.StudentSchool(s), n)
		students[i]++
		if c.StudentSpecialPost(s) {
			special[i]++
		}
		levels[levelOf(c, s)]++
	}
	return students, special, levels
}

func (rp *Report) buildTables() []Table {
	c := rp.cohort
	p := rp.p
	nS, maxRank := rp.students, rp.maxRank
	var ts []Table
	none := p.Sprintf("(none)")
	all := p.Sprintf("all")

	// Students by rank obtained.
	t := Table{ID: "rank", Title: p.Sprintf("Students by the choice they obtained"),
		Note:   p.Sprintf("How many students obtained their 1st choice, their 2nd, ..., and how many none."),
		Header: append([]string{p.Sprintf("choice obtained")}, rp.heads(p.Sprintf("students"), p.Sprintf("share"))...)}
	for k := range maxRank {
		t.Rows = append(t.Rows, rp.perResult([]string{rp.ordinal(k + 1)}, func(st *stats) []string {
			n := 0
			if k < len(st.byRank) {
				n = st.byRank[k]
			}
			return []string{itoa(n), pct(n, nS)}
		}))
	}
	t.Rows = append(t.Rows, rp.perResult([]string{p.Sprintf("unplaced")}, func(st *stats) []string {
		return []string{itoa(nS - st.placed), pct(nS-st.placed, nS)}
	}))
	t.Total = rp.perResult([]string{p.Sprintf("all students")}, func(*stats) []string { return []string{itoa(nS), pct(nS, nS)} })
	ts = append(ts, t)

	// Unplaced by reason.
	reasons := rp.unplacedReasons()
	t = Table{ID: "unplaced", Title: p.Sprintf("Unplaced students by reason"),
		Note:   p.Sprintf("Why each unplaced student has no position."),
		Header: append([]string{p.Sprintf("reason")}, rp.heads(p.Sprintf("students"))...)}
	for _, why := range reasons {
		t.Rows = append(t.Rows, rp.perResult([]string{reasonText(rp, why, false)}, func(st *stats) []string {
			return []string{itoa(reasonN(st, why))}
		}))
	}
	if len(t.Rows) == 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{p.Sprintf("(none: every student is placed)")}, func(*stats) []string { return []string{"0"} }))
	}
	t.Total = rp.perResult([]string{p.Sprintf("all unplaced")}, func(st *stats) []string { return []string{itoa(nS - st.placed)} })
	ts = append(ts, t)

	// The unplaced students themselves, with their school and major.
	if t, ok := rp.unplacedStudents(); ok {
		ts = append(ts, t)
	}

	schStudents, schSpecial, lvlStudents := rp.schoolFigures()
	regionOf := func(id string) string {
		if g, ok := c.RegionIndex(id); ok {
			return idName(id, c.Regions()[g].Name)
		}
		return id
	}

	// Placement by school.
	if nSch := len(c.Schools()); nSch > 0 {
		t = Table{ID: "fill-school", Title: p.Sprintf("Placement by school"),
			Note: p.Sprintf("The students of each member school: how many were placed, how many at their first choice, and the mean rank of the choice obtained (1 is the first choice)."),
			Header: append([]string{p.Sprintf("school"), p.Sprintf("name"), p.Sprintf("level"), p.Sprintf("county"), p.Sprintf("students")},
				rp.heads(p.Sprintf("placed"), p.Sprintf("placement rate"), p.Sprintf("first choice"), p.Sprintf("mean rank"))...),
			cols: []colKind{colID, colName}}
		row := func(i int, head []string) []string {
			return rp.perResult(head, func(st *stats) []string {
				return []string{itoa(st.schPlaced[i]), pct(st.schPlaced[i], schStudents[i]), itoa(st.schFirst[i]), meanRank(st.schRank[i], st.schPlaced[i])}
			})
		}
		for i, sch := range c.Schools() {
			t.Rows = append(t.Rows, row(i, []string{sch.ID, sch.Name, rp.levelName(int(sch.Level)), regionOf(sch.Region), itoa(schStudents[i])}))
		}
		if schStudents[nSch] > 0 {
			t.Rows = append(t.Rows, row(nSch, []string{none, p.Sprintf("students of no school"), "", "", itoa(schStudents[nSch])}))
		}
		t.Total = rp.perResult([]string{all, "", "", "", itoa(nS)}, func(st *stats) []string {
			return []string{itoa(st.placed), pct(st.placed, nS), itoa(firstOf(st)), meanRank(st.totalRank, st.placed)}
		})
		ts = append(ts, t)
	}

	// Placement by level.
	if lvlStudents[0] < nS {
		t = Table{ID: "fill-level", Title: p.Sprintf("Placement by level"),
			Note:   p.Sprintf("Secondary and higher vocational students: how many were placed, how many at their first choice, and the mean rank of the choice obtained."),
			Header: append([]string{p.Sprintf("level"), p.Sprintf("students")}, rp.heads(p.Sprintf("placed"), p.Sprintf("placement rate"), p.Sprintf("first choice"), p.Sprintf("mean rank"))...)}
		for _, lv := range rp.levels(lvlStudents) {
			t.Rows = append(t.Rows, rp.perResult([]string{rp.levelName(lv), itoa(lvlStudents[lv])}, func(st *stats) []string {
				return []string{itoa(st.lvlPlaced[lv]), pct(st.lvlPlaced[lv], lvlStudents[lv]), itoa(st.lvlFirst[lv]), meanRank(st.lvlRank[lv], st.lvlPlaced[lv])}
			}))
		}
		t.Total = rp.perResult([]string{all, itoa(nS)}, func(st *stats) []string {
			return []string{itoa(st.placed), pct(st.placed, nS), itoa(firstOf(st)), meanRank(st.totalRank, st.placed)}
		})
		ts = append(ts, t)
	}

	entSeats, regSeats, majStudents := rp.entSeats, rp.regSeats, rp.majStudents

	// Fill by enterprise, most seats first.
	t = Table{ID: "fill-enterprise", Title: p.Sprintf("Fill rate by enterprise"),
		Note:   p.Sprintf("Seats are the sum of the capacities of the enterprise's positions; an enterprise-wide cap may allow fewer. Enterprises with the most seats first; the chart shows the first %d.", rp.top),
		Header: append([]string{p.Sprintf("enterprise"), p.Sprintf("name"), p.Sprintf("region"), p.Sprintf("seats"), p.Sprintf("cap")}, rp.heads(p.Sprintf("filled"), p.Sprintf("fill rate"))...),
		cols:   []colKind{colID, colName}}
	for _, e := range topEnterprises(entSeats, len(entSeats)) {
		ent := c.Enterprises()[e]
		region := ""
		if g := c.EnterpriseRegion(e); g >= 0 {
			region = idName(c.Regions()[g].ID, c.Regions()[g].Name)
		}
		t.Rows = append(t.Rows, rp.perResult([]string{ent.ID, ent.Name, region, itoa(entSeats[e]), capText(ent.Cap)}, func(st *stats) []string {
			return []string{itoa(st.entFill[e]), pct(st.entFill[e], entSeats[e])}
		}))
	}
	if n := len(entSeats) - 1; entSeats[n] > 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{none, p.Sprintf("positions of no enterprise"), "", itoa(entSeats[n]), ""}, func(st *stats) []string {
			return []string{itoa(st.entFill[n]), pct(st.entFill[n], entSeats[n])}
		}))
	}
	totalSeats := sum(entSeats)
	t.Total = rp.perResult([]string{all, "", "", itoa(totalSeats), ""}, func(st *stats) []string {
		return []string{itoa(st.placed), pct(st.placed, totalSeats)}
	})
	ts = append(ts, t)

	// Fill by region.
	t = Table{ID: "fill-region", Title: p.Sprintf("Fill rate by region"),
		Note:   p.Sprintf("Seats of the positions located in each region, and how many were filled."),
		Header: append([]string{p.Sprintf("region"), p.Sprintf("name"), p.Sprintf("kind"), p.Sprintf("seats"), p.Sprintf("cap"), p.Sprintf("floor")}, rp.heads(p.Sprintf("filled"), p.Sprintf("fill rate"))...),
		cols:   []colKind{colID, colName}}
	for g, reg := range c.Regions() {
		t.Rows = append(t.Rows, rp.perResult([]string{reg.ID, reg.Name, rp.kindName(reg.Kind), itoa(regSeats[g]), capText(reg.Cap), capText(reg.Floor)}, func(st *stats) []string {
			return []string{itoa(st.regFill[g]), pct(st.regFill[g], regSeats[g])}
		}))
	}
	if n := len(regSeats) - 1; regSeats[n] > 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{none, p.Sprintf("positions of no region"), "", itoa(regSeats[n]), "", ""}, func(st *stats) []string {
			return []string{itoa(st.regFill[n]), pct(st.regFill[n], regSeats[n])}
		}))
	}
	t.Total = rp.perResult([]string{all, "", "", itoa(totalSeats), "", ""}, func(st *stats) []string {
		return []string{itoa(st.placed), pct(st.placed, totalSeats)}
	})
	ts = append(ts, t)

	// Placement rate by major.
	t = Table{ID: "fill-major", Title: p.Sprintf("Placement rate by major"),
		Note:   p.Sprintf("A position accepts several majors, so a major has students rather than seats: the share of its students placed."),
		Header: append([]string{p.Sprintf("major"), p.Sprintf("name"), p.Sprintf("students")}, rp.heads(p.Sprintf("placed"), p.Sprintf("placement rate"))...),
		cols:   []colKind{colID, colName}}
	for m, maj := range c.Majors() {
		t.Rows = append(t.Rows, rp.perResult([]string{maj.ID, maj.Name, itoa(majStudents[m])}, func(st *stats) []string {
			return []string{itoa(st.majPlaced[m]), pct(st.majPlaced[m], majStudents[m])}
		}))
	}
	if n := len(majStudents) - 1; majStudents[n] > 0 {
		t.Rows = append(t.Rows, rp.perResult([]string{none, p.Sprintf("students of no major"), itoa(majStudents[n])}, func(st *stats) []string {
			return []string{itoa(st.majPlaced[n]), pct(st.majPlaced[n], majStudents[n])}
		}))
	}
	t.Total = rp.perResult([]string{all, "", itoa(nS)}, func(st *stats) []string {
		return []string{itoa(st.placed), pct(st.placed, nS)}
	})
	ts = append(ts, t)

	// Special posts by county.
	if sp := rp.res[0].special; len(sp) > 0 {
		t = Table{ID: "special-posts", Title: p.Sprintf("Special posts and special-post students by county"),
			Note: p.Sprintf("Every special post should be filled and every special-post student placed: the quota is a promise to both sides."),
			Header: append([]string{p.Sprintf("county"), p.Sprintf("name"), p.Sprintf("special-post seats"), p.Sprintf("special-post students")},
				rp.heads(p.Sprintf("seats filled"), p.Sprintf("fill rate"), p.Sprintf("students placed"), p.Sprintf("placement rate"))...),
			cols: []colKind{colID, colName}}
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
		t.Total = rp.perResult([]string{all, "", itoa(tot[0]), itoa(tot[1])}, func(st *stats) []string {
			var f, pl int
			for _, r := range st.special {
				f += r.Filled
				pl += r.Placed
			}
			return []string{itoa(f), pct(f, tot[0]), itoa(pl), pct(pl, tot[1])}
		})
		ts = append(ts, t)
	}

	// Special-post students by school.
	if nSp := sum(schSpecial); nSp > 0 && len(c.Schools()) > 0 {
		t = Table{ID: "special-school", Title: p.Sprintf("Special-post students by school"),
			Note:   p.Sprintf("The special-post students of each school and how many were placed: every one of them should be."),
			Header: append([]string{p.Sprintf("school"), p.Sprintf("name"), p.Sprintf("county"), p.Sprintf("special-post students")}, rp.heads(p.Sprintf("placed"), p.Sprintf("placement rate"))...),
			cols:   []colKind{colID, colName}}
		nSch := len(c.Schools())
		for i := range nSch + 1 {
			if schSpecial[i] == 0 {
				continue
			}
			head := []string{none, p.Sprintf("students of no school"), ""}
			if i < nSch {
				sch := c.Schools()[i]
				head = []string{sch.ID, sch.Name, regionOf(sch.Region)}
			}
			t.Rows = append(t.Rows, rp.perResult(append(head, itoa(schSpecial[i])), func(st *stats) []string {
				return []string{itoa(st.schSpecial[i]), pct(st.schSpecial[i], schSpecial[i])}
			}))
		}
		t.Total = rp.perResult([]string{all, "", "", itoa(nSp)}, func(st *stats) []string {
			n := sum(st.schSpecial)
			return []string{itoa(n), pct(n, nSp)}
		})
		ts = append(ts, t)
	}

	// Out of province against its cap.
	if oop := rp.oopRegions(); len(oop) > 0 {
		t = Table{ID: "out-of-province", Title: p.Sprintf("Out-of-province placements against the cap"),
			Note: p.Sprintf("Students placed in out-of-province positions, as a share of the cohort and of the students placed, against the region's cap."),
			Header: append([]string{p.Sprintf("region"), p.Sprintf("name"), p.Sprintf("cap"), p.Sprintf("cap share of cohort")},
				rp.heads(p.Sprintf("placed there"), p.Sprintf("share of cohort"), p.Sprintf("share of placed"), p.Sprintf("cap used"))...),
			cols: []colKind{colID, colName}}
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
		t = Table{ID: "caps", Title: p.Sprintf("Enterprise-wide and regional caps"),
			Note:   p.Sprintf("Students placed under each cap."),
			Header: append([]string{p.Sprintf("kind"), p.Sprintf("ID"), p.Sprintf("name"), p.Sprintf("cap")}, rp.heads(p.Sprintf("placed"), p.Sprintf("cap used"))...),
			cols:   []colKind{colText, colID, colName}}
		for i, u := range caps {
			var kind, id, name string
			if u.Enterprise >= 0 {
				kind, id, name = p.Sprintf("enterprise"), c.Enterprises()[u.Enterprise].ID, c.Enterprises()[u.Enterprise].Name
			} else {
				kind, id, name = p.Sprintf("region"), c.Regions()[u.Region].ID, c.Regions()[u.Region].Name
			}
			t.Rows = append(t.Rows, rp.perResult([]string{kind, id, name, itoa(u.Cap)}, func(st *stats) []string {
				pl := st.caps[i].Placed
				return []string{itoa(pl), pct(pl, u.Cap)}
			}))
		}
		ts = append(ts, t)
	}

	if rp.cmp == nil {
		return ts
	}
	a, b := rp.res[0].label, rp.res[1].label
	t = Table{ID: "gains", Title: p.Sprintf("Who gains, who loses: %s against %s", a, b),
		Note: p.Sprintf("Each student's choice obtained under %s against %s; being placed beats being unplaced. %d students are better off under %s, %d under %s, %d the same.",
			a, b, rp.cmp.better, a, rp.cmp.worse, b, rp.cmp.same),
		Header: []string{p.Sprintf("change"), p.Sprintf("students"), p.Sprintf("share")}}
	for k, n := range rp.cmp.moves {
		t.Rows = append(t.Rows, []string{moveName(p, k, a, b), itoa(n), pct(n, nS)})
	}
	t.Total = []string{p.Sprintf("all students"), itoa(nS), pct(nS, nS)}
	ts = append(ts, t)

	if rp.cmp.hasBlocking {
		opt, other := rp.res[rp.cmp.optimal].label, rp.res[1-rp.cmp.optimal].label
		t = Table{ID: "blocking", Title: p.Sprintf("Pairs who would both rather be together, under the optimal allocation"),
			Note: p.Sprintf("A student and a position who would both rather be together, by the priorities of %s, than with what %s gives them: the price the optimal allocation pays in stability. %d such pairs, %d students in them; by the enterprise of the position, most first.",
				other, opt, rp.cmp.blocking, rp.cmp.studentsInBlocking),
			Header: []string{p.Sprintf("enterprise"), p.Sprintf("name"), p.Sprintf("pairs"), p.Sprintf("share")},
			cols:   []colKind{colID, colName}}
		by := rp.cmp.blockingByEnt
		for _, e := range topEnterprises(by, len(by)) {
			if by[e] > 0 {
				ent := c.Enterprises()[e]
				t.Rows = append(t.Rows, []string{ent.ID, ent.Name, itoa(by[e]), pct(by[e], rp.cmp.blocking)})
			}
		}
		if n := len(by) - 1; by[n] > 0 {
			t.Rows = append(t.Rows, []string{none, p.Sprintf("positions of no enterprise"), itoa(by[n]), pct(by[n], rp.cmp.blocking)})
		}
		if len(t.Rows) == 0 {
			t.Rows = append(t.Rows, []string{none, p.Sprintf("no such pair: the optimal allocation is stable"), "0", "–"})
		}
		t.Total = []string{all, "", itoa(rp.cmp.blocking), pct(rp.cmp.blocking, rp.cmp.blocking)}
		ts = append(ts, t)
	}
	return ts
}

// unplacedStudents lists the students unplaced under some result, in
// cohort order, with their name, school and major and, for each result,
// why they are unplaced there (or the choice they obtained).
func (rp *Report) unplacedStudents() (Table, bool) {
	c, p := rp.cohort, rp.p
	t := Table{ID: "unplaced-students", Title: p.Sprintf("Unplaced students"),
		Note:   p.Sprintf("Every student without a position, with their school and major, and why."),
		Header: append([]string{p.Sprintf("student"), p.Sprintf("name"), p.Sprintf("school"), p.Sprintf("major")}, rp.heads(p.Sprintf("outcome"))...),
		cols:   []colKind{colID, colName}}
	for s := range rp.students {
		if !slices.ContainsFunc(rp.res, func(st *stats) bool { return st.res.Rank(s) == 0 }) {
			continue
		}
		st := c.Students()[s]
		school, major := "", ""
		if i := c.StudentSchool(s); i >= 0 {
			school = idName(c.Schools()[i].ID, c.Schools()[i].Name)
		}
		if m := c.StudentMajor(s); m >= 0 {
			major = idName(c.Majors()[m].ID, c.Majors()[m].Name)
		}
		t.Rows = append(t.Rows, rp.perResult([]string{st.ID, st.Name, school, major}, func(r *stats) []string {
			if k := r.res.Rank(s); k > 0 {
				return []string{p.Sprintf("placed: %s", rp.ordinal(k))}
			}
			return []string{reasonText(rp, r.res.Reason(s), false)}
		}))
	}
	return t, len(t.Rows) > 0
}

// levels returns the levels that have students: secondary, higher, then
// those of no level.
func (rp *Report) levels(students [nLevels]int) []int {
	var out []int
	for _, lv := range []int{int(model.Secondary), int(model.Higher), int(model.LevelUnspecified)} {
		if students[lv] > 0 {
			out = append(out, lv)
		}
	}
	return out
}

// firstOf counts the students placed at their first choice.
func firstOf(st *stats) int {
	if len(st.byRank) == 0 {
		return 0
	}
	return st.byRank[0]
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

// unplacedReasons are the reasons why students are unplaced under any of
// the results, in the order of matching.Reason.
func (rp *Report) unplacedReasons() []matching.Reason {
	var reasons []matching.Reason
	for _, st := range rp.res {
		for _, rc := range st.reasons {
			if !slices.Contains(reasons, rc.reason) {
				reasons = append(reasons, rc.reason)
			}
		}
	}
	slices.Sort(reasons)
	return reasons
}
