package report

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// DefaultTopEnterprises is how many enterprises, those with the most
// seats, the fill-enterprise and blocking charts draw by default; their
// tables list them all.
const DefaultTopEnterprises = 20

// Options adjusts a report. A nil *Options, or the zero value of a field,
// means the documented default.
type Options struct {
	// Labels name the results, in order, in every heading, legend and
	// column. A missing or empty label means the default, in the report's
	// language: the mechanism and, for an optimal allocation, its
	// objective (its own, or that of Objectives), as "optimal allocation
	// (least total rank)" or "最优分配（志愿位次总和最小）". Two equal labels
	// get " (1)" and " (2)" appended.
	Labels []string
	// TopEnterprises is how many enterprises the charts by enterprise
	// draw; 0 means DefaultTopEnterprises.
	TopEnterprises int
	// Objectives give, by result, the objective ("rank-sum",
	// "rank-maximal" or "generous") of an optimal allocation that does not
	// carry its own (one rebuilt from a result file), for its default
	// label; "" or a missing element means none.
	Objectives []string
	// Lang is the language of every text of the report: Simplified
	// Chinese for any Chinese tag (language.Chinese,
	// language.SimplifiedChinese, ...), else English (the zero value, and
	// any other tag).
	Lang language.Tag
	// Font is a font file (TrueType or OpenType, a collection or not)
	// with Chinese glyphs that the charts are measured and drawn with;
	// "" means the first of [FontPaths] that exists and loads. When
	// none does, the charts are drawn with the plot package's Liberation
	// fonts, in English, with IDs for names, and [Report.Warnings] says
	// so. A Font that does not load, or has no Chinese glyphs, is an
	// error.
	Font string
	// Round, for a report of one result of a supplementary round,
	// compares it with an earlier round of its chain (see
	// [RoundOptions]); nil: no comparison (the headings still name the
	// round of a round's result).
	Round *RoundOptions
}

// Report is the figures of one or two allocations of a cohort, ready to be
// written as text, HTML or chart files. Build it with [New] or
// [NewWithOptions].
type Report struct {
	cohort *model.Cohort
	// Figures of the cohort: students; the worst rank any result gives;
	// seats by enterprise and by region and students by major, each with
	// a last element for positions or students of none.
	students           int
	maxRank            int
	entSeats, regSeats []int
	majStudents        []int
	top                int // enterprises the charts draw
	res                []*stats
	cmp                *comparison // nil with one result
	round              *roundView  // nil without Options.Round
	tables             []Table
	charts             []chart
	// lang is the report's language, p its printer; the charts speak
	// clang with cp, which are lang and p when their font has Chinese
	// glyphs, else English.
	lang, clang language.Tag
	p, cp       *message.Printer
	font        *chartFont
	warnings    []string
}

// stats are one result's figures.
type stats struct {
	label     string
	chartName string // label in the charts' language and font
	res       *matching.Result
	placed    int
	totalRank int64
	byRank    []int // element i counts rank i+1
	reasons   []reasonCount
	entFill   []int // by enterprise; the last element counts positions of no enterprise
	regFill   []int // by region; the last element counts positions of no region
	majPlaced []int // by major; the last element counts students of no major
	special   []matching.CountySpecialPosts
	caps      []matching.CapUse
	oop       []int // placed in each out-of-province region, in the order of Report.oopRegions
	// By school (the last element counts students of no school) and by
	// level (model.Level): students placed, placed at their first choice,
	// the sum of their ranks; special-post students placed by school.
	schPlaced, schFirst, schSpecial []int
	schRank                         []int64
	lvlPlaced, lvlFirst             [nLevels]int
	lvlRank                         [nLevels]int64
}

// nLevels counts model.Level's values: unspecified, secondary, higher.
const nLevels = 3

type reasonCount struct {
	reason matching.Reason
	n      int
}

// comparison is what two results say together.
type comparison struct {
	better, worse, same int
	moves               [nMoves]int
	hasBlocking         bool // one result is an optimal allocation, so blocking pairs were counted
	optimal             int  // index of the optimal result when hasBlocking
	blocking            int
	studentsInBlocking  int
	blockingByEnt       []int // by enterprise; last element: positions of no enterprise
}

// Moves of a student's rank from the second result to the first.
const (
	onlyFirst = iota
	firstBy5
	firstBy2
	firstBy1
	sameRank
	secondBy1
	secondBy2
	secondBy5
	onlySecond
	neither
	nMoves
)

// New computes the report of one or two results of cohort c with the
// default options; see [NewWithOptions].
func New(c *model.Cohort, results ...*matching.Result) (*Report, error) {
	return NewWithOptions(c, nil, results...)
}

