package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/message"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/model"
)

// TestSafeNext: the page after a login is a path of this server, never
// another site, however the browser would read it (a tab or newline it
// drops, a backslash it turns into a slash).
func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/seasons/1":             "/seasons/1",
		"/runs/2?lang=zh":        "/runs/2?lang=zh",
		"/\t/evil.example/x":     "/",
		"/\n/evil.example/x":     "/",
		"/\r/evil.example/x":     "/",
		"//evil.example/x":       "/",
		"/\\evil.example/x":      "/",
		"/x\\y":                  "/",
		"https://evil.example/":  "/",
		"http:/evil.example":     "/",
		"evil.example":           "/",
		"/login?next=/":          "/",
		"":                       "/",
		"/%09/evil.example/x":    "/%09/evil.example/x", // one path segment "%09": this server's
		"/seasons/1#files":       "/seasons/1",
		"/\u0000/evil.example/x": "/",
	} {
		got := safeNext(in)
		assert.Equal(t, want, got, "%q", in)
		u, err := url.Parse("http://127.0.0.1:8808/")
		require.NoError(t, err)
		ref, err := url.Parse(got)
		require.NoError(t, err)
		assert.Equal(t, "127.0.0.1:8808", u.ResolveReference(ref).Host, "%q leaves the server", in)
	}
}

