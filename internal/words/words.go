// Package words holds the planner's words for what the code names by a
// code word: the mechanisms ("student-da"), the objectives ("rank-sum"),
// why a student is unplaced ("empty list"), the levels and kinds of region,
// and the key terms a planner reads (special post, seats, score, cutoff,
// cap, floor, order class, choice, blocking pair), the answers of a round's
// responses (accept 接受, hold 保留, decline 放弃, continue 继续, withdraw
// 退出) and the rounds' names (主轮, 第2轮, 补录轮), in English and in
// Simplified Chinese.
//
// It is the one place these words are chosen: the command (cmd/placement)
// and the report (package report) both name things through it, and their
// catalogues use the same Chinese words for the same things (their tests
// refuse the synonyms retired in favour of these: 定向 for 专项, 席位 for
// 名额, 成绩 for 分数). Every function takes the language (anything but
// [lang.Chinese] is English) and a code word; an unknown code word is
// returned as it is.
package words

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
)

// word is one thing's name in both languages.
type word struct{ en, zh string }

func (w word) in(t language.Tag) string {
	if t == lang.Chinese {
		return w.zh
	}
	return w.en
}

func lookup(table map[string]word, t language.Tag, code string) string {
	if w, ok := table[code]; ok {
		return w.in(t)
	}
	return code
}

// The mechanisms, by the names the flags and files use
// (matching.Mechanism.String).
var mechanisms = map[string]word{
	"student-da":  {"stable allocation, students first", "学生优先稳定分配"},
	"position-da": {"stable allocation, enterprises first", "企业优先稳定分配"},
	"optimal":     {"optimal allocation", "最优分配"},
	// A round's: position-proposing on the round, moving holders least.
	"least-disruption": {"stable allocation, least disruption", "最少变动稳定分配"},
}

// Mechanism names a mechanism ("student-da", "position-da", "optimal") as a
// planner does: "stable allocation, students first", "学生优先稳定分配".
func Mechanism(t language.Tag, code string) string { return lookup(mechanisms, t, code) }

// The objectives of an optimal allocation (matching.Objective.String).
var objectives = map[string]word{
	"rank-sum":     {"least total rank", "志愿位次总和最小"},
	"rank-maximal": {"most first choices first", "第一志愿最多优先"},
	"generous":     {"fewest worst choices", "最差志愿最少"},
}

// Objective names an objective ("rank-sum", "rank-maximal", "generous")
// as a planner does: "least total rank", "志愿位次总和最小".
func Objective(t language.Tag, code string) string { return lookup(objectives, t, code) }

// WithCode is name followed by the code word a planner types as a flag's
// value: "stable allocation, students first (student-da)",
// "学生优先稳定分配 (student-da)".
func WithCode(name, code string) string {
	if name == code {
		return code
	}
	return name + " (" + code + ")"
}

// Why a student is unplaced, by the reason's text in result files
// (matching.Reason.String): the sentence, and
// the short name a chart's axis has room for.
var reasons = map[string][2]word{
	"empty list": {
		{"listed no choice", "未填报任何志愿"},
		{"no choices", "未填志愿"},
	},
	"no eligible choice": {
		{"meets the requirements (major, minimum score, special post) of none of their choices", "所填志愿均不符合报考条件（专业、最低分数或专项岗位要求）"},
		{"qualifies for no choice", "志愿均不符合条件"},
	},
	"not in the ranking of any eligible choice": {
		{"not on the ranking list of any choice they qualify for", "未列入所符合志愿岗位的排名名单"},
		{"not on the lists", "未列入排名名单"},
	},
	"rejected by every choice": {
		{"every choice they qualify for was filled by students ranked above them", "所符合的志愿岗位均已被排名更靠前的学生录满"},
		{"outranked everywhere", "各志愿均被排名靠前者录满"},
	},
	"special-post student unplaced while a special post open to them has free seats": {
		{"special-post student unplaced while a special post open to them has free seats", "专项生未分配，而其可去的专项岗位仍有空余名额"},
		{"special post left open", "专项岗位有空缺却未安排"},
	},
	"special-post student: every special post open to them is full": {
		{"special-post student: every special post open to them is full", "专项生：其可去的专项岗位均已满员"},
		{"special posts full", "专项岗位已满"},
	},
	"declined the seat offered": {
		{"declined the seat offered", "放弃了分配的名额"},
		{"declined", "放弃"},
	},
	"withdrew": {
		{"withdrew", "退出"},
		{"withdrew", "退出"},
	},
	"left out by the optimal allocation": {
		{"left out by the optimal allocation: placing them would lower the total or break a quota", "最优分配未安排：安排该生会使总体结果变差或违反配额"},
		{"left out (optimal)", "最优分配未安排"},
	},
}