// NewWithOptions computes the report of one or two results of cohort c.
// Two results are typically an optimal allocation and a stable one: when
// one of them is optimal (matching.OptimalAllocation), matching.Compare
// counts the blocking pairs it creates under the other's priorities; two
// stable results are compared student by student, without blocking
// pairs. It returns an error when there are no results or more than two,
// or when a result was not computed on an instance of c (the same
// *model.Cohort). Neither c, opts nor the results are modified.
func NewWithOptions(c *model.Cohort, opts *Options, results ...*matching.Result) (*Report, error) {
	if c == nil {
		return nil, errors.New("report: no cohort")
	}
	if len(results) == 0 || len(results) > 2 {
		return nil, fmt.Errorf("report: %d results given, want 1 or 2", len(results))
	}
	for i, r := range results {
		if r == nil {
			return nil, fmt.Errorf("report: result %d is nil", i+1)
		}
		if r.Instance().Cohort() != c {
			return nil, fmt.Errorf("report: result %d (%v) is of another cohort", i+1, r.Mechanism())
		}
	}
	if opts == nil {
		opts = &Options{}
	}
	rp := &Report{cohort: c, students: results[0].Instance().Students(), top: opts.TopEnterprises, lang: lang.English}
	if base, _ := opts.Lang.Base(); base.String() == "zh" {
		rp.lang = lang.Chinese
	}
	rp.p = lang.Printer(rp.lang, catalog)
	if rp.top <= 0 {
		rp.top = DefaultTopEnterprises
	}
	f, failed, err := chooseFont(opts.Font, fontPaths())
	if err != nil {
		return nil, err
	}
	rp.font, rp.cp, rp.clang = f, rp.p, rp.lang
	if !f.cjk() {
		rp.cp, rp.clang = lang.Printer(lang.English, catalog), lang.English
		w := rp.p.Sprintf("no font with Chinese characters found (tried %s); the charts are in English and show IDs instead of names: install one (Debian: fonts-noto-cjk) or give one with -font FILE",
			strings.Join(fontPaths(), ", "))
		for _, e := range failed {
			w += "; " + e.Error()
		}
		rp.warnings = append(rp.warnings, w)
	}
	for i, r := range results {
		st := computeStats(c, r)
		obj := ""
		if i < len(opts.Objectives) {
			obj = opts.Objectives[i]
		}
		st.label = rp.label(r, obj)
		if i < len(opts.Labels) && opts.Labels[i] != "" {
			st.label = opts.Labels[i]
		}
		rp.res = append(rp.res, st)
		rp.maxRank = max(rp.maxRank, len(st.byRank))
	}
	rp.nameForCharts(results, opts.Objectives)
	rp.entSeats, rp.regSeats = rp.seats()
	rp.majStudents = make([]int, len(c.Majors())+1)
	for s := range rp.students {
		rp.majStudents[index(c.StudentMajor(s), len(c.Majors()))]++
	}
	if len(results) == 2 {
		a, b := rp.res[0].label, rp.res[1].label
		if a == b {
			rp.res[0].label, rp.res[1].label = a+" (1)", b+" (2)"
		}
		cmp, err := compare(c, results[0], results[1])
		if err != nil {
			return nil, err
		}
		rp.cmp = cmp
	}
	if opts.Round != nil {
		if rp.round, err = rp.newRoundView(opts.Round, results); err != nil {
			return nil, err
		}
	}
	rp.tables = append(rp.roundTables(), rp.buildTables()...)
	rp.charts = rp.buildCharts()
	return rp, nil
}

// label names a result as a planner does, by its mechanism and, for an
// optimal one, its objective (its own, else obj): "stable allocation,
// students first", "optimal allocation (least total rank)"; a
// supplementary round's result is named with its round first: "round 2,
// stable allocation, students first".
func (rp *Report) label(r *matching.Result, obj string) string {
	s := rp.mechanismName(r.Mechanism())
	if o, ok := r.Optimum(); ok {
		obj = o.Objective.String()
	}
	if r.Mechanism() == matching.OptimalAllocation && obj != "" {
		s = rp.p.Sprintf("%s (%s)", s, rp.objectiveName(obj))
	}
	if rd := r.Instance().Round(); rd != nil {
		s = rp.p.Sprintf("%s, %s", words.Round(rp.lang, rd.Number), s)
	}
	return s
}

// nameForCharts sets each result's chartName: its label, or, when the
// charts' font cannot draw it (no Chinese font), its English label, else
// "(k)"; numbered when two are the same.
func (rp *Report) nameForCharts(results []*matching.Result, objectives []string) {
	en := &Report{p: rp.cp} // mechanismName and objectiveName in the charts' printer
	for i, st := range rp.res {
		st.chartName = st.label
		if rp.font.has(st.chartName) {
			continue
		}
		obj := ""
		if i < len(objectives) {
			obj = objectives[i]
		}
		st.chartName = en.label(results[i], obj)
		if !rp.font.has(st.chartName) {
			st.chartName = fmt.Sprintf("(%d)", i+1)
		}
	}
	if len(rp.res) == 2 && rp.res[0].chartName == rp.res[1].chartName {
		rp.res[0].chartName += " (1)"
		rp.res[1].chartName += " (2)"
	}
}

