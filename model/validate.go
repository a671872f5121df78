package model

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// entity is a kind of record, in the order the file formats list them.
type entity uint8

const (
	entStudent entity = iota
	entPosition
	entEnterprise
	entRegion
	entSchool
	entMajor
	entOrderClass
	numEntities
)

var entityNames = [numEntities]string{"student", "position", "enterprise", "region", "school", "major", "order class"}

// entityKeys are the JSON array names, also the CSV file stems.
var entityKeys = [numEntities]string{"students", "positions", "enterprises", "regions", "schools", "majors", "order_classes"}

// source tells where each record came from, so that problems name the file
// and line. A nil *source means the API.
type source struct {
	file  [numEntities]string
	sheet [numEntities]string // in a workbook
	lines [numEntities][]int32
	pre   []*Problem // problems the loader found before validation
	csv   bool       // problems carry no JSON path (CSV files, workbooks)
	// cols maps a table's columns whose header is not their English name
	// (a Chinese header) to that header, for the problems that name them.
	cols [numEntities]map[string]string
	// bad lists, for records that did not decode cleanly, the fields that
	// failed ("" for the record as a whole, a row of the wrong shape): their
	// problems are in pre, and validation says nothing more of those
	// fields, since what it would say would only echo the decoding
	// problem. The record's other fields are checked as usual, so that
	// type, range and reference problems come in one pass.
	bad map[badKey][]string

	// choiceStart, when not nil, says that the loader resolved every
	// student's choices and left the records' Choices nil: student s's
	// are choicePos[choiceStart[s]:choiceStart[s+1]], each a position
	// index, or -1 for an ID no position has, whose text is
	// unknownChoice[its offset in choicePos].
	choiceStart   []int32
	choicePos     []int32
	unknownChoice map[int32]string

	// ids, when not nil, is a valid cohort with the same records' IDs,
	// whose indexes the new cohort shares (Cohort.WithChoices).
	ids *Cohort
}

// addChoices appends a run of resolved choices: counts[k] of them for each
// of the run's students, pos back to back, and the texts of the unknown
// ones by offset in pos.
func (s *source) addChoices(counts, pos []int32, unknown map[int32]string) {
	if s.choiceStart == nil {
		s.choiceStart = []int32{0}
	}
	base := int32(len(s.choicePos))
	for k, text := range unknown {
		if s.unknownChoice == nil {
			s.unknownChoice = make(map[int32]string)
		}
		s.unknownChoice[base+k] = text
	}
	at := s.choiceStart[len(s.choiceStart)-1]
	for _, n := range counts {
		at += n
		s.choiceStart = append(s.choiceStart, at)
	}
	s.choicePos = append(s.choicePos, pos...)
}

// positionTable indexes position IDs as validation will (a duplicate ID
// keeps its first record), for loaders that resolve choices as they read.
func positionTable(ps []Position) *idIndex {
	keys := packedIDs(len(ps), func(i int) string { return ps[i].ID })
	x := newIDIndexFor(keys)
	for i := range ps {
		x.add(keys[i], int32(i))
	}
	return x
}

type badKey struct {
	ent entity
	idx int
}

// badRec is a record that did not decode cleanly: its index in its batch
// or table, and the fields that failed ("" for the whole record).
type badRec struct {
	idx    int
	fields []string
}

func (s *source) markBad(ent entity, idx int, fields []string) {
	if s.bad == nil {
		s.bad = make(map[badKey][]string)
	}
	k := badKey{ent, idx}
	s.bad[k] = append(s.bad[k], fields...)
}

// badField says whether field of record idx of kind ent failed to decode
// (or the whole record did): a problem about it would echo the decoding
// problem. A problem about the record as a whole (field "") is kept unless
// the whole record failed.
func (s *source) badField(ent entity, idx int, field string) bool {
	if s == nil || s.bad == nil || idx < 0 {
		return false
	}
	fs, ok := s.bad[badKey{ent, idx}]
	if !ok {
		return false
	}
	return slices.Contains(fs, "") || (field != "" && slices.Contains(fs, field))
}

// anyBad says whether any field of record idx of kind ent failed to decode.
func (s *source) anyBad(ent entity, idx int) bool {
	if s == nil || s.bad == nil {
		return false
	}
	_, ok := s.bad[badKey{ent, idx}]
	return ok
}

// problemFields is the fields named by a record's decoding problems, ""
// for a problem about the record as a whole.
func problemFields(ps []*Problem) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Field)
	}
	return out
}

// collector gathers problems up to a limit, errors and warnings apart.
type collector struct {
	src          *source
	max          int
	strictElig   bool
	errs, warns  []*Problem
	omitE, omitW int
	// omittedRefs counts the unknown references among the errors beyond
	// the limit, so that the group of a renamed ID counts every row.
	omittedRefs map[omitKey]int
}

// omitKey is an unknown reference not listed: the kind of record and
// field it is in, and the kind and value it names.
type omitKey struct {
	entity, field string
	target        entity
	value         string
}

// countOmitted counts err, an error beyond the limit, if it is an
// unknown reference.
func (c *collector) countOmitted(entityName, field string, err error) {
	re, ok := err.(*refError)
	if !ok {
		return
	}
	if c.omittedRefs == nil {
		c.omittedRefs = make(map[omitKey]int)
	}
	c.omittedRefs[omitKey{entityName, field, re.target, re.value}]++
}

