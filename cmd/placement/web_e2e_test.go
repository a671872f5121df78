package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/browsertest"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
	"github.com/placement-engine/placement/round"
)

// e2eScale is the group preset's scale in the end-to-end test: 1 is the
// group workbook itself (5,000 students, 703 positions, special posts,
// order classes, reserves, caps, floors), as the walk asks; it
// takes 30–65 s on two cores, by load (0.2, 1,000 students, is enough
// for every page and chart in about 15 s when iterating on the test).
const e2eScale = 1

// TestWebE2E walks a planner's season in headless Chromium, by clicks
// and form fills only (the first page aside): create a season; upload
// the group workbook with a mistake and see it located; upload the fixed
// one and see its summary; run the stable and the optimal allocation and
// open their reports (charts not empty); tick both in the history,
// compare them and open their joint report; explain a student; run a
// what-if and see who moves; publish round 1; upload responses; run round
// 2 and publish it; compare the rounds (in English); download the
// results and verify them with placement check. Each page's screenshot
// goes to the test's artifacts (go test -artifacts keeps them).
func TestWebE2E(t *testing.T) {
	exe := browsertest.Chromium(t)
	start := time.Now()
	ctx := context.Background()
	dir := t.TempDir()

	// The server: a workbench over a fresh store, local mode, on a real
	// loopback listener.
	st, err := store.Open(ctx, filepath.Join(dir, "season.db"))
	require.NoError(t, err)
	wb := newWorkbench(st, workbenchOptions{User: "planner", Logf: t.Logf})
	srv := httptest.NewServer(wb)
	t.Cleanup(func() {
		srv.Close()
		cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		assert.NoError(t, wb.close(cctx))
		assert.NoError(t, st.Close())
	})

	// The workbooks: the group preset scaled down, written as a planner's
	// workbook, and a copy where one student's first choice names a
	// position that does not exist.
	c, err := synth.Generate(synth.Group(e2eScale, 2026))
	require.NoError(t, err)
	var good bytes.Buffer
	require.NoError(t, xlsx.Write(&good, c))
	fixed := filepath.Join(dir, "group.xlsx")
	require.NoError(t, os.WriteFile(fixed, good.Bytes(), 0o644))
	broken := filepath.Join(dir, "group-broken.xlsx")
	brokenRow, brokenCol := breakChoice(t, c, good.Bytes(), broken)
	t.Logf("cohort: %d students, %d positions; workbook %d bytes (%v)", len(c.Students()), len(c.Positions()), good.Len(), time.Since(start))

	p := newE2ETab(t, exe, srv.URL)
	zh := func(s string) { t.Helper(); assert.Contains(t, p.body(), s, "at %s", p.path()) }
	// Texts with numbers, as the pages word them (%d grouped by thousands).
	zhf, enf := lang.Printer(lang.Chinese, webCat()).Sprintf, lang.Printer(lang.English, webCat()).Sprintf

	// 1. A season.
	p.open("/")
	zh("学生分配工作台")
	zh("新建年度分配")
	p.shot("seasons")
	p.typeIn(`#new-season input[name=name]`, "2026 年度实习分配")
	p.typeIn(`#new-season input[name=year]`, "2026")
	p.click(`#new-season button[type=submit]`)
	require.Regexp(t, `^/seasons/\d+$`, p.path())
	season := strings.TrimPrefix(p.path(), "/seasons/")
	zh("2026 年度实习分配")
	p.shot("season")

	// The workbook with the mistake: rejected, the problem located.
	p.click(fmt.Sprintf(`a[href="/seasons/%s/upload"]`, season))
	zh("上传学生岗位数据")
	p.shot("upload")
	p.attach(`#upload input[type=file]`, broken)
	p.click(`#upload button[type=submit]`)
	require.Regexp(t, `^/files/\d+$`, p.path())
	assert.Contains(t, p.text("#verdict"), "文件未通过校验")
	rows := p.cells(`table.problems[id^="p"]`)
	require.NotEmpty(t, rows, "no problem listed")
	for _, r := range rows { // file, sheet, row, column, record, problem, hint
		require.Len(t, r, 7)
		assert.Equal(t, []string{"group-broken.xlsx", "students", strconv.Itoa(brokenRow), brokenCol}, r[:4], "the problem's place")
		assert.Contains(t, r[5], "P99999", "the problem names the unknown position")
	}
	p.shot("file-rejected")

	// The fixed workbook: accepted, its summary.
	p.click(fmt.Sprintf(`a[href="/seasons/%s"]`, season))
	p.click(fmt.Sprintf(`a[href="/seasons/%s/upload"]`, season))
	p.attach(`#upload input[type=file]`, fixed)
	p.click(`#upload button[type=submit]`)
	cohortFile := strings.TrimPrefix(p.path(), "/files/")
	require.Regexp(t, `^\d+$`, cohortFile)
	assert.Contains(t, p.text("#verdict"), "可以使用")
	summary := map[string]string{}
	for _, r := range p.cells("#summary") {
		summary[r[0]] = r[1]
	}
	sum := model.Summarize(c)
	assert.Equal(t, num(int64(sum.Students)), summary["学生"], "students in the summary")
	assert.Equal(t, num(int64(sum.Positions)), summary["岗位"], "positions in the summary")
	assert.Equal(t, num(int64(sum.Seats)), summary["名额"], "seats in the summary")
	p.shot("file-accepted")

	// 2. The stable and the optimal allocation, their reports.
	p.click(fmt.Sprintf(`a[href="/seasons/%s/run?cohort=%s"]`, season, cohortFile))
	p.shot("run-form")
	stable := p.runAllocation(t, wb, "student-da", "", "stable")
	p.click(fmt.Sprintf(`a[href="/seasons/%s"]`, season))
	p.click(fmt.Sprintf(`a[href="/seasons/%s/run"]`, season))
	optimal := p.runAllocation(t, wb, "optimal", "rank-sum", "optimal")
	res, _, err := wb.result(ctx, stable)
	require.NoError(t, err)
	resOpt, _, err := wb.result(ctx, optimal)
	require.NoError(t, err)

	// The two side by side: the cohort's runs in the history, two ticked,
	// compared, and the report of both (the price of stability's charts).
	p.click(`a[href^="/history?cohort="]`)
	p.do("tick the two runs", chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=run][value="%d"]`, stable))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=run][value="%d"]`, optimal))))
	p.shot("history")
	p.click(`form[action="/compare"] button[type=submit]`)
	side := map[string][]string{}
	for _, r := range p.cells("table.compare") {
		side[r[0]] = r[1:]
	}
	placedOf := map[string]string{fmt.Sprintf("/runs/%d", stable): num(int64(res.Placed())), fmt.Sprintf("/runs/%d", optimal): num(int64(resOpt.Placed()))}
	heads := evalJS[[]string](p, `Array.from(document.querySelectorAll('table.compare thead a')).map(a => a.getAttribute('href'))`)
	require.ElementsMatch(t, slices.Collect(maps.Keys(placedOf)), heads, "the runs compared")
	assert.Equal(t, []string{placedOf[heads[0]], placedOf[heads[1]]}, side["已分配"], "placed, run by run")
	p.shot("compare")
	p.click(`.report-link button`)
	charts := evalJS[map[string]int](p, chartsJS)
	assert.Contains(t, charts, "chart-gains", "the report of two results has the chart of who gains")
	for id, n := range charts {
		assert.Positive(t, n, "the chart %s of the comparison draws nothing", id)
	}
	p.shot("report-compare")
	p.shotOf("chart-gains", "#chart-gains")
	p.click(`a[href="/"]`) // the report's line: back to the seasons

	// 3. Explain a student of the stable allocation: one placed below
	// their first choice, found by ID.
	p.click(fmt.Sprintf(`a[href="/seasons/%s"]`, season))
	p.click(fmt.Sprintf(`#runs a[href="/runs/%d"]`, stable))
	p.click(fmt.Sprintf(`a[href="/runs/%d/search"]`, stable))
	s := -1
	for i := range c.Students() {
		if res.Rank(i) >= 3 {
			s = i
			break
		}
	}
	require.GreaterOrEqual(t, s, 0, "no student placed at their third choice or below")
	sid, got := c.Students()[s].ID, c.Positions()[res.Position(s)].ID
	// Part of the ID: a few students listed; the whole ID: their page.
	p.typeIn(`input[name=q]`, sid[:len(sid)-1])
	p.click(`form[role=search] button[type=submit]`)
	hits := p.cells("#hits")
	assert.True(t, len(hits) > 1 && slices.ContainsFunc(hits, func(r []string) bool { return slices.Contains(r, sid) }), "%s among the hits of %s: %v", sid, sid[:len(sid)-1], hits)
	p.shot("search")
	p.typeIn(`input[name=q]`, sid)
	p.click(`form[role=search] button[type=submit]`)
	require.Equal(t, fmt.Sprintf("/runs/%d/students/%s", stable, sid), p.path(), "one hit: its page")
	assert.Contains(t, p.text("#outcome"), got, "the student's outcome names their position")
	assert.Contains(t, p.text("#outcome"), strconv.Itoa(res.Rank(s)), "the student's outcome names their choice")
	assert.Equal(t, res.Rank(s)-1, evalJS[int](p, `document.querySelectorAll('#choices tr.refused').length`), "choices refused above the one obtained")
	assert.Equal(t, 1, evalJS[int](p, `document.querySelectorAll('#choices tr.placed').length`), "the choice obtained")
	assert.Contains(t, p.text("#explanation"), sid)
	zh("说明")
	p.shot("student")

	// 4. What if a full position that turned students away had three
	// seats more: who moves.
	full := wantedFullPosition(t, res)
	pid := c.Positions()[full].ID
	p.click(fmt.Sprintf(`nav.crumbs a[href="/runs/%d"]`, stable))
	p.click(fmt.Sprintf(`a[href="/runs/%d/whatif"]`, stable))
	p.typeIn(`input[name=name]`, "多给三个名额")
	p.typeIn(`input[name=pos_id_0]`, pid)
	p.typeIn(`input[name=pos_seats_0]`, "3")
	p.shot("whatif-form")
	p.click(`#whatif-form button[type=submit]`)
	// The what-if's page (its run's while it runs) ends on who moved:
	// a finished what-if goes to its diff by itself.
	m := regexp.MustCompile(`^/runs/(\d+)`).FindStringSubmatch(p.path())
	require.NotNil(t, m, "after the what-if form: %s", p.path())
	whatifRun := m[1]
	deadline := time.Now().Add(30 * time.Second)
	for p.path() != "/runs/"+whatifRun+"/diff" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	require.Equal(t, "/runs/"+whatifRun+"/diff", p.path(), "the what-if did not end on who moved: %s", p.body())
	movers := p.cells("#students")
	assert.NotEmpty(t, movers, "nobody moved with three seats more at %s", pid)
	assert.True(t, slices.ContainsFunc(movers, func(r []string) bool { return slices.Contains(r, pid) }),
		"nobody moved to or from %s: %v", pid, movers)
	zh(zhf("Students who moved or withdrew: %d", len(movers)))
	zh("去向变动或退出的学生")
	filled := p.cells("#positions")
	assert.True(t, slices.ContainsFunc(filled, func(r []string) bool {
		return slices.ContainsFunc(r, func(x string) bool { return strings.Contains(x, pid) })
	}),
		"%s is not among the positions whose fill changed: %v", pid, filled)
	p.shot("whatif-diff")

	// 5. Publish the stable allocation as round 1.
	p.click(fmt.Sprintf(`nav.crumbs a[href="/runs/%d"]`, stable))
	p.click(fmt.Sprintf(`a[href="/runs/%d/publish"]`, stable))
	p.shot("publish")
	p.click(fmt.Sprintf(`form[action="/runs/%d/publish"] button[type=submit]`, stable))
	require.Equal(t, "/seasons/"+season+"/rounds", p.path())
	assert.Equal(t, 1, evalJS[int](p, `document.querySelectorAll('#rounds tr[data-round]').length`))
	p.shot("rounds-1")

	// 6. The students' responses to round 1 (drawn from the stored
	// result, new lists for those who continue), uploaded as a workbook.
	resp, err := round.Synthesize(res, &round.SynthOptions{Seed: 7, NewLists: true})
	require.NoError(t, err)
	var rb bytes.Buffer
	require.NoError(t, xlsx.WriteResponses(&rb, resp, lang.Chinese))
	respPath := filepath.Join(dir, "回复-主轮.xlsx")
	require.NoError(t, os.WriteFile(respPath, rb.Bytes(), 0o644))
	p.attach(`form[action$="/rounds/responses"] input[type=file]`, respPath)
	p.click(`form[action$="/rounds/responses"] button`)
	respFile := strings.TrimPrefix(p.path(), "/responses/")
	require.Regexp(t, `^\d+$`, respFile)
	assert.Contains(t, p.text("p.ok"), fmt.Sprintf("共 %s 行", num(int64(len(resp.Responses)))))
	p.shot("responses")
	respDL := p.download(fmt.Sprintf(`a[href="/files/%s/download"]`, respFile), "")
	assert.Equal(t, filepath.Base(respPath), filepath.Base(respDL), "the responses' name")

	// 7. Round 2: run, publish, compare with round 1.
	p.click(fmt.Sprintf(`a[href="/seasons/%s/rounds"]`, season))
	assert.Equal(t, respFile, evalJS[string](p, `document.querySelector('form[action$="/rounds/next"] select[name=responses]').value`), "the responses just uploaded are the round's")
	p.choose(`form[action$="/rounds/next"] select[name=mechanism]`, "student-da")
	p.click(`form[action$="/rounds/next"] button[type=submit]`)
	at := p.path()
	require.Regexp(t, `^/runs/\d+$`, at)
	round2, err := strconv.ParseInt(strings.TrimPrefix(at, "/runs/"), 10, 64)
	require.NoError(t, err)
	status, _ := p.waitRun(30 * time.Second)
	require.Equal(t, "done", status, "round 2: %s", p.body())
	res2, _, err := wb.result(ctx, round2)
	require.NoError(t, err)
	p.shot("run-round2")
	p.click(`.report-link button`)
	assertRankBars(t, p, res2)
	p.shot("report-round2")
	p.shotOf("chart-rank-round2", "#chart-rank")
	p.click(fmt.Sprintf(`a[href="/runs/%d"]`, round2))
	p.click(fmt.Sprintf(`a[href="/runs/%d/publish"]`, round2))
	p.click(fmt.Sprintf(`form[action="/runs/%d/publish"] button[type=submit]`, round2))
	assert.Equal(t, 2, evalJS[int](p, `document.querySelectorAll('#rounds tr[data-round]').length`))
	p.shot("rounds-2")
	p.click(`form[action$="/rounds/compare"] button[type=submit]`)
	placed := p.cells("#placed")
	require.Len(t, placed, 2)
	assert.Equal(t, num(int64(res.Placed())), placed[0][1], "placed after round 1")
	assert.Equal(t, num(int64(res2.Placed())), placed[1][1], "placed after round 2")
	moved := p.cells("#moved")
	zh(zhf("Who moved (%d)", len(moved)))
	zh("变动的学生")
	p.shot("rounds-compare")

	// The same page in English, by the switch; then back to Chinese.
	p.click(`a[hreflang=en]`)
	assert.Contains(t, p.body(), enf("Who moved (%d)", len(moved)))
	assert.NotContains(t, p.body(), "变动的学生")
	p.shot("rounds-compare-en")
	p.click(`a[hreflang=zh]`)
	zh(zhf("Who moved (%d)", len(moved)))

	// 8. Download the results of both rounds, the responses and the
	// cohort through the browser, and verify them with placement check.
	p.click(fmt.Sprintf(`a[href="/seasons/%s/rounds"]`, season))
	r1 := p.download(fmt.Sprintf(`tr[data-round="1"] a[href="/runs/%d/result.xlsx"]`, stable), "round1.xlsx")
	r2 := p.download(fmt.Sprintf(`tr[data-round="2"] a[href="/runs/%d/result.xlsx"]`, round2), "round2.xlsx")
	p.click(fmt.Sprintf(`a[href="/seasons/%s"]`, season))
	p.click(fmt.Sprintf(`#files a[href="/files/%s"]`, cohortFile))
	cohortDL := p.download(fmt.Sprintf(`a[href="/files/%s/download"]`, cohortFile), "")
	assert.Equal(t, good.Bytes(), readFile(t, cohortDL), "the cohort downloaded is the one uploaded")
	assert.Equal(t, rb.Bytes(), readFile(t, respDL), "the responses downloaded are those uploaded")
	for _, args := range [][]string{
		{"check", "-cohort", cohortDL, "-result", r1},
		{"check", "-cohort", cohortDL, "-result", r2, "-previous", r1, "-responses", respDL},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr)
		assert.Equal(t, 0, code, "placement %s:\n%s%s", strings.Join(args, " "), stdout.String(), stderr.String())
		assert.Contains(t, stdout.String(), num(int64(len(c.Students()))), "placement %s", strings.Join(args, " "))
		t.Logf("placement %s:\n%s", strings.Join(args[:1], " "), stdout.String())
	}
	assert.Empty(t, p.consoleProblems(), "errors on the console after the last screenshot")
	t.Logf("the whole walk: %v, %d screenshots", time.Since(start), p.n)
}

