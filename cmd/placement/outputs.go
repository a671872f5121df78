package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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

// outputs are the files a verb writes, each first written whole to a
// synced temporary file beside its place; commit renames them all into
// place, discard removes them. A verb that stages every output before
// committing any leaves nothing written when one of them fails.
type outputs struct {
	staged []staged
}

type staged struct{ tmp, path string }

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
	o.staged = append(o.staged, staged{tmp.Name(), path})
	return nil
}

// commit renames every staged file into place, in the order added. If a
// rename fails, the files not yet renamed are removed.
func (o *outputs) commit() error {
	if err := cmdCtx.Err(); err != nil {
		o.discard() // interrupted while writing: nothing goes into place
		return err
	}
	for i, st := range o.staged {
		if err := os.Rename(st.tmp, st.path); err != nil {
			o.staged = o.staged[i:]
			o.discard()
			return namePath(st.path, err)
		}
	}
	o.staged = nil
	return nil
}

// discard removes every staged file not yet committed.
func (o *outputs) discard() {
	for _, st := range o.staged {
		os.Remove(st.tmp)
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
