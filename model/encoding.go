package model

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// A CSV file is text in one of the encodings a planner's Excel saves:
// UTF-8 ("CSV UTF-8", with or without a byte order mark), UTF-16 with a
// byte order mark ("Unicode text"), or, on Chinese Windows, plain "CSV",
// which is GBK. GB18030 is a superset of GBK and decodes it.
//
// The rule: a file that starts with UTF-16's byte order mark is UTF-16; a
// file whose bytes are all valid UTF-8 is UTF-8; a file that spells many
// characters in UTF-8 before its first bad bytes (damagedUTF8Runes) is
// UTF-8 with an error there; any other is GB18030. A
// file read as UTF-16 or GB18030 is converted to UTF-8 as it is read, and
// a warning names the file and the encoding. Bytes that do not decode in
// the encoding chosen are an error at their line, never replacement
// characters. detectEncoding reads the file to decide; it copies nothing
// of a UTF-8 file, which is then read as before.

// ErrEncoding: a CSV file's bytes are text in none of the encodings the
// reader knows (UTF-8, UTF-16 with a byte order mark, GB18030/GBK). It is
// also the cause of the warning that a file was converted to UTF-8.
var ErrEncoding = errors.New("text encoding")

// textEncoding is how a CSV file's bytes spell its text.
type textEncoding uint8

const (
	encUTF8 textEncoding = iota
	encUTF16LE
	encUTF16BE
	encGB18030
)

// String names the encoding as a planner's tools do.
func (e textEncoding) String() string {
	switch e {
	case encUTF16LE:
		return "UTF-16 (little-endian)"
	case encUTF16BE:
		return "UTF-16 (big-endian)"
	case encGB18030:
		return "GB18030 (GBK)"
	}
	return "UTF-8"
}

// decoder converts the encoding to UTF-8, dropping a byte order mark; nil
// for UTF-8, which needs none.
func (e textEncoding) decoder() *encoding.Decoder {
	switch e {
	case encUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case encUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	case encGB18030:
		return simplifiedchinese.GB18030.NewDecoder()
	}
	return nil
}

// detectChunk is how many bytes detectEncoding reads at a time.
const detectChunk = 1 << 16

// detectEncoding decides the encoding of the file r reads (see the rule
// above), reading at most maxBytes+1 bytes of it: a file over the limit is
// left to the reader to report. For an encoding other than UTF-8 it
// decodes the whole file, from the start that reopen gives, and returns
// the 1-based line of the first bytes that do not decode (0 when all do).
// An error of reading is left to the reader too: the file is then UTF-8.
func detectEncoding(r io.Reader, reopen func() (io.ReadCloser, error), maxBytes int64) (enc textEncoding, badLine int) {
	// A file over the limit is the reader's to report: its last bytes,
	// cut at the limit, may be half a character.
	lim := &io.LimitedReader{R: r, N: maxBytes + 1}
	over := func(l *io.LimitedReader) bool { return l.N <= 0 }
	buf := make([]byte, detectChunk+utf8.UTFMax)
	n, err := io.ReadFull(lim, buf[:detectChunk])
	head := buf[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		enc = encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		enc = encUTF16BE
	}
	if enc != encUTF8 {
		rest := io.MultiReader(bytes.NewReader(head), lim)
		if bad := badDecodeLine(rest, enc.decoder()); bad > 0 && !over(lim) {
			return enc, bad
		}
		return enc, 0
	}
	// UTF-8 unless some bytes are not: validate chunk by chunk, carrying
	// the bytes of a rune cut at the end of a chunk over to the next.
	carry := 0
	for {
		end := err != nil // io.EOF, io.ErrUnexpectedEOF, or a real error
		data := buf[:carry+n]
		cut := len(data)
		if !end {
			cut = runeCut(data)
		}
		if end && over(lim) {
			return encUTF8, 0 // the reader reports the size
		}
		if !utf8.Valid(data[:cut]) {
			break
		}
		if end {
			return encUTF8, 0
		}
		carry = copy(buf, data[cut:])
		n, err = io.ReadFull(lim, buf[carry:carry+detectChunk])
	}
	// Not UTF-8. A file that is UTF-8 for many characters before its
	// first bad bytes is UTF-8 damaged there (a line pasted from a GBK
	// file, say), not GBK, whose characters are seldom valid UTF-8 for
	// long: those bytes are the error.
	f, err := reopen()
	if err != nil {
		return encUTF8, 0
	}
	line, multi := firstBadUTF8(&io.LimitedReader{R: f, N: maxBytes + 1})
	f.Close()
	if multi >= damagedUTF8Runes {
		return encUTF8, line
	}
	if f, err = reopen(); err != nil {
		return encUTF8, 0
	}
	defer f.Close()
	gb := &io.LimitedReader{R: f, N: maxBytes + 1}
	if bad := badDecodeLine(gb, encGB18030.decoder()); bad > 0 && !over(gb) {
		return encGB18030, bad
	}
	return encGB18030, 0
}

// damagedUTF8Runes is how many characters of two bytes or more a file
// must spell in UTF-8 before its first bad bytes to be taken for UTF-8.
// GBK text passes for UTF-8 for a character or two at most.
const damagedUTF8Runes = 8

// firstBadUTF8 returns the 1-based line of the first bytes of r that are
// not UTF-8, and how many characters of two bytes or more come before
// them; line is 0 when r is UTF-8.
func firstBadUTF8(r io.Reader) (line, multi int) {
	buf := make([]byte, detectChunk+utf8.UTFMax)
	line, carry := 1, 0
	for {
		n, err := io.ReadFull(r, buf[carry:carry+detectChunk])
		data := buf[:carry+n]
		cut := len(data)
		if err == nil {
			cut = runeCut(data)
		}
		for b := data[:cut]; len(b) > 0; {
			c := b[0]
			if c < utf8.RuneSelf {
				if c == '\n' {
					line++
				}
				b = b[1:]
				continue
			}
			r, size := utf8.DecodeRune(b)
			if r == utf8.RuneError && size <= 1 {
				return line, multi
			}
			multi++
			b = b[size:]
		}
		if err != nil {
			return 0, multi
		}
		carry = copy(buf, data[cut:])
	}
}

// runeCut returns where the last rune of b that may be incomplete starts,
// or len(b) when b does not end inside a rune.
func runeCut(b []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return len(b) // ASCII: no rune continues past it
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(b[len(b)-k:]) {
				return len(b)
			}
			return len(b) - k
		}
	}
	return len(b)
}

// badDecodeLine decodes r and returns the 1-based line of the first text
// that does not decode (the decoders of golang.org/x/text give U+FFFD for
// it), or 0. A U+FFFD that the file spells in its encoding counts as bad
// too: in a planner's table it is the mark of an earlier bad conversion.
func badDecodeLine(r io.Reader, dec *encoding.Decoder) int {
	tr := transform.NewReader(r, dec)
	buf := make([]byte, detectChunk+utf8.UTFMax)
	line, carry := 1, 0
	for {
		n, err := io.ReadFull(tr, buf[carry:carry+detectChunk])
		data := buf[:carry+n]
		cut := len(data)
		if err == nil {
			cut = runeCut(data)
		}
		if i := bytes.Index(data[:cut], []byte("\uFFFD")); i >= 0 {
			return line + bytes.Count(data[:i], []byte{'\n'})
		}
		if err != nil {
			return 0
		}
		line += bytes.Count(data[:cut], []byte{'\n'})
		carry = copy(buf, data[cut:])
	}
}
