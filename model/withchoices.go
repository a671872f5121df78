package model

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// WithChoices returns a cohort like c whose students listed in lists
// (by student index) have those lists instead (position indices of c,
// most preferred first); every other record is c's. It validates the
// new cohort as [New] does its data (the same errors and warnings, and
// the same cohort: its Fingerprint is that of New given c.Data() with
// the lists replaced), but takes the lists as indices, so that no
// student's list is spelled out as IDs and resolved again, and shares
// c's records, indexes and per-record arrays. When c was made through
// the API (New, or WithChoices) and opts are c's, it checks only the
// students in lists, against their old and new lists, and corrects the
// quota and floor checks by the difference: O(S + C) integer copying
// (the lists) and O(P + changed choices) checks; otherwise (a cohort
// loaded from files, whose problems carry locations, other options, an
// error, or more warnings than MaxProblems) it validates every student.
// A nil opts means the defaults. It never modifies c or lists. A student
// index out of range or a position index out of range is an error.
func (c *Cohort) WithChoices(lists map[int][]int32, opts *Options) (*Cohort, error) {
	n, np := len(c.data.Students), len(c.data.Positions)
	// The students in lists, in order, with their lists: a bit set of
	// them, walked (not the keys sorted, nor the map looked up again).
	in := make(studentSet, (n+63)/64)
	type entry struct {
		s int
		l []int32
	}
	es := make([]entry, 0, len(lists))
	for s, l := range lists {
		if s < 0 || s >= n {
			return nil, fmt.Errorf("model: with choices: student index %d out of range", s)
		}
		for _, p := range l {
			if p < 0 || int(p) >= np {
				return nil, fmt.Errorf("model: with choices: student %q: position index %d out of range", c.data.Students[s].ID, p)
			}
		}
		in[s>>6] |= 1 << (s & 63)
		es = append(es, entry{s, l})
	}
	before := make([]int32, len(in)) // the students in lists before each word's
	for w, k := 0, 0; w < len(in); w++ {
		before[w] = int32(k)
		k += bits.OnesCount64(in[w])
	}
	changed := make([]int, len(es))
	newLists := make([][]int32, len(es))
	for _, e := range es {
		k := int(before[e.s>>6]) + bits.OnesCount64(in[e.s>>6]&(1<<(e.s&63)-1))
		changed[k], newLists[k] = e.s, e.l
	}
	start := make([]int32, n+1)
	total, k := 0, 0
	for s := range n {
		if k < len(changed) && changed[k] == s {
			total += len(newLists[k])
			k++
		} else {
			total += int(c.choiceStart[s+1] - c.choiceStart[s])
		}
		if total > math.MaxInt32 {
			return nil, fmt.Errorf("model: with choices: %d choices in all; at most %d fit", total, math.MaxInt32)
		}
		start[s+1] = int32(total)
	}
	pos := make([]int32, total)
	prev := 0 // the first student not copied yet
	for k, s := range changed {
		copy(pos[start[prev]:start[s]], c.choices[c.choiceStart[prev]:c.choiceStart[s]])
		copy(pos[start[s]:start[s+1]], newLists[k])
		prev = s + 1
	}
	copy(pos[start[prev]:], c.choices[c.choiceStart[prev]:])
	if nc := c.withChoicesInc(in, changed, newLists, start, pos, opts); nc != nil {
		return nc, nil
	}
	d := cloneData(c.data)
	if c.sharedStudents {
		d.Students = c.records() // a copy, with c's empty lists
	}
	for i := range d.Students {
		st := &d.Students[i]
		switch {
		case start[i+1] > start[i]:
			st.Choices = nil // in the source, as a loader leaves them
		case st.Choices != nil:
			st.Choices = st.Choices[:0:0] // an empty list stays empty, not absent
		default:
			if in.has(i) {
				st.Choices = []string{}
			}
		}
	}
	return build(d, opts, &source{choiceStart: start, choicePos: pos, ids: c})
}

// studentSet is a set of student indices, a bit each.
type studentSet []uint64

func (x studentSet) has(s int) bool { return x[s>>6]&(1<<(s&63)) != 0 }