// add records a problem about field (sub-element sub, or -1) of record idx
// (or -1 for none) of kind ent.
func (c *collector) add(sev Severity, ent entity, idx int, id, field string, sub int, err error) {
	if c.src.badField(ent, idx, field) {
		return
	}
	list, omit := &c.errs, &c.omitE
	if sev == SeverityWarning {
		list, omit = &c.warns, &c.omitW
	}
	if len(*list) >= c.max {
		*omit++
		if sev == SeverityError {
			c.countOmitted(entityNames[ent], field, err)
		}
		return
	}
	p := &Problem{Severity: sev, Entity: entityNames[ent], ID: id, Field: field, Err: err}
	if idx >= 0 && (c.src == nil || !c.src.csv) {
		path := entityKeys[ent] + "[" + strconv.Itoa(idx) + "]"
		if field != "" {
			path += "." + field
			if sub >= 0 {
				path += "[" + strconv.Itoa(sub) + "]"
			}
		}
		p.Path = path
	}
	if c.src != nil {
		p.File, p.Sheet = c.src.file[ent], c.src.sheet[ent]
		if h, ok := c.src.cols[ent][field]; ok {
			p.Field = h
		}
		if idx >= 0 && idx < len(c.src.lines[ent]) {
			p.Line = int(c.src.lines[ent][idx])
		}
	}
	*list = append(*list, p)
}

func (c *collector) errorf(ent entity, idx int, id, field string, sub int, sentinel error, format string, args ...any) {
	c.add(SeverityError, ent, idx, id, field, sub, errorf(sentinel, format, args...))
}

func (c *collector) warnf(ent entity, idx int, id, field string, sub int, sentinel error, format string, args ...any) {
	c.add(SeverityWarning, ent, idx, id, field, sub, errorf(sentinel, format, args...))
}

// build validates d, which it takes ownership of, and returns the cohort.
func build(d Data, opts *Options, src *source) (*Cohort, error) {
	col := &collector{src: src, max: opts.maxProblems(), strictElig: opts != nil && opts.StrictEligibility}
	if src != nil {
		for _, p := range src.pre {
			if p.Severity == SeverityWarning {
				col.warns = append(col.warns, p)
			} else {
				col.errs = append(col.errs, p)
			}
		}
	}
	c := &Cohort{data: d}
	if src != nil && src.ids != nil {
		// The same records as src.ids (Cohort.WithChoices): the same
		// IDs, valid and indexed already; the indexes are immutable.
		o := src.ids
		c.regionIdx, c.schoolIdx, c.majorIdx, c.enterpriseIdx = o.regionIdx, o.schoolIdx, o.majorIdx, o.enterpriseIdx
		c.orderIdx, c.positionIdx, c.studentIdx = o.orderIdx, o.positionIdx, o.studentIdx
	} else {
		c.indexIDs(col)
	}
	c.checkRegions(col)
	c.checkSchools(col)
	c.checkEnterprises(col)
	c.checkOrderClasses(col)
	c.checkPositions(col)
	nPre := len(col.warns)
	dm := c.checkStudents(col)
	nStu := len(col.warns)
	if dm != nil {
		c.checkPromises(col, dm)
	}
	h := newHinter(c)
	h.suggestAll(col.errs)
	h.suggestAll(col.warns)
	if len(col.errs) > 0 || col.omitE > 0 {
		sortProblems(col.errs)
		return nil, &ValidationError{Problems: col.errs, Omitted: col.omitE, more: h.omittedGroups(col), Warnings: col.warnings()}
	}
	// The lists live on as c.choices only (see Cohort.spellChoices). An
	// empty list stays empty or nil as given, with no room to grow into
	// memory that the caller's data or a copy from Data could share.
	for i := range c.data.Students {
		if st := &c.data.Students[i]; len(st.Choices) > 0 {
			st.Choices = nil
		} else if st.Choices != nil {
			st.Choices = st.Choices[:0:0]
		}
	}
	if (src == nil || src.ids != nil) && col.omitW == 0 {
		// Built from the API's records (no file locations): kept for
		// Cohort.WithChoices to re-check only the students it changes.
		c.inc = newIncState(c, col, dm, nPre, nStu, opts)
	}
	c.warnings = col.warnings()
	return c, nil
}

// warnings returns the warnings collected, sorted, with a last one that
// counts those beyond the limit.
func (col *collector) warnings() []*Problem {
	sortProblems(col.warns)
	if col.omitW > 0 {
		col.warns = append(col.warns, &Problem{Severity: SeverityWarning,
			Err: errorf(ErrTooManyProblems, "%d more warnings not listed", col.omitW)})
		col.omitW = 0
	}
	return col.warns
}

