package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/round"
	"github.com/placement-engine/placement/whatif"
)

// The command speaks Simplified Chinese or English (-lang zh|en on every
// verb, by default the environment's language: lang.FromEnv). Every line a
// planner reads goes through msg, a printer of the command's catalogue
// (messages.go, keyed by the English text). This file holds the flag and
// the words the command uses for the library's names: mechanisms,
// objectives, seat categories, reasons.

// langFlag is the value of -lang: zh or en (or a locale such as
// zh_CN.UTF-8); any other language is a usage error.
type langFlag struct{ tag language.Tag }

func (l *langFlag) String() string {
	if l == nil || l.tag != lang.Chinese {
		return "en"
	}
	return "zh"
}

func (l *langFlag) Set(s string) error {
	t, err := lang.Parse(s)
	if err != nil {
		return err
	}
	// lang.Parse reads any language, giving English for the others; a
	// flag asks for one of the two the command speaks.
	name := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(name, "-_.@"); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "zh", "en", "chinese", "english", "中文", "简体中文", "c", "posix":
	default:
		return fmt.Errorf("unknown language %q (want zh or en)", s)
	}
	l.tag = t
	return nil
}

const langHelp = "language of the messages: zh (简体中文) or en; by default the environment's (LC_ALL, LC_MESSAGES, LANG, or Windows' display language)"

// ensureLang defines -lang on fs, with the environment's language as its
// default.
func ensureLang(fs *flag.FlagSet) {
	if fs.Lookup("lang") == nil {
		fs.Var(&langFlag{tag: lang.FromEnv()}, "lang", langHelp)
	}
}

// langOf returns the language -lang chose on fs: the environment's when
// it is not given, English when fs has no -lang.
func langOf(fs *flag.FlagSet) language.Tag {
	if f := fs.Lookup("lang"); f != nil {
		if l, ok := f.Value.(*langFlag); ok {
			return l.tag
		}
	}
	return lang.English
}

// printerOf returns the printer of the language -lang chose on fs.
func printerOf(fs *flag.FlagSet) *message.Printer {
	return lang.Printer(langOf(fs), cat)
}

// failIn is failer speaking the language of fs's -lang: usage and input
// errors the command words itself are translated, and a file that does
// not exist is said so in the planner's words.
func failIn(fs *flag.FlagSet, pr *progress, stderr io.Writer) func(error) int {
	msg := printerOf(fs)
	f := failer(fs.Name(), pr, stderr)
	return func(err error) int { return f(localError(langOf(fs), msg, err)) }
}

