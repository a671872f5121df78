package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release this binary was built from. The archives' build
// (go run ./internal/dist) sets it from git with -ldflags "-X main.version=...";
// otherwise it is "devel", and the version verb adds the commit that Go
// stamped into the binary, if any.
var version = "devel"

// versionCmd prints the version, the commit where known, and the platform.
func versionCmd(stdout io.Writer) int {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "devel" {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += " " + rev
			if modified == "true" {
				v += "-dirty"
			}
		}
	}
	fmt.Fprintf(stdout, "placement %s (%s/%s, %s)\n", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}
