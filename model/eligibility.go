package model

import "slices"

// Ineligibility says why a student may not take a position, or that they
// may ([Eligible]).
type Ineligibility uint8

const (
	// Eligible: nothing in the rules stands between the student and the
	// position (the position's explicit ranking may still omit them).
	Eligible Ineligibility = iota
	// MajorNotAccepted: the position does not accept the student's major.
	MajorNotAccepted
	// ScoreBelowMinimum: the student's score is below the position's
	// minimum.
	ScoreBelowMinimum
	// NotSpecialPostStudent: the position is a special post and the student
	// is not a special-post student.
	NotSpecialPostStudent
	// OtherCounty: the position is a special post of another county than
	// the special-post student's home region (see
	// [Policy.SpecialPostAnyCounty]).
	OtherCounty
	// SpecialPostsOnly: the student is a special-post student, who takes
	// only special posts, and the position is not one.
	SpecialPostsOnly
)

var ineligibilityText = [...]string{
	"eligible",
	"major not accepted",
	"score below the minimum",
	"special post open only to special-post students",
	"special post of another county",
	"special-post students take only special posts",
}

// String returns the reason in plain words.
func (r Ineligibility) String() string {
	if int(r) < len(ineligibilityText) {
		return ineligibilityText[r]
	}
	return "ineligibility(" + itoa(int(r)) + ")"
}

// Eligibility tells whether student s may take position p under the
// cohort's rules, checked in this order: special-post rules, major, minimum
// score. It runs in time proportional to the position's list of majors.
func (c *Cohort) Eligibility(s, p int) Ineligibility {
	// Only the compact per-entity arrays are read: checking 20 million
	// choices must not touch the wide Student and Position records.
	ps, ss := c.posSpecial[p], c.stuSpecial[s]
	switch {
	case ps && !ss:
		return NotSpecialPostStudent
	case !ps && ss:
		return SpecialPostsOnly
	case ps && !c.data.Policy.SpecialPostAnyCounty && c.posRegion[p] != c.stuRegion[s]:
		return OtherCounty
	}
	if c.posMajorMask != nil {
		if mask := c.posMajorMask[p]; mask != 0 {
			if m := c.stuMajor[s]; m < 0 || mask&(1<<uint(m)) == 0 {
				return MajorNotAccepted
			}
		}
	} else if ms := c.posMajors[p]; ms != nil && !slices.Contains(ms, c.stuMajor[s]) {
		return MajorNotAccepted
	}
	if c.stuScore[s] < c.posMinScore[p] {
		return ScoreBelowMinimum
	}
	return Eligible
}
