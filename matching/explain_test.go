package matching_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// checkExplain verifies a stable result's cutoffs and refusals against the
// naive oracle: every refusal names a choice ranked above the placement and
// the right kind; a "full" refusal means the student is below the cutoff
// of every seat category that could take them; a "reserve" refusal means
// some seat is empty or held by a student of lower priority; the cutoffs
// add up to the fills; and an unplaced special-post student has the reason
// SpecialPostLeftOpen exactly when a special post has a seat free for them.
// It returns how many refusals of each kind it saw.
func checkExplain(t testing.TB, o slotOracle, r *matching.Result, kinds map[matching.RefusalKind]int) {
	t.Helper()
	c := o.c
	fill := r.Fill()
	for p, pos := range c.Positions() {
		cuts := r.Cutoff(p)
		sum := 0
		for _, cu := range cuts {
			sum += cu.Filled
			require.LessOrEqual(t, cu.Filled, cu.Seats)
			require.Equal(t, cu.Filled == cu.Seats, cu.Full)
			require.Equal(t, cu.Filled > 0, cu.Student >= 0)
			if cu.Student >= 0 {
				require.Equal(t, p, r.Position(cu.Student))
				prio, ok := o.inst.Priority(cu.Student, p)
				require.True(t, ok)
				require.Equal(t, prio, cu.Priority)
			}
		}
		require.Equal(t, fill[p], sum, "position %s", pos.ID)
	}
	for s, st := range c.Students() {
		m := r.Position(s)
		var want []int
		for _, q := range c.Choices(s) {
			if int(q) == m {
				break
			}
			want = append(want, int(q))
		}
		why := r.Why(s)
		require.Len(t, why, len(want), "student %s", st.ID)
		for i, ref := range why {
			p := want[i]
			require.Equal(t, p, ref.Position)
			require.Equal(t, i+1, ref.Rank)
			kinds[ref.Kind]++
			elig := c.Eligibility(s, p)
			// The structured fields say what Detail says.
			if prio, ok := o.inst.Priority(s, p); ok {
				require.Equal(t, prio, ref.Priority, "student %s: priority at %d", st.ID, p)
			} else {
				require.Equal(t, -1, ref.Priority)
			}
			for _, cu := range ref.Cutoffs {
				require.Contains(t, ref.Detail, cu.Category)
				if ref.Kind == matching.RefusedFull {
					require.Greater(t, ref.Priority, cu.Priority-1, "student %s: below the %s cutoff", st.ID, cu.Category)
					require.Contains(t, r.Cutoff(p), cu)
				}
			}
			require.Equal(t, ref.Kind == matching.RefusedFull && ref.Detail != "no seats" || ref.Kind == matching.RefusedUnstable, len(ref.Cutoffs) > 0, "student %s: %v", st.ID, ref.Kind)
			require.Equal(t, ref.Kind == matching.RefusedCap, len(ref.Caps) > 0, "student %s: %v", st.ID, ref.Kind)
			for _, u := range ref.Caps {
				require.Contains(t, ref.Detail, fmt.Sprintf("(cap %d, %d placed)", u.Cap, u.Placed))
			}
			switch ref.Kind {
			case matching.RefusedIneligible:
				require.NotEqual(t, model.Eligible, elig)
				require.Equal(t, elig, ref.Ineligibility)
			case matching.RefusedNotRanked:
				require.Equal(t, model.Eligible, elig)
				require.False(t, o.acceptable(s, p))
			case matching.RefusedFull, matching.RefusedReserved:
				require.True(t, o.acceptable(s, p))
				pos := c.Positions()[p]
				if ref.Kind == matching.RefusedReserved {
					lower := fill[p] < pos.Capacity
					for u := range c.Students() {
						lower = lower || r.Position(u) == p && o.better(p, s, u)
					}
					require.True(t, lower, "student %s at %s: %s", st.ID, pos.ID, ref.Detail)
					continue
				}
				// Every category that could take s is full with a
				// cutoff student above s under its priority.
				for _, cu := range r.Cutoff(p) {
					var cat *model.Category
					if cu.Reserve >= 0 {
						cat = &pos.Reserved[cu.Reserve].Category
						require.Equal(t, cat.String(), cu.Category)
					}
					member := cat != nil && cat.Includes(&c.Students()[s])
					if cu.Seats == 0 || cat != nil && !member && pos.Reserved[cu.Reserve].Unused == model.StayEmpty {
						continue
					}
					require.True(t, cu.Full, "student %s at %s: %s not full", st.ID, pos.ID, cu.Category)
					u := cu.Student
					uMember := cat != nil && cat.Includes(&c.Students()[u])
					above := uMember && !member || uMember == member && o.better(p, u, s)
					require.True(t, above, "student %s at %s: above the %s cutoff %d", st.ID, pos.ID, cu.Category, u)
				}
			case matching.RefusedCap:
				// Only under a cap, and only where the position's own
				// seats would take s.
				require.True(t, o.acceptable(s, p))
				_, capped := o.inst.Target(p)
				require.True(t, capped, "student %s: refusal cap at %s, which no cap is above", st.ID, c.Positions()[p].ID)
				var held []int
				for u := range c.Students() {
					if r.Position(u) == p {
						held = append(held, u)
					}
				}
				require.Contains(t, o.choose(p, append(held, s)), s, "student %s at %s: %s", st.ID, c.Positions()[p].ID, ref.Detail)
			default:
				t.Fatalf("student %s: refusal %v at %s: %s", st.ID, ref.Kind, c.Positions()[p].ID, ref.Detail)
			}
		}
		if m >= 0 || !st.SpecialPost {
			continue
		}
		open := false
		for p, pos := range c.Positions() {
			if !pos.SpecialPost || c.Eligibility(s, p) != model.Eligible {
				continue
			}
			if rk, ok := c.Ranking(p); ok && !slices.Contains(rk, int32(s)) {
				continue
			}
			// Would a seat free for s remain? Run the choice function on
			// the position's students and s: it takes one more student.
			var held []int
			for u := range c.Students() {
				if r.Position(u) == p {
					held = append(held, u)
				}
			}
			if len(o.choose(p, append(held, s))) > len(held) {
				open = true
			}
		}
		require.Equal(t, open, r.Reason(s) == matching.SpecialPostLeftOpen, "student %s: %v", st.ID, r.Reason(s))
	}
}

