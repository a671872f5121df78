package round

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Source says which input a problem comes from.
type Source uint8

const (
	// Responses: the responses file; Problem.Line is its line.
	Responses Source = iota + 1
	// Previous: the previous round's result file; Problem.Row is the row
	// as the file locates it ("line 8", "assignments[3]", "sheet … row 2").
	Previous
	// Cohort: the next round's cohort; Problem.Table names the table
	// ("students", "positions", "enterprises", "regions") and Problem.ID
	// the record.
	Cohort
)

// Kind classifies a problem of [Prepare].
type Kind uint8

const (
	// UnknownStudent: a response names a student the next cohort lacks.
	UnknownStudent Kind = iota + 1
	// MissingStudent: the previous result names a student the next
	// cohort lacks.
	MissingStudent
	// RepeatedStudent: a student appears twice in the previous result.
	RepeatedStudent
	// RepeatedResponse: a student answers twice.
	RepeatedResponse
	// OtherResult: the responses answer another result than the previous
	// result given (responses for the students of another cohort or
	// round).
	OtherResult
	// PlacedOnlyAnswer: accept, hold or decline from a student unplaced
	// in the previous round.
	PlacedOnlyAnswer
	// UnplacedOnlyAnswer: continue or withdraw from a student placed in
	// the previous round.
	UnplacedOnlyAnswer
	// NewStudentAnswer: a student new in this round (not in the previous
	// result) answers other than continue or withdraw.
	NewStudentAnswer
	// OutForGood: an answer from a student who declined or withdrew in an
	// earlier round.
	OutForGood
	// HoldAfterAccept: hold from a student who accepted their seat in an
	// earlier round (they may decline it, not hold it).
	HoldAfterAccept
	// SeatGone: a seat held or accepted is at a position the next cohort
	// no longer has.
	SeatGone
	// SeatOffList: a holder's list in the next cohort no longer names the
	// seat they hold.
	SeatOffList
	// SeatsCut: a position has fewer seats than the students keeping one
	// there.
	SeatsCut
	// CapCut: an enterprise's or a region's cap is below the students
	// keeping seats under it.
	CapCut
	// UnknownChoice: a new list names a position the next cohort lacks.
	UnknownChoice
	// ChoicesNotContinue: a new list with an answer other than continue.
	ChoicesNotContinue
	// BadOption: an Options default that is not an answer of its kind.
	BadOption
	// IncompletePrevious: the previous result lists no student, or fewer
	// than it says it has (N listed, M its students_total): rows were
	// lost, and their students would be taken for new ones.
	IncompletePrevious
	// RepeatedChoice: a new list names a position twice.
	RepeatedChoice
	// RoundCohort leads the problems when the previous result is a
	// round's (2 or later) and many of the seats kept there are off the
	// lists of the cohort given: the cohort is most likely the main
	// round's, not the one the previous round wrote (round -cohort-out).
	// N is the previous result's round, M the seats off the lists.
	RoundCohort

	// PreviousOrder: the next cohort lists two students of the previous
	// round in the other order (Students: the one listed first, then the
	// other), which would change their lottery draws.
	PreviousOrder
	// BadRound: the previous result's round number is past any season's
	// (Round).
	BadRound

	// The kinds of [Warnings]: not errors, said to the planner.

	// OtherCohortName: the previous result names a cohort (Got) other
	// than the next cohort's name (Want).
	OtherCohortName
	// UnnamedResult: the responses name no result (no fingerprint):
	// nothing ties them to the previous result.
	UnnamedResult
)

// Problem is one problem of the next cohort, the previous result and the
// responses taken together, located in the input it comes from.
type Problem struct {
	Kind   Kind
	Source Source
	// Line is the responses file's line (Source Responses; 0 unknown),
	// or the row of Sheet when the responses come from a workbook.
	Line  int
	Sheet string
	// Row locates the previous result's row (Source Previous), in
	// English as the file's reader says it.
	Row string
	// Table and ID locate a record of the cohort (Source Cohort).
	Table, ID string

	// Student and Position are the IDs concerned ("" when none).
	Student, Position string
	// Answer is the answer concerned, Earlier the answer of an earlier
	// round (OutForGood, HoldAfterAccept).
	Answer, Earlier model.Answer
	// Default is set when the response left the answer blank and Answer
	// is the default the student took (ChoicesNotContinue).
	Default bool
	// N and M are counts: seats and students keeping them (SeatsCut,
	// CapCut); Round the earlier round.
	N, M, Round int
	// Students lists the students concerned (SeatsCut, CapCut), and
	// Want/Got the fingerprints of OtherResult.
	Students  []string
	Want, Got string
	// Follows marks a problem that follows from the one leading the list
	// (OtherResult, RoundCohort): printers may count such problems
	// instead of listing them all ([ProblemsError.Shown]).
	Follows bool
}

