package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
)

// groupWorkbook is the group preset's workbook as placement gen writes
// it (scale 1, seed 2026: 5,000 students), made once.
var groupWorkbook = sync.OnceValues(func() ([]byte, error) {
	c, err := synth.Generate(synth.Group(1, 2026))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
})

// benchWorkbench is a workbench over a fresh store, driven in process
// through its handler (no network: what is measured is the server's
// time), with a local session.
type benchWorkbench struct {
	tb     testing.TB
	st     *store.Store
	wb     *workbench
	cookie *http.Cookie
	csrf   string
}

func newBenchWorkbench(tb testing.TB) *benchWorkbench {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "placement.db"))
	require.NoError(tb, err)
	bw := &benchWorkbench{tb: tb, st: st}
	bw.wb = newWorkbench(st, workbenchOptions{User: "wang", Logf: tb.Logf})
	tb.Cleanup(func() {
		bw.wb.close(ctx)
		st.Close()
	})
	w := bw.serve(http.MethodGet, "/", nil, "", "")
	require.Equal(tb, http.StatusOK, w.Code)
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			bw.cookie = c
		}
	}
	require.NotNil(tb, bw.cookie, "no session cookie")
	m := csrfField.FindStringSubmatch(w.Body.String())
	require.NotNil(tb, m, "no CSRF token on the first page")
	bw.csrf = m[1]
	return bw
}

// fresh is another workbench over the same store: its caches empty, as
// after a restart.
func (bw *benchWorkbench) fresh() *benchWorkbench {
	nb := *bw
	nb.wb = newWorkbench(bw.st, workbenchOptions{User: "wang", Logf: bw.tb.Logf})
	bw.tb.Cleanup(func() { nb.wb.close(context.Background()) })
	return &nb
}

// serve sends one request to the handler, with the session and language
// lang ("" none).
func (bw *benchWorkbench) serve(method, target string, body io.Reader, ctype, lang string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, body)
	r.Host = "127.0.0.1:8080"
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	if bw.cookie != nil {
		r.AddCookie(bw.cookie)
	}
	if lang != "" {
		r.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
	}
	w := httptest.NewRecorder()
	bw.wb.ServeHTTP(w, r)
	return w
}

// redirected checks a 303 to prefix/ID and returns the ID.
func (bw *benchWorkbench) redirected(w *httptest.ResponseRecorder, prefix string) int64 {
	bw.tb.Helper()
	if w.Code != http.StatusSeeOther {
		bw.tb.Fatalf("%d, want 303:\n%.3000s", w.Code, w.Body.String())
	}
	loc := w.Header().Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, prefix), 10, 64)
	if err != nil || !strings.HasPrefix(loc, prefix) {
		bw.tb.Fatalf("redirected to %q, want %sID", loc, prefix)
	}
	return id
}

