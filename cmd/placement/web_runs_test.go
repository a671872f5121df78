package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
	"github.com/placement-engine/placement/round"
)

// webCohort is a synthetic group cohort of n students (the group preset),
// with quotas, reserves and special posts.
func webCohort(t testing.TB, n int) *model.Cohort {
	t.Helper()
	cfg := synth.Group(float64(n)/genStudents, 7)
	cfg.Students = n
	c, err := synth.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWebRunOptions(t *testing.T) {
	en := &webReq{Lang: lang.English, Msg: lang.Printer(lang.English, webCat())}
	zh := &webReq{Lang: lang.Chinese, Msg: lang.Printer(lang.Chinese, webCat())}
	for _, tc := range []struct {
		form    url.Values
		want    runOptions
		wantErr string // in English; "" none
	}{
		{url.Values{}, runOptions{Mechanism: "student-da", TieBreak: "single", ReserveOrder: "reserved-first"}, ""},
		{url.Values{"mechanism": {"optimal"}, "objective": {"generous"}, "seed": {"42"}, "tie_break": {"multiple"}, "reserve_order": {"open-first"}},
			runOptions{Mechanism: "optimal", Objective: "generous", Seed: 42, TieBreak: "multiple", ReserveOrder: "open-first"}, ""},
		{url.Values{"mechanism": {"position-da"}, "objective": {"generous"}}, runOptions{Mechanism: "position-da", TieBreak: "single", ReserveOrder: "reserved-first"}, ""},
		{url.Values{"mechanism": {"least-disruption"}}, runOptions{}, "least-disruption is only for a supplementary round"},
		{url.Values{"mechanism": {"serial"}}, runOptions{}, "serial"},
		{url.Values{"seed": {"-1"}}, runOptions{}, `Seed "-1"`},
		{url.Values{"tie_break": {"triple"}}, runOptions{}, "triple"},
		{url.Values{"mechanism": {"optimal"}, "objective": {"best"}}, runOptions{}, "best"},
	} {
		got, _, err := runOptionsOf(en, tc.form)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: error %v, want one saying %q", tc.form, err, tc.wantErr)
			}
			// The same refusal in Chinese is in Chinese.
			_, _, zerr := runOptionsOf(zh, tc.form)
			if zerr == nil || zerr.Error() == err.Error() {
				t.Errorf("%v: Chinese error %v, want it translated from %v", tc.form, zerr, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%v: %+v, %v; want %+v", tc.form, got, err, tc.want)
		}
	}
}

// TestWebRunOutput runs each mechanism as the run form would, checks its
// output, rebuilds the stored result and writes the downloads: the
// workbook passes placement check, the CSV of an optimal run is refused.
func TestWebRunOutput(t *testing.T) {
	ctx := context.Background()
	c := webCohort(t, 300)
	dir := t.TempDir()
	cohortPath := filepath.Join(dir, "cohort.json")
	var cb bytes.Buffer
	if err := model.WriteJSON(&cb, c); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cohortPath, cb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := lang.Printer(lang.Chinese, cat)
	for _, mech := range []string{"student-da", "position-da", "optimal"} {
		t.Run(mech, func(t *testing.T) {
			o, rs, err := runOptionsOf(&webReq{Lang: lang.English, Msg: englishMsg}, url.Values{"mechanism": {mech}, "seed": {"3"}})
			if err != nil {
				t.Fatal(err)
			}
			p := newRunProgress(msg)
			res, err := rs.solveWeb(ctx, c, p)
			if err != nil {
				t.Fatal(err)
			}
			if st := p.state(); st.seq < 2 || !strings.Contains(st.stage, "正在求解") || strings.Contains(st.stage, "("+mech+")") {
				t.Errorf("progress after solving: %+v, want the stage 正在求解 after at least 2 changes", st)
			}
			out, err := runOutputOf(ctx, lang.Chinese, p, res, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := out.Summary
			if !s.Checked || s.Students != 300 || s.Placed != res.Placed() || s.Placed+s.Unplaced != 300 || s.Mechanism != mech {
				t.Errorf("summary %+v, want 300 students, %d placed, checked, %s", s, res.Placed(), mech)
			}
			sum := 0
			for _, n := range s.ByRank {
				sum += n
			}
			if sum != s.Placed {
				t.Errorf("by rank %v adds up to %d, want %d placed", s.ByRank, sum, s.Placed)
			}
			if (mech == "optimal") != (s.Objective == "rank-sum") || (mech == "optimal") != (o.Objective == "rank-sum") {
				t.Errorf("objective %q (options %q) of a %s run", s.Objective, o.Objective, mech)
			}
			if out.Fingerprint != res.Fingerprint() {
				t.Errorf("fingerprint %s, want %s", out.Fingerprint, res.Fingerprint())
			}
			back, rf, err := rebuildResult(ctx, c, out.Result, out.Fingerprint)
			if err != nil {
				t.Fatal(err)
			}
			if back.Fingerprint() != out.Fingerprint || rf.Mechanism != mech || rf.Seed != 3 {
				t.Errorf("rebuilt: fingerprint %s, mechanism %s, seed %d; want %s, %s, 3", back.Fingerprint(), rf.Mechanism, rf.Seed, out.Fingerprint, mech)
			}
			if _, ok := back.Optimum(); ok != (mech == "optimal") {
				t.Errorf("rebuilt %s result carries an optimum: %v", mech, ok)
			}
			if _, _, err := rebuildResult(ctx, c, out.Result, "0123"); err == nil {
				t.Error("a stored result of another fingerprint than its run's was rebuilt")
			}
			// The downloads, from the rebuilt result as after a restart.
			csv, err := resultCSV(back, lang.Chinese)
			if mech == "optimal" {
				if err == nil || !strings.Contains(localError(lang.English, englishMsg, err).Error(), "certificate") {
					t.Errorf("CSV of an optimal result: %v, want a refusal naming the certificate", err)
				}
			} else if err != nil || !strings.Contains(string(csv), "学生") {
				t.Errorf("CSV: %v, %.80q; want a Chinese header", err, csv)
			}
			for _, tag := range []string{"zh", "en"} {
				x, err := resultXLSX(back, map[string]language.Tag{"zh": lang.Chinese, "en": lang.English}[tag], nil)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, mech+"-"+tag+".xlsx")
				if err := os.WriteFile(path, x, 0o644); err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				if code := run([]string{"check", "-cohort", cohortPath, "-result", path}, &stdout, &stderr); code != exitOK {
					t.Errorf("placement check of the %s workbook (%s): exit %d\n%s%s", mech, tag, code, stdout.String(), stderr.String())
				}
				if mech == "optimal" && !strings.Contains(stdout.String(), "certificate checked") {
					t.Errorf("check of the optimal workbook did not check its certificate: %s", stdout.String())
				}
			}
		})
	}
}

// TestWebRunFindings: a result that breaks a rule fails its run with
// the findings, nothing kept.
func TestWebRunFindings(t *testing.T) {
	ctx := context.Background()
	c, err := loadCohort("testdata/tiny.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := matching.Compile(ctx, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	// S1 and S2 both at P1, a seat of one.
	pl := []matching.Placement{{Student: 0, Position: 0}, {Student: 1, Position: 0}, {Student: 2, Position: -1}, {Student: 3, Position: -1}, {Student: 4, Position: -1}}
	res, err := matching.NewResult(inst, matching.StudentDA, pl)
	if err != nil {
		t.Fatal(err)
	}
	_, err = runOutputOf(ctx, lang.English, nil, res, nil)
	var fe *findingsError
	if !errors.As(err, &fe) || len(fe.findings) == 0 {
		t.Fatalf("runOutputOf of a result over capacity: %v, want its findings", err)
	}
}

// TestWebRunProgress: listeners see every change, and nothing after the
// end; concurrent writers do not race (go test -race).
func TestWebRunProgress(t *testing.T) {
	p := newRunProgress(englishMsg)
	st := p.state()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				if j%10 == 0 {
					p.Stagef("compiling")
				}
				p.Detailf("%d proposals, %d of %d proposers through their first round", i*j, j, 50)
			}
		}()
	}
	<-st.changed // woken by the first change
	wg.Wait()
	if got := p.state().seq; got != 4*(50+5) {
		t.Errorf("%d changes, want %d", got, 4*(50+5))
	}
	p.end()
	end := p.state()
	if !end.over {
		t.Error("not over after end")
	}
	p.Stage("late")
	if got := p.state(); got.stage == "late" || got.seq != end.seq {
		t.Errorf("a stage after the end was taken: %+v", got)
	}
	var none *runProgress
	none.Stagef("compiling") // a nil progress ignores it
	none.end()
}

