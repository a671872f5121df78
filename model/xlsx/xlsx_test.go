package xlsx_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/modeltest"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
)

// sheet is a table as a test writes it: a name and rows of cells, each a
// string (text) or a number or boolean (stored as such).
type sheet struct {
	name string
	rows [][]any
}

// workbookOf builds an .xlsx file from sheets, in order.
func workbookOf(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			require.NoError(t, f.SetSheetName(f.GetSheetName(0), s.name))
		} else {
			_, err := f.NewSheet(s.name)
			require.NoError(t, err)
		}
		for r, row := range s.rows {
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			require.NoError(t, err)
			require.NoError(t, f.SetSheetRow(s.name, cell, &row))
		}
	}
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	return b.Bytes()
}

// csvOf writes the same sheets as the files of a CSV folder.
func csvOf(sheets ...sheet) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, s := range sheets {
		var b strings.Builder
		for _, row := range s.rows {
			for j, v := range row {
				if j > 0 {
					b.WriteByte(',')
				}
				fmt.Fprint(&b, v)
			}
			b.WriteByte('\n')
		}
		fsys[s.name+".csv"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// The bad workbooks of TestExcelRejected, each a golden file in
// testdata/excel.
var badWorkbooks = map[string][]sheet{
	"missing-sheet": {{"positions", [][]any{{"id", "capacity"}, {"P1", 1}}}},
	// A result workbook given as a cohort: none of the cohort's sheets.
	"result-workbook": {
		{"assignments", [][]any{{"student", "position", "rank"}, {"S1", "P1", 1}}},
		{"unplaced", [][]any{{"student", "reason"}}},
		{"summary", [][]any{{"item", "value"}, {"format", "placement-result/1"}}},
	},
	// A workbook of something else altogether.
	"no-cohort-sheet": {{"名单", [][]any{{"学号", "姓名"}, {"S1", "张伟"}}}, {"Sheet2", nil}},
	"bad-number": {
		{"positions", [][]any{{"id", "capacity", "min_score"}, {"P1", "two"}, {"P2", 3.5, 60}, {"P3", "4", "sixty"}}},
		{"students", [][]any{{"id", "score", "choices", "special_post"}, {"S1", "abc", "P1"}, {"S2", 71.5, "P2", "maybe"}, {"S3", "80", "P3", true}}},
	},
	"unknown-ref": {
		{"majors", [][]any{{"id"}, {"AG"}}},
		{"positions", [][]any{{"id", "capacity", "majors"}, {"P1", 2, "AG;EC"}}},
		{},
		{"Students", [][]any{{"id", "major", "choices"}, {"S1", "AG", "P1;P9"}, nil, {"S2", "XX", "P1"}, {"S3", "AG", "P1", "extra"}}},
	},
}

// TestExcelRejected compares the whole error for bad workbooks, and for a
// file that is no workbook, with golden files (go test -update rewrites
// them).
func TestExcelRejected(t *testing.T) {
	inputs := map[string][]byte{"not-a-workbook": []byte("id,choices\nS1,P1\n")}
	for name, sheets := range badWorkbooks {
		var keep []sheet
		for _, s := range sheets {
			if s.name != "" {
				keep = append(keep, s)
			} else {
				keep = append(keep, sheet{"notes", [][]any{{"anything", 1}}})
			}
		}
		inputs[name] = workbookOf(t, keep...)
	}
	for name, b := range inputs {
		t.Run(name, func(t *testing.T) {
			_, err := xlsx.Read(bytes.NewReader(b), "group.xlsx", nil)
			var ve *model.ValidationError
			require.ErrorAs(t, err, &ve)
			for _, p := range ve.Problems {
				require.Equal(t, "group.xlsx", p.File, p.Error())
				require.True(t, errors.Is(p, model.ErrSyntax) || errors.Is(p, model.ErrUnknownRef) ||
					errors.Is(p, model.ErrInvalidValue), p.Error())
			}
			goldenPath := filepath.Join("testdata/excel", name+".golden")
			zh := ve.Text(lang.Chinese)
			got := err.Error() + "\n" + zh + "\n"
			golden.Check(t, goldenPath, got)
			// In Chinese the message is whole Chinese: the workbook's
			// own words (its sheets, the library's) aside.
			for _, w := range []string{"workbook", "sheet ", "cohort", "which"} {
				require.NotContains(t, zh, w)
			}
		})
	}
}

// TestExcelProblemsAsCSV: the same tables as a workbook and as a CSV folder
// give the same problems, each with the same record, field and cause, the
// row of the sheet for the line of the file.
func TestExcelProblemsAsCSV(t *testing.T) {
	sheets := []sheet{
		{"regions", [][]any{{"id", "kind", "cap"}, {"C1", "county", ""}, {"C2", "city", "x"}, {"C1", "county", ""}}},
		{"positions", [][]any{{"id", "capacity", "region", "reserved"}, {"P1", "2", "C1", "special-post=3"}, {"P2", "-1", "C9", "foo"}}},
		{"students", [][]any{{"id", "score", "choices", "region", "special_post"}, {"S1", "abc", "P1", "C1", "true"},
			{"S2", "70", "P1;P1", "C2", ""}, {"S1", "NaN", "P3", "", "no"}, {"S4", "1e3", "P2", "", "1"}}},
	}
	_, csvErr := model.LoadCSV(csvOf(sheets...), ".", nil)
	_, xlErr := xlsx.Read(bytes.NewReader(workbookOf(t, sheets...)), "g.xlsx", nil)
	var cv, xv *model.ValidationError
	require.ErrorAs(t, csvErr, &cv)
	require.ErrorAs(t, xlErr, &xv)
	type what struct {
		Line                     int
		Sheet, Entity, ID, Field string
		Err                      string
	}
	list := func(ps []*model.Problem, excel bool) []what {
		var out []what
		for _, p := range ps {
			w := what{p.Line, p.Sheet, p.Entity, p.ID, p.Field, p.Err.Error()}
			if !excel {
				w.Sheet = strings.TrimSuffix(p.File, ".csv")
			}
			out = append(out, w)
		}
		return out
	}
	require.Greater(t, len(cv.Problems), 8)
	if d := cmp.Diff(list(cv.Problems, false), list(xv.Problems, true)); d != "" {
		t.Errorf("problems (-CSV +Excel):\n%s", d)
	}
}

// TestFormatsAgree writes the group preset as JSON, a CSV folder and a
// workbook, and reads each back to the same data.
func TestFormatsAgree(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.5, 11))
	require.NoError(t, err)
	want := c.Data()
	dir := t.TempDir()

	var js bytes.Buffer
	require.NoError(t, model.WriteJSON(&js, c))
	fromJSON, err := model.ReadJSON(&js, "group.json", nil)
	require.NoError(t, err)

	require.NoError(t, model.WriteCSV(filepath.Join(dir, "csv"), c))
	fromCSV, err := model.LoadCSV(os.DirFS(dir), "csv", nil)
	require.NoError(t, err)

	var xl, again bytes.Buffer
	require.NoError(t, xlsx.Write(&xl, c))
	require.NoError(t, xlsx.Write(&again, c))
	require.True(t, bytes.Equal(xl.Bytes(), again.Bytes()), "the same cohort gives another workbook")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "group.xlsx"), xl.Bytes(), 0o644))
	fromExcel, err := xlsx.Load(os.DirFS(dir), "group.xlsx", nil)
	require.NoError(t, err)

	for name, got := range map[string]*model.Cohort{"JSON": fromJSON, "CSV": fromCSV, "Excel": fromExcel} {
		if d := cmp.Diff(want, got.Data()); d != "" {
			t.Errorf("%s (-generated +read):\n%s", name, d)
		}
		require.Equal(t, len(c.Warnings()), len(got.Warnings()), name)
	}
}