// TestWebLangLinkRelative: the language switch is a query only, so that a
// raw path of a request ("//evil.example/x", before the mux cleans it) can
// never make it a link to another site.
func TestWebLangLinkRelative(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	w := c.request(http.MethodPost, "//evil.example/x", strings.NewReader("a=b"), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	body := w.Body.String()
	assert.NotContains(t, body, `href="//evil.example`)
	assert.Contains(t, body, `href="?lang=`)
}

// TestWebCSRFHeaderForm: a form whose token comes in the X-CSRF-Token
// header is parsed all the same: a handler reading r.PostForm sees it.
func TestWebCSRFHeaderForm(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	r := httptest.NewRequest(http.MethodPost, "/runs/1/whatif", strings.NewReader("pos_id_0=P1&pos_withdraw_0=yes"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-CSRF-Token", "tok")
	ok, err := c.wb.checkCSRF(httptest.NewRecorder(), r, &webReq{CSRF: "tok"})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "P1", r.PostForm.Get("pos_id_0"))
	r = httptest.NewRequest(http.MethodPost, "/runs/1/whatif", strings.NewReader("pos_id_0=P1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-CSRF-Token", "wrong")
	ok, err = c.wb.checkCSRF(httptest.NewRecorder(), r, &webReq{CSRF: "tok"})
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestWebUploadBounded: a workbook that unzips beyond the server's bound
// is refused (413) before it is read, nothing stored, the form shown again.
func TestWebUploadBounded(t *testing.T) {
	data := tinyXLSX(t, nil)
	c, target := uploadSeason(t, workbenchOptions{MaxUnzipped: 2 << 10})
	_, files, _ := c.stored()
	w := c.upload(target, c.csrf, "tiny.xlsx", data)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), `id="upload"`, "the upload form again")
	c.assertNothingStored(1, files, 0)
	// Within the bound it is read.
	c2, target2 := uploadSeason(t, workbenchOptions{MaxUnzipped: 64 << 20})
	storedFile(t, c2, c2.upload(target2, c2.csrf, "tiny.xlsx", data).Result())
}

// TestWebUploadFilePage: a rejected file's page has one table of errors
// (not one per kind of problem), a column that says what to do, a button
// to upload the corrected file; a wrong kind of file shows the upload
// form again with why; the same file uploaded twice is stored once.
func TestWebUploadFilePage(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	// Three kinds of problem: a negative capacity, an unknown position,
	// a duplicate student.
	bad := `{"positions": [{"id": "P1", "capacity": -1}, {"id": "P2", "capacity": "十"}],
		"students": [{"id": "S1", "choices": ["P9"]}, {"id": "S1", "choices": ["P1"]}]}`
	w := c.upload(target, c.csrf, "bad.json", []byte(bad))
	id := storedFile(t, c, w.Result())
	f, err := c.st.File(context.Background(), id)
	require.NoError(t, err)
	var out fileOutcome
	require.NoError(t, jsonUnmarshal(f.Outcome, &out))
	require.GreaterOrEqual(t, len(out.Problems), 2, "several kinds of problem")
	for lang, want := range map[string][2]string{"en": {"What to do", "Upload the corrected file"}, "zh": {"如何改正", "上传改正后的文件"}} {
		c.lang = lang
		body := c.get("/files/" + strconv.FormatInt(id, 10)).Body.String()
		assert.Equal(t, 1, strings.Count(body, `<table class="sortable problems"`), "one table of errors (%s)", lang)
		assert.Contains(t, body, `<table class="sortable problems" id="problems">`)
		assert.Contains(t, body, "<th>"+want[0]+"</th>")
		assert.Contains(t, body, `id="upload-fixed" href="`+target+`">`+want[1])
		for _, g := range out.Problems {
			for _, r := range g.Rows {
				i := 0
				if lang == "zh" {
					i = 1
				}
				require.NotEmpty(t, r.Hint[i], "every error says what to do: %v", r.Problem)
				assert.Contains(t, body, "<td>"+template_escape(r.Hint[i])+"</td>")
			}
		}
	}
	// The same bytes again: the page of the first, with a note.
	_, files, _ := c.stored()
	w = c.upload(target, c.csrf, "bad (2).json", []byte(bad))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/files/"+strconv.FormatInt(id, 10)+"?again=1", w.Header().Get("Location"))
	c.assertNothingStored(1, files, 0)
	c.lang = "zh"
	assert.Contains(t, c.get(w.Header().Get("Location")).Body.String(), "此文件已经上传过")
	// A wrong kind of file: the form again (400) with why, nothing stored.
	for lang, want := range map[string]string{"en": "the server reads a cohort from", "zh": "服务器可读取的数据格式"} {
		c.lang = lang
		w = c.upload(target, c.csrf, "notes.txt", []byte("hello"))
		assert.Equal(t, http.StatusBadRequest, w.Code)
		body := w.Body.String()
		assert.Contains(t, body, want)
		assert.Contains(t, body, `<form method="post" action="`+target+`"`)
		c.assertNothingStored(1, files, 0)
	}
}

// TestWebUploadChineseWords: levels and kinds of record in Chinese on a
// Chinese page (高职, not higher; 地区 C1, not region C1), sizes with a unit.
func TestWebUploadChineseWords(t *testing.T) {
	prs := [2]*messagePrinter{lang.Printer(lang.English, webCat()), lang.Printer(lang.Chinese, webCat())}
	for entity, zh := range map[string]string{"region": "地区 C1", "enterprise": "企业 C1", "school": "学校 C1", "major": "专业 C1", "order class": "订单班 C1", "student": "学生 C1"} {
		r := problemRowIn(&model.Problem{Entity: entity, ID: "C1", Err: errors.New("x")}, prs)
		assert.Equal(t, zh, r.Record[1])
		assert.Equal(t, entity+" C1", r.Record[0])
	}
	c, target := uploadSeason(t, workbenchOptions{})
	cohort := `{"schools": [{"id": "SC1", "name": "东山职院", "level": "higher"}, {"id": "SC2", "name": "东山职中", "level": "secondary"}],
		"positions": [{"id": "P1", "capacity": 1}],
		"students": [{"id": "S1", "school": "SC1", "choices": ["P1"]}, {"id": "S2", "school": "SC2", "choices": ["P1"]}]}`
	id := storedFile(t, c, c.upload(target, c.csrf, "c.json", []byte(cohort)).Result())
	c.lang = "zh"
	body := c.get("/files/" + strconv.FormatInt(id, 10)).Body.String()
	assert.Contains(t, body, "<td>高职</td>")
	assert.Contains(t, body, "<td>中职</td>")
	assert.NotContains(t, body, "<td>higher</td>")
	assert.Contains(t, body, "<dd>"+strconv.Itoa(len(cohort))+" 字节</dd>")
	c.lang = "en"
	body = c.get("/files/" + strconv.FormatInt(id, 10)).Body.String()
	assert.Contains(t, body, "<td>higher vocational</td>")
	assert.Contains(t, c.get(target).Body.String(), "at most 64 MB.")
	q := &webReq{Msg: lang.Printer(lang.English, webCat())}
	assert.Equal(t, "338 KB", q.Bytes(345822))
	assert.Equal(t, "1,023 bytes", q.Bytes(1023))
}

type messagePrinter = message.Printer

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// TestWebNavAndErrorPage: every page's header links the seasons and the run
// history; an error page links back to the page the planner came from (a
// page of this server only) and to the history, in both languages; a POST
// without a session in local mode says the page has expired.
func TestWebNavAndErrorPage(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	c.login("", "")
	for lang, want := range map[string][3]string{"en": {"Seasons", "Run history", "Back to the previous page"}, "zh": {"年度分配", "运行历史", "返回上一页"}} {
		c.lang = lang
		for _, p := range []string{"/", "/history", "/seasons/99"} {
			body := c.get(p).Body.String()
			assert.Contains(t, body, `<a href="/">`+want[0]+`</a> · <a href="/history">`+want[1]+`</a>`, p)
		}
		w := c.request(http.MethodGet, "/seasons/99", nil, http.Header{"Referer": {"http://127.0.0.1:8080/runs/3?lang=zh"}})
		assert.Equal(t, http.StatusNotFound, w.Code)
		assert.Contains(t, w.Body.String(), `<a href="/runs/3?lang=zh" id="back">`+want[2]+`</a>`)
		assert.Contains(t, w.Body.String(), `<a href="/history">`+want[1]+`</a></p>`)
		for _, ref := range []string{"http://evil.example/runs/3", "http://127.0.0.1:8080/seasons/99", "javascript:alert(1)"} {
			w = c.request(http.MethodGet, "/seasons/99", nil, http.Header{"Referer": {ref}})
			assert.NotContains(t, w.Body.String(), `id="back"`, ref)
		}
	}
	// A handler's own parent wins over the Referer.
	w := httptest.NewRecorder()
	q := c.wb.newReq(w, httptest.NewRequest(http.MethodGet, "/x", nil), "", "")
	c.wb.fail(w, q, webErrorBack(webErrorf(http.StatusConflict, "There is no such page or record."), "/seasons/7/rounds"))
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), `<a href="/seasons/7/rounds" id="back">`)
	// Local mode, no session: the page expired (no word of a login).
	c2 := newWebClient(t, workbenchOptions{})
	c2.lang = "zh"
	w = c2.postForm("/seasons", url.Values{"name": {"x"}, "year": {"2026"}}, "")
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, w.Body.String(), "页面已过期，请刷新后重试。")
	assert.NotContains(t, w.Body.String(), "会话")
}

