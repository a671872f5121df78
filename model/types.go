package model

import "github.com/placement-engine/placement/internal/words"

// Level is the level of vocational education of a school or a student.
type Level uint8

const (
	// LevelUnspecified is the zero Level: the data did not say.
	LevelUnspecified Level = iota
	// Secondary is secondary vocational education (中职).
	Secondary
	// Higher is higher vocational education (高职).
	Higher
)

var levelNames = [...]string{"", "secondary", "higher"}

// String returns the level's name in the file formats: "secondary", "higher",
// or "" for LevelUnspecified.
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "level(" + itoa(int(l)) + ")"
}

// ParseLevel parses a level name as written by [Level.String], or as the
// outputs name it (internal/words: "中职", "高职", "secondary vocational";
// also "中等职业", "高等职业"). The empty string is LevelUnspecified.
func ParseLevel(s string) (Level, error) {
	if c, ok := words.LevelCode(s); ok {
		s = c
	}
	for i, n := range levelNames {
		if s == n {
			return Level(i), nil
		}
	}
	return 0, errorf(ErrInvalidValue, "unknown level %q (want secondary or higher)", s)
}

// RegionKind says what kind of place a region is.
type RegionKind uint8

const (
	// KindUnspecified is the zero RegionKind.
	KindUnspecified RegionKind = iota
	// County is a county of the prefecture; special posts belong to counties.
	County
	// Zone is a development zone such as the high-tech zone.
	Zone
	// OutOfProvince is any place outside the province.
	OutOfProvince
)

var regionKindNames = [...]string{"", "county", "zone", "out-of-province"}

// String returns the kind's name in the file formats: "county", "zone",
// "out-of-province", or "" for KindUnspecified.
func (k RegionKind) String() string {
	if int(k) < len(regionKindNames) {
		return regionKindNames[k]
	}
	return "kind(" + itoa(int(k)) + ")"
}

// ParseRegionKind parses a region kind as written by [RegionKind.String],
// or as the outputs name it (internal/words: "县", "园区", "省外", "out of
// province"). The empty string is KindUnspecified.
func ParseRegionKind(s string) (RegionKind, error) {
	if c, ok := words.RegionKindCode(s); ok {
		s = c
	}
	for i, n := range regionKindNames {
		if s == n {
			return RegionKind(i), nil
		}
	}
	return 0, errorf(ErrInvalidValue, "unknown region kind %q (want county, zone or out-of-province)", s)
}

// Student is one student to be placed.
//
// Only ID and Choices matter to every mechanism; the other fields feed
// eligibility, policies and reports. Empty reference fields (School, Major,
// Region, OrderClass) mean "not given"; a non-empty one must name an entity of
// the cohort.
type Student struct {
	ID     string
	Name   string
	School string // ID of a School, or ""
	Major  string // ID of a Major, or ""
	Level  Level
	Region string // ID of the student's home Region, or ""

	// Score is the academic score used by positions that rank by score and
	// by minimum-score rules. It must be finite; zero is a valid score.
	Score float64

	// SpecialPost marks a special-post student, recruited from the home
	// Region (a county) to serve in its grassroots posts. Such a student
	// must have a Region and may take only special posts of that region.
	SpecialPost bool

	// OrderClass is the ID of the order class the student belongs to, or "".
	OrderClass string

	// Choices lists position IDs, most preferred first. A student is never
	// placed at a position that is not on the list. The rank of a choice is
	// its 1-based place in this list as written, even when an earlier choice
	// is not eligible.
	Choices []string
}

// School is a member vocational school.
type School struct {
	ID     string
	Name   string
	Level  Level
	Region string // ID of the Region the school is in, or ""
}

// Major is a field of study.
type Major struct {
	ID   string
	Name string
}

