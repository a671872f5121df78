// Package xlsxfile makes the Excel workbooks that excelize writes
// deterministic: the same content gives the same bytes, so that result and
// cohort files can be compared and diffed as the JSON and CSV ones are.
//
// excelize writes the parts of a workbook into its zip in the order of a
// map for sheets written through a StreamWriter; [New] returns a file whose
// zip writer holds the parts and writes them sorted by name (the content
// types first, as Office does), with no timestamps. The parts are held in
// memory, compressed, until the file is written.
package xlsxfile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/textwidth"
)

// New returns an empty workbook (one sheet, "Sheet1") that writes its zip
// in a fixed order. Close it as any excelize file.
func New() *excelize.File {
	f := excelize.NewFile()
	f.ZipWriter = func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w, parts: map[string]*part{}} }
	return f
}

const contentTypes = "[Content_Types].xml"

// sortedZip is an excelize.ZipWriter that compresses each part as it is
// written (so that a sheet of a million rows is held compressed, not as
// its XML) and writes the parts, sorted, on Close.
type sortedZip struct {
	w     io.Writer
	parts map[string]*part
	last  *part         // the part being written: closed when the next one starts
	fw    *flate.Writer // reused from part to part
}

// part is one compressed part and what its zip header needs.
type part struct {
	z    *sortedZip
	buf  bytes.Buffer
	crc  hash.Hash32
	size uint64
}

func (p *part) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.z.fw.Write(b)
}

// finish flushes the compressor into the last part's buffer.
func (z *sortedZip) finish() error {
	if z.last == nil {
		return nil
	}
	z.last = nil
	return z.fw.Close()
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &part{z: z, crc: crc32.NewIEEE()}
	// Level 5 is archive/zip's own, so that the bytes are those it
	// would write.
	if z.fw == nil {
		fw, err := flate.NewWriter(&p.buf, 5)
		if err != nil {
			return nil, err
		}
		z.fw = fw
	} else {
		z.fw.Reset(&p.buf)
	}
	z.parts[name], z.last = p, p
	return p, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		w, err := z.Create(path.Clean(name))
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	})
}

func (z *sortedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
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
		p := z.parts[name]
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: p.crc.Sum32(),
			CompressedSize64: uint64(p.buf.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := p.buf.WriteTo(w); err != nil {
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

// Column widths of [WriteTable], in Excel's units (about one Latin
// character; a CJK character counts two).
const (
	minWidth = 6
	maxWidth = 50
)

// WriteTable adds the sheet name to f, as [WriteSheet] does, and streams
// into it a table a planner can read: the header row in bold on a light
// fill, frozen so that it stays in view, with a filter on every column;
// each column as wide as its widest cell (header included, from 6 to 50
// characters, a CJK character counting two); and the sheet's dimension
// set to the table's range. Row i (0 ≤ i < n) is what row(i) returns; row
// is called twice for each i (once to measure the columns, once to write)
// and must return the same cells both times. It runs in O(n·columns) and
// holds one row at a time.
func WriteTable(f *excelize.File, name string, header []string, n int, row func(i int) ([]any, error)) error {
	if f.SheetCount == 1 && f.GetSheetName(0) == "Sheet1" && name != "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	widths := make([]float64, len(header))
	measure := func(i int, v any) {
		for i >= len(widths) {
			widths = append(widths, 0)
		}
		widths[i] = max(widths[i], cellWidth(v))
	}
	for i, h := range header {
		measure(i, h)
	}
	for i := range n {
		vals, err := row(i)
		if err != nil {
			return err
		}
		for j, v := range vals {
			measure(j, v)
		}
	}
	last, err := excelize.CoordinatesToCellName(max(len(widths), 1), n+1)
	if err != nil {
		return err
	}
	// The dimension and the filter go into the sheet before streaming: the
	// stream writer writes the sheet's own settings around its rows.
	if err := f.SetSheetDimension(name, "A1:"+last); err != nil {
		return err
	}
	if len(header) > 0 {
		if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
			return err
		}
	}
	style, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// Each call puts its column first in the sheet's list, which Excel
	// wants in ascending order: the last column goes first.
	for j := len(widths) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, min(max(widths[j]+2, minWidth), maxWidth)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = excelize.Cell{StyleID: style, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i := range n {
		vals, err := row(i)
		if err != nil {
			return err
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellWidth is the width of a cell's text in Excel's units: one a
// character, two for a wide one (Chinese, full-width forms), as
// internal/textwidth counts them.
func cellWidth(v any) float64 {
	switch v := v.(type) {
	case string:
		return float64(textwidth.String(v))
	case nil:
		return 0
	default:
		return float64(textwidth.String(fmt.Sprint(v)))
	}
}
