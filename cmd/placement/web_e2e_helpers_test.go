package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The helpers of the end-to-end test (web_e2e_test.go): a planner's
// browser, headless Chromium driven by chromedp, on a workbench served
// in-process on a loopback listener.

// e2eTab is a planner's browser tab walking the workbench.
type e2eTab struct {
	t     *testing.T
	ctx   context.Context // the tab (chromedp context that has run once)
	base  string          // the server's URL
	shots string          // where screenshots go (t.ArtifactDir())
	n     int             // screenshots taken
	dl    string          // where downloads go
	step  time.Duration   // the bound of one action

	mu       sync.Mutex
	problems []string // console errors and exceptions, CSP refusals
}

// newE2ETab starts a headless Chromium at 1280×900 with downloads
// allowed into a temporary folder.
func newE2ETab(t *testing.T, exe, base string) *e2eTab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		// The page's language is the server's default (Chinese), not the
		// browser's: no Accept-Language preference for English.
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh"),
		// File names in Chinese, as planners name their workbooks.
		chromedp.Env("LANG=C.UTF-8", "LC_ALL=C.UTF-8"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx)) // starts the browser
	p := &e2eTab{t: t, ctx: ctx, base: base, shots: t.ArtifactDir(), dl: t.TempDir(), step: 30 * time.Second}
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: p.dl, EventsEnabled: new(true)})
	require.NoError(t, err)
	// What the pages write to the console: errors, uncaught exceptions and
	// the browser's refusals (a Content-Security-Policy violation is an
	// error of the browser log).
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if strings.HasSuffix(m.URL, "/favicon.ico") {
				// The report pages (report.WriteHTML) name no icon, so
				// the browser asks for one (reported to runs).
				continue
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || strings.Contains(m.Text, "Content Security Policy") {
				p.mu.Lock()
				p.problems = append(p.problems, fmt.Sprintf("%s %s (%s)", m.Type, m.Text, m.URL))
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// consoleProblems returns the console's errors since the last call.
func (p *e2eTab) consoleProblems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.problems
	p.problems = nil
	return out
}

// do runs steps within the bound of one action.
func (p *e2eTab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	require.NoError(p.t, chromedp.Do(ctx, steps...), "%s (at %s)", what, p.location())
}

// location is the tab's URL ("" when it cannot be read within a few
// seconds: it is read again while the page is between two loads).
func (p *e2eTab) location() string {
	for range 20 {
		ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
		u, err := chromedp.Run(ctx, chromedp.Location())
		cancel()
		if err == nil && u != "" {
			return u
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ""
}

// path is the tab's URL without the server's address.
func (p *e2eTab) path() string { return strings.TrimPrefix(p.location(), p.base) }

// open types a URL: only for the first page (every other is reached by
// clicks and forms).
func (p *e2eTab) open(path string) {
	p.t.Helper()
	p.do("open "+path, chromedp.Navigate(p.base+path))
}

// click clicks the element sel (CSS) and waits for the page it leads to
// to load.
func (p *e2eTab) click(sel string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel))))
	require.NoError(p.t, err, "click %s (at %s)", sel, p.location())
}

// typeIn types text into the field sel, as keystrokes.
func (p *e2eTab) typeIn(sel, text string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose picks the option of value v in the select sel.
func (p *e2eTab) choose(sel, v string) {
	p.t.Helper()
	p.do("choose "+v+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), v))
	got, err := chromedp.Run(p.ctx, chromedp.Value(chromedp.CSS(sel)))
	require.NoError(p.t, err)
	require.Equal(p.t, v, got, "the select %s has no option %q", sel, v)
}

// attach sets the file of the file input sel.
func (p *e2eTab) attach(sel, file string) {
	p.t.Helper()
	p.do("attach "+file, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file}))
}

// text is the text content of the first element sel, waited for.
func (p *e2eTab) text(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
	require.NoError(p.t, err, "text of %s (at %s)", sel, p.location())
	return s
}

// body is the page's visible text.
func (p *e2eTab) body() string {
	p.t.Helper()
	return evalJS[string](p, `document.body.innerText`)
}

// evalJS evaluates expression in the page.
func evalJS[T any](p *e2eTab, expression string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	require.NoError(p.t, err, "evaluate %s (at %s)", expression, p.location())
	return v
}

