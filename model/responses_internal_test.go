package model

import (
	"errors"
	"strings"
	"testing"
)

// The readers stop at the bounds of the cohort loaders: a line, a file.
func TestResponsesBounds(t *testing.T) {
	defer func(o *Options) { responsesLimits = o }(responsesLimits)
	responsesLimits = &Options{MaxLineBytes: 40, MaxBytes: 200}
	long := "student,answer\nS1,hold\nS2," + strings.Repeat("x", 60) + "\n"
	_, err := ReadResponsesCSV(strings.NewReader(long), "r.csv")
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrTooLarge) || ve.Problems[0].Line != 3 {
		t.Errorf("long line: %v", err)
	}
	big := "student,answer\n" + strings.Repeat("S1,hold\n", 30)
	for name, read := range map[string]func() (*Responses, error){
		"csv":  func() (*Responses, error) { return ReadResponsesCSV(strings.NewReader(big), "r.csv") },
		"json": func() (*Responses, error) { return ReadResponsesJSON(strings.NewReader(big), "r.json") },
	} {
		if _, err := read(); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: big file: %v", name, err)
		}
	}
	// Within the bounds, read.
	if rs, err := ReadResponsesCSV(strings.NewReader("student,answer\nS1,hold\n"), "r.csv"); err != nil || len(rs.Responses) != 1 {
		t.Errorf("small file: %v", err)
	}
}
