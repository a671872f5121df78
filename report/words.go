package report

import (
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// The report's words: how a planner names what the code calls
// student-da, rank-sum or matching.NotRanked, in the report's language
// (the English texts are the catalogue's keys, see catalog.go).

// mechanismName names a mechanism as a planner does.
func (rp *Report) mechanismName(m matching.Mechanism) string {
	switch m {
	case matching.StudentDA:
		return rp.p.Sprintf("stable allocation, students first")
	case matching.PositionDA:
		return rp.p.Sprintf("stable allocation, enterprises first")
	case matching.OptimalAllocation:
		return rp.p.Sprintf("optimal allocation")
	}
	return m.String()
}

// objectiveName names an optimal allocation's objective ("rank-sum",
// "rank-maximal", "generous") as a planner does.
func (rp *Report) objectiveName(obj string) string {
	switch obj {
	case "rank-sum":
		return rp.p.Sprintf("smallest sum of ranks")
	case "rank-maximal":
		return rp.p.Sprintf("most first choices first")
	case "generous":
		return rp.p.Sprintf("fewest worst choices")
	}
	return obj
}

// reasonText says why a student is unplaced, in a planner's words; short
// is the same for a chart's axis.
func reasonText(rp *Report, why matching.Reason, short bool) string {
	p := rp.p
	if short {
		p = rp.cp
	}
	switch why {
	case matching.EmptyList:
		if short {
			return p.Sprintf("no choices")
		}
		return p.Sprintf("listed no position")
	case matching.NoEligibleChoice:
		if short {
			return p.Sprintf("qualifies for no choice")
		}
		return p.Sprintf("meets the requirements (major, minimum score, special post) of none of their choices")
	case matching.NotRanked:
		if short {
			return p.Sprintf("not on the lists")
		}
		return p.Sprintf("not on the ranking list of any choice they qualify for")
	case matching.Rejected:
		if short {
			return p.Sprintf("outranked everywhere")
		}
		return p.Sprintf("every choice they qualify for was filled by students ranked above them")
	case matching.SpecialPostLeftOpen:
		if short {
			return p.Sprintf("special post left open")
		}
		return p.Sprintf("special-post student unplaced while a special post open to them has free seats")
	case matching.NotSelected:
		if short {
			return p.Sprintf("left out (optimal)")
		}
		return p.Sprintf("left out by the optimal allocation: placing them would lower the total or break a quota")
	}
	return why.String()
}

// levelName names a level index (model.Level) as a planner does.
func (rp *Report) levelName(lv int) string {
	switch model.Level(lv) {
	case model.Secondary:
		return rp.p.Sprintf("secondary vocational")
	case model.Higher:
		return rp.p.Sprintf("higher vocational")
	}
	return rp.p.Sprintf("level not given")
}

// kindName names a region's kind.
func (rp *Report) kindName(k model.RegionKind) string {
	switch k {
	case model.County:
		return rp.p.Sprintf("county")
	case model.Zone:
		return rp.p.Sprintf("zone")
	case model.OutOfProvince:
		return rp.p.Sprintf("out of province")
	}
	return ""
}

// idName writes an ID with its name beside it, "E0006 国网能源服务", or the
// ID alone when there is no name or the name is the ID.
func idName(id, name string) string {
	if name == "" || name == id {
		return id
	}
	return id + " " + name
}

// chartLabel is idName for a chart's category: the name shortened to
// at most 12 characters, and only what the charts' font can draw: the ID
// alone when the font lacks the name's characters (no Chinese font), and
// "#k" (the category's place, 1-based) when it lacks the ID's too.
func (rp *Report) chartLabel(id, name string, k int) string {
	if r := []rune(name); len(r) > 12 {
		name = string(r[:11]) + "…"
	}
	if s := idName(id, name); rp.font.has(s) {
		return s
	}
	if rp.font.has(id) {
		return id
	}
	return "#" + itoa(k+1)
}
