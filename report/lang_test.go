package report

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
)

// TestCatalogComplete finds every text the package formats through a
// message printer (a string literal given to a Sprintf that is not
// fmt's, or to the page template's T) and checks that the catalogue has
// it in Chinese.
func TestCatalogComplete(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Sprintf" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				keys = append(keys, s)
			}
			return true
		})
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`\{\{T "([^"]*)"\}\}`).FindAllSubmatch(src, -1) {
			keys = append(keys, string(m[1]))
		}
	}
	require.Greater(t, len(keys), 100, "the scan found too few texts")
	zh := lang.Printer(lang.Chinese, catalog)
	for _, k := range keys {
		if k == "%s choice" { // English ordinals only
			continue
		}
		if zh.Sprintf(k, noArgs...) == k {
			t.Errorf("no Chinese for %q", k)
		}
	}
}

// stripSVG leaves a chart's element out of a page: its coordinates depend
// on the font installed (TestBrowser and TestChartPNGGolden check the
// charts).
func stripSVG(page string) string {
	return regexp.MustCompile(`(?s)<svg id="chart-[^"]*".*?</svg>`).ReplaceAllStringFunc(page, func(s string) string {
		return s[:strings.Index(s, `" `)+1] + ">…</svg>"
	})
}

// TestLangGolden compares the text summary and the HTML page (charts
// left out) of the Chinese cohort's two results, in Chinese and in
// English, with testdata/{text,html}-{zh,en}.golden (-update rewrites
// them).
func TestLangGolden(t *testing.T) {
	c, stable, optimal := chineseResults(t)
	for _, l := range []struct {
		name string
		tag  language.Tag
	}{{"zh", lang.Chinese}, {"en", language.English}} {
		t.Run(l.name, func(t *testing.T) {
			rp, err := NewWithOptions(c, &Options{Lang: l.tag}, optimal, stable)
			require.NoError(t, err)
			var text, page bytes.Buffer
			require.NoError(t, rp.WriteText(&text))
			require.NoError(t, rp.WriteHTML(&page))
			golden.Check(t, filepath.Join("testdata", "text-"+l.name+".golden"), text.String())
			golden.Check(t, filepath.Join("testdata", "html-"+l.name+".golden"), stripSVG(page.String()))
			// No code word reaches the planner in either language.
			for _, word := range []string{"student-da", "position-da", "rank-sum", "blocking pairs", "matching.Reason"} {
				if strings.Contains(text.String()+page.String(), word) {
					t.Errorf("%s: %q in the report", l.name, word)
				}
			}
			if l.name == "zh" {
				for _, want := range []string{"学生优先稳定分配", "最优分配（志愿位次总和最小）", "术语说明", "各学校分配情况", "各层次分配情况", "各学校专项生"} {
					if !strings.Contains(page.String(), want) {
						t.Errorf("zh page without %q", want)
					}
				}
			}
		})
	}
}

// Without a font with Chinese characters, the charts speak English and
// show IDs (or "#k" for IDs the Liberation fonts cannot draw either), never
// a label drawn blank, and the report warns in its language.
func TestNoChineseFont(t *testing.T) {
	saved := fontPaths
	fontPaths = func() []string { return []string{filepath.Join(t.TempDir(), "none.ttc")} }
	defer func() { fontPaths = saved }()
	c, stable, optimal := chineseResults(t)
	rp, err := NewWithOptions(c, &Options{Lang: lang.Chinese}, optimal, stable)
	require.NoError(t, err)
	require.Len(t, rp.Warnings(), 1)
	require.Contains(t, rp.Warnings()[0], "未找到含中文字符的字体")
	require.Empty(t, rp.FontFile())
	hashes := 0
	for _, ch := range rp.charts {
		texts := append([]string{ch.title, ch.xLabel, ch.yLabel}, ch.cats...)
		for _, s := range ch.series {
			texts = append(texts, s.name) // the legend
		}
		for _, s := range texts {
			if !rp.font.has(s) {
				t.Errorf("chart %s: %q has characters the font lacks", ch.id, s)
			}
		}
		for _, s := range ch.cats {
			if strings.HasPrefix(s, "#") {
				hashes++
			}
		}
		_, err := ch.render("png")
		require.NoError(t, err)
		// A browser without Liberation Sans (Windows) draws the SVG's
		// texts with Arial, into the width measured.
		svg, err := ch.render("svg")
		require.NoError(t, err)
		if n, m := strings.Count(string(svg), "<text "), strings.Count(string(svg), `lengthAdjust="spacingAndGlyphs" style="font-family:'Liberation Sans',Arial,`); n == 0 || m != n {
			t.Errorf("chart %s: %d texts, %d with textLength and the Latin font list", ch.id, n, m)
		}
	}
	if hashes == 0 {
		t.Error("no Chinese ID was replaced by its place")
	}
	// The tables keep the names and IDs.
	ents := mustTable(t, rp, "fill-enterprise")
	if !strings.HasPrefix(ents.Rows[0][0], "企业") && !strings.ContainsFunc(ents.Rows[0][1], func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("enterprise table row %q without its Chinese name", ents.Rows[0])
	}
}