// localError words err in msg's language where the command knows it: its
// own messages (wrapped in a *localized) stay as they are, those of
// helpers without a printer (a *catalogueError, from errorKey) and a
// result of a cohort changed since (*matching.CohortChangedError) are
// worded from the catalogue, a file that does not exist gets a translated
// line, a cohort's validation problems go through [cohortProblems] and an
// infeasible optimum's diagnosis through [infeasibleText].
func localError(tag language.Tag, msg *message.Printer, err error) error {
	var le *localized
	if errors.As(err, &le) {
		return err
	}
	// What err says around the error it words (a file's name) is kept.
	reword := func(inner error, text string) error {
		all, in := err.Error(), inner.Error()
		if i := strings.Index(all, in); i >= 2 && tag == lang.Chinese && all[i-2:i] == ": " {
			// A file's name before the text: a Chinese colon.
			return &localized{text: all[:i-2] + "：" + text + all[i+len(in):], err: err}
		}
		return &localized{text: strings.Replace(all, in, text, 1), err: err}
	}
	var ce *catalogueError
	if errors.As(err, &ce) {
		args := slices.Clone(ce.args)
		for i, a := range args {
			if f, ok := a.(localArg); ok {
				args[i] = f.in(msg)
			}
		}
		return reword(ce, msg.Sprintf(ce.key, args...))
	}
	var ur *matching.UnrelatedResultError
	if errors.As(err, &ur) {
		return reword(ur, msg.Sprintf("a result of another cohort (%q) given as the previous result: %d of its %d students are not in this cohort (%q)", ur.Result, ur.Unknown, ur.Students, ur.Cohort))
	}
	var chain *round.ChainError
	if errors.As(err, &chain) {
		return reword(chain, chain.Text(tag))
	}
	var se *round.StandingError
	if errors.As(err, &se) {
		return reword(se, se.Text(tag))
	}
	var rpe *round.ProblemsError
	if errors.As(err, &rpe) {
		return reword(rpe, rpe.Text(tag))
	}
	var rp *matching.ResultProblemsError
	if errors.As(err, &rp) {
		return reword(rp, resultProblemsText(msg, rp))
	}
	var un *matching.UnknownNameError
	if errors.As(err, &un) {
		return reword(un, unknownNameText(msg, un))
	}
	var oc *matching.OtherCohortError
	if errors.As(err, &oc) {
		return reword(oc, msg.Sprintf("a result of cohort %q, not of %q", oc.Result, oc.Cohort))
	}
	var cc *matching.CohortChangedError
	if errors.As(err, &cc) && cc.Unnamed {
		return reword(cc, msg.Sprintf("this result is of another cohort, or of this one changed since (fingerprint %s, result computed on %s)", cc.Cohort, cc.Result))
	}
	if errors.As(err, &cc) {
		return reword(cc, msg.Sprintf("the cohort has changed since this result was computed (fingerprint %s, result computed on %s)", cc.Cohort, cc.Result))
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist) {
		if pe.Op == "write" {
			return errors.New(msg.Sprintf("write %s: no such file or folder (create the folder first)", pe.Path))
		}
		return errors.New(msg.Sprintf("%s: no such file or folder", pe.Path))
	}
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return cohortProblems(tag, err, ve)
	}
	var wce *whatif.ChangeError // a change file's problems, worded by whatif
	if errors.As(err, &wce) {
		return reword(wce, wce.Text(tag))
	}
	var ie *matching.InfeasibleError
	if errors.As(err, &ie) && tag == lang.Chinese {
		prefix := strings.TrimSuffix(err.Error(), ie.Error()) // a file's name, say
		return &localized{text: prefix + infeasibleText(msg, ie), err: err}
	}
	return err
}

// infeasibleText words the diagnosis of an optimal allocation that no
// allocation can meet, from its structure, in msg's language.
func infeasibleText(msg *message.Printer, ie *matching.InfeasibleError) string {
	var need, limit int64
	for _, q := range ie.Needs {
		need += q.Amount
	}
	for _, q := range ie.Limits {
		limit += q.Amount
	}
	list := func(qs []matching.Quota) string {
		const show = 8
		var parts []string
		for i, q := range qs {
			if i == show {
				parts = append(parts, msg.Sprintf("and %d more quotas", len(qs)-show))
				break
			}
			parts = append(parts, quotaWords(msg, q))
		}
		if len(parts) == 0 {
			return msg.Sprintf("nothing")
		}
		return strings.Join(parts, msg.Sprintf(", "))
	}
	t := msg.Sprintf("no allocation meets every quota: short %d: %s call for %d placements, but at most %d are possible (%s)",
		ie.Short, list(ie.Needs), need, limit, list(ie.Limits))
	for i, cs := range ie.Counties {
		if i == 0 {
			t += msg.Sprintf("; special-post students who cannot be placed: ")
		} else {
			t += msg.Sprintf(", ")
		}
		t += msg.Sprintf("%d of %d in county %s", cs.Short, cs.Students, cs.County)
	}
	return t
}

// quotaWords names a quota of a diagnosis by its kind, the ID of its
// position, enterprise or region (the error carries no cohort to name
// them by) and its amount; the kinds it does not know keep package
// matching's English text.
func quotaWords(msg *message.Printer, q matching.Quota) string {
	id := q.ID
	switch q.Kind {
	case matching.QuotaMinFill:
		return msg.Sprintf("position %s minimum fill %d", id, q.Amount)
	case matching.QuotaFloor:
		return msg.Sprintf("region %s floor %d", id, q.Amount)
	case matching.QuotaSpecialPost:
		if id == "" {
			return msg.Sprintf("%d special-post students of no county to place", q.Amount)
		}
		return msg.Sprintf("%d special-post students of county %s to place", q.Amount, id)
	case matching.QuotaCapacity:
		return msg.Sprintf("position %s capacity %d", id, q.Amount)
	case matching.QuotaOpenSeats:
		return msg.Sprintf("position %s: %d seats open to all (the others held empty for their categories)", id, q.Amount)
	case matching.QuotaReserveSeats:
		return msg.Sprintf("position %s: %d seats held for a category", id, q.Amount)
	case matching.QuotaEnterpriseCap:
		return msg.Sprintf("enterprise %s cap %d", id, q.Amount)
	case matching.QuotaRegionCap:
		return msg.Sprintf("region %s cap %d", id, q.Amount)
	case matching.QuotaApplicants:
		return msg.Sprintf("%d applicants of position %s", q.Amount, id)
	case matching.QuotaStudents:
		return msg.Sprintf("%d students whose every choice is among these positions", q.Amount)
	}
	return q.Text
}

