// Package cataloguetest checks, from a package's tests, that its message
// catalogue (internal/lang) keeps no translation its code no longer uses.
package cataloguetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Used fails t for every key of the catalogue held by the package-level
// variable varName (var varName = lang.NewCatalog(map[string]string{...}))
// in the non-test Go files of the current folder that no string literal
// outside that variable spells: a translation whose English the code no
// longer says. The catalogue's own keys do not count as uses, or every key
// would be used. extra, when not nil, finds more uses in the source text:
// its first submatch (a page template's {{T "..."}}, say). Fewer than
// minKeys keys found means the scan is broken, and fails t too.
func Used(t testing.TB, varName string, minKeys int, extra *regexp.Regexp) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys, literals := map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if extra != nil {
			for _, m := range extra.FindAllSubmatch(src, -1) {
				literals[string(m[1])] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if spec, ok := n.(*ast.ValueSpec); ok && len(spec.Names) == 1 && spec.Names[0].Name == varName {
				ast.Inspect(spec, func(n ast.Node) bool {
					if kv, ok := n.(*ast.KeyValueExpr); ok {
						if lit, ok := kv.Key.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							s, err := strconv.Unquote(lit.Value)
							if err != nil {
								t.Fatal(err)
							}
							keys[s] = true
						}
					}
					return true
				})
				return false
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					literals[s] = true
				}
			}
			return true
		})
	}
	if len(keys) < minKeys {
		t.Fatalf("found only %d keys in catalogue %s: the scan is broken", len(keys), varName)
	}
	for k := range keys {
		if !literals[k] {
			t.Errorf("translation of %q is never used", k)
		}
	}
}
