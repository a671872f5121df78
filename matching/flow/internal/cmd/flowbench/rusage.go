package main

import "syscall"

// maxRSSMiB returns the peak resident set size of this process in MiB
// (Linux reports ru_maxrss in KiB), or 0 if unknown.
func maxRSSMiB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
