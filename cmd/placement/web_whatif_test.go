package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// tinyChanges is a change file for testdata/tiny.json, and whatifValues
// the same changes as the form posts them.
const tinyChanges = `{"changes": [{"position": "P2", "seats": 1}, {"students": ["S2"], "withdraw": true}]}`

func whatifValues() url.Values {
	v := url.Values{}
	v.Set("rows", "3")
	v.Set("pos_id_1", "P2")   // the second row: errors say row 2
	v.Set("pos_seats_1", "１") // full-width, as typed in Chinese
	v.Set("students", " S2 \n")
	return v
}

// TestWebWhatifForm reads the form through whatif's table reader: the
// same entries as the change file, and a what-if whose diff is the one
// placement whatif writes, in both languages, under each mechanism.
func TestWebWhatifForm(t *testing.T) {
	f := parseWhatifForm(whatifValues())
	require.Len(t, f.Positions, 3)
	assert.Equal(t, 2, f.Positions[1].Line)
	assert.Equal(t, 10, f.StudentsLine, "3 rows of each kind, then the students")
	fromForm, csvData, err := f.changes("form")
	require.NoError(t, err)
	fromFile, err := whatif.ReadChanges(strings.NewReader(tinyChanges), "changes.json")
	require.NoError(t, err)
	require.Len(t, fromForm.Entries, len(fromFile.Entries))
	for i, e := range fromForm.Entries {
		want := fromFile.Entries[i]
		want.Line = []int{2, 10}[i] // the form's rows
		assert.Equal(t, want, e)
	}
	// The stored CSV reads back as the same changes.
	back, err := whatif.ReadChangesCSV(bytes.NewReader(csvData), "form.csv")
	require.NoError(t, err)
	require.Len(t, back.Entries, 2)
	assert.Equal(t, "P2", back.Entries[0].Position)
	assert.Equal(t, []string{"S2"}, back.Entries[1].Students)

	c, err := loadCohort("testdata/tiny.json")
	require.NoError(t, err)
	changed, err := whatifApply(c, fromForm, nil)
	require.NoError(t, err)
	dir := t.TempDir()
	file := writeFile(t, dir, "changes.json", tinyChanges)
	for _, mech := range []string{"student-da", "position-da", "optimal"} {
		base := explainSolve(t, c, mech)
		for _, tag := range whatifLangs {
			p := newRunProgress(lang.Printer(tag, webCat()))
			out, err := runWhatif(context.Background(), tag, p, base, "", changed, fromForm)
			require.NoError(t, err)
			assert.True(t, out.Summary.Checked)
			var d whatif.Diff
			require.NoError(t, json.Unmarshal(out.Blobs["diff.json"], &d))
			assert.Equal(t, 1, d.Summary.Withdrawn)
			assert.Equal(t, d.Summary.PlacedAfter, out.Summary.Placed)
			assert.Equal(t, base.Placed(), d.Summary.PlacedBefore)
			diff := filepath.Join(dir, mech+diffLangKey(tag)+"-diff.json")
			code, _, stderr := runCmd("whatif", "-lang", diffLangKey(tag), "-cohort", "testdata/tiny.json", "-changes", file, "-mechanism", mech, "-diff", diff)
			require.Equal(t, 0, code, stderr)
			want, err := os.ReadFile(diff)
			require.NoError(t, err)
			name := diffJSONName(tag)
			// The verb words its English reasons as whatif does; the page's
			// rewording through the catalogue says the same.
			assert.JSONEq(t, string(want), string(out.Blobs[name]))
			csvWant := filepath.Join(dir, mech+diffLangKey(tag)+"-diff.csv")
			code, _, stderr = runCmd("whatif", "-lang", diffLangKey(tag), "-cohort", "testdata/tiny.json", "-changes", file, "-mechanism", mech, "-diff", csvWant)
			require.Equal(t, 0, code, stderr)
			wantCSV, err := os.ReadFile(csvWant)
			require.NoError(t, err)
			assert.Equal(t, string(wantCSV), string(out.Blobs["diff."+diffLangKey(tag)+".csv"]))
			var tables []whatif.Table
			require.NoError(t, json.Unmarshal(out.Blobs["diff-tables."+diffLangKey(tag)+".json"], &tables))
			require.Len(t, tables, 3)
			assert.Equal(t, d.TablesIn(tag)[1].Header, tables[1].Header)
			assert.Len(t, tables[1].Rows, len(d.Moves)+len(d.Withdrawn))
			for _, k := range []string{"diff." + diffLangKey(tag) + ".xlsx", "cohort.json"} {
				assert.NotEmpty(t, out.Blobs[k], k)
			}
		}
	}
}

