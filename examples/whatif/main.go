// Command whatif is a planner's scenario study through the API, on the
// group preset: ten more seats at the most oversubscribed enterprise,
// twenty students withdrawing, the out-of-province cap cut to 12% of the
// students (it does not bind at 30%), and the three together, each solved with student-proposing
// deferred acceptance under the same lottery and compared with the base.
//
//	go run ./examples/whatif [-seed 2026] [-list 12]
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
	"github.com/placement-engine/placement/whatif"
)

func main() {
	seed := flag.Uint64("seed", 2026, "seed of the synthetic cohort and of the lottery")
	list := flag.Int("list", 12, "students listed for the combined scenario (0: all)")
	flag.Parse()
	if err := run(os.Stdout, *seed, *list); err != nil {
		fmt.Fprintln(os.Stderr, "whatif:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, seed uint64, list int) error {
	c, err := synth.Generate(synth.Group(1, seed))
	if err != nil {
		return err
	}
	opts := &matching.CompileOptions{Seed: seed}
	base, err := solve(c, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "base: %s, student-da: %d of %d students placed, total rank %d\n\n",
		c.Name(), base.Placed(), len(c.Students()), base.TotalRank())

	// Ten more seats where most students were turned away for want of one.
	ent, pos := oversubscribed(base)
	seats := whatif.Entry{Position: c.Positions()[pos].ID, Seats: new(10)}
	entries := []whatif.Entry{seats}
	fmt.Fprintf(w, "most oversubscribed: enterprise %s, position %s (%d seats)\n",
		c.Enterprises()[ent].ID, c.Positions()[pos].ID, c.Positions()[pos].Capacity)
	if cp := c.Enterprises()[ent].Cap; cp > 0 {
		entries = append(entries, whatif.Entry{Enterprise: c.Enterprises()[ent].ID, Cap: new(cp + 10)})
	}

	// Twenty students withdraw: every 250th.
	var gone []string
	for s := 0; s < len(c.Students()); s += 250 {
		gone = append(gone, c.Students()[s].ID)
	}
	withdraw := whatif.Entry{Students: gone, Withdraw: true}

	// The out-of-province cap cut to 12% of the students, to keep more
	// interns in the prefecture.
	var outCap whatif.Entry
	for _, r := range c.Regions() {
		if r.Kind == model.OutOfProvince {
			outCap = whatif.Entry{Region: r.ID, Cap: new(len(c.Students()) * 12 / 100)}
			fmt.Fprintf(w, "out-of-province cap: %d, %d students placed there\n", r.Cap, placedIn(base, r.ID))
		}
	}
	fmt.Fprintln(w)

	scenarios := []*whatif.Changes{
		{Name: "ten more seats at " + c.Enterprises()[ent].ID, Entries: entries},
		{Name: "twenty students withdraw", Entries: []whatif.Entry{withdraw}},
		{Name: "out-of-province cap cut to 12%", Entries: []whatif.Entry{outCap}},
		{Name: "all three", Entries: append(slices.Clone(entries), withdraw, outCap)},
	}
	for i, ch := range scenarios {
		changed, err := whatif.Apply(c, ch, nil)
		if err != nil {
			return err
		}
		res, err := solve(changed, opts)
		if err != nil {
			return err
		}
		d, err := whatif.Compare(base, res, ch)
		if err != nil {
			return err
		}
		limit := 1 // the lists of the single changes are long: one line each
		if i == len(scenarios)-1 {
			limit = list
		}
		if err := d.WriteText(w, limit); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// solve compiles the cohort, runs student-proposing deferred acceptance and
// checks the result.
func solve(c *model.Cohort, opts *matching.CompileOptions) (*matching.Result, error) {
	ctx := context.Background()
	inst, err := matching.Compile(ctx, c, opts)
	if err != nil {
		return nil, err
	}
	r, err := matching.StudentProposing(ctx, inst, nil)
	if err != nil {
		return nil, err
	}
	if f := matching.CheckResult(r); len(f) > 0 {
		return nil, fmt.Errorf("the result fails its check: %v", f[0])
	}
	return r, nil
}

// oversubscribed returns the enterprise whose positions turned most
// students away because they were full, and its position that turned away
// most.
func oversubscribed(r *matching.Result) (ent, pos int) {
	c := r.Instance().Cohort()
	byPos := make([]int, len(c.Positions()))
	byEnt := make([]int, len(c.Enterprises()))
	for s := range c.Students() {
		for _, why := range r.Why(s) {
			if why.Kind == matching.RefusedFull {
				byPos[why.Position]++
				if e := c.PositionEnterprise(why.Position); e >= 0 {
					byEnt[e]++
				}
			}
		}
	}
	ent = argmax(byEnt, nil)
	pos = argmax(byPos, func(p int) bool { return c.PositionEnterprise(p) == ent })
	return ent, pos
}

// argmax returns the first index of the largest count among those keep
// accepts (all when keep is nil).
func argmax(counts []int, keep func(int) bool) int {
	best := -1
	for i, n := range counts {
		if (keep == nil || keep(i)) && (best < 0 || n > counts[best]) {
			best = i
		}
	}
	return best
}

// placedIn counts the students placed in positions of the region.
func placedIn(r *matching.Result, region string) int {
	c := r.Instance().Cohort()
	n := 0
	for s := range c.Students() {
		if p := r.Position(s); p >= 0 && c.PositionRegion(p) >= 0 && c.Regions()[c.PositionRegion(p)].ID == region {
			n++
		}
	}
	return n
}
