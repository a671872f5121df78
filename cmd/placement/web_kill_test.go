package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// killServeEnv names the database a re-executed test binary serves: it
// is then "placement serve" (TestWebKillServer), the subprocess that
// TestWebKilled kills.
const killServeEnv = "PLACEMENT_WEB_KILL_SERVE"

// TestWebKillServer is not a test: run by TestWebKilled and
// TestWebKillTerm as a subprocess (this test binary with killServeEnv),
// it is "placement serve -db FILE" through main, signals included, until
// it is killed or stopped.
func TestWebKillServer(t *testing.T) {
	db := os.Getenv(killServeEnv)
	if db == "" {
		t.Skip("the server process of TestWebKilled")
	}
	// The test holds the other end of stdin: should it die, its server
	// does not outlive it.
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(3)
	}()
	os.Args = []string{"placement", "serve", "-lang", "en", "-db", db, "-open=false", "-addr", "127.0.0.1:0"}
	main() // exits
}

// killServer is a running "placement serve" subprocess.
type killServer struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT
	stderr *syncBuffer
	exited chan struct{}
	err    error // cmd.Wait's, once exited is closed
}

var (
	serveURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	numbers  = regexp.MustCompile(`\d+`)
)

// startKillServer starts the server over db and waits for its URL.
func startKillServer(t *testing.T, db string) *killServer {
	t.Helper()
	s := &killServer{stderr: &syncBuffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(os.Args[0], "-test.run=^TestWebKillServer$")
	s.cmd.Env = append(os.Environ(), killServeEnv+"="+db)
	s.cmd.Stderr = s.stderr
	out, err := s.cmd.StdoutPipe()
	require.NoError(t, err)
	_, err = s.cmd.StdinPipe() // closed by Wait, or by the system when the test dies
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !serveURL.MatchString(line) {
		s.cmd.Process.Kill()
		<-s.exited
		t.Fatalf("the server said %q (%v); stderr:\n%s", line, err, s.stderr.String())
	}
	go io.Copy(io.Discard, out)
	s.url = strings.TrimSuffix(serveURL.FindString(line), "/")
	return s
}

// kill kills the server with SIGKILL and waits for it to be gone.
func (s *killServer) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	<-s.exited
}

// killClient drives the server as a planner's browser does: one cookie jar
// (the session's cookie, minted on the first GET, kept across the
// server's restarts as a browser keeps it), the CSRF token read from the
// pages' forms, redirects not followed (their Location is the answer).
type killClient struct {
	base   string
	client *http.Client
	csrf   string
	doing  string // the last request sent: "POST /seasons/{id}/upload"
}

func newBrowser(t *testing.T) *killClient {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &killClient{client: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// do sends req and reads the whole answer: an error when the server is
// gone (the answer was not received).
func (b *killClient) do(req *http.Request) (*http.Response, []byte, error) {
	b.doing = req.Method + " " + numbers.ReplaceAllString(req.URL.Path, "{id}")
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	return resp, body, nil
}

// get fetches a page, and keeps the CSRF token of its forms.
func (b *killClient) get(path string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, body, err := b.do(req)
	if err == nil {
		if m := csrfField.FindSubmatch(body); m != nil {
			b.csrf = html.UnescapeString(string(m[1]))
		}
	}
	return resp, body, err
}

// post sends a form with the CSRF token.
func (b *killClient) post(path string, form url.Values) (*http.Response, []byte, error) {
	form.Set("csrf", b.csrf)
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	return b.do(req)
}

// upload sends a file as the upload form does: the CSRF token first.
func (b *killClient) upload(path, name string, data []byte) (*http.Response, []byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return nil, nil, err
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.base+path, &buf)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.base)
	return b.do(req)
}

