package main

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/round"
)

// TestWebRoundsRebuildCtx: the web's rebuilds of a round's result and of
// the earlier round (roundResultFrom, roundEarlierOn: the CLI's
// roundResultRead and earlierOf on stored bytes) run under the caller's
// context, not the command's: a cancelled request stops them.
func TestWebRoundsRebuildCtx(t *testing.T) {
	ctx := context.Background()
	c := webCohort(t, 200)
	res1, r1 := roundsMainRound(t, c, matching.StudentDA)
	resp, err := round.Synthesize(res1, &round.SynthOptions{Seed: 3, NewLists: true})
	require.NoError(t, err)
	d, err := runRound(ctx, language.English, &roundJob{Next: c, CohortName: "cohort", Prev: r1, PrevName: "r1", Resp: resp, RespName: "resp", Settings: defaultRoundSettings()}, func(string) {})
	require.NoError(t, err)
	rc, err := loadRoundCohort(d.Cohort)
	require.NoError(t, err)

	back, _, err := roundResultFrom(ctx, rc, d.Result)
	require.NoError(t, err)
	assert.Equal(t, d.Fingerprint, back.Fingerprint())
	earlier, err := roundEarlierOn(ctx, rc, r1)
	require.NoError(t, err)
	assert.Equal(t, res1.Placed(), earlier.Placed())

	done, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = roundResultFrom(done, rc, d.Result)
	assert.True(t, errors.Is(err, context.Canceled), "round result rebuilt under a cancelled context: %v", err)
	_, err = roundEarlierOn(done, rc, r1)
	assert.True(t, errors.Is(err, context.Canceled), "earlier round rebuilt under a cancelled context: %v", err)

	// roundOfCache: at most cohortCacheSize entries, their cost summed
	// (twice the cohort's each), the oldest dropped first.
	var cache roundOfCache
	rr, err := roundLater(back, r1, resp)
	require.NoError(t, err)
	for id := int64(1); id <= cohortCacheSize+2; id++ {
		cache.put(id, rr, nil)
		cache.put(id, rr, nil) // twice: kept once
	}
	assert.Len(t, cache.e, cohortCacheSize)
	assert.Equal(t, int64(cohortCacheSize)*2*cohortCost(rc), cache.total)
	assert.Nil(t, cache.get(1))
	assert.Nil(t, cache.get(2))
	require.NotNil(t, cache.get(cohortCacheSize+2))
	assert.Same(t, rr, cache.get(cohortCacheSize+2).rr)
	// Beyond the cost budget only the newest stays.
	cache.total += cohortCacheBudget
	cache.put(100, rr, nil)
	assert.Len(t, cache.e, 1)
	assert.NotNil(t, cache.get(100))
}
