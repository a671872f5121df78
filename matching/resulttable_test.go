package matching_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestResultCSVNames: a CSV result carries the names beside the IDs, in
// cells that hold commas, quotes and line breaks, and reads back to the
// same placements; a file of the IDs only (as written before the names)
// reads the same.
func TestResultCSVNames(t *testing.T) {
	c, err := model.New(model.Data{
		Regions:     []model.Region{{ID: "C1", Name: "东山县", Kind: model.County}, {ID: "C2", Kind: model.County}},
		Schools:     []model.School{{ID: "SC1", Name: "东山县职业中学, 分校", Level: model.Secondary, Region: "C1"}},
		Majors:      []model.Major{{ID: "AG", Name: "农业技术"}, {ID: "EC"}},
		Enterprises: []model.Enterprise{{ID: "E1", Name: "汽车集团 \"总部\"", Region: "C2"}},
		Positions: []model.Position{
			{ID: "P1", Name: "总装\n二线", Enterprise: "E1", Capacity: 1},
			{ID: "P2", Capacity: 1, Region: "C1"},
		},
		Students: []model.Student{
			{ID: "S1", Name: "张伟", School: "SC1", Major: "AG", Level: model.Secondary, Region: "C1", Score: 90, Choices: []string{"P1", "P2"}},
			{ID: "S2", Name: "王芳", Major: "EC", Score: 80, Choices: []string{"P1"}},
			{ID: "S3", Score: 70, Choices: []string{"P1", "P2"}},
		},
	}, nil)
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	r, err := matching.StudentProposing(context.Background(), inst, nil)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, matching.WriteResultCSV(&b, r))
	var en bytes.Buffer // English by default, byte for byte
	require.NoError(t, matching.WriteResultCSVWith(&en, r, &matching.CSVOptions{}))
	assert.Equal(t, b.String(), en.String())

	fp, mech := c.Fingerprint(), "student-da"
	body, ok := bytes.CutPrefix(b.Bytes(), []byte("\uFEFF"))
	require.True(t, ok, "no byte order mark for Excel")
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"student", "student_name", "school", "school_name", "major", "level", "home_region",
			"position", "position_name", "enterprise", "enterprise_name", "position_region", "rank", "reason", "cohort_fingerprint",
			"mechanism", "objective", "seed", "tie_break", "reserve_order"},
		{"S1", "张伟", "SC1", "东山县职业中学, 分校", "农业技术", "secondary", "东山县", "P1", "总装\n二线", "E1", "汽车集团 \"总部\"", "C2", "1", "", fp, mech, "", "0", "single", "reserved-first"},
		{"S2", "王芳", "", "", "EC", "", "", "", "", "", "", "", "", "rejected by every choice", fp, mech, "", "0", "single", "reserved-first"},
		{"S3", "", "", "", "", "", "", "P2", "", "", "", "东山县", "2", "", fp, mech, "", "0", "single", "reserved-first"},
	}, recs)

	rf, err := matching.ReadResultCSV(bytes.NewReader(b.Bytes()), c)
	require.NoError(t, err)
	old, err := matching.ReadResultCSV(strings.NewReader("student,position,rank,reason\nS1,P1,1,\nS2,,,rejected by every choice\nS3,P2,2,\n"), c)
	require.NoError(t, err)
	assert.Equal(t, old.Placements, rf.Placements)
	assert.Equal(t, r.Placements(), rf.Placements)
	assert.Empty(t, matching.Check(inst, rf.Placements))
	assert.Equal(t, fp, rf.Fingerprint)
	assert.Empty(t, old.Fingerprint, "a file without the column")
	// The run, carried on every row, read back as JSON states it; an
	// older file leaves it to the caller.
	assert.Equal(t, []any{"student-da", "", uint64(0), "single", "reserved-first"}, []any{rf.Mechanism, rf.Objective, rf.Seed, rf.TieBreak, rf.ReserveOrder})
	assert.Equal(t, []any{"", "", uint64(0), "", ""}, []any{old.Mechanism, old.Objective, old.Seed, old.TieBreak, old.ReserveOrder})

	// In Chinese: the header, the level and the reason in the planner's
	// words, the IDs, ranks and fingerprint as they are; it reads back to
	// the same placements.
	var zh bytes.Buffer
	require.NoError(t, matching.WriteResultCSVWith(&zh, r, &matching.CSVOptions{Language: lang.Chinese}))
	recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(zh.Bytes(), []byte("\uFEFF")))).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"学生", "姓名", "学校", "学校名称", "专业", "层次", "生源地",
			"岗位", "岗位名称", "企业", "企业名称", "岗位所在地", "志愿位次", "未分配原因", "数据指纹",
			"分配方式", "目标", "随机种子", "抽签方式", "名额顺序"},
		{"S1", "张伟", "SC1", "东山县职业中学, 分校", "农业技术", "中职", "东山县", "P1", "总装\n二线", "E1", "汽车集团 \"总部\"", "C2", "1", "", fp, mech, "", "0", "single", "reserved-first"},
		{"S2", "王芳", "", "", "EC", "", "", "", "", "", "", "", "", "所符合的志愿岗位均已被排名更靠前的学生录满", fp, mech, "", "0", "single", "reserved-first"},
		{"S3", "", "", "", "", "", "", "P2", "", "", "", "东山县", "2", "", fp, mech, "", "0", "single", "reserved-first"},
	}, recs)
	rf, err = matching.ReadResultCSV(bytes.NewReader(zh.Bytes()), c)
	require.NoError(t, err)
	assert.Equal(t, r.Placements(), rf.Placements)
	assert.Equal(t, fp, rf.Fingerprint)

	// Re-saved by Excel on Chinese Windows: GBK, no byte order mark,
	// cells with spaces and a rank typed full-width.
	resaved := strings.Replace(string(body), "P2,,,,东山县,2,", " P2 ,,,,东山县,２,", 1)
	require.Contains(t, resaved, "２")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(resaved)
	require.NoError(t, err)
	rf, err = matching.ReadResultCSV(strings.NewReader(gbk), c)
	require.NoError(t, err)
	assert.Equal(t, r.Placements(), rf.Placements)
	assert.Equal(t, fp, rf.Fingerprint)

	// Rows of two results: an error at the first row that disagrees.
	mixed := strings.Replace(string(body), fp+",student-da,,0,single,reserved-first\nS3", "0123,student-da,,0,single,reserved-first\nS3", 1)
	require.NotEqual(t, string(body), mixed)
	_, err = matching.ReadResultCSV(strings.NewReader(mixed), c)
	require.ErrorIs(t, err, matching.ErrResultFile)
	require.ErrorContains(t, err, "line 4: cohort_fingerprint \"0123\", but line 2 has")
	mixed = strings.Replace(string(body), "0,single,reserved-first\nS3", "0,single,open-first\nS3", 1)
	require.NotEqual(t, string(body), mixed)
	_, err = matching.ReadResultCSV(strings.NewReader(mixed), c)
	require.ErrorContains(t, err, "line 4: reserve_order \"open-first\", but the first row has \"reserved-first\"")

	// A changed cohort: said as such, before the IDs it no longer knows.
	d := c.Data()
	d.Students = d.Students[1:]
	changed, err := model.New(d, nil)
	require.NoError(t, err)
	_, err = matching.ReadResultCSV(bytes.NewReader(b.Bytes()), changed)
	var ce *matching.CohortChangedError
	require.ErrorAs(t, err, &ce)
	require.NotErrorIs(t, err, matching.ErrResultFile)
}

