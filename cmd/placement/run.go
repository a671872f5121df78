package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitNoFlow   = 3 // flow: the network is infeasible or unbounded; solve: no allocation meets every quota

	exitInterrupted = 130 // Ctrl-C or SIGTERM: stopped, nothing written
)

// synopses are the verbs with the synopsis of their flags (but -lang,
// which every verb takes), in the order the usage lists them: a verb's -h
// and the command's usage both print them from here (TestSynopses checks
// them against the flags).
var synopses = []struct{ verb, synopsis string }{
	{"demo", "[-out DIR] [-scale F] [-seed N] [-font FILE]"},
	{"gen", "[-preset group|uniform] [-scale F | -students N] [-seed N] -out FILE.json|FILE.xlsx|DIR | -responses -cohort FILE -previous FILE [-decline F] [-hold F] [-continue F] [-new-lists=false] [-round-previous FILE -round-responses FILE] [-seed N] -out FILE.json|FILE.csv|FILE.xlsx"},
	{"solve", "-cohort FILE -mechanism student-da|position-da|optimal [-objective rank-sum|rank-maximal|generous] [-compare] [-seed N] [-tie-break single|multiple] [-reserve-order reserved-first|open-first] [-refusals] -out FILE"},
	{"round", "-cohort FILE -previous FILE [-responses FILE] [-mechanism student-da|least-disruption|optimal] [-objective NAME] [-lottery reversed|same|fresh] [-no-answer-placed accept|hold|decline] [-no-answer-unplaced continue|withdraw] -out FILE [-cohort-out FILE]"},
	{"check", "-cohort FILE -result FILE [-previous FILE [-responses FILE] [-no-answer-placed A] [-no-answer-unplaced A]] [-list N] [-seed N -tie-break single|multiple -reserve-order reserved-first|open-first -mechanism NAME] [-objective NAME]"},
	{"report", "-cohort FILE -result FILE [-result2 FILE] [-html FILE] [-charts DIR [-chart-format png|svg]] [-font FILE] [-seed N -tie-break single|multiple -reserve-order reserved-first|open-first -mechanism NAME -objective NAME -mechanism2 NAME -objective2 NAME] [-chains N]"},
	{"explain", "-cohort FILE (-result FILE | -mechanism student-da|position-da|optimal [-objective NAME] [-seed N] [-tie-break single|multiple] [-reserve-order reserved-first|open-first]) (-student ID | -position ID) [-limit N] [-previous FILE [-responses FILE]]"},
	{"whatif", "-cohort FILE -changes FILE [-mechanism student-da|position-da|optimal] [-objective NAME] [-seed N] [-tie-break single|multiple] [-reserve-order reserved-first|open-first] [-out FILE] [-diff FILE] [-changed-cohort FILE] [-list N]"},
	{"export-flow", "-cohort FILE [-objective rank-sum|rank-maximal|generous] -out FILE.min"},
	{"flow", "[-flows] FILE.min"},
	{"serve", "[-addr HOST:PORT] [-db FILE] [-remote [-tls-cert FILE -tls-key FILE]] [-open=false] [-max-upload BYTES] | -db FILE -add-user NAME | -db FILE -backup FILE | -db FILE -export SEASON_ID -out DIR"},
}

// synopsis returns verb's synopsis.
func synopsis(verb string) string {
	for _, s := range synopses {
		if s.verb == verb {
			return s.synopsis
		}
	}
	panic("placement: no synopsis of verb " + verb) // a programmer's error
}

// usageNotes follow the synopses in the command's usage (a key of the
// catalogue: its Chinese is translated whole).
const usageNotes = `
Run "placement VERB -h" for a verb's flags. A cohort is a JSON file, a
folder of CSV files or an .xlsx workbook; results are written as JSON, CSV
or .xlsx by the name's extension.

Every verb takes -lang zh|en: the language of its messages (简体中文 or
English); by default the environment's (LC_ALL, LC_MESSAGES, LANG, or
Windows' display language), else English.

Exit codes: 0 success; 1 check found problems (or a verb's own check of a
result failed); 2 usage or input error (bad flags, a file that does not
read or validate, an unknown student or position, quotas the optimal
allocation cannot express); 3 flow: the network is infeasible or
unbounded; solve, round, explain and whatif with -mechanism optimal:
no allocation meets every quota (the diagnosis is printed).
`

