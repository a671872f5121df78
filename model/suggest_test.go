package model_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
)

// Suggester gives a caller outside the cohort (a change file, a command's
// -student) the hints validation gives a cohort's own unknown IDs: the
// record whose name a value is, the nearest IDs, nothing when nothing is
// close or the kind is unknown.
func TestSuggester(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(`{
  "positions": [{"id": "P00043", "name": "质检", "capacity": 1}, {"id": "P00044", "capacity": 1}],
  "students": [{"id": "S0000002", "name": "吴敏明", "choices": ["P00043"]}]
}`), "c.json", nil)
	require.NoError(t, err)
	suggest := c.Suggester()
	assert.Equal(t, []model.Suggestion{{ID: "S0000002", Name: "吴敏明"}}, suggest("student", "吴敏明"))
	assert.Equal(t, []model.Suggestion{{ID: "P00043", Name: "质检"}}, suggest("position", "P0043"))
	assert.Equal(t, []model.Suggestion{{ID: "P00043", Name: "质检"}}, suggest("position", "质检"))
	assert.Empty(t, suggest("position", "X99999"))
	assert.Empty(t, suggest("teacher", "P0043"))
}
