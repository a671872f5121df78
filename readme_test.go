package placement_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/placement-engine/placement/internal/golden"
)

// TestREADME runs every command of README.md and compares what it prints
// with the output the README shows, under the convention stated in the
// comment at the end of README.md:
//
//   - every ```sh block is run, in order, as one sh script (set -e) in one
//     temporary folder shared by all blocks, with each `go run ./PATH`
//     replaced by a binary built once from PATH (on the PATH of the
//     script, named after PATH's last element), and LC_ALL=en_US.UTF-8 so
//     that the command speaks English whatever the machine's locale;
//   - a ```text block after a ```sh block, with only blank lines between,
//     is what the block prints (stdout and stderr together); a line that
//     is just "..." stands for any number of lines; durations ("69ms",
//     "2.1 s") are masked before comparing;
//   - <!-- readme-test: skip --> on the line before a ```sh block: the
//     block is not run (it needs the repository, installs, or takes long);
//   - <!-- readme-test: file NAME --> before any fenced block: its text is
//     written to NAME in the folder before the next block runs;
//   - <!-- readme-test: exit N --> before a ```sh block: the block's script
//     must exit with N (its last command failing that way), not 0.
//
// With -update the test rewrites each shown output from what the commands
// printed, keeping the "..." lines where the output still fits around
// them:
//
//	go test -run TestREADME . -update
func TestREADME(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the README's commands")
	}
	src, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseReadme(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.blocks) == 0 {
		t.Fatal("README.md has no block to run")
	}

	work := t.TempDir()
	bin := t.TempDir()
	built := map[string]bool{}
	for _, b := range doc.blocks {
		if b.lang != "sh" || b.skip {
			continue
		}
		for _, m := range goRun.FindAllStringSubmatch(b.text, -1) {
			pkg := m[1]
			if built[pkg] {
				continue
			}
			built[pkg] = true
			out, err := exec.Command("go", "build", "-o", filepath.Join(bin, filepath.Base(pkg)), "./"+pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go build ./%s: %v\n%s", pkg, err, out)
			}
		}
	}
	if !built["cmd/placement"] {
		t.Error("README.md runs no `go run ./cmd/placement` command")
	}

	env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "LC_ALL=en_US.UTF-8", "HOME=" + work}
	for _, k := range []string{"SYSTEMROOT", "TMPDIR", "TEMP", "TMP"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	changed := false
	lines := strings.Split(string(src), "\n")
	for i, b := range doc.blocks {
		if b.file != "" {
			name := filepath.Join(work, filepath.FromSlash(b.file))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(b.text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if b.lang != "sh" || b.skip {
			continue
		}
		script := "set -e\n" + goRun.ReplaceAllString(b.text, "$2")
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = work
		cmd.Env = env
		got, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("README.md:%d: %v", b.line, err)
		}
		if code != b.exit {
			t.Errorf("README.md:%d: the block exited with %d, want %d:\n%s\n%s", b.line, code, b.exit, b.text, got)
			continue
		}
		if i+1 >= len(doc.blocks) || doc.blocks[i+1].lang != "text" || !doc.blocks[i+1].follows {
			continue
		}
		out := doc.blocks[i+1]
		gotLines := splitOutput(string(got))
		merged, ok := matchOutput(splitOutput(out.text), gotLines)
		if ok && !golden.Updating() {
			continue
		}
		if !ok && !golden.Updating() {
			t.Errorf("README.md:%d: the output shown differs from what\n%s\nprints (durations masked; -update rewrites it):\n%s",
				out.line, b.text, diffLines(splitOutput(out.text), gotLines))
			continue
		}
		if !ok {
			merged = gotLines
		}
		// Replace the block's body (lines out.line .. out.end-1, 1-based
		// fence at out.line-1) in place, from the end of the file back.
		if strings.Join(merged, "\n") != strings.TrimRight(out.text, "\n") {
			changed = true
			out.replacement = merged
			doc.blocks[i+1] = out
		}
	}
	if golden.Updating() && changed {
		for i := len(doc.blocks) - 1; i >= 0; i-- {
			b := doc.blocks[i]
			if b.replacement == nil {
				continue
			}
			// b.line is the 1-based line of the first body line; b.end
			// the 1-based line of the closing fence.
			lines = append(lines[:b.line-1], append(b.replacement, lines[b.end-1:]...)...)
		}
		if err := os.WriteFile("README.md", []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("rewrote the sample outputs of README.md")
	}
}

// goRun is a `go run ./PATH` in a script: the package path, and the name
// of the binary that replaces it.
var goRun = regexp.MustCompile(`go run \./((?:[\w.-]+/)*([\w.-]+))`)

// block is a fenced block of the README.
type block struct {
	lang    string // the info string's first word
	text    string // the body, with a final newline
	line    int    // 1-based line of the body's first line
	end     int    // 1-based line of the closing fence
	follows bool   // only blank lines between the previous block's end and this one
	skip    bool   // <!-- readme-test: skip -->
	file    string // <!-- readme-test: file NAME -->
	exit    int    // <!-- readme-test: exit N -->

	replacement []string // -update: the new body
}

type readme struct{ blocks []block }

var marker = regexp.MustCompile(`^<!-- readme-test: (skip|file [\w./-]+|exit \d+) -->$`)

// parseReadme finds the fenced blocks of a Markdown file and the
// readme-test markers before them.
func parseReadme(src string) (readme, error) {
	var doc readme
	lines := strings.Split(src, "\n")
	var pending []string // markers since the last block
	lastEnd := -1        // 0-based line of the last closing fence
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := marker.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			pending = append(pending, m[1])
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(l), "<!-- readme-test") {
			return doc, fmt.Errorf("README.md:%d: unknown marker %q", i+1, l)
		}
		if !strings.HasPrefix(l, "```") {
			continue
		}
		b := block{lang: strings.Fields(strings.TrimPrefix(l, "```") + " x")[0], line: i + 2}
		if b.lang == "x" {
			b.lang = ""
		}
		b.follows = lastEnd >= 0 && len(pending) == 0
		for j := lastEnd + 1; b.follows && j < i; j++ {
			if strings.TrimSpace(lines[j]) != "" {
				b.follows = false
			}
		}
		var body []string
		j := i + 1
		for ; j < len(lines) && !strings.HasPrefix(lines[j], "```"); j++ {
			body = append(body, lines[j])
		}
		if j == len(lines) {
			return doc, fmt.Errorf("README.md:%d: a fenced block that does not end", i+1)
		}
		b.end = j + 1
		b.text = strings.Join(body, "\n") + "\n"
		for _, p := range pending {
			switch {
			case p == "skip":
				b.skip = true
			case strings.HasPrefix(p, "file "):
				b.file = strings.TrimPrefix(p, "file ")
			case strings.HasPrefix(p, "exit "):
				b.exit, _ = strconv.Atoi(strings.TrimPrefix(p, "exit "))
			}
		}
		if (b.skip || b.exit != 0) && b.lang != "sh" {
			return doc, fmt.Errorf("README.md:%d: skip and exit markers go before ```sh blocks", i+1)
		}
		pending = nil
		doc.blocks = append(doc.blocks, b)
		lastEnd = j
		i = j
	}
	if len(pending) > 0 {
		return doc, errors.New("README.md: a readme-test marker with no block after it")
	}
	return doc, nil
}

