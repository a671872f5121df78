package model

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// ReadJSON reads a cohort in the JSON format (see the package
// documentation) and validates it. name labels the input in problems (a file
// name; it may be empty). On any error the result is nil and the error is a
// *[ValidationError] listing every problem found; reading stops at the first
// syntax error, since nothing after it can be trusted.
//
// The reader streams: memory holds the records, not the file. Reading stops
// with [ErrTooLarge] after [Options.MaxBytes].
func ReadJSON(r io.Reader, name string, opts *Options) (*Cohort, error) {
	st := newJSONState(r, name, opts)
	data, err := st.read()
	if err != nil {
		return nil, err
	}
	return build(data, opts, st.src)
}

// LoadJSON opens the named file of fsys and reads it as [ReadJSON] does,
// with the same outcome. Where the file allows, the students' records are
// found by a fast scan of the bytes and decoded in parallel (see
// loadJSONFast); on anything unusual the file is opened again and read by
// ReadJSON.
func LoadJSON(fsys fs.FS, name string, opts *Options) (*Cohort, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if jsonParallel {
		ok, c, err := loadJSONFast(f, name, opts)
		f.Close()
		if ok {
			return c, err
		}
		if f, err = fsys.Open(name); err != nil {
			return nil, fmt.Errorf("model: %w", err)
		}
	}
	defer f.Close()
	return ReadJSON(f, name, opts)
}

// lineReader counts bytes and remembers where each line starts, and stops
// with an error past a byte limit.
type lineReader struct {
	r     io.Reader
	n     int64 // bytes read so far
	limit int64 // most bytes allowed
	// starts holds the offsets of the bytes after each newline not yet
	// passed; base counts the newlines before them. Lines are asked for
	// in increasing order of offset (the decoder reads forward), so line
	// forgets what it has passed, and a file of a billion newlines costs
	// no more memory than the decoder's buffer.
	starts []int64
	base   int
	over   bool
	// From offset spliceAt on, lines are spliceLines further down the
	// file than the bytes read say: the fast loader leaves the students'
	// records out of the stream the decoder reads (see jsonSplicer).
	spliceAt    int64
	spliceLines int
}

func (l *lineReader) Read(p []byte) (int, error) {
	if l.n >= l.limit {
		// Allow one byte past the limit to tell "exactly at" from "over".
		if len(p) == 0 {
			return 0, nil
		}
		n, err := l.r.Read(p[:1])
		if n > 0 {
			l.over = true
			return 0, errTooLarge
		}
		return 0, err
	}
	if rem := l.limit - l.n; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		l.starts = append(l.starts, l.n+int64(i))
	}
	l.n += int64(n)
	return n, err
}

var errTooLarge = errors.New("input too large")

// line returns the 1-based line holding byte offset off.
//
// Offsets must not decrease from one call to the next.
func (l *lineReader) line(off int64) int {
	i, _ := slices.BinarySearch(l.starts, off+1)
	l.base += i
	l.starts = l.starts[i:]
	if len(l.starts) == 0 {
		l.starts = l.starts[:0:0] // let the passed offsets go
	}
	if l.spliceLines > 0 && off >= l.spliceAt {
		return l.base + 1 + l.spliceLines
	}
	return l.base + 1
}

type jsonState struct {
	lr     *lineReader
	dec    *jsontext.Decoder
	name   string
	src    *source
	intern *interner
	// posIndex indexes the positions once they are read (see
	// positionTable), when they come before the students.
	posIndex *idIndex
	lists    slab
	rd       bytes.Reader      // a worker's reader of one record
	recDec   *jsontext.Decoder // a worker's decoder of one record, reset for each
	// keepIntern is st.intern.bytes, bound once.
	keepIntern func([]byte) string
	buf        []string
	unknown    map[int32]string // a worker's unknown choices, by offset in src.choicePos
	uopts      json.Options
	maxB       int64
	// fast is the scanner that hands out the students' records, when
	// LoadJSON reads the file on its fast path; strict (in its workers)
	// makes decodeStudent check each record's syntax completely, and give
	// up (setting abandon) on anything the sequential reader would report
	// differently.
	fast    *jsonSplicer
	strict  bool
	abandon bool
}

