package whatif_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// everyChange is one change of every kind, as JSON and as the same table
// in CSV (columns in another order, a BOM, spaces around cells, an empty
// row).
const everyChangeJSON = `{"changes": [
  {"position": "P1", "seats": 10},
  {"position": "P2", "capacity": 2},
  {"position": "Q1", "min_fill": 1, "target": 3,
   "reserved": [{"category": "county:C1", "seats": 2}, {"category": "order-class:O1", "seats": 1, "unused": "empty"}]},
  {"position": "P2", "reserved": []},
  {"position": "P2", "withdraw": true},
  {"enterprise": "E1", "cap": 40},
  {"region": "OUT", "cap": 300, "floor": 0},
  {"students": ["A", "B"], "withdraw": true}
]}`

const everyChangeCSV = "\ufeffposition,seats,capacity,min_fill,target,reserved,withdraw,enterprise,region,cap,floor,students\n" +
	"P1,10,,,,,,,,,,\n" +
	"P2,,2,,,,,,,,,\n" +
	"Q1,,,1,3,county:C1=2; order-class:O1=1/empty,,,,,,\n" +
	",,,,,,,,,,,\n" +
	"P2,,,,,none,,,,,,\n" +
	" P2 ,,,,,,yes,,,,,\n" +
	",,,,,,,E1,,40,,\n" +
	",,,,,,,,OUT,300,0,\n" +
	",,,,,,yes,,,,,A; B\n"

// TestChangesCSVLikeJSON: the same changes as JSON and as CSV read the
// same, entry for entry, with each entry's line in its own file.
func TestChangesCSVLikeJSON(t *testing.T) {
	js, err := whatif.ReadChanges(strings.NewReader(everyChangeJSON), "changes.json")
	require.NoError(t, err)
	cs, err := whatif.ReadChangesCSV(strings.NewReader(everyChangeCSV), "changes.csv")
	require.NoError(t, err)
	require.Len(t, cs.Entries, len(js.Entries))
	assert.Equal(t, []int{2, 3, 4, 6, 7, 8, 9, 10}, lines(cs))
	for i := range js.Entries {
		js.Entries[i].Line, cs.Entries[i].Line = 0, 0
	}
	assert.Equal(t, js.Entries, cs.Entries)
	// And they change a cohort alike.
	c := tiny(t)
	for _, src := range []string{
		`{"changes": [{"students": ["A"], "withdraw": true}, {"enterprise": "E1", "cap": 3}, {"position": "P1", "seats": -1}]}`,
	} {
		j, err := whatif.ReadChanges(strings.NewReader(src), "c.json")
		require.NoError(t, err)
		v, err := whatif.ReadChangesCSV(strings.NewReader("students,withdraw,enterprise,cap,position,seats\nA,yes,,,,\n,,E1,3,,\n,,,,P1,-1\n"), "c.csv")
		require.NoError(t, err)
		a, err := whatif.Apply(c, j, nil)
		require.NoError(t, err)
		b, err := whatif.Apply(c, v, nil)
		require.NoError(t, err)
		assert.Equal(t, a.Data(), b.Data())
	}
}

func lines(ch *whatif.Changes) []int {
	var out []int
	for _, e := range ch.Entries {
		out = append(out, e.Line)
	}
	return out
}

