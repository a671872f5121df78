package model_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// fileTables is memTables with a file a table, "students.tab", as a folder
// of files would be.
type fileTables struct{ memTables }

func (f fileTables) Place(name string) model.TablePlace {
	return model.TablePlace{File: name + ".tab"}
}

// brokenTables fails to open the table bad, or fails reading it after its
// first row when rows is true.
type brokenTables struct {
	memTables
	bad  string
	rows bool
}

func (b brokenTables) Open(name string) (model.TableRows, error) {
	if name != b.bad {
		return b.memTables.Open(name)
	}
	if !b.rows {
		return nil, errors.New("permission denied")
	}
	r, err := b.memTables.Open(name)
	return &brokenRows{r}, err
}

type brokenRows struct{ model.TableRows }

func (r *brokenRows) Read() ([]string, int, error) {
	fields, line, err := r.TableRows.Read()
	if line > 1 {
		return nil, line, errors.New("connection lost")
	}
	return fields, line, err
}

// TestLoadTables: what LoadTables says of a source's tables, rows and
// errors, wherever they come from.
func TestLoadTables(t *testing.T) {
	positions := [][]string{{"id", "capacity"}, {"P1", "1"}}
	tests := []struct {
		name string
		src  model.TableSource
		opts *model.Options
		want []string // the problems
		is   error
	}{{
		name: "missing required table",
		src:  memTables{"positions": positions},
		want: []string{`memory: no table "students": file does not exist, which every cohort needs`},
		is:   model.ErrSyntax,
	}, {
		name: "empty file",
		src:  fileTables{memTables{"positions": positions, "students": {{}, {"", ""}}}},
		want: []string{"students.tab: student: the file is empty; it needs a header row"},
		is:   model.ErrSyntax,
	}, {
		name: "empty sheet",
		src:  memTables{"positions": positions, "students": nil},
		want: []string{`memory: sheet "students": student: the sheet is empty; it needs a header row`},
		is:   model.ErrSyntax,
	}, {
		name: "open fails",
		src:  brokenTables{memTables: memTables{"positions": positions, "students": {{"id", "choices"}}}, bad: "students"},
		want: []string{`memory: sheet "students": student: syntax error: permission denied`},
		is:   model.ErrSyntax,
	}, {
		name: "read fails",
		src:  brokenTables{memTables: memTables{"positions": positions, "students": {{"id", "choices"}, {"S1", "P1"}}}, bad: "students", rows: true},
		want: []string{`memory: sheet "students" row 2: student: syntax error: connection lost`},
		is:   model.ErrSyntax,
	}, {
		name: "row too long",
		src:  memTables{"positions": positions, "students": {{"id", "choices"}, {"S1", "P1", "", ""}, {"S2", "P1;P1;P1;P1;P1;P1"}}},
		opts: &model.Options{MaxLineBytes: 10},
		want: []string{`memory: sheet "students" row 3: student: a row exceeds 10 bytes`},
		is:   model.ErrTooLarge,
	}, {
		name: "fields beyond the header",
		src:  fileTables{memTables{"positions": positions, "students": {{" id", "choices "}, {"S1", "P1", "", ""}, {"S2"}, {"S3", "P9", "x"}, {"S4", "P1"}}}},
		want: []string{
			// and nothing more of that row; trailing empty fields and
			// missing ones are fine.
			"students.tab:4: student: row has 3 fields, the header 2",
		},
		is: model.ErrSyntax,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := model.LoadTables(tt.src, tt.opts)
			require.Nil(t, c)
			require.ErrorIs(t, err, tt.is)
			var ve *model.ValidationError
			require.ErrorAs(t, err, &ve)
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.Error())
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

// tablesOf is the tables of c as a TableSource.
func tablesOf(t *testing.T, c *model.Cohort) memTables {
	tables, err := model.Tables(c)
	require.NoError(t, err)
	m := memTables{}
	for _, tb := range tables {
		rows := [][]string{tb.Columns}
		for i := range tb.Len {
			rows = append(rows, tb.Row(i, make([]string, len(tb.Columns))))
		}
		m[tb.Name] = rows
	}
	return m
}

// TestTablesRoundTrip: LoadTables reads what Tables gives back to the same
// data, as LoadCSV reads what WriteCSV writes.
func TestTablesRoundTrip(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.5, 3))
	require.NoError(t, err)
	src := tablesOf(t, c)
	require.Len(t, src["students"], len(c.Students())+1)
	got, err := model.LoadTables(src, nil)
	require.NoError(t, err)
	if d := cmp.Diff(c.Data(), got.Data()); d != "" {
		t.Errorf("(-written +read):\n%s", d)
	}

	// What CSV cannot say, Tables refuses too.
	c, err = model.New(model.Data{Positions: []model.Position{{ID: "P1", Ranking: []string{}}}}, nil)
	require.NoError(t, err)
	_, err = model.Tables(c)
	require.ErrorContains(t, err, "empty explicit ranking")
}
