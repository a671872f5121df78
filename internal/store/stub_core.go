// Package store: THIS FILE IS A STUB (helper core) so that the web app
// compiles against the store's API (design brief) before helper store's
// implementation is merged. Delete it when merging branch store.
package store

import (
	"context"
	"errors"
	"time"
)

var (
	ErrNotFound    = errors.New("store: not found")
	ErrPublished   = errors.New("store: published")
	ErrExists      = errors.New("store: exists")
	ErrNewerSchema = errors.New("store: newer schema")
	errStub        = errors.New("store: not implemented yet (stub)")
)

type Store struct{}

func Open(ctx context.Context, path string) (*Store, error)                       { return nil, errStub }
func (s *Store) Close() error                                                     { return nil }
func (s *Store) SchemaVersion(ctx context.Context) (int, error)                   { return 0, errStub }
func (s *Store) Backup(ctx context.Context, path string) error                    { return errStub }
func (s *Store) IntegrityCheck(ctx context.Context) error                         { return errStub }
func (s *Store) ExportSeason(ctx context.Context, season int64, dir string) error { return errStub }

type Season struct {
	ID        int64
	Name      string
	Year      int
	CreatedBy string
	Created   time.Time
}

func (s *Store) CreateSeason(ctx context.Context, se Season) (Season, error) { return se, errStub }
func (s *Store) Seasons(ctx context.Context) ([]Season, error)               { return nil, errStub }
func (s *Store) Season(ctx context.Context, id int64) (Season, error)        { return Season{}, errStub }

type FileKind string

type File struct {
	ID, Season  int64
	Kind        FileKind
	Name        string
	Format      string
	Size        int64
	SHA256      string
	Accepted    bool
	Fingerprint string
	Outcome     []byte
	Derived     int64
	CreatedBy   string
	Created     time.Time
}

func (s *Store) AddFile(ctx context.Context, f File, data []byte) (File, error) { return f, errStub }
func (s *Store) File(ctx context.Context, id int64) (File, error)               { return File{}, errStub }
func (s *Store) FileData(ctx context.Context, id int64) ([]byte, error)         { return nil, errStub }
func (s *Store) Files(ctx context.Context, season int64, kind FileKind) ([]File, error) {
	return nil, errStub
}

type RunStatus string

type Run struct {
	ID, Season                           int64
	Kind                                 string
	Cohort                               int64
	Base                                 int64
	Responses, Changes                   int64
	Round                                int
	Options                              []byte
	Status                               RunStatus
	Error                                string
	CreatedBy                            string
	Started, Finished                    time.Time
	CohortFingerprint, ResultFingerprint string
	Summary                              []byte
	Published                            time.Time
}

func (s *Store) StartRun(ctx context.Context, r Run) (Run, error) { return r, errStub }
func (s *Store) FinishRun(ctx context.Context, id int64, result []byte, resultFingerprint string, summary []byte, blobs map[string][]byte) error {
	return errStub
}
func (s *Store) FailRun(ctx context.Context, id int64, msg string) error { return errStub }
func (s *Store) Run(ctx context.Context, id int64) (Run, error)          { return Run{}, errStub }
func (s *Store) Runs(ctx context.Context, season int64) ([]Run, error)   { return nil, errStub }
func (s *Store) RunResult(ctx context.Context, id int64) ([]byte, error) { return nil, errStub }
func (s *Store) RunBlob(ctx context.Context, id int64, name string) ([]byte, error) {
	return nil, errStub
}
func (s *Store) Publish(ctx context.Context, id int64, by string) (Run, error)  { return Run{}, errStub }
func (s *Store) PublishedRuns(ctx context.Context, season int64) ([]Run, error) { return nil, errStub }

func (s *Store) SetPassword(ctx context.Context, user, password string) error { return errStub }
func (s *Store) HasUsers(ctx context.Context) (bool, error)                   { return false, errStub }
func (s *Store) CheckPassword(ctx context.Context, user, password string) (bool, error) {
	return false, errStub
}

type Session struct {
	User, CSRF string
	Expires    time.Time
}

func (s *Store) NewSession(ctx context.Context, user string, ttl time.Duration) (string, Session, error) {
	return "", Session{}, errStub
}
func (s *Store) Session(ctx context.Context, token string) (Session, error) {
	return Session{}, errStub
}
func (s *Store) EndSession(ctx context.Context, token string) error { return errStub }