// Text says the problem, its place first, in language t (Chinese for
// [lang.Chinese], else English).
func (p *Problem) Text(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	what := p.what(t)
	if id := strconv.Quote(p.ID); p.Source == Cohort && p.Table == "students" && (strings.HasPrefix(what, "student "+id) || strings.HasPrefix(what, "学生 "+id)) {
		// The text names the student already: "next cohort: student
		// "S1" keeps a seat ...", not the student twice.
		return pr.Sprintf("next cohort") + pr.Sprintf(": ") + what
	}
	return p.where(t) + pr.Sprintf(": ") + what
}

func (p *Problem) where(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	switch p.Source {
	case Responses:
		if p.Sheet != "" && p.Line > 0 {
			return pr.Sprintf("responses, sheet %q row %s", p.Sheet, strconv.Itoa(p.Line))
		}
		if p.Line > 0 {
			return pr.Sprintf("responses, line %s", strconv.Itoa(p.Line))
		}
		return pr.Sprintf("responses")
	case Previous:
		if p.Row != "" {
			return pr.Sprintf("previous result, %s", rowText(t, p.Row))
		}
		return pr.Sprintf("previous result")
	}
	if p.Table == "" {
		return pr.Sprintf("next cohort")
	}
	return pr.Sprintf("next cohort, %s %q", tableWord(t, p.Table), p.ID)
}

// tableWord names a record of a cohort's table in t: "student",
// "position", "enterprise", "region".
func tableWord(t language.Tag, table string) string {
	pr := lang.Printer(t, catalog)
	switch table {
	case "students":
		return pr.Sprintf("student")
	case "positions":
		return pr.Sprintf("position")
	case "enterprises":
		return pr.Sprintf("enterprise")
	case "regions":
		return pr.Sprintf("region")
	case "placed":
		return pr.Sprintf("placed")
	case "unplaced":
		return pr.Sprintf("unplaced")
	}
	return table
}

// rowText words a result row's place ("line 8", "sheet \"分配结果\" row 2",
// "assignments[3]") in t; line numbers without thousands separators.
func rowText(t language.Tag, row string) string {
	pr := lang.Printer(t, catalog)
	var n int
	if _, err := fmt.Sscanf(row, "line %d", &n); err == nil {
		return pr.Sprintf("line %s", strconv.Itoa(n))
	}
	if rest, ok := strings.CutPrefix(row, "sheet "); ok {
		if i := strings.LastIndex(rest, " row "); i > 0 {
			if sheet, err := strconv.Unquote(rest[:i]); err == nil {
				if n, err := strconv.Atoi(rest[i+len(" row "):]); err == nil {
					return pr.Sprintf("sheet %q row %s", sheet, strconv.Itoa(n))
				}
			}
		}
	}
	return row
}

// What says the problem without its place, in language t: for a printer
// that locates it itself (file and line).
func (p *Problem) What(t language.Tag) string { return p.what(t) }