// splitOutput is the lines of an output, trailing spaces and the final
// empty line dropped (Markdown editors drop trailing spaces).
func splitOutput(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " \t\r")
	}
	return ls
}

// duration is a time the command measured: masked before comparing.
var duration = regexp.MustCompile(`\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|m|h)\b`)

func mask(s string) string { return duration.ReplaceAllString(s, "<duration>") }

// elided is the line of a shown output that stands for any lines.
const elided = "..."

// matchOutput matches the shown lines (with "..." lines standing for any
// number of lines) against the printed ones, durations masked. If they
// match, it also returns the shown output with each line taken from the
// printed one it matched (so with today's durations) and the "..." kept.
func matchOutput(want, got []string) ([]string, bool) {
	// ok[i][j]: want[i:] matches got[j:].
	ok := make([][]bool, len(want)+1)
	for i := range ok {
		ok[i] = make([]bool, len(got)+1)
	}
	ok[len(want)][len(got)] = true
	for i := len(want) - 1; i >= 0; i-- {
		for j := len(got); j >= 0; j-- {
			if strings.TrimSpace(want[i]) == elided {
				ok[i][j] = ok[i+1][j] || (j < len(got) && ok[i][j+1])
			} else {
				ok[i][j] = j < len(got) && mask(want[i]) == mask(got[j]) && ok[i+1][j+1]
			}
		}
	}
	if !ok[0][0] {
		return nil, false
	}
	var merged []string
	for i, j := 0, 0; i < len(want); {
		switch {
		case strings.TrimSpace(want[i]) == elided:
			if ok[i+1][j] {
				merged = append(merged, want[i])
				i++
			} else {
				j++
			}
		default:
			merged = append(merged, got[j])
			i, j = i+1, j+1
		}
	}
	return merged, true
}

