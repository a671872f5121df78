package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// Bounds of a CSV folder uploaded as a zip, read in memory only: the
// entries, and (by default: workbenchOptions.MaxUnzipped) their unzipped
// bytes, declared and actual.
const (
	maxZipEntries         = 64
	defaultMaxZipUnzipped = 256 << 20
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
//
// Every format is bounded by the server's MaxUnzipped (nil opts: only
// that bound); a file beyond it is a 413 error page, not a stored file.
func (wb *workbench) loadCohortBytes(name, format string, data []byte, opts *model.Options) (*model.Cohort, error) {
	o := model.Options{}
	if opts != nil {
		o = *opts
	}
	if o.MaxBytes <= 0 || o.MaxBytes > wb.opts.MaxUnzipped {
		o.MaxBytes = wb.opts.MaxUnzipped
	}
	c, err := wb.loadCohortFormat(name, format, data, &o)
	if err != nil && errors.Is(err, model.ErrTooLarge) {
		var se *statusError
		if !errors.As(err, &se) {
			return nil, webErrorf(http.StatusRequestEntityTooLarge, "%s unpacks to more than %s bytes; the server reads at most that.", name, num(o.MaxBytes))
		}
	}
	return c, err
}

// loadCohortFormat is loadCohortBytes within opts.
func (wb *workbench) loadCohortFormat(name, format string, data []byte, opts *model.Options) (*model.Cohort, error) {
	switch format {
	case formatXLSX:
		return xlsx.Read(bytes.NewReader(data), name, opts)
	case formatJSON:
		return model.ReadJSON(bytes.NewReader(data), name, opts)
	case formatCSVZip:
		fsys, dir, err := unzipCSV(data, opts.MaxBytes)
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
func unzipCSV(data []byte, maxUnzipped int64) (memFS, string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", webErrorCause(http.StatusBadRequest, err, "The .zip file cannot be opened: it may be damaged, or not a zip file. Zip the folder again (in Windows: right-click it, Send to, Compressed (zipped) folder) and upload it.")
	}
	if len(zr.File) > maxZipEntries {
		return nil, "", webErrorf(http.StatusRequestEntityTooLarge, "The .zip file has %d entries; the server reads at most %d.", len(zr.File), maxZipEntries)
	}
	var declared uint64
	for _, f := range zr.File {
		if !safeZipName(f.Name) {
			return nil, "", webErrorf(http.StatusBadRequest, "The .zip file has an entry named \"%s\", outside its folder: the server refuses it.", f.Name)
		}
		// (Each entry bounded first: a sum of forged sizes cannot wrap.)
		if f.UncompressedSize64 > uint64(maxUnzipped) || declared+f.UncompressedSize64 > uint64(maxUnzipped) {
			return nil, "", webErrorf(http.StatusRequestEntityTooLarge, "The .zip file unpacks to more than %s bytes; the server reads at most that.", num(maxUnzipped))
		}
		declared += f.UncompressedSize64
	}
	fsys := memFS{}
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
			return nil, "", webErrorCause(http.StatusBadRequest, err, "The .zip file's entry \"%s\" cannot be read: the file may be damaged. Zip the folder again and upload it.", f.Name)
		}
		// The actual bytes, whatever the entry declared.
		b, err := io.ReadAll(io.LimitReader(rc, maxUnzipped-total+1))
		rc.Close()
		if err != nil {
			return nil, "", webErrorCause(http.StatusBadRequest, err, "The .zip file's entry \"%s\" cannot be read: the file may be damaged. Zip the folder again and upload it.", f.Name)
		}
		total += int64(len(b))
		if total > maxUnzipped {
			return nil, "", webErrorf(http.StatusRequestEntityTooLarge, "The .zip file unpacks to more than %s bytes; the server reads at most that.", num(maxUnzipped))
		}
		fsys[name] = b
		dirs[path.Dir(name)] = true
	}
	dir := ""
	for d := range dirs {
		for _, n := range model.TableNames("students") { // students.csv or 学生.csv
			if _, ok := fsys[path.Join(d, n+".csv")]; ok && (dir == "" || len(d) < len(dir)) {
				dir = d
			}
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

// memFS is a folder's files in memory, by their slash-separated names
// (files only: the CSV loader opens files by name).
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(b), name: path.Base(name), size: int64(len(b))}, nil
}

// memFile is an open file of a memFS.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }

// memFile is its own fs.FileInfo.
func (f *memFile) Name() string       { return f.name }
func (f *memFile) Size() int64        { return f.size }
func (f *memFile) Mode() fs.FileMode  { return 0o444 }
func (f *memFile) ModTime() time.Time { return time.Time{} }
func (f *memFile) IsDir() bool        { return false }
func (f *memFile) Sys() any           { return nil }

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

// Bounds of an upload's form: a field's bytes, the parts (fields and
// files) and a field's name.
const (
	maxFieldBytes  = 64 << 10
	maxUploadParts = 32
	maxFieldName   = 64
)

// readUpload reads an upload (multipart/form-data, its CSRF token already
// checked) in memory, bounded by -max-upload (a larger one: 413). Every
// handler of an upload reads it so; r.FormValue sees none of it.
func (wb *workbench) readUpload(q *webReq) (*webUpload, error) {
	if q.mp == nil {
		return nil, webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
	}
	u := &webUpload{Fields: map[string]string{}}
	for parts := 0; ; parts++ {
		p, err := q.mp.NextPart()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err == nil && (parts >= maxUploadParts || len(p.FormName()) > maxFieldName) {
			// No form of the workbench has that many fields or such names.
			return nil, webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
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
		// The name as shown: no folder, no control or invisible character.
		name := strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				return '_'
			}
			return r
		}, path.Base(strings.ReplaceAll(p.FileName(), "\\", "/")))
		u.Files = append(u.Files, uploadedFile{Field: p.FormName(), Name: name, Data: b})
	}
}

func uploadReadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
}

func init() {
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /seasons/{id}/upload", wb.page(wb.uploadPage))
		mux.Handle("POST /seasons/{id}/upload", wb.page(wb.upload))
		mux.Handle("GET /files/{id}", wb.page(wb.filePage))
		mux.Handle("GET /files/{id}/download", wb.page(wb.fileDownload))
	})
	addWebZh(map[string]string{
		"Upload":      "上传",
		"enterprise":  "企业",
		"region":      "地区",
		"school":      "学校",
		"major":       "专业",
		"order class": "订单班",
		"Write the value as the column expects: numbers in Arabic digits (such as 10), no units or words.":                           "请按此列的要求填写：数字请用阿拉伯数字（如 10），不要带单位或文字。",
		"Give the row its ID, or delete the empty row.":                                                                              "请填写此行的编号，或删去空行。",
		"An ID may appear only once: delete or correct one of the rows.":                                                             "每个编号只能出现一次：请删去或改正其中一行。",
		"Check the ID for a typo, and that its row is in its own sheet.":                                                             "请检查编号是否写错，以及它所在的工作表中是否有这一行。",
		"Correct the value: it is outside what the column allows.":                                                                   "请改正此值：超出了此列允许的范围。",
		"List each position only once in a student's choices.":                                                                       "每个岗位在一名学生的志愿中只能填一次。",
		"Remove the choice, or check the student's major and score against the position's rules.":                                    "请删去此志愿，或对照岗位的要求核对该生的专业和分数。",
		"Check the seats: reserved seats and floors must fit within the capacity and caps.":                                          "请核对名额：预留名额和最低人数不能超过名额和上限。",
		"The extra special-post seats will stay empty: lower the special-post seats if they should not.":                             "多出的专项名额会空着：如不需要，可减少专项名额。",
		"The position may stay below its minimum fill: lower the minimum, or check who may take the position.":                       "该岗位可能达不到最低人数：可降低最低人数，或核对哪些学生可以报这个岗位。",
		"The region may stay below its floor: lower the floor, or check who may take its positions.":                                 "该地区可能达不到下限：可降低下限，或核对哪些学生可以报该地区的岗位。",
		"The student can still be placed on an ordinary position; add a special post to the choices if the student should have one.": "该生仍可分到普通岗位；如应分到专项岗位，请在志愿中加上专项岗位。",
		"Add a position the student can take, or check the student's marks.":                                                         "请增加该生可以填报的岗位，或核对该生的标记（如专项生）。",
		"In Excel, save the file as \"CSV UTF-8\".":                                                                                  "请在 Excel 中把文件另存为“CSV UTF-8”。",
		"The cohort's file": "数据文件",
		"An Excel workbook (.xlsx, a sheet per table), a CSV folder as a .zip file (students.csv, positions.csv, ...), or a JSON file (.json); at most %s.": "Excel 工作簿（.xlsx，每张表一个工作表）、打包成 .zip 的 CSV 文件夹（students.csv、positions.csv 等）或 JSON 文件（.json）；最大 %s。",
		"Choose a file to upload.":                                                                        "请选择要上传的文件。",
		"The upload is not a form the server can read.":                                                   "服务器无法读取此上传表单。",
		"The upload is larger than the server accepts (%s).":                                              "上传的文件超过服务器允许的大小（%s）。",
		"The form is larger than the server accepts (%s).":                                                "表单内容超过服务器允许的大小（%s）。",
		"The server could not do this; what was stored is unchanged. (Reference %s in the server's log.)": "服务器无法完成此操作；已保存的数据没有改变。（服务器日志中的编号：%s）",
		"%s: the file is not an Excel workbook (.xlsx) the server can read: open it in Excel and save it again as an Excel workbook (.xlsx).":                                         "%s：此文件不是服务器可读取的 Excel 工作簿（.xlsx）：请用 Excel 打开，再另存为 Excel 工作簿（.xlsx）。",
		"The file is not an Excel workbook (.xlsx) the server can read.":                                                                                                              "此文件不是服务器可读取的 Excel 工作簿（.xlsx）。",
		"Open it in Excel and save it again as an Excel workbook (.xlsx).":                                                                                                            "请用 Excel 打开，再另存为 Excel 工作簿（.xlsx）。",
		"%s: a cohort in CSV is a folder of CSV files (students.csv, positions.csv, ...): upload the folder as a .zip file.":                                                          "%s：CSV 格式的数据是一个 CSV 文件夹（students.csv、positions.csv 等）：请把文件夹打包成 .zip 文件上传。",
		"%s: the server reads a cohort from an Excel workbook (.xlsx), a CSV folder as a .zip file, or a JSON file (.json).":                                                          "%s：服务器可读取的数据格式为 Excel 工作簿（.xlsx）、打包成 .zip 的 CSV 文件夹或 JSON 文件（.json）。",
		"The .zip file cannot be opened: it may be damaged, or not a zip file. Zip the folder again (in Windows: right-click it, Send to, Compressed (zipped) folder) and upload it.": "无法打开此 .zip 文件：文件可能已损坏，或并不是 zip 压缩文件。请重新压缩文件夹（Windows 中：右键单击文件夹，选择“发送到”→“压缩(zipped)文件夹”）后再上传。",
		"The .zip file has %d entries; the server reads at most %d.":                                                                                                                  "此 .zip 文件有 %d 个条目；服务器最多读取 %d 个。",
		"The .zip file has an entry named \"%s\", outside its folder: the server refuses it.":                                                                                         "此 .zip 文件中有名为“%s”的条目，位于文件夹之外：服务器拒绝接收。",
		"The .zip file unpacks to more than %s bytes; the server reads at most that.":                                                                                                 "此 .zip 文件解压后超过 %s 字节，超出服务器的读取上限。",
		"%s unpacks to more than %s bytes; the server reads at most that.":                                                                                                            "%s 解压后超过 %s 字节，超出服务器的读取上限。",
		"The .zip file's entry \"%s\" cannot be read: the file may be damaged. Zip the folder again and upload it.":                                                                   "无法读取 .zip 文件中的条目“%s”：文件可能已损坏。请重新压缩文件夹后再上传。",
		"The .zip file holds no CSV file: put the cohort's folder (students.csv, positions.csv, ...) in it.":                                                                          "此 .zip 文件中没有 CSV 文件：请把数据文件夹（students.csv、positions.csv 等）放进去。",
		"The file %s was rejected: it has no cohort to use.":                                                                                                                          "文件 %s 未通过校验：没有可用的数据。",
		"There is no such page or record.":                              "没有这个页面或记录。",
		"The server could not do this: %s":                              "服务器无法完成此操作：%s",
		"The server failed on this page; what was stored is unchanged.": "服务器处理此页面时出错；已保存的数据没有改变。",
		"Error %d": "错误 %d",
		"The file is accepted: the cohort below can be used.":                     "文件已通过校验：可以使用下面的数据。",
		"The file is rejected: correct these problems in it and upload it again.": "文件未通过校验：请在文件中改正以下问题后重新上传。",
		"%d problems":                       "%d 个问题",
		"… and %d more problems not listed": "……另有 %d 个问题未列出",
		"Sheet":                             "工作表",
		"Row":                               "行",
		"Column":                            "列",
		"Record":                            "记录",
		"Problem":                           "问题",
		"Hint":                              "提示",
		"What to do":                        "如何改正",
		"This looks like the students' responses to a round: upload them on the rounds page.": "这看来是学生对某一轮的回复：请在轮次页面上传。",
		"Upload the corrected file":                                   "上传改正后的文件",
		"This file was uploaded before: here is what was found then.": "此文件已经上传过：以下是当时的校验结果。",
		"%d CSV files were saved in the Chinese encoding GBK (as Excel does on Chinese Windows) and were read as such: %s.": "%d 个 CSV 文件以中文编码 GBK 保存（中文 Windows 上的 Excel 即如此），已按此读取：%s。",
		"Warnings":                       "提示信息",
		"Summary":                        "概要",
		"Students":                       "学生",
		"Positions":                      "岗位",
		"Enterprises":                    "企业",
		"Regions":                        "地区",
		"Schools":                        "学校",
		"Majors":                         "专业",
		"Order classes":                  "订单班",
		"Seats":                          "名额",
		"Choices":                        "志愿",
		"Reserved seats":                 "预留名额",
		"Special-post students":          "专项生",
		"Special posts":                  "专项岗位",
		"Special-post seats":             "专项岗位名额",
		"Order class members":            "订单班学生",
		"Download the file as uploaded":  "下载原始文件",
		"Uploaded":                       "上传时间",
		"Use it: run an allocation":      "使用此数据：运行分配",
		"Back to the season":             "返回年度分配",
		"By school":                      "按学校",
		"By region":                      "按地区",
		"By major":                       "按专业",
		"Level":                          "层次",
		"Cap":                            "上限",
		"Floor":                          "最低人数",
		"The file could not be read: %s": "无法读取文件：%s",
	})
}

