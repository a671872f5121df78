package textwidth

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"SC02 school", 11},
		{"东山县职业中学", 14},
		{"E0006 国网能源服务", 6 + 12},
		{"１８，Ａ", 8},               // full-width forms
		{"、。《》", 8},               // CJK punctuation
		{"한국", 4},                 // Hangul syllables
		{"カタカナ", 8},               // Katakana
		{"ｶﾀｶﾅ", 4},               // half-width Katakana: narrow
		{"ﾡ", 1},                  // half-width Hangul: narrow
		{"面积 12㎡", 4 + 1 + 2 + 2}, // CJK compatibility symbols: wide
		{"㈱", 2},                  // enclosed CJK: wide
		{"·—①", 3},                // East Asian Ambiguous: narrow
		{"\xff", 1},               // an invalid byte
	} {
		assert.Equal(t, c.want, String(c.s), "%q", c.s)
	}
}

func ExampleString() {
	fmt.Println(String("E0006 国网能源服务"), String("１８"))
	// Output: 18 4
}
