package matching_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/matching/flow"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

func readCohort(t *testing.T, js string) *model.Cohort {
	t.Helper()
	c, err := model.ReadJSON(strings.NewReader(js), "cohort.json", nil)
	require.NoError(t, err)
	return c
}

// TestOptimalInfeasible builds cohorts that cannot meet their quotas on
// purpose and checks that the diagnosis names the quota at fault, what
// limits it, and by how much.
func TestOptimalInfeasible(t *testing.T) {
	type quota struct {
		kind matching.QuotaKind
		id   string // ID of the position, enterprise or region named
	}
	for _, tc := range []struct {
		name     string
		cohort   string
		short    int64
		needs    []quota
		limits   []quota
		counties []matching.CountyShort
	}{{
		name: "min fill above its applicants",
		cohort: `{"positions": [{"id": "P1", "capacity": 3, "min_fill": 3}, {"id": "P2", "capacity": 3}],
			"students": [{"id": "S1", "choices": ["P1", "P2"]}, {"id": "S2", "choices": ["P2", "P1"]}, {"id": "S3", "choices": ["P2"]}]}`,
		short: 1,
		needs: []quota{{matching.QuotaMinFill, "P1"}},
	}, {
		name: "two min fills share too few students",
		cohort: `{"positions": [{"id": "P1", "capacity": 3, "min_fill": 2}, {"id": "P2", "capacity": 3, "min_fill": 2}, {"id": "P3", "capacity": 3}],
			"students": [{"id": "S1", "choices": ["P1", "P2"]}, {"id": "S2", "choices": ["P2", "P1"]}, {"id": "S3", "choices": ["P1", "P2", "P3"]}, {"id": "S4", "choices": ["P3"]}]}`,
		short: 1,
		needs: []quota{{matching.QuotaMinFill, "P1"}, {matching.QuotaMinFill, "P2"}},
	}, {
		name: "region floor held back by an enterprise cap",
		cohort: `{"regions": [{"id": "C1", "kind": "county", "floor": 3}, {"id": "C2", "kind": "county"}],
			"enterprises": [{"id": "E1", "region": "C1", "cap": 2}, {"id": "E2", "region": "C1"}, {"id": "E3", "region": "C2"}],
			"positions": [{"id": "P1", "enterprise": "E1", "capacity": 3}, {"id": "P2", "enterprise": "E1", "capacity": 3},
				{"id": "P3", "enterprise": "E2", "capacity": 2}, {"id": "P4", "enterprise": "E3", "capacity": 5}],
			"students": [{"id": "S1", "choices": ["P1", "P4"]}, {"id": "S2", "choices": ["P2", "P4"]}, {"id": "S3", "choices": ["P1", "P2"]}, {"id": "S4", "choices": ["P4", "P1"]}]}`,
		short:  1,
		needs:  []quota{{matching.QuotaFloor, "C1"}},
		limits: []quota{{matching.QuotaEnterpriseCap, "E1"}},
	}, {
		name: "region cap below its positions' minimum fills",
		cohort: `{"regions": [{"id": "C1", "kind": "county", "cap": 2}],
			"positions": [{"id": "P1", "region": "C1", "capacity": 2, "min_fill": 2}, {"id": "P2", "region": "C1", "capacity": 2, "min_fill": 1}],
			"students": [{"id": "S1", "choices": ["P1", "P2"]}, {"id": "S2", "choices": ["P1", "P2"]}, {"id": "S3", "choices": ["P2"]}]}`,
		short:  1,
		needs:  []quota{{matching.QuotaMinFill, "P1"}, {matching.QuotaMinFill, "P2"}},
		limits: []quota{{matching.QuotaRegionCap, "C1"}},
	}, {
		name: "special-post student who lists no special post",
		cohort: `{"regions": [{"id": "C1", "kind": "county"}],
			"positions": [{"id": "SP1", "region": "C1", "capacity": 2, "special_post": true}, {"id": "P1", "region": "C1", "capacity": 2}],
			"students": [{"id": "S1", "region": "C1", "special_post": true, "choices": ["SP1"]},
				{"id": "S2", "region": "C1", "special_post": true, "choices": ["P1"]}, {"id": "S3", "choices": ["P1"]}]}`,
		short:    1,
		needs:    []quota{{matching.QuotaSpecialPost, "C1"}},
		counties: []matching.CountyShort{{Region: 0, County: "C1", Students: 2, Short: 1}},
	}, {
		name: "special posts held back by the county's cap",
		cohort: `{"regions": [{"id": "C1", "kind": "county", "cap": 1}, {"id": "C2", "kind": "county"}],
			"positions": [{"id": "SP1", "region": "C1", "capacity": 1, "special_post": true}, {"id": "SP2", "region": "C1", "capacity": 1, "special_post": true},
				{"id": "SP3", "region": "C2", "capacity": 1, "special_post": true}],
			"students": [{"id": "S1", "region": "C1", "special_post": true, "choices": ["SP1", "SP2"]},
				{"id": "S2", "region": "C1", "special_post": true, "choices": ["SP2", "SP1"]},
				{"id": "S3", "region": "C2", "special_post": true, "choices": ["SP3"]}]}`,
		short:    1,
		needs:    []quota{{matching.QuotaSpecialPost, "C1"}},
		limits:   []quota{{matching.QuotaRegionCap, "C1"}},
		counties: []matching.CountyShort{{Region: 0, County: "C1", Students: 2, Short: 1}},
	}, {
		name: "seats held empty for another county",
		cohort: `{"regions": [{"id": "C1", "kind": "county"}, {"id": "C2", "kind": "county"}],
			"positions": [{"id": "P1", "region": "C1", "capacity": 2, "min_fill": 2, "reserved": [{"category": "county:C2", "seats": 1, "unused": "empty"}]}],
			"students": [{"id": "S1", "region": "C1", "choices": ["P1"]}, {"id": "S2", "region": "C1", "choices": ["P1"]}, {"id": "S3", "region": "C1", "choices": ["P1"]}]}`,
		short:  1,
		needs:  []quota{{matching.QuotaMinFill, "P1"}},
		limits: []quota{{matching.QuotaOpenSeats, "P1"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := readCohort(t, tc.cohort)
			inst, err := matching.Compile(context.Background(), c, nil)
			require.NoError(t, err)
			for _, obj := range objectives {
				_, err = matching.SolveOptimal(context.Background(), inst, &matching.OptimalOptions{Objective: obj})
				var ie *matching.InfeasibleError
				require.ErrorAs(t, err, &ie)
				assert.ErrorIs(t, err, matching.ErrInfeasible)
				assert.ErrorIs(t, err, flow.ErrInfeasible)
				assert.Equal(t, tc.short, ie.Short, "%v", err)
				ex, err2 := matching.ExportNetwork(context.Background(), inst, obj)
				require.NoError(t, err2)
				require.NoError(t, flow.CheckInfeasible(ex.Network, ie.Cut))
				assert.Equal(t, ie.Cut.Shortfall, ie.Short)
				name := func(q matching.Quota) quota {
					switch {
					case q.Position >= 0:
						return quota{q.Kind, c.Positions()[q.Position].ID}
					case q.Enterprise >= 0:
						return quota{q.Kind, c.Enterprises()[q.Enterprise].ID}
					case q.Region >= 0:
						return quota{q.Kind, c.Regions()[q.Region].ID}
					}
					return quota{q.Kind, ""}
				}
				for _, want := range tc.needs {
					assert.True(t, slices.ContainsFunc(ie.Needs, func(q matching.Quota) bool { return name(q) == want }),
						"needs lack %v: %v", want, err)
				}
				for _, want := range tc.limits {
					assert.True(t, slices.ContainsFunc(ie.Limits, func(q matching.Quota) bool { return name(q) == want }),
						"limits lack %v: %v", want, err)
				}
				assert.Equal(t, tc.counties, ie.Counties, "%v", err)
				for _, q := range append(slices.Clone(ie.Needs), ie.Limits...) {
					assert.Contains(t, err.Error(), q.Text)
					// Its ID is that of the position, enterprise or
					// region it indexes.
					assert.Equal(t, name(q).id, q.ID, "%+v", q)
				}
			}
			t.Log(err)
		})
	}
}

// TestOptimalCrossingQuotas: an enterprise with a cap across two regions,
// one of which has a cap and other enterprises' positions, is refused by
// name; when the region holds only that enterprise's positions, the
// quotas nest and the optimum keeps both.
func TestOptimalCrossingQuotas(t *testing.T) {
	const base = `{"regions": [{"id": "C1", "kind": "county", "cap": 1}, {"id": "C2", "kind": "county"}],
		"enterprises": [{"id": "E1", "region": "C1", "cap": 2}, {"id": "E2", "region": "C1"}],
		"positions": [{"id": "P1", "enterprise": "E1", "capacity": 2}, {"id": "P2", "enterprise": "E1", "region": "C2", "capacity": 2}%p],
		"students": [{"id": "S1", "choices": ["P1", "P2"]}, {"id": "S2", "choices": ["P1", "P2"]}, {"id": "S3", "choices": ["P1", "P2"%c]}]}`
	c := readCohort(t, strings.NewReplacer("%p", `, {"id": "P3", "enterprise": "E2", "capacity": 1}`, "%c", `, "P3"`).Replace(base))
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	_, err = matching.SolveOptimal(context.Background(), inst, nil)
	var ce *matching.CrossingQuotasError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []matching.Crossing{{Enterprise: "E1", Regions: []string{"C1", "C2"}, Quotas: []string{"C1"}}}, ce.Crossings)
	assert.Contains(t, err.Error(), `enterprise "E1"`)
	assert.Contains(t, err.Error(), `"C1"`)

	c = readCohort(t, strings.NewReplacer("%p", "", "%c", "").Replace(base))
	inst, err = matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	r, err := matching.SolveOptimal(context.Background(), inst, nil)
	require.NoError(t, err)
	verifyOptimal(t, inst, r, matching.RankSum)
	assert.Equal(t, 2, r.Placed())  // the enterprise's cap binds
	assert.Equal(t, 1, r.Fill()[0]) // region C1's cap binds at P1
}