func newJSONState(r io.Reader, name string, opts *Options) *jsonState {
	st := &jsonState{
		lr:     &lineReader{r: r, limit: opts.maxBytes()},
		name:   name,
		src:    &source{},
		intern: newInterner(),
		maxB:   opts.maxBytes(),
	}
	for e := range st.src.file {
		st.src.file[e] = name
	}
	// The top-level decoder only finds where each value ends: every value
	// is decoded again, by json.Unmarshal or decodeStudent, with the
	// default checks (valid UTF-8, no duplicate names), so they are not
	// made twice. Top-level names are checked in read.
	st.dec = jsontext.NewDecoder(bufio.NewReaderSize(st.lr, 1<<16),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	st.bindOptions()
	return st
}

// bindOptions makes the unmarshal options that intern into st, and the
// method values the list readers use (made once, not once a list).
func (st *jsonState) bindOptions() {
	st.keepIntern = st.intern.bytes
	st.uopts = json.JoinOptions(
		json.RejectUnknownMembers(true),
		json.WithUnmarshalers(json.JoinUnmarshalers(
			json.UnmarshalFromFunc(st.unmarshalRef),
			json.UnmarshalFromFunc(st.unmarshalRefList),
			json.UnmarshalFromFunc(st.unmarshalChoices),
		)),
	)
}

// worker returns the state of one decoding goroutine: its own interner,
// slab, buffers and choice positions; the positions' table is shared, read
// only.
func (st *jsonState) worker() *jsonState {
	w := &jsonState{name: st.name, src: &source{}, intern: newInterner(), posIndex: st.posIndex,
		strict: st.fast != nil}
	w.bindOptions()
	return w
}

// rawString returns the text of the JSON string v (quotes included),
// unescaped; it may share v's memory.
func rawString(v jsontext.Value) ([]byte, error) {
	if v.Kind() != '"' {
		return nil, &funcError{fmt.Sprintf("want an ID (text), found %s", kindName(v.Kind()))}
	}
	raw := v[1 : len(v)-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		return jsontext.AppendUnquote(nil, v)
	}
	return raw, nil
}

// stringValue interns the JSON string v (quotes included).
func (st *jsonState) stringValue(v jsontext.Value) (string, error) {
	raw, err := rawString(v)
	if err != nil {
		return "", err
	}
	return st.intern.bytes(raw), nil
}

func (st *jsonState) unmarshalRef(dec *jsontext.Decoder, r *ref) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if v.Kind() == 'n' {
		*r = ""
		return nil
	}
	s, err := st.stringValue(v)
	*r = ref(s)
	return err
}

func (st *jsonState) unmarshalRefList(dec *jsontext.Decoder, l *refList) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		*l = nil
		return err
	case '[':
	default:
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		return &funcError{fmt.Sprintf("want a list of IDs, found %s", kindName(v.Kind()))}
	}
	ids, err := st.readIDs(dec, st.keepIntern)
	*l = ids
	if *l == nil {
		*l = refList{} // [] is not null: an empty ranking ranks nobody
	}
	return err
}

// readIDs reads a JSON list of IDs, keeping for each the string that keep
// returns for its unescaped text (which keep must not retain).
func (st *jsonState) readIDs(dec *jsontext.Decoder, keep func([]byte) string) ([]string, error) {
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	st.buf = st.buf[:0]
	for dec.PeekKind() != ']' {
		v, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		raw, err := rawString(v)
		if err != nil {
			return nil, err
		}
		st.buf = append(st.buf, keep(raw))
	}
	_, err := dec.ReadToken()
	return st.lists.copy(st.buf), err
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "text"
	case '0':
		return "a number"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return k.String()
}