// usage is the command's usage in msg's language: the synopses, the same
// in both languages, the notes, then the mechanisms and objectives by
// their flag values, named as package words names them.
func usage(msg *message.Printer) string {
	var b strings.Builder
	b.WriteString(msg.Sprintf("usage:"))
	b.WriteByte('\n')
	for _, s := range synopses {
		fmt.Fprintf(&b, "  placement %s %s\n", s.verb, s.synopsis)
	}
	b.WriteString(msg.Sprintf(usageNotes))
	b.WriteString(msg.Sprintf("\nMechanisms (-mechanism):\n"))
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA, matching.OptimalAllocation} {
		fmt.Fprintf(&b, "  %-13s %s\n", m, planner(msg, words.Mechanism(lang.English, m.String())))
	}
	b.WriteString(msg.Sprintf("Objectives of an optimal allocation (-objective):\n"))
	for _, o := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		fmt.Fprintf(&b, "  %-13s %s\n", o, planner(msg, words.Objective(lang.English, o.String())))
	}
	return b.String()
}

// cmdCtx is the context of every verb's work: main sets it to one that an
// interrupt (Ctrl-C) or SIGTERM cancels, so that a long run stops, removes
// what it had staged, and writes nothing.
var cmdCtx = context.Background()

// run is the whole command, with its arguments (without the program name)
// and its output streams; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	// -lang may come before the verb too: it is then the verb's.
	l := langFlag{tag: lang.FromEnv()}
	if len(args) > 0 {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if strings.HasPrefix(args[0], "-") && name == "lang" {
			if !hasVal && len(args) > 1 {
				val, args = args[1], args[1:]
			}
			if err := l.Set(val); err != nil {
				fmt.Fprintf(stderr, "placement: -lang: %v\n", err)
				return exitUsage
			}
			args = args[1:]
			if len(args) > 0 && !strings.HasPrefix(args[0], "-") && args[0] != "help" {
				args = append([]string{args[0], "-lang", val}, args[1:]...)
			}
		}
	}
	msg := lang.Printer(l.tag, cat)
	if len(args) == 0 {
		fmt.Fprint(stderr, usage(msg))
		return exitUsage
	}
	switch args[0] {
	case "solve":
		return solve(args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "flow":
		return flowCmd(args[1:], stdout, stderr)
	case "export-flow":
		return exportFlow(args[1:], stdout, stderr)
	case "demo":
		return demo(args[1:], stdout, stderr)
	case "explain":
		return explain(args[1:], stdout, stderr)
	case "whatif":
		return whatifCmd(args[1:], stdout, stderr)
	case "report":
		return reportCmd(args[1:], stdout, stderr)
	case "gen":
		return gen(args[1:], stdout, stderr)
	case "round":
		return roundCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		return versionCmd(stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage(msg))
		return exitOK
	}
	msg.Fprintf(stderr, "placement: unknown verb %q\n", args[0])
	fmt.Fprint(stderr, usage(msg))
	return exitUsage
}

// verbExits says, for each verb, the exit codes it can return.
var verbExits = map[string]string{
	"demo":        "0 success; 1 a result failed its own check (nothing written); 2 usage error or a file that cannot be written",
	"gen":         "0 success; 2 usage error or a file that cannot be written",
	"solve":       "0 success; 1 the result failed its own check (nothing written); 2 usage or input error; 3 (-mechanism optimal) no allocation meets every quota",
	"round":       "0 success; 1 the result failed its own check (nothing written); 2 usage or input error; 3 (-mechanism optimal) no allocation meets every quota",
	"check":       "0 no findings; 1 findings; 2 usage or input error",
	"report":      "0 success; 2 usage or input error",
	"explain":     "0 success; 2 usage or input error; 3 (-mechanism optimal, without -result) no allocation meets every quota",
	"whatif":      "0 success; 1 a result failed its own check (nothing written); 2 usage or input error; 3 (-mechanism optimal) no allocation meets every quota",
	"export-flow": "0 success; 2 usage or input error",
	"flow":        "0 success; 1 the solution or diagnosis failed its own check; 2 usage error or a DIMACS file that does not parse; 3 the network is infeasible or unbounded",
	"serve":       "0 stopped by Ctrl-C or SIGTERM, or -add-user, -backup or -export done; 2 usage error, a database that cannot be opened, an address that cannot be listened on, or -remote without a user",
}