// runsBench is a workbench over a fresh store, served on loopback, with a
// client that keeps its session.
type runsBench struct {
	t      testing.TB
	wb     *workbench
	st     *store.Store
	srv    *httptest.Server
	client *http.Client
	logs   *logBuffer
	csrf   string // the session's token, once read
}

// logBuffer collects what the workbench logs.
type logBuffer struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBuffer) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func newRunsBench(t testing.TB) *runsBench {
	t.Helper()
	return newRunsBenchOpts(t, workbenchOptions{})
}

// newRunsBenchOpts is newRunsBench with opts (User and Logf are the
// bench's).
func newRunsBenchOpts(t testing.TB, opts workbenchOptions) *runsBench {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "placement.db"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	opts.User, opts.Logf = "wang", logs.logf
	wb := newWorkbench(st, opts)
	srv := httptest.NewServer(wb)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &runsBench{t: t, wb: wb, st: st, srv: srv, logs: logs,
		client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	t.Cleanup(func() {
		srv.Close()
		wb.close(ctx)
		st.Close()
	})
	return b
}

// season makes a season with an accepted cohort file of c; it returns
// the season and the file.
func (b *runsBench) season(name string, c *model.Cohort) (store.Season, store.File) {
	b.t.Helper()
	ctx := context.Background()
	se, err := b.st.CreateSeason(ctx, store.Season{Name: name, Year: 2026, CreatedBy: "wang"})
	if err != nil {
		b.t.Fatal(err)
	}
	return se, b.cohortFile(se.ID, c)
}

// cohortFile stores c as an accepted cohort of season.
func (b *runsBench) cohortFile(season int64, c *model.Cohort) store.File {
	b.t.Helper()
	var buf bytes.Buffer
	if err := model.WriteJSON(&buf, c); err != nil {
		b.t.Fatal(err)
	}
	f, err := b.st.AddFile(context.Background(), store.File{Season: season, Kind: "cohort", Name: c.Name() + ".json", Format: "json",
		Accepted: true, Fingerprint: c.Fingerprint(), CreatedBy: "wang"}, buf.Bytes())
	if err != nil {
		b.t.Fatal(err)
	}
	return f
}

// get fetches path in language lang ("zh" or "en"); it returns the
// response and its body.
func (b *runsBench) get(path, lang string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, string(body)
}

// token is the session's CSRF token, read once from the form of the page
// at from.
func (b *runsBench) token(from string) string {
	b.t.Helper()
	if b.csrf == "" {
		_, page := b.get(from, "en")
		m := csrfField.FindStringSubmatch(page)
		if m == nil {
			b.t.Fatalf("no CSRF token on %s:\n%s", from, page)
		}
		b.csrf = html.UnescapeString(m[1])
	}
	return b.csrf
}

// upload uploads a cohort file through the upload form of season and
// returns the stored file's ID.
func (b *runsBench) upload(season int64, name string, data []byte) int64 {
	b.t.Helper()
	var id int64
	loc := b.uploadTo(fmt.Sprintf("/seasons/%d/upload", season), name, data)
	if _, err := fmt.Sscanf(loc, "/files/%d", &id); err != nil {
		b.t.Fatalf("upload of %s redirects to %q", name, loc)
	}
	return id
}

// uploadTo posts a file as an upload form does (field "file") to path
// and returns where it redirects (303).
func (b *runsBench) uploadTo(path, name string, data []byte) string {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.token("/"))
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		b.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	resp, err := b.client.Post(b.srv.URL+path, mw.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("upload of %s to %s: %s\n%s", name, path, resp.Status, out)
	}
	return resp.Header.Get("Location")
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// post sends a form to path, with the CSRF token of the page at from.
func (b *runsBench) post(from, path, lang string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	form.Set("csrf", b.token(from))
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// startForm posts the run form of season and returns the run's ID.
func (b *runsBench) startForm(season int64, lang string, form url.Values) int64 {
	b.t.Helper()
	from := fmt.Sprintf("/seasons/%d/run", season)
	resp, body := b.post(from, from, lang, form)
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("POST %s: %s, want 303\n%s", from, resp.Status, body)
	}
	var id int64
	if _, err := fmt.Sscanf(resp.Header.Get("Location"), "/runs/%d", &id); err != nil {
		b.t.Fatalf("POST %s redirects to %q, want /runs/ID", from, resp.Header.Get("Location"))
	}
	return id
}

// events reads run id's event stream to its end and returns the events
// as "name: data" lines.
func (b *runsBench) events(id int64) []string {
	b.t.Helper()
	resp, err := b.client.Get(fmt.Sprintf("%s/runs/%d/events", b.srv.URL, id))
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		b.t.Fatalf("events: Content-Type %q", ct)
	}
	return readEvents(b.t, resp.Body)
}

func readEvents(t testing.TB, r io.Reader) []string {
	t.Helper()
	var out []string
	event := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			out = append(out, event+": "+strings.TrimPrefix(line, "data: "))
		}
	}
	return out
}

// wait waits for run id to end (its events end with "done") and returns
// it.
func (b *runsBench) wait(id int64) store.Run {
	b.t.Helper()
	ev := b.events(id)
	if len(ev) == 0 || ev[len(ev)-1] != fmt.Sprintf("done: /runs/%d", id) {
		b.t.Fatalf("events of run %d: %q, want them to end with done", id, ev)
	}
	run, err := b.st.Run(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	if run.Status == store.Running {
		b.t.Fatalf("run %d still running after its done event", id)
	}
	return run
}

func mustContain(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not contain %q", what, w)
		}
	}
}

