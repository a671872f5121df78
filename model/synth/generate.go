package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/placement-engine/placement/model"
)

// Stages of generation; each draws from its own stream, derived from the
// seed and the stage, so that changing one stage does not shift the others.
const (
	stageEnterprises uint64 = iota + 1
	stagePositions
	stageStudents
	stageSpecial
	stageOrder
	stageReserves
	stageChoices
	stageFill
)

// gen holds a cohort under construction in dense form; Data is built from
// it once, at the end.
type gen struct {
	cfg Config

	nC       int // counties: regions 0..nC-1
	htz, oop int32
	countyW  []float64

	// schools
	schoolRegion []int32 // -1: outside the prefecture
	schoolsIn    [][]int32

	// enterprises: ordinary ones first, then county employers
	entName    []string
	entRegion  []int32
	entSector  []int
	entCap     []int
	entCounty  []int32 // county employers only: the county; else -1
	nOrdinEnts int

	// positions: ordinary ones first (0..nOrdin-1), then special posts
	nOrdin     int
	posEnt     []int32
	posRegion  []int32
	posCap     []int
	posMajors  [][]int32 // nil: every major
	posMin     []float64
	posPop     []float64
	posName    []string
	posReserve [][]model.Reserve
	posMinFill []int

	anyMinScore bool // some position has a minimum score

	// students
	stuRegion []int32
	stuSchool []int32
	stuMajor  []int32
	stuScore  []float64
	stuSP     []bool
	stuOrder  []int32 // -1: none
	forced    []int32 // position that must be on the list, or -1

	// order classes
	orderEnt    []int32
	orderAnchor []int32

	regionFloor []int
	regionCap   []int

	// choices: student s's are choice[s*maxK : s*maxK+choiceLen[s]]
	choice    []int32
	choiceLen []uint16
}

// Generate builds the cohort that cfg describes and validates it with
// [model.New]; a generated cohort has no validation errors, and warnings
// only where the description makes them unavoidable (counties that offer
// more special posts than they have special-post students). Every choice of
// every student is eligible; every special-post student lists a special
// post of their county; minimum fills and floors can all be met at once.
//
// The same Config gives the same cohort, byte for byte in any file format,
// whatever the number of CPUs. Generate uses up to GOMAXPROCS goroutines.
// It runs in time O(Students × MaxChoices + Positions), independent of
// the number of positions a student could choose from, and returns an
// error, prefixed "synth: ", only for an invalid Config.
func Generate(cfg Config) (*model.Cohort, error) {
	d, err := generateData(cfg)
	if err != nil {
		return nil, err
	}
	c, err := model.New(d, nil)
	if err != nil {
		return nil, fmt.Errorf("synth: generated cohort does not validate (a bug): %w", err)
	}
	return c, nil
}

func generateData(cfg Config) (model.Data, error) {
	cfg, err := cfg.resolve()
	if err != nil {
		return model.Data{}, err
	}
	g := &gen{cfg: cfg}
	g.regions()
	g.schools()
	g.enterprises()
	g.positions()
	g.students()
	g.specialPosts()
	g.orderClasses()
	g.countyReserves()
	g.choices()
	g.fills()
	return g.data(), nil
}

// rng returns the random stream of a stage (and, for chunked stages, a
// chunk).
func (g *gen) rng(stage, chunk uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed, splitmix(stage<<40^chunk)))
}

// splitmix is the SplitMix64 finaliser: distinct inputs give unrelated
// outputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func (g *gen) regions() {
	g.nC = g.cfg.Counties
	g.htz, g.oop = int32(g.nC), int32(g.nC+1)
	nR := g.nC + 2
	g.regionFloor = make([]int, nR)
	g.regionCap = make([]int, nR)
	if g.cfg.OutOfProvinceCap > 0 {
		g.regionCap[g.oop] = max(1, int(g.cfg.OutOfProvinceCap*float64(g.cfg.Students)))
	}
	r := g.rng(stageStudents, 0)
	u := distuv.Uniform{Min: 0.5, Max: 1.5, Src: r}
	g.countyW = make([]float64, g.nC)
	for c := range g.countyW {
		g.countyW[c] = u.Rand()
	}
}

func (g *gen) regionName(r int32) string {
	switch {
	case r == g.htz:
		return htzName
	case r == g.oop:
		return oopName
	case int(r) < len(countyNames):
		return countyNames[r]
	}
	return "县" + strconv.Itoa(int(r)+1)
}