// TestWebWhatifFormErrors: a bad cell and an unknown position come back as
// whatif's located errors, at the form's rows, and mark those rows.
func TestWebWhatifFormErrors(t *testing.T) {
	c, err := loadCohort("testdata/tiny.json")
	require.NoError(t, err)
	v := whatifValues()
	v.Set("pos_id_0", "P12")
	v.Set("pos_seats_0", "2")
	v.Set("pos_seats_1", "many")
	v.Set("ent_id_2", "E1")
	v.Set("students", "S1 S99")
	for _, tag := range whatifLangs {
		msg := lang.Printer(tag, webCat())
		f := parseWhatifForm(v)
		ch, _, err := f.changes(msg.Sprintf("what-if form"))
		require.Error(t, err)
		_, err = whatifApply(c, ch, err)
		require.Error(t, err)
		f.mark(err)
		problems := whatifFormProblems(tag, msg, err, msg.Sprintf("what-if form"), f)
		require.Len(t, problems, 5, "%q", problems) // E1: changes nothing, and unknown
		var ce *whatif.ChangeError
		require.ErrorAs(t, err, &ce)
		text := strings.Join(problems, "\n")
		// Located as the page shows them: the row's number and the
		// column's label, no file:line, no field codes.
		assert.NotContains(t, text, msg.Sprintf("what-if form"))
		assert.NotRegexp(t, `(position|seats|enterprise|students)[:：]`, text)
		// Rows numbered in their own table (final review: not on across
		// the three tables).
		assert.Contains(t, text, msg.Sprintf("%s, row %d, %s", msg.Sprintf("Positions"), 1, msg.Sprintf("Position")))
		assert.Contains(t, text, msg.Sprintf("%s, row %d, %s", msg.Sprintf("Positions"), 2, msg.Sprintf("Seats added")))
		assert.Contains(t, text, msg.Sprintf("%s, row %d, %s", msg.Sprintf("Enterprise caps"), 3, msg.Sprintf("Enterprise")), "the third enterprise row")
		assert.Contains(t, text, msg.Sprintf("%s: %s", msg.Sprintf("%s, row %d", msg.Sprintf("Enterprise caps"), 3), msg.Sprintf("this row changes nothing: fill in a number (or tick Withdraw)")))
		assert.Contains(t, text, msg.Sprintf("Students who withdraw"))
		assert.Contains(t, text, `"S99"`)
		assert.Contains(t, text, `"P12"`)
		assert.Contains(t, text, "P1", "what it was probably meant to be")
		if tag == lang.English {
			assert.Contains(t, text, `Positions, row 1, Position: unknown position "P12"`)
		} else {
			assert.Contains(t, text, `岗位 第 1 行，岗位：`)
			assert.Contains(t, text, `岗位 第 2 行，增加名额：`)
		}
		assert.True(t, f.Positions[0].Problem)
		assert.True(t, f.Positions[1].Problem)
		assert.False(t, f.Positions[2].Problem)
		assert.True(t, f.Enterprises[2].Problem)
		assert.True(t, f.StudentsBad)
	}
	assert.True(t, parseWhatifForm(url.Values{}).empty())
	assert.False(t, parseWhatifForm(whatifValues()).empty())
}

// TestWebWhatifUpload reads a change file in each format by its name.
func TestWebWhatifUpload(t *testing.T) {
	c, err := loadCohort("testdata/tiny.json")
	require.NoError(t, err)
	x := excelize.NewFile()
	require.NoError(t, x.SetSheetName("Sheet1", "changes"))
	require.NoError(t, x.SetSheetRow("changes", "A1", &[]any{"position", "seats", "备注"}))
	require.NoError(t, x.SetSheetRow("changes", "A2", &[]any{"P2", 1, "more"}))
	var xb bytes.Buffer
	require.NoError(t, x.Write(&xb))
	for _, tc := range []struct {
		name, data, format string
		warnings           int
	}{
		{"c.json", tinyChanges, "json", 0},
		{"c.csv", "position,seats\nP2,1\n", "csv", 0},
		{"C.XLSX", xb.String(), "xlsx", 1},
	} {
		ch, format, err := readChangesUpload(tc.name, []byte(tc.data))
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.format, format)
		assert.Equal(t, "P2", ch.Entries[0].Position)
		assert.Len(t, changeWarnings(lang.Chinese, ch), tc.warnings)
		_, err = whatifApply(c, ch, nil)
		assert.NoError(t, err)
	}
	// Junk named .xlsx: a planner's refusal, no zip library's words
	// (review F11, the what-if upload).
	_, _, err = readChangesUpload("junk.xlsx", []byte("this is no workbook"))
	require.Error(t, err)
	zhErr := localError(lang.Chinese, lang.Printer(lang.Chinese, webCat()), err).Error()
	assert.Contains(t, zhErr, "请在 Excel 中打开并另存为")
	assert.NotContains(t, zhErr, "zip")
	_, _, err = readChangesUpload("old.xls", []byte("x"))
	require.Error(t, err)
	assert.Contains(t, localError(lang.English, english, err).Error(), ".xls workbook")
	// An unknown ID in a file: located at its line, with a hint.
	ch, _, err := readChangesUpload("c.csv", []byte("position,seats\nP2,1\nP12,1\n"))
	require.NoError(t, err)
	_, err = whatifApply(c, ch, nil)
	problems := whatifProblems(lang.English, english, err)
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0], `c.csv:3: `)
	assert.Contains(t, problems[0], `unknown position "P12"`)
}

