package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RunStatus is where a run stands.
type RunStatus string

// The statuses of a run.
const (
	Running RunStatus = "running" // started, not yet finished
	Done    RunStatus = "done"    // finished with a result
	Failed  RunStatus = "failed"  // ended without a result; Error says why
)

// Interrupted is the Error of a run whose process ended (died, or closed
// its Store) before the run finished.
const Interrupted = "interrupted"

// Run is one run of a mechanism (a solve, a what-if or a round) and what
// it made. Its result and blobs are read with RunResult and RunBlob.
type Run struct {
	ID, Season int64
	Kind       string // "solve", "whatif", "round"
	Cohort     int64  // file the run read (for a round: the next cohort as chosen); 0 none
	Base       int64  // whatif: the run it changes; round: the previous round's (published) run; 0 none
	Responses  int64  // file ID (round); 0 none
	Changes    int64  // file ID (whatif); 0 none
	Round      int    // 1 main allocation, 2.. supplementary rounds
	Options    []byte // JSON: the web app's run options

	Status    RunStatus // set by StartRun, FinishRun, FailRun
	Error     string    // why a failed run failed; Interrupted when its process ended
	CreatedBy string
	Started   time.Time // set by StartRun
	Finished  time.Time // set by FinishRun and FailRun; zero while running

	CohortFingerprint string // the cohort's fingerprint, given to StartRun
	ResultFingerprint string // set by FinishRun
	Summary           []byte // JSON: the web app's summary, set by FinishRun

	Published   time.Time // set by Publish; zero: not published
	PublishedBy string    // set by Publish
}

// StartRun stores r as running, started now by this Store, and returns it
// with its ID, Status and Started set. The season must exist, and so must
// every file and run it names. Status, Error, Finished, ResultFingerprint,
// Summary and Published in r are ignored.
func (s *Store) StartRun(ctx context.Context, r Run) (Run, error) {
	if s.owner == nil {
		return Run{}, errClosed
	}
	r.Status = Running
	r.Error = ""
	r.Started = time.UnixMilli(now())
	r.Finished = time.Time{}
	r.ResultFingerprint = ""
	r.Summary = nil
	r.Published = time.Time{}
	r.PublishedBy = ""
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT 1 FROM seasons WHERE id = ?`, r.Season); err != nil {
			return fmt.Errorf("%w: season %d", err, r.Season)
		}
		for _, ref := range []struct {
			table string
			id    int64
		}{{"files", r.Cohort}, {"runs", r.Base}, {"files", r.Responses}, {"files", r.Changes}} {
			if ref.id == 0 {
				continue
			}
			if err := exists(ctx, tx, `SELECT 1 FROM `+ref.table+` WHERE id = ?`, ref.id); err != nil {
				return fmt.Errorf("%w: %s %d", err, ref.table[:len(ref.table)-1], ref.id)
			}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO runs
			(season, kind, cohort, base, responses, changes, round, options, status, created_by, started,
			 cohort_fingerprint, owner)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?) RETURNING id`,
			r.Season, r.Kind, nullID(r.Cohort), nullID(r.Base), nullID(r.Responses), nullID(r.Changes),
			r.Round, r.Options, r.CreatedBy, r.Started.UnixMilli(), r.CohortFingerprint, s.owner.id).Scan(&r.ID)
	})
	if err != nil {
		return Run{}, err
	}
	r.Options = clone(r.Options)
	return r, nil
}

// ResultName is the name under which ExportSeason writes a run's result;
// FinishRun refuses a blob of that name.
const ResultName = "result.json"

// FinishRun stores a running run's result, its fingerprint, its summary
// and its named blobs ("diff.json", "cohort.json", ...) and marks it done,
// all in one transaction. A run that is not running gives ErrNotRunning
// and nothing is stored. Blob names must be non-empty, not ResultName.
func (s *Store) FinishRun(ctx context.Context, id int64, result []byte, resultFingerprint string, summary []byte, blobs map[string][]byte) error {
	for name := range blobs {
		if name == "" || name == ResultName {
			return fmt.Errorf("store: a run's blob cannot be named %q", name)
		}
	}
	if result == nil {
		result = []byte{}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'done', finished = ?, result_fingerprint = ?, summary = ?
			WHERE id = ? AND status = 'running'`, now(), resultFingerprint, summary, id)
		if err != nil {
			return err
		}
		if err := oneRow(ctx, tx, res, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO results (run, data) VALUES (?, ?)`, id, result); err != nil {
			return err
		}
		for name, data := range blobs {
			if data == nil {
				data = []byte{}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO blobs (run, name, data) VALUES (?, ?, ?)`, id, name, data); err != nil {
				return err
			}
		}
		return nil
	})
}

// oneRow checks that an UPDATE of a running run changed it: otherwise the
// run is missing (ErrNotFound) or not running (ErrNotRunning).
func oneRow(ctx context.Context, tx *sql.Tx, res sql.Result, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	if err := exists(ctx, tx, `SELECT 1 FROM runs WHERE id = ?`, id); err != nil {
		return fmt.Errorf("%w: run %d", err, id)
	}
	return fmt.Errorf("%w: run %d", ErrNotRunning, id)
}

// FailRun marks a running run failed with msg as its Error. A run that is
// not running gives ErrNotRunning.
func (s *Store) FailRun(ctx context.Context, id int64, msg string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'failed', error = ?, finished = ?
			WHERE id = ? AND status = 'running'`, msg, now(), id)
		if err != nil {
			return err
		}
		return oneRow(ctx, tx, res, id)
	})
}

