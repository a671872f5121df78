package matching

// STUB of part core's API (ROUNDS.md), removed before merging branch core.

import (
	"fmt"

	"github.com/placement-engine/placement/model"
)

type Standing struct {
	Answer model.Answer
	Seat   int32
}

type LotteryRule uint8

const (
	ReversedLottery LotteryRule = iota
	SameLottery
	FreshLottery
)

var lotteryNames = [...]string{"reversed", "same", "fresh"}

func (l LotteryRule) String() string {
	if int(l) < len(lotteryNames) {
		return lotteryNames[l]
	}
	return fmt.Sprintf("lottery(%d)", int(l))
}

func ParseLotteryRule(s string) (LotteryRule, error) {
	for i, n := range lotteryNames {
		if n == s {
			return LotteryRule(i), nil
		}
	}
	return 0, &UnknownNameError{Kind: "lottery rule", Value: s, Want: lotteryNames[:]}
}

type Round struct {
	Number    int
	Previous  string
	Responses string
	Lottery   LotteryRule
	Standings []Standing
}

func (in *Instance) Round() *Round { return in.round }

func (in *Instance) Standing(s int) Standing {
	if in.round == nil {
		return Standing{Seat: -1}
	}
	return in.round.Standings[s]
}

const LeastDisruption = OptimalAllocation + 1

const (
	Declined Reason = NotSelected + 1 + iota
	Withdrew
)
