package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// explainCohortFile is the named cohort of the language tests (Chinese names,
// caps, reserves, special posts, an order class).
const explainCohortFile = "testdata/lang/cohort.json"

// explainSolve solves c as the command does with -mechanism mech -seed 0.
func explainSolve(t *testing.T, c *model.Cohort, mech string) *matching.Result {
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
	c, err := loadCohort(explainCohortFile)
	require.NoError(t, err)
	for _, mech := range []string{"student-da", "optimal"} {
		res := explainSolve(t, c, mech)
		for _, tag := range []language.Tag{lang.English, lang.Chinese} {
			msg := lang.Printer(tag, cat)
			e := newExplained(tag, msg, res, nil, "rank-sum")
			refused := 0
			for s, st := range c.Students() {
				v := e.student(s)
				code, out, stderr := runCmd("explain", "-lang", explainTagName(tag), "-cohort", explainCohortFile, "-mechanism", mech, "-student", st.ID)
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

// explainTagName is the -lang value of tag.
func explainTagName(tag language.Tag) string {
	if tag == lang.Chinese {
		return "zh"
	}
	return "en"
}

// TestWebExplainPosition checks a position's view against placement
// explain (the text) and its pages against the whole lists: every page of
// a small limit, put together, is the list of one page without a limit.
func TestWebExplainPosition(t *testing.T) {
	c, err := loadCohort(explainCohortFile)
	require.NoError(t, err)
	res := explainSolve(t, c, "student-da")
	away := 0
	for _, tag := range []language.Tag{lang.English, lang.Chinese} {
		msg := lang.Printer(tag, cat)
		e := newExplained(tag, msg, res, nil, "")
		for p, pos := range c.Positions() {
			code, out, stderr := runCmd("explain", "-lang", explainTagName(tag), "-cohort", explainCohortFile, "-position", pos.ID)
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
	c, err := loadCohort(explainCohortFile)
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
	hits, total := searchCohort(msg, c, " ｓ０１ ")
	require.NotEmpty(t, hits)
	assert.Equal(t, "student:S01", ids(hits)[0])
	assert.Equal(t, len(hits), total)
	for _, h := range hits {
		assert.True(t, strings.HasPrefix(h.ID, "S01"), h.ID) // S01, S010…: IDs that start with it
	}
	// A name's substring.
	hits, _ = searchCohort(msg, c, "张")
	require.NotEmpty(t, hits)
	for _, h := range hits {
		assert.Contains(t, h.Name, "张")
	}
	hits, _ = searchCohort(msg, c, "实习")
	assert.Contains(t, ids(hits), "position:P1")
	assert.Contains(t, ids(hits), "position:P2")
	for _, h := range hits {
		assert.Equal(t, "position", h.Kind)
		assert.Contains(t, h.Detail, "沪上汽车", "a position's hit names its enterprise")
	}
	// Students before positions at the same rank; nothing for an empty query.
	hits, _ = searchCohort(msg, c, "")
	assert.Empty(t, hits)
	hits, _ = searchCohort(msg, c, "no such thing")
	assert.Empty(t, hits)

	// At most maxSearchHits, with the count of all.
	var d model.Data
	for i := range 2 * maxSearchHits {
		d.Students = append(d.Students, model.Student{ID: fmt.Sprintf("X%03d", i), Name: fmt.Sprintf("学生%d", i)})
	}
	big, err := model.New(d, nil)
	require.NoError(t, err)
	hits, total = searchCohort(msg, big, "x")
	assert.Len(t, hits, maxSearchHits)
	assert.Equal(t, 2*maxSearchHits, total)
	hits, total = searchCohort(msg, big, "Ｘ０５０")
	assert.Equal(t, []string{"student:X050"}, ids(hits))
	assert.Equal(t, 1, total)
	hits, _ = searchCohort(msg, big, "学生7")
	assert.Equal(t, "student:X007", ids(hits)[0], "in the cohort's order")
	assert.Len(t, hits, 11) // 学生7, 学生70…79
}

// explainSolveRun uploads the cohort file path into a new season and runs mech on
// it through the run form; it returns the client (logged in) and the
// run's ID once the run is done.
func explainSolveRun(t *testing.T, path, mech string) (*webClient, int64) {
	t.Helper()
	c, target := uploadSeason(t, workbenchOptions{})
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	w := c.upload(target, c.csrf, filepath.Base(path), raw)
	fileID := storedFile(t, c, w.Result())
	season := strings.TrimSuffix(target, "/upload")
	w = c.postForm(season+"/run", url.Values{"cohort": {strconv.FormatInt(fileID, 10)}, "mechanism": {mech}, "objective": {"rank-sum"}}, c.csrf)
	return c, explainWaitRun(t, c, w)
}

// explainWaitRun waits for the run a form's redirect names to end, and requires
// it done.
func explainWaitRun(t *testing.T, c *webClient, w *httptest.ResponseRecorder) int64 {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(w.Header().Get("Location"), "/runs/"), "/diff"), 10, 64)
	require.NoError(t, err)
	deadline := time.Now().Add(30 * time.Second)
	for {
		run, err := c.st.Run(context.Background(), id)
		require.NoError(t, err)
		if run.Status != store.Running {
			require.Equal(t, store.Done, run.Status, run.Error)
			return id
		}
		require.True(t, time.Now().Before(deadline), "run %d still running", id)
		time.Sleep(10 * time.Millisecond)
	}
}

// explainGet gets target in language lang ("zh" or "en") and requires status.
func explainGet(t *testing.T, c *webClient, lang, target string, status int) string {
	t.Helper()
	c.lang = lang
	w := c.get(target)
	require.Equal(t, status, w.Code, "%s: %s", target, w.Body.String())
	return w.Body.String()
}

// TestWebStudentPage: a student's page in both languages holds the
// explanation placement explain prints, the choices with links to their
// positions, and an unknown ID is a 404 with the verb's "did you mean".
func TestWebStudentPage(t *testing.T) {
	c, id := explainSolveRun(t, explainCohortFile, "student-da")
	run := fmt.Sprintf("/runs/%d", id)
	co, err := loadCohort(explainCohortFile)
	require.NoError(t, err)
	for _, l := range []string{"en", "zh"} {
		for _, sid := range []string{"S04", "S06", "S09"} {
			_, out, stderr := runCmd("explain", "-lang", l, "-cohort", explainCohortFile, "-student", sid)
			require.NotEmpty(t, out, stderr)
			page := explainGet(t, c, l, run+"/students/"+sid, http.StatusOK)
			assert.Contains(t, page, template_escape(out), "%s %s: the verb's explanation", l, sid)
			s, _ := co.StudentIndex(sid)
			for _, q := range co.Choices(s) {
				assert.Contains(t, page, fmt.Sprintf(`href="%s/positions/%s"`, run, co.Positions()[q].ID))
			}
			assert.Contains(t, page, `id="choices"`)
		}
		page := explainGet(t, c, l, run+"/students/"+url.PathEscape("张伟"), http.StatusNotFound) // a name typed for the ID
		msg := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], cat)
		want := unknownIn(msg, co, "student", "cohort.json", "张伟").Error()
		assert.Contains(t, page, template_escape(want))
		assert.Contains(t, want, "S01", "the suggestion")
		// The search page, the ID in its box and what it finds (planner
		// review 65).
		assert.Contains(t, page, `id="missing"`)
		assert.Contains(t, page, `name="q" value="张伟"`)
		assert.Contains(t, page, fmt.Sprintf(`href="%s/students/S01"`, run))
	}
	// An ID typed in full-width or lower case reaches its record.
	w := c.get(run + "/students/" + url.PathEscape("ｓ０４"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, run+"/students/S04", w.Header().Get("Location"))
	w = c.get(run + "/positions/p3")
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, run+"/positions/P3", w.Header().Get("Location"))
	explainGet(t, c, "en", "/runs/999/students/S04", http.StatusNotFound)
	explainGet(t, c, "en", "/runs/x/students/S04", http.StatusNotFound)
}

// TestWebPositionPage: the position page in both languages, with the
// verb's explanation, the admitted and turned away linked to their pages.
func TestWebPositionPage(t *testing.T) {
	c, id := explainSolveRun(t, explainCohortFile, "student-da")
	run := fmt.Sprintf("/runs/%d", id)
	co, err := loadCohort(explainCohortFile)
	require.NoError(t, err)
	res := explainSolve(t, co, "student-da")
	for _, l := range []string{"en", "zh"} {
		for p, pos := range co.Positions() {
			_, out, _ := runCmd("explain", "-lang", l, "-cohort", explainCohortFile, "-position", pos.ID)
			page := explainGet(t, c, l, run+"/positions/"+pos.ID, http.StatusOK)
			assert.Contains(t, page, template_escape(out))
			for s := range co.Students() {
				if res.Position(s) == p {
					assert.Contains(t, page, fmt.Sprintf(`href="%s/students/%s"`, run, co.Students()[s].ID))
				}
			}
		}
		page := explainGet(t, c, l, run+"/positions/P33", http.StatusNotFound)
		msg := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], cat)
		assert.Contains(t, page, template_escape(unknownIn(msg, co, "position", "cohort.json", "P33").Error()))
	}
}

