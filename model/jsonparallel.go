package model

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// jsonParallel turns LoadJSON's fast path off, and jsonChunkBytes is how
// many bytes the scanner reads at a time: variables for the tests, which
// compare the two paths.
var (
	jsonParallel   = true
	jsonChunkBytes = 1 << 20
)

// errAbandon stops the fast path: the sequential reader reads the file.
var errAbandon = errors.New("fast path abandoned")

// loadJSONFast reads f as ReadJSON would, but without making the top-level
// decoder check the syntax of every student record on one goroutine, which
// would take most of the time of a large file. A scanner goroutine
// (jsonSplicer) reads the file; it passes the bytes before and after the
// "students" list to the usual top-level decoder, with "[]" in place of
// the list, and cuts the records of the list at their ends, tracking
// strings and nesting only, with each record's line. The workers decode
// each record with decodeStudent in strict mode, which checks its syntax
// completely.
//
// It gives the outcome of ReadJSON or nothing (ok false): it gives up, and
// its caller reads the file again sequentially, on any syntax error
// anywhere, a file over MaxBytes, a layout it does not expect, or a record
// the sequential reader would report as broken, so that every problem is
// reported as it always was.
func loadJSONFast(f io.Reader, name string, opts *Options) (ok bool, c *Cohort, err error) {
	sp := newJSONSplicer(f, opts.maxBytes())
	if s, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := s.Stat(); err == nil {
			sp.size = info.Size()
		}
	}
	defer sp.stop()
	st := newJSONState(sp, name, opts)
	st.fast = sp
	data, err := st.read()
	if err != nil || sp.abandoned.Load() || (sp.start >= 0 && !sp.drained.Load()) {
		return false, nil, nil
	}
	c, err = build(data, opts, st.src)
	return true, c, err
}

// jsonSplicer is the fast path's scanner (run, on a goroutine of its own)
// and the reader of the top-level decoder (Read, on the loader's).
type jsonSplicer struct {
	f    io.Reader
	maxB int64
	size int64 // the file's size, when known, to size the choices once

	stream chan spliceItem // bytes for the top-level decoder
	recs   chan jsonBatch  // the students' records
	done   chan struct{}   // closed to stop the scanner
	once   sync.Once
	wg     sync.WaitGroup

	recsClosed bool        // the scanner's own
	abandoned  atomic.Bool // the fast path gives up
	drained    atomic.Bool // the loader has taken every record

	// Set by the scanner before it sends the byte at start, and before it
	// closes recs: the offset of the list's opening bracket (-1 while not
	// found) and the newlines between it and the closing one.
	start     int64
	bodyLines int

	// Read's state.
	cur     []byte
	spliced bool
}

type spliceItem struct {
	b      []byte
	splice bool // the "]" standing for the students' records
}

func newJSONSplicer(f io.Reader, maxB int64) *jsonSplicer {
	sp := &jsonSplicer{f: f, maxB: maxB, start: -1,
		stream: make(chan spliceItem, 8), recs: make(chan jsonBatch, 2*workers()),
		done: make(chan struct{})}
	sp.wg.Add(1)
	go func() {
		defer sp.wg.Done()
		ok := sp.run()
		if !ok {
			sp.abandoned.Store(true)
		}
		close(sp.stream)
		if !sp.recsClosed {
			close(sp.recs)
		}
	}()
	return sp
}

// stop ends the scanner and waits for it.
func (sp *jsonSplicer) stop() {
	sp.once.Do(func() { close(sp.done) })
	sp.wg.Wait()
}

