package model

import (
	"bytes"
	"errors"
	"testing"
	"testing/fstest"
)

// A file over the size limit is the reader's to report as too large, even
// when the limit cuts a character in two: not an encoding error.
func TestEncodingOverLimit(t *testing.T) {
	data := []byte("id,name\nS1,张伟\n")
	limit := int64(bytes.Index(data, []byte("伟")) + 1) // inside 伟
	_, err := LoadCSV(fstest.MapFS{"students.csv": {Data: data}, "positions.csv": {Data: []byte("id,capacity\n")}}, ".", &Options{MaxBytes: limit - 1})
	if !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrEncoding) {
		t.Errorf("want only too large: %v", err)
	}
}
