package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemo runs the README's main job on a small group preset and checks
// what it leaves: a cohort that solve reads, two results that check
// passes, a report page with every chart, and the charts as files.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, stdout, stderr := runCmd("demo", "-out", dir, "-scale", "0.2", "-seed", "5", "-lang", "en")
	require.Equal(t, 0, code, stderr)
	// Nothing on stderr but, on a machine without a Chinese font, the
	// report's warning that the charts show IDs.
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if line != "" && !strings.HasPrefix(line, "placement demo: warning: no font with Chinese characters") {
			t.Errorf("stderr: %q", line)
		}
	}
	assert.Contains(t, stdout, "(1) optimal allocation (least total rank):")
	assert.Contains(t, stdout, "(2) stable allocation, students first:")
	assert.Contains(t, stdout, "open it in a browser")

	cohort := filepath.Join(dir, "cohort.json")
	for _, r := range []string{"stable.json", "optimal.json"} {
		code, out, stderr := runCmd("check", "-cohort", cohort, "-result", filepath.Join(dir, r))
		require.Equal(t, 0, code, "%s: %s%s", r, out, stderr)
		assert.Contains(t, out, "no findings")
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	charts, err := os.ReadDir(filepath.Join(dir, "charts"))
	require.NoError(t, err)
	require.NotEmpty(t, charts)
	for _, f := range charts {
		id := strings.TrimSuffix(f.Name(), ".svg")
		assert.Contains(t, string(page), `id="chart-`+id+`"`)
		info, err := f.Info()
		require.NoError(t, err)
		assert.Greater(t, info.Size(), int64(1000), f.Name())
	}
	// The suggested next command works.
	i := strings.Index(stdout, "next: placement ")
	require.GreaterOrEqual(t, i, 0)
	args := strings.Fields(strings.TrimSpace(stdout[i+len("next: placement "):]))
	code, out, stderr := runCmd(args...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "choices above it:")

	// Run again over the same folder: every file is replaced by the same
	// bytes, and no other file appears.
	before := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			before[p], err = os.ReadFile(p)
		}
		return err
	}))
	code, again, stderr := runCmd("demo", "-out", dir, "-scale", "0.2", "-seed", "5", "-lang", "en")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, stdout, again)
	after := 0
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			after++
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			assert.Equal(t, before[p], b, p)
		}
		return err
	}))
	assert.Equal(t, len(before), after)
}

func TestDemoErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"zero scale", []string{"demo", "-out", dir, "-scale", "0"}, "-scale"},
		{"huge scale", []string{"demo", "-out", dir, "-scale", "1000"}, "-scale"},
		{"out is a file", []string{"demo", "-out", file}, "not a directory"},
		{"extra argument", []string{"demo", "x"}, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, tc.want)
			assert.Empty(t, stdout)
		})
	}
}
