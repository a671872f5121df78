// Command dist builds the archives of the placement command that a planner
// downloads: one for Windows (amd64, a .zip holding placement.exe), one for
// macOS on Apple silicon (darwin/arm64) and one for Linux (amd64), each a
// .tar.gz, each with the README (and its picture) and a short quick start
// in Chinese and English, and a SHA256SUMS file over them. Run it from the
// repository root:
//
//	go run ./internal/dist            # into dist/
//	go run ./internal/dist -out DIR -version V
//
// Each binary is built with plain go build: CGO_ENABLED=0 (no C toolchain,
// so any machine with Go cross-builds all three), -trimpath, and the
// version stamped into main.version (placement version prints it). The
// version is git describe's (the commit, "-dirty" when the tree has
// changes) unless -version gives one.
//
// The archives are deterministic: entries in a fixed order, owner, modes
// and times fixed (every time is the commit's, or SOURCE_DATE_EPOCH's), no
// name or time in the gzip header; with Go's reproducible builds, the same
// commit and toolchain give the same bytes.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	out := flag.String("out", "dist", "the `folder` to write the archives into (created; archives of the same names are replaced)")
	ver := flag.String("version", "", "the `version` to stamp and to name the archives by (default: git describe --always --dirty)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/dist [-out DIR] [-version V]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	files, err := build(ctx, options{Root: ".", Out: *out, Version: *ver, Targets: targets, Log: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Println(f)
	}
}
