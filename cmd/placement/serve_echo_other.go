//go:build !(linux || darwin || freebsd || netbsd || openbsd || windows)

package main

import (
	"errors"
	"os"
)

// echoOff cannot turn the echo off here: the password is read as typed.
func echoOff(f *os.File) (restore func(), err error) {
	return nil, errors.New("no terminal control on this system")
}
