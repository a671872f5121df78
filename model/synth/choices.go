package synth

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"
)

// chunkSize is the number of students whose lists one random stream draws;
// chunks are independent, so lists do not depend on the number of workers.
const chunkSize = 4096

// candidatesPerChoice is how many distinct candidates, per choice wanted,
// the popularity-weighted sampler draws before utilities decide the list.
const candidatesPerChoice = 2

// orderBonus is added to a student's utility for the positions of their
// order class's sponsor.
const orderBonus = 1.5

// pools indexes the positions a student may choose from: by major for
// ordinary students (with a sub-pool per home region), by county for
// special-post students.
type pools struct {
	major   []*pool   // by major
	home    [][]*pool // by major, then region
	special []*pool   // by county
}

func (g *gen) buildPools() *pools {
	nR := g.nC + 2
	w := make([]float64, len(g.posPop))
	for p, x := range g.posPop {
		w[p] = math.Exp(x)
	}
	ps := &pools{major: make([]*pool, numMajors), home: make([][]*pool, numMajors), special: make([]*pool, g.nC)}
	byMajor := make([][]int32, numMajors)
	for p := range g.nOrdin {
		if ms := g.posMajors[p]; ms == nil {
			for m := range byMajor {
				byMajor[m] = append(byMajor[m], int32(p))
			}
		} else {
			for _, m := range ms {
				byMajor[m] = append(byMajor[m], int32(p))
			}
		}
	}
	for m, members := range byMajor {
		ps.major[m] = newPool(members, w)
		byRegion := make([][]int32, nR)
		for _, p := range members {
			byRegion[g.posRegion[p]] = append(byRegion[g.posRegion[p]], p)
		}
		ps.home[m] = make([]*pool, nR)
		for r, rm := range byRegion {
			ps.home[m][r] = newPool(rm, w)
		}
	}
	byCounty := make([][]int32, g.nC)
	for p := g.nOrdin; p < len(g.posEnt); p++ {
		c := g.posRegion[p]
		byCounty[c] = append(byCounty[c], int32(p))
	}
	for c, members := range byCounty {
		ps.special[c] = newPool(members, w)
	}
	return ps
}

// bias returns the home-region bonus table: bias[h*nR+r] is the bonus a
// student from region h gives a position in region r.
func (g *gen) bias() []float64 {
	nR := g.nC + 2
	b := make([]float64, nR*nR)
	hb := g.cfg.HomeBias
	for h := range nR {
		for r := range nR {
			hc, rc := h < g.nC, r < g.nC
			switch {
			case h == r:
				b[h*nR+r] = hb
			case hc && rc && (h-r == 1 || r-h == 1 || (g.nC > 2 && (h-r == g.nC-1 || r-h == g.nC-1))):
				b[h*nR+r] = hb / 2
			case (hc && r == int(g.htz)) || (rc && h == int(g.htz)):
				b[h*nR+r] = hb / 2
			}
		}
	}
	return b
}

// candidate packs a candidate position and its utility into one sortable
// key: the utility as a float32 in order-preserving bits, negated so that
// ascending order is best first, above the position index, which breaks
// ties.
type candidate uint64

func makeCandidate(u float64, p int32) candidate {
	b := math.Float32bits(float32(u))
	if b&(1<<31) != 0 {
		b = ^b // negative: flip all bits
	} else {
		b |= 1 << 31
	}
	return candidate(uint64(^b)<<32 | uint64(uint32(p)))
}

func (c candidate) position() int32 { return int32(uint32(c)) }

// posHot packs what drawing a list reads about a position, so that a
// candidate costs one cache line.
type posHot struct {
	pop, minScore float64
	region, ent   int32
}

// chooser holds one worker's scratch space.
type chooser struct {
	g     *gen
	ps    *pools
	bias  []float64
	hot   []posHot
	stamp []int32 // stamp[p] == s+1: position p already seen for student s
	cand  []candidate
	count []int32 // by pool key
	byKey []int32 // students of a chunk
}

// order returns students lo..hi-1 grouped by the pool they draw from
// (majors, then special-post counties), in index order within a pool, so
// that a worker reads one pool at a time. The order is a function of the
// chunk alone.
func (ch *chooser) order(lo, hi int) []int32 {
	g := ch.g
	key := func(s int) int {
		if g.stuSP[s] {
			return numMajors + int(g.stuRegion[s])
		}
		return int(g.stuMajor[s])
	}
	nk := numMajors + g.nC + 1
	if ch.count == nil {
		ch.count = make([]int32, nk)
	}
	clear(ch.count)
	for s := lo; s < hi; s++ {
		ch.count[key(s)+1]++
	}
	for k := 1; k < nk; k++ {
		ch.count[k] += ch.count[k-1]
	}
	ch.byKey = slices.Grow(ch.byKey[:0], hi-lo)[:hi-lo]
	for s := lo; s < hi; s++ {
		k := key(s)
		ch.byKey[ch.count[k]] = int32(s)
		ch.count[k]++
	}
	return ch.byKey
}

