package store

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPoolBounded: a burst of concurrent reads opens at most maxOpenConns
// connections (each one a file descriptor and a page cache), and waits for
// them instead of failing.
func TestPoolBounded(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	se, err := s.CreateSeason(ctx, Season{Name: "s", Year: 2026})
	require.NoError(t, err)
	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Round: 1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Run(ctx, r.ID)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	st := s.db.Stats()
	require.LessOrEqual(t, st.OpenConnections, maxOpenConns)
	require.LessOrEqual(t, st.MaxOpenConnections, maxOpenConns)
	require.Positive(t, st.MaxOpenConnections)
}

// TestAddFileDerivedOnce: two requests that both derive a run's file store
// one; the second gets the first's with ErrExists.
func TestAddFileDerivedOnce(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	se, err := s.CreateSeason(ctx, Season{Name: "s", Year: 2026})
	require.NoError(t, err)
	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "round", Round: 2})
	require.NoError(t, err)
	var wg sync.WaitGroup
	ids := make(chan int64, 8)
	exists := make(chan bool, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: "next.json", Format: "json", Derived: r.ID}, []byte("next"))
			if err != nil {
				require.ErrorIs(t, err, ErrExists)
				exists <- true
			}
			ids <- f.ID
		}()
	}
	wg.Wait()
	close(ids)
	close(exists)
	seen := map[int64]bool{}
	for id := range ids {
		require.NotZero(t, id)
		seen[id] = true
	}
	require.Len(t, seen, 1, "every request gets the one derived file")
	require.Len(t, exists, 7)
	fs, err := s.Files(ctx, se.ID, KindCohort)
	require.NoError(t, err)
	require.Len(t, fs, 1)
}

// TestAddFileOnce: the same bytes uploaded twice as the same kind in a
// season are stored once; other bytes, another kind or another season are
// new files.
func TestAddFileOnce(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	a, err := s.CreateSeason(ctx, Season{Name: "a", Year: 2026})
	require.NoError(t, err)
	b, err := s.CreateSeason(ctx, Season{Name: "b", Year: 2026})
	require.NoError(t, err)
	f1, existed, err := s.AddFileOnce(ctx, File{Season: a.ID, Kind: KindCohort, Name: "x.xlsx"}, []byte("one"))
	require.NoError(t, err)
	require.False(t, existed)
	f2, existed, err := s.AddFileOnce(ctx, File{Season: a.ID, Kind: KindCohort, Name: "copy of x.xlsx"}, []byte("one"))
	require.NoError(t, err)
	require.True(t, existed)
	require.Equal(t, f1.ID, f2.ID)
	require.Equal(t, "x.xlsx", f2.Name)
	for _, f := range []File{
		{Season: a.ID, Kind: KindCohort, Name: "y.xlsx"},
		{Season: a.ID, Kind: KindChanges, Name: "x.xlsx"},
		{Season: b.ID, Kind: KindCohort, Name: "x.xlsx"},
	} {
		data := []byte("one")
		if f.Name == "y.xlsx" {
			data = []byte("two")
		}
		g, existed, err := s.AddFileOnce(ctx, f, data)
		require.NoError(t, err)
		require.False(t, existed, "%+v", f)
		require.NotEqual(t, f1.ID, g.ID)
	}
	all, err := s.Files(ctx, a.ID, "")
	require.NoError(t, err)
	require.Len(t, all, 3)
}

// TestRunsUsesIndex: a season's runs are read through the index on season
// (the plan names runs_by_season), and season 0 still lists every run.
func TestRunsUsesIndex(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	a, err := s.CreateSeason(ctx, Season{Name: "a", Year: 2026})
	require.NoError(t, err)
	b, err := s.CreateSeason(ctx, Season{Name: "b", Year: 2026})
	require.NoError(t, err)
	for _, se := range []int64{a.ID, b.ID, a.ID} {
		_, err := s.StartRun(ctx, Run{Season: se, Kind: "solve", Round: 1})
		require.NoError(t, err)
	}
	ra, err := s.Runs(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, ra, 2)
	require.Greater(t, ra[0].ID, ra[1].ID, "newest first")
	all, err := s.Runs(ctx, 0)
	require.NoError(t, err)
	require.Len(t, all, 3)
	rows, err := s.db.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT `+runColumns+` FROM runs WHERE season = ? ORDER BY id DESC`, a.ID)
	require.NoError(t, err)
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan += detail + "\n"
	}
	require.Contains(t, plan, "runs_by_season")
}
