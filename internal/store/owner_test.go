package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// crash ends s as a killed process would: the OS lock is released (the
// lock file is closed, not removed) and the database is closed, but its
// process row and its running runs stay as they were.
func (s *Store) crash() {
	s.owner.lock.f.Close()
	s.owner = nil
	s.db.Close()
}

func lockFiles(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(path + "-owner-*")
	require.NoError(t, err)
	return m
}

// TestInterruptedInProcess: two Stores on one file. Opening a second does
// not fail the first's live run; once the first dies, the next Open marks
// its run interrupted, leaves the live second's run alone, and removes the
// dead one's lock file and row.
func TestInterruptedInProcess(t *testing.T) {
	ctx := context.Background()
	a, path := openTemp(t)
	se, f := seasonWithCohort(t, a, "s")
	ra, err := a.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1})
	require.NoError(t, err)

	b, err := Open(ctx, path)
	require.NoError(t, err)
	defer b.Close()
	got, err := b.Run(ctx, ra.ID)
	require.NoError(t, err)
	require.Equal(t, Running, got.Status, "a live owner's run is not interrupted")
	rb, err := b.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1})
	require.NoError(t, err)
	require.Len(t, lockFiles(t, path), 2)

	aToken := a.owner.token
	a.crash()
	require.Len(t, lockFiles(t, path), 2, "a dead process leaves its lock file")

	c, err := Open(ctx, path)
	require.NoError(t, err)
	defer c.Close()
	got, err = c.Run(ctx, ra.ID)
	require.NoError(t, err)
	require.Equal(t, Failed, got.Status)
	require.Equal(t, Interrupted, got.Error)
	require.False(t, got.Finished.IsZero())
	got, err = c.Run(ctx, rb.ID)
	require.NoError(t, err)
	require.Equal(t, Running, got.Status, "the live second Store's run goes on")
	require.NoError(t, b.FinishRun(ctx, rb.ID, []byte("r"), "fp", nil, nil), "and can finish")
	require.ErrorIs(t, b.FinishRun(ctx, ra.ID, []byte("r"), "fp", nil, nil), ErrNotRunning)

	require.NoFileExists(t, a.lockPath(aToken))
	require.Len(t, lockFiles(t, path), 2, "b's and c's")
	var n int
	require.NoError(t, c.db.QueryRow(`SELECT count(*) FROM process`).Scan(&n))
	require.Equal(t, 2, n)
}

// TestCloseInterrupts: a Store closed with a run still running marks it
// interrupted (nobody else will finish it) and leaves no lock file.
func TestCloseInterrupts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	se, f := seasonWithCohort(t, s, "s")
	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.Empty(t, lockFiles(t, path))

	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	got, err := s.Run(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, Failed, got.Status)
	require.Equal(t, Interrupted, got.Error)
}

// childEnv names the database a re-executed test binary works on, for
// TestInterruptedKilled.
const childEnv = "PLACEMENT_STORE_TEST_CHILD"

// TestMain lets the test binary play a server that starts a run and is
// then killed.
func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		if os.Getenv(churnEnv) != "" {
			os.Exit(churn(path))
		}
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

// child opens the store, starts a run on season 1, cohort 1, prints its ID
// and waits to be killed.
func child(path string) int {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	r, err := s.StartRun(ctx, Run{Season: 1, Kind: "solve", Cohort: 1, Round: 1})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("run", r.ID)
	time.Sleep(time.Minute)
	return 0
}

// TestInterruptedKilled: a real process starts a run and is killed (the
// OS releases its lock); while it lives, another Open leaves its run
// running; after, the next Open marks it interrupted.
func TestInterruptedKilled(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	seasonWithCohort(t, s, "s") // season 1, cohort 1

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	f := strings.Fields(line)
	require.Len(t, f, 2, line)
	require.Equal(t, "run", f[0], line)
	id, err := strconv.ParseInt(f[1], 10, 64)
	require.NoError(t, err)

	live, err := Open(ctx, path)
	require.NoError(t, err)
	got, err := live.Run(ctx, id)
	require.NoError(t, err)
	require.Equal(t, Running, got.Status, "the child is alive")
	require.NoError(t, live.Close())

	require.NoError(t, cmd.Process.Kill())
	cmd.Wait()
	killed = true

	after, err := Open(ctx, path)
	require.NoError(t, err)
	defer after.Close()
	got, err = after.Run(ctx, id)
	require.NoError(t, err)
	require.Equal(t, Failed, got.Status)
	require.Equal(t, Interrupted, got.Error)
	require.NoError(t, after.IntegrityCheck(ctx))
	require.Len(t, lockFiles(t, path), 2, "only the two open Stores' lock files remain")
}

// TestStrayLockFiles: Open removes a lock file no process row names when
// nobody holds it, and keeps one that is held.
func TestStrayLockFiles(t *testing.T) {
	s, path := openTemp(t)
	stray := s.lockPath(strings.Repeat("a", 32))
	require.NoError(t, os.WriteFile(stray, nil, 0o600))
	held, ok, err := lockExclusive(s.lockPath(strings.Repeat("b", 32)))
	require.NoError(t, err)
	require.True(t, ok)
	defer held.unlockAndRemove()
	other := path + "-owner-notatoken"
	require.NoError(t, os.WriteFile(other, nil, 0o600))

	s2, err := Open(context.Background(), path)
	require.NoError(t, err)
	defer s2.Close()
	require.NoFileExists(t, stray)
	require.FileExists(t, held.f.Name())
	require.FileExists(t, other, "not a name the store makes: not its business")
	require.FileExists(t, s.lockPath(s.owner.token), "the live first Store's")
}
