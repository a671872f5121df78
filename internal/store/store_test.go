package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// openTemp opens a fresh store in the test's temporary folder, closed at
// the end of the test.
func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "placement.db")
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenPragmas(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, len(migrations), v)
	// Every connection of the pool, not only the first, has the pragmas:
	// hold several at once and ask each.
	var conns []interface{ Close() error }
	for i := 0; i < 4; i++ {
		c, err := s.db.Conn(ctx)
		require.NoError(t, err)
		conns = append(conns, c)
		var mode string
		var fk, sync, busy int
		require.NoError(t, c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
		require.NoError(t, c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
		require.NoError(t, c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync))
		require.NoError(t, c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy))
		require.Equal(t, "wal", mode)
		require.Equal(t, 1, fk)
		require.Equal(t, 2, sync, "synchronous FULL")
		require.Equal(t, int(busyTimeout.Milliseconds()), busy)
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestOpenOddPath(t *testing.T) {
	// A folder and file name with spaces, '#', '?', '%' and Chinese must
	// reach SQLite as they are, not be cut at the '?' of the DSN.
	dir := filepath.Join(t.TempDir(), "2026 季 #1")
	path := filepath.Join(dir, "安置?%20.db")
	require.NoError(t, mkdirAll(dir))
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	_, err = s.CreateSeason(context.Background(), Season{Name: "x", Year: 2026})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.FileExists(t, path)
}

func TestSeasons(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	a, err := s.CreateSeason(ctx, Season{Name: "2025 春", Year: 2025, CreatedBy: "li"})
	require.NoError(t, err)
	b, err := s.CreateSeason(ctx, Season{Name: "2026 春", Year: 2026, CreatedBy: "wang"})
	require.NoError(t, err)
	c, err := s.CreateSeason(ctx, Season{Name: "2025 秋", Year: 2025})
	require.NoError(t, err)
	require.NotEqual(t, a.ID, b.ID)
	require.True(t, a.Created.After(before))

	_, err = s.CreateSeason(ctx, Season{Name: " 2026 春 ", Year: 2027})
	require.ErrorIs(t, err, ErrExists)
	_, err = s.CreateSeason(ctx, Season{Name: "  ", Year: 2027})
	require.Error(t, err)

	all, err := s.Seasons(ctx)
	require.NoError(t, err)
	require.Equal(t, []int64{b.ID, c.ID, a.ID}, []int64{all[0].ID, all[1].ID, all[2].ID})

	got, err := s.Season(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, a.Name, got.Name)
	require.Equal(t, a.CreatedBy, got.CreatedBy)
	require.True(t, a.Created.Equal(got.Created))
	_, err = s.Season(ctx, 999)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestFiles(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	se, err := s.CreateSeason(ctx, Season{Name: "s", Year: 2026})
	require.NoError(t, err)
	data := bytes.Repeat([]byte("学生,岗位\n"), 1000)
	f, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: "../../etc/passwd.xlsx", Format: "xlsx",
		Accepted: true, Fingerprint: "fp1", Outcome: []byte(`{"students":3}`), CreatedBy: "li"}, data)
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	require.Equal(t, hex.EncodeToString(sum[:]), f.SHA256)
	require.Equal(t, int64(len(data)), f.Size)

	r, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindResponses, Name: "回复.csv", Format: "csv"}, []byte("x"))
	require.NoError(t, err)
	empty, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindChanges, Name: "empty.csv", Format: "csv"}, nil)
	require.NoError(t, err)

	_, err = s.AddFile(ctx, File{Season: se.ID + 100, Kind: KindCohort}, data)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.AddFile(ctx, File{Season: se.ID, Kind: "poem"}, data)
	require.Error(t, err)
	_, err = s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Derived: 77}, data)
	require.ErrorIs(t, err, ErrNotFound)

	got, err := s.File(ctx, f.ID)
	require.NoError(t, err)
	require.Equal(t, f.Name, got.Name)
	require.Equal(t, f.Outcome, got.Outcome)
	require.Equal(t, f.SHA256, got.SHA256)
	require.True(t, got.Accepted)
	require.Equal(t, "fp1", got.Fingerprint)
	require.True(t, f.Created.Equal(got.Created))

	d, err := s.FileData(ctx, f.ID)
	require.NoError(t, err)
	require.Equal(t, data, d)
	d, err = s.FileData(ctx, empty.ID)
	require.NoError(t, err)
	require.NotNil(t, d)
	require.Empty(t, d)
	_, err = s.FileData(ctx, 12345)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.File(ctx, 12345)
	require.ErrorIs(t, err, ErrNotFound)

	all, err := s.Files(ctx, se.ID, "")
	require.NoError(t, err)
	require.Equal(t, []int64{empty.ID, r.ID, f.ID}, fileIDs(all))
	cohorts, err := s.Files(ctx, se.ID, KindCohort)
	require.NoError(t, err)
	require.Equal(t, []int64{f.ID}, fileIDs(cohorts))
	none, err := s.Files(ctx, se.ID+1, "")
	require.NoError(t, err)
	require.Empty(t, none)
}

