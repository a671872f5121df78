package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// templateT finds a template's translations: {{$.T "English %d" .N}},
// {{$p.T "..."}}, {{.T "..."}}.
var templateT = regexp.MustCompile(`\.T\s+("(?:[^"\\]|\\.)*")`)

// webKeys returns the messages the web app words through the web
// catalogue, with where each is: the .T literals of the templates, the
// literal formats of X.Sprintf (X not fmt: q.Msg, a printer of webCat)
// and of webErrorf in web*.go; and every other string literal of those
// files (outside the addWebZh maps).
func webKeys(t *testing.T) (keys map[string]string, literals map[string]bool) {
	t.Helper()
	keys, literals = map[string]string{}, map[string]bool{}
	names, err := fs.Glob(webFiles, "web/templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	for _, n := range names {
		src, err := fs.ReadFile(webFiles, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range templateT.FindAllSubmatchIndex(src, -1) {
			s, err := strconv.Unquote(string(src[m[2]:m[3]]))
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			line := 1 + strings.Count(string(src[:m[0]]), "\n")
			keys[s] = n + ":" + strconv.Itoa(line)
		}
	}
	files, err := filepath.Glob("web*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						literals[s] = true
					}
				}
				return true
			}
			arg := -1
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				switch fun.Name {
				case "addWebZh":
					return false // the translations are no use of themselves
				case "webErrorf":
					arg = 1
				}
			case *ast.SelectorExpr:
				if id, ok := fun.X.(*ast.Ident); ok && id.Name == "fmt" {
					break
				}
				switch fun.Sel.Name {
				case "Sprintf":
					arg = 0
				case "Fprintf":
					arg = 1
				}
			}
			if arg >= 0 && arg < len(call.Args) {
				if lit, ok := call.Args[arg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					keys[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
	}
	return keys, literals
}

// TestWebCatalogue checks that every message of the web pages has its
// Chinese (in a web file's addWebZh or the command's catalogue) with the
// same verbs, and that no web translation is unused.
func TestWebCatalogue(t *testing.T) {
	keys, literals := webKeys(t)
	if len(keys) < 80 {
		t.Fatalf("found only %d web messages: the scan is broken", len(keys))
	}
	cmd := withWords(zhMessages)
	for k, at := range keys {
		zh, ok := webZh[k]
		if !ok {
			zh, ok = cmd[k]
		}
		if !ok {
			t.Errorf("%s: no Chinese for %q", at, k)
			continue
		}
		if got, want := verbKinds(zh), verbKinds(k); !slices.Equal(got, want) {
			t.Errorf("%s: %q has verbs %v, its Chinese %q has %v", at, k, want, zh, got)
		}
	}
	for k := range webZh {
		if _, ok := keys[k]; !ok && !literals[k] {
			t.Errorf("web translation of %q is never used", k)
		}
	}
	// The catalogue builds (lang.NewCatalog checks every entry's verbs).
	if webCat() == nil {
		t.Fatal("no web catalogue")
	}
}

var verbKindRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbKinds are the kinds of format's verbs, sorted.
func verbKinds(format string) []string {
	var out []string
	for _, v := range verbKindRE.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	slices.Sort(out)
	return out
}
