package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var (
	// ErrNotFound: no season, file, run, blob, user or live session has
	// the given ID, name or token.
	ErrNotFound = errors.New("store: not found")
	// ErrPublished: the run is published, so it, its result and blobs and
	// the files it read can be neither changed nor deleted; or the run is
	// already published.
	ErrPublished = errors.New("store: published runs cannot be changed")
	// ErrExists: a season of that name exists, a run is already published
	// for that season and round, or a backup or export target exists.
	ErrExists = errors.New("store: already exists")
	// ErrNewerSchema: the database was written by a newer version of the
	// program; it is left untouched.
	ErrNewerSchema = errors.New("store: the database was made by a newer version of the program")
	// ErrNotRunning: FinishRun or FailRun on a run that is no longer
	// running (finished, failed, or marked interrupted).
	ErrNotRunning = errors.New("store: the run is not running")
	// ErrNotDone: Publish of a run that has not finished successfully.
	ErrNotDone = errors.New("store: the run has not finished successfully")
)

// errClosed: the Store was closed (a programmer's error, reported rather
// than panicking).
var errClosed = errors.New("store: the store is closed")

// busyTimeout is how long a connection waits for another writer before
// giving up with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Store is one open database. It is safe for concurrent use by many
// goroutines; see the package documentation for several Stores on one file.
type Store struct {
	db    *sql.DB
	path  string
	owner *owner // this Store's row in the process table and its lock
}

// dsn is the connection string for path. Every pragma is a DSN _pragma so
// that database/sql applies it to every connection it opens, not only the
// first:
//   - journal_mode(WAL): readers do not block the writer nor it them;
//   - synchronous(FULL): the WAL is synced at every commit, so a commit
//     that returned survives a killed process and a power cut. NORMAL
//     survives a killed process too but may lose the last commits on power
//     loss; a planner's publication is worth the few milliseconds;
//   - foreign_keys(1): SQLite leaves them off by default, per connection;
//   - busy_timeout: wait for another writer instead of failing at once.
//
// _txlock=immediate makes every read-write transaction BEGIN IMMEDIATE:
// a deferred one that reads then writes can fail at once with SQLITE_BUSY
// when another connection wrote in between, whatever the busy timeout.
// The connection pool's bounds (see Open).
const (
	maxOpenConns = 8
	maxIdleConns = 4
)

func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	// The file: URI form lets any path (spaces, '#', '?', '%', Chinese)
	// through escaped. SQLite URIs use forward slashes, also on Windows,
	// where SQLite drops the '/' before a drive letter:
	// file:///C:/Users/li/placement.db.
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	return u.String()
}

// Open opens the database at path, creating it if it does not exist, and
// migrates it to the current schema, each step in its own transaction. It
// then registers this Store as a live process and marks failed, with Error
// "interrupted", the runs left running by processes that died. A database
// whose schema is newer than this program knows gives [ErrNewerSchema] and
// is not modified.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("store: %q is not a database file path", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Several Stores opening one new file at once: the first converts it
	// to WAL and creates the schema while the others may get SQLITE_BUSY
	// where SQLite calls no busy handler (the journal mode's change);
	// they try again, within the busy timeout.
	deadline := time.Now().Add(busyTimeout)
	for {
		s, err := open(ctx, abs, path)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return s, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(10+mrand.IntN(40)) * time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// open is one attempt of Open on the absolute path abs (path as given,
// for messages).
func open(ctx context.Context, abs, path string) (*Store, error) {
	if err := checkNotNewer(ctx, abs); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// A bounded pool: each connection holds a file descriptor and its own
	// page cache, and writers queue anyway (one at a time); a burst of
	// pages or progress streams waits for a connection instead of opening
	// hundreds.
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: abs}
	if err := s.migrate(ctx, len(migrations)); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.register(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.reapDead(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkNotNewer opens an existing database read-only, with none of the
// pragmas that change the file (journal_mode), and gives ErrNewerSchema if
// its user_version is newer than this program knows: such a file must be
// left exactly as it is.
func checkNotNewer(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	u, _ := url.Parse(dsn(path))
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	u.RawQuery = q.Encode()
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("store: %s is not a database this program can read: %w", path, err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (version %d, this program knows %d)", ErrNewerSchema, v, len(migrations))
	}
	return nil
}

// Close marks this Store's runs that are still running as interrupted,
// unregisters it, and closes the database. The Store must not be used
// afterwards.
func (s *Store) Close() error {
	var errs []error
	if s.owner != nil {
		ctx := context.Background()
		errs = append(errs, s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`UPDATE runs SET status = 'failed', error = 'interrupted', finished = ?
				WHERE status = 'running' AND owner = ?`, now(), s.owner.id); err != nil {
				return err
			}
			_, err := tx.Exec(`DELETE FROM process WHERE id = ?`, s.owner.id)
			return err
		}))
		errs = append(errs, s.owner.release())
		s.owner = nil
	}
	errs = append(errs, s.db.Close())
	return errors.Join(errs...)
}

// SchemaVersion is the database's schema version (PRAGMA user_version),
// which Open brings to the newest this program knows.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return v, nil
}

// tx runs f in a read-write transaction (BEGIN IMMEDIATE) and commits it
// when f returns nil; otherwise it rolls back and returns f's error. Errors
// raised by the immutability triggers come back as ErrPublished.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return wrap(err)
	}
	return wrap(tx.Commit())
}

// readTx runs f in a read transaction: one consistent snapshot of the
// database, however many queries f makes, while writers go on.
func (s *Store) readTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wrap(err)
	}
	defer tx.Rollback()
	return wrap(f(tx))
}

// publishedMark is the text the immutability triggers raise; wrap turns it
// into ErrPublished.
const publishedMark = "published: immutable"

// wrap maps SQLite errors onto the package's sentinels and prefixes the
// others with "store: ".
func wrap(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range []error{ErrNotFound, ErrPublished, ErrExists, ErrNewerSchema, ErrNotRunning, ErrNotDone} {
		if errors.Is(err, s) {
			return err
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if strings.Contains(err.Error(), publishedMark) {
		return fmt.Errorf("%w (%v)", ErrPublished, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return fmt.Errorf("%w (%v)", ErrExists, err)
	}
	if strings.HasPrefix(err.Error(), "store: ") {
		return err
	}
	return fmt.Errorf("store: %w", err)
}

// now is the current time as stored: Unix milliseconds.
func now() int64 { return time.Now().UnixMilli() }

// toTime turns a stored time (Unix milliseconds, NULL or 0 for none) into a
// time.Time, the zero Time for none.
func toTime(ms sql.NullInt64) time.Time {
	if !ms.Valid || ms.Int64 == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64)
}

// fromTime is toTime's inverse: NULL for the zero Time.
func fromTime(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// nullID stores an optional reference: NULL for 0.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
