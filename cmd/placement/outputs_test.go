package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hidden lists the hidden files of dir (temporary and set-aside files of
// outputs): none may be left behind.
func hidden(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// TestCommitAllOrNothing: commit puts every output in place, replacing
// what was there, or, when a rename fails, none: the files already renamed
// are removed and what they replaced put back (a file, an empty folder
// given for CSV files), and nothing hidden is left behind.
func TestCommitAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b, c, folder := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"), filepath.Join(dir, "c.json"), filepath.Join(dir, "csv")
	require.NoError(t, os.WriteFile(a, []byte("old a"), 0o644))
	require.NoError(t, os.Mkdir(folder, 0o755))

	// c is a folder with a file by the time of the commit: its rename
	// fails after a, b and the folder are in place.
	var o outputs
	require.NoError(t, o.add(a, text("new a")))
	require.NoError(t, o.add(b, text("new b")))
	require.NoError(t, o.addDir(folder, func(d string) error { return os.WriteFile(filepath.Join(d, "students.csv"), []byte("x"), 0o644) }))
	require.NoError(t, o.add(c, text("new c")))
	require.NoError(t, os.Mkdir(c, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(c, "keep"), []byte("k"), 0o644))
	err := o.commit()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "c.json")
	assert.Equal(t, "old a", readText(t, a), "the file a replaced is put back")
	assert.NoFileExists(t, b, "b was new: removed")
	entries, err := os.ReadDir(folder)
	require.NoError(t, err)
	assert.Empty(t, entries, "the empty folder given is back, empty")
	assert.Equal(t, "k", readText(t, filepath.Join(c, "keep")))
	assert.Empty(t, hidden(t, dir))
	assert.Empty(t, o.staged)

	// The same without the obstacle: everything in place.
	require.NoError(t, os.RemoveAll(c))
	o = outputs{}
	require.NoError(t, o.add(a, text("new a")))
	require.NoError(t, o.add(b, text("new b")))
	require.NoError(t, o.addDir(folder, func(d string) error { return os.WriteFile(filepath.Join(d, "students.csv"), []byte("x"), 0o644) }))
	require.NoError(t, o.commit())
	assert.Equal(t, "new a", readText(t, a))
	assert.Equal(t, "new b", readText(t, b))
	assert.Equal(t, "x", readText(t, filepath.Join(folder, "students.csv")))
	assert.Empty(t, hidden(t, dir))
}