// TestWebRunPath walks a run end to end in both languages: the form,
// the run, its events, its page, its report, its downloads (the workbook
// passes placement check), the history and a comparison.
func TestWebRunPath(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 200)
	se, f := b.season("春季 2026", c)
	ctx := context.Background()

	for _, l := range []struct{ lang, mech, run string }{{"zh", "学生优先稳定分配", "运行分配"}, {"en", "stable allocation, students first", "Run an allocation"}} {
		resp, body := b.get(fmt.Sprintf("/seasons/%d/run", se.ID), l.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("run form (%s): %s\n%s", l.lang, resp.Status, body)
		}
		mustContain(t, "run form ("+l.lang+")", body, l.mech, l.run, f.Name, `name="seed"`, `value="optimal"`, `value="open-first"`)
	}

	// A mistake shows the form again, in the planner's language.
	resp, body := b.post(fmt.Sprintf("/seasons/%d/run", se.ID), fmt.Sprintf("/seasons/%d/run", se.ID), "zh",
		url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"optimal"}, "seed": {"abc"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "随机种子 &#34;abc&#34;") {
		t.Errorf("a bad seed: %s, want 400 and the form saying 随机种子 \"abc\"\n%s", resp.Status, body)
	}
	if runs, _ := b.st.Runs(ctx, 0); len(runs) != 0 {
		t.Errorf("a refused form started %d runs", len(runs))
	}

	stable := b.startForm(se.ID, "zh", url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"student-da"}, "seed": {"5"}})
	optimal := b.startForm(se.ID, "en", url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"optimal"}, "objective": {"rank-maximal"}, "seed": {"5"}})
	for _, id := range []int64{stable, optimal} {
		run := b.wait(id)
		if run.Status != store.Done {
			t.Fatalf("run %d: %s (%s)", id, run.Status, run.Error)
		}
		if run.CohortFingerprint != c.Fingerprint() || run.Round != 1 || run.Kind != "solve" || run.CreatedBy != "wang" {
			t.Errorf("run %d stored as %+v", id, run)
		}
		// The events of a run over: done at once.
		if ev := b.events(id); len(ev) != 1 || ev[0] != fmt.Sprintf("done: /runs/%d", id) {
			t.Errorf("events of run %d after its end: %q, want done only", id, ev)
		}
	}
	// The stored result is the one solve computes with the same options.
	want := solveDirect(t, c, "student-da", "", 5)
	if run, _ := b.st.Run(ctx, stable); run.ResultFingerprint != want.Fingerprint() {
		t.Errorf("stable run's result %s, solve gives %s", run.ResultFingerprint, want.Fingerprint())
	}

	for _, l := range []struct{ lang, report, placed string }{{"zh", "打开报告", "已分配"}, {"en", "Open the report", "Placed"}} {
		resp, body := b.get(fmt.Sprintf("/runs/%d", stable), l.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("run page: %s", resp.Status)
		}
		mustContain(t, "run page ("+l.lang+")", body, l.report, l.placed, num(want.Placed()), c.Fingerprint(),
			fmt.Sprintf("/runs/%d/result.xlsx", stable), fmt.Sprintf("/runs/%d/result.csv", stable),
			fmt.Sprintf("/runs/%d/search", stable), fmt.Sprintf("/runs/%d/whatif", stable), fmt.Sprintf("/runs/%d/publish", stable))
		_, body = b.get(fmt.Sprintf("/runs/%d", optimal), l.lang)
		if strings.Contains(body, fmt.Sprintf("/runs/%d/result.csv", optimal)) {
			t.Errorf("the optimal run's page (%s) offers a CSV", l.lang)
		}
		resp, body = b.get(fmt.Sprintf("/runs/%d/report", stable), l.lang)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "style-src 'unsafe-inline'") ||
			!strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'none'") {
			t.Errorf("report (%s): %s, CSP %q", l.lang, resp.Status, resp.Header.Get("Content-Security-Policy"))
		}
		mustContain(t, "report ("+l.lang+")", body, "<svg", map[string]string{"zh": "学生优先稳定分配", "en": "students first"}[l.lang],
			fmt.Sprintf(`<a href="/runs/%d">← %s %d</a>`, stable, map[string]string{"zh": "返回运行", "en": "Back to run"}[l.lang], stable))
	}

	// "Run again with other options": the form starts from the run's.
	_, body = b.get(fmt.Sprintf("/runs/%d", optimal), "en")
	m := regexp.MustCompile(`href="(/seasons/\d+/run\?[^"]+)">Run again with other options`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the run page has no link to run again\n%s", body)
	}
	_, body = b.get(html.UnescapeString(m[1]), "en")
	mustContain(t, "the form to run again", body, `<option value="optimal" selected>`, `<option value="rank-maximal" selected>`, `name="seed" inputmode="numeric" pattern="[0-9]*" value="5"`,
		fmt.Sprintf(`<option value="%d" selected>`, f.ID))

	// Downloads.
	dir := t.TempDir()
	cohortPath := filepath.Join(dir, "cohort.json")
	var cb bytes.Buffer
	model.WriteJSON(&cb, c)
	os.WriteFile(cohortPath, cb.Bytes(), 0o644)
	// Names in the page's language, with the season, the run's number
	// and its mechanism; the ASCII name for old clients in English.
	for _, d := range []struct {
		run          int64
		format, lang string
		name, ascii  string
	}{
		{stable, "xlsx", "zh", "春季-2026-运行1-学生优先稳定分配-结果.xlsx", "season1-run1-student-da-result.xlsx"},
		{stable, "csv", "zh", "春季-2026-运行1-学生优先稳定分配-结果.csv", "season1-run1-student-da-result.csv"},
		{stable, "json", "en", "春季-2026-run1-student-da-result.json", "season1-run1-student-da-result.json"},
		{optimal, "xlsx", "en", "春季-2026-run2-optimal-rank-maximal-result.xlsx", "season1-run2-optimal-rank-maximal-result.xlsx"},
		{optimal, "json", "zh", "春季-2026-运行2-最优分配-第一志愿最多优先-结果.json", "season1-run2-optimal-rank-maximal-result.json"},
	} {
		resp, body := b.get(fmt.Sprintf("/runs/%d/result.%s", d.run, d.format), d.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("download %s of run %d: %s", d.format, d.run, resp.Status)
		}
		cd := resp.Header.Get("Content-Disposition")
		_, params, err := mime.ParseMediaType(cd)
		wantName := d.name
		if err != nil || params["filename"] != wantName {
			t.Errorf("download %s of run %d named %q (%v), want %q", d.format, d.run, params["filename"], err, wantName)
		}
		if !strings.Contains(cd, `filename="`+d.ascii+`"`) {
			t.Errorf("download %s of run %d: %s, want the ASCII name %q", d.format, d.run, cd, d.ascii)
		}
		path := filepath.Join(dir, wantName)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"check", "-cohort", cohortPath, "-result", path}, &stdout, &stderr); code != exitOK {
			t.Errorf("placement check of the downloaded %s: exit %d\n%s%s", wantName, code, stdout.String(), stderr.String())
		}
	}
	resp, body = b.get(fmt.Sprintf("/runs/%d/result.csv", optimal), "zh")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "证书") {
		t.Errorf("CSV of the optimal run: %s, want 404 saying why (证书)\n%s", resp.Status, body)
	}

	// History and comparison.
	for _, l := range []struct{ lang, title, label string }{{"zh", "运行历史", "运行 %d（"}, {"en", "History of the runs", "run %d ("}} {
		resp, body := b.get("/history", l.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("history: %s", resp.Status)
		}
		mustContain(t, "history ("+l.lang+")", body, l.title, "春季 2026", f.Name, c.Fingerprint(), "wang",
			fmt.Sprintf(`href="/runs/%d"`, stable), fmt.Sprintf(`href="/runs/%d"`, optimal))
		if strings.Index(body, fmt.Sprintf(`href="/runs/%d"`, optimal)) > strings.Index(body, fmt.Sprintf(`href="/runs/%d"`, stable)) {
			t.Errorf("history (%s): not newest first", l.lang)
		}
		q := fmt.Sprintf("a=%d&b=%d", stable, optimal)
		resp, body = b.get("/compare?"+q, l.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("compare: %s\n%s", resp.Status, body)
		}
		mustContain(t, "compare ("+l.lang+")", body, `action="/compare/report"`, fmt.Sprintf(`name="a" value="%d"`, stable), fmt.Sprintf(`name="b" value="%d"`, optimal), num(want.Placed()))
		resp, body = b.get("/compare/report?"+q, l.lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("compare report: %s\n%s", resp.Status, body)
		}
		mustContain(t, "compare report ("+l.lang+")", body, "<svg", fmt.Sprintf(l.label, stable), fmt.Sprintf(l.label, optimal))
	}
	// The check boxes' form: /compare?run=A&run=B.
	if resp, _ := b.get(fmt.Sprintf("/compare?run=%d&run=%d", optimal, stable), "en"); resp.StatusCode != http.StatusOK {
		t.Errorf("compare by check boxes: %s", resp.Status)
	}
	// Two runs of one cohort: how many students differ, counted from
	// the results.
	ra, rb := want, solveDirect(t, c, "optimal", "rank-maximal", 5)
	moved := 0
	for s := range c.Students() {
		if ra.Position(s) != rb.Position(s) {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("the stable and the optimal run place every student alike: the test needs them to differ")
	}
	_, body = b.get(fmt.Sprintf("/compare?a=%d&b=%d", stable, optimal), "zh")
	mustContain(t, "compare (zh)", body, fmt.Sprintf("两次运行中有 %d 名学生的去向不同。", moved))
	// The same options again (after the double-click window): an
	// identical result, and the page says so.
	twin, err := b.st.StartRun(ctx, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, Options: storedRun(t, b.st, stable).Options, CohortFingerprint: f.Fingerprint, CreatedBy: "wang"})
	if err != nil {
		t.Fatal(err)
	}
	sres, err := b.st.RunResult(ctx, stable)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.st.FinishRun(ctx, twin.ID, sres, storedRun(t, b.st, stable).ResultFingerprint, storedRun(t, b.st, stable).Summary, nil); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ lang, text string }{{"zh", "两次运行的结果完全相同（结果指纹一致）。"}, {"en", "The two results are identical"}} {
		_, body := b.get(fmt.Sprintf("/compare?a=%d&b=%d", stable, twin.ID), l.lang)
		mustContain(t, "compare of identical results ("+l.lang+")", body, l.text)
	}

	// Runs of different cohorts (last year's and this year's): their
	// overall figures side by side, with a note; no per-student report.
	other := webCohort(t, 50)
	f2 := b.cohortFile(se.ID, other)
	third := b.startForm(se.ID, "en", url.Values{"cohort": {fmt.Sprint(f2.ID)}})
	b.wait(third)
	for _, l := range []struct{ lang, text string }{{"zh", "数据不同：两次运行用的学生岗位数据不一样，仅比较总体指标。"}, {"en", "Different data"}} {
		resp, body := b.get(fmt.Sprintf("/compare?a=%d&b=%d", stable, third), l.lang)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, l.text) || strings.Contains(body, `action="/compare/report"`) {
			t.Errorf("compare of different cohorts (%s): %s, want 200 saying %q without the report's form\n%s", l.lang, resp.Status, l.text, body)
		}
		mustContain(t, "compare of different cohorts ("+l.lang+")", body, num(want.Placed()), num(other.NumStudents()))
		resp, body = b.get(fmt.Sprintf("/compare/report?a=%d&b=%d", stable, third), l.lang)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("report of different cohorts (%s): %s, want 400\n%s", l.lang, resp.Status, body)
		}
	}
	// One run ticked, or the same twice: the history again (400) with
	// the message and the tick kept.
	for _, q := range []string{fmt.Sprintf("run=%d", optimal), fmt.Sprintf("a=%d&b=%d", stable, stable)} {
		resp, body := b.get("/compare?"+q, "zh")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="compare-error"`) || !strings.Contains(body, "请选择两次不同的运行进行比较") || !strings.Contains(body, `<table class="sortable history">`) {
			t.Errorf("compare?%s: %s, want 400 and the history with the message\n%s", q, resp.Status, body)
		}
	}
	_, body = b.get(fmt.Sprintf("/compare?run=%d", optimal), "zh")
	mustContain(t, "the history after one tick", body, fmt.Sprintf(`value="%d" checked`, optimal))
	if strings.Contains(body, fmt.Sprintf(`value="%d" checked`, stable)) {
		t.Errorf("a run not ticked is ticked after the refusal")
	}
}

// TestWebHistorySeason: /history?season=ID lists that season's runs
// only, 50 a page (review 49).
func TestWebHistorySeason(t *testing.T) {
	b := newRunsBench(t)
	ctx := context.Background()
	c := webCohort(t, 60)
	s1, f1 := b.season("甲年度", c)
	s2, f2 := b.season("乙年度", c)
	mk := func(se store.Season, f store.File) int64 {
		r, err := b.st.StartRun(ctx, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, Options: []byte(`{"mechanism":"student-da"}`), CohortFingerprint: f.Fingerprint, CreatedBy: "wang"})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.st.FailRun(ctx, r.ID, "test"); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	var ids1 []int64
	for range historyPageSize + 3 {
		ids1 = append(ids1, mk(s1, f1))
	}
	other := mk(s2, f2)
	link := func(id int64) string { return fmt.Sprintf(`<a href="/runs/%d" title=`, id) }
	resp, body := b.get(fmt.Sprintf("/history?season=%d", s1.ID), "zh")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("history of a season: %s", resp.Status)
	}
	mustContain(t, "history of season 1, page 1", body, "运行历史：甲年度", link(ids1[len(ids1)-1]), fmt.Sprintf(`href="/history?page=2&amp;season=%d" rel="next"`, s1.ID))
	if strings.Contains(body, link(other)) || strings.Contains(body, link(ids1[2])) {
		t.Errorf("page 1 of season 1 lists another season's run or the 51st")
	}
	_, body = b.get(fmt.Sprintf("/history?season=%d&page=2", s1.ID), "en")
	mustContain(t, "page 2", body, link(ids1[0]), link(ids1[2]), `rel="prev"`)
	if n := strings.Count(body, `<a href="/runs/`); n != 3 {
		t.Errorf("page 2 lists %d runs, want 3", n)
	}
	if resp, _ := b.get("/history?season=999", "en"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("history of no season: %s, want 404", resp.Status)
	}
	_, body = b.get(fmt.Sprintf("/runs/%d", other), "zh")
	mustContain(t, "run page", body, fmt.Sprintf(`href="/history?season=%d"`, s2.ID))
}