// unmarshalChoices reads a student's choices. When the positions were
// read before the students, it resolves them into st.src.choicePos (the
// texts of unknown ones into st.unknown) and keeps no strings: the cohort
// holds the lists as indices.
func (st *jsonState) unmarshalChoices(dec *jsontext.Decoder, l *choiceList) error {
	if dec.PeekKind() != '[' {
		var rl refList
		err := st.unmarshalRefList(dec, &rl)
		*l = choiceList(rl)
		return err
	}
	if st.posIndex == nil {
		ids, err := st.readIDs(dec, st.keepIntern)
		*l = ids
		return err
	}
	*l = nil
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != ']' {
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		raw, err := rawString(v)
		if err != nil {
			return err
		}
		p, ok := st.posIndex.getBytes(raw)
		if !ok {
			p = -1
			if st.unknown == nil {
				st.unknown = make(map[int32]string)
			}
			st.unknown[int32(len(st.src.choicePos))] = st.intern.bytes(raw)
		}
		st.src.choicePos = append(st.src.choicePos, p)
	}
	_, err := dec.ReadToken()
	return err
}

// fatal turns an error that stops reading into the ValidationError.
func (st *jsonState) fatal(err error) error {
	p := &Problem{File: st.name, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	var se *jsontext.SyntacticError
	switch {
	case st.lr.over || errors.Is(err, errTooLarge):
		p.Err = errorf(ErrTooLarge, "input exceeds %d bytes", st.maxB)
	case errors.As(err, &se):
		p.Line = st.lr.line(se.ByteOffset)
		p.Path = PointerPath(se.JSONPointer)
		p.Err = fmt.Errorf("%w: %v", ErrSyntax, se.Err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		p.Err = fmt.Errorf("%w: unexpected end of input", ErrSyntax)
	}
	var probs, warns []*Problem
	for _, q := range st.src.pre {
		if q.Severity == SeverityError {
			probs = append(probs, q)
		} else {
			warns = append(warns, q)
		}
	}
	return &ValidationError{Problems: append(probs, p), Warnings: warns}
}

// PointerPath turns a JSON pointer ("/students/3/choices/2") into the
// form of a [Problem]'s Path ("students[3].choices[2]"), for readers of
// other JSON files that report problems in this package's terms (whatif).
func PointerPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func (st *jsonState) read() (Data, error) {
	var d Data
	tok, err := st.dec.ReadToken()
	if err != nil {
		return d, st.fatal(err)
	}
	if tok.Kind() != '{' {
		return d, st.fatal(fmt.Errorf("the cohort must be a JSON object, found %s", tok.Kind()))
	}
	seen := map[string]bool{}
	for st.dec.PeekKind() != '}' {
		tok, err := st.dec.ReadToken()
		if err != nil {
			return d, st.fatal(err)
		}
		key := tok.String()
		if seen[key] {
			return d, st.fatal(fmt.Errorf("duplicate member %q", key))
		}
		seen[key] = true
		switch key {
		case "name":
			err = st.scalar("name", &d.Name)
		case "policy":
			var pr policyRecord
			err = st.scalar("policy", &pr)
			d.Policy = Policy{SpecialPostAnyCounty: pr.SpecialPostAnyCounty}
		case "students":
			d.Students, err = readArray[studentRecord, Student](st, entStudent)
		case "positions":
			d.Positions, err = readArray[positionRecord, Position](st, entPosition)
			if d.Students == nil {
				st.posIndex = positionTable(d.Positions)
			}
		case "enterprises":
			d.Enterprises, err = readArray[enterpriseRecord, Enterprise](st, entEnterprise)
		case "regions":
			d.Regions, err = readArray[regionRecord, Region](st, entRegion)
		case "schools":
			d.Schools, err = readArray[schoolRecord, School](st, entSchool)
		case "majors":
			d.Majors, err = readArray[majorRecord, Major](st, entMajor)
		case "order_classes":
			d.OrderClasses, err = readArray[orderClassRecord, OrderClass](st, entOrderClass)
		default:
			off := st.dec.InputOffset()
			st.src.pre = append(st.src.pre, &Problem{File: st.name, Line: st.lr.line(off), Path: key,
				Err: errorf(ErrSyntax, "unknown member %q", key)})
			err = st.dec.SkipValue()
		}
		if err != nil {
			return d, st.fatal(err)
		}
	}
	if _, err := st.dec.ReadToken(); err != nil {
		return d, st.fatal(err)
	}
	if _, err := st.dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("more data after the cohort object")
		}
		return d, st.fatal(err)
	}
	if st.lr.over {
		return d, st.fatal(errTooLarge)
	}
	return d, nil
}