// TestWebSeasonSteps: the season page shows the steps of a season, the
// current one marked and its action as the page's button, as the season
// goes on; its runs list says the mechanism and how many were placed.
func TestWebSeasonSteps(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	ctx := context.Background()
	sid := strings.TrimSuffix(strings.TrimPrefix(target, "/seasons/"), "/upload")
	season, err := strconv.ParseInt(sid, 10, 64)
	require.NoError(t, err)
	step := func(lang string) (current, href string) {
		c.lang = lang
		body := c.get("/seasons/" + sid).Body.String()
		m := regexpMust(`<li class="current" aria-current="step"><span class="n">(\d)</span>`).FindStringSubmatch(body)
		require.NotNil(t, m, body)
		h := regexpMust(`id="next-step" href="([^"]+)">`).FindStringSubmatch(body)
		require.NotNil(t, h)
		return m[1], h[1]
	}
	cur, href := step("zh")
	assert.Equal(t, "1", cur)
	assert.Equal(t, target, href)
	file := storedFile(t, c, c.upload(target, c.csrf, "tiny.json", readTestdata(t, "testdata/tiny.json")).Result())
	cur, href = step("en")
	assert.Equal(t, "2", cur)
	assert.Equal(t, "/seasons/"+sid+"/run", href)
	f, err := c.st.File(ctx, file)
	require.NoError(t, err)
	run, err := c.st.StartRun(ctx, store.Run{Season: season, Kind: "solve", Cohort: file, Round: 1, CreatedBy: "planner", CohortFingerprint: f.Fingerprint,
		Options: []byte(`{"mechanism": "student-da"}`)})
	require.NoError(t, err)
	require.NoError(t, c.st.FinishRun(ctx, run.ID, []byte(`{}`), "fp", []byte(`{"students": 5, "placed": 3, "mechanism": "student-da"}`), nil))
	cur, href = step("zh")
	assert.Equal(t, "3", cur)
	assert.Equal(t, "/runs/"+strconv.FormatInt(run.ID, 10)+"/publish", href)
	body := c.get("/seasons/" + sid).Body.String()
	assert.Contains(t, body, "学生优先稳定分配")
	assert.Contains(t, body, `<td class="n" data-sort="3">3 / 5</td>`)
	assert.Contains(t, body, ">运行 "+strconv.FormatInt(run.ID, 10)+"</a>")
	_, err = c.st.Publish(ctx, run.ID, "planner")
	require.NoError(t, err)
	cur, href = step("zh")
	assert.Equal(t, "4", cur)
	assert.Equal(t, "/seasons/"+sid+"/rounds", href)
	_, err = c.st.AddFile(ctx, store.File{Season: season, Kind: "responses", Name: "r.csv", Format: "csv", Accepted: true, Outcome: []byte(`{}`)}, []byte("student,answer\n"))
	require.NoError(t, err)
	cur, _ = step("zh")
	assert.Equal(t, "5", cur)
	r2, err := c.st.StartRun(ctx, store.Run{Season: season, Kind: "round", Cohort: file, Round: 2, Base: run.ID})
	require.NoError(t, err)
	require.NoError(t, c.st.FinishRun(ctx, r2.ID, []byte(`{}`), "fp2", []byte(`{}`), nil))
	cur, href = step("en")
	assert.Equal(t, "6", cur)
	assert.Equal(t, "/runs/"+strconv.FormatInt(r2.ID, 10)+"/publish", href)
	_, err = c.st.Publish(ctx, r2.ID, "planner")
	require.NoError(t, err)
	cur, _ = step("en")
	assert.Equal(t, "4", cur, "round 2 published: the responses to it next")
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// TestWebSeasonsOverview: the seasons list says where each season stands
// and how many students its cohort has; names with control or invisible
// characters are refused (a season) or cleaned (an upload's file name).
func TestWebSeasonsOverview(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	c.lang = "zh"
	body := c.get("/").Body.String()
	assert.Contains(t, body, "<th>进度</th>")
	assert.Contains(t, body, "<td>尚未发布</td>")
	file := storedFile(t, c, c.upload(target, c.csrf, "tiny\u202e.json", readTestdata(t, "testdata/tiny.json")).Result())
	f, err := c.st.File(context.Background(), file)
	require.NoError(t, err)
	assert.Equal(t, "tiny_.json", f.Name)
	run, err := c.st.StartRun(context.Background(), store.Run{Season: f.Season, Kind: "solve", Cohort: file, Round: 1})
	require.NoError(t, err)
	require.NoError(t, c.st.FinishRun(context.Background(), run.ID, []byte(`{}`), "fp", []byte(`{}`), nil))
	_, err = c.st.Publish(context.Background(), run.ID, "planner")
	require.NoError(t, err)
	body = c.get("/").Body.String()
	assert.Contains(t, body, "<td>主轮已发布</td><td class=\"n\">5</td>")
	c.lang = "en"
	assert.Contains(t, c.get("/").Body.String(), "<td>main round published</td>")
	_, _, runs := c.stored()
	for _, name := range []string{"a\x00b", "x\u202eevil", "zero\u200bwidth"} {
		w := c.postForm("/seasons", url.Values{"name": {name}, "year": {"2026"}}, c.csrf)
		assert.Equal(t, http.StatusBadRequest, w.Code, "%q", name)
		assert.Contains(t, w.Body.String(), "control or invisible character")
		c.assertNothingStored(1, 1, runs)
	}
	c.lang = "zh"
	w := c.postForm("/seasons", url.Values{"name": {"2026 main"}, "year": {"2026"}}, c.csrf)
	assert.Contains(t, w.Body.String(), "已有名为“2026 main”的年度分配")
}

// TestWebLocalSessionOnce: in local mode cookieless requests share the
// server's one session (no row written per request); such a session is no
// login for a -remote server on the same database; the cookie is named
// per database.
func TestWebLocalSessionOnce(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	tokens := map[string]bool{}
	for range 20 {
		w := c.get("/no-such-page")
		for _, ck := range w.Result().Cookies() {
			if ck.Name == sessionCookie {
				tokens[ck.Value] = true
			}
		}
	}
	assert.Len(t, tokens, 1, "one session for every cookieless request")
	c.login("", "")
	// The same database served remotely: the local cookie is no login.
	require.NoError(t, c.st.SetPassword(context.Background(), "alice", "password123"))
	remote := newWorkbench(c.st, workbenchOptions{Remote: true, Logf: t.Logf})
	defer remote.close(context.Background())
	r := httptest.NewRequest(http.MethodGet, "/seasons", nil)
	r.AddCookie(c.cookie)
	w := httptest.NewRecorder()
	remote.ServeHTTP(w, r)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.True(t, strings.HasPrefix(w.Header().Get("Location"), "/login"))
	// Cookie names per database.
	a, b := dbCookieName("/x/a.db"), dbCookieName("/x/b.db")
	assert.NotEqual(t, a, b)
	assert.True(t, strings.HasPrefix(a, sessionCookie+"_"))
	assert.Equal(t, a, dbCookieName("/x/a.db"))
}

// TestWebLoginLimit: after 5 wrong passwords a user (or an address) waits,
// refused with 429 at once; the right password afterwards, once the wait
// is over, clears the count.
func TestWebLoginLimit(t *testing.T) {
	var l loginLimiter
	for range loginFree {
		assert.Zero(t, l.wait("alice", "10.0.0.1"))
		l.failed("alice", "10.0.0.1")
	}
	assert.Greater(t, l.wait("alice", "10.0.0.9"), time.Duration(0), "the user waits from any address")
	assert.Greater(t, l.wait("bob", "10.0.0.1"), time.Duration(0), "the address waits for any user")
	assert.Zero(t, l.wait("bob", "10.0.0.2"))
	l.failed("alice", "10.0.0.1")
	assert.Greater(t, l.wait("alice", "10.0.0.1"), time.Second, "longer after each failure")
	l.succeeded("alice", "10.0.0.1")
	assert.Zero(t, l.wait("alice", "10.0.0.1"))

	c := newWebClient(t, workbenchOptions{Remote: true})
	require.NoError(t, c.st.SetPassword(context.Background(), "alice", "password123"))
	c.lang = "zh"
	for range loginFree {
		w := c.postForm("/login", url.Values{"user": {"alice"}, "password": {"wrong-one"}, "next": {"/"}}, "")
		assert.Equal(t, http.StatusUnauthorized, w.Code)
	}
	start := time.Now()
	w := c.postForm("/login", url.Values{"user": {"alice"}, "password": {"password123"}, "next": {"/"}}, "")
	assert.Equal(t, http.StatusTooManyRequests, w.Code)
	assert.Less(t, time.Since(start), 400*time.Millisecond, "refused without a password check")
	assert.Contains(t, w.Body.String(), "密码错误次数过多")
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
}

// TestWebErrorsWorded: an unexpected error shows no Go or SQL text, only a
// reference that the log has beside the error; a form too large is called
// a form; a file that is no workbook says so in the planner's words; an
// upload of too many parts is refused.
func TestWebErrorsWorded(t *testing.T) {
	var logged []string
	c, target := uploadSeason(t, workbenchOptions{Logf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
	c.lang = "zh"
	w := httptest.NewRecorder()
	q := c.wb.newReq(w, httptest.NewRequest(http.MethodGet, "/x", nil), "", "")
	c.wb.fail(w, q, errors.New("store: database is locked (5) (SQLITE_BUSY)"))
	body := w.Body.String()
	assert.NotContains(t, body, "SQLITE_BUSY")
	m := regexpMust(`服务器日志中的编号：([0-9a-f]{8})`).FindStringSubmatch(body)
	require.NotNil(t, m, body)
	require.NotEmpty(t, logged)
	assert.Contains(t, logged[len(logged)-1], "["+m[1]+"] store: database is locked")

	w2 := c.postForm("/seasons", url.Values{"name": {strings.Repeat("x", 2<<20)}, "year": {"2026"}}, c.csrf)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w2.Code)
	assert.Contains(t, w2.Body.String(), "表单内容超过服务器允许的大小（1 MB）")

	id := storedFile(t, c, c.upload(target, c.csrf, "junk.xlsx", []byte("junk bytes, no zip")).Result())
	page := c.get("/files/" + strconv.FormatInt(id, 10)).Body.String()
	assert.Contains(t, page, "此文件不是服务器可读取的 Excel 工作簿")
	assert.NotContains(t, page, "zip:")

	// 40 parts: refused, nothing stored.
	_, files, _ := c.stored()
	var b strings.Builder
	mw := multipart.NewWriter(&b)
	require.NoError(t, mw.WriteField("csrf", c.csrf))
	for i := range 40 {
		require.NoError(t, mw.WriteField("f"+strconv.Itoa(i), "x"))
	}
	fw, err := mw.CreateFormFile("file", "tiny.json")
	require.NoError(t, err)
	fw.Write(readTestdata(t, "testdata/tiny.json"))
	require.NoError(t, mw.Close())
	w3 := c.request(http.MethodPost, target, strings.NewReader(b.String()), http.Header{"Content-Type": {mw.FormDataContentType()}})
	assert.Equal(t, http.StatusBadRequest, w3.Code)
	c.assertNothingStored(1, files, 0)
}

// TestCohortCacheBudget: the cohort cache drops the oldest cohorts beyond
// its count or its cost budget, keeping the newest whatever its cost.
func TestCohortCacheBudget(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(string(readTestdata(t, "testdata/tiny.json"))), "tiny.json", nil)
	require.NoError(t, err)
	cost := cohortCost(c)
	assert.Equal(t, int64(5+3+7), cost, "students, positions, choices")
	var cc cohortCache
	for id := range int64(10) {
		cc.keep(id+1, c)
	}
	assert.Len(t, cc.m, cohortCacheSize)
	assert.Equal(t, int64(cohortCacheSize)*cost, cc.total)
	_, newest := cc.m[10]
	_, oldest := cc.m[1]
	assert.True(t, newest)
	assert.False(t, oldest)
	// A budget that a tiny cohort alone exceeds: only the newest is kept.
	big := cohortCache{}
	big.keep(1, c)
	big.total += cohortCacheBudget // as if the first were huge
	big.cost[1] += cohortCacheBudget
	big.keep(2, c)
	assert.Len(t, big.m, 1)
	_, kept := big.m[2]
	assert.True(t, kept)
	assert.Equal(t, cost, big.total)
}

// TestWebEveryPostNeedsSessionAndToken walks every non-GET route the web
// files register: without a session each is 401, with a session but no
// CSRF token 403, and nothing is stored either way.
func TestWebEveryPostNeedsSessionAndToken(t *testing.T) {
	re := regexpMust(`mux\.Handle\("(POST|PUT|PATCH|DELETE) ([^"]+)"`)
	files, err := filepath.Glob("web*.go")
	require.NoError(t, err)
	var routes [][2]string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			routes = append(routes, [2]string{m[1], regexpMust(`\{[^}]+\}`).ReplaceAllString(m[2], "1")})
		}
	}
	require.GreaterOrEqual(t, len(routes), 10, "the scan found the routes")
	c := newWebClient(t, workbenchOptions{})
	c.login("", "")
	c.season("s")
	s0, f0, r0 := c.stored()
	for _, rt := range routes {
		form := strings.NewReader("name=x&year=2026")
		hdr := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		saved := c.cookie
		c.cookie = nil
		w := c.request(rt[0], rt[1], form, hdr)
		c.cookie = saved
		if rt[1] == "/login" {
			continue // the login form itself needs no session
		}
		assert.Equal(t, http.StatusUnauthorized, w.Code, "%s %s without a session", rt[0], rt[1])
		w = c.request(rt[0], rt[1], strings.NewReader("name=x&year=2026"), hdr)
		assert.Equal(t, http.StatusForbidden, w.Code, "%s %s without the token", rt[0], rt[1])
	}
	c.assertNothingStored(s0, f0, r0)
}