// lexBetter compares two values of one objective: -1 when a is better,
// 1 when b is, 0 when equal.
func lexBetter(a, b []matching.CriterionValue) int {
	for i := range a {
		x, y := a[i].Value, b[i].Value
		if a[i].Maximize {
			x, y = -x, -y
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

// TestOptimalRandomCohorts runs the optimal allocation on synthetic cohorts
// with every policy (the group preset, some reserves holding their seats
// empty, quotas tightened to what a stable allocation meets): every optimum
// passes every checker and its certificate, and is no worse than the
// stable allocation on its objective whenever the stable one meets every
// quota too.
func TestOptimalRandomCohorts(t *testing.T) {
	ctx := context.Background()
	seeds := 8
	if testing.Short() {
		seeds = 2
	}
	compared := 0
	for seed := range uint64(seeds) {
		c, err := synth.Generate(synth.Group(0.05, seed))
		require.NoError(t, err)
		d := c.Data()
		for i := range d.Positions {
			for j := range d.Positions[i].Reserved {
				if (i+j)%2 == 0 {
					d.Positions[i].Reserved[j].Unused = model.StayEmpty
				}
			}
		}
		c, err = model.New(d, nil)
		require.NoError(t, err)
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed})
		require.NoError(t, err)
		stable, err := matching.StudentProposing(ctx, inst, nil)
		require.NoError(t, err)
		// Quotas a stable allocation meets: caps at least its fills (every
		// third one exactly), floors and minimum fills at most.
		fill := stable.Fill()
		ent := make([]int, len(d.Enterprises))
		reg := make([]int, len(d.Regions))
		for p, n := range fill {
			if e := c.PositionEnterprise(p); e >= 0 {
				ent[e] += n
			}
			if r := c.PositionRegion(p); r >= 0 {
				reg[r] += n
			}
		}
		for e := range d.Enterprises {
			if d.Enterprises[e].Cap > 0 || e%3 == 0 {
				d.Enterprises[e].Cap = max(d.Enterprises[e].Cap, ent[e], 1)
				if e%3 == 0 {
					d.Enterprises[e].Cap = max(ent[e], 1)
				}
			}
		}
		for r := range d.Regions {
			if d.Regions[r].Cap > 0 {
				d.Regions[r].Cap = max(d.Regions[r].Cap, reg[r], 1)
			}
			d.Regions[r].Floor = min(d.Regions[r].Floor, reg[r])
			if r%2 == 1 {
				d.Regions[r].Floor = reg[r] / 2
			}
		}
		for p := range d.Positions {
			d.Positions[p].MinFill = min(d.Positions[p].MinFill, fill[p])
			if p%7 == 0 {
				d.Positions[p].MinFill = fill[p] / 2
			}
		}
		c, err = model.New(d, nil)
		require.NoError(t, err)
		inst, err = matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed})
		require.NoError(t, err)
		stable, err = matching.StudentProposing(ctx, inst, nil)
		require.NoError(t, err)
		stableOK := len(matching.CheckQuotas(inst, stable.Placements())) == 0
		for _, obj := range objectives {
			r, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: obj})
			require.NoError(t, err, "seed %d %v", seed, obj)
			verifyOptimal(t, inst, r, obj)
			o, _ := r.Optimum()
			sv, err := matching.ObjectiveValues(ctx, inst, stable.Placements(), obj)
			require.NoError(t, err)
			if stableOK {
				assert.LessOrEqual(t, lexBetter(o.Values, sv), 0, "seed %d %v: optimal %v, stable %v", seed, obj, o.Values, sv)
				compared++
			}
			cmpr, err := matching.Compare(r, stable)
			require.NoError(t, err)
			assert.Equal(t, inst.Students(), cmpr.Better+cmpr.Worse+cmpr.Same)
			assert.Equal(t, [2]int{r.Placed(), stable.Placed()}, cmpr.Placed)
			for _, f := range cmpr.BlockingPairs {
				assert.Equal(t, matching.BlockingPair, f.Kind)
			}
			if obj == matching.RankSum {
				assert.GreaterOrEqual(t, r.Placed(), stable.Placed()*map[bool]int{true: 1, false: 0}[stableOK])
			}
		}
	}
	t.Logf("%d comparisons with a stable allocation that meets every quota", compared)
	require.Greater(t, compared, seeds) // most cohorts are compared
}

