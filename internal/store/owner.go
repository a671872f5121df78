package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// owner is a Store's registration as a live process: its row in the
// process table and the lock file it holds, named by its token.
type owner struct {
	id    int64
	token string
	lock  *lockFile
}

// release unlocks and removes the lock file.
func (o *owner) release() error {
	return o.lock.unlockAndRemove()
}

// lockPath is the lock file of the process registered with token, beside
// the database: "<db>-owner-<token>".
func (s *Store) lockPath(token string) string {
	return s.path + "-owner-" + token
}

// register locks a fresh lock file, then records it in the process table:
// in that order, so that a row always names a file that was locked when
// the row appeared, and another Open never takes a starting Store for
// dead.
func (s *Store) register(ctx context.Context) error {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	lf, ok, err := lockExclusive(s.lockPath(token))
	if err != nil {
		return fmt.Errorf("store: lock file: %w", err)
	}
	if !ok {
		return fmt.Errorf("store: lock file %s is held by another process", s.lockPath(token))
	}
	host, _ := os.Hostname()
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO process (token, pid, host, started) VALUES (?, ?, ?, ?) RETURNING id`,
			token, os.Getpid(), host, now()).Scan(&id)
	})
	if err != nil {
		lf.unlockAndRemove()
		return err
	}
	s.owner = &owner{id: id, token: token, lock: lf}
	return nil
}

// reapDead finds the registered processes that are dead (their lock file
// can be locked, or is gone), removes their rows and marks their running
// runs failed with Error "interrupted", as well as any running run whose
// owner is not registered at all (a database from before the process
// table, or a row removed by hand). It then removes the dead lock files.
func (s *Store) reapDead(ctx context.Context) error {
	type proc struct {
		id    int64
		token string
	}
	var procs []proc
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, token FROM process WHERE id <> ?`, s.owner.id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p proc
			if err := rows.Scan(&p.id, &p.token); err != nil {
				return err
			}
			procs = append(procs, p)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	var dead []int64
	var held []*lockFile
	defer func() {
		for _, lf := range held {
			lf.unlockAndRemove()
		}
	}()
	for _, p := range procs {
		if !validToken(p.token) {
			dead = append(dead, p.id) // never ours: not a name we could have made
			continue
		}
		lf, ok, err := lockExistingExclusive(s.lockPath(p.token))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			dead = append(dead, p.id)
		case err != nil:
			return fmt.Errorf("store: lock file: %w", err)
		case ok:
			dead = append(dead, p.id)
			held = append(held, lf) // kept locked until the rows are gone
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range dead {
			if _, err := tx.ExecContext(ctx, `DELETE FROM process WHERE id = ?`, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'failed', error = 'interrupted', finished = ?
			WHERE status = 'running' AND (owner IS NULL OR owner NOT IN (SELECT id FROM process))`, now())
		return err
	})
	if err != nil {
		return err
	}
	live := map[string]bool{s.owner.token: true}
	for _, p := range procs {
		live[p.token] = true
	}
	s.removeStrayLocks(live)
	return nil
}

// removeStrayLocks removes the lock files beside the database that no
// registered process names and nobody holds: those of a process killed
// after its row was removed and before its file was. A file that is
// locked is kept (a Store between locking its file and registering).
// Failures are ignored: a stray file costs nothing but a name.
func (s *Store) removeStrayLocks(registered map[string]bool) {
	dir, base := filepath.Split(s.path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := base + "-owner-"
	for _, e := range entries {
		token, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !validToken(token) || registered[token] {
			continue
		}
		if lf, ok, err := lockExistingExclusive(s.lockPath(token)); err == nil && ok {
			lf.unlockAndRemove()
		}
	}
}

// validToken reports whether t is a token register makes (32 lower-case
// hex digits), so that a lock path built from it stays beside the database.
func validToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	return strings.Trim(t, "0123456789abcdef") == ""
}
