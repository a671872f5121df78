package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/browsertest"
)

// webBrowser is a headless Chromium for the test (skipped without one).
func webBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := browsertest.Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx))
	return ctx
}

// TestWebStaticScript checks app.js in a browser, under the pages' CSP:
// a sortable table sorts by the header clicked (numbers as numbers, then
// the other way), and an element with data-events shows the stage and
// detail events and goes where the done event says.
func TestWebStaticScript(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	mux := http.NewServeMux()
	// A page of the workbench's shape with a table and a progress element
	// (the run page's, which helper runs renders), and its events.
	mux.HandleFunc("GET /test/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="zh-CN"><head><script src="/static/app.js" defer></script></head><body>
<table class="sortable" id="t"><thead><tr><th>name</th><th>n</th></tr></thead>
<tbody><tr><td>b</td><td>1,200</td></tr><tr><td>a</td><td>90</td></tr><tr><td>c</td><td>3</td></tr></tbody></table>
<div data-events="/test/events"><span data-stage>waiting</span> <span data-detail></span></div></body></html>`)
	})
	release := make(chan struct{})
	mux.HandleFunc("GET /test/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "event: stage\ndata: solving\n\nevent: detail\ndata: 1,234 proposals\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, "event: done\ndata: /test/finished\n\n")
		w.(http.Flusher).Flush()
	})
	mux.HandleFunc("GET /test/finished", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!DOCTYPE html><title>finished</title><p id=finished>finished</p>")
	})
	mux.Handle("/", c.wb) // the assets
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := webBrowser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/test/page"), chromedp.WaitReady(chromedp.CSS("th.sort"))))
	column := func(i int) string {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`Array.from(document.querySelectorAll("#t tbody tr")).map(r => r.cells[%d].textContent).join(" ")`, i)))
		require.NoError(t, err)
		return got
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#t th:nth-child(2)"))))
	assert.Equal(t, "3 90 1,200", column(1), "numbers sorted as numbers")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#t th:nth-child(2)"))))
	assert.Equal(t, "1,200 90 3", column(1), "a second click reverses")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#t th:nth-child(1)"))))
	assert.Equal(t, "a b c", column(0))

	var stage string
	for range 100 {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-stage]").textContent + "|" + document.querySelector("[data-detail]").textContent`))
		require.NoError(t, err)
		if stage = got; strings.HasPrefix(got, "solving") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	assert.Equal(t, "solving|1,234 proposals", stage)
	close(release)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#finished"))))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/test/finished", loc)
}

// TestWebStaticSubmitOnce: a POST form is sent once however often its
// button is clicked (a double click on Windows), its button's name and
// value still sent; a GET form is left alone.
func TestWebStaticSubmitOnce(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /test/form", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><script src="/static/app.js" defer></script></head><body>
<form method="post" action="/test/post" id="f"><input name="x" value="1"><button type="submit" name="act" value="go" id="b">go</button></form></body></html>`)
	})
	var mu sync.Mutex
	var posts []string
	mux.HandleFunc("POST /test/post", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		posts = append(posts, r.PostFormValue("act"))
		mu.Unlock()
		time.Sleep(400 * time.Millisecond) // a run being stored
		http.Redirect(w, r, "/test/done", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /test/done", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!DOCTYPE html><title>done</title><p id=done>done</p>")
	})
	mux.Handle("/", c.wb) // the assets
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := webBrowser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/test/form"), chromedp.WaitReady(chromedp.CSS("#b"))))
	// Wait for the script (deferred) to have run.
	time.Sleep(200 * time.Millisecond)
	// Two clicks 80 ms apart, the first POST still on its way.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const b = document.getElementById("b"); b.click(); setTimeout(() => b.click(), 80); return true })()`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#done"))))
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"go"}, posts, "one POST, with the button's value")
}
