package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/store"
)

func init() {
	addRoutes(func(wb *workbench, mux *http.ServeMux) {
		mux.Handle("GET /login", wb.page(wb.loginPage))
		mux.Handle("POST /login", wb.page(wb.login))
		mux.Handle("POST /logout", wb.page(wb.logout))
		mux.Handle("/", wb.page(func(w http.ResponseWriter, r *http.Request, q *webReq) error {
			return webErrorf(http.StatusNotFound, "There is no such page or record.")
		}))
	})
	addWebZh(map[string]string{
		"Sign in": "登录",
		"Too many wrong passwords: wait %d seconds and try again.": "密码错误次数过多：请等待 %d 秒后再试。",
		"User":                               "用户名",
		"Password":                           "密码",
		"Sign out":                           "退出登录",
		"The user or the password is wrong.": "用户名或密码不正确。",
		"This server asks for a user and a password.":                "此服务器需要用户名和密码。",
		"Sign in first: this needs a session (open the page again).": "请先登录：此操作需要登录（请重新打开页面）。",
		"The page has expired: reload it and try again.":             "页面已过期，请刷新后重试。",
		"Back to the previous page":                                  "返回上一页",
		"Run history":                                                "运行历史",
		"The form has expired or did not come from this page: open the page again and resend it.": "表单已过期或不是从本页面提交的：请重新打开页面后再提交。",
		"This server answers only on this computer (localhost); the address used was %s.":         "此服务器只在本机（localhost）上应答；所用地址为 %s。",
		"The request came from another site.":                                                     "请求来自其他网站。",
	})
}

// How long a request's body may take to arrive: a form, an upload
// (variables for a test).
var (
	formReadTime   = time.Minute
	uploadReadTime = 10 * time.Minute
)

// sessionCookie holds the session's token (only its hash is stored).
const sessionCookie = "placement_session"

// Session lengths: a local session lasts as a working month; a remote one
// a working day.
const (
	localSessionTTL  = 30 * 24 * time.Hour
	remoteSessionTTL = 12 * time.Hour
)

// maxFormBytes bounds a form that is not an upload.
const maxFormBytes = 1 << 20

// contentSecurityPolicy is every response's CSP: the pages' own scripts
// and styles only, no inline script anywhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"

// reportCSP is the report page's: it has no script, and its CSS and SVG
// charts are inline.
const reportCSP = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'"

// allowInlineStyle gives a page without script (the report) its inline
// CSS; call it before writing.
func allowInlineStyle(w http.ResponseWriter) { w.Header().Set("Content-Security-Policy", reportCSP) }

type reqKey struct{}

// reqOf is the request's webReq, as secure made it.
func reqOf(r *http.Request) *webReq {
	q, _ := r.Context().Value(reqKey{}).(*webReq)
	return q
}

// newReq is the webReq of r in its language, for user and csrf.
func (wb *workbench) newReq(w http.ResponseWriter, r *http.Request, user, csrf string) *webReq {
	t := requestLang(w, r)
	return &webReq{Ctx: r.Context(), Lang: t, Msg: lang.Printer(t, webCat()), User: user, CSRF: csrf, R: r, Remote: wb.opts.Remote, Zh: t == lang.Chinese}
}