// redirectID is the ID in a 303's Location prefix/ID.
func redirectID(resp *http.Response, body []byte, prefix string) (int64, error) {
	if resp.StatusCode != http.StatusSeeOther {
		return 0, fmt.Errorf("%s %s: %s, want 303:\n%.2000s", resp.Request.Method, resp.Request.URL.Path, resp.Status, body)
	}
	loc := resp.Header.Get("Location")
	if i := strings.IndexByte(loc, '?'); i >= 0 {
		loc = loc[:i] // /files/ID?again=1: the same bytes uploaded before
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, prefix), 10, 64)
	if !strings.HasPrefix(loc, prefix) || err != nil {
		return 0, fmt.Errorf("%s %s redirects to %q, want %sID", resp.Request.Method, resp.Request.URL.Path, loc, prefix)
	}
	return id, nil
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// killFile is an upload the server acknowledged: what must be in the
// store from then on.
type killFile struct {
	name     string
	sha      string
	accepted bool
}

// killPub is a published run as first seen: its result's and blobs'
// SHA-256.
type killPub struct {
	result string
	blobs  map[string]string
}

// killWorld is what the planner has been told, kill after kill, and so
// what the database must keep.
type killWorld struct {
	rng *rand.Rand // the driver's choices

	big      []byte // the cohort runs are made on (JSON)
	smalls   [][]byte
	rejected [][]byte

	main, bigFile int64 // the main season and its big cohort (0: not yet acknowledged)
	seasons       int   // seasons asked for, for unique names

	files     map[int64]killFile
	read      map[int64]bool // files whose bytes were read back
	started   map[int64]bool // runs whose start was acknowledged
	done      map[int64]bool // runs seen done (results checked once)
	published map[int64]killPub
	acked     map[int64]string // publications acknowledged: the result.json downloaded then (SHA-256, "" not downloaded)

	// pub is the publication under way: a season with a small cohort,
	// its run of round pubRound (1: student-da; 2: the supplementary
	// round after round 1, with its blobs), published when done.
	pubSeason, pubFile, pubRun int64
	pubRound                   int

	// counts for the log
	uploads, rejects, runs, pubs, inFlight int
	cut                                    map[string]int // the requests kills cut short, by method and path ("between requests": none)
}

