package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
)

// The workbench's rounds without HTTP: responses read from an upload's
// bytes or typed into a form, a round run from the store's bytes (the
// previous round's result, the next cohort, the responses), a round's
// result rebuilt from what its run stored, and two rounds compared. The
// pages (web_rounds.go) call these; everything here is the command's glue
// (round.go, roundtext.go, reportround.go) fed from memory instead of
// paths.

// roundSettings are a round run's options as the form gives them and the
// run stores them (store.Run.Options): the mechanism and its objective,
// the lottery rule and the answers of the students who do not answer, in
// the command's words (round's -mechanism, -objective, -lottery,
// -no-answer-placed, -no-answer-unplaced).
type roundSettings struct {
	Mechanism string `json:"mechanism"`
	Objective string `json:"objective,omitempty"`
	Lottery   string `json:"lottery"`
	Placed    string `json:"no_answer_placed"`
	Unplaced  string `json:"no_answer_unplaced"`
	// Seed, TieBreak and ReserveOrder are not chosen: a round draws from
	// the previous round's (round.Check refuses others). They are kept
	// with the options, named as a main run's are, for the run's page.
	Seed         uint64 `json:"seed"`
	TieBreak     string `json:"tie_break,omitempty"`
	ReserveOrder string `json:"reserve_order,omitempty"`
	// Cohort is the cohort the planner chose: "previous" the previous
	// round's (with the new lists the responses give), "file" an
	// uploaded one (late seats, late students); "" in runs stored before
	// it was kept.
	Cohort string `json:"cohort,omitempty"`
}

// defaultRoundSettings are the command's defaults.
func defaultRoundSettings() roundSettings {
	return roundSettings{Mechanism: "student-da", Objective: "rank-sum", Lottery: "reversed", Placed: "accept", Unplaced: "continue"}
}

// parse reads the settings as the verb round reads its flags: the same
// refusals, worded by msg.
func (s roundSettings) parse(msg *message.Printer) (matching.Mechanism, matching.Objective, round.Options, error) {
	var o round.Options
	mech, err := matching.ParseMechanism(s.Mechanism)
	if err != nil || mech == matching.PositionDA {
		return 0, 0, o, errorf(msg, "-mechanism %s is not a round's: want student-da, least-disruption or optimal", s.Mechanism)
	}
	var obj matching.Objective
	if s.Objective != "" {
		if obj, err = matching.ParseObjective(s.Objective); err != nil {
			return 0, 0, o, err
		}
	}
	f := roundFlags{placed: &s.Placed, unplaced: &s.Unplaced, lottery: &s.Lottery}
	if o, err = f.options(msg); err != nil {
		return 0, 0, o, err
	}
	return mech, obj, o, nil
}

// roundProblem is one problem of an upload or of the files of a round
// together, as the pages list them: where (file, sheet, line or row,
// column, record) and what, in the page's language.
type roundProblem struct {
	File, Sheet string
	Line        int
	Column      string
	Record      string
	Problem     string
	Hint        string
}

// roundModelProblems lists the problems of a reader's *model.ValidationError
// (every one), each located as the reader located it; nil for another
// error.
func roundModelProblems(tag language.Tag, err error) []roundProblem {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	i := 0 // the language of core's bilingual rows
	if tag == lang.Chinese {
		i = 1
	}
	rows := make([]roundProblem, 0, len(ve.Problems))
	for _, p := range ve.Problems {
		// Split as the upload page splits a cohort's problems: place,
		// record, cause, hint.
		r := problemRowOf(p)
		rows = append(rows, roundProblem{File: r.File, Sheet: r.Sheet, Line: r.Row, Column: r.Column, Record: r.Record[i], Problem: r.Problem[i], Hint: r.Hint[i]})
	}
	return rows
}

