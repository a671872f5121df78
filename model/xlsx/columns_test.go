package xlsx_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// TestBlankAndRepeatedColumns: the columns Excel leaves with an empty
// header after a table are skipped, said only when a cell of theirs holds
// a value (by the column's number), and a planner's own column given twice
// is a warning: in CSV and in a workbook alike, the cohort reads.
func TestBlankAndRepeatedColumns(t *testing.T) {
	clean, err := model.LoadCSV(os.DirFS(plannerClean), ".", nil)
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(plannerClean, "students.csv"))
	require.NoError(t, err)
	students, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	n := len(students[0])
	with := func(header []string, cells ...[]string) [][]string {
		out := make([][]string, len(students))
		for i, rec := range students {
			out[i] = append([]string(nil), rec...)
			if i == 0 {
				out[i] = append(out[i], header...)
			} else {
				add := make([]string, len(header))
				if i-1 < len(cells) {
					add = cells[i-1]
				}
				out[i] = append(out[i], add...)
			}
		}
		return out
	}
	col := strconv.Itoa
	cases := []struct {
		name  string
		table [][]string
		warns map[string]string // by format, the warning's text
		notes []string          // S1's and S2's 备注
	}{
		{"blank columns", with([]string{"", ""}), nil, nil},
		{"a value under no header", with([]string{"", ""}, []string{"", ""}, []string{"", "x"}),
			map[string]string{"csv": "students.csv:1: warning: column " + col(n+2) + " has no header; its values are ignored",
				"xlsx": `group.xlsx: sheet "students" row 1: warning: column ` + col(n+2) + ` has no header; its values are ignored`}, nil},
		{"two notes columns", with([]string{"备注", "", "备注"}, []string{"班主任推荐", "", "走读"}, []string{"复读", "", ""}),
			map[string]string{"csv": `students.csv:1: 备注: warning: unknown column "备注" is ignored (it is kept when the cohort is written as CSV or Excel)` + "\n" +
				`students.csv:1: 备注: warning: unknown column "备注" appears twice; both are ignored (and kept when the cohort is written as CSV or Excel)`,
				"xlsx": `group.xlsx: sheet "students" row 1, column "备注": warning: unknown column "备注" is ignored (it is kept when the cohort is written as CSV or Excel)` + "\n" +
					`group.xlsx: sheet "students" row 1, column "备注": warning: unknown column "备注" appears twice; both are ignored (and kept when the cohort is written as CSV or Excel)`},
			[]string{"班主任推荐", "复读"}},
	}
	for _, tc := range cases {
		for _, format := range []string{"csv", "xlsx"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				var c *model.Cohort
				var err error
				switch format {
				case "csv":
					fsys := fstest.MapFS{}
					for _, name := range []string{"regions", "schools", "majors", "enterprises", "positions"} {
						b, err := os.ReadFile(filepath.Join(plannerClean, name+".csv"))
						require.NoError(t, err)
						fsys[name+".csv"] = &fstest.MapFile{Data: b}
					}
					var buf bytes.Buffer
					w := csv.NewWriter(&buf)
					require.NoError(t, w.WriteAll(tc.table))
					fsys["students.csv"] = &fstest.MapFile{Data: buf.Bytes()}
					c, err = model.LoadCSV(fsys, ".", nil)
				case "xlsx":
					var sheets []sheet
					for _, s := range plannerSheets(t) {
						if s.name == "students" {
							s.rows = nil
							for _, rec := range tc.table {
								row := make([]any, len(rec))
								for j, v := range rec {
									row[j] = v
								}
								s.rows = append(s.rows, row)
							}
						}
						if s.name == "positions" {
							continue // its notes and slips are another test's
						}
						sheets = append(sheets, s)
					}
					pos, rerr := os.ReadFile(filepath.Join(plannerClean, "positions.csv"))
					require.NoError(t, rerr)
					recs, rerr := csv.NewReader(bytes.NewReader(pos)).ReadAll()
					require.NoError(t, rerr)
					s := sheet{name: "positions"}
					for _, rec := range recs {
						row := make([]any, len(rec))
						for j, v := range rec {
							row[j] = v
						}
						s.rows = append(s.rows, row)
					}
					sheets = append(sheets, s)
					c, err = xlsx.Read(bytes.NewReader(workbookOf(t, sheets...)), "group.xlsx", nil)
				}
				require.NoError(t, err)
				got := ""
				for _, w := range c.Warnings() {
					if got != "" {
						got += "\n"
					}
					got += w.Error()
				}
				if d := cmp.Diff(tc.warns[format], got); d != "" {
					t.Errorf("warnings (-want +got):\n%s", d)
				}
				if d := cmp.Diff(clean.Data(), c.Data(), cmpopts.IgnoreFields(model.Data{}, "Extra")); d != "" {
					t.Errorf("not the clean cohort (-clean +read):\n%s", d)
				}
				if tc.notes != nil {
					e := c.Extra()
					require.Equal(t, tc.notes[0], e.Value("students", "S1", "备注"))
					require.Equal(t, tc.notes[1], e.Value("students", "S2", "备注"))
				} else {
					require.Nil(t, c.Extra(), "a column with no header is kept")
				}
			})
		}
	}
}
