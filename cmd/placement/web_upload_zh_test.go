package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/model"
)

// zhUploadNames renames a cohort's tables and its main columns in the
// words a Chinese planner uses (the result workbook's).
var (
	zhUploadSheets  = map[string]string{"students": "学生", "positions": "岗位", "enterprises": "企业", "regions": "地区", "schools": "学校", "majors": "专业", "order_classes": "订单班"}
	zhUploadColumns = map[string]map[string]string{
		"students":  {"id": "学生编号", "name": "姓名", "school": "学校", "major": "专业", "region": "生源地", "score": "分数", "choices": "志愿"},
		"positions": {"id": "岗位编号", "name": "岗位名称", "enterprise": "企业", "capacity": "名额"},
	}
)

// TestWebUploadChineseNames: a workbook and a zipped CSV folder whose
// tables (sheets 学生, files 学生.csv) and columns are named in Chinese are
// accepted as the same cohort, with the same fingerprint; a notes sheet
// 概要 is no sign of a result.
func TestWebUploadChineseNames(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	want, err := model.ReadJSON(bytes.NewReader(readTestdata(t, "testdata/tiny.json")), "tiny.json", nil)
	require.NoError(t, err)
	book := tinyXLSX(t, func(f *excelize.File) {
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s)
			require.NoError(t, err)
			for j, h := range rows[0] {
				if zh, ok := zhUploadColumns[s][h]; ok {
					cell, _ := excelize.CoordinatesToCellName(j+1, 1)
					require.NoError(t, f.SetCellStr(s, cell, zh))
				}
			}
			if zh, ok := zhUploadSheets[s]; ok {
				require.NoError(t, f.SetSheetName(s, zh))
			}
		}
		_, err := f.NewSheet("概要")
		require.NoError(t, err)
	})
	tables, err := model.Tables(want)
	require.NoError(t, err)
	var entries [][2]string
	for _, tb := range tables {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		header := append([]string(nil), tb.Columns...)
		for j, h := range header {
			if zh, ok := zhUploadColumns[tb.Name][h]; ok {
				header[j] = zh
			}
		}
		require.NoError(t, w.Write(header))
		for i := range tb.Len {
			require.NoError(t, w.Write(tb.Row(i, make([]string, len(tb.Columns)))))
		}
		w.Flush()
		name := tb.Name
		if zh, ok := zhUploadSheets[name]; ok {
			name = zh
		}
		entries = append(entries, [2]string{"数据/" + name + ".csv", b.String()})
	}
	for _, up := range []struct {
		name, format string
		data         []byte
	}{
		{"分配数据.xlsx", formatXLSX, book},
		{"分配数据.zip", formatCSVZip, zipOf(t, entries...)},
	} {
		w := c.upload(target, c.csrf, up.name, up.data)
		id := storedFile(t, c, w.Result())
		f, err := c.st.File(context.Background(), id)
		require.NoError(t, err)
		assert.True(t, f.Accepted, up.name)
		assert.Equal(t, up.format, f.Format, up.name)
		assert.Equal(t, want.Fingerprint(), f.Fingerprint, up.name)
	}
}
