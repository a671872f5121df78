package whatif_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/whatif"
)

// checkGolden compares got with testdata/name (go test -update rewrites
// it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

const tinyCohort = `{
  "regions": [{"id": "C1", "kind": "county"}, {"id": "OUT", "kind": "out-of-province", "cap": 2}],
  "enterprises": [{"id": "E1", "region": "OUT", "cap": 2}, {"id": "E2", "region": "C1"}],
  "positions": [
    {"id": "P1", "enterprise": "E1", "capacity": 2},
    {"id": "P2", "enterprise": "E1", "capacity": 1},
    {"id": "Q1", "enterprise": "E2", "capacity": 1, "reserved": [{"category": "county:C1", "seats": 1}]}
  ],
  "students": [
    {"id": "A", "score": 95, "choices": ["P1", "Q1"]},
    {"id": "B", "score": 90, "region": "C1", "choices": ["P1", "P2", "Q1"]},
    {"id": "C", "score": 85, "choices": ["P2", "Q1"]},
    {"id": "D", "score": 80, "region": "C1", "choices": ["Q1", "P1"]}
  ]
}`

func tiny(t *testing.T) *model.Cohort {
	t.Helper()
	c, err := model.ReadJSON(strings.NewReader(tinyCohort), "tiny.json", nil)
	require.NoError(t, err)
	return c
}

// TestReadChangesErrors reads bad change files and compares every error,
// with its file, line, entry and field, with testdata/read_errors.golden.
func TestReadChangesErrors(t *testing.T) {
	cases := []struct{ name, file string }{
		{"syntax", "{\n \"changes\": [\n  {\"position\": \"P1\", \"seats\": 1}\n"},
		{"not an object", `[1, 2]`},
		{"trailing data", `{"changes": [{"position": "P1", "seats": 1}]} {}`},
		{"duplicate member", "{\"changes\": [],\n \"changes\": []}"},
		{"missing changes", `{"name": "nothing"}`},
		{"unknown top-level field", `{"changes": [{"position": "P1", "seats": "ten"}], "seatz": 1}`},
		{"result file", `{"format": "placement-result/1", "assignments": []}`},
		{"cohort file", `{"students": [], "positions": []}`},
		{"changes not a list", `{"changes": {"position": "P1"}}`},
		{"bad entries", `{"format": "placement-changes/1", "changes": [
  {"position": "P1", "seatz": 1},
  {"position": "P1", "seats": 1.5},
  {"position": "P1", "seats": "ten"},
  {"position": "P1", "enterprise": "E1", "cap": 1},
  {"seats": 3},
  {"position": "P1"},
  {"position": "P1", "seats": 2, "capacity": 3},
  {"position": "P1", "seats": 0},
  {"position": "P1", "capacity": -1},
  {"position": "P1", "withdraw": false},
  {"position": "P1", "withdraw": true, "seats": 1},
  {"students": ["A"]},
  {"students": [], "withdraw": true},
  {"students": ["A", "B", "A"], "withdraw": true},
  {"position": "P1", "reserved": [{"category": "county", "seats": 1}, {"category": "county:C1"}, {"category": "special-post", "seats": 1, "unused": "never"}]},
  {"enterprise": "E1", "floor": 1},
  {"region": "OUT", "cap": 20000000},
  {"position": "P1", "reserved": [{"category": "special-post", "seats": true}]},
  "P1"
]}`},
		{"duplicate field in an entry", `{"changes": [
  {"position": "P1", "seats": 1},
  {"position": "P1", "seats": 1, "seats": 2}
]}`},
	}
	var b strings.Builder
	for _, tc := range cases {
		ch, err := whatif.ReadChanges(strings.NewReader(tc.file), "changes.json")
		require.Error(t, err, tc.name)
		var ce *whatif.ChangeError
		require.ErrorAs(t, err, &ce, tc.name)
		b.WriteString("== " + tc.name + "\n" + err.Error() + "\n")
		if ch != nil {
			for _, w := range ch.Warnings {
				b.WriteString("warning: " + w.Error() + "\n")
			}
		}
		b.WriteString(ce.Text(lang.Chinese) + "\n")
	}
	checkGolden(t, "read_errors.golden", b.String())
}