// sortProblems orders problems by file, sheet and line, keeping the order
// of problems at the same place.
func sortProblems(ps []*Problem) {
	slices.SortStableFunc(ps, func(a, b *Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if c := strings.Compare(a.Sheet, b.Sheet); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
}

// indexIDs maps every entity's IDs to indices, reporting empty and
// duplicate IDs. A duplicate keeps the first record's index.
func (c *Cohort) indexIDs(col *collector) {
	d := &c.data
	index := func(ent entity, n int, id func(int) string) *idIndex {
		keys := packedIDs(n, id)
		if n >= 2*indexChunk && workers() > 1 {
			return indexParallel(col, ent, keys)
		}
		m := newIDIndexFor(keys)
		for i := range n {
			if p := idProblem(ent, i, keys[i], m.add); p != nil {
				p.report(col)
			}
		}
		return m
	}
	c.regionIdx = index(entRegion, len(d.Regions), func(i int) string { return d.Regions[i].ID })
	c.schoolIdx = index(entSchool, len(d.Schools), func(i int) string { return d.Schools[i].ID })
	c.majorIdx = index(entMajor, len(d.Majors), func(i int) string { return d.Majors[i].ID })
	c.enterpriseIdx = index(entEnterprise, len(d.Enterprises), func(i int) string { return d.Enterprises[i].ID })
	c.orderIdx = index(entOrderClass, len(d.OrderClasses), func(i int) string { return d.OrderClasses[i].ID })
	c.positionIdx = index(entPosition, len(d.Positions), func(i int) string { return d.Positions[i].ID })
	c.studentIdx = index(entStudent, len(d.Students), func(i int) string { return d.Students[i].ID })
}

// badID is what is wrong with record i's ID: none (empty), err (malformed),
// or the same as record first's.
type badID struct {
	ent   entity
	i     int
	id    string
	err   error
	first int32
}

// idProblem checks record i's ID s and adds it with add, which returns the
// value s has and whether it was added; it returns what is wrong, or nil.
func idProblem(ent entity, i int, s string, add func(string, int32) (int32, bool)) *badID {
	if s == "" {
		return &badID{ent: ent, i: i}
	}
	if err := checkID(s); err != nil {
		return &badID{ent: ent, i: i, id: s, err: err}
	}
	if j, added := add(s, int32(i)); !added {
		return &badID{ent: ent, i: i, id: s, first: j}
	}
	return nil
}

func (b *badID) report(col *collector) {
	switch {
	case b.id == "":
		col.errorf(b.ent, b.i, "", "id", -1, ErrEmptyID, "%s has no ID", phrase(entityNames[b.ent]))
	case b.err != nil:
		col.add(SeverityError, b.ent, b.i, b.id, "id", -1, b.err)
	default:
		if col.src != nil && int(b.first) < len(col.src.lines[b.ent]) {
			col.errorf(b.ent, b.i, b.id, "id", -1, ErrDuplicateID, "ID also used by line %d", int(col.src.lines[b.ent][b.first]))
			return
		}
		col.errorf(b.ent, b.i, b.id, "id", -1, ErrDuplicateID, "ID also used by %s", recordRef(col, b.ent, int(b.first)))
	}
}

// indexChunk is how many IDs one goroutine of indexParallel takes at a time.
const indexChunk = 16384

// indexParallel indexes keys as the loop of indexIDs does, reporting the
// same problems in the same order, on several goroutines: a million
// students' IDs are too many for one. IDs keyed as numbers go into the
// flat table by compare-and-swap, each slot keeping the smallest index of
// its key (the first record, as in one pass); the rest, in order, into
// the map. Duplicates are then found chunk by chunk, and the problems
// reported in index order.
func indexParallel(col *collector, ent entity, keys []string) *idIndex {
	n := len(keys)
	m := newIDIndexFor(keys)
	chunks := (n + indexChunk - 1) / indexChunk
	bad := make([][]*badID, chunks) // malformed and empty IDs, then every problem
	long := make([][]int32, chunks) // valid IDs for the map
	parallelChunks(chunks, func(k int) {
		for i := k * indexChunk; i < min((k+1)*indexChunk, n); i++ {
			s := keys[i]
			switch {
			case s == "" || checkID(s) != nil:
				bad[k] = append(bad[k], idProblem(ent, i, s, nil))
			case isShort(s):
				m.addMin(shortKey(s), int32(i))
			default:
				long[k] = append(long[k], int32(i))
			}
		}
	})
	m.n = m.settle()
	for _, l := range long {
		for _, i := range l {
			m.add(keys[i], i)
		}
	}
	parallelChunks(chunks, func(k int) {
		var out []*badID
		next := bad[k]
		for i := k * indexChunk; i < min((k+1)*indexChunk, n); i++ {
			if len(next) > 0 && next[0].i == i {
				out = append(out, next[0])
				next = next[1:]
				continue
			}
			if j, _ := m.get(keys[i]); int(j) != i {
				out = append(out, &badID{ent: ent, i: i, id: keys[i], first: j})
			}
		}
		bad[k] = out
	})
	for _, b := range bad {
		for _, p := range b {
			p.report(col)
		}
	}
	return m
}

// parallelChunks runs f(0..n-1) on workers() goroutines.
func parallelChunks(n int, f func(k int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers(), n) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				f(k)
			}
		})
	}
	wg.Wait()
}

// recordRef names record j of kind ent for a message: its line when the
// source has lines, else its JSON path.
func recordRef(col *collector, ent entity, j int) string {
	if col.src != nil && j < len(col.src.lines[ent]) {
		return "line " + strconv.Itoa(int(col.src.lines[ent][j]))
	}
	return entityKeys[ent] + "[" + strconv.Itoa(j) + "]"
}

// resolveRef resolves an optional reference: "" is -1; an unknown ID is reported
// and also -1.
func resolveRef(col *collector, m *idIndex, target entity, ent entity, idx int, id, field, value string) int32 {
	if value == "" {
		return -1
	}
	j, ok := m.get(value)
	if !ok {
		col.add(SeverityError, ent, idx, id, field, -1, &refError{target, value})
		return -1
	}
	return j
}

// amount checks a capacity-like number: 0 ≤ v ≤ MaxCapacity.
// A field that failed to decode is not checked and is not ok.
func amount(col *collector, ent entity, idx int, id, field string, v int) bool {
	if col.src.badField(ent, idx, field) {
		return false
	}
	if v < 0 || v > MaxCapacity {
		col.errorf(ent, idx, id, field, -1, ErrInvalidValue, "%d is outside 0..%d", v, MaxCapacity)
		return false
	}
	return true
}

