package matching_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// synthCohort generates a cohort of 1,000 students and makes it harder:
// some positions get an explicit ranking of part of their applicants, some
// a minimum score that makes choices ineligible, and scores are coarsened so
// that ties are common.
func synthCohort(t testing.TB, seed uint64, group bool) *model.Cohort {
	cfg := synth.Config{Seed: seed, Students: 1000, Positions: 80, MinChoices: 1, MaxChoices: 12}
	if group {
		cfg = synth.Group(0.2, seed)
	}
	c, err := synth.Generate(cfg)
	require.NoError(t, err)
	d := c.Data()
	rng := rand.New(rand.NewPCG(seed, 99))
	for i := range d.Students {
		d.Students[i].Score = float64(int(d.Students[i].Score) / 50 * 50)
	}
	for i := range d.Positions {
		p := &d.Positions[i]
		switch rng.IntN(6) {
		case 0:
			p.Ranking = []string{}
			for _, j := range rng.Perm(len(d.Students)) {
				if rng.IntN(3) > 0 && !d.Students[j].SpecialPost {
					p.Ranking = append(p.Ranking, d.Students[j].ID)
				}
			}
		case 1:
			if !p.SpecialPost {
				p.MinScore = 500
			}
		}
	}
	c, err = model.New(d, nil)
	require.NoError(t, err)
	return c
}

// TestSynthetic runs both mechanisms under both tie-breaks on synthetic
// cohorts and checks every result, and that every student weakly prefers
// the student-optimal matching to the position-optimal one.
func TestSynthetic(t *testing.T) {
	ctx := context.Background()
	seeds := 6
	if testing.Short() {
		seeds = 2
	}
	for seed := range uint64(seeds) {
		c := synthCohort(t, seed+1, seed%2 == 1)
		for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
			inst, err := matching.Compile(ctx, c, &matching.CompileOptions{TieBreak: tb, Seed: seed})
			require.NoError(t, err)
			sr, err := matching.StudentProposing(ctx, inst, nil)
			require.NoError(t, err)
			pr, err := matching.PositionProposing(ctx, inst, nil)
			require.NoError(t, err)
			for _, r := range []*matching.Result{sr, pr} {
				require.Empty(t, matching.CheckResult(r), "seed %d %v %v", seed, tb, r.Mechanism())
				require.Positive(t, r.Placed())
			}
			require.Equal(t, sr.Fill(), pr.Fill(), "rural hospitals: fills differ")
			differ := 0
			for s := range inst.Students() {
				if sr.Position(s) != pr.Position(s) {
					differ++
					require.Positive(t, sr.Rank(s))
					if pr.Rank(s) != 0 {
						require.Less(t, sr.Rank(s), pr.Rank(s), "student %d", s)
					}
				}
			}
			t.Logf("seed %d %v: %d pairs, %d placed, %d students better off under student-da", seed, tb, inst.Pairs(), sr.Placed(), differ)
		}
	}
}

// TestCheckFindsFaults corrupts a valid result in each way the checkers know
// and expects the matching finding.
func TestCheckFindsFaults(t *testing.T) {
	ctx := context.Background()
	c := synthCohort(t, 3, false)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	good := r.Placements()
	require.Empty(t, matching.Check(inst, good))

	placed, unplaced := -1, -1
	for s, pl := range good {
		if pl.Position >= 0 && placed < 0 && pl.Rank > 1 {
			placed = s
		}
		if pl.Position < 0 && unplaced < 0 && r.Reason(s) == matching.Rejected {
			unplaced = s
		}
	}
	require.True(t, placed >= 0 && unplaced >= 0)
	notListed := -1
	for p := range c.Positions() {
		listed := false
		for _, q := range c.Choices(placed) {
			listed = listed || int(q) == p
		}
		if !listed {
			notListed = p
			break
		}
	}
	full := good[placed].Position

	for _, tc := range []struct {
		name   string
		mutate func([]matching.Placement) []matching.Placement
		want   matching.FindingKind
	}{
		{"missing", func(pl []matching.Placement) []matching.Placement {
			return append(pl[:placed:placed], pl[placed+1:]...)
		}, matching.Missing},
		{"duplicate", func(pl []matching.Placement) []matching.Placement { return append(pl, pl[placed]) }, matching.Duplicate},
		{"not chosen", func(pl []matching.Placement) []matching.Placement {
			pl[placed].Position, pl[placed].Rank = notListed, 0
			return pl
		}, matching.NotChosen},
		{"wrong rank", func(pl []matching.Placement) []matching.Placement { pl[placed].Rank++; return pl }, matching.WrongRank},
		{"blocking pair after unplacing", func(pl []matching.Placement) []matching.Placement {
			pl[placed].Position, pl[placed].Rank = -1, 0
			return pl
		}, matching.BlockingPair},
		{"over capacity", func(pl []matching.Placement) []matching.Placement {
			// Every acceptable choice of the unplaced student is full;
			// put them at the first one anyway.
			pos, ranks := inst.Acceptable(unplaced)
			pl[unplaced].Position, pl[unplaced].Rank = pos[0], ranks[0]
			return pl
		}, matching.OverCapacity},
		{"unknown index", func(pl []matching.Placement) []matching.Placement {
			return append(pl, matching.Placement{Student: len(pl) + 5, Position: full})
		}, matching.UnknownIndex},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := tc.mutate(append([]matching.Placement(nil), good...))
			found := false
			for _, f := range matching.Check(inst, pl) {
				found = found || f.Kind == tc.want
			}
			require.True(t, found, "no %v finding", tc.want)
		})
	}
}