// diffLines shows the shown and the printed output side by side enough to
// find the difference: the first line that differs, and both in full.
func diffLines(want, got []string) string {
	var b bytes.Buffer
	n := 0
	for n < len(want) && n < len(got) && mask(want[n]) == mask(got[n]) {
		n++
	}
	fmt.Fprintf(&b, "first difference at line %d of the block\n--- shown\n%s\n--- printed\n%s", n+1,
		strings.Join(want, "\n"), strings.Join(got, "\n"))
	return b.String()
}

// TestMatchOutput checks the comparison of shown and printed outputs: the
// "..." lines, the masked durations, and that a difference is one.
func TestMatchOutput(t *testing.T) {
	for _, tc := range []struct {
		name       string
		want, got  []string
		ok         bool
		wantMerged []string
	}{
		{"same", []string{"a", "b"}, []string{"a", "b"}, true, []string{"a", "b"}},
		{"a line differs", []string{"a", "b"}, []string{"a", "c"}, false, nil},
		{"a line more", []string{"a"}, []string{"a", "b"}, false, nil},
		{"a line fewer", []string{"a", "b"}, []string{"a"}, false, nil},
		{"durations masked, today's kept", []string{"x (load 69ms, solve 2.1s)"}, []string{"x (load 448ms, solve 3s)"}, true, []string{"x (load 448ms, solve 3s)"}},
		{"a count is not a duration", []string{"placed 3512"}, []string{"placed 3513"}, false, nil},
		{"elision in the middle", []string{"a", "...", "z"}, []string{"a", "b", "c", "z"}, true, []string{"a", "...", "z"}},
		{"elision of nothing", []string{"a", "...", "z"}, []string{"a", "z"}, true, []string{"a", "...", "z"}},
		{"elision at the end", []string{"a", "..."}, []string{"a", "b"}, true, []string{"a", "..."}},
		{"elision does not skip a difference after it", []string{"a", "...", "z"}, []string{"a", "b", "y"}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			merged, ok := matchOutput(tc.want, tc.got)
			if ok != tc.ok || strings.Join(merged, "\n") != strings.Join(tc.wantMerged, "\n") {
				t.Errorf("matchOutput(%q, %q) = %q, %v; want %q, %v", tc.want, tc.got, merged, ok, tc.wantMerged, tc.ok)
			}
		})
	}
}

// TestParseReadme checks the markers and which text block is a block's
// output.
func TestParseReadme(t *testing.T) {
	src := "intro\n<!-- readme-test: file d/x.json -->\n```json\n{}\n```\n\n<!-- readme-test: exit 2 -->\n```sh\ncmd\n```\n\n```text\nout\n```\n<!-- readme-test: skip -->\n```sh\nslow\n```\ntext\n```text\nnot an output\n```\n"
	doc, err := parseReadme(src)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		lang, text, file string
		follows, skip    bool
		exit, line, end  int
	}
	var gots []got
	for _, b := range doc.blocks {
		gots = append(gots, got{b.lang, b.text, b.file, b.follows, b.skip, b.exit, b.line, b.end})
	}
	want := []got{
		{"json", "{}\n", "d/x.json", false, false, 0, 4, 5},
		{"sh", "cmd\n", "", false, false, 2, 9, 10},
		{"text", "out\n", "", true, false, 0, 13, 14},
		{"sh", "slow\n", "", false, true, 0, 17, 18},
		{"text", "not an output\n", "", false, false, 0, 21, 22},
	}
	if fmt.Sprint(gots) != fmt.Sprint(want) {
		t.Errorf("parseReadme:\n got %v\nwant %v", gots, want)
	}
	for _, bad := range []string{
		"<!-- readme-test: skp -->\n```sh\nx\n```\n",
		"<!-- readme-test: skip -->\n```text\nx\n```\n",
		"```sh\nx\n",
		"<!-- readme-test: skip -->\n",
	} {
		if _, err := parseReadme(bad); err == nil {
			t.Errorf("parseReadme(%q): no error", bad)
		}
	}
}
