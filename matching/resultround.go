package matching

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/model"
)

// What a result file says of its round (package round runs the rounds
// after the first; see [Round]). A round result carries, besides what
// every result carries, the round's number, the fingerprint of the
// previous round's result ([Result.Fingerprint]), the fingerprint of the
// responses file ([model.Responses.Fingerprint]), the round's lottery
// rule, and for each student the answer that set their standing, the
// seat they held from the previous round, and the round they joined the
// season in (Standing.Joined: their lottery draw is that of the students
// who joined with them, see [LotteryRule]):
//
//   - JSON: "round", "previous_result", "responses", "round_lottery",
//     "no_answer_placed", "no_answer_unplaced" after "reserve_order" (and
//     the objective); "joined" (a number from 2), "answer" and
//     "previous_position" on the records of "assignments" and "unplaced"
//     (left out when empty, or 1 for "joined");
//   - CSV: the columns round, previous_result, responses, round_lottery,
//     no_answer_placed, no_answer_unplaced (the same on every row),
//     answer, previous_position and joined (the number, 1 for the
//     students of the main round), after the run's (轮次, 上轮结果指纹,
//     回复指纹, 本轮抽签, 已分配者未回复按, 未分配者未回复按, 回复, 上轮岗位,
//     加入轮次);
//   - a workbook: the summary's items round, previous_result, responses,
//     round_lottery, no_answer_placed, no_answer_unplaced, and the columns
//     answer, previous_position and joined of the sheets of placed and
//     unplaced students ([RoundSummary], [RoundColumns], [RoundCells],
//     [ReadRoundSummary]).
//
// no_answer_placed and no_answer_unplaced are the answers the round gave
// the students who did not answer (package round's Options; accept and
// continue by default); a file without them is read as not saying
// (ResultRound.Placed and Unplaced empty). previous_position is the seat
// a student kept, or gave back by declining (Round.GaveBack); a file
// written before decliners had it leaves theirs empty.
//
// Files without "joined" read every student as joined in round 1, except
// those of files that carry the column (or JSON field) "new" (本轮新增),
// which round results wrote for a while: a student new there ("yes",
// true) joined in that file's round.
//
// A main round's result writes none of these, so that its files are the
// same bytes as before rounds existed; every reader reads a file without
// them as round 1.

// ResultRound is what a result file says of its round.
type ResultRound struct {
	// Number is the round: 1 for a main round (and every file that does
	// not say), 2 for the first supplementary round, ...
	Number int
	// Previous is the fingerprint of the previous round's result
	// ([ResultFile.ResultFingerprint]); empty for a main round.
	Previous string
	// Responses is the fingerprint of the responses the round took
	// ([model.Responses.Fingerprint]); empty when none.
	Responses string
	// Lottery is the round's lottery rule ("reversed", "same", "fresh";
	// parse it with [ParseLotteryRule]); empty for a main round.
	Lottery string
	// Placed and Unplaced are the answers the round gave a student placed,
	// and one unplaced, in the previous round who did not answer (code
	// words: "accept", "hold", "decline"; "continue", "withdraw"; parse
	// them with [model.ParseAnswer]); empty when the file does not say
	// (round results written before they recorded them, or a main
	// round's), which [package round] reads as the options it is given.
	Placed, Unplaced string
}

// ResultRow is a row of a result file as written: the IDs it names (not
// resolved against any cohort) and where it is. Every reader fills
// ResultFile.Rows with them, in file order.
type ResultRow struct {
	// Student and Position are the IDs the row names; Position is empty
	// for an unplaced student.
	Student, Position string
	// Answer is the student's answer in a round result (NoAnswer in a
	// main round's), and PreviousPosition the ID of the seat they held
	// from the previous round ("" when none).
	Answer           model.Answer
	PreviousPosition string
	// Joined is the round the student joined the season in
	// (matching.Standing.Joined): 1 for a student of the main round, and
	// for every student of a file that does not say.
	Joined int
	// Sheet, JSON and Row locate the row as a ResultProblem does.
	Sheet string
	JSON  bool
	Row   int
}

// Where is the row's place in English, as [ResultProblem.Where] says it.
func (r *ResultRow) Where() string {
	p := ResultProblem{Sheet: r.Sheet, JSON: r.JSON, Row: r.Row}
	return p.Where()
}

