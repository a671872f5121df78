package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

// zipOf is a zip of the named entries (in order).
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Deflate})
		require.NoError(t, err)
		w.Write([]byte(e[1]))
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// csvZip is the cohort of testdata/tiny.json as a CSV folder "cohort/"
// in a zip.
func csvZip(t *testing.T) []byte {
	t.Helper()
	c, err := model.ReadJSON(bytes.NewReader(readTestdata(t, "testdata/tiny.json")), "tiny.json", nil)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "cohort")
	require.NoError(t, model.WriteCSV(dir, c))
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	require.NoError(t, err)
	var entries [][2]string
	for _, n := range names {
		entries = append(entries, [2]string{"cohort/" + filepath.Base(n), string(readTestdata(t, n))})
	}
	entries = append(entries, [2]string{"__MACOSX/cohort/._students.csv", "junk"})
	return zipOf(t, entries...)
}

// tinyXLSX is testdata/tiny.json as a workbook; edit, when not nil,
// changes it first.
func tinyXLSX(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	c, err := model.ReadJSON(bytes.NewReader(readTestdata(t, "testdata/tiny.json")), "tiny.json", nil)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, xlsx.Write(&b, c))
	if edit == nil {
		return b.Bytes()
	}
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	edit(f)
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	return out.Bytes()
}

// uploadTo uploads into a new season and returns the client, the upload
// URL and the response.
func uploadSeason(t *testing.T, opts workbenchOptions) (*webClient, string) {
	c := newWebClient(t, opts)
	c.login("", "")
	id := c.season("2026 main")
	return c, "/seasons/" + strconv.FormatInt(id, 10) + "/upload"
}

// storedFile is the file the upload's redirect names.
func storedFile(t *testing.T, c *webClient, w *http.Response) int64 {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, w.StatusCode)
	id, err := strconv.ParseInt(strings.TrimPrefix(w.Header.Get("Location"), "/files/"), 10, 64)
	require.NoError(t, err)
	return id
}

// TestWebUploadAccepted uploads one cohort in each format: each is
// stored accepted, with the fingerprint of the cohort it is, and its
// page shows the summary; its download is the bytes uploaded.
func TestWebUploadAccepted(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	c.lang = "en"
	want, err := model.ReadJSON(bytes.NewReader(readTestdata(t, "testdata/tiny.json")), "tiny.json", nil)
	require.NoError(t, err)
	for _, up := range []struct {
		name, format string
		data         []byte
	}{
		{"tiny.json", formatJSON, readTestdata(t, "testdata/tiny.json")},
		{"tiny.xlsx", formatXLSX, tinyXLSX(t, nil)},
		{"分配数据.zip", formatCSVZip, csvZip(t)},
	} {
		w := c.upload(target, c.csrf, up.name, up.data)
		id := storedFile(t, c, w.Result())
		f, err := c.st.File(context.Background(), id)
		require.NoError(t, err)
		assert.True(t, f.Accepted, up.name)
		assert.Equal(t, up.format, f.Format, up.name)
		assert.Equal(t, up.name, f.Name)
		assert.Equal(t, want.Fingerprint(), f.Fingerprint, up.name)
		page := c.get("/files/" + strconv.FormatInt(id, 10))
		require.Equal(t, http.StatusOK, page.Code)
		body := page.Body.String()
		assert.Contains(t, body, "The file is accepted", up.name)
		sum := model.Summarize(want)
		assert.Contains(t, body, `<th>Students</th><td class="n">`+num(sum.Students)+`</td>`, up.name)
		dl := c.get("/files/" + strconv.FormatInt(id, 10) + "/download")
		assert.Equal(t, up.data, dl.Body.Bytes(), up.name)
		assert.Contains(t, dl.Header().Get("Content-Disposition"), "attachment; filename=")
		// The cohort loads back from the store.
		got, err := c.wb.cohort(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, want.Fingerprint(), got.Fingerprint())
	}
}