// TestWebSearchPage finds by ID and name and links each hit; IDs with
// characters a path must escape are escaped and found again.
func TestWebSearchPage(t *testing.T) {
	c, id := explainSolveRun(t, explainCohortFile, "student-da")
	run := fmt.Sprintf("/runs/%d", id)
	// One record found: its page.
	c.lang = "zh"
	w := c.get(run + "/search?q=" + url.QueryEscape("张"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, run+"/students/S01", w.Header().Get("Location"))
	w = c.get(run + "/search?q=" + url.QueryEscape("ｐ３"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, run+"/positions/P3", w.Header().Get("Location"))
	// Several: the list, each linked.
	page := explainGet(t, c, "zh", run+"/search?q="+url.QueryEscape("实习"), http.StatusOK)
	assert.Contains(t, page, fmt.Sprintf(`href="%s/positions/P1"`, run))
	assert.Contains(t, page, fmt.Sprintf(`href="%s/positions/P2"`, run))
	assert.Contains(t, page, "找到 2 条。")
	page = explainGet(t, c, "en", run+"/search?q=nothing", http.StatusOK)
	assert.Contains(t, page, "No student or position has &#34;nothing&#34; in its ID or name.")
	explainGet(t, c, "en", run+"/search", http.StatusOK)
}

// TestWebEscapedIDs: IDs with a space, a slash, a question mark and
// Chinese reach their pages through escaped links.
func TestWebEscapedIDs(t *testing.T) {
	dir := t.TempDir()
	cohort := writeFile(t, dir, "odd.json", `{
  "positions": [{"id": "岗位 A/1?", "capacity": 1}, {"id": "P#2", "capacity": 1}],
  "students": [
    {"id": "学生 1", "score": 90, "choices": ["岗位 A/1?", "P#2"]},
    {"id": "S/2", "score": 80, "choices": ["岗位 A/1?"]}
  ]
}`)
	c, target := uploadSeason(t, workbenchOptions{})
	raw, err := os.ReadFile(cohort)
	require.NoError(t, err)
	w := c.upload(target, c.csrf, "odd.json", raw)
	fileID := storedFile(t, c, w.Result())
	w = c.postForm(strings.TrimSuffix(target, "/upload")+"/run", url.Values{"cohort": {strconv.FormatInt(fileID, 10)}}, c.csrf)
	id := explainWaitRun(t, c, w)
	run := fmt.Sprintf("/runs/%d", id)
	page := explainGet(t, c, "en", run+"/students/"+url.PathEscape("S/2"), http.StatusOK)
	href := run + "/positions/" + url.PathEscape("岗位 A/1?")
	assert.Contains(t, page, `href="`+template_escape(href)+`"`)
	page = explainGet(t, c, "en", href, http.StatusOK)
	assert.Contains(t, page, fmt.Sprintf(`href="%s/students/%s"`, run, url.PathEscape("学生 1")))
	assert.Contains(t, page, "岗位 A/1?")
	explainGet(t, c, "en", run+"/positions/"+url.PathEscape("P#2"), http.StatusOK)
	w = c.get(run + "/search?q=" + url.QueryEscape("a/1"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, href, w.Header().Get("Location"))
}

// TestWebRoundExplain: a round's run (stored as the rounds' pages store
// one: the round's cohort as blob "cohort.json", its base the published
// main run, its responses a file) explains a student and a position in
// the round's words, as placement explain -previous -responses does.
func TestWebRoundExplain(t *testing.T) {
	ctx := context.Background()
	c, mainID := explainSolveRun(t, explainCohortFile, "student-da")
	st := c.st
	main, err := st.Run(ctx, mainID)
	require.NoError(t, err)
	_, err = st.Publish(ctx, mainID, "planner")
	require.NoError(t, err)
	dir := t.TempDir()
	r1 := filepath.Join(dir, "r1.json")
	data, err := st.RunResult(ctx, mainID)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(r1, data, 0o644))
	const respPath = "testdata/round/responses.json"
	respData, err := os.ReadFile(respPath)
	require.NoError(t, err)
	respFile, err := st.AddFile(ctx, store.File{Season: main.Season, Kind: "responses", Name: "responses.json", Format: "json", Accepted: true}, respData)
	require.NoError(t, err)
	r2 := filepath.Join(dir, "r2.json")
	code, _, stderr := runCmd("round", "-cohort", explainCohortFile, "-previous", r1, "-responses", respPath, "-out", r2)
	require.Equal(t, 0, code, stderr)

	co, err := loadCohort(explainCohortFile)
	require.NoError(t, err)
	prev, err := readPrevious(co, r1)
	require.NoError(t, err)
	resp, err := readResponses(respPath)
	require.NoError(t, err)
	rf, err := readPrevious(co, r2)
	require.NoError(t, err)
	o, err := round.FileOptions(rf, &round.Options{})
	require.NoError(t, err)
	rc, _, err := round.Prepare(ctx, co, prev, resp, &o)
	require.NoError(t, err)
	var cb bytes.Buffer
	require.NoError(t, model.WriteJSON(&cb, rc))
	result, err := os.ReadFile(r2)
	require.NoError(t, err)
	run, err := st.StartRun(ctx, store.Run{Season: main.Season, Kind: "round", Cohort: main.Cohort, Base: mainID, Responses: respFile.ID, Round: 2})
	require.NoError(t, err)
	require.NoError(t, st.FinishRun(ctx, run.ID, result, rf.ResultFingerprint(), []byte(`{"round": 2}`), map[string][]byte{"cohort.json": cb.Bytes()}))

	path := fmt.Sprintf("/runs/%d", run.ID)
	rounds := 0
	for _, l := range []string{"en", "zh"} {
		for _, sid := range []string{"S01", "S02", "S03", "S06", "S09"} {
			_, out, stderr := runCmd("explain", "-lang", l, "-cohort", explainCohortFile, "-result", r2, "-previous", r1, "-responses", respPath, "-student", sid)
			require.NotEmpty(t, out, stderr)
			page := explainGet(t, c, l, path+"/students/"+sid, http.StatusOK)
			assert.Contains(t, page, template_escape(out), "%s %s", l, sid)
			if strings.HasPrefix(out, words.Round(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], 2)) {
				rounds++
			}
		}
		_, out, _ := runCmd("explain", "-lang", l, "-cohort", explainCohortFile, "-result", r2, "-previous", r1, "-responses", respPath, "-position", "P1")
		page := explainGet(t, c, l, path+"/positions/P1", http.StatusOK)
		assert.Contains(t, page, template_escape(out), l)
	}
	assert.Equal(t, 10, rounds, "every explanation starts with the round's words")
	// A round is not a base for a what-if.
	explainGet(t, c, "en", path+"/whatif", http.StatusConflict)
}

// TestWebPositionPages: a position whose lists are longer than a page
// links to the next page, whose students follow the first page's, and
// back; every student of the lists is on exactly one page.
func TestWebPositionPages(t *testing.T) {
	co := webCohort(t, 600)
	dir := t.TempDir()
	var cb bytes.Buffer
	require.NoError(t, model.WriteJSON(&cb, co))
	path := writeFile(t, dir, "group.json", cb.String())
	c, id := explainSolveRun(t, path, "student-da")
	res := explainSolve(t, co, "student-da")
	e := newExplained(lang.English, english, res, nil, "")
	best, most := -1, 0
	for p := range co.Positions() {
		if v := e.position(p, 0, 0); v.AwayTotal > most {
			best, most = p, v.AwayTotal
		}
	}
	require.Greater(t, most, positionPageSize, "a position turns away more than a page")
	pid := co.Positions()[best].ID
	href := fmt.Sprintf("/runs/%d/positions/%s", id, url.PathEscape(pid))
	seen := map[string]int{}
	student := regexp.MustCompile(`<td><a href="/runs/\d+/students/([^"]+)"><code>`)
	pages := 0
	for page := 1; ; page++ {
		text := explainGet(t, c, "en", fmt.Sprintf("%s?page=%d", href, page), http.StatusOK)
		pages++
		for _, m := range student.FindAllStringSubmatch(text, -1) {
			seen[m[1]]++
		}
		if page > 1 {
			assert.Contains(t, text, fmt.Sprintf(`href="%s?page=%d" rel="prev"`, href, page-1))
		}
		if !strings.Contains(text, `rel="next"`) {
			break
		}
		assert.Contains(t, text, fmt.Sprintf(`href="%s?page=%d" rel="next"`, href, page+1))
		require.Less(t, page, 100)
	}
	// A page number past the last, up to the largest int, is the last
	// page (it used to overflow into a panic, a 500).
	for _, pg := range []string{"9223372036854775807", "4611686018427387904", "1000000"} {
		text := explainGet(t, c, "en", href+"?page="+pg, http.StatusOK)
		assert.Contains(t, text, fmt.Sprintf(`href="%s?page=%d" rel="prev"`, href, pages-1), pg)
		assert.NotContains(t, text, `rel="next"`, pg)
	}
	all := e.position(best, 0, 0)
	// The explanation leaves students out as the command does, but sends
	// the planner to the tables, not to a command-line flag (review 46).
	for _, l := range []string{"en", "zh"} {
		text := explainGet(t, c, l, href, http.StatusOK)
		assert.NotContains(t, text, "-limit", l)
		pr := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], webCat())
		assert.Contains(t, text, template_escape(pr.Sprintf("  ... and %d more (the tables above list them all)\n", all.AwayTotal-explainLimit)), l)
	}
	assert.Equal(t, (max(all.AdmittedTotal, all.AwayTotal)+positionPageSize-1)/positionPageSize, pages)
	assert.Len(t, seen, all.AdmittedTotal+all.AwayTotal)
	for _, s := range append(all.Admitted, all.Away...) {
		assert.Equal(t, 1, seen[url.PathEscape(s.ID)], s.ID)
	}
}