// newFlags returns a flag set that prints its usage, with the exit codes,
// to stderr.
//
// Every verb takes -lang zh|en (by default the environment's language):
// the usage, the flags' help and the verb's messages are in that language.
func newFlags(verb string, stderr io.Writer) *flag.FlagSet {
	synopsis := synopsis(verb)
	fs := flag.NewFlagSet(verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		msg := printerOf(fs)
		translateUsage(fs, msg)
		msg.Fprintf(stderr, "usage: placement %s %s [-lang zh|en]\n\n", verb, synopsis)
		fs.PrintDefaults()
		msg.Fprintf(stderr, "\nExit codes: %s.\n", msg.Sprintf(verbExits[verb]))
	}
	return fs
}

// parse parses the flags; it returns the exit code to stop with, or -1 to go
// on.
//
// It defines -lang, which refuses a language the command does not speak.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	ensureLang(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		printerOf(fs).Fprintf(stderr, "placement %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage
	}
	return -1
}

func solve(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("solve", stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	rf := addRunFlags(fs, "rank-sum")
	compare := fs.Bool("compare", false, "with -mechanism optimal: also run student-da and print the price of stability")
	out := fs.String("out", "", "result file: .json, .csv or .xlsx (an optimal result: .json or .xlsx, which carry its certificate)")
	refusals := fs.Bool("refusals", true, "a JSON result lists why each choice above a student's placement refused them: most of the file (about 2 kB a student); explain derives it from the placements at any time")
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg := printerOf(fs)
	if *cohortPath == "" || *out == "" {
		return fail(errorf(msg, "-cohort and -out are required"))
	}
	rs, err := rf.spec()
	if err != nil {
		return fail(err)
	}
	if err := checkResultName("out", *out, rs.mech); err != nil {
		return fail(err)
	}
	if err := checkFiles([]file{{flag: "out", path: *out}}, []file{{flag: "cohort", path: *cohortPath}}); err != nil {
		return fail(err)
	}
	ctx := cmdCtx
	var t matching.Timings
	start := time.Now()
	pr.Stagef("loading %s", *cohortPath)
	c, err := loadCohortIn(fs, pr, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	t.Load = time.Since(start)
	start = time.Now()
	pr.Stagef("compiling")
	inst, err := matching.Compile(ctx, c, &rs.compile)
	if err != nil {
		return fail(err)
	}
	t.Compile = time.Since(start)
	start = time.Now()
	res, err := rs.solveInstance(ctx, inst, pr)
	if err != nil {
		return fail(err)
	}
	t.Solve = time.Since(start)
	start = time.Now()
	pr.Stagef("checking")
	findings := resultFindings(ctx, langOf(fs), msg, res)
	t.Check = time.Since(start)
	if len(findings) > 0 {
		pr.End()
		for _, f := range findings {
			fmt.Fprintln(stderr, f)
		}
		msg.Fprintf(stderr, "placement solve: the result failed its check (%d findings); no file written\n", len(findings))
		return exitFindings
	}
	pr.Stagef("writing %s", *out)
	err = writeAtomic(*out, func(w io.Writer) error {
		return writeResult(w, *out, res, &matching.WriteOptions{Timings: &t, NoRefusals: !*refusals}, langOf(fs))
	})
	if err != nil {
		return fail(err)
	}
	pr.End()
	name := mechanismText(msg, rs.mech)
	objective := ""
	if o, ok := res.Optimum(); ok {
		name = runText(msg, rs.mech, o.Objective.String())
		objective = msg.Sprintf("; objective value: %s", valuesIn(msg, o.Values))
	}
	msg.Fprintf(stdout, "%s: %d of %d students placed, total rank %d%s (load %v, compile %v, solve %v, check %v)\n",
		name, res.Placed(), inst.Students(), res.TotalRank(), objective,
		t.Load.Round(time.Millisecond), t.Compile.Round(time.Millisecond),
		t.Solve.Round(time.Millisecond), t.Check.Round(time.Millisecond))
	printPolicies(stdout, msg, res)
	if *compare && rs.mech == matching.OptimalAllocation {
		stable, err := matching.StudentProposing(ctx, inst, nil)
		if err != nil {
			return fail(err)
		}
		cmp, err := matching.Compare(res, stable)
		if err != nil {
			return fail(err)
		}
		writeComparison(stdout, msg, cmp)
	}
	return exitOK
}

// writeComparison prints the price of stability: the optimal allocation
// against the stable one (matching.Comparison), in msg's language.
func writeComparison(w io.Writer, msg *message.Printer, c *matching.Comparison) {
	msg.Fprintf(w, "price of stability (optimal vs stable):\n")
	msg.Fprintf(w, "  placed       %d vs %d\n", c.Placed[0], c.Placed[1])
	msg.Fprintf(w, "  total rank   %d vs %d\n", c.TotalRank[0], c.TotalRank[1])
	msg.Fprintf(w, "  by rank      %s vs %s\n", fmt.Sprint(c.ByRank[0]), fmt.Sprint(c.ByRank[1]))
	msg.Fprintf(w, "  students     %d better off, %d worse off, %d the same\n", c.Better, c.Worse, c.Same)
	msg.Fprintf(w, "  not stable   %d pairs who would both rather be together, %d students in them\n", len(c.BlockingPairs), c.StudentsInBlockingPairs)
}

// printPolicies prints, after the summary line, the special posts by county
// and the use of each cap, when the cohort has any.
func printPolicies(w io.Writer, msg *message.Printer, res *matching.Result) {
	c := res.Instance().Cohort()
	for _, row := range res.SpecialPostsByCounty() {
		r := &c.Regions()[row.Region]
		msg.Fprintf(w, "  special posts in %s: %d of %d seats filled; its special-post students: %d of %d placed\n",
			nameID(r.ID, r.Name), row.Filled, row.Posts, row.Placed, row.Students)
	}
	// Regional caps one a line; enterprise caps counted, the full ones
	// named (at most maxFull of them: a large cohort has hundreds).
	const maxFull = 10
	var full []string
	ents := 0
	for _, u := range res.Caps() {
		if u.Enterprise < 0 {
			r := &c.Regions()[u.Region]
			msg.Fprintf(w, "  cap of region %s: %d of %d placed\n", nameID(r.ID, r.Name), u.Placed, u.Cap)
			continue
		}
		ents++
		if u.Placed == u.Cap {
			full = append(full, fmt.Sprintf("%s (%d)", c.Enterprises()[u.Enterprise].ID, u.Cap))
		}
	}
	if ents == 0 {
		return
	}
	line := msg.Sprintf("  enterprise caps: %d of %d full", len(full), ents)
	if len(full) > maxFull {
		full = append(full[:maxFull], msg.Sprintf("and %d more", len(full)-maxFull))
	}
	if len(full) > 0 {
		line += msg.Sprintf(": %s", strings.Join(full, msg.Sprintf(", ")))
	}
	fmt.Fprintln(w, line)
}

// optimalFindings checks an optimal allocation and returns every problem,
// one a line: Check's findings but its blocking pairs, slot-priority and
// round-robin violations (an optimum honours quotas, not priorities or
// targets), every quota
// violation, stated values that differ from those the allocation reaches
// (when values is not nil), and a certificate that does not prove it
// optimal (when cert is not nil). It also returns the number of blocking
// pairs, for information.
func optimalFindings(ctx context.Context, inst *matching.Instance, pl []matching.Placement,
	obj matching.Objective, values []matching.CriterionValue, cert *matching.Certificate) (problems []string, blocking int) {
	return optimalFindingsIn(ctx, lang.English, lang.Printer(lang.English, cat), inst, pl, obj, values, cert)
}

// optimalFindingsIn is optimalFindings in the language tag (with msg its
// printer): in Chinese, the findings and quotas are worded from their
// structure, the certificate's error stays as package matching words it.
func optimalFindingsIn(ctx context.Context, tag language.Tag, msg *message.Printer, inst *matching.Instance, pl []matching.Placement,
	obj matching.Objective, values []matching.CriterionValue, cert *matching.Certificate) (problems []string, blocking int) {
	for _, f := range matching.Check(inst, pl) {
		switch f.Kind {
		case matching.BlockingPair:
			blocking++
		case matching.ReserveViolation, matching.CapViolation, matching.CapExceeded:
			// A cap broken is CheckQuotas' enterprise or region cap
			// below: said once.
		default:
			problems = append(problems, findingText(tag, msg, inst, pl, f))
		}
	}
	for _, v := range matching.CheckQuotas(inst, pl) {
		problems = append(problems, quotaText(tag, msg, inst.Cohort(), v))
	}
	if values != nil {
		got, err := matching.ObjectiveValues(ctx, inst, pl, obj)
		vals := valuesText
		if tag == lang.Chinese {
			vals = func(v []matching.CriterionValue) string { return valuesIn(msg, v) }
		}
		switch {
		case err != nil:
			problems = append(problems, err.Error())
		case valuesText(got) != valuesText(values):
			problems = append(problems, msg.Sprintf("objective value: the file states %s, the allocation reaches %s", vals(values), vals(got)))
		}
	}
	if cert != nil {
		if err := matching.CheckCertificate(ctx, inst, pl, obj, *cert); err != nil {
			problems = append(problems, certificateText(msg, err))
		}
	}
	return problems, blocking
}

// valuesText writes criterion values as "unplaced 3, total rank 41".
func valuesText(vals []matching.CriterionValue) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", v.Name, v.Value)
	}
	return b.String()
}

