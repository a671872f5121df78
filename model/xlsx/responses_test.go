package xlsx_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// sheetBook is a workbook of one sheet named name with rows (cells as
// given: strings, numbers).
func sheetBook(t *testing.T, name string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", name))
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow(name, cell, &r))
	}
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	return b.Bytes()
}

func noLines(rs *model.Responses) *model.Responses {
	out := &model.Responses{Result: rs.Result}
	for _, r := range rs.Responses {
		r.Line = 0
		out.Responses = append(out.Responses, r)
	}
	return out
}

func TestResponsesRoundTrip(t *testing.T) {
	rs := &model.Responses{Result: "9f86d081", Responses: []model.Response{
		{Student: "S2", Answer: model.Hold},
		{Student: "0012", Answer: model.Accept},
		{Student: "S3", Answer: model.Decline},
		{Student: "S4", Answer: model.Continue, Choices: []string{"P2", "P1"}, HasChoices: true},
		{Student: "S5", Answer: model.Continue},
		{Student: "S6", Answer: model.Withdraw},
		{Student: "S7"},
	}}
	var fp string
	for _, tag := range []language.Tag{language.English, lang.Chinese} {
		for _, result := range []string{rs.Result, ""} {
			in := *rs
			in.Result = result
			var b bytes.Buffer
			require.NoError(t, xlsx.WriteResponses(&b, &in, tag))
			got, err := xlsx.ReadResponses(bytes.NewReader(b.Bytes()), "r.xlsx", nil)
			require.NoError(t, err)
			require.Empty(t, got.Warnings)
			if d := cmp.Diff(noLines(&in), noLines(got)); d != "" {
				t.Errorf("%v (-want +got):\n%s", tag, d)
			}
			for i, r := range got.Responses {
				require.Equal(t, i+2, r.Line)
			}
			require.Equal(t, in.Fingerprint(), got.Fingerprint())
			if result != "" {
				if fp == "" {
					fp = got.Fingerprint()
				}
				require.Equal(t, fp, got.Fingerprint())
			}
			// The sheet is named in the language.
			f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
			require.NoError(t, err)
			want := map[language.Tag]string{language.English: "responses", lang.Chinese: "回复"}[tag]
			require.Equal(t, []string{want}, f.GetSheetList())
			f.Close()
		}
	}
	// The same responses through CSV: the same fingerprint.
	var c bytes.Buffer
	require.NoError(t, model.WriteResponsesCSV(&c, rs, lang.Chinese))
	got, err := model.ReadResponsesCSV(&c, "r.csv")
	require.NoError(t, err)
	require.Equal(t, fp, got.Fingerprint())
}

// A planner's sheet: zh headers and words, numbers for IDs, a notes
// column, a blank row, another sheet beside it.
func TestResponsesPlannerSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", "说明"))
	_, err := f.NewSheet("回复")
	require.NoError(t, err)
	rows := [][]any{
		{"学生 ", "回复", "新志愿", "备注"},
		{1001, "接受 ", nil, "已签协议"},
		{nil, nil, nil, nil},
		{"S1002", "继续", "P01；P02", nil},
		{"S1003", "保留并候补", nil, nil},
	}
	// The table starts on row 2, under a blank row.
	for i, r := range rows {
		require.NoError(t, f.SetSheetRow("回复", fmt.Sprintf("A%d", i+2), &r))
	}
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	got, err := xlsx.ReadResponses(&b, "回复.xlsx", nil)
	require.NoError(t, err)
	want := []model.Response{
		{Student: "1001", Answer: model.Accept, Line: 3},
		{Student: "S1002", Answer: model.Continue, Choices: []string{"P01", "P02"}, HasChoices: true, Line: 5},
		{Student: "S1003", Answer: model.Hold, Line: 6},
	}
	require.Equal(t, want, got.Responses)
	require.Equal(t, "回复", got.Sheet)
	require.Len(t, got.Warnings, 1)
	require.Equal(t, `回复.xlsx：工作表 "回复" 第 2 行，列 "备注"：警告：未知的列 "备注" 已忽略`, got.Warnings[0].Text(lang.Chinese))
}

func TestResponsesSheetProblems(t *testing.T) {
	data := sheetBook(t, "Responses", [][]any{
		{"student", "answer", "choices"},
		{"S1", "acept", nil},
		{"S2", "hold", "P1"},
		{"S1", "accept", nil},
	})
	_, err := xlsx.ReadResponses(bytes.NewReader(data), "r.xlsx", nil)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, `model: responses rejected: 4 errors
	r.xlsx: sheet "Responses" row 2, column "answer": student "S1": unknown answer "acept" (want accept, hold, decline, continue or withdraw); did you mean accept?
	r.xlsx: sheet "Responses" row 2: student "S1": the student answered twice (also row 4)
	r.xlsx: sheet "Responses" row 3, column "choices": student "S2": new choices are for continue only, not for the answer "hold"
	r.xlsx: sheet "Responses" row 4: student "S1": the student answered twice (also row 2)`, err.Error())
	require.True(t, strings.HasPrefix(ve.Text(lang.Chinese), "回复未通过校验：4 个错误\n\tr.xlsx：工作表 \"Responses\" 第 2 行，列 \"answer\"："), ve.Text(lang.Chinese))

	// Not a workbook; a workbook without a responses sheet; a row too long.
	_, err = xlsx.ReadResponses(strings.NewReader("student,answer\n"), "r.xlsx", nil)
	require.ErrorIs(t, err, model.ErrSyntax)
	require.True(t, strings.HasPrefix(err.Error(), "model: responses rejected: 1 error\n\tr.xlsx: not an Excel workbook"), err.Error())
	f := excelize.NewFile()
	f.NewSheet("students")
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	_, err = xlsx.ReadResponses(&b, "c.xlsx", nil)
	require.Equal(t, "model: responses rejected: 1 error\n\tc.xlsx: the workbook has no sheet \"responses\" (回复); its sheets are \"Sheet1\", \"students\"", err.Error())
	data = sheetBook(t, "回复", [][]any{{"学生", "回复"}, {"S1", strings.Repeat("x", 200)}})
	_, err = xlsx.ReadResponses(bytes.NewReader(data), "r.xlsx", &model.Options{MaxLineBytes: 100})
	require.ErrorIs(t, err, model.ErrTooLarge)
	_, err = xlsx.ReadResponses(bytes.NewReader(data), "r.xlsx", &model.Options{MaxBytes: 100})
	require.ErrorIs(t, err, model.ErrTooLarge)
	// An empty sheet, a sheet of a header only.
	for _, rows := range [][][]any{nil, {{"student", "answer"}}} {
		_, err = xlsx.ReadResponses(bytes.NewReader(sheetBook(t, "responses", rows)), "r.xlsx", nil)
		require.ErrorIs(t, err, model.ErrSyntax)
		require.False(t, errors.Is(err, model.ErrTooLarge))
	}
}
