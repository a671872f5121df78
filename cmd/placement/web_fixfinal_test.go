package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/whatif"
)

// TestWebWhatifTwice: the same what-if sent twice at once (two tabs, a
// double click) makes one change file and one run, and both requests
// land on it (final review 10: the dedupe lives in startRun).
func TestWebWhatifTwice(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	base := fmt.Sprintf("/runs/%d", baseID)
	s0, f0, r0 := c.stored()
	var wg sync.WaitGroup
	ws := make([]*httptest.ResponseRecorder, 2)
	for i := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := whatifValues()
			form.Set("name", "S2 leaves")
			ws[i] = c.postForm(base+"/whatif", form, c.csrf)
		}()
	}
	wg.Wait()
	for _, w := range ws {
		require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	}
	assert.Equal(t, ws[0].Header().Get("Location"), ws[1].Header().Get("Location"), "both requests land on one run")
	id := explainWaitRun(t, c, ws[0])
	s1, f1, r1 := c.stored()
	assert.Equal(t, []int{s0, f0 + 1, r0 + 1}, []int{s1, f1, r1}, "one change file, one run")
	assert.NotZero(t, id)

	// Its downloads are named as the results are (final review 6):
	// season, run, what-if, "moves"; an ASCII name for old clients.
	for _, l := range []struct{ lang, want string }{
		{"zh", "filename*=UTF-8''" + url.PathEscape(fmt.Sprintf("2026-main-运行%d-假设分析-变动.xlsx", id))},
		{"en", fmt.Sprintf(`filename="2026-main-run%d-what-if-moves.xlsx"`, id)},
		{"zh", fmt.Sprintf(`filename="2026-main-run%d-what-if-moves.xlsx"`, id)},
	} {
		c.lang = l.lang
		dl := c.get(fmt.Sprintf("/runs/%d/diff.xlsx", id))
		require.Equal(t, http.StatusOK, dl.Code)
		assert.Contains(t, dl.Header().Get("Content-Disposition"), l.want, l.lang)
	}
}

// TestWebFileWarningHints: a warning gets a hint of its own kind, not an
// error's (the cohort is accepted), and the warnings are listed once, in
// their table (final review 8).
func TestWebFileWarningHints(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	raw, err := os.ReadFile("testdata/tiny.json")
	require.NoError(t, err)
	data := strings.Replace(string(raw), `{"id": "P2", "capacity": 1, "majors": ["AG"]}`, `{"id": "P2", "capacity": 2, "min_fill": 2, "majors": ["AG"]}`, 1)
	require.NotEqual(t, string(raw), data)
	w := c.upload(target, c.csrf, "tiny.json", []byte(data))
	id := storedFile(t, c, w.Result())
	for _, l := range []language.Tag{lang.English, lang.Chinese} {
		pr := lang.Printer(l, webCat())
		page := explainGet(t, c, langCode(l), fmt.Sprintf("/files/%d", id), http.StatusOK)
		i := strings.Index(page, `id="warnings"`)
		require.Positive(t, i, "the warnings' table")
		warnings := page[strings.LastIndex(page[:i], "<h2>"):]
		assert.Contains(t, warnings, template_escape(pr.Sprintf("The position may stay below its minimum fill: lower the minimum, or check who may take the position.")))
		assert.NotContains(t, warnings, template_escape(pr.Sprintf("Add a position the student can take, or check the student's marks.")), "an error's hint on a warning")
		assert.NotContains(t, warnings, `class="groups"`, "the warnings listed twice")
	}
}

// TestWebRunPageNoCodes: the run page names its lottery, seat order and
// mechanism in the planner's words; the codes (single, reserved-first,
// student-da) are the run form's only (final review 4).
func TestWebRunPageNoCodes(t *testing.T) {
	b := newRunsBench(t)
	se, f := b.season("spring", webCohort(t, 30))
	id := b.startForm(se.ID, "zh", url.Values{"cohort": {fmt.Sprint(f.ID)}})
	b.wait(id)
	for _, l := range []language.Tag{lang.Chinese, lang.English} {
		pr := lang.Printer(l, webCat())
		_, body := b.get(fmt.Sprintf("/runs/%d", id), langCode(l))
		for _, code := range []string{"single", "reserved-first", "student-da"} {
			assert.NotContains(t, body, "("+code+")", langCode(l))
		}
		for _, code := range []string{"single", "reserved-first"} {
			assert.Contains(t, body, template_escape(codeWord(pr, code)), langCode(l))
		}
	}
}

