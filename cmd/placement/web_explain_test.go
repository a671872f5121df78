package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// langCohortFile is the named cohort of the language tests (Chinese names,
// caps, reserves, special posts, an order class).
const langCohortFile = "testdata/lang/cohort.json"

// solveWeb solves c as the command does with -mechanism mech -seed 0.
func solveWeb(t *testing.T, c *model.Cohort, mech string) *matching.Result {
	t.Helper()
	m, err := matching.ParseMechanism(mech)
	require.NoError(t, err)
	res, err := runSpec{mech: m, obj: matching.RankSum}.run(context.Background(), c, &progress{})
	require.NoError(t, err)
	return res
}

// TestWebExplainStudent checks a student's view against placement explain
// in both languages and both kinds of mechanism: the text is the verb's
// output byte for byte, and the choices table says for each choice what
// the library's Why says.
func TestWebExplainStudent(t *testing.T) {
	c, err := loadCohort(langCohortFile)
	require.NoError(t, err)
	for _, mech := range []string{"student-da", "optimal"} {
		res := solveWeb(t, c, mech)
		for _, tag := range []language.Tag{lang.English, lang.Chinese} {
			msg := lang.Printer(tag, cat)
			e := newExplained(tag, msg, res, nil, "rank-sum")
			refused := 0
			for s, st := range c.Students() {
				v := e.student(s)
				code, out, stderr := runCmd("explain", "-lang", tagName(tag), "-cohort", langCohortFile, "-mechanism", mech, "-student", st.ID)
				require.Equal(t, 0, code, stderr)
				assert.Equal(t, out, v.Text, "%s %s %s", mech, tag, st.ID)
				assert.Equal(t, st.ID, v.ID)
				assert.Equal(t, res.Position(s) >= 0, v.Placed)
				require.Len(t, v.Choices, len(c.Choices(s)))
				why := res.Why(s)
				for j, ch := range v.Choices {
					p := int(c.Choices(s)[j])
					assert.Equal(t, j+1, ch.Rank)
					assert.Equal(t, c.Positions()[p].ID, ch.PositionID)
					assert.Len(t, ch.Cutoffs, len(res.Cutoff(p)))
					switch {
					case p == res.Position(s):
						assert.Equal(t, "placed", ch.Outcome)
					case j < len(why):
						require.Equal(t, p, why[j].Position)
						assert.Equal(t, "refused", ch.Outcome)
						assert.Equal(t, refusalText(msg, res, s, why[j]), ch.Why)
						// The reason is the one the text gives under the choice.
						assert.Contains(t, v.Text, ch.Why)
						refused++
					default:
						assert.Equal(t, "below", ch.Outcome)
						assert.Empty(t, ch.Why)
					}
				}
			}
			assert.Positive(t, refused, "the cohort turns someone away")
		}
	}
}

// tagName is the -lang value of tag.
func tagName(tag language.Tag) string {
	if tag == lang.Chinese {
		return "zh"
	}
	return "en"
}

// TestWebExplainPosition checks a position's view against placement
// explain (the text) and its pages against the whole lists: every page of
// a small limit, put together, is the list of one page without a limit.
func TestWebExplainPosition(t *testing.T) {
	c, err := loadCohort(langCohortFile)
	require.NoError(t, err)
	res := solveWeb(t, c, "student-da")
	away := 0
	for _, tag := range []language.Tag{lang.English, lang.Chinese} {
		msg := lang.Printer(tag, cat)
		e := newExplained(tag, msg, res, nil, "")
		for p, pos := range c.Positions() {
			code, out, stderr := runCmd("explain", "-lang", tagName(tag), "-cohort", langCohortFile, "-position", pos.ID)
			require.Equal(t, 0, code, stderr)
			all := e.position(p, 0, 0)
			assert.Equal(t, out, all.Text)
			assert.Equal(t, res.Fill()[p], all.Filled)
			assert.Equal(t, pos.Capacity, all.Seats)
			assert.Len(t, all.Admitted, res.Fill()[p])
			assert.Equal(t, len(all.Admitted), all.AdmittedTotal)
			assert.Equal(t, len(all.Away), all.AwayTotal)
			assert.False(t, all.More)
			for _, a := range all.Admitted {
				s, _ := c.StudentIndex(a.ID)
				assert.Equal(t, p, res.Position(s))
				assert.Contains(t, out, a.ID)
			}
			for _, a := range all.Away {
				s, _ := c.StudentIndex(a.ID)
				assert.True(t, slices.ContainsFunc(res.Why(s), func(r matching.Refusal) bool { return r.Position == p }), "%s turned %s away", pos.ID, a.ID)
				away++
			}
			var in, out2 []positionStudent
			for page := 0; ; page++ {
				v := e.position(p, page, 1)
				assert.LessOrEqual(t, len(v.Admitted), 1)
				assert.LessOrEqual(t, len(v.Away), 1)
				in, out2 = append(in, v.Admitted...), append(out2, v.Away...)
				if !v.More {
					break
				}
				require.Less(t, page, 100)
			}
			assert.Equal(t, all.Admitted, in)
			assert.Equal(t, all.Away, out2)
		}
	}
	assert.Positive(t, away)
}

// TestWebSearch finds students and positions by ID and name, folded.
func TestWebSearch(t *testing.T) {
	c, err := loadCohort(langCohortFile)
	require.NoError(t, err)
	msg := lang.Printer(lang.Chinese, cat)
	ids := func(hits []searchHit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Kind+":"+h.ID)
		}
		return out
	}
	// An exact ID, typed in full-width and lower case, comes first.
	hits, total := search(msg, c, " ｓ０１ ")
	require.NotEmpty(t, hits)
	assert.Equal(t, "student:S01", ids(hits)[0])
	assert.Equal(t, len(hits), total)
	for _, h := range hits {
		assert.True(t, strings.HasPrefix(h.ID, "S01"), h.ID) // S01, S010…: IDs that start with it
	}
	// A name's substring.
	hits, _ = search(msg, c, "张")
	require.NotEmpty(t, hits)
	for _, h := range hits {
		assert.Contains(t, h.Name, "张")
	}
	hits, _ = search(msg, c, "实习")
	assert.Contains(t, ids(hits), "position:P1")
	assert.Contains(t, ids(hits), "position:P2")
	for _, h := range hits {
		assert.Equal(t, "position", h.Kind)
		assert.Contains(t, h.Detail, "沪上汽车", "a position's hit names its enterprise")
	}
	// Students before positions at the same rank; nothing for an empty query.
	hits, _ = search(msg, c, "")
	assert.Empty(t, hits)
	hits, _ = search(msg, c, "no such thing")
	assert.Empty(t, hits)

	// At most maxSearchHits, with the count of all.
	var d model.Data
	for i := range 2 * maxSearchHits {
		d.Students = append(d.Students, model.Student{ID: fmt.Sprintf("X%03d", i), Name: fmt.Sprintf("学生%d", i)})
	}
	big, err := model.New(d, nil)
	require.NoError(t, err)
	hits, total = search(msg, big, "x")
	assert.Len(t, hits, maxSearchHits)
	assert.Equal(t, 2*maxSearchHits, total)
	hits, total = search(msg, big, "Ｘ０５０")
	assert.Equal(t, []string{"student:X050"}, ids(hits))
	assert.Equal(t, 1, total)
	hits, _ = search(msg, big, "学生7")
	assert.Equal(t, "student:X007", ids(hits)[0], "in the cohort's order")
	assert.Len(t, hits, 11) // 学生7, 学生70…79
}