// secure is every request's way in: the security headers; in local mode
// a loopback Host only (against DNS rebinding) and a session minted on
// the first GET; in remote mode a login; for every request that changes
// anything a session (401 without) and its CSRF token (403 when wrong).
func (wb *workbench) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		if r.URL.Path == "/favicon.ico" {
			// Asked by browsers on their own, maybe before the first
			// page's cookie: no session is minted for it.
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/static/") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		q := wb.newReq(w, r, "", "")
		if !wb.opts.Remote && !loopbackHost(r.Host) {
			wb.errorPage(w, q, http.StatusForbidden, q.Msg.Sprintf("This server answers only on this computer (localhost); the address used was %s.", r.Host))
			return
		}
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead
		if !safe {
			// A body that comes too slowly (a stalled upload) does not
			// hold its handler and buffer for ever. (Not every writer
			// supports deadlines: a test's recorder.)
			limit := formReadTime
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
				limit = uploadReadTime
			}
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(limit))
		}
		if !safe && !sameOrigin(r) {
			wb.errorPage(w, q, http.StatusForbidden, q.Msg.Sprintf("The request came from another site."))
			return
		}
		token := ""
		if c, err := r.Cookie(wb.cookieName()); err == nil {
			token = c.Value
		}
		var sess store.Session
		var err error
		if token != "" {
			sess, err = wb.store.Session(r.Context(), token)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				wb.fail(w, q, err)
				return
			}
		}
		has := token != "" && err == nil
		if has && wb.opts.Remote && sess.Expires.After(time.Now().Add(remoteSessionTTL+time.Hour)) {
			// A session minted in local mode (for the OS user, who may
			// have no password) on this database: not a login.
			has = false
		}
		login := r.URL.Path == "/login"
		switch {
		case has:
		case safe && !wb.opts.Remote:
			tok, s, err := wb.localSession(r.Context())
			if err != nil {
				wb.fail(w, q, err)
				return
			}
			wb.setSessionCookie(w, r, tok, s.Expires)
			sess, has = s, true
		case safe && login, r.Method == http.MethodPost && login && wb.opts.Remote:
			// The login page and its form: no session yet.
		case safe:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case wb.opts.Remote:
			wb.errorPage(w, q, http.StatusUnauthorized, q.Msg.Sprintf("Sign in first: this needs a session (open the page again)."))
			return
		default:
			wb.errorPage(w, q, http.StatusUnauthorized, q.Msg.Sprintf("The page has expired: reload it and try again."))
			return
		}
		if has {
			q.User, q.CSRF = sess.User, sess.CSRF
		}
		if !safe && has {
			ok, err := wb.checkCSRF(w, r, q)
			if err != nil {
				wb.fail(w, q, err)
				return
			}
			if !ok {
				wb.errorPage(w, q, http.StatusForbidden, q.Msg.Sprintf("The form has expired or did not come from this page: open the page again and resend it."))
				return
			}
		} else if !safe {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		ctx := context.WithValue(r.Context(), reqKey{}, q)
		r = r.WithContext(ctx)
		q.Ctx, q.R = ctx, r
		if q.mp != nil {
			r.Body = http.NoBody // the upload is read through q.mp only
		}
		next.ServeHTTP(w, r)
	})
}

// checkCSRF checks r's CSRF token against the session's: the header
// X-CSRF-Token, else the form field csrf; in an upload (multipart) the
// field must be the first part (as {{template "csrf" $}} first in the
// form sends it), read before any file: q.mp then reads the rest.
func (wb *workbench) checkCSRF(w http.ResponseWriter, r *http.Request, q *webReq) (bool, error) {
	want := []byte(q.CSRF)
	eq := func(got string) bool { return len(want) > 0 && subtle.ConstantTimeCompare([]byte(got), want) == 1 }
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, wb.opts.MaxUpload)
		if params["boundary"] == "" {
			return false, webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		if h := r.Header.Get("X-CSRF-Token"); h != "" {
			if !eq(h) {
				return false, nil
			}
			q.mp = mr
			return true, nil
		}
		p, err := mr.NextPart()
		if err != nil {
			return false, nil
		}
		if p.FormName() != "csrf" {
			return false, nil
		}
		v, err := io.ReadAll(io.LimitReader(p, 256))
		if err != nil || !eq(string(v)) {
			return false, nil
		}
		q.mp = mr
		return true, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	// The form is parsed whether the token comes in the header or in a
	// field: a handler reading r.PostForm sees the body either way.
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return false, err
		}
		return false, webErrorf(http.StatusBadRequest, "The upload is not a form the server can read.")
	}
	if h := r.Header.Get("X-CSRF-Token"); h != "" {
		return eq(h), nil
	}
	return eq(r.PostForm.Get("csrf")), nil
}

// localSession is the one session of this server in local mode: minted
// once (a row in the store), then given to every browser without a
// cookie, so that cookieless requests do not each write a session.
func (wb *workbench) localSession(ctx context.Context) (string, store.Session, error) {
	wb.localMu.Lock()
	defer wb.localMu.Unlock()
	if wb.localToken != "" && time.Until(wb.localSess.Expires) > time.Hour {
		return wb.localToken, wb.localSess, nil
	}
	tok, s, err := wb.store.NewSession(ctx, wb.opts.User, localSessionTTL)
	if err != nil {
		return "", store.Session{}, err
	}
	wb.localToken, wb.localSess = tok, s
	return tok, s, nil
}

// cookieName is the session cookie's name: per database when serve gives
// one (two workbenches on one computer keep their own), else
// sessionCookie.
func (wb *workbench) cookieName() string {
	if wb.opts.CookieName != "" {
		return wb.opts.CookieName
	}
	return sessionCookie
}

// setSessionCookie sets the session's cookie: HttpOnly, SameSite=Strict.
func (wb *workbench) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: wb.cookieName(), Value: token, Path: "/", Expires: expires, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