// scalar decodes a small top-level member.
func (st *jsonState) scalar(key string, out any) error {
	v, err := st.dec.ReadValue()
	if err != nil {
		return err
	}
	start := st.dec.InputOffset() - int64(len(v))
	if err := json.Unmarshal(v, out, st.uopts); err != nil {
		st.src.pre = append(st.src.pre, semanticProblem(st.name, err, v, st.lr.line(start), key, entity(numEntities), ""))
	}
	return nil
}

// semanticProblem turns a decoding error inside value v, which starts on
// line line of file name, into a Problem.
func semanticProblem(name string, err error, v []byte, line int, prefix string, ent entity, id string) *Problem {
	p := &Problem{File: name, Line: line, Path: prefix, ID: id}
	if ent < numEntities {
		p.Entity = entityNames[ent]
	}
	var se *json.SemanticError
	if errors.As(err, &se) {
		if sub := PointerPath(se.JSONPointer); sub != "" {
			p.Path = prefix + "." + sub
			if strings.HasPrefix(sub, "[") {
				p.Path = prefix + sub
			}
		}
		if off := se.ByteOffset; off > 0 && off <= int64(len(v)) {
			p.Line = line + bytes.Count(v[:off], []byte{'\n'})
		}
		if errors.Is(se.Err, json.ErrUnknownName) {
			p.Err = errorf(ErrSyntax, "unknown field %q", lastToken(se.JSONPointer))
			return p
		}
		var fe *funcError
		if errors.As(se.Err, &fe) {
			p.Err = errorf(ErrSyntax, "%s", fe.msg)
			return p
		}
		if se.JSONValue == nil && se.JSONKind != 0 && se.GoType != nil && se.Err == nil {
			p.Err = errorf(ErrSyntax, "cannot read %s as %s", phrase(kindName(se.JSONKind)), phrase(goTypeName(se.GoType.Kind().String())))
			return p
		}
		msg := "cannot read"
		if se.JSONValue != nil {
			msg += " " + string(se.JSONValue)
		} else if se.JSONKind != 0 {
			msg += " " + kindName(se.JSONKind)
		}
		if se.GoType != nil {
			msg += " as " + goTypeName(se.GoType.Kind().String())
		}
		if se.Err != nil {
			msg += ": " + se.Err.Error()
		}
		p.Err = errorf(ErrSyntax, "%s", msg)
		return p
	}
	p.Err = errorf(ErrSyntax, "%s", syntaxMessage(err))
	return p
}

