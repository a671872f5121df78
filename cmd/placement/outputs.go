package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
)

// Output names. Every file a verb writes takes its format from its name's
// extension; a name whose extension is not a format of that output is
// refused before any work is done, so that nothing is ever written in a
// format its name does not say (JSON into "r.xls", say). The messages are
// here, together, keys of the command's message catalogue (errorKey): the
// verb's fail words them in its language.

// The formats of each output, by extension.
var (
	resultFormats  = []string{".json", ".csv", ".xlsx"}
	diffFormats    = []string{".json", ".csv", ".xlsx"}
	htmlFormats    = []string{".html", ".htm"}
	dimacsFormats  = []string{".min"}
	optimalFormats = []string{".json", ".xlsx"} // a CSV result cannot carry the certificate
)

// checkOutputName returns an error unless the name path given to -flag
// ends in one of formats (lower-case extensions with the dot), naming the
// formats it takes.
func checkOutputName(flag, path string, formats []string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if slices.Contains(formats, ext) {
		return nil
	}
	want := formatList(formats)
	switch {
	case ext == ".xls" && slices.Contains(formats, ".xlsx"):
		return notXLSOut(flag, path)
	case ext == "":
		return errorKey("-%s %s: the name has no extension to say its format; end it in %s", flag, path, want)
	}
	return errorKey("-%[1]s %[2]s: %[3]s is not a format of -%[1]s; end the name in %[4]s", flag, path, ext, want)
}

// notXLSOut is the refusal of an output named .xls: the command writes
// workbooks as .xlsx only.
func notXLSOut(flag, path string) error {
	return errorKey("-%s %s: the .xls format (Excel 97-2003) is not written; name the file .xlsx", flag, path)
}

// checkResultName is checkOutputName for a result file of mechanism mech:
// that of an optimal allocation carries a certificate of optimality, which
// a CSV file (one table) cannot.
func checkResultName(flag, path string, mech matching.Mechanism) error {
	if mech != matching.OptimalAllocation {
		return checkOutputName(flag, path, resultFormats)
	}
	if strings.ToLower(filepath.Ext(path)) == ".csv" {
		return errorKey("-%s %s: a CSV result cannot carry the certificate that proves an optimal allocation optimal; write it as .xlsx or .json", flag, path)
	}
	return checkOutputName(flag, path, optimalFormats)
}

// fileFormats are extensions of files, which a folder's name does not
// end in: "-charts charts.png" is a mistake, not a folder.
var fileFormats = []string{".png", ".svg", ".html", ".htm", ".json", ".csv", ".xlsx", ".xls", ".pdf", ".zip", ".txt", ".min"}

// checkFolderName returns an error when the folder path given to -flag is
// named as a file (ends in a file's extension) or is an existing file.
func checkFolderName(flag, path string) error {
	if ext := strings.ToLower(filepath.Ext(path)); slices.Contains(fileFormats, ext) {
		return errorKey("-%s %s: a folder, not a %s file: give a folder's name", flag, path, ext)
	}
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		return errorKey("-%s %s: a file, not a folder: give a folder's name", flag, path)
	}
	return nil
}

// formatList says ".json, .csv or .xlsx".
func formatList(formats []string) formatNames { return formatNames(formats) }

// formatNames lists extensions, ".json, .csv or .xlsx", in English as a
// string (%s) and in the verb's language when an errorKey is worded.
type formatNames []string

func (f formatNames) String() string { return f.in(nil) }

// in lists f in msg's language (English when msg is nil).
func (f formatNames) in(msg *message.Printer) string {
	if len(f) == 1 {
		return f[0]
	}
	comma, or := ", ", " or "
	if msg != nil {
		comma, or = msg.Sprintf(", "), msg.Sprintf(" or ")
	}
	return strings.Join(f[:len(f)-1], comma) + or + f[len(f)-1]
}

// file is a file (or folder) a verb reads or writes: the flag that names
// it and the path given ("" when the flag is not given).
type file struct {
	flag, path string
	// folder is set for an output that is a folder (of CSV files, of
	// charts): it may exist as a folder.
	folder bool
}