// problemEntities are the kinds of record a problem names
// (model.Problem.Entity), in the web catalogue.
var problemEntities = []string{"student", "position", "enterprise", "region", "school", "major", "order class"}

// bi is a text in both languages (English, Chinese), as a file's outcome
// keeps it: the page shows it in its own.
type bi [2]string

// In is the text in q's language.
func (b bi) In(q *webReq) string {
	if q.Zh {
		return b[1]
	}
	return b[0]
}

// problemRow is a row of the problems' table.
type problemRow struct {
	File, Sheet string
	Row         int
	Column      string // the field, or the JSON path
	Record      bi     // "student S001"
	Problem     bi     // the cause, without the place
	Hint        bi     // the suggestions: "did you mean SC02 (...)?"
}

// problemGroup is a group of problems as model.ValidationError.Groups
// groups them: its line and its rows.
type problemGroup struct {
	Text  bi
	Count int          // problems in the group, listed or not
	Rows  []problemRow // the first maxGroupRows
}

// problemTable is the problems of a severity as one table on the file
// page (template "problems").
type problemTable struct {
	P        webPage
	Groups   []problemGroup
	Rows     []problemRow
	ID       string
	Unlisted int
	Hints    bool // a row has a hint in the page's language
}

// Unlisted counts the group's problems beyond its rows.
func (g problemGroup) Unlisted() int { return g.Count - len(g.Rows) }