// cohortProblems words a cohort's validation problems in the language
// tag, grouped as package model groups them, and then the warnings found
// with them, at most [maxWarningLines] lines. err is the error as the verb
// got it, ve the validation error in it; what err says before ve (the
// file's name) is kept.
func cohortProblems(tag language.Tag, err error, ve *model.ValidationError) error {
	prefix := strings.TrimSuffix(err.Error(), ve.Error())
	text := prefix + ve.Text(tag)
	if len(ve.Warnings) > 0 {
		// What was found with the errors (a file converted from GBK, a
		// column ignored) may be why: said after them, bounded.
		msg := lang.Printer(tag, cat)
		if strings.HasPrefix(ve.Error(), "model: responses rejected") {
			text += "\n" + msg.Sprintf("the responses also have %d warnings:", len(ve.Warnings))
		} else {
			text += "\n" + msg.Sprintf("the cohort also has %d warnings:", len(ve.Warnings))
		}
		for _, l := range warningLines(tag, msg, ve.Warnings, maxWarningLines) {
			text += "\n\t" + l
		}
	}
	return &localized{text: text, err: err}
}

// localized is an error the command words itself, already in its
// language; err, when not nil, is the error it words (for errors.Is and
// errors.As: an infeasible optimum still exits with code 3).
type localized struct {
	text string
	err  error
}

func (e *localized) Error() string { return e.text }
func (e *localized) Unwrap() error { return e.err }

// errorf returns an error worded by msg from the English format key.
func errorf(msg *message.Printer, key string, args ...any) error {
	return &localized{text: msg.Sprintf(key, args...)}
}

// localArg is an argument of an errorKey that words itself in the verb's
// language (English when msg is nil).
type localArg interface {
	in(msg *message.Printer) string
}

// catalogueError is an error of a helper that has no printer: it reads
// in English (its key, a format of the catalogue) until localError words
// it in the verb's language.
type catalogueError struct {
	key  string
	args []any
}

// errorKey returns an error worded from the English format key of the
// catalogue, in English until localError words it in the verb's language.
func errorKey(key string, args ...any) error { return &catalogueError{key: key, args: args} }

func (e *catalogueError) Error() string { return fmt.Sprintf(e.key, e.args...) }

// notXLS is the refusal of an .xls workbook given where the command reads
// a workbook (a cohort, a change file).
func notXLS(path string) error {
	return errorKey("%s: an .xls workbook (Excel 97-2003) is not read; save it as .xlsx", path)
}

// planner translates one of package words' English names: the
// command's catalogue holds words' entries (messages.go).
func planner(msg *message.Printer, en string) string {
	return msg.Sprintf(en, noArgs...)
}

// noArgs lets a message be looked up by a key held in a variable.
var noArgs []any

// mechanismText names a mechanism as package words names it, with the
// name the flags and files use: "stable allocation, students first
// (student-da)", "学生优先稳定分配 (student-da)".
func mechanismText(msg *message.Printer, m matching.Mechanism) string {
	return words.WithCode(planner(msg, words.Mechanism(lang.English, m.String())), m.String())
}

// objectiveText names an objective as package words names it, with its
// flag's value: "least total rank (rank-sum)", "志愿位次总和最小
// (rank-sum)".
func objectiveText(msg *message.Printer, o matching.Objective) string {
	return words.WithCode(planner(msg, words.Objective(lang.English, o.String())), o.String())
}

// runText names the run of a result: its mechanism and, for an optimal
// allocation whose objective is known, its objective.
func runText(msg *message.Printer, m matching.Mechanism, obj string) string {
	t := mechanismText(msg, m)
	if o, err := matching.ParseObjective(obj); err == nil && m == matching.OptimalAllocation && obj != "" {
		t = msg.Sprintf("%s, objective %s", t, objectiveText(msg, o))
	}
	return t
}

