package model_test

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		in   string
		want model.Answer
		bad  bool
	}{
		{"", model.NoAnswer, false},
		{"  ", model.NoAnswer, false},
		{"accept", model.Accept, false},
		{"ACCEPT", model.Accept, false},
		{" hold\u3000", model.Hold, false},
		{"decline", model.Decline, false},
		{"continue", model.Continue, false},
		{"withdraw", model.Withdraw, false},
		{"接受", model.Accept, false},
		{"保留", model.Hold, false},
		{"保留并候补", model.Hold, false},
		{"放弃", model.Decline, false},
		{"继续", model.Continue, false},
		{"退出", model.Withdraw, false},
		{"acept", model.NoAnswer, true},
		{"yes", model.NoAnswer, true},
		{"同意", model.Accept, false},
		{"候补", model.Hold, false},
		{"拒绝", model.Decline, false},
		{"未回复（按接受）", model.Accept, false},
		{"已在前几轮放弃", model.Decline, false},
		{"no answer (continue)", model.Continue, false},
		{"好的", model.NoAnswer, true},
	}
	for _, tt := range tests {
		got, err := model.ParseAnswer(tt.in)
		if got != tt.want || (err != nil) != tt.bad {
			t.Errorf("ParseAnswer(%q) = %v, %v; want %v, bad %v", tt.in, got, err, tt.want, tt.bad)
		}
		if tt.bad && !errors.Is(err, model.ErrInvalidValue) {
			t.Errorf("ParseAnswer(%q): %v does not wrap ErrInvalidValue", tt.in, err)
		}
	}
	// Every answer's code word reads back as the answer.
	for a := model.NoAnswer; a <= model.Withdraw; a++ {
		if got, err := model.ParseAnswer(a.String()); got != a || err != nil {
			t.Errorf("ParseAnswer(%q) = %v, %v", a.String(), got, err)
		}
	}
	if s := model.Answer(9).String(); s != "answer(9)" {
		t.Errorf("Answer(9) = %q", s)
	}
}

// readResponses reads in as the format of name's extension.
func readResponses(name string, in []byte) (*model.Responses, error) {
	if strings.HasSuffix(name, ".json") {
		return model.ReadResponsesJSON(bytes.NewReader(in), name)
	}
	return model.ReadResponsesCSV(bytes.NewReader(in), name)
}

