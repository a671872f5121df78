package round_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
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

// addLate returns c with k late students (copies of c's first students
// under the IDs prefix000, prefix001, ...) inserted at index at.
func addLate(t *testing.T, c *model.Cohort, prefix string, k, at int) *model.Cohort {
	t.Helper()
	d := c.Data()
	var late []model.Student
	for i := range k {
		s := d.Students[i]
		s.ID = fmt.Sprintf("%s%03d", prefix, i)
		late = append(late, s)
	}
	d.Students = slices.Insert(slices.Clone(d.Students), at, late...)
	next, err := model.New(d, nil)
	require.NoError(t, err)
	return next
}

// joinedOf is the round a student of the season below joined, by ID.
func joinedOf(id string) int {
	switch {
	case strings.HasPrefix(id, "LATE2-"):
		return 2
	case strings.HasPrefix(id, "LATE3-"):
		return 3
	}
	return 1
}

// TestSeasonJoinedDraws: a season of four rounds on the group preset,
// with late students appended in round 2 and inserted in the middle in
// round 3, under both tie-breaks. In every round, at every position
// looked at: for every pair of students of one group (the students who
// joined in the same round), "same" keeps their order from the round
// before and "reversed" swaps it, exactly, round after round; the groups
// come in the order they joined (every student of an earlier group draws
// before every student of a later one), under "fresh" too; Prepare gives
// each student the round they joined, which the result files carry in
// every format, and round.Check refuses a file whose joined differs.
func TestSeasonJoinedDraws(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	n := c.NumStudents()
	for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		for _, rule := range []matching.LotteryRule{matching.SameLottery, matching.ReversedLottery, matching.FreshLottery} {
			name := fmt.Sprintf("%v %v", tb, rule)
			co := matching.CompileOptions{TieBreak: tb, Seed: 9}
			inst, err := matching.Compile(ctx, c, &co)
			require.NoError(t, err)
			res, err := matching.StudentProposing(ctx, inst, nil)
			require.NoError(t, err)
			insts := []*matching.Instance{inst}
			cohort := c
			for r := 2; r <= 4; r++ {
				next := cohort
				switch r {
				case 2:
					next = addLate(t, cohort, "LATE2-", 6, cohort.NumStudents())
				case 3:
					next = addLate(t, cohort, "LATE3-", 5, n/2)
				}
				prev := roundTrip(t, res, next)
				rc, rnd, err := round.Prepare(ctx, next, prev, nil, &round.Options{Lottery: rule})
				require.NoError(t, err, name)
				require.Equal(t, r, rnd.Number)
				for s := range rc.NumStudents() {
					require.Equal(t, joinedOf(rc.Students()[s].ID), rnd.Standings[s].Joined, "%s round %d %s", name, r, rc.Students()[s].ID)
				}
				rr, err := round.Run(ctx, rc, rnd, prev, &round.RunOptions{Mechanism: matching.StudentDA, Compile: co})
				require.NoError(t, err, name)
				cur := rr.Matching().Instance()
				before := insts[len(insts)-1]
				for p := range 5 {
					groupsInOrder(t, fmt.Sprintf("%s round %d", name, r), cur, p, r)
					if rule != matching.FreshLottery {
						sameGroupOrder(t, fmt.Sprintf("%s round %d", name, r), before, cur, p, rule == matching.ReversedLottery)
					}
				}
				insts = append(insts, cur)
				res, cohort = rr.Matching(), rc

				// The files carry joined, in every format, and Check
				// compares it with Prepare's.
				files := resultFiles(t, res, rc)
				for format, f := range files {
					got := map[string]int{}
					for _, row := range f.Rows {
						got[row.Student] = row.Joined
					}
					for s := range rc.NumStudents() {
						id := rc.Students()[s].ID
						require.Equal(t, joinedOf(id), got[id], "%s round %d %s: %s", name, r, format, id)
					}
				}
				if r == 3 {
					f := files["json"]
					_, err := round.Check(ctx, rc, f, prev, nil, nil)
					require.NoError(t, err, name)
					bad := *f
					bad.Rows = slices.Clone(f.Rows)
					i := slices.IndexFunc(bad.Rows, func(row matching.ResultRow) bool { return strings.HasPrefix(row.Student, "LATE3-") })
					require.GreaterOrEqual(t, i, 0)
					bad.Rows[i].Joined = 2
					_, err = round.Check(ctx, rc, &bad, prev, nil, nil)
					var se *round.StandingError
					require.True(t, errors.As(err, &se), "%s: %v", name, err)
					require.Len(t, se.Rows, 1)
					assert.Equal(t, 2, se.Rows[0].FileJoined)
					assert.Equal(t, 3, se.Rows[0].WantJoined)
					assert.Contains(t, se.Text(lang.English), "(joined in round 2)")
					assert.Contains(t, se.Text(lang.Chinese), "（第3轮加入）")
				}
			}
		}
	}
}

// resultFiles writes res as JSON, CSV and Chinese CSV and reads each
// back against c.
func resultFiles(t *testing.T, res *matching.Result, c *model.Cohort) map[string]*matching.ResultFile {
	t.Helper()
	var js, en, zh bytes.Buffer
	require.NoError(t, matching.WriteResultJSON(&js, res, &matching.WriteOptions{NoRefusals: true}))
	require.NoError(t, matching.WriteResultCSV(&en, res))
	require.NoError(t, matching.WriteResultCSVWith(&zh, res, &matching.CSVOptions{Language: lang.Chinese}))
	out := map[string]*matching.ResultFile{}
	var err error
	out["json"], err = matching.ReadResultJSON(&js, c)
	require.NoError(t, err)
	out["csv"], err = matching.ReadResultCSV(&en, c)
	require.NoError(t, err)
	out["csv zh"], err = matching.ReadResultCSV(&zh, c)
	require.NoError(t, err)
	return out
}