// season creates a season through its form.
func (bw *benchWorkbench) season(name string) int64 {
	form := url.Values{"csrf": {bw.csrf}, "name": {name}, "year": {"2026"}}
	return bw.redirected(bw.serve(http.MethodPost, "/seasons", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", ""), "/seasons/")
}

// upload uploads a file to season as the upload form does; it returns the
// stored file's ID.
func (bw *benchWorkbench) upload(season int64, name string, data []byte) int64 {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", bw.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return bw.redirected(bw.serve(http.MethodPost, fmt.Sprintf("/seasons/%d/upload", season), &b, mw.FormDataContentType(), ""), "/files/")
}

// run starts a run of mech on file and awaits it through its events (as
// the run page does); it checks that it is done and returns its ID.
func (bw *benchWorkbench) run(season, file int64, mech string) int64 {
	form := url.Values{"csrf": {bw.csrf}, "cohort": {strconv.FormatInt(file, 10)}, "mechanism": {mech}}
	id := bw.redirected(bw.serve(http.MethodPost, fmt.Sprintf("/seasons/%d/run", season), strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", ""), "/runs/")
	ev := bw.serve(http.MethodGet, fmt.Sprintf("/runs/%d/events", id), nil, "", "")
	if !strings.Contains(ev.Body.String(), fmt.Sprintf("event: done\ndata: /runs/%d\n", id)) {
		bw.tb.Fatalf("the events of run %d end without done:\n%s", id, ev.Body.String())
	}
	run, err := bw.st.Run(context.Background(), id)
	require.NoError(bw.tb, err)
	if run.Status != store.Done {
		bw.tb.Fatalf("run %d is %s: %s", id, run.Status, run.Error)
	}
	return id
}

// report gets run id's report page in lang and checks it.
func (bw *benchWorkbench) report(id int64, lang string) []byte {
	w := bw.serve(http.MethodGet, fmt.Sprintf("/runs/%d/report", id), nil, "", lang)
	if w.Code != http.StatusOK || !bytes.Contains(w.Body.Bytes(), []byte("<svg")) {
		bw.tb.Fatalf("report of run %d: %d\n%.2000s", id, w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

// BenchmarkWorkbenchReport is one report page served to many tabs at
// once (RunParallel), both languages: cold, each op on a workbench just
// started (the result rebuilt from the store, the page rendered); warm,
// from the cache.
func BenchmarkWorkbenchReport(b *testing.B) {
	data, err := groupWorkbook()
	require.NoError(b, err)
	bw := newBenchWorkbench(b)
	season := bw.season("2026")
	id := bw.run(season, bw.upload(season, "group.xlsx", data), "student-da")
	b.Run("cache=cold", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			bw.fresh().report(id, []string{"zh", "en"}[i%2])
		}
	})
	b.Run("cache=warm", func(b *testing.B) {
		bw.report(id, "zh")
		bw.report(id, "en")
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				bw.report(id, []string{"zh", "en"}[i%2])
				i++
			}
		})
	})
}

// TestWorkbenchConcurrentReports: 20 tabs load one report page at once
// over HTTP, half in Chinese and half in English, first on a server just
// started (cold caches: every tab waits for the same rebuild), then again
// (warm): every load answers 200, and every body in one language is the
// same, cold or warm; the two languages differ.
func TestWorkbenchConcurrentReports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the group preset")
	}
	bw := newBenchWorkbench(t)
	season := bw.season("2026")
	file := bw.upload(season, "group.json", cohortJSON(t, genStudents, 2026))
	id := bw.run(season, file, "optimal")
	cold := bw.fresh()
	srv := httptest.NewServer(cold.wb)
	defer srv.Close()
	bodies := map[string][]byte{}
	for _, round := range []string{"cold", "warm"} {
		var wg sync.WaitGroup
		got := make([][]byte, 20)
		errs := make([]error, 20)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/runs/%d/report", srv.URL, id), nil)
				req.AddCookie(cold.cookie)
				req.AddCookie(&http.Cookie{Name: langCookie, Value: []string{"zh", "en"}[i%2]})
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs[i] = err
					return
				}
				defer resp.Body.Close()
				got[i], errs[i] = io.ReadAll(resp.Body)
				if errs[i] == nil && resp.StatusCode != http.StatusOK {
					errs[i] = fmt.Errorf("%s:\n%.1000s", resp.Status, got[i])
				}
			}()
		}
		wg.Wait()
		for i, b := range got {
			require.NoError(t, errs[i], "%s load %d", round, i)
			lang := []string{"zh", "en"}[i%2]
			if want, ok := bodies[lang]; ok {
				require.True(t, bytes.Equal(want, b), "%s load %d (%s) differs from the first", round, i, lang)
			} else {
				require.Contains(t, string(b), "<svg", "the report has its charts")
				bodies[lang] = b
			}
		}
	}
	require.False(t, bytes.Equal(bodies["zh"], bodies["en"]), "the two languages give the same page")
	require.Contains(t, string(bodies["zh"]), "学生")
}

// TestWebUploadRemembersCohort: an accepted upload leaves its cohort in
// the workbench's cache (the first run does not read the file again),
// the same cohort wb.cohort would load; a rejected one leaves nothing.
func TestWebUploadRemembersCohort(t *testing.T) {
	bw := newBenchWorkbench(t)
	season := bw.season("2026")
	data := cohortJSON(t, 200, 3)
	id := bw.upload(season, "c.json", data)
	bw.wb.cohorts.mu.Lock()
	c := bw.wb.cohorts.m[id]
	bw.wb.cohorts.mu.Unlock()
	require.NotNil(t, c, "the accepted upload's cohort is not cached")
	f, err := bw.st.File(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, f.Fingerprint, c.Fingerprint())
	got, err := bw.wb.cohort(context.Background(), id)
	require.NoError(t, err)
	require.Same(t, c, got, "wb.cohort loaded the file again")
	loaded, err := bw.fresh().wb.cohort(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, loaded.Fingerprint(), c.Fingerprint(), "the cached cohort is the stored file's")

	bad := bw.upload(season, "bad.json", []byte(`{"students": [oops`))
	bw.wb.cohorts.mu.Lock()
	_, ok := bw.wb.cohorts.m[bad]
	bw.wb.cohorts.mu.Unlock()
	require.False(t, ok, "a rejected upload is cached")
}