// fileOutcome is what a stored file's page shows (store.File.Outcome):
// the problems of a rejected file, or the summary and warnings of an
// accepted cohort.
type fileOutcome struct {
	Problems []problemGroup `json:",omitempty"`
	Count    int            // errors found, listed or not
	Omitted  int            // errors found beyond the list
	Error    bi             // a file that is no cohort at all (not a zip, ...)
	Summary  *model.Summary `json:",omitempty"`
	Warnings []problemGroup `json:",omitempty"`
	// Notes are lines for the planner that are no problem (CSV files
	// read as GBK, as Excel on Chinese Windows saves them).
	Notes []bi `json:",omitempty"`
	// Responses: the file looks like a round's responses (a sheet 回复).
	Responses bool `json:",omitempty"`
}

// maxGroupRows bounds the rows of a group a file's page lists (the group's
// line counts them all).
const maxGroupRows = 500

// outcomeGroups turns model's groups into the page's, in both languages.
func outcomeGroups(gs []*model.ProblemGroup) []problemGroup {
	out := make([]problemGroup, 0, len(gs))
	prs := [2]*message.Printer{lang.Printer(lang.English, webCat()), lang.Printer(lang.Chinese, webCat())}
	for _, g := range gs {
		pg := problemGroup{Text: bi{g.Text(lang.English), g.Text(lang.Chinese)}, Count: len(g.Problems) + g.More}
		if len(g.Problems) > 0 && notWorkbook(g.Problems[0]) {
			pg.Text = notWorkbookText(g.Problems[0].File)
		}
		for _, p := range g.Problems[:min(len(g.Problems), maxGroupRows)] {
			pg.Rows = append(pg.Rows, problemRowIn(p, prs))
		}
		out = append(out, pg)
	}
	return out
}