// whatifUploadChanges posts a change file to a what-if's upload form (field
// "changes", the CSRF token first).
func whatifUploadChanges(t *testing.T, c *webClient, target, name string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	require.NoError(t, mw.WriteField("csrf", c.csrf))
	fw, err := mw.CreateFormFile("changes", name)
	require.NoError(t, err)
	fw.Write(data)
	require.NoError(t, mw.Close())
	return c.request(http.MethodPost, target, &b, http.Header{"Content-Type": {mw.FormDataContentType()}})
}

// TestWebWhatifEndToEnd runs a what-if from the form on testdata/tiny.json:
// the change file is stored, the run is a what-if of the base run, its
// diff page (both languages) says who moved, its downloads are the files
// placement whatif writes, and its students' pages explain the changed
// result.
func TestWebWhatifEndToEnd(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	base := fmt.Sprintf("/runs/%d", baseID)
	for _, l := range []string{"en", "zh"} {
		page := explainGet(t, c, l, base+"/whatif", http.StatusOK)
		assert.Contains(t, page, `id="whatif-form"`)
		assert.Contains(t, page, `<option value="P2">`)
		pr := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], webCat())
		assert.Contains(t, page, template_escape(pr.Sprintf("Rerun with: %s", mechWord(pr, matching.StudentDA))))
		assert.NotContains(t, page, "(student-da)", "codes only on the run form (final review 4)")
	}
	s0, f0, r0 := c.stored()
	form := whatifValues()
	form.Set("name", "S2 leaves")
	w := c.postForm(base+"/whatif", form, c.csrf)
	id := explainWaitRun(t, c, w)
	// The planner lands on who moves; the run page's progress goes there
	// when the run is done (planner review 24).
	assert.Equal(t, fmt.Sprintf("/runs/%d/diff", id), w.Header().Get("Location"))
	ev := c.get(fmt.Sprintf("/runs/%d/events", id))
	assert.Contains(t, ev.Body.String(), fmt.Sprintf("event: done\ndata: /runs/%d/diff\n", id))
	ev = c.get(fmt.Sprintf("/runs/%d/events", baseID))
	assert.Contains(t, ev.Body.String(), fmt.Sprintf("event: done\ndata: /runs/%d\n", baseID), "a solve run's progress ends on its page")
	s1, f1, r1 := c.stored()
	assert.Equal(t, []int{s0, f0 + 1, r0 + 1}, []int{s1, f1, r1}, "one change file, one run")
	ctx := context.Background()
	run, err := c.st.Run(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "whatif", run.Kind)
	assert.Equal(t, baseID, run.Base)
	file, err := c.st.File(ctx, run.Changes)
	require.NoError(t, err)
	assert.Equal(t, store.FileKind("changes"), file.Kind)
	assert.Equal(t, "S2 leaves.csv", file.Name)
	data, err := c.st.FileData(ctx, run.Changes)
	require.NoError(t, err)
	stored, err := whatif.ReadChangesCSV(bytes.NewReader(data), file.Name)
	require.NoError(t, err)
	assert.Len(t, stored.Entries, 2)
	// The change file has its page and its download, as every stored file.
	explainGet(t, c, "zh", fmt.Sprintf("/files/%d", run.Changes), http.StatusOK)
	dl := c.get(fmt.Sprintf("/files/%d/download", run.Changes))
	require.Equal(t, http.StatusOK, dl.Code)
	assert.Equal(t, data, dl.Body.Bytes())

	dir := t.TempDir()
	changes := writeFile(t, dir, "changes.json", tinyChanges)
	path := fmt.Sprintf("/runs/%d", id)
	var keys []string // the CSV's columns, as the English header names them
	for _, l := range []string{"en", "zh"} {
		page := explainGet(t, c, l, path+"/diff", http.StatusOK)
		// The verb's diff, as the page's tables show it.
		csvFile := filepath.Join(dir, l+".csv")
		code, _, stderr := runCmd("whatif", "-lang", l, "-cohort", "testdata/tiny.json", "-changes", changes, "-diff", csvFile)
		require.Equal(t, 0, code, stderr)
		want, err := os.ReadFile(csvFile)
		require.NoError(t, err)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(want), "\ufeff"))).ReadAll()
		require.NoError(t, err)
		if l == "en" {
			keys = rows[0]
		}
		for _, row := range rows[1:] {
			for j, cell := range row {
				if !slices.Contains([]string{"school", "school_name", "major", "level", "home_region", "from_enterprise_name", "to_enterprise_name"}, keys[j]) {
					assert.Contains(t, page, ">"+template_escape(cell)+"<", keys[j]) // the page leaves those to the downloads
				}
			}
		}
		pr := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], webCat())
		assert.Contains(t, page, fmt.Sprintf(`<th>%s</th><td class="n">5</td>`, pr.Sprintf("students in the cohort")), "tiny.json's 5 students")
		assert.Contains(t, page, template_escape(mechWord(pr, matching.StudentDA)))
		assert.NotContains(t, page, "(student-da)", "codes only on the run form (final review 4)")
		assert.Contains(t, page, fmt.Sprintf(`href="%s/students/S2"`, path))
		assert.Contains(t, page, fmt.Sprintf(`href="%s/students/S1"`, path))
		assert.Contains(t, page, fmt.Sprintf(`href="/files/%d/download"`, run.Changes))
		dl := c.get(path + "/diff.csv")
		require.Equal(t, http.StatusOK, dl.Code)
		assert.Equal(t, string(want), dl.Body.String(), "the verb's CSV diff")
		assert.Contains(t, dl.Header().Get("Content-Disposition"), "attachment")
		jsonFile := filepath.Join(dir, l+".json")
		code, _, stderr = runCmd("whatif", "-lang", l, "-cohort", "testdata/tiny.json", "-changes", changes, "-diff", jsonFile)
		require.Equal(t, 0, code, stderr)
		wantJSON, err := os.ReadFile(jsonFile)
		require.NoError(t, err)
		dl = c.get(path + "/diff.json")
		require.Equal(t, http.StatusOK, dl.Code)
		var a, b map[string]any
		require.NoError(t, json.Unmarshal(wantJSON, &a))
		require.NoError(t, json.Unmarshal(dl.Body.Bytes(), &b))
		delete(a, "name") // the form's scenario is named, the file not
		delete(b, "name")
		assert.Equal(t, a, b)
		dl = c.get(path + "/diff.xlsx")
		require.Equal(t, http.StatusOK, dl.Code)
		x, err := excelize.OpenReader(bytes.NewReader(dl.Body.Bytes()))
		require.NoError(t, err)
		assert.Len(t, x.GetSheetList(), 3)
		x.Close()
	}
	// The what-if's result explains its students: S1 now has P1.
	page := explainGet(t, c, "en", path+"/students/S1", http.StatusOK)
	assert.Contains(t, page, "placed: choice 1, P1")
	assert.NotContains(t, page, `id="withdrawn"`)
	page = explainGet(t, c, "zh", path+"/students/S2", http.StatusOK)
	assert.Contains(t, page, "在此假设分析中该生退出")
	// Withdrawn, not "listed no choice"; and what they had in the base
	// run (planner review 74).
	baseS2 := explainGet(t, c, "zh", base+"/students/S2", http.StatusOK)
	had := regexp.MustCompile(`id="outcome">([^<]+)<`).FindStringSubmatch(baseS2)
	require.Len(t, had, 2)
	for _, l := range []string{"en", "zh"} {
		pr := lang.Printer(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], webCat())
		page := explainGet(t, c, l, path+"/students/S2", http.StatusOK)
		assert.Contains(t, page, `id="outcome">`+template_escape(pr.Sprintf("withdrawn (in this what-if)"))+`<`)
		assert.NotContains(t, page, template_escape(strings.TrimSpace(pr.Sprintf("unplaced: %s\n", reasonText(pr, matching.EmptyList)))))
		if l == "zh" {
			assert.Contains(t, page, pr.Sprintf("In run %d: %s", baseID, had[1]))
		}
	}
	page = explainGet(t, c, "zh", base+"/students/S2", http.StatusOK)
	assert.NotContains(t, page, `id="withdrawn"`, "in the base run S2 is placed")
	// A run that is no what-if has no diff.
	explainGet(t, c, "en", base+"/diff", http.StatusNotFound)
	// A what-if of the what-if starts from its changed cohort.
	explainGet(t, c, "en", path+"/whatif", http.StatusOK)
}