// TestOptimalCancel: a cancelled context stops the solve with its error.
func TestOptimalCancel(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.2, 1))
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: matching.RankMaximal})
	require.ErrorIs(t, err, context.Canceled)
	err = matching.CheckCertificate(ctx, inst, nil, matching.RankSum, matching.Certificate{})
	require.Error(t, err)
}

// TestCertificateRejects: the certificate check fails an allocation that
// is feasible but not optimal, potentials of the wrong length, and phases
// that do not match the objective.
func TestCertificateRejects(t *testing.T) {
	ctx := context.Background()
	c := readCohort(t, `{"positions": [{"id": "P1", "capacity": 1}, {"id": "P2", "capacity": 1}],
		"students": [{"id": "S1", "choices": ["P1", "P2"]}, {"id": "S2", "choices": ["P1"]}]}`)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.SolveOptimal(ctx, inst, nil)
	require.NoError(t, err)
	o, _ := r.Optimum()
	require.NoError(t, matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankSum, o.Certificate))
	assert.Equal(t, []matching.CriterionValue{{Name: "unplaced", Value: 0}, {Name: "total rank", Value: 3}}, o.Values)

	worse := []matching.Placement{{Student: 0, Position: 0}, {Student: 1, Position: -1}} // S1 takes P1: S2 left out
	assert.Empty(t, matching.CheckQuotas(inst, worse))
	err = matching.CheckCertificate(ctx, inst, worse, matching.RankSum, o.Certificate)
	assert.ErrorIs(t, err, matching.ErrCertificate)

	short := o.Certificate
	short.Phases = []matching.CertificatePhase{{Criteria: short.Phases[0].Criteria, Potentials: short.Phases[0].Potentials[1:]}}
	assert.ErrorIs(t, matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankSum, short), matching.ErrCertificate)
	assert.ErrorIs(t, matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankMaximal, o.Certificate), matching.ErrCertificate)

	zero := matching.Certificate{Phases: []matching.CertificatePhase{{Criteria: o.Certificate.Phases[0].Criteria,
		Potentials: make([]int64, len(o.Certificate.Phases[0].Potentials))}}}
	err = matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankSum, zero)
	assert.ErrorIs(t, err, matching.ErrCertificate)
	assert.False(t, errors.Is(err, context.Canceled))
}

