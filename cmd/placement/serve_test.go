package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"

	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/store"
)

// TestServe starts placement serve on a free port, gets its first page
// (which mints a session) and stops it as Ctrl-C does: exit code 0, the
// database closed and usable again.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "work.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old := cmdCtx
	cmdCtx = ctx
	defer func() { cmdCtx = old }()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"serve", "-lang", "en", "-db", db, "-open=false"}, pw, &stderr)
		pw.Close()
	}()
	// (The default address may be another test's: a line says so first.)
	br := bufio.NewReader(pr)
	var m []string
	for m == nil {
		line, err := br.ReadString('\n')
		require.NoError(t, err, stderr.String())
		m = regexp.MustCompile(`the workbench is at (http://127\.0\.0\.1:\d+/) `).FindStringSubmatch(line)
		if m == nil {
			require.Contains(t, line, "is in use by another program", line)
		}
	}
	go io.Copy(io.Discard, br)

	resp, err := http.Get(m[1])
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, contentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))
	assert.Contains(t, string(body), `action="/seasons"`)
	var session bool
	for _, c := range resp.Cookies() {
		if strings.HasPrefix(c.Name, sessionCookie+"_") { // per database
			session = c.HttpOnly && c.SameSite == http.SameSiteStrictMode
		}
	}
	assert.True(t, session, "an HttpOnly, SameSite=Strict session cookie")
	// A POST without the session: 401.
	resp, err = http.Post(m[1]+"seasons", "application/x-www-form-urlencoded", strings.NewReader("name=x&year=2026"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, stderr.String())
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, stderr.String(), "stopping")
	st, err := store.Open(context.Background(), db)
	require.NoError(t, err)
	require.NoError(t, st.IntegrityCheck(context.Background()))
	st.Close()
}

// TestServeTasks checks -add-user (password from stdin), -backup and
// -export, and the refusals: an address beyond loopback without
// -remote, -remote without a user, a short password.
func TestServeTasks(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "work.db")

	code, _, stderr := runCmd("serve", "-lang", "en", "-db", db, "-addr", "0.0.0.0:0", "-open=false")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "give -remote too")
	code, _, stderr = runCmd("serve", "-lang", "en", "-db", db, "-addr", "0.0.0.0:0", "-remote")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "-add-user NAME")
	code, _, stderr = runCmd("serve", "-lang", "zh", "-db", db, "-export", "1")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "-export 需要 -out")

	defer func(r io.Reader) { serveStdin = r }(serveStdin)
	serveStdin = strings.NewReader("short\n")
	code, _, stderr = runCmd("serve", "-lang", "en", "-db", db, "-add-user", "li")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "at least 8 characters")
	serveStdin = strings.NewReader("a long password\n")
	code, stdout, stderr := runCmd("serve", "-lang", "en", "-db", db, "-add-user", "li")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "user li can sign in")

	ctx := context.Background()
	st, err := store.Open(ctx, db)
	require.NoError(t, err)
	ok, err := st.CheckPassword(ctx, "li", "a long password")
	require.NoError(t, err)
	assert.True(t, ok)
	s, err := st.CreateSeason(ctx, store.Season{Name: "2026", Year: 2026, CreatedBy: "li"})
	require.NoError(t, err)
	require.NoError(t, st.Close())

	backup := filepath.Join(dir, "backup.db")
	code, _, stderr = runCmd("serve", "-lang", "en", "-db", db, "-backup", backup)
	require.Equal(t, exitOK, code, stderr)
	b, err := store.Open(ctx, backup)
	require.NoError(t, err)
	ss, err := b.Seasons(ctx)
	require.NoError(t, err)
	assert.Len(t, ss, 1)
	b.Close()
	code, _, _ = runCmd("serve", "-lang", "en", "-db", db, "-backup", backup)
	assert.Equal(t, exitUsage, code, "a backup never overwrites a file")

	out := filepath.Join(dir, "export")
	code, _, stderr = runCmd("serve", "-lang", "en", "-db", db, "-export", "1", "-out", out)
	require.Equal(t, exitOK, code, stderr)
	_, err = os.Stat(filepath.Join(out, "season.json"))
	assert.NoError(t, err)
	code, _, stderr = runCmd("serve", "-lang", "en", "-db", db, "-export", "99", "-out", filepath.Join(dir, "none"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no season 99")
	_ = s
}

// TestWebCloseCancelsLive checks that closing the workbench (as serve
// does at Ctrl-C) cancels the context of its live work and waits for it.
func TestWebCloseCancelsLive(t *testing.T) {
	c := newWebClient(t, workbenchOptions{})
	stopped := make(chan error, 1)
	started := make(chan struct{})
	c.wb.goLive(func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		time.Sleep(50 * time.Millisecond) // marking the run failed
		stopped <- ctx.Err()
	})
	// A panic in live work is no failure of the server.
	c.wb.goLive(func(ctx context.Context) { panic("a bug in a run") })
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, c.wb.close(ctx))
	select {
	case err := <-stopped:
		assert.ErrorIs(t, err, context.Canceled)
	default:
		t.Fatal("close returned before the live work ended")
	}
}

