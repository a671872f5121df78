package model

import (
	"slices"
	"sync"
)

// Data is a cohort's records as a program or a file gives them. It is the
// mutable form: build one, then pass it to [New] for a validated [Cohort].
type Data struct {
	// Name labels the cohort in reports ("2026 spring placement").
	Name         string
	Policy       Policy
	Students     []Student
	Positions    []Position
	Enterprises  []Enterprise
	Regions      []Region
	Schools      []School
	Majors       []Major
	OrderClasses []OrderClass
	// Extra holds the columns of the tabular formats that the package does
	// not know (a notes column), read from CSV or Excel and written back
	// to them; nil when there are none. It is immutable, so copies of a
	// Data share it; the JSON format ignores it. See [Extra].
	Extra *Extra
}

// Policy holds the cohort-wide rules that decide eligibility. The zero
// Policy is the group's default.
type Policy struct {
	// SpecialPostAnyCounty lets a special-post student take a special post
	// of any county. By default (false) a special-post student may take only
	// the special posts of their home region.
	SpecialPostAnyCounty bool
}

// Options tunes validation and loading. A nil *Options means the defaults
// documented on each field.
type Options struct {
	// StrictEligibility makes an ineligible choice (major, score or
	// special-post rules) an error that rejects the cohort. By default it is
	// a warning: the choice stays in the student's list, so ranks keep
	// their meaning, and no mechanism ever places the student there.
	StrictEligibility bool

	// MaxProblems is how many errors (and, separately, warnings) are listed
	// before the rest are only counted. 0 means 1,000; negative means no
	// limit.
	MaxProblems int

	// MaxBytes bounds the bytes a loader reads from one file (and,
	// separately, the bytes a workbook unzips to). 0 means 4 GiB.
	MaxBytes int64

	// MaxLineBytes bounds one line of a CSV file or one row of a
	// workbook's sheet (a JSON file is bounded by MaxBytes only). 0 means
	// 64 MiB.
	MaxLineBytes int
}

func (o *Options) maxProblems() int {
	switch {
	case o == nil || o.MaxProblems == 0:
		return 1000
	case o.MaxProblems < 0:
		return int(^uint(0) >> 1)
	}
	return o.MaxProblems
}

// ByteLimit returns the most bytes a loader reads from one file:
// MaxBytes, or its default (4 GiB) when that is 0 or negative. o may be
// nil. A loader of another format (see [LoadTables]) bounds its input
// with it, as the loaders of this package do.
func (o *Options) ByteLimit() int64 { return o.maxBytes() }

func (o *Options) maxBytes() int64 {
	if o == nil || o.MaxBytes <= 0 {
		return 4 << 30
	}
	return o.MaxBytes
}

func (o *Options) maxLineBytes() int {
	if o == nil || o.MaxLineBytes <= 0 {
		return 64 << 20
	}
	return o.MaxLineBytes
}

// Cohort is one year's validated data with every ID resolved to a dense
// index. It is immutable: no function of this module modifies a Cohort once
// built, and it is safe for concurrent use.
//
// Entities keep the order of the input; the index of an entity is its place
// in the slice that [Cohort.Students], [Cohort.Positions] and the other
// accessors return. Those slices belong to the cohort: callers must not
// modify them or the slices inside their elements. [Cohort.Data] returns a
// copy to edit.
type Cohort struct {
	data     Data
	warnings []*Problem
	fp       fingerprint // computed on first use

	studentIdx, positionIdx, enterpriseIdx, regionIdx *idIndex
	schoolIdx, majorIdx, orderIdx                     *idIndex

	// choices holds every student's resolved choices back to back;
	// student s's are choices[choiceStart[s]:choiceStart[s+1]]. They are
	// the only copy of the lists: data.Students[s].Choices stays nil until
	// the first call of Students spells them out (spellOnce), so that
	// loading a million students does not make twenty million strings.
	choices     []int32
	choiceStart []int32
	spellOnce   sync.Once

	// ranking holds every explicit ranking back to back; position p's is
	// ranking[rankStart[p]:rankStart[p+1]], and hasRanking[p] tells an
	// empty explicit ranking from none.
	ranking    []int32
	rankStart  []int32
	hasRanking []bool

	posMajors     [][]int32 // nil: every major
	posMajorMask  []uint64  // the same as a bit set, when there are at most 64 majors
	posMinScore   []float64
	posSpecial    []bool
	stuScore      []float64
	stuSpecial    []bool
	posEnterprise []int32 // -1: none
	posRegion     []int32 // -1: none; the enterprise's when the position names none
	stuSchool     []int32
	stuMajor      []int32
	stuRegion     []int32
	stuOrder      []int32
	entRegion     []int32

	// inc, when not nil, is what Cohort.WithChoices needs to check only
	// the students whose lists it changes (see newIncState).
	inc *incState

	// sharedStudents: data.Students is the records of the cohort this
	// one was made from by WithChoices (or of that one's source), whose
	// Choices fields are not this cohort's: emptied are the students
	// (sorted) whose lists WithChoices made empty along the way, and
	// spelled the records with this cohort's lists, made by Students.
	// Every other field of the records is this cohort's.
	sharedStudents bool
	emptied        []int32
	spelled        []Student
}

