package whatif_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/whatif"
)

// scenario applies a change file to c and solves both cohorts with mech.
func scenario(t *testing.T, c *model.Cohort, changes string, mech matching.Mechanism) (base, changed *matching.Result, ch *whatif.Changes) {
	t.Helper()
	ch, err := whatif.ReadChanges(strings.NewReader(changes), "changes.json")
	require.NoError(t, err)
	cc, err := whatif.Apply(c, ch, nil)
	require.NoError(t, err)
	ctx := context.Background()
	opts := &matching.CompileOptions{Seed: 3}
	solve := func(c *model.Cohort) *matching.Result {
		inst, err := matching.Compile(ctx, c, opts)
		require.NoError(t, err)
		var r *matching.Result
		if mech == matching.OptimalAllocation {
			r, err = matching.SolveOptimal(ctx, inst, nil)
		} else {
			r, err = matching.Solve(ctx, inst, mech, nil)
		}
		require.NoError(t, err)
		return r
	}
	return solve(c), solve(cc), ch
}

// solveBoth solves two cohorts with student-proposing deferred
// acceptance; nil results when the caps cross.
func solveBoth(t *testing.T, a, b *model.Cohort) (*matching.Result, *matching.Result) {
	t.Helper()
	var out [2]*matching.Result
	for i, c := range []*model.Cohort{a, b} {
		inst, err := matching.Compile(context.Background(), c, nil)
		require.NoError(t, err)
		if inst.CapsError() != nil {
			return nil, nil
		}
		out[i], err = matching.StudentProposing(context.Background(), inst, nil)
		require.NoError(t, err)
		require.Empty(t, matching.CheckResult(out[i]))
	}
	return out[0], out[1]
}

// consistent checks that a diff's summary agrees with its lists and with
// the two results.
func consistent(t *testing.T, d *whatif.Diff, base, changed *matching.Result) {
	t.Helper()
	s := d.Summary
	assert.Equal(t, len(d.Moves), s.Moved)
	assert.Equal(t, s.Moved, s.Better+s.Worse)
	assert.Equal(t, len(d.Withdrawn), s.Withdrawn)
	assert.Equal(t, len(d.Fills), s.FillChanged)
	better, placed, unplaced, held := 0, 0, 0, 0
	for _, m := range d.Moves {
		assert.NotEqual(t, m.From, m.To, m.Student)
		assert.NotEmpty(t, m.Why, m.Student)
		if m.Better {
			better++
		}
		if m.From == "" {
			placed++
		}
		if m.To == "" {
			unplaced++
		}
	}
	for _, w := range d.Withdrawn {
		if w.Position != "" {
			held++
		}
	}
	assert.Equal(t, better, s.Better)
	assert.Equal(t, placed, s.NewlyPlaced)
	assert.Equal(t, unplaced, s.NewlyUnplaced)
	assert.Equal(t, held, s.WithdrawnPlaced)
	assert.Equal(t, base.Placed(), s.PlacedBefore)
	assert.Equal(t, changed.Placed(), s.PlacedAfter)
	assert.Equal(t, s.PlacedBefore-s.WithdrawnPlaced+s.NewlyPlaced-s.NewlyUnplaced, s.PlacedAfter,
		"placed after = placed before - withdrawn who held a place + newly placed - newly unplaced")
}

// TestCompare runs three scenarios on the tiny cohort under each mechanism
// and compares the diffs, as text, with testdata/diff.golden.
func TestCompare(t *testing.T) {
	c := tiny(t)
	scenarios := []struct{ name, changes string }{
		{"withdraw the top student", `{"name": "A withdraws", "changes": [{"students": ["A"], "withdraw": true}]}`},
		{"raise the caps", `{"name": "caps raised", "changes": [{"enterprise": "E1", "cap": 3}, {"region": "OUT", "cap": 3}]}`},
		{"withdraw a position", `{"name": "Q1 withdrawn", "changes": [{"position": "Q1", "withdraw": true}, {"position": "P2", "seats": 1}]}`},
	}
	var b strings.Builder
	for _, sc := range scenarios {
		for _, mech := range []matching.Mechanism{matching.StudentDA, matching.PositionDA, matching.OptimalAllocation} {
			base, changed, ch := scenario(t, c, sc.changes, mech)
			d, err := whatif.Compare(base, changed, ch)
			require.NoError(t, err)
			consistent(t, d, base, changed)
			b.WriteString("== " + sc.name + "\n")
			require.NoError(t, d.WriteText(&b, 0))
		}
	}
	checkGolden(t, "diff.golden", b.String())
}

func TestCompareWithdrawnNotUnplaced(t *testing.T) {
	c := tiny(t)
	base, changed, ch := scenario(t, c, `{"changes": [{"students": ["A", "D"], "withdraw": true}]}`, matching.StudentDA)
	require.GreaterOrEqual(t, base.Position(0), 0, "A is placed in the base")
	d, err := whatif.Compare(base, changed, ch)
	require.NoError(t, err)
	assert.Equal(t, 2, d.Summary.Withdrawn)
	assert.Equal(t, 0, d.Summary.NewlyUnplaced, "withdrawn students are not counted as unplaced")
	for _, m := range d.Moves {
		assert.NotContains(t, []string{"A", "D"}, m.Student)
	}
	var buf bytes.Buffer
	require.NoError(t, d.WriteJSON(&buf))
	var got map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, "placement-whatif/1", got["format"])
	assert.Len(t, got["withdrawn"], 2)
}