// TestServeSIGTERM runs placement serve in a child process (this test
// binary), gets its first page, sends SIGTERM: the child stops with exit
// code 0 and the database passes its integrity check.
func TestServeSIGTERM(t *testing.T) {
	if db := os.Getenv("PLACEMENT_TEST_SERVE_DB"); db != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		cmdCtx = ctx
		os.Exit(run([]string{"serve", "-lang", "en", "-db", db, "-open=false"}, os.Stdout, os.Stderr))
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	db := filepath.Join(t.TempDir(), "work.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeSIGTERM$")
	cmd.Env = append(os.Environ(), "PLACEMENT_TEST_SERVE_DB="+db)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, stderr.String())
	m := regexp.MustCompile(`(http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	resp, err := http.Get(m[1])
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { io.Copy(io.Discard, out); done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop at SIGTERM")
	}
	st, err := store.Open(context.Background(), db)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.IntegrityCheck(context.Background()))
}

// TestServeDefaultAddr: without -addr serve listens on the same address
// every start (127.0.0.1:8808); when another program holds it, on a free
// port, saying so. With -addr given, a busy address is an error.
func TestServeDefaultAddr(t *testing.T) {
	// Hold the default address (or find it held already).
	if ln, err := net.Listen("tcp", defaultServeAddr); err == nil {
		defer ln.Close()
	}
	db := filepath.Join(t.TempDir(), "work.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old := cmdCtx
	cmdCtx = ctx
	defer func() { cmdCtx = old }()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"serve", "-lang", "en", "-db", db, "-open=false"}, pw, &stderr)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	require.NoError(t, err, stderr.String())
	assert.Equal(t, "127.0.0.1:8808 is in use by another program: the workbench is on another port today\n", line)
	line, err = br.ReadString('\n')
	require.NoError(t, err, stderr.String())
	m := regexp.MustCompile(`the workbench is at http://127\.0\.0\.1:(\d+)/ `).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	assert.NotEqual(t, "8808", m[1])
	go io.Copy(io.Discard, br)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, stderr.String())
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	// Given explicitly, a busy address is the planner's to change.
	cmdCtx = old
	code, _, errText := runCmd("serve", "-lang", "en", "-db", db, "-addr", defaultServeAddr, "-open=false")
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errText, "cannot listen on 127.0.0.1:8808")
	// The help says where it listens.
	_, _, help := runCmd("serve", "-lang", "en", "-h")
	assert.Contains(t, help, "127.0.0.1:8808")
}

// TestServeTLS: with -tls-cert and -tls-key serve speaks HTTPS, its URL
// says so and the session cookie is Secure; one of the two alone is
// refused.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kder, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600))
	db := filepath.Join(dir, "work.db")

	code, _, errText := runCmd("serve", "-lang", "en", "-db", db, "-tls-cert", certFile, "-open=false")
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errText, "give -tls-cert and -tls-key together")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old := cmdCtx
	cmdCtx = ctx
	defer func() { cmdCtx = old }()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"serve", "-lang", "en", "-db", db, "-addr", "127.0.0.1:0", "-tls-cert", certFile, "-tls-key", keyFile, "-open=false"}, pw, &stderr)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	require.NoError(t, err, stderr.String())
	m := regexp.MustCompile(`the workbench is at (https://127\.0\.0\.1:\d+/) `).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	go io.Copy(io.Discard, br)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get(m[1])
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	secure := false
	for _, c := range resp.Cookies() {
		if strings.HasPrefix(c.Name, sessionCookie) {
			secure = c.Secure
		}
	}
	assert.True(t, secure, "the session cookie is Secure over HTTPS")
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, stderr.String())
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
