package model_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/model"
)

// A large file is read in time linear in its size: 200,000 responses in
// each format well within a second or two even on a loaded machine.
func TestResponsesLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	rs := &model.Responses{Result: "abc"}
	for i := range 200_000 {
		r := model.Response{Student: fmt.Sprintf("S%07d", i), Answer: model.Answer(i%5 + 1)}
		if r.Answer == model.Continue {
			r.Choices, r.HasChoices = []string{"P1", "P2"}, true
		}
		rs.Responses = append(rs.Responses, r)
	}
	var j, c bytes.Buffer
	require.NoError(t, model.WriteResponsesJSON(&j, rs))
	require.NoError(t, model.WriteResponsesCSV(&c, rs, language.English))
	start := time.Now()
	got, err := model.ReadResponsesJSON(&j, "r.json")
	require.NoError(t, err)
	require.Len(t, got.Responses, 200_000)
	require.Equal(t, 200_003, got.Responses[199_999].Line)
	tj := time.Since(start)
	start = time.Now()
	got, err = model.ReadResponsesCSV(&c, "r.csv")
	require.NoError(t, err)
	require.Equal(t, rs.Fingerprint(), got.Fingerprint())
	t.Logf("200,000 responses: JSON %v, CSV %v", tj, time.Since(start))
	require.Less(t, tj+time.Since(start), 20*time.Second)
}

// A long list is checked in time linear in its length.
func TestResponsesLongList(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("student,answer,choices\nS1,continue,")
	for i := range 300_000 {
		fmt.Fprintf(&b, "P%d;", i)
	}
	b.WriteString("P0\n")
	start := time.Now()
	_, err := model.ReadResponsesCSV(&b, "r.csv")
	require.ErrorIs(t, err, model.ErrDuplicateChoice)
	require.Less(t, time.Since(start), 10*time.Second)
}