// checkFiles refuses, before a verb does any work, outputs that would
// destroy what the verb reads or writes: an output that is one of its
// inputs (the same path in any spelling, or the same file through a link:
// os.SameFile), or an existing file of an input folder (a CSV cohort);
// two outputs naming the same file (the second would replace the first);
// and an output file named after an existing folder (its rename would
// fail after the others were in place). The messages name the flags.
func checkFiles(outs, ins []file) error {
	for i, o := range outs {
		if o.path == "" {
			continue
		}
		if info, err := os.Stat(o.path); err == nil && info.IsDir() != o.folder {
			if o.folder {
				return errorKey("-%s %s: a file, not a folder: give a folder's name", o.flag, o.path)
			}
			return errorKey("-%s %s: a folder, not a file: give the name of the file to write", o.flag, o.path)
		}
		for _, in := range ins {
			if in.path == "" {
				continue
			}
			if samePath(o.path, in.path) || inFolder(o.path, in.path) {
				return errorKey("-%[1]s %[2]s would overwrite the input -%[3]s %[4]s: give -%[1]s another name", o.flag, o.path, in.flag, in.path)
			}
		}
		for _, p := range outs[:i] {
			if p.path != "" && samePath(o.path, p.path) {
				return errorKey("-%s %s and -%s %s are the same file: give each output its own name", p.flag, p.path, o.flag, o.path)
			}
		}
	}
	return nil
}

// samePath says whether a and b name the same file: the same absolute
// path (case aside where the file system ignores it), or existing files
// that os.SameFile finds the same (links, other spellings).
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil {
		if aa == bb || (foldCase && strings.EqualFold(aa, bb)) {
			return true
		}
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// foldCase is set where file names ignore case by default (Windows,
// macOS): "R1.json" and "r1.json" are one file there.
var foldCase = runtime.GOOS == "windows" || runtime.GOOS == "darwin"

// inFolder says whether out is an existing file directly in the folder
// dir (an input folder of CSV files that out would overwrite one of).
func inFolder(out, dir string) bool {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return false
	}
	if _, err := os.Lstat(out); err != nil {
		return false
	}
	return samePath(filepath.Dir(out), dir)
}

// outputs are the files a verb writes, each first written whole to a
// synced temporary file (or folder) beside its place; commit renames them
// all into place, discard removes them. A verb that stages every output
// before committing any leaves nothing written when one of them fails,
// and commit itself is all or nothing: a rename that fails puts back the
// files already renamed (and what they replaced).
type outputs struct {
	staged []staged
}

type staged struct {
	tmp, path string
	dir       bool // a folder (of CSV files), replacing none or an empty one
}

// add writes a file through write to a temporary file in path's folder.
// On error the temporary file is removed; the error names path.
func (o *outputs) add(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return namePath(path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = namePath(path, err)
		}
	}()
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	o.staged = append(o.staged, staged{tmp: tmp.Name(), path: path})
	return nil
}