// TestWebWhatifRefused: bad changes in the form or in a file come back
// located, in the planner's language, with nothing stored or run.
func TestWebWhatifRefused(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	base := fmt.Sprintf("/runs/%d", baseID)
	s0, f0, r0 := c.stored()
	co, err := loadCohort("testdata/tiny.json")
	require.NoError(t, err)
	for _, l := range []string{"en", "zh"} {
		tag := map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l]
		msg := lang.Printer(tag, webCat())
		c.lang = l
		form := url.Values{"rows": {"2"}, "pos_id_1": {"P12"}, "pos_seats_1": {"1"}}
		w := c.postForm(base+"/whatif", form, c.csrf)
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		// The problem as whatif locates it in the form: row 2.
		f := parseWhatifForm(form)
		ch, _, rerr := f.changes(msg.Sprintf("what-if form"))
		_, aerr := whatifApply(co, ch, rerr)
		want := whatifFormProblems(tag, msg, aerr, msg.Sprintf("what-if form"), f)
		require.Len(t, want, 1)
		assert.Contains(t, w.Body.String(), template_escape(want[0]))
		assert.Contains(t, want[0], msg.Sprintf("%s, row %d, %s", msg.Sprintf("Positions"), 2, msg.Sprintf("Position")))
		assert.Contains(t, want[0], "P12")
		assert.Contains(t, w.Body.String(), `<tr class="bad">`)
		assert.Contains(t, w.Body.String(), `value="P12"`, "the form keeps what was typed")
		// The same form with its token in the X-CSRF-Token header (as a
		// script sends it) is read as well: the same refusal, not "the
		// form changes nothing".
		w = c.request(http.MethodPost, base+"/whatif", strings.NewReader(form.Encode()),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Csrf-Token": {c.csrf}})
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), template_escape(want[0]))
		assert.Contains(t, w.Body.String(), `value="P12"`)

		// More rows keeps what was typed, and runs nothing.
		w = c.postForm(base+"/whatif", url.Values{"rows": {"3"}, "pos_id_0": {"P2"}, "more": {"1"}}, c.csrf)
		require.Equal(t, http.StatusOK, w.Code)
		assert.Contains(t, w.Body.String(), `name="pos_id_5"`)
		assert.NotContains(t, w.Body.String(), `name="pos_id_6"`)
		assert.Contains(t, w.Body.String(), `name="pos_id_0" value="P2"`)

		w = c.postForm(base+"/whatif", url.Values{}, c.csrf)
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), template_escape(msg.Sprintf("The form changes nothing: fill in at least one row, or upload a change file.")))

		w = whatifUploadChanges(t, c, base+"/whatif/upload", "c.csv", []byte("position,seats\nP2,1\nP12,1\n"))
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), "c.csv:3")
		w = whatifUploadChanges(t, c, base+"/whatif/upload", "c.json", []byte(`{"changes": [{"position": "P2", "seats": "ten"}]}`))
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), "changes[0].seats")
		// Changes that read but leave a cohort that does not validate.
		w = whatifUploadChanges(t, c, base+"/whatif/upload", "c.json", []byte(`{"changes": [{"position": "P1", "min_fill": 5}]}`))
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), template_escape(msg.Sprintf("The cohort as changed does not pass its checks:")))
		ch, _, rerr = readChangesUpload("c.json", []byte(`{"changes": [{"position": "P1", "min_fill": 5}]}`))
		_, aerr = whatifApply(co, ch, rerr)
		var ve *model.ValidationError
		require.ErrorAs(t, aerr, &ve)
		assert.Contains(t, w.Body.String(), template_escape(ve.Problems[0].Text(tag)))
		w = whatifUploadChanges(t, c, base+"/whatif/upload", "old.xls", []byte("x"))
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		// Without the CSRF token: refused by the server.
		w = c.postForm(base+"/whatif", whatifValues(), "")
		assert.Equal(t, http.StatusForbidden, w.Code)
	}
	c.assertNothingStored(s0, f0, r0)
	// A good file is run; a column it ignores is said on the diff page,
	// in the page's language.
	for _, f := range []struct{ name, data, format string }{
		{"c.json", tinyChanges, "json"},
		{"c.csv", "position,seats,备注\nP2,1,more seats\n", "csv"},
	} {
		w := whatifUploadChanges(t, c, base+"/whatif/upload", f.name, []byte(f.data))
		id := explainWaitRun(t, c, w)
		run, err := c.st.Run(context.Background(), id)
		require.NoError(t, err)
		file, err := c.st.File(context.Background(), run.Changes)
		require.NoError(t, err)
		assert.Equal(t, f.format, file.Format)
		ch, _, err := readChangesUpload(f.name, []byte(f.data))
		require.NoError(t, err)
		for _, l := range []string{"en", "zh"} {
			page := explainGet(t, c, l, fmt.Sprintf("/runs/%d/diff", id), http.StatusOK)
			ws := changeWarnings(map[string]language.Tag{"en": lang.English, "zh": lang.Chinese}[l], ch)
			assert.Equal(t, f.format == "csv", len(ws) == 1)
			for _, w := range ws {
				assert.Contains(t, page, template_escape(w))
			}
		}
	}
}