func (p *Problem) what(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	ans := func(a model.Answer) string {
		if a == model.NoAnswer {
			return pr.Sprintf("no answer")
		}
		return matching.AnswerWord(t, a)
	}
	sep := pr.Sprintf(", ")
	list := strings.Join(p.Students, sep)
	if len(p.Students) > 6 { // "and 1 more" would hide a name it has room for
		list = strings.Join(p.Students[:5], sep) + pr.Sprintf(" and %d more", len(p.Students)-5)
	}
	switch p.Kind {
	case UnknownStudent:
		if !strings.ContainsFunc(p.Student, func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
			// "张三": a name where the ID belongs.
			return pr.Sprintf("student %q is not in the next cohort (the student column takes the student's ID, not their name)", p.Student)
		}
		return pr.Sprintf("student %q is not in the next cohort", p.Student)
	case MissingStudent:
		return pr.Sprintf("student %q of the previous result is not in the next cohort", p.Student)
	case RepeatedStudent:
		return pr.Sprintf("student %q appears twice in the previous result", p.Student)
	case RepeatedResponse:
		return pr.Sprintf("a second response from student %q", p.Student)
	case OtherResult:
		return pr.Sprintf("these responses answer result %s, not the previous result given (%s): responses of another cohort or round", p.Got, p.Want)
	case PlacedOnlyAnswer:
		return pr.Sprintf("student %q was unplaced in the previous round: %s is for a placed student (want continue or withdraw)", p.Student, ans(p.Answer))
	case UnplacedOnlyAnswer:
		return pr.Sprintf("student %q was placed at %q in the previous round: %s is for an unplaced student (want accept, hold or decline)", p.Student, p.Position, ans(p.Answer))
	case NewStudentAnswer:
		return pr.Sprintf("student %q is new in this round (not in the previous result): %s is not for them (want continue or withdraw)", p.Student, ans(p.Answer))
	case OutForGood:
		return pr.Sprintf("student %q answered %s in round %d and is out for good: no answer of theirs is taken", p.Student, ans(p.Earlier), p.Round)
	case HoldAfterAccept:
		return pr.Sprintf("student %q accepted %q in round %d: they may decline it, not hold it", p.Student, p.Position, p.Round)
	case SeatGone:
		if len(p.Students) > 1 {
			return pr.Sprintf("%d students keep a seat here (%s), but the next cohort no longer has this position: put it back with at least %d seats, or have them decline", p.M, list, p.M)
		}
		student := p.Student
		if len(p.Students) == 1 {
			student = p.Students[0]
		}
		return pr.Sprintf("student %q keeps a seat at %q (%s), which the next cohort no longer has", student, p.Position, ans(p.Answer))
	case SeatOffList:
		return pr.Sprintf("student %q keeps a seat at %q (%s), which their list no longer names", p.Student, p.Position, ans(p.Answer))
	case SeatsCut:
		return pr.Sprintf("%d seats, fewer than the %d students keeping one there (%s): raise its capacity back to %d, or have some of them decline", p.N, p.M, list, p.M)
	case CapCut:
		return pr.Sprintf("a cap of %d, below the %d students keeping seats under it (%s): raise the cap back to %d, or have some of them decline", p.N, p.M, list, p.M)
	case RoundCohort:
		return pr.Sprintf("the previous result is round %d's, and %d seats kept in it are off the lists of this cohort: give the cohort that round %d wrote (its round -cohort-out)", p.N, p.M, p.N)
	case UnknownChoice:
		if strings.ContainsAny(strings.TrimSpace(p.Position), " \t\u3000") {
			return pr.Sprintf("student %q's new list names %q, which is not a position of the next cohort (separate choices with ; or 、, not spaces)", p.Student, p.Position)
		}
		return pr.Sprintf("student %q's new list names %q, which is not a position of the next cohort", p.Student, p.Position)
	case ChoicesNotContinue:
		if p.Default {
			return pr.Sprintf("student %q gives a new list but no answer, so takes the default %s: only continue takes a new list", p.Student, ans(p.Answer))
		}
		return pr.Sprintf("student %q answers %s with a new list: only continue takes one", p.Student, ans(p.Answer))
	case BadOption:
		return pr.Sprintf("the default answer %s is not one for %s students", ans(p.Answer), tableWord(t, p.Table))
	case IncompletePrevious:
		if p.N == 0 {
			return pr.Sprintf("it lists no students: a result lists every student of its cohort, placed or not")
		}
		return pr.Sprintf("it lists %d students but says it has %d: it is incomplete", p.N, p.M)
	case RepeatedChoice:
		return pr.Sprintf("student %q's new list names %q twice", p.Student, p.Position)
	case OtherCohortName:
		return pr.Sprintf("it is a result of cohort %q, and the next cohort is %q: check that it is the right file", p.Got, p.Want)
	case UnnamedResult:
		return pr.Sprintf("no result named (column result, 上轮结果指纹): taken as answers to the previous result given")
	case PreviousOrder:
		a, b := "", ""
		if len(p.Students) == 2 {
			a, b = p.Students[0], p.Students[1]
		}
		return pr.Sprintf("the cohort's students are not in the previous round's order (%q before %q): keep their order (new students may go anywhere), or the lottery would change", a, b)
	case BadRound:
		return pr.Sprintf("the previous result says it is round %d, which no season reaches", p.Round)
	}
	return fmt.Sprintf("problem(%d)", p.Kind)
}

