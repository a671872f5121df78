package model

// STUB of part responses' types (ROUNDS.md), removed before merging branch responses.

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
)

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
	Warnings  []*Problem
}

func (rs *Responses) Fingerprint() string { // as branch responses computes it
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	str := func(s string) {
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	str("placement-responses-v1")
	str(rs.Result)
	order := make([]int, len(rs.Responses))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := &rs.Responses[a], &rs.Responses[b]
		if c := strings.Compare(ra.Student, rb.Student); c != 0 {
			return c
		}
		if c := int(ra.Answer) - int(rb.Answer); c != 0 {
			return c
		}
		return slices.Compare(ra.Choices, rb.Choices)
	})
	h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(order)))])
	for _, i := range order {
		r := &rs.Responses[i]
		str(r.Student)
		str(r.Answer.String())
		if r.HasChoices {
			h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(r.Choices))+1)])
			for _, c := range r.Choices {
				str(c)
			}
		} else {
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