const runColumns = `id, season, kind, cohort, base, responses, changes, round, options, status, error,
	created_by, started, finished, cohort_fingerprint, result_fingerprint, summary, published, published_by`

func scanRun(r interface{ Scan(...any) error }) (Run, error) {
	var run Run
	var status string
	var cohort, base, responses, changes, started, finished, published sql.NullInt64
	if err := r.Scan(&run.ID, &run.Season, &run.Kind, &cohort, &base, &responses, &changes, &run.Round,
		&run.Options, &status, &run.Error, &run.CreatedBy, &started, &finished,
		&run.CohortFingerprint, &run.ResultFingerprint, &run.Summary, &published, &run.PublishedBy); err != nil {
		return Run{}, err
	}
	run.Status = RunStatus(status)
	run.Cohort, run.Base, run.Responses, run.Changes = cohort.Int64, base.Int64, responses.Int64, changes.Int64
	run.Started, run.Finished, run.Published = toTime(started), toTime(finished), toTime(published)
	return run, nil
}

// Run is the run with the given ID, or ErrNotFound.
func (s *Store) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = ?`, id))
	return r, wrap(err)
}

// Runs lists a season's runs (every season's for season 0), newest first,
// without their results and blobs.
func (s *Store) Runs(ctx context.Context, season int64) ([]Run, error) {
	if season == 0 {
		return s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs ORDER BY id DESC`)
	}
	// (A statement of its own: it uses the index runs_by_season.)
	return s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs WHERE season = ? ORDER BY id DESC`, season)
}

// PublishedRuns lists a season's published runs by round.
func (s *Store) PublishedRuns(ctx context.Context, season int64) ([]Run, error) {
	return s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs WHERE season = ? AND published IS NOT NULL ORDER BY round, id`, season)
}

func (s *Store) queryRuns(ctx context.Context, query string, args ...any) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, wrap(err)
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err())
}

// RunResult is the result stored by FinishRun; ErrNotFound for a run that
// does not exist or has no result (running or failed).
func (s *Store) RunResult(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	if err := s.db.QueryRowContext(ctx, `SELECT data FROM results WHERE run = ?`, id).Scan(&data); err != nil {
		return nil, wrap(err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// RunBlob is the blob stored by FinishRun under name, or ErrNotFound.
func (s *Store) RunBlob(ctx context.Context, id int64, name string) ([]byte, error) {
	var data []byte
	if err := s.db.QueryRowContext(ctx, `SELECT data FROM blobs WHERE run = ? AND name = ?`, id, name).Scan(&data); err != nil {
		return nil, wrap(err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// RunBlobNames lists the names of a run's blobs, sorted.
func (s *Store) RunBlobNames(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM blobs WHERE run = ? ORDER BY name`, id)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, wrap(err)
		}
		out = append(out, n)
	}
	return out, wrap(rows.Err())
}

// Publish publishes a done run as its season's round Run.Round, recording
// when and by whom, and returns it. A run not done gives ErrNotDone, one
// already published ErrPublished, and a season whose round already has a
// published run ErrExists. Afterwards the run, its result, its blobs and
// the files it read can be neither changed nor deleted.
func (s *Store) Publish(ctx context.Context, id int64, by string) (Run, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("%w: run %d", wrap(err), id)
		}
		switch {
		case !r.Published.IsZero():
			return fmt.Errorf("%w: run %d is already published", ErrPublished, id)
		case r.Status != Done:
			return fmt.Errorf("%w: run %d is %s", ErrNotDone, id, r.Status)
		}
		_, err = tx.ExecContext(ctx, `UPDATE runs SET published = ?, published_by = ? WHERE id = ?`, now(), by, id)
		return err
	})
	if err != nil {
		return Run{}, err
	}
	return s.Run(ctx, id)
}
