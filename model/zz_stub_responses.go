package model

// STUB of part responses' API (ROUNDS.md), removed before merging branch responses.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

type Answer uint8

const (
	NoAnswer Answer = iota
	Accept
	Hold
	Decline
	Continue
	Withdraw
)

var answerNames = [...]string{"", "accept", "hold", "decline", "continue", "withdraw"}

func (a Answer) String() string {
	if int(a) < len(answerNames) {
		return answerNames[a]
	}
	return fmt.Sprintf("answer(%d)", int(a))
}

func ParseAnswer(s string) (Answer, error) {
	for i, n := range answerNames {
		if n == s {
			return Answer(i), nil
		}
	}
	switch s {
	case "接受":
		return Accept, nil
	case "保留":
		return Hold, nil
	case "放弃":
		return Decline, nil
	case "继续":
		return Continue, nil
	case "退出":
		return Withdraw, nil
	}
	return 0, fmt.Errorf("model: unknown answer %q", s)
}

type Response struct {
	Student    string
	Answer     Answer
	Choices    []string
	HasChoices bool
	Line       int
}

type Responses struct {
	Result    string
	Responses []Response
}

func (rs *Responses) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", rs.Result)
	for _, r := range rs.Responses {
		fmt.Fprintf(h, "%q %d %v %q\n", r.Student, r.Answer, r.HasChoices, r.Choices)
	}
	return hex.EncodeToString(h.Sum(nil))
}