// decodeRecord decodes record v (not a student's) into rec. When the
// record does not decode as a whole, its members are decoded one by one,
// so that every field that fails is reported (each with its Field) and
// the others are still read, to be checked by validation.
func (st *jsonState) decodeRecord(rec any, v []byte, line int, prefix string, ent entity) []*Problem {
	err := json.Unmarshal(v, rec, st.uopts)
	if err == nil {
		return nil
	}
	id := idOf(v)
	whole := func() []*Problem {
		p := semanticProblem(st.name, err, v, line, prefix, ent, id)
		p.Field = fieldOf(p.Path, prefix)
		return []*Problem{p}
	}
	dec := jsontext.NewDecoder(bytes.NewReader(v))
	if tok, e := dec.ReadToken(); e != nil || tok.Kind() != '{' {
		return whole()
	}
	var probs []*Problem
	for dec.PeekKind() != '}' {
		off := dec.InputOffset()
		tok, e := dec.ReadToken()
		if e != nil {
			return whole()
		}
		name := tok.String()
		val, e := dec.ReadValue()
		if e != nil {
			return whole()
		}
		member := make([]byte, 0, len(val)+len(name)+8)
		member = append(member, '{')
		member, _ = jsontext.AppendQuote(member, name)
		member = append(member, ':')
		member = append(member, val...)
		member = append(member, '}')
		if e := json.Unmarshal(member, rec, st.uopts); e != nil {
			sub := v[off:dec.InputOffset()]
			p := semanticProblem(st.name, e, member, line+bytes.Count(v[:off], []byte{'\n'})+bytes.Count(sub[:len(sub)-len(val)], []byte{'\n'}), prefix, ent, id)
			p.Field = fieldOf(p.Path, prefix)
			probs = append(probs, p)
		}
	}
	if probs == nil {
		return whole() // an error of the whole that no member shows
	}
	return probs
}

// fieldOf is the record's field that path names below prefix:
// "positions[2].capacity" gives "capacity", "positions[2]" gives "".
func fieldOf(path, prefix string) string {
	rest, ok := strings.CutPrefix(path, prefix+".")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, ".["); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

func lastToken(p jsontext.Pointer) string {
	last := ""
	for tok := range p.Tokens() {
		last = tok
	}
	return last
}

// funcError is a message from the package's own unmarshalers.
type funcError struct{ msg string }

func (e *funcError) Error() string { return e.msg }

func goTypeName(kind string) string {
	switch kind {
	case "int", "int64":
		return "a whole number"
	case "float64":
		return "a number"
	case "string":
		return "text"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "struct":
		return "an object"
	}
	return kind
}

type record[T any] interface {
	model() (T, []fieldError)
}