// TestWebUploadBadZipWords: a file that is no zip, uploaded as .zip, is
// refused in the planner's words; the zip library's own text goes to the
// log, not to the page (final review 4, code review F11).
func TestWebUploadBadZipWords(t *testing.T) {
	logs := &logBuffer{}
	c, target := uploadSeason(t, workbenchOptions{Logf: logs.logf})
	for _, l := range []language.Tag{lang.Chinese, lang.English} {
		c.lang = langCode(l)
		w := c.upload(target, c.csrf, "cohort.zip", []byte("this is no zip"))
		require.Equal(t, http.StatusBadRequest, w.Code)
		body := w.Body.String()
		assert.NotContains(t, body, "zip: not a valid zip file")
		assert.Contains(t, body, template_escape(lang.Printer(l, webCat()).Sprintf("The .zip file cannot be opened: it may be damaged, or not a zip file. Zip the folder again (in Windows: right-click it, Send to, Compressed (zipped) folder) and upload it.")))
	}
	logs.mu.Lock()
	defer logs.mu.Unlock()
	assert.Contains(t, strings.Join(logs.lines, "\n"), "zip: not a valid zip file", "the cause is logged")
}

// TestWebWhatifUploadHelpZh: the what-if upload's help on a Chinese page
// names no format code, and gives the Chinese headers first (final
// review 4, planner review 52).
func TestWebWhatifUploadHelpZh(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	page := explainGet(t, c, "zh", fmt.Sprintf("/runs/%d/whatif", baseID), http.StatusOK)
	assert.NotContains(t, page, "placement-changes/1")
	zh, en := strings.Index(page, whatif.TableColumnsZh()[0]), strings.Index(page, whatif.TableColumns()[0])
	assert.True(t, zh >= 0 && en > zh, "Chinese headers (at %d) before the English (at %d)", zh, en)
	page = explainGet(t, c, "en", fmt.Sprintf("/runs/%d/whatif", baseID), http.StatusOK)
	assert.Contains(t, page, "placement-changes/1", "the English page names the JSON format")

	// Each table numbers its rows from 1 (not on across the three).
	for _, table := range []string{"position-rows", "enterprise-rows", "region-rows"} {
		i := strings.Index(page, `id="`+table+`"`)
		require.Positive(t, i, table)
		body := page[i:]
		body = body[strings.Index(body, "<tbody>"):]
		assert.True(t, strings.HasPrefix(body, "<tbody><tr>\n<td class=\"n\">1</td>"), "%s starts at row 1: %.80q", table, body)
	}
}

// TestWebReportNav: a run's report has the workbench's header line (the
// seasons, the run history, the language switch), plain HTML.
func TestWebReportNav(t *testing.T) {
	b := newRunsBench(t)
	se, f := b.season("spring", webCohort(t, 30))
	id := b.startForm(se.ID, "zh", url.Values{"cohort": {fmt.Sprint(f.ID)}})
	b.wait(id)
	for _, l := range []struct{ lang, home, history, other string }{
		{"zh", "年度分配", "运行历史", `<a href="?lang=en" hreflang="en">English</a>`},
		{"en", "Seasons", "Run history", `<a href="?lang=zh" hreflang="zh">中文</a>`},
	} {
		_, body := b.get(fmt.Sprintf("/runs/%d/report", id), l.lang)
		i := strings.Index(body, `<p id="nav"`)
		require.Positive(t, i, l.lang)
		bar := body[i : i+strings.Index(body[i:], "</p>")]
		for _, want := range []string{`<a href="/">` + l.home + `</a>`, `<a href="/history">` + l.history + `</a>`, l.other} {
			assert.Contains(t, bar, want, l.lang)
		}
	}
}