// TestDeterministic writes the same results twice and under different
// GOMAXPROCS settings and expects the same bytes.
func TestDeterministic(t *testing.T) {
	run := func() []byte {
		var buf bytes.Buffer
		for _, group := range []bool{false, true} {
			c := synthCohort(t, 5, group)
			for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
				inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: tb, Seed: 42})
				require.NoError(t, err)
				for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
					r, err := matching.Solve(context.Background(), inst, m, nil)
					require.NoError(t, err)
					require.NoError(t, matching.WriteResultJSON(&buf, r, nil))
				}
			}
		}
		return buf.Bytes()
	}
	first := run()
	prev := runtime.GOMAXPROCS(1)
	one := run()
	runtime.GOMAXPROCS(max(4, prev))
	many := run()
	runtime.GOMAXPROCS(prev)
	require.True(t, bytes.Equal(first, one), "GOMAXPROCS=1 changed the output")
	require.True(t, bytes.Equal(first, many), "GOMAXPROCS=4 changed the output")

	// Another seed gives another lottery.
	c := synthCohort(t, 5, false)
	outs := map[string]bool{}
	for seed := range uint64(3) {
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: seed})
		require.NoError(t, err)
		r, err := matching.StudentProposing(context.Background(), inst, nil)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, matching.WriteResultJSON(&buf, r, nil))
		outs[buf.String()] = true
	}
	require.Len(t, outs, 3, "the seed does not change the lottery")
}

func TestRoundTrip(t *testing.T) {
	c := synthCohort(t, 9, true)
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: matching.MultipleTieBreak, Seed: 3})
	require.NoError(t, err)
	r, err := matching.PositionProposing(context.Background(), inst, nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&buf, r, &matching.WriteOptions{Timings: &matching.Timings{Solve: 1500000}}))
	rf, err := matching.ReadResultJSON(&buf, c)
	require.NoError(t, err)
	require.Equal(t, "position-da", rf.Mechanism)
	require.Equal(t, "multiple", rf.TieBreak)
	require.Equal(t, uint64(3), rf.Seed)
	require.Equal(t, inst.Students(), rf.StudentsTotal)
	require.Len(t, rf.Placements, inst.Students())
	for _, pl := range rf.Placements {
		require.Equal(t, r.Position(pl.Student), pl.Position)
		require.Equal(t, r.Rank(pl.Student), pl.Rank)
	}
	require.Empty(t, matching.Check(inst, rf.Placements))
}

func TestCancel(t *testing.T) {
	c := synthCohort(t, 2, false)
	ctx, cancel := context.WithCancel(context.Background())
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	cancel()
	_, err = matching.Compile(ctx, c, nil)
	require.ErrorIs(t, err, context.Canceled)
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		_, err := matching.Solve(ctx, inst, m, nil)
		require.ErrorIs(t, err, context.Canceled)
		require.Contains(t, err.Error(), "matching: ")
	}
	_, err = matching.Solve(context.Background(), inst, 0, nil)
	require.Error(t, err)
	require.False(t, errors.Is(err, context.Canceled))
}

func TestProgress(t *testing.T) {
	c := synthCohort(t, 2, false)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		var last matching.Progress
		calls := 0
		r, err := matching.Solve(context.Background(), inst, m, &matching.Options{Progress: func(p matching.Progress) {
			calls++
			last = p
		}})
		require.NoError(t, err)
		require.Positive(t, calls)
		require.Equal(t, m, last.Mechanism)
		require.Equal(t, last.Total, last.Done)
		require.Equal(t, r.Proposals(), last.Proposals)
	}
}

// TestCohortUnchanged checks that compiling, solving, checking and writing
// leave the cohort as it was.
func TestCohortUnchanged(t *testing.T) {
	c := synthCohort(t, 4, true)
	var before, after bytes.Buffer
	require.NoError(t, model.WriteJSON(&before, c))
	for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: tb, Seed: 8})
		require.NoError(t, err)
		for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
			r, err := matching.Solve(context.Background(), inst, m, nil)
			require.NoError(t, err)
			require.Empty(t, matching.CheckResult(r))
			require.NoError(t, matching.WriteResultCSV(&bytes.Buffer{}, r))
		}
	}
	require.NoError(t, model.WriteJSON(&after, c))
	require.True(t, bytes.Equal(before.Bytes(), after.Bytes()))
}

// TestInstanceAccessors compares the instance's view of each student with
// the cohort: acceptable positions in list order with their ranks as
// written, and priorities that order the position's acceptable students.
func TestInstanceAccessors(t *testing.T) {
	c := synthCohort(t, 6, false)
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: matching.MultipleTieBreak, Seed: 1})
	require.NoError(t, err)
	require.Equal(t, len(c.Students()), inst.Students())
	require.Equal(t, len(c.Positions()), inst.Positions())
	pairs := 0
	seen := map[[2]int]bool{} // (position, priority) pairs taken
	for s := range inst.Students() {
		pos, ranks := inst.Acceptable(s)
		pairs += len(pos)
		for i, p := range pos {
			require.Equal(t, int32(p), c.Choices(s)[ranks[i]-1])
			require.Equal(t, model.Eligible, c.Eligibility(s, p))
			if i > 0 {
				require.Greater(t, ranks[i], ranks[i-1])
			}
			pr, ok := inst.Priority(s, p)
			require.True(t, ok)
			require.False(t, seen[[2]int{p, pr}], "two students share priority %d at %d", pr, p)
			seen[[2]int{p, pr}] = true
		}
	}
	require.Equal(t, pairs, inst.Pairs())
	for p := range inst.Positions() {
		require.Equal(t, c.Positions()[p].Capacity, inst.Capacity(p))
	}
}