// TestWebKilled kills "placement serve" (a subprocess) with SIGKILL at
// random points, 200 times on one accumulating database, while a browser
// drives it over HTTP: uploads of small cohorts (some rejected), runs of
// student-da and optimal on a 5,000-student cohort (often in flight at
// the kill), publications of done runs. After each kill the database is
// reopened with store.Open and must be whole: integrity_check passes,
// every run published before is still published with the same result and
// blobs byte for byte, no run is left running, every run running at the
// kill is failed "interrupted", every acknowledged upload is there with
// its bytes and its verdict, and a run seen done stays done.
//
// The kill points and the browser's choices come from a seed (logged;
// PLACEMENT_KILL_SEED sets it): the same seed gives the same delays and
// requests, though how far the server got at each kill varies with the
// machine. PLACEMENT_WEB_KILLS sets the number of kills.
func TestWebKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 200 server processes")
	}
	kills := 200
	if v, err := strconv.Atoi(os.Getenv("PLACEMENT_WEB_KILLS")); err == nil && v > 0 {
		kills = v
	}
	seed := uint64(20261208)
	if v, err := strconv.ParseUint(os.Getenv("PLACEMENT_KILL_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("seed %d (PLACEMENT_KILL_SEED), %d kills", seed, kills)
	killRng := rand.New(rand.NewPCG(seed, 1))
	w := &killWorld{
		rng:       rand.New(rand.NewPCG(seed, 2)),
		files:     map[int64]killFile{},
		read:      map[int64]bool{},
		started:   map[int64]bool{},
		done:      map[int64]bool{},
		published: map[int64]killPub{},
		acked:     map[int64]string{},
		cut:       map[string]int{},
	}
	w.big = cohortJSON(t, killBigStudents, 7)
	for s := uint64(1); s <= 3; s++ {
		w.smalls = append(w.smalls, cohortJSON(t, 150, s))
	}
	w.rejected = append(w.rejected, readTestdata(t, filepath.Join("testdata", "bad.json")), []byte("{\"students\": [oops"),
		bytes.Replace(w.smalls[0], []byte(`"capacity":`), []byte(`"capacity":-`), 1))

	db := filepath.Join(t.TempDir(), "placement.db")
	b := newBrowser(t)
	start := time.Now()
	var serving, checking time.Duration
	for k := 0; k < kills; k++ {
		t0 := time.Now()
		srv := startKillServer(t, db)
		b.base = srv.url
		delay := time.Duration(killRng.IntN(int(killMaxDelay/time.Millisecond))) * time.Millisecond
		driven := make(chan error, 1)
		go func() { driven <- w.drive(b) }()
		select {
		case <-time.After(delay):
		case err := <-driven: // the browser found something wrong
			srv.kill(t)
			t.Fatalf("kill %d: %v\nserver's stderr:\n%s", k, err, srv.stderr.String())
		}
		srv.kill(t)
		err := <-driven
		if err != nil && !gone(err) {
			t.Fatalf("kill %d (after %v): %v\nserver's stderr:\n%s", k, delay, err, srv.stderr.String())
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			w.cut["between requests"]++
		} else {
			w.cut[b.doing]++
		}
		t1 := time.Now()
		serving += t1.Sub(t0)
		w.check(t, k, db)
		checking += time.Since(t1)
	}
	info, err := os.Stat(db)
	require.NoError(t, err)
	t.Logf("%d kills in %v (serving %v, checking %v); database %d MB; %d uploads acknowledged (%d rejected), %d runs started, %d killed in flight, %d publications acknowledged, %d runs published",
		kills, time.Since(start).Round(time.Millisecond), serving.Round(time.Millisecond), checking.Round(time.Millisecond), info.Size()>>20,
		w.uploads, w.rejects, w.runs, w.inFlight, w.pubs, len(w.published))
	t.Logf("the requests the kills cut short: %v", w.cut)
	// The test must have tested something: runs and uploads cut short,
	// publications, rejected files.
	if kills < 50 {
		return // too few kills to ask that each case came up
	}
	require.NotZero(t, w.inFlight, "no run was running at a kill")
	require.NotZero(t, w.cut["POST /seasons/{id}/upload"], "no kill during an upload")
	require.NotEmpty(t, w.published, "nothing was published")
	withBlobs := 0
	for _, p := range w.published {
		if len(p.blobs) > 0 {
			withBlobs++
		}
	}
	require.NotZero(t, withBlobs, "no published run with blobs (a supplementary round)")
	require.NotZero(t, w.rejects, "no rejected upload")
}

// The big cohort's size and the latest kill after the server is ready:
// a run on the big cohort takes about 100-300 ms on a 2-core machine,
// so that many kills find one running.
const (
	killBigStudents = 5000
	killMaxDelay    = 300 * time.Millisecond
)

// cohortJSON is a group cohort of n students (seed s) as a JSON file.
func cohortJSON(t *testing.T, n int, s uint64) []byte {
	t.Helper()
	cfg := synth.Group(float64(n)/genStudents, s)
	cfg.Students = n
	c, err := synth.Generate(cfg)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, model.WriteJSON(&buf, c))
	return buf.Bytes()
}

// gone reports whether err is the server's absence (killed): the request
// went unanswered.
func gone(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}