// TestExplainSynthetic checks cutoffs and refusals on synthetic group
// cohorts (special posts, order classes, county reserves) under both
// reserve orders.
func TestExplainSynthetic(t *testing.T) {
	ctx := context.Background()
	kinds := map[matching.RefusalKind]int{}
	for seed := range uint64(2) {
		c := synthCohort(t, seed+1, true)
		for _, order := range []matching.ReserveOrder{matching.ReservedFirst, matching.OpenFirst} {
			inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed, ReserveOrder: order})
			require.NoError(t, err)
			require.True(t, inst.HasReserves())
			r, err := matching.StudentProposing(ctx, inst, nil)
			require.NoError(t, err)
			require.Empty(t, matching.CheckResult(r))
			checkExplain(t, slotOracle{oracle: oracle{c: c, inst: inst}, order: order}, r, kinds)
		}
	}
	t.Logf("refusals by kind: %v", kinds)
	require.Positive(t, kinds[matching.RefusedFull])
	require.Positive(t, kinds[matching.RefusedIneligible])
}

// A special-post student who lists only a full special post of their
// county, while another special post there has a free seat, is reported
// with SpecialPostLeftOpen, and the county summary shows the gap.
func TestSpecialPostLeftOpen(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(`{
	  "regions": [{"id": "C1", "kind": "county"}],
	  "positions": [
	    {"id": "Q1", "capacity": 1, "region": "C1", "special_post": true},
	    {"id": "Q2", "capacity": 1, "region": "C1", "special_post": true}
	  ],
	  "students": [
	    {"id": "X", "region": "C1", "special_post": true, "score": 90, "choices": ["Q1"]},
	    {"id": "Y", "region": "C1", "special_post": true, "score": 80, "choices": ["Q1"]}
	  ]
	}`), "", nil)
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	r, err := matching.StudentProposing(context.Background(), inst, nil)
	require.NoError(t, err)
	require.Equal(t, 0, r.Position(0))
	require.Equal(t, -1, r.Position(1))
	require.Equal(t, matching.SpecialPostLeftOpen, r.Reason(1))
	require.Equal(t, []matching.CountySpecialPosts{{Region: 0, Posts: 2, Filled: 1, Students: 2, Placed: 1}}, r.SpecialPostsByCounty())
	why := r.Why(1)
	require.Len(t, why, 1)
	require.Equal(t, matching.RefusedFull, why[0].Kind)
}

// TestExplainOptimalCaps checks the refusals of an optimal allocation on
// the group preset, whose caps no round robin binds: a refusal by a cap
// names a cap above the position that is full (by Result.Caps), and the
// optimum's trade-offs show as RefusedUnstable.
func TestExplainOptimalCaps(t *testing.T) {
	ctx := context.Background()
	c := group(t)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.SolveOptimal(ctx, inst, nil)
	require.NoError(t, err)
	full := map[[2]int]bool{} // {enterprise, -1} or {-1, region}
	for _, u := range r.Caps() {
		if u.Placed == u.Cap {
			full[[2]int{u.Enterprise, u.Region}] = true
		}
	}
	kinds := map[matching.RefusalKind]int{}
	for s := range inst.Students() {
		for _, ref := range r.Why(s) {
			kinds[ref.Kind]++
			if ref.Kind != matching.RefusedCap {
				continue
			}
			p := ref.Position // PositionRegion falls back on the enterprise's region
			require.True(t, full[[2]int{c.PositionEnterprise(p), -1}] || full[[2]int{-1, c.PositionRegion(p)}],
				"student %d at position %d: %s", s, p, ref.Detail)
			require.Contains(t, ref.Detail, "is full")
			require.NotEmpty(t, ref.Caps)
			for _, u := range ref.Caps {
				require.Equal(t, u.Cap, u.Placed, "student %d at position %d: a cap named full is not", s, p)
				require.True(t, full[[2]int{u.Enterprise, u.Region}])
			}
		}
	}
	t.Logf("refusals by kind: %v", kinds)
	require.Positive(t, kinds[matching.RefusedCap])
	require.Positive(t, kinds[matching.RefusedUnstable])
}
