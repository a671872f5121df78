package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
)

// zhSheets and zhHeaders are the Chinese names a planner gives a cohort
// workbook's sheets and columns: the result workbook's words (学生, 姓名,
// 学校, 专业, 层次, 生源地, 岗位名称, 企业, 岗位所在地) and the pages' (名额,
// 志愿, 上限, 下限).
var (
	zhSheets = map[string]string{"cohort": "分配数据", "regions": "地区", "schools": "学校", "majors": "专业",
		"enterprises": "企业", "order_classes": "订单班", "positions": "岗位", "students": "学生"}
	zhHeaders = map[string]map[string]string{
		"regions":   {"id": "地区编号", "name": "地区名称", "kind": "类型", "cap": "上限", "floor": "下限"},
		"schools":   {"id": "学校编号", "name": "学校名称", "level": "层次", "region": "地区"},
		"majors":    {"id": "专业编号", "name": "专业名称"},
		"positions": {"id": "岗位编号", "name": "岗位名称", "enterprise": "企业", "region": "岗位所在地", "capacity": "名额", "majors": "专业", "reserved": "预留名额"},
		"students": {"id": "学生编号", "name": "姓名", "school": "学校", "major": "专业", "level": "层次", "region": "生源地",
			"score": "分数", "special_post": "专项生", "order_class": "订单班", "choices": "志愿"},
	}
)

// TestExcelChineseNames: the workbook Write writes, its sheets and headers
// renamed in Chinese and a notes sheet 概要 added, reads to the same data
// and the same fingerprint.
func TestExcelChineseNames(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.05, 11))
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, xlsx.Write(&b, c))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer f.Close()
	renamed := 0
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		require.NoError(t, err)
		for j, h := range rows[0] {
			if zh, ok := zhHeaders[s][h]; ok {
				cell, _ := excelize.CoordinatesToCellName(j+1, 1)
				require.NoError(t, f.SetCellStr(s, cell, zh))
				renamed++
			}
		}
		require.NoError(t, f.SetSheetName(s, zhSheets[s]))
	}
	require.Greater(t, renamed, 20)
	_, err = f.NewSheet("概要")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("概要", "A1", &[]any{"说明", "2026 年实习分配"}))
	var zb bytes.Buffer
	require.NoError(t, f.Write(&zb))

	got, err := xlsx.Read(bytes.NewReader(zb.Bytes()), "分配数据.xlsx", nil)
	require.NoError(t, err)
	require.Equal(t, c.Fingerprint(), got.Fingerprint())
	if d := cmp.Diff(c.Data(), got.Data()); d != "" {
		t.Fatalf("data (-English +Chinese):\n%s", d)
	}
	require.Empty(t, got.Warnings())
}

// TestExcelChineseProblemsAsCSV: Chinese sheets and headers as a workbook
// and as a CSV folder (学生.csv) give the same problems, each naming the
// column as its header is written.
func TestExcelChineseProblemsAsCSV(t *testing.T) {
	sheets := []sheet{
		{"岗位", [][]any{{"岗位编号", "名额"}, {"P1", "2"}, {"P2", "-1"}}},
		{"学生", [][]any{{"学生编号", "分数", "志愿", "专项生"}, {"S1", "abc", "P1", "是"}, {"S2", "70", "P9", ""}}},
	}
	_, csvErr := model.LoadCSV(csvOf(sheets...), ".", nil)
	_, xlErr := xlsx.Read(bytes.NewReader(workbookOf(t, sheets...)), "g.xlsx", nil)
	var cv, xv *model.ValidationError
	require.ErrorAs(t, csvErr, &cv)
	require.ErrorAs(t, xlErr, &xv)
	type what struct {
		Line                 int
		Sheet, Field, Record string
	}
	list := func(ps []*model.Problem, excel bool) []what {
		var out []what
		for _, p := range ps {
			w := what{p.Line, p.Sheet, p.Field, p.Entity + " " + p.ID}
			if !excel {
				w.Sheet = p.File[:len(p.File)-len(".csv")]
			}
			out = append(out, w)
		}
		return out
	}
	want := []what{
		{2, "学生", "分数", "student S1"},
		{2, "学生", "生源地", "student S1"}, // a column it lacks, named in Chinese
		{3, "学生", "志愿", "student S2"},
		{3, "岗位", "名额", "position P2"},
	}
	if d := cmp.Diff(want, list(xv.Problems, true)); d != "" {
		t.Errorf("Excel problems (-want +got):\n%s\n%v", d, xv)
	}
	if d := cmp.Diff(want, list(cv.Problems, false)); d != "" {
		t.Errorf("CSV problems (-want +got):\n%s\n%v", d, cv)
	}
}

// TestExcelSheetNames: a table under both its names is refused; a notes
// sheet named 概要 does not make a workbook a result, an assignments sheet
// 分配结果 does.
func TestExcelSheetNames(t *testing.T) {
	students := [][]any{{"id", "choices"}, {"S1", "P1"}}
	positions := [][]any{{"id", "capacity"}, {"P1", 1}}
	tests := []struct {
		name   string
		sheets []sheet
		want   string
	}{{
		name:   "both names",
		sheets: []sheet{{"positions", positions}, {"students", students}, {" 学生 ", students}},
		want:   `g.xlsx: sheet " 学生 ": sheets "students" and " 学生 " are the same table (students); keep one of them`,
	}, {
		name:   "notes only",
		sheets: []sheet{{"概要", [][]any{{"说明"}}}, {"名单", students}},
		want:   `g.xlsx: the workbook has none of a cohort's sheets (students, positions, ...); its sheets are "概要", "名单"`,
	}, {
		name:   "result in Chinese",
		sheets: []sheet{{"分配结果", [][]any{{"学生", "岗位", "志愿位次"}}}, {"概要", [][]any{{"项目", "值"}}}},
		want:   `g.xlsx: the workbook has none of a cohort's sheets (students, positions, ...); it has sheet "分配结果": this looks like a result workbook, not a cohort`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := xlsx.Read(bytes.NewReader(workbookOf(t, tt.sheets...)), "g.xlsx", nil)
			var ve *model.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Problems, 1)
			require.Equal(t, tt.want, ve.Problems[0].Error())
			require.ErrorIs(t, err, model.ErrSyntax)
		})
	}
	// With a cohort's sheets, 概要 is one more sheet, ignored.
	c, err := xlsx.Read(bytes.NewReader(workbookOf(t, sheet{"概要", [][]any{{"说明"}}}, sheet{"岗位", positions}, sheet{"学生", students})), "g.xlsx", nil)
	require.NoError(t, err)
	require.Equal(t, 1, c.NumStudents())
}
