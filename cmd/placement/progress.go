package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/message"

	"github.com/placement-engine/placement/matching"
)

// progress shows on a terminal what a long run is doing: the stage
// (loading, compiling, solving, ...), a detail the stage reports (proposals
// made, phases done), and the time since the start, redrawn in place on one
// line a few times a second. It writes nothing when its writer is not a
// terminal (a pipe, a file, a test's buffer), so piped output stays clean.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time

	msg *message.Printer // the language of the stages; nil: English

	mu     sync.Mutex
	stage  string
	detail string
	drawn  bool
	ended  bool
	stop   chan struct{}
	done   chan struct{}
}

// isTerminal reports whether w is a character device (a terminal), and
// TERM does not ask for a dumb one.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// newProgress returns a progress line on w, drawn only when w is a
// terminal. Call end when the run is over, before printing anything else
// to w.
func newProgress(w io.Writer) *progress {
	return startProgress(w, isTerminal(w), 200*time.Millisecond)
}

func startProgress(w io.Writer, on bool, every time.Duration) *progress {
	p := &progress{w: w, on: on, start: time.Now()}
	if !on {
		return p
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// draw redraws the line; p.mu is held.
func (p *progress) draw() {
	if p.stage == "" || p.ended {
		return
	}
	line := fmt.Sprintf("[%5.1fs] %s", time.Since(p.start).Seconds(), p.stage)
	if p.detail != "" {
		line += ": " + p.detail
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

// In sets the language of the stages and details (a printer of the
// command's catalogue) and returns p.
func (p *progress) In(msg *message.Printer) *progress {
	p.msg = msg
	return p
}

// Stagef starts a stage named by an English format of the catalogue, in
// p's language.
func (p *progress) Stagef(format string, args ...any) {
	if !p.on {
		return
	}
	if p.msg != nil {
		p.Stage(p.msg.Sprintf(format, args...))
		return
	}
	p.Stage(fmt.Sprintf(format, args...))
}

// Stage starts a stage and draws it at once.
func (p *progress) Stage(name string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.detail = name, ""
	p.draw()
}

// Detail sets what the current stage reports; the next tick draws it. It
// may be called from any goroutine, as often as the work likes.
func (p *progress) Detail(format string, args ...any) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.msg != nil {
		p.detail = p.msg.Sprintf(format, args...)
		return
	}
	p.detail = fmt.Sprintf(format, args...)
}

// Clear clears the line, so that a message can be printed; the next tick
// draws it again. A nil progress has no line.
func (p *progress) Clear() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// End stops the redrawing and clears the line; later calls draw nothing.
func (p *progress) End() {
	if !p.on || p.stop == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.stop = nil
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.ended = true
}

// stableProgress shows a stable mechanism's proposals and proposers done.
func stableProgress(pr *progress) func(matching.Progress) {
	if !pr.on {
		return nil
	}
	return func(g matching.Progress) {
		pr.Detail("%d proposals, %d of %d proposers through their first round", g.Proposals, g.Done, g.Total)
	}
}

// optimalProgress shows the optimal allocation's phases.
func optimalProgress(pr *progress) func(matching.OptimalProgress) {
	if !pr.on {
		return nil
	}
	return func(g matching.OptimalProgress) {
		pr.Detail("phase %d done (%s), %d criteria left", g.Phase, strings.Join(g.Criteria, ", "), g.Left)
	}
}
