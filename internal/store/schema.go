package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's steps; step i (from 0) brings user_version
// from i to i+1. A step, once released, is never edited: a change to the
// schema is a new step at the end, and TestMigrations opens a database
// made at every earlier version.
//
// Times are Unix milliseconds (INTEGER), NULL for none. An optional
// reference (a run's cohort, a file's deriving run) is NULL for none. Large
// bytes (a file's data, a run's result, blobs) live in tables of their own,
// so that listing metadata never reads them.
var migrations = []string{
	// 1: seasons, uploaded files and their bytes, runs, results and named
	// blobs.
	`
CREATE TABLE seasons (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	year       INTEGER NOT NULL,
	created_by TEXT    NOT NULL,
	created    INTEGER NOT NULL
);
CREATE TABLE files (
	id          INTEGER PRIMARY KEY,
	season      INTEGER NOT NULL REFERENCES seasons(id),
	kind        TEXT    NOT NULL CHECK (kind IN ('cohort', 'responses', 'changes')),
	name        TEXT    NOT NULL,
	format      TEXT    NOT NULL,
	size        INTEGER NOT NULL,
	sha256      TEXT    NOT NULL,
	accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),
	fingerprint TEXT    NOT NULL,
	outcome     BLOB,
	derived     INTEGER REFERENCES runs(id),
	created_by  TEXT    NOT NULL,
	created     INTEGER NOT NULL
);
CREATE INDEX files_by_season ON files(season, kind, id);
CREATE TABLE file_data (
	file INTEGER PRIMARY KEY REFERENCES files(id),
	data BLOB    NOT NULL
);
CREATE TABLE runs (
	id                 INTEGER PRIMARY KEY,
	season             INTEGER NOT NULL REFERENCES seasons(id),
	kind               TEXT    NOT NULL,
	cohort             INTEGER REFERENCES files(id),
	base               INTEGER REFERENCES runs(id),
	responses          INTEGER REFERENCES files(id),
	changes            INTEGER REFERENCES files(id),
	round              INTEGER NOT NULL,
	options            BLOB,
	status             TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed')),
	error              TEXT    NOT NULL DEFAULT '',
	created_by         TEXT    NOT NULL,
	started            INTEGER NOT NULL,
	finished           INTEGER,
	cohort_fingerprint TEXT    NOT NULL DEFAULT '',
	result_fingerprint TEXT    NOT NULL DEFAULT '',
	summary            BLOB
);
CREATE INDEX runs_by_season ON runs(season, id);
CREATE INDEX runs_by_status ON runs(status);
CREATE TABLE results (
	run  INTEGER PRIMARY KEY REFERENCES runs(id),
	data BLOB    NOT NULL
);
CREATE TABLE blobs (
	id   INTEGER PRIMARY KEY,
	run  INTEGER NOT NULL REFERENCES runs(id),
	name TEXT    NOT NULL,
	data BLOB    NOT NULL,
	UNIQUE (run, name)
);
`,
	// 2: users and sessions (remote mode); publication of a run as a
	// round, with triggers that make a published run, its result, its
	// blobs and the files it read immutable; the process table that tells
	// a live server's running runs from a dead one's.
	`
CREATE TABLE users (
	name    TEXT    PRIMARY KEY,
	hash    TEXT    NOT NULL,
	created INTEGER NOT NULL
);
CREATE TABLE sessions (
	hash    BLOB    PRIMARY KEY,
	user    TEXT    NOT NULL,
	csrf    TEXT    NOT NULL,
	expires INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires);
CREATE TABLE process (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	token   TEXT    NOT NULL UNIQUE,
	pid     INTEGER NOT NULL,
	host    TEXT    NOT NULL,
	started INTEGER NOT NULL
);
ALTER TABLE runs ADD COLUMN owner INTEGER;
ALTER TABLE runs ADD COLUMN published INTEGER;
ALTER TABLE runs ADD COLUMN published_by TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX runs_published ON runs(season, round) WHERE published IS NOT NULL;

CREATE TRIGGER runs_published_update BEFORE UPDATE ON runs
	WHEN OLD.published IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable run'); END;
CREATE TRIGGER runs_published_delete BEFORE DELETE ON runs
	WHEN OLD.published IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable run'); END;

CREATE TRIGGER results_published_insert BEFORE INSERT ON results
	WHEN (SELECT published FROM runs WHERE id = NEW.run) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable result'); END;
CREATE TRIGGER results_published_update BEFORE UPDATE ON results
	WHEN (SELECT published FROM runs WHERE id = OLD.run) IS NOT NULL
	  OR (SELECT published FROM runs WHERE id = NEW.run) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable result'); END;
CREATE TRIGGER results_published_delete BEFORE DELETE ON results
	WHEN (SELECT published FROM runs WHERE id = OLD.run) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable result'); END;

CREATE TRIGGER blobs_published_insert BEFORE INSERT ON blobs
	WHEN (SELECT published FROM runs WHERE id = NEW.run) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable blob'); END;
CREATE TRIGGER blobs_published_update BEFORE UPDATE ON blobs
	WHEN (SELECT published FROM runs WHERE id = OLD.run) IS NOT NULL
	  OR (SELECT published FROM runs WHERE id = NEW.run) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable blob'); END;
CREATE TRIGGER blobs_published_delete BEFORE DELETE ON blobs
	WHEN (SELECT published FROM runs WHERE id = OLD.run) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable blob'); END;

CREATE TRIGGER files_published_update BEFORE UPDATE ON files
	WHEN EXISTS (SELECT 1 FROM runs WHERE published IS NOT NULL
		AND (cohort = OLD.id OR responses = OLD.id OR changes = OLD.id))
	  OR (SELECT published FROM runs WHERE id = OLD.derived) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable file'); END;
CREATE TRIGGER files_published_delete BEFORE DELETE ON files
	WHEN EXISTS (SELECT 1 FROM runs WHERE published IS NOT NULL
		AND (cohort = OLD.id OR responses = OLD.id OR changes = OLD.id))
	  OR (SELECT published FROM runs WHERE id = OLD.derived) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable file'); END;
CREATE TRIGGER file_data_published_update BEFORE UPDATE ON file_data
	WHEN EXISTS (SELECT 1 FROM runs WHERE published IS NOT NULL
		AND (cohort = OLD.file OR responses = OLD.file OR changes = OLD.file))
	  OR (SELECT r.published FROM files f JOIN runs r ON r.id = f.derived WHERE f.id = OLD.file) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable file'); END;
CREATE TRIGGER file_data_published_delete BEFORE DELETE ON file_data
	WHEN EXISTS (SELECT 1 FROM runs WHERE published IS NOT NULL
		AND (cohort = OLD.file OR responses = OLD.file OR changes = OLD.file))
	  OR (SELECT r.published FROM files f JOIN runs r ON r.id = f.derived WHERE f.id = OLD.file) IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'published: immutable file'); END;
`,
}

// migrate brings the database to version target (len(migrations) in
// Open; smaller in the tests that build older databases), one step per
// transaction. The version is read and the step applied in the same
// IMMEDIATE transaction, so two processes opening one old database at once
// do not apply a step twice. A database newer than len(migrations) gives
// ErrNewerSchema before anything is written.
func (s *Store) migrate(ctx context.Context, target int) error {
	for {
		done := false
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var v int
			if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
				return err
			}
			if v > len(migrations) {
				return fmt.Errorf("%w (version %d, this program knows %d)", ErrNewerSchema, v, len(migrations))
			}
			if v >= target {
				done = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("store: migration to version %d: %w", v+1, err)
			}
			// PRAGMA takes no parameters; v+1 is an int.
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1))
			return err
		})
		if err != nil || done {
			return err
		}
	}
}
