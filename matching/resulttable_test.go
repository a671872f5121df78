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

	fp := c.Fingerprint()
	body, ok := bytes.CutPrefix(b.Bytes(), []byte("\uFEFF"))
	require.True(t, ok, "no byte order mark for Excel")
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"student", "student_name", "school", "school_name", "major", "level", "home_region",
			"position", "position_name", "enterprise", "enterprise_name", "position_region", "rank", "reason", "cohort_fingerprint"},
		{"S1", "张伟", "SC1", "东山县职业中学, 分校", "农业技术", "secondary", "东山县", "P1", "总装\n二线", "E1", "汽车集团 \"总部\"", "C2", "1", "", fp},
		{"S2", "王芳", "", "", "EC", "", "", "", "", "", "", "", "", "rejected by every choice", fp},
		{"S3", "", "", "", "", "", "", "P2", "", "", "", "东山县", "2", "", fp},
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
	mixed := strings.Replace(string(body), fp+"\nS3", "0123\nS3", 1)
	_, err = matching.ReadResultCSV(strings.NewReader(mixed), c)
	require.ErrorIs(t, err, matching.ErrResultFile)
	require.ErrorContains(t, err, "line 4: cohort_fingerprint \"0123\", but line 2 has")

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
