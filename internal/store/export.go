package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// manifest is season.json, the table of contents of an exported season.
type manifest struct {
	Exported time.Time      `json:"exported"`
	Schema   int            `json:"schema"`
	Season   manifestSeason `json:"season"`
	Files    []manifestFile `json:"files"`
	Runs     []manifestRun  `json:"runs"`
}

type manifestSeason struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Year      int       `json:"year"`
	CreatedBy string    `json:"created_by"`
	Created   time.Time `json:"created"`
}

type manifestFile struct {
	ID          int64           `json:"id"`
	Kind        FileKind        `json:"kind"`
	Name        string          `json:"name"`
	Path        string          `json:"path"`
	Format      string          `json:"format"`
	Size        int64           `json:"size"`
	SHA256      string          `json:"sha256"`
	Accepted    bool            `json:"accepted"`
	Fingerprint string          `json:"fingerprint,omitempty"`
	Outcome     json.RawMessage `json:"outcome,omitempty"`
	Derived     int64           `json:"derived_from_run,omitempty"`
	CreatedBy   string          `json:"created_by"`
	Created     time.Time       `json:"created"`
}

type manifestRun struct {
	ID                int64             `json:"id"`
	Kind              string            `json:"kind"`
	Cohort            int64             `json:"cohort,omitempty"`
	Base              int64             `json:"base,omitempty"`
	Responses         int64             `json:"responses,omitempty"`
	Changes           int64             `json:"changes,omitempty"`
	Round             int               `json:"round"`
	Options           json.RawMessage   `json:"options,omitempty"`
	Status            RunStatus         `json:"status"`
	Error             string            `json:"error,omitempty"`
	CreatedBy         string            `json:"created_by"`
	Started           time.Time         `json:"started"`
	Finished          *time.Time        `json:"finished,omitempty"`
	CohortFingerprint string            `json:"cohort_fingerprint,omitempty"`
	ResultFingerprint string            `json:"result_fingerprint,omitempty"`
	Summary           json.RawMessage   `json:"summary,omitempty"`
	Published         *time.Time        `json:"published,omitempty"`
	PublishedBy       string            `json:"published_by,omitempty"`
	Result            string            `json:"result,omitempty"`
	Blobs             map[string]string `json:"blobs,omitempty"` // blob name → path
}

// ExportSeason writes one season as plain files into the folder dir, which
// must not exist (ErrExists):
//
//	season.json                 the manifest: the season, its files and runs
//	                            with who and when, fingerprints, paths below
//	files/<id>-<safe name>      every file's bytes as uploaded
//	runs/<id>-result.json       every finished run's result
//	runs/<id>-<safe blob name>  its blobs
//
// Names come from the store and are made safe (letters, digits and a few
// marks; no separators, no leading dot, bounded length), never used as
// paths. Everything is read from one snapshot of the database and written
// into a temporary folder beside dir, renamed to dir at the end: dir
// appears complete or not at all.
func (s *Store) ExportSeason(ctx context.Context, season int64, dir string) (err error) {
	dir = filepath.Clean(dir)
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: export: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".partial-")
	if err != nil {
		return fmt.Errorf("store: export: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	err = s.readTx(ctx, func(tx *sql.Tx) error { return exportSeason(ctx, tx, season, tmp) })
	if err != nil {
		return err
	}
	syncDir(tmp)
	syncDir(filepath.Join(tmp, "files"))
	syncDir(filepath.Join(tmp, "runs"))
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("store: export: %w", err)
	}
	syncDir(filepath.Dir(dir))
	return nil
}

