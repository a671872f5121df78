package synth

// fills builds a witness allocation and sets minimum fills and floors
// that it meets, so that they are feasible together with every capacity,
// enterprise cap, region cap and special-post promise.
//
// The witness places each special-post student at their assigned post
// (on their list by construction), then takes ordinary students in index
// order, each at the first listed position with room under its capacity,
// its enterprise's cap and its region's cap (serial dictatorship). It runs
// in time linear in the total length of the lists.
func (g *gen) fills() {
	cfg := g.cfg
	if cfg.MinFillShare == 0 && cfg.Floors == 0 {
		return
	}
	np := len(g.posEnt)
	placed := make([]int, np)
	entPlaced := make([]int, len(g.entName))
	regionPlaced := make([]int, g.nC+2)
	for s := range g.stuSP {
		if g.stuSP[s] {
			p := g.forced[s]
			placed[p]++
			entPlaced[g.posEnt[p]]++
			regionPlaced[g.posRegion[p]]++
		}
	}
	for s := range g.stuSP {
		if g.stuSP[s] {
			continue
		}
		for _, p := range g.choice[s*cfg.MaxChoices : s*cfg.MaxChoices+int(g.choiceLen[s])] {
			e, reg := g.posEnt[p], g.posRegion[p]
			if placed[p] < g.posCap[p] &&
				(g.entCap[e] == 0 || entPlaced[e] < g.entCap[e]) &&
				(g.regionCap[reg] == 0 || regionPlaced[reg] < g.regionCap[reg]) {
				placed[p]++
				entPlaced[e]++
				regionPlaced[reg]++
				break
			}
		}
	}
	if cfg.MinFillShare > 0 {
		r := g.rng(stageFill, 0)
		for p := range g.nOrdin {
			if placed[p] >= 2 && r.Float64() < cfg.MinFillShare {
				g.posMinFill[p] = (placed[p] + 1) / 2
			}
		}
	}
	// Floors: the high-tech zone first, then the counties in order.
	floors := cfg.Floors
	for i := 0; i <= g.nC && floors > 0; i++ {
		reg := int(g.htz)
		if i > 0 {
			reg = i - 1
		}
		if regionPlaced[reg] >= 2 {
			g.regionFloor[reg] = regionPlaced[reg] / 2
			floors--
		}
	}
}