// readFile reads a file the test made or downloaded.
func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

// wantedFullPosition returns a position of res filled to capacity that
// some student ranked above the position they got (or was left
// without): more seats there must move someone.
func wantedFullPosition(t *testing.T, res *matching.Result) int {
	t.Helper()
	inst := res.Instance()
	c := inst.Cohort()
	fill := res.Fill()
	turned := make([]int, len(fill))
	for s := range c.Students() {
		if c.StudentSpecialPost(s) {
			continue
		}
		ch := c.Choices(s)
		if k := res.Rank(s); k > 0 {
			ch = ch[:k-1]
		}
		for _, p := range ch {
			turned[p]++
		}
	}
	best := -1
	for p := range fill {
		if fill[p] == inst.Capacity(p) && inst.Capacity(p) > 0 && turned[p] > 0 && (best < 0 || turned[p] > turned[best]) {
			best = p
		}
	}
	require.GreaterOrEqual(t, best, 0, "no full position turned a student away")
	return best
}

// breakChoice writes to path the workbook good with one mistake: the
// first choice of a student (not a special-post student) names P99999, a
// position that does not exist. It returns the sheet's row and the
// column's name.
func breakChoice(t *testing.T, c *model.Cohort, good []byte, path string) (row int, column string) {
	t.Helper()
	s := slices.IndexFunc(c.Students(), func(st model.Student) bool { return !st.SpecialPost && len(st.Choices) > 1 })
	require.GreaterOrEqual(t, s, 0)
	s = max(s, 6) // not the first rows, whatever they are
	for c.Students()[s].SpecialPost || len(c.Students()[s].Choices) < 2 {
		s++
	}
	f, err := excelize.OpenReader(bytes.NewReader(good))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("students")
	require.NoError(t, err)
	col := slices.Index(rows[0], "choices")
	require.GreaterOrEqual(t, col, 0, "no column choices in %v", rows[0])
	row = s + 2 // the header, then the students in order, 1-based
	require.Equal(t, c.Students()[s].ID, rows[row-1][0])
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	require.NoError(t, err)
	choices := slices.Clone(c.Students()[s].Choices)
	choices[0] = "P99999"
	require.NoError(t, f.SetCellStr("students", cell, strings.Join(choices, ";")))
	require.NoError(t, f.SaveAs(path))
	return row, "choices"
}

