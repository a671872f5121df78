package round

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// SynthOptions tunes [Synthesize]. A nil *SynthOptions means the zero
// value.
type SynthOptions struct {
	// Seed seeds every draw: the same result, options and seed give the
	// same responses.
	Seed uint64
	// Accept, Hold and Decline are the shares of the placed students who
	// give each answer (taken relative to their sum). All zero means the
	// defaults 0.75, 0.10 and 0.15. A student placed at their first
	// choice who draws hold accepts instead (there is nothing above it).
	Accept, Hold, Decline float64
	// Continue is the share of the unplaced students who continue (the
	// others withdraw). Zero means 0.85; a negative value means none.
	Continue float64
	// NewLists gives each continuing student a new list over the
	// positions with seats still open in the result, drawn from the
	// preference model of package model/synth: a position's utility is
	// its popularity (estimated from the cohort's lists: log(1 + the
	// times it is listed), as synth draws candidates in proportion to
	// exp(popularity)), plus the student's own Normal(0, 1) taste, plus 1
	// in their home region; the student keeps the best k of the positions
	// they are eligible for, k the length of their list (at least 1,
	// at most 20).
	NewLists bool
}

// Synthesize draws responses to res, the result of a round (a main
// round's or a later one's), for the students still in the market: every
// placed student but those who accepted in an earlier round, and every
// unplaced student but those who declined or withdrew in an earlier round
// (they keep their standing without answering). The responses name res
// by its fingerprint ([matching.Result.Fingerprint]), in cohort order,
// with Line the 1-based index. It is deterministic for a seed, and takes
// O(S + C) time plus, with NewLists, O(k log k) a continuing student.
func Synthesize(res *matching.Result, opts *SynthOptions) (*model.Responses, error) {
	var o SynthOptions
	if opts != nil {
		o = *opts
	}
	if o.Accept < 0 || o.Hold < 0 || o.Decline < 0 || o.Continue > 1 {
		return nil, fmt.Errorf("round: synthesize: rates out of range (accept %v, hold %v, decline %v, continue %v)", o.Accept, o.Hold, o.Decline, o.Continue)
	}
	if o.Accept == 0 && o.Hold == 0 && o.Decline == 0 {
		o.Accept, o.Hold, o.Decline = 0.75, 0.10, 0.15
	}
	switch {
	case o.Continue == 0:
		o.Continue = 0.85
	case o.Continue < 0:
		o.Continue = 0
	}
	sum := o.Accept + o.Hold + o.Decline
	inst := res.Instance()
	c := inst.Cohort()
	st, ps := c.Students(), c.Positions()
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	out := &model.Responses{Result: res.Fingerprint(), Responses: []model.Response{}}

	var open []int32     // positions with seats still open
	var pop []float64    // their popularity
	var stamp []int32    // stamp[p] == s+1: p already a candidate of s
	var cand []candidate // scratch
	noise := distuv.Normal{Mu: 0, Sigma: 1, Src: r}
	if o.NewLists {
		fill := res.Fill()
		listed := make([]int, len(ps))
		for s := range st {
			for _, p := range c.Choices(s) {
				listed[p]++
			}
		}
		pop = make([]float64, len(ps))
		for p := range ps {
			pop[p] = math.Log1p(float64(listed[p]))
			if fill[p] < inst.Capacity(p) {
				open = append(open, int32(p))
			}
		}
		stamp = make([]int32, len(ps))
	}
	for s := range st {
		switch inst.Standing(s).Answer {
		case model.Accept, model.Decline, model.Withdraw:
			continue // out of the market: no answer is taken from them
		}
		resp := model.Response{Student: st[s].ID, Line: len(out.Responses) + 1}
		if res.Position(s) >= 0 {
			u := r.Float64() * sum
			switch {
			case u < o.Accept:
				resp.Answer = model.Accept
			case u < o.Accept+o.Hold:
				resp.Answer = model.Hold
				if res.Rank(s) == 1 {
					resp.Answer = model.Accept
				}
			default:
				resp.Answer = model.Decline
			}
		} else {
			resp.Answer = model.Withdraw
			if r.Float64() < o.Continue {
				resp.Answer = model.Continue
			}
			if resp.Answer == model.Continue && len(open) > 0 {
				k := min(max(len(c.Choices(s)), 1), 20)
				cand = cand[:0]
				sv := int32(s + 1)
				home := c.StudentRegion(s)
				for a := 0; a < 8*k && len(cand) < 2*k; a++ {
					p := open[r.IntN(len(open))]
					if stamp[p] == sv || c.Eligibility(s, int(p)) != model.Eligible {
						stamp[p] = sv
						continue
					}
					stamp[p] = sv
					u := pop[p] + noise.Rand()
					if home >= 0 && c.PositionRegion(int(p)) == home {
						u++
					}
					cand = append(cand, candidate{u: u, p: p})
				}
				slices.SortFunc(cand, func(a, b candidate) int {
					if a.u != b.u {
						if a.u > b.u {
							return -1
						}
						return 1
					}
					return int(a.p - b.p)
				})
				for _, cd := range cand[:min(k, len(cand))] { // none open to them: their list stays
					resp.HasChoices = true
					resp.Choices = append(resp.Choices, ps[cd.p].ID)
				}
			}
		}
		out.Responses = append(out.Responses, resp)
	}
	return out, nil
}

type candidate struct {
	u float64
	p int32
}
