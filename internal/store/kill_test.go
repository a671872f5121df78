package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// churnEnv makes the re-executed test binary churn: add files, start and
// finish runs with blobs, publish, until killed.
const churnEnv = "PLACEMENT_STORE_TEST_CHURN"

// churn is the child of TestKilled: it opens the store, says "ready",
// then writes as fast as it can, every write one of the store's
// transactions, until it is killed.
func churn(path string) int {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("ready")
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	for i := 0; ; i++ {
		data := make([]byte, rng.IntN(256<<10))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		f, err := s.AddFile(ctx, File{Season: 1, Kind: KindCohort, Name: "c.xlsx", Format: "xlsx", Accepted: true}, data)
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		r, err := s.StartRun(ctx, Run{Season: 1, Kind: "solve", Cohort: f.ID, Round: 1 + rng.IntN(1000)})
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		if i%4 == 3 {
			continue // left running
		}
		if err := s.FinishRun(ctx, r.ID, data, f.SHA256, []byte(`{}`), map[string][]byte{"cohort.json": data[:len(data)/2]}); err != nil {
			fmt.Println("error", err)
			return 1
		}
		s.Publish(ctx, r.ID, "churn") // ErrExists when the round is taken
	}
}

// TestKilled kills a writing process at random points, reopens the
// database each time and checks that it is whole: integrity_check passes,
// every file's bytes match its recorded hash, every run is done with its
// result and blob or failed without, no run is left running, and every
// run ever seen published is still published with the same result. 20
// kills by default; PLACEMENT_STORE_KILLS=200 for the figure.
func TestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	kills := 20
	if v, err := strconv.Atoi(os.Getenv("PLACEMENT_STORE_KILLS")); err == nil && v > 0 {
		kills = v
	}
	s, path := openTemp(t)
	seasonWithCohort(t, s, "s")
	require.NoError(t, s.Close())

	published := map[int64]string{} // run → result's hash
	rng := rand.New(rand.NewPCG(17, 17))
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+path, churnEnv+"=1")
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || line != "ready\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("kill %d: child said %q (%v)", k, line, err)
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
		require.NoError(t, cmd.Process.Kill())
		cmd.Wait()
		verifyWhole(t, path, published)
	}
	t.Logf("%d kills, %d runs published", kills, len(published))
	require.NotEmpty(t, published, "the children published something")
}

// verifyWhole opens the database after a kill and checks it; see TestKilled.
func verifyWhole(t *testing.T, path string, published map[int64]string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	require.Len(t, lockFiles(t, path), 1, "the dead child's lock file is gone")
	require.NoError(t, s.IntegrityCheck(ctx))
	files, err := s.Files(ctx, 1, "")
	require.NoError(t, err)
	for _, f := range files {
		d, err := s.FileData(ctx, f.ID)
		require.NoError(t, err)
		sum := sha256.Sum256(d)
		require.Equal(t, f.SHA256, hex.EncodeToString(sum[:]), "file %d", f.ID)
	}
	runs, err := s.Runs(ctx, 1)
	require.NoError(t, err)
	for _, r := range runs {
		res, err := s.RunResult(ctx, r.ID)
		switch r.Status {
		case Done:
			require.NoError(t, err, "run %d", r.ID)
			sum := sha256.Sum256(res)
			require.Equal(t, r.ResultFingerprint, hex.EncodeToString(sum[:]), "run %d", r.ID)
			blob, err := s.RunBlob(ctx, r.ID, "cohort.json")
			require.NoError(t, err)
			require.True(t, bytes.HasPrefix(res, blob))
		case Failed:
			require.ErrorIs(t, err, ErrNotFound, "run %d", r.ID)
			require.Equal(t, Interrupted, r.Error)
		default:
			t.Fatalf("run %d is %s after its process died", r.ID, r.Status)
		}
		if !r.Published.IsZero() {
			sum := sha256.Sum256(res)
			if h, ok := published[r.ID]; ok {
				require.Equal(t, h, hex.EncodeToString(sum[:]), "published run %d changed", r.ID)
			}
			published[r.ID] = hex.EncodeToString(sum[:])
		}
	}
	still, err := s.PublishedRuns(ctx, 1)
	require.NoError(t, err)
	seen := map[int64]bool{}
	for _, r := range still {
		seen[r.ID] = true
	}
	for id := range published {
		require.True(t, seen[id], "published run %d lost", id)
	}
}