// incState is what a cohort built from the API's records (no file
// locations, so that its problems are those New gives) keeps for
// WithChoices: its options, its warnings split by the phase of
// validation that found them, in the order found (the order New lists
// them in, since none has a file or line to sort by), and the demand
// counts that its students' lists add up to.
type incState struct {
	max    int
	strict bool
	// pre are the warnings found before the students (records other
	// than students), stu the students' (stuOf[k]: whose stu[k] is), in
	// student order.
	pre, stu []*Problem
	stuOf    []int32
	// applicants, regionApplicants and spStudents are the demand counts
	// (see demand).
	applicants, regionApplicants, spStudents []int32
	// ranked and pos are what a check of the students reads (see
	// studentCheck): the same for every cohort WithChoices makes from
	// this one, which shares its records and rankings.
	ranked [][]int32
	pos    []posCheck
}

// newIncState keeps what build found: col's warnings, the first nPre of
// them found before the students and the next up to nStu the students'.
func newIncState(c *Cohort, col *collector, dm *demand, nPre, nStu int, opts *Options) *incState {
	if dm == nil {
		return nil
	}
	in := &incState{max: col.max, strict: opts != nil && opts.StrictEligibility,
		pre: slices.Clone(col.warns[:nPre]), stu: slices.Clone(col.warns[nPre:nStu]),
		applicants: dm.applicants, regionApplicants: dm.regionApplicants, spStudents: dm.spStudents,
		ranked: dm.ranked, pos: dm.pos}
	in.stuOf = make([]int32, len(in.stu))
	for k, p := range in.stu {
		s, ok := c.studentIdx.get(p.ID)
		if !ok || p.Entity != entityNames[entStudent] {
			return nil
		}
		in.stuOf[k] = s
	}
	return in
}

