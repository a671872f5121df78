package model_test

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/placement-engine/placement/internal/modeltest"
	"github.com/placement-engine/placement/model"
)

// FuzzReadJSON: any input either is rejected with a *ValidationError or
// yields a cohort that writes and reads back to the same data.
func FuzzReadJSON(f *testing.F) {
	for _, name := range []string{"testdata/valid/cohort.json", "testdata/bad/types.json", "testdata/bad/values.json", "testdata/bad/refs.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"positions":[{"id":"P","capacity":1,"ranking":[]}],"students":[{"id":"S","choices":["P"]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		c, err := model.ReadJSON(bytes.NewReader(in), "fuzz.json", &model.Options{MaxBytes: 1 << 20})
		if err != nil {
			modeltest.CheckRejection(t, err)
			return
		}
		var out bytes.Buffer
		if err := model.WriteJSON(&out, c); err != nil {
			t.Fatal(err)
		}
		c2, err := model.ReadJSON(&out, "", nil)
		if err != nil {
			t.Fatalf("written cohort does not read back: %v\n%s", err, out.String())
		}
		if d := cmp.Diff(c.Data(), c2.Data()); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}

// FuzzLoadCSV fuzzes the two required files of a CSV folder: rejected with
// a *ValidationError, or round-trips through WriteCSV.
func FuzzLoadCSV(f *testing.F) {
	students, err := os.ReadFile("testdata/valid/cohort-csv/students.csv")
	if err != nil {
		f.Fatal(err)
	}
	positions, err := os.ReadFile("testdata/valid/cohort-csv/positions.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(students, positions)
	f.Add([]byte("id,choices,score\nS1,P1;P2,1e3\n"), []byte("id,capacity,ranking\nP1,1,S1\nP2,0,\n"))
	f.Add([]byte("id,choices\n\"S\"\"1\",P1\n"), []byte("\ufeffid,capacity,reserved\nP1,2,special-post=1/empty\n"))
	// Files as planners save them: GBK (from Excel on Chinese Windows),
	// UTF-16 with a byte order mark, cells typed by hand, a notes column,
	// and bytes that are text in no encoding.
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(students)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(gbk, positions)
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(positions)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(students, utf16)
	f.Add([]byte("id,choices,score,备注\nS1 ,P1；P2，P3,８８\u3000,班主任推荐\n"), []byte("id ,capacity,majors\nP1\u00a0,１２,AG、EC\nP2,０,\nP3,－０,\n"))
	f.Add(append(gbk, 0xFF, '\n'), []byte("\xFF\xFEi\x00d\x00"))
	valid := fstest.MapFS{}
	for _, name := range []string{"regions.csv", "schools.csv", "majors.csv", "enterprises.csv", "order_classes.csv", "cohort.csv"} {
		b, err := os.ReadFile("testdata/valid/cohort-csv/" + name)
		if err != nil {
			f.Fatal(err)
		}
		valid[name] = &fstest.MapFile{Data: b}
	}
	f.Fuzz(func(t *testing.T, students, positions []byte) {
		fsys := fstest.MapFS{}
		for k, v := range valid {
			fsys[k] = v
		}
		fsys["students.csv"] = &fstest.MapFile{Data: students}
		fsys["positions.csv"] = &fstest.MapFile{Data: positions}
		c, err := model.LoadCSV(fsys, ".", &model.Options{MaxBytes: 1 << 20, MaxLineBytes: 1 << 16})
		if err != nil {
			modeltest.CheckRejection(t, err)
			return
		}
		dir := t.TempDir()
		if err := model.WriteCSV(dir, c); err != nil {
			// Only an empty explicit ranking cannot be written, and CSV
			// never reads one.
			t.Fatal(err)
		}
		c2, err := model.LoadCSV(os.DirFS(dir), ".", nil)
		if err != nil {
			t.Fatalf("written cohort does not read back: %v", err)
		}
		if d := cmp.Diff(c.Data(), c2.Data()); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}