// TestWebSeasonSearch: the season page has a search box; it searches the
// season's latest published round, else its latest done allocation (not
// a what-if), whose search page names the run; a season without a result
// says so. Explain pages' crumbs start at the season (planner review 16,
// 21).
func TestWebSeasonSearch(t *testing.T) {
	c, id := explainSolveRun(t, explainCohortFile, "student-da")
	ctx := context.Background()
	run, err := c.st.Run(ctx, id)
	require.NoError(t, err)
	season, err := c.st.Season(ctx, run.Season)
	require.NoError(t, err)
	sp := fmt.Sprintf("/seasons/%d", season.ID)
	page := explainGet(t, c, "zh", sp, http.StatusOK)
	assert.Contains(t, page, `action="`+sp+`/search"`)
	assert.Contains(t, page, `id="season-search"`)
	w := c.get(sp + "/search?q=" + url.QueryEscape("实习"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, fmt.Sprintf("/runs/%d/search?q=%s", id, url.QueryEscape("实习")), w.Header().Get("Location"))
	for _, l := range []string{"en", "zh"} {
		pr := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], webCat())
		page := explainGet(t, c, l, w.Header().Get("Location"), http.StatusOK)
		assert.Contains(t, page, template_escape(pr.Sprintf("Searching the result of run %d (%s).", id, runWords(pr, matching.StudentDA, "rank-sum"))))
		assert.NotContains(t, page, "(student-da)", "codes only on the run form (final review 4)")
		// Crumbs: the season, then the run.
		crumbs := fmt.Sprintf(`<nav class="crumbs"><a href="%s">%s</a> › <a href="/runs/%d">`, sp, template_escape(season.Name), id)
		assert.Contains(t, page, crumbs, l)
		for _, p := range []string{"/students/S04", "/positions/P1", "/whatif"} {
			assert.Contains(t, explainGet(t, c, l, fmt.Sprintf("/runs/%d%s", id, p), http.StatusOK), crumbs, p)
		}
	}
	// A later done run is searched instead; a published one wins over it.
	w = c.postForm(sp+"/run", url.Values{"cohort": {strconv.FormatInt(run.Cohort, 10)}, "mechanism": {"position-da"}, "objective": {"rank-sum"}}, c.csrf)
	later := explainWaitRun(t, c, w)
	w = c.get(sp + "/search?q=S04")
	assert.Equal(t, fmt.Sprintf("/runs/%d/search?q=S04", later), w.Header().Get("Location"))
	_, err = c.st.Publish(ctx, id, "planner")
	require.NoError(t, err)
	w = c.get(sp + "/search?q=S04")
	assert.Equal(t, fmt.Sprintf("/runs/%d/search?q=S04", id), w.Header().Get("Location"))
	// A season without a result.
	empty, err := c.st.CreateSeason(ctx, store.Season{Name: "空", Year: 2027})
	require.NoError(t, err)
	pr := lang.Printer(lang.Chinese, webCat())
	page = explainGet(t, c, "zh", fmt.Sprintf("/seasons/%d/search?q=S04", empty.ID), http.StatusConflict)
	assert.Contains(t, page, pr.Sprintf("No allocation of this season has a result yet: upload the cohort and run an allocation first; then students and positions can be found."))
}

