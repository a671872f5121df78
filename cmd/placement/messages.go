package main

import (
	"fmt"
	"maps"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
)

// cat is the command's catalogue: every message a planner reads, keyed by
// its English text (the fallback), with its Simplified Chinese. Words the
// planners use: 学生 student, 岗位 position, 企业 enterprise, 地区
// region, 志愿 choice, 分数 score, 名额 seat, 录取线 cutoff, 上限 cap,
// 专项岗位 special post, 专项生 special-post student, 订单班 order
// class, 公开名额 open seats, 排序第 N priority rank N; the mechanisms
// 学生优先稳定分配 (student-da), 企业优先稳定分配 (position-da), 最优分配
// (optimal), and the objectives 志愿位次总和最小 (rank-sum), 第一志愿最多
// 优先 (rank-maximal), 最差志愿最少 (generous). TestCatalogue checks that
// every message has its translation with the same verbs.
var cat = lang.NewCatalog(withWords(zhMessages))

// withWords is zh with package words' names added (mechanisms,
// objectives, reasons, levels, terms), which the command translates as
// the report does; it panics when zh translates one of them otherwise.
func withWords(zh map[string]string) map[string]string {
	all := maps.Clone(zh)
	for en, w := range words.Chinese() {
		if old, ok := all[en]; ok && old != w {
			panic(fmt.Sprintf("messages: %q is %q here, %q in package words", en, old, w))
		}
		all[en] = w
	}
	return all
}

