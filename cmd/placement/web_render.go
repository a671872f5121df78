package main

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"math"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/placement-engine/placement/internal/lang"
)

// webZh is the Chinese of the web pages' messages, keyed by their English
// (each web file adds its own with addWebZh); the web catalogue is the
// command's catalogue and these.
var webZh = map[string]string{}

// addWebZh adds a web file's translations; call it from an init function.
// It panics when a key is given another Chinese elsewhere.
func addWebZh(zh map[string]string) {
	for k, v := range zh {
		if old, ok := webZh[k]; ok && old != v {
			panic(fmt.Sprintf("web messages: %q is %q and %q", k, old, v))
		}
		webZh[k] = v
	}
}

var (
	webCatOnce sync.Once
	webCatVal  catalog.Catalog
)

// webCat is the web catalogue, built at first use (after every init has
// added its messages).
func webCat() catalog.Catalog {
	webCatOnce.Do(func() {
		all := withWords(zhMessages)
		for k, v := range webZh {
			if old, ok := all[k]; ok && old != v {
				panic(fmt.Sprintf("web messages: %q is %q in the command's catalogue, %q on the web", k, old, v))
			}
		}
		maps.Copy(all, webZh)
		webCatVal = lang.NewCatalog(all)
	})
	return webCatVal
}

// webPage is the data of every template: the request, the page's title,
// and the page's own data.
type webPage struct {
	Q     *webReq
	Title string
	D     any
}

// T translates a message of a template into the page's language:
// {{$.T "%d students" .N}}.
func (p webPage) T(format string, args ...any) string { return p.Q.Msg.Sprintf(format, args...) }

// templateSet is one page: layout.html with the page's file.
type templateSet struct{ t *template.Template }

// templateFuncs are the functions every template has.
func (wb *workbench) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"num":  num,
		"when": func(t time.Time) string { return when(t, wb.opts.Zone) },
		"pct":  pct,
		// ptable is a severity's problems as one table (file.html's
		// "problems"): every group's rows, the groups' lines above it;
		// the hint column only when a row has a hint.
		"ptable": func(p webPage, gs []problemGroup, id string) any {
			t := problemTable{P: p, Groups: gs, ID: id}
			for _, g := range gs {
				t.Rows = append(t.Rows, g.Rows...)
				t.Unlisted += g.Unlisted()
			}
			for _, r := range t.Rows {
				if r.Hint.In(p.Q) != "" {
					t.Hints = true
				}
			}
			return t
		},
	}
}

// templates parses every page of web/templates once: each file but
// layout.html is a page, rendered inside layout.html's "layout".
func (wb *workbench) templates() (map[string]*templateSet, error) {
	wb.tmplOnce.Do(func() {
		names, err := fs.Glob(webFiles, "web/templates/*.html")
		if err != nil {
			wb.tmplErr = err
			return
		}
		base, err := template.New("layout.html").Funcs(wb.templateFuncs()).ParseFS(webFiles, "web/templates/layout.html")
		if err != nil {
			wb.tmplErr = err
			return
		}
		wb.tmpl = map[string]*templateSet{}
		for _, n := range names {
			name := path.Base(n)
			if name == "layout.html" {
				continue
			}
			t, err := template.Must(base.Clone()).ParseFS(webFiles, n)
			if err != nil {
				wb.tmplErr = err
				return
			}
			wb.tmpl[name] = &templateSet{t}
		}
	})
	return wb.tmpl, wb.tmplErr
}

// render writes the page name (a file of web/templates) with title and
// data d, status 200. The page is rendered in full before a byte is
// written: a template's error is an error page, not half a page.
func (wb *workbench) render(w http.ResponseWriter, q *webReq, name, title string, d any) error {
	return wb.renderStatus(w, q, http.StatusOK, name, title, d)
}

func (wb *workbench) renderStatus(w http.ResponseWriter, q *webReq, status int, name, title string, d any) error {
	ts, err := wb.templates()
	if err != nil {
		return err
	}
	t, ok := ts[name]
	if !ok {
		return fmt.Errorf("web: no template %s", name)
	}
	var b bytes.Buffer
	if err := t.t.ExecuteTemplate(&b, "layout", webPage{Q: q, Title: title, D: d}); err != nil {
		if name != "error.html" {
			return err
		}
		// The error page itself failed: plain text.
		http.Error(w, title, status)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(b.Bytes())
	return err
}

// num writes an integer (any integer or float kind) with a thousands
// separator, as both the planners' languages group digits: 12,345.
func num(v any) string {
	var s string
	switch x := v.(type) {
	case int:
		s = strconv.FormatInt(int64(x), 10)
	case int32:
		s = strconv.FormatInt(int64(x), 10)
	case int64:
		s = strconv.FormatInt(x, 10)
	case uint:
		s = strconv.FormatUint(uint64(x), 10)
	case uint64:
		s = strconv.FormatUint(x, 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			s = strconv.FormatInt(int64(x), 10)
		} else {
			s = strconv.FormatFloat(x, 'f', 2, 64)
		}
	default:
		return fmt.Sprint(v)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// when writes t in zone, to the minute ("" for the zero time).
func when(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format("2006-01-02 15:04")
}

// pct writes a share as a percentage with one decimal: pct(part, whole),
// or pct(fraction) with one argument; "–" for a share of nothing.
func pct(args ...any) string {
	f := func(v any) float64 {
		switch x := v.(type) {
		case int:
			return float64(x)
		case int64:
			return float64(x)
		case float64:
			return x
		}
		return math.NaN()
	}
	var r float64
	switch len(args) {
	case 1:
		r = f(args[0])
	case 2:
		whole := f(args[1])
		if whole == 0 {
			return "–"
		}
		r = f(args[0]) / whole
	default:
		return "–"
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "–"
	}
	return strconv.FormatFloat(100*r, 'f', 1, 64) + "%"
}

// langCookie keeps the language a planner chose.
const langCookie = "placement_lang"

// requestLang is the page's language: ?lang=zh|en (kept in a cookie),
// else the cookie, else Accept-Language: Chinese unless English is
// preferred to Chinese.
func requestLang(w http.ResponseWriter, r *http.Request) language.Tag {
	if v := r.URL.Query().Get("lang"); v != "" {
		if t, err := lang.Parse(v); err == nil {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: langCode(t), Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
			return t
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if t, err := lang.Parse(c.Value); err == nil {
			return t
		}
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

// acceptLang is Chinese unless the header prefers English to Chinese.
func acceptLang(h string) language.Tag {
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil {
		return lang.Chinese
	}
	for _, t := range tags { // sorted by preference
		switch base, _ := t.Base(); base.String() {
		case "zh":
			return lang.Chinese
		case "en":
			return lang.English
		}
	}
	return lang.Chinese
}

// LangLink is the page in language code ("zh", "en"): its path and
// query with lang set (the language switch of every page).
func (q *webReq) LangLink(code string) string {
	if q.R == nil {
		return "?lang=" + code
	}
	v := q.R.URL.Query()
	v.Set("lang", code)
	// Only the query: the browser resolves it against the page itself,
	// so a raw path ("//other.site/x") can never make it another site.
	return "?" + v.Encode()
}

// langCode is "zh" or "en".
func langCode(t language.Tag) string {
	if t == lang.Chinese {
		return "zh"
	}
	return "en"
}

// staticHandler serves the embedded assets, cached by the browser for a
// day (they change only with the binary).
func staticHandler(fsys fs.FS) http.Handler {
	h := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r) // no listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}
