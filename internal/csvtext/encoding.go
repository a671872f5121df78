package csvtext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrEncoding: a CSV file's bytes are text in none of the encodings the
// readers know, or in two of them at once. The model wraps its own
// sentinel around the same cases (model.ErrEncoding).
var ErrEncoding = errors.New("text encoding")

// Encoding is how a CSV file's bytes spell its text.
type Encoding uint8

const (
	UTF8 Encoding = iota
	UTF16LE
	UTF16BE
	GB18030
)

// String names the encoding as a planner's tools do.
func (e Encoding) String() string {
	switch e {
	case UTF16LE:
		return "UTF-16 (little-endian)"
	case UTF16BE:
		return "UTF-16 (big-endian)"
	case GB18030:
		return "GB18030 (GBK)"
	}
	return "UTF-8"
}

// Decoder converts the encoding to UTF-8, dropping a UTF-16 byte order
// mark; nil for UTF-8, which needs none.
func (e Encoding) Decoder() *encoding.Decoder {
	switch e {
	case UTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case UTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	case GB18030:
		return simplifiedchinese.GB18030.NewDecoder()
	}
	return nil
}

// Detection is what [Detect] found: the encoding, and where the file is
// not text in it.
type Detection struct {
	Encoding Encoding
	// BadLine is the 1-based line of the first bytes that are not text in
	// Encoding; 0 when the whole file decodes.
	BadLine int
	// Mixed: the file is UTF-8 text, with bytes of another encoding (a
	// cell pasted from a GBK file, say) from BadLine on. Encoding is UTF8.
	Mixed bool
}

// EncodingError is a file whose bytes are not text in the encoding
// detected (see [Detection]). It wraps [ErrEncoding].
type EncodingError struct{ Detection }

func (e *EncodingError) Error() string {
	switch {
	case e.Mixed:
		return fmt.Sprintf("line %d: mixed encodings: bytes that are not UTF-8 in a file of UTF-8 text", e.BadLine)
	case e.Encoding == GB18030:
		return fmt.Sprintf("line %d: bytes that are neither UTF-8 nor GB18030 (GBK) text; save the file as \"CSV UTF-8\"", e.BadLine)
	}
	return fmt.Sprintf("line %d: bytes that are not %s text, though the file starts with its byte order mark", e.BadLine, e.Encoding)
}

func (e *EncodingError) Unwrap() error { return ErrEncoding }

// Err is the detection as an error: nil when the whole file decodes, else
// an *[EncodingError].
func (d Detection) Err() error {
	if d.BadLine == 0 {
		return nil
	}
	return &EncodingError{d}
}

// chunk is how many bytes the scans read at a time.
const chunk = 1 << 16

// Detect decides the encoding of the file r reads, the file every CSV
// reader of the project takes in (Excel's "CSV UTF-8", with or without a
// byte order mark; "Unicode text", UTF-16 with one; plain "CSV" on Chinese
// Windows, GBK, of which GB18030 is a superset). The rule:
//
//   - a file that starts with UTF-16's byte order mark is UTF-16;
//   - a file whose bytes are all valid UTF-8 is UTF-8;
//   - a file that starts with UTF-8's byte order mark ([BOM]) is UTF-8
//     whatever follows: bytes that are not UTF-8 after it are mixed
//     encodings, an error at their line (a GBK row pasted into a file
//     Excel saved as "CSV UTF-8");
//   - a file with bytes that are not UTF-8 is scanned whole, resyncing past
//     each bad byte: when it also spells characters of the CJK range
//     (U+2E80-U+9FFF, U+F900-U+FFEF) in valid three-byte UTF-8 sequences,
//     at least [MixedMin] of them and one for every [MixedRatio] bad bytes,
//     it is UTF-8 text with another encoding mixed in, an error at the
//     first bad line (GBK text forms such a sequence only by chance, for
//     about one character in fifty, and has a bad byte for nearly every
//     character);
//   - any other is GB18030.
//
// It reads at most maxBytes+1 bytes: a file over the limit is left to the
// reader to report. Deciding on a file that is not UTF-8 takes more than
// one pass: reopen gives the file again from its start. For an encoding
// other than UTF-8, Detect decodes the whole file and gives the line of
// the first bytes that do not decode (the decoders give U+FFFD for them;
// a U+FFFD the file spells counts too, the mark of an earlier bad
// conversion). An error of reading is left to the reader: the file is
// then UTF-8. It runs in time linear in the file and holds two chunks of
// it at most.
func Detect(r io.Reader, reopen func() (io.ReadCloser, error), maxBytes int64) Detection {
	lim := &io.LimitedReader{R: r, N: maxBytes + 1}
	over := func(l *io.LimitedReader) bool { return l.N <= 0 }
	buf := make([]byte, chunk+utf8.UTFMax)
	n, err := io.ReadFull(lim, buf[:chunk])
	head := buf[:n]
	var enc Encoding
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		enc = UTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		enc = UTF16BE
	}
	bom := bytes.HasPrefix(head, []byte(BOM))
	if enc != UTF8 {
		rest := io.MultiReader(bytes.NewReader(head), lim)
		if bad := badDecodeLine(rest, enc.Decoder()); bad > 0 && !over(lim) {
			return Detection{Encoding: enc, BadLine: bad}
		}
		return Detection{Encoding: enc}
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
			return Detection{} // the reader reports the size
		}
		if !utf8.Valid(data[:cut]) {
			break
		}
		if end {
			return Detection{}
		}
		carry = copy(buf, data[cut:])
		n, err = io.ReadFull(lim, buf[carry:carry+chunk])
	}
	f, err := reopen()
	if err != nil {
		return Detection{}
	}
	s := scanUTF8(&io.LimitedReader{R: f, N: maxBytes + 1})
	f.Close()
	if s.mixed() || bom && s.firstBad > 0 {
		return Detection{Encoding: UTF8, BadLine: s.firstBad, Mixed: true}
	}
	if f, err = reopen(); err != nil {
		return Detection{}
	}
	defer f.Close()
	gb := &io.LimitedReader{R: f, N: maxBytes + 1}
	if bad := badDecodeLine(gb, GB18030.Decoder()); bad > 0 && !over(gb) {
		return Detection{Encoding: GB18030, BadLine: bad}
	}
	return Detection{Encoding: GB18030}
}

