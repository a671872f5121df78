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

func Example_main() {
	main()
	// Output:
	// cohort.json:10: students[1].choices[0]: student "S2": warning: position "P1": major not accepted
	// cohort ""
	// students                      2  2.0 choices each on average
	// positions                     2  3 seats, 0 reserved
	// enterprises                   0
	// special-post students         0
	// special posts                 0  0 seats
	// order classes                 0  0 members
	// warnings                      1
	//
	// by region
	// id  kind    students  positions  seats  special-post students  special-post seats  cap  floor  name
	// C1  county  0         1          2      0                      0                   -    -      龙泉县
	//
	// by major
	// id  students  positions  seats  name
	// AG  1         2          3      农业技术
	// EC  1         1          2      电子商务
}
