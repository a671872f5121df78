package main

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// TestVersion checks the version verb: the stamped version (devel when
// built without the archives' -ldflags) and the platform.
func TestVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"version"}, &out, &errOut); code != exitOK {
		t.Fatalf("placement version: exit %d, stderr %q", code, errOut.String())
	}
	want := "placement devel"
	plat := "(" + runtime.GOOS + "/" + runtime.GOARCH + ", " + runtime.Version() + ")\n"
	if got := out.String(); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, plat) {
		t.Errorf("placement version printed %q, want %q ... %q", got, want, plat)
	}
}