// TestOutputsRefused: before any work, every verb refuses an output that
// would overwrite one of its inputs (in another spelling or through a
// link too), two outputs naming the same file, and an output file named
// after a folder; the message names the flags (in the verb's language),
// the exit code is 2, nothing is written and the inputs are untouched.
func TestOutputsRefused(t *testing.T) {
	dir := t.TempDir()
	cohort := filepath.Join(dir, "cohort.json")
	require.NoError(t, os.WriteFile(cohort, []byte(readText(t, langCohort)), 0o644))
	resp := filepath.Join(dir, "responses.json")
	require.NoError(t, os.WriteFile(resp, []byte(readText(t, "testdata/round/responses.json")), 0o644))
	r1 := filepath.Join(dir, "r1.json")
	code, _, stderr := runCmd("solve", "-cohort", cohort, "-mechanism", "student-da", "-out", r1)
	require.Equal(t, 0, code, stderr)
	folder := gbkFolder(t, dir)
	rg := filepath.Join(dir, "rg.json")
	code, _, stderr = runCmd("solve", "-cohort", folder, "-out", rg)
	require.Equal(t, 0, code, stderr)
	changes := writeFile(t, dir, "changes.json", `{"format": "placement-changes/1", "name": "more seats", "changes": [{"position": "P3", "seats": 2}]}`)
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(r1, link))
	minLink, htmlLink := filepath.Join(dir, "flow.min"), filepath.Join(dir, "report.html")
	require.NoError(t, os.Symlink(cohort, minLink))
	require.NoError(t, os.Symlink(rg, htmlLink))
	plain := writeFile(t, dir, "plain", "a planner's notes")
	adir := filepath.Join(dir, "d.json")
	require.NoError(t, os.Mkdir(adir, 0o755))
	r2, out := filepath.Join(dir, "r2.json"), filepath.Join(dir, "out.json")
	other := dir + string(filepath.Separator) + "." + string(filepath.Separator) + "r1.json"

	inputs := map[string]string{}
	for _, p := range []string{cohort, resp, r1, rg, changes, plain, filepath.Join(folder, "students.csv")} {
		inputs[p] = readText(t, p)
	}
	roundArgs := []string{"round", "-cohort", cohort, "-previous", r1, "-responses", resp}
	for _, tc := range []struct {
		name string
		args []string
		en   string // in the English message
		zh   string // in the Chinese one
	}{
		{"round: -out and -cohort-out the same", append(roundArgs, "-out", r2, "-cohort-out", r2),
			"-out " + r2 + " and -cohort-out " + r2 + " are the same file", "是同一个文件"},
		{"round: -out the previous result", append(roundArgs, "-out", r1),
			"-out " + r1 + " would overwrite the input -previous " + r1, "会覆盖输入文件 -previous"},
		{"round: -out the previous result spelt otherwise", append(roundArgs, "-out", other),
			"would overwrite the input -previous", "会覆盖输入文件 -previous"},
		{"round: -out a link to the previous result", append(roundArgs, "-out", link),
			"would overwrite the input -previous", "会覆盖输入文件 -previous"},
		{"round: -cohort-out the responses", append(roundArgs, "-out", r2, "-cohort-out", resp),
			"-cohort-out " + resp + " would overwrite the input -responses", "会覆盖输入文件 -responses"},
		{"round: -cohort-out the cohort", append(roundArgs, "-out", r2, "-cohort-out", cohort),
			"would overwrite the input -cohort", "会覆盖输入文件 -cohort"},
		{"round: -cohort-out a folder", append(roundArgs, "-out", r2, "-cohort-out", adir),
			"-cohort-out " + adir + ": a folder, not a file", "这是文件夹，不是文件"},
		{"solve: -out the cohort", []string{"solve", "-cohort", cohort, "-out", cohort},
			"-out " + cohort + " would overwrite the input -cohort", "会覆盖输入文件 -cohort"},
		{"solve: -out a folder", []string{"solve", "-cohort", cohort, "-out", adir},
			"a folder, not a file", "这是文件夹，不是文件"},
		{"whatif: -out and -diff the same", []string{"whatif", "-cohort", folder, "-changes", changes, "-out", out, "-diff", out},
			"-out " + out + " and -diff " + out + " are the same file", "是同一个文件"},
		{"whatif: -diff the changes", []string{"whatif", "-cohort", folder, "-changes", changes, "-out", out, "-diff", changes},
			"-diff " + changes + " would overwrite the input -changes", "会覆盖输入文件 -changes"},
		{"whatif: -changed-cohort and -out the same", []string{"whatif", "-cohort", folder, "-changes", changes, "-out", out, "-changed-cohort", out},
			"are the same file", "是同一个文件"},
		{"whatif: -out a file of the cohort's folder", []string{"whatif", "-cohort", folder, "-changes", changes, "-out", r2, "-diff", filepath.Join(folder, "students.csv")},
			"would overwrite the input -cohort", "会覆盖输入文件 -cohort"},
		{"report: -charts the cohort's folder", []string{"report", "-cohort", folder, "-result", rg, "-charts", folder},
			"-charts " + folder + " would overwrite the input -cohort", "会覆盖输入文件"},
		{"gen -responses: -out the previous result", []string{"gen", "-responses", "-cohort", cohort, "-previous", r1, "-out", r1},
			"-out " + r1 + " would overwrite the input -previous", "会覆盖输入文件 -previous"},
		{"gen: -out a file where a folder of CSV files goes", []string{"gen", "-scale", "0.01", "-out", plain},
			"-out " + plain + ": a file, not a folder", "这是文件，不是文件夹"},
		{"export-flow: -out a link to the cohort", []string{"export-flow", "-cohort", cohort, "-out", minLink},
			"-out " + minLink + " would overwrite the input -cohort", "会覆盖输入文件 -cohort"},
		{"report: -html a link to the result", []string{"report", "-cohort", folder, "-result", rg, "-html", htmlLink},
			"-html " + htmlLink + " would overwrite the input -result", "会覆盖输入文件 -result"},
	} {
		for _, l := range []string{"en", "zh"} {
			args := append([]string{tc.args[0], "-lang", l}, tc.args[1:]...)
			code, stdout, stderr := runCmd(args...)
			assert.Equal(t, 2, code, "%s (%s): %s%s", tc.name, l, stdout, stderr)
			want := tc.en
			if l == "zh" {
				want = tc.zh
			}
			assert.Contains(t, stderr, want, "%s (%s)", tc.name, l)
			for _, p := range []string{r2, out} {
				assert.NoFileExists(t, p, "%s: nothing written", tc.name)
			}
			for p, was := range inputs {
				assert.Equal(t, was, readText(t, p), "%s: input %s untouched", tc.name, p)
			}
			assert.Empty(t, hidden(t, dir), tc.name)
		}
	}
	entries, err := os.ReadDir(folder)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasSuffix(e.Name(), ".png") || strings.HasPrefix(e.Name(), "."), "no chart or temporary file in the cohort's folder: %s", e.Name())
	}

	// The same files given apart are written, the inputs untouched.
	code, stdout, stderr := runCmd(append(roundArgs, "-out", r2, "-cohort-out", filepath.Join(dir, "c2.json"))...)
	require.Equal(t, 0, code, stdout+stderr)
	assert.FileExists(t, r2)
	assert.FileExists(t, filepath.Join(dir, "c2.json"))
	for p, was := range inputs {
		assert.Equal(t, was, readText(t, p), "input %s untouched", p)
	}
	assert.Empty(t, hidden(t, dir))
}
