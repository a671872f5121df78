package whatif

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogueUsed checks that every translation of the package's
// catalogue is used: its English key is a string literal of the source
// outside the catalogue itself (whose own keys would count every one as
// used).
func TestCatalogueUsed(t *testing.T) {
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
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if spec, ok := n.(*ast.ValueSpec); ok && len(spec.Names) == 1 && spec.Names[0].Name == "changeCatalog" {
				// var changeCatalog = lang.NewCatalog(map[string]string{...}): its keys, not uses.
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
	if len(keys) < 20 {
		t.Fatalf("found only %d keys in the catalogue: the scan is broken", len(keys))
	}
	for k := range keys {
		if !literals[k] {
			t.Errorf("translation of %q is never used", k)
		}
	}
}
