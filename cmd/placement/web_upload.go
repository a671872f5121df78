package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"testing/fstest"
	"time"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// Bounds of a CSV folder uploaded as a zip, read in memory only: the
// entries, and their unzipped bytes, declared and actual.
const (
	maxZipEntries  = 64
	maxZipUnzipped = 512 << 20
)

// Formats of a stored file (store.File.Format).
const (
	formatXLSX   = "xlsx"
	formatCSVZip = "csv-zip"
	formatCSV    = "csv"
	formatJSON   = "json"
)

// uploadFormat is the format of an uploaded file by its name: .xlsx, .zip
// (a CSV folder), .json; "" for another.
func uploadFormat(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return formatXLSX
	case ".zip":
		return formatCSVZip
	case ".json":
		return formatJSON
	case ".csv":
		return formatCSV
	}
	return ""
}

// loadCohortBytes reads a cohort from an uploaded or stored file's bytes
// by its format: a workbook (model/xlsx), JSON (model.ReadJSON), or a
// CSV folder as a zip (model.LoadCSV on the zip's files, unpacked in
// memory, in the folder inside it that holds students.csv). A zip with
// an unsafe entry is a 400 error page, one too large a 413.
func (wb *workbench) loadCohortBytes(name, format string, data []byte, opts *model.Options) (*model.Cohort, error) {
	switch format {
	case formatXLSX:
		return xlsx.Read(bytes.NewReader(data), name, opts)
	case formatJSON:
		return model.ReadJSON(bytes.NewReader(data), name, opts)
	case formatCSVZip:
		fsys, dir, err := unzipCSV(data)
		if err != nil {
			return nil, err
		}
		return model.LoadCSV(fsys, dir, opts)
	case formatCSV:
		return nil, webErrorf(http.StatusBadRequest, "%s: a cohort in CSV is a folder of CSV files (students.csv, positions.csv, ...): upload the folder as a .zip file.", name)
	}
	return nil, webErrorf(http.StatusBadRequest, "%s: the server reads a cohort from an Excel workbook (.xlsx), a CSV folder as a .zip file, or a JSON file (.json).", name)
}

// unzipCSV unpacks a zip of CSV files in memory, refusing entries whose
// names climb out (".."), are absolute or have backslashes (400), and zips
// that declare or unpack to more than the bounds (413). dir is the folder
// inside that holds students.csv ("." at the root).
func unzipCSV(data []byte) (fstest.MapFS, string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", webErrorf(http.StatusBadRequest, "The .zip file cannot be read as a zip archive: %v", err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, "", webErrorf(http.StatusRequestEntityTooLarge, "The .zip file has %d entries; the server reads at most %d.", len(zr.File), maxZipEntries)
	}
	var declared uint64
	for _, f := range zr.File {
		if !safeZipName(f.Name) {
			return nil, "", webErrorf(http.StatusBadRequest, "The .zip file has an entry named %q, outside its folder: the server refuses it.", f.Name)
		}
		declared += f.UncompressedSize64
		if declared > maxZipUnzipped {
			return nil, "", webErrorf(http.StatusRequestEntityTooLarge, "The .zip file unpacks to more than %s bytes; the server reads at most that.", num(int64(maxZipUnzipped)))
		}
	}
	fsys := fstest.MapFS{}
	var total int64
	dirs := map[string]bool{}
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, "/")
		if f.FileInfo().IsDir() || name == "" || strings.HasPrefix(name, "__MACOSX") || strings.HasPrefix(path.Base(name), "._") {
			continue
		}
		if strings.ToLower(path.Ext(name)) != ".csv" {
			continue // a readme, a workbook beside the folder: not read
		}
		rc, err := f.Open()
		if err != nil {
			return nil, "", webErrorf(http.StatusBadRequest, "The .zip file's entry %q cannot be read: %v", f.Name, err)
		}
		// The actual bytes, whatever the entry declared.
		b, err := io.ReadAll(io.LimitReader(rc, maxZipUnzipped-total+1))
		rc.Close()
		if err != nil {
			return nil, "", webErrorf(http.StatusBadRequest, "The .zip file's entry %q cannot be read: %v", f.Name, err)
		}
		total += int64(len(b))
		if total > maxZipUnzipped {
			return nil, "", webErrorf(http.StatusRequestEntityTooLarge, "The .zip file unpacks to more than %s bytes; the server reads at most that.", num(int64(maxZipUnzipped)))
		}
		fsys[name] = &fstest.MapFile{Data: b, Mode: 0o444, ModTime: time.Time{}}
		dirs[path.Dir(name)] = true
	}
	dir := ""
	for d := range dirs {
		if _, ok := fsys[path.Join(d, "students.csv")]; ok && (dir == "" || len(d) < len(dir)) {
			dir = d
		}
	}
	if dir == "" {
		for d := range dirs {
			if dir == "" || strings.Count(d, "/") < strings.Count(dir, "/") || len(d) < len(dir) {
				dir = d
			}
		}
	}
	if dir == "" {
		return nil, "", webErrorf(http.StatusBadRequest, "The .zip file holds no CSV file: put the cohort's folder (students.csv, positions.csv, ...) in it.")
	}
	return fsys, dir, nil
}

// safeZipName: a zip entry's name stays inside the archive's folder: no
// "..", no absolute path or drive, no backslash.
func safeZipName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':') {
		return false
	}
	for _, el := range strings.Split(name, "/") {
		if el == ".." {
			return false
		}
	}
	return fs.ValidPath(strings.TrimSuffix(name, "/"))
}

// uploadedFile is a file of an upload, read in memory.
type uploadedFile struct {
	Field, Name string
	Data        []byte
}

// webUpload is an upload's form: its fields and files.
type webUpload struct {
	Fields map[string]string
	Files  []uploadedFile
}

// File is the upload's first file of field ("" any), or nil.
func (u *webUpload) File(field string) *uploadedFile {
	for i := range u.Files {
		if field == "" || u.Files[i].Field == field {
			return &u.Files[i]
		}
	}
	return nil
}

// maxFieldBytes bounds a form field of an upload.
const maxFieldBytes = 64 << 10

// readUpload reads an upload (multipart/form-data, its CSRF token already
// checked) in memory, bounded by -max-upload (a larger one: 413). Every
// handler of an upload reads it so; r.FormValue sees none of it.
func (wb *workbench) readUpload(q *webReq) (*webUpload, error) {
	if q.mp == nil {
		return nil, webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
	}
	u := &webUpload{Fields: map[string]string{}}
	for {
		p, err := q.mp.NextPart()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, err
			}
			return nil, webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
		}
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes))
			if err != nil {
				return nil, uploadReadError(err)
			}
			u.Fields[p.FormName()] = string(b)
			continue
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, uploadReadError(err)
		}
		u.Files = append(u.Files, uploadedFile{Field: p.FormName(), Name: path.Base(strings.ReplaceAll(p.FileName(), "\\", "/")), Data: b})
	}
}

func uploadReadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
}
