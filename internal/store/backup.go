package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the whole database to path with
// VACUUM INTO, while other goroutines and processes go on reading and
// writing; the copy is compact, in rollback-journal mode, and an ordinary
// database that Open accepts. path must not exist (ErrExists): a backup
// never overwrites anything. On failure nothing is left at path.
//
// To restore, stop the server and put the backup in the database's place
// (removing the old file's -wal and -shm files too).
func (s *Store) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	if abs == s.path {
		return fmt.Errorf("%w: %s", ErrExists, path)
	}
	// VACUUM INTO refuses a target that exists and is not empty, so two
	// backups racing for one path cannot overwrite each other.
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		if _, serr := os.Lstat(abs); serr == nil && !strings.Contains(err.Error(), "output file already exists") {
			os.Remove(abs)
		}
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns nil when SQLite
// answers "ok", otherwise an error listing what it found, and checks that
// no foreign key dangles (PRAGMA foreign_key_check).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return wrap(err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return wrap(err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	fk, err := s.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return wrap(err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid, index any
		if err := fk.Scan(&table, &rowid, &parent, &index); err != nil {
			return wrap(err)
		}
		problems = append(problems, fmt.Sprintf("%s row %v refers to a missing %s", table, rowid, parent))
	}
	if err := fk.Err(); err != nil {
		return wrap(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: the database is damaged: %s", strings.Join(problems, "; "))
	}
	return nil
}