// valuesIn writes criterion values as "unplaced 3, total rank 41" in msg's
// language.
func valuesIn(msg *message.Printer, vals []matching.CriterionValue) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(msg.Sprintf(", "))
		}
		switch name, _ := strings.CutPrefix(v.Name, "rank "); {
		case v.Name == "unplaced":
			b.WriteString(msg.Sprintf("unplaced %d", v.Value))
		case v.Name == "total rank":
			b.WriteString(msg.Sprintf("total rank %d", v.Value))
		case v.Name == "special-post students placed":
			b.WriteString(msg.Sprintf("special-post students placed %d", v.Value))
		case v.Name == "short of minimum fills and floors":
			b.WriteString(msg.Sprintf("short of minimum fills and floors %d", v.Value))
		case name != v.Name:
			if k, err := strconv.Atoi(name); err == nil {
				b.WriteString(msg.Sprintf("choice %d obtained by %d", k, v.Value))
				continue
			}
			fallthrough
		default:
			fmt.Fprintf(&b, "%s %d", v.Name, v.Value)
		}
	}
	return b.String()
}

// reasonText says why a student is unplaced, as package words says it.
func reasonText(msg *message.Printer, r matching.Reason) string {
	return planner(msg, words.Reason(lang.English, r.String(), false))
}

// ineligibleText says which rule keeps student s from position p.
func ineligibleText(msg *message.Printer, c *model.Cohort, s, p int, why model.Ineligibility) string {
	st, pos := &c.Students()[s], &c.Positions()[p]
	switch why {
	case model.MajorNotAccepted:
		return msg.Sprintf("the position does not accept the major %s", nameID(st.Major, majorName(c, st.Major)))
	case model.ScoreBelowMinimum:
		return msg.Sprintf("score %s below the position's minimum %s", score(st.Score), score(pos.MinScore))
	case model.NotSpecialPostStudent:
		return msg.Sprintf("a special post, open only to special-post students")
	case model.OtherCounty:
		return msg.Sprintf("a special post of another county than the student's")
	case model.SpecialPostsOnly:
		return msg.Sprintf("a special-post student takes only special posts")
	}
	return why.String()
}

// categoryText names a seat category of position p: the open seats when
// reserve is -1, else the seats of its reserve.
func categoryText(msg *message.Printer, c *model.Cohort, p, reserve int) string {
	if reserve < 0 {
		return msg.Sprintf("open seats")
	}
	cat := c.Positions()[p].Reserved[reserve].Category
	switch cat.Kind {
	case model.SpecialPostCategory:
		return msg.Sprintf("seats reserved for special-post students")
	case model.OrderClassCategory:
		return msg.Sprintf("seats reserved for order class %s", nameID(cat.ID, orderClassName(c, cat.ID)))
	case model.CountyCategory:
		return msg.Sprintf("seats reserved for students from %s", nameID(cat.ID, regionName(c, cat.ID)))
	}
	return cat.String()
}

// reservesText lists position p's reserves: "1 seat for students from
// C1, kept empty when unused".
func reservesText(msg *message.Printer, c *model.Cohort, p int) string {
	var parts []string
	for i, r := range c.Positions()[p].Reserved {
		unused := msg.Sprintf("open to all when unused")
		if r.Unused == model.StayEmpty {
			unused = msg.Sprintf("kept empty when unused")
		}
		parts = append(parts, msg.Sprintf("%s: %d, %s", categoryText(msg, c, p, i), r.Seats, unused))
	}
	return strings.Join(parts, msg.Sprintf("; "))
}

// capText names a cap: "enterprise E1 (cap 2, 2 placed)".
func capText(msg *message.Printer, c *model.Cohort, u matching.CapUse) string {
	if u.Enterprise >= 0 {
		e := &c.Enterprises()[u.Enterprise]
		return msg.Sprintf("enterprise %s (cap %d, %d placed)", nameID(e.ID, e.Name), u.Cap, u.Placed)
	}
	r := &c.Regions()[u.Region]
	return msg.Sprintf("region %s (cap %d, %d placed)", nameID(r.ID, r.Name), u.Cap, u.Placed)
}

