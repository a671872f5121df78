package model

import (
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
)

// The problems a planner reads, in Simplified Chinese and English. The
// English text is the key and is what Error returns; Text renders a
// problem, a group or a whole ValidationError in the language asked for.
// Messages not in the catalogue (rare ones, or the JSON decoder's own) stay
// in English.

// zhMessages is the catalogue's Chinese, by English key.
var zhMessages = map[string]string{
	// Places and punctuation.
	": ":               "：",
	"; ":               "；",
	", ":               "、",
	"sheet %q":         "工作表 %q",
	" row %s":          " 第 %s 行",
	", column %q":      "，列 %q",
	"column %q":        "列 %q",
	"field %q":         "字段 %q",
	"%s records":       "%s记录",
	"%s, %s":           "%s，%s",
	"warning: ":        "警告：",
	"student":          "学生",
	"position":         "岗位",
	"enterprise":       "企业",
	"region":           "地区",
	"school":           "学校",
	"major":            "专业",
	"order class":      "订单班",
	"did you mean %s?": "是否应为 %s？",
	"%s (%s)":          "%s（%s）",
	"%s or %s":         "%s 或 %s",

	// The list and its groups.
	"model: cohort rejected: %d error":                    "数据未通过校验：%d 个错误",
	"model: cohort rejected: %d errors":                   "数据未通过校验：%d 个错误",
	"model: cohort rejected: %d problem (%d rows)":        "数据未通过校验：%d 个问题（涉及 %d 行）",
	"model: cohort rejected: %d problems (%d rows)":       "数据未通过校验：%d 个问题（涉及 %d 行）",
	"model: cohort rejected: %d problem (%d records)":     "数据未通过校验：%d 个问题（涉及 %d 条记录）",
	"model: cohort rejected: %d problems (%d records)":    "数据未通过校验：%d 个问题（涉及 %d 条记录）",
	"model: responses rejected: %d error":                 "回复未通过校验：%d 个错误",
	"model: responses rejected: %d errors":                "回复未通过校验：%d 个错误",
	"model: responses rejected: %d problem (%d rows)":     "回复未通过校验：%d 个问题（涉及 %d 行）",
	"model: responses rejected: %d problems (%d rows)":    "回复未通过校验：%d 个问题（涉及 %d 行）",
	"model: responses rejected: %d problem (%d records)":  "回复未通过校验：%d 个问题（涉及 %d 条记录）",
	"model: responses rejected: %d problems (%d records)": "回复未通过校验：%d 个问题（涉及 %d 条记录）",
	"... and %d more (too many problems)":                 "……另有 %d 个未列出（问题过多）",
	"%s in %d rows (lines %s)":                            "%s，共 %d 行（第 %s 行）",
	"%s in %d rows (lines %s, …)":                         "%s，共 %d 行（第 %s 行等）",
	"%s in %d rows (rows %s)":                             "%s，共 %d 行（第 %s 行）",
	"%s in %d rows (rows %s, …)":                          "%s，共 %d 行（第 %s 行等）",
	"%s in %d records (lines %s)":                         "%s，共 %d 条记录（第 %s 行）",
	"%s in %d records (lines %s, …)":                      "%s，共 %d 条记录（第 %s 行等）",
	"%s in %d records (%s)":                               "%s，共 %d 条记录（%s）",
	"%s in %d records (%s, …)":                            "%s，共 %d 条记录（%s 等）",

	"%s, and %d other values like it,": "%s，另有 %d 个类似的值",

	// Causes.
	"unknown %s %q":                               "未知的%s %q",
	"%q is not a number":                          "%q 不是数字",
	"%q is not a whole number":                    "%q 不是整数",
	"%q is not true or false":                     "%q 不是 true 或 false（也可写 是 或 否）",
	"%d is outside 0..%d":                         "%d 超出范围 0..%d",
	"score %v is not a finite number ≥ 0":         "分数 %v 不是大于等于 0 的有限数",
	"minimum score %v is not a finite number ≥ 0": "最低分数 %v 不是大于等于 0 的有限数",
	"ID also used by line %d":                     "ID 与第 %d 行重复",
	"ID also used by %s":                          "ID 与 %s 重复",
	"%s has no ID":                                "%s 没有 ID",
	"unknown column %q appears twice; both are ignored (and kept when the cohort is written as CSV or Excel)": "未知的列 %q 出现了两次；两列都已忽略（另存为 CSV 或 Excel 时保留）",
	"column %d has no header; its values are ignored":                                                         "第 %d 列没有表头；其中的值已忽略",
	"missing column %q": "缺少列 %q",
	"column %q is column %q again; keep one of them":                                                         "列 %q 与列 %q 是同一列；请只保留其中一列",
	"unknown column %q is ignored (it is kept when the cohort is written as CSV or Excel); did you mean %q?": "未知的列 %q 已忽略（另存为 CSV 或 Excel 时保留）；是否应为 %q？",
	"sheets %q and %q are the same table (%s); keep one of them":                                             "工作表 %q 和 %q 是同一张表（%s）；请只保留其中一张",
	"files %s and %s are the same table (%s); keep one of them":                                              "文件 %s 和 %s 是同一张表（%s）；请只保留其中一个",
	"column %q appears twice": "列 %q 出现了两次",
	"unknown column %q is ignored (it is kept when the cohort is written as CSV or Excel)": "未知的列 %q 已忽略（另存为 CSV 或 Excel 时保留）",
	"position %q: %s":                                                         "岗位 %q：%s",
	"major not accepted":                                                      "专业不符",
	"score below the minimum":                                                 "分数低于最低要求",
	"special post open only to special-post students":                         "专项岗位只招专项生",
	"special post of another county":                                          "其他县的专项岗位",
	"special-post students take only special posts":                           "专项生只能选专项岗位",
	"special-post student lists no special post they may take":                "专项生没有填报可去的专项岗位",
	"%d special-post seats but only %d special-post students from the county": "专项岗位 %d 个名额，但本县专项生只有 %d 人",
	"minimum fill %d but only %d eligible applicants":                         "最低录取 %d 人，但符合条件的申请者只有 %d 人",
	"floor %d but only %d students list an eligible position in the region":   "下限 %d 人，但只有 %d 名学生填报了该地区符合条件的岗位",
	"%d more warnings not listed":                                             "另有 %d 条提示未列出",
	"converted from %s to UTF-8":                                              "已从 %s 转换为 UTF-8",
	"mixed encodings: bytes that are not UTF-8 in a file of UTF-8 text (a cell pasted from a GBK file?); retype them, or save the file again as \"CSV UTF-8\"": "编码混杂：文件是 UTF-8 文本，但这里有不是 UTF-8 的字节（是否从 GBK 文件粘贴了单元格？）；请重新输入这些内容，或把文件另存为“CSV UTF-8”",
	"bytes that are neither UTF-8 nor GB18030 (GBK) text, the encodings of CSV files that Excel saves; save the file as \"CSV UTF-8\"":                         "有无法识别的字节：既不是 UTF-8 也不是 GB18030（GBK）文本（Excel 保存 CSV 文件所用的编码）；请把文件另存为“CSV UTF-8”",
	"bytes that are not %s text, though the file starts with its byte order mark":                                                                              "有无法识别的字节：文件以字节顺序标记开头，但内容不是 %s 文本",
	"unknown field %q":  "未知的字段 %q",
	"unknown member %q": "未知的成员 %q",
	"the folder has no %s, which every cohort needs":                "文件夹中没有 %s，而每份数据都需要它",
	"the file is empty; it needs a header row":                      "文件为空；需要一行表头",
	"row has %d fields, the header %d":                              "该行有 %d 个字段，表头有 %d 个",
	"position %q listed twice":                                      "岗位 %q 填报了两次",
	"major %q listed twice":                                         "专业 %q 列出了两次",
	"unknown level %q (want secondary or higher)":                   "未知的层次 %q（应为 中职 或 高职，即 secondary 或 higher）",
	"unknown region kind %q (want county, zone or out-of-province)": "未知的地区类型 %q（应为 县、园区 或 省外，即 county、zone 或 out-of-province）",
	"minimum fill %d exceeds capacity %d":                           "最低录取人数 %d 超过名额 %d",
	"target %d exceeds capacity %d":                                 "目标人数 %d 超过名额 %d",
	"%d reserved seats exceed capacity %d":                          "预留名额 %d 超过名额 %d",
	"floor %d exceeds the region's cap %d":                          "下限 %d 超过该地区的上限 %d",
	"ID %q has leading or trailing spaces":                          "ID %q 首尾有空格",
	"cannot read %s as %s":                                          "无法把%s读作%s",
	"cannot read %s as text":                                        "无法把%s读作文本",
	"cannot read %s as a number":                                    "无法把%s读作数字",
	"cannot read %s as true or false":                               "无法把%s读作 true 或 false",
	"text":                                                          "文本",
	"a number":                                                      "数字",
	"a whole number":                                                "整数",
	"true or false":                                                 "true 或 false",
	"a list":                                                        "列表",
	"an object":                                                     "对象",

	// Structure, references and policies.
	"%v, which every cohort needs":              "%v，而每份数据都需要它",
	"the sheet is empty; it needs a header row": "工作表为空；需要一行表头",
	"%s has %d rows; it holds one":              "%s有 %d 行；只能有一行",
	"a row exceeds %d bytes":                    "有一行超过 %d 字节",
	"a line exceeds %d bytes":                   "有一行超过 %d 字节",
	"input exceeds %d bytes":                    "输入超过 %d 字节",
	"the file exceeds %d bytes":                 "文件超过 %d 字节",
	"the workbook unzips to more than %d bytes": "工作簿解压后超过 %d 字节",
	"the sheet cannot be read: %v":              "无法读取工作表：%v",
	"not a readable Excel workbook (.xlsx): %v": "不是可读取的 Excel 工作簿（.xlsx）：%v",
	"not an Excel workbook (.xlsx): %v":         "不是 Excel 工作簿（.xlsx）：%v",
	"the workbook has no sheet %q":              "工作簿中没有工作表 %q",
	"the workbook has none of a cohort's sheets (students, positions, ...); it has sheet %q: this looks like a result workbook, not a cohort": "工作簿中没有分配数据的任何工作表（students、positions 等）；它有工作表 %q：这看来是分配结果工作簿，不是分配数据",
	"the workbook has none of a cohort's sheets (students, positions, ...); its sheets are %s":                                                "工作簿中没有分配数据的任何工作表（students、positions 等）；它的工作表是 %s",
	"want a list of IDs, found %s":                   "应为 ID 列表，实际是%s",
	"want an object, found %s":                       "应为对象，实际是%s",
	"want an ID (text), found %s":                    "应为 ID（文本），实际是%s",
	"cannot read %s as a number: value out of range": "无法把%s读作数字：数值超出范围",
	"null":                     "空值（null）",
	"unknown value %d":         "未知的值 %d",
	"unknown seat category %d": "未知的名额类别 %d",
	"unknown seat category %q (want special-post, order-class:ID or county:ID)":          "未知的名额类别 %q（应为 special-post、order-class:ID 或 county:ID）",
	"unknown unused-seat rule %q (want open or empty)":                                   "未知的空余名额规则 %q（应为 open 或 empty）",
	"reserve %q is not CATEGORY=SEATS":                                                   "预留 %q 的格式不是 类别=名额数",
	"reserve %q: seats %q is not a whole number":                                         "预留 %q：名额数 %q 不是整数",
	"seats for %s reserved twice":                                                        "%s的名额预留了两次",
	"%d reserved seats is outside 0..%d":                                                 "预留名额 %d 超出范围 0..%d",
	"seats for order class %q can be reserved only by its sponsor %q":                    "订单班 %q 的名额只能由其合作企业 %q 预留",
	"an order class needs its sponsoring enterprise":                                     "订单班需要填写合作企业",
	"a special post needs a region (its county)":                                         "专项岗位需要填写地区（所在县）",
	"a special post must be in a county, not in %s region %q":                            "专项岗位必须在县里，不能在 %s 类地区 %q",
	"a special-post student needs a home region (their county)":                          "专项生需要填写生源地（所在县）",
	"a special-post student's home region must be a county, not %s region %q":            "专项生的生源地必须是县，不能是 %s 类地区 %q",
	"student %q ranked twice":                                                            "学生 %q 排了两次",
	"%d choices in all; at most %d fit":                                                  "志愿共 %d 个；最多只能有 %d 个",
	"no special post in reach: region %q offers none":                                    "没有可去的专项岗位：地区 %q 没有专项岗位",
	"%d special-post students from the county but only %d special-post seats":            "本县专项生 %d 人，但专项岗位只有 %d 个席位",
	"%d special-post students but only %d special-post seats in all counties":            "专项生 %d 人，但各县专项岗位共只有 %d 个席位",
	"floor %d exceeds the %d seats that positions in the region offer":                   "下限 %d 超过该地区岗位提供的 %d 个席位",
	"cap %d is below the %d seats its positions' minimum fills require":                  "上限 %d 低于其岗位最低录取人数所需的 %d 个席位",
	"ID %q has a character not allowed in IDs (control character, ';' or invalid UTF-8)": "ID %q 含有 ID 中不允许的字符（控制字符、';' 或无效的 UTF-8）",

	// Responses files (responses.go).
	"unknown answer %q (want accept, hold, decline, continue or withdraw)": "未知的回复 %q（应为接受、保留、放弃、继续或退出，即 accept、hold、decline、continue 或 withdraw）",
	"the response names no student":                                        "该回复没有填写学生",
	"full-width characters in %q read as %q":                               "%q 中的全角字符按 %q 读取",
	"the student answered twice (also line %s)":                            "该学生回复了两次（另见第 %s 行）",
	"the student answered twice (also row %s)":                             "该学生回复了两次（另见第 %s 行）",
	"result fingerprint %q differs from %q on row %s":                      "上轮结果指纹 %q 与 %q（第 %s 行）不同",
	"the student answered twice (also %s)":                                 "该学生回复了两次（另见 %s）",
	"new choices are for continue only, not for the answer %q":             "只有“继续”（continue）可以填写新志愿，回复 %q 不可以",
	"new choices given without an answer; they need the answer continue":   "填写了新志愿但没有回复；新志愿需要回复“继续”（continue）",
	"an empty item in the list %q":                                         "列表 %q 中有空项",
	"the file has no responses":                                            "文件中没有任何回复",
	"the sheet has no responses":                                           "工作表中没有任何回复",
	"result fingerprint %q differs from %q on line %s":                     "上轮结果指纹 %q 与 %q（第 %s 行）不同",
	"result fingerprint %q differs from %q in %s":                          "上轮结果指纹 %q 与 %q（%s）不同",
	"unknown column %q is ignored":                                         "未知的列 %q 已忽略",
	"the workbook has no sheet \"responses\" (回复); its sheets are %s":      "工作簿中没有工作表“回复”（responses）；它的工作表是 %s",
}

