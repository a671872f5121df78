package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestArchives runs the archives' build as go run ./internal/dist does,
// unpacks the Linux one and runs its demo, and checks that the Windows and
// macOS archives hold a binary of their platform, the README and the quick
// start, and that SHA256SUMS holds each archive's sum. Cross-building the
// three binaries takes a minute or more from a cold build cache, so -short
// skips it; CI runs it.
func TestArchives(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-builds three binaries; skipped with -short")
	}
	out := t.TempDir()
	files, err := build(context.Background(), options{Root: "../..", Out: out, Version: "v0.0.0-test", Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"placement_v0.0.0-test_windows_amd64.zip",
		"placement_v0.0.0-test_darwin_arm64.tar.gz",
		"placement_v0.0.0-test_linux_amd64.tar.gz",
		"SHA256SUMS",
	}
	if len(files) != len(want) {
		t.Fatalf("build wrote %q, want %q", files, want)
	}
	for i, f := range files {
		if filepath.Base(f) != want[i] {
			t.Fatalf("build wrote %q, want %q", files, want)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}

	// The sums are those of the archives.
	sums, err := os.ReadFile(files[3])
	if err != nil {
		t.Fatal(err)
	}
	var wantSums strings.Builder
	for _, f := range files[:3] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(data)
		wantSums.WriteString(hex.EncodeToString(s[:]) + "  " + filepath.Base(f) + "\n")
	}
	if string(sums) != wantSums.String() {
		t.Errorf("SHA256SUMS:\n%s\nwant:\n%s", sums, wantSums.String())
	}

	for i, tg := range targets {
		entries := readArchive(t, files[i])
		dir := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(files[i]), ".zip"), ".tar.gz")
		bin := entries[dir+"/"+tg.exe()]
		if bin == nil {
			t.Fatalf("%s: no %s/%s in %v", files[i], dir, tg.exe(), keys(entries))
		}
		if !bytes.Equal(entries[dir+"/README.md"], readme) {
			t.Errorf("%s: README.md is not the repository's", files[i])
		}
		if len(entries[dir+"/docs/report.png"]) == 0 {
			t.Errorf("%s: no docs/report.png, the README's picture", files[i])
		}
		qs := string(entries[dir+"/QUICKSTART.txt"])
		for _, s := range []string{"快速入门", "Quick start", tg.exe() + " demo", "v0.0.0-test"} {
			if !strings.Contains(qs, s) {
				t.Errorf("%s: QUICKSTART.txt does not say %q", files[i], s)
			}
		}
		checkFormat(t, tg, bin)
	}

	// The Linux binary runs its demo here.
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("the linux/amd64 demo does not run on %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	unpacked := t.TempDir()
	dir := "placement_v0.0.0-test_linux_amd64"
	for name, data := range readArchive(t, files[2]) {
		p := filepath.Join(unpacked, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(unpacked, dir, "placement")
	ver, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(ver), "placement v0.0.0-test (linux/amd64") {
		t.Errorf("placement version: %v, printed %q; want the stamped version", err, ver)
	}
	work := t.TempDir()
	cmd := exec.Command(bin, "demo")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "LC_ALL=C") // the report in English, whatever the machine's language
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("placement demo from the archive: %v\n%s", err, got)
	}
	for _, s := range []string{
		"placement report: group 2026",
		"(1) optimal allocation (least total rank): 4,096 of 5,000 students placed",
		"(2) stable allocation, students first: 3,511 of 5,000 students placed",
		"written: placement-demo/cohort.json",
	} {
		if !strings.Contains(string(got), s) {
			t.Errorf("placement demo from the archive printed no %q:\n%s", s, got)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "placement-demo", "report.html")); err != nil {
		t.Errorf("placement demo from the archive wrote no report: %v", err)
	}

	// Every command the quick start gives runs as written (the demo's
	// again, into the same folder).
	qs, err := os.ReadFile(filepath.Join(unpacked, dir, "QUICKSTART.txt"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(string(qs), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "./placement ") || seen[l] {
			continue
		}
		seen[l] = true
		args := strings.Fields(l)[1:]
		if args[0] == "serve" {
			serveQuickStart(t, bin, work, args)
			continue
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = work
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("the quick start's %q: %v\n%s", l, err, out)
		}
	}
	if len(seen) != 5 {
		t.Errorf("the quick start gives %d commands, want 5 (demo, serve, gen, solve, report): %v", len(seen), seen)
	}
}

// TestDeterministic checks that two builds of the same archive are the same
// bytes: Linux only, so that it costs one build when TestArchives filled
// the cache.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the linux binary twice; skipped with -short")
	}
	var sums []string
	for range 2 {
		out := t.TempDir()
		files, err := build(context.Background(), options{Root: "../..", Out: out, Version: "v0.0.0-test", Targets: targets[2:]})
		if err != nil {
			t.Fatal(err)
		}
		s, err := os.ReadFile(files[len(files)-1])
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, string(s))
	}
	if sums[0] != sums[1] {
		t.Errorf("two builds differ:\n%s\n%s", sums[0], sums[1])
	}
}

// checkFormat checks that bin is an executable of the target's platform.
func checkFormat(t *testing.T, tg target, bin []byte) {
	t.Helper()
	r := bytes.NewReader(bin)
	switch tg.GOOS {
	case "windows":
		f, err := pe.NewFile(r)
		if err != nil {
			t.Errorf("placement.exe is not a PE file: %v", err)
			return
		}
		if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
			t.Errorf("placement.exe: machine %#x, want amd64", f.Machine)
		}
	case "darwin":
		f, err := macho.NewFile(r)
		if err != nil {
			t.Errorf("darwin placement is not a Mach-O file: %v", err)
			return
		}
		if f.Cpu != macho.CpuArm64 || f.Type != macho.TypeExec {
			t.Errorf("darwin placement: cpu %v type %v, want arm64 executable", f.Cpu, f.Type)
		}
	case "linux":
		if !bytes.HasPrefix(bin, []byte("\x7fELF")) {
			t.Errorf("linux placement is not an ELF file")
		}
	}
}

// readArchive returns the regular files of a .zip or .tar.gz by name.
func readArchive(t *testing.T, name string) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			files[f.Name] = b
		}
		return files
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = b
	}
	return files
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// serveQuickStart runs the quick start's serve command as written: the
// workbench says where it is, answers there, and stops at Ctrl-C (an
// interrupt) with exit code 0, leaving its database in the folder. No
// browser is opened here: a Linux machine without a display has none.
func serveQuickStart(t *testing.T, bin, work string, args []string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=", "LANG=C")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				url <- strings.Fields(sc.Text()[i:])[0]
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	var u string
	select {
	case u = <-url:
	case <-time.After(30 * time.Second):
		t.Fatalf("the quick start's serve said no address in 30 s: %s", stderr.String())
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("the quick start's serve at %s: %v", u, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the quick start's serve at %s: %s", u, resp.Status)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("the quick start's serve stopped by Ctrl-C: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(work, "placement.db")); err != nil {
		t.Errorf("the quick start's serve left no database in its folder: %v", err)
	}
}
