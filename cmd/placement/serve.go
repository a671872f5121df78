package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/store"
)

// serveStdin is where -add-user reads the password (a test's reader).
var serveStdin io.Reader = os.Stdin

// defaultServeAddr is where serve listens without -addr: the same
// address every start, so that the planner's bookmarks keep working.
const defaultServeAddr = "127.0.0.1:8808"

// minPassword is the shortest password -add-user accepts, in characters.
const minPassword = 8

// serveCmd is "placement serve": the planner's workbench, a web server
// over one database file (package store), on this computer only unless
// -remote; or, with -add-user, -backup or -export, one task on the
// database and exit.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", defaultServeAddr, "address to listen on, HOST:PORT; by default the same address every day (bookmarks keep working), or a free port when another program holds it (port 0: always a free port); beyond this computer only with -remote")
	dbPath := fs.String("db", "placement.db", "the workplace's database file (created when missing)")
	remote := fs.Bool("remote", false, "listen beyond this computer: every page then asks for a user and password (add one with -add-user)")
	open := fs.Bool("open", true, "open the workbench in the browser")
	maxUpload := fs.Int64("max-upload", defaultMaxUpload, "largest upload accepted, in bytes")
	addUser := fs.String("add-user", "", "add user `NAME` (or change their password), the password read from stdin, and exit")
	backup := fs.String("backup", "", "write a consistent copy of the database to `FILE` (which must not exist) and exit")
	export := fs.Int64("export", 0, "write season `ID`'s files, runs and results into the folder -out (which must not exist) and exit")
	out := fs.String("out", "", "with -export: the folder to write")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with the certificate in `FILE` (PEM; give -tls-key too): for -remote, so that passwords do not cross the network in clear")
	tlsKey := fs.String("tls-key", "", "the private key of -tls-cert, `FILE` (PEM)")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	fail := failIn(fs, nil, stderr)
	msg := printerOf(fs)
	tasks := 0
	for _, set := range []bool{*addUser != "", *backup != "", *export != 0} {
		if set {
			tasks++
		}
	}
	switch {
	case tasks > 1:
		return fail(errorf(msg, "give one of -add-user, -backup and -export"))
	case *export != 0 && *out == "":
		return fail(errorf(msg, "-export needs -out, the folder to write"))
	case *export == 0 && *out != "":
		return fail(errorf(msg, "-out is for -export"))
	case *maxUpload <= 0:
		return fail(errorf(msg, "-max-upload must be a positive number of bytes"))
	case (*tlsCert == "") != (*tlsKey == ""):
		return fail(errorf(msg, "give -tls-cert and -tls-key together"))
	}
	var tlsConf *tls.Config
	if *tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		if err != nil {
			return fail(errorf(msg, "cannot read the certificate %s and key %s: %v", *tlsCert, *tlsKey, err))
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ctx := cmdCtx
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		if errors.Is(err, store.ErrNewerSchema) {
			return fail(errorf(msg, "%s was written by a newer version of placement: use that version", *dbPath))
		}
		return fail(errorf(msg, "cannot open the database %s: %v", *dbPath, err))
	}
	defer st.Close()
	switch {
	case *addUser != "":
		return addUserTask(ctx, st, *addUser, stdout, stderr, fail, msg)
	case *backup != "":
		if err := st.Backup(ctx, *backup); err != nil {
			return fail(errorf(msg, "cannot write the backup %s: %v", *backup, err))
		}
		msg.Fprintf(stdout, "backup of %s written to %s\n", *dbPath, *backup)
		return exitOK
	case *export != 0:
		if err := st.ExportSeason(ctx, *export, *out); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fail(errorf(msg, "there is no season %d in %s", *export, *dbPath))
			}
			return fail(errorf(msg, "cannot export season %d to %s: %v", *export, *out, err))
		}
		msg.Fprintf(stdout, "season %d written to %s\n", *export, *out)
		return exitOK
	}

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return fail(errorf(msg, "-addr %s: give HOST:PORT, such as 127.0.0.1:8080", *addr))
	}
	if !*remote && !loopbackHost(host) {
		return fail(errorf(msg, "-addr %s is reachable beyond this computer: give -remote too (every page then asks for a password)", *addr))
	}
	if *remote {
		has, err := st.HasUsers(ctx)
		if err != nil {
			return fail(err)
		}
		if !has {
			return fail(errorf(msg, "-remote needs a user to sign in: first run placement serve -db %s -add-user NAME", *dbPath))
		}
	}
	addrGiven := false
	fs.Visit(func(f *flag.Flag) { addrGiven = addrGiven || f.Name == "addr" })
	ln, err := net.Listen("tcp", *addr)
	if err != nil && !addrGiven {
		// The usual address is taken (another workbench, another
		// program): a free port today, and say so.
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err == nil {
			msg.Fprintf(stdout, "%s is in use by another program: the workbench is on another port today\n", *addr)
		}
	}
	if err != nil {
		return fail(errorf(msg, "cannot listen on %s: %v", *addr, err))
	}
	wb := newWorkbench(st, workbenchOptions{Remote: *remote, User: osUser(), MaxUpload: *maxUpload, CookieName: dbCookieName(*dbPath)})
	if tlsConf != nil {
		ln = tls.NewListener(ln, tlsConf)
	}
	if *remote && tlsConf == nil {
		// Plain HTTP: say what that means, where the planner reads it.
		msg.Fprintf(stderr, "placement serve: -remote serves plain HTTP: passwords and pages cross the network unencrypted; give -tls-cert and -tls-key, or use it on a trusted network only\n")
	}
	srv := &http.Server{Handler: wb, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	scheme := "http://"
	if tlsConf != nil {
		scheme = "https://"
	}
	url := scheme + ln.Addr().String() + "/"
	if h, port, err := net.SplitHostPort(ln.Addr().String()); err == nil && loopbackHost(h) {
		url = scheme + net.JoinHostPort("127.0.0.1", port) + "/"
		if strings.Contains(h, ":") {
			url = scheme + net.JoinHostPort(h, port) + "/"
		}
	}
	msg.Fprintf(stdout, "the workbench is at %s (Ctrl-C stops it)\n", url)
	if *open && !*remote {
		openBrowser(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		wb.close(context.Background())
		return fail(errorf(msg, "the server stopped: %v", err))
	case <-ctx.Done():
	}
	// Ctrl-C or SIGTERM: live runs are cancelled (and marked failed),
	// the open pages finish, then the database is closed.
	msg.Fprintf(stderr, "placement serve: stopping\n")
	wb.cancel()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	// The runs get their own time to record that they failed, before the
	// database closes under them.
	cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer ccancel()
	if err := wb.close(cctx); err != nil {
		msg.Fprintf(stderr, "placement serve: some runs did not stop in time: %v\n", err)
	}
	return exitOK
}

// dbCookieName is the session cookie's name for the database at path:
// two workbenches on one computer (two databases, two ports; cookies are
// not kept per port) keep their own sessions.
func dbCookieName(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sum := sha256.Sum256([]byte(abs))
	return sessionCookie + "_" + hex.EncodeToString(sum[:4])
}

// addUserTask adds a user, the password read from stdin: on a terminal
// asked twice without echo, else the first line.
func addUserTask(ctx context.Context, st *store.Store, name string, stdout, stderr io.Writer, fail func(error) int, msg *message.Printer) int {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t\r\n") || utf8.RuneCountInString(name) > 64 {
		return fail(errorf(msg, "-add-user %q: a user's name is one word of at most 64 characters", name))
	}
	var pass string
	if f, ok := serveStdin.(*os.File); ok && isTerminalFile(f) {
		p1, err := readPasswordNoEcho(f, stderr, msg.Sprintf("password for %s: ", name))
		if err != nil {
			return fail(err)
		}
		p2, err := readPasswordNoEcho(f, stderr, msg.Sprintf("the same password again: "))
		if err != nil {
			return fail(err)
		}
		if p1 != p2 {
			return fail(errorf(msg, "the two passwords differ: nothing changed"))
		}
		pass = p1
	} else {
		line, err := bufio.NewReader(serveStdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fail(err)
		}
		pass = strings.TrimRight(line, "\r\n")
	}
	if utf8.RuneCountInString(pass) < minPassword {
		return fail(errorf(msg, "the password must have at least %d characters: nothing changed", minPassword))
	}
	if err := st.SetPassword(ctx, name, pass); err != nil {
		if errors.Is(err, store.ErrBadPassword) {
			return fail(errorf(msg, "the password must have at most %d bytes: nothing changed", 72))
		}
		return fail(err)
	}
	msg.Fprintf(stdout, "user %s can sign in\n", name)
	return exitOK
}

// readPasswordNoEcho prompts on stderr and reads a line from the
// terminal f with its echo off.
func readPasswordNoEcho(f *os.File, stderr io.Writer, prompt string) (string, error) {
	fmt.Fprint(stderr, prompt)
	restore, err := echoOff(f)
	if err == nil {
		defer restore()
	}
	line, err := bufio.NewReader(f).ReadString('\n')
	fmt.Fprintln(stderr)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// isTerminalFile reports whether f is a terminal (a character device).
func isTerminalFile(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// osUser is the name of the user running the server: a local session's.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexAny(name, `\/`); i >= 0 { // DOMAIN\user
			name = name[i+1:]
		}
		return name
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "planner"
}

// openBrowser opens url in the desktop's browser where it can; it never
// fails the server (the URL is printed anyway).
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return
		}
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err == nil {
		go cmd.Wait()
	}
}
