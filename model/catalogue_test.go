package model

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/placement-engine/placement/internal/lang"
)

// formatArg is, for each function of the package (and of model/xlsx) that
// takes a message of the catalogue, the index of that argument: a
// problem's cause (errorf, Errorf, the collector's errorf and warnf, the
// JSON student reader's fail), a text rendered through a printer (tr,
// word) and an argument translated with its message (phrase).
var formatArg = map[string]int{
	"errorf": 1, // errorf(sentinel, format, ...) and model.Errorf
	"Errorf": 1,
	"tr":     1, // tr(pr, format, ...)
	"word":   1, // word(pr, key)
	"warnf":  6, // col.warnf(ent, idx, id, field, sub, sentinel, format, ...)
	"fail":   2, // fail(field, off, format, ...) in jsonstudent.go
	"phrase": 0,
}

// catalogueUses returns every message the sources of the package and of
// model/xlsx hand to a function of formatArg as a literal, with where it
// is, and the places where such a function is given a message that is not
// a literal (which the catalogue cannot be checked against).
func catalogueUses(t *testing.T) (keys map[string]string, dynamic []string) {
	t.Helper()
	var files []string
	for _, glob := range []string{"*.go", "xlsx/*.go"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	keys = map[string]string{}
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
				return true
			}
			var fn string
			method := false
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				fn = fun.Name
			case *ast.SelectorExpr:
				fn, method = fun.Sel.Name, true
				if x, ok := fun.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "errors") {
					return true // fmt.Errorf: not a problem of the catalogue
				}
			}
			arg, ok := formatArg[fn]
			if fn == "errorf" && method {
				arg = 6 // col.errorf(ent, idx, id, field, sub, sentinel, format, ...)
			}
			if !ok || arg >= len(call.Args) {
				return true
			}
			switch a := call.Args[arg].(type) {
			case *ast.BasicLit:
				if a.Kind == token.STRING {
					s, err := strconv.Unquote(a.Value)
					if err != nil {
						t.Fatal(err)
					}
					keys[s] = fset.Position(a.Pos()).String()
					return true
				}
			case *ast.Ident:
				if a.Name == "format" || a.Name == "key" {
					return true // a wrapper passing its own format on
				}
			}
			if fn != "phrase" && fn != "word" {
				dynamic = append(dynamic, fset.Position(call.Pos()).String())
			}
			return true
		})
	}
	return keys, dynamic
}

// phraseValues are the words that reach the catalogue through a function
// rather than as literals: the entities' names, the JSON kinds and Go
// types a reader names, and the reasons of ineligibility.
func phraseValues() []string {
	out := slices.Clone(entityNames[:])
	for _, k := range []jsontext.Kind{'"', '0', 't', 'n', '{', '['} {
		out = append(out, kindName(k))
	}
	for _, k := range []string{"int", "float64", "string", "bool", "slice", "struct"} {
		out = append(out, goTypeName(k))
	}
	for r := MajorNotAccepted; int(r) < len(ineligibilityText); r++ {
		out = append(out, r.String())
	}
	return out
}

// TestCatalogue checks that every message the package (and model/xlsx)
// gives a planner has its Chinese translation, that every translation is
// used, so that a message under -lang zh is not English (lang.NewCatalog
// checks that a translation has the verbs of its English key).
func TestCatalogue(t *testing.T) {
	keys, dynamic := catalogueUses(t)
	if len(keys) < 60 {
		t.Fatalf("found only %d messages in the source: the scan is broken", len(keys))
	}
	for _, at := range dynamic {
		t.Errorf("%s: a message that is not a literal: the catalogue cannot be checked", at)
	}
	for _, w := range phraseValues() {
		if _, ok := keys[w]; !ok {
			keys[w] = "a phrase"
		}
	}
	// "%s" passes on a message of the JSON decoder's own, which stays in
	// English (see text.go).
	delete(keys, "%s")
	zh := zhMessages
	for k, at := range keys {
		if _, ok := zh[k]; !ok {
			t.Errorf("%s: no Chinese for %q", at, k)
		}
	}
	for k := range zh {
		if _, ok := keys[k]; !ok {
			t.Errorf("translation of %q is never used", k)
		}
	}
}

// The message of review 1: a duplicate ID's line, in Chinese.
func TestDuplicateIDInChinese(t *testing.T) {
	fsys := fstest.MapFS{
		"students.csv":  {Data: []byte("id,choices\nS1,P1\nS1,P1\n")},
		"positions.csv": {Data: []byte("id,capacity\nP1,1\n")},
	}
	_, err := LoadCSV(fsys, ".", nil)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("not rejected: %v", err)
	}
	if zh := ve.Text(lang.Chinese); !strings.Contains(zh, "ID 与第 2 行重复") {
		t.Errorf("no Chinese for the duplicate ID: %s", zh)
	}
}
