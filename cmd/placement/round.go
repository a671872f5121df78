package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
	"github.com/placement-engine/placement/round"
)

// The verb round runs a supplementary round (package round): the next
// round's cohort, the previous round's result and the students' responses
// are checked together (round.Prepare, every problem at once, located in
// its file), the round's mechanism places the students still in the
// market on the seats left, the result is checked (matching.Check with
// the round's guarantees, and round.Check on the file as it will be
// written: the chain of fingerprints) and written atomically as solve
// writes a result.

// roundFlags are the flags that say how students who do not answer stand
// and which lottery a round draws: round, check and explain share them.
type roundFlags struct {
	placed, unplaced, lottery *string
}

func addRoundFlags(fs *flag.FlagSet) *roundFlags {
	return &roundFlags{
		placed:   fs.String("no-answer-placed", "accept", "a student placed in the previous round who does not answer: accept (keeps the seat and leaves), hold (keeps it and waits for better) or decline"),
		unplaced: fs.String("no-answer-unplaced", "continue", "a student unplaced in the previous round who does not answer: continue (takes part with their list) or withdraw"),
		lottery:  fs.String("lottery", "reversed", "the round's tie-breaking lottery: reversed (the previous round's reversed, the default: strategy-proof and efficient), same or fresh"),
	}
}

// options parses the flags into round.Options.
func (f *roundFlags) options(msg *message.Printer) (round.Options, error) {
	var o round.Options
	var err error
	if o.Lottery, err = matching.ParseLotteryRule(*f.lottery); err != nil {
		return o, errorf(msg, "-lottery %s: want reversed, same or fresh", *f.lottery)
	}
	switch a, err := model.ParseAnswer(*f.placed); {
	case err == nil && (a == model.Accept || a == model.Hold || a == model.Decline):
		o.Placed = a
	default:
		return o, errorf(msg, "-no-answer-placed %s: want accept, hold or decline", *f.placed)
	}
	switch a, err := model.ParseAnswer(*f.unplaced); {
	case err == nil && (a == model.Continue || a == model.Withdraw):
		o.Unplaced = a
	default:
		return o, errorf(msg, "-no-answer-unplaced %s: want continue or withdraw", *f.unplaced)
	}
	return o, nil
}

func roundCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("round", stderr)
	cohortPath := fs.String("cohort", "", "the next round's cohort (seats added or withdrawn, new students): a JSON file, a folder of CSV files, or an .xlsx workbook")
	prevPath := fs.String("previous", "", previousHelp)
	respPath := fs.String("responses", "", responsesHelp)
	mechFlag := fs.String("mechanism", "student-da", "student-da (students first, stable with the guarantees), least-disruption (stable, moves the holders least) or optimal (most placed, least total rank, nobody who holds worse off)")
	objFlag := fs.String("objective", "rank-sum", "objective of -mechanism optimal: rank-sum, rank-maximal or generous")
	rfl := addRoundFlags(fs)
	out := fs.String("out", "", "the round's result: .json, .csv or .xlsx (an optimal result: .json or .xlsx)")
	cohortOut := fs.String("cohort-out", "", "also write the round's cohort (-cohort with the new lists of the students who continued): the cohort of the next round starts from it; .json or .xlsx")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg, tag := printerOf(fs), langOf(fs)
	if *cohortPath == "" || *prevPath == "" || *out == "" {
		return fail(errorf(msg, "-cohort, -previous and -out are required"))
	}
	mech, err := matching.ParseMechanism(*mechFlag)
	if err != nil || mech == matching.PositionDA {
		// A round's three only (position-da is the main round's).
		err = errorf(msg, "-mechanism %s is not a round's: want student-da, least-disruption or optimal", *mechFlag)
	}
	if err != nil {
		return fail(err)
	}
	obj, err := matching.ParseObjective(*objFlag)
	if err != nil {
		return fail(err)
	}
	opts, err := rfl.options(msg)
	if err != nil {
		return fail(err)
	}
	if err := checkResultName("out", *out, mech); err != nil {
		return fail(err)
	}
	if *cohortOut != "" {
		// One file, staged with the result: both or neither are written.
		if err := checkOutputName("cohort-out", *cohortOut, []string{".json", ".xlsx"}); err != nil {
			return fail(err)
		}
	}
	if err := checkFiles([]file{{flag: "out", path: *out}, {flag: "cohort-out", path: *cohortOut}},
		[]file{{flag: "cohort", path: *cohortPath}, {flag: "previous", path: *prevPath}, {flag: "responses", path: *respPath}}); err != nil {
		return fail(err)
	}
	ctx := cmdCtx
	start := time.Now()
	pr.Stagef("loading %s", *cohortPath)
	next, err := loadCohortIn(fs, pr, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	in, err := readRoundInputs(next, *prevPath, *respPath, pr)
	if rs := model.ReadableResponses(err); rs != nil && in != nil {
		// A responses file with problems of its own: the rows read well
		// are checked against the cohort and the previous result too,
		// and every problem is said at once.
		in.resp, in.respErr, err = rs, err, nil
	}
	if err != nil {
		return fail(err)
	}
	if in.resp != nil && len(in.resp.Warnings) > 0 && in.respErr == nil {
		// (With problems of its own, the file's warnings follow its
		// problems in the error: said once.)
		// Full-width IDs folded, columns ignored: said, then used.
		pr.Clear()
		ws := in.resp.Warnings
		fmt.Fprintf(stderr, "placement round: %s\n", msg.Sprintf("the responses have %d warnings (they are used as they are):", len(ws)))
		for _, l := range warningLines(tag, msg, ws, maxWarningLines) {
			fmt.Fprintf(stderr, "\t%s\n", l)
		}
	}
	if ws := round.Warnings(next, in.prev, in.resp); len(ws) > 0 {
		pr.Clear()
		for _, w := range ws {
			file := in.prevPath
			if w.Source == round.Responses {
				file = in.respPath
			}
			msg.Fprintf(stderr, "placement %s: warning: %s\n", "round", file+msg.Sprintf(": ")+w.Text(tag))
		}
	}
	load := time.Since(start)
	start = time.Now()
	pr.Stagef("preparing the round")
	c, rnd, err := round.Prepare(ctx, next, in.prev, in.resp, &opts)
	if in.respErr != nil {
		return fail(in.withReadErr(tag, msg, err, *cohortPath))
	}
	if err != nil {
		return fail(in.located(tag, err, *cohortPath))
	}
	compile, err := in.compileOptions()
	if err != nil {
		return fail(err)
	}
	pr.Stagef("solving (%s)", mech.String())
	answered := in.resp // who answered, for the outcomes
	if answered == nil {
		answered = &model.Responses{} // no responses: every student took the default
	}
	rr, err := round.Run(ctx, c, rnd, in.prev, &round.RunOptions{
		Mechanism: mech, Objective: obj, Compile: compile,
		Options:   &matching.Options{Progress: stableProgress(pr)},
		Responses: answered,
	})
	if err != nil {
		return fail(err)
	}
	solve := time.Since(start)
	start = time.Now()
	pr.Stagef("checking")
	res := rr.Matching()
	findings := resultFindings(ctx, tag, msg, res)
	if len(findings) == 0 {
		// The file as it will be written, read back and checked against
		// the previous result and the responses it names: the chain.
		if err := checkChain(ctx, next, res, in, &opts); errors.Is(err, context.Canceled) {
			return fail(err)
		} else if err != nil {
			findings = append(findings, localError(tag, msg, err).Error())
		}
	}
	check := time.Since(start)
	if len(findings) > 0 {
		pr.End()
		for _, f := range findings {
			fmt.Fprintln(stderr, f)
		}
		msg.Fprintf(stderr, "placement round: the result failed its check (%d findings); no file written\n", len(findings))
		return exitFindings
	}
	pr.Stagef("writing %s", *out)
	var files outputs // the result and the round's cohort: both or neither
	defer files.discard()
	err = files.add(*out, func(w io.Writer) error {
		if isExcel(*out) {
			return writeRoundExcel(w, rr, tag)
		}
		return writeResult(w, *out, res, &matching.WriteOptions{NoRefusals: true}, tag)
	})
	if err == nil && *cohortOut != "" {
		err = files.add(*cohortOut, func(w io.Writer) error {
			if isExcel(*cohortOut) {
				return xlsx.Write(w, c)
			}
			return model.WriteJSON(w, c)
		})
	}
	if err == nil {
		err = files.commit()
	}
	if err != nil {
		return fail(err)
	}
	pr.End()
	fmt.Fprintln(stdout, roundSummary(tag, msg, rr, mech, in.prev))
	if mech == matching.OptimalAllocation {
		// The minimum fills and floors the round leaves short: its
		// criterion "short of minimum fills and floors", proved the least
		// by the certificate checked above.
		shortfallLines(stdout, msg, res)
	}
	msg.Fprintf(stdout, "  (load %v, solve %v, check %v)\n", load.Round(time.Millisecond), solve.Round(time.Millisecond), check.Round(time.Millisecond))
	return exitOK
}

