package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placement-engine/placement/internal/words"
)

// TestOneWordPerThing checks that the command names each thing by the one
// word package words chose for it: no Chinese golden output and no
// translation of the catalogue uses a retired synonym (定向 for 专项, 席位
// for 名额, 成绩 for 分数, ...).
func TestOneWordPerThing(t *testing.T) {
	files, err := filepath.Glob("testdata/lang/*.zh.golden")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Chinese golden files (%v)", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for old, now := range words.Retired {
			for i, line := range strings.Split(string(b), "\n") {
				if strings.Contains(line, old) {
					t.Errorf("%s:%d: %q is %q in the planners' words: %s", f, i+1, old, now, line)
					break
				}
			}
		}
	}
	for en, zh := range zhMessages {
		for old, now := range words.Retired {
			if strings.Contains(zh, old) {
				t.Errorf("the Chinese of %q says %q, which is %q in the planners' words", en, old, now)
			}
		}
	}
}