// New validates data and returns the cohort, or a *[ValidationError] listing
// every error found. Warnings are kept on the cohort ([Cohort.Warnings]). New
// copies data, so later changes to it do not reach the cohort. A nil opts
// means the defaults.
//
// New runs in time linear in the size of the data (IDs, choices, rankings).
func New(data Data, opts *Options) (*Cohort, error) {
	return build(cloneData(data), opts, nil)
}

// Name returns the cohort's label.
func (c *Cohort) Name() string { return c.data.Name }

// Policy returns the cohort-wide eligibility rules.
func (c *Cohort) Policy() Policy { return c.data.Policy }

// Students returns the students in input order. Read only.
//
// The cohort keeps the choices as position indices ([Cohort.Choices]); the
// first call of Students spells out every student's Choices as position
// IDs, once (16 bytes a choice, about 0.3 GB for twenty million), and later
// calls return the same slice. Code that reads only the lists should use
// [Cohort.Choices], which costs nothing.
func (c *Cohort) Students() []Student {
	c.spellChoices()
	if c.sharedStudents {
		return c.spelled
	}
	return c.data.Students
}

// emptyList is the Choices of student s, whose list is empty: nil or
// empty, as given.
func (c *Cohort) emptyList(s int) []string {
	if c.sharedStudents {
		if _, ok := slices.BinarySearch(c.emptied, int32(s)); ok {
			return []string{}
		}
	}
	return c.data.Students[s].Choices // nil or empty, as given
}

// records returns the students' records with their lists unspelled (nil,
// or empty as given): data.Students, or for shared records a copy.
func (c *Cohort) records() []Student {
	if !c.sharedStudents {
		return c.data.Students
	}
	st := slices.Clone(c.data.Students)
	for s := range st {
		if c.choiceStart[s+1] > c.choiceStart[s] {
			st[s].Choices = nil
		} else {
			st[s].Choices = c.emptyList(s)
		}
	}
	return st
}

// spellChoices fills in the students' Choices from c.choices, the first
// time it is called. Students without choices keep the nil or empty list
// they were given.
func (c *Cohort) spellChoices() {
	c.spellOnce.Do(func() {
		st := c.data.Students
		if c.sharedStudents {
			st = c.records()
			c.spelled = st
		}
		backing := make([]string, len(c.choices))
		for k, p := range c.choices {
			backing[k] = c.data.Positions[p].ID
		}
		for s := range st {
			if lo, hi := c.choiceStart[s], c.choiceStart[s+1]; hi > lo {
				st[s].Choices = backing[lo:hi:hi]
			}
		}
	})
}

// choiceIDs returns student s's choices as position IDs, appended to
// buf[:0], or the student's own empty list when there are none.
func (c *Cohort) choiceIDs(s int, buf []string) []string {
	ps := c.Choices(s)
	if len(ps) == 0 {
		return c.emptyList(s)
	}
	buf = buf[:0]
	for _, p := range ps {
		buf = append(buf, c.data.Positions[p].ID)
	}
	return buf
}

// Positions returns the positions in input order. Read only.
func (c *Cohort) Positions() []Position { return c.data.Positions }

// Enterprises returns the enterprises in input order. Read only.
func (c *Cohort) Enterprises() []Enterprise { return c.data.Enterprises }

// Regions returns the regions in input order. Read only.
func (c *Cohort) Regions() []Region { return c.data.Regions }

// Schools returns the schools in input order. Read only.
func (c *Cohort) Schools() []School { return c.data.Schools }

// Majors returns the majors in input order. Read only.
func (c *Cohort) Majors() []Major { return c.data.Majors }

// OrderClasses returns the order classes in input order. Read only.
func (c *Cohort) OrderClasses() []OrderClass { return c.data.OrderClasses }

// Warnings returns what validation found worth saying that did not reject
// the cohort, in input order. Read only.
func (c *Cohort) Warnings() []*Problem { return c.warnings }

// Data returns a deep copy of the cohort's records, free to modify (for a
// what-if study) and to pass to [New] again.
func (c *Cohort) Data() Data {
	d := cloneData(c.data)
	if c.sharedStudents {
		d.Students = c.records()
	}
	// One backing array for every list: a million students' choices cost
	// one allocation, not a million.
	backing := make([]string, len(c.choices))
	for k, p := range c.choices {
		backing[k] = c.data.Positions[p].ID
	}
	for s := range d.Students {
		if lo, hi := c.choiceStart[s], c.choiceStart[s+1]; hi > lo {
			d.Students[s].Choices = backing[lo:hi:hi]
		}
	}
	return d
}