// shortfallText says a round's minimum fill or floor left short:
// `P00096 minimum fill 5: 4 placed (short by 1: no other student can go
// there)`.
func shortfallText(msg *message.Printer, c *model.Cohort, f matching.Shortfall) string {
	q := f.Quota
	if q.Kind == matching.QuotaFloor && q.Region >= 0 {
		return msg.Sprintf("region %s floor %d: %d placed (short by %d: no other student can go there)",
			nameID(q.ID, regionName(c, q.ID)), q.Amount, f.Have, f.Short())
	}
	return msg.Sprintf("%s minimum fill %d: %d placed (short by %d: no other student can go there)", q.ID, q.Amount, f.Have, f.Short())
}

// nameID writes an ID with its name when it has one: `E1 "上汽实训基地"`.
func nameID(id, name string) string {
	if name == "" || name == id {
		return id
	}
	return id + " " + strconv.Quote(name)
}

// nameOf is the name of the record with ID id among all, found by the
// cohort's index of them; "" when there is none.
func nameOf[T any](all []T, index func(string) (int, bool), name func(T) string, id string) string {
	if i, ok := index(id); ok {
		return name(all[i])
	}
	return ""
}

func majorName(c *model.Cohort, id string) string {
	return nameOf(c.Majors(), c.MajorIndex, func(m model.Major) string { return m.Name }, id)
}

func regionName(c *model.Cohort, id string) string {
	return nameOf(c.Regions(), c.RegionIndex, func(r model.Region) string { return r.Name }, id)
}

func enterpriseName(c *model.Cohort, id string) string {
	return nameOf(c.Enterprises(), c.EnterpriseIndex, func(e model.Enterprise) string { return e.Name }, id)
}

func orderClassName(c *model.Cohort, id string) string {
	return nameOf(c.OrderClasses(), c.OrderClassIndex, func(o model.OrderClass) string { return o.Name }, id)
}

// translateUsage replaces the help text of every flag of fs by its
// translation, for -h.
func translateUsage(fs *flag.FlagSet, msg *message.Printer) {
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := zhMessages[f.Usage]; ok {
			f.Usage = msg.Sprintf(f.Usage)
		}
	})
}

// loadCohortIn is loadCohort refusing, in the language of fs's -lang, the
// files that are no cohort by their kind (an .xls workbook, a single CSV
// file), and saying on stderr what the cohort's validation found worth
// saying (a file converted from GBK, a column it ignores, a choice the
// student may not take): solve, check and whatif list it, grouped as
// package model groups problems, in at most [maxWarningLines] lines; the
// other verbs, run on a cohort already solved, count it in one line.
func loadCohortIn(fs *flag.FlagSet, pr *progress, stderr io.Writer, path string) (*model.Cohort, error) {
	msg := printerOf(fs)
	if strings.ToLower(filepath.Ext(path)) == ".csv" {
		if info, err := os.Stat(path); err == nil && !info.IsDir() {
			return nil, errorf(msg, "%s: a cohort in CSV is a folder of CSV files (students.csv, positions.csv, ...): give the folder", path)
		}
	}
	c, err := loadCohort(path)
	if err == nil {
		lines := 0
		switch fs.Name() {
		case "solve", "check", "whatif", "round":
			lines = maxWarningLines
		}
		printWarnings(stderr, pr, fs.Name(), langOf(fs), c.Warnings(), lines)
	}
	return c, err
}

// maxWarningLines bounds the warnings a verb lists: the groups beyond it
// are counted in one line.
const maxWarningLines = 10

// printWarnings prints ws on stderr in language tag: a line that counts
// them, then their groups, at most lines of them.
func printWarnings(stderr io.Writer, pr *progress, verb string, tag language.Tag, ws []*model.Problem, lines int) {
	if len(ws) == 0 {
		return
	}
	msg := lang.Printer(tag, cat)
	pr.Clear()
	if lines == 0 {
		fmt.Fprintf(stderr, "placement %s: %s\n", verb, msg.Sprintf("the cohort has %d warnings (solve and check list them)", len(ws)))
		return
	}
	fmt.Fprintf(stderr, "placement %s: %s\n", verb, msg.Sprintf("the cohort has %d warnings (it is used as it is):", len(ws)))
	for _, l := range warningLines(tag, msg, ws, lines) {
		fmt.Fprintf(stderr, "\t%s\n", l)
	}
}