// maxProblems is how many problems ProblemsError.Error lists.
const maxProblems = 20

// ProblemsError is the error of [Prepare]: every problem found. A
// problem that explains the others leads (RoundCohort; OtherResult leads
// the responses'), then come the seats kept that the next cohort cannot
// take (positions gone, seats or caps cut: one problem a position or
// cap), then the responses' (by line), the previous result's (in file
// order) and the cohort's.
type ProblemsError struct {
	Problems []Problem
}

// Error lists the first problems in English, one a line.
func (e *ProblemsError) Error() string { return e.Text(lang.English) }

// maxFollows is how many of the problems that follow from the leading
// one [ProblemsError.Shown] lists.
const maxFollows = 3

// Shown says which problems a printer lists, at most most of them: the
// indices, in order, then how many of the problems that follow from the
// leading one are left out (follows) and how many others (more). A
// problem that follows from the leading one (Problem.Follows) is listed
// only among the first three of them.
func (e *ProblemsError) Shown(most int) (idx []int, follows, more int) {
	nf := 0
	for i := range e.Problems {
		p := &e.Problems[i]
		switch {
		case p.Follows && nf >= maxFollows:
			follows++
		case len(idx) >= most:
			if p.Follows {
				follows++
			} else {
				more++
			}
		default:
			if p.Follows {
				nf++
			}
			idx = append(idx, i)
		}
	}
	return idx, follows, more
}

// Text lists the first problems (at most 20, then how many more) in
// language t, one a line.
func (e *ProblemsError) Text(t language.Tag) string {
	pr := lang.Printer(t, catalog)
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString(pr.Sprintf("round: %s", e.Problems[0].Text(t)))
		return b.String()
	}
	b.WriteString(pr.Sprintf("round: %d problems", len(e.Problems)))
	idx, follows, more := e.Shown(maxProblems)
	for _, i := range idx {
		b.WriteString("\n\t" + e.Problems[i].Text(t))
	}
	if follows > 0 {
		b.WriteString("\n\t" + pr.Sprintf("… and %d problems that follow from the first", follows))
	}
	if more > 0 {
		b.WriteString("\n\t" + pr.Sprintf("… %d more", more))
	}
	return b.String()
}

