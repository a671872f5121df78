package synth

import (
	"errors"
	"fmt"
	"math"
)

// Config describes a synthetic cohort. The zero Config is valid: it asks for
// a plain market of 5,000 students and 500 ordinary positions with no
// special posts, order classes, reserves, caps, floors or minimum scores.
// Every field documents its zero value. [Group] returns the preset that
// mirrors the reference group of the domain brief.
type Config struct {
	// Seed seeds every random draw. The same Config always gives the same
	// cohort.
	Seed uint64

	// Name labels the cohort. "" means "synthetic cohort (seed N)".
	Name string

	// Students is the number of students. 0 means 5,000.
	Students int

	// Positions is the number of ordinary positions; special posts come on
	// top of it. 0 means Students/10 (at least 1).
	Positions int

	// Enterprises is the number of ordinary enterprises (the first four are
	// the national firms of the brief). 0 means Positions/10 (at least 1).
	// It is reduced to Positions when larger. One county employer per
	// county that offers special posts comes on top.
	Enterprises int

	// Schools is the number of member schools: the first is the higher
	// vocational college, the others secondary schools, about one in seven
	// of them outside the prefecture. 0 means 14.
	Schools int

	// Counties is the number of member counties. The high-tech zone
	// ("HTZ") and the out-of-province region ("OOP") always come on top.
	// 0 means 8.
	Counties int

	// MinChoices and MaxChoices bound the length of a student's list, drawn
	// uniformly in [MinChoices, MaxChoices] and then cut to the number of
	// positions the student is eligible for. Equal values give a fixed
	// length. 0 means 5 for MinChoices and 20 (or MinChoices when larger)
	// for MaxChoices.
	MinChoices, MaxChoices int

	// SeatRatio is the total capacity of the ordinary positions divided by
	// the number of ordinary students. 0 means 1.1.
	SeatRatio float64

	// SpecialPostShare is the probability that a student is a special-post
	// student. 0 means none, and then there are no special posts.
	SpecialPostShare float64

	// SpecialPostSlack is the share of special posts beyond the number of
	// special-post students, county by county (a county with n such
	// students offers n + round(SpecialPostSlack*n) posts of one seat).
	// 0 means exactly one post per special-post student.
	SpecialPostSlack float64

	// OrderClasses is the number of enterprise-sponsored order classes,
	// each of 15 to 40 members with seats reserved for them at one position
	// of the sponsor. 0 means none.
	OrderClasses int

	// CountyReserves is the number of ordinary positions that reserve a
	// third of their seats for students of their own county. 0 means none.
	CountyReserves int

	// OutOfProvinceCap caps the students placed out of the province, as a
	// share of Students. 0 means no cap.
	OutOfProvinceCap float64

	// EnterpriseCapShare is the share of enterprises with an
	// enterprise-wide cap (80% of their positions' seats). 0 means none.
	EnterpriseCapShare float64

	// MinScoreShare is the share of ordinary positions with a minimum
	// score. 0 means none.
	MinScoreShare float64

	// MinFillShare is the share of ordinary positions with a minimum fill.
	// Minimum fills are set from a feasible witness allocation, so they can
	// all be met at once. 0 means none.
	MinFillShare float64

	// Floors is the number of regions (the high-tech zone, then counties)
	// given a floor, set like minimum fills from the witness allocation.
	// 0 means none.
	Floors int

	// Popularity is the standard deviation of the popularity that all
	// students share for a position. 0 means 1; a negative value means no
	// common popularity (independent preferences).
	Popularity float64

	// Noise is the standard deviation of each student's own taste for
	// each position. 0 means 1; a negative value means none.
	Noise float64

	// HomeBias is the bonus a student gives positions in their home region
	// (half of it to neighbouring counties and the high-tech zone). 0 means
	// 1; a negative value means none.
	HomeBias float64
}