// warningLines groups ws as package model groups problems (the files
// converted from GBK in one line) and words them in language tag, at most
// lines of them, the groups beyond counted in a last line.
func warningLines(tag language.Tag, msg *message.Printer, ws []*model.Problem, lines int) []string {
	groups := model.GroupProblems(ws)
	var out []string
	for i, g := range groups {
		if i == lines {
			rest := 0
			for _, g := range groups[i:] {
				rest += len(g.Problems) + g.More
			}
			out = append(out, msg.Sprintf("… and %d more warnings like these", rest))
			break
		}
		out = append(out, g.Text(tag))
	}
	return out
}

// findingText words a checker's finding: in English as package matching
// words it, in Chinese from its kind, student and position (with the
// placements it was found in), falling back on the English detail for the
// rarer kinds.
func findingText(tag language.Tag, msg *message.Printer, inst *matching.Instance, pl []matching.Placement, f matching.Finding) string {
	if tag != lang.Chinese {
		return f.String()
	}
	c := inst.Cohort()
	stu := func() string { return studentText(c, f.Student) }
	pos := func() string { return nameID(c.Positions()[f.Position].ID, c.Positions()[f.Position].Name) }
	okS := f.Student >= 0 && f.Student < len(c.Students())
	okP := f.Position >= 0 && f.Position < len(c.Positions())
	switch {
	case f.Kind == matching.Missing && okS:
		return msg.Sprintf("missing: student %s is not in the allocation", stu())
	case f.Kind == matching.Duplicate && okS:
		return msg.Sprintf("duplicate: student %s appears more than once", stu())
	case f.Kind == matching.NotChosen && okS && okP:
		return msg.Sprintf("not chosen: student %s is placed at %s, which they did not list", stu(), pos())
	case f.Kind == matching.Ineligible && okS && okP:
		return msg.Sprintf("not eligible: student %s is placed at %s: %s", stu(), pos(),
			ineligibleText(msg, c, f.Student, f.Position, c.Eligibility(f.Student, f.Position)))
	case f.Kind == matching.Unacceptable && okS && okP:
		return msg.Sprintf("not in the ranking: student %s is placed at %s, whose own ranking does not list them", stu(), pos())
	case f.Kind == matching.WrongRank && okS && okP:
		stated := 0
		for _, x := range pl {
			if x.Student == f.Student {
				stated = x.Rank
				break
			}
		}
		return msg.Sprintf("wrong rank: student %s at %s: the file says choice %d, their list says %d",
			stu(), pos(), stated, slices.Index(c.Choices(f.Student), int32(f.Position))+1)
	case f.Kind == matching.OverCapacity && okP:
		n := 0
		for _, x := range pl {
			if x.Position == f.Position {
				n++
			}
		}
		return msg.Sprintf("over capacity: position %s admits %d students for %d seats", pos(), n, c.Positions()[f.Position].Capacity)
	case f.Kind == matching.CapExceeded:
		// A cap's finding names its enterprise or region only in its
		// detail, as matching words it.
		var id string
		var n, capacity int
		if _, err := fmt.Sscanf(f.Detail, "enterprise %q admits %d students for a cap of %d", &id, &n, &capacity); err == nil {
			return msg.Sprintf("cap exceeded: enterprise %s admits %d students, cap %d", nameID(id, enterpriseName(c, id)), n, capacity)
		}
		if _, err := fmt.Sscanf(f.Detail, "region %q admits %d students for a cap of %d", &id, &n, &capacity); err == nil {
			return msg.Sprintf("cap exceeded: region %s admits %d students, cap %d", nameID(id, regionName(c, id)), n, capacity)
		}
	case f.Kind == matching.CapViolation && okP:
		// "position %q holds %d students, but the round robin under
		// enterprise %q (cap %d), region %q (cap %d) gives it %d".
		if m := capShareRE.FindStringSubmatch(f.Detail); m != nil {
			var caps []string
			for _, cm := range capRE.FindAllStringSubmatch(m[2], -1) {
				id, _ := strconv.Unquote(cm[2])
				if cm[1] == "enterprise" {
					caps = append(caps, msg.Sprintf("enterprise %s (cap %s)", nameID(id, enterpriseName(c, id)), cm[3]))
				} else {
					caps = append(caps, msg.Sprintf("region %s (cap %s)", nameID(id, regionName(c, id)), cm[3]))
				}
			}
			if len(caps) > 0 {
				return msg.Sprintf("more than the cap's share: position %s holds %s students, but the round robin under %s gives it %s", pos(), m[1], strings.Join(caps, "、"), m[3]) // Chinese only: English is f.String()
			}
		}
	case f.Kind == matching.BlockingPair && okS && okP:
		return msg.Sprintf("not stable: student %s would rather have %s, which would take them", stu(), pos())
	case f.Kind == matching.AcceptedMoved && okS && seatOK(inst, f.Student):
		return msg.Sprintf("accepted seat not kept: student %s accepted %s and is not placed there", stu(), seatText(inst, f.Student))
	case f.Kind == matching.HolderWorse && okS && seatOK(inst, f.Student):
		return msg.Sprintf("holder worse off: student %s holds %s and is unplaced or placed at a choice below it", stu(), seatText(inst, f.Student))
	case f.Kind == matching.LeaverPlaced && okS && okP:
		return msg.Sprintf("left but placed: student %s declined their seat or withdrew, and is placed at %s", stu(), pos())
	}
	return msg.Sprintf("%s: %s", findingKindText(msg, f.Kind), f.Detail)
}

