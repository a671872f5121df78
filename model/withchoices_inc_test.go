package model_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// problemText is everything a planner or a program reads of a problem.
func problemText(ps []*model.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%v|%s|%s|%d|%s|%s|%s|%s|%v|%v", p.Severity, p.File, p.Sheet, p.Line, p.Path, p.Entity, p.ID, p.Field, p.Err, p.Suggestions)
	}
	return out
}

// TestWithChoicesIncremental: on random changes of lists (ineligible
// choices, empty lists, repeats, the same list again), chained over
// rounds, WithChoices gives what New gives for the data with those lists:
// the same error, or the same fingerprint, lists, students and warnings
// (every field, in order); the incremental path is taken whenever the
// result is valid and the options are the source's.
func TestWithChoicesIncremental(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		c, err := synth.Generate(synth.Group(0.1+0.05*float64(seed), seed))
		require.NoError(t, err)
		require.True(t, model.Incremental(c))
		fp0, data0 := c.Fingerprint(), c.Data()
		rng := rand.New(rand.NewPCG(seed, 7))
		nS, nP := c.NumStudents(), len(c.Positions())
		cur := c
		for step := 0; step < 12; step++ {
			lists := map[int][]int32{}
			for range 1 + rng.IntN(60) {
				s := rng.IntN(nS)
				var l []int32
				switch rng.IntN(8) {
				case 0: // the same list
					l = append([]int32{}, cur.Choices(s)...)
				case 1: // empty
					l = []int32{}
				default:
					for range rng.IntN(7) {
						l = append(l, int32(rng.IntN(nP)))
					}
					if step%5 != 4 { // mostly no repeats; every fifth step may have some
						seen := map[int32]bool{}
						u := l[:0]
						for _, p := range l {
							if !seen[p] {
								seen[p] = true
								u = append(u, p)
							}
						}
						l = u
					}
				}
				lists[s] = l
			}
			var opts *model.Options
			if step%4 == 3 {
				opts = &model.Options{MaxProblems: 3 + rng.IntN(40)}
			}
			if step%3 == 1 {
				cur.Students() // a source whose lists are spelled out already
			}
			got, gotErr := cur.WithChoices(lists, opts)
			d := cur.Data()
			for s, l := range lists {
				d.Students[s].Choices = []string{}
				for _, p := range l {
					d.Students[s].Choices = append(d.Students[s].Choices, cur.Positions()[p].ID)
				}
			}
			want, wantErr := model.New(d, opts)
			name := fmt.Sprintf("seed %d step %d", seed, step)
			if wantErr != nil {
				require.Error(t, gotErr, name)
				var we, ge *model.ValidationError
				require.True(t, errors.As(wantErr, &we), name)
				require.True(t, errors.As(gotErr, &ge), name)
				require.Equal(t, problemText(we.Problems), problemText(ge.Problems), name)
				require.Equal(t, problemText(we.Warnings), problemText(ge.Warnings), name)
				require.Equal(t, we.Error(), ge.Error(), name)
				continue
			}
			require.NoError(t, gotErr, name)
			require.Equal(t, want.Fingerprint(), got.Fingerprint(), name)
			require.Equal(t, problemText(want.Warnings()), problemText(got.Warnings()), name)
			for s := range nS {
				require.Equal(t, want.Choices(s), got.Choices(s), "%s student %d", name, s)
			}
			if step%2 == 0 { // the JSON file before and after the lists are spelled
				var wj, gj bytes.Buffer
				require.NoError(t, model.WriteJSON(&wj, want))
				require.NoError(t, model.WriteJSON(&gj, got))
				require.Equal(t, wj.String(), gj.String(), name)
			}
			require.Equal(t, want.Students(), got.Students(), name)
			require.Equal(t, want.Data(), got.Data(), name)
			var wj, gj bytes.Buffer
			require.NoError(t, model.WriteJSON(&wj, want))
			require.NoError(t, model.WriteJSON(&gj, got))
			require.Equal(t, wj.String(), gj.String(), name)
			if opts == nil {
				require.True(t, model.Spliced(got), name)
				cur = got // chain: the next change starts from the incremental cohort
			}
		}
		// The source is unchanged by every cohort made from it.
		require.Equal(t, fp0, c.Fingerprint())
		require.Equal(t, data0, c.Data())
	}
}

// TestWithChoicesManyChanged: thousands of changed students (the old
// lists' counts in a goroutine of their own) give New's cohort too.
func TestWithChoicesManyChanged(t *testing.T) {
	c, err := synth.Generate(synth.Group(1, 9))
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(9, 9))
	lists := map[int][]int32{}
	for s := range c.NumStudents() {
		if s%10 == 0 {
			continue
		}
		l := append([]int32{}, c.Choices(s)...)
		rng.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
		if s%7 == 0 {
			l = append(l[:0:0], int32(rng.IntN(len(c.Positions()))))
		}
		lists[s] = l
	}
	require.Greater(t, len(lists), 4096)
	got, err := c.WithChoices(lists, nil)
	require.NoError(t, err)
	require.True(t, model.Spliced(got))
	d := c.Data()
	for s, l := range lists {
		d.Students[s].Choices = []string{}
		for _, p := range l {
			d.Students[s].Choices = append(d.Students[s].Choices, c.Positions()[p].ID)
		}
	}
	want, err := model.New(d, nil)
	require.NoError(t, err)
	require.Equal(t, want.Fingerprint(), got.Fingerprint())
	require.Equal(t, problemText(want.Warnings()), problemText(got.Warnings()))
	require.Equal(t, want.Data(), got.Data())
}
