package report

import (
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// The report's words: how a planner names what the code calls
// student-da, rank-sum or matching.NotRanked, in the report's language,
// as package words names them for the command too.

// mechanismName names a mechanism as a planner does.
func (rp *Report) mechanismName(m matching.Mechanism) string {
	return words.Mechanism(rp.lang, m.String())
}

// objectiveName names an optimal allocation's objective ("rank-sum",
// "rank-maximal", "generous") as a planner does.
func (rp *Report) objectiveName(obj string) string {
	return words.Objective(rp.lang, obj)
}

// reasonText says why a student is unplaced, in a planner's words; short
// is the same for a chart's axis, in the charts' language.
func reasonText(rp *Report, why matching.Reason, short bool) string {
	if short {
		return words.Reason(rp.clang, why.String(), true)
	}
	return words.Reason(rp.lang, why.String(), false)
}

// levelName names a level index (model.Level) as a planner does.
func (rp *Report) levelName(lv int) string {
	return words.Level(rp.lang, model.Level(lv).String())
}

// kindName names a region's kind.
func (rp *Report) kindName(k model.RegionKind) string {
	if k == model.KindUnspecified {
		return ""
	}
	return words.RegionKind(rp.lang, k.String())
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