// solveDirect is the result solve computes on c.
func solveDirect(t testing.TB, c *model.Cohort, mech, obj string, seed uint64) *matching.Result {
	t.Helper()
	o := defaultRunOptions
	o.Mechanism, o.Objective, o.Seed = mech, obj, seed
	rs, err := o.spec()
	if err != nil {
		t.Fatal(err)
	}
	res, err := rs.solveWeb(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestWebRunConcurrent starts several runs at once, of each mechanism,
// while tabs listen: each stores the result solve computes (run it with
// -race).
func TestWebRunConcurrent(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 400)
	se, f := b.season("spring", c)
	type job struct {
		mech, obj string
		seed      uint64
		id        int64
	}
	jobs := []*job{{mech: "student-da", seed: 1}, {mech: "position-da", seed: 2}, {mech: "optimal", obj: "rank-sum", seed: 3},
		{mech: "student-da", seed: 4}, {mech: "optimal", obj: "generous", seed: 5}, {mech: "position-da", seed: 6}}
	for _, j := range jobs {
		j.id = b.startForm(se.ID, "en", url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {j.mech}, "objective": {j.obj}, "seed": {fmt.Sprint(j.seed)}})
	}
	var wg sync.WaitGroup
	evs := make([][]string, len(jobs)*2)
	for i, j := range append(jobs, jobs...) { // two tabs a run
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := b.client.Get(fmt.Sprintf("%s/runs/%d/events", b.srv.URL, j.id))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			evs[i] = readEvents(t, resp.Body)
		}()
	}
	wg.Wait()
	for i, ev := range evs {
		j := append(jobs, jobs...)[i]
		if len(ev) == 0 || ev[len(ev)-1] != fmt.Sprintf("done: /runs/%d", j.id) {
			t.Errorf("tab %d of run %d: events %q, want them to end with done", i, j.id, ev)
		}
	}
	for _, j := range jobs {
		run, err := b.st.Run(context.Background(), j.id)
		if err != nil {
			t.Fatal(err)
		}
		want := solveDirect(t, c, j.mech, j.obj, j.seed)
		if run.Status != store.Done || run.ResultFingerprint != want.Fingerprint() {
			t.Errorf("run %d (%s, seed %d): %s %q, result %s; solve gives %s", j.id, j.mech, j.seed, run.Status, run.Error, run.ResultFingerprint, want.Fingerprint())
		}
		var sum runSummary
		if err := json.Unmarshal(run.Summary, &sum); err != nil || sum.Placed != want.Placed() || sum.TotalRank != want.TotalRank() {
			t.Errorf("run %d: summary %+v (%v), want %d placed, total rank %d", j.id, sum, err, want.Placed(), want.TotalRank())
		}
	}
}

