package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// ErrBadPassword: SetPassword refused the password (empty, or longer than
// bcrypt's 72 bytes, which it would silently cut).
var ErrBadPassword = errors.New("store: a password must have 1 to 72 bytes")

// bcryptCost is bcrypt's work factor: about 50-100 ms per check on a
// planner's PC, slow for a guesser, quick for a login.
const bcryptCost = 11

// maxPassword is the longest password bcrypt reads in full.
const maxPassword = 72

// SetPassword sets (or replaces) user's password, stored as a bcrypt hash,
// and ends the user's sessions. An empty user name is refused; a password
// that is empty or longer than 72 bytes gives ErrBadPassword.
func (s *Store) SetPassword(ctx context.Context, user, password string) error {
	user = strings.TrimSpace(user)
	if user == "" {
		return fmt.Errorf("store: a user needs a name")
	}
	if len(password) == 0 || len(password) > maxPassword {
		return ErrBadPassword
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (name, hash, created) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET hash = excluded.hash`, user, string(hash), now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user = ?`, user)
		return err
	})
}

// HasUsers reports whether any user has a password.
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&n); err != nil {
		return false, wrap(err)
	}
	return n == 1, nil
}

// dummyHash is compared against when the user is unknown, so that an
// unknown name takes as long as a wrong password.
// It is made at first use, not at start-up: bcrypt is slow on purpose.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("placement: no such user"), bcryptCost)
	return h
})

// CheckPassword reports whether password is user's. An unknown user, or a
// password that could not have been set, is false with a nil error, after
// the same bcrypt work as a known one.
func (s *Store) CheckPassword(ctx context.Context, user, password string) (bool, error) {
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT hash FROM users WHERE name = ?`, strings.TrimSpace(user)).Scan(&hash)
	known := true
	switch {
	case errors.Is(err, sql.ErrNoRows):
		known, hash = false, string(dummyHash())
	case err != nil:
		return false, wrap(err)
	}
	if len(password) > maxPassword {
		password = "" // still compared, to take the same time; never matches
		known = false
	}
	err = bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	return known && err == nil, nil
}

// Session is a signed-in user's session.
type Session struct {
	User    string
	CSRF    string    // the token every form and non-GET request must carry
	Expires time.Time // after this, Session gives ErrNotFound
}

// tokenBytes is the length of a session token and of a CSRF token before
// base64url.
const tokenBytes = 32

func randomToken() string {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// NewSession starts a session for user, valid for ttl, and returns its
// token (32 random bytes, base64url, for the cookie) and the session with
// its CSRF token. Only the token's SHA-256 is stored. Expired sessions are
// removed on the way. The user need not have a password (local mode's
// session for the OS user).
func (s *Store) NewSession(ctx context.Context, user string, ttl time.Duration) (string, Session, error) {
	if ttl <= 0 {
		return "", Session{}, fmt.Errorf("store: a session needs a positive lifetime")
	}
	token := randomToken()
	se := Session{User: user, CSRF: randomToken(), Expires: time.UnixMilli(time.Now().Add(ttl).UnixMilli())}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires <= ?`, now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user, csrf, expires) VALUES (?, ?, ?, ?)`,
			tokenHash(token), se.User, se.CSRF, se.Expires.UnixMilli())
		return err
	})
	if err != nil {
		return "", Session{}, err
	}
	return token, se, nil
}

// Session is the live session of token; ErrNotFound when the token is
// unknown or the session expired.
func (s *Store) Session(ctx context.Context, token string) (Session, error) {
	if token == "" {
		return Session{}, ErrNotFound
	}
	h := tokenHash(token)
	var stored []byte
	var se Session
	var expires int64
	err := s.db.QueryRowContext(ctx, `SELECT hash, user, csrf, expires FROM sessions WHERE hash = ?`, h).
		Scan(&stored, &se.User, &se.CSRF, &expires)
	if err != nil {
		return Session{}, wrap(err)
	}
	// The lookup is by the hash of a secret, which tells a timing attacker
	// nothing; the comparison is constant-time all the same.
	if subtle.ConstantTimeCompare(stored, h) != 1 || expires <= now() {
		return Session{}, ErrNotFound
	}
	se.Expires = time.UnixMilli(expires)
	return se, nil
}

// EndSession ends the session of token (signing out). An unknown token is
// not an error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, tokenHash(token))
		return err
	})
}
