// Package browsertest finds the headless browser that the project's
// browser tests drive (the report's page, the workbench's pages).
package browsertest

import (
	"os"
	"os/exec"
	"testing"
)

// Names are the commands tried, in order, on the PATH.
var Names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless-shell"}

// Chromium returns the path of a Chromium or Chrome binary. When there is
// none it skips the test, except under CI (the environment variable CI
// set), where the browser must be there (.ci/run installs it) and its
// absence fails the test.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range Names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI: no chromium binary on the PATH (apt-get install chromium)")
	}
	t.Skip("no chromium binary on the PATH (apt-get install chromium)")
	return ""
}
