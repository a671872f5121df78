package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// TestWithChoices: the cohort with some lists replaced is the cohort New
// makes of the data with those lists (the same fingerprint, lists and
// warnings), c is unchanged, and bad indices are refused.
func TestWithChoices(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.2, 3))
	require.NoError(t, err)
	before := c.Fingerprint()
	lists := map[int][]int32{0: {5, 3}, 7: {}, 12: {1}}
	got, err := c.WithChoices(lists, nil)
	require.NoError(t, err)
	d := c.Data()
	for s, l := range lists {
		d.Students[s].Choices = []string{}
		for _, p := range l {
			d.Students[s].Choices = append(d.Students[s].Choices, c.Positions()[p].ID)
		}
	}
	want, err := model.New(d, nil)
	require.NoError(t, err)
	assert.Equal(t, want.Fingerprint(), got.Fingerprint())
	assert.NotEqual(t, before, got.Fingerprint())
	assert.Equal(t, before, c.Fingerprint())
	for s := range c.NumStudents() {
		require.Equal(t, want.Choices(s), got.Choices(s), "student %d", s)
	}
	assert.Equal(t, want.Students(), got.Students())
	assert.Equal(t, len(want.Warnings()), len(got.Warnings()))
	same, err := c.WithChoices(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, before, same.Fingerprint())

	_, err = c.WithChoices(map[int][]int32{c.NumStudents(): {0}}, nil)
	assert.Error(t, err)
	_, err = c.WithChoices(map[int][]int32{0: {int32(len(c.Positions()))}}, nil)
	assert.Error(t, err)
	// A repeated choice is New's error.
	_, err = c.WithChoices(map[int][]int32{0: {1, 1}}, nil)
	var ve *model.ValidationError
	assert.ErrorAs(t, err, &ve)
}
