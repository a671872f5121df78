package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMain runs the command's tests in English whatever the machine's
// locale: a test that wants Chinese says -lang zh.
func TestMain(m *testing.M) {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(k)
	}
	os.Setenv("LC_ALL", "C") // before the system's language (Windows)
	os.Exit(m.Run())
}

// catalogueKeys returns every English message the command's source hands
// to its printer (msg.Sprintf, msg.Fprintf, errorf, errorKey, pr.Stagef,
// pr.Detail) as a literal, with the file and line it is at, and every
// string literal of the source outside the catalogue (messages.go).
func catalogueKeys(t *testing.T) (keys map[string]string, literals map[string]bool) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys, literals = map[string]string{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The catalogue's own literals (messages.go: its keys and
		// translations) say nothing about whether a key is used.
		catalogue := name == "messages.go"
		// The web pages' messages are in the web catalogue
		// (TestWebCatalogue), whatever their printer is called.
		web := strings.HasPrefix(name, "web")
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && !catalogue {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					literals[s] = true
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := -1
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				if id, ok := fun.X.(*ast.Ident); ok && id.Name == "msg" {
					switch fun.Sel.Name {
					case "Sprintf", "Printf":
						arg = 0
					case "Fprintf":
						arg = 1
					}
				}
				if id, ok := fun.X.(*ast.Ident); ok && id.Name == "pr" && (fun.Sel.Name == "Stagef" || fun.Sel.Name == "Detail") {
					arg = 0 // the progress line, in the verb's language
				}
			case *ast.Ident:
				switch fun.Name {
				case "errorf":
					arg = 1
				case "errorKey": // worded by localError
					arg = 0
				}
			}
			if arg < 0 || arg >= len(call.Args) || web {
				return true
			}
			if lit, ok := call.Args[arg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				keys[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	// The notes of package whatif's diffs are worded by their formats
	// (whatiftext.go): each format of a note, and each Word, is a key; so
	// is each format of an optimality certificate's error (bad in
	// matching/optimal_check.go, worded by run.go).
	whatifFiles, err := filepath.Glob("../../whatif/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(whatifFiles, "../../matching/optimal_check.go") {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "note" || id.Name == "Word" || id.Name == "bad" && strings.HasSuffix(name, "optimal_check.go")) {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					keys[s], literals[s] = fset.Position(lit.Pos()).String(), true
				}
			}
			return true
		})
	}
	return keys, literals
}

// TestCatalogue checks that every message the command prints has its
// Chinese translation and that every translation is used (lang.NewCatalog
// checks, when the catalogue is built, that each has its key's verbs).
func TestCatalogue(t *testing.T) {
	keys, literals := catalogueKeys(t)
	if len(keys) < 50 {
		t.Fatalf("found only %d messages in the source: the scan is broken", len(keys))
	}
	for k, at := range keys {
		if _, ok := zhMessages[k]; !ok {
			t.Errorf("%s: no Chinese for %q", at, k)
		}
	}
	// Help texts, the usage and the exit codes of verbs are translated by
	// value: a translation is used when its key is a literal of the source.
	used := func(k string) bool { return literals[k] }
	for k := range zhMessages {
		if !used(k) {
			t.Errorf("translation of %q is never used", k)
		}
	}
}