// Read gives the top-level decoder the file without the students'
// records. It fails with errAbandon when the scanner gave up, and when
// the decoder asks for bytes after the students' list before the loader
// took the records (it never does, reading one token at a time; the
// scanner cannot send them before).
func (sp *jsonSplicer) Read(p []byte) (int, error) {
	for len(sp.cur) == 0 {
		if sp.spliced && !sp.drained.Load() {
			sp.abandoned.Store(true)
			return 0, errAbandon
		}
		it, ok := <-sp.stream
		if !ok {
			if sp.abandoned.Load() {
				return 0, errAbandon
			}
			return 0, io.EOF
		}
		sp.cur = it.b
		sp.spliced = sp.spliced || it.splice
	}
	n := copy(p, sp.cur)
	sp.cur = sp.cur[n:]
	return n, nil
}

func (sp *jsonSplicer) send(it spliceItem) bool {
	if len(it.b) == 0 {
		return true
	}
	select {
	case sp.stream <- it:
		return true
	case <-sp.done:
		return false
	}
}

// jsonScan is the scanner's reading of the file.
type jsonScan struct {
	sp    *jsonSplicer
	total int64 // bytes read
	eof   bool
}

// next reads the next chunk of the file; nil at the end, ok false on an
// error or past MaxBytes.
func (r *jsonScan) next() (b []byte, ok bool) {
	if r.eof {
		return nil, true
	}
	buf := make([]byte, jsonChunkBytes)
	n, err := io.ReadFull(r.sp.f, buf)
	r.total += int64(n)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		r.eof = true
	case err != nil:
		return nil, false
	}
	if r.total > r.sp.maxB {
		return nil, false
	}
	return buf[:n], true
}

// run scans the file; false to give up.
func (sp *jsonSplicer) run() bool {
	r := &jsonScan{sp: sp}
	// Before the students' list: find it, passing the bytes on.
	var (
		depth     int
		inStr     bool
		esc       bool
		expectKey bool
		inKey     bool
		keyEsc    bool
		key       = make([]byte, 0, 16)
		lastKey   []byte
		closed    bool // the top-level value ended
		rest      []byte
	)
	line := 1
pre:
	for {
		b, ok := r.next()
		if !ok {
			return false
		}
		if b == nil {
			return true // no students' list: the decoder read it all
		}
		for i, c := range b {
			if inStr {
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc, keyEsc = true, keyEsc || inKey
				case c == '"':
					inStr = false
					if inKey {
						inKey = false
						lastKey = append(lastKey[:0], key...)
						if keyEsc {
							lastKey = append(lastKey, '\\')
						}
					}
				case inKey && len(key) < cap(key):
					key = append(key, c)
				case inKey:
					keyEsc = true // too long to be "students"
				}
				continue
			}
			switch c {
			case '\n':
				line++
			case '"':
				inStr = true
				if depth == 1 && expectKey {
					inKey, keyEsc, expectKey, key = true, false, false, key[:0]
				}
			case '[':
				if depth == 1 && string(lastKey) == "students" {
					sp.start = r.total - int64(len(b)) + int64(i)
					if !sp.send(spliceItem{b: b[:i+1]}) || !sp.send(spliceItem{b: []byte("]"), splice: true}) {
						return false
					}
					rest = b[i+1:]
					break pre
				}
				depth++
			case '{':
				depth++
				if depth == 1 {
					expectKey = true
				}
			case '}', ']':
				depth--
				if depth <= 0 {
					closed = true
				}
			case ',':
				if depth == 1 {
					expectKey = true
				}
			}
			if closed {
				break
			}
		}
		if !sp.send(spliceItem{b: b}) {
			return false
		}
		if closed {
			// No students' list: pass the rest on.
			return sp.passRest(r)
		}
	}
	// The list's records, cut at their ends.
	startLine := line
	b := rest
	const (
		wantValueOrEnd = iota
		wantCommaOrEnd
		wantValue
	)
	state := wantValueOrEnd
	var batch jsonBatch
	count := 0
	submit := func() bool {
		if len(batch.ends) == 0 {
			return true
		}
		select {
		case sp.recs <- batch:
		case <-sp.done:
			return false
		}
		batch = jsonBatch{first: count}
		return true
	}
	i := 0
	for {
		// Whitespace.
		for i < len(b) {
			c := b[i]
			if c == '\n' {
				line++
			} else if c != ' ' && c != '\t' && c != '\r' {
				break
			}
			i++
		}
		if i == len(b) {
			nb, ok := r.next()
			if !ok || nb == nil {
				return false // the end of the file in the list
			}
			if !submit() { // a batch's records share one buffer
				return false
			}
			b, i = nb, 0
			continue
		}
		c := b[i]
		switch {
		case c == ']' && state != wantValue:
			if !submit() {
				return false
			}
			sp.bodyLines = line - startLine
			sp.recsClosed = true
			close(sp.recs)
			// The decoder gets the rest once the loader has taken the
			// records.
			if !sp.send(spliceItem{b: b[i+1:]}) {
				return false
			}
			return sp.passRest(r)
		case c == ',' && state == wantCommaOrEnd:
			state = wantValue
			i++
			continue
		case c != '{' || state == wantCommaOrEnd:
			return false
		}
		// A record: find its end, reading more as needed.
		n := recordEnd(b[i:])
		for n == 0 {
			nb, ok := r.next()
			if !ok || nb == nil || len(b)-i > 64<<20 || !submit() {
				return false
			}
			b = append(b[i:len(b):len(b)], nb...)
			i = 0
			n = recordEnd(b)
		}
		if n < 0 {
			return false
		}
		// The batch refers to the buffer: the scanner never writes a
		// buffer it has handed out.
		v := b[i : i+n]
		batch.data = b
		batch.starts = append(batch.starts, i)
		batch.ends = append(batch.ends, i+n)
		batch.span += n
		batch.lines = append(batch.lines, line)
		line += bytes.Count(v, []byte{'\n'})
		count++
		if len(batch.ends) == jsonBatchSize && !submit() {
			return false
		}
		i += n
		state = wantCommaOrEnd
	}
}