// TestResponsesProblems: each bad file is rejected with every problem,
// located, in English and in Chinese (goldens), wrapping the sentinels
// said.
func TestResponsesProblems(t *testing.T) {
	tests := []struct {
		name, file, in string
		is             []error
		lines          []int // the lines of the problems, in order
	}{
		{"unknown-answer", "r.csv", "student,answer\nS1,acept\nS2,hold\nS3,宝留\nS4,yes\n",
			[]error{model.ErrInvalidValue}, []int{2, 4, 5}},
		{"missing-student", "r.csv", "student,answer\nS1,accept\n,decline\n  ,hold\n",
			[]error{model.ErrEmptyID}, []int{3, 4}},
		{"duplicate", "r.csv", "student,answer\nS1,accept\nS2,hold\nS1,decline\n",
			[]error{model.ErrDuplicateID}, []int{2, 4}},
		{"choices-not-continue", "r.csv", "student,answer,choices\nS1,hold,P1\nS2,continue,P2;P3\nS3,,P4\n",
			[]error{model.ErrInvalidValue}, []int{2, 4}},
		{"bad-list", "r.csv", "student,answer,choices\nS1,continue,P1;;P2\nS2,continue,P3;P3\n",
			[]error{model.ErrSyntax, model.ErrDuplicateChoice}, []int{2, 3}},
		{"no-responses", "r.csv", "student,answer,备注\n\n,,\n", []error{model.ErrSyntax}, []int{0}},
		{"empty", "r.csv", "", []error{model.ErrSyntax}, []int{0}},
		{"missing-column", "r.csv", "学生,备注\nS1,x\n", []error{model.ErrSyntax}, []int{1}},
		{"duplicate-column", "r.csv", "student,answer,回复\nS1,hold,接受\n", []error{model.ErrSyntax}, []int{1}},
		{"result-conflict", "r.csv", "student,answer,result\nS1,hold,abc\nS2,accept,\nS3,accept,abd\n",
			[]error{model.ErrInvalidValue}, []int{4}},
		{"zh", "回复.csv", "学生,回复,新志愿,上轮结果指纹\nS1,接收,,\nS2,保留,P1,\n,继续,,\nS4,继续,P1、、P2,\n",
			[]error{model.ErrInvalidValue, model.ErrEmptyID, model.ErrSyntax}, []int{2, 3, 4, 5}},
		{"csv-quote", "r.csv", "student,answer\nS1,\"hold\n", []error{model.ErrSyntax}, []int{2}},
		{"json-types", "r.json", "{\"result\": 5, \"responses\": [\n{\"student\": 7, \"answer\": \"hold\"},\n{\"student\": \"S2\", \"answer\": [\"hold\"]},\n{\"student\": \"S3\", \"answer\": \"continue\", \"choices\": \"P1\"},\n{\"student\": \"S4\", \"answer\": \"continue\", \"choices\": [\"P1\", 2]},\n\"S5\"\n]}",
			[]error{model.ErrSyntax}, []int{1, 2, 3, 4, 5, 6}},
		{"json-problems", "r.json", "{\n\"responses\": [\n{\"student\": \"S1\", \"answer\": \"acept\"},\n{\"student\": \"\", \"answer\": \"hold\"},\n{\"student\": \"S3\", \"answer\": \"hold\", \"choices\": [\"P1\"]},\n{\"student\": \"S1\", \"answer\": \"accept\"}\n]}",
			[]error{model.ErrInvalidValue, model.ErrEmptyID, model.ErrDuplicateID}, []int{3, 3, 4, 5, 6}},
		{"json-syntax", "r.json", "{\"responses\": [\n{\"student\": \"S1\", \"answer\": \"hold\"}\n{\"student\": \"S2\"}]}", []error{model.ErrSyntax}, []int{3}},
		{"json-empty", "r.json", "{\"responses\": []}", []error{model.ErrSyntax}, []int{0}},
		{"json-not-object", "r.json", "[1, 2]", []error{model.ErrSyntax}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := readResponses(tt.file, []byte(tt.in))
			require.Nil(t, rs)
			var ve *model.ValidationError
			require.ErrorAs(t, err, &ve)
			for _, s := range tt.is {
				if !errors.Is(err, s) {
					t.Errorf("does not wrap %v: %v", s, err)
				}
			}
			var lines []int
			for _, p := range ve.Problems {
				if p.File != tt.file {
					t.Errorf("problem of file %q, want %q: %v", p.File, tt.file, p)
				}
				lines = append(lines, p.Line)
			}
			if d := cmp.Diff(tt.lines, lines); d != "" {
				t.Errorf("lines (-want +got):\n%s\n%v", d, err)
			}
			if !strings.HasPrefix(err.Error(), "model: responses rejected: ") {
				t.Errorf("not worded as a responses file: %v", err)
			}
			zh := ve.Text(lang.Chinese)
			if !strings.HasPrefix(zh, "回复未通过校验") {
				t.Errorf("not in Chinese: %s", zh)
			}
			got := "== en ==\n" + err.Error() + "\n== zh ==\n" + zh + "\n"
			golden.Check(t, filepath.Join("testdata", "responses", tt.name+".golden"), got)
		})
	}
}

// A value under no header is a warning, once a column.
func TestResponsesNoHeader(t *testing.T) {
	rs, err := model.ReadResponsesCSV(strings.NewReader("student,answer,\nS1,hold,x,y\nS2,accept,z\nS3,decline\n"), "r.csv")
	require.NoError(t, err)
	require.Len(t, rs.Responses, 3)
	var got []string
	for _, w := range rs.Warnings {
		got = append(got, w.Error())
	}
	require.Equal(t, []string{"r.csv:1: warning: column 3 has no header; its values are ignored", "r.csv:1: warning: column 4 has no header; its values are ignored"}, got)
}

