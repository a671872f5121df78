package model

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/csvtext"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
)

// checkWritable refuses responses that the readers would not read back as
// they are: an empty or ill-formed student ID, a student twice, an answer
// out of range, new choices on an answer other than continue, a choice
// that is no ID, and, for a table (CSV, Excel), an empty new list or a
// choice with a list separator in it, which a cell cannot tell apart.
func checkWritable(rs *Responses, table bool) error {
	if len(rs.Responses) == 0 {
		return errors.New("model: writing responses: no responses (a responses file holds at least one)")
	}
	if rs.Result != "" {
		if err := checkID(rs.Result); err != nil {
			return fmt.Errorf("model: writing responses: result: %w", err)
		}
	}
	seen := make(map[string]bool, len(rs.Responses))
	for i := range rs.Responses {
		r := &rs.Responses[i]
		fail := func(err error) error {
			return fmt.Errorf("model: writing responses: response %d (student %q): %w", i+1, r.Student, err)
		}
		if err := checkID(r.Student); err != nil || r.Student == "" {
			if err == nil {
				err = errorf(ErrEmptyID, "the response names no student")
			}
			return fail(err)
		}
		if seen[r.Student] {
			return fail(fmt.Errorf("%w: the student answered twice", ErrDuplicateID))
		}
		seen[r.Student] = true
		if int(r.Answer) >= len(answerCodes) {
			return fail(fmt.Errorf("%w: unknown answer %d", ErrInvalidValue, int(r.Answer)))
		}
		if !r.HasChoices {
			if len(r.Choices) > 0 {
				return fail(fmt.Errorf("%w: choices given without HasChoices", ErrInvalidValue))
			}
			continue
		}
		if r.Answer != Continue {
			return fail(errorf(ErrInvalidValue, "new choices are for continue only, not for the answer %q", r.Answer.String()))
		}
		if table && len(r.Choices) == 0 {
			return fail(fmt.Errorf("%w: an empty new list cannot be written in a table; write JSON", ErrInvalidValue))
		}
		got := make(map[string]bool, len(r.Choices))
		for _, c := range r.Choices {
			if err := checkID(c); err != nil || c == "" {
				if err == nil {
					err = errorf(ErrSyntax, "an empty item in the list %q", strings.Join(r.Choices, ";"))
				}
				return fail(err)
			}
			if got[c] {
				return fail(errorf(ErrDuplicateChoice, "position %q listed twice", c))
			}
			got[c] = true
			if table && (strings.IndexFunc(c, csvtext.IsListSep) >= 0 || strings.TrimFunc(c, csvtext.IsCellSpace) != c) {
				return fail(fmt.Errorf("position %q cannot be written in a list cell", c))
			}
		}
	}
	if table {
		for _, s := range append([]string{rs.Result}, studentsOf(rs)...) {
			if strings.TrimFunc(s, csvtext.IsCellSpace) != s {
				return fmt.Errorf("model: writing responses: %q has spaces around it that a cell drops", s)
			}
		}
	}
	return nil
}

func studentsOf(rs *Responses) []string {
	out := make([]string, len(rs.Responses))
	for i := range rs.Responses {
		out[i] = rs.Responses[i].Student
	}
	return out
}

// WriteResponsesJSON writes rs in the JSON format that [ReadResponsesJSON]
// reads, a response a line, omitting an empty result, a NoAnswer and
// choices not given. It refuses responses the reader would not read back
// as they are (an empty or duplicate student, choices on an answer other
// than continue). Reading what it wrote gives rs again (the lines aside).
func WriteResponsesJSON(w io.Writer, rs *Responses) error {
	if err := checkWritable(rs, false); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	q := func(s string) string {
		b, _ := json.Marshal(s)
		return string(b)
	}
	bw.WriteString("{\n")
	if rs.Result != "" {
		bw.WriteString("  \"result\": " + q(rs.Result) + ",\n")
	}
	bw.WriteString("  \"responses\": [\n")
	for i := range rs.Responses {
		r := &rs.Responses[i]
		bw.WriteString("    {\"student\": " + q(r.Student))
		if r.Answer != NoAnswer {
			bw.WriteString(", \"answer\": " + q(r.Answer.String()))
		}
		if r.HasChoices {
			bw.WriteString(", \"choices\": [")
			for k, c := range r.Choices {
				if k > 0 {
					bw.WriteString(", ")
				}
				bw.WriteString(q(c))
			}
			bw.WriteString("]")
		}
		bw.WriteString("}")
		if i < len(rs.Responses)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
}

// ResponsesTable returns rs as the table that [WriteResponsesCSV] writes
// and model/xlsx writes as a sheet: named "responses" (in Chinese "回复"),
// with the columns student, answer, choices and result (学生, 回复, 新志愿,
// 上轮结果指纹 in Chinese), the answers as code words (Chinese words),
// lists joined with ";", the result on the first row only (no result
// column when rs names none). It refuses what [WriteResponsesCSV] refuses.
func ResponsesTable(rs *Responses, t language.Tag) (*Table, error) {
	if err := checkWritable(rs, true); err != nil {
		return nil, err
	}
	zh := t == lang.Chinese
	tab := &Table{Name: "responses", Columns: []string{"student", "answer", "choices"}, Len: len(rs.Responses)}
	if zh {
		tab.Name, tab.Columns = "回复", []string{"学生", "回复", "新志愿"}
	}
	if rs.Result != "" {
		tab.Columns = append(tab.Columns, map[bool]string{false: "result", true: "上轮结果指纹"}[zh])
	}
	tab.row = func(i int, fields []string) {
		r := &rs.Responses[i]
		fields[0] = r.Student
		fields[1] = r.Answer.String()
		if zh && r.Answer != NoAnswer {
			fields[1] = words.Answer(t, r.Answer.String())
		}
		fields[2] = strings.Join(r.Choices, ";")
		if len(fields) > 3 {
			fields[3] = ""
			if i == 0 {
				fields[3] = rs.Result
			}
		}
	}
	return tab, nil
}

// WriteResponsesCSV writes rs in the CSV format that [ReadResponsesCSV]
// reads, as [ResponsesTable] lays it out, the headers and answers in
// language t (Simplified Chinese or English), in UTF-8 with a byte order
// mark so that Excel opens it as UTF-8. It refuses responses the reader
// would not read back as they are (see [WriteResponsesJSON]; also an
// empty new list, which a cell cannot tell from none). Reading what it
// wrote gives rs again (the lines aside).
func WriteResponsesCSV(w io.Writer, rs *Responses, t language.Tag) error {
	tab, err := ResponsesTable(rs, t)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := csvtext.WriteBOM(bw); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.Write(tab.Columns)
	fields := make([]string, len(tab.Columns))
	for i := range tab.Len {
		cw.Write(tab.Row(i, fields))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
