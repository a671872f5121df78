package model

import (
	"math/rand/v2"
	"testing"
)

// TestIDIndex checks the index against a plain map on random IDs of every
// length around the eight bytes that are keyed as a number, including
// zero bytes, bytes above 0x7f and last bytes on either side of 8.
func TestIDIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := newIDIndex(0)
	ref := map[string]int32{}
	randID := func() string {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = "ab\x00\xffP01\x07\x08"[r.IntN(9)]
		}
		return string(b)
	}
	for i := range 20000 {
		id := randID()
		v, added := x.add(id, int32(i))
		old, had := ref[id]
		if added == had || (had && v != old) {
			t.Fatalf("add(%q) = %d, %v; the map has %d, %v", id, v, added, old, had)
		}
		if !had {
			ref[id] = int32(i)
		}
	}
	for range 20000 {
		id := randID()
		v, ok := x.get(id)
		w, had := ref[id]
		vb, okb := x.getBytes([]byte(id))
		if ok != had || v != w || okb != ok || vb != v {
			t.Fatalf("get(%q) = %d, %v (bytes: %d, %v); want %d, %v", id, v, ok, vb, okb, w, had)
		}
	}
}