// addDir writes a folder through write (given the temporary folder's
// path) to a temporary folder beside path. path must not exist or be an
// empty folder (genFormat says so). On error the temporary folder is
// removed.
func (o *outputs) addDir(path string, write func(dir string) error) (err error) {
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return namePath(path, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err = os.Chmod(tmp, 0o755); err != nil { // MkdirTemp's folder is private
		return err
	}
	if err = write(tmp); err != nil {
		return err
	}
	o.staged = append(o.staged, staged{tmp: tmp, path: path, dir: true})
	return nil
}

// committed is a staged file renamed into place: aside is where the file
// it replaced was moved ("" when none; emptyDir when it replaced an empty
// folder, removed).
type committed struct {
	path, aside string
	dir         bool
}

const emptyDir = "\x00empty folder"

// commit renames every staged file into place, in the order added. Each
// file it replaces is first moved aside (a hidden name in its folder), and
// removed once every file is in place. If a rename fails, the files
// already renamed are removed and what they replaced put back, and the
// files not yet renamed are removed: the outputs are written all or none.
func (o *outputs) commit() error {
	if err := cmdCtx.Err(); err != nil {
		o.discard() // interrupted while writing: nothing goes into place
		return err
	}
	var done []committed
	for i, st := range o.staged {
		aside, err := setAside(st)
		if err == nil {
			if err = os.Rename(st.tmp, st.path); err != nil {
				restore(committed{path: st.path, aside: aside, dir: st.dir}, false)
			}
		}
		if err != nil {
			for j := len(done) - 1; j >= 0; j-- {
				restore(done[j], true)
			}
			o.staged = o.staged[i:]
			o.discard()
			return namePath(st.path, err)
		}
		done = append(done, committed{path: st.path, aside: aside, dir: st.dir})
	}
	for _, d := range done {
		if d.aside != "" && d.aside != emptyDir {
			os.RemoveAll(d.aside)
		}
	}
	o.staged = nil
	return nil
}

// setAside moves the file at st.path out of the way: to a hidden name
// beside it, returned; an empty folder (st.dir) is removed (emptyDir); ""
// when there is nothing there.
func setAside(st staged) (string, error) {
	info, err := os.Lstat(st.path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if st.dir != info.IsDir() { // checkFiles refuses it first
		return "", &fs.PathError{Op: "write", Path: st.path, Err: fs.ErrExist}
	}
	if st.dir {
		if err := os.Remove(st.path); err != nil { // an empty folder only
			return "", err
		}
		return emptyDir, nil
	}
	f, err := os.CreateTemp(filepath.Dir(st.path), "."+filepath.Base(st.path)+".old-*")
	if err != nil {
		return "", err
	}
	aside := f.Name()
	f.Close()
	if err := os.Rename(st.path, aside); err != nil {
		os.Remove(aside)
		return "", err
	}
	return aside, nil
}

// restore undoes the commit of one file: the new file removed when it is
// in place (placed), and what it replaced put back.
func restore(c committed, placed bool) {
	if placed {
		if c.dir {
			os.RemoveAll(c.path)
		} else {
			os.Remove(c.path)
		}
	}
	switch c.aside {
	case "":
	case emptyDir:
		os.Mkdir(c.path, 0o755)
	default:
		os.Rename(c.aside, c.path)
	}
}

// discard removes every staged file not yet committed.
func (o *outputs) discard() {
	for _, st := range o.staged {
		if st.dir {
			os.RemoveAll(st.tmp)
		} else {
			os.Remove(st.tmp)
		}
	}
	o.staged = nil
}

// writeAtomic writes one file through a temporary file in the same folder,
// renamed into place only when everything is written and synced. On error
// the temporary file is removed and path is untouched.
func writeAtomic(path string, write func(io.Writer) error) error {
	var o outputs
	if err := o.add(path, write); err != nil {
		return err
	}
	return o.commit()
}

// namePath makes a file error name path rather than the temporary file:
// "write report.html: no such file or directory".
func namePath(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: "write", Path: path, Err: pe.Err}
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return &fs.PathError{Op: "write", Path: path, Err: le.Err}
	}
	return err
}

// failer returns what a verb does on an error: clear its progress line
// (pr may be nil), say "placement VERB: error" on stderr, and return exit
// code 130 when the run was interrupted, 3 for an optimal allocation that
// no allocation can meet, else 2.
func failer(verb string, pr *progress, stderr io.Writer) func(error) int {
	return func(err error) int {
		if pr != nil {
			pr.End()
		}
		if errors.Is(err, context.Canceled) && cmdCtx.Err() != nil {
			fmt.Fprintf(stderr, "placement %s: interrupted; nothing written\n", verb)
			return exitInterrupted
		}
		fmt.Fprintf(stderr, "placement %s: %v\n", verb, err)
		var ie *matching.InfeasibleError
		if errors.As(err, &ie) {
			return exitNoFlow
		}
		return exitUsage
	}
}
