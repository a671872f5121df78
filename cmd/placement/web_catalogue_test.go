package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
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

// webSynonyms are pairs of Chinese words for one thing: the web pages use
// one of each, never both (final review 5: a planner who reads 运行记录
// on one page and 运行历史 on the next looks for two lists).
var webSynonyms = [][2]string{
	{"运行记录", "运行历史"},
	{"变更文件", "改动文件"},
	{"学生数据", "学生岗位数据"},
}

// TestWebCatalogueOneWord: no pair of webSynonyms is split between the
// web's messages (its own, and the command's it shows).
func TestWebCatalogueOneWord(t *testing.T) {
	keys, _ := webKeys(t)
	texts := maps.Clone(webZh)
	cmd := withWords(zhMessages)
	for k := range keys {
		if zh, ok := cmd[k]; ok {
			if _, own := texts[k]; !own {
				texts[k] = zh
			}
		}
	}
	if problems := splitSynonyms(texts, webSynonyms); len(problems) > 0 {
		t.Errorf("one thing, two words on the web pages:\n%s", strings.Join(problems, "\n"))
	}
	// The check finds a split pair.
	if len(splitSynonyms(map[string]string{"History": "运行历史", "Runs": "运行记录"}, webSynonyms)) == 0 {
		t.Error("splitSynonyms misses 运行记录 beside 运行历史")
	}
}

// splitSynonyms: for each pair whose two words both occur in texts'
// values, a line naming a key of each.
func splitSynonyms(texts map[string]string, pairs [][2]string) []string {
	var out []string
	for _, p := range pairs {
		var a, b []string
		for k, v := range texts {
			if strings.Contains(v, p[0]) {
				a = append(a, k)
			}
			if strings.Contains(v, p[1]) {
				b = append(b, k)
			}
		}
		if len(a) > 0 && len(b) > 0 {
			slices.Sort(a)
			slices.Sort(b)
			out = append(out, fmt.Sprintf("%s in %q; %s in %q", p[0], a, p[1], b))
		}
	}
	return out
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
