package model

import (
	"math/bits"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"unsafe"
)

// idIndex maps IDs to int32 values: the dense index of each entity, built
// once at validation and used for every reference. On a large cohort
// (twenty million choices against 50,000 positions) each lookup is a cache
// miss or two and nothing else, so the layout is what counts: IDs of one to
// eight bytes (most IDs; see isShort) are keyed as one uint64 in a flat
// open-addressing table whose slot holds the key and the value side by side,
// so that a lookup reads one cache line; it measured twice as fast as a Go
// map, whose lookups go through a directory and a group of control bytes.
// Longer IDs (and the empty one) are in a Go map, keyed by strings packed
// back to back (see packedIDs), so that the key comparison reads nearby
// memory.
type idIndex struct {
	slots []idSlot // len a power of two, at most three quarters full; key 0: free
	shift uint     // 64 - log2(len(slots))
	seed  uint64
	n     int // keys in slots
	long  map[string]int32
}

type idSlot struct {
	key uint64
	val int32
}

// newIDIndex returns an index sized for n IDs.
func newIDIndex(n int) *idIndex {
	x := &idIndex{seed: rand.Uint64() | 1, long: make(map[string]int32)}
	x.resize(n)
	return x
}

// newIDIndexFor returns an index sized for the given IDs.
func newIDIndexFor(ids []string) *idIndex {
	nLong := 0
	for _, id := range ids {
		if !isShort(id) {
			nLong++
		}
	}
	x := &idIndex{seed: rand.Uint64() | 1, long: make(map[string]int32, nLong)}
	x.resize(len(ids) - nLong)
	return x
}

// resize makes room for n short keys, keeping those there.
func (x *idIndex) resize(n int) {
	size := 8
	for size < n+n/3 {
		size <<= 1
	}
	old := x.slots
	x.slots = make([]idSlot, size)
	x.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for _, s := range old {
		if s.key != 0 {
			x.slots[x.slot(s.key)] = s
		}
	}
}

// slot returns where key is, or the free slot where it would go. The hash
// is seeded per index, so that no file can choose IDs that collide.
func (x *idIndex) slot(key uint64) int {
	hi, lo := bits.Mul64(key^x.seed, 0x9E3779B97F4A7C15)
	mask := len(x.slots) - 1
	for i := int((hi ^ lo) >> x.shift); ; i = (i + 1) & mask {
		if k := x.slots[i].key; k == key || k == 0 {
			return i
		}
	}
}

// isShort tells the IDs keyed as a number by shortKey: one to seven bytes,
// or eight whose last byte is not below 8 (so that no eight-byte key looks
// like a shorter one's, whose top byte is its length).
func isShort(id string) bool {
	return len(id) > 0 && (len(id) < 8 || len(id) == 8 && id[7] >= 8)
}

// shortKey packs an ID for which isShort holds into a non-zero uint64:
// the bytes, and for fewer than eight the length in the top byte.
func shortKey(b string) uint64 {
	if len(b) == 8 {
		return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	}
	k := uint64(len(b)) << 56
	for i := 0; i < len(b); i++ {
		k |= uint64(b[i]) << (8 * i)
	}
	return k
}

// get returns the value of id.
func (x *idIndex) get(id string) (int32, bool) {
	if isShort(id) {
		s := &x.slots[x.slot(shortKey(id))]
		return s.val, s.key != 0
	}
	v, ok := x.long[id]
	return v, ok
}

// getBytes returns the value of the ID spelled by b, without copying b.
func (x *idIndex) getBytes(b []byte) (int32, bool) {
	return x.get(unsafeString(b))
}

// add maps id to v unless id is there already; it returns the value id
// has and whether it was added.
func (x *idIndex) add(id string, v int32) (int32, bool) {
	if !isShort(id) {
		if old, ok := x.long[id]; ok {
			return old, false
		}
		x.long[id] = v
		return v, true
	}
	key := shortKey(id)
	i := x.slot(key)
	if s := &x.slots[i]; s.key != 0 {
		return s.val, false
	}
	if 4*(x.n+1) > 3*len(x.slots) {
		x.resize(x.n + 1)
		i = x.slot(key)
	}
	x.slots[i] = idSlot{key, v}
	x.n++
	return v, true
}

// addMin maps key, a short key, to the smallest v it is given. It may be
// called from several goroutines at once, but not with any other method;
// until settle, slots hold v+1 (0: none yet). The table must have room.
func (x *idIndex) addMin(key uint64, v int32) {
	hi, lo := bits.Mul64(key^x.seed, 0x9E3779B97F4A7C15)
	mask := len(x.slots) - 1
	for i := int((hi ^ lo) >> x.shift); ; i = (i + 1) & mask {
		s := &x.slots[i]
		k := atomic.LoadUint64(&s.key)
		if k == 0 && atomic.CompareAndSwapUint64(&s.key, 0, key) {
			k = key
		} else if k == 0 {
			k = atomic.LoadUint64(&s.key) // another goroutine took the slot
		}
		if k != key {
			continue
		}
		for {
			old := atomic.LoadInt32(&s.val)
			if (old != 0 && old <= v+1) || atomic.CompareAndSwapInt32(&s.val, old, v+1) {
				return
			}
		}
	}
}

// settle ends a run of addMin: it turns the slots' values back into the
// values given and returns how many keys there are.
func (x *idIndex) settle() int {
	n := 0
	for i := range x.slots {
		if x.slots[i].key != 0 {
			x.slots[i].val--
			n++
		}
	}
	return n
}

// unsafeString views b as a string, for a lookup that does not keep it.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
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