// roundProblemRows lists Prepare's problems (every one, but those that
// follow from the leading one beyond three, counted in a last row), each
// in the file it is in: the responses (their name and line), the previous
// round's result (prevName, its line when the row says one) and the next
// cohort (cohortName).
func roundProblemRows(tag language.Tag, pe *round.ProblemsError, prevName, respName, cohortName string) []roundProblem {
	msg := lang.Printer(tag, cat)
	idx, follows, more := pe.Shown(len(pe.Problems))
	rows := make([]roundProblem, 0, len(idx)+1)
	for _, i := range idx {
		p := &pe.Problems[i]
		var n int
		switch {
		case p.Source == round.Responses && p.Line > 0:
			rows = append(rows, roundProblem{File: respName, Sheet: p.Sheet, Line: p.Line, Record: p.Student, Problem: p.What(tag)})
		case p.Source == round.Responses:
			rows = append(rows, roundProblem{File: respName, Record: p.Student, Problem: p.Text(tag)})
		case p.Source == round.Previous && p.Row != "" && fmtLine(p.Row, &n):
			rows = append(rows, roundProblem{File: prevName, Line: n, Record: p.Student, Problem: p.What(tag)})
		case p.Source == round.Previous:
			rows = append(rows, roundProblem{File: prevName, Record: p.Student, Problem: p.Text(tag)})
		default:
			rows = append(rows, roundProblem{File: cohortName, Record: p.ID, Problem: p.Text(tag)})
		}
	}
	if follows > 0 {
		rows = append(rows, roundProblem{Problem: msg.Sprintf("… and %d problems that follow from the first", follows)})
	}
	if more > 0 {
		rows = append(rows, roundProblem{Problem: msg.Sprintf("… and %d more", more)})
	}
	return rows
}

// roundPreviousJSON reads a run's stored result (JSON, as the workbench
// stores every result) against next as the previous round's result:
// students and positions next lacks are kept for round.Prepare to report.
func roundPreviousJSON(next *model.Cohort, data []byte) (*matching.ResultFile, error) {
	return matching.ReadResultJSONWith(bytes.NewReader(data), next, &matching.ReadOptions{Previous: true})
}

// roundResponsesCheck is what checking a responses file against the latest
// published round found: the file's own problems and, on the rows read
// well, those of the file with the round's result and cohort, every one;
// the warnings; and what the responses say (how many give each answer).
type roundResponsesCheck struct {
	Problems    []roundProblem
	Warnings    []string
	Fingerprint string
	// Answers counts the responses by answer (model.Answer's code word;
	// "" for no answer), NewLists those that give a new list.
	Answers  map[string]int
	Rows     int
	NewLists int
	// Students is how many students the round has (the next cohort's);
	// Unnamed: the file names no result (no column 上轮结果指纹).
	Students int
	Unnamed  bool
}