// schools: the college in the first county, then secondary schools spread
// over the counties, about one in seven outside the prefecture.
func (g *gen) schools() {
	n := g.cfg.Schools
	g.schoolRegion = make([]int32, n)
	g.schoolsIn = make([][]int32, g.nC)
	outside := n / 7
	for i := range n {
		switch {
		case i == 0:
			g.schoolRegion[i] = 0
		case i >= n-outside:
			g.schoolRegion[i] = -1
		default:
			c := int32((i - 1) % g.nC)
			g.schoolRegion[i] = c
			g.schoolsIn[c] = append(g.schoolsIn[c], int32(i))
		}
	}
}

func (g *gen) schoolName(i int) string {
	switch r := g.schoolRegion[i]; {
	case i == 0:
		return "职业技术学院"
	case r < 0:
		return "州外中等职业学校" + strconv.Itoa(i+1)
	default:
		return g.regionName(r) + "职业中学" + strconv.Itoa(i+1)
	}
}

// countyPool returns a pool that draws counties by the county weights.
func (g *gen) countyPool() *pool {
	members := make([]int32, g.nC)
	for c := range members {
		members[c] = int32(c)
	}
	return newPool(members, g.countyW)
}

// enterprises: the national firms, then local ones by sector in turn.
func (g *gen) enterprises() {
	n := g.cfg.Enterprises
	r := g.rng(stageEnterprises, 0)
	cp := g.countyPool()
	g.nOrdinEnts = n
	for e := range n {
		var name string
		var region int32
		var sec int
		if e < len(national) {
			nat := national[e]
			name, sec, region = nat.name, nat.sector, g.htz
			if nat.oop {
				region = g.oop
			}
		} else {
			sec = localSectors[(e-len(national))%len(localSectors)]
			u := r.Float64()
			switch {
			case (sec == secIndustrial || sec == secLogistics) && u < 0.35:
				region = g.oop // factories and warehouses out of the province
			case u >= 0.9:
				region = g.htz
			default:
				region = cp.draw(r)
			}
			name = g.regionName(region) + sectors[sec].suffix + strconv.Itoa(e+1)
		}
		g.entName = append(g.entName, name)
		g.entRegion = append(g.entRegion, region)
		g.entSector = append(g.entSector, sec)
		g.entCap = append(g.entCap, 0)
		g.entCounty = append(g.entCounty, -1)
	}
}

// positions draws the ordinary positions: enterprise (national firms
// weigh five times a local one), capacity, majors, minimum score and
// popularity.
func (g *gen) positions() {
	cfg := g.cfg
	n := cfg.Positions
	r := g.rng(stagePositions, 0)
	g.nOrdin = n
	entW := make([]float64, g.nOrdinEnts)
	ents := make([]int32, g.nOrdinEnts)
	for e := range entW {
		ents[e], entW[e] = int32(e), 1
		if e < len(national) {
			entW[e] = 5
		}
	}
	ep := newPool(ents, entW)
	pop := distuv.Normal{Mu: 0, Sigma: 1, Src: r}
	capW := distuv.LogNormal{Mu: 0, Sigma: 0.6, Src: r}
	minScore := distuv.Normal{Mu: 480, Sigma: 50, Src: r}
	weights := make([]float64, n)
	sumW := 0.0
	for p := range n {
		e := int32(p)
		if p >= g.nOrdinEnts {
			e = ep.draw(r)
		}
		sec := &sectors[g.entSector[e]]
		var majors []int32
		if r.Float64() >= 0.1 {
			k := 1 + r.IntN(min(3, len(sec.majors)))
			perm := r.Perm(len(sec.majors))[:k]
			for _, i := range perm {
				majors = append(majors, sec.majors[i])
			}
			slices.Sort(majors)
		}
		ms := 0.0
		if cfg.MinScoreShare > 0 && r.Float64() < cfg.MinScoreShare {
			ms = math.Round(clamp(minScore.Rand(), 300, 650)/10) * 10
			g.anyMinScore = true
		}
		bonus := 0.0
		if e < int32(len(national)) {
			bonus = 0.5
		}
		weights[p] = capW.Rand()
		sumW += weights[p]
		g.posEnt = append(g.posEnt, e)
		g.posRegion = append(g.posRegion, g.entRegion[e])
		g.posMajors = append(g.posMajors, majors)
		g.posMin = append(g.posMin, ms)
		g.posPop = append(g.posPop, cfg.Popularity*(pop.Rand()+bonus))
		g.posName = append(g.posName, sec.jobs[r.IntN(len(sec.jobs))])
	}
	seats := cfg.SeatRatio * float64(cfg.Students) * (1 - cfg.SpecialPostShare)
	g.posCap = make([]int, n, n+int(float64(cfg.Students)*cfg.SpecialPostShare*1.5)+16)
	// Capacities follow the weights, at least 1 and at most four times the
	// mean (or 40).
	top := max(40, 4*seats/float64(n))
	for p := range n {
		g.posCap[p] = min(model.MaxCapacity, max(1, int(math.Round(min(top, weights[p]/sumW*seats)))))
	}
	g.ensureMajorChoices(r)
	if cfg.EnterpriseCapShare > 0 {
		total := make([]int, g.nOrdinEnts)
		for p := range n {
			total[g.posEnt[p]] += g.posCap[p]
		}
		for e := range g.nOrdinEnts {
			if r.Float64() < cfg.EnterpriseCapShare && total[e] >= 2 {
				g.entCap[e] = int(math.Ceil(0.8 * float64(total[e])))
			}
		}
	}
}

