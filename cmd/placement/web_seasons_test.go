package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/store"
)

// TestWebSeasons creates seasons through the form: a wrong form is shown
// again with what is wrong (400) and creates nothing; the list shows the
// seasons, newest year first.
func TestWebSeasons(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	c.lang = "en"
	c.login("", "")
	w := c.get("/")
	assert.Contains(t, w.Body.String(), "No season yet")
	first := c.season("2025 main")
	for _, bad := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"name": {"  "}, "year": {"2026"}}, "Give the season a name."},
		{url.Values{"name": {"x"}, "year": {"next year"}}, "The year must be a year such as"},
		{url.Values{"name": {"x"}, "year": {"1999"}}, "The year must be a year such as"},
		{url.Values{"name": {strings.Repeat("年", 101)}, "year": {"2026"}}, "The name is too long (at most 100 characters)."},
		{url.Values{"name": {"2025 main"}, "year": {"2026"}}, `A season named &#34;2025 main&#34; exists already`},
	} {
		w := c.postForm("/seasons", bad.form, c.csrf)
		assert.Equal(t, http.StatusBadRequest, w.Code, bad.form)
		assert.Contains(t, w.Body.String(), bad.want, bad.form)
	}
	c.assertNothingStored(1, 0, 0)
	w = c.postForm("/seasons", url.Values{"name": {"2027 <main>"}, "year": {"2027"}}, c.csrf)
	require.Equal(t, http.StatusSeeOther, w.Code)
	body := c.get("/seasons").Body.String()
	i, j := strings.Index(body, "2027 &lt;main&gt;"), strings.Index(body, "2025 main")
	assert.True(t, i >= 0 && j > i, "newest year first, names escaped")
	assert.Contains(t, body, `href="/seasons/`+strconv.FormatInt(first, 10)+`"`)
	assert.Equal(t, http.StatusNotFound, c.get("/seasons/0").Code)
	assert.Equal(t, http.StatusNotFound, c.get("/seasons/x").Code)
}

// TestWebSeasonPage checks that a season's page shows its files, runs and
// published rounds, with the links to upload, run and the rounds.
func TestWebSeasonPage(t *testing.T) {
	c, target := uploadSeason(t, workbenchOptions{})
	c.lang = "zh"
	w := c.upload(target, c.csrf, "分配数据.json", readTestdata(t, "testdata/tiny.json"))
	file := storedFile(t, c, w.Result())
	w = c.upload(target, c.csrf, "bad.json", readTestdata(t, "testdata/bad.json"))
	storedFile(t, c, w.Result())
	ctx := context.Background()
	f, err := c.st.File(ctx, file)
	require.NoError(t, err)
	run, err := c.st.StartRun(ctx, store.Run{Season: f.Season, Kind: "solve", Cohort: file, Round: 1, CreatedBy: "planner", CohortFingerprint: f.Fingerprint})
	require.NoError(t, err)
	require.NoError(t, c.st.FinishRun(ctx, run.ID, []byte(`{}`), "fp-result-1", []byte(`{}`), nil))
	_, err = c.st.Publish(ctx, run.ID, "planner")
	require.NoError(t, err)
	failed, err := c.st.StartRun(ctx, store.Run{Season: f.Season, Kind: "solve", Cohort: file, Round: 1, CreatedBy: "li"})
	require.NoError(t, err)
	require.NoError(t, c.st.FailRun(ctx, failed.ID, "no"))

	resp, err := c.st.AddFile(ctx, store.File{Season: f.Season, Kind: "responses", Name: "回复.csv", Format: "csv", Accepted: true, Outcome: []byte(`{"round": 2}`), CreatedBy: "planner"}, []byte("student,answer\n"))
	require.NoError(t, err)
	rid := strconv.FormatInt(resp.ID, 10)
	w = c.get("/files/" + rid)
	assert.Equal(t, http.StatusSeeOther, w.Code, "a responses file has its page")
	assert.Equal(t, "/responses/"+rid, w.Header().Get("Location"))
	changes, err := c.st.AddFile(ctx, store.File{Season: f.Season, Kind: "changes", Name: "changes.json", Format: "json", Accepted: true, Outcome: []byte(`{"Problems": 3}`), CreatedBy: "planner"}, []byte("{}"))
	require.NoError(t, err)
	w = c.get("/files/" + strconv.FormatInt(changes.ID, 10))
	assert.Equal(t, http.StatusOK, w.Code, "another kind's outcome is not read as a cohort's")

	sid := strconv.FormatInt(f.Season, 10)
	w = c.get("/seasons/" + sid)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{
		`href="/seasons/` + sid + `/upload"`, `href="/seasons/` + sid + `/run"`, `href="/seasons/` + sid + `/rounds"`,
		`href="/files/` + strconv.FormatInt(file, 10) + `"`, "分配数据.json", "已通过校验", "未通过校验",
		`href="/runs/` + strconv.FormatInt(run.ID, 10) + `"`, `href="/responses/` + rid + `"`, "fp-result-1", "主轮", "运行 1", "结果指纹", "已完成", "失败",
	} {
		assert.Contains(t, body, want)
	}
	// The upload page has its form, the CSRF token first.
	w = c.get(target)
	require.Equal(t, http.StatusOK, w.Code)
	form := w.Body.String()
	i, j := strings.Index(form, `name="csrf"`), strings.Index(form, `type="file"`)
	assert.True(t, i >= 0 && j > i, "the token before the file")
	assert.Contains(t, form, `enctype="multipart/form-data"`)
}