// A JSON file saved by Notepad starts with a byte order mark.
func TestResponsesJSONBOM(t *testing.T) {
	rs, err := model.ReadResponsesJSON(strings.NewReader("\uFEFF{\"responses\": [{\"student\": \"S1\", \"answer\": \"接受\"}]}"), "r.json")
	require.NoError(t, err)
	require.Equal(t, []model.Response{{Student: "S1", Answer: model.Accept, Line: 1}}, rs.Responses)
}

// An unknown answer is suggested in the script it was typed in.
func TestResponsesSuggestions(t *testing.T) {
	tests := []struct{ typed, want string }{
		{"acept", "accept"}, {"Hlod", ""}, {"hodl", ""}, {"continu", "continue"}, {"withdrew", "withdraw"},
		{"declined", "decline"}, {"接收", "接受"}, {"保流", "保留"}, {"yes", ""}, {"放弃了", "放弃"},
	}
	for _, tt := range tests {
		_, err := model.ReadResponsesCSV(strings.NewReader("student,answer\nS1,"+tt.typed+"\n"), "r.csv")
		var ve *model.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Len(t, ve.Problems, 1)
		var got string
		if ss := ve.Problems[0].Suggestions; len(ss) > 0 {
			got = ss[0].ID
		}
		if got != tt.want {
			t.Errorf("%q: suggested %q, want %q (%v)", tt.typed, got, tt.want, err)
		}
	}
}

// plannerResponses are the responses of the planner's files below.
var plannerResponses = []model.Response{
	{Student: "S0001", Answer: model.Accept},
	{Student: "S0002", Answer: model.Hold},
	{Student: "S0003", Answer: model.Decline},
	{Student: "S0004", Answer: model.Continue, Choices: []string{"P01", "P02", "P03"}, HasChoices: true},
	{Student: "S0005", Answer: model.Withdraw},
	{Student: "S0006", Answer: model.Hold},
	{Student: "S0007", Answer: model.NoAnswer},
}

// plannerCSV is a responses sheet as a planner saves it from Excel: zh
// headers and words, trailing spaces, full-width separators, a notes
// column, a blank row.
const plannerCSV = "学生,回复,新志愿,上轮结果指纹,备注\r\n" +
	"S0001 ,接受,,abc123,\r\n" +
	"S0002,保留 ,,,想去更好的\r\n" +
	"S0003,放弃,,,读2+3\r\n" +
	"S0004,继续,P01； P02、P03 ,abc123,\r\n" +
	",,,,\r\n" +
	"S0005,退出,,,参军\r\n" +
	"S0006,保留并候补,,,\r\n" +
	"S0007,,,,未回复\r\n"

func encode(t *testing.T, s string, enc encoding.Encoding) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

// TestResponsesPlanner: the planner's file read in every encoding Excel
// saves, the notes column a warning only.
func TestResponsesPlanner(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		converted bool
	}{
		{"utf8", []byte(plannerCSV), false},
		{"utf8-bom", []byte("\uFEFF" + plannerCSV), false},
		{"gbk", encode(t, plannerCSV, simplifiedchinese.GBK), true},
		{"gb18030", encode(t, plannerCSV, simplifiedchinese.GB18030), true},
		{"utf16le", encode(t, plannerCSV, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)), true},
		{"utf16be", encode(t, plannerCSV, unicode.UTF16(unicode.BigEndian, unicode.UseBOM)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := model.ReadResponsesCSV(bytes.NewReader(tt.data), "回复.csv")
			require.NoError(t, err)
			require.Equal(t, "abc123", rs.Result)
			if d := cmp.Diff(plannerResponses, rs.Responses, cmp.FilterPath(func(p cmp.Path) bool {
				return p.Last().String() == ".Line"
			}, cmp.Ignore())); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			var lines []int
			for _, r := range rs.Responses {
				lines = append(lines, r.Line)
			}
			require.Equal(t, []int{2, 3, 4, 5, 7, 8, 9}, lines)
			var msgs []string
			for _, w := range rs.Warnings {
				require.Equal(t, model.SeverityWarning, w.Severity)
				msgs = append(msgs, w.Text(lang.Chinese))
			}
			want := []string{`回复.csv:1：备注：警告：未知的列 "备注" 已忽略`}
			if tt.converted {
				want = append([]string{msgs[0]}, want...)
				require.Contains(t, msgs[0], "已从")
			}
			require.Equal(t, want, msgs)
		})
	}
}

