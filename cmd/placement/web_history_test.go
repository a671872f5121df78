package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
)

// TestWebRunsCatalogue: every message of the runs' pages (their
// templates' $.T and the Go files' q.Msg.Sprintf, webErrorf and stage
// literals) has its Chinese in the web catalogue.
func TestWebRunsCatalogue(t *testing.T) {
	zh := lang.Printer(lang.Chinese, webCat())
	patterns := map[string]*regexp.Regexp{
		"html": regexp.MustCompile(`\$\.T "((?:[^"\\]|\\.)*)"`),
		"go":   regexp.MustCompile(`(?:q\.Msg\.Sprintf\(|webErrorf\(http\.\w+, |p\.Stagef\(|p\.Detailf\()"((?:[^"\\]|\\.)*)"`),
	}
	n := 0
	for _, name := range []string{"web/templates/run.html", "web/templates/run_form.html", "web/templates/history.html", "web/templates/compare.html", "web_runs.go", "web_history.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		kind := "go"
		if strings.HasSuffix(name, ".html") {
			kind = "html"
		}
		for _, m := range patterns[kind].FindAllStringSubmatch(string(src), -1) {
			n++
			key := strings.ReplaceAll(m[1], `\"`, `"`)
			_, inWeb := webZh[key]
			_, inCmd := zhMessages[key]
			if !inWeb && !inCmd {
				t.Errorf("%s: no Chinese for %q", name, key)
			}
			if got := zh.Sprintf(key); got == key && strings.ContainsFunc(key, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
				t.Errorf("%s: %q is not translated", name, key)
			}
		}
	}
	if n < 60 {
		t.Errorf("found only %d messages: the scan is broken", n)
	}
}

// TestWebHistoryEmpty: the history and the comparison with no runs, and
// runs not done.
func TestWebHistoryEmpty(t *testing.T) {
	b := newRunsBench(t)
	for _, l := range []struct{ lang, text string }{{"zh", "还没有运行过"}, {"en", "No run yet"}} {
		resp, body := b.get("/history", l.lang)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, l.text) {
			t.Errorf("empty history (%s): %s, want %q\n%s", l.lang, resp.Status, l.text, body)
		}
	}
	for _, q := range []string{"", "?a=1", "?a=x&b=2", "?run=1"} {
		if resp, _ := b.get("/compare"+q, "en"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("/compare%s: %s, want 400", q, resp.Status)
		}
	}
	if resp, _ := b.get("/compare?a=7&b=8", "en"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/compare of runs that do not exist: %s, want 404", resp.Status)
	}
	c := webCohort(t, 30)
	se, f := b.season("spring", c)
	ctx := context.Background()
	running, err := b.st.StartRun(ctx, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, CohortFingerprint: f.Fingerprint})
	if err != nil {
		t.Fatal(err)
	}
	done := b.startForm(se.ID, "en", map[string][]string{"cohort": {fmt.Sprint(f.ID)}})
	b.wait(done)
	resp, body := b.get(fmt.Sprintf("/compare?a=%d&b=%d", done, running.ID), "zh")
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "没有结果") {
		t.Errorf("compare with a running run: %s\n%s", resp.Status, body)
	}
	for _, path := range []string{"/report", "/result.json", "/result.csv", "/result.xlsx"} {
		if resp, _ := b.get(fmt.Sprintf("/runs/%d%s", running.ID, path), "en"); resp.StatusCode != http.StatusConflict {
			t.Errorf("%s of a running run: %s, want 409", path, resp.Status)
		}
	}
	for _, path := range []string{"/runs/0", "/runs/x", "/runs/99", "/runs/99/report", "/runs/99/result.xlsx", "/seasons/99/run"} {
		if resp, _ := b.get(path, "en"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %s, want 404", path, resp.Status)
		}
	}
	// The history of one cohort lists its runs only; the running one
	// cannot be ticked for comparison.
	_, body = b.get("/history?cohort="+f.Fingerprint, "en")
	if strings.Count(body, `name="run"`) != 1 || !strings.Contains(body, fmt.Sprintf(`href="/runs/%d"`, running.ID)) {
		t.Errorf("history of the cohort: want both runs, one to tick\n%s", body)
	}
	_, body = b.get("/history?cohort=nothing", "en")
	if strings.Contains(body, `href="/runs/`) {
		t.Error("history of an unknown cohort lists runs")
	}
}