// TestOptimalResultFile: an optimal result's file carries its objective,
// values and certificate, reads back to the same, and the certificate
// read back still proves the placements read back optimal.
func TestOptimalResultFile(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	for _, obj := range objectives {
		r, err := matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: obj})
		require.NoError(t, err)
		var buf strings.Builder
		require.NoError(t, matching.WriteResultJSON(&buf, r, nil))
		assert.Contains(t, buf.String(), `"mechanism": "optimal"`)
		assert.Contains(t, buf.String(), `"objective": "`+obj.String()+`"`)
		rf, err := matching.ReadResultJSON(strings.NewReader(buf.String()), c)
		require.NoError(t, err)
		o, _ := r.Optimum()
		assert.Equal(t, obj.String(), rf.Objective)
		assert.Equal(t, o.Values, rf.ObjectiveValue)
		require.NotNil(t, rf.Certificate)
		assert.Equal(t, o.Certificate, *rf.Certificate)
		require.NoError(t, matching.CheckCertificate(ctx, inst, rf.Placements, obj, *rf.Certificate))
		for _, u := range r.Unplaced() {
			if u.Reason != matching.EmptyList && u.Reason != matching.NoEligibleChoice && u.Reason != matching.NotRanked {
				assert.Equal(t, matching.NotSelected, u.Reason)
			}
		}
	}
	// A stable result's file has none of it.
	s, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	var buf strings.Builder
	require.NoError(t, matching.WriteResultJSON(&buf, s, nil))
	assert.NotContains(t, buf.String(), "certificate")
	rf, err := matching.ReadResultJSON(strings.NewReader(buf.String()), c)
	require.NoError(t, err)
	assert.Nil(t, rf.Certificate)
	assert.Empty(t, rf.Objective)
}