// groupsInOrder checks that at position p of round r every student who
// joined in an earlier round draws before every student who joined in a
// later one.
func groupsInOrder(t *testing.T, name string, inst *matching.Instance, p, r int) {
	t.Helper()
	lo, hi := make([]uint64, r+1), make([]uint64, r+1)
	for k := range lo {
		lo[k] = ^uint64(0)
	}
	for s := range inst.Students() {
		k := inst.Standing(s).Joined
		d := inst.Lottery(s, p)
		lo[k], hi[k] = min(lo[k], d), max(hi[k], d)
	}
	for k := 2; k <= r; k++ {
		if hi[k-1] >= lo[k] {
			t.Fatalf("%s: at position %d, a student of round %d draws %d, after one of round %d (%d)", name, p, k-1, hi[k-1], k, lo[k])
		}
	}
}

// sameGroupOrder checks that at position p the students of each group of
// before keep their order in cur (flip false) or have it reversed (flip
// true): sorted by their draw in before, their draws in cur rise (or
// fall) strictly.
func sameGroupOrder(t *testing.T, name string, before, cur *matching.Instance, p int, flip bool) {
	t.Helper()
	c0, c := before.Cohort(), cur.Cohort()
	groups := map[int][]int{}
	for s := range c0.NumStudents() {
		k := max(before.Standing(s).Joined, 1)
		groups[k] = append(groups[k], s)
	}
	for k, g := range groups {
		slices.SortFunc(g, func(a, b int) int { return cmp.Compare(before.Lottery(a, p), before.Lottery(b, p)) })
		var last uint64
		for i, s0 := range g {
			s, ok := c.StudentIndex(c0.Students()[s0].ID)
			require.True(t, ok)
			require.Equal(t, k, max(cur.Standing(s).Joined, 1))
			d := cur.Lottery(s, p)
			if i > 0 && (d > last) == flip {
				t.Fatalf("%s: at position %d, group of round %d: %s draws %d after %d: the order is not %s", name, p, k, c.Students()[s].ID, d, last, map[bool]string{false: "kept", true: "reversed"}[flip])
			}
			last = d
		}
	}
}

// TestPreviousOrderPerGroup: the next cohort must keep the order of the
// students of each group (who joined in the same round) as the previous
// result lists them; students of different groups may change places.
func TestPreviousOrderPerGroup(t *testing.T) {
	ctx := context.Background()
	c, err := synth.Generate(synth.Group(0.05, 3))
	require.NoError(t, err)
	inst, err := matching.Compile(ctx, c, nil)
	require.NoError(t, err)
	r1, err := matching.StudentProposing(ctx, inst, nil)
	require.NoError(t, err)
	next2 := addLate(t, c, "LATE2-", 4, c.NumStudents())
	prev := roundTrip(t, r1, next2)
	rc, rnd, err := round.Prepare(ctx, next2, prev, nil, nil)
	require.NoError(t, err)
	r2, err := round.Run(ctx, rc, rnd, prev, nil)
	require.NoError(t, err)
	// The previous result as CSV: one list, in cohort order.
	var b bytes.Buffer
	require.NoError(t, matching.WriteResultCSV(&b, r2.Matching()))
	n := c.NumStudents()
	for _, tc := range []struct {
		name   string
		move   func(st []model.Student) []model.Student
		refuse bool
	}{
		{"late before main", func(st []model.Student) []model.Student {
			late := st[n]
			return slices.Insert(slices.Delete(st, n, n+1), 0, late)
		}, false},
		{"main after late", func(st []model.Student) []model.Student {
			last := st[n-1] // the last of the main round's students
			return append(slices.Delete(st, n-1, n), last)
		}, false},
		{"two main swapped", func(st []model.Student) []model.Student {
			st[3], st[4] = st[4], st[3]
			return st
		}, true},
		{"two late swapped", func(st []model.Student) []model.Student {
			st[n], st[n+1] = st[n+1], st[n]
			return st
		}, true},
	} {
		d := rc.Data()
		d.Students = tc.move(slices.Clone(d.Students))
		next3, err := model.New(d, nil)
		require.NoError(t, err, tc.name)
		prev3, err := matching.ReadResultCSVWith(bytes.NewReader(b.Bytes()), next3, &matching.ReadOptions{Previous: true})
		require.NoError(t, err, tc.name)
		_, rnd3, err := round.Prepare(ctx, next3, prev3, nil, nil)
		if !tc.refuse {
			require.NoError(t, err, tc.name)
			for s, st := range rnd3.Standings {
				require.Equal(t, joinedOf(next3.Students()[s].ID), st.Joined, tc.name)
			}
			continue
		}
		var pe *round.ProblemsError
		require.True(t, errors.As(err, &pe), "%s: %v", tc.name, err)
		require.Len(t, pe.Problems, 1, tc.name)
		assert.Equal(t, round.PreviousOrder, pe.Problems[0].Kind, tc.name)
	}
}