var catalog = lang.NewCatalog(zhMessages)

// printer is the printer of the catalogue in t; nil for English, which is
// the keys themselves, formatted by fmt exactly as Error formats them.
func printer(t language.Tag) *message.Printer {
	if t != lang.Chinese {
		return nil
	}
	return lang.Printer(t, catalog)
}

// tr formats a message of the catalogue through pr (nil: English).
func tr(pr *message.Printer, format string, args ...any) string {
	if pr == nil {
		if len(args) == 0 {
			return format
		}
		return fmt.Sprintf(format, args...)
	}
	return pr.Sprintf(format, args...)
}

// phrase is an argument of a message that is itself words of the
// catalogue ("a whole number", "student"), translated with the message.
type phrase string

// word translates a fixed text of the catalogue (an entity's name) through
// pr (nil: English).
func word(pr *message.Printer, key string) string {
	if pr == nil {
		return key
	}
	return pr.Sprintf(key)
}

// causeText renders a problem's cause through pr.
func causeText(err error, pr *message.Printer) string {
	switch e := err.(type) {
	case nil:
		return ""
	case *refError:
		return tr(pr, "unknown %s %q", word(pr, entityNames[e.target]), e.value)
	case *causeError:
		if pr == nil || e.format == "" {
			return e.msg
		}
		args := make([]any, len(e.args))
		for i, a := range e.args {
			switch w := a.(type) {
			case phrase:
				a = word(pr, string(w))
			case *causeError, *refError:
				// An error said inside another ("%v, which every
				// cohort needs"), in the same language.
				a = causeText(w.(error), pr)
			}
			args[i] = a
		}
		return pr.Sprintf(e.format, args...)
	}
	return err.Error()
}

// suggestionText is "did you mean SC02 (东山县职业中学2)?", or with several
// "did you mean SC02, SC20 or SC12?".
func suggestionText(ss []Suggestion, pr *message.Printer) string {
	items := make([]string, len(ss))
	for i, s := range ss {
		items[i] = s.ID
		if s.Name != "" {
			items[i] = tr(pr, "%s (%s)", s.ID, s.Name)
		}
	}
	list := items[0]
	if n := len(items); n > 1 {
		list = items[0]
		for _, it := range items[1 : n-1] {
			list += tr(pr, ", ") + it
		}
		list = tr(pr, "%s or %s", list, items[n-1])
	}
	return tr(pr, "did you mean %s?", list)
}

// Text renders the problem as Error does, in language t (Simplified
// Chinese or English; English for any other).
func (p *Problem) Text(t language.Tag) string { return p.render(printer(t)) }

// Text renders the group as Error does, in language t.
func (g *ProblemGroup) Text(t language.Tag) string { return g.render(printer(t)) }

// Text renders the grouped list of problems that Error gives, in language
// t (Simplified Chinese or English; English for any other): the entry
// point for a program that shows a planner why a cohort was rejected.
func (e *ValidationError) Text(t language.Tag) string { return e.render(printer(t)) }
