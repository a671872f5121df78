package whatif

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

// The problems of a change file in Chinese. A problem's cause is a *cause
// of this package (its English format is the key of the catalogue below)
// or an error of package model (an encoding problem), which model words in
// Chinese itself; the location (file, line, sheet, row) and the "did you
// mean" are model's.

// cause is the cause of a problem of a change file: a message of the
// catalogue wrapping one of model's sentinel errors.
type cause struct {
	sentinel error
	format   string
	args     []any
}

func (c *cause) Error() string { return fmt.Sprintf(c.format, c.args...) }
func (c *cause) Unwrap() error { return c.sentinel }

func errorf(sentinel error, format string, args ...any) error {
	return &cause{sentinel: sentinel, format: format, args: args}
}

var changeCatalog = lang.NewCatalog(map[string]string{
	"%d is out of range 0..%d":                          "%d 超出范围 0..%d",
	"%d seats: want a change between -%d and %d, not 0": "%d 个席位：应为 -%d 到 %d 之间的改动，且不为 0",
	"%q is not a change file (want format %q)":          "%q 不是改动文件（格式应为 %q）",
	"%v": "%v",
	"%s": "%s",
	"a change file is one JSON object, not %s":                                          "改动文件是一个 JSON 对象，而不是%s",
	"a change of %s %s has no field %s (it may set %s)":                                 "%[1]s %[2]s 的改动没有字段 %[3]s（可设置 %[4]s）",
	"a withdrawn position takes no other change":                                        "撤回的岗位不能再有其他改动",
	"change file larger than %d bytes":                                                  "改动文件超过 %d 字节",
	"changes nothing of %s %s (set one of %s)":                                          "没有改动%[1]s %[2]s 的任何内容（请设置 %[3]s 之一）",
	"column given twice":                                                                "列出现了两次",
	"empty ID":                                                                          "ID 为空",
	"empty: a change table has a header row naming its columns (%s)":                    "表为空：改动表需要一行表头写明各列（%s）",
	"false changes nothing: leave it out":                                               "false 不改动任何内容：请删去该项",
	"give seats (a change) or capacity (the new number), not both":                      "seats（增减）与 capacity（新的数目）只能给一个",
	"lists no student":                                                                  "没有列出学生",
	"missing":                                                                           "缺少",
	"missing: a change file lists its changes":                                          "缺少：改动文件需要列出其改动（changes）",
	"names %s: one target an entry":                                                     "同时指定了 %s：每条改动只能有一个对象",
	"names no target (want one of position, enterprise, region or students)":            "没有指定对象（应为 position、enterprise、region 或 students 之一）",
	"not valid CSV: %v":                                                                 "不是有效的 CSV：%v",
	"not valid JSON: %v":                                                                "不是有效的 JSON：%v",
	"position %q was withdrawn by %s":                                                   "岗位 %[1]q 已被%[2]s撤回",
	"position %q would have %d seats, more than %d":                                     "岗位 %[1]q 将有 %[2]d 个席位，超过 %[3]d",
	"removes %d seats from position %q, which has %d":                                   "从岗位 %[2]q 减去 %[1]d 个席位，但它只有 %[3]d 个",
	"student %q already listed at students[%d]":                                         "学生 %q 已列在 students[%d]",
	"student %q was withdrawn by %s":                                                    "学生 %[1]q 已被%[2]s撤回",
	"students can only be withdrawn: set \"withdraw\": true":                            "学生只能撤回：请设置 \"withdraw\": true",
	"the header names no target column (want position, enterprise, region or students)": "表头没有对象列（应为 position、enterprise、region 或 students）",
	"the header names no target column (want 岗位, 企业, 地区 or 学生)":                         "表头缺少“岗位”、“企业”、“地区”或“学生”列（至少需要其中一列）",
	"this looks like a cohort file, not a change file (it has no \"changes\" list)":     "这看起来是分配数据文件，而不是改动文件（没有 \"changes\" 列表）",
	"this looks like a cohort table, not a change table (its header has no position, enterprise, region or students column)": "这看起来是分配数据的表，而不是改动表（表头没有 position、enterprise、region 或 students 列）",
	"unknown column, ignored (the columns are %s)":                     "未知的列，已忽略（可用的列：%s）",
	"unknown enterprise %q":                                            "未知的企业 %q",
	"unknown field, ignored (the fields are format, name and changes)": "未知的字段，已忽略（可用的字段：format、name 和 changes）",
	"unknown field":                  "未知的字段",
	"unknown position %q":            "未知的岗位 %q",
	"unknown region %q":              "未知的地区 %q",
	"unknown student %q":             "未知的学生 %q",
	"want a list of changes, got %s": "应为改动的列表，实为%s",
	"want a whole number, got %q":    "应为整数，实为 %q",
	"want an object, got %s":         "应为对象，实为%s",
	"want text, got %s":              "应为文字，实为%s",
	"want yes or no (是 or 否), or an empty cell, got %q": "应为 是 或 否（yes 或 no），或留空，实为 %q",
	"want %s, got %s":                          "应为%s，实为%s",
	"%q: want category=seats, as county:C01=2": "%q：应为 类别=席位数，如 county:C01=2",
	"%q: seats %q is not a whole number":       "%q：席位数 %q 不是整数",
	"unexpected end of file":                   "文件意外结束",
	"more data after the object":               "对象之后还有其他内容",
	// Words of the messages above.
	"%s and %s":                  "%s 和 %s",
	"%s and %s and %s":           "%s、%s 和 %s",
	"%s and %s and %s and %s":    "%s、%s、%s 和 %s",
	"students":                   "学生",
	"the change on line %d":      "第 %d 行的改动",
	"the change on row %d":       "第 %d 行的改动",
	"changes[%d]":                "changes[%d]",
	"position":                   "岗位",
	"enterprise":                 "企业",
	"region":                     "地区",
	"null":                       "null",
	"true or false":              "true 或 false",
	"text":                       "文字",
	"a number":                   "数字",
	"an object":                  "对象",
	"a list":                     "列表",
	"nothing":                    "空",
	"a whole number":             "整数",
	"a value":                    "值",
	"a number that does not fit": "放不下的数字（小数或过大）",
})