// The responses of the round trips: every answer, a new list, an empty
// new list (JSON only), IDs that need quoting.
func roundTripResponses(table bool) *model.Responses {
	rs := &model.Responses{Result: "9f86d081884c7d65", Responses: []model.Response{
		{Student: "S2", Answer: model.Hold},
		{Student: "S1", Answer: model.Accept},
		{Student: "S3", Answer: model.Decline},
		{Student: "S4", Answer: model.Continue, Choices: []string{"P2", "P1"}, HasChoices: true},
		{Student: "S5", Answer: model.Continue},
		{Student: "S6", Answer: model.Withdraw},
		{Student: "S7"},
		{Student: `S,"8"`, Answer: model.Continue, Choices: []string{`P "x"`, "P,y"}, HasChoices: true},
		{Student: "学生9", Answer: model.Hold},
	}}
	if !table {
		rs.Responses = append(rs.Responses, model.Response{Student: "S10", Answer: model.Continue, Choices: []string{}, HasChoices: true})
	}
	return rs
}

// content is rs without what the formats do not keep (lines, warnings).
func content(rs *model.Responses) *model.Responses {
	out := &model.Responses{Result: rs.Result}
	for _, r := range rs.Responses {
		r.Line = 0
		if r.HasChoices && r.Choices == nil {
			r.Choices = []string{}
		}
		out.Responses = append(out.Responses, r)
	}
	return out
}

func TestResponsesRoundTrip(t *testing.T) {
	type format struct {
		name  string
		table bool
		write func(*bytes.Buffer, *model.Responses) error
		read  func([]byte) (*model.Responses, error)
	}
	csvIn := func(tag language.Tag) format {
		return format{"csv-" + tag.String(), true,
			func(b *bytes.Buffer, rs *model.Responses) error { return model.WriteResponsesCSV(b, rs, tag) },
			func(b []byte) (*model.Responses, error) { return model.ReadResponsesCSV(bytes.NewReader(b), "r.csv") }}
	}
	formats := []format{
		{"json", false,
			func(b *bytes.Buffer, rs *model.Responses) error { return model.WriteResponsesJSON(b, rs) },
			func(b []byte) (*model.Responses, error) { return model.ReadResponsesJSON(bytes.NewReader(b), "r.json") }},
		csvIn(language.English), csvIn(lang.Chinese),
	}
	fps := map[string]string{}
	for _, f := range formats {
		for _, noResult := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/noresult=%v", f.name, noResult), func(t *testing.T) {
				rs := roundTripResponses(f.table)
				if noResult {
					rs.Result = ""
				}
				var b bytes.Buffer
				require.NoError(t, f.write(&b, rs))
				got, err := f.read(b.Bytes())
				require.NoError(t, err, b.String())
				require.Empty(t, got.Warnings)
				if d := cmp.Diff(content(rs), content(got)); d != "" {
					t.Errorf("(-want +got):\n%s\n%s", d, b.String())
				}
				for i, r := range got.Responses {
					if r.Line <= 0 {
						t.Errorf("response %d has no line", i)
					}
				}
				require.Equal(t, rs.Fingerprint(), got.Fingerprint())
				if f.table && !noResult {
					fps[f.name] = got.Fingerprint()
				}
				// Written again, the same bytes.
				var b2 bytes.Buffer
				require.NoError(t, f.write(&b2, got))
				require.Equal(t, b.String(), b2.String())
			})
		}
	}
	// The same responses in every format, the same fingerprint.
	require.Len(t, fps, 2)
	rs := roundTripResponses(true)
	var b bytes.Buffer
	require.NoError(t, model.WriteResponsesJSON(&b, rs))
	got, err := model.ReadResponsesJSON(&b, "r.json")
	require.NoError(t, err)
	for name, fp := range fps {
		require.Equal(t, got.Fingerprint(), fp, name)
	}
}