func TestFontErrors(t *testing.T) {
	c, stable, _ := chineseResults(t)
	_, err := NewWithOptions(c, &Options{Font: filepath.Join(t.TempDir(), "missing.ttf")}, stable)
	require.ErrorContains(t, err, "report: font ")
	bad := filepath.Join(t.TempDir(), "bad.ttf")
	require.NoError(t, os.WriteFile(bad, []byte("not a font"), 0o644))
	_, err = NewWithOptions(c, &Options{Font: bad}, stable)
	require.ErrorContains(t, err, "bad.ttf")
	if latin := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; fileExists(latin) {
		_, err = NewWithOptions(c, &Options{Font: latin}, stable)
		require.ErrorContains(t, err, "no glyph")
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestChartPNGGolden draws the chart by school of the Chinese cohort, in
// Chinese, with Noto Sans CJK, and compares it with
// testdata/fill-school-zh.png, allowing small differences of
// anti-aliasing; and it checks, apart from the golden file, that every
// school's label left of the bars has ink.
func TestChartPNGGolden(t *testing.T) {
	font := testFont(t)
	c, stable, optimal := chineseResults(t)
	rp, err := NewWithOptions(c, &Options{Lang: lang.Chinese, Font: font}, optimal, stable)
	require.NoError(t, err)
	b, err := rp.RenderChart("fill-school", "png")
	require.NoError(t, err)
	got, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)

	var cats int
	for _, ch := range rp.charts {
		if ch.id == "fill-school" {
			cats = len(ch.cats)
		}
	}
	require.Greater(t, cats, 3)
	// The labels end at the axis, right-aligned; the left sixth of the
	// image (left of the legend, centred under the title) holds the start
	// of every one and nothing else. Each label is a band of rows with
	// ink there.
	if bands := inkBands(got, 0, got.Bounds().Dx()/6); bands != cats {
		t.Errorf("%d bands of ink left of the bars, want one a school: %d", bands, cats)
	}

	path := filepath.Join("testdata", "fill-school-zh.png")
	if *updatePNG {
		// Stored in grey, which is what is compared, to keep it small.
		g := image.NewGray(got.Bounds())
		draw.Draw(g, g.Bounds(), got, got.Bounds().Min, draw.Src)
		var buf bytes.Buffer
		require.NoError(t, (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, g))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	f, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := png.Decode(bytes.NewReader(f))
	require.NoError(t, err)
	require.Equal(t, want.Bounds(), got.Bounds(), "size")
	diff := 0
	for y := want.Bounds().Min.Y; y < want.Bounds().Max.Y; y++ {
		for x := want.Bounds().Min.X; x < want.Bounds().Max.X; x++ {
			if gray(want.At(x, y))-gray(got.At(x, y)) > 64 || gray(got.At(x, y))-gray(want.At(x, y)) > 64 {
				diff++
			}
		}
	}
	total := want.Bounds().Dx() * want.Bounds().Dy()
	if diff > total/200 {
		t.Errorf("%d of %d pixels differ from %s (more than 0.5 %%); after a deliberate change, rerun with -update-png", diff, total, path)
	}
}

// inkBands counts the bands of consecutive rows with a dark pixel between
// columns x0 and x1.
func inkBands(img image.Image, x0, x1 int) int {
	bands, in := 0, false
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		ink := false
		for x := r.Min.X + x0; x < r.Min.X+x1; x++ {
			if gray(img.At(x, y)) < 128 {
				ink = true
				break
			}
		}
		if ink && !in {
			bands++
		}
		in = ink
	}
	return bands
}

func gray(c color.Color) int {
	return int(color.GrayModel.Convert(c).(color.Gray).Y)
}

// TestSVGText checks every text of an SVG chart drawn with Noto Sans CJK:
// it names that font first, then the Chinese fonts of Windows and macOS,
// and its textLength is its width in that font at its size, measured here
// by another path (an x/image font.Face).
func TestSVGText(t *testing.T) {
	path := testFont(t)
	c, stable, optimal := chineseResults(t)
	rp, err := NewWithOptions(c, &Options{Lang: lang.Chinese, Font: path}, optimal, stable)
	require.NoError(t, err)
	face, err := loadFont(path)
	require.NoError(t, err)
	re := regexp.MustCompile(`(?s)<text [^>]*?textLength="([0-9.]+)" lengthAdjust="spacingAndGlyphs" style="font-family:([^;]*);[^"]*font-size:([0-9.]+)px[^"]*">([^<]*)</text>`)
	for _, id := range rp.Charts() {
		b, err := rp.RenderChart(id, "svg")
		require.NoError(t, err)
		all := strings.Count(string(b), "<text ")
		ms := re.FindAllStringSubmatch(string(b), -1)
		if len(ms) != all || all == 0 {
			t.Errorf("chart %s: %d texts, %d with a measured width and the font list", id, all, len(ms))
		}
		for _, m := range ms {
			if !strings.HasPrefix(m[2], "'Noto Sans CJK SC',") || !strings.Contains(m[2], "'Microsoft YaHei'") || !strings.Contains(m[2], "'PingFang SC'") {
				t.Errorf("chart %s: font-family %s", id, m[2])
			}
			size, _ := strconv.ParseFloat(m[3], 64)
			length, _ := strconv.ParseFloat(m[1], 64)
			ff, err := opentype.NewFace(face, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: xfont.HintingNone})
			require.NoError(t, err)
			want := float64(xfont.MeasureString(ff, html.UnescapeString(m[4]))) / 64
			if d := length - want; d > 0.02*want+0.1 || d < -0.02*want-0.1 {
				t.Errorf("chart %s: %q has textLength %v, measured %v", id, m[4], length, want)
			}
		}
	}
}

// chooseFont takes the first file that exists and loads, skipping one
// whose outlines do not load (Debian's WenQuanYi Micro Hei, whose table
// offsets golang.org/x/image/font/sfnt refuses), and falls back to the
// Liberation fonts, saying why, when none does.
func TestChooseFont(t *testing.T) {
	noto := testFont(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ttc")
	require.NoError(t, os.WriteFile(bad, []byte("ttcf not really"), 0o644))
	missing := filepath.Join(dir, "missing.ttc")
	f, failed, err := chooseFont("", []string{missing, bad, noto})
	require.NoError(t, err)
	require.Equal(t, noto, f.path)
	require.Equal(t, "Noto Sans CJK SC", f.family)
	require.Len(t, failed, 1)
	require.Contains(t, failed[0].Error(), "bad.ttc")
	if wqy := "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"; fileExists(wqy) {
		_, err := loadFont(wqy)
		t.Logf("WenQuanYi Micro Hei: %v", err)
	}
	f, failed, err = chooseFont("", []string{missing, bad})
	require.NoError(t, err)
	require.False(t, f.cjk())
	require.Len(t, failed, 1)
	require.True(t, f.has("E0006 #3"))
	require.False(t, f.has("国网"))
}
