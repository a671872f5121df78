package whatif_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// namedCohort is the tiny cohort with the names a planner reads.
const namedCohort = `{
  "regions": [{"id": "C1", "name": "东山县", "kind": "county"}, {"id": "OUT", "name": "省外", "kind": "out-of-province", "cap": 2}],
  "schools": [{"id": "SC1", "name": "东山县职业中学", "level": "secondary", "region": "C1"}],
  "majors": [{"id": "AG", "name": "农业技术"}],
  "enterprises": [{"id": "E1", "name": "汽车集团", "region": "OUT", "cap": 2}, {"id": "E2", "name": "农业园区", "region": "C1"}],
  "positions": [
    {"id": "P1", "name": "总装", "enterprise": "E1", "capacity": 2},
    {"id": "P2", "name": "质检", "enterprise": "E1", "capacity": 1},
    {"id": "Q1", "name": "农技员", "enterprise": "E2", "capacity": 1, "reserved": [{"category": "county:C1", "seats": 1}]}
  ],
  "students": [
    {"id": "A", "name": "张伟", "school": "SC1", "major": "AG", "level": "secondary", "score": 95, "choices": ["P1", "Q1"]},
    {"id": "B", "name": "王芳", "school": "SC1", "major": "AG", "level": "secondary", "score": 90, "region": "C1", "choices": ["P1", "P2", "Q1"]},
    {"id": "C", "name": "李娜", "score": 85, "choices": ["P2", "Q1"]},
    {"id": "D", "name": "刘洋", "score": 80, "region": "C1", "choices": ["Q1", "P1"]}
  ]
}`

// TestDiffTables writes the diffs of TestCompare's scenarios on the named
// cohort as CSV and as tables, and compares them with
// testdata/diff_tables.golden.
func TestDiffTables(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(namedCohort), "named.json", nil)
	require.NoError(t, err)
	scenarios := []struct{ name, changes string }{
		{"withdraw the top student", `{"name": "A withdraws", "changes": [{"students": ["A"], "withdraw": true}]}`},
		{"raise the caps", `{"name": "caps raised", "changes": [{"enterprise": "E1", "cap": 3}, {"region": "OUT", "cap": 3}]}`},
		{"withdraw a position", `{"name": "Q1 withdrawn", "changes": [{"position": "Q1", "withdraw": true}, {"position": "P2", "seats": 1}]}`},
	}
	var b strings.Builder
	for _, sc := range scenarios {
		for _, mech := range []matching.Mechanism{matching.StudentDA, matching.OptimalAllocation} {
			base, changed, ch := scenario(t, c, sc.changes, mech)
			d, err := whatif.Compare(base, changed, ch)
			require.NoError(t, err)
			fmt.Fprintf(&b, "== %s (%v)\n-- csv\n", sc.name, mech)
			require.NoError(t, d.WriteCSV(&b))
			tables := d.Tables()
			require.Len(t, tables, 3)
			for _, tb := range tables {
				fmt.Fprintf(&b, "-- %s\n%s\n", tb.Name, strings.Join(tb.Header, " | "))
				for _, r := range tb.Rows {
					require.Len(t, r, len(tb.Header), tb.Name)
					cells := make([]string, len(r))
					for i, v := range r {
						cells[i] = fmt.Sprint(v)
					}
					fmt.Fprintln(&b, strings.Join(cells, " | "))
				}
			}
			// The tables say what the diff says.
			assert.Len(t, tables[1].Rows, len(d.Moves)+len(d.Withdrawn))
			assert.Len(t, tables[2].Rows, len(d.Fills))
		}
	}
	checkGolden(t, "diff_tables.golden", b.String())
}

// TestDiffTablesInChinese: in Chinese every sheet name, column header and
// summary item of a diff is Chinese (no Latin letter), the change, effect
// and level words too, and everything else is the English tables' cell
// for cell; English through TablesIn is Tables.
func TestDiffTablesInChinese(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(namedCohort), "named.json", nil)
	require.NoError(t, err)
	base, changed, ch := scenario(t, c, `{"name": "A withdraws", "changes": [{"students": ["A"], "withdraw": true}]}`, matching.StudentDA)
	d, err := whatif.Compare(base, changed, ch)
	require.NoError(t, err)
	en := d.Tables()
	require.Equal(t, en, d.TablesIn(lang.English))
	zh := d.TablesIn(lang.Chinese)
	require.Len(t, zh, len(en))
	latin := regexp.MustCompile(`[A-Za-z]`)
	translated := map[string]bool{"moved": true, "withdrawn": true, "better": true, "worse": true, "secondary": true}
	moved := false
	for i := range en {
		assert.NotRegexp(t, latin, zh[i].Name)
		for _, h := range zh[i].Header {
			assert.NotRegexp(t, latin, h, "header of %s", en[i].Name)
		}
		require.Len(t, zh[i].Rows, len(en[i].Rows), en[i].Name)
		for r := range en[i].Rows {
			for k, v := range en[i].Rows[r] {
				w := zh[i].Rows[r][k]
				s, _ := v.(string)
				switch {
				case i == 0 && k == 0, translated[s]:
					assert.NotRegexp(t, latin, w, "%s row %d cell %d", en[i].Name, r, k)
					moved = moved || s == "moved"
				default:
					assert.Equal(t, v, w, "%s row %d cell %d", en[i].Name, r, k)
				}
			}
		}
	}
	require.True(t, moved, "the scenario moves no student: the test would check no change word")
	// The summary's "students" counts the whole cohort: not the sheet's
	// 变动学生 (students who moved or withdrew).
	for r, row := range en[0].Rows {
		if row[0] == "students" {
			assert.Equal(t, "学生总数", zh[0].Rows[r][0])
			assert.NotEqual(t, zh[1].Name, zh[0].Rows[r][0])
		}
	}
	assert.Equal(t, "变动学生", zh[1].Name)
	var b strings.Builder
	require.NoError(t, d.WriteCSVIn(&b, lang.Chinese))
	header := strings.SplitN(strings.TrimPrefix(b.String(), "\uFEFF"), "\n", 2)[0]
	assert.Equal(t, strings.Join(zh[1].Header, ","), header)
}