// ReadOptions tunes [ReadResultJSONWith] and [ReadResultCSVWith]. A nil
// *ReadOptions means the zero value: the file must be a result of the
// cohort it is read against.
type ReadOptions struct {
	// Previous reads the file as the previous round's result, against the
	// cohort of the next round, which has in general changed since (new
	// students, seats added or withdrawn, new lists): the file's cohort
	// name and fingerprint are not compared with the cohort's, and a row
	// naming a student or a position the cohort lacks is not an error:
	// it is listed in ResultFile.Problems (located, with suggestions) and
	// kept in ResultFile.Rows, and only its known IDs reach Placements (a
	// placed student whose position the cohort lacks is left out of
	// them). A file most of whose students the cohort lacks is refused
	// with an *[UnrelatedResultError]: a result of another cohort.
	Previous bool
}

// UnrelatedResultError says that a file read as a previous round's result
// ([ReadOptions].Previous) names mostly students the cohort lacks: Unknown
// of its Students. It wraps [ErrResultFile].
type UnrelatedResultError struct {
	Unknown, Students int
	// Cohort is the name of the cohort read against, Result the cohort
	// the file names ("" when either does not say).
	Cohort, Result string
}

func (e *UnrelatedResultError) Error() string {
	who := "the cohort"
	if e.Cohort != "" {
		who = strconv.Quote(e.Cohort)
	}
	of := "another cohort"
	if e.Result != "" {
		of = "cohort " + strconv.Quote(e.Result)
	}
	return fmt.Sprintf("matching: a previous result of %s: %d of its %d students are not in %s", of, e.Unknown, e.Students, who)
}

// Unwrap returns ErrResultFile.
func (e *UnrelatedResultError) Unwrap() error { return ErrResultFile }

// unrelated returns an *UnrelatedResultError when more than half of the
// file's students are unknown, else nil.
func unrelated(c *model.Cohort, name string, unknown, students int) error {
	if students > 0 && 2*unknown > students {
		return &UnrelatedResultError{Unknown: unknown, Students: students, Cohort: c.Name(), Result: name}
	}
	return nil
}

// resultFingerprintTag opens the content a result's fingerprint hashes.
const resultFingerprintTag = "placement-result-v1"

// Fingerprint returns a digest of the allocation: 24 hexadecimal digits,
// the first 96 bits of a SHA-256 over "placement-result-v1", the
// fingerprint of the cohort it was computed on, the round (1 for a main
// round), the fingerprint of the previous round's result (empty for a main
// round), and every student's ID with their position's ID (empty when
// unplaced), sorted by student ID (byte order). It depends on nothing
// else: not the mechanism, the ranks, the reasons or the format of a file,
// so that [ResultFile.ResultFingerprint] of the file written from r gives the
// same value in every format, and a file read against another cohort (the
// previous round's result read against the next round's cohort) too. A
// responses file names the result it answers by it, and a round result
// the previous round's. O(S log S) for S students.
func (r *Result) Fingerprint() string {
	st, ps := r.inst.cohort.Students(), r.inst.cohort.Positions()
	number, previous := 1, ""
	if rd := r.inst.round; rd != nil {
		number, previous = rd.Number, rd.Previous
	}
	return resultFingerprint(r.inst.cohort.Fingerprint(), number, previous, len(st),
		func(s int) string { return st[s].ID },
		func(s int) string {
			if p := r.pos[s]; p >= 0 {
				return ps[p].ID
			}
			return ""
		})
}

// ResultFingerprint returns the fingerprint of the allocation the file
// states, as [Result.Fingerprint] defines it (the name Fingerprint is the
// field of the cohort's fingerprint), from the file alone: its cohort
// fingerprint, round, previous result and Rows (a student named twice
// counts at their first row). A file computed by [Result.Fingerprint]'s
// result gives that result's value in every format.
func (f *ResultFile) ResultFingerprint() string {
	number := f.Round.Number
	if number == 0 {
		number = 1
	}
	rows := f.Rows
	return resultFingerprint(f.Fingerprint, number, f.Round.Previous, len(rows),
		func(i int) string { return rows[i].Student },
		func(i int) string { return rows[i].Position })
}