// drive browses until the server is gone: a session, the main season and
// its big cohort when missing, then runs on it (the first thing of each
// visit, and at most two a visit),
// uploads of small cohorts (a third rejected) and publications.
// It returns the first error: the server's absence, or a wrong answer.
func (w *killWorld) drive(b *killClient) error {
	if _, _, err := b.get("/"); err != nil {
		return err
	}
	if b.csrf == "" {
		return errors.New("no CSRF token on the seasons page")
	}
	if w.main == 0 {
		id, err := w.createSeason(b)
		if err != nil {
			return err
		}
		w.main = id
	}
	if w.bigFile == 0 {
		id, err := w.uploadFile(b, w.main, "big.json", w.big, true)
		if err != nil {
			return err
		}
		w.bigFile = id
	}
	runs, uploads := 0, 0
	var last int64 // the last run started
	for {
		var err error
		switch n := w.rng.IntN(10); {
		case runs == 0, n < 4 && runs < 2: // a visit starts with a run
			runs++
			mech := []string{"student-da", "optimal"}[w.rng.IntN(2)]
			if last, err = w.startRun(b, w.main, w.bigFile, mech); err == nil {
				_, _, err = b.get(fmt.Sprintf("/runs/%d", last))
			}
		case n < 7 && uploads < 4:
			uploads++
			if w.rng.IntN(3) == 0 {
				_, err = w.uploadFile(b, w.main, "rejected.json", w.rejected[w.rng.IntN(len(w.rejected))], false)
			} else {
				_, err = w.uploadFile(b, w.main, "small.json", w.smalls[w.rng.IntN(len(w.smalls))], true)
			}
		case n < 9:
			err = w.publishStep(b)
		case last != 0:
			_, _, err = b.get(fmt.Sprintf("/runs/%d", last))
		default:
			_, _, err = b.get(fmt.Sprintf("/seasons/%d", w.main))
		}
		if err != nil {
			return err
		}
		// The planner reads the page a moment.
		time.Sleep(time.Duration(w.rng.IntN(20)) * time.Millisecond)
	}
}

// createSeason creates a season with a new name.
func (w *killWorld) createSeason(b *killClient) (int64, error) {
	w.seasons++
	resp, body, err := b.post("/seasons", url.Values{"name": {fmt.Sprintf("season %d", w.seasons)}, "year": {"2026"}})
	if err != nil {
		return 0, err
	}
	return redirectID(resp, body, "/seasons/")
}

// uploadFile uploads a cohort file into season; the acknowledged file is
// recorded, with whether it had to be accepted.
func (w *killWorld) uploadFile(b *killClient, season int64, name string, data []byte, accepted bool) (int64, error) {
	resp, body, err := b.upload(fmt.Sprintf("/seasons/%d/upload", season), name, data)
	if err != nil {
		return 0, err
	}
	id, err := redirectID(resp, body, "/files/")
	if err != nil {
		return 0, err
	}
	w.files[id] = killFile{name: name, sha: sha(data), accepted: accepted}
	w.uploads++
	if !accepted {
		w.rejects++
	}
	return id, nil
}

// startRun starts a run of mech on a cohort file.
func (w *killWorld) startRun(b *killClient, season, file int64, mech string) (int64, error) {
	resp, body, err := b.post(fmt.Sprintf("/seasons/%d/run", season), url.Values{
		"cohort": {strconv.FormatInt(file, 10)}, "mechanism": {mech}, "seed": {strconv.Itoa(w.rng.IntN(1000))}})
	if err != nil {
		return 0, err
	}
	id, err := redirectID(resp, body, "/runs/")
	if err != nil {
		return 0, err
	}
	w.started[id] = true
	w.runs++
	return id, nil
}

