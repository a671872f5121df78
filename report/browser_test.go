package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
)

// chromium returns the path of a Chromium or Chrome binary, or skips the
// test when there is none and CI is not set (under CI it must be there).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI: no chromium binary on the PATH (apt-get install chromium)")
	}
	t.Skip("no chromium binary on the PATH (apt-get install chromium)")
	return ""
}

// layout is what the page's script measures.
type layout struct {
	ViewportWidth, ScrollWidth float64
	Charts                     int
	Texts                      []textBox
	Tables                     []tableBox
}

type textBox struct {
	Chart, Text                  string
	Left, Top, Right, Bottom     float64 // the text's box on the page
	VLeft, VTop, VRight, VBottom float64 // its SVG's viewBox on the page
	CLeft, CRight                float64 // its container (the figure)
}

type tableBox struct {
	ID                     string
	Right, ContainerRight  float64
	ScrollWidth, BoxWidth  float64 // of the table's scrolling container
	Cells, BlankHeaderCell int
}

// measure reads every chart's text elements and the tables' boxes.
const measure = `(() => {
  const out = {ViewportWidth: document.documentElement.clientWidth, ScrollWidth: document.documentElement.scrollWidth, Charts: 0, Texts: [], Tables: []};
  for (const svg of document.querySelectorAll('svg[id^="chart-"]')) {
    out.Charts++;
    const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
    const k = Math.min(r.width / vb.width, r.height / vb.height);
    const vl = r.left + (r.width - vb.width * k) / 2, vt = r.top + (r.height - vb.height * k) / 2;
    const c = svg.parentElement.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      out.Texts.push({Chart: svg.id, Text: t.textContent, Left: b.left, Top: b.top, Right: b.right, Bottom: b.bottom,
        VLeft: vl, VTop: vt, VRight: vl + vb.width * k, VBottom: vt + vb.height * k, CLeft: c.left, CRight: c.right});
    }
  }
  for (const tab of document.querySelectorAll('table')) {
    const box = tab.parentElement;
    let blank = 0;
    for (const th of tab.querySelectorAll('thead tr:last-child th')) { if (th.textContent.trim() === '') blank++; }
    out.Tables.push({ID: tab.id, Right: tab.getBoundingClientRect().right, ContainerRight: box.getBoundingClientRect().right,
      ScrollWidth: box.scrollWidth, BoxWidth: box.clientWidth, Cells: tab.querySelectorAll('td').length, BlankHeaderCell: blank});
  }
  return out;
})()`

// TestBrowser loads the HTML report of the Chinese cohort, in Chinese and
// in English, in headless Chromium at a laptop's width, and fails on a
// chart label that is blank (no text, or no width or height), reaches
// beyond its chart's viewBox or its figure, or overlaps another, and on a
// table wider than
// its place or a page wider than the window.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	font := testFont(t)
	c, stable, optimal := chineseResults(t)
	for _, l := range []struct {
		name string
		tag  language.Tag
	}{{"zh", lang.Chinese}, {"en", language.English}} {
		t.Run(l.name, func(t *testing.T) {
			rp, err := NewWithOptions(c, &Options{Lang: l.tag, Font: font}, optimal, stable)
			require.NoError(t, err)
			var page bytes.Buffer
			require.NoError(t, rp.WriteHTML(&page))
			path := filepath.Join(t.TempDir(), "report.html")
			require.NoError(t, os.WriteFile(path, page.Bytes(), 0o644))

			opts := append(chromedp.DefaultExecAllocatorOptions[:],
				chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))
			actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
			defer cancel()
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
			defer cancel()
			require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("#glossary")))
			_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
			require.NoError(t, err)
			got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
			require.NoError(t, err)

			require.Equal(t, len(rp.Charts()), got.Charts, "charts on the page")
			require.Greater(t, len(got.Texts), 10*got.Charts, "text elements in the charts")
			const eps = 0.5 // pixels of rounding
			for _, b := range got.Texts {
				switch {
				case b.Text == "" || b.Right-b.Left < 1 || b.Bottom-b.Top < 1:
					t.Errorf("%s: blank label %q (%.1f×%.1f px)", b.Chart, b.Text, b.Right-b.Left, b.Bottom-b.Top)
				case b.Left < b.VLeft-eps || b.Right > b.VRight+eps || b.Top < b.VTop-eps || b.Bottom > b.VBottom+eps:
					t.Errorf("%s: label %q at [%.1f, %.1f]×[%.1f, %.1f] clipped by the viewBox [%.1f, %.1f]×[%.1f, %.1f]",
						b.Chart, b.Text, b.Left, b.Right, b.Top, b.Bottom, b.VLeft, b.VRight, b.VTop, b.VBottom)
				case b.Left < b.CLeft-eps || b.Right > b.CRight+eps:
					t.Errorf("%s: label %q at [%.1f, %.1f] beyond its figure [%.1f, %.1f]", b.Chart, b.Text, b.Left, b.Right, b.CLeft, b.CRight)
				}
			}
			// No two labels of a chart overlap.
			for i, a := range got.Texts {
				for _, b := range got.Texts[i+1:] {
					if a.Chart == b.Chart && min(a.Right, b.Right)-max(a.Left, b.Left) > 1 && min(a.Bottom, b.Bottom)-max(a.Top, b.Top) > 1 {
						t.Errorf("%s: labels %q and %q overlap", a.Chart, a.Text, b.Text)
					}
				}
			}
			require.Len(t, got.Tables, len(rp.Tables()))
			for _, tb := range got.Tables {
				if tb.Right > tb.ContainerRight+eps || tb.ScrollWidth > tb.BoxWidth+1 {
					t.Errorf("table %s overflows its place: right %.1f of %.1f, %0.f px wide in %.0f", tb.ID, tb.Right, tb.ContainerRight, tb.ScrollWidth, tb.BoxWidth)
				}
				if tb.Cells == 0 || tb.BlankHeaderCell > 0 {
					t.Errorf("table %s: %d cells, %d blank column headings", tb.ID, tb.Cells, tb.BlankHeaderCell)
				}
			}
			if got.ScrollWidth > got.ViewportWidth {
				t.Errorf("the page is %.0f px wide in a window of %.0f", got.ScrollWidth, got.ViewportWidth)
			}
		})
	}
}