// resultFingerprint hashes n (student, position) pairs, sorted by student
// ID, with the cohort's fingerprint, the round and the previous result's
// fingerprint; a student paired twice counts at their first pair only.
// Every string is written with its length first, so that no two contents
// hash the same bytes.
func resultFingerprint(cohort string, round int, previous string, n int, student, position func(i int) string) string {
	// The pairs are sorted as indices (4 bytes each, not the two strings'
	// 32), by student and then index, so that the first pair of a student
	// sorts first.
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	sortRuns(order, func(a, b int32) int {
		if c := strings.Compare(student(int(a)), student(int(b))); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	h := sha256.New()
	buf := make([]byte, 0, 1<<12)
	put := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
		if len(buf) > 1<<11 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	put(resultFingerprintTag)
	put(cohort)
	buf = binary.AppendUvarint(buf, uint64(max(round, 0)))
	put(previous)
	// A student named again comes right after their first pair: drop it
	// (no map of every ID needed). The count comes first: count them.
	k := 0
	for j, i := range order {
		if j > 0 && student(int(i)) == student(int(order[k-1])) {
			continue
		}
		order[k] = i
		k++
	}
	order = order[:k]
	buf = binary.AppendUvarint(buf, uint64(k))
	for _, i := range order {
		put(student(int(i)))
		put(position(int(i)))
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// sortRuns sorts x by cmp. A file lists its students in a few runs
// already in order (a result's placed, then its unplaced, each in cohort
// order, whose IDs mostly ascend): when x has at most 16 ascending runs
// they are merged, in O(n log runs), else x is sorted.
func sortRuns[T any](x []T, cmp func(a, b T) int) {
	var cuts []int // the starts of the runs after the first
	for i := 1; i < len(x); i++ {
		if cmp(x[i-1], x[i]) > 0 {
			if cuts = append(cuts, i); len(cuts) > 16 {
				slices.SortFunc(x, cmp)
				return
			}
		}
	}
	if len(cuts) == 0 {
		return
	}
	bounds := append(append([]int{0}, cuts...), len(x))
	buf := make([]T, len(x))
	for len(bounds) > 2 {
		next := []int{0}
		for i := 0; i+1 < len(bounds); i += 2 {
			lo, mid := bounds[i], bounds[i+1]
			hi := mid
			if i+2 < len(bounds) {
				hi = bounds[i+2]
			}
			a, b, out := lo, mid, lo
			for a < mid && b < hi {
				if cmp(x[b], x[a]) < 0 {
					buf[out], b = x[b], b+1
				} else {
					buf[out], a = x[a], a+1
				}
				out++
			}
			out += copy(buf[out:], x[a:mid])
			copy(buf[out:], x[b:hi])
			copy(x[lo:hi], buf[lo:hi])
			next = append(next, hi)
		}
		bounds = next
	}
}

// roundOf returns the round fields r's file writes, and false for a main
// round (which writes none).
func roundOf(r *Result) (ResultRound, bool) {
	rd := r.inst.round
	if rd == nil {
		return ResultRound{}, false
	}
	placed, unplaced := rd.Placed, rd.Unplaced
	if placed == model.NoAnswer {
		placed = model.Accept
	}
	if unplaced == model.NoAnswer {
		unplaced = model.Continue
	}
	return ResultRound{Number: rd.Number, Previous: rd.Previous, Responses: rd.Responses, Lottery: rd.Lottery.String(),
		Placed: placed.String(), Unplaced: unplaced.String()}, true
}

// roundStudent returns student s's answer, the ID of the seat they held
// from the previous round (kept, or given back by declining; "" when
// none or not known) and the round they joined.
func roundStudent(r *Result, s int) (model.Answer, string, int) {
	st := r.inst.Standing(s)
	if st.Seat >= 0 && int(st.Seat) < r.inst.Positions() {
		return st.Answer, r.inst.cohort.Positions()[st.Seat].ID, st.joined()
	}
	if rd := r.inst.round; rd != nil && st.Answer == model.Decline && s < len(rd.GaveBack) {
		return st.Answer, rd.GaveBack[s], st.joined()
	}
	return st.Answer, "", st.joined()
}

// resultCSVRound are the columns a round result's CSV file has after the
// run's: the round's (the same on every row), then the student's.
var resultCSVRound = []string{"round", "previous_result", "responses", "round_lottery", "no_answer_placed", "no_answer_unplaced", "answer", "previous_position", "joined"}

// roundItems is how many of resultCSVRound are the round's (the same on
// every row); the others are the student's.
const roundItems = 6

// RoundSummary returns the items a round result's workbook adds to its
// summary sheet, as (key, value) pairs (the keys in order: round,
// previous_result, responses, round_lottery, no_answer_placed,
// no_answer_unplaced, the last two answers' code words; name them with
// [ResultName]); nil for a main round, whose workbook adds none.
func RoundSummary(r *Result) [][2]string {
	rd, ok := roundOf(r)
	if !ok {
		return nil
	}
	return [][2]string{{"round", strconv.Itoa(rd.Number)}, {"previous_result", rd.Previous},
		{"responses", rd.Responses}, {"round_lottery", rd.Lottery},
		{"no_answer_placed", rd.Placed}, {"no_answer_unplaced", rd.Unplaced}}
}

// ReadRoundSummary reads the round of a workbook's summary, given the
// value of each item by key ("" when the summary lacks it): a summary
// without "round" is a main round's. It returns an error for a round that
// is not a whole number from 1.
func ReadRoundSummary(item func(key string) string) (ResultRound, error) {
	return readRound(item("round"), item("previous_result"), item("responses"), item("round_lottery"), item("no_answer_placed"), item("no_answer_unplaced"))
}

func readRound(number, previous, responses, lottery, placed, unplaced string) (ResultRound, error) {
	rd := ResultRound{Number: 1, Previous: previous, Responses: responses, Lottery: lottery}
	// The defaults, as code words: a file may say them in either
	// language (接受, ...).
	for _, d := range []struct {
		key, cell string
		to        *string
		want      []model.Answer
	}{{"no_answer_placed", placed, &rd.Placed, []model.Answer{model.Accept, model.Hold, model.Decline}},
		{"no_answer_unplaced", unplaced, &rd.Unplaced, []model.Answer{model.Continue, model.Withdraw}}} {
		if d.cell == "" {
			continue
		}
		a, err := model.ParseAnswer(d.cell)
		if err != nil || !slices.Contains(d.want, a) {
			if len(d.want) == 3 {
				return rd, fmt.Errorf("%s %q is not accept, hold or decline", d.key, d.cell)
			}
			return rd, fmt.Errorf("%s %q is not continue or withdraw", d.key, d.cell)
		}
		*d.to = a.String()
	}
	if number == "" {
		return rd, nil
	}
	n, err := strconv.Atoi(number)
	if err != nil || n < 1 {
		return rd, fmt.Errorf("round %q is not a whole number from 1", number)
	}
	rd.Number = n
	return rd, nil
}

// RoundColumns returns the columns a round result's tables add to the
// rows of its students: "answer", "previous_position" and "joined" (the
// round the student joined: their lottery draw is their group's); nil for
// a main round's (IsRound false).
func RoundColumns(isRound bool) []string {
	if !isRound {
		return nil
	}
	return []string{"answer", "previous_position", "joined"}
}

// IsRound reports whether r is a round after the first, whose files carry
// the round's fields.
func (r *Result) IsRound() bool { return r.inst.round != nil }

// RoundCells returns the cells of [RoundColumns] for student s of a round
// result, in language t: the answer (its code word in English, a
// planner's word in Chinese: 接受, 保留, 放弃, 继续, 退出; empty when the
// student gave none), the ID of the seat held from the previous round,
// and the round the student joined (1 for the main round's students). It
// returns nil for a main round's result.
func RoundCells(t language.Tag, r *Result, s int) []string {
	if !r.IsRound() {
		return nil
	}
	a, prev, joined := roundStudent(r, s)
	return []string{AnswerWord(t, a), prev, strconv.Itoa(joined)}
}

// AnswerWord is an answer as a result table writes it in language t: the
// code word ("accept") in English, the planner's word (接受) in Chinese;
// empty for NoAnswer. [model.ParseAnswer] reads both.
func AnswerWord(t language.Tag, a model.Answer) string {
	if a == model.NoAnswer {
		return ""
	}
	return words.Answer(tableLang(t), a.String())
}

// ReadRoundCells reads the cells of [RoundColumns] into row, for a file
// of round number round: the answer (either language; empty is
// NoAnswer), the previous position's ID and the round the student joined
// (a whole number from 1 to round; empty, or a file without the column,
// is 1). A file written while round results said "new" instead (the
// column new, 本轮新增) gives isNew, the cell of that column ("" when the
// file lacks it): a new student ("yes", "true", "1", 是) joined in round
// round, another in round 1; joined wins when a file has both. It returns
// an error for an answer, a joined or a new cell it does not know.
func ReadRoundCells(row *ResultRow, round int, answer, previous, joined, isNew string) error {
	row.PreviousPosition = previous
	row.Joined = 1
	switch isNew {
	case "":
	case "yes", "true", "1", "是":
		row.Joined = max(round, 1)
	default:
		return fmt.Errorf("new %q is not yes or empty", isNew)
	}
	if joined != "" {
		k, err := strconv.Atoi(joined)
		if err != nil || k < 1 || k > max(round, 1) {
			return fmt.Errorf("joined %q is not a round from 1 to %d", joined, max(round, 1))
		}
		row.Joined = k
	}
	if answer == "" {
		return nil
	}
	a, err := model.ParseAnswer(answer)
	if err != nil {
		return fmt.Errorf("answer %q is not one of accept, hold, decline, continue, withdraw", answer)
	}
	row.Answer = a
	return nil
}

// answerOf parses an answer's code word, NoAnswer for one it does not
// know (the writers' own words only).
func answerOf(code string) model.Answer {
	a, err := model.ParseAnswer(code)
	if err != nil {
		return model.NoAnswer
	}
	return a
}
