package report

import (
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// chartFont is the font the charts are measured and drawn with: a font
// with Chinese glyphs when one was found, else the plot package's
// Liberation fonts (face nil), which have none.
type chartFont struct {
	path    string       // the file, "" for Liberation
	family  string       // its family name, as an SVG font-family
	face    *sfnt.Font   // nil for Liberation
	handler text.Handler // measures and draws with face
}

// cjk reports whether the charts can show Chinese text.
func (f *chartFont) cjk() bool { return f.face != nil }

// has reports whether the font has a glyph for every letter of s (spaces
// aside), so that a label drawn with it is never blank or boxes.
func (f *chartFont) has(s string) bool {
	face := f.face
	if face == nil {
		face = liberationSans()
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if g, err := face.GlyphIndex(&buf, r); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// liberationSans is the face the plot package draws "Sans" text with.
var liberationSans = sync.OnceValue(func() *sfnt.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	return plot.DefaultTextHandler.Cache().Lookup(f, 10).Face
})

// FontPaths are the files where [NewWithOptions] looks for a font with
// Chinese glyphs when [Options.Font] is empty, in order; the first that
// exists and loads is used. Windows: Microsoft YaHei, SimHei, SimSun and
// DengXian under %WINDIR%\Fonts (C:\Windows\Fonts when WINDIR is not
// set); macOS: PingFang, Hiragino Sans GB, STHeiti, Arial Unicode; Linux:
// Noto Sans CJK (Debian's fonts-noto-cjk and other distributions'
// paths), WenQuanYi Zen Hei and Micro Hei, Droid Sans Fallback, AR PL
// UMing. (Debian's wqy-microhei.ttc does not load with
// golang.org/x/image/font/sfnt: "invalid table offset"; it is tried after
// Noto and skipped when it fails.)
func FontPaths() []string {
	win := os.Getenv("WINDIR")
	if win == "" {
		win = `C:\Windows`
	}
	winFonts := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, win+`\Fonts\`+n)
		}
		return out
	}
	windows := winFonts("msyh.ttc", "msyh.ttf", "simhei.ttf", "Deng.ttf", "simsun.ttc")
	mac := []string{
		"/System/Library/Fonts/PingFang.ttc",
		"/System/Library/Fonts/Hiragino Sans GB.ttc",
		"/System/Library/Fonts/STHeiti Medium.ttc",
		"/System/Library/Fonts/STHeiti Light.ttc",
		"/Library/Fonts/Arial Unicode.ttf",
		"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
	}
	linux := []string{
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
		"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/truetype/arphic/uming.ttc",
	}
	switch runtime.GOOS {
	case "windows":
		return windows
	case "darwin":
		return mac
	}
	return linux
}

// fontPaths is FontPaths, replaced by tests.
var fontPaths = FontPaths

// loaded caches the fonts read, by path: a font file is read and parsed
// once per process.
var loaded sync.Map // path → *loadResult

type loadResult struct {
	once sync.Once
	face *sfnt.Font
	err  error
}

// loadFont reads the font file path (TrueType or OpenType, a single font
// or a collection), and returns its face with Chinese glyphs: in a
// collection, the first whose family names Simplified Chinese ("SC",
// "GB"), else the first with Chinese glyphs.
func loadFont(path string) (*sfnt.Font, error) {
	v, _ := loaded.LoadOrStore(path, &loadResult{})
	lr := v.(*loadResult)
	lr.once.Do(func() { lr.face, lr.err = readFont(path) })
	return lr.face, lr.err
}

func readFont(path string) (*sfnt.Font, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	col, err := opentype.ParseCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	var first *sfnt.Font
	var lastErr error
	for i := range col.NumFonts() {
		f, err := col.Font(i)
		if err != nil {
			lastErr = err
			continue
		}
		if err := drawsChinese(f); err != nil {
			lastErr = err
			continue
		}
		var buf sfnt.Buffer
		fam, _ := f.Name(&buf, sfnt.NameIDFamily)
		if strings.HasSuffix(fam, " SC") || strings.Contains(fam, " GB") {
			return f, nil
		}
		if first == nil {
			first = f
		}
	}
	if first != nil {
		return first, nil
	}
	if lastErr == nil {
		lastErr = errors.New("no font in the file")
	}
	return nil, fmt.Errorf("%s: %w", filepath.Base(path), lastErr)
}

// drawsChinese checks that f has outlines for a few common Chinese
// characters: a font whose outlines the sfnt package cannot read would
// measure text and draw nothing.
func drawsChinese(f *sfnt.Font) error {
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(f.UnitsPerEm())
	prev := sfnt.GlyphIndex(0)
	// The plot package panics on an error of GlyphAdvance or Kern other
	// than ErrNotFound: such a font is refused here instead.
	for _, r := range "中国学生分配 Ab1" {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil {
			return err
		}
		if g == 0 {
			return fmt.Errorf("no glyph for %q", r)
		}
		if _, err := f.GlyphAdvance(&buf, g, ppem, xfont.HintingNone); err != nil {
			return err
		}
		if prev != 0 {
			if _, err := f.Kern(&buf, prev, g, ppem, xfont.HintingNone); err != nil && !errors.Is(err, sfnt.ErrNotFound) {
				return err
			}
		}
		prev = g
		if r == ' ' {
			continue
		}
		segs, err := f.LoadGlyph(&buf, g, fixed.I(16), nil)
		if err != nil {
			return err
		}
		if len(segs) == 0 {
			return fmt.Errorf("the glyph of %q has no outline", r)
		}
	}
	if _, err := f.Metrics(&buf, ppem, xfont.HintingNone); err != nil {
		return err
	}
	return nil
}

// chooseFont finds the charts' font: the file given (an error when it
// does not load or has no Chinese glyphs), else the first of paths that
// loads. With none, it returns the Liberation fonts. It also returns why
// each existing file before the one chosen did not load.
func chooseFont(given string, paths []string) (*chartFont, []error, error) {
	if given != "" {
		f, err := loadFont(given)
		if err != nil {
			return nil, nil, fmt.Errorf("report: font %s: %w", given, err)
		}
		return newChartFont(given, f), nil, nil
	}
	var failed []error
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		f, err := loadFont(p)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		return newChartFont(p, f), failed, nil
	}
	return &chartFont{family: "Liberation Sans", handler: plot.DefaultTextHandler}, failed, nil
}

func newChartFont(path string, f *sfnt.Font) *chartFont {
	var buf sfnt.Buffer
	fam, err := f.Name(&buf, sfnt.NameIDFamily)
	if err != nil || fam == "" {
		fam = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	cache := font.NewCache(font.Collection{{Font: font.Font{Typeface: "CJK"}, Face: f}})
	return &chartFont{path: path, family: fam, face: f, handler: text.Plain{Fonts: cache}}
}

// use makes p measure and draw every text with the font.
func (f *chartFont) use(p *plot.Plot) {
	fnt := font.Font{Typeface: "CJK"}
	if !f.cjk() {
		fnt = font.Font{Typeface: "Liberation", Variant: "Sans"}
	}
	set := func(s *text.Style) {
		s.Handler = f.handler
		size := s.Font.Size
		s.Font = fnt
		s.Font.Size = size
	}
	p.TextHandler = f.handler
	set(&p.Title.TextStyle)
	set(&p.Legend.TextStyle)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		set(&a.Label.TextStyle)
		set(&a.Tick.Label)
	}
}

// cjkFamilies are the fonts, after the one measured with, that an SVG
// chart names for a browser to draw its text with: the common Chinese
// fonts of Windows, macOS and Linux.
const cjkFamilies = `'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',SimHei,sans-serif`

// latinFamilies are the fonts, after Liberation Sans, that an SVG chart
// drawn without a Chinese font names: Arial and Helvetica have Liberation
// Sans's metrics, and Windows has no Liberation Sans.
const latinFamilies = `Arial,Helvetica,sans-serif`

// svgText matches a text element as the vgsvg package writes it.
var svgText = regexp.MustCompile(`(?s)<text ([^>]*?)style="font-family:([^;"]*);([^"]*?)font-size:([0-9.]+)px([^"]*)">(.*?)</text>`)

// fixSVG makes the SVG's text independent of the browser's fonts: each
// text element names the font measured with and, after it, cjkFamilies
// (latinFamilies for Liberation Sans); and it carries its measured width
// as textLength, so that a browser drawing it with another font fits it
// into the same width, never beyond the space the chart left for it.
func (f *chartFont) fixSVG(doc []byte) []byte {
	face, others := f.face, strings.Replace(cjkFamilies, "'"+f.family+"',", "", 1)
	if !f.cjk() {
		face, others = liberationSans(), latinFamilies
	}
	return svgText.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := svgText.FindSubmatch(m)
		size, err := strconv.ParseFloat(string(sub[4]), 64)
		if err != nil {
			return m
		}
		s := html.UnescapeString(string(sub[6]))
		fc := font.Face{Font: font.Font{Typeface: "CJK", Size: font.Points(size)}, Face: face}
		w := fc.Width(s).Points()
		var b strings.Builder
		b.WriteString("<text ")
		b.Write(sub[1])
		fmt.Fprintf(&b, `textLength="%.4g" lengthAdjust="spacingAndGlyphs" style="font-family:'%s',%s;`, w, f.family, others)
		b.Write(sub[3])
		b.WriteString("font-size:")
		b.Write(sub[4])
		b.WriteString("px")
		b.Write(sub[5])
		b.WriteString(`">`)
		b.Write(sub[6])
		b.WriteString("</text>")
		return []byte(b.String())
	})
}