func enumOK[T ~uint8](col *collector, ent entity, idx int, id, field string, v T, n int) {
	if int(v) >= n {
		col.errorf(ent, idx, id, field, -1, ErrInvalidValue, "unknown value %d", v)
	}
}

func (c *Cohort) checkRegions(col *collector) {
	for i := range c.data.Regions {
		r := &c.data.Regions[i]
		enumOK(col, entRegion, i, r.ID, "kind", r.Kind, len(regionKindNames))
		okCap := amount(col, entRegion, i, r.ID, "cap", r.Cap)
		okFloor := amount(col, entRegion, i, r.ID, "floor", r.Floor)
		if okCap && okFloor && r.Cap > 0 && r.Floor > r.Cap {
			col.errorf(entRegion, i, r.ID, "floor", -1, ErrCapacity, "floor %d exceeds the region's cap %d", r.Floor, r.Cap)
		}
	}
}

func (c *Cohort) checkSchools(col *collector) {
	for i := range c.data.Schools {
		s := &c.data.Schools[i]
		enumOK(col, entSchool, i, s.ID, "level", s.Level, len(levelNames))
		resolveRef(col, c.regionIdx, entRegion, entSchool, i, s.ID, "region", s.Region)
	}
}

func (c *Cohort) checkEnterprises(col *collector) {
	c.entRegion = make([]int32, len(c.data.Enterprises))
	for i := range c.data.Enterprises {
		e := &c.data.Enterprises[i]
		c.entRegion[i] = resolveRef(col, c.regionIdx, entRegion, entEnterprise, i, e.ID, "region", e.Region)
		amount(col, entEnterprise, i, e.ID, "cap", e.Cap)
	}
}

func (c *Cohort) checkOrderClasses(col *collector) {
	for i := range c.data.OrderClasses {
		o := &c.data.OrderClasses[i]
		if o.Enterprise == "" {
			col.errorf(entOrderClass, i, o.ID, "enterprise", -1, ErrUnknownRef, "an order class needs its sponsoring enterprise")
			continue
		}
		resolveRef(col, c.enterpriseIdx, entEnterprise, entOrderClass, i, o.ID, "enterprise", o.Enterprise)
	}
}

func (c *Cohort) checkPositions(col *collector) {
	d := &c.data
	n := len(d.Positions)
	c.posMajors = make([][]int32, n)
	c.posEnterprise = make([]int32, n)
	c.posRegion = make([]int32, n)
	c.rankStart = make([]int32, n+1)
	c.hasRanking = make([]bool, n)
	c.posMinScore = make([]float64, n)
	c.posSpecial = make([]bool, n)
	if len(d.Majors) <= 64 {
		c.posMajorMask = make([]uint64, n)
	}
	var seen []int32 // stamp by student: position index + 1; made for the first ranking
	for i := range d.Positions {
		p := &d.Positions[i]
		e := resolveRef(col, c.enterpriseIdx, entEnterprise, entPosition, i, p.ID, "enterprise", p.Enterprise)
		c.posEnterprise[i] = e
		r := resolveRef(col, c.regionIdx, entRegion, entPosition, i, p.ID, "region", p.Region)
		if p.Region == "" && e >= 0 {
			r = c.entRegion[e]
		}
		c.posRegion[i] = r
		okCap := amount(col, entPosition, i, p.ID, "capacity", p.Capacity)
		if okMin := amount(col, entPosition, i, p.ID, "min_fill", p.MinFill); okCap && okMin && p.MinFill > p.Capacity {
			col.errorf(entPosition, i, p.ID, "min_fill", -1, ErrCapacity, "minimum fill %d exceeds capacity %d", p.MinFill, p.Capacity)
		}
		if okT := amount(col, entPosition, i, p.ID, "target", p.Target); okCap && okT && p.Target > p.Capacity {
			col.errorf(entPosition, i, p.ID, "target", -1, ErrCapacity, "target %d exceeds capacity %d", p.Target, p.Capacity)
		}
		if math.IsNaN(p.MinScore) || math.IsInf(p.MinScore, 0) || p.MinScore < 0 {
			col.errorf(entPosition, i, p.ID, "min_score", -1, ErrInvalidValue, "minimum score %v is not a finite number ≥ 0", p.MinScore)
		}
		if p.Majors != nil {
			ms := make([]int32, 0, len(p.Majors))
			for k, m := range p.Majors {
				j, ok := c.majorIdx.get(m)
				switch {
				case !ok:
					col.add(SeverityError, entPosition, i, p.ID, "majors", k, &refError{entMajor, m})
				case slices.Contains(ms, j):
					col.errorf(entPosition, i, p.ID, "majors", k, ErrDuplicateChoice, "major %q listed twice", m)
				default:
					ms = append(ms, j)
				}
			}
			if len(p.Majors) > 0 {
				c.posMajors[i] = ms
				for _, m := range ms {
					if c.posMajorMask != nil {
						c.posMajorMask[i] |= 1 << uint(m)
					}
				}
			}
		}
		c.posMinScore[i] = p.MinScore
		c.posSpecial[i] = p.SpecialPost
		if p.SpecialPost {
			switch {
			case r < 0:
				col.errorf(entPosition, i, p.ID, "special_post", -1, ErrInvalidValue, "a special post needs a region (its county)")
			case d.Regions[r].Kind != County && d.Regions[r].Kind != KindUnspecified:
				col.errorf(entPosition, i, p.ID, "special_post", -1, ErrInvalidValue, "a special post must be in a county, not in %s region %q", d.Regions[r].Kind, d.Regions[r].ID)
			}
		}
		c.checkReserves(col, i, p, okCap)
		if p.Ranking != nil {
			if seen == nil {
				seen = make([]int32, len(d.Students))
			}
			c.hasRanking[i] = true
			for k, sid := range p.Ranking {
				s, ok := c.studentIdx.get(sid)
				switch {
				case !ok:
					col.add(SeverityError, entPosition, i, p.ID, "ranking", k, &refError{entStudent, sid})
				case seen[s] == int32(i)+1:
					col.errorf(entPosition, i, p.ID, "ranking", k, ErrDuplicateChoice, "student %q ranked twice", sid)
				default:
					seen[s] = int32(i) + 1
					c.ranking = append(c.ranking, s)
				}
			}
		}
		c.rankStart[i+1] = int32(len(c.ranking))
	}
}