const (
	previousHelp  = "the previous round's result (as solve or round wrote it: .json, .csv or .xlsx)"
	responsesHelp = "the students' responses to the previous result: .json, .csv or .xlsx (none: every student takes the defaults of -no-answer-placed and -no-answer-unplaced)"
)

// roundInputs are a round's previous result and responses, with the files
// they were read from, for locating Prepare's problems.
type roundInputs struct {
	prev               *matching.ResultFile
	resp               *model.Responses
	prevPath, respPath string
	// respErr: the responses file's own problems (resp then holds the
	// rows read well; see model.ReadableResponses).
	respErr error
	// checking: the inputs of check, which writes nothing (Prepare's
	// problems are not headed "nothing written").
	checking bool
}

// withReadErr says the responses file's own problems and then Prepare's
// on the rows read well (err, nil when there were none): every problem
// at once, each after its file and line.
func (in *roundInputs) withReadErr(tag language.Tag, msg *message.Printer, err error, cohortPath string) error {
	text := localError(tag, msg, in.respErr).Error()
	var pe *round.ProblemsError
	if errors.As(err, &pe) {
		text += "\n" + msg.Sprintf("and on the rows read well, with the previous result and the next cohort (%d problems):", len(pe.Problems))
		for _, l := range in.problemLines(tag, pe, cohortPath) {
			text += "\n\t" + l
		}
	} else if err != nil && !errors.Is(err, context.Canceled) {
		text += "\n" + localError(tag, msg, err).Error()
	}
	return &localized{text: text, err: in.respErr}
}

// readRoundInputs reads the previous result against next and the
// responses (respPath "" means none).
func readRoundInputs(next *model.Cohort, prevPath, respPath string, pr *progress) (*roundInputs, error) {
	in := &roundInputs{prevPath: prevPath, respPath: respPath}
	var err error
	pr.Stagef("reading %s", prevPath)
	if in.prev, err = readPreviousAs(next, prevPath, "previous"); err != nil {
		return nil, err
	}
	if respPath != "" {
		pr.Stagef("reading %s", respPath)
		if in.resp, err = readResponses(respPath); err != nil {
			if other := notResponses(next, respPath); other != nil {
				return nil, other
			}
			return in, err
		}
	}
	return in, nil
}

// compileOptions are the previous round's lottery and seat order: a
// round draws from the same seed (reversed, the same or fresh from it).
func (in *roundInputs) compileOptions() (matching.CompileOptions, error) {
	var o matching.CompileOptions
	var err error
	if in.prev.TieBreak != "" {
		if o.TieBreak, err = matching.ParseTieBreak(in.prev.TieBreak); err != nil {
			return o, fmt.Errorf("%s: %w", in.prevPath, err)
		}
	}
	if in.prev.ReserveOrder != "" {
		if o.ReserveOrder, err = matching.ParseReserveOrder(in.prev.ReserveOrder); err != nil {
			return o, fmt.Errorf("%s: %w", in.prevPath, err)
		}
	}
	o.Seed = in.prev.Seed
	return o, nil
}

// located words Prepare's problems in tag, each after the file it is in;
// other errors are returned as they are.
func (in *roundInputs) located(tag language.Tag, err error, cohortPath string) error {
	var pe *round.ProblemsError
	if !errors.As(err, &pe) {
		return err
	}
	msg := lang.Printer(tag, cat)
	var b strings.Builder
	if in.checking {
		b.WriteString(msg.Sprintf("the previous result, the responses and the cohort do not fit together (%d problems):", len(pe.Problems)))
	} else {
		b.WriteString(msg.Sprintf("the previous result, the responses and the next cohort do not fit together (%d problems; nothing written):", len(pe.Problems)))
	}
	for _, l := range in.problemLines(tag, pe, cohortPath) {
		b.WriteString("\n\t" + l)
	}
	return &localized{text: b.String(), err: err}
}