// TestExcelCells: numbers may be stored as numbers or text, flags as
// booleans or text, and a number format does not change what is read;
// header cells may be padded, sheet names in any case, and unknown sheets
// are ignored.
func TestExcelCells(t *testing.T) {
	b := workbookOf(t,
		sheet{"Read me", [][]any{{"this sheet is not read"}}},
		sheet{"POSITIONS", [][]any{{" id ", "capacity", "min_score", "special_post"}, {"P1", 2, 60.25, false}, {"P2", "3", "59.5", "false"}, {"P3", int64(1), nil, nil}}},
		sheet{"students", [][]any{{"id", "score", "choices"}, {"S1", 72.5, "P1;P2"}, {"S2", "81", "P3"}}},
		sheet{"cohort", [][]any{{"name", "special_post_any_county"}, {"spring", true}}},
	)
	// A number format that rounds the shown value.
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	style, err := f.NewStyle(&excelize.Style{NumFmt: 1}) // "0"
	require.NoError(t, err)
	require.NoError(t, f.SetCellStyle("students", "B2", "B3", style))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	require.NoError(t, f.Close())

	c, err := xlsx.Read(&buf, "cells.xlsx", nil)
	require.NoError(t, err)
	want := model.Data{
		Name: "spring", Policy: model.Policy{SpecialPostAnyCounty: true},
		Positions: []model.Position{{ID: "P1", Capacity: 2, MinScore: 60.25}, {ID: "P2", Capacity: 3, MinScore: 59.5}, {ID: "P3", Capacity: 1}},
		Students:  []model.Student{{ID: "S1", Score: 72.5, Choices: []string{"P1", "P2"}}, {ID: "S2", Score: 81, Choices: []string{"P3"}}},
	}
	if d := cmp.Diff(want, c.Data()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestExcelRoundTripExact: a score Excel cannot keep as a number (more than
// 15 significant digits) still reads back exactly, and a list too long for
// a cell is refused rather than cut.
func TestExcelRoundTripExact(t *testing.T) {
	d := model.Data{
		Positions: []model.Position{{ID: "P1", Capacity: 1, MinScore: 1e-9}},
		Students:  []model.Student{{ID: "S1", Score: 0.1 + 0.2, Choices: []string{"P1"}}, {ID: "S2", Score: 1e21, Choices: []string{"P1"}}},
	}
	c, err := model.New(d, nil)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, xlsx.Write(&b, c))
	c2, err := xlsx.Read(&b, "x.xlsx", nil)
	require.NoError(t, err)
	require.Equal(t, c.Data(), c2.Data())

	long := model.Data{Positions: []model.Position{{ID: "P1", Capacity: 1, Ranking: make([]string, 4000)}}}
	for i := range long.Positions[0].Ranking {
		id := fmt.Sprintf("S%08d", i)
		long.Positions[0].Ranking[i] = id
		long.Students = append(long.Students, model.Student{ID: id})
	}
	c, err = model.New(long, nil)
	require.NoError(t, err)
	err = xlsx.Write(&b, c)
	require.ErrorContains(t, err, `sheet "positions" row 2, column "ranking": 39999 characters, more than an Excel cell holds (32767)`)

	// An empty explicit ranking cannot be said in a cell.
	c, err = model.New(model.Data{Positions: []model.Position{{ID: "P1", Ranking: []string{}}}}, nil)
	require.NoError(t, err)
	require.ErrorContains(t, xlsx.Write(&b, c), "empty explicit ranking")
}

func TestExcelLimits(t *testing.T) {
	sheets := []sheet{
		{"positions", [][]any{{"id", "capacity"}, {"P1", 1}}},
		{"students", [][]any{{"id", "choices", "name"}, {"S1", "P1", strings.Repeat("x", 300)}}},
	}
	b := workbookOf(t, sheets...)
	_, err := xlsx.Read(bytes.NewReader(b), "big.xlsx", &model.Options{MaxBytes: int64(len(b) - 1)})
	require.ErrorIs(t, err, model.ErrTooLarge)
	require.ErrorContains(t, err, "big.xlsx: the file exceeds")
	_, err = xlsx.Read(bytes.NewReader(b), "big.xlsx", &model.Options{MaxLineBytes: 100})
	require.ErrorIs(t, err, model.ErrTooLarge)
	require.ErrorContains(t, err, `big.xlsx: sheet "students" row 2: student: a row exceeds 100 bytes`)
	_, err = xlsx.Read(bytes.NewReader(b), "big.xlsx", &model.Options{MaxBytes: int64(len(b))})
	require.ErrorIs(t, err, model.ErrTooLarge)
	require.ErrorContains(t, err, "big.xlsx: the workbook unzips to more than")
	_, err = xlsx.Read(bytes.NewReader(b), "big.xlsx", &model.Options{MaxBytes: 100 << 10, MaxLineBytes: 1000})
	require.NoError(t, err)
}

// FuzzReadExcel: any bytes are rejected with a *ValidationError or read
// into a cohort that round-trips through Write.
func FuzzReadExcel(f *testing.F) {
	c, err := synth.Generate(synth.Config{Seed: 1, Students: 20, Positions: 5, MinScoreShare: 0.3})
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, c); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	for _, sheets := range badWorkbooks {
		f.Add(workbookOf(f, sheets[:1]...))
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := xlsx.Read(bytes.NewReader(data), "f.xlsx", &model.Options{MaxBytes: 1 << 20})
		if err != nil {
			modeltest.CheckRejection(t, err)
			return
		}
		var out bytes.Buffer
		if err := xlsx.Write(&out, c); err != nil {
			t.Skip(err) // a cell too long for Excel, written by another program
		}
		c2, err := xlsx.Read(&out, "g.xlsx", nil)
		if err != nil {
			t.Fatalf("written cohort does not read back: %v", err)
		}
		if d := cmp.Diff(c.Data(), c2.Data()); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}
