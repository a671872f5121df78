package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestResponsesFingerprintBytes: the buffered fingerprint, which skips
// the sort of rows in order already, is the one hashed a Write a field
// (refResponsesFingerprint, the first version), for responses in order,
// shuffled, repeated and with lists.
func TestResponsesFingerprintBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 300 {
		rs := &Responses{Result: strings.Repeat("ab", n%5)}
		for i := range n * 7 {
			r := Response{Student: fmt.Sprintf("S%05d", i/(1+n%3)), Answer: Answer(rng.IntN(6))}
			if rng.IntN(3) == 0 {
				r.HasChoices = true
				for range rng.IntN(4) {
					r.Choices = append(r.Choices, fmt.Sprintf("P%d", rng.IntN(9)))
				}
			}
			rs.Responses = append(rs.Responses, r)
		}
		if n%2 == 1 {
			rng.Shuffle(len(rs.Responses), func(i, j int) { rs.Responses[i], rs.Responses[j] = rs.Responses[j], rs.Responses[i] })
		}
		if got, want := rs.Fingerprint(), refResponsesFingerprint(rs); got != want {
			t.Fatalf("n=%d: %s, want %s", n, got, want)
		}
	}
}

func refResponsesFingerprint(rs *Responses) string {
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
