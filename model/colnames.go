package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Chinese names of the tables and columns. A planner who reads Chinese
// names a workbook's sheets 学生, 岗位, ... and its columns 学生编号, 姓名,
// 志愿, 名额, ...: the readers of tables (CSV files, sheets) take those as
// the English names they stand for, with the words the result workbook
// writes (matching.ResultName: 学生, 姓名, 学校, 专业, 层次, 生源地, 岗位,
// 岗位名称, 企业, 岗位所在地) and the responses reader takes (学生, 学号),
// so that one word means one column everywhere. Names are compared
// folded: full-width forms narrowed, lower case, without spaces ("ID",
// "ｉｄ", " 学生 编号 "). The writers keep the English names.

// tableZh is the Chinese names of each table, a sheet's or a CSV file's
// (without ".csv"), as the command's catalogue words them.
var tableZh = map[string][]string{
	"cohort":        {"分配数据"},
	"regions":       {"地区"},
	"schools":       {"学校"},
	"majors":        {"专业"},
	"enterprises":   {"企业"},
	"order_classes": {"订单班"},
	"positions":     {"岗位"},
	"students":      {"学生"},
}

// columnZh is the Chinese names of each table's columns; the first is
// the one a message names a missing column by.
var columnZh = map[string]map[string][]string{
	"students": {
		"id":           {"学生编号", "学号", "学生", "编号"},
		"name":         {"姓名", "学生姓名", "名称"},
		"school":       {"学校", "学校编号"},
		"major":        {"专业", "专业编号"},
		"level":        {"层次"},
		"region":       {"生源地", "地区"},
		"score":        {"分数", "成绩"},
		"special_post": {"专项生"},
		"order_class":  {"订单班"},
		"choices":      {"志愿"},
	},
	"positions": {
		"id":           {"岗位编号", "岗位", "编号"},
		"name":         {"岗位名称", "名称"},
		"enterprise":   {"企业", "企业编号"},
		"region":       {"岗位所在地", "地区"},
		"capacity":     {"名额"},
		"majors":       {"专业"},
		"min_score":    {"最低分数"},
		"special_post": {"专项岗位"},
		"reserved":     {"预留名额"},
		"min_fill":     {"最低人数", "下限"},
		"target":       {"目标人数"},
		"ranking":      {"排名"},
	},
	"enterprises": {
		"id":     {"企业编号", "企业", "编号"},
		"name":   {"企业名称", "名称"},
		"region": {"地区"},
		"cap":    {"上限"},
	},
	"regions": {
		"id":    {"地区编号", "地区", "编号"},
		"name":  {"地区名称", "名称"},
		"kind":  {"类型"},
		"cap":   {"上限"},
		"floor": {"下限", "最低人数"},
	},
	"schools": {
		"id":     {"学校编号", "学校", "编号"},
		"name":   {"学校名称", "名称"},
		"level":  {"层次"},
		"region": {"地区"},
	},
	"majors": {
		"id":   {"专业编号", "专业", "编号"},
		"name": {"专业名称", "名称"},
	},
	"order_classes": {
		"id":         {"订单班编号", "订单班", "编号"},
		"name":       {"订单班名称", "名称"},
		"enterprise": {"企业"},
	},
	"cohort": {
		"name": {"名称"},
	},
}

// foldName is a table's or a column's name as compared: full-width forms
// narrowed, lower case, every space dropped.
func foldName(s string) string {
	s = strings.ToLower(width.Fold.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// tableKeys maps each folded name of a table to the table.
var tableKeys = func() map[string]string {
	m := map[string]string{}
	for t, zh := range tableZh {
		for _, n := range append([]string{t}, zh...) {
			m[foldName(n)] = t
		}
	}
	return m
}()

// TableKey returns the table ("students", "positions", ..., "cohort") that
// a sheet or a CSV file's stem names, in English or in Chinese (学生, 岗位,
// 企业, 地区, 学校, 专业, 订单班, 分配数据), without regard to case, width
// or spaces; "" for a name of no table.
func TableKey(name string) string { return tableKeys[foldName(name)] }

// TableNames returns the names table goes by: its English name, then its
// Chinese ones.
func TableNames(table string) []string {
	return append([]string{table}, tableZh[table]...)
}

// columnIndex is, for one table, each folded name of its columns, English
// and Chinese, mapped to the column (its English name).
type columnIndex struct {
	keys  map[string]string
	names []string // every name, English then Chinese, in the table's order
}

var columnIndexes = map[string]*columnIndex{}

func init() {
	add := func(table string, cols []string) {
		ix := &columnIndex{keys: map[string]string{}}
		for _, c := range cols {
			for _, n := range append([]string{c}, columnZh[table][c]...) {
				f := foldName(n)
				if k, dup := ix.keys[f]; dup {
					panic(fmt.Sprintf("model: column name %q of table %q is both %q and %q", n, table, k, c)) // a programmer's error in the table
				}
				ix.keys[f] = c
				ix.names = append(ix.names, n)
			}
		}
		columnIndexes[table] = ix
	}
	names := func(cols int, name func(int) string) []string {
		out := make([]string, cols)
		for i := range out {
			out[i] = name(i)
		}
		return out
	}
	add("students", names(len(studentColumns), func(i int) string { return studentColumns[i].name }))
	add("positions", names(len(positionColumns), func(i int) string { return positionColumns[i].name }))
	add("enterprises", names(len(enterpriseColumns), func(i int) string { return enterpriseColumns[i].name }))
	add("regions", names(len(regionColumns), func(i int) string { return regionColumns[i].name }))
	add("schools", names(len(schoolColumns), func(i int) string { return schoolColumns[i].name }))
	add("majors", names(len(majorColumns), func(i int) string { return majorColumns[i].name }))
	add("order_classes", names(len(orderClassColumns), func(i int) string { return orderClassColumns[i].name }))
	add("cohort", names(len(cohortColumns), func(i int) string { return cohortColumns[i].name }))
}

// columnKey returns the column of table that header h names, in English
// or Chinese, or "" when it names none.
func columnKey(table, h string) string {
	if ix := columnIndexes[table]; ix != nil {
		return ix.keys[foldName(h)]
	}
	return ""
}

// columnZhName is the Chinese name of a column, for a message to a
// planner whose header is in Chinese; the column itself when it has none.
func columnZhName(table, col string) string {
	if zh := columnZh[table][col]; len(zh) > 0 {
		return zh[0]
	}
	return col
}

// nearColumn returns the name of a column of table that an unknown
// header h is a near miss of, as the hints for IDs find them (one slip,
// two in a name of more than five characters, none in one of less than
// three), or "" when none is near.
func nearColumn(table, h string) string {
	ix := columnIndexes[table]
	v := []rune(foldName(h))
	if ix == nil || len(v) < 3 {
		return ""
	}
	limit := 1
	if len(v) > 5 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, n := range ix.names {
		f := foldName(n)
		if utf8.RuneCountInString(f) < 3 {
			continue
		}
		if d := distanceAtMost(v, f, limit); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
