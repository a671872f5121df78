package synth

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
)

// checkCohort checks what every generated cohort promises: every choice of
// every student is eligible, every special-post student lists a special
// post, reserves fit, and special posts cover their county's students.
func checkCohort(t *testing.T, c *model.Cohort) {
	t.Helper()
	students := c.Students()
	for s := range students {
		spListed := false
		for k, p := range c.Choices(s) {
			why := c.Eligibility(s, int(p))
			require.Equal(t, model.Eligible, why, "student %s choice %d (%s)", students[s].ID, k+1, c.Positions()[p].ID)
			spListed = spListed || c.Positions()[p].SpecialPost
		}
		if students[s].SpecialPost {
			require.True(t, spListed, "special-post student %s lists no special post", students[s].ID)
		}
	}
	for _, w := range c.Warnings() {
		// The only warnings the generator allows: counties with more
		// special posts than special-post students (the slack).
		require.ErrorIs(t, w, model.ErrCapacity, "unexpected warning %v", w)
		require.Equal(t, "region", w.Entity, "unexpected warning %v", w)
	}
}

func TestGroup(t *testing.T) {
	for _, seed := range []uint64{1, 2, 42} {
		c, err := Generate(Group(1, seed))
		require.NoError(t, err)
		checkCohort(t, c)

		require.Len(t, c.Schools(), 14)
		require.Equal(t, model.Higher, c.Schools()[0].Level)
		kinds := map[model.RegionKind]int{}
		for _, r := range c.Regions() {
			kinds[r.Kind]++
		}
		require.Equal(t, map[model.RegionKind]int{model.County: 8, model.Zone: 1, model.OutOfProvince: 1}, kinds)
		require.InDelta(t, 5000, len(c.Students()), 1)
		require.Len(t, c.Majors(), 12)
		require.NotEmpty(t, c.OrderClasses())

		var spStudents, spPosts, spSeats, seats, oopCap, floors, minFills, entCaps, members int
		for _, s := range c.Students() {
			if s.SpecialPost {
				spStudents++
			}
			if s.OrderClass != "" {
				members++
			}
		}
		for _, p := range c.Positions() {
			if p.SpecialPost {
				spPosts++
				spSeats += p.Capacity
			} else {
				seats += p.Capacity
			}
			if p.MinFill > 0 {
				minFills++
			}
		}
		for _, r := range c.Regions() {
			if r.Kind == model.OutOfProvince {
				oopCap = r.Cap
			}
			if r.Floor > 0 {
				floors++
			}
		}
		for _, e := range c.Enterprises() {
			if e.Cap > 0 {
				entCaps++
			}
		}
		require.InDelta(t, 190, spStudents, 50, "special-post students")
		require.InDelta(t, 200, spPosts, 50, "special posts")
		require.GreaterOrEqual(t, spSeats, spStudents)
		ordinary := len(c.Students()) - spStudents
		require.InDelta(t, 1.1, float64(seats)/float64(ordinary), 0.1, "seats per ordinary student")
		require.Equal(t, 1500, oopCap)
		require.Equal(t, 3, floors)
		require.Positive(t, minFills)
		require.Positive(t, entCaps)
		require.Greater(t, members, 8*10)

		for _, oc := range c.OrderClasses() {
			reserved := false
			for _, p := range c.Positions() {
				for _, r := range p.Reserved {
					if r.Category == (model.Category{Kind: model.OrderClassCategory, ID: oc.ID}) {
						require.Equal(t, oc.Enterprise, p.Enterprise)
						reserved = true
					}
				}
			}
			require.True(t, reserved, "order class %s reserves no seats", oc.ID)
		}
	}
}

func TestDeterminism(t *testing.T) {
	write := func(cfg Config) []byte {
		c, err := Generate(cfg)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, model.WriteJSON(&buf, c))
		return buf.Bytes()
	}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"group", Group(1, 7)},
		{"plain", Config{Seed: 7, Students: 9000, Positions: 300}}, // several chunks
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := write(tt.cfg), write(tt.cfg)
			require.Equal(t, a, b)
			other := tt.cfg
			other.Seed++
			require.NotEqual(t, a, write(other))
		})
	}
}

func TestListLength(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		min, max int
	}{
		{"fixed20", Config{Students: 2000, Positions: 200, MinChoices: 20, MaxChoices: 20}, 20, 20},
		{"fixed10", Config{Seed: 3, Students: 5000, Positions: 500, MinChoices: 10, MaxChoices: 10}, 10, 10},
		{"default", Config{Seed: 4, Students: 3000}, 5, 20},
		{"group-fixed", func() Config { c := Group(1, 5); c.SpecialPostShare = 0; c.MinChoices, c.MaxChoices = 20, 20; return c }(), 20, 20},
		{"few-positions", Config{Students: 100, Positions: 7, MinChoices: 20, MaxChoices: 20}, 7, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Generate(tt.cfg)
			require.NoError(t, err)
			checkCohort(t, c)
			lo, hi := 1<<30, 0
			for s := range c.Students() {
				n := len(c.Choices(s))
				lo, hi = min(lo, n), max(hi, n)
			}
			require.Equal(t, tt.min, lo)
			require.Equal(t, tt.max, hi)
		})
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Students: -1},
		{MinChoices: 10, MaxChoices: 5},
		{SpecialPostShare: 1.5},
		{OutOfProvinceCap: -0.1},
		{Students: maxStudents + 1},
	} {
		_, err := Generate(cfg)
		require.Error(t, err, "%+v", cfg)
		require.Contains(t, err.Error(), "synth: ")
	}
}

// TestPreferencesCorrelated checks that preferences share a common
// component: first choices concentrate on fewer positions than under
// independent preferences.
func TestPreferencesCorrelated(t *testing.T) {
	distinctFirst := func(cfg Config) int {
		c, err := Generate(cfg)
		require.NoError(t, err)
		seen := map[int32]bool{}
		for s := range c.Students() {
			seen[c.Choices(s)[0]] = true
		}
		return len(seen)
	}
	base := Config{Seed: 9, Students: 4000, Positions: 400, HomeBias: -1}
	indep := base
	indep.Popularity = -1
	require.Less(t, distinctFirst(base), distinctFirst(indep))
}

func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("large cohort")
	}
	c, err := Generate(Group(20, 1))
	require.NoError(t, err)
	require.InDelta(t, 100_000, len(c.Students()), 10)
	checkCohort(t, c)
}

// TestSmallAndOddConfigs checks that corner cases of Config still give
// valid cohorts that keep every promise.
func TestSmallAndOddConfigs(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"one-student", Config{Students: 1}},
		{"one-position", Config{Students: 50, Positions: 1}},
		{"one-county-one-school", Config{Students: 500, Counties: 1, Schools: 1, SpecialPostShare: 0.1}},
		{"all-special", Config{Students: 300, SpecialPostShare: 1, OrderClasses: 3, Floors: 2, MinFillShare: 0.5}},
		{"tiny-group", Group(0.01, 3)},
		{"many-counties", func() Config { c := Group(1, 4); c.Counties = 12; return c }()},
		{"no-preferences-structure", Config{Students: 1000, Popularity: -1, Noise: -1, HomeBias: -1}},
		{"policy-heavy", Config{Seed: 5, Students: 3000, SpecialPostShare: 0.2, OrderClasses: 40, CountyReserves: 40,
			OutOfProvinceCap: 0.05, EnterpriseCapShare: 1, MinScoreShare: 0.9, MinFillShare: 1, Floors: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Generate(tt.cfg)
			require.NoError(t, err)
			checkCohort(t, c)
		})
	}
}