// TestWebExplainCatalogue: every message of the explain and what-if pages
// (templates' $.T, the Go files' printer, webErrorf and stage literals)
// has its Chinese, with the same verbs, and every Chinese these files add
// is used by them.
func TestWebExplainCatalogue(t *testing.T) {
	zh := lang.Printer(lang.Chinese, webCat())
	html := regexp.MustCompile(`\$\.T "((?:[^"\\]|\\.)*)"`)
	goMsg := regexp.MustCompile(`(?:q\.Msg\.Sprintf\(|msg\.Sprintf\(|webErrorf\(http\.\w+, |p\.Stagef\()"((?:[^"\\]|\\.)*)"`)
	verbs := regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z]`)
	used := map[string]bool{}
	files := []string{"web_explain.go", "web_whatif.go", "web/templates/student.html", "web/templates/position.html",
		"web/templates/search.html", "web/templates/whatif.html", "web/templates/whatif-diff.html"}
	for _, name := range files {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		re := goMsg
		if strings.HasSuffix(name, ".html") {
			re = html
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			key, err := strconv.Unquote(`"` + m[1] + `"`)
			require.NoError(t, err)
			used[key] = true
			_, inWeb := webZh[key]
			_, inCmd := zhMessages[key]
			if !inWeb && !inCmd {
				t.Errorf("%s: no Chinese for %q", name, key)
				continue
			}
			got := zh.Sprintf(key)
			if got == key && strings.ContainsFunc(key, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
				t.Errorf("%s: %q is not translated", name, key)
			}
			if inWeb {
				assert.ElementsMatch(t, verbs.FindAllString(key, -1), verbs.FindAllString(webZh[key], -1), "verbs of %q", key)
			}
		}
	}
	assert.Greater(t, len(used), 60, "the scan is broken")
	// The Chinese these files add, each used by them.
	add := regexp.MustCompile(`(?s)addWebZh\(map\[string\]string\{(.*?)\n\t\}\)`)
	entry := regexp.MustCompile(`\n\t\t("(?:[^"\\]|\\.)*"):`)
	for _, name := range files[:2] {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		m := add.FindStringSubmatch(string(src))
		require.NotNil(t, m, name)
		for _, e := range entry.FindAllStringSubmatch(m[1], -1) {
			key, err := strconv.Unquote(e[1])
			require.NoError(t, err)
			assert.True(t, used[key], "%s: %q is translated but not used", name, key)
		}
	}
}

