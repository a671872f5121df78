package matching

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

// ResultFormat is the value of the "format" member of result files written
// by [WriteResultJSON]. A change that breaks readers changes it.
const ResultFormat = "placement-result/1"

// Timings are the durations of the phases of a run, written in a result
// file's summary in milliseconds.
type Timings struct {
	Load, Compile, Solve, Check, Write time.Duration
}

// WriteOptions tunes [WriteResultJSON]. A nil *WriteOptions means the zero
// value.
type WriteOptions struct {
	// Timings, when non-nil, fills "timings_ms" with its durations, except
	// "write", which the writer measures itself (the time to write the
	// assignments and the unplaced). nil writes every timing as 0, so that
	// the output is byte-for-byte deterministic.
	Timings *Timings

	// NoRefusals leaves out the "refusals" member: most of a file's bytes
	// (about 2,000 a student on a market of 20-choice lists, 1.4 GB at
	// 1,000,000 students), and derivable from the placements at any time
	// ([Result.Why], placement explain). Readers do not need it.
	NoRefusals bool
}

// WriteResultJSON writes r in the result file format, one record a line:
//
//	{
//	 "format": "placement-result/1",
//	 "cohort": "spring 2026",
//	 "cohort_fingerprint": "5e0c3b6f0a9d4c1e2b7a8f31",
//	 "mechanism": "student-da",
//	 "tie_break": "single",
//	 "seed": 1,
//	 "reserve_order": "reserved-first",
//	 "students_total": 3,
//	 "positions_total": 2,
//	 "assignments": [
//	  {"student": "S1", "position": "P1", "rank": 1},
//	  {"student": "S2", "position": "P2", "rank": 2}
//	 ],
//	 "unplaced": [
//	  {"student": "S3", "reason": "rejected by every choice"}
//	 ],
//	 "cutoffs": [
//	  {"position": "P1", "filled": 1, "capacity": 1, "seats": [{"category": "open", "seats": 1, "filled": 1, "full": true, "score": 90, "priority": 0}]},
//	  {"position": "P2", "filled": 1, "capacity": 1, "seats": [{"category": "open", "seats": 1, "filled": 1, "full": true, "score": 80, "priority": 0}]}
//	 ],
//	 "refusals": [
//	  {"student": "S2", "refusals": [{"position": "P1", "rank": 1, "kind": "full", "detail": "below every cutoff: ..."}]},
//	  {"student": "S3", "refusals": [{"position": "P1", "rank": 1, "kind": "full", "detail": "below every cutoff: ..."}]}
//	 ],
//	 "summary": {"placed": 2, "unplaced": 1, "total_rank": 3, "by_rank": [1, 1],
//	  "special_posts_by_county": [],
//	  "timings_ms": {"load": 0, "compile": 0, "solve": 0, "check": 0, "write": 0}}
//	}
//
// "cohort_fingerprint" is the [model.Cohort.Fingerprint] of the cohort the
// result was computed on: a reader given another version of the cohort
// says so ([ErrCohortChanged]) rather than finding the allocation wrong.
// "reserve_order" is the precedence of reserved and open seats the instance
// was compiled with ([ReserveOrder]). "cutoffs" has one record a position,
// in cohort order, with its seat categories as [Result.Cutoff] gives them:
// "score" is the score of the lowest admitted student under the category's
// priority and "priority" their priority rank at the position (0 is the
// highest), both left out when no one was admitted. "refusals" lists, for each
// student placed below their first choice or unplaced, why each choice
// above their placement did not take them ([Result.Why]; kinds "not
// eligible", "not acceptable", "full", "reserve", "cap"); it is left out
// with WriteOptions.NoRefusals. The summary's
// "special_posts_by_county" is [Result.SpecialPostsByCounty] with region
// IDs.
//
// An optimal allocation ([SolveOptimal]; "mechanism": "optimal") also
// carries, after "reserve_order", "objective" ("rank-sum", "rank-maximal"
// or "generous") and "objective_value" (each criterion of the objective in
// order: {"criterion": "unplaced", "sense": "min", "value": 12}), and,
// after "refusals", its "certificate": {"phases": [{"criteria": [...],
// "potentials": [...]}]}, the potentials of each phase's flow network in
// node order, which [CheckCertificate] verifies. Readers that do not know
// these members ignore them; files without them read as before.
//
// Students appear in cohort order. A rank is the 1-based place of the
// position in the student's list as written; by_rank[i] counts the students
// placed at rank i+1. Lists are [] when empty, never null. The summary comes
// last so that its write time covers the lists. Given the same result and
// nil opts, the output is the same bytes on every run.
//
// It runs in O(S) time and writes through a buffer; it returns the first
// error of w.
func WriteResultJSON(w io.Writer, r *Result, opts *WriteOptions) error {
	start := time.Now()
	c := r.inst.cohort
	st, ps := c.Students(), c.Positions()
	bw := bufio.NewWriterSize(w, 1<<16)
	b := make([]byte, 0, 256)
	b = append(b, "{\n \"format\": "...)
	b = appendString(b, ResultFormat)
	b = append(b, ",\n \"cohort\": "...)
	b = appendString(b, c.Name())
	b = append(b, ",\n \"cohort_fingerprint\": "...)
	b = appendString(b, c.Fingerprint())
	b = append(b, ",\n \"mechanism\": "...)
	b = appendString(b, r.mech.String())
	b = append(b, ",\n \"tie_break\": "...)
	b = appendString(b, r.inst.tieBreak.String())
	b = append(b, ",\n \"seed\": "...)
	b = strconv.AppendUint(b, r.inst.seed, 10)
	b = append(b, ",\n \"reserve_order\": "...)
	b = appendString(b, r.inst.reserveOrder.String())
	if o := r.opt; o != nil {
		b = append(b, ",\n \"objective\": "...)
		b = appendString(b, o.Objective.String())
		b = append(b, ",\n \"objective_value\": ["...)
		for i, v := range o.Values {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, "{\"criterion\": "...)
			b = appendString(b, v.Name)
			b = append(b, ", \"sense\": "...)
			if v.Maximize {
				b = appendString(b, "max")
			} else {
				b = appendString(b, "min")
			}
			b = append(b, ", \"value\": "...)
			b = strconv.AppendInt(b, v.Value, 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	rd, isRound := roundOf(r)
	if isRound {
		b = append(b, ",\n \"round\": "...)
		b = strconv.AppendInt(b, int64(rd.Number), 10)
		b = append(b, ",\n \"previous_result\": "...)
		b = appendString(b, rd.Previous)
		b = append(b, ",\n \"responses\": "...)
		b = appendString(b, rd.Responses)
		b = append(b, ",\n \"round_lottery\": "...)
		b = appendString(b, rd.Lottery)
		b = append(b, ",\n \"no_answer_placed\": "...)
		b = appendString(b, rd.Placed)
		b = append(b, ",\n \"no_answer_unplaced\": "...)
		b = appendString(b, rd.Unplaced)
	}
	// roundFields appends student s's answer and previous seat, in a
	// round's file, when they have them.
	roundFields := func(b []byte, s int) []byte {
		if !isRound {
			return b
		}
		a, prev, joined := roundStudent(r, s)
		if joined > 1 {
			b = append(b, ", \"joined\": "...)
			b = strconv.AppendInt(b, int64(joined), 10)
		}
		if a != model.NoAnswer {
			b = append(b, ", \"answer\": "...)
			b = appendString(b, a.String())
		}
		if prev != "" {
			b = append(b, ", \"previous_position\": "...)
			b = appendString(b, prev)
		}
		return b
	}
	b = append(b, ",\n \"students_total\": "...)
	b = strconv.AppendInt(b, int64(len(st)), 10)
	b = append(b, ",\n \"positions_total\": "...)
	b = strconv.AppendInt(b, int64(len(ps)), 10)
	b = append(b, ",\n \"assignments\": ["...)
	b = appendList(bw, b, len(st), func(b []byte, s int) ([]byte, bool) {
		p := r.pos[s]
		if p < 0 {
			return b, false
		}
		b = append(b, "{\"student\": "...)
		b = appendString(b, st[s].ID)
		b = append(b, ", \"position\": "...)
		b = appendString(b, ps[p].ID)
		b = append(b, ", \"rank\": "...)
		b = strconv.AppendInt(b, int64(r.rank[s]), 10)
		return append(roundFields(b, s), '}'), true
	})
	unplaced := 0
	b = append(b, ",\n \"unplaced\": ["...)
	b = appendList(bw, b, len(st), func(b []byte, s int) ([]byte, bool) {
		if r.pos[s] >= 0 {
			return b, false
		}
		unplaced++
		b = append(b, "{\"student\": "...)
		b = appendString(b, st[s].ID)
		b = append(b, ", \"reason\": "...)
		b = appendString(b, r.Reason(s).String())
		return append(roundFields(b, s), '}'), true
	})
	b = append(b, ",\n \"cutoffs\": ["...)
	b = appendList(bw, b, len(ps), func(b []byte, p int) ([]byte, bool) {
		b = append(b, "{\"position\": "...)
		b = appendString(b, ps[p].ID)
		cuts := r.analyze().cutoffs[p]
		filled := 0
		for _, cu := range cuts {
			filled += cu.Filled
		}
		b = append(b, ", \"filled\": "...)
		b = strconv.AppendInt(b, int64(filled), 10)
		b = append(b, ", \"capacity\": "...)
		b = strconv.AppendInt(b, int64(r.inst.capacity[p]), 10)
		b = append(b, ", \"seats\": ["...)
		for i, cu := range cuts {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, "{\"category\": "...)
			b = appendString(b, cu.Category)
			b = append(b, ", \"seats\": "...)
			b = strconv.AppendInt(b, int64(cu.Seats), 10)
			b = append(b, ", \"filled\": "...)
			b = strconv.AppendInt(b, int64(cu.Filled), 10)
			b = append(b, ", \"full\": "...)
			b = strconv.AppendBool(b, cu.Full)
			if cu.Student >= 0 { // no one admitted: no cutoff, the keys left out
				b = append(b, ", \"score\": "...)
				b = strconv.AppendFloat(b, cu.Score, 'f', -1, 64)
				b = append(b, ", \"priority\": "...)
				b = strconv.AppendInt(b, int64(cu.Priority), 10)
			}
			b = append(b, '}')
		}
		return append(b, "]}"...), true
	})
	if opts == nil || !opts.NoRefusals {
		b = appendRefusals(bw, b, r, st, ps)
	}
	if o := r.opt; o != nil {
		b = appendCertificate(bw, b, &o.Certificate)
	}
	b = append(b, ",\n \"summary\": {\"placed\": "...)
	b = strconv.AppendInt(b, int64(len(st)-unplaced), 10)
	b = append(b, ", \"unplaced\": "...)
	b = strconv.AppendInt(b, int64(unplaced), 10)
	b = append(b, ", \"total_rank\": "...)
	b = strconv.AppendInt(b, r.TotalRank(), 10)
	b = append(b, ", \"by_rank\": ["...)
	for i, n := range r.ByRank() {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, "],\n  \"special_posts_by_county\": ["...)
	for i, row := range r.SpecialPostsByCounty() {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, "{\"region\": "...)
		b = appendString(b, c.Regions()[row.Region].ID)
		for _, f := range []struct {
			name string
			n    int
		}{{"posts", row.Posts}, {"filled", row.Filled}, {"students", row.Students}, {"placed", row.Placed}} {
			b = append(b, ", "...)
			b = appendString(b, f.name)
			b = append(b, ": "...)
			b = strconv.AppendInt(b, int64(f.n), 10)
		}
		b = append(b, '}')
	}
	var t Timings
	if opts != nil && opts.Timings != nil {
		t = *opts.Timings
		t.Write = time.Since(start)
	}
	b = append(b, "],\n  \"timings_ms\": {"...)
	for i, d := range []struct {
		name string
		d    time.Duration
	}{{"load", t.Load}, {"compile", t.Compile}, {"solve", t.Solve}, {"check", t.Check}, {"write", t.Write}} {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendString(b, d.name)
		b = append(b, ": "...)
		b = strconv.AppendFloat(b, float64(d.d.Microseconds())/1000, 'f', -1, 64)
	}
	b = append(b, "}}\n}\n"...)
	bw.Write(b)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("matching: writing result: %w", err)
	}
	return nil
}