// Warnings returns what the report could not do as asked, in its
// language: no font with Chinese characters for the charts. The caller
// shows them; the report is complete without.
func (rp *Report) Warnings() []string { return slices.Clone(rp.warnings) }

// FontFile returns the font file the charts are drawn with, or "" for the
// plot package's Liberation fonts (no Chinese characters).
func (rp *Report) FontFile() string { return rp.font.path }

func computeStats(c *model.Cohort, r *matching.Result) *stats {
	st := &stats{res: r, placed: r.Placed(), totalRank: r.TotalRank(), byRank: r.ByRank()}
	var counts []int
	for _, u := range r.Unplaced() {
		for int(u.Reason) >= len(counts) {
			counts = append(counts, 0)
		}
		counts[u.Reason]++
	}
	for why, n := range counts {
		if n > 0 {
			st.reasons = append(st.reasons, reasonCount{matching.Reason(why), n})
		}
	}
	fill := r.Fill()
	st.entFill = make([]int, len(c.Enterprises())+1)
	st.regFill = make([]int, len(c.Regions())+1)
	for p, n := range fill {
		st.entFill[index(c.PositionEnterprise(p), len(c.Enterprises()))] += n
		st.regFill[index(c.PositionRegion(p), len(c.Regions()))] += n
	}
	st.majPlaced = make([]int, len(c.Majors())+1)
	for s := range r.Instance().Students() {
		if r.Position(s) >= 0 {
			st.majPlaced[index(c.StudentMajor(s), len(c.Majors()))]++
		}
	}
	nSch := len(c.Schools())
	st.schPlaced, st.schFirst, st.schSpecial = make([]int, nSch+1), make([]int, nSch+1), make([]int, nSch+1)
	st.schRank = make([]int64, nSch+1)
	for s := range r.Instance().Students() {
		k := r.Rank(s)
		if k == 0 {
			continue
		}
		i, lv := index(c.StudentSchool(s), nSch), levelOf(c, s)
		st.schPlaced[i]++
		st.schRank[i] += int64(k)
		st.lvlPlaced[lv]++
		st.lvlRank[lv] += int64(k)
		if k == 1 {
			st.schFirst[i]++
			st.lvlFirst[lv]++
		}
		if c.StudentSpecialPost(s) {
			st.schSpecial[i]++
		}
	}
	st.special = r.SpecialPostsByCounty()
	st.caps = r.Caps()
	for g, reg := range c.Regions() {
		if reg.Kind == model.OutOfProvince {
			st.oop = append(st.oop, st.regFill[g])
		}
	}
	return st
}

// levelOf returns student s's level as an index below nLevels.
func levelOf(c *model.Cohort, s int) int {
	if lv := int(c.Students()[s].Level); lv < nLevels {
		return lv
	}
	return 0
}

// index maps -1 (none) to the extra last element n.
func index(i, n int) int {
	if i < 0 {
		return n
	}
	return i
}

// compare compares a with b; when one of them is optimal, matching.Compare
// also finds the blocking pairs it creates.
func compare(c *model.Cohort, a, b *matching.Result) (*comparison, error) {
	cmp := &comparison{}
	for s := range a.Instance().Students() {
		cmp.moves[move(a.Rank(s), b.Rank(s))]++
	}
	cmp.better = cmp.moves[onlyFirst] + cmp.moves[firstBy5] + cmp.moves[firstBy2] + cmp.moves[firstBy1]
	cmp.worse = cmp.moves[onlySecond] + cmp.moves[secondBy5] + cmp.moves[secondBy2] + cmp.moves[secondBy1]
	cmp.same = cmp.moves[sameRank] + cmp.moves[neither]
	opt, other := a, b
	switch {
	case a.Mechanism() == matching.OptimalAllocation && b.Mechanism() != matching.OptimalAllocation:
	case b.Mechanism() == matching.OptimalAllocation && a.Mechanism() != matching.OptimalAllocation:
		opt, other, cmp.optimal = b, a, 1
	default:
		return cmp, nil
	}
	mc, err := matching.Compare(opt, other)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	cmp.hasBlocking = true
	cmp.blocking = len(mc.BlockingPairs)
	cmp.studentsInBlocking = mc.StudentsInBlockingPairs
	cmp.blockingByEnt = make([]int, len(c.Enterprises())+1)
	for _, f := range mc.BlockingPairs {
		cmp.blockingByEnt[index(c.PositionEnterprise(f.Position), len(c.Enterprises()))]++
	}
	return cmp, nil
}