// TestWebRunLifecycle: the progress reaches every tab, and a run ends
// done or failed whatever happens in its work: a panic, an infeasible
// optimum, the server stopping. The server goes on serving.
func TestWebRunLifecycle(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 100)
	se, f := b.season("spring", c)
	ctx := context.Background()
	zh := &webReq{Ctx: ctx, Lang: lang.Chinese, Msg: lang.Printer(lang.Chinese, webCat()), User: "li"}
	solveRun := store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, CohortFingerprint: f.Fingerprint}

	// Three tabs listen to a run that waits until told to go on.
	release := make(chan struct{})
	staged := make(chan struct{})
	run, err := b.wb.startRun(zh, solveRun, func(ctx context.Context, p *runProgress) (runOutput, error) {
		p.Stage("第一步")
		close(staged)
		<-release
		p.Detail("快好了")
		res, err := matching.Solve(ctx, mustCompile(t, c), matching.StudentDA, nil)
		if err != nil {
			return runOutput{}, err
		}
		return runOutputOf(ctx, zh.Lang, p, res, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if run.CreatedBy != "li" || run.Status != store.Running {
		t.Errorf("started run: %+v", run)
	}
	<-staged
	resp, body := b.get(fmt.Sprintf("/runs/%d", run.ID), "zh")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("page of a running run: %s", resp.Status)
	}
	mustContain(t, "page of a running run", body, fmt.Sprintf(`data-events="/runs/%d/events"`, run.ID), "第一步", "进行中")
	var wg sync.WaitGroup
	tabs := make([][]string, 3)
	connected := make(chan struct{}, len(tabs))
	for i := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := b.client.Get(fmt.Sprintf("%s/runs/%d/events", b.srv.URL, run.ID))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			connected <- struct{}{}
			tabs[i] = readEvents(t, resp.Body)
		}()
	}
	for range tabs {
		<-connected
	}
	close(release)
	wg.Wait()
	for i, ev := range tabs {
		got := strings.Join(ev, "|")
		if !strings.HasPrefix(got, "stage: 第一步|") || !strings.HasSuffix(got, fmt.Sprintf("stage: 正在检查|done: /runs/%d", run.ID)) {
			t.Errorf("tab %d: events %q, want the stage 第一步 first, the check, then done", i, ev)
		}
	}
	if r, _ := b.st.Run(ctx, run.ID); r.Status != store.Done {
		t.Errorf("run after its work: %s %q", r.Status, r.Error)
	}

	// A panic in the work fails the run, with the panic's message.
	run, err = b.wb.startRun(zh, solveRun, func(ctx context.Context, p *runProgress) (runOutput, error) {
		var m map[string]int
		m["boom"]++ // a programmer's error
		return runOutput{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := b.wait(run.ID)
	if got.Status != store.Failed || !strings.Contains(got.Error, "运行因内部错误而停止") || !strings.Contains(got.Error, "nil map") {
		t.Errorf("a panicking run: %s %q", got.Status, got.Error)
	}
	if resp, body := b.get(fmt.Sprintf("/runs/%d", run.ID), "zh"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "运行失败") {
		t.Errorf("page of the panicked run: %s\n%s", resp.Status, body)
	}

	// An optimum no allocation meets: the diagnosis, in each language.
	inf, err := loadCohort("testdata/infeasible.json")
	if err != nil {
		t.Fatal(err)
	}
	fi := b.cohortFile(se.ID, inf)
	_, ierr := matching.SolveOptimal(ctx, mustCompile(t, inf), nil)
	if ierr == nil {
		t.Fatal("testdata/infeasible.json has an optimal allocation")
	}
	for _, l := range []struct {
		lang string
		tag  language.Tag
	}{{"zh", lang.Chinese}, {"en", lang.English}} {
		id := b.startForm(se.ID, l.lang, url.Values{"cohort": {fmt.Sprint(fi.ID)}, "mechanism": {"optimal"}})
		got := b.wait(id)
		want := localError(l.tag, lang.Printer(l.tag, webCat()), ierr).Error()
		if got.Status != store.Failed || got.Error != want {
			t.Errorf("infeasible optimum (%s): %s %q, want failed %q", l.lang, got.Status, got.Error, want)
		}
		_, body := b.get(fmt.Sprintf("/runs/%d", id), l.lang)
		mustContain(t, "page of the infeasible run ("+l.lang+")", body, html.EscapeString(want)[:20])
	}

	// A run of another server on the same database: watched in the store.
	other, err := b.st.StartRun(ctx, solveRun)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []string)
	go func() {
		resp, err := b.client.Get(fmt.Sprintf("%s/runs/%d/events", b.srv.URL, other.ID))
		if err != nil {
			t.Error(err)
			done <- nil
			return
		}
		defer resp.Body.Close()
		done <- readEvents(t, resp.Body)
	}()
	time.Sleep(50 * time.Millisecond)
	if err := b.st.FailRun(ctx, other.ID, "elsewhere"); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-done:
		if len(ev) != 1 || ev[0] != fmt.Sprintf("done: /runs/%d", other.ID) {
			t.Errorf("events of another server's run: %q", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the events of another server's run did not end when it did")
	}

	// The server stopping: the live run is marked interrupted.
	started := make(chan struct{})
	run, err = b.wb.startRun(zh, solveRun, func(ctx context.Context, p *runProgress) (runOutput, error) {
		close(started)
		<-ctx.Done()
		return runOutput{}, ctx.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.wb.close(sctx); err != nil {
		t.Fatal(err)
	}
	got, err = b.st.Run(ctx, run.ID)
	if err != nil || got.Status != store.Failed || got.Error != interrupted {
		t.Errorf("a run when the server stopped: %s %q (%v), want failed %q", got.Status, got.Error, err, interrupted)
	}
	_, body = b.get(fmt.Sprintf("/runs/%d", run.ID), "zh")
	mustContain(t, "page of the interrupted run", body, "已中断")
	_, body = b.get(fmt.Sprintf("/runs/%d", run.ID), "en")
	mustContain(t, "page of the interrupted run", body, "Interrupted: the server stopped")
}

func mustCompile(t testing.TB, c *model.Cohort) *matching.Instance {
	t.Helper()
	inst, err := matching.Compile(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// groupCohort is the group preset at scale 1 (5,000 students), made once.
var groupCohort = sync.OnceValues(func() (*model.Cohort, error) { return synth.Generate(synth.Group(1, 1)) })

// BenchmarkWorkbenchUploadToReport is a planner's path on the group
// preset (5,000 students) through the server: upload the cohort (as a
// workbook, as JSON), run the stable allocation, wait for its end, and
// load its report (Chinese, charts included). ns/op is the server's time
// for the whole path (the client is in the same process, over loopback).
func BenchmarkWorkbenchUploadToReport(b *testing.B) {
	c, err := groupCohort()
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"xlsx", "json"} {
		var data bytes.Buffer
		if format == "xlsx" {
			err = xlsx.Write(&data, c)
		} else {
			err = model.WriteJSON(&data, c)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("format=%s/students=%d", format, len(c.Students())), func(b *testing.B) {
			rb := newRunsBench(b)
			b.ReportAllocs()
			// Each op is a season of its own: the same bytes uploaded again
			// in one season go to the file already there, and the same run
			// asked again a moment later to the run already made, which
			// would measure neither the upload nor the run.
			seen := map[int64]bool{}
			n := 0
			for b.Loop() {
				n++
				se, err := rb.st.CreateSeason(context.Background(), store.Season{Name: fmt.Sprintf("bench %d", n), Year: 2026})
				if err != nil {
					b.Fatal(err)
				}
				file := rb.upload(se.ID, "group."+format, data.Bytes())
				id := rb.startForm(se.ID, "zh", url.Values{"cohort": {fmt.Sprint(file)}})
				if seen[id] {
					b.Fatalf("run %d again: the op measured no new run", id)
				}
				seen[id] = true
				if run := rb.wait(id); run.Status != store.Done {
					b.Fatalf("run %d: %s %q", id, run.Status, run.Error)
				}
				resp, body := rb.get(fmt.Sprintf("/runs/%d/report", id), "zh")
				if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<svg") {
					b.Fatalf("report: %s", resp.Status)
				}
			}
		})
	}
}

// TestWebReportConcurrent loads one run's report 20 times at once, in
// both languages: every load is served, the same page for a language.
func TestWebReportConcurrent(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 300)
	se, f := b.season("spring", c)
	id := b.startForm(se.ID, "en", url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"optimal"}})
	if run := b.wait(id); run.Status != store.Done {
		t.Fatalf("run: %s %q", run.Status, run.Error)
	}
	b.wb.runHub().results = newMemo[int64, *storedResult](resultCacheSize) // as after a restart: rebuilt once
	const n = 20
	bodies := make([]string, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/runs/%d/report", b.srv.URL, id), nil)
			req.AddCookie(&http.Cookie{Name: langCookie, Value: []string{"zh", "en"}[i%2]})
			resp, err := b.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			bodies[i], codes[i] = string(body), resp.StatusCode
		}()
	}
	wg.Wait()
	for i := range n {
		if codes[i] != http.StatusOK || bodies[i] != bodies[i%2] || !strings.Contains(bodies[i], "<svg") {
			t.Errorf("load %d: %d, %d bytes, the same as load %d: %v", i, codes[i], len(bodies[i]), i%2, bodies[i] == bodies[i%2])
		}
	}
	if bodies[0] == bodies[1] {
		t.Error("the Chinese and English reports are the same page")
	}
}