// TestOptimalProgress: Progress is called once a phase, with the criteria
// of the phase and those left, and the phases match the certificate.
func TestOptimalProgress(t *testing.T) {
	c := readCohort(t, `{"positions": [{"id": "P1", "capacity": 1}, {"id": "P2", "capacity": 1}, {"id": "P3", "capacity": 1}],
		"students": [{"id": "S1", "choices": ["P1", "P2", "P3"]}, {"id": "S2", "choices": ["P1", "P2"]}, {"id": "S3", "choices": ["P2", "P1"]}]}`)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	defer matching.SetMaxPhaseWeight(1)()
	var got []matching.OptimalProgress
	r, err := matching.SolveOptimal(context.Background(), inst, &matching.OptimalOptions{Objective: matching.RankMaximal,
		Progress: func(p matching.OptimalProgress) { got = append(got, p) }})
	require.NoError(t, err)
	o, _ := r.Optimum()
	require.Len(t, got, len(o.Certificate.Phases))
	require.Len(t, got, 3)
	for i, p := range got {
		assert.Equal(t, i+1, p.Phase)
		assert.Equal(t, o.Certificate.Phases[i].Criteria, p.Criteria)
		assert.Equal(t, 2-i, p.Left)
	}
	verifyOptimal(t, inst, r, matching.RankMaximal)
	assert.Equal(t, []int{2, 0, 1}, r.ByRank()) // S2 and S3 first, S1 third
}

// TestPoolCost checks the cost of the pool arc through which students who
// stay unplaced reach the sink: the least cost of staying unplaced of the
// students with a choice to make, even when a student without any
// acceptable pair (whose staying costs nothing) may stay unplaced too, and
// the optimum still checks out then.
func TestPoolCost(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 7))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	full, err := matching.PoolCost(ctx, inst, matching.RankSum)
	require.NoError(t, err)
	require.Positive(t, full)
	checkPoolArcs(t, inst, matching.RankSum)

	// Under rank-maximal, students' costs of staying unplaced differ once
	// a first choice is not acceptable (the first pair then has rank 2):
	// one student's first choice asks for a score just above theirs.
	// (In the first phase of rank-sum and generous they are all the same.)
	d3 := c.Data()
	s3 := slices.IndexFunc(d3.Students, func(st model.Student) bool { return !st.SpecialPost && len(st.Choices) >= 2 })
	p3 := slices.IndexFunc(d3.Positions, func(p model.Position) bool { return p.ID == d3.Students[s3].Choices[0] })
	require.False(t, d3.Positions[p3].SpecialPost)
	d3.Positions[p3].MinScore = math.Nextafter(d3.Students[s3].Score, math.Inf(1))
	c3, err := model.New(d3, nil)
	require.NoError(t, err)
	inst3, err := matching.Compile(ctx, c3, nil)
	require.NoError(t, err)
	_, ranks3 := inst3.Acceptable(s3)
	require.Equal(t, 2, ranks3[0], "the first choice is no longer acceptable")
	for _, obj := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		most := checkPoolArcs(t, inst3, obj)
		if obj == matching.RankMaximal {
			require.Positive(t, most, "%v: the students' costs of staying unplaced differ", obj)
		}
	}

	d := c.Data()
	s := slices.IndexFunc(d.Students, func(st model.Student) bool { return !st.SpecialPost })
	d.Students[s].Choices = nil
	c2, err := model.New(d, nil)
	require.NoError(t, err)
	inst2, err := matching.Compile(ctx, c2, nil)
	require.NoError(t, err)
	_, ranks := inst2.Acceptable(s)
	require.Empty(t, ranks)
	pool, err := matching.PoolCost(ctx, inst2, matching.RankSum)
	require.NoError(t, err)
	require.Positive(t, pool, "a student without pairs brings the pool's cost to 0")
	checkPoolArcs(t, inst2, matching.RankSum)
	for _, obj := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		r, err := matching.SolveOptimal(ctx, inst2, &matching.OptimalOptions{Objective: obj})
		require.NoError(t, err, "%v", obj)
		verifyOptimal(t, inst2, r, obj)
		require.Equal(t, -1, r.Position(s))
	}
}