func TestCompareRefusesOtherCohorts(t *testing.T) {
	c := tiny(t)
	other, err := model.ReadJSON(strings.NewReader(`{"positions": [{"id": "P1", "capacity": 1}], "students": [{"id": "A", "choices": ["P1"]}]}`), "other.json", nil)
	require.NoError(t, err)
	ctx := context.Background()
	solve := func(c *model.Cohort, m matching.Mechanism) *matching.Result {
		inst, err := matching.Compile(ctx, c, nil)
		require.NoError(t, err)
		r, err := matching.Solve(ctx, inst, m, nil)
		require.NoError(t, err)
		return r
	}
	_, err = whatif.Compare(solve(c, matching.StudentDA), solve(other, matching.StudentDA), nil)
	assert.ErrorContains(t, err, "not made by Apply")
	_, err = whatif.Compare(solve(c, matching.StudentDA), solve(c, matching.PositionDA), nil)
	assert.ErrorContains(t, err, "position-da")
}

// TestNaiveRemovalRedrawsLottery is the reason Apply keeps withdrawn
// students: taking one out of the cohort shifts the indices the lottery is
// drawn over, and reorders students of equal score who have nothing to do
// with the withdrawal. Apply leaves their order alone.
func TestNaiveRemovalRedrawsLottery(t *testing.T) {
	d := model.Data{Positions: []model.Position{{ID: "P", Capacity: 1}}}
	for _, id := range []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"} {
		d.Students = append(d.Students, model.Student{ID: id, Score: 50, Choices: []string{"P"}})
	}
	c, err := model.New(d, nil)
	require.NoError(t, err)
	ctx := context.Background()
	order := func(c *model.Cohort, seed uint64) []string {
		inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: seed})
		require.NoError(t, err)
		out := make([]string, len(c.Students()))
		n := 0
		for s, st := range c.Students() {
			if k, ok := inst.Priority(s, 0); ok {
				out[k] = st.ID
				n++
			}
		}
		return out[:n]
	}
	without := func(list []string, id string) []string {
		var out []string
		for _, x := range list {
			if x != id {
				out = append(out, x)
			}
		}
		return out
	}
	naiveData := c.Data()
	naiveData.Students = naiveData.Students[1:]
	naive, err := model.New(naiveData, nil)
	require.NoError(t, err)
	ch := &whatif.Changes{Entries: []whatif.Entry{{Students: []string{"s1"}, Withdraw: true}}}
	kept, err := whatif.Apply(c, ch, nil)
	require.NoError(t, err)
	reordered := 0
	for seed := range uint64(20) {
		want := without(order(c, seed), "s1")
		assert.Equal(t, want, order(kept, seed), "seed %d: Apply keeps the order", seed)
		if got := order(naive, seed); !assert.ObjectsAreEqual(want, got) {
			reordered++
		}
	}
	assert.Greater(t, reordered, 10, "removing the student outright redraws the lottery")
}

// TestCapsFreedOnlyFullCaps: on the group preset with forty students
// withdrawn, a move put down to places freed under a cap names only caps
// that were full before, and at most as many places as students left the
// positions under the cap for good.
func TestCapsFreedOnlyFullCaps(t *testing.T) {
	c, err := synth.Generate(synth.Group(1, 2026))
	require.NoError(t, err)
	var ids []string
	for s := 0; s < len(c.Students()); s += len(c.Students()) / 40 {
		ids = append(ids, fmt.Sprintf("%q", c.Students()[s].ID))
	}
	changes := `{"format": "placement-changes/1", "changes": [{"students": [` + strings.Join(ids, ",") + `], "withdraw": true}]}`
	base, changed, ch := scenario(t, c, changes, matching.StudentDA)
	d, err := whatif.Compare(base, changed, ch)
	require.NoError(t, err)
	full := map[string]bool{}
	for _, u := range base.Caps() {
		if u.Enterprise >= 0 && u.Placed == u.Cap {
			full[c.Enterprises()[u.Enterprise].ID] = true
		}
	}
	cited := regexp.MustCompile(`(\d+) place\(s\) under enterprise (\S+)'s cap`)
	n := 0
	for _, m := range d.Moves {
		for _, g := range cited.FindAllStringSubmatch(m.Why, -1) {
			n++
			require.True(t, full[g[2]], "%s: %s was not full before", m.Student, g[2])
			left := 0
			e, _ := c.EnterpriseIndex(g[2])
			for s := range c.Students() {
				if p := base.Position(s); p >= 0 && c.PositionEnterprise(p) == e {
					if q := changed.Position(s); q < 0 || c.PositionEnterprise(q) != e {
						left++
					}
				}
			}
			require.Equal(t, strconv.Itoa(left), g[1], "%s: %s", m.Student, m.Why)
		}
	}
	t.Logf("%d moves, %d citing a freed enterprise cap", len(d.Moves), n)
	require.Positive(t, n)
}
