package csvtext

import (
	"strings"
	"unicode/utf8"
)

// Cells as planners type them. Excel on Chinese Windows lets a cell end in
// a space, or in a full-width space from the Chinese input method, and
// types digits and separators full-width (１８, ；). Every reader of the
// project's tables (a cohort's CSV files and workbooks, result CSV, change
// tables) reads every cell but a name as follows, and the README states
// the rule:
//
//   - spaces around a value, and around each item of a list, are dropped:
//     ASCII space and tab, the ideographic (full-width) space U+3000 and
//     the no-break space U+00A0;
//   - in numbers, full-width digits ０-９ are digits, full-width ．＋－ are
//     . + -, and the minus signs − (U+2212), ‒ (U+2012), – (U+2013) and
//     ﹣ (U+FE63) are -;
//   - in lists, full-width ；(U+FF1B), ，(U+FF0C) and the ideographic
//     comma 、(U+3001) separate items as ; does.
//
// Each function returns its argument itself, without copying, when it has
// nothing to change: plain cells, the bulk of any file, cost one scan.

// IsCellSpace reports whether r is a space trimmed from around a cell.
func IsCellSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00A0'
}

// plainCell reports whether v is ASCII with no space at either end: a cell
// that none of the rules changes.
func plainCell(v string) bool {
	if v == "" {
		return true
	}
	if c := v[0]; c == ' ' || c == '\t' {
		return false
	}
	if c := v[len(v)-1]; c == ' ' || c == '\t' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// TrimCell drops the spaces around v.
func TrimCell(v string) string {
	if plainCell(v) {
		return v
	}
	return strings.TrimFunc(v, IsCellSpace)
}

// NumberCell is v trimmed, with full-width digits, signs and points and
// the minus signs spelled in ASCII.
func NumberCell(v string) string {
	if plainCell(v) {
		return v
	}
	v = strings.TrimFunc(v, IsCellSpace)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + r - '０'
		case r == '．':
			return '.'
		case r == '＋':
			return '+'
		case r == '－', r == '\u2212', r == '\u2012', r == '\u2013', r == '\uFE63':
			return '-'
		}
		return r
	}, v)
}

// IsListSep reports whether r separates the items of a list.
func IsListSep(r rune) bool {
	return r == ';' || r == '；' || r == '，' || r == '、'
}

// ListCell is the list v with its items trimmed and joined by ";". A list
// of spaces only is "" (no list).
func ListCell(v string) string {
	if PlainList(v) {
		return v
	}
	v = strings.TrimFunc(v, IsCellSpace)
	if v == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(v))
	for {
		i := strings.IndexFunc(v, IsListSep)
		item := v
		if i >= 0 {
			item = v[:i]
		}
		b.WriteString(strings.TrimFunc(item, IsCellSpace))
		if i < 0 {
			return b.String()
		}
		b.WriteByte(';')
		_, n := utf8.DecodeRuneInString(v[i:])
		v = v[i+n:]
	}
}

// PlainList reports whether v is ASCII with no space at all: a list
// that ListCell leaves as it is.
func PlainList(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= utf8.RuneSelf || c == ' ' || c == '\t' {
			return false
		}
	}
	return true
}