func (c *Cohort) checkReserves(col *collector, i int, p *Position, okCap bool) {
	total := 0
	for k, rs := range p.Reserved {
		if rs.Seats < 0 || rs.Seats > MaxCapacity {
			col.errorf(entPosition, i, p.ID, "reserved", k, ErrInvalidValue, "%d reserved seats is outside 0..%d", rs.Seats, MaxCapacity)
			okCap = false
		}
		total += rs.Seats
		enumOK(col, entPosition, i, p.ID, "reserved", rs.Unused, len(unusedNames))
		for _, prev := range p.Reserved[:k] {
			if prev.Category == rs.Category {
				col.errorf(entPosition, i, p.ID, "reserved", k, ErrDuplicateChoice, "seats for %s reserved twice", rs.Category)
			}
		}
		switch rs.Category.Kind {
		case SpecialPostCategory:
		case OrderClassCategory:
			o, ok := c.orderIdx.get(rs.Category.ID)
			if !ok {
				col.add(SeverityError, entPosition, i, p.ID, "reserved", k, &refError{entOrderClass, rs.Category.ID})
				continue
			}
			if sp := c.data.OrderClasses[o].Enterprise; sp != p.Enterprise {
				col.errorf(entPosition, i, p.ID, "reserved", k, ErrInvalidValue, "seats for order class %q can be reserved only by its sponsor %q", rs.Category.ID, sp)
			}
		case CountyCategory:
			if _, ok := c.regionIdx.get(rs.Category.ID); !ok {
				col.add(SeverityError, entPosition, i, p.ID, "reserved", k, &refError{entRegion, rs.Category.ID})
			}
		default:
			col.errorf(entPosition, i, p.ID, "reserved", k, ErrInvalidValue, "unknown seat category %d", rs.Category.Kind)
		}
	}
	if okCap && total > p.Capacity {
		col.errorf(entPosition, i, p.ID, "reserved", -1, ErrCapacity, "%d reserved seats exceed capacity %d", total, p.Capacity)
	}
}

// demand gathers, while students are checked, what the promise checks
// need: eligible applicants by position and region, and special-post
// students and seats by county.
type demand struct {
	applicants       []int32 // eligible applicants by position
	regionApplicants []int32 // students with an eligible choice in the region
	spStudents       []int32 // special-post students by home county
	spSeats          []int64 // special-post seats by county
	spAny            bool
	// ranked and pos are the check's (studentCheck), kept for
	// Cohort.WithChoices (see incState).
	ranked [][]int32
	pos    []posCheck
}

// studentWork is what one goroutine of checkStudents owns: its problems
// for the chunk at hand, its stamps, and its share of the demand counts,
// which add up the same in any order.
type studentWork struct {
	col              collector
	pos              []posWork // by position
	regionStamp      []int32
	regionApplicants []int32
	spStudents       []int32
}

// posWork is what a goroutine of checkStudents keeps about a position,
// side by side so that a choice costs one cache line of it.
type posWork struct {
	seen       int32 // stamp: index + 1 of the last student who listed it
	applicants int32 // eligible applicants
}

// posCheck is what checking a choice reads about its position, gathered
// from the cohort's per-position arrays into one record, so that a choice
// costs one cache line, not one an array (see eligibility).
type posCheck struct {
	majorMask uint64
	minScore  float64
	region    int32
	special   bool
	ranked    bool
}

// studentChunk is the outcome of checking a run of students.
type studentChunk struct {
	errs, warns  []*Problem
	omitE, omitW int
	omittedRefs  map[omitKey]int
}