// capShareRE and capRE read matching's CapViolation detail.
var (
	capShareRE = regexp.MustCompile(`^position ".*" holds (\d+) students, but the round robin under (.+) gives it (\d+)$`)
	capRE      = regexp.MustCompile(`(enterprise|region) ("(?:[^"\\]|\\.)*") \(cap (\d+)\)`)
)

// findingKindText names a kind of finding.
func findingKindText(msg *message.Printer, k matching.FindingKind) string {
	switch k {
	case matching.UnknownIndex:
		return msg.Sprintf("unknown index")
	case matching.ReserveViolation:
		return msg.Sprintf("reserved seat misused")
	case matching.CapExceeded:
		return msg.Sprintf("cap exceeded")
	case matching.CapViolation:
		return msg.Sprintf("more than the cap's share")
	}
	return k.String()
}

// quotaText words a quota that an optimal allocation's file breaks: in
// English as package matching words it, in Chinese from its structure.
func quotaText(tag language.Tag, msg *message.Printer, c *model.Cohort, v matching.QuotaViolation) string {
	if tag != lang.Chinese {
		return v.String()
	}
	q := v.Quota
	name := func(id, n string) string { return nameID(id, n) }
	switch {
	case q.Kind == matching.QuotaEnterpriseCap && q.Enterprise >= 0:
		e := &c.Enterprises()[q.Enterprise]
		return msg.Sprintf("enterprise cap: enterprise %s takes %d students, cap %d", name(e.ID, e.Name), v.Have, q.Amount)
	case q.Kind == matching.QuotaRegionCap && q.Region >= 0:
		r := &c.Regions()[q.Region]
		return msg.Sprintf("region cap: region %s takes %d students, cap %d", name(r.ID, r.Name), v.Have, q.Amount)
	case q.Kind == matching.QuotaFloor && q.Region >= 0:
		r := &c.Regions()[q.Region]
		return msg.Sprintf("floor: region %s takes %d students, floor %d", name(r.ID, r.Name), v.Have, q.Amount)
	case q.Kind == matching.QuotaMinFill && q.Position >= 0:
		p := &c.Positions()[q.Position]
		return msg.Sprintf("minimum fill: position %s takes %d students, minimum %d", name(p.ID, p.Name), v.Have, q.Amount)
	case q.Kind == matching.QuotaReserveSeats && q.Position >= 0:
		p := &c.Positions()[q.Position]
		return msg.Sprintf("reserved seats: position %s holds %d students, but only %d of them can be seated (%s)",
			name(p.ID, p.Name), v.Have, q.Amount, reservesText(msg, c, q.Position))
	case q.Kind == matching.QuotaSpecialPost:
		return msg.Sprintf("special-post promise: %s", v.Detail)
	}
	return v.String()
}

// seatOK reports whether student s keeps a seat in inst's round.
func seatOK(inst *matching.Instance, s int) bool {
	st := inst.Standing(s)
	return st.Seat >= 0 && int(st.Seat) < inst.Positions()
}

// seatText names the seat student s keeps from the previous round.
func seatText(inst *matching.Instance, s int) string {
	p := &inst.Cohort().Positions()[inst.Standing(s).Seat]
	return nameID(p.ID, p.Name)
}