// TestApplyErrors applies changes that do not fit the cohort and compares
// the errors with testdata/apply_errors.golden.
func TestApplyErrors(t *testing.T) {
	c := tiny(t)
	cases := []struct{ name, file string }{
		{"unknown IDs", `{"changes": [
  {"position": "P9", "seats": 1},
  {"enterprise": "E9", "cap": 1},
  {"region": "C9", "floor": 1},
  {"students": ["A", "Z", "Y"], "withdraw": true}
]}`},
		{"seats and withdrawals", `{"changes": [
  {"position": "P2", "seats": -2},
  {"position": "Q1", "withdraw": true},
  {"position": "Q1", "seats": 1},
  {"students": ["A"], "withdraw": true},
  {"students": ["B", "A"], "withdraw": true}
]}`},
		{"changed cohort invalid", `{"name": "fewer seats", "changes": [
  {"position": "Q1", "capacity": 0},
  {"region": "OUT", "floor": 3}
]}`},
	}
	var b strings.Builder
	for _, tc := range cases {
		ch, err := whatif.ReadChanges(strings.NewReader(tc.file), "changes.json")
		require.NoError(t, err, tc.name)
		got, err := whatif.Apply(c, ch, nil)
		require.Error(t, err, tc.name)
		assert.Nil(t, got)
		b.WriteString("== " + tc.name + "\n" + err.Error() + "\n")
	}
	checkGolden(t, "apply_errors.golden", b.String())
}

func TestErrorsWrapSentinels(t *testing.T) {
	c := tiny(t)
	_, err := whatif.ReadChanges(strings.NewReader(`{"changes": [{"position": "P1", "seats": "x"}]}`), "c.json")
	assert.ErrorIs(t, err, model.ErrSyntax)
	ch, err := whatif.ReadChanges(strings.NewReader(`{"changes": [{"students": ["Z"], "withdraw": true}]}`), "c.json")
	require.NoError(t, err)
	_, err = whatif.Apply(c, ch, nil)
	assert.ErrorIs(t, err, model.ErrUnknownRef)
	var p *model.Problem
	require.True(t, errors.As(err, &p))
	assert.Equal(t, "c.json", p.File)
	assert.Equal(t, 1, p.Line)
	assert.Equal(t, "changes[0].students[0]", p.Path)
	ch, err = whatif.ReadChanges(strings.NewReader(`{"changes": [{"position": "P2", "capacity": 0}, {"position": "Q1", "capacity": 0}]}`), "c.json")
	require.NoError(t, err)
	_, err = whatif.Apply(c, ch, nil)
	assert.ErrorIs(t, err, model.ErrCapacity, "a reserve above the new capacity is model's validation error")
}

// TestApply checks every kind of change on the tiny cohort, and that the
// cohort given is left as it was.
func TestApply(t *testing.T) {
	c := tiny(t)
	before := c.Data()
	ch, err := whatif.ReadChanges(strings.NewReader(`{
  "format": "placement-changes/1",
  "name": "everything",
  "changes": [
    {"position": "P1", "seats": 3},
    {"position": "P1", "seats": -1},
    {"position": "P2", "capacity": 4, "min_fill": 1, "target": 2},
    {"position": "Q1", "reserved": []},
    {"enterprise": "E1", "cap": 5},
    {"region": "OUT", "cap": 0, "floor": 1},
    {"students": ["B"], "withdraw": true},
    {"position": "Q1", "withdraw": true}
  ]
}`), "changes.json")
	require.NoError(t, err)
	assert.Equal(t, []string{"B"}, ch.Withdrawn())
	assert.Equal(t, 11, ch.Entries[6].Line, "lines are counted from the start of the file")
	got, err := whatif.Apply(c, ch, nil)
	require.NoError(t, err)
	if d := cmp.Diff(before, c.Data()); d != "" {
		t.Errorf("Apply modified its cohort (-before +after):\n%s", d)
	}
	want := c.Data()
	want.Name = "what if everything"
	want.Positions[0].Capacity = 4
	want.Positions[1].Capacity, want.Positions[1].MinFill, want.Positions[1].Target = 4, 1, 2
	want.Positions[2].Capacity, want.Positions[2].Reserved = 0, nil
	want.Enterprises[0].Cap = 5
	want.Regions[1].Cap, want.Regions[1].Floor = 0, 1
	want.Students[1].Choices = nil
	if d := cmp.Diff(want, got.Data()); d != "" {
		t.Errorf("changed cohort (-want +got):\n%s", d)
	}
}

