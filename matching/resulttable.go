package matching

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/model"
)

// The columns of a result table (the CSV result, the sheets of a result
// workbook): a planner reads a placement by its names, a program by its
// IDs. The ID columns "student", "position" and "rank" are what readers
// key on; the others describe the student and the position in words and
// are ignored on reading, so that a file edited or written without them
// reads the same.
//
// A table is written in English or in Chinese ([ResultName]): the column
// keys below are the English names, and resultNames gives each its
// Chinese. Readers take either ([ResultKey]).

// resultNames is every name a result file uses, by its key (the English
// name, as files have always had it), with the name a planner reading
// Chinese gets: the columns of the CSV result and of a workbook's sheets,
// the workbook's sheets, and the items of its summary sheet (the command
// writes the workbook; its names are here so that one table holds them
// all and no two collide). The Chinese words are those of internal/words
// and of the command's catalogue: 学生, 岗位, 企业, 志愿位次, 分配数据
// (the cohort), 数据指纹, 随机种子, 抽签方式.
var resultNames = []struct{ key, zh string }{
	// The columns of a student and of a position.
	{"student", "学生"},
	{"student_name", "姓名"},
	{"school", "学校"},
	{"school_name", "学校名称"},
	{"major", "专业"},
	{"level", "层次"},
	{"home_region", "生源地"},
	{"position", "岗位"},
	{"position_name", "岗位名称"},
	{"enterprise", "企业"},
	{"enterprise_name", "企业名称"},
	{"position_region", "岗位所在地"},
	{"rank", "志愿位次"},
	{"reason", "未分配原因"},
	{"cohort_fingerprint", "数据指纹"},
	// The sheets of a result workbook.
	{"assignments", "分配结果"},
	{"unplaced", "未分配"}, // the sheet, and the summary's count
	{"summary", "概要"},
	{"objective", "目标"}, // the sheet, and the summary's item
	{"certificate", "最优性证书"},
	// The summary's columns and items.
	{"item", "项目"},
	{"value", "值"}, // the summary's column, and the objective sheet's
	{"format", "文件格式"},
	{"cohort", "分配数据"},
	{"mechanism", "分配方式"},
	{"tie_break", "抽签方式"},
	{"seed", "随机种子"},
	{"reserve_order", "名额顺序"},
	{"students_total", "学生总数"},
	{"positions_total", "岗位总数"},
	{"placed", "已分配"},
	{"total_rank", "志愿位次总和"},
	// The objective sheet's and the certificate sheet's columns.
	{"criterion", "指标"},
	{"sense", "方向"},
	{"phase", "阶段"},
	{"criteria", "阶段指标"},
	{"node", "节点"},
	// A round result's summary items (and CSV columns), and its
	// students' columns (resultround.go).
	{"round", "轮次"},
	{"previous_result", "上轮结果指纹"},
	{"responses", "回复指纹"},
	{"round_lottery", "本轮抽签"},
	{"no_answer_placed", "已分配者未回复按"},
	{"no_answer_unplaced", "未分配者未回复按"},
	{"answer", "回复"},
	{"previous_position", "上轮岗位"},
	{"joined", "加入轮次"},
	{"new", "本轮新增"}, // read only: round results before joined
}

// resultKeys maps each Chinese name of resultNames to its key, and each
// key to itself.
var resultKeys, resultZh = func() (keys, zh map[string]string) {
	keys, zh = map[string]string{}, map[string]string{}
	for _, n := range resultNames {
		for _, name := range []string{n.key, n.zh} {
			if k, dup := keys[name]; dup {
				panic(fmt.Sprintf("matching: result name %q is both %q and %q", name, k, n.key)) // a programmer's error in the table
			}
			keys[name] = n.key
		}
		zh[n.key] = n.zh
	}
	return keys, zh
}()

// tableLang is the language a table is written in for t: Chinese for
// Chinese in any script or region (language.Chinese,
// language.SimplifiedChinese, zh-CN), else English.
func tableLang(t language.Tag) language.Tag {
	if b, _ := t.Base(); b.String() == "zh" {
		return lang.Chinese
	}
	return lang.English
}

// ResultName returns the name of a result file's column, sheet or summary
// item, given by its key ("student", "rank", "assignments", "seed", ...),
// in language t: the key itself in English (anything but Chinese in any
// script or region), "学生",
// "志愿位次", "分配结果", "随机种子" in Chinese. A key it does not know is
// returned as it is.
func ResultName(t language.Tag, key string) string {
	if zh, ok := resultZh[key]; ok && tableLang(t) == lang.Chinese {
		return zh
	}
	return key
}

