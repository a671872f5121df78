package model

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Hints for unknown references. A planner types a school's name where its
// ID belongs, or a near miss of an ID ("SC2", "sc02", "ＳＣ02", "SC020"):
// validation says what the value was probably meant to be.
//
// A value is compared, after folding (surrounding spaces trimmed,
// full-width forms to their ASCII ones, lower case), first with the names
// of the records of the kind it should name: a name equal to it gives
// that record's ID. Then with their IDs: the nearest, by edit distance
// (in characters, a digit never replaced by another) of at most 1, or 2 for
// values of more than five characters, for values of three characters or
// more, at most three of them, nearest first and then in the order
// of the records. Then with their names at distance 1, for names of four
// characters or more. The suggestions are computed once per distinct bad
// value and kind, however many rows repeat it, so that a renamed school in
// a million students costs one search.

// maxSuggestions is how many IDs a hint names at most.
const maxSuggestions = 3

// maxHintRecords bounds the records a near-miss search reads: beyond it
// (a ranking naming an unknown one of a million students) only exact
// matches of names and folded IDs are suggested.
const maxHintRecords = 200_000

type hintKey struct {
	target entity
	value  string
}

// hinter computes suggestions for one cohort, once per distinct value.
type hinter struct {
	c     *Cohort
	memo  map[hintKey][]Suggestion
	names [numEntities]map[string][]int32 // folded name -> records, made on first use
	ids   [numEntities][]string           // folded IDs, made on first use
}

func newHinter(c *Cohort) *hinter {
	return &hinter{c: c, memo: make(map[hintKey][]Suggestion)}
}

// suggestAll sets the Suggestions of the unknown references in ps.
func (h *hinter) suggestAll(ps []*Problem) {
	for _, p := range ps {
		if re, ok := p.Err.(*refError); ok {
			p.Suggestions = h.suggest(re.target, re.value)
		}
	}
}

// count is how many records of kind ent the cohort has.
func (h *hinter) count(ent entity) int {
	d := &h.c.data
	switch ent {
	case entStudent:
		return len(d.Students)
	case entPosition:
		return len(d.Positions)
	case entEnterprise:
		return len(d.Enterprises)
	case entRegion:
		return len(d.Regions)
	case entSchool:
		return len(d.Schools)
	case entMajor:
		return len(d.Majors)
	case entOrderClass:
		return len(d.OrderClasses)
	}
	return 0
}

// record returns the ID and name of record i of kind ent.
func (h *hinter) record(ent entity, i int) (id, name string) {
	d := &h.c.data
	switch ent {
	case entStudent:
		return d.Students[i].ID, d.Students[i].Name
	case entPosition:
		return d.Positions[i].ID, d.Positions[i].Name
	case entEnterprise:
		return d.Enterprises[i].ID, d.Enterprises[i].Name
	case entRegion:
		return d.Regions[i].ID, d.Regions[i].Name
	case entSchool:
		return d.Schools[i].ID, d.Schools[i].Name
	case entMajor:
		return d.Majors[i].ID, d.Majors[i].Name
	case entOrderClass:
		return d.OrderClasses[i].ID, d.OrderClasses[i].Name
	}
	return "", ""
}

func (h *hinter) suggest(target entity, value string) []Suggestion {
	k := hintKey{target, value}
	if s, ok := h.memo[k]; ok {
		return s
	}
	s := h.search(target, value)
	h.memo[k] = s
	return s
}

func (h *hinter) search(target entity, value string) []Suggestion {
	v := fold(value)
	if v == "" {
		return nil
	}
	n := h.count(target)
	if h.names[target] == nil {
		m := make(map[string][]int32)
		for i := range n {
			if _, name := h.record(target, i); name != "" {
				f := fold(name)
				m[f] = append(m[f], int32(i))
			}
		}
		h.names[target] = m
	}
	var out []Suggestion
	seen := map[string]bool{}
	add := func(i int) bool {
		id, name := h.record(target, i)
		if id == "" || seen[id] || id == value {
			return len(out) < maxSuggestions
		}
		seen[id] = true
		out = append(out, Suggestion{ID: id, Name: name})
		return len(out) < maxSuggestions
	}
	// A name typed where the ID belongs.
	for _, i := range h.names[target][v] {
		if !add(int(i)) {
			return out
		}
	}
	if len(out) > 0 {
		return out
	}
	if n > maxHintRecords {
		return nil
	}
	if h.ids[target] == nil {
		ids := make([]string, n)
		for i := range n {
			id, _ := h.record(target, i)
			ids[i] = fold(id)
		}
		h.ids[target] = ids
	}
	// Near-miss IDs, nearest first.
	limit := 1
	switch nv := utf8.RuneCountInString(v); {
	case nv < 3:
		limit = 0 // "p1" for "P1", but no guess at "P9"
	case nv > 5:
		limit = 2
	}
	vr := []rune(v)
	var byDist [3][]int
	for i, id := range h.ids[target] {
		if d := distanceAtMost(vr, id, limit); d <= limit {
			byDist[d] = append(byDist[d], i)
		}
	}
	for _, is := range byDist {
		for _, i := range is {
			if !add(i) {
				return out
			}
		}
	}
	if len(out) > 0 || len(vr) < 4 {
		return out
	}
	// A name with a slip.
	for i := range n {
		if _, name := h.record(target, i); name != "" && distanceAtMost(vr, fold(name), 1) <= 1 {
			if !add(i) {
				return out
			}
		}
	}
	return out
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// fold is s as compared for hints: trimmed, full-width forms narrowed,
// lower case.
func fold(s string) string {
	return strings.ToLower(width.Fold.String(strings.TrimSpace(s)))
}

// distanceAtMost is the edit distance (insertions, deletions,
// substitutions of characters) between a and b when it is at most limit,
// and limit+1 otherwise. Replacing a digit by another is not counted as
// a slip: "SC12" is not a near miss of "SC02" but another school, while
// "SC2", "SC020" and "SCO2" are.
func distanceAtMost(a []rune, b string, limit int) int {
	nb := utf8.RuneCountInString(b)
	if d := len(a) - nb; d > limit || -d > limit {
		return limit + 1
	}
	br := []rune(b)
	prev := make([]int, len(br)+1)
	cur := make([]int, len(br)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(br); j++ {
			cost := 1
			switch x, y := a[i-1], br[j-1]; {
			case x == y:
				cost = 0
			case isDigit(x) && isDigit(y):
				cost = limit + 1 // another number names another record
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(br)], limit+1)
}

// omittedGroups turns the unknown references counted beyond the limit into
// counts by group (see GroupProblems), for the values that listed problems
// name too: those whose suggestions are known.
func (h *hinter) omittedGroups(col *collector) map[groupKey]int {
	if len(col.omittedRefs) == 0 {
		return nil
	}
	out := make(map[groupKey]int)
	for k, n := range col.omittedRefs {
		sugg, ok := h.memo[hintKey{k.target, k.value}]
		if !ok {
			continue // no listed problem names it: no group to count it in
		}
		p := &Problem{Entity: k.entity, Field: k.field, Err: &refError{k.target, k.value}, Suggestions: sugg}
		var ent entity
		for e, name := range entityNames {
			if name == k.entity {
				ent = entity(e)
			}
		}
		if src := col.src; src != nil {
			p.File, p.Sheet = src.file[ent], src.sheet[ent]
		}
		out[keyOf(p, col.src == nil || !col.src.csv)] += n
	}
	return out
}