// TestWebWhatifSpec: the what-if reruns the base run's mechanism, lottery,
// seat order and objective, the objective from the result file when the
// result has no certificate.
func TestWebWhatifSpec(t *testing.T) {
	c, err := loadCohort("testdata/tiny.json")
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, &matching.CompileOptions{Seed: 9, TieBreak: matching.MultipleTieBreak, ReserveOrder: matching.OpenFirst})
	require.NoError(t, err)
	res, err := matching.Solve(context.Background(), inst, matching.PositionDA, nil)
	require.NoError(t, err)
	rs := whatifSpecOf(res, "")
	assert.Equal(t, matching.PositionDA, rs.mech)
	assert.Equal(t, matching.CompileOptions{Seed: 9, TieBreak: matching.MultipleTieBreak, ReserveOrder: matching.OpenFirst}, rs.compile)
	opt, err := matching.SolveOptimal(context.Background(), inst, &matching.OptimalOptions{Objective: matching.Generous})
	require.NoError(t, err)
	assert.Equal(t, matching.Generous, whatifSpecOf(opt, "").obj, "from the certificate")
	// Without a certificate (the placements alone): the file's objective.
	bare, err := matching.NewResult(inst, matching.OptimalAllocation, opt.Placements())
	require.NoError(t, err)
	assert.Equal(t, matching.Generous, whatifSpecOf(bare, "generous").obj)
	assert.Equal(t, matching.RankSum, whatifSpecOf(bare, "").obj)
}