// passRest passes the rest of the file to the decoder.
func (sp *jsonSplicer) passRest(r *jsonScan) bool {
	for {
		b, ok := r.next()
		if !ok {
			return false
		}
		if b == nil {
			return true
		}
		if !sp.send(spliceItem{b: b}) {
			return false
		}
	}
}

// recordEnd returns the length of the value that starts b with '{',
// tracking strings and nesting only (the decoder checks the rest): 0 when
// b ends first, -1 when it nests deeper than a student record may.
func recordEnd(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
			if depth > 64 {
				return -1
			}
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			j := i + 1
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					return 0
				}
				j += k
				back := 0
				for m := j - 1; m > i && b[m] == '\\'; m-- {
					back++
				}
				if back%2 == 0 {
					break
				}
				j++
			}
			i = j
		}
	}
	return 0
}

// Fields of a student record, as bits, for quickStudent.
var studentFields = map[string]uint{"id": 1 << 0, "name": 1 << 1, "level": 1 << 2, "school": 1 << 3,
	"major": 1 << 4, "region": 1 << 5, "order_class": 1 << 6, "score": 1 << 7, "special_post": 1 << 8,
	"choices": 1 << 9}

// quickStudent decodes the student record v in the common case only: well
// formed, every field known, given once and of the right type, strings
// without escapes, choices resolved against the positions. It gives what
// decodeStudent gives for such a record, without a general decoder; on
// anything else it returns false, having changed nothing that counts, and
// the caller uses decodeStudent.
func (st *jsonState) quickStudent(rec *studentRecord, v []byte) bool {
	if st.posIndex == nil {
		return false
	}
	before := len(st.src.choicePos)
	ok := st.quickStudentParse(rec, v)
	if !ok {
		*rec = studentRecord{}
		for k := range st.unknown {
			if int(k) >= before {
				delete(st.unknown, k)
			}
		}
		st.src.choicePos = st.src.choicePos[:before]
	}
	return ok
}

