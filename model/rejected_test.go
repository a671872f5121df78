package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

// A rejected cohort keeps the warnings found with its errors (the files
// converted from GBK), and the conversion of several files groups into one
// line naming them, in both languages; a fatal error (bytes of no
// encoding) keeps those found before it.
func TestRejectedKeepsWarnings(t *testing.T) {
	tables := problemCohort(3, func(t *problemTables) { t.set("students", 1, "major", "XX") })
	fsys := tables.csvFS()
	for _, name := range []string{"students.csv", "positions.csv", "schools.csv"} {
		gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(fsys[name].Data)
		require.NoError(t, err)
		fsys[name].Data = gbk
	}
	_, err := model.LoadCSV(fsys, ".", nil)
	var ve *model.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Warnings, 4) // and the choice of a major not accepted
	gs := model.GroupProblems(ve.Warnings)
	require.Len(t, gs, 2)
	require.Equal(t, "positions.csv, schools.csv, students.csv: warning: converted from GB18030 (GBK) to UTF-8", gs[0].Error())
	require.Equal(t, "positions.csv、schools.csv、students.csv：警告：已从 GB18030 (GBK) 转换为 UTF-8", gs[0].Text(lang.Chinese))
	require.NotContains(t, ve.Error(), "converted", "the warnings are not among the errors")

	// positions.csv is GBK, students.csv bytes of no encoding: fatal.
	fsys["students.csv"].Data = append([]byte("id,name\n"), 0x81, 0x20, '\n')
	_, err = model.LoadCSV(fsys, ".", nil)
	require.ErrorAs(t, err, &ve)
	require.NotEmpty(t, ve.Warnings)
	for _, w := range ve.Warnings {
		require.Equal(t, model.SeverityWarning, w.Severity)
	}
}