// problemLines words Prepare's problems in tag, one a line, each after
// its place: "file:line" as the responses reader locates its own
// problems, else the file and the place in it. At most 20 are listed; the
// problems that follow from the leading one are counted beyond three.
func (in *roundInputs) problemLines(tag language.Tag, pe *round.ProblemsError, cohortPath string) []string {
	msg := lang.Printer(tag, cat)
	idx, follows, more := pe.Shown(20)
	var out []string
	for _, i := range idx {
		p := &pe.Problems[i]
		var n int
		switch {
		case p.Source == round.Responses && p.Line > 0 && p.Sheet == "":
			// As the reader locates its own problems: the file's name.
			out = append(out, filepath.Base(in.respPath)+":"+strconv.Itoa(p.Line)+msg.Sprintf(": ")+p.What(tag))
		case p.Source == round.Responses:
			out = append(out, in.respPath+msg.Sprintf(": ")+p.Text(tag))
		case p.Source == round.Previous && p.Row != "" && fmtLine(p.Row, &n):
			out = append(out, in.prevPath+":"+strconv.Itoa(n)+msg.Sprintf(": ")+p.What(tag))
		case p.Source == round.Previous:
			out = append(out, in.prevPath+msg.Sprintf(": ")+p.Text(tag))
		default:
			out = append(out, cohortPath+msg.Sprintf(": ")+p.Text(tag))
		}
	}
	if follows > 0 {
		out = append(out, msg.Sprintf("… and %d problems that follow from the first", follows))
	}
	if more > 0 {
		out = append(out, msg.Sprintf("… and %d more", more))
	}
	return out
}

// fmtLine reads a result row's place "line N" into n.
func fmtLine(row string, n *int) bool {
	_, err := fmt.Sscanf(row, "line %d", n)
	return err == nil && *n > 0
}

// checkChain writes res as JSON, reads it back against next as a round
// result and verifies it with round.Check against the previous result and
// the responses: what check -previous does with the file.
func checkChain(ctx context.Context, next *model.Cohort, res *matching.Result, in *roundInputs, opts *round.Options) error {
	var buf bytes.Buffer
	if err := matching.WriteResultJSON(&buf, res, &matching.WriteOptions{NoRefusals: true}); err != nil {
		return err
	}
	rf, err := matching.ReadResultJSONWith(&buf, next, &matching.ReadOptions{Previous: true})
	if err != nil {
		return err
	}
	findings, err := round.Check(ctx, next, rf, in.prev, in.resp, opts)
	if err != nil {
		return err
	}
	if len(findings) > 0 {
		return fmt.Errorf("round.Check: %d findings, the first: %v", len(findings), findings[0])
	}
	return nil
}

// readPrevious reads a result file (JSON, CSV or .xlsx by its name) as a
// previous round's result against the next round's cohort: students and
// positions the cohort no longer has are kept for round.Prepare to report.
func readPrevious(next *model.Cohort, path string) (*matching.ResultFile, error) {
	return readPreviousAs(next, path, "result")
}

