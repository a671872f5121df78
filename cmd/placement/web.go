package main

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/store"
	"github.com/placement-engine/placement/model"
)

// webFiles are the web app's templates (web/templates) and static assets
// (web/static, served at /static/), embedded in the binary: the workbench
// needs no other install and reads no file at run time.
//
//go:embed web
var webFiles embed.FS

// workbenchOptions are how the workbench is served.
type workbenchOptions struct {
	// Remote: listening beyond loopback; pages need a login (a user and
	// password in the store). Otherwise a session is minted on the first
	// GET for User and the Host must be a loopback name.
	Remote bool
	// User is the session's user in local mode (the OS user).
	User string
	// MaxUpload bounds an upload's request body in bytes (0: 64 MiB).
	MaxUpload int64
	// MaxUnzipped bounds the bytes an uploaded cohort unpacks to: a CSV
	// folder's zip, a workbook's parts, a JSON file (0: 256 MiB).
	MaxUnzipped int64
	// Zone is the planner's time zone for `when` (nil: time.Local).
	Zone *time.Location
	// CookieName names the session cookie ("": placement_session); serve
	// names it per database.
	CookieName string
	// Logf logs what the server must not show (nil: log.Printf).
	Logf func(format string, args ...any)
	// SSEWriteTimeout bounds each write of a run's event stream (0: 30 s);
	// SSEMaxStream is a stream's longest life (0: 10 min); SSEPoll is how
	// often a run another server runs is looked up (0: 5 s). Fields, not
	// package variables, so that a test sets them before its handlers run.
	SSEWriteTimeout, SSEMaxStream, SSEPoll time.Duration
}

// maxConcurrentUploads is how many uploads are read and checked at once;
// the others wait their turn.
const maxConcurrentUploads = 2

// defaultMaxUpload bounds an upload when -max-upload is not given.
const defaultMaxUpload = 64 << 20

// workbench is the web app: an http.Handler over one store. Every page's
// handler is registered by addRoutes from its own file.
type workbench struct {
	store *store.Store
	opts  workbenchOptions

	// ctx is the server's context: cancelled at shutdown, so that live
	// runs stop (they are then marked failed). live counts the goroutines
	// (runs) that serve waits for at shutdown: wb.goLive starts one.
	ctx    context.Context
	cancel context.CancelFunc
	live   sync.WaitGroup

	handler http.Handler

	tmplOnce sync.Once
	tmpl     map[string]*templateSet
	tmplErr  error

	cohorts cohortCache

	// localToken and localSess are local mode's one session (localSession).
	localMu    sync.Mutex
	localToken string
	localSess  store.Session

	// logins limits wrong passwords (remote mode).
	logins loginLimiter

	// uploads bounds the uploads read and checked at once (their memory).
	uploads chan struct{}

	// shared holds the state other files keep per workbench (see shared).
	sharedMu sync.Mutex
	sharedM  map[string]any
}

// routes are the page registrations of every web file (addRoutes).
var routes []func(wb *workbench, mux *http.ServeMux)

// addRoutes registers a file's pages; call it from an init function:
//
//	func init() {
//		addRoutes(func(wb *workbench, mux *http.ServeMux) {
//			mux.Handle("GET /runs/{id}", wb.page(wb.runPage))
//		})
//	}
func addRoutes(f func(wb *workbench, mux *http.ServeMux)) { routes = append(routes, f) }

// newWorkbench returns the web app over st. Close it (wb.close) to cancel
// its live runs and wait for them.
func newWorkbench(st *store.Store, opts workbenchOptions) *workbench {
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = defaultMaxUpload
	}
	if opts.MaxUnzipped <= 0 {
		opts.MaxUnzipped = defaultMaxZipUnzipped
	}
	if opts.Zone == nil {
		opts.Zone = time.Local
	}
	if opts.Logf == nil {
		opts.Logf = log.Printf
	}
	if opts.User == "" {
		opts.User = "planner"
	}
	if opts.SSEWriteTimeout <= 0 {
		opts.SSEWriteTimeout = 30 * time.Second
	}
	if opts.SSEMaxStream <= 0 {
		opts.SSEMaxStream = 10 * time.Minute
	}
	if opts.SSEPoll <= 0 {
		opts.SSEPoll = 5 * time.Second
	}
	wb := &workbench{store: st, opts: opts, sharedM: map[string]any{}, uploads: make(chan struct{}, maxConcurrentUploads)}
	wb.ctx, wb.cancel = context.WithCancel(context.Background())
	mux := http.NewServeMux()
	static, err := fs.Sub(webFiles, "web/static")
	if err != nil {
		panic(err) // the embedded tree is the binary's own
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler(static)))
	for _, f := range routes {
		f(wb, mux)
	}
	wb.handler = wb.secure(mux)
	return wb
}

func (wb *workbench) ServeHTTP(w http.ResponseWriter, r *http.Request) { wb.handler.ServeHTTP(w, r) }