// Reason says why a student is unplaced, from the reason's code word
// (matching.Reason.String: "empty list", "no eligible choice", ...); short gives
// the few words a chart's axis has room for.
func Reason(t language.Tag, code string, short bool) string {
	w, ok := reasons[code]
	if !ok {
		return code
	}
	if short {
		return w[1].in(t)
	}
	return w[0].in(t)
}

// The levels (model.Level.String) and kinds of region
// (model.RegionKind.String).
var levels = map[string]word{
	"secondary": {"secondary vocational", "中职"},
	"higher":    {"higher vocational", "高职"},
	"":          {"level not given", "未注明层次"},
}

var kinds = map[string]word{
	"county":          {"county", "县"},
	"zone":            {"zone", "园区"},
	"out-of-province": {"out of province", "省外"},
}

// Other names a planner may type for a level or a kind of region, beside
// the tables' own (see [LevelCode]).
var levelAliases = map[string]string{
	"中等职业": "secondary",
	"高等职业": "higher",
}

var kindAliases = map[string]string{}

// code finds name among a table's code words and its names in either
// language (English without regard to case), then among aliases.
func code(table map[string]word, aliases map[string]string, name string) (string, bool) {
	if _, ok := table[name]; ok {
		return name, true
	}
	for c, w := range table {
		if name == w.zh || strings.EqualFold(name, w.en) {
			return c, true
		}
	}
	c, ok := aliases[name]
	return c, ok
}

// LevelCode is [Level] read backwards, so that the words the outputs write
// are read as input: the code word ("secondary", "higher", "" for none)
// of a level named by its code word or by its name in either language
// ("中职", "高职", "secondary vocational"; also "中等职业", "高等职业").
// ok is false for any other name.
func LevelCode(name string) (string, bool) { return code(levels, levelAliases, name) }

// RegionKindCode is [RegionKind] read backwards: the code word ("county",
// "zone", "out-of-province") of a kind named by its code word or by its
// name in either language ("县", "园区", "省外", "out of province").
func RegionKindCode(name string) (string, bool) {
	return code(kinds, kindAliases, name)
}

// Level names a student's level, "secondary" or "higher" ("" for none
// given): "secondary vocational", "中职".
func Level(t language.Tag, code string) string { return lookup(levels, t, code) }

// RegionKind names a kind of region, "county", "zone" or
// "out-of-province".
func RegionKind(t language.Tag, code string) string { return lookup(kinds, t, code) }

// A student's answer to a round's result, by the code word the files use
// (model.Answer.String), and the names of rounds.
var answers = map[string]word{
	"accept":   {"accept", "接受"},
	"hold":     {"hold", "保留"},
	"decline":  {"decline", "放弃"},
	"continue": {"continue", "继续"},
	"withdraw": {"withdraw", "退出"},
}

// answerAliases are other names a planner types for an answer: 保留并候补
// ("keep the seat and wait for a better one") is how a hold is explained
// to students, 候补 ("wait-list") its short form; 同意 ("agree") and 拒绝
// ("refuse") are what students write on a reply slip.
var answerAliases = map[string]string{
	"保留并候补": "hold",
	"候补":    "hold",
	"同意":    "accept",
	"拒绝":    "decline",
}

// answerShown are the answers as a round's result workbook shows them
// beside the answer given, by how the round came to apply them: a student
// who did not answer (the default applied) and a student who left in an
// earlier round. [AnswerCode] reads them back as the answer applied.
var answerShown = map[string][2]word{
	"accept":   {{"no answer (accept)", "未回复（按接受）"}, {}},
	"hold":     {{"no answer (hold)", "未回复（按保留）"}, {}},
	"decline":  {{"no answer (decline)", "未回复（按放弃）"}, {"declined in an earlier round", "已在前几轮放弃"}},
	"continue": {{"no answer (continue)", "未回复（按继续）"}, {}},
	"withdraw": {{"no answer (withdraw)", "未回复（按退出）"}, {"withdrew in an earlier round", "已在前几轮退出"}},
}

// AnswerDefault names the answer code applied to a student who did not
// answer: "no answer (accept)", "未回复（按接受）".
func AnswerDefault(t language.Tag, code string) string { return answerShown[code][0].in(t) }

// AnswerEarlier names the answer of a student who left in an earlier
// round ("decline", "withdraw"): "declined in an earlier round",
// "已在前几轮放弃"; "" for another code.
func AnswerEarlier(t language.Tag, code string) string {
	if w := answerShown[code][1]; w.en != "" {
		return w.in(t)
	}
	return ""
}