// TestChangesCSVErrors reads bad change tables and compares every error,
// with its file, line and column, with testdata/table_errors.golden.
func TestChangesCSVErrors(t *testing.T) {
	cases := []struct{ name, file string }{
		{"empty", ""},
		{"column twice", "position,seats,seats\nP1,1,2\n"},
		{"no target column", "seats,cap\n1,2\n"},
		{"a cohort table", "id,name,choices\nS1,x,P1\n"},
		{"not CSV", "position,seats\n\"P1,1\n"},
		{"bad cells", "position,seats,capacity,withdraw,reserved,students,enterprise,cap\n" +
			"P1,ten,,,,,,\n" +
			"P1,1,2,,,,,\n" +
			"P1,,,no,,,,\n" +
			"P1,,,maybe,,,,\n" +
			"P1,,,,county:C1,,,\n" +
			"P1,,,,county:C1=x;nowhere=1,,,\n" +
			"P1,,,,,,,\n" +
			",,,yes,,A;A,,\n" +
			"P1,,,,,,E1,3\n" +
			",,,,,;,,\n"},
	}
	var b strings.Builder
	for _, tc := range cases {
		_, err := whatif.ReadChangesCSV(strings.NewReader(tc.file), "changes.csv")
		require.Error(t, err, tc.name)
		var ce *whatif.ChangeError
		require.True(t, errors.As(err, &ce), tc.name)
		fmt.Fprintf(&b, "== %s\n%v\n%s\n", tc.name, err, ce.Text(lang.Chinese))
	}
	checkGolden(t, "table_errors.golden", b.String())
}

// A change file as a planner saves it: in GBK (Excel's plain "CSV" on
// Chinese Windows), without a byte order mark, with full-width digits,
// separators and spaces typed by the Chinese input method, reads as the
// same changes; a GBK cell in a UTF-8 file is an error at its line.
func TestChangesCSVAsPlannersSaveIt(t *testing.T) {
	js, err := whatif.ReadChanges(strings.NewReader(everyChangeJSON), "changes.json")
	require.NoError(t, err)
	typed := "position,seats,capacity,min_fill,target,reserved,withdraw,enterprise,region,cap,floor,students,备注\n" +
		"P1,１０,,,,,,,,,,,扩招\n" +
		"P2,,２\u3000,,,,,,,,,,\n" +
		"Q1,,,１,３,county:C1=２；order-class:O1=１/empty,,,,,,,\n" +
		",,,,,,,,,,,,\n" +
		"P2,,,,,none,,,,,,,\n" +
		"\u3000P2,,,,,,yes,,,,,,\n" +
		",,,,,,,E1,,４０,,,\n" +
		",,,,,,,,OUT,300,０,,\n" +
		",,,,,,yes,,,,,A、B,退出\n"
	// A notes column is not a change column: drop it for this test.
	var rows []string
	for _, l := range strings.SplitAfter(typed, "\n") {
		if i := strings.LastIndex(l, ","); i >= 0 {
			l = l[:i] + "\n"
		}
		rows = append(rows, l)
	}
	typed = strings.Join(rows, "")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(typed)
	require.NoError(t, err)
	require.NotEqual(t, typed, gbk, "nothing to convert")
	for name, data := range map[string]string{"utf-8": typed, "gbk": gbk} {
		cs, err := whatif.ReadChangesCSV(strings.NewReader(data), "changes.csv")
		require.NoError(t, err, name)
		require.Len(t, cs.Entries, len(js.Entries), name)
		want := append([]whatif.Entry(nil), js.Entries...)
		for i := range want {
			want[i].Line, cs.Entries[i].Line = 0, 0
		}
		assert.Equal(t, want, cs.Entries, name)
	}

	mixed := "position,seats,students\nP1,1,\n" +
		"P2,1," + mustGBK(t, "张伟") + "\nP3,２,王芳\nP4,３,李娜\nP5,４,刘洋\n"
	_, err = whatif.ReadChangesCSV(strings.NewReader(mixed), "changes.csv")
	require.ErrorIs(t, err, model.ErrEncoding)
	require.ErrorContains(t, err, "changes.csv:3: mixed encodings")
}

func mustGBK(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	require.NoError(t, err)
	return b
}

