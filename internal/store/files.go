package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// FileKind says what an uploaded file holds.
type FileKind string

// The kinds of file.
const (
	KindCohort    FileKind = "cohort"    // a cohort: students, positions, policies
	KindResponses FileKind = "responses" // the students' responses to a round
	KindChanges   FileKind = "changes"   // a what-if's change file
)

// File is an uploaded (or derived) file's metadata; its bytes are read
// with FileData.
type File struct {
	ID, Season  int64    // ID assigned by AddFile; the season it belongs to
	Kind        FileKind // cohort, responses or changes
	Name        string   // as uploaded; shown, never used as a path
	Format      string   // "xlsx", "csv-zip", "csv", "json"
	Size        int64    // set by AddFile: len(data)
	SHA256      string   // set by AddFile: hex SHA-256 of data
	Accepted    bool     // false: rejected by validation (kept so the planner sees its problems)
	Fingerprint string   // model fingerprint of an accepted cohort/responses
	Outcome     []byte   // JSON the web app stores: problems or summary
	Derived     int64    // a round's cohort: the run that made it; 0 for an upload
	CreatedBy   string
	Created     time.Time // set by AddFile
}

// AddFile stores f and its bytes in one transaction and returns f with
// its ID, Size, SHA256 and Created set. The season must exist, and so must
// Derived when not 0. data is not modified nor kept.
//
// A run derives at most one file: when a file derived from f.Derived is
// already stored (two requests raced to make it), AddFile stores nothing
// and returns that file with ErrExists; the look-up and the insert are one
// transaction, so no two derived files of one run can be stored.
func (s *Store) AddFile(ctx context.Context, f File, data []byte) (File, error) {
	got, _, err := s.addFile(ctx, f, data, false)
	return got, err
}

// AddFileOnce is AddFile for an upload that may have been sent twice (a
// double click, the same file chosen again): when the season already holds
// an uploaded file of f's kind with the same bytes (SHA-256), it stores
// nothing and returns that file with existed true.
func (s *Store) AddFileOnce(ctx context.Context, f File, data []byte) (_ File, existed bool, _ error) {
	return s.addFile(ctx, f, data, true)
}

func (s *Store) addFile(ctx context.Context, f File, data []byte, once bool) (File, bool, error) {
	switch f.Kind {
	case KindCohort, KindResponses, KindChanges:
	default:
		return File{}, false, fmt.Errorf("store: unknown kind of file %q", f.Kind)
	}
	if data == nil {
		data = []byte{}
	}
	sum := sha256.Sum256(data)
	f.Size = int64(len(data))
	f.SHA256 = hex.EncodeToString(sum[:])
	f.Created = time.UnixMilli(now())
	var old File
	found := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT 1 FROM seasons WHERE id = ?`, f.Season); err != nil {
			return fmt.Errorf("%w: season %d", err, f.Season)
		}
		if f.Derived != 0 {
			if err := exists(ctx, tx, `SELECT 1 FROM runs WHERE id = ?`, f.Derived); err != nil {
				return fmt.Errorf("%w: run %d", err, f.Derived)
			}
		}
		// (The transaction is immediate: a writer at a time, so the
		// look-up and the insert below cannot interleave with another's.)
		var prev *sql.Row
		switch {
		case f.Derived != 0:
			prev = tx.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM files WHERE derived = ? ORDER BY id LIMIT 1`, f.Derived)
		case once:
			prev = tx.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM files
				WHERE season = ? AND kind = ? AND sha256 = ? AND derived IS NULL ORDER BY id DESC LIMIT 1`,
				f.Season, string(f.Kind), f.SHA256)
		}
		if prev != nil {
			o, err := scanFile(prev)
			switch {
			case err == nil:
				old, found = o, true
				return nil
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO files
			(season, kind, name, format, size, sha256, accepted, fingerprint, outcome, derived, created_by, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			f.Season, string(f.Kind), f.Name, f.Format, f.Size, f.SHA256, f.Accepted, f.Fingerprint,
			f.Outcome, nullID(f.Derived), f.CreatedBy, f.Created.UnixMilli()).Scan(&f.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO file_data (file, data) VALUES (?, ?)`, f.ID, data)
		return err
	})
	switch {
	case err != nil:
		return File{}, false, err
	case found && f.Derived != 0:
		return old, true, fmt.Errorf("%w: a file derived from run %d (file %d)", ErrExists, f.Derived, old.ID)
	case found:
		return old, true, nil
	}
	f.Outcome = clone(f.Outcome)
	return f, false, nil
}

// exists returns ErrNotFound unless query finds a row.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	var one int
	return wrap(tx.QueryRowContext(ctx, query, args...).Scan(&one))
}

const fileColumns = `id, season, kind, name, format, size, sha256, accepted, fingerprint, outcome, derived, created_by, created`

func scanFile(r interface{ Scan(...any) error }) (File, error) {
	var f File
	var kind string
	var derived, created sql.NullInt64
	if err := r.Scan(&f.ID, &f.Season, &kind, &f.Name, &f.Format, &f.Size, &f.SHA256, &f.Accepted,
		&f.Fingerprint, &f.Outcome, &derived, &f.CreatedBy, &created); err != nil {
		return File{}, err
	}
	f.Kind = FileKind(kind)
	f.Derived = derived.Int64
	f.Created = toTime(created)
	return f, nil
}

// File is the metadata of the file with the given ID, or ErrNotFound.
func (s *Store) File(ctx context.Context, id int64) (File, error) {
	f, err := scanFile(s.db.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM files WHERE id = ?`, id))
	return f, wrap(err)
}

// FileData is the bytes of the file with the given ID, or ErrNotFound.
func (s *Store) FileData(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM file_data WHERE file = ?`, id).Scan(&data)
	if err != nil {
		return nil, wrap(err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// Files lists a season's files of the given kind ("" for every kind),
// newest first, without their bytes.
func (s *Store) Files(ctx context.Context, season int64, kind FileKind) ([]File, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+fileColumns+` FROM files
		WHERE season = ? AND (? = '' OR kind = ?) ORDER BY id DESC`, season, string(kind), string(kind))
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, wrap(err)
		}
		out = append(out, f)
	}
	return out, wrap(rows.Err())
}

// clone copies b, keeping nil as nil, so that what the caller gave or got
// is never shared with the store.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