// Group returns the "group" preset: the reference group of the domain brief
// (14 schools, 8 counties, the high-tech zone and the out-of-province
// region, 12 majors, about 5,000 students of whom about 190 special-post
// students, about 200 special posts, national and local enterprises, order
// classes, county reserves, a 30% out-of-province cap, enterprise caps,
// minimum scores, minimum fills and floors) with the students, positions,
// enterprises, special posts, order classes and reserves multiplied by
// scale. Counties, schools and majors stay fixed. Scale 20 gives about
// 100,000 students and scale 200 about 1,000,000. A scale ≤ 0 or NaN
// means 1.
func Group(scale float64, seed uint64) Config {
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	n := func(x float64) int { return max(1, int(math.Round(x*scale))) }
	return Config{
		Seed:               seed,
		Name:               fmt.Sprintf("group 2026 (synthetic, scale %g, seed %d)", scale, seed),
		Students:           n(5000),
		Positions:          n(500),
		Enterprises:        max(4, n(60)),
		Schools:            14,
		Counties:           8,
		MinChoices:         5,
		MaxChoices:         20,
		SeatRatio:          1.1,
		SpecialPostShare:   0.038,
		SpecialPostSlack:   0.05,
		OrderClasses:       n(8),
		CountyReserves:     n(8),
		OutOfProvinceCap:   0.3,
		EnterpriseCapShare: 0.2,
		MinScoreShare:      0.15,
		MinFillShare:       0.05,
		Floors:             3,
	}
}

// maxStudents bounds Students and Positions so that indices fit in int32.
const maxStudents = 50_000_000

// resolve checks cfg and fills in defaults.
func (cfg Config) resolve() (Config, error) {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("synth: "+format, args...)) }
	count := func(name string, v, limit int) {
		if v < 0 || v > limit {
			bad("%s %d is outside 0..%d", name, v, limit)
		}
	}
	count("Students", cfg.Students, maxStudents)
	count("Positions", cfg.Positions, maxStudents)
	count("Enterprises", cfg.Enterprises, maxStudents)
	count("Schools", cfg.Schools, 9999)
	count("Counties", cfg.Counties, 999)
	count("MinChoices", cfg.MinChoices, 10000)
	count("MaxChoices", cfg.MaxChoices, 10000)
	count("OrderClasses", cfg.OrderClasses, maxStudents)
	count("CountyReserves", cfg.CountyReserves, maxStudents)
	count("Floors", cfg.Floors, 10000)
	share := func(name string, v float64) {
		if !(v >= 0 && v <= 1) {
			bad("%s %v is outside 0..1", name, v)
		}
	}
	share("SpecialPostShare", cfg.SpecialPostShare)
	share("SpecialPostSlack", cfg.SpecialPostSlack)
	share("OutOfProvinceCap", cfg.OutOfProvinceCap)
	share("EnterpriseCapShare", cfg.EnterpriseCapShare)
	share("MinScoreShare", cfg.MinScoreShare)
	share("MinFillShare", cfg.MinFillShare)
	if !(cfg.SeatRatio >= 0 && cfg.SeatRatio <= 100) {
		bad("SeatRatio %v is outside 0..100", cfg.SeatRatio)
	}
	for _, w := range []struct {
		name string
		v    float64
	}{{"Popularity", cfg.Popularity}, {"Noise", cfg.Noise}, {"HomeBias", cfg.HomeBias}} {
		if math.IsNaN(w.v) || math.IsInf(w.v, 0) {
			bad("%s %v is not a finite number", w.name, w.v)
		}
	}
	def := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	def(&cfg.Students, 5000)
	def(&cfg.Positions, max(1, cfg.Students/10))
	def(&cfg.Enterprises, max(1, cfg.Positions/10))
	cfg.Enterprises = min(cfg.Enterprises, cfg.Positions)
	def(&cfg.Schools, 14)
	def(&cfg.Counties, 8)
	def(&cfg.MinChoices, 5)
	def(&cfg.MaxChoices, max(20, cfg.MinChoices))
	if cfg.MinChoices > cfg.MaxChoices {
		bad("MinChoices %d exceeds MaxChoices %d", cfg.MinChoices, cfg.MaxChoices)
	}
	if cfg.SeatRatio == 0 {
		cfg.SeatRatio = 1.1
	}
	weight := func(p *float64) {
		switch {
		case *p == 0:
			*p = 1
		case *p < 0:
			*p = 0
		}
	}
	weight(&cfg.Popularity)
	weight(&cfg.Noise)
	weight(&cfg.HomeBias)
	if cfg.Name == "" {
		cfg.Name = fmt.Sprintf("synthetic cohort (seed %d)", cfg.Seed)
	}
	if len(errs) > 0 {
		return cfg, errors.Join(errs...)
	}
	return cfg, nil
}