// problemRowOf splits a problem into the table's columns: its place, its
// record, its cause and its hint, the texts as package model words them.
func problemRowOf(p *model.Problem) problemRow {
	return problemRowIn(p, [2]*message.Printer{lang.Printer(lang.English, webCat()), lang.Printer(lang.Chinese, webCat())})
}

// problemRowIn is problemRowOf with the web catalogue's printers in
// English and Chinese.
func problemRowIn(p *model.Problem, prs [2]*message.Printer) problemRow {
	r := problemRow{File: p.File, Sheet: p.Sheet, Row: p.Line, Column: p.Field}
	if p.Path != "" {
		r.Column = p.Path
	}
	// The cause alone: the problem without its place and record; the hint
	// is what the suggestions add to it.
	bare := &model.Problem{Severity: model.SeverityError, Err: p.Err}
	withHint := &model.Problem{Severity: model.SeverityError, Err: p.Err, Suggestions: p.Suggestions}
	for i, t := range []language.Tag{lang.English, lang.Chinese} {
		cause := bare.Text(t)
		r.Problem[i] = cause
		if len(p.Suggestions) > 0 {
			h := strings.TrimPrefix(withHint.Text(t), cause)
			r.Hint[i] = strings.TrimSpace(strings.TrimLeft(h, ";；, "))
		}
		if notWorkbook(p) {
			// Not a workbook at all: no zip library's English.
			r.Problem[i] = prs[i].Sprintf("The file is not an Excel workbook (.xlsx) the server can read.")
			r.Hint[i] = prs[i].Sprintf("Open it in Excel and save it again as an Excel workbook (.xlsx).")
		}
		if r.Hint[i] == "" {
			r.Hint[i] = problemHint(p, prs[i])
		}
		if p.Entity != "" {
			r.Record[i] = strings.TrimSpace(prs[i].Sprintf(p.Entity) + " " + p.ID)
		}
	}
	return r
}

