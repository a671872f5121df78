// Package xlsxfile makes the Excel workbooks that excelize writes
// deterministic: the same content gives the same bytes, so that result and
// cohort files can be compared and diffed as the JSON and CSV ones are.
//
// excelize writes the parts of a workbook into its zip in the order of a
// map for sheets written through a StreamWriter; [New] returns a file whose
// zip writer holds the parts and writes them sorted by name (the content
// types first, as Office does), with no timestamps. The parts are held in
// memory until the file is written, as excelize holds the zip itself.
package xlsxfile

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// New returns an empty workbook (one sheet, "Sheet1") that writes its zip
// in a fixed order. Close it as any excelize file.
func New() *excelize.File {
	f := excelize.NewFile()
	f.ZipWriter = func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}} }
	return f
}

const contentTypes = "[Content_Types].xml"

// sortedZip is an excelize.ZipWriter that writes its parts, sorted, on
// Close.
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err == nil {
			z.parts[path.Clean(name)] = bytes.NewBuffer(b)
		}
		return err
	})
}

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for name := range z.parts {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == contentTypes:
			return -1
		case b == contentTypes:
			return 1
		}
		return strings.Compare(a, b)
	})
	zw := zip.NewWriter(z.w)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := z.parts[name].WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}

// WriteSheet adds the sheet name to f, in place of the empty "Sheet1" of a
// file from [New] for the first, and streams n rows into it from A1: row i
// is what row(i) returns (a slice row may reuse). An error of row stops it
// and is returned.
func WriteSheet(f *excelize.File, name string, n int, row func(i int) ([]any, error)) error {
	if f.SheetCount == 1 && f.GetSheetName(0) == "Sheet1" && name != "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i := range n {
		vals, err := row(i)
		if err != nil {
			return err
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}