// checkStudents resolves and checks every student and their choices. The
// students are checked in chunks by a pool of goroutines and the outcomes
// joined in order, so the result is the same for any number of them.
//
// The choices go to c.choices: taken whole from the loader when it
// resolved them, else resolved here from the records' Choices, each chunk
// writing its own part. An unknown or repeated choice is left in place
// (as -1 or a repeat); either rejects the cohort.
func (c *Cohort) checkStudents(col *collector) *demand {
	d := &c.data
	n, np, nr := len(d.Students), len(d.Positions), len(d.Regions)
	c.stuSchool = make([]int32, n)
	c.stuMajor = make([]int32, n)
	c.stuRegion = make([]int32, n)
	c.stuOrder = make([]int32, n)
	c.stuScore = make([]float64, n)
	c.stuSpecial = make([]bool, n)
	sc := &studentCheck{c: c}
	if src := col.src; src != nil && len(src.choiceStart) == n+1 {
		c.choiceStart, c.choices = src.choiceStart, src.choicePos
		sc.resolved, sc.unknown = true, src.unknownChoice
	} else {
		c.choiceStart = make([]int32, n+1)
		total := 0
		for i := range d.Students {
			total += len(d.Students[i].Choices)
			c.choiceStart[i+1] = int32(min(total, math.MaxInt32))
		}
		if total > math.MaxInt32 {
			col.errorf(entStudent, -1, "", "choices", -1, ErrTooLarge, "%d choices in all; at most %d fit", total, math.MaxInt32)
			return nil
		}
		c.choices = make([]int32, total)
	}
	sc.setup(col.strictElig)
	dm := sc.dm
	dm.ranked, dm.pos = sc.ranked, sc.pos
	const chunk = 8192
	nw := 1
	if n >= 2*chunk {
		nw = workers()
	}
	var works []*studentWork
	var mu sync.Mutex
	newWork := func() *studentWork {
		w := &studentWork{
			col: collector{src: col.src, max: col.max, strictElig: col.strictElig},
			pos: make([]posWork, np), regionStamp: make([]int32, nr),
			regionApplicants: make([]int32, nr), spStudents: make([]int32, nr),
		}
		mu.Lock()
		works = append(works, w)
		mu.Unlock()
		return w
	}
	pool := newOrderedPool(nw, newWork, func(w *studentWork, r [2]int) studentChunk {
		return sc.run(w, r[0], r[1])
	}, col.merge)
	for lo := 0; lo < n; lo += chunk {
		pool.submit([2]int{lo, min(lo+chunk, n)})
	}
	pool.wait()
	for _, w := range works {
		for p := range w.pos {
			dm.applicants[p] += w.pos[p].applicants
		}
		for r := range nr {
			dm.regionApplicants[r] += w.regionApplicants[r]
			dm.spStudents[r] += w.spStudents[r]
		}
	}
	return dm
}

// merge appends a chunk's problems, keeping the limit as if they had been
// found one by one.
func (col *collector) merge(ch studentChunk) {
	take := func(list *[]*Problem, omit *int, more []*Problem, moreOmitted int, errs bool) {
		room := max(col.max-len(*list), 0)
		if len(more) > room {
			*omit += len(more) - room
			if errs {
				for _, p := range more[room:] {
					col.countOmitted(p.Entity, p.Field, p.Err)
				}
			}
			more = more[:room]
		}
		*list = append(*list, more...)
		*omit += moreOmitted
	}
	take(&col.errs, &col.omitE, ch.errs, ch.omitE, true)
	take(&col.warns, &col.omitW, ch.warns, ch.omitW, false)
	for k, n := range ch.omittedRefs {
		if col.omittedRefs == nil {
			col.omittedRefs = make(map[omitKey]int)
		}
		col.omittedRefs[k] += n
	}
}

// studentCheck is what every goroutine of checkStudents reads.
type studentCheck struct {
	c        *Cohort
	dm       *demand // spSeats and spAny only: the counts go to the works
	ranked   [][]int32
	eligSev  Severity
	resolved bool             // the loader resolved the choices into c.choices
	unknown  map[int32]string // when resolved: the text of each -1 in c.choices
	pos      []posCheck       // by position; nil when majors need more than a mask
	// shared: c's per-student arrays (stuSchool ...) are filled in
	// already and may be shared with another cohort: run only reads them.
	shared bool
}

// setup fills in what every check reads besides the choices: the
// demand counts to add to (and the special-post seats), the ranked sets
// and the positions' records.
func (sc *studentCheck) setup(strictElig bool) { sc.setupWith(strictElig, nil, nil) }

// setupWith is setup taking the ranked sets and the positions' records
// made by an earlier setup for the same records and rankings (nil: made
// here).
func (sc *studentCheck) setupWith(strictElig bool, ranked [][]int32, pos []posCheck) {
	c := sc.c
	d := &c.data
	np, nr := len(d.Positions), len(d.Regions)
	dm := &demand{
		applicants:       make([]int32, np),
		regionApplicants: make([]int32, nr),
		spStudents:       make([]int32, nr),
		spSeats:          make([]int64, nr),
	}
	for p := range d.Positions {
		if c.posSpecial[p] {
			if r := c.posRegion[p]; r >= 0 {
				dm.spSeats[r] += int64(d.Positions[p].Capacity)
			}
			dm.spAny = true
		}
	}
	sc.dm, sc.ranked, sc.pos = dm, ranked, pos
	if ranked == nil {
		sc.ranked = c.rankedSets()
	}
	if pos == nil && c.posMajorMask != nil {
		sc.pos = make([]posCheck, np)
		for p := range sc.pos {
			sc.pos[p] = posCheck{majorMask: c.posMajorMask[p], minScore: c.posMinScore[p],
				region: c.posRegion[p], special: c.posSpecial[p], ranked: c.hasRanking[p]}
		}
	}
	sc.eligSev = SeverityWarning
	if strictElig {
		sc.eligSev = SeverityError
	}
}

// eligibility is Cohort.Eligibility(s, p) for a cohort with a major mask
// (at most 64 majors), reading the position from pc.
func (sc *studentCheck) eligibility(s int, pc *posCheck) Ineligibility {
	c := sc.c
	ps, ss := pc.special, c.stuSpecial[s]
	switch {
	case ps && !ss:
		return NotSpecialPostStudent
	case !ps && ss:
		return SpecialPostsOnly
	case ps && !c.data.Policy.SpecialPostAnyCounty && pc.region != c.stuRegion[s]:
		return OtherCounty
	}
	if mask := pc.majorMask; mask != 0 {
		if m := c.stuMajor[s]; m < 0 || mask&(1<<uint(m)) == 0 {
			return MajorNotAccepted
		}
	}
	if c.stuScore[s] < pc.minScore {
		return ScoreBelowMinimum
	}
	return Eligible
}

