package model_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
)

// TestReadableResponses: a responses file with problems of its own still
// gives the rows read without error (for the checks across files), and
// IDs typed in full width are folded with a warning.
func TestReadableResponses(t *testing.T) {
	in := "学生,回复,新志愿\n" +
		"S０1,接受,\n" + // full-width digit: folded, a warning
		"S02,接收,\n" + // a typo: an error
		"S03,继续,P００1;P2\n" +
		",放弃,\n" + // no student: an error
		"S03,放弃,\n" + // twice: the first row kept
		"S04,继续,\n"
	rs, err := model.ReadResponsesCSV(strings.NewReader(in), "r.csv")
	assert.Nil(t, rs)
	var ve *model.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	good := model.ReadableResponses(err)
	require.NotNil(t, good)
	var ids []string
	for _, r := range good.Responses {
		ids = append(ids, r.Student)
	}
	assert.Equal(t, []string{"S01", "S03", "S04"}, ids)
	assert.Equal(t, []string{"P001", "P2"}, good.Responses[1].Choices)
	assert.Equal(t, model.Accept, good.Responses[0].Answer)
	require.Len(t, ve.Warnings, 2)
	assert.Contains(t, ve.Warnings[0].Error(), `full-width characters in "S０1" read as "S01"`)
	assert.Contains(t, ve.Warnings[1].Error(), `full-width characters in "P００1" read as "P001"`)
	assert.Nil(t, model.ReadableResponses(errors.New("other")))

	// A good file: the same rows, the warnings on the responses.
	rs, err = model.ReadResponsesCSV(strings.NewReader("student,answer\nＳ01,accept\n"), "r.csv")
	require.NoError(t, err)
	assert.Equal(t, "S01", rs.Responses[0].Student)
	require.Len(t, rs.Warnings, 1)
}