func exportSeason(ctx context.Context, tx *sql.Tx, season int64, tmp string) error {
	se, err := scanSeason(tx.QueryRowContext(ctx, `SELECT `+seasonColumns+` FROM seasons WHERE id = ?`, season))
	if err != nil {
		return fmt.Errorf("%w: season %d", wrap(err), season)
	}
	m := manifest{
		Exported: time.Now().UTC(),
		Season:   manifestSeason{ID: se.ID, Name: se.Name, Year: se.Year, CreatedBy: se.CreatedBy, Created: se.Created.UTC()},
		Files:    []manifestFile{},
		Runs:     []manifestRun{},
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&m.Schema); err != nil {
		return err
	}
	for _, sub := range []string{"files", "runs"} {
		if err := os.Mkdir(filepath.Join(tmp, sub), 0o755); err != nil {
			return err
		}
	}

	// Files, oldest first; their bytes one at a time.
	var files []File
	if err := queryEach(ctx, tx, `SELECT `+fileColumns+` FROM files WHERE season = ? ORDER BY id`, []any{season},
		func(r *sql.Rows) error {
			f, err := scanFile(r)
			files = append(files, f)
			return err
		}); err != nil {
		return err
	}
	for _, f := range files {
		var data []byte
		if err := tx.QueryRowContext(ctx, `SELECT data FROM file_data WHERE file = ?`, f.ID).Scan(&data); err != nil {
			return fmt.Errorf("file %d: %w", f.ID, err)
		}
		rel := "files/" + strconv.FormatInt(f.ID, 10) + "-" + safeName(f.Name)
		if err := writeFile(tmp, rel, data); err != nil {
			return err
		}
		m.Files = append(m.Files, manifestFile{ID: f.ID, Kind: f.Kind, Name: f.Name, Path: rel, Format: f.Format,
			Size: f.Size, SHA256: f.SHA256, Accepted: f.Accepted, Fingerprint: f.Fingerprint, Outcome: rawJSON(f.Outcome),
			Derived: f.Derived, CreatedBy: f.CreatedBy, Created: f.Created.UTC()})
	}

	var runs []Run
	if err := queryEach(ctx, tx, `SELECT `+runColumns+` FROM runs WHERE season = ? ORDER BY id`, []any{season},
		func(r *sql.Rows) error {
			run, err := scanRun(r)
			runs = append(runs, run)
			return err
		}); err != nil {
		return err
	}
	for _, r := range runs {
		mr := manifestRun{ID: r.ID, Kind: r.Kind, Cohort: r.Cohort, Base: r.Base, Responses: r.Responses, Changes: r.Changes,
			Round: r.Round, Options: rawJSON(r.Options), Status: r.Status, Error: r.Error, CreatedBy: r.CreatedBy,
			Started: r.Started.UTC(), Finished: optTime(r.Finished), CohortFingerprint: r.CohortFingerprint,
			ResultFingerprint: r.ResultFingerprint, Summary: rawJSON(r.Summary), Published: optTime(r.Published),
			PublishedBy: r.PublishedBy}
		id := strconv.FormatInt(r.ID, 10)
		var result []byte
		switch err := tx.QueryRowContext(ctx, `SELECT data FROM results WHERE run = ?`, r.ID).Scan(&result); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("run %d: %w", r.ID, err)
		default:
			mr.Result = "runs/" + id + "-" + ResultName
			if err := writeFile(tmp, mr.Result, result); err != nil {
				return err
			}
		}
		var names []string
		if err := queryEach(ctx, tx, `SELECT name FROM blobs WHERE run = ? ORDER BY name`, []any{r.ID},
			func(rows *sql.Rows) error {
				var n string
				err := rows.Scan(&n)
				names = append(names, n)
				return err
			}); err != nil {
			return err
		}
		used := map[string]bool{ResultName: true}
		for i, name := range names {
			var data []byte
			if err := tx.QueryRowContext(ctx, `SELECT data FROM blobs WHERE run = ? AND name = ?`, r.ID, name).Scan(&data); err != nil {
				return fmt.Errorf("run %d blob %q: %w", r.ID, name, err)
			}
			safe := safeName(name)
			if used[safe] { // two names made safe alike, or a blob named like the result
				safe = strconv.Itoa(i+1) + "-" + safe
			}
			used[safe] = true
			rel := "runs/" + id + "-" + safe
			if err := writeFile(tmp, rel, data); err != nil {
				return err
			}
			if mr.Blobs == nil {
				mr.Blobs = map[string]string{}
			}
			mr.Blobs[name] = rel
		}
		m.Runs = append(m.Runs, mr)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(tmp, "season.json", append(b, '\n'))
}

// queryEach runs query and calls f on each row.
func queryEach(ctx context.Context, tx *sql.Tx, query string, args []any, f func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// rawJSON keeps b in the manifest as JSON when it is valid JSON, and as a
// JSON string otherwise (the web app stores JSON; the store does not check).
func rawJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	if json.Valid(b) {
		return json.RawMessage(b)
	}
	s, _ := json.Marshal(string(b))
	return s
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// writeFile writes data to root/rel (rel made by this file, slash
// separated) and syncs it.
func writeFile(root, rel string, data []byte) error {
	f, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(rel)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// syncDir syncs a folder's entries, so that a rename into it survives a
// power cut. Windows cannot sync a folder: there it does nothing, and its
// error is ignored everywhere (the files themselves are synced).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// maxSafeName bounds a safe name's length in bytes, leaving room for the
// "<id>-" prefix within common 255-byte name limits.
const maxSafeName = 120

// safeName turns a name from the store (an upload's name, a blob's name)
// into a file name that is safe in any folder on Windows, macOS and Linux:
// letters (any script), digits, '.', '-', '_', '(', ')' and spaces are
// kept, everything else (separators, ':', control characters, ...) becomes
// '_'; no leading dot or space, no trailing dot or space, at most 120
// bytes, and "file" for nothing left. It never returns "", ".", "..", nor
// a name with a path separator. It may return a name Windows reserves
// ("CON", "NUL"): callers prefix it ("<id>-"), which no reserved name has.
func safeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError:
			b.WriteRune('_')
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_() ", r):
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	out := strings.Trim(b.String(), ". ")
	if len(out) > maxSafeName {
		cut := maxSafeName
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = strings.TrimRight(out[:cut], ". ")
	}
	if out == "" {
		return "file"
	}
	return out
}