// notWorkbook: p says its file is no workbook at all (a renamed or
// damaged file), in the words of the zip library.
func notWorkbook(p *model.Problem) bool {
	return p.Err != nil && errors.Is(p.Err, model.ErrSyntax) && strings.Contains(p.Err.Error(), "not an Excel workbook")
}

// notWorkbookText is the line of a file that is no workbook.
func notWorkbookText(file string) bi {
	var b bi
	for i, t := range []language.Tag{lang.English, lang.Chinese} {
		b[i] = lang.Printer(t, webCat()).Sprintf("%s: the file is not an Excel workbook (.xlsx) the server can read: open it in Excel and save it again as an Excel workbook (.xlsx).", file)
	}
	return b
}

// problemHint is what to do about a problem, by its kind (its sentinel),
// in pr's language: the hint column of the problems' table.
func problemHint(p *model.Problem, pr *message.Printer) string {
	if p.Severity == model.SeverityWarning {
		return warningHint(p, pr)
	}
	switch {
	case errors.Is(p.Err, model.ErrSyntax):
		return pr.Sprintf("Write the value as the column expects: numbers in Arabic digits (such as 10), no units or words.")
	case errors.Is(p.Err, model.ErrEmptyID):
		return pr.Sprintf("Give the row its ID, or delete the empty row.")
	case errors.Is(p.Err, model.ErrDuplicateID):
		return pr.Sprintf("An ID may appear only once: delete or correct one of the rows.")
	case errors.Is(p.Err, model.ErrUnknownRef):
		return pr.Sprintf("Check the ID for a typo, and that its row is in its own sheet.")
	case errors.Is(p.Err, model.ErrInvalidValue):
		return pr.Sprintf("Correct the value: it is outside what the column allows.")
	case errors.Is(p.Err, model.ErrDuplicateChoice):
		return pr.Sprintf("List each position only once in a student's choices.")
	case errors.Is(p.Err, model.ErrIneligible):
		return pr.Sprintf("Remove the choice, or check the student's major and score against the position's rules.")
	case errors.Is(p.Err, model.ErrCapacity):
		return pr.Sprintf("Check the seats: reserved seats and floors must fit within the capacity and caps.")
	case errors.Is(p.Err, model.ErrUnreachable):
		return pr.Sprintf("Add a position the student can take, or check the student's marks.")
	case errors.Is(p.Err, model.ErrEncoding) && p.Severity == model.SeverityError:
		return pr.Sprintf("In Excel, save the file as \"CSV UTF-8\".")
	}
	return ""
}

// warningHint is what a warning may call for, by the warning's own kind
// (a cohort with warnings is accepted: the hints of errors would mislead),
// or "" when the warning says it all.
func warningHint(p *model.Problem, pr *message.Printer) string {
	switch {
	case errors.Is(p.Err, model.ErrCapacity) && p.Field == "":
		// More special-post seats than special-post students.
		return pr.Sprintf("The extra special-post seats will stay empty: lower the special-post seats if they should not.")
	case errors.Is(p.Err, model.ErrUnreachable) && p.Field == "min_fill":
		return pr.Sprintf("The position may stay below its minimum fill: lower the minimum, or check who may take the position.")
	case errors.Is(p.Err, model.ErrUnreachable) && p.Field == "floor":
		return pr.Sprintf("The region may stay below its floor: lower the floor, or check who may take its positions.")
	case errors.Is(p.Err, model.ErrIneligible):
		// A choice the student may not take: it is ignored.
		return pr.Sprintf("Remove the choice, or check the student's major and score against the position's rules.")
	case errors.Is(p.Err, model.ErrUnreachable) && p.Field == "choices":
		return pr.Sprintf("The student can still be placed on an ordinary position; add a special post to the choices if the student should have one.")
	}
	return ""
}

