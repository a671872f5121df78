package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMEQuickStart keeps the README's quick start the program in this
// folder, so the README's code always compiles.
func TestREADMEQuickStart(t *testing.T) {
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	require.True(t, strings.Contains(string(readme), string(src)), "README.md must quote examples/quickstart/main.go verbatim")
}

// Example_main's output was derived by hand: S3 (90) takes P2, its first
// choice; S1 (81) takes P1; S2 studies EC, which P1 does not accept, and
// P2's one seat holds S3, of higher score.
func Example_main() {
	main()
	// Output:
	// S1: P1, choice 1
	// S2: unplaced, rejected by every choice
	//   not P1: not eligible, major not accepted
	//   not P2: full, below every cutoff: open score 90 (priority 0); the student: score 77 (priority 2)
	// S3: P2, choice 1
}