// TestWebUploadGBKNote: CSV files saved in GBK (as Excel on Chinese
// Windows saves them) are read, and the page says so in one note line,
// not as a warning per file.
func TestWebUploadGBKNote(t *testing.T) {
	students := "id,name,choices\nS1,张伟,P1\nS2,李娜,P1\n"
	positions := "id,name,capacity\nP1,数控车工,1\n"
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		require.NoError(t, err)
		return b
	}
	data := zipOf(t, [2]string{"c/students.csv", gbk(students)}, [2]string{"c/positions.csv", gbk(positions)})
	c, target := uploadSeason(t, workbenchOptions{})
	id := storedFile(t, c, c.upload(target, c.csrf, "gbk.zip", data).Result())
	f, err := c.st.File(context.Background(), id)
	require.NoError(t, err)
	require.True(t, f.Accepted)
	var out fileOutcome
	require.NoError(t, jsonUnmarshal(f.Outcome, &out))
	require.Len(t, out.Notes, 1)
	assert.Empty(t, out.Warnings, "the conversion is no warning")
	c.lang = "zh"
	body := c.get("/files/" + strconv.FormatInt(id, 10)).Body.String()
	assert.Contains(t, body, `<p class="note">2 个 CSV 文件以中文编码 GBK 保存`)
	assert.NotContains(t, body, "提示信息")
}

