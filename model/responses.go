package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/words"
)

// Answer is a student's answer to the result of a round (see the package
// documentation, "Responses").
type Answer uint8

const (
	NoAnswer Answer = iota // zero: no answer given (a new student, or every student of a main round)
	Accept                 // placed: keeps the seat and leaves the market
	Hold                   // placed: keeps the seat as a guarantee, may move up to a choice ranked above it
	Decline                // placed: gives the seat back and leaves (unplaced, reason "declined")
	Continue               // unplaced: takes part in the next round, with a new list if given
	Withdraw               // unplaced: leaves (unplaced, reason "withdrew")
)

// answerCodes are the answers' code words, by Answer.
var answerCodes = [...]string{"", "accept", "hold", "decline", "continue", "withdraw"}

// String returns the answer's code word as the files write it: "" for
// NoAnswer, "accept", "hold", "decline", "continue", "withdraw"
// ("answer(N)" for a value out of range).
func (a Answer) String() string {
	if int(a) < len(answerCodes) {
		return answerCodes[a]
	}
	return "answer(" + itoa(int(a)) + ")"
}

// ParseAnswer reads an answer as the files and planners write it: an
// English code word (without regard to case) or its Chinese word (接受,
// 保留 or 保留并候补, 放弃, 继续, 退出; also 同意 for accept, 候补 for hold,
// 拒绝 for decline, and the words a round's result workbook shows for a
// default or an earlier round's answer, 未回复（按接受）, 已在前几轮放弃),
// spaces around it dropped. An empty
// text is NoAnswer. Any other text is an error wrapping [ErrInvalidValue].
func ParseAnswer(s string) (Answer, error) {
	v := csvtext.TrimCell(s)
	if v == "" {
		return NoAnswer, nil
	}
	if c, ok := words.AnswerCode(v); ok {
		for i, code := range answerCodes {
			if code == c {
				return Answer(i), nil
			}
		}
	}
	return NoAnswer, errorf(ErrInvalidValue, "unknown answer %q (want accept, hold, decline, continue or withdraw)", v)
}

// answerSuggestions are the answers s was probably meant to be: the names
// (code words and Chinese words, in the script s is typed in) at the least
// edit distance, when it is small.
func answerSuggestions(s string) []Suggestion {
	v := []rune(fold(s))
	ascii := true
	for _, r := range v {
		ascii = ascii && r < 0x80
	}
	limit := 2
	if len(v) <= 4 {
		limit = 1
	}
	best, out := limit+1, []Suggestion(nil)
	for _, code := range words.AnswerCodes() {
		for _, name := range words.AnswerNames(code) {
			if isASCII(name) != ascii {
				continue
			}
			d := distanceAtMost(v, fold(name), limit)
			switch {
			case d < best:
				best, out = d, []Suggestion{{ID: name}}
			case d == best && d <= limit:
				out = append(out, Suggestion{ID: name})
			}
		}
	}
	if best > limit || len(out) > 3 {
		return nil
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Response is one student's answer to the result of a round.
type Response struct {
	Student string
	Answer  Answer
	// Choices, when HasChoices, replaces the student's list for the next round (continue only).
	Choices    []string
	HasChoices bool
	// Line is the 1-based line of the response in its file (a row of a
	// sheet), for located errors; 0 when unknown.
	Line int
}

// Responses is a responses file: the students' answers to the result of
// one round (see the package documentation, "Responses").
type Responses struct {
	// Result is the fingerprint of the result these responses answer ("" when the file does not say).
	Result    string
	Responses []Response // file order
	// Sheet is the sheet of a workbook the responses were read from
	// ("" for JSON and CSV), so that a later check (package round) names
	// a response's row as the readers do. Writers and Fingerprint ignore
	// it.
	Sheet string
	// Warnings are what the reader found worth saying that did not reject
	// the file (a notes column, a file converted from GBK); nil when none.
	// Writers and Fingerprint ignore them.
	Warnings []*Problem
}

// Fingerprint returns the SHA-256 (hex) of the responses' content: the
// result they answer and, sorted by student, each student's answer and new
// list. It does not depend on the format, the order of the file, the
// lines or the warnings: the same responses read from JSON, CSV or Excel
// have the same fingerprint. It takes time O(n log n) in the responses.
func (rs *Responses) Fingerprint() string {
	h := sha256.New()
	// The bytes go through a buffer, a few KiB a Write.
	buf := make([]byte, 0, 1<<12)
	flush := func() {
		if len(buf) > 1<<11 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
		flush()
	}
	str("placement-responses-v1")
	str(rs.Result)
	rsp := rs.Responses
	less := func(ra, rb *Response) int {
		if c := strings.Compare(ra.Student, rb.Student); c != 0 {
			return c
		}
		if c := int(ra.Answer) - int(rb.Answer); c != 0 {
			return c
		}
		return slices.Compare(ra.Choices, rb.Choices)
	}
	// Files mostly list their students in order already: then no order
	// is made (a stable sort would keep the file's).
	var order []int32
	for i := 1; i < len(rsp); i++ {
		if less(&rsp[i-1], &rsp[i]) > 0 {
			order = make([]int32, len(rsp))
			for j := range order {
				order[j] = int32(j)
			}
			slices.SortStableFunc(order, func(a, b int32) int { return less(&rsp[a], &rsp[b]) })
			break
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(rsp)))
	for k := range rsp {
		r := &rsp[k]
		if order != nil {
			r = &rsp[order[k]]
		}
		str(r.Student)
		str(r.Answer.String())
		if r.HasChoices {
			buf = binary.AppendUvarint(buf, uint64(len(r.Choices))+1)
			for _, c := range r.Choices {
				str(c)
			}
		} else {
			buf = append(buf, 0)
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}
