package matching

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

// TestResultFingerprintBytes: the fingerprint sorted as indices and hashed
// through a buffer is the one of the definition, hashed a Write a field
// over the (student, position) pairs sorted by student, first pair first
// (refResultFingerprint), for rows in order, in two runs (placed, then
// unplaced), shuffled and with students repeated.
func TestResultFingerprintBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 400 {
		m := n * 3
		students := make([]string, m)
		positions := make([]string, m)
		for i := range students {
			students[i] = fmt.Sprintf("S%05d", i/(1+n%3))
			if rng.IntN(3) > 0 {
				positions[i] = fmt.Sprintf("P%d", rng.IntN(9))
			}
		}
		switch n % 4 {
		case 1: // placed first, then unplaced, each in order
			var a, b []int
			for i := range students {
				if positions[i] != "" {
					a = append(a, i)
				} else {
					b = append(b, i)
				}
			}
			students, positions = permute(students, append(a, b...)), permute(positions, append(a, b...))
		case 2, 3:
			perm := rng.Perm(m)
			students, positions = permute(students, perm), permute(positions, perm)
		}
		cohort, prev := strings.Repeat("c", n%7), strings.Repeat("p", n%5)
		got := resultFingerprint(cohort, n%4, prev, m,
			func(i int) string { return students[i] }, func(i int) string { return positions[i] })
		if want := refResultFingerprint(cohort, n%4, prev, students, positions); got != want {
			t.Fatalf("n=%d: %s, want %s", n, got, want)
		}
	}
}

func permute(x []string, perm []int) []string {
	out := make([]string, len(perm))
	for k, i := range perm {
		out[k] = x[i]
	}
	return out
}

func refResultFingerprint(cohort string, round int, previous string, students, positions []string) string {
	type row struct {
		s, p string
		i    int
	}
	var rows []row
	for i := range students {
		rows = append(rows, row{students[i], positions[i], i})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.s, b.s); c != 0 {
			return c
		}
		return a.i - b.i
	})
	var kept []row
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.s] {
			seen[r.s] = true
			kept = append(kept, r)
		}
	}
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	uv := func(v uint64) { h.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	str := func(s string) {
		uv(uint64(len(s)))
		h.Write([]byte(s))
	}
	str("placement-result-v1")
	str(cohort)
	uv(uint64(round))
	str(previous)
	uv(uint64(len(kept)))
	for _, r := range kept {
		str(r.s)
		str(r.p)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
