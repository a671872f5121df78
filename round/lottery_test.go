package round_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/round"
)

// withLate returns c's data with k late students (copies of c's first
// students under new IDs) inserted at index at (at = NumStudents:
// appended).
func withLate(t *testing.T, c *model.Cohort, k, at int) *model.Cohort {
	t.Helper()
	d := c.Data()
	var late []model.Student
	for i := range k {
		s := d.Students[i]
		s.ID = fmt.Sprintf("LATE%03d", i)
		late = append(late, s)
	}
	d.Students = slices.Insert(slices.Clone(d.Students), at, late...)
	next, err := model.New(d, nil)
	require.NoError(t, err)
	return next
}

// drawOrder checks, at position p, that the students of the previous
// round (IDs of prev) keep their order of draws in inst (same) or reverse
// it (flip) against main, and that every other student of inst draws
// after all of them.
func drawOrder(t *testing.T, name string, main, inst *matching.Instance, p int, flip bool) {
	t.Helper()
	c0, c := main.Cohort(), inst.Cohort()
	olds := make([]int, c0.NumStudents()) // main's students by main draw
	for s := range olds {
		olds[s] = s
	}
	slices.SortFunc(olds, func(a, b int) int {
		if d := cmp.Compare(main.Lottery(a, p), main.Lottery(b, p)); d != 0 {
			return d
		}
		return a - b
	})
	isOld := make([]bool, c.NumStudents())
	maxOld := uint64(0)
	var prev uint64
	for i, s0 := range olds {
		s, ok := c.StudentIndex(c0.Students()[s0].ID)
		require.True(t, ok)
		isOld[s] = true
		d := inst.Lottery(s, p)
		maxOld = max(maxOld, d)
		if i > 0 && (d > prev) == flip {
			t.Fatalf("%s: at position %d, %s draws %d after %d: the previous round's order is not %s", name, p, c.Students()[s].ID, d, prev, map[bool]string{false: "kept", true: "reversed"}[flip])
		}
		prev = d
	}
	for s := range c.NumStudents() {
		if !isOld[s] && inst.Lottery(s, p) <= maxOld {
			t.Fatalf("%s: new student %s draws %d at position %d, before a student of the previous round (%d)", name, c.Students()[s].ID, inst.Lottery(s, p), p, maxOld)
		}
	}
}

// TestRoundDrawFollowsStudents: the group preset with late students
// appended or inserted in the middle, under both tie-breaks: "same" keeps
// every previous student's place in the draw, "reversed" reverses it in
// round 2 and gives back round 1's in round 3, and the late students draw
// after everyone of the previous round; a cohort that reorders the
// previous round's students is refused, located, in English and Chinese.
func TestRoundDrawFollowsStudents(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	n := c.NumStudents()
	for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		co := matching.CompileOptions{TieBreak: tb, Seed: 5}
		main, err := matching.Compile(ctx, c, &co)
		require.NoError(t, err)
		r1, err := matching.StudentProposing(ctx, main, nil)
		require.NoError(t, err)
		for _, at := range []int{n, n / 2} {
			next := withLate(t, c, 7, at)
			prev := roundTrip(t, r1, next)
			for _, rule := range []matching.LotteryRule{matching.SameLottery, matching.ReversedLottery} {
				name := fmt.Sprintf("%v, late at %d, %v", tb, at, rule)
				rc, rnd, err := round.Prepare(ctx, next, prev, nil, &round.Options{Lottery: rule, Unplaced: model.Continue})
				require.NoError(t, err, name)
				for s := range next.NumStudents() {
					want := 1
					if strings.HasPrefix(next.Students()[s].ID, "LATE") {
						want = 2
					}
					require.Equal(t, want, rnd.Standings[s].Joined, name)
				}
				o := co
				o.Round = rnd
				inst, err := matching.Compile(ctx, rc, &o)
				require.NoError(t, err, name)
				for p := range 4 {
					drawOrder(t, name, main, inst, p, rule == matching.ReversedLottery)
				}
			}
		}

		// Round 3 under the default, reversed: with no student added
		// between the rounds, round 2 reverses round 1 and round 3 gives
		// round 1's draw back (so reverses round 2's).
		prev := roundTrip(t, r1, c)
		rc2, rnd2, err := round.Prepare(ctx, c, prev, nil, nil)
		require.NoError(t, err)
		o := co
		o.Round = rnd2
		inst2, err := matching.Compile(ctx, rc2, &o)
		require.NoError(t, err)
		r2, err := matching.StudentProposing(ctx, inst2, nil)
		require.NoError(t, err)
		prev2 := roundTrip(t, r2, rc2)
		rc3, rnd3, err := round.Prepare(ctx, rc2, prev2, nil, nil)
		require.NoError(t, err)
		require.Equal(t, 3, rnd3.Number)
		o.Round = rnd3
		inst3, err := matching.Compile(ctx, rc3, &o)
		require.NoError(t, err)
		for p := range 4 {
			drawOrder(t, fmt.Sprintf("%v round 2", tb), main, inst2, p, true)
			drawOrder(t, fmt.Sprintf("%v round 3", tb), main, inst3, p, false)
			drawOrder(t, fmt.Sprintf("%v round 3 against 2", tb), inst2, inst3, p, true)
		}
		// With late students in round 3 too, they come last again.
		next3 := withLate(t, rc2, 3, 10)
		rc3, rnd3, err = round.Prepare(ctx, next3, roundTrip(t, r2, next3), nil, nil)
		require.NoError(t, err)
		o.Round = rnd3
		inst3, err = matching.Compile(ctx, rc3, &o)
		require.NoError(t, err)
		for p := range 4 {
			drawOrder(t, fmt.Sprintf("%v round 3 with late students", tb), main, inst3, p, false)
		}
	}

	// Two placed students of round 1 swapped in the next cohort: refused,
	// at the student, in both languages.
	main, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, main, nil)
	require.NoError(t, err)
	var placed []int
	for s := range n {
		if r1.Position(s) >= 0 {
			placed = append(placed, s)
		}
	}
	d := c.Data()
	a, b := placed[3], placed[4]
	d.Students[a], d.Students[b] = d.Students[b], d.Students[a]
	swapped, err := model.New(d, nil)
	require.NoError(t, err)
	_, _, err = round.Prepare(ctx, swapped, roundTrip(t, r1, swapped), nil, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Len(t, pe.Problems, 1)
	p := pe.Problems[0]
	assert.Equal(t, round.PreviousOrder, p.Kind)
	assert.Equal(t, round.Cohort, p.Source)
	idA, idB := c.Students()[a].ID, c.Students()[b].ID
	assert.Equal(t, []string{idB, idA}, p.Students)
	en, zh := p.Text(lang.English), p.Text(lang.Chinese)
	assert.Contains(t, en, fmt.Sprintf("next cohort, student %q: the cohort's students are not in the previous round's order (%q before %q)", idB, idB, idA))
	assert.Contains(t, zh, fmt.Sprintf("（%q 排在 %q 之前）", idB, idA))
	assert.Contains(t, zh, "本轮分配数据")
}