// Answer names a student's answer ("accept", "hold", "decline",
// "continue", "withdraw") as a planner does: "接受", "保留", "放弃",
// "继续", "退出".
func Answer(t language.Tag, code string) string { return lookup(answers, t, code) }

// AnswerCode is [Answer] read backwards: the code word of an answer named
// by its code word (without regard to case) or its Chinese name (also
// 保留并候补 for hold). ok is false for any other name.
func AnswerCode(name string) (string, bool) {
	for c := range answers {
		if strings.EqualFold(name, c) {
			return c, true
		}
	}
	for c, ws := range answerShown {
		for _, w := range ws {
			if w.en != "" && (name == w.zh || strings.EqualFold(name, w.en)) {
				return c, true
			}
		}
	}
	return code(answers, answerAliases, name)
}

// AnswerCodes lists the answers' code words in the order of model.Answer.
func AnswerCodes() []string {
	return []string{"accept", "hold", "decline", "continue", "withdraw"}
}

// AnswerNames lists every name [AnswerCode] reads for the answer code: the
// code word, the Chinese name and the aliases, for hints.
func AnswerNames(code string) []string {
	w, ok := answers[code]
	if !ok {
		return nil
	}
	names := []string{code, w.zh}
	var aliases []string
	for a, c := range answerAliases {
		if c == code {
			aliases = append(aliases, a)
		}
	}
	slices.Sort(aliases) // the map's order is random
	return append(names, aliases...)
}

// Round names round n of a season: "main round" and "主轮" for 1, "round
// 2" and "第2轮" for the supplementary rounds after it.
func Round(t language.Tag, n int) string {
	if n <= 1 {
		return terms["main round"].in(t)
	}
	if t == lang.Chinese {
		return "第" + strconv.Itoa(n) + "轮"
	}
	return "round " + strconv.Itoa(n)
}

// The key terms, by their English name.
var terms = map[string]word{
	"special post":         {"special post", "专项岗位"},
	"special-post student": {"special-post student", "专项生"},
	"seats":                {"seats", "名额"},
	"score":                {"score", "分数"},
	"cutoff":               {"cutoff", "录取线"},
	"cap":                  {"cap", "上限"},
	"floor":                {"floor", "下限"},
	"order class":          {"order class", "订单班"},
	"choice":               {"choice", "志愿"},
	"rank":                 {"rank", "志愿位次"},
	"quota":                {"quota", "配额"},
	"stable allocation":    {"stable allocation", "稳定分配"},
	"optimal allocation":   {"optimal allocation", "最优分配"},
	"blocking pair":        {"pair who would both rather be together", "互相更愿意配对的学生与岗位"},
	"blocking pairs":       {"pairs who would both rather be together", "互相更愿意配对的学生与岗位"},
	"main round":           {"main round", "主轮"},
	"supplementary round":  {"supplementary round", "补录轮"},
	"responses":            {"responses", "回复"},
	"answer":               {"answer", "回复"},
}

// Term names a key term, by its English name ("special post", "seats",
// "blocking pair", ...): "专项岗位", "名额", "互相更愿意配对的学生与岗位".
func Term(t language.Tag, code string) string { return lookup(terms, t, code) }

// Chinese returns every name of the package, keyed by its English, with
// its Chinese: a catalogue keyed by English text (lang.NewCatalog) that
// adds these entries translates the package's English names as the
// package does. It panics when one English name has two Chinese ones (a
// programmer's error in the tables above).
func Chinese() map[string]string {
	m := map[string]string{}
	add := func(w word) {
		if zh, ok := m[w.en]; ok && zh != w.zh {
			panic("words: " + w.en + " is both " + zh + " and " + w.zh)
		}
		m[w.en] = w.zh
	}
	for _, table := range []map[string]word{mechanisms, objectives, levels, kinds, terms, answers} {
		for _, w := range table {
			add(w)
		}
	}
	for _, ws := range reasons {
		add(ws[0])
		add(ws[1])
	}
	return m
}

// Terms lists the English names of the key terms, sorted.
func Terms() []string {
	names := make([]string, 0, len(terms))
	for k := range terms {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Retired are Chinese words the catalogues no longer use, each with the
// word that replaced it: a test of each catalogue and of its golden
// outputs refuses them, so that one run never names one thing twice.
var Retired = map[string]string{
	"定向":   "专项", // special post, special-post student
	"席位":   "名额", // seats
	"成绩":   "分数", // score
	"阻塞对":  "互相更愿意配对的学生与岗位",
	"不稳定对": "互相更愿意配对的学生与岗位",
	"名额限制": "配额",
}