// TestChangeFileOnePass reads a change table as a planner writes it, with a
// column of remarks (备注), withdraw as 是 and 否, a bad number and IDs
// that the cohort does not have: the remarks are a warning, the changes
// that read well stand, and every problem of the file, those of its cells
// and its unknown IDs with what they were probably meant to be, comes in
// one error, in English and in Chinese (testdata/one_pass.golden).
func TestChangeFileOnePass(t *testing.T) {
	c := tiny(t)
	good := "position,withdraw,students,seats,备注\n" +
		",是,A,,因病退出\n" +
		"P2,否,,1,加一个\n" +
		"P1,1,,,\n"
	ch, err := whatif.ReadChangesCSV(strings.NewReader(good), "ch1.csv")
	require.NoError(t, err)
	require.Len(t, ch.Warnings, 1)
	assert.Equal(t, []string{"A"}, ch.Withdrawn())
	assert.False(t, ch.Entries[1].Withdraw)
	assert.True(t, ch.Entries[2].Withdraw)
	_, err = whatif.Apply(c, ch, nil)
	require.NoError(t, err)

	bad := "position,withdraw,students,seats,备注\n" +
		"P01,,,2,拼错了\n" +
		"P2,,,abc,\n" +
		"P22,,,abc,\n" +
		",是,A;Z,,\n"
	ch, err = whatif.ReadChangesCSV(strings.NewReader(bad), "ch1.csv")
	require.Error(t, err)
	require.NotNil(t, ch)
	_, err = whatif.Apply(c, ch, nil)
	var ce *whatif.ChangeError
	require.ErrorAs(t, err, &ce)
	var b strings.Builder
	for _, w := range ch.Warnings {
		fmt.Fprintf(&b, "%v\n%s\n", w, whatif.ProblemText(w, lang.Chinese))
	}
	fmt.Fprintf(&b, "%v\n%s\n", err, ce.Text(lang.Chinese))
	checkGolden(t, "one_pass.golden", b.String())
	for _, p := range ce.Problems {
		if errors.Is(p, model.ErrUnknownRef) && p.Line == 2 {
			assert.Equal(t, []model.Suggestion{{ID: "P1"}}, p.Suggestions)
		}
	}
}

// TestChangesTableChineseHeaders: a change table with the Chinese headers
// of TableColumnsZh (as the workbench's form names its columns), or with
// both kinds mixed, reads the same entries as with the English ones; a
// table with neither kind of target column is refused in Chinese with the
// Chinese headers named.
func TestChangesTableChineseHeaders(t *testing.T) {
	en := whatif.TableColumns()
	zh := whatif.TableColumnsZh()
	require.Len(t, zh, len(en))
	english, err := whatif.ReadChangesCSV(strings.NewReader(everyChangeCSV), "changes.csv")
	require.NoError(t, err)
	header, body, _ := strings.Cut(strings.TrimPrefix(everyChangeCSV, "\ufeff"), "\n")
	cols := strings.Split(header, ",")
	mixed := slices.Clone(cols)
	for j, c := range cols {
		i := slices.Index(en, c)
		require.GreaterOrEqual(t, i, 0, c)
		cols[j] = zh[i]
		if j%2 == 0 {
			mixed[j] = zh[i]
		}
	}
	for _, h := range [][]string{cols, mixed} {
		ch, err := whatif.ReadChangesCSV(strings.NewReader(strings.Join(h, ",")+"\n"+body), "变动.csv")
		require.NoError(t, err, "%v", h)
		assert.Empty(t, ch.Warnings)
		assert.Equal(t, english.Entries, ch.Entries, "%v", h)
	}
	// The form's own words, as a planner copies them.
	ch, err := whatif.ReadChangesCSV(strings.NewReader("岗位编号,增加名额\nP1,3\n"), "c.csv")
	require.NoError(t, err)
	require.Len(t, ch.Entries, 1)
	assert.Equal(t, "P1", ch.Entries[0].Position)
	_, err = whatif.ReadChangesCSV(strings.NewReader("名称,增加名额\nP1,3\n"), "c.csv")
	var ce *whatif.ChangeError
	require.ErrorAs(t, err, &ce)
	text := ce.Text(lang.Chinese)
	assert.Contains(t, text, "“岗位”")
	assert.Contains(t, text, "“学生”")
}