// run checks students lo..hi-1.
func (sc *studentCheck) run(w *studentWork, lo, hi int) studentChunk {
	c, d := sc.c, &sc.c.data
	col := &w.col
	col.errs, col.warns, col.omitE, col.omitW, col.omittedRefs = nil, nil, 0, 0, nil
	for i := lo; i < hi; i++ {
		s := &d.Students[i]
		if !sc.shared {
			// (A shared cohort's records resolved without a problem, in
			// the valid cohort that filled in the arrays: resolveRef
			// reports only unknown references.)
			c.stuSchool[i] = resolveRef(col, c.schoolIdx, entSchool, entStudent, i, s.ID, "school", s.School)
			c.stuMajor[i] = resolveRef(col, c.majorIdx, entMajor, entStudent, i, s.ID, "major", s.Major)
			c.stuRegion[i] = resolveRef(col, c.regionIdx, entRegion, entStudent, i, s.ID, "region", s.Region)
			c.stuOrder[i] = resolveRef(col, c.orderIdx, entOrderClass, entStudent, i, s.ID, "order_class", s.OrderClass)
			c.stuScore[i] = s.Score
			c.stuSpecial[i] = s.SpecialPost
		}
		enumOK(col, entStudent, i, s.ID, "level", s.Level, len(levelNames))
		if math.IsNaN(s.Score) || math.IsInf(s.Score, 0) || s.Score < 0 {
			col.errorf(entStudent, i, s.ID, "score", -1, ErrInvalidValue, "score %v is not a finite number ≥ 0", s.Score)
		}
		switch r := c.stuRegion[i]; {
		case !s.SpecialPost:
		case s.Region == "":
			col.errorf(entStudent, i, s.ID, "region", -1, ErrInvalidValue, "a special-post student needs a home region (their county)")
		case r >= 0 && d.Regions[r].Kind != County && d.Regions[r].Kind != KindUnspecified:
			col.errorf(entStudent, i, s.ID, "region", -1, ErrInvalidValue, "a special-post student's home region must be a county, not %s region %q", d.Regions[r].Kind, s.Region)
		}
		reach := false
		off := c.choiceStart[i]
		list := c.choices[off:c.choiceStart[i+1]]
		for k := range list {
			var p int32
			if sc.resolved {
				p = list[k]
			} else {
				var ok bool
				if p, ok = c.positionIdx.get(s.Choices[k]); !ok {
					p = -1
				}
				list[k] = p
			}
			switch {
			case p < 0:
				text := sc.unknown[off+int32(k)]
				if !sc.resolved {
					text = s.Choices[k]
				}
				col.add(SeverityError, entStudent, i, s.ID, "choices", k, &refError{entPosition, text})
				continue
			case w.pos[p].seen == int32(i)+1:
				col.errorf(entStudent, i, s.ID, "choices", k, ErrDuplicateChoice, "position %q listed twice", d.Positions[p].ID)
				continue
			}
			pw := &w.pos[p]
			pw.seen = int32(i) + 1
			var why Ineligibility
			var pc *posCheck
			if sc.pos != nil {
				pc = &sc.pos[p]
				why = sc.eligibility(i, pc)
			} else {
				why = c.Eligibility(i, int(p))
			}
			if why != Eligible {
				if col.src.anyBad(entStudent, i) {
					continue // it may only echo a field that failed to decode
				}
				col.add(sc.eligSev, entStudent, i, s.ID, "choices", k,
					errorf(ErrIneligible, "position %q: %s", d.Positions[p].ID, phrase(why.String())))
				continue
			}
			ranked, r, special := c.hasRanking[p], c.posRegion[p], c.posSpecial[p]
			if pc != nil {
				ranked, r, special = pc.ranked, pc.region, pc.special
			}
			if ranked {
				if _, in := slices.BinarySearch(sc.ranked[p], int32(i)); !in {
					continue
				}
			}
			pw.applicants++
			if r >= 0 && w.regionStamp[r] != int32(i)+1 {
				w.regionStamp[r] = int32(i) + 1
				w.regionApplicants[r]++
			}
			reach = reach || special
		}
		if r := c.stuRegion[i]; s.SpecialPost && r >= 0 {
			w.spStudents[r]++
			switch {
			case !sc.dm.spAny || (!d.Policy.SpecialPostAnyCounty && sc.dm.spSeats[r] == 0):
				col.errorf(entStudent, i, s.ID, "special_post", -1, ErrUnreachable, "no special post in reach: region %q offers none", s.Region)
			case !reach:
				col.warnf(entStudent, i, s.ID, "choices", -1, ErrUnreachable, "special-post student lists no special post they may take")
			}
		}
	}
	return studentChunk{errs: col.errs, warns: col.warns, omitE: col.omitE, omitW: col.omitW, omittedRefs: col.omittedRefs}
}

