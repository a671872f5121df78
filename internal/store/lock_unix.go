//go:build unix

package store

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockFile is an open file on which this process holds an exclusive OS
// lock (flock, which belongs to the open file, so two Stores in one process
// exclude each other too). The kernel releases it when the process dies.
type lockFile struct{ f *os.File }

// lockOpen opens path with flag and locks it without waiting; ok is
// false when another open file holds the lock.
func lockOpen(path string, flag int) (*lockFile, bool, error) {
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, false, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if errors.Is(err, unix.EWOULDBLOCK) {
		f.Close()
		return nil, false, nil
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return &lockFile{f: f}, true, nil
}

// unlockAndRemove removes the file, then closes it, which releases the
// lock: removed first, so that nobody can open it after the lock is gone.
func (l *lockFile) unlockAndRemove() error {
	err := os.Remove(l.f.Name())
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return errors.Join(err, l.f.Close())
}