// FuzzReadChanges reads fuzzed change files: never a panic; a file that
// reads either applies to the tiny cohort or is refused with a
// *ChangeError or a validation error, and an applied one compiles,
// solves and compares.
func FuzzReadChanges(f *testing.F) {
	for _, s := range []string{
		`{"format": "placement-changes/1", "name": "x", "changes": [{"position": "P1", "seats": 3}]}`,
		`{"changes": [{"students": ["A", "B"], "withdraw": true}, {"position": "Q1", "withdraw": true}]}`,
		`{"changes": [{"region": "OUT", "cap": 1, "floor": 1}, {"enterprise": "E1", "cap": 0}]}`,
		`{"changes": [{"position": "Q1", "capacity": 3, "min_fill": 1, "target": 2, "reserved": [{"category": "county:C1", "seats": 2, "unused": "empty"}]}]}`,
		`{"changes": [{"position": "P2", "seats": -1}]}`,
		`[]`, `{`, `{"changes": [1]}`,
	} {
		f.Add(s)
	}
	c, err := model.ReadJSON(strings.NewReader(tinyCohort), "tiny.json", nil)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, file string) {
		ch, err := whatif.ReadChanges(strings.NewReader(file), "fuzz.json")
		if err != nil {
			var ce *whatif.ChangeError
			require.ErrorAs(t, err, &ce)
			require.NotEmpty(t, ce.Problems)
			return
		}
		changed, err := whatif.Apply(c, ch, nil)
		if err != nil {
			var ce *whatif.ChangeError
			var ve *model.ValidationError
			require.True(t, errors.As(err, &ce) || errors.As(err, &ve), "%v", err)
			return
		}
		base, after := solveBoth(t, c, changed)
		if base == nil {
			return
		}
		d, err := whatif.Compare(base, after, ch)
		require.NoError(t, err)
		assert.Equal(t, len(ch.Withdrawn()), d.Summary.Withdrawn)
	})
}

// TestApplyChecksAPIEntries gives Apply entries built in a program that
// the reader would refuse: it refuses them the same way, naming the entry.
func TestApplyChecksAPIEntries(t *testing.T) {
	c := tiny(t)
	ch := &whatif.Changes{Name: "api", Entries: []whatif.Entry{
		{Enterprise: "E1", Seats: new(3)},
		{},
		{Position: "P1", Region: "OUT", Cap: new(1)},
		{Students: []string{"A"}},
		{Position: "P1", Reserved: &[]model.Reserve{{Category: model.Category{Kind: model.SpecialPostCategory}, Seats: -1}}},
	}}
	_, err := whatif.Apply(c, ch, nil)
	require.Error(t, err)
	assert.Equal(t, `whatif: changes rejected: 5 errors
	changes[0].seats: a change of enterprise "E1" has no field seats (it may set cap)
	changes[1]: names no target (want one of position, enterprise, region or students)
	changes[2]: names position and region: one target an entry
	changes[3].withdraw: students can only be withdrawn: set "withdraw": true
	changes[4].reserved[0].seats: -1 is out of range 0..10000000`, err.Error())
}
