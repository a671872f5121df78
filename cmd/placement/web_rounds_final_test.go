package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
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

// TestWebRoundsNextTwice: two identical next-round requests at once (a
// double click, two tabs) make one run (startRun's dedupe; the round's
// derived cohort once): both are sent to it (review 10).
func TestWebRoundsNextTwice(t *testing.T) {
	rc := newRoundsClient(t)
	ctx := context.Background()
	se, run1, res1 := rc.seasonWithMainRound()
	rounds := fmt.Sprintf("/seasons/%d/rounds", se.ID)
	code, _, _ := rc.post(fmt.Sprintf("/runs/%d/publish", run1.ID), url.Values{})
	require.Equal(t, http.StatusSeeOther, code)
	resp, err := round.Synthesize(res1, &round.SynthOptions{Seed: 9})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, model.WriteResponsesCSV(&b, resp, lang.Chinese))
	code, loc, body := rc.upload(rounds+"/responses", "回复.csv", b.Bytes())
	require.Equal(t, http.StatusSeeOther, code, body)
	respID := roundsIDOf(t, loc)
	form := url.Values{"mechanism": {"least-disruption"}, "responses": {strconv.FormatInt(respID, 10)}}
	var wg sync.WaitGroup
	locs := make([]string, 2)
	codes := make([]int, 2)
	for i := range locs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], locs[i], _ = rc.post(rounds+"/next", form)
		}()
	}
	wg.Wait()
	require.Equal(t, []int{http.StatusSeeOther, http.StatusSeeOther}, codes)
	assert.Equal(t, locs[0], locs[1], "two identical requests, two runs")
	rc.waitRun(roundsIDOf(t, locs[0]))
	runs, err := rc.st.Runs(ctx, se.ID)
	require.NoError(t, err)
	n := 0
	for _, r := range runs {
		if r.Kind == "round" {
			n++
		}
	}
	assert.Equal(t, 1, n, "round runs")
	// Other settings are another run.
	form.Set("mechanism", "student-da")
	code, loc2, _ := rc.post(rounds+"/next", form)
	require.Equal(t, http.StatusSeeOther, code)
	assert.NotEqual(t, locs[0], loc2)
	rc.waitRun(roundsIDOf(t, loc2))
}
