package store

import (
	"fmt"
	"io/fs"
	"os"
)

// lockExclusive creates path if needed and locks it without waiting; ok is
// false when another open file holds the lock.
func lockExclusive(path string) (*lockFile, bool, error) {
	return lockAt(path, os.O_RDWR|os.O_CREATE)
}

// lockExistingExclusive is lockExclusive for a file that must exist
// already (fs.ErrNotExist otherwise).
func lockExistingExclusive(path string) (*lockFile, bool, error) {
	return lockAt(path, os.O_RDWR)
}

// lockAt locks the file at path and makes sure that the file it locked is
// still the one there: between a Store's open of its new lock file and its
// lock, another Store's Open may find the file unlocked, take it for a
// dead owner's and remove it, and a lock on a removed file would tell
// nobody that its owner lives. A file that went away is made again (with
// os.O_CREATE), else fs.ErrNotExist.
func lockAt(path string, flag int) (*lockFile, bool, error) {
	for range 10 {
		lf, ok, err := lockOpen(path, flag)
		if err != nil || !ok {
			return lf, ok, err
		}
		locked, err1 := lf.f.Stat()
		there, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(locked, there) {
			return lf, true, nil
		}
		lf.f.Close()
		if flag&os.O_CREATE == 0 {
			return nil, false, fs.ErrNotExist
		}
	}
	return nil, false, fmt.Errorf("the lock file %s was removed each time it was locked", path)
}