// close cancels the server's context (live runs stop) and waits for the
// live goroutines, at most until ctx is done.
func (wb *workbench) close(ctx context.Context) error {
	wb.cancel()
	done := make(chan struct{})
	go func() { wb.live.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// goLive runs f in a goroutine under the server's context, counted for
// shutdown; a panic in f is logged, never fatal to the server.
func (wb *workbench) goLive(f func(ctx context.Context)) {
	wb.live.Add(1)
	go func() {
		defer wb.live.Done()
		defer func() {
			if v := recover(); v != nil {
				wb.opts.Logf("placement serve: panic in a background task: %v", v)
			}
		}()
		f(wb.ctx)
	}()
}

// shared returns the state kept per workbench under key, made by mk on
// first use: how a page's file keeps its caches without a field here
// (wb.shared("runs", func() any { return newRunHub() }).(*runHub)).
func (wb *workbench) shared(key string, mk func() any) any {
	wb.sharedMu.Lock()
	defer wb.sharedMu.Unlock()
	v, ok := wb.sharedM[key]
	if !ok {
		v = mk()
		wb.sharedM[key] = v
	}
	return v
}

// webReq is what a page's handler knows of its request.
type webReq struct {
	Ctx  context.Context
	Lang language.Tag
	Msg  *message.Printer // the web catalogue in Lang
	User string
	CSRF string // the session's token, for forms ({{template "csrf" $}})
	R    *http.Request
	// Remote: the server asks for a login (a logout button is shown).
	Remote bool
	// Zh: the page is in Chinese (for the language switch).
	Zh bool

	// mp reads an upload's parts after its CSRF token (checkCSRF); read
	// it with wb.readUpload.
	mp *multipart.Reader
}

// statusError is an error page's status and text.
type statusError struct {
	status int
	text   string // shown as is
	key    string // else: translated with args in the page's language
	args   []any
	back   string // the page to go back to ("": the referring page)
	cause  error  // a library's error behind it: logged, never shown
}

// webErrorCause is webErrorf whose cause (a library's error, in its own
// words) goes to the server's log rather than to the planner's page.
func webErrorCause(status int, cause error, key string, args ...any) error {
	return &statusError{status: status, key: key, args: args, cause: cause}
}

// logCause logs the cause behind a page's error, if any.
func (wb *workbench) logCause(q *webReq, se *statusError) {
	if se.cause != nil {
		wb.opts.Logf("placement serve: %s (%s): %v", se.Error(), q.User, se.cause)
	}
}

func (e *statusError) Error() string {
	if e.key != "" {
		return fmt.Sprintf(e.key, e.args...)
	}
	return e.text
}

// webError is an error page with status and text, already in the page's
// language (q.Msg.Sprintf(...)).
func webError(status int, text string) error { return &statusError{status: status, text: text} }

// webErrorf is an error page with status and the message key worded in
// the page's language (the key is in the web catalogue).
func webErrorf(status int, key string, args ...any) error {
	return &statusError{status: status, key: key, args: args}
}

// webErrorBack is err (a webError or webErrorf) with the page its error
// page links back to: the natural parent of the page that failed (the
// run of a refused publish, the season of a refused upload).
func webErrorBack(err error, back string) error {
	var se *statusError
	if errors.As(err, &se) {
		c := *se
		c.back = back
		return &c
	}
	return err
}

// page adapts a page's handler: it gives it q and turns a returned error
// into an error page in q's language (a webError's status; a store's
// ErrNotFound: 404; any other: 500, logged).
func (wb *workbench) page(h func(w http.ResponseWriter, r *http.Request, q *webReq) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := reqOf(r)
		if q == nil { // not behind secure (a test calling the page itself)
			q = wb.newReq(w, r, "", "")
		}
		q.R = r // the mux's request: its path values ({id})
		defer func() {
			if v := recover(); v != nil {
				wb.opts.Logf("placement serve: panic serving %s %s: %v", r.Method, r.URL.Path, v)
				wb.errorPage(w, q, http.StatusInternalServerError, q.Msg.Sprintf("The server failed on this page; what was stored is unchanged."))
			}
		}()
		if err := h(w, r, q); err != nil {
			wb.fail(w, q, err)
		}
	})
}