// withChoicesInc is WithChoices for a cohort that kept its incState:
// it checks again only the students in lists, against their old lists
// and their new ones, and corrects the demand counts, the warnings and
// the quotas' checks by the difference, sharing every other record and
// array with c. It returns nil when it cannot give exactly what a full
// validation would (other options, an error found, warnings beyond the
// limit): WithChoices then validates in full. in is the set of the
// students whose lists change, changed the same in order, lists their new
// lists (by k, of changed[k]), start and pos the new cohort's lists.
func (c *Cohort) withChoicesInc(in studentSet, changed []int, lists [][]int32, start, pos []int32, opts *Options) *Cohort {
	inc := c.inc
	if inc == nil || inc.max != opts.maxProblems() || inc.strict != (opts != nil && opts.StrictEligibility) {
		return nil
	}
	nc := &Cohort{
		data:       c.data,
		studentIdx: c.studentIdx, positionIdx: c.positionIdx, enterpriseIdx: c.enterpriseIdx, regionIdx: c.regionIdx,
		schoolIdx: c.schoolIdx, majorIdx: c.majorIdx, orderIdx: c.orderIdx,
		choices: pos, choiceStart: start,
		ranking: c.ranking, rankStart: c.rankStart, hasRanking: c.hasRanking,
		posMajors: c.posMajors, posMajorMask: c.posMajorMask, posMinScore: c.posMinScore, posSpecial: c.posSpecial,
		stuScore: c.stuScore, stuSpecial: c.stuSpecial, posEnterprise: c.posEnterprise, posRegion: c.posRegion,
		stuSchool: c.stuSchool, stuMajor: c.stuMajor, stuRegion: c.stuRegion, stuOrder: c.stuOrder, entRegion: c.entRegion,
	}
	// The records are c's, the students' shared too (see
	// Cohort.sharedStudents): only the students whose lists become empty
	// are noted, so that an empty list is told from an absent one.
	nc.sharedStudents = true
	k := 0
	for _, s := range c.emptied { // c's empty lists that stay empty
		for ; k < len(changed) && changed[k] < int(s); k++ {
			if len(lists[k]) == 0 {
				nc.emptied = append(nc.emptied, int32(changed[k]))
			}
		}
		if k < len(changed) && changed[k] == int(s) {
			continue // listed again: the loop above or below notes it
		}
		nc.emptied = append(nc.emptied, s)
	}
	for ; k < len(changed); k++ {
		if len(lists[k]) == 0 {
			nc.emptied = append(nc.emptied, int32(changed[k]))
		}
	}
	np, nr := len(c.data.Positions), len(c.data.Regions)
	// One setup for both checks: the records, rankings and positions are
	// the same; the old check reads its choices from c, the new from nc.
	oldSC := &studentCheck{c: c, resolved: true, shared: true}
	oldSC.setupWith(inc.strict, inc.ranked, inc.pos)
	newSC := *oldSC // c's problems are known: only its counts are wanted (counts)
	newSC.c = nc
	work := func() *studentWork {
		return &studentWork{
			col: collector{max: inc.max, strictElig: inc.strict},
			pos: make([]posWork, np), regionStamp: make([]int32, nr),
			regionApplicants: make([]int32, nr), spStudents: make([]int32, nr),
		}
	}
	oldW, newW := work(), work()
	fresh := make([][]*Problem, len(changed)) // the changed students' warnings now
	oldCounts := func() {
		for _, s := range changed {
			oldSC.counts(oldW, s)
		}
	}
	// The old lists' counts beside the new lists' checks, when they are
	// worth a goroutine.
	var wg sync.WaitGroup
	defer wg.Wait() // a return before the end leaves nothing running
	if len(changed) >= 1<<9 && workers() > 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			oldCounts()
		}()
	} else {
		oldCounts()
	}
	nFresh := 0
	for k, s := range changed {
		ch := newSC.run(newW, s, s+1)
		if len(ch.errs) > 0 || ch.omitE > 0 || ch.omitW > 0 {
			return nil
		}
		fresh[k] = ch.warns
		nFresh += len(ch.warns)
	}
	wg.Wait()
	dm := oldSC.dm // the checks are done: its counts are the new cohort's now
	dm.spStudents = inc.spStudents
	for p := range np {
		dm.applicants[p] = inc.applicants[p] - oldW.pos[p].applicants + newW.pos[p].applicants
	}
	for r := range nr {
		dm.regionApplicants[r] = inc.regionApplicants[r] - oldW.regionApplicants[r] + newW.regionApplicants[r]
	}
	promises := &collector{max: inc.max, strictElig: inc.strict}
	nc.checkPromises(promises, dm)
	if len(promises.errs) > 0 || promises.omitE > 0 || promises.omitW > 0 {
		return nil
	}

	// The students' warnings in student order: c's but the changed
	// students', whose are fresh.
	stu := make([]*Problem, 0, len(inc.stu)+nFresh)
	stuOf := make([]int32, 0, cap(stu))
	k = 0
	flush := func(upTo int32) { // the changed students before upTo
		for ; k < len(changed) && int32(changed[k]) < upTo; k++ {
			for _, p := range fresh[k] {
				stu = append(stu, p)
				stuOf = append(stuOf, int32(changed[k]))
			}
		}
	}
	for j, p := range inc.stu {
		s := inc.stuOf[j]
		flush(s)
		if in.has(int(s)) {
			continue
		}
		q := *p // a cohort's problems are its own
		stu = append(stu, &q)
		stuOf = append(stuOf, s)
	}
	flush(math.MaxInt32)
	if len(inc.pre)+len(stu) > inc.max || len(inc.pre)+len(stu)+len(promises.warns) > inc.max {
		return nil // the full validation lists only the first max
	}
	warns := make([]*Problem, 0, len(inc.pre)+len(stu)+len(promises.warns))
	for _, p := range inc.pre {
		q := *p
		warns = append(warns, &q)
	}
	warns = append(append(warns, stu...), promises.warns...)
	newHinter(nc).suggestAll(warns)
	sortProblems(warns)
	nc.warnings = warns
	nc.inc = &incState{max: inc.max, strict: inc.strict, pre: inc.pre, stu: stu, stuOf: stuOf,
		applicants: dm.applicants, regionApplicants: dm.regionApplicants, spStudents: inc.spStudents,
		ranked: inc.ranked, pos: inc.pos}
	return nc
}
