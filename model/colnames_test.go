package model_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/width"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// zhTables and zhColumns are how a planner who reads Chinese names the
// tables and their columns: the words of the result workbook (学生, 姓名,
// 学校, 专业, 层次, 生源地, 岗位名称, 企业, 岗位所在地) and of the
// workbench's pages (名额, 志愿, 上限, 下限, 预留名额).
var (
	zhTables = map[string]string{
		"cohort": "分配数据", "regions": "地区", "schools": "学校", "majors": "专业",
		"enterprises": "企业", "order_classes": "订单班", "positions": "岗位", "students": "学生",
	}
	zhColumns = map[string]map[string]string{
		"cohort":        {"name": "名称"},
		"regions":       {"id": "地区编号", "name": "地区名称", "kind": "类型", "cap": "上限", "floor": "下限"},
		"schools":       {"id": "学校编号", "name": "学校名称", "level": "层次", "region": "地区"},
		"majors":        {"id": "专业编号", "name": "专业名称"},
		"enterprises":   {"id": "企业编号", "name": "企业名称", "region": "地区", "cap": "上限"},
		"order_classes": {"id": "订单班编号", "name": "订单班名称", "enterprise": "企业"},
		"positions": {"id": "岗位", "name": "岗位名称", "enterprise": "企业", "region": "岗位所在地", "capacity": "名额",
			"majors": "专业", "min_score": "最低分数", "special_post": "专项岗位", "reserved": "预留名额",
			"min_fill": "最低人数", "target": "目标人数", "ranking": "排名"},
		"students": {"id": "学生", "name": "姓名", "school": "学校", "major": "专业", "level": "层次", "region": "生源地",
			"score": "分数", "special_post": "专项生", "order_class": "订单班", "choices": "志愿"},
	}
)

// chineseTables is the tables of c named in Chinese, as far as zhTables and
// zhColumns name them; a column they do not name keeps its English name,
// spelled upper case and full width when odd is set ("ＩＤ").
func chineseTables(t *testing.T, c *model.Cohort, odd bool) memTables {
	m := memTables{}
	for name, rows := range tablesOf(t, c) {
		header := make([]string, len(rows[0]))
		for j, h := range rows[0] {
			zh, ok := zhColumns[name][h]
			switch {
			case ok && odd:
				r := []rune(zh)
				header[j] = " " + string(r[:1]) + "\u3000" + string(r[1:]) + " " // spaces inside and around
			case odd && h == "capacity":
				header[j] = width.Widen.String("Capacity") // "Ｃａｐａｃｉｔｙ"
			case ok:
				header[j] = zh
			case odd:
				header[j] = strings.ToUpper(h)
			default:
				header[j] = h
			}
		}
		m[zhTables[name]] = append([][]string{header}, rows[1:]...)
	}
	return m
}

// zhSource is a memTables keyed by Chinese names, read under the English
// ones as a reader resolves them (model.TableKey).
type zhSource struct{ memTables }

func (s zhSource) name(table string) string {
	for n := range s.memTables {
		if model.TableKey(n) == table {
			return n
		}
	}
	return table
}

func (s zhSource) Place(table string) model.TablePlace {
	return model.TablePlace{File: "memory", Sheet: s.name(table)}
}

func (s zhSource) Open(table string) (model.TableRows, error) {
	return s.memTables.Open(s.name(table))
}

// TestChineseNamesSameCohort: a cohort whose tables and columns are named
// in Chinese reads to the same data, and so the same fingerprint, as the
// same cohort in English, from tables and from CSV files named 学生.csv.
func TestChineseNamesSameCohort(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.05, 7))
	require.NoError(t, err)
	for _, odd := range []bool{false, true} {
		zh := chineseTables(t, c, odd)
		got, err := model.LoadTables(zhSource{zh}, nil)
		require.NoError(t, err, "odd %v", odd)
		require.Equal(t, c.Fingerprint(), got.Fingerprint(), "odd %v", odd)
		if d := cmp.Diff(c.Data(), got.Data()); d != "" {
			t.Fatalf("odd %v: data (-English +Chinese):\n%s", odd, d)
		}
		require.Empty(t, got.Warnings(), "odd %v", odd)

		fsys := fstest.MapFS{}
		for name, rows := range zh {
			var b bytes.Buffer
			require.NoError(t, csv.NewWriter(&b).WriteAll(rows))
			fsys[name+".csv"] = &fstest.MapFile{Data: b.Bytes()}
		}
		got, err = model.LoadCSV(fsys, ".", nil)
		require.NoError(t, err, "odd %v", odd)
		require.Equal(t, c.Fingerprint(), got.Fingerprint(), "CSV, odd %v", odd)
	}
}