// fail writes the error page of err.
func (wb *workbench) fail(w http.ResponseWriter, q *webReq, err error) {
	var se *statusError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &se):
		wb.logCause(q, se)
		text := se.text
		if se.key != "" {
			text = q.Msg.Sprintf(se.key, se.args...)
		}
		wb.errorPageBack(w, q, se.status, text, se.back)
	case errors.As(err, &mbe) && q.mp == nil:
		wb.errorPage(w, q, http.StatusRequestEntityTooLarge, q.Msg.Sprintf("The form is larger than the server accepts (%s).", q.Bytes(mbe.Limit)))
	case errors.As(err, &mbe):
		wb.errorPage(w, q, http.StatusRequestEntityTooLarge, q.Msg.Sprintf("The upload is larger than the server accepts (%s).", q.Bytes(mbe.Limit)))
	case errors.Is(err, store.ErrNotFound):
		wb.errorPage(w, q, http.StatusNotFound, q.Msg.Sprintf("There is no such page or record."))
	case errors.Is(err, context.Canceled) && q.Ctx.Err() != nil:
		// The browser went away: nobody reads the page.
	default:
		// An error the command words for a planner is shown; any other
		// (SQL, JSON, a library's English) only in the log, the page
		// giving a reference to it.
		var le *localized
		if lerr := localError(q.Lang, q.Msg, err); lerr != err || errors.As(err, &le) {
			wb.opts.Logf("placement serve: %s %s: %v", q.R.Method, q.R.URL.Path, err)
			wb.errorPage(w, q, http.StatusInternalServerError, q.Msg.Sprintf("The server could not do this: %s", lerr.Error()))
			return
		}
		ref := errorRef()
		wb.opts.Logf("placement serve: %s %s: [%s] %v", q.R.Method, q.R.URL.Path, ref, err)
		wb.errorPage(w, q, http.StatusInternalServerError, q.Msg.Sprintf("The server could not do this; what was stored is unchanged. (Reference %s in the server's log.)", ref))
	}
}

// errorRef is a short random reference of an error, on the page and in
// the log line beside the error itself.
func errorRef() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// errorPage writes the error page: its text, a link back to the page the
// planner came from (a same-origin Referer), home and the run history.
func (wb *workbench) errorPage(w http.ResponseWriter, q *webReq, status int, text string) {
	wb.errorPageBack(w, q, status, text, "")
}

// errorPageBack is errorPage with back, the page to go back to ("": the
// referring page of this server, if any).
func (wb *workbench) errorPageBack(w http.ResponseWriter, q *webReq, status int, text, back string) {
	if back == "" && q.R != nil {
		back = sameOriginReferer(q.R)
	}
	wb.renderStatus(w, q, status, "error.html", q.Msg.Sprintf("Error %d", status), struct {
		Status int
		Text   string
		Back   string
	}{status, text, back})
}

// sameOriginReferer is r's Referer when it is a page of this server other
// than r's own (a path and query), else "".
func sameOriginReferer(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host == "" || !strings.EqualFold(ref.Host, r.Host) || (ref.Scheme != "http" && ref.Scheme != "https") {
		return ""
	}
	p := safeNext(ref.RequestURI())
	if p == "/" || p == r.URL.RequestURI() {
		return ""
	}
	return p
}

// cohortCache keeps the last few cohorts loaded from the store, by file,
// within a count and a cost (cohortCost) budget.
type cohortCache struct {
	mu    sync.Mutex
	order []int64
	m     map[int64]*model.Cohort
	cost  map[int64]int64
	total int64
}

// cohortCacheSize is how many cohorts the cache keeps; cohortCacheBudget
// bounds their summed cost (cohortCost): about four cohorts of 100,000
// students with 10 choices each (some 100 MB each in memory). The newest
// is kept whatever its cost.
const (
	cohortCacheSize   = 4
	cohortCacheBudget = 4_500_000
)

// cohortCost is a cohort's size in the cache's units: its students,
// their choices and positions (what its memory grows with).
func cohortCost(c *model.Cohort) int64 {
	n := int64(c.NumStudents()) + int64(len(c.Positions()))
	for s := range c.NumStudents() {
		n += int64(len(c.Choices(s)))
	}
	return n
}

// cohort returns the cohort of stored file id (an accepted cohort: a
// rejected one is an error page 404), loaded by its format and cached.
func (wb *workbench) cohort(ctx context.Context, id int64) (*model.Cohort, error) {
	cc := &wb.cohorts
	cc.mu.Lock()
	if c, ok := cc.m[id]; ok {
		cc.mu.Unlock()
		return c, nil
	}
	cc.mu.Unlock()
	f, err := wb.store.File(ctx, id)
	if err != nil {
		return nil, err
	}
	if !f.Accepted {
		return nil, webErrorf(http.StatusNotFound, "The file %s was rejected: it has no cohort to use.", f.Name)
	}
	data, err := wb.store.FileData(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := wb.loadCohortBytes(f.Name, f.Format, data, nil)
	if err != nil {
		return nil, err
	}
	return cc.keep(id, c), nil
}

// keep caches c as file id's cohort, dropping the oldest beyond the
// cache's size; it returns the cohort cached for id (another request's
// when it came first).
func (cc *cohortCache) keep(id int64, c *model.Cohort) *model.Cohort {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil {
		cc.m = map[int64]*model.Cohort{}
	}
	if old, ok := cc.m[id]; ok {
		return old
	}
	if cc.cost == nil {
		cc.cost = map[int64]int64{}
	}
	cc.m[id] = c
	cc.cost[id] = cohortCost(c)
	cc.total += cc.cost[id]
	cc.order = append(cc.order, id)
	for len(cc.order) > 1 && (len(cc.order) > cohortCacheSize || cc.total > cohortCacheBudget) {
		old := cc.order[0]
		cc.total -= cc.cost[old]
		delete(cc.m, old)
		delete(cc.cost, old)
		cc.order = cc.order[1:]
	}
	return c
}