// checkRoundResponses reads a responses file (name and bytes as uploaded)
// and checks it against the previous round's result prev (its stored
// JSON, named prevName in problems) and the next cohort next (named
// cohortName): what the verb round says of it before running, every problem
// at once. The responses are nil when the file has problems. An error is
// returned only when prev cannot be read against next at all (then the
// round cannot run on next whatever the responses).
func checkRoundResponses(ctx context.Context, tag language.Tag, next *model.Cohort, cohortName string, prev []byte, prevName string, name string, data []byte, opts *model.Options) (*model.Responses, roundResponsesCheck, error) {
	var ck roundResponsesCheck
	rf, err := roundPreviousJSON(next, roundData0(prev))
	if err != nil {
		return nil, ck, err
	}
	rs, err := readResponsesWith(bytes.NewReader(data), name, opts)
	readErr := err
	if err != nil {
		ck.Problems = roundModelProblems(tag, err)
		if ck.Problems == nil {
			// Not a responses file at all (an .xls, a file that is not
			// text): one row.
			ck.Problems = []roundProblem{{File: name, Problem: localError(tag, lang.Printer(tag, cat), err).Error()}}
		}
		if rs = model.ReadableResponses(err); rs == nil {
			return nil, ck, nil
		}
	}
	ck.Rows = len(rs.Responses)
	ck.Answers = map[string]int{}
	for _, r := range rs.Responses {
		key := ""
		if r.Answer != model.NoAnswer {
			key = r.Answer.String()
		}
		ck.Answers[key]++
		if r.HasChoices {
			ck.NewLists++
		}
	}
	for _, w := range rs.Warnings {
		ck.Warnings = append(ck.Warnings, w.Text(tag))
	}
	ck.Students = next.NumStudents()
	for _, w := range round.Warnings(next, rf, rs) {
		if w.Kind == round.UnnamedResult {
			ck.Unnamed = true // worded by the page (roundCheckResponses)
			continue
		}
		file := prevName
		if w.Source == round.Responses {
			file = name
		}
		ck.Warnings = append(ck.Warnings, file+lang.Printer(tag, cat).Sprintf(": ")+w.Text(tag))
	}
	if _, _, err := round.Prepare(ctx, next, rf, rs, nil); err != nil {
		var pe *round.ProblemsError
		if !errors.As(err, &pe) {
			return nil, ck, err
		}
		ck.Problems = append(ck.Problems, roundProblemRows(tag, pe, prevName, name, cohortName)...)
	}
	if readErr != nil || len(ck.Problems) > 0 {
		return nil, ck, nil
	}
	ck.Fingerprint = rs.Fingerprint()
	return rs, ck, nil
}

// roundData0 is data, or an empty JSON object for none (a reader's error
// then says what is missing).
func roundData0(data []byte) []byte {
	if len(data) == 0 {
		return []byte("{}")
	}
	return data
}

// roundFormSeparator splits a line of the responses form: spaces (full-width
// too), tabs (cells pasted from Excel), commas and the list separators of
// a cohort's CSV (; ； ， 、).
func roundFormSeparator(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",;；，、", r)
}

// roundFormHeaders are the first cells of a header line pasted with the
// rows (the CSV format's student column, in both languages).
var roundFormHeaders = map[string]bool{"student": true, "学生": true, "学号": true, "学生id": true}

