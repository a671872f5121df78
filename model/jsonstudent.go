package model

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeStudent decodes one student record, v, which the caller has
// already read as well-formed JSON, without reflection: students are the
// bulk of a file (a million records, twenty million choices) and a decoder
// written for their few fields does in one pass what the general one does
// with a lookup per field. Problems are reported as the general decoder
// reports them for the other records. prefix is the record's path
// ("students[12]") and line the line it starts on.
func (st *jsonState) decodeStudent(rec *studentRecord, v []byte, line int, prefix string) []*Problem {
	var probs []*Problem
	broken := func(err error) []*Problem {
		st.abandon = st.abandon || st.strict
		return append(probs, &Problem{File: st.name, Line: line, Path: prefix, Entity: entityNames[entStudent],
			Err: errorf(ErrSyntax, "%s", syntaxMessage(err))})
	}
	fail := func(field string, off int64, format string, args ...any) {
		p := &Problem{File: st.name, Line: line + bytes.Count(v[:off], []byte{'\n'}),
			Path: prefix + "." + field, Entity: entityNames[entStudent], Field: field, Err: errorf(ErrSyntax, format, args...)}
		probs = append(probs, p)
	}
	st.rd.Reset(v)
	if st.recDec == nil {
		st.recDec = jsontext.NewDecoder(&st.rd)
	} else {
		st.recDec.Reset(&st.rd)
	}
	dec := st.recDec
	if dec.PeekKind() != '{' {
		st.abandon = st.abandon || st.strict
		probs = append(probs, &Problem{File: st.name, Line: line, Path: prefix, Entity: entityNames[entStudent],
			Err: errorf(ErrSyntax, "want an object, found %s", kindName(dec.PeekKind()))})
		return probs
	}
	if _, err := dec.ReadToken(); err != nil {
		return broken(err)
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return broken(err)
		}
		field := string(name[1 : len(name)-1])
		if bytes.IndexByte(name, '\\') >= 0 {
			u, _ := jsontext.AppendUnquote(nil, name)
			field = string(u)
		}
		if field == "choices" && dec.PeekKind() == '[' {
			off := dec.InputOffset()
			if err := st.unmarshalChoices(dec, &rec.Choices); err != nil {
				if _, ok := err.(*funcError); !ok && st.strict {
					// A syntax error, which the sequential reader
					// reports as such.
					st.abandon = true
					return nil
				}
				fail(field, off, "%s", funcMessage(err))
				if dec.StackDepth() > 1 {
					// Skip the rest of the list after a bad element.
					for dec.StackDepth() > 1 {
						if _, err := dec.ReadToken(); err != nil {
							st.abandon = st.abandon || st.strict
							break
						}
					}
				}
			}
			continue
		}
		val, err := dec.ReadValue()
		if err != nil {
			return broken(err)
		}
		off := dec.InputOffset() - int64(len(val))
		kind := val.Kind()
		if kind == 'n' {
			continue // null leaves the zero value, as for every record
		}
		text := func(out *string) {
			if kind != '"' {
				fail(field, off, "cannot read %s as text", phrase(kindName(kind)))
				return
			}
			raw, _ := rawString(val)
			*out = string(raw)
		}
		reference := func(out *ref) {
			if kind != '"' {
				fail(field, off, "want an ID (text), found %s", kindName(kind))
				return
			}
			raw, _ := rawString(val)
			*out = ref(st.intern.bytes(raw))
		}
		switch field {
		case "id":
			text(&rec.ID)
		case "name":
			text(&rec.Name)
		case "level":
			text(&rec.Level)
		case "school":
			reference(&rec.School)
		case "major":
			reference(&rec.Major)
		case "region":
			reference(&rec.Region)
		case "order_class":
			reference(&rec.OrderClass)
		case "score":
			if kind != '0' {
				fail(field, off, "cannot read %s as a number", phrase(kindName(kind)))
				break
			}
			f, err := strconv.ParseFloat(string(val), 64)
			if err != nil {
				fail(field, off, "cannot read %s as a number: value out of range", val)
				break
			}
			rec.Score = f
		case "special_post":
			if kind != 't' && kind != 'f' {
				fail(field, off, "cannot read %s as true or false", phrase(kindName(kind)))
				break
			}
			rec.SpecialPost = kind == 't'
		case "choices":
			fail(field, off, "want a list of IDs, found %s", kindName(kind))
		default:
			fail(field, off, "unknown field %q", field)
		}
	}
	if st.strict {
		// The record came from the fast scan, not from a decoder that
		// checked it: it must end here, one whole object.
		if _, err := dec.ReadToken(); err != nil {
			st.abandon = true
		} else if _, err := dec.ReadToken(); err != io.EOF {
			st.abandon = true
		}
	}
	for _, p := range probs {
		p.ID = rec.ID
	}
	return probs
}

// syntaxMessage is the text of a decoding error without the decoder's
// package prefix.
func syntaxMessage(err error) string {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) && se.Err != nil {
		msg := se.Err.Error()
		if p := string(se.JSONPointer); p != "" {
			msg += " in " + PointerPath(se.JSONPointer)
		}
		return msg
	}
	return strings.TrimPrefix(err.Error(), "jsontext: ")
}

// funcMessage is the message of an error from the package's own list
// readers.
func funcMessage(err error) string {
	if fe, ok := err.(*funcError); ok {
		return fe.msg
	}
	return err.Error()
}