// TestWebUploadRejected uploads cohorts with mistakes: each is stored
// rejected, and its page lists the problems with their place (sheet,
// row, column) in a sortable table, in the page's language.
func TestWebUploadRejected(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	// A workbook whose position has the capacity "many".
	bad := tinyXLSX(t, func(f *excelize.File) {
		sheet := ""
		for _, s := range f.GetSheetList() {
			if rows, _ := f.GetRows(s); len(rows) > 1 && strings.EqualFold(s, "positions") {
				sheet = s
				for i, h := range rows[0] {
					if h == "capacity" {
						cell, _ := excelize.CoordinatesToCellName(i+1, 2)
						require.NoError(t, f.SetCellValue(s, cell, "many"))
					}
				}
			}
		}
		require.NotEmpty(t, sheet, "no positions sheet")
	})
	w := c.upload(target, c.csrf, "bad.xlsx", bad)
	id := storedFile(t, c, w.Result())
	f, err := c.st.File(context.Background(), id)
	require.NoError(t, err)
	assert.False(t, f.Accepted)
	assert.Empty(t, f.Fingerprint)
	var out fileOutcome
	require.NoError(t, json.Unmarshal(f.Outcome, &out))
	require.NotEmpty(t, out.Problems)
	row := out.Problems[0].Rows[0]
	assert.Equal(t, "positions", strings.ToLower(row.Sheet))
	assert.Equal(t, 2, row.Row)
	assert.Equal(t, "capacity", row.Column)
	assert.NotEmpty(t, row.Problem[0])
	assert.NotEqual(t, row.Problem[0], row.Problem[1], "the problem in both languages")

	for lang, verdict := range map[string]string{"en": "The file is rejected", "zh": "文件未通过校验"} {
		c.lang = lang
		page := c.get("/files/" + strconv.FormatInt(id, 10))
		require.Equal(t, http.StatusOK, page.Code)
		body := page.Body.String()
		assert.Contains(t, body, verdict)
		assert.Contains(t, body, `<table class="sortable problems"`)
		i := 0
		if lang == "zh" {
			i = 1
		}
		assert.Contains(t, body, template_escape(row.Problem[i]), lang)
	}

	// A JSON cohort with an unknown position: the hint names the position
	// it probably is.
	c.lang = "en"
	w = c.upload(target, c.csrf, "bad.json", readTestdata(t, "testdata/bad.json"))
	id = storedFile(t, c, w.Result())
	page := c.get("/files/" + strconv.FormatInt(id, 10))
	assert.Contains(t, page.Body.String(), "P9")
	assert.Contains(t, page.Body.String(), "The file is rejected")

	// A position's name typed where its ID belongs: the hint names the ID.
	named := `{"positions": [{"id": "P01", "name": "数控车工", "capacity": 1}], "students": [{"id": "S1", "choices": ["数控车工"]}]}`
	w = c.upload(target, c.csrf, "named.json", []byte(named))
	id = storedFile(t, c, w.Result())
	f, err = c.st.File(context.Background(), id)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(f.Outcome, &out))
	require.Len(t, out.Problems, 1)
	hint := out.Problems[0].Rows[0].Hint
	assert.Contains(t, hint[0], "P01")
	assert.Contains(t, hint[1], "P01")
	assert.NotContains(t, out.Problems[0].Rows[0].Problem[0], "P01", "the hint is not in the problem's column")
	assert.Equal(t, "student S1", out.Problems[0].Rows[0].Record[0])
	assert.Equal(t, "学生 S1", out.Problems[0].Rows[0].Record[1])
	page = c.get("/files/" + strconv.FormatInt(id, 10))
	assert.Contains(t, page.Body.String(), "<td>"+template_escape(hint[0])+"</td>")

	// A file that is no workbook at all: stored rejected with why.
	w = c.upload(target, c.csrf, "broken.xlsx", []byte("not a workbook"))
	id = storedFile(t, c, w.Result())
	f, err = c.st.File(context.Background(), id)
	require.NoError(t, err)
	assert.False(t, f.Accepted)
	page = c.get("/files/" + strconv.FormatInt(id, 10))
	assert.Contains(t, page.Body.String(), "The file is rejected")
	// A rejected file is no cohort to run.
	_, err = c.wb.cohort(context.Background(), id)
	assert.Error(t, err)
}