// move classifies a student's ranks in the first (ra) and second (rb)
// results; 0 is unplaced.
func move(ra, rb int) int {
	switch {
	case ra == 0 && rb == 0:
		return neither
	case rb == 0:
		return onlyFirst
	case ra == 0:
		return onlySecond
	}
	d := rb - ra // > 0: better in the first
	switch {
	case d >= 5:
		return firstBy5
	case d >= 2:
		return firstBy2
	case d == 1:
		return firstBy1
	case d == 0:
		return sameRank
	case d == -1:
		return secondBy1
	case d >= -4:
		return secondBy2
	}
	return secondBy5
}

// moveName labels move k, with a and b for the two results' labels.
func moveName(p *message.Printer, k int, a, b string) string {
	switch k {
	case onlyFirst:
		return p.Sprintf("placed only under %s", a)
	case firstBy5:
		return p.Sprintf("5 or more choices better under %s", a)
	case firstBy2:
		return p.Sprintf("2 to 4 choices better under %s", a)
	case firstBy1:
		return p.Sprintf("1 choice better under %s", a)
	case sameRank:
		return p.Sprintf("the same choice under both")
	case secondBy1:
		return p.Sprintf("1 choice better under %s", b)
	case secondBy2:
		return p.Sprintf("2 to 4 choices better under %s", b)
	case secondBy5:
		return p.Sprintf("5 or more choices better under %s", b)
	case onlySecond:
		return p.Sprintf("placed only under %s", b)
	}
	return p.Sprintf("unplaced under both")
}

// policyLine says, for result st, whether the promises of special posts
// and the out-of-province cap were kept: "special-post students placed
// 192 of 192, special posts filled 192 of 203; out of province 874
// (cap 1500)", or "" when the cohort has neither.
func (rp *Report) policyLine(st *stats) string {
	var parts []string
	if len(st.special) > 0 {
		var posts, filled, students, placed int
		for _, r := range st.special {
			posts += r.Posts
			filled += r.Filled
			students += r.Students
			placed += r.Placed
		}
		parts = append(parts, rp.p.Sprintf("special-post students placed %d of %d, special posts filled %d of %d", placed, students, filled, posts))
	}
	for i, g := range rp.oopRegions() {
		reg := rp.cohort.Regions()[g]
		if reg.Cap > 0 {
			parts = append(parts, rp.p.Sprintf("out of province (%s) %d (cap %d)", idName(reg.ID, reg.Name), st.oop[i], reg.Cap))
		} else {
			parts = append(parts, rp.p.Sprintf("out of province (%s) %d", idName(reg.ID, reg.Name), st.oop[i]))
		}
	}
	return strings.Join(parts, rp.p.Sprintf("; "))
}

// Results returns how many results the report covers, 1 or 2.
func (rp *Report) Results() int { return len(rp.res) }

// Label returns the name the report gives result i (0-based): its
// mechanism, and for an optimal allocation its objective, in the report's
// language, as "optimal allocation (least total rank)" or
// "最优分配（志愿位次总和最小）". It panics if i is out of range.
func (rp *Report) Label(i int) string { return rp.res[i].label }

// entSeats returns the seats (sum of capacities) of each enterprise, with
// a last element for positions of no enterprise, and likewise by region.
func (rp *Report) seats() (ent, reg []int) {
	c := rp.cohort
	ent = make([]int, len(c.Enterprises())+1)
	reg = make([]int, len(c.Regions())+1)
	for p, pos := range c.Positions() {
		ent[index(c.PositionEnterprise(p), len(c.Enterprises()))] += pos.Capacity
		reg[index(c.PositionRegion(p), len(c.Regions()))] += pos.Capacity
	}
	return ent, reg
}

// topEnterprises returns the indices of the n enterprises with the most
// seats, most first, ties by index.
func topEnterprises(seats []int, n int) []int {
	idx := make([]int, len(seats)-1)
	for e := range idx {
		idx[e] = e
	}
	slices.SortStableFunc(idx, func(a, b int) int { return seats[b] - seats[a] })
	return idx[:min(n, len(idx))]
}

// ordinal writes 1 as "1st choice" ("第1志愿"), 2 as "2nd choice", ...
func (rp *Report) ordinal(k int) string {
	if rp.lang == lang.Chinese {
		return rp.p.Sprintf("choice %d", k)
	}
	return rp.p.Sprintf("%s choice", ordinalEn(k))
}

// ordinalEn writes 1 as "1st", 2 as "2nd", ...
func ordinalEn(k int) string {
	suf := "th"
	if k%100 < 11 || k%100 > 13 {
		switch k % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return strconv.Itoa(k) + suf
}

// pct writes n/d as a percentage with one decimal, or "–" when d is 0.
func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(n)/float64(d), 'f', 1, 64) + " %"
}

// ratio returns n/d in percent, or 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}
