package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// target is a platform an archive is built for.
type target struct {
	GOOS, GOARCH string
}

// targets are the platforms of the archives: the planners' Windows PCs,
// Macs with Apple silicon, and Linux servers.
var targets = []target{
	{"windows", "amd64"},
	{"darwin", "arm64"},
	{"linux", "amd64"},
}

// exe is the binary's name on the target.
func (t target) exe() string {
	if t.GOOS == "windows" {
		return "placement.exe"
	}
	return "placement"
}

// archiveExt is the archive's kind on the target: .zip where Explorer
// opens it, .tar.gz elsewhere.
func (t target) archiveExt() string {
	if t.GOOS == "windows" {
		return ".zip"
	}
	return ".tar.gz"
}

// options say what build makes.
type options struct {
	Root    string    // the repository root (where go.mod is)
	Out     string    // the folder of the archives
	Version string    // "" for git describe's
	Targets []target  // the platforms
	Log     io.Writer // progress, one line a step; nil for none
}

// build cross-builds the command for each target, writes one archive per
// target and SHA256SUMS into o.Out, and returns their paths (the sums
// last). Nothing is left in o.Out for a target whose build failed.
func build(ctx context.Context, o options) ([]string, error) {
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "placement")); err != nil {
		return nil, fmt.Errorf("dist: %s is not the repository root (no cmd/placement): run from there", root)
	}
	ver := o.Version
	if ver == "" {
		ver = gitOutput(ctx, root, "describe", "--tags", "--always", "--dirty")
		if ver == "" {
			ver = "devel"
		}
	}
	if strings.ContainsAny(ver, `/\ `) {
		return nil, fmt.Errorf("dist: version %q: want no slashes or spaces, it names the archives", ver)
	}
	mtime := sourceTime(ctx, root)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	// The picture the README shows, so that it renders in the archive too.
	picture, err := os.ReadFile(filepath.Join(root, "docs", "report.png"))
	if err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	tmp, err := os.MkdirTemp("", "placement-dist-")
	if err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	defer os.RemoveAll(tmp)

	var written []string
	var sums strings.Builder
	for _, t := range o.Targets {
		if o.Log != nil {
			fmt.Fprintf(o.Log, "dist: building %s/%s\n", t.GOOS, t.GOARCH)
		}
		bin := filepath.Join(tmp, t.GOOS+"-"+t.GOARCH, t.exe())
		cmd := exec.CommandContext(ctx, goCmd(), "build", "-trimpath",
			"-ldflags", "-s -w -X main.version="+ver,
			"-o", bin, "./cmd/placement")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS="+t.GOOS, "GOARCH="+t.GOARCH, "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			return written, fmt.Errorf("dist: go build for %s/%s: %v\n%s", t.GOOS, t.GOARCH, err, msg)
		}
		binData, err := os.ReadFile(bin)
		if err != nil {
			return written, fmt.Errorf("dist: %w", err)
		}
		dir := "placement_" + ver + "_" + t.GOOS + "_" + t.GOARCH
		files := []file{
			{Name: dir + "/" + t.exe(), Data: binData, Mode: 0o755},
			{Name: dir + "/README.md", Data: readme, Mode: 0o644},
			{Name: dir + "/QUICKSTART.txt", Data: quickStart(t, ver), Mode: 0o644},
			{Name: dir + "/docs/report.png", Data: picture, Mode: 0o644},
		}
		var archive []byte
		if t.GOOS == "windows" {
			archive, err = zipArchive(files, mtime)
		} else {
			archive, err = tarGz(files, mtime)
		}
		if err != nil {
			return written, fmt.Errorf("dist: %s: %w", dir, err)
		}
		name := filepath.Join(o.Out, dir+t.archiveExt())
		if err := writeAtomic(name, archive); err != nil {
			return written, fmt.Errorf("dist: %w", err)
		}
		written = append(written, name)
		sum := sha256.Sum256(archive)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), filepath.Base(name))
	}
	name := filepath.Join(o.Out, "SHA256SUMS")
	if err := writeAtomic(name, []byte(sums.String())); err != nil {
		return written, fmt.Errorf("dist: %w", err)
	}
	return append(written, name), nil
}

// goCmd is the go command of the toolchain running this program, so that
// the archives are built by the same Go as the tests; "go" from PATH if
// that is not found.
func goCmd() string {
	if r := os.Getenv("GOROOT"); r != "" {
		if p := filepath.Join(r, "bin", "go"); exists(p) {
			return p
		}
	}
	return "go"
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// gitOutput runs git in root and returns its trimmed output, or "" if git
// is missing or fails (a source tree without .git still builds).
func gitOutput(ctx context.Context, root string, args ...string) string {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// sourceTime is the time every archive entry carries: SOURCE_DATE_EPOCH if
// set (the reproducible-builds convention), else the commit's time, else
// a fixed date.
func sourceTime(ctx context.Context, root string) time.Time {
	for _, s := range []string{os.Getenv("SOURCE_DATE_EPOCH"), gitOutput(ctx, root, "log", "-1", "--format=%ct")} {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
}

// file is an archive entry.
type file struct {
	Name string
	Data []byte
	Mode int64
}

// tarGz is a gzipped tar of the files, each folder's entry before its
// first file, with fixed owners, modes and times.
func tarGz(files []file, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(gz)
	hdr := func(name string, mode int64, size int64, typ byte) *tar.Header {
		return &tar.Header{Typeflag: typ, Name: name, Mode: mode, Size: size, ModTime: mtime,
			Uname: "root", Gname: "root", Format: tar.FormatPAX}
	}
	dirs := map[string]bool{}
	for _, f := range files {
		for d := path.Dir(f.Name); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for _, f := range files {
		// Each folder's entry before its first file, parents first.
		var chain []string
		for d := path.Dir(f.Name); d != "." && dirs[d]; d = path.Dir(d) {
			chain = append(chain, d)
		}
		for i := len(chain) - 1; i >= 0; i-- {
			if err := tw.WriteHeader(hdr(chain[i]+"/", 0o755, 0, tar.TypeDir)); err != nil {
				return nil, err
			}
			delete(dirs, chain[i])
		}
		if err := tw.WriteHeader(hdr(f.Name, f.Mode, int64(len(f.Data)), tar.TypeReg)); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// zipArchive is a zip of the files with fixed times and modes.
func zipArchive(files []file, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(os.FileMode(f.Mode))
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeAtomic writes data to name through a temporary file in the same
// folder, so that name is either the old file or the whole new one.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".dist-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return errors.Join(fmt.Errorf("writing %s", name), err)
	}
	return nil
}
