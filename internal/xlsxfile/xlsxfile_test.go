package xlsxfile

import (
	"bytes"
	"testing"

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
