package model_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/xlsx"
)

// addColumn adds the column col to table name, v(i) in row i (1-based).
func (t *problemTables) addColumn(name, col string, v func(i int) string) {
	rows := t.rows[name]
	rows[0] = append(rows[0], col)
	for i := 1; i < len(rows); i++ {
		rows[i] = append(rows[i], v(i))
	}
}

// The words the outputs write are read back as input, in CSV files and in
// workbooks: levels 中职/高职 (and 中等职业/高等职业, the English names),
// kinds of region 县/园区/省外, booleans 是/否 beside true/false, yes/no,
// y/n, 1/0.
func TestOutputWordsAsInput(t *testing.T) {
	tables := problemCohort(6, func(t *problemTables) {
		t.rows["regions"] = append(t.rows["regions"],
			[]string{"Z1", "高新区", "园区"}, []string{"X1", "外省", "省外"}, []string{"C2", "西山县", "out of province"})
		t.set("regions", 1, "kind", "县")
		t.set("schools", 1, "level", "中职")
		t.set("schools", 2, "level", "中等职业")
		t.set("schools", 3, "level", "高职")
		levels := []string{"中职", "高职", "高等职业", "secondary vocational", "Higher Vocational", "secondary"}
		t.addColumn("students", "level", func(i int) string { return levels[i-1] })
		bools := []string{"是", "否", "yes", "N", "1", ""}
		t.addColumn("students", "special_post", func(i int) string { return bools[i-1] })
		t.addColumn("students", "region", func(int) string { return "C1" })
		t.addColumn("positions", "special_post", func(i int) string { return []string{"否", "是", "0"}[i-1] })
	})
	check := func(t *testing.T, c *model.Cohort) {
		t.Helper()
		kinds := map[string]model.RegionKind{}
		for _, r := range c.Regions() {
			kinds[r.ID] = r.Kind
		}
		require.Equal(t, map[string]model.RegionKind{"C1": model.County, "Z1": model.Zone, "X1": model.OutOfProvince, "C2": model.OutOfProvince}, kinds)
		var schools []model.Level
		for _, s := range c.Schools() {
			schools = append(schools, s.Level)
		}
		require.Equal(t, []model.Level{model.Secondary, model.Secondary, model.Higher}, schools)
		var levels []model.Level
		var special []bool
		for _, s := range c.Students() {
			levels = append(levels, s.Level)
			special = append(special, s.SpecialPost)
		}
		require.Equal(t, []model.Level{model.Secondary, model.Higher, model.Higher, model.Secondary, model.Higher, model.Secondary}, levels)
		require.Equal(t, []bool{true, false, true, false, true, false}, special)
		var posts []bool
		for _, p := range c.Positions() {
			posts = append(posts, p.SpecialPost)
		}
		require.Equal(t, []bool{false, true, false}, posts)
	}
	t.Run("csv", func(t *testing.T) {
		c, err := model.LoadCSV(tables.csvFS(), ".", nil)
		require.NoError(t, err)
		check(t, c)
	})
	t.Run("xlsx", func(t *testing.T) {
		c, err := xlsx.Read(bytes.NewReader(tables.workbook(t)), "group.xlsx", nil)
		require.NoError(t, err)
		check(t, c)
	})
	// An unknown word is still refused, its message naming the words a
	// planner may type in Chinese.
	t.Run("unknown", func(t *testing.T) {
		bad := problemCohort(1, func(t *problemTables) { t.set("regions", 1, "kind", "市") })
		_, err := model.LoadCSV(bad.csvFS(), ".", nil)
		require.ErrorContains(t, err, `unknown region kind "市"`)
	})
}
