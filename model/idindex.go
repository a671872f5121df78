package model

import "strings"

// idIndex maps IDs to int32 values: the dense index of each entity, built
// once at validation. It is Go's map behind a small interface: a custom
// open-addressing table was tried and measured no faster. What matters is
// where the keys live: a lookup compares the key's bytes, and keys scattered
// over a gigabyte heap cost a cache miss each, so indexIDs copies an
// entity's IDs back to back into one string and keys the map with pieces of
// it.
type idIndex struct{ m map[string]int32 }

func newIDIndex(n int) *idIndex { return &idIndex{m: make(map[string]int32, n)} }

// packedIDs returns copies of the n IDs id(0..n-1) that share one
// contiguous allocation.
func packedIDs(n int, id func(int) string) []string {
	size := 0
	for i := range n {
		size += len(id(i))
	}
	var b strings.Builder
	b.Grow(size)
	for i := range n {
		b.WriteString(id(i))
	}
	all := b.String()
	out := make([]string, n)
	off := 0
	for i := range n {
		k := len(id(i))
		out[i] = all[off : off+k]
		off += k
	}
	return out
}

// get returns the value of id.
func (x *idIndex) get(id string) (int32, bool) {
	v, ok := x.m[id]
	return v, ok
}

// getBytes returns the value of the ID spelled by b, without copying b.
func (x *idIndex) getBytes(b []byte) (int32, bool) {
	v, ok := x.m[string(b)]
	return v, ok
}

// add maps id to v unless id is there already; it returns the value id
// has and whether it was added.
func (x *idIndex) add(id string, v int32) (int32, bool) {
	if old, ok := x.m[id]; ok {
		return old, false
	}
	x.m[id] = v
	return v, true
}

// interner hands out one shared string for equal IDs read from a file, so
// that a cohort holds each distinct reference once and no reference pins the
// line it was cut from.
type interner struct{ m map[string]string }

func newInterner() *interner { return &interner{m: make(map[string]string)} }

// bytes returns the shared string equal to b.
func (in *interner) bytes(b []byte) string {
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	in.m[s] = s
	return s
}

// string returns the shared string equal to s.
func (in *interner) string(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := in.m[s]; ok {
		return c
	}
	c := string([]byte(s))
	in.m[c] = c
	return c
}

// slab hands out string slices carved from large shared arrays, so that a
// million students' choice lists cost a few allocations, not a million.
type slab struct{ buf []string }

// alloc returns a slice of n empty strings (nil for n = 0).
func (s *slab) alloc(n int) []string {
	if n == 0 {
		return nil
	}
	if len(s.buf) < n {
		s.buf = make([]string, max(1<<16, n))
	}
	out := s.buf[:n:n]
	s.buf = s.buf[n:]
	return out
}

func (s *slab) copy(src []string) []string {
	out := s.alloc(len(src))
	copy(out, src)
	return out
}
