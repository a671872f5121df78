package model

import "fmt"

// Answer is a student's answer to the result of a round.
type Answer uint8

const (
	// NoAnswer is the zero Answer: no answer given (a new student, or
	// every student of a main round).
	NoAnswer Answer = iota
	// Accept: placed, keeps the seat and leaves the market.
	Accept
	// Hold: placed, keeps the seat as a guarantee and may move up to a
	// choice ranked above it.
	Hold
	// Decline: placed, gives the seat back and leaves (unplaced, reason
	// "declined").
	Decline
	// Continue: unplaced, takes part in the next round, with a new list if
	// given.
	Continue
	// Withdraw: unplaced, leaves (unplaced, reason "withdrew").
	Withdraw
)

var answerNames = [...]string{"", "accept", "hold", "decline", "continue", "withdraw"}

// answerWords are the planners' words for the answers, in Answer order.
var answerWords = [...]string{"", "接受", "保留", "放弃", "继续", "退出"}

// String returns the answer's English code: "" for NoAnswer, then
// "accept", "hold", "decline", "continue", "withdraw".
func (a Answer) String() string {
	if int(a) < len(answerNames) {
		return answerNames[a]
	}
	return fmt.Sprintf("answer(%d)", int(a))
}

// ParseAnswer parses an answer's English code or its Chinese word (接受,
// 保留, 放弃, 继续, 退出). The empty string is NoAnswer.
func ParseAnswer(s string) (Answer, error) {
	for i := range answerNames {
		if s == answerNames[i] || (i > 0 && s == answerWords[i]) {
			return Answer(i), nil
		}
	}
	return 0, fmt.Errorf("model: unknown answer %q (want accept, hold, decline, continue or withdraw)", s)
}