// publishStep takes the publication under way one step further: a new
// season with a small cohort and a student-da run on it; the run awaited
// (its events); published as round 1; its result downloaded as the
// planner would; then the supplementary round (no responses: the
// defaults), awaited, published as round 2 (a run with blobs).
func (w *killWorld) publishStep(b *killClient) error {
	var err error
	switch {
	case w.pubSeason == 0:
		w.pubSeason, err = w.createSeason(b)
		w.pubRound = 1
	case w.pubFile == 0:
		w.pubFile, err = w.uploadFile(b, w.pubSeason, "small.json", w.smalls[w.rng.IntN(len(w.smalls))], true)
	case w.pubRun == 0 && w.pubRound == 1:
		w.pubRun, err = w.startRun(b, w.pubSeason, w.pubFile, "student-da")
	case w.pubRun == 0:
		resp, body, err := b.post(fmt.Sprintf("/seasons/%d/rounds/next", w.pubSeason), url.Values{})
		if err != nil {
			return err
		}
		if w.pubRun, err = redirectID(resp, body, "/runs/"); err != nil {
			return err
		}
		w.started[w.pubRun] = true
		w.runs++
	default:
		id := w.pubRun
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/runs/%d/events", b.base, id), nil)
		var body []byte
		if _, body, err = b.do(req); err != nil {
			return err
		}
		if !bytes.Contains(body, []byte(fmt.Sprintf("/runs/%d", id))) {
			return fmt.Errorf("the events of run %d end without done:\n%s", id, body)
		}
		resp, body, err := b.post(fmt.Sprintf("/runs/%d/publish", id), url.Values{})
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("publishing run %d (round %d): %s\n%.2000s", id, w.pubRound, resp.Status, body)
		}
		w.acked[id] = ""
		w.pubs++
		w.pubPublished(w.pubRound)
		resp, body, err = b.get(fmt.Sprintf("/runs/%d/result.json", id))
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("run %d's result.json: %s", id, resp.Status)
		}
		w.acked[id] = sha(body)
	}
	return err
}

// pubPublished moves the publication under way on once its round is
// published: round 1 to the supplementary round, round 2 to a new season.
func (w *killWorld) pubPublished(round int) {
	w.pubRun = 0
	if round == 1 {
		w.pubRound = 2
		return
	}
	w.pubSeason, w.pubFile, w.pubRound = 0, 0, 0
}

// runningAtKill lists the runs the database has running, read with plain
// SQL before store.Open marks them: the runs the kill interrupted.
func runningAtKill(t *testing.T, db string) map[int64]bool {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	defer conn.Close()
	rows, err := conn.Query(`SELECT id FROM runs WHERE status = 'running'`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		out[id] = true
	}
	require.NoError(t, rows.Err())
	return out
}

// check reopens the database after kill k and checks it (TestWebKilled).
func (w *killWorld) check(t *testing.T, k int, db string) {
	t.Helper()
	running := runningAtKill(t, db)
	w.inFlight += len(running)
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	require.NoError(t, err, "kill %d", k)
	defer st.Close()
	require.NoError(t, st.IntegrityCheck(ctx), "kill %d", k)

	runs, err := st.Runs(ctx, 0)
	require.NoError(t, err)
	seen := map[int64]store.Run{}
	for _, r := range runs {
		seen[r.ID] = r
		switch r.Status {
		case store.Done:
			if !w.done[r.ID] {
				res, err := st.RunResult(ctx, r.ID)
				require.NoError(t, err, "kill %d: run %d is done without its result", k, r.ID)
				require.NotEmpty(t, res)
				w.done[r.ID] = true
			}
		case store.Failed:
			require.Equal(t, store.Interrupted, r.Error, "kill %d: run %d failed otherwise than interrupted", k, r.ID)
			require.False(t, w.done[r.ID], "kill %d: run %d was done and is now failed", k, r.ID)
			_, err := st.RunResult(ctx, r.ID)
			require.ErrorIs(t, err, store.ErrNotFound, "kill %d: failed run %d has a result", k, r.ID)
		default:
			t.Fatalf("kill %d: run %d is %s after its server was killed", k, r.ID, r.Status)
		}
		if !r.Published.IsZero() {
			require.Equal(t, store.Done, r.Status)
			p := killPub{blobs: map[string]string{}}
			res, err := st.RunResult(ctx, r.ID)
			require.NoError(t, err)
			p.result = sha(res)
			names, err := st.RunBlobNames(ctx, r.ID)
			require.NoError(t, err)
			for _, n := range names {
				blob, err := st.RunBlob(ctx, r.ID, n)
				require.NoError(t, err)
				p.blobs[n] = sha(blob)
			}
			if old, ok := w.published[r.ID]; ok {
				require.Equal(t, old, p, "kill %d: published run %d changed", k, r.ID)
			}
			w.published[r.ID] = p
		}
	}
	for id := range running {
		r, ok := seen[id]
		require.True(t, ok, "kill %d: run %d is gone", k, id)
		require.Equal(t, store.Failed, r.Status, "kill %d: run %d was running at the kill", k, id)
		require.Equal(t, store.Interrupted, r.Error)
	}
	for id := range w.started {
		require.Contains(t, seen, id, "kill %d: acknowledged run %d is gone", k, id)
	}
	for id := range w.published {
		require.False(t, seen[id].Published.IsZero(), "kill %d: published run %d is no longer published", k, id)
	}
	for id, downloaded := range w.acked {
		p, ok := w.published[id]
		require.True(t, ok, "kill %d: run %d's publication was acknowledged and is lost", k, id)
		if downloaded != "" {
			require.Equal(t, downloaded, p.result, "kill %d: run %d's result differs from the one downloaded", k, id)
		}
	}
	for id, f := range w.files {
		got, err := st.File(ctx, id)
		require.NoError(t, err, "kill %d: acknowledged file %d", k, id)
		require.Equal(t, f.sha, got.SHA256, "kill %d: file %d", k, id)
		require.Equal(t, f.accepted, got.Accepted, "kill %d: file %d (%s) accepted", k, id, f.name)
		if !w.read[id] { // committed bytes do not change: read back once
			data, err := st.FileData(ctx, id)
			require.NoError(t, err)
			require.Equal(t, f.sha, sha(data), "kill %d: file %d's bytes", k, id)
			w.read[id] = true
		}
	}
	// The publication under way: its run, interrupted, starts again.
	if w.pubRun != 0 {
		switch r := seen[w.pubRun]; {
		case !r.Published.IsZero():
			w.pubPublished(r.Round)
		case r.Status == store.Failed:
			w.pubRun = 0 // the same round again
		}
	}
}