// ensureMajorChoices widens positions' majors until every major is
// accepted by at least MaxChoices ordinary positions without a minimum
// score (or by all of them), so that lists reach their drawn length.
func (g *gen) ensureMajorChoices(r *rand.Rand) {
	open := func(p int) bool { return g.posMin[p] == 0 }
	for m := range int32(numMajors) {
		count := 0
		for p := range g.nOrdin {
			if open(p) && (g.posMajors[p] == nil || slices.Contains(g.posMajors[p], m)) {
				count++
			}
		}
		start := r.IntN(g.nOrdin)
		for i := 0; i < g.nOrdin && count < g.cfg.MaxChoices; i++ {
			p := (start + i) % g.nOrdin
			if open(p) && g.posMajors[p] != nil && !slices.Contains(g.posMajors[p], m) {
				g.posMajors[p] = append(g.posMajors[p], m)
				slices.Sort(g.posMajors[p])
				count++
			}
		}
	}
}

func clamp(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }

// students draws each student's attributes: special-post flag, home region,
// school, level, major (ordinary students in proportion to the seats open
// to each major) and score.
func (g *gen) students() {
	cfg := g.cfg
	n := cfg.Students
	r := g.rng(stageStudents, 1)
	cp := g.countyPool()
	supply := make([]float64, numMajors)
	for p := range g.nOrdin {
		if ms := g.posMajors[p]; ms == nil {
			for m := range supply {
				supply[m] += float64(g.posCap[p]) / float64(numMajors)
			}
		} else {
			for _, m := range ms {
				supply[m] += float64(g.posCap[p]) / float64(len(ms))
			}
		}
	}
	total := 0.0
	for _, s := range supply {
		total += s
	}
	majors := make([]int32, numMajors)
	for m := range supply {
		majors[m] = int32(m)
		supply[m] = 0.8*supply[m]/total + 0.2/float64(numMajors)
	}
	mp := newPool(majors, supply)
	score := distuv.Normal{Mu: 500, Sigma: 80, Src: r}
	g.stuRegion = make([]int32, n)
	g.stuSchool = make([]int32, n)
	g.stuMajor = make([]int32, n)
	g.stuScore = make([]float64, n)
	g.stuSP = make([]bool, n)
	g.stuOrder = make([]int32, n)
	g.forced = make([]int32, n)
	nS := cfg.Schools
	for s := range n {
		g.stuOrder[s], g.forced[s] = -1, -1
		sp := cfg.SpecialPostShare > 0 && r.Float64() < cfg.SpecialPostShare
		g.stuSP[s] = sp
		switch {
		case sp:
			g.stuRegion[s] = cp.draw(r)
			g.stuSchool[s] = 0
			g.stuMajor[s] = specialMajors[r.IntN(len(specialMajors))]
		default:
			home := g.htz
			if r.Float64() >= 0.05 {
				home = cp.draw(r)
			}
			g.stuRegion[s] = home
			school := int32(0)
			if u := r.Float64(); u >= 0.15 && nS > 1 {
				if in := g.homeSchools(home); len(in) > 0 && u < 0.15+0.85*0.75 {
					school = in[r.IntN(len(in))]
				} else {
					school = 1 + int32(r.IntN(nS-1))
				}
			}
			g.stuSchool[s] = school
			g.stuMajor[s] = mp.draw(r)
		}
		g.stuScore[s] = math.Round(clamp(score.Rand(), 0, 750)*2) / 2
	}
}

func (g *gen) homeSchools(r int32) []int32 {
	if int(r) < g.nC {
		return g.schoolsIn[r]
	}
	return nil
}

