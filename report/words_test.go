package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
)

// TestOneWordPerThing checks that the Chinese report names each thing by
// the one word package words chose for it: no golden Chinese output and no
// translation of the catalogue uses a retired synonym (定向 for 专项, 席位
// for 名额, 成绩 for 分数, ...).
func TestOneWordPerThing(t *testing.T) {
	files, err := filepath.Glob("testdata/*-zh.golden")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	files = append(files, "catalog.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for old, now := range words.Retired {
			for i, line := range strings.Split(string(b), "\n") {
				if strings.Contains(line, old) {
					t.Errorf("%s:%d: %q is %q in the planners' words: %s", f, i+1, old, now, line)
					break // one line a word and file says it
				}
			}
		}
	}
	// A term the catalogue translates itself (a column's header) is
	// translated as package words translates it.
	zh := lang.Printer(lang.Chinese, catalog)
	for _, term := range words.Terms() {
		if got := zh.Sprintf(term, noArgs...); got != term && got != words.Term(lang.Chinese, term) {
			t.Errorf("the catalogue says %q for %q, package words %q", got, term, words.Term(lang.Chinese, term))
		}
	}
}
