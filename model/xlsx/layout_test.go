package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// The cohort workbook (gen, whatif -changed-cohort) is laid out as the
// result workbooks are: each sheet's dimension its table's range, the
// header bold on a fill, frozen and filtered, the columns as wide as their
// cells; and it reads back unchanged.
func TestWriteLayout(t *testing.T) {
	d := model.Data{
		Majors:    []model.Major{{ID: "AG", Name: "现代农业技术与乡村振兴"}},
		Positions: []model.Position{{ID: "P1", Name: "农技员", Capacity: 2, Majors: []string{"AG"}}},
		Students: []model.Student{
			{ID: "S1", Name: "张伟", Major: "AG", Score: 81, Choices: []string{"P1"}},
			{ID: "S2", Name: "李娜", Major: "AG", Score: 77, Choices: []string{"P1"}},
		},
	}
	c, err := model.New(d, nil)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, xlsx.Write(&b, c))
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	tables, err := model.Tables(c)
	require.NoError(t, err)
	require.Len(t, f.GetSheetList(), len(tables))
	for _, tb := range tables {
		sheet := tb.Name
		last, err := excelize.CoordinatesToCellName(len(tb.Columns), tb.Len+1)
		require.NoError(t, err)
		dim, err := f.GetSheetDimension(sheet)
		require.NoError(t, err)
		assert.Equal(t, "A1:"+last, dim, sheet)
		id, err := f.GetCellStyle(sheet, "A1")
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		require.NotNil(t, st.Font, sheet)
		assert.True(t, st.Font.Bold, sheet)
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, sheet)
		assert.Equal(t, 1, panes.YSplit, sheet)
	}
	// 11 CJK characters count 22, plus a margin.
	w, err := f.GetColWidth("majors", "B")
	require.NoError(t, err)
	assert.Equal(t, 24.0, w)
	// A filter on every table.
	var filters int
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters++
		}
	}
	assert.Equal(t, len(f.GetSheetList()), filters)

	c2, err := xlsx.Read(bytes.NewReader(b.Bytes()), "x.xlsx", nil)
	require.NoError(t, err)
	require.Equal(t, c.Data(), c2.Data())
	// The same cohort, the same bytes.
	var b2 bytes.Buffer
	require.NoError(t, xlsx.Write(&b2, c))
	require.Equal(t, b.Bytes(), b2.Bytes())
}