func fileIDs(fs []File) []int64 {
	var ids []int64
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

func runIDs(rs []Run) []int64 {
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

// seasonWithCohort makes a season and a cohort file in s.
func seasonWithCohort(t *testing.T, s *Store, name string) (Season, File) {
	t.Helper()
	ctx := context.Background()
	se, err := s.CreateSeason(ctx, Season{Name: name, Year: 2026})
	require.NoError(t, err)
	f, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: "c.xlsx", Format: "xlsx", Accepted: true}, []byte("cohort"))
	require.NoError(t, err)
	return se, f
}

func TestRuns(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	se, f := seasonWithCohort(t, s, "s")
	other, g := seasonWithCohort(t, s, "t")

	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, Options: []byte(`{"m":"student-da"}`),
		CreatedBy: "li", CohortFingerprint: "cf", Status: Done, Error: "ignored"})
	require.NoError(t, err)
	require.Equal(t, Running, r.Status)
	require.Empty(t, r.Error)
	require.False(t, r.Started.IsZero())

	_, err = s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: 999})
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.StartRun(ctx, Run{Season: 999, Kind: "solve"})
	require.ErrorIs(t, err, ErrNotFound)

	_, err = s.RunResult(ctx, r.ID)
	require.ErrorIs(t, err, ErrNotFound, "no result while running")

	result := bytes.Repeat([]byte{'r'}, 3<<20)
	blobs := map[string][]byte{"diff.json": []byte(`[1]`), "cohort.json": []byte(`{}`), "empty": nil}
	require.Error(t, s.FinishRun(ctx, r.ID, result, "rf", nil, map[string][]byte{ResultName: nil}))
	require.NoError(t, s.FinishRun(ctx, r.ID, result, "rf", []byte(`{"placed":3}`), blobs))
	require.ErrorIs(t, s.FinishRun(ctx, r.ID, result, "rf", nil, nil), ErrNotRunning)
	require.ErrorIs(t, s.FailRun(ctx, r.ID, "late"), ErrNotRunning)
	require.ErrorIs(t, s.FailRun(ctx, 999, "x"), ErrNotFound)

	got, err := s.Run(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, Done, got.Status)
	require.Equal(t, "rf", got.ResultFingerprint)
	require.Equal(t, "cf", got.CohortFingerprint)
	require.Equal(t, `{"placed":3}`, string(got.Summary))
	require.Equal(t, `{"m":"student-da"}`, string(got.Options))
	require.Equal(t, f.ID, got.Cohort)
	require.Zero(t, got.Base)
	require.False(t, got.Finished.Before(got.Started))
	require.True(t, got.Started.Equal(r.Started))

	res, err := s.RunResult(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, result, res)
	for name, want := range blobs {
		b, err := s.RunBlob(ctx, r.ID, name)
		require.NoError(t, err)
		require.Equal(t, string(want), string(b))
	}
	_, err = s.RunBlob(ctx, r.ID, "nope")
	require.ErrorIs(t, err, ErrNotFound)
	names, err := s.RunBlobNames(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"cohort.json", "diff.json", "empty"}, names)

	// A what-if on it, failed; a run in the other season.
	w, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "whatif", Cohort: f.ID, Base: r.ID, Round: 1})
	require.NoError(t, err)
	require.NoError(t, s.FailRun(ctx, w.ID, "没有名额"))
	got, err = s.Run(ctx, w.ID)
	require.NoError(t, err)
	require.Equal(t, Failed, got.Status)
	require.Equal(t, "没有名额", got.Error)
	require.Equal(t, r.ID, got.Base)
	_, err = s.RunResult(ctx, w.ID)
	require.ErrorIs(t, err, ErrNotFound)
	o, err := s.StartRun(ctx, Run{Season: other.ID, Kind: "solve", Cohort: g.ID, Round: 1})
	require.NoError(t, err)

	list, err := s.Runs(ctx, se.ID)
	require.NoError(t, err)
	require.Equal(t, []int64{w.ID, r.ID}, runIDs(list))
	list, err = s.Runs(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, []int64{o.ID, w.ID, r.ID}, runIDs(list))
	_, err = s.Run(ctx, 999)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestPublish(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	se, f := seasonWithCohort(t, s, "s")
	start := func(round int) Run {
		r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: round})
		require.NoError(t, err)
		return r
	}
	a, b, c := start(1), start(1), start(2)
	_, err := s.Publish(ctx, a.ID, "li")
	require.ErrorIs(t, err, ErrNotDone)
	for _, r := range []Run{a, b, c} {
		require.NoError(t, s.FinishRun(ctx, r.ID, []byte("res"), "fp", nil, map[string][]byte{"x": []byte("1")}))
	}
	p, err := s.Publish(ctx, a.ID, "li")
	require.NoError(t, err)
	require.False(t, p.Published.IsZero())
	require.Equal(t, "li", p.PublishedBy)
	_, err = s.Publish(ctx, a.ID, "li")
	require.ErrorIs(t, err, ErrPublished)
	_, err = s.Publish(ctx, b.ID, "wang")
	require.ErrorIs(t, err, ErrExists)
	_, err = s.Publish(ctx, c.ID, "wang")
	require.NoError(t, err)
	_, err = s.Publish(ctx, 999, "wang")
	require.ErrorIs(t, err, ErrNotFound)

	pub, err := s.PublishedRuns(ctx, se.ID)
	require.NoError(t, err)
	require.Equal(t, []int64{a.ID, c.ID}, runIDs(pub))
	require.Equal(t, []int{1, 2}, []int{pub[0].Round, pub[1].Round})
}

