package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// plannerClean is the small clean cohort the model package's tests of
// planners' files share.
const plannerClean = "../testdata/planner/clean"

// excelNumber is the columns Excel holds as numbers.
var excelNumber = map[string]bool{"score": true, "capacity": true, "min_score": true, "min_fill": true, "cap": true, "floor": true}

// plannerSheets is the clean cohort as a planner's workbook: numbers as
// numeric cells, text as shared strings, a notes column 备注 on students
// and positions, and the slips of typing by hand: an ID with a trailing
// space, full-width digits typed as text, a no-break space.
func plannerSheets(t *testing.T) []sheet {
	t.Helper()
	var sheets []sheet
	for _, name := range []string{"regions", "schools", "majors", "enterprises", "positions", "students"} {
		b, err := os.ReadFile(filepath.Join(plannerClean, name+".csv"))
		require.NoError(t, err)
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		require.NoError(t, err)
		s := sheet{name: name}
		for r, rec := range recs {
			row := make([]any, len(rec))
			for j, v := range rec {
				row[j] = v
				if r > 0 && excelNumber[recs[0][j]] && v != "" {
					f, err := strconv.ParseFloat(v, 64)
					require.NoError(t, err)
					row[j] = f
				}
			}
			s.rows = append(s.rows, row)
		}
		switch name {
		case "students":
			s.rows[0] = append(s.rows[0], "备注")
			s.rows[1] = append(s.rows[1], "班主任推荐")
			s.rows[2] = append(s.rows[2], "复读")
			s.rows[2][0] = "S2 "      // ID typed with a trailing space
			s.rows[4][6] = "９１\u3000" // score typed full-width, as text
			s.rows[2][9] = "P3；P2，P1"
		case "positions":
			s.rows[0] = append(s.rows[0], "备注")
			s.rows[2] = append(s.rows[2], "含住宿")
			s.rows[2][4] = "１２"       // capacity typed full-width, as text
			s.rows[1][2] = "E1\u00a0" // a no-break space from a web page
		}
		sheets = append(sheets, s)
	}
	return sheets
}

// TestPlannerWorkbook: a workbook as Excel saves a planner's table reads
// to the clean cohort with exactly the warnings of its golden file, and its
// notes come back when it is written as Excel or CSV.
func TestPlannerWorkbook(t *testing.T) {
	clean, err := model.LoadCSV(os.DirFS(plannerClean), ".", nil)
	require.NoError(t, err)
	book := workbookOf(t, plannerSheets(t)...)
	// Like Excel's: text in the shared strings part.
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	require.NoError(t, err)
	shared := ""
	for _, f := range zr.File {
		if f.Name == "xl/sharedStrings.xml" {
			r, err := f.Open()
			require.NoError(t, err)
			b, err := io.ReadAll(r)
			require.NoError(t, err)
			shared = string(b)
		}
	}
	require.Contains(t, shared, "东山县职业中学", "the workbook keeps no shared strings")

	c, err := xlsx.Read(bytes.NewReader(book), "group.xlsx", nil)
	require.NoError(t, err)
	var warns strings.Builder
	for _, w := range c.Warnings() {
		warns.WriteString(w.Error() + "\n")
	}
	golden.Check(t, "testdata/planner-workbook.golden", warns.String())
	if d := cmp.Diff(clean.Data(), c.Data(), cmpopts.IgnoreFields(model.Data{}, "Extra")); d != "" {
		t.Errorf("not the clean cohort (-clean +workbook):\n%s", d)
	}
	e := c.Extra()
	require.Equal(t, "班主任推荐", e.Value("students", "S1", "备注"))
	require.Equal(t, "复读", e.Value("students", "S2", "备注"))
	require.Equal(t, "含住宿", e.Value("positions", "P2", "备注"))

	// Written as Excel and read back: the notes are there.
	var out bytes.Buffer
	require.NoError(t, xlsx.Write(&out, c))
	back, err := xlsx.Read(&out, "back.xlsx", nil)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(c.Data(), back.Data()), "Excel round trip")
	require.True(t, back.Extra().Equal(e))

	// Written as CSV and read back: the same.
	dir := t.TempDir()
	require.NoError(t, model.WriteCSV(dir, c))
	fromCSV, err := model.LoadCSV(os.DirFS(dir), ".", nil)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(c.Data(), fromCSV.Data()), "CSV round trip")
	require.True(t, fromCSV.Extra().Equal(e))
}