// TestWebKillTerm stops the server as the system does (SIGTERM) while
// runs are in flight: it exits 0, and the server itself, before it exits,
// has marked its live runs failed "interrupted" (read before store.Open,
// which would mark them too).
func TestWebKillTerm(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("SIGTERM to a server process (no SIGTERM on Windows)")
	}
	db := filepath.Join(t.TempDir(), "placement.db")
	srv := startKillServer(t, db)
	b := newBrowser(t)
	b.base = srv.url
	w := &killWorld{rng: rand.New(rand.NewPCG(1, 1)), files: map[int64]killFile{}, started: map[int64]bool{}}
	_, _, err := b.get("/")
	require.NoError(t, err)
	season, err := w.createSeason(b)
	require.NoError(t, err)
	file, err := w.uploadFile(b, season, "big.json", cohortJSON(t, killBigStudents, 7), true)
	require.NoError(t, err)
	a, err := w.startRun(b, season, file, "optimal")
	require.NoError(t, err)
	c, err := w.startRun(b, season, file, "student-da")
	require.NoError(t, err)
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-srv.exited:
	case <-time.After(30 * time.Second):
		srv.kill(t)
		t.Fatalf("the server did not stop on SIGTERM; stderr:\n%s", srv.stderr.String())
	}
	require.NoError(t, srv.err, "exit status; stderr:\n%s", srv.stderr.String())
	require.Contains(t, srv.stderr.String(), "stopping")
	require.Empty(t, runningAtKill(t, db), "the server left runs running")

	ctx := context.Background()
	st, err := store.Open(ctx, db)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.IntegrityCheck(ctx))
	interrupted := 0
	for _, id := range []int64{a, c} {
		r, err := st.Run(ctx, id)
		require.NoError(t, err)
		switch r.Status {
		case store.Failed:
			require.Equal(t, store.Interrupted, r.Error, "run %d", id)
			interrupted++
		case store.Done: // finished before the signal: kept
		default:
			t.Fatalf("run %d is %s", id, r.Status)
		}
	}
	require.NotZero(t, interrupted, "both runs finished before SIGTERM: nothing was in flight")
	f, err := st.File(ctx, file)
	require.NoError(t, err)
	require.True(t, f.Accepted)
}
