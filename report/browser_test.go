package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/browsertest"
	"github.com/placement-engine/placement/internal/lang"
)

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
	Missing                      string  // its characters the browser has no glyph for
}

type tableBox struct {
	ID                     string
	Right, ContainerRight  float64
	ScrollWidth, BoxWidth  float64 // of the table's scrolling container
	Cells, BlankHeaderCell int
}

// measure reads every chart's text elements and the tables' boxes.
//
// A text's Missing characters are found on a canvas: each character is
// drawn alone with the text's computed font (its font-family list, then
// the browser's fallback), and is missing when it leaves no ink or the
// very pixels of U+10FFFD, a private-use character no font has (the
// .notdef box, "tofu"). The text's box cannot show it: every label
// carries textLength, so its box has the measured width whatever the
// browser draws. (document.fonts.check cannot either: it answers true
// for any installed or missing system font.)
const measure = `(() => {
  const cv = document.createElement('canvas');
  cv.width = 64; cv.height = 64;
  const ctx = cv.getContext('2d', {willReadFrequently: true});
  const draw = (font, s) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font;
    ctx.fillText(s, 8, 44);
    return ctx.getImageData(0, 0, 64, 64).data;
  };
  const tofu = new Map(), seen = new Map();
  const missing = (t) => {
    const cs = getComputedStyle(t);
    const font = cs.fontStyle + ' ' + cs.fontWeight + ' 32px ' + cs.fontFamily;
    if (!tofu.has(font)) tofu.set(font, draw(font, String.fromCodePoint(0x10FFFD)));
    const ref = tofu.get(font);
    let out = '';
    for (const ch of new Set(t.textContent)) {
      if (/\s/.test(ch)) continue;
      const key = font + '\n' + ch;
      if (!seen.has(key)) {
        const px = draw(font, ch);
        let ink = false, same = true;
        for (let i = 0; i < px.length; i++) {
          if (px[i] !== ref[i]) same = false;
          if (i % 4 === 3 && px[i] !== 0) ink = true;
        }
        seen.set(key, !ink || same);
      }
      if (seen.get(key)) out += ch;
    }
    return out;
  };
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
        VLeft: vl, VTop: vt, VRight: vl + vb.width * k, VBottom: vt + vb.height * k, CLeft: c.left, CRight: c.right, Missing: missing(t)});
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

// TestBrowser loads the HTML report of the Chinese cohort in headless
// Chromium at a laptop's width, with the machine's fonts: in Chinese and
// in English with the charts measured with Noto Sans CJK, and in Chinese
// with no Chinese font for the charts (Liberation, IDs). It fails on a
// chart label that is blank (no text, no width or height, or a character
// the browser has no glyph for), reaches beyond its chart's viewBox or its
// figure, or overlaps another, and on a table wider than its place or a
// page wider than the window.
func TestBrowser(t *testing.T) {
	exe := browsertest.Chromium(t)
	font := testFont(t)
	pages := []struct {
		name string
		tag  language.Tag
		font string
	}{{"zh", lang.Chinese, font}, {"en", language.English, font}, {"zh-no-font", lang.Chinese, ""}}
	reports := make([]*Report, len(pages))
	for i, p := range pages {
		reports[i] = chineseReport(t, p.tag, p.font)
	}
	b := startBrowser(t, exe, "")
	for i, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			checkLayout(t, reports[i], loadReport(t, b, reports[i]))
		})
	}
}

// TestBrowserFonts loads the report in browsers that lack fonts the
// charts name, each given its own fontconfig folder:
//
//   - latin (Liberation Sans only): the report whose charts fell back to
//     Liberation and IDs passes every check; the report whose charts were
//     measured with Noto Sans CJK must have each label with Chinese
//     characters, and only those, found drawn as boxes: the proof that
//     the glyph check fails when glyphs are missing.
//   - dejavu (DejaVu Sans only): the Liberation charts drawn with a wider
//     font than measured still fit (textLength, Arial then sans-serif).
//   - serif-cjk (Liberation Sans and Noto Serif CJK): the charts measured
//     with Noto Sans CJK SC, which this browser lacks, are drawn with
//     another Chinese font and pass every check.
func TestBrowserFonts(t *testing.T) {
	exe := browsertest.Chromium(t)
	font := testFont(t)
	noto := chineseReport(t, lang.Chinese, font)
	latin := chineseReport(t, lang.Chinese, "")

	t.Run("latin", func(t *testing.T) {
		b := startBrowser(t, exe, fontconfig(t, map[string][]byte{
			"LiberationSans-Regular.ttf": liberationsansregular.TTF,
			"LiberationSans-Bold.ttf":    liberationsansbold.TTF,
		}))
		checkLayout(t, latin, loadReport(t, b, latin))

		got := loadReport(t, b, noto)
		var want, found []string
		for _, tb := range got.Texts {
			if strings.ContainsFunc(tb.Text, func(r rune) bool { return r >= 0x2e80 }) {
				want = append(want, tb.Chart+" "+tb.Text)
			}
			if tb.Missing != "" {
				found = append(found, tb.Chart+" "+tb.Text)
				if strings.ContainsFunc(tb.Missing, func(r rune) bool { return r < 0x2e80 }) {
					t.Errorf("%s: %q: Liberation Sans has %q, reported missing", tb.Chart, tb.Text, tb.Missing)
				}
			}
		}
		require.NotEmpty(t, want, "Chinese labels in the zh report")
		if diff := cmp.Diff(want, found); diff != "" {
			t.Errorf("labels with Chinese characters (-want) and labels found with missing glyphs (+got):\n%s", diff)
		}
	})
	t.Run("dejavu", func(t *testing.T) {
		b := startBrowser(t, exe, fontconfig(t, map[string][]byte{"DejaVuSans.ttf": dejavusans.TTF}))
		checkLayout(t, latin, loadReport(t, b, latin))
	})
	t.Run("serif-cjk", func(t *testing.T) {
		serif := filepath.Join(filepath.Dir(font), "NotoSerifCJK-Regular.ttc")
		if _, err := os.Stat(serif); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI: %v (fonts-noto-cjk has it)", err)
			}
			t.Skip(err)
		}
		b := startBrowser(t, exe, fontconfig(t, map[string][]byte{"LiberationSans-Regular.ttf": liberationsansregular.TTF}, serif))
		checkLayout(t, noto, loadReport(t, b, noto))
	})
}

// chineseReport is the report of the Chinese cohort in language tag with
// its charts measured with the font file font, or, when font is "", with
// no Chinese font found (Liberation, IDs).
func chineseReport(t *testing.T, tag language.Tag, font string) *Report {
	t.Helper()
	c, stable, optimal := chineseResults(t)
	if font == "" {
		saved := fontPaths
		fontPaths = func() []string { return []string{filepath.Join(t.TempDir(), "none.ttc")} }
		defer func() { fontPaths = saved }()
	}
	rp, err := NewWithOptions(c, &Options{Lang: tag, Font: font}, optimal, stable)
	require.NoError(t, err)
	if font == "" {
		require.Empty(t, rp.FontFile(), "no Chinese font for the charts")
	}
	return rp
}

// fontconfig writes fonts (file name → data) into a folder, with links to
// the font files link, and a fontconfig configuration that holds them and
// nothing else, and returns the configuration's path, for FONTCONFIG_FILE.
func fontconfig(t *testing.T, fonts map[string][]byte, link ...string) string {
	t.Helper()
	dir := t.TempDir()
	fontDir := filepath.Join(dir, "fonts")
	require.NoError(t, os.Mkdir(fontDir, 0o755))
	for name, data := range fonts {
		require.NoError(t, os.WriteFile(filepath.Join(fontDir, name), data, 0o644))
	}
	for _, p := range link {
		require.NoError(t, os.Symlink(p, filepath.Join(fontDir, filepath.Base(p))))
	}
	conf := filepath.Join(dir, "fonts.conf")
	require.NoError(t, os.WriteFile(conf, []byte(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>`+fontDir+`</dir>
  <cachedir>`+filepath.Join(dir, "cache")+`</cachedir>
</fontconfig>
`), 0o644))
	return conf
}