func TestPasswords(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	has, err := s.HasUsers(ctx)
	require.NoError(t, err)
	require.False(t, has)

	require.ErrorIs(t, s.SetPassword(ctx, "li", ""), ErrBadPassword)
	require.ErrorIs(t, s.SetPassword(ctx, "li", strings.Repeat("a", 73)), ErrBadPassword)
	require.Error(t, s.SetPassword(ctx, " ", "secret"))
	has, err = s.HasUsers(ctx)
	require.NoError(t, err)
	require.False(t, has, "refused passwords store nothing")

	long := strings.Repeat("密", 24) // 72 bytes exactly
	require.NoError(t, s.SetPassword(ctx, "li", long))
	has, err = s.HasUsers(ctx)
	require.NoError(t, err)
	require.True(t, has)

	for _, c := range []struct {
		user, pw string
		want     bool
	}{
		{"li", long, true},
		{"li", long[:69], false},
		{"li", long + "x", false},
		{"li", "", false},
		{"wang", long, false},
		{"", "", false},
	} {
		ok, err := s.CheckPassword(ctx, c.user, c.pw)
		require.NoError(t, err)
		require.Equal(t, c.want, ok, "%q %q", c.user, c.pw)
	}
	var hash string
	require.NoError(t, s.db.QueryRow(`SELECT hash FROM users WHERE name = 'li'`).Scan(&hash))
	require.True(t, strings.HasPrefix(hash, "$2a$"), "bcrypt hash, got %q", hash)
	require.NotContains(t, hash, long)

	// A new password replaces the old and ends the user's sessions.
	token, _, err := s.NewSession(ctx, "li", time.Hour)
	require.NoError(t, err)
	require.NoError(t, s.SetPassword(ctx, "li", "new"))
	ok, err := s.CheckPassword(ctx, "li", long)
	require.NoError(t, err)
	require.False(t, ok)
	ok, err = s.CheckPassword(ctx, "li", "new")
	require.NoError(t, err)
	require.True(t, ok)
	_, err = s.Session(ctx, token)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestSessions(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	token, se, err := s.NewSession(ctx, "li", time.Hour)
	require.NoError(t, err)
	raw, err := base64URL(token)
	require.NoError(t, err)
	require.Len(t, raw, 32)
	csrf, err := base64URL(se.CSRF)
	require.NoError(t, err)
	require.Len(t, csrf, 32)
	require.NotEqual(t, token, se.CSRF)

	got, err := s.Session(ctx, token)
	require.NoError(t, err)
	require.Equal(t, se, got)

	// Only the hash is stored.
	var n int
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM sessions WHERE hash = ? OR CAST(hash AS TEXT) = ? OR csrf = ?`,
		token, token, token).Scan(&n))
	require.Zero(t, n)
	h := sha256.Sum256([]byte(token))
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM sessions WHERE hash = ?`, h[:]).Scan(&n))
	require.Equal(t, 1, n)

	_, err = s.Session(ctx, token[:len(token)-1])
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.Session(ctx, "")
	require.ErrorIs(t, err, ErrNotFound)

	// Expiry is enforced: a session a millisecond long is gone soon after.
	short, _, err := s.NewSession(ctx, "wang", time.Millisecond)
	require.NoError(t, err)
	time.Sleep(5 * time.Millisecond)
	_, err = s.Session(ctx, short)
	require.ErrorIs(t, err, ErrNotFound)
	_, _, err = s.NewSession(ctx, "wang", 0)
	require.Error(t, err)

	third, _, err := s.NewSession(ctx, "zhao", time.Hour) // removes the expired one
	require.NoError(t, err)
	require.NoError(t, s.EndSession(ctx, third))
	require.NoError(t, s.EndSession(ctx, token))
	_, err = s.Session(ctx, token)
	require.ErrorIs(t, err, ErrNotFound)
	require.NoError(t, s.EndSession(ctx, token), "ending twice is fine")
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n))
	require.Zero(t, n, "expired session removed by NewSession, ended one by EndSession")
}

func TestDSN(t *testing.T) {
	d := dsn("/tmp/季 #1/a?b%.db")
	require.True(t, strings.HasPrefix(d, "file:///tmp/%E5%AD%A3%20%231/a%3Fb%25.db?"), d)
	require.Contains(t, d, "_txlock=immediate")
}