func TestResponsesFingerprint(t *testing.T) {
	base := roundTripResponses(false)
	fp := base.Fingerprint()
	require.Len(t, fp, 64)
	// The order of the file does not matter.
	rev := content(base)
	for i, j := 0, len(rev.Responses)-1; i < j; i, j = i+1, j-1 {
		rev.Responses[i], rev.Responses[j] = rev.Responses[j], rev.Responses[i]
	}
	require.Equal(t, fp, rev.Fingerprint())
	// Every change of content does.
	edits := map[string]func(rs *model.Responses){
		"result":      func(rs *model.Responses) { rs.Result = "x" },
		"answer":      func(rs *model.Responses) { rs.Responses[0].Answer = model.Accept },
		"student":     func(rs *model.Responses) { rs.Responses[0].Student = "S99" },
		"choices":     func(rs *model.Responses) { rs.Responses[3].Choices = []string{"P1", "P2"} },
		"no-list":     func(rs *model.Responses) { rs.Responses[9].HasChoices = false },
		"one-more":    func(rs *model.Responses) { rs.Responses = append(rs.Responses, model.Response{Student: "S11"}) },
		"one-less":    func(rs *model.Responses) { rs.Responses = rs.Responses[1:] },
		"split-items": func(rs *model.Responses) { rs.Responses[3].Choices = []string{"P2P1"} },
	}
	seen := map[string]string{fp: "base"}
	for name, edit := range edits {
		rs := content(base)
		rs.Responses[3].Choices = append([]string(nil), rs.Responses[3].Choices...)
		edit(rs)
		got := rs.Fingerprint()
		if other, dup := seen[got]; dup {
			t.Errorf("%s: the same fingerprint as %s", name, other)
		}
		seen[got] = name
	}
	// Lines and warnings do not.
	rs := content(base)
	rs.Responses[0].Line = 12
	rs.Warnings = []*model.Problem{{Severity: model.SeverityWarning}}
	require.Equal(t, fp, rs.Fingerprint())
}

func TestWriteResponsesRefuses(t *testing.T) {
	tests := map[string]*model.Responses{
		"empty":               {},
		"no student":          {Responses: []model.Response{{Answer: model.Accept}}},
		"spaces":              {Responses: []model.Response{{Student: " S1"}}},
		"twice":               {Responses: []model.Response{{Student: "S1"}, {Student: "S1"}}},
		"choices on hold":     {Responses: []model.Response{{Student: "S1", Answer: model.Hold, Choices: []string{"P1"}, HasChoices: true}}},
		"choices not said":    {Responses: []model.Response{{Student: "S1", Answer: model.Continue, Choices: []string{"P1"}}}},
		"answer out of range": {Responses: []model.Response{{Student: "S1", Answer: 17}}},
		"empty item":          {Responses: []model.Response{{Student: "S1", Answer: model.Continue, Choices: []string{""}, HasChoices: true}}},
		"bad result":          {Result: "a\nb", Responses: []model.Response{{Student: "S1"}}},
	}
	for name, rs := range tests {
		require.Error(t, model.WriteResponsesJSON(&bytes.Buffer{}, rs), name)
		require.Error(t, model.WriteResponsesCSV(&bytes.Buffer{}, rs, language.English), name)
	}
	// What a cell cannot hold, JSON can.
	for name, rs := range map[string]*model.Responses{
		"empty new list": {Responses: []model.Response{{Student: "S1", Answer: model.Continue, Choices: []string{}, HasChoices: true}}},
		"separator":      {Responses: []model.Response{{Student: "S1", Answer: model.Continue, Choices: []string{"P、1"}, HasChoices: true}}},
	} {
		require.NoError(t, model.WriteResponsesJSON(&bytes.Buffer{}, rs), name)
		require.Error(t, model.WriteResponsesCSV(&bytes.Buffer{}, rs, language.English), name)
	}
}

// The bounds of the cohort loaders hold for responses: too many problems
// are counted, not listed.
func TestResponsesManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("student,answer\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "S%d,maybe\n", i)
	}
	_, err := model.ReadResponsesCSV(strings.NewReader(b.String()), "r.csv")
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Problems, 1000)
	require.Equal(t, 2000, ve.Omitted)
	require.ErrorIs(t, err, model.ErrTooManyProblems)
	// One group a line: the same message on every row.
	require.Len(t, strings.Split(err.Error(), "\n"), 3, err.Error())
}