func (st *jsonState) quickStudentParse(rec *studentRecord, v []byte) bool {
	i := 0
	ws := func() {
		for i < len(v) && (v[i] == ' ' || v[i] == '\n' || v[i] == '\t' || v[i] == '\r') {
			i++
		}
	}
	// str reads a string without escapes; its contents.
	str := func() ([]byte, bool) {
		if i >= len(v) || v[i] != '"' {
			return nil, false
		}
		start := i + 1
		ascii := true
		for j := start; j < len(v); j++ {
			c := v[j]
			switch {
			case c == '"':
				i = j + 1
				s := v[start:j]
				if !ascii && !utf8.Valid(s) {
					return nil, false
				}
				return s, true
			case c == '\\' || c < 0x20:
				return nil, false
			case c >= 0x80:
				ascii = false
			}
		}
		return nil, false
	}
	ws()
	if i >= len(v) || v[i] != '{' {
		return false
	}
	i++
	var seen uint
	ws()
	if i < len(v) && v[i] == '}' {
		i++
		return i == len(v)
	}
	for {
		ws()
		key, ok := str()
		if !ok {
			return false
		}
		bit := studentFields[string(key)]
		if bit == 0 || seen&bit != 0 {
			return false
		}
		seen |= bit
		ws()
		if i >= len(v) || v[i] != ':' {
			return false
		}
		i++
		ws()
		if i >= len(v) {
			return false
		}
		if v[i] == 'n' {
			if !bytes.HasPrefix(v[i:], []byte("null")) {
				return false
			}
			i += 4
			if bit == studentFields["choices"] {
				return false // rare; leave it to decodeStudent
			}
		} else {
			switch string(key) {
			case "id", "name", "level":
				s, ok := str()
				if !ok {
					return false
				}
				switch key[0] {
				case 'i':
					rec.ID = string(s)
				case 'n':
					rec.Name = string(s)
				default:
					rec.Level = string(s)
				}
			case "school", "major", "region", "order_class":
				s, ok := str()
				if !ok {
					return false
				}
				r := ref(st.intern.bytes(s))
				switch key[0] {
				case 's':
					rec.School = r
				case 'm':
					rec.Major = r
				case 'r':
					rec.Region = r
				default:
					rec.OrderClass = r
				}
			case "score":
				n := jsonNumberLen(v[i:])
				if n == 0 {
					return false
				}
				f, err := strconv.ParseFloat(string(v[i:i+n]), 64)
				if err != nil {
					return false
				}
				rec.Score = f
				i += n
			case "special_post":
				switch {
				case bytes.HasPrefix(v[i:], []byte("true")):
					rec.SpecialPost, i = true, i+4
				case bytes.HasPrefix(v[i:], []byte("false")):
					rec.SpecialPost, i = false, i+5
				default:
					return false
				}
			case "choices":
				if v[i] != '[' {
					return false
				}
				i++
				rec.Choices = nil
				ws()
				if i < len(v) && v[i] == ']' {
					i++
					break
				}
				for {
					ws()
					raw, ok := str()
					if !ok {
						return false
					}
					p, found := st.posIndex.getBytes(raw)
					if !found {
						p = -1
						if st.unknown == nil {
							st.unknown = make(map[int32]string)
						}
						st.unknown[int32(len(st.src.choicePos))] = st.intern.bytes(raw)
					}
					st.src.choicePos = append(st.src.choicePos, p)
					ws()
					if i >= len(v) {
						return false
					}
					if v[i] == ']' {
						i++
						break
					}
					if v[i] != ',' {
						return false
					}
					i++
				}
			}
		}
		ws()
		if i >= len(v) {
			return false
		}
		if v[i] == '}' {
			i++
			return i == len(v)
		}
		if v[i] != ',' {
			return false
		}
		i++
	}
}

// jsonNumberLen returns the length of the JSON number that starts b, or 0.
func jsonNumberLen(b []byte) int {
	i := 0
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return 0
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0
		}
	}
	return i
}
