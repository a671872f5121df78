package model

import (
	"fmt"
	"math"
)

// WithChoices returns a cohort like c whose students listed in lists
// (by student index) have those lists instead (position indices of c,
// most preferred first); every other record is c's. It validates the
// new cohort as [New] does its data (the same errors and warnings, and
// the same cohort: its Fingerprint is that of New given c.Data() with
// the lists replaced), but takes the lists as indices, so that no
// student's list is spelled out as IDs and resolved again: a round that
// gives a few students new lists costs O(S + P + C) integer work, not a
// string per choice of a million students, and the IDs' indexes are
// c's. A nil opts means the
// defaults. It never modifies c or lists. A student index out of range
// or a position index out of range is an error.
func (c *Cohort) WithChoices(lists map[int][]int32, opts *Options) (*Cohort, error) {
	n, np := len(c.data.Students), len(c.data.Positions)
	for s, l := range lists {
		if s < 0 || s >= n {
			return nil, fmt.Errorf("model: with choices: student index %d out of range", s)
		}
		for _, p := range l {
			if p < 0 || int(p) >= np {
				return nil, fmt.Errorf("model: with choices: student %q: position index %d out of range", c.data.Students[s].ID, p)
			}
		}
	}
	start := make([]int32, n+1)
	total := 0
	for s := range n {
		if l, ok := lists[s]; ok {
			total += len(l)
		} else {
			total += len(c.Choices(s))
		}
		if total > math.MaxInt32 {
			return nil, fmt.Errorf("model: with choices: %d choices in all; at most %d fit", total, math.MaxInt32)
		}
		start[s+1] = int32(total)
	}
	pos := make([]int32, 0, total)
	for s := range n {
		if l, ok := lists[s]; ok {
			pos = append(pos, l...)
		} else {
			pos = append(pos, c.Choices(s)...)
		}
	}
	d := cloneData(c.data)
	for i := range d.Students {
		st := &d.Students[i]
		switch {
		case start[i+1] > start[i]:
			st.Choices = nil // in the source, as a loader leaves them
		case st.Choices != nil:
			st.Choices = st.Choices[:0:0] // an empty list stays empty, not absent
		default:
			if _, ok := lists[i]; ok {
				st.Choices = []string{}
			}
		}
	}
	return build(d, opts, &source{choiceStart: start, choicePos: pos, ids: c})
}