// TestWebWhatifTemplate: the form lists a change table's Chinese headers
// first on a Chinese page and offers a blank table in the page's
// language; that table, filled in Excel with its Chinese headers and
// uploaded, runs (planner review 52, 72).
func TestWebWhatifTemplate(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	base := fmt.Sprintf("/runs/%d", baseID)
	for _, l := range []string{"en", "zh"} {
		page := explainGet(t, c, l, base+"/whatif", http.StatusOK)
		zh, en := strings.Join(whatif.TableColumnsZh(), "、"), strings.Join(whatif.TableColumns(), ", ")
		first, second := en, zh
		if l == "zh" {
			first, second = zh, en
		}
		i, j := strings.Index(page, first), strings.Index(page, second)
		require.True(t, i >= 0 && j >= 0, "both headers listed (%s)", l)
		assert.Less(t, i, j, "the page's language's headers first (%s)", l)
		assert.Contains(t, page, `href="`+base+`/whatif/template.xlsx"`)
		w := c.get(base + "/whatif/template.xlsx")
		require.Equal(t, http.StatusOK, w.Code)
		assert.Contains(t, w.Header().Get("Content-Disposition"), "attachment")
		x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
		require.NoError(t, err)
		rows, err := x.GetRows(changesSheet)
		require.NoError(t, err)
		want := whatif.TableColumns()
		if l == "zh" {
			want = whatif.TableColumnsZh()
		}
		require.Len(t, rows, 1, "blank: the header only")
		assert.Equal(t, want, rows[0])
		// Filled in: P2 gets a seat, S2 withdraws.
		require.NoError(t, x.SetSheetRow(changesSheet, "A2", &[]any{"P2", "", "", "", "", 1}))
		require.NoError(t, x.SetSheetRow(changesSheet, "A3", &[]any{"", "", "", "S2", "是"}))
		var b bytes.Buffer
		require.NoError(t, x.Write(&b))
		x.Close()
		id := explainWaitRun(t, c, whatifUploadChanges(t, c, base+"/whatif/upload", "模板.xlsx", b.Bytes()))
		data, err := c.st.RunBlob(context.Background(), id, "diff.json")
		require.NoError(t, err)
		var d whatif.Diff
		require.NoError(t, json.Unmarshal(data, &d))
		require.Len(t, d.Withdrawn, 1, l)
		assert.Equal(t, "S2", d.Withdrawn[0].Student)
	}
	// A change file in CSV with the form's Chinese headers, as the
	// planner writes it.
	id := explainWaitRun(t, c, whatifUploadChanges(t, c, base+"/whatif/upload", "chg.csv", []byte("岗位,增加名额\nP2,1\n")))
	run, err := c.st.Run(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, "whatif", run.Kind)
}

// TestWebWhatifUploadBomb: a change workbook that unzips beyond a change
// file's bound (a small upload declaring a huge sheet) is refused, and
// quickly, without reading it out (review F5).
func TestWebWhatifUploadBomb(t *testing.T) {
	x := excelize.NewFile()
	require.NoError(t, x.SetSheetName("Sheet1", "changes"))
	require.NoError(t, x.SetSheetRow("changes", "A1", &[]any{"position", "seats"}))
	var xb bytes.Buffer
	require.NoError(t, x.Write(&xb))
	zr, err := zip.NewReader(bytes.NewReader(xb.Bytes()), int64(xb.Len()))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		if f.Name == "xl/worksheets/sheet1.xml" { // padded past the bound
			i := bytes.LastIndex(data, []byte("</worksheet>"))
			require.Positive(t, i)
			w.Write(data[:i])
			pad := bytes.Repeat([]byte(" "), 1<<20)
			for n := 0; n <= whatif.MaxFileBytes>>20; n++ {
				w.Write(pad)
			}
			w.Write(data[i:])
			continue
		}
		w.Write(data)
	}
	require.NoError(t, zw.Close())
	require.Less(t, out.Len(), 1<<20, "the upload itself is small")
	start := time.Now()
	_, _, err = readChangesUpload("bomb.xlsx", out.Bytes())
	require.Error(t, err)
	assert.Contains(t, localError(lang.Chinese, lang.Printer(lang.Chinese, webCat()), err).Error(), "工作簿解压后超过")
	assert.Less(t, time.Since(start), 20*time.Second)
}