// loopbackHost: host (of a Host header) is a loopback name or address.
func loopbackHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") || strings.HasSuffix(strings.ToLower(h), ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin: a request's Origin, when the browser sends one, is the
// server's own.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// loginPage is the login form (remote mode).
func (wb *workbench) loginPage(w http.ResponseWriter, r *http.Request, q *webReq) error {
	if !wb.opts.Remote {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return wb.render(w, q, "login.html", q.Msg.Sprintf("Sign in"), loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

type loginData struct {
	Next, User string
	Wrong      bool
}

// login checks the user's password and opens a session.
func (wb *workbench) login(w http.ResponseWriter, r *http.Request, q *webReq) error {
	if !wb.opts.Remote {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	user, pass := strings.TrimSpace(r.PostFormValue("user")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	addr := r.RemoteAddr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		addr = h
	}
	if wait := wb.logins.wait(user, addr); wait > 0 {
		// Too many wrong passwords: refused without a bcrypt.
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return webErrorf(http.StatusTooManyRequests, "Too many wrong passwords: wait %d seconds and try again.", int(wait.Seconds())+1)
	}
	select { // a few bcrypts at once: a flood of logins cannot starve the pages
	case loginSlots <- struct{}{}:
	case <-q.Ctx.Done():
		return q.Ctx.Err()
	}
	ok, err := wb.store.CheckPassword(q.Ctx, user, pass)
	<-loginSlots
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if ok {
		wb.logins.succeeded(user, addr)
	} else {
		wb.logins.failed(user, addr)
		wb.opts.Logf("placement serve: wrong password for user %q from %s", user, addr)
	}
	if !ok {
		time.Sleep(500 * time.Millisecond) // a guess costs time
		return wb.renderStatus(w, q, http.StatusUnauthorized, "login.html", q.Msg.Sprintf("Sign in"), loginData{Next: next, User: user, Wrong: true})
	}
	tok, s, err := wb.store.NewSession(q.Ctx, user, remoteSessionTTL)
	if err != nil {
		return err
	}
	wb.setSessionCookie(w, r, tok, s.Expires)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logout ends the session.
func (wb *workbench) logout(w http.ResponseWriter, r *http.Request, q *webReq) error {
	if c, err := r.Cookie(wb.cookieName()); err == nil {
		if err := wb.store.EndSession(q.Ctx, c.Value); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: wb.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	to := "/"
	if wb.opts.Remote {
		to = "/login"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// loginSlots bounds the password checks (bcrypt) run at once.
var loginSlots = make(chan struct{}, max(1, runtime.NumCPU()/2))

// loginLimiter counts wrong passwords by user name and by address: after
// loginFree failures, each further try waits 1 s, 2 s, 4 s, ... (at most
// loginMaxWait) from the last failure; a right password clears its user's
// and address's counts.
type loginLimiter struct {
	mu sync.Mutex
	m  map[string]*loginFails
}

type loginFails struct {
	n    int
	last time.Time
}

const (
	loginFree    = 5
	loginMaxWait = 5 * time.Minute
	loginKeys    = 10000 // the counts kept at most (then the old are dropped)
)

func (l *loginLimiter) waitOf(key string, now time.Time) time.Duration {
	f := l.m[key]
	if f == nil || f.n < loginFree {
		return 0
	}
	d := loginMaxWait
	if k := f.n - loginFree; k < 20 {
		d = min(time.Duration(1<<k)*time.Second, loginMaxWait)
	}
	return max(0, f.last.Add(d).Sub(now))
}

// wait is how long user at addr must still wait before the next try.
func (l *loginLimiter) wait(user, addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	return max(l.waitOf("u\x00"+user, now), l.waitOf("a\x00"+addr, now))
}

func (l *loginLimiter) failed(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) > loginKeys {
		now := time.Now()
		old := l.m
		l.m = map[string]*loginFails{}
		for k, f := range old { // keep the counts still in force
			if now.Sub(f.last) < loginMaxWait && len(l.m) < loginKeys/2 {
				l.m[k] = f
			}
		}
	}
	for _, k := range []string{"u\x00" + user, "a\x00" + addr} {
		f := l.m[k]
		if f == nil {
			f = &loginFails{}
			l.m[k] = f
		}
		f.n++
		f.last = time.Now()
	}
}

func (l *loginLimiter) succeeded(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, "u\x00"+user)
	delete(l.m, "a\x00"+addr)
}

// safeNext is a page of this server to go to after the login: a path,
// never another site ("//host", "/\host", nor "/\t/host", which a browser
// reads as "//host" once it drops the tab).
func safeNext(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) >= 0 {
		return "/"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(u.Path, "/login") {
		return "/"
	}
	return u.RequestURI()
}