// choices draws every student's list. Students are cut into chunks of
// chunkSize, each with its own random stream, drawn by up to GOMAXPROCS
// workers; the result does not depend on the number of workers.
func (g *gen) choices() {
	n := g.cfg.Students
	maxK := g.cfg.MaxChoices
	g.choice = make([]int32, n*maxK)
	g.choiceLen = make([]uint16, n)
	ps := g.buildPools()
	bias := g.bias()
	hot := make([]posHot, len(g.posEnt))
	for p := range hot {
		hot[p] = posHot{pop: g.posPop[p], minScore: g.posMin[p], region: g.posRegion[p], ent: g.posEnt[p]}
	}
	chunks := (n + chunkSize - 1) / chunkSize
	workers := max(1, min(runtime.GOMAXPROCS(0), chunks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch := &chooser{g: g, ps: ps, bias: bias, hot: hot, stamp: make([]int32, len(g.posEnt))}
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				r := g.rng(stageChoices, uint64(c))
				for _, s := range ch.order(c*chunkSize, min(n, (c+1)*chunkSize)) {
					ch.student(int(s), r)
				}
			}
		}()
	}
	wg.Wait()
}

// student draws student s's list: candidates sampled by popularity from
// the positions open to them (all of them when few), utilities
// popularity + noise + home bias (+ order-class bonus), best first.
func (ch *chooser) student(s int, r *rand.Rand) {
	g := ch.g
	cfg := &g.cfg
	k := cfg.MinChoices
	if cfg.MaxChoices > k {
		k += r.IntN(cfg.MaxChoices - k + 1)
	}
	home := g.stuRegion[s]
	var main, local *pool
	if g.stuSP[s] {
		main = ch.ps.special[home]
	} else {
		main = ch.ps.major[g.stuMajor[s]]
		local = ch.ps.home[g.stuMajor[s]][home]
	}
	score := g.stuScore[s]
	sv := int32(s + 1)
	ch.cand = ch.cand[:0]
	add := func(p int32) {
		if ch.stamp[p] == sv {
			return
		}
		ch.stamp[p] = sv
		if !g.anyMinScore || ch.hot[p].minScore <= score {
			ch.cand = append(ch.cand, candidate(p))
		}
	}
	forced := g.forced[s]
	if forced >= 0 {
		add(forced)
	}
	need := candidatesPerChoice * k
	if main == nil || len(main.members) == 0 {
		// nothing to choose from
	} else if len(main.members) <= 2*need {
		for _, p := range main.members {
			add(p)
		}
	} else {
		for a := 0; a < 4*need && len(ch.cand) < need; a++ {
			add(main.draw(r))
		}
		if local != nil && len(local.members) > 0 {
			for a, got := 0, 0; a < k && got < k/2; a++ {
				before := len(ch.cand)
				add(local.draw(r))
				got += len(ch.cand) - before
			}
		}
		if len(ch.cand) < k {
			start := r.IntN(len(main.members))
			for i := 0; i < len(main.members) && len(ch.cand) < k; i++ {
				add(main.members[(start+i)%len(main.members)])
			}
		}
	}
	noise := distuv.Normal{Mu: 0, Sigma: cfg.Noise, Src: r}
	nR := g.nC + 2
	sponsor := int32(-1)
	if o := g.stuOrder[s]; o >= 0 {
		sponsor = g.orderEnt[o]
	}
	for i, c := range ch.cand {
		p := int32(c)
		h := &ch.hot[p]
		u := h.pop + ch.bias[int(home)*nR+int(h.region)]
		if cfg.Noise > 0 {
			u += noise.Rand()
		}
		if h.ent == sponsor {
			u += orderBonus
		}
		ch.cand[i] = makeCandidate(u, p)
	}
	slices.Sort(ch.cand)
	k = min(k, len(ch.cand))
	out := g.choice[s*cfg.MaxChoices : s*cfg.MaxChoices+k]
	hasForced := forced < 0
	for i := range k {
		out[i] = ch.cand[i].position()
		hasForced = hasForced || out[i] == forced
	}
	if !hasForced && k > 0 {
		out[k-1] = forced
	}
	g.choiceLen[s] = uint16(k)
}
