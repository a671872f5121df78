// Command articulation allocates a year of the "2+3" track: secondary
// vocational graduates who continue into ten majors of the group's higher
// vocational college, admitted by score and by their own order of
// preference.
//
//	go run ./examples/articulation [-students 1000] [-seed 2026]
//
// Each college major accepts the secondary majors that lead into it and has
// a fixed number of seats; graduates list up to four of the majors open to
// them. Admission is student-proposing deferred acceptance with every major
// ranking by score: with one common ranking it is the "parallel choices"
// rule of score-line admission, where each graduate in score order takes
// their best major with a seat left. The program prints each major's seats,
// first-choice demand, admissions and cutoff score, the ranks obtained, one
// graduate's explanation, and what the optimal allocation (most placed, then
// least total rank) would change, at the price of stability.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// major is one college major of the track: the secondary majors that lead
// into it, its share of the seats, and how popular it is.
type major struct {
	id, name   string
	from       []string
	seats      float64 // share of all seats
	popularity float64
}

var (
	secondary = []model.Major{
		{ID: "AG", Name: "农业"}, {ID: "EC", Name: "电子商务"}, {ID: "AU", Name: "汽车运用与维修"},
		{ID: "EL", Name: "电气运行与控制"}, {ID: "TR", Name: "旅游服务"}, {ID: "AR", Name: "民间工艺"},
	}
	college = []major{
		{"AGT", "现代农业技术", []string{"AG"}, 0.10, 1.0},
		{"SAG", "智慧农业", []string{"AG", "EL"}, 0.08, 1.4},
		{"ECM", "电子商务", []string{"EC"}, 0.12, 1.6},
		{"LIV", "直播电商服务", []string{"EC", "TR"}, 0.10, 2.4},
		{"AUT", "汽车制造与试验技术", []string{"AU", "EL"}, 0.12, 1.8},
		{"PWR", "电力系统自动化技术", []string{"EL"}, 0.10, 2.0},
		{"TOU", "乡村旅游", []string{"TR"}, 0.09, 0.9},
		{"LOG", "现代物流管理", []string{"EC", "AU"}, 0.11, 1.0},
		{"CRA", "民族传统技艺", []string{"AR", "TR"}, 0.08, 0.7},
		{"URB", "城乡规划", []string{"AR", "AG"}, 0.10, 1.2},
	}
)

func main() {
	students := flag.Int("students", 1000, "graduates in the year's track")
	seed := flag.Uint64("seed", 2026, "random seed of the cohort and of the lottery that breaks ties in score")
	flag.Parse()
	if err := run(os.Stdout, *students, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "articulation:", err)
		os.Exit(1)
	}
}

// cohort draws the year: seats for 85% of the graduates, each graduate's
// secondary major, county, score, and up to four eligible majors in an
// order drawn by popularity.
func cohort(n int, seed uint64) (*model.Cohort, error) {
	if n < 10 {
		return nil, errors.New("-students must be at least 10")
	}
	rng := rand.New(rand.NewPCG(seed, 23))
	d := model.Data{Name: "2+3 track", Majors: secondary}
	for _, m := range college {
		d.Majors = append(d.Majors, model.Major{ID: m.id, Name: m.name})
		d.Positions = append(d.Positions, model.Position{
			ID: m.id, Name: m.name, Majors: m.from,
			Capacity: max(1, int(math.Round(m.seats*0.85*float64(n)))),
		})
	}
	for i := range 6 {
		d.Regions = append(d.Regions, model.Region{ID: "C" + strconv.Itoa(i+1), Kind: model.County})
	}
	for i := range 12 {
		d.Schools = append(d.Schools, model.School{ID: fmt.Sprintf("Z%02d", i+1), Level: model.Secondary, Region: d.Regions[i/2].ID})
	}
	for i := range n {
		school := d.Schools[rng.IntN(len(d.Schools))]
		sm := secondary[rng.IntN(len(secondary))].ID
		st := model.Student{
			ID: fmt.Sprintf("G%04d", i+1), School: school.ID, Region: school.Region, Major: sm, Level: model.Secondary,
			Score: math.Round(2*min(750, max(200, 450+80*rng.NormFloat64()))) / 2,
		}
		var open []major
		for _, m := range college {
			for _, f := range m.from {
				if f == sm {
					open = append(open, m)
				}
			}
		}
		for len(open) > 0 && len(st.Choices) < 4 { // a draw by popularity, without replacement
			total := 0.0
			for _, m := range open {
				total += m.popularity
			}
			x, k := rng.Float64()*total, 0
			for k < len(open)-1 && x >= open[k].popularity {
				x -= open[k].popularity
				k++
			}
			st.Choices = append(st.Choices, open[k].id)
			open = append(open[:k], open[k+1:]...)
		}
		d.Students = append(d.Students, st)
	}
	return model.New(d, nil)
}

func run(w io.Writer, n int, seed uint64) error {
	ctx := context.Background()
	c, err := cohort(n, seed)
	if err != nil {
		return err
	}
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed})
	if err != nil {
		return err
	}
	da, err := matching.StudentProposing(ctx, inst, nil)
	if err != nil {
		return err
	}
	if f := matching.CheckResult(da); len(f) > 0 {
		return fmt.Errorf("the allocation failed its check: %v", f[0])
	}
	seats := 0
	for _, p := range c.Positions() {
		seats += p.Capacity
	}
	fmt.Fprintf(w, "%d graduates, %d seats in %d majors; admission by score (student-proposing deferred acceptance)\n\n", n, seats, len(college))
	first := make([]int, len(college))
	for s := range c.Students() {
		if ch := c.Choices(s); len(ch) > 0 {
			first[ch[0]]++
		}
	}
	fill := da.Fill()
	fmt.Fprintf(w, "%-4s %5s %12s %8s %7s  %s\n", "id", "seats", "1st choices", "admitted", "cutoff", "major")
	for p, pos := range c.Positions() {
		cutoff := "-"
		if cu := da.Cutoff(p); len(cu) > 0 && cu[0].Full {
			cutoff = strconv.FormatFloat(cu[0].Score, 'f', -1, 64)
		}
		fmt.Fprintf(w, "%-4s %5d %12d %8d %7s  %s\n", pos.ID, pos.Capacity, first[p], fill[p], cutoff, pos.Name)
	}
	fmt.Fprintf(w, "\nadmitted %d of %d; by choice obtained %v; unplaced %d\n", da.Placed(), n, da.ByRank(), n-da.Placed())

	// The first graduate who missed their first choice, and why.
	for s, st := range c.Students() {
		if da.Rank(s) == 1 || len(st.Choices) == 0 {
			continue
		}
		got := "no seat"
		if p := da.Position(s); p >= 0 {
			got = fmt.Sprintf("%s (choice %d)", c.Positions()[p].ID, da.Rank(s))
		}
		fmt.Fprintf(w, "\n%s (%s, score %s) got %s:\n", st.ID, st.Major, strconv.FormatFloat(st.Score, 'f', -1, 64), got)
		for _, why := range da.Why(s) {
			fmt.Fprintf(w, "  not %s: %v, %s\n", c.Positions()[why.Position].ID, why.Kind, why.Detail)
		}
		break
	}

	opt, err := matching.SolveOptimal(ctx, inst, nil)
	if err != nil {
		return err
	}
	cmp, err := matching.Compare(opt, da)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nthe optimal allocation (most admitted, then least total rank) against admission by score:")
	return cmp.WriteText(w)
}