// readArray decodes one top-level array of records. Each record decodes on
// its own, so that one bad record is reported and the next still read.
func readArray[R any, T any, PR interface {
	*R
	record[T]
}](st *jsonState, ent entity) ([]T, error) {
	key := entityKeys[ent]
	if st.dec.PeekKind() == 'n' {
		_, err := st.dec.ReadToken()
		return nil, err
	}
	tok, err := st.dec.ReadToken()
	if err != nil {
		return nil, err
	}
	if tok.Kind() != '[' {
		return nil, fmt.Errorf("%s must be a list, found %s", key, tok.Kind())
	}
	// Values are read here, in order, and decoded in batches by a pool of
	// workers (for students; one for the rest); results apply in order.
	type batch = jsonBatch
	type result struct {
		recs      []T
		probs     []*Problem
		bad       []badRec // by index in the table
		counts    []int32  // choices by record, when resolved
		choicePos []int32
		unknown   map[int32]string
		abandon   bool // the fast path must give up
		span      int  // the batch's
	}
	// The batches' records are joined once at the end: growing one slice
	// as they come would copy a million records over and over.
	var parts [][]T
	abandoned := false // a worker gave the fast path up
	var lines []int32
	total := 0
	nw := 1
	if ent == entStudent {
		nw = workers()
	}
	pool := newOrderedPool(nw, st.worker, func(w *jsonState, b batch) result {
		res := result{recs: make([]T, 0, len(b.lines))}
		w.src.choicePos, w.unknown = w.src.choicePos[:0], nil
		resolved := ent == entStudent && w.posIndex != nil
		if resolved {
			res.counts = make([]int32, 0, len(b.lines))
		}
		prev := 0
		for k, end := range b.ends {
			before := len(w.src.choicePos)
			if b.starts != nil {
				prev = b.starts[k]
			}
			v := b.data[prev:end]
			prev = end
			i, line := b.first+k, b.lines[k]
			prefix := key + "[" + strconv.Itoa(i) + "]"
			var rec R
			var bad []string // the fields that failed, "" for the record
			if sr, ok := any(&rec).(*studentRecord); ok {
				var probs []*Problem
				if !w.strict || !w.quickStudent(sr, v) {
					probs = w.decodeStudent(sr, v, line, prefix)
				}
				if w.abandon {
					w.abandon = false
					return result{abandon: true}
				}
				if probs != nil {
					res.probs = append(res.probs, probs...)
					bad = problemFields(probs)
				}
			} else if probs := w.decodeRecord(&rec, v, line, prefix, ent); probs != nil {
				res.probs = append(res.probs, probs...)
				bad = problemFields(probs)
			}
			m, ferrs := PR(&rec).model()
			for _, fe := range ferrs {
				path := prefix + "." + fe.field
				if fe.sub >= 0 {
					path += "[" + strconv.Itoa(fe.sub) + "]"
				}
				res.probs = append(res.probs, &Problem{File: w.name, Line: line, Path: path,
					Entity: entityNames[ent], ID: idOf(v), Field: fe.field, Err: fe.err})
				bad = append(bad, fe.field)
			}
			if bad != nil {
				res.bad = append(res.bad, badRec{i, bad})
			}
			res.recs = append(res.recs, m)
			if resolved {
				res.counts = append(res.counts, int32(len(w.src.choicePos)-before))
			}
		}
		res.choicePos, res.unknown = append([]int32(nil), w.src.choicePos...), w.unknown
		res.span = b.span
		return res
	}, func(res result) {
		if res.abandon || abandoned {
			abandoned = true
			if st.fast != nil {
				st.fast.abandoned.Store(true)
			}
			return
		}
		if sp := st.fast; sp != nil && ent == entStudent && st.src.choicePos == nil && st.posIndex != nil &&
			res.span > 0 && sp.size > sp.start && len(res.recs) > 0 {
			// Size the choices once, from the first batch and the size
			// of the file, rather than grow them by copying.
			recs := float64(sp.size-sp.start) / float64(res.span) * float64(len(res.recs)) * 1.02
			recs = min(recs, MaxCapacity)
			st.src.choiceStart = make([]int32, 1, int(recs)+1)
			st.src.choicePos = make([]int32, 0, int(recs*float64(len(res.choicePos))/float64(len(res.recs)))+len(res.choicePos))
		}
		parts = append(parts, res.recs)
		total += len(res.recs)
		st.src.pre = append(st.src.pre, res.probs...)
		for _, b := range res.bad {
			st.src.markBad(ent, b.idx, b.fields)
		}
		if st.posIndex != nil && ent == entStudent {
			st.src.addChoices(res.counts, res.choicePos, res.unknown)
		}
	})
	if ent == entStudent && st.fast != nil {
		// The fast path: the decoder's stream holds "[]" for the list;
		// the records come from the scanner.
		sp := st.fast
		if st.dec.InputOffset() != sp.start+1 {
			sp.stop()
			pool.wait()
			return nil, errAbandon
		}
		for b := range sp.recs {
			if sp.abandoned.Load() {
				sp.stop() // and take what the scanner had sent
				continue
			}
			for _, l := range b.lines {
				lines = append(lines, int32(l))
			}
			pool.submit(b)
		}
		pool.wait()
		if abandoned || sp.abandoned.Load() {
			return nil, errAbandon
		}
		sp.drained.Store(true)
		st.lr.spliceAt, st.lr.spliceLines = sp.start+1, sp.bodyLines
	} else if err := readValues(st, pool, &lines); err != nil {
		return nil, err
	}
	if _, err := st.dec.ReadToken(); err != nil {
		return nil, err
	}
	st.src.lines[ent] = lines
	if total == 0 {
		return nil, nil
	}
	out := make([]T, 0, total)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, nil
}