// StudentIndex returns the index of the student with the given ID.
func (c *Cohort) StudentIndex(id string) (int, bool) { return lookup(c.studentIdx, id) }

// PositionIndex returns the index of the position with the given ID.
func (c *Cohort) PositionIndex(id string) (int, bool) { return lookup(c.positionIdx, id) }

// EnterpriseIndex returns the index of the enterprise with the given ID.
func (c *Cohort) EnterpriseIndex(id string) (int, bool) { return lookup(c.enterpriseIdx, id) }

// RegionIndex returns the index of the region with the given ID.
func (c *Cohort) RegionIndex(id string) (int, bool) { return lookup(c.regionIdx, id) }

// SchoolIndex returns the index of the school with the given ID.
func (c *Cohort) SchoolIndex(id string) (int, bool) { return lookup(c.schoolIdx, id) }

// MajorIndex returns the index of the major with the given ID.
func (c *Cohort) MajorIndex(id string) (int, bool) { return lookup(c.majorIdx, id) }

// OrderClassIndex returns the index of the order class with the given ID.
func (c *Cohort) OrderClassIndex(id string) (int, bool) { return lookup(c.orderIdx, id) }

func lookup(m *idIndex, id string) (int, bool) {
	i, ok := m.get(id)
	return int(i), ok
}

// Choices returns the position indices of student s's choices, most
// preferred first, all of them as written (rank = place + 1), eligible or
// not. Read only.
func (c *Cohort) Choices(s int) []int32 {
	return c.choices[c.choiceStart[s]:c.choiceStart[s+1]:c.choiceStart[s+1]]
}

// Ranking returns the student indices of position p's explicit ranking,
// highest priority first, and whether the position has one. Read only.
func (c *Cohort) Ranking(p int) ([]int32, bool) {
	return c.ranking[c.rankStart[p]:c.rankStart[p+1]:c.rankStart[p+1]], c.hasRanking[p]
}

// PositionEnterprise returns the index of position p's enterprise, or -1.
func (c *Cohort) PositionEnterprise(p int) int { return int(c.posEnterprise[p]) }

// PositionRegion returns the index of the region where position p is: its
// own region, else its enterprise's, else -1.
func (c *Cohort) PositionRegion(p int) int { return int(c.posRegion[p]) }

// EnterpriseRegion returns the index of enterprise e's region, or -1.
func (c *Cohort) EnterpriseRegion(e int) int { return int(c.entRegion[e]) }

// NumStudents returns the number of students, without spelling out their
// choices as [Cohort.Students] does.
func (c *Cohort) NumStudents() int { return len(c.data.Students) }

// StudentScore returns student s's score (Student.Score). It panics if s
// is out of range.
func (c *Cohort) StudentScore(s int) float64 { return c.stuScore[s] }

// StudentSpecialPost reports whether student s is a special-post student
// (Student.SpecialPost). It panics if s is out of range.
func (c *Cohort) StudentSpecialPost(s int) bool { return c.stuSpecial[s] }

// StudentInCategory reports whether student s belongs to cat, as
// cat.Includes does for the student's record, without spelling out the
// choices of every student as [Cohort.Students] does. It panics if s is
// out of range.
func (c *Cohort) StudentInCategory(s int, cat Category) bool {
	return cat.Includes(&c.data.Students[s]) // reads no Choices
}

// StudentRegion returns the index of student s's home region, or -1.
func (c *Cohort) StudentRegion(s int) int { return int(c.stuRegion[s]) }

// StudentSchool returns the index of student s's school, or -1.
func (c *Cohort) StudentSchool(s int) int { return int(c.stuSchool[s]) }

// StudentMajor returns the index of student s's major, or -1.
func (c *Cohort) StudentMajor(s int) int { return int(c.stuMajor[s]) }

// StudentOrderClass returns the index of student s's order class, or -1.
func (c *Cohort) StudentOrderClass(s int) int { return int(c.stuOrder[s]) }

// cloneData copies d but for the students' choices, which the copy shares
// with d: validation reads them into Cohort.choices and then drops them
// (see build), and Cohort.Data spells them out afresh.
func cloneData(d Data) Data {
	out := d
	out.Students = slices.Clone(d.Students)
	out.Positions = slices.Clone(d.Positions)
	for i := range out.Positions {
		p := &out.Positions[i]
		p.Majors = slices.Clone(p.Majors)
		p.Reserved = slices.Clone(p.Reserved)
		p.Ranking = slices.Clone(p.Ranking)
	}
	out.Enterprises = slices.Clone(d.Enterprises)
	out.Regions = slices.Clone(d.Regions)
	out.Schools = slices.Clone(d.Schools)
	out.Majors = slices.Clone(d.Majors)
	out.OrderClasses = slices.Clone(d.OrderClasses)
	return out
}