// TestWebRunRound: the run page, report and workbook of a supplementary
// round (run by the rounds' pages): the report compares it with the main
// round, and the workbook, with what the round did for each student,
// passes placement check with the main result and the responses.
func TestWebRunRound(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 200)
	se, f := b.season("spring", c)
	main := b.startForm(se.ID, "en", url.Values{"cohort": {fmt.Sprint(f.ID)}})
	b.wait(main)
	if resp, body := b.post("/", fmt.Sprintf("/runs/%d/publish", main), "en", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %s\n%s", resp.Status, body)
	}
	res1, _, err := b.wb.result(context.Background(), main)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := round.Synthesize(res1, &round.SynthOptions{Seed: 5, NewLists: true})
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := model.WriteResponsesCSV(&csv, resp, lang.Chinese); err != nil {
		t.Fatal(err)
	}
	loc := b.uploadTo(fmt.Sprintf("/seasons/%d/rounds/responses", se.ID), "responses.csv", csv.Bytes())
	var respID int64
	if _, err := fmt.Sscanf(loc, "/responses/%d", &respID); err != nil {
		t.Fatalf("responses upload redirects to %q", loc)
	}
	r, body := b.post("/", fmt.Sprintf("/seasons/%d/rounds/next", se.ID), "en", url.Values{"mechanism": {"student-da"}, "responses": {fmt.Sprint(respID)}})
	var id int64
	if _, err := fmt.Sscanf(r.Header.Get("Location"), "/runs/%d", &id); r.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("next round: %s %q\n%s", r.Status, r.Header.Get("Location"), body)
	}
	if run := b.wait(id); run.Status != store.Done || run.Round != 2 {
		t.Fatalf("round run: %+v", run)
	}
	for _, l := range []struct{ lang, round string }{{"zh", "第2轮"}, {"en", "round 2"}} {
		r, body := b.get(fmt.Sprintf("/runs/%d", id), l.lang)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("round run page: %s", r.Status)
		}
		mustContain(t, "round run page ("+l.lang+")", body, l.round, fmt.Sprintf("/runs/%d/cohort.xlsx", id), fmt.Sprintf("/runs/%d/report", id))
		// No link to a what-if the round cannot have (final review 3):
		// a grey line says why, as for publishing.
		if strings.Contains(body, fmt.Sprintf(`href="/runs/%d/whatif"`, id)) || !strings.Contains(body, `<li id="whatif"><span class="muted">`) {
			t.Errorf("round run page (%s) links its what-if, or gives no reason", l.lang)
		}
		// What the round did, its responses, lottery and cohort, and its
		// comparison with the main round (review 40), as rounds words them.
		q := &webReq{Ctx: context.Background(), Lang: map[string]language.Tag{"zh": lang.Chinese, "en": lang.English}[l.lang]}
		q.Msg = lang.Printer(q.Lang, webCat())
		facts, err := b.wb.roundRunFacts(q, storedRun(t, b.st, id))
		if err != nil || facts == nil || len(facts.Outcomes) == 0 || facts.CompareURL == "" {
			t.Fatalf("roundRunFacts: %+v, %v", facts, err)
		}
		// The round's own data and draw, not the previous round's seed
		// and seat order (final review 7).
		if strings.Contains(body, html.EscapeString(lang.Printer(q.Lang, webCat()).Sprintf("Seed and seats"))) || !strings.Contains(body, facts.CohortFingerprint) {
			t.Errorf("round run page (%s): the previous round's seed and seats shown, or not the round cohort's fingerprint %s", l.lang, facts.CohortFingerprint)
		}
		mustContain(t, "round run page ("+l.lang+")", body, `id="round-outcomes"`, fmt.Sprintf(`<a href="/responses/%d">responses.csv</a>`, respID),
			html.EscapeString(facts.Lottery), html.EscapeString(facts.Cohort), fmt.Sprintf(`<a href="%s" id="round-compare">`, html.EscapeString(facts.CompareURL)))
		for _, o := range facts.Outcomes {
			mustContain(t, "round run page ("+l.lang+")", body, fmt.Sprintf("<tr><th>%s</th><td class=\"n\">%s</td></tr>", html.EscapeString(o.Answer), num(o.N)))
		}
		r, body = b.get(fmt.Sprintf("/runs/%d/report", id), l.lang)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("round report: %s\n%s", r.Status, body)
		}
		mustContain(t, "round report ("+l.lang+")", body, "<svg", words.Round(map[string]language.Tag{"zh": lang.Chinese, "en": lang.English}[l.lang], 1))
	}
	dir := t.TempDir()
	files := map[string]string{}
	for name, path := range map[string]string{
		"cohort.json": fmt.Sprintf("/runs/%d/cohort.json", id), "main.json": fmt.Sprintf("/runs/%d/result.json", main),
		"round.xlsx": fmt.Sprintf("/runs/%d/result.xlsx", id), "round.csv": fmt.Sprintf("/runs/%d/result.csv", id),
	} {
		r, body := b.get(path, "zh")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", path, r.Status)
		}
		files[name] = filepath.Join(dir, name)
		os.WriteFile(files[name], []byte(body), 0o644)
	}
	files["responses.csv"] = filepath.Join(dir, "responses.csv")
	os.WriteFile(files["responses.csv"], csv.Bytes(), 0o644)
	for _, result := range []string{"round.xlsx", "round.csv"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"check", "-cohort", files["cohort.json"], "-result", files[result], "-previous", files["main.json"], "-responses", files["responses.csv"]}, &stdout, &stderr); code != exitOK {
			t.Errorf("placement check of the round's %s: exit %d\n%s%s", result, code, stdout.String(), stderr.String())
		}
	}
	// The round's sheet of what it did for each student.
	x, err := excelize.OpenFile(files["round.xlsx"])
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !slices.Contains(x.GetSheetList(), "本轮变化") {
		t.Errorf("the round's workbook has the sheets %q, want 本轮变化 among them", x.GetSheetList())
	}
}

// TestWebRunQueue: runs beyond one a core wait, "waiting to start", and
// start as others end.
func TestWebRunQueue(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 30)
	se, f := b.season("spring", c)
	ctx := context.Background()
	en := &webReq{Ctx: ctx, Lang: lang.English, Msg: lang.Printer(lang.English, webCat()), User: "li"}
	solveRun := store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, CohortFingerprint: f.Fingerprint}
	h := b.wb.runHub()
	n := cap(h.slots)
	release := make(chan struct{})
	started := make(chan struct{}, n+1)
	work := func(ctx context.Context, p *runProgress) (runOutput, error) {
		started <- struct{}{}
		<-release
		return runOutput{}, errors.New("released")
	}
	ids := make([]int64, n+1)
	for i := range ids {
		run, err := b.wb.startRun(en, solveRun, work)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = run.ID
		if i < n {
			<-started // the first n start at once
		}
	}
	select {
	case <-started:
		t.Fatalf("a run started beyond the %d slots", n)
	case <-time.After(100 * time.Millisecond):
	}
	last := ids[n]
	if st := h.progress(last).state(); st.stage != "waiting to start" {
		t.Errorf("the queued run's stage: %q", st.stage)
	}
	release <- struct{}{} // one ends: the queued one starts
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the queued run did not start when a slot came free")
	}
	close(release)
	for _, id := range ids {
		if run := b.wait(id); run.Status != store.Failed || run.Error != "released" {
			t.Errorf("run %d: %s %q", id, run.Status, run.Error)
		}
	}
}

// TestWebRunStop: the run page's stop button cancels a run's work; the
// run fails saying who stopped it. A run over is left as it is; another
// server's cannot be stopped from here.
func TestWebRunStop(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 30)
	se, f := b.season("spring", c)
	ctx := context.Background()
	zh := &webReq{Ctx: ctx, Lang: lang.Chinese, Msg: lang.Printer(lang.Chinese, webCat()), User: "li"}
	solveRun := store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, CohortFingerprint: f.Fingerprint}
	started := make(chan struct{})
	run, err := b.wb.startRun(zh, solveRun, func(ctx context.Context, p *runProgress) (runOutput, error) {
		close(started)
		<-ctx.Done()
		return runOutput{}, ctx.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	page := fmt.Sprintf("/runs/%d", run.ID)
	_, body := b.get(page, "zh")
	mustContain(t, "page of a running run", body, fmt.Sprintf(`action="/runs/%d/stop"`, run.ID), "停止此次运行")
	resp, body := b.post(page, page+"/stop", "zh", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Fatalf("stop: %s %q\n%s", resp.Status, resp.Header.Get("Location"), body)
	}
	got := b.wait(run.ID)
	if got.Status != store.Failed || got.Error != "已被 wang 中途停止，未保存任何内容。" {
		t.Errorf("a stopped run: %s %q", got.Status, got.Error)
	}
	// Stopping it again: nothing changes.
	if resp, _ := b.post(page, page+"/stop", "en", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("stopping a run over: %s", resp.Status)
	}
	if again, _ := b.st.Run(ctx, run.ID); again.Error != got.Error {
		t.Errorf("stopping a run over changed it: %q", again.Error)
	}
	// Another server's run.
	other, err := b.st.StartRun(ctx, solveRun)
	if err != nil {
		t.Fatal(err)
	}
	resp, body = b.post(page, fmt.Sprintf("/runs/%d/stop", other.ID), "en", url.Values{})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "not running in this server") {
		t.Errorf("stopping another server's run: %s\n%s", resp.Status, body)
	}
	if got, _ := b.st.Run(ctx, other.ID); got.Status != store.Running {
		t.Errorf("another server's run after a stop here: %s", got.Status)
	}
}