// jsonBatch is records of one top-level list, handed to a worker.
type jsonBatch struct {
	data   []byte
	ends   []int // value k is data[ends[k-1]:ends[k]], or
	starts []int // data[starts[k]:ends[k]] when starts is not nil
	lines  []int
	first  int // index of the batch's first record
	span   int // bytes of the records (from the fast path's scanner)
}

// jsonBatchSize is how many records a batch holds; a variable for the
// tests.
var jsonBatchSize = 1024

// readValues reads the values of a top-level list with the decoder, up to
// its closing bracket, and submits them to pool in batches.
func readValues[R any, W any](st *jsonState, pool *orderedPool[jsonBatch, R, W], lines *[]int32) error {
	var b jsonBatch
	count := 0
	var readErr error
	for st.dec.PeekKind() != ']' {
		v, err := st.dec.ReadValue()
		if err != nil {
			readErr = err
			break
		}
		start := st.dec.InputOffset() - int64(len(v))
		line := st.lr.line(start)
		*lines = append(*lines, int32(line))
		b.data = append(b.data, v...)
		b.ends = append(b.ends, len(b.data))
		b.lines = append(b.lines, line)
		count++
		if len(b.ends) == jsonBatchSize {
			pool.submit(b)
			b = jsonBatch{first: count, data: make([]byte, 0, cap(b.data))}
		}
	}
	if len(b.ends) > 0 {
		pool.submit(b)
	}
	pool.wait()
	return readErr
}

// idOf digs the "id" out of a record that may not decode, for messages.
func idOf(v jsontext.Value) string {
	var x struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(v, &x) != nil {
		return ""
	}
	if s, ok := x.ID.(string); ok {
		return s
	}
	return ""
}

// WriteJSON writes c in the JSON format: the cohort-wide members first,
// then each entity as a list with one record a line, members in a fixed
// order, fields at their zero value left out (students' choices are always
// written). The output reads back with [ReadJSON] to the same [Data].
func WriteJSON(w io.Writer, c *Cohort) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	d := &c.data
	bw.WriteString("{")
	sep := "\n"
	member := func(key string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		bw.WriteString(sep + "  " + strconv.Quote(key) + ": ")
		bw.Write(b)
		sep = ",\n"
		return nil
	}
	var err error
	if d.Name != "" {
		err = errors.Join(err, member("name", d.Name))
	}
	if d.Policy != (Policy{}) {
		err = errors.Join(err, member("policy", policyRecord{SpecialPostAnyCounty: d.Policy.SpecialPostAnyCounty}))
	}
	list := func(key string, n int, rec func(i int) any, always bool) {
		if n == 0 && !always {
			return
		}
		bw.WriteString(sep + "  " + strconv.Quote(key) + ": [")
		for i := range n {
			b, e := json.Marshal(rec(i))
			err = errors.Join(err, e)
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n    ")
			bw.Write(b)
		}
		if n > 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteString("]")
		sep = ",\n"
	}
	list("regions", len(d.Regions), func(i int) any { return regionFrom(&d.Regions[i]) }, false)
	list("schools", len(d.Schools), func(i int) any { return schoolFrom(&d.Schools[i]) }, false)
	list("majors", len(d.Majors), func(i int) any { return majorFrom(&d.Majors[i]) }, false)
	list("enterprises", len(d.Enterprises), func(i int) any { return enterpriseFrom(&d.Enterprises[i]) }, false)
	list("order_classes", len(d.OrderClasses), func(i int) any { return orderClassFrom(&d.OrderClasses[i]) }, false)
	list("positions", len(d.Positions), func(i int) any { return positionFrom(&d.Positions[i]) }, true)
	var buf []string
	list("students", len(d.Students), func(i int) any {
		r := studentFrom(&d.Students[i])
		buf = c.choiceIDs(i, buf)
		r.Choices = buf
		return r
	}, true)
	bw.WriteString("\n}\n")
	if err != nil {
		return fmt.Errorf("model: writing JSON: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("model: writing JSON: %w", err)
	}
	return nil
}