// Region is a county, a zone, or the out-of-province area. Policy may cap the
// number of students placed in it, or ask for a minimum.
type Region struct {
	ID   string
	Name string
	Kind RegionKind

	// Cap is the most students that may be placed in positions of the
	// region; 0 means no cap.
	Cap int

	// Floor is the fewest students that should be placed in positions of
	// the region; 0 means no floor.
	Floor int
}

// Enterprise is a member enterprise offering one or more positions.
type Enterprise struct {
	ID     string
	Name   string
	Region string // ID of the Region the enterprise is in, or ""

	// Cap is the most students the enterprise takes across all its
	// positions; 0 means no enterprise-wide cap (only position capacities).
	Cap int
}

// Unused says what happens to reserved seats that their category leaves
// empty.
type Unused uint8

const (
	// RevertToOpen returns unused reserved seats to open competition. It is
	// the zero value and the default.
	RevertToOpen Unused = iota
	// StayEmpty keeps unused reserved seats empty.
	StayEmpty
)

var unusedNames = [...]string{"open", "empty"}

// String returns "open" or "empty".
func (u Unused) String() string {
	if int(u) < len(unusedNames) {
		return unusedNames[u]
	}
	return "unused(" + itoa(int(u)) + ")"
}

// ParseUnused parses "open" (or the empty string) and "empty".
func ParseUnused(s string) (Unused, error) {
	switch s {
	case "", "open":
		return RevertToOpen, nil
	case "empty":
		return StayEmpty, nil
	}
	return 0, errorf(ErrInvalidValue, "unknown unused-seat rule %q (want open or empty)", s)
}

// Reserve holds some of a position's seats for one category of students.
type Reserve struct {
	Category Category
	Seats    int
	Unused   Unused // what happens to seats the category leaves empty
}

// Position is a placement offer of an enterprise.
//
// Without an explicit Ranking a position ranks the students eligible for it
// by Score, highest first; ties are broken by a seeded lottery in the
// mechanism. With a Ranking, students absent from it are unacceptable to the
// position (a student may still list it; the pair is simply never formed).
type Position struct {
	ID         string
	Name       string
	Enterprise string // ID of an Enterprise, or ""

	// Region is the ID of the Region where the work happens. When empty, the
	// position is in its enterprise's region.
	Region string

	// Capacity is the number of seats; it is at least 0 and at most
	// MaxCapacity.
	Capacity int

	// Majors lists the IDs of the majors the position accepts; empty means
	// every major.
	Majors []string

	// MinScore is the lowest score accepted; 0 means no minimum.
	MinScore float64

	// SpecialPost marks a grassroots special post of its region (a county):
	// open only to special-post students of that county.
	SpecialPost bool

	// Reserved lists seats held for categories of students, in the order
	// the position states them. Their total may not exceed Capacity.
	Reserved []Reserve

	// MinFill is the fewest students the position should receive; 0 means
	// none.
	MinFill int

	// Target is the position's target capacity under an enterprise-wide or
	// regional cap (Kamada and Kojima's flexible deferred acceptance): when
	// the cap binds, each position under it first gets up to its target,
	// and the seats left under the cap go round robin, one position at a
	// time. It is at most Capacity. When no position under a cap sets a
	// target, each gets a default share of the cap proportional to its
	// capacity; when some do, the others' targets are 0 (see package
	// matching). It has no effect on positions under no cap.
	Target int

	// Ranking, when non-nil, is the position's explicit priority order of
	// student IDs, highest first.
	Ranking []string
}

// OrderClass is an enterprise-sponsored class ("order training"). Its
// members are the students whose OrderClass names it; the sponsor reserves
// seats for them with a [Reserve] of category [OrderClassCategory].
type OrderClass struct {
	ID         string
	Name       string
	Enterprise string // ID of the sponsoring Enterprise
}

// MaxCapacity bounds every capacity, cap, floor, minimum fill and reserve in
// a cohort. Larger numbers are rejected as absurd: the whole group places
// about 5,000 students a year, and the benchmarks 1,000,000.
const MaxCapacity = 10_000_000
