package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/store"
)

// webClient drives a workbench through its handler, as a browser on this
// computer would: Host 127.0.0.1, the session's cookie once it has one.
type webClient struct {
	t      *testing.T
	wb     *workbench
	st     *store.Store
	cookie *http.Cookie
	csrf   string
	lang   string // the lang cookie's value, "" none
}

// newWebClient opens a store in a temporary folder and a workbench over
// it with opts.
func newWebClient(t *testing.T, opts workbenchOptions) *webClient {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "placement.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	if opts.User == "" {
		opts.User = "planner"
	}
	wb := newWorkbench(st, opts)
	t.Cleanup(func() { wb.close(ctx) })
	return &webClient{t: t, wb: wb, st: st}
}

// request sends a request and returns the recorded response.
func (c *webClient) request(method, target string, body io.Reader, header http.Header) *httptest.ResponseRecorder {
	c.t.Helper()
	r := httptest.NewRequest(method, target, body)
	r.Host = "127.0.0.1:8080"
	for k, vs := range header {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	if c.cookie != nil {
		r.AddCookie(c.cookie)
	}
	if c.lang != "" {
		r.AddCookie(&http.Cookie{Name: langCookie, Value: c.lang})
	}
	w := httptest.NewRecorder()
	c.wb.ServeHTTP(w, r)
	return w
}

func (c *webClient) get(target string) *httptest.ResponseRecorder {
	return c.request(http.MethodGet, target, nil, nil)
}

// login gets a session: in local mode by a GET, in remote mode through
// the login form; it keeps the cookie and the session's CSRF token.
func (c *webClient) login(user, password string) {
	c.t.Helper()
	var w *httptest.ResponseRecorder
	if c.wb.opts.Remote {
		form := url.Values{"user": {user}, "password": {password}, "next": {"/"}}
		w = c.request(http.MethodPost, "/login", strings.NewReader(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		require.Equal(c.t, http.StatusSeeOther, w.Code, w.Body.String())
	} else {
		w = c.get("/")
		require.Equal(c.t, http.StatusOK, w.Code, w.Body.String())
	}
	for _, ck := range w.Result().Cookies() {
		if ck.Name == sessionCookie {
			c.cookie = ck
		}
	}
	require.NotNil(c.t, c.cookie, "no session cookie")
	s, err := c.st.Session(context.Background(), c.cookie.Value)
	require.NoError(c.t, err)
	c.csrf = s.CSRF
}

// postForm posts a form with the CSRF token csrf.
func (c *webClient) postForm(target string, form url.Values, csrf string) *httptest.ResponseRecorder {
	c.t.Helper()
	form = maps0(form)
	if csrf != "" {
		form.Set("csrf", csrf)
	}
	return c.request(http.MethodPost, target, strings.NewReader(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

func maps0(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// upload posts file name with data to target as a browser sends the
// upload form: the CSRF token first (none when csrf is "").
func (c *webClient) upload(target, csrf, name string, data []byte) *httptest.ResponseRecorder {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if csrf != "" {
		require.NoError(c.t, mw.WriteField("csrf", csrf))
	}
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(c.t, err)
	fw.Write(data)
	require.NoError(c.t, mw.Close())
	return c.request(http.MethodPost, target, &b, http.Header{"Content-Type": {mw.FormDataContentType()}})
}

// season creates a season through its form and returns its ID.
func (c *webClient) season(name string) int64 {
	c.t.Helper()
	w := c.postForm("/seasons", url.Values{"name": {name}, "year": {"2026"}}, c.csrf)
	require.Equal(c.t, http.StatusSeeOther, w.Code, w.Body.String())
	id, err := strconv.ParseInt(strings.TrimPrefix(w.Header().Get("Location"), "/seasons/"), 10, 64)
	require.NoError(c.t, err)
	return id
}

// stored counts the seasons, files and runs in the store.
func (c *webClient) stored() (seasons, files, runs int) {
	c.t.Helper()
	ctx := context.Background()
	ss, err := c.st.Seasons(ctx)
	require.NoError(c.t, err)
	for _, s := range ss {
		fs, err := c.st.Files(ctx, s.ID, "")
		require.NoError(c.t, err)
		files += len(fs)
	}
	rs, err := c.st.Runs(ctx, 0)
	require.NoError(c.t, err)
	return len(ss), files, len(rs)
}

// assertNothingStored checks that the store holds what it held: a refused
// request stores nothing.
func (c *webClient) assertNothingStored(seasons, files, runs int) {
	c.t.Helper()
	s2, f2, r2 := c.stored()
	assert.Equal(c.t, []int{seasons, files, runs}, []int{s2, f2, r2}, "seasons, files, runs after a refused request")
}

// TestWebNoSession checks that a request that changes anything needs a
// session: 401 in local mode; in remote mode a page redirects to the
// login (303) and a POST is 401; nothing is stored.
func TestWebNoSession(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	c.login("", "")
	id := c.season("2026")
	s0, f0, r0 := c.stored()
	anon := &webClient{t: t, wb: c.wb, st: c.st}
	w := anon.postForm("/seasons", url.Values{"name": {"other"}, "year": {"2026"}}, c.csrf)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	w = anon.upload("/seasons/"+strconv.FormatInt(id, 10)+"/upload", c.csrf, "tiny.json", []byte(`{}`))
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	c.assertNothingStored(s0, f0, r0)

	r := newWebClient(t, workbenchOptions{Remote: true})
	require.NoError(t, r.st.SetPassword(context.Background(), "li", "correct horse"))
	w = r.get("/seasons")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/login?next=%2Fseasons", w.Header().Get("Location"))
	w = r.postForm("/seasons", url.Values{"name": {"x"}, "year": {"2026"}}, "")
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	w = r.get("/login")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="password"`)
	r.assertNothingStored(0, 0, 0)

	// A wrong password: no session; the right one: a session that works.
	form := url.Values{"user": {"li"}, "password": {"wrong horse"}}
	w = r.request(http.MethodPost, "/login", strings.NewReader(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	for _, ck := range w.Result().Cookies() {
		assert.NotEqual(t, sessionCookie, ck.Name)
	}
	r.login("li", "correct horse")
	w = r.get("/seasons")
	assert.Equal(t, http.StatusOK, w.Code)
	r.season("remote season")
	r.assertNothingStored(1, 0, 0)
	// Signing out ends the session.
	w = r.postForm("/logout", nil, r.csrf)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	w = r.get("/seasons")
	assert.Equal(t, http.StatusSeeOther, w.Code)
}

// TestWebCSRF checks that a form with a wrong or missing CSRF token is
// refused (403) and stores nothing, and that the right one passes.
func TestWebCSRF(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	c.login("", "")
	id := c.season("2026")
	target := "/seasons/" + strconv.FormatInt(id, 10) + "/upload"
	data := readTestdata(t, "testdata/tiny.json")
	s0, f0, r0 := c.stored()
	for _, csrf := range []string{"", "wrong", c.csrf + "x"} {
		w := c.postForm("/seasons", url.Values{"name": {"other"}, "year": {"2026"}}, csrf)
		assert.Equal(t, http.StatusForbidden, w.Code, "form, csrf %q", csrf)
		w = c.upload(target, csrf, "tiny.json", data)
		assert.Equal(t, http.StatusForbidden, w.Code, "upload, csrf %q", csrf)
		w = c.request(http.MethodPost, "/seasons", strings.NewReader("name=x&year=2026"), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Csrf-Token": {csrf + "?"}})
		assert.Equal(t, http.StatusForbidden, w.Code, "header, csrf %q", csrf)
	}
	// Another site's page posting with the right token (it cannot know
	// it, but the Origin is checked anyway).
	w := c.request(http.MethodPost, "/seasons", strings.NewReader("name=x&year=2026&csrf="+url.QueryEscape(c.csrf)), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Origin": {"http://evil.example"}})
	assert.Equal(t, http.StatusForbidden, w.Code)
	c.assertNothingStored(s0, f0, r0)
	w = c.upload(target, c.csrf, "tiny.json", data)
	assert.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	c.assertNothingStored(s0, f0+1, r0)
}

// TestWebHost checks that in local mode a request naming another host
// (DNS rebinding) is refused, and that loopback names are served.
func TestWebHost(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	for host, want := range map[string]int{
		"127.0.0.1:8080": http.StatusOK, "localhost:8080": http.StatusOK, "[::1]:8080": http.StatusOK, "localhost": http.StatusOK,
		"evil.example:8080": http.StatusForbidden, "10.0.0.1": http.StatusForbidden, "127.0.0.1.evil.example": http.StatusForbidden,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		c.wb.ServeHTTP(w, r)
		assert.Equal(t, want, w.Code, host)
	}
	// Remote mode serves any name (behind a login).
	rc := newWebClient(t, workbenchOptions{Remote: true})
	r := httptest.NewRequest(http.MethodGet, "/login", nil)
	r.Host = "placement.example.cn"
	w := httptest.NewRecorder()
	rc.wb.ServeHTTP(w, r)
	assert.Equal(t, http.StatusOK, w.Code)
}

// TestWebHeaders checks that every response, pages, errors, refusals,
// assets and downloads, carries the CSP and the other headers.
func TestWebHeaders(t *testing.T) {
	c := newWebClient(t, workbenchOptions{MaxUpload: 1 << 20})
	anon := &webClient{t: t, wb: c.wb, st: c.st}
	c.login("", "")
	id := c.season("2026")
	sid := strconv.FormatInt(id, 10)
	up := c.upload("/seasons/"+sid+"/upload", c.csrf, "tiny.json", readTestdata(t, "testdata/tiny.json"))
	require.Equal(t, http.StatusSeeOther, up.Code)
	file := up.Header().Get("Location")
	responses := map[string]*httptest.ResponseRecorder{
		"GET /":                 c.get("/"),
		"GET /seasons":          c.get("/seasons"),
		"GET season":            c.get("/seasons/" + sid),
		"GET upload":            c.get("/seasons/" + sid + "/upload"),
		"GET file":              c.get(file),
		"GET download":          c.get(file + "/download"),
		"GET app.css":           c.get("/static/app.css"),
		"GET app.js":            c.get("/static/app.js"),
		"GET missing":           c.get("/no/such/page"),
		"GET missing season":    c.get("/seasons/999"),
		"POST upload":           up,
		"POST no session":       anon.postForm("/seasons", url.Values{"name": {"x"}}, ""),
		"POST wrong csrf":       c.postForm("/seasons", url.Values{"name": {"x"}}, "wrong"),
		"POST bad season":       c.postForm("/seasons", url.Values{"name": {""}}, c.csrf),
		"POST too large":        c.upload("/seasons/"+sid+"/upload", c.csrf, "big.json", make([]byte, 2<<20)),
		"GET login (local)":     c.get("/login"),
		"GET static missing":    c.get("/static/none.js"),
		"GET static dir":        c.get("/static/"),
		"GET lang=en":           c.get("/seasons?lang=en"),
		"POST new season":       c.postForm("/seasons", url.Values{"name": {"y"}, "year": {"2025"}}, c.csrf),
		"GET download 404":      c.get("/files/999/download"),
		"GET file not a number": c.get("/files/abc"),
		"GET favicon":           anon.get("/favicon.ico"),
	}
	for name, w := range responses {
		h := w.Header()
		assert.Equal(t, contentSecurityPolicy, h.Get("Content-Security-Policy"), name)
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), name)
		assert.Equal(t, "same-origin", h.Get("Referrer-Policy"), name)
	}
	assert.Equal(t, http.StatusRequestEntityTooLarge, responses["POST too large"].Code)
	assert.Equal(t, http.StatusNotFound, responses["GET missing season"].Code)
	assert.Equal(t, http.StatusNotFound, responses["GET static dir"].Code)
	assert.Equal(t, http.StatusBadRequest, responses["POST bad season"].Code)
	assert.Equal(t, http.StatusNotFound, responses["GET favicon"].Code)
	assert.Empty(t, responses["GET favicon"].Result().Cookies(), "no session minted for the favicon")
	// No page has an inline script or an inline style attribute.
	for _, name := range []string{"GET /", "GET season", "GET upload", "GET file", "GET missing"} {
		body := responses[name].Body.String()
		assert.NotContains(t, body, "<script>", name)
		assert.NotContains(t, body, " style=", name)
		assert.NotContains(t, body, " onclick=", name)
	}
}

// TestWebLang checks the language: Chinese by default, English when the
// browser prefers it, ?lang= overriding both and kept in a cookie.
func TestWebLang(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	c.login("", "")
	page := func(h http.Header, target string) *httptest.ResponseRecorder {
		return c.request(http.MethodGet, target, nil, h)
	}
	zh, en := "年度分配", "Seasons"
	assert.Contains(t, page(nil, "/seasons").Body.String(), zh)
	assert.Contains(t, page(http.Header{"Accept-Language": {"en-US,en;q=0.9,zh-CN;q=0.5"}}, "/seasons").Body.String(), en)
	assert.Contains(t, page(http.Header{"Accept-Language": {"zh-CN,zh;q=0.9,en;q=0.5"}}, "/seasons").Body.String(), zh)
	assert.Contains(t, page(http.Header{"Accept-Language": {"fr-FR"}}, "/seasons").Body.String(), zh)
	w := page(http.Header{"Accept-Language": {"zh-CN"}}, "/seasons?lang=en")
	assert.Contains(t, w.Body.String(), en)
	var kept *http.Cookie
	for _, ck := range w.Result().Cookies() {
		if ck.Name == langCookie {
			kept = ck
		}
	}
	require.NotNil(t, kept)
	c.lang = kept.Value
	assert.Contains(t, page(http.Header{"Accept-Language": {"zh-CN"}}, "/seasons").Body.String(), en)
	// Every page has the switch (a query only: the page itself, its own
	// query kept).
	assert.Contains(t, w.Body.String(), `href="?lang=zh"`)
	w = page(nil, "/seasons/1/run?cohort=2")
	assert.Contains(t, w.Body.String(), `href="?cohort=2&amp;lang=zh"`)
}
