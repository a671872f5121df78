package synth

import (
	"strconv"

	"github.com/placement-engine/placement/model"
)

// makeIDs returns n IDs prefix+number (1-based), the number zero-padded to
// at least width digits, sharing one backing string.
func makeIDs(prefix string, n, width int) []string {
	width = max(width, digits(n))
	l := len(prefix) + width
	buf := make([]byte, 0, n*l)
	var num []byte
	for i := 1; i <= n; i++ {
		buf = append(buf, prefix...)
		num = strconv.AppendInt(num[:0], int64(i), 10)
		for range width - len(num) {
			buf = append(buf, '0')
		}
		buf = append(buf, num...)
	}
	all := string(buf)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = all[i*l : (i+1)*l]
	}
	return ids
}

// data builds the model records from the dense form.
func (g *gen) data() model.Data {
	cfg := g.cfg
	d := model.Data{Name: cfg.Name}

	regionIDs := make([]string, g.nC+2)
	for c := range g.nC {
		regionIDs[c] = g.countyID(int32(c))
		d.Regions = append(d.Regions, model.Region{ID: regionIDs[c], Name: g.regionName(int32(c)), Kind: model.County, Floor: g.regionFloor[c]})
	}
	regionIDs[g.htz], regionIDs[g.oop] = "HTZ", "OOP"
	d.Regions = append(d.Regions,
		model.Region{ID: "HTZ", Name: htzName, Kind: model.Zone, Floor: g.regionFloor[g.htz]},
		model.Region{ID: "OOP", Name: oopName, Kind: model.OutOfProvince, Cap: g.regionCap[g.oop]})
	region := func(r int32) string {
		if r < 0 {
			return ""
		}
		return regionIDs[r]
	}

	schoolIDs := makeIDs("SC", cfg.Schools, 2)
	for i, id := range schoolIDs {
		lvl := model.Secondary
		if i == 0 {
			lvl = model.Higher
		}
		d.Schools = append(d.Schools, model.School{ID: id, Name: g.schoolName(i), Level: lvl, Region: region(g.schoolRegion[i])})
	}

	majorIDs := makeIDs("M", numMajors, 2)
	for m, id := range majorIDs {
		d.Majors = append(d.Majors, model.Major{ID: id, Name: majorNames[m]})
	}

	entIDs := makeIDs("E", g.nOrdinEnts, 4)
	for e := g.nOrdinEnts; e < len(g.entName); e++ {
		entIDs = append(entIDs, "G"+pad(int(g.entCounty[e])+1, digits(g.nC)))
	}
	d.Enterprises = make([]model.Enterprise, len(g.entName))
	for e := range d.Enterprises {
		d.Enterprises[e] = model.Enterprise{ID: entIDs[e], Name: g.entName[e], Region: region(g.entRegion[e]), Cap: g.entCap[e]}
	}

	for o, e := range g.orderEnt {
		d.OrderClasses = append(d.OrderClasses, model.OrderClass{ID: g.orderID(o), Name: g.entName[e] + "订单班", Enterprise: entIDs[e]})
	}

	np := len(g.posEnt)
	posIDs := makeIDs("P", np, 5)
	d.Positions = make([]model.Position, np)
	for p := range d.Positions {
		var majors []string
		if ms := g.posMajors[p]; ms != nil {
			majors = make([]string, len(ms))
			for i, m := range ms {
				majors[i] = majorIDs[m]
			}
		}
		pos := model.Position{
			ID:          posIDs[p],
			Name:        g.posName[p],
			Enterprise:  entIDs[g.posEnt[p]],
			Capacity:    g.posCap[p],
			Majors:      majors,
			MinScore:    g.posMin[p],
			SpecialPost: p >= g.nOrdin,
			Reserved:    g.posReserve[p],
			MinFill:     g.posMinFill[p],
		}
		if pos.SpecialPost {
			pos.Region = regionIDs[g.posRegion[p]]
		}
		d.Positions[p] = pos
	}

	n := cfg.Students
	stuIDs := makeIDs("S", n, 7)
	total := 0
	for _, l := range g.choiceLen {
		total += int(l)
	}
	backing := make([]string, total)
	d.Students = make([]model.Student, n)
	at := 0
	for s := range d.Students {
		l := int(g.choiceLen[s])
		ch := backing[at : at+l : at+l]
		for i, p := range g.choice[s*cfg.MaxChoices : s*cfg.MaxChoices+l] {
			ch[i] = posIDs[p]
		}
		at += l
		lvl := model.Secondary
		if g.stuSchool[s] == 0 {
			lvl = model.Higher
		}
		order := ""
		if o := g.stuOrder[s]; o >= 0 {
			order = g.orderID(int(o))
		}
		d.Students[s] = model.Student{
			ID:          stuIDs[s],
			School:      schoolIDs[g.stuSchool[s]],
			Major:       majorIDs[g.stuMajor[s]],
			Level:       lvl,
			Region:      regionIDs[g.stuRegion[s]],
			Score:       g.stuScore[s],
			SpecialPost: g.stuSP[s],
			OrderClass:  order,
			Choices:     ch,
		}
	}
	g.choice = nil
	return d
}
