package model

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

func TestRuneCut(t *testing.T) {
	s := []byte("ab张")
	for n := 0; n <= len(s); n++ {
		want := n
		if n == 3 || n == 4 {
			want = 2 // inside 张
		}
		if got := runeCut(s[:n]); got != want {
			t.Errorf("runeCut(%q) = %d, want %d", s[:n], got, want)
		}
	}
}

// detectEncoding checks every byte of a UTF-8 file, whatever chunk a
// character straddles, and copies nothing of it but into its own buffer.
func TestDetectEncodingChunks(t *testing.T) {
	for pad := range 4 {
		var b bytes.Buffer
		b.WriteString(strings.Repeat("a", detectChunk-2+pad))
		b.WriteString("张伟\n")
		data := b.Bytes()
		reopen := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
		if enc, bad := detectEncoding(bytes.NewReader(data), reopen, 1<<30); enc != encUTF8 || bad != 0 {
			t.Errorf("pad %d: %v, bad line %d; want UTF-8", pad, enc, bad)
		}
		// A byte that no UTF-8 allows, at the chunk's end.
		bad := append([]byte(nil), data...)
		bad[detectChunk-1] = 0xFF
		reopen = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(bad)), nil }
		if enc, _ := detectEncoding(bytes.NewReader(bad), reopen, 1<<30); enc == encUTF8 {
			t.Errorf("pad %d: a bad byte at the chunk's end passes for UTF-8", pad)
		}
	}
}

// A file over the size limit is the reader's to report as too large, even
// when the limit cuts a character in two.
func TestDetectEncodingOverLimit(t *testing.T) {
	data := []byte("id,name\nS1,张伟\n")
	limit := int64(bytes.Index(data, []byte("伟")) + 1) // inside 伟
	reopen := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	if enc, bad := detectEncoding(bytes.NewReader(data), reopen, limit-1); enc != encUTF8 || bad != 0 {
		t.Errorf("%v, bad line %d; want UTF-8", enc, bad)
	}
	_, err := LoadCSV(fstest.MapFS{"students.csv": {Data: data}, "positions.csv": {Data: []byte("id,capacity\n")}}, ".", &Options{MaxBytes: limit - 1})
	if !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrEncoding) {
		t.Errorf("want only too large: %v", err)
	}
}