// TestResultNames: every name a result file uses has a Chinese name that
// reads back to its key, as does the key itself; no two names collide
// (the table panics when they do), none uses a word the catalogues
// retired, and the columns of every table are among them.
func TestResultNames(t *testing.T) {
	keys := append(matching.StudentColumns(), matching.PositionColumns()...)
	keys = append(keys, "rank", "reason", "cohort_fingerprint",
		"assignments", "unplaced", "summary", "objective", "certificate",
		"item", "value", "format", "cohort", "mechanism", "tie_break", "seed", "reserve_order",
		"students_total", "positions_total", "placed", "total_rank",
		"criterion", "sense", "phase", "criteria", "node",
		"round", "previous_result", "responses", "round_lottery", "answer", "previous_position")
	seen := map[string]string{}
	for _, k := range keys {
		zh := matching.ResultName(lang.Chinese, k)
		assert.NotEqual(t, k, zh, "%s has no Chinese name", k)
		assert.Equal(t, k, matching.ResultName(lang.English, k))
		assert.Equal(t, k, matching.ResultKey(zh), zh)
		assert.Equal(t, k, matching.ResultKey(" "+k+" "), k)
		for old := range words.Retired {
			assert.NotContains(t, zh, old, "%s: a retired word", k)
		}
		if other, dup := seen[zh]; dup {
			t.Errorf("%s and %s are both %s", other, k, zh)
		}
		seen[zh] = k
	}
	assert.Equal(t, "学生", matching.ResultName(language.Chinese, "student"), "Chinese in any script")
	assert.Equal(t, "student", matching.ResultName(language.Und, "student"), "the zero value is English")
	assert.Equal(t, "备注", matching.ResultKey(" 备注 "), "an unknown name is itself")
	assert.Equal(t, "备注", matching.ResultName(lang.Chinese, "备注"))
}
