package model

import (
	"hash/maphash"
	"math/bits"
	"unsafe"
)

// idIndex maps IDs to int32 values. It is an open-addressing hash table
// whose keys live back to back in one byte arena: a lookup touches the slot
// array and a few contiguous bytes instead of chasing string pointers around
// the heap, which is what makes resolving 20 million choices of a
// 1,000,000-student cohort fast. Go's map was measured three to five times
// slower for this (see the benchmarks in the README).
type idIndex struct {
	seed  maphash.Seed
	slots []uint64 // 0: empty; else hash tag << 32 | (key number + 1)
	mask  uint64
	arena []byte
	offs  []int32 // key k is arena[offs[k]:offs[k+1]]
	vals  []int32
}

func newIDIndex(n int) *idIndex {
	x := &idIndex{seed: maphash.MakeSeed(), offs: make([]int32, 1, n+1), vals: make([]int32, 0, n)}
	x.resize(n)
	return x
}

func (x *idIndex) resize(n int) {
	// At most half full: linear probing then averages about 1.5 probes a
	// hit and 2.5 a miss.
	size := uint64(16)
	if n > 8 {
		size = 1 << bits.Len64(uint64(2*n-1))
	}
	x.slots = make([]uint64, size)
	x.mask = size - 1
	for k := range len(x.vals) {
		key := x.arena[x.offs[k]:x.offs[k+1]]
		h := maphash.Bytes(x.seed, key)
		x.place(h, k)
	}
}

func (x *idIndex) place(h uint64, k int) {
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		if x.slots[i] == 0 {
			x.slots[i] = h&^0xffffffff | uint64(k+1)
			return
		}
	}
}

// Len returns the number of keys.
func (x *idIndex) Len() int { return len(x.vals) }

// find returns the key number of s, or -1.
func (x *idIndex) find(h uint64, s string) int {
	tag := h &^ 0xffffffff
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		e := x.slots[i]
		if e == 0 {
			return -1
		}
		if e&^0xffffffff == tag {
			k := int(uint32(e)) - 1
			if string(x.arena[x.offs[k]:x.offs[k+1]]) == s {
				return k
			}
		}
	}
}

// get returns the value of id.
func (x *idIndex) get(id string) (int32, bool) {
	k := x.find(maphash.String(x.seed, id), id)
	if k < 0 {
		return 0, false
	}
	return x.vals[k], true
}

// add maps id to v unless id is there already; it returns the value id
// has and whether it was added.
func (x *idIndex) add(id string, v int32) (int32, bool) {
	h := maphash.String(x.seed, id)
	if k := x.find(h, id); k >= 0 {
		return x.vals[k], false
	}
	x.insert(h, id, v)
	return v, true
}

// insert adds id, which must be absent and hash to h, and returns its key
// number.
func (x *idIndex) insert(h uint64, id string, v int32) int {
	k := len(x.vals)
	x.arena = append(x.arena, id...)
	x.offs = append(x.offs, int32(len(x.arena)))
	x.vals = append(x.vals, v)
	if uint64(len(x.vals))*2 > x.mask+1 {
		x.resize(len(x.vals) * 2)
	} else {
		x.place(h, k)
	}
	return k
}

// interner hands out one shared string for equal IDs read from a file, so
// that a cohort holds each distinct reference once.
type interner struct {
	idx  *idIndex
	strs []string
}

func newInterner() *interner { return &interner{idx: newIDIndex(1024)} }

// bytesSym returns the symbol of b: the same number for equal texts,
// numbered from 0 in order of first appearance; in.strs[sym] is the shared
// string.
func (in *interner) bytesSym(b []byte) int32 {
	// b is not kept: the lookup only compares it.
	return in.sym(unsafe.String(unsafe.SliceData(b), len(b)))
}

// sym returns the symbol of s, without keeping s itself: a new symbol's
// string is a copy, so that it does not pin the line it was cut from.
func (in *interner) sym(s string) int32 {
	h := maphash.String(in.idx.seed, s)
	if k := in.idx.find(h, s); k >= 0 {
		return int32(k)
	}
	c := string([]byte(s))
	k := in.idx.insert(h, c, int32(len(in.strs)))
	in.strs = append(in.strs, c)
	return int32(k)
}

// string returns the shared string equal to s.
func (in *interner) string(s string) string {
	if s == "" {
		return ""
	}
	return in.strs[in.sym(s)]
}

// slab hands out string slices carved from large shared arrays, so that a
// million students' choice lists cost a few allocations, not a million.
type slab struct{ buf []string }

func (s *slab) copy(src []string) []string {
	if len(src) == 0 {
		return nil
	}
	if len(s.buf) < len(src) {
		s.buf = make([]string, max(1<<16, len(src)))
	}
	out := s.buf[:len(src):len(src)]
	copy(out, src)
	s.buf = s.buf[len(src):]
	return out
}