func check(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	cohortPath := fs.String("cohort", "", cohortHelp)
	resultPath := fs.String("result", "", "result file as written by solve or round: JSON, or CSV or an Excel workbook when the name ends in .csv or .xlsx")
	cf := addCSVFlags(fs)
	list := fs.Int("list", 3, "blocking pairs are grouped by position: name at most this many students of each (0: all)")
	prevPath := fs.String("previous", "", "for a round's result: the previous round's result it names (.json, .csv or .xlsx)")
	respPath := fs.String("responses", "", "for a round's result: the responses it took (.json, .csv or .xlsx; none when it took none)")
	lottery := "reversed" // read from the file
	rfl := &roundFlags{lottery: &lottery,
		placed:   fs.String("no-answer-placed", "accept", "for a round's result written before results recorded it: the -no-answer-placed it was run with"),
		unplaced: fs.String("no-answer-unplaced", "continue", "for a round's result written before results recorded it: the -no-answer-unplaced it was run with")}
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	pr := newProgress(stderr).In(printerOf(fs))
	defer pr.End()
	fail := failIn(fs, pr, stderr)
	msg := printerOf(fs)
	if *cohortPath == "" || *resultPath == "" {
		return fail(errorf(msg, "-cohort and -result are required"))
	}
	if *list < 0 {
		return fail(errorf(msg, "-list %d: want 0 (all) or more", *list))
	}
	pr.Stagef("loading %s", *cohortPath)
	c, err := loadCohortIn(fs, pr, stderr, *cohortPath)
	if err != nil {
		return fail(err)
	}
	if *prevPath != "" {
		opts, err := rfl.options(msg)
		if err != nil {
			return fail(err)
		}
		// A default not given is the one the result records (round.FileOptions).
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		if !given["no-answer-placed"] {
			opts.Placed = model.NoAnswer
		}
		if !given["no-answer-unplaced"] {
			opts.Unplaced = model.NoAnswer
		}
		in, err := readRoundInputs(c, *prevPath, *respPath, pr)
		if err != nil {
			return fail(err)
		}
		err = checkRound(langOf(fs), msg, c, *resultPath, in, &opts, *list, *cohortPath, pr, stdout, stderr)
		var code exitCode
		if errors.As(err, &code) {
			return int(code)
		}
		if err != nil {
			return fail(err)
		}
		return exitOK
	}
	pr.Stagef("reading %s", *resultPath)
	rf, inst, err := readResult(c, *resultPath, cf.csv(*cf.mech, *cf.obj))
	var changed *matching.CohortChangedError
	if (err == nil && rf.Round.Number >= 2) || errors.As(err, &changed) {
		if n := roundOfFile(c, *resultPath); n >= 2 {
			return fail(notMainRound(*resultPath, n))
		}
	}
	if err != nil {
		return fail(err)
	}
	pr.Stagef("checking")
	if rf.Mechanism == matching.OptimalAllocation.String() {
		return checkOptimal(langOf(fs), msg, inst, rf, pr, stdout, stderr)
	}
	findings := matching.Check(inst, rf.Placements)
	pr.End()
	for _, line := range findingLines(langOf(fs), msg, inst, rf.Placements, findings, *list) {
		fmt.Fprintln(stdout, line)
	}
	if len(findings) > 0 {
		msg.Fprintf(stderr, "placement check: %d findings\n", len(findings))
		return exitFindings
	}
	msg.Fprintf(stdout, "no findings: %d students, complete, within every capacity, reserve and cap, and stable\n", inst.Students())
	return exitOK
}