// TestWebZipNameQuoted: a refused zip entry is named in Chinese quotes on
// a Chinese page (not ASCII "…" nor Go's escapes).
func TestWebZipNameQuoted(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	c.lang = "zh"
	w := c.upload(target, c.csrf, "bad.zip", zipOf(t, [2]string{"../学生.csv", "id\n"}))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "有名为“../学生.csv”的条目")
}

// TestWebUploadResponsesAsCohort: a responses workbook uploaded as a cohort
// is rejected with a link to the rounds page, where responses go.
func TestWebUploadResponsesAsCohort(t *testing.T) {
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetName("Sheet1", "回复"))
	require.NoError(t, f.SetSheetRow("回复", "A1", &[]string{"学生", "回复"}))
	require.NoError(t, f.SetSheetRow("回复", "A2", &[]string{"S1", "接受"}))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	c, target := uploadSeason(t, workbenchOptions{})
	id := storedFile(t, c, c.upload(target, c.csrf, "回复.xlsx", b.Bytes()).Result())
	c.lang = "zh"
	body := c.get("/files/" + strconv.FormatInt(id, 10)).Body.String()
	assert.Contains(t, body, `<a href="`+strings.TrimSuffix(target, "/upload")+`/rounds">这看来是学生对某一轮的回复：请在轮次页面上传。</a>`)
}

// TestWebSlowBodyEnds: a form whose body stalls is cut at its read
// deadline: the handler ends instead of waiting for ever.
func TestWebSlowBodyEnds(t *testing.T) {
	old := formReadTime
	formReadTime = 300 * time.Millisecond
	defer func() { formReadTime = old }()
	c := newWebClient(t, workbenchOptions{})
	c.login("", "")
	srv := httptest.NewServer(c.wb)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "POST /seasons HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s=%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=x", sessionCookie, c.cookie.Value)
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	b := make([]byte, 4096)
	n, _ := conn.Read(b) // the answer (or the close) once the deadline passed
	assert.Less(t, time.Since(start), 4*time.Second, "the stalled body was cut: %q", b[:n])
	c.assertNothingStored(0, 0, 0)
}