// cells is the text of the cells of the rows of the table sel's body.
func (p *e2eTab) cells(sel string) [][]string {
	p.t.Helper()
	return evalJS[[][]string](p, fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).map(tr => Array.from(tr.cells).map(c => c.textContent.trim()))`, sel+" tbody tr"))
}

// waitRun waits, without touching the page, until the run page the tab
// shows says its run is over (the page reloads itself on the run's
// server-sent "done" event), and returns the status and whether the page
// first showed the run in progress.
func (p *e2eTab) waitRun(limit time.Duration) (status string, sawRunning bool) {
	p.t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('[data-status]') || {dataset: {}}).dataset.status || ''`))
		cancel()
		switch {
		case err != nil, s == "": // between two pages
		case s == "running":
			sawRunning = true
		default:
			return s, sawRunning
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("the run at %s did not end within %v", p.location(), limit)
	return "", false
}

// shot saves a screenshot of the whole page as NN-name.png in the
// test's artifacts and checks it decodes to a non-empty image.
func (p *e2eTab) shot(name string) image.Image {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(p.t, err, "screenshot %s", name)
	// A planner's page fits the window's width: no sideways scrolling.
	w := evalJS[[]int](p, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	assert.LessOrEqual(p.t, w[0], w[1], "%s (%s) is wider than the window: it scrolls sideways", name, p.path())
	assert.Empty(p.t, p.consoleProblems(), "%s (%s): errors on the console", name, p.path())
	return p.save(name, b)
}

// shotOf saves a screenshot of the element sel and checks it is not
// blank: more than one colour, and some of its pixels not the
// background's.
func (p *e2eTab) shotOf(name, sel string) image.Image {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	require.NoError(p.t, err, "screenshot of %s", sel)
	img := p.save(name, b)
	colours, ink := inkOf(img)
	require.Greater(p.t, colours, 1, "%s: the screenshot of %s is one colour", name, sel)
	px := img.Bounds().Dx() * img.Bounds().Dy()
	require.Greater(p.t, ink*100, px, "%s: less than 1%% of the screenshot of %s differs from its background", name, sel)
	return img
}

// save writes a PNG screenshot and checks it.
func (p *e2eTab) save(name string, b []byte) image.Image {
	p.t.Helper()
	require.NotEmpty(p.t, b, name)
	p.n++
	file := filepath.Join(p.shots, fmt.Sprintf("%02d-%s.png", p.n, name))
	require.NoError(p.t, os.WriteFile(file, b, 0o644))
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(p.t, err, "%s does not decode as PNG", file)
	require.False(p.t, img.Bounds().Empty(), "%s is empty", file)
	return img
}

// inkOf counts the image's colours (up to a few hundred) and its pixels
// that are not the most common colour (the background).
func inkOf(img image.Image) (colours, ink int) {
	count := map[[4]uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			count[[4]uint32{r, g, bl, a}]++
		}
	}
	most := 0
	for _, n := range count {
		most = max(most, n)
	}
	return len(count), b.Dx()*b.Dy() - most
}

// download clicks the link sel, waits for the browser to save what it
// downloads, and returns the file's path: under name, or ("") the name
// the server suggested.
func (p *e2eTab) download(sel, name string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	begin := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	require.NoError(p.t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))), "click %s", sel)
	var guid, suggested string
	for ev, err := range begin {
		require.NoError(p.t, err, "no download began after a click on %s", sel)
		guid, suggested = ev.GUID, ev.SuggestedFilename
		break
	}
	require.NotEmpty(p.t, suggested, "the download has no name")
	require.Equal(p.t, filepath.Base(suggested), suggested, "the download's name %q is a path", suggested)
	if name == "" {
		name = suggested
	}
	for ev, err := range progress {
		require.NoError(p.t, err, "the download of %s did not end", name)
		if ev.GUID != guid {
			continue
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			p.t.Fatalf("the download of %s was cancelled", name)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	to := filepath.Join(p.dl, name)
	if _, err := os.Stat(to); err == nil {
		p.t.Fatalf("two downloads named %s", name)
	} else if !errors.Is(err, os.ErrNotExist) {
		p.t.Fatal(err)
	}
	require.NoError(p.t, os.Rename(filepath.Join(p.dl, guid), to))
	return to
}