// TestChineseNamesProblems: the problems of a table with Chinese headers
// name the columns as the header does; a table or column given under two
// names is refused; a near miss of a column's name is said.
func TestChineseNamesProblems(t *testing.T) {
	positions := [][]string{{"岗位编号", "名额"}, {"P1", "1"}}
	tests := []struct {
		name  string
		src   model.TableSource
		want  []string // the errors
		warns []string
	}{{
		name: "bad cells",
		src: zhSource{memTables{"岗位": positions, "学生": {
			{"学生编号", "姓名", "分数", "志愿"}, {"S1", "张三", "abc", "P1"}, {"S2", "李四", "80", "P9"}}}},
		want: []string{
			`memory: sheet "学生" row 2, column "分数": student "S1": "abc" is not a number`,
			`memory: sheet "学生" row 3, column "志愿": student "S2": unknown position "P9"`,
		},
	}, {
		name: "missing column named in Chinese",
		src:  zhSource{memTables{"岗位": positions, "学生": {{"学号", "姓名"}, {"S1", "张三"}}}},
		want: []string{`memory: sheet "学生" row 1, column "志愿": student: missing column "志愿"`},
	}, {
		name: "one column under two names",
		src:  zhSource{memTables{"岗位": positions, "学生": {{"id", "学生编号", "志愿"}, {"S1", "S1", "P1"}}}},
		want: []string{`memory: sheet "学生" row 1, column "学生编号": student: column "学生编号" is column "id" again; keep one of them`},
	}, {
		name: "near misses and a planner's own column",
		src: zhSource{memTables{"岗位": {{"岗位编号", "名额", "capcity"}, {"P1", "1", "2"}}, "学生": {
			{"学生编号", "志愿", "备注", "学生编码"}, {"S1", "P1", "", ""}}}},
		warns: []string{
			`memory: sheet "学生" row 1, column "备注": warning: unknown column "备注" is ignored (it is kept when the cohort is written as CSV or Excel)`,
			`memory: sheet "学生" row 1, column "学生编码": warning: unknown column "学生编码" is ignored (it is kept when the cohort is written as CSV or Excel); did you mean "学生编号"?`,
			`memory: sheet "岗位" row 1, column "capcity": warning: unknown column "capcity" is ignored (it is kept when the cohort is written as CSV or Excel); did you mean "capacity"?`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := model.LoadTables(tt.src, nil)
			var got, warns []string
			if err != nil {
				var ve *model.ValidationError
				require.ErrorAs(t, err, &ve)
				for _, p := range ve.Problems {
					got = append(got, p.Error())
				}
			} else {
				for _, p := range c.Warnings() {
					warns = append(warns, p.Error())
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.warns, warns); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
		})
	}
}

// TestChineseFileNamesBoth: a folder with a table under both its names is
// refused, naming both files.
func TestChineseFileNamesBoth(t *testing.T) {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"positions.csv": f("id,capacity\nP1,1\n"),
		"students.csv":  f("id,choices\nS1,P1\n"),
		"学生.csv":        f("学生编号,志愿\nS1,P1\n"),
	}
	_, err := model.LoadCSV(fsys, ".", nil)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 1)
	require.Equal(t, "students.csv: files students.csv and 学生.csv are the same table (students); keep one of them", ve.Problems[0].Error())
	require.ErrorIs(t, err, model.ErrSyntax)
}