// ResultKey returns the key of a column, sheet or summary item named in
// either language, trimmed of spaces: "学生" and "student" give "student".
// A name it does not know is returned trimmed, as it is.
func ResultKey(name string) string {
	name = strings.TrimSpace(name)
	if k, ok := resultKeys[name]; ok {
		return k
	}
	return name
}

// ResultNames returns the names of keys in language t ([ResultName]).
func ResultNames(t language.Tag, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = ResultName(t, k)
	}
	return out
}

// StudentColumns returns the columns that describe a student: "student"
// (the ID), "student_name", "school" (ID), "school_name", "major" (its
// name, or its ID when it has none), "level" ("secondary", "higher" or
// empty) and "home_region" (its name, or ID).
func StudentColumns() []string {
	return []string{"student", "student_name", "school", "school_name", "major", "level", "home_region"}
}

// PositionColumns returns the columns that describe a position: "position"
// (the ID), "position_name", "enterprise" (ID), "enterprise_name" and
// "position_region" (the name, or ID, of the region where the work
// happens: the position's own, else its enterprise's).
func PositionColumns() []string {
	return []string{"position", "position_name", "enterprise", "enterprise_name", "position_region"}
}

// StudentCells returns the cells of [StudentColumns] for student s of c,
// the level as its code word ("secondary", "higher").
func StudentCells(c *model.Cohort, s int) []string {
	return StudentCellsIn(lang.English, c, s)
}

// StudentCellsIn is [StudentCells] for a table in language t: in Chinese
// the level is a planner's word (中职, 高职; empty when not given). The
// other cells are the cohort's IDs and names, the same in every language.
func StudentCellsIn(t language.Tag, c *model.Cohort, s int) []string {
	st := &c.Students()[s]
	school, schoolName := "", ""
	if i := c.StudentSchool(s); i >= 0 {
		sc := &c.Schools()[i]
		school, schoolName = sc.ID, sc.Name
	}
	major := ""
	if i := c.StudentMajor(s); i >= 0 {
		m := &c.Majors()[i]
		major = nameOr(m.Name, m.ID)
	}
	level := st.Level.String()
	if t = tableLang(t); t == lang.Chinese && level != "" {
		level = words.Level(t, level)
	}
	return []string{st.ID, st.Name, school, schoolName, major, level, regionText(c, c.StudentRegion(s))}
}

// PositionCells returns the cells of [PositionColumns] for position p of
// c; all empty when p < 0 (an unplaced student).
func PositionCells(c *model.Cohort, p int) []string {
	if p < 0 {
		return make([]string, len(PositionColumns()))
	}
	ps := &c.Positions()[p]
	ent, entName := "", ""
	if i := c.PositionEnterprise(p); i >= 0 {
		e := &c.Enterprises()[i]
		ent, entName = e.ID, e.Name
	}
	return []string{ps.ID, ps.Name, ent, entName, regionText(c, c.PositionRegion(p))}
}

func regionText(c *model.Cohort, r int) string {
	if r < 0 {
		return ""
	}
	reg := &c.Regions()[r]
	return nameOr(reg.Name, reg.ID)
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

// UnplacedReason is the reason a table gives for an unplaced student, in
// language t: the code word of [Reason.String] in English ("rejected by
// every choice", as files have always had it), a planner's sentence in
// Chinese.
func UnplacedReason(t language.Tag, why Reason) string {
	if t = tableLang(t); t == lang.Chinese {
		return words.Reason(t, why.String(), false)
	}
	return why.String()
}

// resultCSVHeader is the header of [WriteResultCSV] in language t, with
// the round's columns when isRound.
func resultCSVHeader(t language.Tag, isRound bool) []string {
	h := StudentColumns()
	h = append(h, PositionColumns()...)
	h = append(h, "rank", "reason", "cohort_fingerprint")
	h = append(h, resultCSVRun...)
	if isRound {
		h = append(h, resultCSVRound...)
	}
	return ResultNames(t, h)
}

// resultCSVRun are the columns of a CSV result, after its fingerprint,
// that say the run it was computed by (the same on every row): what a
// JSON file and a workbook's summary say once. The objective is empty for
// a stable mechanism.
var resultCSVRun = []string{"mechanism", "objective", "seed", "tie_break", "reserve_order"}

// resultCSVRow is the row of student s in [WriteResultCSV], in language
// t, without the fingerprint.
func resultCSVRow(t language.Tag, r *Result, s int) []string {
	c := r.inst.cohort
	row := StudentCellsIn(t, c, s)
	p := r.pos[s]
	row = append(row, PositionCells(c, int(p))...)
	if p >= 0 {
		return append(row, strconv.Itoa(int(r.rank[s])), "")
	}
	return append(row, "", UnplacedReason(t, r.Reason(s)))
}