// appendRefusals appends the "refusals" member: each student's refusals,
// for those with any.
func appendRefusals(bw *bufio.Writer, b []byte, r *Result, st []model.Student, ps []model.Position) []byte {
	b = append(b, ",\n \"refusals\": ["...)
	return appendList(bw, b, len(st), func(b []byte, s int) ([]byte, bool) {
		why := r.Why(s)
		if len(why) == 0 {
			return b, false
		}
		b = append(b, "{\"student\": "...)
		b = appendString(b, st[s].ID)
		b = append(b, ", \"refusals\": ["...)
		for i, ref := range why {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, "{\"position\": "...)
			b = appendString(b, ps[ref.Position].ID)
			b = append(b, ", \"rank\": "...)
			b = strconv.AppendInt(b, int64(ref.Rank), 10)
			b = append(b, ", \"kind\": "...)
			b = appendString(b, ref.Kind.String())
			b = append(b, ", \"detail\": "...)
			b = appendString(b, ref.Detail)
			b = append(b, '}')
		}
		return append(b, "]}"...), true
	})
}

// appendList appends the records of a JSON list whose "[" the caller has
// written, one a line, and its "]": rec appends record i and reports true,
// or reports false to leave i out. It hands what it has to bw as the buffer
// grows, so a million records never sit in memory at once.
func appendList(bw *bufio.Writer, b []byte, n int, rec func(b []byte, i int) ([]byte, bool)) []byte {
	first := true
	for i := range n {
		mark := len(b)
		if !first {
			b = append(b, ',')
		}
		b = append(b, "\n  "...)
		var ok bool
		if b, ok = rec(b, i); !ok {
			b = b[:mark]
			continue
		}
		first = false
		if len(b) > 1<<12 {
			bw.Write(b)
			b = b[:0]
		}
	}
	if !first {
		b = append(b, "\n "...)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}

// WriteResultCSV writes r as CSV, one row a student in cohort order, under
// the header
//
//	student,student_name,school,school_name,major,level,home_region,
//	position,position_name,enterprise,enterprise_name,position_region,rank,reason,
//	cohort_fingerprint,mechanism,objective,seed,tie_break,reserve_order
//
// ([StudentColumns], [PositionColumns], then rank, reason, the
// [model.Cohort.Fingerprint] of the cohort and the run: the mechanism,
// the objective (empty for a stable one), the seed, tie-break and reserve
// order, the same on every row, so that sorting or filtering the rows in
// Excel keeps them). An unplaced student has
// empty position columns and rank, and the reason in words
// ([Reason.String]); a placed one an empty reason. Readers
// ([ReadResultCSV]) key on student, position, rank, cohort_fingerprint and
// the run's columns and ignore the others. The file carries no
// certificate: an optimal allocation is better written as JSON or in a
// workbook, which carry it. The file starts with a UTF-8 byte
// order mark, for Excel ([csvtext.WriteBOM]). It runs in O(S) time.
//
// It writes in English; [WriteResultCSVWith] writes in Chinese too.
func WriteResultCSV(w io.Writer, r *Result) error {
	return WriteResultCSVWith(w, r, nil)
}

// CSVOptions tunes [WriteResultCSVWith]. A nil *CSVOptions means the zero
// value.
type CSVOptions struct {
	// Language is the language of the header and of the words in the
	// cells. Chinese (language.SimplifiedChinese, or Chinese in any other
	// script or region) writes the header in Chinese ([ResultName]: 学生,
	// 姓名,学校,学校名称,专业,层次,生源地,岗位,岗位名称,企业,企业名称,
	// 岗位所在地,志愿位次,未分配原因,数据指纹,分配方式,目标,随机种子,抽签方式,
	// 名额顺序), the level as 中职 or 高职
	// and the reason as a planner's sentence (internal/words); anything
	// else, the zero value included, writes English, byte for byte as
	// [WriteResultCSV]. IDs, ranks and the fingerprint are the same in
	// every language, and [ReadResultCSV] reads both.
	Language language.Tag
}

// WriteResultCSVWith writes r as [WriteResultCSV] does, in the language
// of opts.
func WriteResultCSVWith(w io.Writer, r *Result, opts *CSVOptions) error {
	t := lang.English
	if opts != nil {
		t = tableLang(opts.Language)
	}
	if err := csvtext.WriteBOM(w); err != nil {
		return fmt.Errorf("matching: writing result: %w", err)
	}
	// The cohort's fingerprint and the run's parameters, on every row
	// (a CSV file has no other place): what check, explain and report
	// need to read the result back as it was computed.
	run := []string{r.inst.cohort.Fingerprint(), r.mech.String(), "", strconv.FormatUint(r.inst.Seed(), 10),
		r.inst.TieBreak().String(), r.inst.ReserveOrder().String()}
	if o, ok := r.Optimum(); ok {
		run[2] = o.Objective.String()
	}
	rd, isRound := roundOf(r)
	if isRound {
		run = append(run, strconv.Itoa(rd.Number), rd.Previous, rd.Responses, rd.Lottery,
			AnswerWord(t, answerOf(rd.Placed)), AnswerWord(t, answerOf(rd.Unplaced)))
	}
	cw := csv.NewWriter(w)
	cw.Write(resultCSVHeader(t, isRound))
	for s := range r.pos {
		cw.Write(append(append(resultCSVRow(t, r, s), run...), RoundCells(t, r, s)...))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("matching: writing result: %w", err)
	}
	return nil
}

// ResultFile is what a result file says, read back against its cohort.
type ResultFile struct {
	Format string
	Cohort string
	// Fingerprint is the [model.Cohort.Fingerprint] of the cohort the
	// result was computed on, or "" in files written before results
	// carried it. Readers of every format fill it from the file; see
	// [SameCohort].
	Fingerprint string
	Mechanism   string
	TieBreak    string
	Seed        uint64
	// ReserveOrder is the file's "reserve_order" ("reserved-first",
	// "open-first", or empty in files written before reserves were
	// honoured, meaning the default); parse it with [ParseReserveOrder].
	ReserveOrder string
	// StudentsTotal is the number of students the file claims.
	StudentsTotal int
	// Objective, ObjectiveValue and Certificate are what an optimal
	// allocation's file states: the objective's name (parse it with
	// [ParseObjective]), the value claimed for each criterion, and the
	// certificate (nil when the file has none). Empty for other files.
	Objective      string
	ObjectiveValue []CriterionValue
	Certificate    *Certificate
	// Placements lists the file's assignments then its unplaced students,
	// in file order, with student and position IDs resolved to cohort
	// indices (Position -1 for the unplaced). Students missing or
	// repeated are kept as they are, for [Check] to report.
	Placements []Placement
	// Round is what the file says of its round: Number 1 and the rest
	// empty for a main round's file (and every file that does not say).
	Round ResultRound
	// Rows are the file's rows as written, in the order of Placements
	// but including rows whose IDs the cohort lacks (read with
	// ReadOptions.Previous), with each round student's answer and
	// previous seat. [ResultFile.ResultFingerprint] reads them.
	Rows []ResultRow
	// Problems are, for a file read with ReadOptions.Previous, its rows
	// naming a student or a position the cohort lacks (in file order);
	// empty otherwise (such rows are then an error).
	Problems []ResultProblem
}

// ErrCohortChanged is wrapped by the error of a result file computed on
// another version of the cohort it is read against (see [SameCohort]).
var ErrCohortChanged = errors.New("matching: the cohort has changed since the result was computed")

// CohortChangedError says that a result was computed on another version
// of the cohort: Cohort is the fingerprint of the cohort given, Result
// that of the cohort the result was computed on.
type CohortChangedError struct {
	Cohort, Result string
	// Unnamed is set when the file names no cohort (a CSV result): its
	// fingerprint may as well be of another cohort as of this one
	// changed.
	Unnamed bool
}

func (e *CohortChangedError) Error() string {
	if e.Unnamed {
		return fmt.Sprintf("matching: this result is of another cohort, or of this one changed since (fingerprint %s, result computed on %s)", e.Cohort, e.Result)
	}
	return fmt.Sprintf("matching: the cohort has changed since this result was computed (fingerprint %s, result computed on %s)", e.Cohort, e.Result)
}

// Unwrap returns ErrCohortChanged.
func (e *CohortChangedError) Unwrap() error { return ErrCohortChanged }

// OtherCohortError says that a result file names a cohort (Result) other
// than the one it is read against (Cohort). The readers return it before
// they resolve any row: the IDs another cohort does not have are a
// consequence of the mix-up.
type OtherCohortError struct {
	Result, Cohort string
}

func (e *OtherCohortError) Error() string {
	return fmt.Sprintf("matching: a result of cohort %q, not of %q", e.Result, e.Cohort)
}

// Unwrap returns ErrResultFile.
func (e *OtherCohortError) Unwrap() error { return ErrResultFile }

// CheckCohort returns an *[OtherCohortError] when name, the cohort a
// result file names, is not c's (both given), else what [SameCohort]
// returns for fingerprint. Readers call it before they resolve the rows.
func CheckCohort(c *model.Cohort, name, fingerprint string) error {
	if name != "" && c.Name() != "" && name != c.Name() {
		return &OtherCohortError{Result: name, Cohort: c.Name()}
	}
	return SameCohort(c, fingerprint)
}

// SameCohort returns a *[CohortChangedError] when fingerprint, a result
// file's, is not empty and is not c's; nil otherwise (a file without a
// fingerprint, written before results carried one, is taken on trust).
func SameCohort(c *model.Cohort, fingerprint string) error {
	if fingerprint == "" {
		return nil
	}
	if fp := c.Fingerprint(); fp != fingerprint {
		return &CohortChangedError{Cohort: fp, Result: fingerprint}
	}
	return nil
}

// ErrCohortFile is wrapped by the error of a result reader given a
// cohort's file (it has students or positions, and no assignments).
var ErrCohortFile = errors.New("a cohort, not a result")

// ErrResultFile is wrapped by every error of [ReadResultJSON] about the
// file's content.
var ErrResultFile = errors.New("matching: bad result file")

// ReadResultJSON reads a result file written by [WriteResultJSON] and
// resolves its IDs against c. Only "assignments" and "unplaced" are needed
// (a file of the core format from another tool reads too); "reserve_order"
// is read into ResultFile.ReserveOrder, and "objective",
// "objective_value" and "certificate", when present, into their fields;
// "cutoffs", "refusals" and the summary are explanations derived from the
// placements and are not read back; members it does not know are ignored.
// Member names match exactly (case included), and a member given twice is
// an error.
// A file that names a cohort other than c gets an *[OtherCohortError],
// and one of another version of c a *[CohortChangedError], before any row
// is resolved.
// It returns an error wrapping ErrResultFile when the file is not JSON,
// has neither "assignments" nor "unplaced" (it is not a result file; a
// cohort file, with students or positions, also wraps [ErrCohortFile]),
// names another "format", or names a student or
// position that c does not have (every such problem is listed, in a
// *[ResultProblemsError]). It never panics on data and runs in time linear in the
// file's size.
func ReadResultJSON(r io.Reader, c *model.Cohort) (*ResultFile, error) {
	return ReadResultJSONWith(r, c, nil)
}

// ReadResultJSONWith is [ReadResultJSON] with options: opts.Previous reads
// the file as a previous round's result against the next round's cohort
// (see [ReadOptions]). A round result's "round", "previous_result",
// "responses", "round_lottery", "no_answer_placed" and
// "no_answer_unplaced" are read into ResultFile.Round, and its
// students' "answer" and "previous_position" into ResultFile.Rows (an
// answer it does not know is a problem of its row).
func ReadResultJSONWith(r io.Reader, c *model.Cohort, opts *ReadOptions) (*ResultFile, error) {
	previous := opts != nil && opts.Previous
	var raw struct {
		Format        string `json:"format"`
		Cohort        string `json:"cohort"`
		Fingerprint   string `json:"cohort_fingerprint"`
		Mechanism     string `json:"mechanism"`
		TieBreak      string `json:"tie_break"`
		Seed          uint64 `json:"seed"`
		ReserveOrder  string `json:"reserve_order"`
		StudentsTotal int    `json:"students_total"`
		// A cohort's members, to say that the file is one.
		Students    jsontext.Value `json:"students"`
		Positions   jsontext.Value `json:"positions"`
		Assignments []struct {
			Student          *string `json:"student"`
			Position         *string `json:"position"`
			Rank             int     `json:"rank"`
			Answer           string  `json:"answer"`
			PreviousPosition string  `json:"previous_position"`
			Joined           *int    `json:"joined"`
			New              bool    `json:"new"`
		} `json:"assignments"`
		Unplaced []struct {
			Student          *string `json:"student"`
			Reason           string  `json:"reason"`
			Answer           string  `json:"answer"`
			PreviousPosition string  `json:"previous_position"`
			Joined           *int    `json:"joined"`
			New              bool    `json:"new"`
		} `json:"unplaced"`
		Round            *int   `json:"round"`
		PreviousResult   string `json:"previous_result"`
		Responses        string `json:"responses"`
		RoundLottery     string `json:"round_lottery"`
		NoAnswerPlaced   string `json:"no_answer_placed"`
		NoAnswerUnplaced string `json:"no_answer_unplaced"`
		Objective        string `json:"objective"`
		Value            []struct {
			Criterion string `json:"criterion"`
			Sense     string `json:"sense"`
			Value     int64  `json:"value"`
		} `json:"objective_value"`
		Certificate *struct {
			Phases []struct {
				Criteria   []string `json:"criteria"`
				Potentials []int64  `json:"potentials"`
			} `json:"phases"`
		} `json:"certificate"`
	}
	// The v2 decoder skips the members not read here ("cutoffs",
	// "refusals": most of a file's bytes) several times faster than
	// encoding/json.
	if err := jsonv2.UnmarshalRead(r, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrResultFile, err)
	}
	if raw.Assignments == nil && raw.Unplaced == nil {
		if raw.Students != nil || raw.Positions != nil {
			return nil, fmt.Errorf("%w: %w", ErrResultFile, ErrCohortFile)
		}
		return nil, fmt.Errorf("%w: no \"assignments\" and no \"unplaced\": not a result file", ErrResultFile)
	}
	if raw.Format != ResultFormat && raw.Format != "" {
		return nil, fmt.Errorf("%w: format %q, want %q", ErrResultFile, raw.Format, ResultFormat)
	}
	// Before the IDs: students or positions the file names and the
	// cohort does not have are a consequence of the mix-up or change.
	if !previous {
		if err := CheckCohort(c, raw.Cohort, raw.Fingerprint); err != nil {
			return nil, err
		}
	}
	number := ""
	if raw.Round != nil {
		number = strconv.Itoa(*raw.Round)
	}
	rd, err := readRound(number, raw.PreviousResult, raw.Responses, raw.RoundLottery, raw.NoAnswerPlaced, raw.NoAnswerUnplaced)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrResultFile, err)
	}
	out := &ResultFile{Round: rd, Rows: make([]ResultRow, 0, len(raw.Assignments)+len(raw.Unplaced)), Format: raw.Format, Cohort: raw.Cohort, Fingerprint: raw.Fingerprint, Mechanism: raw.Mechanism,
		TieBreak: raw.TieBreak, Seed: raw.Seed, ReserveOrder: raw.ReserveOrder, StudentsTotal: raw.StudentsTotal,
		Placements: make([]Placement, 0, len(raw.Assignments)+len(raw.Unplaced)), Objective: raw.Objective}
	for _, v := range raw.Value {
		out.ObjectiveValue = append(out.ObjectiveValue, CriterionValue{Name: v.Criterion, Maximize: v.Sense == "max", Value: v.Value})
	}
	if raw.Certificate != nil {
		out.Certificate = &Certificate{Phases: []CertificatePhase{}}
		for _, ph := range raw.Certificate.Phases {
			out.Certificate.Phases = append(out.Certificate.Phases, CertificatePhase{Criteria: ph.Criteria, Potentials: ph.Potentials})
		}
	}
	probs := NewResultProblems(c)
	unknown := NewResultProblems(c) // ReadOptions.Previous: the IDs c lacks
	unknownStudents := 0
	// missing records a row's ID that c lacks.
	missing := func(p ResultProblem) {
		if !previous {
			probs.Add(p)
			return
		}
		if p.Kind == "student" {
			unknownStudents++
		}
		unknown.Add(p)
	}
	// row records the row as written (Rows) and reports its answer's
	// problem.
	row := func(list string, i int, student, position, answer, prev string, joined *int, isNew bool) {
		rw := ResultRow{Student: student, Position: position, Sheet: list, JSON: true, Row: i}
		nw, jn := "", ""
		if isNew {
			nw = "yes"
		}
		if joined != nil {
			jn = strconv.Itoa(*joined)
		}
		if err := ReadRoundCells(&rw, rd.Number, answer, prev, jn, nw); err != nil {
			probs.Add(ResultProblem{Sheet: list, JSON: true, Row: i, Text: err.Error()})
		}
		out.Rows = append(out.Rows, rw)
	}
	student := func(list string, i int, id *string) int {
		if id == nil {
			probs.Add(ResultProblem{Sheet: list, JSON: true, Row: i, Text: "no student"})
			return -1
		}
		s, ok := c.StudentIndex(*id)
		if !ok {
			missing(ResultProblem{Sheet: list, JSON: true, Row: i, Kind: "student", Value: *id})
			return -1
		}
		return s
	}
	for i, a := range raw.Assignments {
		s := student("assignments", i, a.Student)
		if a.Position == nil {
			probs.Add(ResultProblem{Sheet: "assignments", JSON: true, Row: i, Text: "no position"})
			continue
		}
		if a.Student != nil {
			row("assignments", i, *a.Student, *a.Position, a.Answer, a.PreviousPosition, a.Joined, a.New)
		}
		p, ok := c.PositionIndex(*a.Position)
		if !ok {
			missing(ResultProblem{Sheet: "assignments", JSON: true, Row: i, Kind: "position", Value: *a.Position})
			continue
		}
		if a.Rank < 1 {
			probs.Add(ResultProblem{Sheet: "assignments", JSON: true, Row: i, Kind: "rank", Value: strconv.Itoa(a.Rank)})
			continue
		}
		if s >= 0 {
			out.Placements = append(out.Placements, Placement{Student: s, Position: p, Rank: a.Rank})
		}
	}
	for i, u := range raw.Unplaced {
		if u.Student != nil {
			row("unplaced", i, *u.Student, "", u.Answer, u.PreviousPosition, u.Joined, u.New)
		}
		if s := student("unplaced", i, u.Student); s >= 0 {
			out.Placements = append(out.Placements, Placement{Student: s, Position: -1})
		}
	}
	if previous {
		if err := unrelated(c, raw.Cohort, unknownStudents, len(out.Rows)); err != nil {
			return nil, err
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if e, ok := unknown.Err().(*ResultProblemsError); ok {
		out.Problems = e.Problems
	}
	return out, nil
}

// ReadResultCSV reads a result written by [WriteResultCSV] or
// [WriteResultCSVWith] (a header naming at least the columns student and
// position, in any order; rank and cohort_fingerprint optional; other
// columns, such as the names beside the IDs, ignored: files written before
// those were added read the same; each column named in English or in
// Chinese, [ResultKey]: 学生, 岗位, 志愿位次, 数据指纹) and
// resolves its IDs against c. A row with an empty position is an unplaced
// student. The file is read as every CSV file of the project is: UTF-8,
// UTF-16 with a byte order mark, or GB18030 (GBK, as Excel on Chinese
// Windows saves it again), the cells trimmed of spaces and the rank read
// with full-width digits (see the README's Data section). The columns
// mechanism, objective, seed, tie_break and reserve_order (分配方式, 目标,
// 随机种子, 抽签方式, 名额顺序), written since they were added, are read
// from the first row into the fields of the same names (every row must
// give the same); a file without them (written before) leaves those
// fields zero and empty, for the caller to fill.
//
// A file whose rows carry a cohort_fingerprint is a result of that
// version of the cohort: every row must give the same (else an error at the
// first that does not), and when it is not c's the error is a
// *[CohortChangedError] with Unnamed set (the file names no cohort: it
// may be of another), at the first row, before its IDs are resolved.
// Other errors wrap ErrResultFile and name the line; those of the rows
// (unknown IDs, bad ranks) are all listed in a *[ResultProblemsError]. It runs in O(S) time;
// an r that is an io.ReadSeeker (a file) is read twice and never held in
// memory, any other is read whole first.
func ReadResultCSV(r io.Reader, c *model.Cohort) (*ResultFile, error) {
	return ReadResultCSVWith(r, c, nil)
}

// ReadResultCSVWith is [ReadResultCSV] with options: opts.Previous reads
// the file as a previous round's result against the next round's cohort
// (see [ReadOptions]). A round result's columns round, previous_result,
// responses and round_lottery (轮次, 上轮结果指纹, 回复指纹, 本轮抽签) are
// read from the first row into ResultFile.Round (every row must give the
// same), and answer and previous_position (回复, 上轮岗位) into
// ResultFile.Rows (an answer it does not know is a problem of its row).
func ReadResultCSVWith(r io.Reader, c *model.Cohort, opts *ReadOptions) (*ResultFile, error) {
	previous := opts != nil && opts.Previous
	text, _, err := csvtext.NewReader(r, math.MaxInt64-1)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrResultFile, err)
	}
	cr := csv.NewReader(text)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrResultFile, err)
	}
	col := map[string]int{"student": -1, "position": -1, "rank": -1, "cohort_fingerprint": -1}
	for _, k := range resultCSVRun {
		col[k] = -1
	}
	for _, k := range resultCSVRound {
		col[k] = -1
	}
	col["new"] = -1 // round results written before joined (ReadRoundCells)
	for i, h := range header {
		h = ResultKey(csvtext.TrimCell(h))
		if j, ok := col[h]; ok && j < 0 {
			col[h] = i
		}
	}
	if col["student"] < 0 || col["position"] < 0 {
		for _, h := range header {
			if csvtext.TrimCell(h) == "id" { // students.csv or positions.csv of a cohort
				return nil, fmt.Errorf("%w: %w", ErrResultFile, ErrCohortFile)
			}
		}
		missing := "student"
		if col["student"] >= 0 {
			missing = "position"
		}
		t := lang.English // the header's language, to name the column in
		for _, h := range header {
			if h = csvtext.TrimCell(h); ResultKey(h) != h {
				t = lang.Chinese
			}
		}
		return nil, &ResultProblemsError{Problems: []ResultProblem{{Row: 1, Kind: "column", Value: ResultName(t, missing)}}}
	}
	out := &ResultFile{Placements: []Placement{}, Rows: []ResultRow{}, Round: ResultRound{Number: 1}}
	probs := NewResultProblems(c)
	unknown := NewResultProblems(c) // ReadOptions.Previous: the IDs c lacks
	unknownStudents := 0
	missing := func(p ResultProblem) {
		if !previous {
			probs.Add(p)
			return
		}
		if p.Kind == "student" {
			unknownStudents++
		}
		unknown.Add(p)
	}
	var round []string // the round's columns of the first row
	field := func(rec []string, name string) string {
		if i := col[name]; i >= 0 && i < len(rec) {
			return csvtext.TrimCell(rec[i])
		}
		return ""
	}
	fpLine := 0      // the line the fingerprint was first read from
	var run []string // the run's columns of the first row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrResultFile, err)
		}
		line, _ := cr.FieldPos(0)
		if col["cohort_fingerprint"] >= 0 {
			switch fp := field(rec, "cohort_fingerprint"); {
			case fpLine == 0:
				out.Fingerprint, fpLine = fp, line
				// Before the IDs: a CSV result names no cohort,
				// so a fingerprint not c's is of another cohort
				// or of this one changed.
				if err := SameCohort(c, fp); err != nil && !previous {
					err.(*CohortChangedError).Unnamed = true
					return nil, err
				}
			case fp != out.Fingerprint:
				return nil, fmt.Errorf("%w: line %d: cohort_fingerprint %q, but line %d has %q: rows of two results", ErrResultFile, line, fp, fpLine, out.Fingerprint)
			}
		}
		if run == nil {
			for _, k := range resultCSVRun {
				run = append(run, field(rec, k))
			}
			out.Mechanism, out.Objective, out.TieBreak, out.ReserveOrder = run[0], run[1], run[3], run[4]
			if run[2] != "" {
				n, err := strconv.ParseUint(csvtext.NumberCell(run[2]), 10, 64)
				if err != nil {
					return nil, fmt.Errorf("%w: line %d: seed %q is not a whole number", ErrResultFile, line, run[2])
				}
				out.Seed = n
			}
		} else {
			for i, k := range resultCSVRun {
				if v := field(rec, k); v != run[i] {
					return nil, fmt.Errorf("%w: line %d: %s %q, but the first row has %q: rows of two results", ErrResultFile, line, k, v, run[i])
				}
			}
		}
		if round == nil {
			for _, k := range resultCSVRound[:roundItems] {
				round = append(round, field(rec, k))
			}
			if out.Round, err = readRound(round[0], round[1], round[2], round[3], round[4], round[5]); err != nil {
				return nil, fmt.Errorf("%w: line %d: %v", ErrResultFile, line, err)
			}
		} else {
			for i, k := range resultCSVRound[:roundItems] {
				if v := field(rec, k); v != round[i] {
					return nil, fmt.Errorf("%w: line %d: %s %q, but the first row has %q: rows of two results", ErrResultFile, line, k, v, round[i])
				}
			}
		}
		rw := ResultRow{Student: field(rec, "student"), Position: field(rec, "position"), Row: line}
		if err := ReadRoundCells(&rw, out.Round.Number, field(rec, "answer"), field(rec, "previous_position"), field(rec, "joined"), field(rec, "new")); err != nil {
			probs.Add(ResultProblem{Row: line, Text: err.Error()})
		}
		out.Rows = append(out.Rows, rw)
		s, ok := c.StudentIndex(field(rec, "student"))
		if !ok {
			missing(ResultProblem{Row: line, Kind: "student", Value: field(rec, "student")})
			if id := field(rec, "position"); previous && id != "" {
				if _, ok := c.PositionIndex(id); !ok { // every ID the cohort lacks, as from JSON
					missing(ResultProblem{Row: line, Kind: "position", Value: id})
				}
			}
			continue
		}
		pl := Placement{Student: s, Position: -1}
		if id := field(rec, "position"); id != "" {
			p, ok := c.PositionIndex(id)
			if !ok {
				missing(ResultProblem{Row: line, Kind: "position", Value: id})
				continue
			}
			pl.Position = p
			if rk := csvtext.NumberCell(field(rec, "rank")); rk != "" {
				n, err := strconv.Atoi(rk)
				if err != nil || n < 1 {
					probs.Add(ResultProblem{Row: line, Kind: "rank", Value: field(rec, "rank")})
					continue
				}
				pl.Rank = n
			}
		}
		out.Placements = append(out.Placements, pl)
	}
	if previous {
		if err := unrelated(c, "", unknownStudents, len(out.Rows)); err != nil {
			return nil, err
		}
	} else if err := SameCohort(c, out.Fingerprint); err != nil {
		return nil, err
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if e, ok := unknown.Err().(*ResultProblemsError); ok {
		out.Problems = e.Problems
	}
	out.StudentsTotal = len(out.Placements)
	return out, nil
}

// appendCertificate appends the certificate member of an optimal
// allocation's file, handing full buffers to bw: a phase's potentials are
// one a node, 16 a line.
func appendCertificate(bw *bufio.Writer, b []byte, cert *Certificate) []byte {
	b = append(b, ",\n \"certificate\": {\"phases\": ["...)
	for i, ph := range cert.Phases {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n  {\"criteria\": ["...)
		for j, name := range ph.Criteria {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = appendString(b, name)
		}
		b = append(b, "], \"potentials\": ["...)
		for j, v := range ph.Potentials {
			switch {
			case j%16 == 0:
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n   "...)
			default:
				b = append(b, ", "...)
			}
			b = strconv.AppendInt(b, v, 10)
			if len(b) > 1<<12 {
				bw.Write(b)
				b = b[:0]
			}
		}
		b = append(b, "]}"...)
	}
	return append(b, "\n ]}"...)
}
