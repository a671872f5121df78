package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
)

func TestGen(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		out  string
		args []string
		want int // students
	}{
		{"g.json", []string{"-students", "400"}, 400},
		{"g.xlsx", []string{"-scale", "0.1", "-seed", "3"}, 500},
		{"gcsv", []string{"-preset", "uniform", "-students", "300"}, 300},
		{"empty", []string{"-preset", "uniform", "-scale", "0.02"}, 100},
	} {
		t.Run(tc.out, func(t *testing.T) {
			out := filepath.Join(dir, tc.out)
			if tc.out == "empty" {
				require.NoError(t, os.Mkdir(out, 0o755)) // an empty folder is filled
			}
			code, stdout, stderr := runCmd(append([]string{"gen", "-out", out}, tc.args...)...)
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, stdout, "written to "+out)
			c, err := loadCohort(out)
			require.NoError(t, err)
			assert.Len(t, c.Students(), tc.want)
			// solve reads it.
			code, stdout, stderr = runCmd("solve", "-cohort", out, "-out", filepath.Join(dir, tc.out+"-result.json"))
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, stdout, "students placed")
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp", "a temporary file or folder is left")
	}
	info, err := os.Stat(filepath.Join(dir, "gcsv"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), info.Mode().Perm())
}

// TestGenDeterministic: the same flags give the same cohort, whatever the
// format.
func TestGenDeterministic(t *testing.T) {
	dir := t.TempDir()
	var data []model.Data
	for _, out := range []string{"a.json", "b.xlsx", "c"} {
		mustRun(t, "gen", "-students", "200", "-seed", "9", "-out", filepath.Join(dir, out))
		c, err := loadCohort(filepath.Join(dir, out))
		require.NoError(t, err)
		data = append(data, c.Data())
	}
	assert.Equal(t, data[0], data[1])
	assert.Equal(t, data[0], data[2])
}

func TestGenErrors(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	require.NoError(t, os.Mkdir(full, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(full, "notes.txt"), []byte("keep"), 0o644))
	aFile := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(aFile, nil, 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad preset", []string{"-preset", "huge", "-out", filepath.Join(dir, "x.json")}, `unknown -preset "huge"`},
		{"zero scale", []string{"-scale", "0", "-out", filepath.Join(dir, "x.json")}, "-scale 0: want a number above 0"},
		{"huge scale", []string{"-scale", "1e300", "-out", filepath.Join(dir, "x.json")}, "-scale 1e+300: at most 10,000 (50,000,000 students)"},
		{"NaN scale", []string{"-scale", "NaN", "-out", filepath.Join(dir, "x.json")}, "want a number above 0"},
		{"not a number", []string{"-scale", "big", "-out", filepath.Join(dir, "x.json")}, `invalid value "big" for flag -scale`},
		{"both sizes", []string{"-scale", "2", "-students", "10", "-out", filepath.Join(dir, "x.json")}, "not both"},
		{"no students", []string{"-students", "0", "-out", filepath.Join(dir, "x.json")}, "-students 0: want at least 1"},
		{"too many", []string{"-preset", "uniform", "-students", "60000000", "-out", filepath.Join(dir, "x.json")}, "synth:"},
		{"no out", nil, "-out is required"},
		{"unknown format", []string{"-out", filepath.Join(dir, "x.yaml")}, `unknown format ".yaml"`},
		{"unwritable", []string{"-out", filepath.Join(dir, "missing", "x.json")}, "x.json: no such file or folder (create the folder first)"},
		{"unwritable folder", []string{"-out", filepath.Join(aFile, "csv")}, "not a directory"},
		{"non-empty folder", []string{"-out", full}, "the folder is not empty"},
		{"extra argument", []string{"-out", filepath.Join(dir, "x.json"), "more"}, `unexpected argument "more"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"gen"}, tc.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.want)
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"full", "file"}, names, "an error left something behind")
	kept, err := os.ReadDir(full)
	require.NoError(t, err)
	assert.Len(t, kept, 1)

	code, _, stderr := runCmd("gen", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr, "usage: placement gen")
}
