// Package textwidth is the project's one measure of how wide a text is
// displayed in columns: the report's text tables pad their cells with it
// and the Excel workbooks size their columns with it.
//
// A character is two columns when Unicode's East Asian Width
// (golang.org/x/text/width) calls it Wide or Fullwidth: Chinese, Japanese
// kana, Hangul syllables, CJK punctuation and symbols (、。《》㎡),
// full-width forms (１８，Ａ) and emoji. Every other character is one
// column, the Ambiguous ones (·, —, ①) and the half-width forms (ｱ, ﾡ)
// included, as terminals and Excel's Latin fonts show them.
//
// Functions are pure and safe for concurrent use; String is O(len(s)).
package textwidth

import "golang.org/x/text/width"

// Rune is the number of columns r takes: 2 or 1.
func Rune(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// String is the number of columns s takes: the sum of [Rune] over its
// characters (an invalid byte counts as one).
func String(s string) int {
	n := 0
	for _, r := range s {
		n += Rune(r)
	}
	return n
}
