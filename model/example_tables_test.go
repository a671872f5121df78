package model_test

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/placement-engine/placement/model"
)

// memTables is a model.TableSource of tables held in memory, as rows from a
// database or another spreadsheet format would be: each table a header
// row, then records.
type memTables map[string][][]string

// Place names every table a sheet of "memory", so problems read
// `memory: sheet "students" row 3, ...`.
func (m memTables) Place(name string) model.TablePlace {
	return model.TablePlace{File: "memory", Sheet: name}
}

func (m memTables) Open(name string) (model.TableRows, error) {
	rows, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("no table %q: %w", name, fs.ErrNotExist)
	}
	return &memRows{rows: rows}, nil
}

// memRows reads a table's rows, numbered from 1.
type memRows struct {
	rows [][]string
	n    int
}

func (r *memRows) Read() ([]string, int, error) {
	if r.n == len(r.rows) {
		return nil, 0, io.EOF
	}
	r.n++
	return r.rows[r.n-1], r.n, nil
}

func (r *memRows) Close() error { return nil }

// A cohort read from tables that a program holds: the first time with a
// score that is no number, then fixed.
func ExampleLoadTables() {
	src := memTables{
		"positions": {{"id", "capacity", "min_score"}, {"P1", "2", "60"}},
		"students":  {{"id", "score", "choices"}, {"S1", "81.5", "P1"}, {"S2", "abc", "P1"}},
	}
	_, err := model.LoadTables(src, nil)
	fmt.Println(err)

	src["students"][2][1] = "59"
	c, err := model.LoadTables(src, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(c.Students()), "students,", len(c.Warnings()), "warning:")
	fmt.Println(c.Warnings()[0])
	// Output:
	// model: cohort rejected: 1 error
	// 	memory: sheet "students" row 3, column "score": student "S2": "abc" is not a number
	// 2 students, 1 warning:
	// memory: sheet "students" row 3, column "choices": student "S2": warning: position "P1": score below the minimum
}
