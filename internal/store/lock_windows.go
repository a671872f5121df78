//go:build windows

package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile is an open file on which this process holds an exclusive OS
// lock (LockFileEx on its first byte, which belongs to the handle, so two
// Stores in one process exclude each other too). Windows releases it when
// the process dies.
type lockFile struct{ f *os.File }

// lockOpen opens path with flag and locks it without waiting; ok is
// false when another open file holds the lock.
func lockOpen(path string, flag int) (*lockFile, bool, error) {
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		if errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
			return nil, false, nil
		}
		return nil, false, err
	}
	var ol windows.Overlapped
	err = windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		f.Close()
		return nil, false, nil
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return &lockFile{f: f}, true, nil
}

// unlockAndRemove closes the file, which releases the lock, then removes
// it: Windows does not remove an open file. A reaper that opens it in
// between finds it unlocked, which is right: its owner is gone.
func (l *lockFile) unlockAndRemove() error {
	name := l.f.Name()
	err := l.f.Close()
	rerr := os.Remove(name)
	if errors.Is(rerr, os.ErrNotExist) {
		rerr = nil
	}
	return errors.Join(err, rerr)
}