// specialPosts gives each county one post of one seat per special-post
// student from it, plus the slack, under a county employer, and assigns
// every special-post student a distinct post of their county that will be
// on their list (the witness that the promise can be kept).
func (g *gen) specialPosts() {
	byCounty := make([][]int32, g.nC)
	for s, sp := range g.stuSP {
		if sp {
			c := g.stuRegion[s]
			byCounty[c] = append(byCounty[c], int32(s))
		}
	}
	r := g.rng(stageSpecial, 0)
	pop := distuv.Normal{Mu: 0, Sigma: 1, Src: r}
	sec := &sectors[secCounty]
	for c, studs := range byCounty {
		if len(studs) == 0 {
			continue
		}
		e := int32(len(g.entName))
		g.entName = append(g.entName, g.regionName(int32(c))+sec.suffix)
		g.entRegion = append(g.entRegion, int32(c))
		g.entSector = append(g.entSector, secCounty)
		g.entCap = append(g.entCap, 0)
		g.entCounty = append(g.entCounty, int32(c))
		posts := len(studs) + int(math.Round(g.cfg.SpecialPostSlack*float64(len(studs))))
		first := int32(len(g.posEnt))
		for range posts {
			g.posEnt = append(g.posEnt, e)
			g.posRegion = append(g.posRegion, int32(c))
			g.posCap = append(g.posCap, 1)
			g.posMajors = append(g.posMajors, specialMajors)
			g.posMin = append(g.posMin, 0)
			g.posPop = append(g.posPop, g.cfg.Popularity*pop.Rand())
			g.posName = append(g.posName, sec.jobs[r.IntN(len(sec.jobs))])
		}
		perm := r.Perm(posts)
		for j, s := range studs {
			g.forced[s] = first + int32(perm[j])
		}
	}
	np := len(g.posEnt)
	g.posReserve = make([][]model.Reserve, np)
	g.posMinFill = make([]int, np)
}

// orderClasses creates up to OrderClasses classes, each anchored at an
// ordinary position of its sponsor (capacity ≥ 4, no minimum score) that
// reserves seats for its members; members share a major that the anchor
// accepts, and the anchor is on every member's list.
func (g *gen) orderClasses() {
	if g.cfg.OrderClasses == 0 {
		return
	}
	r := g.rng(stageOrder, 0)
	byMajor := make([][]int32, numMajors)
	for s := range g.stuSP {
		if !g.stuSP[s] {
			byMajor[g.stuMajor[s]] = append(byMajor[g.stuMajor[s]], int32(s))
		}
	}
	used := make([]bool, g.nOrdin)
	for range g.cfg.OrderClasses {
		anchor := int32(-1)
		for range 64 {
			p := r.IntN(g.nOrdin)
			if !used[p] && g.posCap[p] >= 4 && g.posMin[p] == 0 {
				anchor = int32(p)
				break
			}
		}
		if anchor < 0 {
			break
		}
		used[anchor] = true
		var major int32
		if ms := g.posMajors[anchor]; ms != nil {
			major = ms[r.IntN(len(ms))]
		} else {
			major = int32(r.IntN(numMajors))
		}
		cands := byMajor[major]
		if len(cands) == 0 {
			continue
		}
		o := int32(len(g.orderEnt))
		size := 15 + r.IntN(26)
		members := 0
		for a := 0; a < 4*size && members < size; a++ {
			s := cands[r.IntN(len(cands))]
			if g.stuOrder[s] < 0 {
				g.stuOrder[s], g.forced[s] = o, anchor
				members++
			}
		}
		if members == 0 {
			continue
		}
		g.orderEnt = append(g.orderEnt, g.posEnt[anchor])
		g.orderAnchor = append(g.orderAnchor, anchor)
		g.posReserve[anchor] = append(g.posReserve[anchor], model.Reserve{
			Category: model.Category{Kind: model.OrderClassCategory, ID: g.orderID(int(o))},
			Seats:    min(members, g.posCap[anchor]/2),
		})
	}
}

// orderID returns the ID of order class o.
func (g *gen) orderID(o int) string { return "O" + pad(o+1, max(2, digits(g.cfg.OrderClasses))) }

// countyReserves makes up to CountyReserves ordinary positions in a county
// reserve a third of their seats for students from that county.
func (g *gen) countyReserves() {
	r := g.rng(stageReserves, 0)
	for range g.cfg.CountyReserves {
		for range 64 {
			p := r.IntN(g.nOrdin)
			if reg := g.posRegion[p]; int(reg) < g.nC && g.posCap[p] >= 3 && g.posReserve[p] == nil {
				g.posReserve[p] = []model.Reserve{{
					Category: model.Category{Kind: model.CountyCategory, ID: g.countyID(reg)},
					Seats:    g.posCap[p] / 3,
				}}
				break
			}
		}
	}
}

func (g *gen) countyID(c int32) string { return "C" + pad(int(c)+1, digits(g.nC)) }

func digits(n int) int { return len(strconv.Itoa(n)) }

func pad(i, width int) string {
	s := strconv.Itoa(i)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