// runAllocation fills the run form (the tab shows it) with mechanism and
// objective, waits for the run to end (the page reloads itself), checks
// the run page's figures against the stored result, opens the report and
// checks its rank chart has bars. It returns the run's ID.
func (p *e2eTab) runAllocation(t *testing.T, wb *workbench, mechanism, objective, name string) int64 {
	t.Helper()
	p.choose(`select[name=mechanism]`, mechanism)
	if objective != "" {
		p.choose(`select[name=objective]`, objective)
	}
	p.click(`main form button[type=submit]`)
	at := p.path()
	require.Regexp(t, `^/runs/\d+$`, at)
	id, err := strconv.ParseInt(strings.TrimPrefix(at, "/runs/"), 10, 64)
	require.NoError(t, err)
	status, sawRunning := p.waitRun(30 * time.Second)
	require.Equal(t, "done", status, "run %d: %s", id, p.body())
	t.Logf("run %d (%s) done; the page showed it running first: %v", id, mechanism, sawRunning)
	res, _, err := wb.result(context.Background(), id)
	require.NoError(t, err)
	figures := map[string]string{}
	for _, r := range p.cells("table.summary") {
		figures[r[0]] = r[1]
	}
	assert.True(t, strings.HasPrefix(figures["已分配"], num(int64(res.Placed()))+" "), "placed on the run page: %q, the result: %d", figures["已分配"], res.Placed())
	assert.Equal(t, num(res.TotalRank()), figures["志愿位次总和"], "total rank")
	p.shot("run-" + name)

	p.click(`.report-link button`)
	assertRankBars(t, p, res)
	// Every chart of the report draws something.
	charts := evalJS[map[string]int](p, chartsJS)
	assert.GreaterOrEqual(t, len(charts), 8, "charts in the report: %v", charts)
	for id, n := range charts {
		assert.Positive(t, n, "the chart %s of the %s report draws nothing", id, name)
	}
	p.shot("report-" + name)
	p.shotOf("chart-rank-"+name, "#chart-rank")
	p.click(fmt.Sprintf(`a[href="/runs/%d"]`, id)) // the report's line back to its run
	return id
}

