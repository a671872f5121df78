package model

import (
	"math/rand/v2"
	"strings"
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

// TestIndexParallel checks that indexParallel indexes and reports as the
// loop of indexIDs does: empty, malformed and repeated IDs, short and long.
func TestIndexParallel(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 3*indexChunk + 123
	keys := make([]string, n)
	for i := range keys {
		switch r.IntN(50) {
		case 0:
			keys[i] = ""
		case 1:
			keys[i] = " S" + itoa(i)
		case 2, 3:
			keys[i] = keys[r.IntN(i+1)] // a repeat (or itself)
		default:
			keys[i] = "S" + itoa(r.IntN(4*n)) + strings.Repeat("x", r.IntN(3)*4)
		}
	}
	seq := &collector{max: 1 << 30}
	want := newIDIndexFor(keys)
	for i, s := range keys {
		if p := idProblem(entStudent, i, s, want.add); p != nil {
			p.report(seq)
		}
	}
	par := &collector{max: 1 << 30}
	got := indexParallel(par, entStudent, keys)
	if len(seq.errs) < 100 || len(seq.errs) != len(par.errs) {
		t.Fatalf("%d problems in one pass, %d in parallel", len(seq.errs), len(par.errs))
	}
	for k := range seq.errs {
		if a, b := seq.errs[k].Error(), par.errs[k].Error(); a != b {
			t.Fatalf("problem %d: %q in one pass, %q in parallel", k, a, b)
		}
	}
	for _, s := range keys {
		v, ok := want.get(s)
		w, okp := got.get(s)
		if v != w || ok != okp {
			t.Fatalf("get(%q) = %d, %v in parallel; %d, %v in one pass", s, w, okp, v, ok)
		}
	}
}