// TestWebRunFailurePage: a result that fails its check fails its run,
// the page saying so in its first line and listing the findings.
func TestWebRunFailurePage(t *testing.T) {
	b := newRunsBench(t)
	c := webCohort(t, 30)
	se, f := b.season("spring", c)
	en := &webReq{Ctx: context.Background(), Lang: lang.English, Msg: lang.Printer(lang.English, webCat()), User: "li"}
	run, err := b.wb.startRun(en, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, CohortFingerprint: f.Fingerprint},
		func(ctx context.Context, p *runProgress) (runOutput, error) {
			return runOutput{}, &findingsError{findings: []string{"position P1 over capacity: 2 of 1", "student S2 <is> twice"}}
		})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.wait(run.ID); got.Status != store.Failed {
		t.Fatalf("run: %s", got.Status)
	}
	_, body := b.get(fmt.Sprintf("/runs/%d", run.ID), "en")
	mustContain(t, "page of a run whose result failed its check", body,
		`<p class="error" role="alert">The result failed its check (2 findings); nothing was kept.</p>`,
		"<li>position P1 over capacity: 2 of 1</li>", "<li>student S2 &lt;is&gt; twice</li>")
}

// TestWebRunOptimalDetail: an optimal run's progress names its goals in
// the planner's words (review 54), never the solver's criterion names.
func TestWebRunOptimalDetail(t *testing.T) {
	zh, en := lang.Printer(lang.Chinese, webCat()), lang.Printer(lang.English, webCat())
	g := matching.OptimalProgress{Phase: 1, Criteria: []string{"unplaced", "rank 20", "rank 19", "rank 18"}, Left: 16}
	if got, want := optimalDetail(zh, g), "第 1 阶段完成（未分配人数、第 20、19、18 志愿），还剩 16 项"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	if got, want := optimalDetail(en, g), "step 1 done (the number unplaced, choices 20, 19, 18); 16 more to go"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	// Every phase of every objective, as the solver reports it: no Latin
	// letter in the Chinese line, no "another goal" (a criterion unnamed).
	inst := mustCompile(t, webCohort(t, 150))
	latin := regexp.MustCompile(`[A-Za-z]`)
	for _, obj := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		n := 0
		_, err := matching.SolveOptimal(context.Background(), inst, &matching.OptimalOptions{Objective: obj, Progress: func(g matching.OptimalProgress) {
			n++
			line := optimalDetail(zh, g)
			if latin.MatchString(line) || strings.Contains(line, "其他目标") {
				t.Errorf("%s phase %d (%q): %q", obj, g.Phase, g.Criteria, line)
			}
		}})
		if err != nil || n == 0 {
			t.Fatalf("%s: %v, %d phases", obj, err, n)
		}
	}
}

// TestWebRunDuration: a run's duration in the page's words (review 12).
func TestWebRunDuration(t *testing.T) {
	zh, en := lang.Printer(lang.Chinese, webCat()), lang.Printer(lang.English, webCat())
	for _, tc := range []struct {
		d      time.Duration
		zh, en string
	}{
		{36 * time.Millisecond, "0.04 秒", "0.04 s"},
		{2 * time.Millisecond, "0.01 秒", "0.01 s"},
		{2211 * time.Millisecond, "2.21 秒", "2.21 s"},
		{34560 * time.Millisecond, "34.6 秒", "34.6 s"},
		{125 * time.Second, "2 分 5 秒", "2 min 5 s"},
	} {
		if got := durationText(zh, tc.d); got != tc.zh {
			t.Errorf("%v in zh: %q, want %q", tc.d, got, tc.zh)
		}
		if got := durationText(en, tc.d); got != tc.en {
			t.Errorf("%v in en: %q, want %q", tc.d, got, tc.en)
		}
	}
}

// TestWebRunTwice: the same run posted twice by the same planner within a
// few seconds (a double click) is one run (review 11); another option, or
// a moment later, is another run.
func TestWebRunTwice(t *testing.T) {
	b := newRunsBench(t)
	ctx := context.Background()
	se, f := b.season("双击", webCohort(t, 120))
	form := func(seed string) url.Values {
		return url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"student-da"}, "seed": {seed}}
	}
	// Two at once, as a double click sends them.
	ids := make([]int64, 2)
	var wg sync.WaitGroup
	b.token("/")
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := fmt.Sprintf("/seasons/%d/run", se.ID)
			v := form("1")
			v.Set("csrf", b.csrf)
			req, _ := http.NewRequest(http.MethodPost, b.srv.URL+from, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := b.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			fmt.Sscanf(resp.Header.Get("Location"), "/runs/%d", &ids[i])
		}()
	}
	wg.Wait()
	if ids[0] == 0 || ids[0] != ids[1] {
		t.Fatalf("a double click went to runs %v, want one run", ids)
	}
	again := b.startForm(se.ID, "zh", form("1"))
	if again != ids[0] {
		t.Errorf("the same form a moment later went to run %d, want run %d", again, ids[0])
	}
	other := b.startForm(se.ID, "zh", form("2"))
	if other == ids[0] {
		t.Errorf("another seed went to the same run %d", other)
	}
	for _, id := range []int64{ids[0], other} {
		b.wait(id)
	}
	if runs, _ := b.st.Runs(ctx, se.ID); len(runs) != 2 {
		t.Errorf("%d runs stored, want 2", len(runs))
	}
	// Older than the window: a new run.
	if _, err := b.st.Runs(ctx, se.ID); err != nil {
		t.Fatal(err)
	}
	old, ok, err := b.wb.sameRunJustNow(&webReq{Ctx: ctx, User: "wang"}, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Options: storedRun(t, b.st, ids[0]).Options})
	if err != nil || !ok || old.ID != ids[0] {
		t.Errorf("sameRunJustNow: %d, %v, %v; want run %d", old.ID, ok, err, ids[0])
	}
	if _, ok, _ := b.wb.sameRunJustNow(&webReq{Ctx: ctx, User: "li"}, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Options: storedRun(t, b.st, ids[0]).Options}); ok {
		t.Error("another planner's run counted as hers")
	}
}