// TestCheckSameDraw: a round result whose seed, tie-break or reserve
// order is not the previous result's is refused as a broken chain, in
// English and Chinese (a round re-run under another seed until a
// favoured student wins would otherwise pass).
func TestCheckSameDraw(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	l2 := nextRound(t, c, r1, 1, matching.StudentDA)
	f, err := round.Check(ctx, c, l2.file, l2.prev, l2.resp, nil)
	require.NoError(t, err)
	require.Empty(t, findingsText(f))
	for _, tc := range []struct {
		what string
		edit func(f *matching.ResultFile)
		zh   string
	}{
		{"seed", func(f *matching.ResultFile) { f.Seed = 12345 }, "随机种子是 12345，上轮结果使用的是 0"},
		{"tie-break", func(f *matching.ResultFile) { f.TieBreak = "multiple" }, "抽签方式是 multiple，上轮结果使用的是 single"},
		{"reserve order", func(f *matching.ResultFile) { f.ReserveOrder = "open-first" }, "名额顺序是 open-first"},
	} {
		edited := *l2.file
		tc.edit(&edited)
		_, err := round.Check(ctx, c, &edited, l2.prev, l2.resp, nil)
		var ce *round.ChainError
		require.ErrorAs(t, err, &ce, tc.what)
		require.ErrorIs(t, err, round.ErrChain)
		assert.Equal(t, tc.what, ce.What)
		assert.Contains(t, err.Error(), "the result was computed with "+tc.what)
		assert.Contains(t, ce.Text(lang.Chinese), tc.zh)
	}
	// An empty tie-break and reserve order in the previous file are the
	// defaults: the same as single and reserved-first.
	old := *l2.prev
	old.TieBreak, old.ReserveOrder = "", ""
	_, err = round.Check(ctx, c, l2.file, &old, l2.resp, nil)
	require.NoError(t, err)
}

// TestRoundNumberBound: a previous result claiming round MaxInt is
// refused (the next round's number would overflow), located at the
// previous result; Check refuses it too.
func TestRoundNumberBound(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	prev := roundTrip(t, r1, c)
	prev.Round.Number = math.MaxInt
	_, _, err = round.Prepare(ctx, c, prev, nil, nil)
	var pe *round.ProblemsError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.Len(t, pe.Problems, 1)
	assert.Equal(t, round.BadRound, pe.Problems[0].Kind)
	assert.Equal(t, round.Previous, pe.Problems[0].Source)
	assert.Contains(t, pe.Problems[0].Text(lang.English), "previous result: the previous result says it is round ")
	assert.Contains(t, pe.Problems[0].Text(lang.Chinese), "不是有效的轮次")

	l2 := nextRound(t, c, r1, 1, matching.StudentDA)
	file := *l2.file
	file.Round.Number = math.MinInt
	old := *l2.prev
	old.Round.Number = math.MaxInt
	_, err = round.Check(ctx, c, &file, &old, l2.resp, nil)
	require.Error(t, err)
}
