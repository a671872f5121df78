package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgressQuietWhenPiped(t *testing.T) {
	var b bytes.Buffer
	pr := newProgress(&b)
	pr.Stage("loading")
	pr.Detail("%d", 1)
	pr.End()
	assert.Empty(t, b.String())

	// solve's stderr is a buffer here, as it is a pipe or a file in use:
	// no progress line, no escape sequence.
	code, stdout, stderr := runCmd("solve", "-cohort", "testdata/caps.json", "-mechanism", "optimal",
		"-out", filepath.Join(t.TempDir(), "r.json"))
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, stdout+stderr, "\x1b")
	assert.NotContains(t, stdout+stderr, "\r")
}

func TestProgressOnTerminal(t *testing.T) {
	var b syncBuffer
	pr := startProgress(&b, true, time.Millisecond)
	pr.Stage("loading cohort.json")
	assert.Contains(t, b.String(), "] loading cohort.json")
	pr.Detail("%d proposals", 42)
	require.Eventually(t, func() bool { return strings.Contains(b.String(), "loading cohort.json: 42 proposals") },
		5*time.Second, time.Millisecond)
	pr.Stage("solving")
	pr.End()
	pr.End() // a second End is harmless
	out := b.String()
	assert.True(t, strings.HasSuffix(out, "\r\x1b[K"), "the line is cleared at the end: %q", out)
	assert.Contains(t, out, "\r\x1b[K[")
	pr.Stage("after the end")
	assert.Equal(t, out, b.String(), "nothing is drawn after End")
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the
// test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