// checkPoolArcs checks, on the exported network of obj's first phase for
// inst, what makes the pool arc's cost (PoolCost) the least cost of
// staying unplaced among the students with an acceptable pair: the pool
// arc costs that, and those students' unplaced arcs, which carry what
// their staying costs beyond it, cost 0 or more, at least one of them
// exactly 0. It returns the greatest of those unplaced arcs' costs.
func checkPoolArcs(t *testing.T, inst *matching.Instance, obj matching.Objective) int64 {
	t.Helper()
	ctx := context.Background()
	pool, err := matching.PoolCost(ctx, inst, obj)
	require.NoError(t, err)
	ex, err := matching.ExportNetwork(ctx, inst, obj)
	require.NoError(t, err)
	net := ex.Network
	pn := -1
	for v := range net.NumNodes() {
		if net.Name(v) == "students left unplaced" {
			pn = v
		}
	}
	require.NotEqual(t, -1, pn, "no pool node")
	least, most := int64(math.MaxInt64), int64(0)
	for a := range net.NumArcs() {
		from, to, _, _, cost := net.Arc(a)
		switch {
		case from == pn:
			require.Equal(t, pool, cost, "%v: the pool arc's cost", obj)
		case to == pn:
			if _, ranks := inst.Acceptable(from); len(ranks) > 0 {
				require.GreaterOrEqual(t, cost, int64(0), "%v: student %d's unplaced arc", obj, from)
				least, most = min(least, cost), max(most, cost)
			}
		}
	}
	require.Zero(t, least, "%v: the least unplaced arc beyond the pool's cost (MaxInt64: none)", obj)
	return most
}

// TestOldCertificate checks that a certificate of the network before it had
// the pool node (one potential fewer) still proves an optimum, and that
// one changed potential still fails it, on the group preset, where the
// pool arc carries flow. The old certificate is made here by dropping the
// pool's potential (OldCertificate), the inverse of what CheckCertificate
// does; files that the solver really wrote before the pool node are checked
// by cmd/placement's TestCheckBeforePool.
func TestOldCertificate(t *testing.T) {
	ctx := context.Background()
	c := group(t)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.SolveOptimal(ctx, inst, nil)
	require.NoError(t, err)
	require.Less(t, r.Placed(), len(c.Students()), "some students must stay unplaced: the pool arc carries flow")
	o, _ := r.Optimum()
	old, err := matching.OldCertificate(ctx, inst, o.Certificate)
	require.NoError(t, err)
	require.Len(t, old.Phases[0].Potentials, len(o.Certificate.Phases[0].Potentials)-1)
	require.NoError(t, matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankSum, old))
	for _, v := range []int{0, len(old.Phases[0].Potentials) - 1} {
		bad := old
		bad.Phases = []matching.CertificatePhase{{Criteria: old.Phases[0].Criteria, Potentials: slices.Clone(old.Phases[0].Potentials)}}
		bad.Phases[0].Potentials[v] += 7
		require.ErrorIs(t, matching.CheckCertificate(ctx, inst, r.Placements(), matching.RankSum, bad), matching.ErrCertificate, "potential %d changed", v)
	}
}
