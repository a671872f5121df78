package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrent: several goroutines, on one Store and on a second Store
// on the same file, add files, start, finish and fail runs, list, and race
// to publish the same rounds. Run it with -race. Nothing is lost, every
// run ends as its goroutine decided, and each round is published once.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	a, err := Open(ctx, path)
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(ctx, path)
	require.NoError(t, err)
	defer b.Close()
	se, err := a.CreateSeason(ctx, Season{Name: "s", Year: 2026})
	require.NoError(t, err)

	const workers, each, rounds = 6, 8, 3
	var mu sync.Mutex
	published := map[int]int64{} // round → run
	want := map[int64]RunStatus{}
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- func() error {
				s := a
				if w%2 == 1 {
					s = b
				}
				for i := 0; i < each; i++ {
					data := []byte(fmt.Sprintf("cohort %d/%d", w, i))
					f, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: "c.xlsx", Format: "xlsx"}, data)
					if err != nil {
						return err
					}
					round := 1 + (w+i)%rounds
					r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: round})
					if err != nil {
						return err
					}
					if _, err := s.Runs(ctx, se.ID); err != nil {
						return err
					}
					status := Done
					if i%3 == 2 {
						status = Failed
						err = s.FailRun(ctx, r.ID, "no")
					} else {
						err = s.FinishRun(ctx, r.ID, data, "fp", nil, map[string][]byte{"x": data})
					}
					if err != nil {
						return err
					}
					mu.Lock()
					want[r.ID] = status
					mu.Unlock()
					if status == Done {
						_, err := s.Publish(ctx, r.ID, "li")
						switch {
						case err == nil:
							mu.Lock()
							if prev, ok := published[round]; ok {
								mu.Unlock()
								return fmt.Errorf("round %d published twice: runs %d and %d", round, prev, r.ID)
							}
							published[round] = r.ID
							mu.Unlock()
						case !errors.Is(err, ErrExists):
							return err
						}
					}
				}
				return nil
			}()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	files, err := a.Files(ctx, se.ID, KindCohort)
	require.NoError(t, err)
	require.Len(t, files, workers*each)
	runs, err := b.Runs(ctx, se.ID)
	require.NoError(t, err)
	require.Len(t, runs, workers*each)
	for _, r := range runs {
		require.Equal(t, want[r.ID], r.Status, "run %d", r.ID)
		if r.Status == Done {
			res, err := a.RunResult(ctx, r.ID)
			require.NoError(t, err)
			d, err := a.FileData(ctx, r.Cohort)
			require.NoError(t, err)
			require.Equal(t, d, res, "run %d's result is its own cohort's bytes", r.ID)
		}
	}
	pub, err := a.PublishedRuns(ctx, se.ID)
	require.NoError(t, err)
	require.Len(t, pub, rounds)
	for i, r := range pub {
		require.Equal(t, i+1, r.Round)
		require.Equal(t, published[r.Round], r.ID)
	}
	require.NoError(t, a.IntegrityCheck(ctx))
}

// TestLargeResult: a result of tens of MB (a 100,000-student result) goes
// in and out whole, and listing runs does not read it.
func TestLargeResult(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 MB")
	}
	ctx := context.Background()
	s, _ := openTemp(t)
	se, f := seasonWithCohort(t, s, "s")
	big := make([]byte, 40<<20)
	for i := range big {
		big[i] = byte(i * 7 >> 3)
	}
	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1})
	require.NoError(t, err)
	require.NoError(t, s.FinishRun(ctx, r.ID, big, "fp", nil, map[string][]byte{"cohort.json": big[:10<<20]}))
	got, err := s.RunResult(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, len(big), len(got))
	require.True(t, string(big) == string(got))
	// Listing reads metadata only: the tables listed (runs, files) stay a
	// few pages however large the results, which live in tables of their own.
	for _, table := range []string{"runs", "files", "seasons"} {
		var pages int
		require.NoError(t, s.db.QueryRowContext(ctx, `SELECT count(*) FROM dbstat WHERE name = ?`, table).Scan(&pages))
		require.Less(t, pages, 4, table)
	}
	var pages int
	require.NoError(t, s.db.QueryRowContext(ctx, `SELECT count(*) FROM dbstat WHERE name = 'results'`).Scan(&pages))
	require.Greater(t, pages, 10000)
	runs, err := s.Runs(ctx, se.ID)
	require.NoError(t, err)
	require.Len(t, runs, 1)
}

// TestConcurrentOpen: several Stores opening one new file at once all
// succeed, and the schema is made once.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	const n = 4
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(ctx, path)
		}()
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		defer stores[i].Close()
		v, err := stores[i].SchemaVersion(ctx)
		require.NoError(t, err)
		require.Equal(t, len(migrations), v)
	}
	var procs int
	require.NoError(t, stores[0].db.QueryRow(`SELECT count(*) FROM process`).Scan(&procs))
	require.Equal(t, n, procs, "no Store took another for dead")
	require.NoError(t, stores[0].Close())
	_, err := stores[0].StartRun(ctx, Run{Season: 1})
	require.ErrorIs(t, err, errClosed)
}