// readPreviousAs is readPrevious for the file of flag ("previous" or
// "result"), which its refusal of a cohort or a responses file names.
func readPreviousAs(next *model.Cohort, path, flag string) (*matching.ResultFile, error) {
	if strings.HasSuffix(strings.ToLower(path), ".xls") {
		return nil, notXLS(path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, errorKey("%s is a folder: a result is one file, the one solve -out wrote (.json, .csv or .xlsx)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	prev := &matching.ReadOptions{Previous: true}
	var rf *matching.ResultFile
	switch {
	case strings.HasSuffix(strings.ToLower(path), ".csv"):
		rf, err = matching.ReadResultCSVWith(f, next, prev)
	case isExcel(path):
		rf, err = readResultExcelWith(f, filepath.Base(path), next, true)
		if err == nil {
			return rf, nil
		}
	default:
		rf, err = matching.ReadResultJSONWith(f, next, prev)
	}
	var ce *catalogueError
	switch {
	case (errors.Is(err, matching.ErrCohortFile) || errors.As(err, &ce) && ce.key == isCohortKey) && flag == "previous":
		return nil, errorKey("%s is a cohort (students and positions), not a result: give it as -cohort, and as -previous the result the previous round wrote", path)
	case errors.Is(err, matching.ErrCohortFile) || errors.As(err, &ce) && ce.key == isCohortKey:
		return nil, isCohort(path)
	case err != nil && flag == "previous" && isResponsesFile(path):
		return nil, errorKey("%s is a responses file (the students' answers), not a result: give it as -responses, and as -previous the result the previous round wrote", path)
	case err != nil && isResponsesFile(path):
		return nil, errorKey("%s is a responses file (the students' answers), not a result: give it as -responses, and as -result the result the round wrote", path)
	}
	if err != nil && ce != nil {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rf, nil
}

// notResponses is the refusal of a result or a cohort given as
// -responses (path did not read as responses), nil when path is neither:
// "it has no sheet 回复" would leave the planner to guess.
func notResponses(next *model.Cohort, path string) error {
	_, err := readPreviousAs(next, path, "result")
	var ce *catalogueError
	switch {
	case err == nil:
		return errorKey("%s is a result, not responses: give it as -previous, and as -responses the students' answers to it", path)
	case errors.As(err, &ce) && ce.key == isCohortKey:
		return errorKey("%s is a cohort (students and positions), not responses: give it as -cohort, and as -responses the students' answers to the previous result", path)
	}
	return nil
}

// isResponsesFile reports whether path reads as a responses file (given
// where a result belongs).
func isResponsesFile(path string) bool {
	_, err := readResponses(path)
	return err == nil || model.ReadableResponses(err) != nil && len(model.ReadableResponses(err).Responses) > 0
}

// readResponses reads a responses file: CSV or an .xlsx workbook (sheet
// "responses" or 回复) by its name, else JSON.
func readResponses(path string) (*model.Responses, error) {
	if strings.HasSuffix(strings.ToLower(path), ".xls") {
		return nil, notXLS(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readResponsesFrom(f, filepath.Base(path))
}

// readResponsesFrom reads a responses file from r, its format by name
// (.csv, .xlsx, .json; another name: by its content), name labelling it in
// problems: readResponses without the file system (the workbench reads
// uploads from its store).
func readResponsesFrom(r io.ReadSeeker, name string) (*model.Responses, error) {
	return readResponsesWith(r, name, nil)
}

// readResponsesWith is readResponsesFrom with the readers' options (the
// workbench bounds a workbook's unzipped size by its own limit).
func readResponsesWith(r io.ReadSeeker, name string, opts *model.Options) (*model.Responses, error) {
	if strings.HasSuffix(strings.ToLower(name), ".xls") {
		return nil, notXLS(name)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return model.ReadResponsesCSV(r, name)
	case ".xlsx", ".xlsm":
		return xlsx.ReadResponses(r, name, opts)
	case ".json":
		return model.ReadResponsesJSON(r, name)
	}
	// Another name (a CSV saved as .txt): the content decides. JSON
	// starts with "{" (after spaces and a byte order mark); a workbook is
	// a zip file ("PK").
	head := make([]byte, 512)
	n, _ := io.ReadFull(r, head)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("{")):
		return model.ReadResponsesJSON(r, name)
	case bytes.HasPrefix(head, []byte("PK")):
		return xlsx.ReadResponses(r, name, opts)
	}
	return model.ReadResponsesCSV(r, name)
}

// roundOf returns the round a result file states, rebuilt from its rows
// (each student's answer and previous seat) against c: the round's
// instance without the previous result and the responses (a continuing
// student's new list is then the one c has).
func roundFromRows(c *model.Cohort, rf *matching.ResultFile) (*matching.Round, error) {
	lottery, err := matching.ParseLotteryRule(rf.Round.Lottery)
	if err != nil {
		return nil, err
	}
	rnd := &matching.Round{Number: rf.Round.Number, Previous: rf.Round.Previous, Responses: rf.Round.Responses, Lottery: lottery,
		Standings: make([]matching.Standing, c.NumStudents())}
	for s := range rnd.Standings {
		rnd.Standings[s] = matching.Standing{Seat: -1}
	}
	if rf.Round.Placed != "" {
		// A file that records its defaults names each decliner's seat too:
		// a decliner without one declined in an earlier round.
		rnd.GaveBack = make([]string, c.NumStudents())
	}
	for _, row := range rf.Rows {
		s, ok := c.StudentIndex(row.Student)
		if !ok {
			continue
		}
		st := matching.Standing{Answer: row.Answer, Seat: -1, Joined: max(row.Joined, 1)}
		if p, ok := c.PositionIndex(row.PreviousPosition); ok && (row.Answer == model.Accept || row.Answer == model.Hold) {
			st.Seat = int32(p)
		}
		if row.Answer == model.Decline && row.PreviousPosition != "" {
			if rnd.GaveBack == nil {
				rnd.GaveBack = make([]string, c.NumStudents())
			}
			rnd.GaveBack[s] = row.PreviousPosition
		}
		rnd.Standings[s] = st
	}
	rnd.Placed, _ = model.ParseAnswer(rf.Round.Placed)
	rnd.Unplaced, _ = model.ParseAnswer(rf.Round.Unplaced)
	return rnd, nil
}

// openRoundResult reads the result of a round after the first against c
// (its cohort: the next round's, with which a continuing student's new
// list may differ) and rebuilds it as a matching.Result on the round's
// instance, its standings read from the file's rows (each student's
// answer and previous seat). A file that does not hold on that instance
// (a student's new list that c lacks) is refused with what to add.
func openRoundResult(c *model.Cohort, path string) (*matching.Result, *matching.ResultFile, error) {
	rf, err := readPrevious(c, path)
	if err != nil {
		return nil, nil, err
	}
	res, err := roundResultRead(cmdCtx, c, rf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, rf, nil
}

// roundResultRead rebuilds rf, a round's result read against c, on the
// round's instance (the round its rows state): its problems, if any, are
// the error. openRoundResult's for a file, the workbench's for a stored
// result; ctx bounds the compile.
func roundResultRead(ctx context.Context, c *model.Cohort, rf *matching.ResultFile) (*matching.Result, error) {
	if len(rf.Problems) > 0 {
		return nil, &matching.ResultProblemsError{Problems: rf.Problems}
	}
	return roundResultOf(ctx, c, rf, nil)
}

// roundInstance compiles c with the run rf names (tie-break, seed,
// reserve order) and the round rnd (from round.Prepare; nil: the round
// the file's rows state).
func roundInstance(ctx context.Context, c *model.Cohort, rf *matching.ResultFile, rnd *matching.Round) (*matching.Instance, error) {
	var err error
	if rnd == nil {
		if rnd, err = roundFromRows(c, rf); err != nil {
			return nil, err
		}
	}
	var o matching.CompileOptions
	if o.TieBreak, err = matching.ParseTieBreak(rf.TieBreak); err != nil {
		return nil, err
	}
	if o.ReserveOrder, err = matching.ParseReserveOrder(rf.ReserveOrder); err != nil {
		return nil, err
	}
	o.Seed, o.Round = rf.Seed, rnd
	return matching.Compile(ctx, c, &o)
}

// roundResultOf rebuilds the round result rf on c: with rnd (from
// round.Prepare) when not nil, else with the round its rows state; the
// placements must hold there (matching.Check, without the blocking pairs
// of an optimal allocation).
func roundResultOf(ctx context.Context, c *model.Cohort, rf *matching.ResultFile, rnd *matching.Round) (*matching.Result, error) {
	inst, err := roundInstance(ctx, c, rf, rnd)
	if err != nil {
		return nil, err
	}
	mech := matching.StudentDA
	if rf.Mechanism != "" {
		if mech, err = matching.ParseMechanism(rf.Mechanism); err != nil {
			return nil, err
		}
	}
	res, err := matching.NewResult(inst, mech, rf.Placements)
	if err != nil {
		return nil, errorKey("the round result does not hold on this cohort (%v): give -previous and -responses, the files the round was run with", err)
	}
	for _, f := range matching.Check(inst, rf.Placements) {
		if f.Kind == matching.BlockingPair && mech == matching.OptimalAllocation {
			continue
		}
		return nil, errorKey("the round result does not hold on this cohort (the first finding: %s): give -previous and -responses, the files the round was run with", f.String())
	}
	return res, nil
}

// openChained opens a result as openResult does, but a round's result
// with the files it was run with (prevPath, respPath; respPath "" when
// the round took none): the chain is verified (round.Check) and the
// round's cohort (with the continuing students' new lists) rebuilt by
// round.Prepare, so that every student's list is the one the round used.
// opts are the defaults the round was prepared with.
func openChained(c *model.Cohort, path, prevPath, respPath string, opts *round.Options) (*matching.Result, *matching.ResultFile, error) {
	if prevPath == "" {
		return openResult(c, path, csvResult{})
	}
	rf, err := readPrevious(c, path)
	if err != nil {
		return nil, nil, err
	}
	if rf.Round.Number < 2 {
		return nil, nil, errorKey("%s is the result of a main round: -previous is for the result of a round after it", path)
	}
	in, err := readRoundInputs(c, prevPath, respPath, &progress{})
	if err != nil {
		return nil, nil, err
	}
	if _, err := round.Check(cmdCtx, c, rf, in.prev, in.resp, opts); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	o, err := round.FileOptions(rf, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	rc, rnd, err := round.Prepare(cmdCtx, c, in.prev, in.resp, &o)
	if err != nil {
		return nil, nil, err
	}
	res, err := roundResultOf(cmdCtx, rc, rf, rnd)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, rf, nil
}