// counts adds what run adds to w's demand counts for student s of a
// valid cohort (applicants by position and by region; not spStudents,
// which the lists do not change), reading only the lists and the
// per-student arrays: no record, no check.
func (sc *studentCheck) counts(w *studentWork, s int) {
	c := sc.c
	stamp := int32(s) + 1
	for _, p := range c.choices[c.choiceStart[s]:c.choiceStart[s+1]] {
		if p < 0 || w.pos[p].seen == stamp {
			continue
		}
		pw := &w.pos[p]
		pw.seen = stamp
		ranked, r := c.hasRanking[p], c.posRegion[p]
		if sc.pos != nil {
			pc := &sc.pos[p]
			if sc.eligibility(s, pc) != Eligible {
				continue
			}
			ranked, r = pc.ranked, pc.region
		} else if c.Eligibility(s, int(p)) != Eligible {
			continue
		}
		if ranked {
			if _, in := slices.BinarySearch(sc.ranked[p], int32(s)); !in {
				continue
			}
		}
		pw.applicants++
		if r >= 0 && w.regionStamp[r] != stamp {
			w.regionStamp[r] = stamp
			w.regionApplicants[r]++
		}
	}
}

// checkPromises checks the quotas that need every student counted: special
// posts, floors and minimum fills.
func (c *Cohort) checkPromises(col *collector, dm *demand) {
	c.checkSpecialQuotas(col, dm.spStudents, dm.spSeats)
	c.checkFloors(col, dm.applicants, dm.regionApplicants)
}

// rankedSets returns, for each position with an explicit ranking, its
// ranked students sorted by index (nil for positions without).
func (c *Cohort) rankedSets() [][]int32 {
	out := make([][]int32, len(c.data.Positions))
	for p := range out {
		if rk, ok := c.Ranking(p); ok {
			out[p] = slices.Sorted(slices.Values(rk))
			if out[p] == nil {
				out[p] = []int32{}
			}
		}
	}
	return out
}

// checkSpecialQuotas compares, county by county, special-post students
// with special-post seats: more students than seats breaks the promise to
// the students (error); more seats than students leaves posts empty
// (warning). With SpecialPostAnyCounty the comparison is group-wide.
func (c *Cohort) checkSpecialQuotas(col *collector, students []int32, seats []int64) {
	d := &c.data
	if d.Policy.SpecialPostAnyCounty {
		var st, se int64
		for r := range students {
			st += int64(students[r])
			se += seats[r]
		}
		if st > se {
			col.errorf(entRegion, -1, "", "", -1, ErrCapacity, "%d special-post students but only %d special-post seats in all counties", st, se)
		}
		return
	}
	for r := range d.Regions {
		id := d.Regions[r].ID
		switch st, se := int64(students[r]), seats[r]; {
		case st > se:
			col.errorf(entRegion, r, id, "", -1, ErrCapacity, "%d special-post students from the county but only %d special-post seats", st, se)
		case se > st:
			col.warnf(entRegion, r, id, "", -1, ErrCapacity, "%d special-post seats but only %d special-post students from the county", se, st)
		}
	}
}

// checkFloors reports floors that can never be met (errors: more than the
// seats that could ever count toward them) and floors that the choices made
// cannot meet (warnings: fewer eligible applicants than the floor).
func (c *Cohort) checkFloors(col *collector, applicants, regionApplicants []int32) {
	d := &c.data
	for p := range d.Positions {
		pos := &d.Positions[p]
		if pos.MinFill > 0 && int(applicants[p]) < pos.MinFill {
			col.warnf(entPosition, p, pos.ID, "min_fill", -1, ErrUnreachable, "minimum fill %d but only %d eligible applicants", pos.MinFill, applicants[p])
		}
	}
	// Seats that can reach a region: each enterprise contributes its
	// positions there, limited by its cap.
	seats := make([]int64, len(d.Regions))
	entSeats := make(map[[2]int32]int64)
	for p := range d.Positions {
		r := c.posRegion[p]
		if r < 0 {
			continue
		}
		if e := c.posEnterprise[p]; e >= 0 && d.Enterprises[e].Cap > 0 {
			entSeats[[2]int32{e, r}] += int64(d.Positions[p].Capacity)
			continue
		}
		seats[r] += int64(d.Positions[p].Capacity)
	}
	for k, v := range entSeats {
		seats[k[1]] += min(v, int64(d.Enterprises[k[0]].Cap))
	}
	for r := range d.Regions {
		reg := &d.Regions[r]
		switch {
		case reg.Floor == 0:
		case int64(reg.Floor) > seats[r]:
			col.errorf(entRegion, r, reg.ID, "floor", -1, ErrCapacity, "floor %d exceeds the %d seats that positions in the region offer", reg.Floor, seats[r])
		case int(regionApplicants[r]) < reg.Floor:
			col.warnf(entRegion, r, reg.ID, "floor", -1, ErrUnreachable, "floor %d but only %d students list an eligible position in the region", reg.Floor, regionApplicants[r])
		}
	}
	need := make([]int, len(d.Enterprises))
	for p := range d.Positions {
		if e := c.posEnterprise[p]; e >= 0 {
			need[e] += d.Positions[p].MinFill
		}
	}
	for e := range d.Enterprises {
		if ent := &d.Enterprises[e]; ent.Cap > 0 && need[e] > ent.Cap {
			col.errorf(entEnterprise, e, ent.ID, "cap", -1, ErrCapacity, "cap %d is below the %d seats its positions' minimum fills require", ent.Cap, need[e])
		}
	}
}

// checkID rejects IDs that would not survive the file formats or that are
// almost certainly typing slips: surrounding spaces, control characters,
// and ";" (the CSV list separator).
func checkID(s string) error {
	if strings.TrimSpace(s) != s {
		return errorf(ErrInvalidValue, "ID %q has leading or trailing spaces", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == ';' || r == utf8.RuneError {
			return errorf(ErrInvalidValue, "ID %q has a character not allowed in IDs (control character, ';' or invalid UTF-8)", s)
		}
	}
	return nil
}