// startBrowser starts a headless Chromium at 1280×900 for the test, with
// the fontconfig configuration conf ("": the machine's fonts).
func startBrowser(t *testing.T, exe, conf string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))
	if conf != "" {
		opts = append(opts, chromedp.Env("FONTCONFIG_FILE="+conf))
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx)) // starts the browser
	return ctx
}

// loadReport opens the report's HTML page in a new tab of the browser and
// measures it once its fonts are loaded.
func loadReport(t *testing.T, browser context.Context, rp *Report) layout {
	t.Helper()
	var page bytes.Buffer
	require.NoError(t, rp.WriteHTML(&page))
	path := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(path, page.Bytes(), 0o644))
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("#glossary")))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
	require.NoError(t, err)
	require.Equal(t, len(rp.Charts()), got.Charts, "charts on the page")
	require.Greater(t, len(got.Texts), 10*got.Charts, "text elements in the charts")
	return got
}

// checkLayout fails on a blank, clipped or overlapping label, a label with
// a character the browser drew as a box or not at all, a table wider than
// its place, and a page wider than the window.
func checkLayout(t *testing.T, rp *Report, got layout) {
	t.Helper()
	const eps = 0.5 // pixels of rounding
	for _, b := range got.Texts {
		switch {
		case b.Text == "" || b.Right-b.Left < 1 || b.Bottom-b.Top < 1:
			t.Errorf("%s: blank label %q (%.1f×%.1f px)", b.Chart, b.Text, b.Right-b.Left, b.Bottom-b.Top)
		case b.Missing != "":
			t.Errorf("%s: label %q drawn without glyphs for %q", b.Chart, b.Text, b.Missing)
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
				t.Errorf("%s: labels %q and %q overlap (%.1f×%.1f px)", a.Chart, a.Text, b.Text, min(a.Right, b.Right)-max(a.Left, b.Left), min(a.Bottom, b.Bottom)-max(a.Top, b.Top))
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
}
