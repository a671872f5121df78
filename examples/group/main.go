// Command group allocates the reference group's year, the `group` preset of
// package model/synth: about 5,000 students of 14 schools in 8 counties,
// enterprises national and local, special posts, order classes, county
// reserves, enterprise caps and a 30% cap on interns leaving the province.
//
//	go run ./examples/group [-scale 1] [-seed 2026] [-html report.html]
//
// It runs the stable allocation (student-proposing deferred acceptance) and
// the optimal one (most students placed, then least total rank, under every
// quota), checks both, and prints what a planner asks first: the choices
// obtained, who is unplaced and why, the special posts by county, the order
// classes' reserved seats, the out-of-province share against its cap, and
// the price of stability. With -html it also writes the report with its
// charts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/report"
)

func main() {
	scale := flag.Float64("scale", 1, "size factor: 1 gives about 5,000 students")
	seed := flag.Uint64("seed", 2026, "seed of the cohort and of the tie-breaking lottery")
	html := flag.String("html", "", "also write the report, with its charts, to this HTML file")
	flag.Parse()
	if err := run(os.Stdout, *scale, *seed, *html); err != nil {
		fmt.Fprintln(os.Stderr, "group:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, scale float64, seed uint64, html string) error {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(scale, seed))
	if err != nil {
		return err
	}
	sum := model.Summarize(c)
	fmt.Fprintf(w, "%s\n%d students, %d seats in %d positions of %d enterprises; %d special-post students, %d special-post seats; %d order-class members\n",
		sum.Name, sum.Students, sum.Seats, sum.Positions, sum.Enterprises, sum.SpecialPostStudents, sum.SpecialPostSeats, sum.OrderClassMembers)

	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed})
	if err != nil {
		return err
	}
	stable, err := matching.StudentProposing(ctx, inst, nil)
	if err != nil {
		return err
	}
	if f := matching.CheckResult(stable); len(f) > 0 {
		return fmt.Errorf("the stable allocation failed its check: %v", f[0])
	}
	optimal, err := matching.SolveOptimal(ctx, inst, nil)
	if err != nil {
		return err
	}
	if v := matching.CheckQuotas(inst, optimal.Placements()); len(v) > 0 {
		return fmt.Errorf("the optimal allocation breaks a quota: %v", v[0])
	}
	o, _ := optimal.Optimum()
	if err := matching.CheckCertificate(ctx, inst, optimal.Placements(), o.Objective, o.Certificate); err != nil {
		return err
	}

	for _, r := range []*matching.Result{stable, optimal} {
		fmt.Fprintf(w, "\n== %v\nplaced %d of %d; by choice obtained %v\n", r.Mechanism(), r.Placed(), inst.Students(), r.ByRank())
		unplacedByReason(w, r)
		specialPosts(w, r)
		reserves(w, r)
		caps(w, r)
	}
	cmp, err := matching.Compare(optimal, stable)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := cmp.WriteText(w); err != nil {
		return err
	}
	if html != "" {
		return writeReport(html, c, optimal, stable)
	}
	return nil
}

func unplacedByReason(w io.Writer, r *matching.Result) {
	count := map[matching.Reason]int{}
	var reasons []matching.Reason
	for _, u := range r.Unplaced() {
		if count[u.Reason] == 0 {
			reasons = append(reasons, u.Reason)
		}
		count[u.Reason]++
	}
	slices.Sort(reasons)
	for _, why := range reasons {
		fmt.Fprintf(w, "  unplaced, %v: %d\n", why, count[why])
	}
}

func specialPosts(w io.Writer, r *matching.Result) {
	c := r.Instance().Cohort()
	fmt.Fprintln(w, "special posts by county (seats filled; special-post students placed):")
	for _, sp := range r.SpecialPostsByCounty() {
		fmt.Fprintf(w, "  %-4s %3d of %3d seats; %3d of %3d students\n", c.Regions()[sp.Region].ID, sp.Filled, sp.Posts, sp.Placed, sp.Students)
	}
}

// reserves adds up, by kind of category, the reserved seats and those their
// category filled.
func reserves(w io.Writer, r *matching.Result) {
	type tally struct{ seats, filled int }
	by := map[model.CategoryKind]*tally{}
	for p := range r.Instance().Positions() {
		for _, cu := range r.Cutoff(p) {
			if cu.Reserve < 0 {
				continue
			}
			k := r.Instance().Cohort().Positions()[p].Reserved[cu.Reserve].Category.Kind
			if by[k] == nil {
				by[k] = &tally{}
			}
			by[k].seats += cu.Seats
			by[k].filled += cu.Filled
		}
	}
	for _, k := range []model.CategoryKind{model.OrderClassCategory, model.CountyCategory, model.SpecialPostCategory} {
		if t := by[k]; t != nil {
			name := map[model.CategoryKind]string{model.OrderClassCategory: "order classes", model.CountyCategory: "county reserves", model.SpecialPostCategory: "special-post reserves"}[k]
			fmt.Fprintf(w, "%s: %d of %d reserved seats taken by their category\n", name, t.filled, t.seats)
		}
	}
}

// caps prints the out-of-province share against its cap, and how many
// enterprise caps are reached.
func caps(w io.Writer, r *matching.Result) {
	c := r.Instance().Cohort()
	full, ents := 0, 0
	for _, u := range r.Caps() {
		if u.Region >= 0 {
			reg := c.Regions()[u.Region]
			fmt.Fprintf(w, "region %s (%v): %d placed, cap %d; %.1f%% of the students placed\n",
				reg.ID, reg.Kind, u.Placed, u.Cap, 100*float64(u.Placed)/float64(max(1, r.Placed())))
			continue
		}
		ents++
		if u.Placed == u.Cap {
			full++
		}
	}
	fmt.Fprintf(w, "enterprise caps: %d of %d reached\n", full, ents)
}

// writeReport writes the report page, optimal against stable, with its
// charts inline.
func writeReport(path string, c *model.Cohort, optimal, stable *matching.Result) error {
	rep, err := report.New(c, optimal, stable)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteHTML(f); err != nil {
		f.Close()
		os.Remove(path) // no half-written page
		return err
	}
	return f.Close()
}
