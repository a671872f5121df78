package model

import "strings"

// idIndex maps IDs to int32 values: the dense index of each entity, built
// once at validation and used for every reference. It is Go's maps behind a
// small interface, arranged for memory locality, because on a large cohort
// (twenty million choices against 50,000 positions) each lookup is a cache
// miss or two and nothing else: IDs of up to seven bytes (most position IDs)
// are keyed as one uint64, so a lookup reads the table and nothing else;
// longer IDs are keyed by strings packed back to back (see packedIDs), so the
// key comparison reads nearby memory. A custom open-addressing table was
// tried and measured no faster than this.
type idIndex struct {
	short map[uint64]int32 // IDs shorter than 8 bytes, packed by shortKey
	long  map[string]int32
}

func newIDIndex(n int) *idIndex {
	return &idIndex{short: make(map[uint64]int32, n), long: make(map[string]int32)}
}

// shortKey packs an ID of at most 7 bytes and its length into a uint64.
func shortKey(b string) uint64 {
	k := uint64(len(b)) << 56
	for i := 0; i < len(b); i++ {
		k |= uint64(b[i]) << (8 * i)
	}
	return k
}

// get returns the value of id.
func (x *idIndex) get(id string) (int32, bool) {
	if len(id) < 8 {
		v, ok := x.short[shortKey(id)]
		return v, ok
	}
	v, ok := x.long[id]
	return v, ok
}

// getBytes returns the value of the ID spelled by b, without copying b.
func (x *idIndex) getBytes(b []byte) (int32, bool) {
	if len(b) < 8 {
		v, ok := x.short[shortKey(string(b))]
		return v, ok
	}
	v, ok := x.long[string(b)]
	return v, ok
}

// add maps id to v unless id is there already; it returns the value id
// has and whether it was added.
func (x *idIndex) add(id string, v int32) (int32, bool) {
	if old, ok := x.get(id); ok {
		return old, false
	}
	if len(id) < 8 {
		x.short[shortKey(id)] = v
	} else {
		x.long[id] = v
	}
	return v, true
}

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