// TestWebStudentFacts: a student's page names their school, major, home
// region and order class; a position's lists call a student's name 姓名;
// search hits show each student's result, and a school by its name
// (planner review 17, 19, 20).
func TestWebStudentFacts(t *testing.T) {
	c, id := explainSolveRun(t, explainCohortFile, "student-da")
	run := fmt.Sprintf("/runs/%d", id)
	co, err := loadCohort(explainCohortFile)
	require.NoError(t, err)
	res := explainSolve(t, co, "student-da")
	page := explainGet(t, c, "zh", run+"/students/S01", http.StatusOK)
	for k, v := range map[string]string{"school": "集团职业技术学院", "major": "汽车制造", "home": "龙泉县", "order-class": "沪上汽车订单班"} {
		assert.Contains(t, page, fmt.Sprintf(`id="%s">%s<`, k, v), k)
	}
	assert.Contains(t, page, "<dt>学校</dt>")
	page = explainGet(t, c, "zh", run+"/positions/P1", http.StatusOK)
	assert.Contains(t, page, "<th>姓名</th>")
	assert.NotContains(t, page, "<th>名称</th>")
	// Several hits: every student whose ID starts with S0.
	page = explainGet(t, c, "zh", run+"/search?q=S0", http.StatusOK)
	pr := lang.Printer(lang.Chinese, webCat())
	hits := 0
	for s, st := range co.Students() {
		if !strings.HasPrefix(st.ID, "S0") {
			continue
		}
		hits++
		want := pr.Sprintf("unplaced")
		if p := res.Position(s); p >= 0 {
			want = pr.Sprintf("placed, choice %d: %s", res.Rank(s), nameID(co.Positions()[p].ID, co.Positions()[p].Name))
		}
		assert.Contains(t, page, "<td>"+template_escape(want)+"</td>", st.ID)
	}
	require.Greater(t, hits, 1)
	assert.Contains(t, page, "<td>集团职业技术学院</td>")
	assert.NotContains(t, page, `SC3 &#34;`)
}