// uploadPage is the form to upload a cohort into a season.
func (wb *workbench) uploadPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	s, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	return wb.render(w, q, "upload.html", q.Msg.Sprintf("Upload a cohort"), uploadData{Season: s, Max: wb.opts.MaxUpload})
}

type uploadData struct {
	Season  store.Season
	Max     int64
	Problem string
}

// upload reads an uploaded cohort (in memory), validates it, and stores
// it, accepted or rejected with its problems; then shows the file's page.
// A request that is no upload, too large or an unsafe zip stores nothing.
func (wb *workbench) upload(w http.ResponseWriter, r *http.Request, q *webReq) error {
	s, err := wb.pathSeason(q, r)
	if err != nil {
		return err
	}
	select { // a few uploads at once: their memory is bounded
	case wb.uploads <- struct{}{}:
		defer func() { <-wb.uploads }()
	case <-q.Ctx.Done():
		return q.Ctx.Err()
	}
	u, err := wb.readUpload(q)
	if err != nil {
		return err
	}
	f := u.File("file")
	if f == nil || f.Name == "" || len(f.Data) == 0 {
		return wb.renderStatus(w, q, http.StatusBadRequest, "upload.html", q.Msg.Sprintf("Upload a cohort"), uploadData{Season: s, Max: wb.opts.MaxUpload, Problem: q.Msg.Sprintf("Choose a file to upload.")})
	}
	format := uploadFormat(f.Name)
	c, err := wb.loadCohortBytes(f.Name, format, f.Data, nil)
	var se *statusError
	if errors.As(err, &se) {
		// Not a cohort's file, or an unsafe or too large zip: nothing
		// stored; the form again, with why above it.
		wb.logCause(q, se)
		text := se.text
		if se.key != "" {
			text = q.Msg.Sprintf(se.key, se.args...)
		}
		return wb.renderStatus(w, q, se.status, "upload.html", q.Msg.Sprintf("Upload a cohort"), uploadData{Season: s, Max: wb.opts.MaxUpload, Problem: text})
	}
	file := store.File{Season: s.ID, Kind: "cohort", Name: f.Name, Format: format, CreatedBy: q.User}
	var out fileOutcome
	var ve *model.ValidationError
	switch {
	case err == nil:
		file.Accepted = true
		file.Fingerprint = c.Fingerprint()
		sum := model.Summarize(c)
		out.Summary = &sum
		out.Notes, out.Warnings = encodingNotes(c.Warnings())
	case errors.As(err, &ve):
		out.Problems = outcomeGroups(ve.Groups())
		out.Count = len(ve.Problems) + ve.Omitted
		out.Omitted = ve.Omitted
		out.Notes, out.Warnings = encodingNotes(ve.Warnings)
	default:
		// A file that is not a cohort at all (a damaged workbook): kept,
		// rejected, with what was wrong.
		out.Error = bi{
			lang.Printer(lang.English, webCat()).Sprintf("The file could not be read: %s", localError(lang.English, lang.Printer(lang.English, webCat()), err).Error()),
			lang.Printer(lang.Chinese, webCat()).Sprintf("The file could not be read: %s", localError(lang.Chinese, lang.Printer(lang.Chinese, webCat()), err).Error()),
		}
	}
	if err != nil && format == formatXLSX {
		// A round's responses uploaded here: they go on the rounds page.
		if t := err.Error(); strings.Contains(t, `"回复"`) || strings.Contains(t, `"responses"`) {
			out.Responses = true
		}
	}
	if file.Outcome, err = json.Marshal(out); err != nil {
		return err
	}
	// The same file again (a double click, the file chosen twice): its
	// page, not a second copy.
	stored, again, err := wb.store.AddFileOnce(q.Ctx, file, f.Data)
	if err != nil {
		return err
	}
	if c != nil && !again {
		wb.cohorts.keep(stored.ID, c) // a run of it follows
	}
	to := "/files/" + strconv.FormatInt(stored.ID, 10)
	if again {
		to += "?again=1"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// encodingNotes splits warnings: those that only say a CSV file was read
// as GBK become one note (in both languages); the others are the page's
// warnings.
func encodingNotes(ws []*model.Problem) ([]bi, []problemGroup) {
	var files []string
	var rest []*model.Problem
	for _, p := range ws {
		if errors.Is(p.Err, model.ErrEncoding) && strings.Contains(p.Err.Error(), "GB18030") {
			files = append(files, p.File)
			continue
		}
		rest = append(rest, p)
	}
	var notes []bi
	if len(files) > 0 {
		var n bi
		for i, t := range []language.Tag{lang.English, lang.Chinese} {
			sep := ", "
			if i == 1 {
				sep = "、"
			}
			n[i] = lang.Printer(t, webCat()).Sprintf("%d CSV files were saved in the Chinese encoding GBK (as Excel does on Chinese Windows) and were read as such: %s.", len(files), strings.Join(files, sep))
		}
		notes = append(notes, n)
	}
	return notes, outcomeGroups(model.GroupProblems(rest))
}

// fileData is the file page's.
type fileData struct {
	File    store.File
	Season  store.Season
	Outcome fileOutcome
	Again   bool // the planner uploaded the same file again (?again=1)
}

// filePage shows a stored file: its problems as sortable tables, grouped,
// or the cohort's summary and warnings.
func (wb *workbench) filePage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := wb.store.File(q.Ctx, id)
	if err != nil {
		return err
	}
	s, err := wb.store.Season(q.Ctx, f.Season)
	if err != nil {
		return err
	}
	if f.Kind == "responses" {
		// A round's responses have their page (web_rounds.go): their
		// check against the round they answer.
		http.Redirect(w, r, "/responses/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	d := fileData{File: f, Season: s, Again: r.URL.Query().Get("again") == "1"}
	if len(f.Outcome) > 0 && f.Kind == "cohort" { // others keep their own outcome
		if err := json.Unmarshal(f.Outcome, &d.Outcome); err != nil {
			return err
		}
	}
	return wb.render(w, q, "file.html", f.Name, d)
}

// fileDownload sends a stored file's bytes as uploaded.
func (wb *workbench) fileDownload(w http.ResponseWriter, r *http.Request, q *webReq) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := wb.store.File(q.Ctx, id)
	if err != nil {
		return err
	}
	data, err := wb.store.FileData(q.Ctx, id)
	if err != nil {
		return err
	}
	sendBytes(w, f.Name, data)
	return nil
}

// sendBytes sends data as a download named name (made safe: no path, no
// quote or control character; the UTF-8 name in filename*).
func sendBytes(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", downloadType(name))
	w.Header().Set("Content-Disposition", contentDisposition(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// downloadType is a download's media type by its name.
func downloadType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".json":
		return "application/json"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".zip":
		return "application/zip"
	}
	return "application/octet-stream"
}

// safeFileName is name without a folder, quotes or control characters
// ("download" when nothing is left).
func safeFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '<' || r == '>' || r == '|' {
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if name == "" {
		return "download"
	}
	return name
}

// contentDisposition names a download: an ASCII filename for old
// browsers, the UTF-8 one (RFC 6266, RFC 5987) for the others.
func contentDisposition(name string) string {
	name = safeFileName(name)
	ascii := strings.Map(func(r rune) rune {
		if r > 0x7e {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}