// cohortHelp is the help text of every verb's -cohort flag.
const cohortHelp = "cohort: a JSON file, a folder of CSV files, or an .xlsx workbook"

// loadCohort reads a cohort: a folder of CSV files, an Excel workbook when
// the name ends in ".xlsx", else a JSON file.
func loadCohort(path string) (*model.Cohort, error) {
	if strings.HasSuffix(strings.ToLower(path), ".xls") {
		return nil, notXLS(path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return model.LoadCSV(os.DirFS(path), ".", nil)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if isExcel(path) {
		return xlsx.Read(f, filepath.Base(path), nil)
	}
	return model.ReadJSON(f, filepath.Base(path), nil)
}

// checkOptimal checks the file of an optimal allocation: every placement
// rule, capacity and quota, the objective's value it states, and its
// certificate when it carries one. Blocking pairs are counted, not
// findings: an optimum need not be stable.
func checkOptimal(tag language.Tag, msg *message.Printer, inst *matching.Instance, rf *matching.ResultFile, pr *progress, stdout, stderr io.Writer) int {
	obj, err := matching.ParseObjective(rf.Objective)
	if err != nil {
		pr.End()
		fmt.Fprintf(stderr, "placement check: %v\n", err)
		return exitUsage
	}
	problems, blocking := optimalFindingsIn(cmdCtx, tag, msg, inst, rf.Placements, obj, rf.ObjectiveValue, rf.Certificate)
	var vals []matching.CriterionValue
	if len(problems) == 0 && rf.Certificate != nil {
		vals, _ = matching.ObjectiveValues(cmdCtx, inst, rf.Placements, obj)
	}
	pr.End()
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		msg.Fprintf(stderr, "placement check: %d findings\n", len(problems))
		return exitFindings
	}
	opt := msg.Sprintf("optimality not checked (the file carries no certificate)")
	if rf.Certificate != nil {
		opt = msg.Sprintf("optimal for %s, certificate checked: %s", objectiveText(msg, obj), valuesIn(msg, vals))
	}
	msg.Fprintf(stdout, "no findings: %d students, complete, within capacity and every quota; %s; %d pairs who would both rather be together (an optimal allocation need not be stable)\n",
		inst.Students(), opt, blocking)
	return exitOK
}

// findingLines words findings a line each, but the blocking pairs: those
// of a position with more than one are one line, the position's, with
// their count and at most list students (0: all), in the order of the
// position's first pair (REVIEW2 9: a student moved by hand into a
// position makes every student it would rather have a pair).
func findingLines(tag language.Tag, msg *message.Printer, inst *matching.Instance, pl []matching.Placement, findings []matching.Finding, list int) []string {
	c := inst.Cohort()
	byPos := map[int][]int{} // position: the students of its pairs
	for _, f := range findings {
		if f.Kind == matching.BlockingPair && f.Position >= 0 && f.Position < len(c.Positions()) && f.Student >= 0 && f.Student < len(c.Students()) {
			byPos[f.Position] = append(byPos[f.Position], f.Student)
		}
	}
	var lines []string
	done := map[int]bool{}
	for _, f := range findings {
		ss, grouped := byPos[f.Position]
		if f.Kind != matching.BlockingPair || !grouped || len(ss) == 1 {
			lines = append(lines, findingText(tag, msg, inst, pl, f))
			continue
		}
		if done[f.Position] {
			continue
		}
		done[f.Position] = true
		shown := ss
		if list > 0 && len(ss) > list {
			shown = ss[:list]
		}
		who := studentText(c, shown[0])
		for _, s := range shown[1:] {
			who = msg.Sprintf("%s, %s", who, studentText(c, s))
		}
		if len(shown) < len(ss) {
			who = msg.Sprintf("%s and %d more (-list 0 lists them all)", who, len(ss)-len(shown))
		}
		p := &c.Positions()[f.Position]
		lines = append(lines, msg.Sprintf("not stable: %d students would rather have %s, which would take them: %s", len(ss), nameID(p.ID, p.Name), who))
	}
	return lines
}

// certificateText words a certificate's rejection in msg's language.
func certificateText(msg *message.Printer, err error) string {
	var ce *matching.CertificateError
	if !errors.As(err, &ce) {
		return err.Error()
	}
	return msg.Sprintf("optimality certificate rejected: %s", msg.Sprintf(ce.Format, ce.Args...))
}