// word is an argument of a cause that is itself words of the catalogue,
// translated with the message.
type word string

// Text renders the problems as Error does, in language t (Simplified
// Chinese or English; English for any other), one a line after a count.
func (e *ChangeError) Text(t language.Tag) string {
	if t != lang.Chinese {
		return e.Error()
	}
	var b strings.Builder
	b.WriteString("改动")
	if e.File != "" {
		b.WriteString("文件 " + e.File + " ")
	}
	fmt.Fprintf(&b, "未通过校验：%d 个错误", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t" + ProblemText(p, t))
	}
	return b.String()
}

// ProblemText renders a problem of a change file (one of a [ChangeError]
// or of [Changes.Warnings]) in language t, as p.Error does in English.
func ProblemText(p *model.Problem, t language.Tag) string {
	c, ok := p.Err.(*cause)
	if !ok || t != lang.Chinese {
		return p.Text(t)
	}
	pr := lang.Printer(t, changeCatalog)
	q := *p
	q.Err = model.Errorf(c.sentinel, "%s", c.text(pr, t))
	return q.Text(t)
}

// text words the cause through pr.
func (c *cause) text(pr *message.Printer, t language.Tag) string {
	args := make([]any, len(c.args))
	for i, a := range c.args {
		switch v := a.(type) {
		case word:
			a = pr.Sprintf(string(v))
		case *model.Problem:
			a = v.Text(t)
		case *cause:
			a = v.text(pr, t)
		case error: // model's (a seat category that does not parse)
			a = (&model.Problem{Err: v}).Text(t)
		}
		args[i] = a
	}
	return pr.Sprintf(c.format, args...)
}
