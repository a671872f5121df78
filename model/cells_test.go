package model

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestCells(t *testing.T) {
	for _, tc := range []struct{ in, trim, number, list string }{
		{"", "", "", ""},
		{"S1", "S1", "S1", "S1"},
		{"S1 ", "S1", "S1", "S1"},
		{"\u3000S1\u00a0\t", "S1", "S1", "S1"},
		{"S 1", "S 1", "S 1", "S 1"},
		{"１８", "１８", "18", "１８"},
		{" －７２．５ ", "－７２．５", "-72.5", "－７２．５"},
		{"＋１", "＋１", "+1", "＋１"},
		{"\u22123", "\u22123", "-3", "\u22123"},
		{"\u20133", "\u20133", "-3", "\u20133"},
		{"P1；P2，P3、P4", "P1；P2，P3、P4", "P1；P2，P3、P4", "P1;P2;P3;P4"},
		{" P1 ; P2\u3000；\u3000P3 ", "P1 ; P2\u3000；\u3000P3", "P1 ; P2\u3000；\u3000P3", "P1;P2;P3"},
		{"P1;;P2", "P1;;P2", "P1;;P2", "P1;;P2"},
		{"P1; ", "P1;", "P1;", "P1;"},
		{"\u3000", "", "", ""},
		{"名字 ", "名字", "名字", "名字"},
	} {
		if got := trimCell(tc.in); got != tc.trim {
			t.Errorf("trimCell(%q) = %q, want %q", tc.in, got, tc.trim)
		}
		if got := numberCell(tc.in); got != tc.number {
			t.Errorf("numberCell(%q) = %q, want %q", tc.in, got, tc.number)
		}
		if got := listCell(tc.in); got != tc.list {
			t.Errorf("listCell(%q) = %q, want %q", tc.in, got, tc.list)
		}
	}
}

// Plain cells, the bulk of a file, are returned as they are.
func TestCellsPlainCopyNothing(t *testing.T) {
	id, num, list := "S12345", "72.5", "P1;P2;P3;P4"
	allocs := testing.AllocsPerRun(100, func() {
		if trimCell(id) != id || numberCell(num) != num || listCell(list) != list {
			t.Fatal("a plain cell changed")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations for plain cells", allocs)
	}
}

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
