package whatif_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/whatif"
)

// zhHeaders is each column of a change table as the workbench's what-if
// form labels it (its labels with their notes in brackets too).
var zhHeaders = map[string]string{
	"position": "岗位", "seats": "增加名额", "capacity": "新名额总数", "withdraw": "撤销",
	"enterprise": "企业", "cap": "上限（0：无）", "region": "地区", "floor": "下限（0：无）",
	"students": "退出的学生", "min_fill": "最低人数", "target": "目标人数", "reserved": "预留名额",
}

// TestChangesChineseHeaders: every change of everyChangeCSV, its header in
// the form's Chinese words, reads as in English.
func TestChangesChineseHeaders(t *testing.T) {
	en, err := whatif.ReadChangesCSV(strings.NewReader(everyChangeCSV), "changes.csv")
	require.NoError(t, err)
	head, rest, _ := strings.Cut(strings.TrimPrefix(everyChangeCSV, "\ufeff"), "\n")
	cols := strings.Split(head, ",")
	for i, c := range cols {
		require.Contains(t, zhHeaders, c)
		cols[i] = zhHeaders[c]
	}
	cols[0] = " " + cols[0] + "\u3000" // spaces around a header are dropped
	zh, err := whatif.ReadChangesCSV(strings.NewReader(strings.Join(cols, ",")+"\n"+rest), "改动.csv")
	require.NoError(t, err)
	require.Empty(t, zh.Warnings)
	assert.Equal(t, en.Entries, zh.Entries)

	// The finding's file: 岗位,增加名额.
	one, err := whatif.ReadChangesCSV(strings.NewReader("岗位,增加名额\nP00411,3\n"), "chg.csv")
	require.NoError(t, err)
	require.Len(t, one.Entries, 1)
	assert.Equal(t, "P00411", one.Entries[0].Position)
	require.NotNil(t, one.Entries[0].Seats)
	assert.Equal(t, 3, *one.Entries[0].Seats)
}

// TestChangesChineseProblems: with a Chinese header a problem names its
// column as the header does, and a header with no target column says so
// in the form's words.
func TestChangesChineseProblems(t *testing.T) {
	_, err := whatif.ReadChangesCSV(strings.NewReader("增加名额,上限\n3,4\n"), "chg.csv")
	require.Error(t, err)
	var ce *whatif.ChangeError
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Problems, 1)
	assert.Equal(t, "chg.csv:1: the header names no target column (want 岗位, 企业, 地区 or 学生)", ce.Problems[0].Error())
	assert.Equal(t, "chg.csv:1：表头缺少“岗位”、“企业”、“地区”或“学生”列（至少需要其中一列）", whatif.ProblemText(ce.Problems[0], lang.Chinese))

	_, err = whatif.ReadChangesCSV(strings.NewReader("岗位,增加名额,预留名额,备注\nP1,三,county:C1=x,\n"), "chg.csv")
	require.ErrorAs(t, err, &ce)
	var got []string
	for _, p := range ce.Problems {
		got = append(got, p.Error())
	}
	assert.Equal(t, []string{
		`chg.csv:2: 增加名额: want a whole number, got "三"`,
		`chg.csv:2: 预留名额[0]: "county:C1=x": seats "x" is not a whole number`,
	}, got)
	// The same column twice, in two languages.
	_, err = whatif.ReadChangesCSV(strings.NewReader("position,岗位,seats\nP1,P1,1\n"), "chg.csv")
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Problems, 1)
	assert.Equal(t, "chg.csv:1: 岗位: column given twice", ce.Problems[0].Error())
}