// TestWebDiffCells: the diff page writes counts with thousands
// separators, as the run page beside it does (planner review 22).
func TestWebDiffCells(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
		num  bool
	}{
		{float64(19475), "19,475", true}, {float64(5000), "5,000", true}, {float64(3), "3", true},
		{"P00411 名额 7 → 9", "P00411 名额 7 → 9", false}, {nil, "", false},
	} {
		c := diffCell(tc.v)
		assert.Equal(t, tc.want, c.Text)
		assert.Equal(t, tc.num, c.Num)
	}
}

// TestWebDiffOfFailedWhatif: the diff page of a what-if that failed (or is
// still running) sends the planner to the run's page, which says why (or
// shows its progress), instead of an error page.
func TestWebDiffOfFailedWhatif(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	ctx := context.Background()
	base, err := c.st.Run(ctx, baseID)
	require.NoError(t, err)
	run, err := c.st.StartRun(ctx, store.Run{Season: base.Season, Kind: "whatif", Cohort: base.Cohort, Base: baseID, Round: 1})
	require.NoError(t, err)
	for _, fail := range []bool{false, true} {
		if fail {
			require.NoError(t, c.st.FailRun(ctx, run.ID, "broken"))
		}
		w := c.get(fmt.Sprintf("/runs/%d/diff", run.ID))
		require.Equal(t, http.StatusSeeOther, w.Code)
		assert.Equal(t, fmt.Sprintf("/runs/%d", run.ID), w.Header().Get("Location"))
	}
	// Its downloads still refuse: there is no diff.
	assert.Equal(t, http.StatusConflict, c.get(fmt.Sprintf("/runs/%d/diff.xlsx", run.ID)).Code)
	// A solve run has no diff at all.
	assert.Equal(t, http.StatusNotFound, c.get(fmt.Sprintf("/runs/%d/diff", baseID)).Code)
}

// TestWebWhatifFormRows: the form offers as many empty rows for regions as
// for positions and enterprises (planner review 26).
func TestWebWhatifFormRows(t *testing.T) {
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	page := explainGet(t, c, "zh", fmt.Sprintf("/runs/%d/whatif", baseID), http.StatusOK)
	for _, kind := range []string{"pos_id", "ent_id", "reg_id", "reg_cap", "reg_floor"} {
		assert.Len(t, regexp.MustCompile(`name="`+kind+`_\d+"`).FindAllString(page, -1), whatifFormRows, kind)
	}
	_, tbody, _ := strings.Cut(page, `id="region-rows"`)
	tbody, _, _ = strings.Cut(tbody, "</table>")
	assert.Equal(t, whatifFormRows, strings.Count(tbody, "<tr>")-1, "region rows under the header")
}

// TestWebDiffGist: the diff page says the diff in one sentence, counts
// with separators (planner review 75).
func TestWebDiffGist(t *testing.T) {
	s := whatif.Summary{Withdrawn: 1, Moved: 13, Better: 10, NewlyPlaced: 3, Worse: 0, PlacedBefore: 3511, PlacedAfter: 3513}
	zh := diffGist(lang.Printer(lang.Chinese, webCat()), s)
	assert.Equal(t, "1 名学生退出；另有 13 名学生去向变动：10 人去向变好（其中 3 人新获分配），0 人变差（其中 0 人变为未分配）；已分配 3,511 → 3,513 人。", zh)
	en := diffGist(lang.Printer(lang.English, webCat()), s)
	assert.Contains(t, en, "placed: 3,511 → 3,513.")
	c, baseID := explainSolveRun(t, "testdata/tiny.json", "student-da")
	id := explainWaitRun(t, c, c.postForm(fmt.Sprintf("/runs/%d/whatif", baseID), whatifValues(), c.csrf))
	page := explainGet(t, c, "zh", fmt.Sprintf("/runs/%d/diff", id), http.StatusOK)
	data, err := c.st.RunBlob(context.Background(), id, "diff.json")
	require.NoError(t, err)
	var d whatif.Diff
	require.NoError(t, json.Unmarshal(data, &d))
	assert.Contains(t, page, `<p id="gist"><b>`+template_escape(diffGist(lang.Printer(lang.Chinese, webCat()), d.Summary))+`</b></p>`)
}