// roundFormCSV builds the responses file of what the planner typed
// into the form: text holds a line a student ("S0001 hold", "S0002 继续
// P3 P4": the student, the answer, then the new list), blank lines and a
// header line ("学生 回复 新志愿") ignored. The file is CSV in the
// responses format (headers in tag's language) naming result, the
// fingerprint of the result the responses answer; each line of text is
// the same line of the file after its header, so that the reader's
// problems, less one line (roundFormOffset), point at the form's lines.
// A line with the student alone leaves the answer blank: that student
// takes the round's default (model.NoAnswer), as a blank cell does.
func roundFormCSV(tag language.Tag, text, result string) []byte {
	head := []string{"student", "answer", "choices", "result"}
	if tag == lang.Chinese {
		head = []string{"学生", "回复", "新志愿", "上轮结果指纹"}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(head)
	first := true
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		f := strings.FieldsFunc(line, roundFormSeparator)
		if len(f) == 0 || i == 0 && roundFormHeaders[strings.ToLower(f[0])] {
			// A blank line keeps its place: the file's lines stay the
			// form's.
			w.Write([]string{"", "", "", ""})
			continue
		}
		rec := []string{f[0], "", "", ""}
		if len(f) > 1 {
			rec[1] = f[1]
		}
		if len(f) > 2 {
			rec[2] = strings.Join(f[2:], ";")
		}
		if first {
			rec[3] = result
			first = false
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// roundFormTidy reads the form's text before it becomes a file: each
// student and position ID the planner typed is matched with the cohort's
// as search matches them (case and full width aside: lower-case
// "s0000006" is S0000006), and a student typed twice is said at both of
// the form's lines (the second left out of the file, whose line numbers
// would count its header). students and positions map an ID folded
// (searchFold) to the cohort's. The text keeps its lines.
func roundFormTidy(msg *message.Printer, text string, students, positions map[string]string) (string, []roundProblem) {
	var out []string
	var probs []roundProblem
	first := map[string]int{} // student -> the form's line
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		f := strings.FieldsFunc(line, roundFormSeparator)
		if len(f) == 0 || i == 0 && roundFormHeaders[strings.ToLower(f[0])] {
			out = append(out, line)
			continue
		}
		if id, ok := students[searchFold(f[0])]; ok {
			f[0] = id
		}
		for j := 2; j < len(f); j++ {
			if id, ok := positions[searchFold(f[j])]; ok {
				f[j] = id
			}
		}
		if l, ok := first[f[0]]; ok {
			probs = append(probs,
				roundProblem{Line: l, Record: f[0], Problem: msg.Sprintf("the student is typed twice (also line %d)", i+1)},
				roundProblem{Line: i + 1, Record: f[0], Problem: msg.Sprintf("the student is typed twice (also line %d)", l)})
			out = append(out, "")
			continue
		}
		first[f[0]] = i + 1
		out = append(out, strings.Join(f, " "))
	}
	return strings.Join(out, "\n"), probs
}

// roundFormOffset is how many lines the form's file has before the form's
// first line (its header).
const roundFormOffset = 1

// roundFormLines joins the rows of the responses table (student, answer and
// new list a row; rows without a student skipped) into the form's text.
func roundFormLines(students, answers, choices []string) string {
	var b strings.Builder
	for i, s := range students {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		b.WriteString(s)
		if i < len(answers) && strings.TrimSpace(answers[i]) != "" {
			b.WriteString(" " + strings.TrimSpace(answers[i]))
		}
		if i < len(choices) && strings.TrimSpace(choices[i]) != "" {
			b.WriteString(" " + strings.TrimSpace(choices[i]))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// roundFormShift moves the lines of problems found in the form's file up by
// its header, so that they are the form's lines.
func roundFormShift(rows []roundProblem, name string) {
	for i := range rows {
		if rows[i].File == name && rows[i].Line > roundFormOffset {
			rows[i].Line -= roundFormOffset
		}
	}
}

// roundJob is a round to run from what the store holds.
type roundJob struct {
	// Next is the next round's cohort, CohortName its name in problems.
	Next       *model.Cohort
	CohortName string
	// Prev is the previous round's result (JSON as the run stored it),
	// PrevName its name in problems.
	Prev     []byte
	PrevName string
	// Resp are the responses (nil: nobody answered, every student takes
	// the defaults), RespName their file's name.
	Resp     *model.Responses
	RespName string
	Settings roundSettings
}

// roundDone is a round run: the result file (JSON), its fingerprint, the
// round's cohort (JSON: the next cohort with the new lists of the students
// who continued; the next round starts from it), what the round did, and
// the summary line of the verb round.
type roundDone struct {
	Result      []byte
	Fingerprint string
	Cohort      []byte
	Counts      roundCounts
	Round       *round.Result
	Summary     string
	Warnings    []string
	Mechanism   matching.Mechanism
	Objective   string
}

// runRound runs job as the verb round does: the previous result read
// against the next cohort, round.Prepare (every problem at once, located
// in the files as the pages name them), the mechanism, the checkers and
// the chain (the result as it will be stored, read back and checked
// against the previous result and the responses). stage says what it is
// doing (nil: nothing). Errors are worded in tag.
func runRound(ctx context.Context, tag language.Tag, job *roundJob, stage func(string)) (*roundDone, error) {
	msg := lang.Printer(tag, cat)
	if stage == nil {
		stage = func(string) {}
	}
	mech, obj, opts, err := job.Settings.parse(msg)
	if err != nil {
		return nil, err
	}
	stage(msg.Sprintf("reading %s", job.PrevName))
	prev, err := roundPreviousJSON(job.Next, roundData0(job.Prev))
	if err != nil {
		return nil, localError(tag, msg, fmt.Errorf("%s: %w", job.PrevName, err))
	}
	done := &roundDone{Mechanism: mech}
	for _, w := range round.Warnings(job.Next, prev, job.Resp) {
		file := job.PrevName
		if w.Source == round.Responses {
			file = job.RespName
		}
		done.Warnings = append(done.Warnings, file+msg.Sprintf(": ")+w.Text(tag))
	}
	stage(msg.Sprintf("preparing the round"))
	in := &roundInputs{prev: prev, resp: job.Resp, prevPath: job.PrevName, respPath: job.RespName}
	c, rnd, err := round.Prepare(ctx, job.Next, prev, job.Resp, &opts)
	if err != nil {
		return nil, in.located(tag, err, job.CohortName)
	}
	compile, err := in.compileOptions()
	if err != nil {
		return nil, err
	}
	stage(msg.Sprintf("solving (%s)", mech.String()))
	answered := job.Resp
	if answered == nil {
		answered = &model.Responses{}
	}
	rr, err := round.Run(ctx, c, rnd, prev, &round.RunOptions{
		Mechanism: mech, Objective: obj, Compile: compile, Responses: answered,
	})
	if err != nil {
		return nil, in.located(tag, err, job.CohortName)
	}
	stage(msg.Sprintf("checking"))
	res := rr.Matching()
	findings := resultFindings(ctx, tag, msg, res)
	if len(findings) == 0 {
		if err := checkChain(ctx, job.Next, res, in, &opts); errors.Is(err, context.Canceled) {
			return nil, err
		} else if err != nil {
			findings = append(findings, localError(tag, msg, err).Error())
		}
	}
	if len(findings) > 0 {
		return nil, &findingsError{findings: findings}
	}
	var buf bytes.Buffer
	if err := matching.WriteResultJSON(&buf, res, &matching.WriteOptions{NoRefusals: true}); err != nil {
		return nil, err
	}
	var cb bytes.Buffer
	if err := model.WriteJSON(&cb, c); err != nil {
		return nil, err
	}
	done.Result, done.Fingerprint, done.Cohort = buf.Bytes(), res.Fingerprint(), cb.Bytes()
	done.Round, done.Counts = rr, countRound(rr)
	done.Summary = roundSummary(tag, msg, rr, mech, prev)
	if o, ok := res.Optimum(); ok {
		done.Objective = o.Objective.String()
	}
	return done, nil
}

// roundCohortName is the name of a round's cohort blob and download.
const roundCohortName = "cohort.json"

// roundCountsName is the blob of a round run holding its roundCounts.
const roundCountsName = "round.json"

// roundBlobs are the blobs a round run stores beside its result: its
// cohort (the next round starts from it; downloads) and its counts (the
// rounds page).
func (d *roundDone) blobs() (map[string][]byte, error) {
	counts, err := json.Marshal(d.Counts)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{roundCohortName: d.Cohort, roundCountsName: counts}, nil
}

// loadRoundCohort reads a round's cohort blob (model.WriteJSON's).
func loadRoundCohort(data []byte) (*model.Cohort, error) {
	return model.ReadJSON(bytes.NewReader(data), roundCohortName, nil)
}

// roundResultFrom rebuilds a round run's result from what it stored: its
// result file (JSON) on its cohort (the blob cohort.json, loaded into c),
// as openRoundResult does for a file (roundResultRead); ctx bounds it.
func roundResultFrom(ctx context.Context, c *model.Cohort, result []byte) (*matching.Result, *matching.ResultFile, error) {
	rf, err := roundPreviousJSON(c, roundData0(result))
	if err != nil {
		return nil, nil, err
	}
	res, err := roundResultRead(ctx, c, rf)
	if err != nil {
		return nil, nil, err
	}
	return res, rf, nil
}

// roundEarlierOn rebuilds an earlier round's result (its stored JSON) on c, a
// later round's cohort, for comparing, as openEarlier does for a file
// (earlierOf).
func roundEarlierOn(ctx context.Context, c *model.Cohort, data []byte) (*matching.Result, error) {
	rf, err := roundPreviousJSON(c, roundData0(data))
	if err != nil {
		return nil, err
	}
	return earlierOf(ctx, c, rf)
}

// roundLater is a round's result with what it did for each student:
// round.NewResultWith of its rebuilt result, given the previous round's
// result (its stored JSON, read against the round's cohort; nil: not at
// hand) and the responses the round took (nil: none or not at hand).
func roundLater(res *matching.Result, prev []byte, resp *model.Responses) (*round.Result, error) {
	var pf *matching.ResultFile
	if prev != nil {
		var err error
		if pf, err = roundPreviousJSON(res.Instance().Cohort(), prev); err != nil {
			return nil, err
		}
	}
	return round.NewResultWith(res, pf, resp)
}

// roundMovedRow is a student whose place differs between two rounds.
type roundMovedRow struct {
	Student, Name string
	From, To      string // position IDs, "" unplaced
	FromName      string
	ToName        string
	// Outcome is what the later round did for the student, worded (only
	// between adjacent rounds; "" otherwise), Kind its code word (the
	// page's filter).
	Outcome, Kind string
	// Link is the student's page in the later round's run.
	Link string
	// Who is the student's ID and name, for a sentence.
	Who string
}

// roundChainRow is a cascade of seats a decline started.
type roundChainRow struct {
	Decliner, Name, Who string
	Seat                string // the seat given back
	Moves               []roundMovedRow
}

// roundsCompared is round.Comparison in the pages' terms: IDs and names.
type roundsCompared struct {
	Rounds           [2]int
	Adjacent         bool
	Placed, Unplaced [2]int
	Moved            []roundMovedRow
	Chains           []roundChainRow
}

// compareRounds compares the later round rr with earlier, the result of
// round n of its chain on rr's cohort (round.Compare when n is the round
// just before, else round.CompareEarlier); msg words the outcomes.
func compareRounds(msg *message.Printer, earlier *matching.Result, n int, rr *round.Result) roundsCompared {
	cmp := round.CompareEarlier(earlier, n, rr)
	c := rr.Matching().Instance().Cohort()
	pos := func(p int) (string, string) {
		if p < 0 || p >= len(c.Positions()) {
			return "", ""
		}
		return c.Positions()[p].ID, c.Positions()[p].Name
	}
	move := func(m round.Move) roundMovedRow {
		st := c.Students()[m.Student]
		r := roundMovedRow{Student: st.ID, Name: st.Name, Who: strings.TrimSpace(st.ID + " " + st.Name)}
		r.From, r.FromName = pos(m.From)
		r.To, r.ToName = pos(m.To)
		if cmp.Adjacent {
			k := rr.Outcome(m.Student).Kind
			r.Outcome, r.Kind = outcomeText(msg, k), k.String()
		}
		return r
	}
	out := roundsCompared{Rounds: cmp.Rounds, Adjacent: cmp.Adjacent, Placed: cmp.Placed, Unplaced: cmp.Unplaced}
	for _, m := range cmp.Moved {
		out.Moved = append(out.Moved, move(m))
	}
	for _, ch := range cmp.Chains {
		st := c.Students()[ch.Decliner]
		row := roundChainRow{Decliner: st.ID, Name: st.Name, Who: strings.TrimSpace(st.ID + " " + st.Name)}
		if o := rr.Outcome(ch.Decliner); o.Previous >= 0 {
			row.Seat, _ = pos(o.Previous)
		}
		for _, m := range ch.Moves {
			row.Moves = append(row.Moves, move(m))
		}
		out.Chains = append(out.Chains, row)
	}
	return out
}
