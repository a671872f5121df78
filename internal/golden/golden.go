// Package golden compares what a test produced with a golden file, or,
// when the test runs with -update, rewrites the file instead (after a
// deliberate change, to be reviewed in the diff).
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Check compares got with the file at path; with -update it writes got to
// path (creating its folder) and the comparison then holds.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}

// Updating reports whether the test runs with -update, for tests that
// rewrite a file of their own kind (the README's sample outputs) rather
// than one golden file.
func Updating() bool { return *update }