// MixedMin and MixedRatio decide when a file with bytes that are not UTF-8
// is UTF-8 with another encoding mixed in (see [Detect]): at least
// MixedMin characters of the CJK range in valid three-byte UTF-8, and at
// least one for every MixedRatio bad bytes.
const (
	MixedMin   = 3
	MixedRatio = 4
)

// utf8Scan is what scanUTF8 counts.
type utf8Scan struct {
	firstBad int // 1-based line of the first bad byte; 0 if none
	bad      int // bytes that start no valid UTF-8 sequence
	cjk      int // valid three-byte sequences of the CJK range
}

func (s utf8Scan) mixed() bool {
	return s.firstBad > 0 && s.cjk >= MixedMin && s.cjk*MixedRatio >= s.bad
}

// isCJK reports whether r is of the ranges a Chinese text spells in
// three-byte UTF-8: CJK radicals, punctuation, kana, ideographs
// (U+2E80-U+9FFF) and compatibility ideographs and full-width forms
// (U+F900-U+FFEF).
func isCJK(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFFEF
}

// scanUTF8 reads r whole, resyncing one byte past each byte that starts
// no valid UTF-8 sequence.
func scanUTF8(r io.Reader) utf8Scan {
	var s utf8Scan
	buf := make([]byte, chunk+utf8.UTFMax)
	line, carry := 1, 0
	for {
		n, err := io.ReadFull(r, buf[carry:carry+chunk])
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
				if s.firstBad == 0 {
					s.firstBad = line
				}
				s.bad++
				b = b[1:]
				continue
			}
			if size == 3 && isCJK(r) {
				s.cjk++
			}
			b = b[size:]
		}
		if err != nil {
			return s
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
	buf := make([]byte, chunk+utf8.UTFMax)
	line, carry := 1, 0
	for {
		n, err := io.ReadFull(tr, buf[carry:carry+chunk])
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

// BOM is the byte order mark, U+FEFF, in UTF-8: Excel's sign of a "CSV
// UTF-8" file, by which it tells UTF-8 from the local encoding (GBK on
// Chinese Windows). Every CSV file the project writes starts with it
// ([WriteBOM]); every reader drops it.
const BOM = "\uFEFF"

// WriteBOM writes [BOM] to w: the first bytes of every CSV file the
// project writes.
func WriteBOM(w io.Writer) error {
	_, err := io.WriteString(w, BOM)
	return err
}

// NewReader returns the text of the CSV file r reads, in UTF-8, without a
// byte order mark, and the encoding it was in (see [Detect]). A file over
// maxBytes is cut there, for the caller's own limit to see. When r is an
// io.ReadSeeker it is read twice or more and never held whole; any other
// reader is read into memory first. Bytes that are not text in the
// encoding detected are an *[EncodingError], never replacement
// characters.
func NewReader(r io.Reader, maxBytes int64) (io.Reader, Encoding, error) {
	var reopen func() (io.ReadCloser, error)
	var start io.Reader
	if rs, ok := r.(io.ReadSeeker); ok {
		at, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, UTF8, err
		}
		reopen = func() (io.ReadCloser, error) {
			if _, err := rs.Seek(at, io.SeekStart); err != nil {
				return nil, err
			}
			return io.NopCloser(rs), nil
		}
		start = rs
	} else {
		data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
		if err != nil {
			return nil, UTF8, err
		}
		reopen = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
		start = bytes.NewReader(data)
	}
	d := Detect(start, reopen, maxBytes)
	if err := d.Err(); err != nil {
		return nil, d.Encoding, err
	}
	f, err := reopen()
	if err != nil {
		return nil, d.Encoding, err
	}
	var in io.Reader = io.LimitReader(f, maxBytes+1)
	if d.Encoding != UTF8 {
		in = transform.NewReader(in, d.Encoding.Decoder())
	}
	return SkipBOM(in), d.Encoding, nil
}

// SkipBOM returns a reader of r without the [BOM] it may start with.
func SkipBOM(r io.Reader) io.Reader {
	var b [len(BOM)]byte
	n, err := io.ReadFull(r, b[:])
	if n == len(BOM) && string(b[:]) == BOM {
		return r
	}
	if err != nil && n == 0 {
		return r
	}
	return io.MultiReader(bytes.NewReader(b[:n]), r)
}