var zhMessages = map[string]string{
	// A cohort's warnings (lang.go).
	"the cohort has %d warnings (it is used as it is):":      "数据有 %d 条提示（数据照常使用）：",
	"the cohort has %d warnings (solve and check list them)": "数据有 %d 条提示（solve 和 check 会列出）",
	"… and %d more warnings like these":                      "……另有 %d 条类似提示",
	// Names of the library's things (lang.go).
	"%s, objective %s":                                    "%s，目标：%s",
	"unplaced %d":                                         "未分配 %d 人",
	"total rank %d":                                       "志愿位次总和 %d",
	"choice %d obtained by %d":                            "第 %d 志愿 %d 人",
	"the position does not accept the major %s":           "该岗位不招收 %s 专业",
	"score %s below the position's minimum %s":            "分数 %s 低于该岗位的最低分数 %s",
	"a special post, open only to special-post students":  "这是专项岗位，只向专项生开放",
	"a special post of another county than the student's": "这是其他县的专项岗位，不是该生生源县的",
	"a special-post student takes only special posts":     "专项生只能去专项岗位",
	"open seats": "公开名额",
	"seats reserved for special-post students": "专项生预留名额",
	"seats reserved for order class %s":        "订单班 %s 预留名额",
	"seats reserved for students from %s":      "%s 生源预留名额",
	"open to all when unused":                  "未用完时转为公开名额",
	"kept empty when unused":                   "未用完时空置",
	"%s: %d, %s":                               "%s %d 个，%s",
	"enterprise %s (cap %d, %d placed)":        "企业 %s（上限 %d 人，已分配 %d 人）",
	"region %s (cap %d, %d placed)":            "地区 %s（上限 %d 人，已分配 %d 人）",
	", ":                                       "，",
	"; ":                                       "；",
	" and ":                                    "、",
	": %s":                                     "：%s",
	"%s: %s":                                   "%s：%s",

	// The progress line on a terminal (progress.go).
	"loading %s":                  "正在读取 %s",
	"reading %s":                  "正在读取 %s",
	"compiling":                   "正在编译",
	"solving (%s)":                "正在求解（%s）",
	"checking":                    "正在检查",
	"writing %s":                  "正在写入 %s",
	"writing into %s":             "正在写入 %s",
	"explaining":                  "正在分析",
	"generating":                  "正在生成",
	"generating the group preset": "正在生成集团示例数据",
	"writing the charts":          "正在写入图表",
	"counting for the report":     "正在统计报告",
	"%d proposals, %d of %d proposers through their first round": "已申请 %d 次，%[3]d 个申请方中 %[2]d 个已完成第一轮",
	"phase %d done (%s), %d criteria left":                       "第 %d 阶段完成（%s），还剩 %d 个准则",

	// Usage and input errors (run.go, lang.go, each verb).
	"usage: placement %s %s [-lang zh|en]\n\n":                           "用法：placement %s %s [-lang zh|en]\n\n",
	"\nExit codes: %s.\n":                                                "\n退出码：%s。\n",
	"placement %s: unexpected argument %q\n":                             "placement %s：多余的参数 %q\n",
	"placement: unknown verb %q\n":                                       "placement：未知命令 %q\n",
	"-cohort and -out are required":                                      "必须给出 -cohort 和 -out",
	"-cohort and -result are required":                                   "必须给出 -cohort 和 -result",
	"-cohort and one of -student and -position are required":             "必须给出 -cohort，以及 -student 和 -position 二者之一",
	"-limit must not be negative":                                        "-limit 不能为负数",
	"%s has no student %q":                                               "%s 中没有学生 %q",
	"%s has no position %q":                                              "%s 中没有岗位 %q",
	"write %s: no such file or folder (create the folder first)":         "无法写入 %s：所在文件夹不存在（请先创建该文件夹）",
	"%s: no such file or folder":                                         "%s：文件或文件夹不存在",
	"%s: an .xls workbook (Excel 97-2003) is not read; save it as .xlsx": "%s：不能读取 .xls 工作簿（Excel 97-2003），请在 Excel 中另存为 .xlsx",
	"%s: a cohort in CSV is a folder of CSV files (students.csv, positions.csv, ...): give the folder": "%s：CSV 格式的分配数据是一个装有多个 CSV 文件（students.csv、positions.csv 等）的文件夹：请给出该文件夹",
	"-cohort and -changes are required": "必须给出 -cohort 和 -changes",
	"-list must not be negative":        "-list 不能为负数",
	"-chart-format %q: want png or svg": "-chart-format %q：应为 png 或 svg",
	" or ":                              " 或 ",
	"-%s %s: the .xls format (Excel 97-2003) is not written; name the file .xlsx":                                             "-%s %s：不能写出 .xls 格式（Excel 97-2003），请将文件名改为 .xlsx",
	"-%s %s: the name has no extension to say its format; end it in %s":                                                       "-%s %s：文件名没有表示格式的扩展名；请以 %s 结尾",
	"-%[1]s %[2]s: %[3]s is not a format of -%[1]s; end the name in %[4]s":                                                    "-%[1]s %[2]s：%[3]s 不是 -%[1]s 的格式；文件名请以 %[4]s 结尾",
	"-%s %s: a CSV result cannot carry the certificate that proves an optimal allocation optimal; write it as .xlsx or .json": "-%s %s：CSV 结果无法携带证明最优分配最优的证书；请写成 .xlsx 或 .json",
	"-%s %s: a folder, not a %s file: give a folder's name":                                                                   "-%s %s：这里要的是文件夹，不是 %s 文件：请给出文件夹名",
	"-%s %s: a file, not a folder: give a folder's name":                                                                      "-%s %s：这是文件，不是文件夹：请给出文件夹名",
	"-%s %s: the folder is not empty; give a new or an empty folder for the CSV files":                                        "-%s %s：文件夹不是空的；请为 CSV 文件给出新的或空的文件夹",
	"-%s %s: unknown format %q: want FILE.json, FILE.xlsx, or a folder for CSV files (a name without extension)":              "-%s %s：未知格式 %q：应为 文件.json、文件.xlsx，或存放 CSV 文件的文件夹（不带扩展名的名称）",
	"%s is a folder: a change file is one file: JSON (format %s), .csv or .xlsx":                                              "%s 是文件夹：变更文件是单个文件：JSON（格式 %s）、.csv 或 .xlsx",
	"%s: not an Excel workbook (.xlsx): %v":                                                                                   "%s：不是 Excel 工作簿（.xlsx）：%v",
	"%s: no sheet %q (the workbook has %s)":                                                                                   "%s：没有工作表 %q（该工作簿有 %s）",
	"a result of cohort %q, not of %q":                                                                                        "这是分配数据 %q 的结果，不是 %q 的",
	"the file names its own run: %s (drop the flags, or give the file they belong to)":                                        "文件自带其运行参数：%s（请去掉这些参数，或给出与之对应的文件）",
	"%s: the allocation does not hold under seed %d, tie-break %s, reserve order %s (%d findings, the first: %s); give the -seed, -tie-break and -reserve-order of its run, or run check on it": "%s：该分配在随机种子 %d、抽签方式 %s、名额顺序 %s 下不成立（%d 个问题，第一个：%s）；请给出其运行时的 -seed、-tie-break 和 -reserve-order，或用 check 检查",
	"the cohort has changed since this result was computed (fingerprint %s, result computed on %s)":                                                                                             "分配数据在计算该结果之后已有改动（数据指纹 %s，计算结果时为 %s）：请重新求解，或换用计算时的分配数据",
	"base cohort: %s":                           "原数据：%s",
	"changed cohort: %s":                        "变更后的数据：%s",
	"-out is required":                          "必须给出 -out",
	"give -scale or -students, not both":        "-scale 和 -students 只能给出一个",
	"-scale %s: want a number above 0":          "-scale %s：应为大于 0 的数",
	"-scale %s: at most %d (%d students)":       "-scale %s：最大为 %d（%d 名学生）",
	"-scale %s: want a size factor in (0, 400]": "-scale %s：规模系数应在 (0, 400] 之内",
	"-students %d: want at least 1":             "-students %d：至少为 1",
	"unknown -preset %q: want group or uniform": "未知的 -preset %q：应为 group 或 uniform",

	// solve (run.go).
	"%s: %d of %d students placed, total rank %d%s (load %v, compile %v, solve %v, check %v)\n":  "%[1]s：%[3]d 名学生中已分配 %[2]d 名，志愿位次总和 %[4]d%[5]s（读取 %[6]v，编译 %[7]v，求解 %[8]v，检查 %[9]v）\n",
	"price of stability (optimal vs stable):\n":                                                  "稳定的代价（最优分配 对比 稳定分配）：\n",
	"  placed       %d vs %d\n":                                                                  "  已分配人数       %d 对 %d\n",
	"  total rank   %d vs %d\n":                                                                  "  志愿位次总和     %d 对 %d\n",
	"  by rank      %s vs %s\n":                                                                  "  各志愿人数       %s 对 %s\n",
	"  students     %d better off, %d worse off, %d the same\n":                                  "  学生             %d 人更好，%d 人更差，%d 人不变\n",
	"  not stable   %d pairs who would both rather be together, %d students in them\n":           "  不稳定         %d 对学生与岗位互相更愿意配对，涉及 %d 名学生\n",
	"; objective value: %s":                                                                      "；目标值：%s",
	"  special posts in %s: %d of %d seats filled; its special-post students: %d of %d placed\n": "  %[1]s 的专项岗位：%[3]d 个名额已填 %[2]d 个；该县专项生 %[5]d 人中已分配 %[4]d 人\n",
	"  cap of region %s: %d of %d placed\n":                                                      "  地区 %[1]s 的上限 %[3]d 人：已分配 %[2]d 人\n",
	"  enterprise caps: %d of %d full":                                                           "  企业上限：%[2]d 家中 %[1]d 家已满",
	"and %d more quotas":                                                                         "另有 %d 项",
	"and %d more":                                                                                "另有 %d 家",
	"placement whatif: the base result failed its check (%d findings)\n":                         "placement whatif：原数据的结果未通过检查（%d 个问题）\n",
	"placement whatif: the changed result failed its check (%d findings)\n":                      "placement whatif：变更后数据的结果未通过检查（%d 个问题）\n",
	"placement solve: the result failed its check (%d findings); no file written\n":              "placement solve：结果未通过检查（%d 个问题）；未写入文件\n",

	// check (run.go, lang.go).
	"placement check: %d findings\n": "placement check：发现 %d 个问题\n",
	"no findings: %d students, complete, within every capacity, reserve and cap, and stable\n":                                                                         "没有发现问题：%d 名学生，无遗漏，未超出任何名额、预留与上限，且分配稳定\n",
	"no findings: %d students, complete, within capacity and every quota; %s; %d pairs who would both rather be together (an optimal allocation need not be stable)\n": "没有发现问题：%d 名学生，无遗漏，未超出名额与任何配额；%s；%d 对学生与岗位互相更愿意配对（最优分配不一定稳定）\n",
	"optimality not checked (the file carries no certificate)":                                                                                                         "未验证最优性（文件不含最优性证书）",
	"optimal for %s, certificate checked: %s":                                                                                                                          "对目标“%s”最优，证书已验证：%s",
	"missing: student %s is not in the allocation":                                                                                                                     "缺少：学生 %s 不在分配结果中",
	"duplicate: student %s appears more than once":                                                                                                                     "重复：学生 %s 出现不止一次",
	"not chosen: student %s is placed at %s, which they did not list":                                                                                                  "非本人志愿：学生 %s 被分配到 %s，但其志愿中没有该岗位",
	"not eligible: student %s is placed at %s: %s":                                                                                                                     "不符合条件：学生 %s 被分配到 %s：%s",
	"not in the ranking: student %s is placed at %s, whose own ranking does not list them":                                                                             "不在排名中：学生 %s 被分配到 %s，但该岗位的排名名单中没有该生",
	"wrong rank: student %s at %s: the file says choice %d, their list says %d":                                                                                        "志愿序号不符：学生 %s 在 %s：文件写第 %d 志愿，其志愿表中是第 %d 志愿",
	"over capacity: position %s admits %d students for %d seats":                                                                                                       "超出名额：岗位 %[1]s 只有 %[3]d 个名额，却录取了 %[2]d 名学生",
	"not stable: student %s would rather have %s, which would take them":                                                                                               "不稳定：学生 %s 更想去 %s，而该岗位也会录取该生",
	"objective value: the file states %s, the allocation reaches %s":                                                                                                   "目标值：文件写的是 %s，该分配实际达到 %s",
	"enterprise cap: enterprise %s takes %d students, cap %d":                                                                                                          "企业上限：企业 %s 录取 %d 人，上限 %d 人",
	"region cap: region %s takes %d students, cap %d":                                                                                                                  "地区上限：地区 %s 录取 %d 人，上限 %d 人",
	"floor: region %s takes %d students, floor %d":                                                                                                                     "地区下限：地区 %s 录取 %d 人，下限 %d 人",
	"minimum fill: position %s takes %d students, minimum %d":                                                                                                          "最低录取人数：岗位 %s 录取 %d 人，最低 %d 人",
	"reserved seats: position %s holds %d students, but only %d of them can be seated (%s)":                                                                            "预留名额：岗位 %s 有 %d 名学生，但只有 %d 人能安排到其可坐的名额（%s）",
	"special-post promise: %s":                                                                                                                                         "专项生承诺：%s",
	"cap exceeded: enterprise %s admits %d students, cap %d":                                                                                                           "超出上限：企业 %s 录取 %d 人，上限 %d 人",
	"cap exceeded: region %s admits %d students, cap %d":                                                                                                               "超出上限：地区 %s 录取 %d 人，上限 %d 人",
	"unknown index":             "未知编号",
	"reserved seat misused":     "预留名额使用不当",
	"cap exceeded":              "超出上限",
	"more than the cap's share": "超出上限分得的名额",

	// report (report.go).
	"placement %s: warning: %s\n": "placement %s: 警告：%s\n",
	"\nreport written to %s\n":    "\n报告已写入 %s\n",
	"%d charts written to %s\n":   "%d 张图表已写入 %s\n",
	"cohort %v":                   "读取数据 %v",
	"results %v":                  "读取结果 %v",
	"report %v":                   "统计 %v",
	"html %v":                     "写出网页 %v",
	"charts %v":                   "写出图表 %v",
	"(%s)\n":                      "（%s）\n",

	// explain (explain.go).
	"student %s: %s; %s (%s)\n":            "学生 %s：%s；%s（%s）\n",
	"%d choices":                           "共 %d 个志愿",
	"1 choice":                             "共 1 个志愿",
	"score %s":                             "分数 %s",
	"major %s":                             "专业 %s",
	"from %s":                              "生源地 %s",
	"special-post student":                 "专项生",
	"order class %s":                       "订单班 %s",
	"placed: choice %d, %s\n":              "已分配：第 %d 志愿，%s\n",
	"unplaced: %s\n":                       "未分配：%s\n",
	"this is the student's first choice\n": "这是该生的第一志愿\n",
	"choices above it:\n":                  "排在所得岗位之前的志愿：\n",
	", enterprise %s":                      "，企业 %s",
	", region %s":                          "，地区 %s",
	"priority no. %d":                      "排序第 %d",
	"not eligible: %s":                     "不符合条件：%s",
	"not in the ranking: the position's own ranking does not list the student":                              "不在排名中：该岗位的排名名单中没有该生",
	"full: the position has no seats":                                                                       "已满：该岗位没有名额",
	"%s, lowest admitted score %s (%s)":                                                                     "%s最低录取分数 %s（%s）",
	"full: below every cutoff: %s; the student: score %s (%s)":                                              "已满：低于所有录取线：%s；该生：分数 %s（%s）",
	"seats held for others: the seats left are held for a category the student is not in (%s)":              "名额为他人预留：剩余名额预留给该生不属于的类别（%s）",
	"cap full: %s is full":                                                                                  "上限已满：%s已满",
	"cap full: the seats under %s, shared out among their positions in turn, leave this position none more": "上限已满：%s的名额在其各岗位间轮流分配，没有留给该岗位更多名额",
	"seats": "名额",
	"given to others for a better total: the %s would take the student, but the optimal allocation placed others there to place more students or give better choices overall": "名额给了他人以求整体更优：%s本可录取该生，但最优分配为了让更多学生得到分配或整体志愿更好，安排了其他学生",
	"not stable: the %s would take the student (the allocation is not stable)":                                                                                                "不稳定：%s本可录取该生（该分配不稳定）",
	"position %s: %d of %d seats filled (%s)\n": "岗位 %[1]s：%[3]d 个名额已录 %[2]d 人（%[4]s）\n",
	"cutoffs:\n":                          "录取线：\n",
	"%s: %d of %d seats":                  "%[1]s：%[3]d 个名额已录 %[2]d 人",
	", lowest admitted %s, score %s (%s)": "，最低录取 %s，分数 %s（%s）",
	", not of the category: its unused seats went to open competition": "，该生不属于此类别：预留名额未用完，转入公开竞争",
	"choice %d":             "第 %d 志愿",
	"unplaced":              "未分配",
	"got choice %d, %s":     "获得第 %d 志愿 %s",
	"its choice %d; %s; %s": "其第 %d 志愿；%s；%s",
	"  ... and %d more (-limit 0 lists all)\n": "  …… 另有 %d 人（-limit 0 列出全部）\n",
	"  %s score %s: %s\n":                      "  %s 分数 %s：%s\n",
	"%s: %d\n":                                 "%s：%d\n",
	"admitted, by priority":                    "已录取（按优先顺序）",
	"turned away (ranked it above what they got), by priority": "未录取（该岗位排在其所得之前），按优先顺序",

	// explain of an unplaced student, and -student or -position that
	// names no record (explain.go).
	"why each choice did not take them:\n":    "各志愿未录取的原因：\n",
	"%[1]s (%[2]s)":                           "%s（%s）",
	"%s has no student %q; did you mean %s?":  "%s 中没有学生 %q；是否应为 %s？",
	"%s has no position %q; did you mean %s?": "%s 中没有岗位 %q；是否应为 %s？",

	// whatif (whatiftext.go).
	"what if %q (%s): %d students\n":                                                   "假设 %q（%s）：%d 名学生\n",
	"what if (%s): %d students\n":                                                      "假设（%s）：%d 名学生\n",
	"  withdrawn      %d (%d of them placed before)\n":                                 "  退出           %d 人（其中 %d 人原已分配）\n",
	"  placed         %d → %d\n":                                                       "  已分配人数     %d → %d\n",
	"  total rank     %d → %d\n":                                                       "  志愿位次总和   %d → %d\n",
	"  moved          %d: %d better (%d newly placed), %d worse (%d newly unplaced)\n": "  变动           %d 人：%d 人更好（%d 人新获分配），%d 人更差（%d 人失去分配）\n",
	"  fill changed   %d position(s)\n":                                                "  录取人数变化   %d 个岗位\n",
	"%s (rank %d)":                                                                     "%s（第 %d 志愿）",
	":":                                                                                "：",
	"  ... and %d more (-list 0 lists all)\n":                                          "  …… 另有 %d 条（-list 0 列出全部）\n",
	"moved":                   "变动的学生",
	"worse":                   "更差",
	"better":                  "更好",
	"%s %s → %s, %s: %s":      "%s %s → %s，%s：%s",
	"%s (was unplaced)":       "%s（原未分配）",
	"%s (held %s)":            "%s（原为 %s）",
	"fill changed":            "录取人数变化的岗位",
	"withdrawn":               "退出的学生",
	"%s %d → %d":              "%s %d → %d",
	" (%s)":                   "（%s）",
	"%s now refuses them: %s": "%s 现在不录取该生：%s",
	// The notes of package whatif (whatif/diff.go), by their formats.
	"%d seat(s) at %s freed by students who left it": "%[2]s 有 %[1]d 个名额因学生离开而空出",
	"a seat opened at %s through others' moves":      "其他学生的变动使 %s 空出名额",
	"the optimal allocation gives %s to others":      "最优分配把 %s 给了其他学生",
	"%s now refuses them: %s (%s)":                   "%s 现在不录取该生：%s（%s）",
	"%s no longer takes them":                        "%s 不再录取该生",
	"%d place(s) under enterprise %s's cap (full before) freed by students who left its positions": "企业 %[2]s 的上限（原已满）因学生离开其岗位空出 %[1]d 个名额",
	"%d place(s) under region %s's cap (full before) freed by students who left its positions":     "地区 %[2]s 的上限（原已满）因学生离开其岗位空出 %[1]d 个名额",
	"position %s withdrawn":     "岗位 %s 撤销",
	"%s capacity %d → %d":       "%s 名额 %d → %d",
	"%s reserves %v → %v":       "%s 预留名额 %v → %v",
	"%s minimum fill %d → %d":   "%s 最低录取人数 %d → %d",
	"%s target %d → %d":         "%s 目标人数 %d → %d",
	"enterprise %s cap %v → %v": "企业 %s 上限 %v → %v",
	"region %s cap %v → %v":     "地区 %s 上限 %v → %v",
	"region %s floor %d → %d":   "地区 %s 下限 %d → %d",
	"none":                      "无",

	// The diagnosis of an optimal allocation no allocation can meet (lang.go).
	"no allocation meets every quota: short %d: %s call for %d placements, but at most %d are possible (%s)": "没有能满足所有配额的分配：缺 %d 人：%s 需要分配 %d 人，但最多只能分配 %d 人（%s）",
	"; special-post students who cannot be placed: ":                                                         "；无法分配的专项生：",
	"%d of %d in county %s":       "%[3]s 县 %[2]d 人中的 %[1]d 人",
	"nothing":                     "无",
	"position %s minimum fill %d": "岗位 %s 最低录取 %d 人",
	"region %s floor %d":          "地区 %s 下限 %d 人",
	"%d special-post students of no county to place":                                 "无生源县的 %d 名专项生待分配",
	"%d special-post students of county %s to place":                                 "%[2]s 县待分配的 %[1]d 名专项生",
	"position %s capacity %d":                                                        "岗位 %s 名额 %d 个",
	"position %s: %d seats open to all (the others held empty for their categories)": "岗位 %s：%d 个公开名额（其余为其类别空置）",
	"position %s: %d seats held for a category":                                      "岗位 %s：%d 个预留名额",
	"enterprise %s cap %d":                                                           "企业 %s 上限 %d 人",
	"region %s cap %d":                                                               "地区 %s 上限 %d 人",
	"%d applicants of position %s":                                                   "岗位 %[2]s 的 %[1]d 名申请者",
	"%d students whose every choice is among these positions":                        "%d 名学生的所有志愿都在这些岗位中",

	// export-flow.
	"%s: %d nodes, %d arcs, objective %s%s\n": "%s：%d 个节点，%d 条弧，目标：%s%s\n",
	" (first phase only)":                     "（仅第一阶段）",

	// demo, gen.
	"placement demo: the %s failed its check (%d findings); nothing written\n":    "placement demo：%s 未通过检查（%d 个问题）；未写入任何文件\n",
	"\nwritten: %s, %s, %s, %s (open it in a browser), and %d charts in %s\n":     "\n已写入：%[1]s、%[2]s、%[3]s、%[4]s（用浏览器打开），以及 %[6]s 中的 %[5]d 张图表\n",
	"next: placement explain -cohort %s -result %s -student %s\n":                 "下一步：placement explain -cohort %s -result %s -student %s\n",
	"%s: %d students, %d positions, %d enterprises (%s, seed %s) written to %s\n": "%[1]s：%[2]d 名学生，%[3]d 个岗位，%[4]d 家企业（%[5]s，随机种子 %[6]s），已写入 %[7]s\n",

	// Help (-h) of the flags, by their English text (translateUsage).
	langHelp:   "消息的语言：zh（简体中文）或 en（英文）；默认取环境的语言（LC_ALL、LC_MESSAGES、LANG，或 Windows 的显示语言）",
	cohortHelp: "分配数据：JSON 文件、CSV 文件所在的文件夹，或 .xlsx 工作簿",
	"mechanism: student-da, position-da or optimal (min-cost flow under every quota)":                                                                                           "分配方式：student-da（学生优先稳定分配）、position-da（企业优先稳定分配）或 optimal（满足所有配额的最优分配）",
	"objective of -mechanism optimal: rank-sum (most placed, then least total rank), rank-maximal or generous":                                                                  "-mechanism optimal 的目标：rank-sum（志愿位次总和最小：先使分配人数最多，再使志愿位次总和最小）、rank-maximal（第一志愿最多优先）或 generous（最差志愿最少）",
	"objective: rank-sum, rank-maximal or generous":                                                                                                                             "目标：rank-sum（志愿位次总和最小）、rank-maximal（第一志愿最多优先）或 generous（最差志愿最少）",
	"seed of the tie-breaking lottery":                                                                                                                                          "同分抽签的随机种子",
	"lottery for ties in score: single (one for all positions) or multiple (one per position)":                                                                                  "同分抽签方式：single（所有岗位共用一次抽签）或 multiple（每个岗位各抽一次）",
	"which seats of a position with reserves fill first: reserved-first or open-first":                                                                                          "有预留名额的岗位先填哪种名额：reserved-first（先填预留名额）或 open-first（先填公开名额）",
	"with -mechanism optimal: also run student-da and print the price of stability":                                                                                             "与 -mechanism optimal 同用：同时运行学生优先稳定分配，并列出为稳定所付出的代价",
	"result file: .json, .csv or .xlsx (an optimal result: .json or .xlsx, which carry its certificate)":                                                                        "结果文件：.json、.csv 或 .xlsx（最优分配的结果：.json 或 .xlsx，二者带有最优性证书）",
	"write the changed cohort's result here: .json, .csv or .xlsx (an optimal result: .json or .xlsx, which carry its certificate)":                                             "变更后数据的分配结果写入此文件：.json、.csv 或 .xlsx（最优分配的结果：.json 或 .xlsx，二者带有最优性证书）",
	"result file: JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx":                                                                                        "结果文件：JSON；文件名以 .csv 或 .xlsx 结尾时为 CSV 或 Excel 工作簿",
	"a JSON result lists why each choice above a student's placement refused them: most of the file (about 2 kB a student); explain derives it from the placements at any time": "JSON 结果列出学生所得岗位之前每个志愿未录取的原因：占文件的大部分（每名学生约 2 kB）；explain 随时可以根据分配结果推出这些原因",
	"result file as written by solve: JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx":                                                                    "solve 写出的结果文件：JSON；文件名以 .csv 或 .xlsx 结尾时为 CSV 或 Excel 工作簿",
	"the student to explain, by ID: each choice above the one obtained (every choice, when unplaced), why it refused them, and its cutoff":                                      "要解释的学生（学号）：所得岗位之前的每个志愿（未分配时为每个志愿）为何未录取，以及其录取线",
	"result file written by solve (JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx); without it, explain runs -mechanism. A result names its own lottery, seat order and mechanism; only a CSV result written before CSV results carried them takes them from -seed, -tie-break, -reserve-order, -mechanism and -objective": "solve 写出的结果文件（JSON；文件名以 .csv 或 .xlsx 结尾时为 CSV 或 Excel 工作簿）；不给出时，explain 按 -mechanism 重新分配。结果文件自带抽签方式、名额顺序和分配方式；只有早期（尚未记录这些信息的）CSV 结果才取自 -seed、-tie-break、-reserve-order、-mechanism 和 -objective",
	"the position to explain: its cutoffs, who got in, who was turned away and why":                                                        "要解释的岗位：其录取线、录取了谁、谁未被录取以及原因",
	"-position: list at most this many students admitted and turned away (0: all)":                                                         "与 -position 同用：录取和未录取的学生各最多列出这么多人（0：全部）",
	"folder for the cohort, both results, the report and its charts (created if missing)":                                                  "存放分配数据、两种分配结果、报告及其图表的文件夹（不存在时创建）",
	"size of the group preset: 1 gives about 5,000 students, 200 about 1,000,000":                                                          "集团示例的规模：1 约为 5,000 名学生，200 约为 1,000,000 名",
	"seed of the generated cohort and of the tie-breaking lottery":                                                                         "生成数据和同分抽签的随机种子",
	"group (the reference group's year: special posts, order classes, caps, floors) or uniform (a plain market of students and positions)": "group（参照集团的一年：专项岗位、订单班、上限、下限）或 uniform（只有学生和岗位的简单市场）",
	"size: 1 gives about 5,000 students, 20 about 100,000, 200 about 1,000,000":                                                            "规模：1 约为 5,000 名学生，20 约为 100,000 名，200 约为 1,000,000 名",
	"size as a number of students (instead of -scale)":                                                                                     "以学生人数表示的规模（代替 -scale）",
	"random seed: the same flags give the same cohort":                                                                                     "随机种子：相同的参数生成相同的数据",
	"where to write: a .json file, an .xlsx workbook, or a folder of CSV files (a name without extension, or an empty folder)":             "写到哪里：.json 文件、.xlsx 工作簿，或 CSV 文件所在的文件夹（不带扩展名的名称，或一个空文件夹）",
	"DIMACS file to write": "要写出的 DIMACS 文件",
	"also print an \"f FROM TO FLOW\" line for every arc carrying flow": "对每条有流量的弧另外输出一行 \"f FROM TO FLOW\"",

	// Exit codes of each verb (verbExits).
	"0 success; 1 a result failed its own check (nothing written); 2 usage error or a file that cannot be written":                                              "0 成功；1 分配结果未通过自身检查（未写入任何文件）；2 用法错误或文件无法写入",
	"0 success; 2 usage error or a file that cannot be written":                                                                                                 "0 成功；2 用法错误或文件无法写入",
	"0 success; 1 the result failed its own check (nothing written); 2 usage or input error; 3 (-mechanism optimal) no allocation meets every quota":            "0 成功；1 分配结果未通过自身检查（未写入任何文件）；2 用法或输入错误；3（-mechanism optimal）没有能满足所有配额的分配",
	"0 no findings; 1 findings; 2 usage or input error":                                                                                                         "0 没有发现问题；1 发现问题；2 用法或输入错误",
	"0 success; 2 usage or input error":                                                                                                                         "0 成功；2 用法或输入错误",
	"0 success; 2 usage or input error; 3 (-mechanism optimal, without -result) no allocation meets every quota":                                                "0 成功；2 用法或输入错误；3（-mechanism optimal，且未给出 -result）没有能满足所有配额的分配",
	"0 success; 1 a result failed its own check (nothing written); 2 usage or input error; 3 (-mechanism optimal) no allocation meets every quota":              "0 成功；1 分配结果未通过自身检查（未写入任何文件）；2 用法或输入错误；3（-mechanism optimal）没有能满足所有配额的分配",
	"0 success; 1 the solution or diagnosis failed its own check; 2 usage error or a DIMACS file that does not parse; 3 the network is infeasible or unbounded": "0 成功；1 解或诊断未通过自身检查；2 用法错误或 DIMACS 文件无法解析；3 网络无可行解或无界",

	// The cohort's inputs (lang.go, fixinputs): the warnings of a rejected
	// cohort, said after its errors.
	"the cohort also has %d warnings:": "另有 %d 条提示：",

	// The command's usage (run.go): its synopses are the same in both
	// languages.
	"usage:":                       "用法：",
	"\nMechanisms (-mechanism):\n": "\n分配方式（-mechanism）：\n",
	"Objectives of an optimal allocation (-objective):\n": "最优分配的目标（-objective）：\n",
	// fixresults: result files (REVIEW2 1, 2, 3, 6, 8, 9, 12).
	"this result is of another cohort, or of this one changed since (fingerprint %s, result computed on %s)":              "该结果属于另一份分配数据，或属于这份数据改动之前的版本（数据指纹 %s，计算结果时为 %s）：请换用计算该结果时的分配数据，或重新求解",
	"%s is a folder: a result is one file, the one solve -out wrote (.json, .csv or .xlsx)":                               "%s 是文件夹：结果是一个文件，即 solve -out 写出的文件（.json、.csv 或 .xlsx）",
	"%s is a cohort (students and positions), not a result: give it as -cohort, and as -result the file solve -out wrote": "%s 是分配数据（学生和岗位），不是结果：请把它作为 -cohort 给出，-result 给出 solve -out 写出的文件",
	"-%s %s, but the file says %s": "-%s %s，但文件中为 %s",
	"lottery seed of a CSV result written before results carried their run (every other result names its own)":                        "早期 CSV 结果（尚未记录运行参数）的抽签随机种子（其他结果自带）",
	"lottery of an early CSV result: single or multiple (every other result names its own)":                                           "早期 CSV 结果的抽签方式：single 或 multiple（其他结果自带）",
	"seat order of an early CSV result: reserved-first or open-first (every other result names its own)":                              "早期 CSV 结果的名额顺序：reserved-first 或 open-first（其他结果自带）",
	"mechanism of an early CSV result: student-da (the default), position-da or optimal (every other result names its own)":           "早期 CSV 结果的分配方式：student-da（默认）、position-da 或 optimal（其他结果自带）",
	"an early CSV result of -mechanism optimal: its objective, rank-sum, rank-maximal or generous (every other result names its own)": "早期最优分配 CSV 结果的目标：rank-sum、rank-maximal 或 generous（其他结果自带）",
	"the result file does not fit the cohort: %d problems":                                                                            "结果文件与分配数据不符：%d 个问题",
	"… and %d more problems":                              "…… 另有 %d 个问题",
	"unknown student %q":                                  "未知的学生 %q",
	"unknown position %q":                                 "未知的岗位 %q",
	"rank %q, want a number from 1":                       "志愿位次 %q 应为从 1 起的数字",
	"ranks that are not a number from 1 (%q, …)":          "志愿位次不是从 1 起的数字（%q 等）",
	"no sheet %q with a header row (the workbook has %s)": "没有带表头的工作表 %q（工作簿中有 %s）",
	"no column %q":                                        "缺少列 %q",
	"%s (%d rows)":                                        "%s（共 %d 行）",
	"; did you mean %s?":                                  "；是否应为 %s？",
	"%s (%s)":                                             "%s（%s）",
	"%s or %s":                                            "%s 或 %s",
	"the result file does not fit the cohort: 1 problem": "结果文件与分配数据不符：1 个问题",
	"%s, %s":              "%s、%s",
	"%s entries %s":       "%s 第 %s 项",
	"%s entries %s, …":    "%s 第 %s 项等",
	"line %s":             "第 %s 行",
	"lines %s":            "第 %s 行",
	"lines %s, …":         "第 %s 行等",
	"sheet %q":            "工作表 %q",
	"sheet %q row %s":     "工作表 %q 第 %s 行",
	"sheet %q rows %s":    "工作表 %q 第 %s 行",
	"sheet %q rows %s, …": "工作表 %q 第 %s 行等",
	"blocking pairs are grouped by position: name at most this many students of each (0: all)": "不稳定的学生—岗位组合按岗位归并：每个岗位最多列出这么多名学生（0：全部）",
	"-list %d: want 0 (all) or more":                                          "-list %d：应为 0（全部）或更大",
	"%s and %d more (-list 0 lists them all)":                                 "%s 等，另有 %d 名（-list 0 列出全部）",
	"not stable: %d students would rather have %s, which would take them: %s": "不稳定：%d 名学生更想去 %s，且该岗位也会录取他们：%s",
	"optimality certificate rejected: %s":                                     "最优性证书未通过验证：%s",
	"student %q placed at %q, not an acceptable pair":                         "学生 %q 被分配到 %q，而这不是可接受的学生—岗位组合",
	"student %q missing":                                                      "缺少学生 %q",
	"placement of student %d: out of range or repeated":                       "学生序号 %d 的分配超出范围或重复",
	"phase criterion %q is not one of objective %v":                           "阶段准则 %q 不属于目标 %v",
	"phases take criteria %q, objective %v needs %q":                          "各阶段的准则为 %q，而目标 %v 需要 %q",
	"phase %d: %d potentials for %d nodes":                                    "第 %d 阶段：有 %d 个节点势，而网络有 %d 个节点",
	"phase %d: reduced cost of arc %d overflows":                              "第 %d 阶段：弧 %d 的约化费用溢出",
	"phase %d (%q): the allocation is not a flow of the phase's network that meets complementary slackness with its potentials: %v": "第 %d 阶段（%q）：该分配不是该阶段网络中与其节点势满足互补松弛条件的流：%v",
	"phase %d (%q): %v":                  "第 %d 阶段（%q）：%v",
	"phase %d: %v":                       "第 %d 阶段：%v",
	"unknown mechanism %q (want %s)":     "未知的分配方式 %q（应为 %s）",
	"unknown objective %q (want %s)":     "未知的目标 %q（应为 %s）",
	"unknown tie-break %q (want %s)":     "未知的抽签方式 %q（应为 %s）",
	"unknown reserve order %q (want %s)": "未知的名额顺序 %q（应为 %s）",
	usageNotes: `
运行 "placement 命令 -h" 查看该命令的参数。分配数据（-cohort）可以是 JSON
文件、CSV 文件所在的文件夹或 .xlsx 工作簿；结果按文件扩展名写成 JSON、CSV
或 .xlsx。

每个命令都接受 -lang zh|en：消息的语言（简体中文或英文）；默认取环境的语言
（LC_ALL、LC_MESSAGES、LANG，或 Windows 的显示语言），否则为英文。

退出码：0 成功；1 check 发现问题（或命令对自身结果的检查未通过）；2 用法或
输入错误（参数有误、文件无法读取或未通过校验、未知的学生或岗位、最优分配
无法表达的配额）；3 flow：网络无可行解或无界；solve、explain 和 whatif 使用
-mechanism optimal 时：没有能满足所有配额的分配（会列出诊断）。
`,
}