var catalog = lang.NewCatalog(map[string]string{
	": ":                                   "：",
	", ":                                   "、",
	"responses, sheet %q row %s":           "回复表 %q 第 %s 行",
	"responses, line %s":                   "回复文件第 %s 行",
	"sheet %q row %s":                      "工作表 %q 第 %s 行",
	"responses":                            "回复文件",
	"previous result, %s":                  "上轮结果，%s",
	"previous result":                      "上轮结果",
	"line %s":                              "第 %s 行",
	"next cohort":                          "本轮分配数据",
	"next cohort, %s %q":                   "本轮分配数据，%s %q",
	"student":                              "学生",
	"position":                             "岗位",
	"enterprise":                           "企业",
	"region":                               "地区",
	"placed":                               "已分配的",
	"unplaced":                             "未分配的",
	" and %d more":                         " 等另外 %d 名",
	"round: %s":                            "补录轮：%s",
	"round: %d problems":                   "补录轮：%d 个问题",
	"… %d more":                            "……另有 %d 个",
	"student %q is not in the next cohort": "学生 %q 不在本轮分配数据中",
	"student %q is not in the next cohort (the student column takes the student's ID, not their name)":                                                         "学生 %q 不在本轮分配数据中（学生一列应填学号，不是姓名）",
	"student %q's new list names %q, which is not a position of the next cohort (separate choices with ; or 、, not spaces)":                                    "学生 %[1]q 的新志愿填了 %[2]q，本轮分配数据中没有该岗位（多个志愿之间请用 ; 或 、 分隔，不要用空格）",
	"student %q of the previous result is not in the next cohort":                                                                                              "上轮结果中的学生 %q 不在本轮分配数据中",
	"student %q appears twice in the previous result":                                                                                                          "学生 %q 在上轮结果中出现了两次",
	"a second response from student %q":                                                                                                                        "学生 %q 的第二条回复",
	"these responses answer result %s, not the previous result given (%s): responses of another cohort or round":                                               "这些回复针对的是结果 %[1]s，而不是所给的上轮结果（%[2]s）：是其他分配数据或其他轮次的回复",
	"student %q was unplaced in the previous round: %s is for a placed student (want continue or withdraw)":                                                    "学生 %[1]q 上轮未分配：“%[2]s”只适用于已分配的学生（应为继续或退出）",
	"student %q was placed at %q in the previous round: %s is for an unplaced student (want accept, hold or decline)":                                          "学生 %[1]q 上轮已分配到 %[2]q：“%[3]s”只适用于未分配的学生（应为接受、保留或放弃）",
	"student %q is new in this round (not in the previous result): %s is not for them (want continue or withdraw)":                                             "学生 %[1]q 是本轮新增的学生（不在上轮结果中）：不能回复“%[2]s”（应为继续或退出）",
	"student %q answered %s in round %d and is out for good: no answer of theirs is taken":                                                                     "学生 %[1]q 在第%[3]d轮回复了“%[2]s”，已经离开：不再接受其回复",
	"student %q accepted %q in round %d: they may decline it, not hold it":                                                                                     "学生 %[1]q 在第%[3]d轮接受了 %[2]q：可以放弃，不能改为保留",
	"student %q keeps a seat at %q (%s), which the next cohort no longer has":                                                                                  "学生 %[1]q 在 %[2]q 有名额（%[3]s），但本轮分配数据中已没有该岗位",
	"student %q keeps a seat at %q (%s), which their list no longer names":                                                                                     "学生 %[1]q 在 %[2]q 有名额（%[3]s），但其本轮志愿中已没有该岗位",
	"%d seats, fewer than the %d students keeping one there (%s): raise its capacity back to %d, or have some of them decline":                                 "只有 %[1]d 个名额，少于在此保有名额的 %[2]d 名学生（%[3]s）：请把名额恢复到 %[4]d 个，或让其中一些学生放弃",
	"a cap of %d, below the %d students keeping seats under it (%s): raise the cap back to %d, or have some of them decline":                                   "上限 %[1]d，少于在其下保有名额的 %[2]d 名学生（%[3]s）：请把上限恢复到 %[4]d，或让其中一些学生放弃",
	"%d students keep a seat here (%s), but the next cohort no longer has this position: put it back with at least %d seats, or have them decline":             "%[1]d 名学生在此保有名额（%[2]s），但本轮分配数据中已没有该岗位：请恢复该岗位（至少 %[3]d 个名额），或让他们放弃",
	"the previous result is round %d's, and %d seats kept in it are off the lists of this cohort: give the cohort that round %d wrote (its round -cohort-out)": "上轮结果是第%[1]d轮的，其中 %[2]d 个保有的名额不在本数据的志愿中：请给出第%[3]d轮写出的分配数据（该轮 round -cohort-out 写出的文件）",
	"… and %d problems that follow from the first":                                                                                                             "……另有 %d 个由第一条引起的问题",
	"student %q's new list names %q, which is not a position of the next cohort":                                                                               "学生 %[1]q 的新志愿填了 %[2]q，本轮分配数据中没有该岗位",
	"student %q answers %s with a new list: only continue takes one":                                                                                           "学生 %[1]q 回复“%[2]s”并填了新志愿：只有继续才能填新志愿",
	"the default answer %s is not one for %s students":                                                                                                         "默认回复“%[1]s”不适用于%[2]s学生",
	"no answer":      "未回复",
	"without a seat": "（无名额）",
	"at %q":          "（名额 %q）",

	" (joined in round %d)": "（第%d轮加入）",

	"the previous result given (fingerprint %s) is not the one this round was computed from (%s): give the result of the round before it": "给出的上轮结果（指纹 %s）不是本轮据以计算的结果（%s）：请给出前一轮的结果",
	"the responses given (fingerprint %s) are not those this round took (%s): give the responses that round took":                         "给出的回复（指纹 %s）不是本轮采用的回复（%s）：请给出本轮采用的回复",
	"the round counted a placed student who did not answer as %s (the result says so), not %s as given: drop -no-answer-placed":           "本轮对未回复的已分配学生按“%s”处理（结果文件中有记录），而不是给出的“%s”：请去掉 -no-answer-placed",
	"the round counted an unplaced student who did not answer as %s (the result says so), not %s as given: drop -no-answer-unplaced":      "本轮对未回复的未分配学生按“%s”处理（结果文件中有记录），而不是给出的“%s”：请去掉 -no-answer-unplaced",
	"this round took no responses: drop -responses":                                                                                                                                      "本轮没有采用回复：请去掉 -responses",
	"this round took the responses with fingerprint %s: give them with -responses":                                                                                                       "本轮采用了指纹为 %s 的回复：请用 -responses 给出",
	"the result is round %s, but the previous result given is round %s":                                                                                                                  "该结果是第%s轮，但给出的上轮结果是第%s轮",
	"the result was computed on cohort %s, not on the next cohort with the responses' new lists (%s)":                                                                                    "该结果是在分配数据 %s 上计算的，而不是在本轮分配数据加上回复中的新志愿（%s）上",
	"answers or previous seats in the file that the previous result and the responses do not give (%d students):":                                                                        "文件中有 %d 名学生的回复或上轮名额与上轮结果和回复不符：",
	"%s: the file says %s %s, the previous result and the responses give %s %s":                                                                                                          "%[1]s：文件写的是“%[2]s”%[3]s，上轮结果和回复给出的是“%[4]s”%[5]s",
	"student %q gives a new list but no answer, so takes the default %s: only continue takes a new list":                                                                                 "学生 %[1]q 填了新志愿但未回复，按默认回复“%[2]s”处理：只有继续才能填新志愿",
	"it lists no students: a result lists every student of its cohort, placed or not":                                                                                                    "其中没有任何学生：结果应列出分配数据中的每名学生，无论是否分配",
	"it lists %d students but says it has %d: it is incomplete":                                                                                                                          "只列出了 %[1]d 名学生，但注明共有 %[2]d 名：文件不完整",
	"student %q's new list names %q twice":                                                                                                                                               "学生 %[1]q 的新志愿两次填了 %[2]q",
	"it is a result of cohort %q, and the next cohort is %q: check that it is the right file":                                                                                            "它是分配数据 %[1]q 的结果，而本轮分配数据是 %[2]q：请确认文件无误",
	"no result named (column result, 上轮结果指纹): taken as answers to the previous result given":                                                                                             "未注明所回复的结果（“上轮结果指纹”列）：按对所给上轮结果的回复处理",
	"the cohort's students are not in the previous round's order (%q before %q): keep their order (new students may go anywhere), or the lottery would change":                           "本轮分配数据中学生的顺序与上轮不同（%[1]q 排在 %[2]q 之前）：请保持上轮学生的顺序（新增学生可放在任何位置），否则抽签结果会改变",
	"the result was computed with %s %s, the previous result with %s: a round keeps the previous round's seed, tie-break and reserve order, or its lottery is not the one its rule says": "该结果使用的%[1]s是 %[2]s，上轮结果使用的是 %[3]s：补录轮必须沿用上一轮的随机种子、抽签方式和名额顺序，否则其抽签不是规则所说的抽签",
	"seed":          "随机种子",
	"tie-break":     "抽签方式",
	"reserve order": "名额顺序",
	"the previous result says it is round %d, which no season reaches": "上轮结果标明是第%d轮，不是有效的轮次",
})

// Warnings returns what a planner should know about the next cohort, the
// previous result and the responses of a round that is not a problem of
// [Prepare]: a previous result of a cohort with another name than next's
// (the cohort of a season is renamed from round to round, but a result of
// last year's is a mistake worth a look) and responses that name no
// result (a sheet typed by hand: nothing ties it to the previous result,
// and responses to another round would be taken if their students fit).
// resp may be nil. It takes constant time.
func Warnings(next *model.Cohort, prev *matching.ResultFile, resp *model.Responses) []Problem {
	var out []Problem
	if prev != nil && next != nil && prev.Cohort != "" && next.Name() != "" && prev.Cohort != next.Name() {
		out = append(out, Problem{Kind: OtherCohortName, Source: Previous, Got: prev.Cohort, Want: next.Name()})
	}
	if resp != nil && resp.Result == "" && len(resp.Responses) > 0 {
		out = append(out, Problem{Kind: UnnamedResult, Source: Responses})
	}
	return out
}