// template_escape is s as html/template writes it in a page's text.
func template_escape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// TestWebUploadRefused checks the uploads refused before anything is
// stored: too large (413), not an upload's format (400), a zip with an
// entry climbing out of its folder, absolute or with a backslash (400),
// a zip bomb declaring or unpacking to too much (413), too many entries
// (413).
func TestWebUploadRefused(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{MaxUpload: 64 << 10, MaxUnzipped: 1 << 20})
	s0, f0, r0 := c.stored()

	w := c.upload(target, c.csrf, "big.json", bytes.Repeat([]byte(" "), 100<<10))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	for _, name := range []string{"../students.csv", "cohort/../../students.csv", "/etc/students.csv", `cohort\students.csv`, "C:/students.csv"} {
		w = c.upload(target, c.csrf, "cohort.zip", zipOf(t, [2]string{"cohort/positions.csv", "id\n"}, [2]string{name, "id\n"}))
		assert.Equal(t, http.StatusBadRequest, w.Code, name)
	}

	// A bomb: 8 MiB of zeros in a few kB, which honestly says so.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	fw, err := zw.Create("cohort/students.csv")
	require.NoError(t, err)
	fw.Write(make([]byte, 8<<20))
	require.NoError(t, zw.Close())
	require.Less(t, bomb.Len(), 64<<10)
	w = c.upload(target, c.csrf, "bomb.zip", bomb.Bytes())
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	// A zip declaring 5 GB for an entry of a few bytes.
	var liar bytes.Buffer
	zw = zip.NewWriter(&liar)
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: "cohort/students.csv", Method: zip.Store, UncompressedSize64: 5 << 30, CompressedSize64: 3})
	require.NoError(t, err)
	raw.Write([]byte("id\n"))
	require.NoError(t, zw.Close())
	w = c.upload(target, c.csrf, "liar.zip", liar.Bytes())
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	// Entries that each declare the limit: their sum is over it.
	var entries [][2]string
	for i := range 3 {
		entries = append(entries, [2]string{"cohort/f" + strconv.Itoa(i) + ".csv", strings.Repeat("x", 400<<10)})
	}
	w = c.upload(target, c.csrf, "many.zip", zipOf(t, entries...))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	entries = nil
	for i := range maxZipEntries + 1 {
		entries = append(entries, [2]string{"cohort/f" + strconv.Itoa(i) + ".csv", "id\n"})
	}
	w = c.upload(target, c.csrf, "entries.zip", zipOf(t, entries...))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	w = c.upload(target, c.csrf, "notazip.zip", []byte("PK not really"))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	w = c.upload(target, c.csrf, "students.csv", []byte("id\nS1\n"))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	w = c.upload(target, c.csrf, "cohort.xls", []byte("old"))
	assert.Equal(t, http.StatusBadRequest, w.Code)
	w = c.upload(target, c.csrf, "empty.json", nil)
	assert.Equal(t, http.StatusBadRequest, w.Code)

	c.assertNothingStored(s0, f0, r0)
}

// TestContentDisposition checks the download's name: no folder, no quote,
// the UTF-8 name kept for the browsers that read it.
func TestContentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"分配结果.xlsx":          `attachment; filename="____.xlsx"; filename*=UTF-8''%E5%88%86%E9%85%8D%E7%BB%93%E6%9E%9C.xlsx`,
		`..\..\evil".json`:   `attachment; filename="evil_.json"; filename*=UTF-8''evil_.json`,
		"../":                `attachment; filename="download"; filename*=UTF-8''download`,
		"a\r\nSet-Cookie: x": `attachment; filename="a__Set-Cookie_ x"; filename*=UTF-8''a__Set-Cookie_%20x`,
	} {
		assert.Equal(t, want, contentDisposition(name), name)
	}
}

// TestUnzipCSV checks the folder found inside a zip: the one holding
// students.csv, at the root or nested, whatever else the zip holds.
func TestUnzipCSV(t *testing.T) {
	for want, entries := range map[string][][2]string{
		".":         {{"students.csv", "id\n"}, {"positions.csv", "id\n"}, {"readme.txt", "x"}},
		"2026/data": {{"2026/notes.csv", "x\n"}, {"2026/data/students.csv", "id\n"}, {"2026/data/positions.csv", "id\n"}, {"__MACOSX/2026/data/._students.csv", "junk"}},
		"cohort":    {{"cohort/", ""}, {"cohort/students.csv", "id\n"}},
	} {
		fsys, dir, err := unzipCSV(zipOf(t, entries...), 1<<20)
		require.NoError(t, err, want)
		assert.Equal(t, want, dir)
		b, err := fs.ReadFile(fsys, path.Join(dir, "students.csv"))
		require.NoError(t, err)
		assert.Equal(t, "id\n", string(b))
		_, err = fsys.Open(path.Join(dir, "enterprises.csv"))
		assert.ErrorIs(t, err, fs.ErrNotExist)
		for name := range fsys {
			assert.NotContains(t, name, "__MACOSX")
		}
	}
	_, _, err := unzipCSV(zipOf(t, [2]string{"readme.txt", "x"}), 1<<20)
	var se *statusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, http.StatusBadRequest, se.status)
}
