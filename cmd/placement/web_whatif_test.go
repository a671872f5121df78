package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
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
	for _, tag := range whatifLangs {
		msg := lang.Printer(tag, cat)
		f := parseWhatifForm(v)
		ch, _, err := f.changes(msg.Sprintf("what-if form"))
		require.Error(t, err)
		_, err = whatifApply(c, ch, err)
		require.Error(t, err)
		f.mark(err)
		problems := whatifProblems(tag, msg, err)
		require.Len(t, problems, 4, "%q", problems) // E1: changes nothing, and unknown
		var ce *whatif.ChangeError
		require.ErrorAs(t, err, &ce)
		text := strings.Join(problems, "\n")
		form := msg.Sprintf("what-if form")
		assert.Contains(t, text, form+":1")
		assert.Contains(t, text, form+":2")
		assert.Contains(t, text, form+":6", "the third enterprise row")
		assert.Contains(t, text, `"P12"`)
		assert.Contains(t, text, "P1", "what it was probably meant to be")
		if tag == lang.English {
			assert.Contains(t, text, `unknown position "P12"`)
		}
		assert.True(t, f.Positions[0].Problem)
		assert.True(t, f.Positions[1].Problem)
		assert.False(t, f.Positions[2].Problem)
		assert.True(t, f.Enterprises[2].Problem)
		assert.False(t, f.StudentsBad)
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
		assert.Contains(t, page, template_escape(pr.Sprintf("Rerun with: %s", mechanismText(pr, matching.StudentDA))))
	}
	s0, f0, r0 := c.stored()
	form := whatifValues()
	form.Set("name", "S2 leaves")
	w := c.postForm(base+"/whatif", form, c.csrf)
	id := explainWaitRun(t, c, w)
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
		assert.Contains(t, page, template_escape(mechanismText(pr, matching.StudentDA)))
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
		want := whatifProblems(tag, msg, aerr)
		require.Len(t, want, 1)
		assert.Contains(t, w.Body.String(), template_escape(want[0]))
		assert.Contains(t, want[0], msg.Sprintf("what-if form")+":2")
		assert.Contains(t, want[0], "P12")
		assert.Contains(t, w.Body.String(), `<tr class="bad">`)
		assert.Contains(t, w.Body.String(), `value="P12"`, "the form keeps what was typed")

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
