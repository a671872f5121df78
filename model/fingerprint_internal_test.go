package model

import (
	"bytes"
	"os"
	"testing"
)

// recorder is a hash.Hash that keeps what is written.
type recorder struct{ bytes.Buffer }

func (r *recorder) Sum(b []byte) []byte { return append(b, r.Bytes()...) }
func (r *recorder) Size() int           { return 0 }
func (r *recorder) BlockSize() int      { return 1 }

// TestHashStudents: the fast path writes the bytes of the general one.
func TestHashStudents(t *testing.T) {
	for _, name := range []string{"testdata/valid/cohort.json"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ReadJSON(f, name, nil)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var fast, general recorder
		c.hashStudents(&fast)
		var buf []string
		d := &c.data
		hashTable(&general, "students", studentColumns, len(d.Students), func(i int) studentRecord {
			r := studentFrom(&d.Students[i])
			r.Choices = c.choiceIDs(i, buf)
			return r
		})
		if !bytes.Equal(fast.Bytes(), general.Bytes()) {
			t.Fatalf("%s: the fast path writes\n%q\nthe general one\n%q", name, fast.Bytes(), general.Bytes())
		}
	}
}