func storedRun(t testing.TB, st *store.Store, id int64) store.Run {
	t.Helper()
	r, err := st.Run(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestWebRunPageWords: the run page's title names the mechanism and the
// planner's note (review 13), the check of an optimal run says it was
// verified (55), the data are 学生岗位数据 (10), the publish link is shown
// only where publishing can succeed (61), a what-if names its scenario
// (24), and the form before any upload links the upload page (8).
func TestWebRunPageWords(t *testing.T) {
	b := newRunsBench(t)
	ctx := context.Background()
	c := webCohort(t, 120)
	se, f := b.season("页面", c)

	resp, body := b.post(fmt.Sprintf("/seasons/%d/run", se.ID), fmt.Sprintf("/seasons/%d/run", se.ID), "zh",
		url.Values{"cohort": {fmt.Sprint(f.ID)}, "note": {strings.Repeat("长", maxNote+1)}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, fmt.Sprintf("备注超过 %d 个字", maxNote)) {
		t.Errorf("a long note: %s, want 400 saying 备注超过\n%s", resp.Status, body)
	}
	first := b.startForm(se.ID, "zh", url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"optimal"}, "note": {" 按去年规则\u202e "}})
	second := b.startForm(se.ID, "zh", url.Values{"cohort": {fmt.Sprint(f.ID)}, "mechanism": {"student-da"}})
	b.wait(first)
	b.wait(second)
	_, body = b.get(fmt.Sprintf("/runs/%d", first), "zh")
	mustContain(t, "optimal run page (zh)", body, "<h1>运行 1 · 最优分配，目标：志愿位次总和最小 · 按去年规则</h1>", `<dd id="note">按去年规则</dd>`,
		"并已验证没有更好的分配", "学生岗位数据", fmt.Sprintf(`href="/runs/%d/publish"`, first))
	if strings.Contains(body, "证书") || strings.Contains(body, "(optimal)") || strings.Contains(body, "ms<") {
		t.Errorf("the Chinese run page still says 证书, a code or ms:\n%s", body)
	}
	_, body = b.get(fmt.Sprintf("/runs/%d", first), "en")
	mustContain(t, "optimal run page (en)", body, "<h1>Run 1 · optimal allocation, objective least total rank · 按去年规则</h1>")
	_, body = b.get("/history", "zh")
	mustContain(t, "history (zh)", body, "按去年规则")
	// The report's top line leads back to the run and to the season
	// (review 15).
	_, body = b.get(fmt.Sprintf("/runs/%d/report", first), "zh")
	mustContain(t, "report (zh)", body, fmt.Sprintf(`<a href="/runs/%d">← 返回运行 %d</a> · <a href="/seasons/%d">页面</a> · <a href="/">`, first, first, se.ID))

	// Run 1 published: run 2 cannot be the main round any more.
	if _, err := b.st.Publish(ctx, first, "wang"); err != nil {
		t.Fatal(err)
	}
	_, body = b.get(fmt.Sprintf("/runs/%d", second), "zh")
	if strings.Contains(body, fmt.Sprintf(`href="/runs/%d/publish"`, second)) {
		t.Errorf("run 2 offers to publish after run 1 was published:\n%s", body)
	}
	q := &webReq{Ctx: ctx, Lang: lang.Chinese, Msg: lang.Printer(lang.Chinese, webCat())}
	refusal, err := b.wb.roundPublishCheck(q, storedRun(t, b.st, second))
	if err != nil || refusal == "" {
		t.Fatalf("roundPublishCheck: %q, %v", refusal, err)
	}
	mustContain(t, "run 2's page", body, `<li id="publish"><span class="muted">`+html.EscapeString(refusal))

	// A what-if: named by its scenario, never publishable.
	chg, err := b.st.AddFile(ctx, store.File{Season: se.ID, Kind: "changes", Name: "北坪加名额", Format: "json", Accepted: true, CreatedBy: "wang"}, []byte("{}"))
	if err != nil {
		t.Fatal(err)
	}
	base := storedRun(t, b.st, first)
	wi, err := b.st.StartRun(ctx, store.Run{Season: se.ID, Kind: "whatif", Cohort: f.ID, Base: first, Changes: chg.ID, Round: 1, Options: base.Options, CohortFingerprint: base.CohortFingerprint, CreatedBy: "wang"})
	if err != nil {
		t.Fatal(err)
	}
	result, err := b.st.RunResult(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.st.FinishRun(ctx, wi.ID, result, base.ResultFingerprint, base.Summary, nil); err != nil {
		t.Fatal(err)
	}
	_, body = b.get(fmt.Sprintf("/runs/%d", wi.ID), "zh")
	mustContain(t, "what-if page", body, "<dt>方案</dt>", ">北坪加名额</a>", fmt.Sprintf(`<a href="/runs/%d">运行 %d</a>`, first, first), `<li id="publish"><span class="muted">`)
	if strings.Contains(body, fmt.Sprintf(`/runs/%d/publish"`, wi.ID)) {
		t.Errorf("a what-if offers to publish:\n%s", body)
	}

	// The form before any upload links the upload page.
	empty, err := b.st.CreateSeason(ctx, store.Season{Name: "空", Year: 2027, CreatedBy: "wang"})
	if err != nil {
		t.Fatal(err)
	}
	_, body = b.get(fmt.Sprintf("/seasons/%d/run", empty.ID), "zh")
	mustContain(t, "empty run form", body, fmt.Sprintf(`<a href="/seasons/%d/upload">上传学生岗位数据</a>`, empty.ID))
}

// TestWebRunEventsBounded: a tab that stops reading an event stream frees
// its handler within the write deadline, a stream ends after its longest
// life (the browser reopens it), and a finished what-if sends the tab to
// who moved (review-code F10; planner review 24).
func TestWebRunEventsBounded(t *testing.T) {
	// The bounds are the workbench's options, set before any handler
	// runs (package variables changed mid-test raced with the handlers).
	b := newRunsBenchOpts(t, workbenchOptions{SSEWriteTimeout: 300 * time.Millisecond, SSEMaxStream: time.Hour})
	c := webCohort(t, 30)
	se, f := b.season("spring", c)
	ctx := context.Background()
	run := b.endlessRun(se, f)
	b.get("/", "en") // the session
	u, _ := url.Parse(b.srv.URL)
	var cookies []string
	for _, ck := range b.client.Jar.Cookies(u) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET /runs/%d/events HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n\r\n", run.ID, u.Host, strings.Join(cookies, "; "))
	// Not reading: the server's writes block, until their deadline ends
	// the handler (its goroutine gone).
	handlers := func() int {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		return strings.Count(string(buf), "(*workbench).runEvents(")
	}
	time.Sleep(500 * time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for handlers() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := handlers(); n > 0 {
		t.Errorf("%d event handlers still blocked 5 s after their reader stalled: want them ended at the write deadline", n)
	}
	if r, _ := b.st.Run(ctx, run.ID); r.Status != store.Running {
		t.Fatalf("the run ended (%s %s): the test needs it running", r.Status, r.Error)
	}

	// A stream's longest life: it ends, without "done", while the run
	// goes on (a second workbench, its life short).
	b2 := newRunsBenchOpts(t, workbenchOptions{SSEMaxStream: 300 * time.Millisecond})
	se2, f2 := b2.season("spring", c)
	run2 := b2.endlessRun(se2, f2)
	start := time.Now()
	ev := b2.events(run2.ID)
	if d := time.Since(start); d > 3*time.Second || len(ev) == 0 || strings.HasPrefix(ev[len(ev)-1], "done") {
		t.Errorf("a stream of a running run: %d events in %v, %q; want it ended within its life, without done", len(ev), d, ev)
	}

	// A finished what-if: done sends the tab to who moved.
	wi, err := b.st.StartRun(ctx, store.Run{Season: se.ID, Kind: "whatif", Cohort: f.ID, Base: run.ID, Round: 1, CohortFingerprint: f.Fingerprint, CreatedBy: "wang"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.st.FinishRun(ctx, wi.ID, []byte(`{}`), "x", []byte(`{}`), nil); err != nil {
		t.Fatal(err)
	}
	if ev := b.events(wi.ID); len(ev) != 1 || ev[0] != fmt.Sprintf("done: /runs/%d/diff", wi.ID) {
		t.Errorf("events of a finished what-if: %q, want done with its diff page", ev)
	}
}

// endlessRun starts a run of f that reports a long detail every
// millisecond until it is stopped (at the test's end).
func (b *runsBench) endlessRun(se store.Season, f store.File) store.Run {
	b.t.Helper()
	zh := &webReq{Ctx: context.Background(), Lang: lang.Chinese, Msg: lang.Printer(lang.Chinese, webCat()), User: "wang"}
	run, err := b.wb.startRun(zh, store.Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1, CohortFingerprint: f.Fingerprint},
		func(ctx context.Context, p *runProgress) (runOutput, error) {
			pad := strings.Repeat("详", 20000)
			for i := 0; ; i++ {
				select {
				case <-ctx.Done():
					return runOutput{}, ctx.Err()
				case <-time.After(time.Millisecond):
					p.Detail(fmt.Sprint(i, pad))
				}
			}
		})
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() {
		if p := b.wb.runHub().progress(run.ID); p != nil {
			p.stopBy("wang")
		}
	})
	return run
}

// TestWebMemoBudget: the runs' caches keep their values within a byte
// budget, not only a count (review-code F12): the oldest go first, the
// newest stays even when it alone is over.
func TestWebMemoBudget(t *testing.T) {
	c := newMemo[string, []byte](10).within(10, func(b []byte) int64 { return int64(len(b)) })
	mk := func(n int) func() ([]byte, error) { return func() ([]byte, error) { return make([]byte, n), nil } }
	kept := func() []string {
		c.mu.Lock()
		defer c.mu.Unlock()
		return slices.Clone(c.order)
	}
	c.get("a", mk(4))
	c.get("b", mk(4))
	if got := kept(); !slices.Equal(got, []string{"a", "b"}) || c.total != 8 {
		t.Fatalf("kept %q (%d bytes), want a and b (8)", got, c.total)
	}
	c.put("c", make([]byte, 4))
	if got := kept(); !slices.Equal(got, []string{"b", "c"}) || c.total != 8 {
		t.Errorf("after c: kept %q (%d bytes), want b and c (8)", got, c.total)
	}
	c.get("big", mk(25))
	if got := kept(); !slices.Equal(got, []string{"big"}) || c.total != 25 {
		t.Errorf("after a value over the budget: kept %q (%d bytes), want it alone", got, c.total)
	}
	if _, err := c.get("bad", func() ([]byte, error) { return nil, errors.New("no") }); err == nil {
		t.Fatal("an error was not returned")
	}
	// The value over the budget made room for the next; the error is not
	// kept.
	if got := kept(); len(got) != 0 || c.total != 0 {
		t.Errorf("after an error: kept %q (%d bytes), want nothing", got, c.total)
	}
	// The runs' result cache counts a result by its students.
	res := solveDirect(t, webCohort(t, 40), "student-da", "", 1)
	if got := resultCost(&storedResult{res: res}); got != 1024*40 {
		t.Errorf("resultCost of 40 students: %d", got)
	}
}