// assertRankBars checks the report's rank chart has a bar for each rank
// the result gave some student, and one for the unplaced if any.
func assertRankBars(t *testing.T, p *e2eTab, res *matching.Result) {
	t.Helper()
	want := 0
	for _, n := range res.ByRank() {
		if n > 0 {
			want++
		}
	}
	if res.Placed() < res.Instance().Students() {
		want++
	}
	assert.Equal(t, want, evalJS[int](p, barsJS("#chart-rank")), "bars of the rank chart")
}

// barsFn is a JavaScript function counting the bars of a chart's SVG
// element: filled shapes (the plot package draws them as paths) of
// non-zero width and height, lower than the chart (not its background).
const barsFn = `(svg) => {
  const h = svg.viewBox.baseVal.height || svg.getBBox().height;
  return Array.from(svg.querySelectorAll('path, rect, polygon')).filter(e => {
    const fill = getComputedStyle(e).fill;
    if (!fill || fill === 'none' || fill.startsWith('rgba(0, 0, 0, 0)')) return false;
    const b = e.getBBox();
    return b.width > 0 && b.height > 0 && b.height < 0.9 * h;
  }).length;
}`

// barsJS counts the bars of the chart sel (-1: no such chart).
func barsJS(sel string) string {
	return fmt.Sprintf(`((f) => { const svg = document.querySelector(%q); return svg ? f(svg) : -1; })(%s)`, sel, barsFn)
}

// chartsJS counts the bars of every chart of the page, by its ID.
const chartsJS = `((f) => Object.fromEntries(Array.from(document.querySelectorAll('svg[id^="chart-"]')).map(s => [s.id, f(s)])))(` + barsFn + `)`
