package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// openAt makes (or opens) the database at path and migrates it to version
// k only, as an older program would have left it, without registering a
// process.
func openAt(t *testing.T, path string, k int) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	s := &Store{db: db, path: path}
	require.NoError(t, s.migrate(context.Background(), k))
	return db
}

// schemaOf is the database's schema as SQLite records it.
func schemaOf(t *testing.T, db interface {
	Query(string, ...any) (*sql.Rows, error)
}) []string {
	t.Helper()
	rows, err := db.Query(`SELECT type || ' ' || name || ' ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	return out
}

// fillV1 writes, with the SQL of schema version 1, a season, an accepted
// cohort and its bytes, a done run with its result and a blob, and a run
// left running (by a version-1 program, which had no process table).
func fillV1(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, q := range []string{
		`INSERT INTO seasons (id, name, year, created_by, created) VALUES (1, '2025 春季', 2025, 'li', 1735689600000)`,
		`INSERT INTO files (id, season, kind, name, format, size, sha256, accepted, fingerprint, outcome, created_by, created)
			VALUES (1, 1, 'cohort', '学生.xlsx', 'xlsx', 3, 'abc', 1, 'fp-c', '{"students":3}', 'li', 1735689601000)`,
		`INSERT INTO file_data (file, data) VALUES (1, X'010203')`,
		`INSERT INTO runs (id, season, kind, cohort, round, options, status, created_by, started, finished,
			cohort_fingerprint, result_fingerprint, summary)
			VALUES (1, 1, 'solve', 1, 1, '{"m":"student-da"}', 'done', 'li', 1735689602000, 1735689603000, 'fp-c', 'fp-r', '{"placed":3}')`,
		`INSERT INTO results (run, data) VALUES (1, 'result-1')`,
		`INSERT INTO blobs (run, name, data) VALUES (1, 'diff.json', '[]')`,
		`INSERT INTO runs (id, season, kind, cohort, round, status, created_by, started)
			VALUES (2, 1, 'solve', 1, 1, 'running', 'wang', 1735689604000)`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
}

// TestMigrations builds a database at every earlier schema version, fills
// it with the data that version could hold, opens it with Open and checks
// that the data survived and that the schema equals a fresh database's.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	fresh, _ := openTemp(t)
	want := schemaOf(t, fresh.db)
	require.NotEmpty(t, want)

	for k := 0; k < len(migrations); k++ {
		t.Run("from"+string(rune('0'+k)), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			db := openAt(t, path, k)
			var v int
			require.NoError(t, db.QueryRow(`PRAGMA user_version`).Scan(&v))
			require.Equal(t, k, v)
			if k >= 1 {
				fillV1(t, db)
			}
			require.NoError(t, db.Close())

			s, err := Open(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			v, err = s.SchemaVersion(ctx)
			require.NoError(t, err)
			require.Equal(t, len(migrations), v)
			require.Equal(t, want, schemaOf(t, s.db))
			require.NoError(t, s.IntegrityCheck(ctx))
			if k == 0 {
				return
			}

			se, err := s.Season(ctx, 1)
			require.NoError(t, err)
			require.Equal(t, "2025 春季", se.Name)
			require.Equal(t, int64(1735689600000), se.Created.UnixMilli())
			f, err := s.File(ctx, 1)
			require.NoError(t, err)
			require.Equal(t, "学生.xlsx", f.Name)
			require.Equal(t, `{"students":3}`, string(f.Outcome))
			require.Zero(t, f.Derived)
			d, err := s.FileData(ctx, 1)
			require.NoError(t, err)
			require.Equal(t, []byte{1, 2, 3}, d)
			r, err := s.Run(ctx, 1)
			require.NoError(t, err)
			require.Equal(t, Done, r.Status)
			require.Equal(t, "fp-r", r.ResultFingerprint)
			require.True(t, r.Published.IsZero())
			res, err := s.RunResult(ctx, 1)
			require.NoError(t, err)
			require.Equal(t, "result-1", string(res))
			b, err := s.RunBlob(ctx, 1, "diff.json")
			require.NoError(t, err)
			require.Equal(t, "[]", string(b))
			// The run a version-1 program left running has no live owner.
			r, err = s.Run(ctx, 2)
			require.NoError(t, err)
			require.Equal(t, Failed, r.Status)
			require.Equal(t, Interrupted, r.Error)
			// And the migrated database takes the new features.
			p, err := s.Publish(ctx, 1, "li")
			require.NoError(t, err)
			require.False(t, p.Published.IsZero())
			require.NoError(t, s.SetPassword(ctx, "li", "pw"))
		})
	}
}

// TestMigrationStepAtomic: a step that fails halfway leaves the database
// at the version before it, without the half of the step that ran.
func TestMigrationStepAtomic(t *testing.T) {
	saved := migrations
	defer func() { migrations = saved }()
	migrations = append(append([]string{}, saved...), `CREATE TABLE half (a); INSERT INTO nosuch VALUES (1);`)

	path := filepath.Join(t.TempDir(), "p.db")
	_, err := Open(context.Background(), path)
	require.ErrorContains(t, err, "migration to version 3")

	db, err := sql.Open("sqlite", dsn(path))
	require.NoError(t, err)
	defer db.Close()
	var v, n int
	require.NoError(t, db.QueryRow(`PRAGMA user_version`).Scan(&v))
	require.Equal(t, len(saved), v)
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'half'`).Scan(&n))
	require.Zero(t, n)
}

// TestNewerSchema: a database from a newer program is refused with
// ErrNewerSchema and not modified in any way (not even its journal mode),
// and no file is added beside it.
func TestNewerSchema(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE future (x); INSERT INTO future VALUES ('from 2030')`)
	require.NoError(t, err)
	_, err = db.Exec(`PRAGMA user_version = 99`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	before := fileSum(t, path)
	entries := dirNames(t, dir)

	s, err := Open(context.Background(), path)
	require.ErrorIs(t, err, ErrNewerSchema)
	require.Nil(t, s)
	require.Equal(t, before, fileSum(t, path))
	require.Equal(t, entries, dirNames(t, dir))
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(b)
}

func dirNames(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
