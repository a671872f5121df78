package xlsxfile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestDeterministic writes the same workbook of streamed sheets several
// times, gets the same bytes each time, and reads it back.
func TestDeterministic(t *testing.T) {
	write := func() []byte {
		f := New()
		defer f.Close()
		for i, name := range []string{"a", "b", "c", "d", "e"} {
			require.NoError(t, WriteSheet(f, name, 2, func(r int) ([]any, error) { return []any{name, i + r}, nil }))
		}
		var b bytes.Buffer
		require.NoError(t, f.Write(&b))
		return b.Bytes()
	}
	first := write()
	for range 5 {
		require.Equal(t, first, write())
	}
	f, err := excelize.OpenReader(bytes.NewReader(first))
	require.NoError(t, err)
	defer f.Close()
	require.Equal(t, []string{"a", "b", "c", "d", "e"}, f.GetSheetList())
	v, err := f.GetCellValue("d", "B2")
	require.NoError(t, err)
	require.Equal(t, "4", v)
}

// TestWriteTable: a table's header is bold on a fill and frozen, its
// columns as wide as their widest cell (a CJK character counting two)
// between the minimum and the cap, its dimension its range, with a filter.
func TestWriteTable(t *testing.T) {
	f := New()
	defer f.Close()
	long := strings.Repeat("x", 80)
	rows := [][]any{{"东山县职业中学", 7, long}, {"a", 12345678, "y"}}
	require.NoError(t, WriteTable(f, "t", []string{"school", "n", "note"}, len(rows), func(i int) ([]any, error) { return rows[i], nil }))
	require.NoError(t, WriteTable(f, "empty", []string{"only", "header"}, 0, nil))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))

	g, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer g.Close()
	for col, want := range map[string]float64{"A": 7*2 + 2, "B": 8 + 2, "C": 50} {
		w, err := g.GetColWidth("t", col)
		require.NoError(t, err)
		assert.Equal(t, want, w, col)
	}
	for sheet, dim := range map[string]string{"t": "A1:C3", "empty": "A1:B1"} {
		got, err := g.GetSheetDimension(sheet)
		require.NoError(t, err)
		assert.Equal(t, dim, got)
		id, err := g.GetCellStyle(sheet, "B1")
		require.NoError(t, err)
		st, err := g.GetStyle(id)
		require.NoError(t, err)
		require.NotNil(t, st.Font)
		assert.True(t, st.Font.Bold)
		assert.Equal(t, []string{"DDEBF7"}, st.Fill.Color)
		p, err := g.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, p.Freeze)
		assert.Equal(t, 1, p.YSplit)
	}
	got, err := g.GetRows("t")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"school", "n", "note"}, {"东山县职业中学", "7", long}, {"a", "12345678", "y"}}, got)
	var filters []string
	for _, dn := range g.GetDefinedName() {
		filters = append(filters, dn.RefersTo)
	}
	assert.Equal(t, []string{"'t'!$A$1:$C$3", "'empty'!$A$1:$B$1"}, filters)
}

// TestCellWidth: a cell's width counts two for a wide character as
// internal/textwidth does. The hand-coded ranges it replaced gave two to
// half-width katakana and Hangul (ｶﾀｶﾅ: 8, now 4, as Excel draws them
// narrow) and one to CJK symbols outside the Han, kana and punctuation
// blocks (㎡ and ㈱: 1, now 2).
func TestCellWidth(t *testing.T) {
	for _, c := range []struct {
		v    any
		want float64
	}{
		{nil, 0},
		{"", 0},
		{12345678, 8},
		{1.5, 3},
		{"东山县职业中学", 14},
		{"１８", 4},
		{"ｶﾀｶﾅ", 4},
		{"面积 12㎡", 9},
		{"㈱", 2},
	} {
		assert.Equal(t, c.want, cellWidth(c.v), "%v", c.v)
	}
}
