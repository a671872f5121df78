package model_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/model"
)

// Files as planners make them: testdata/planner/clean is a small cohort
// in plain UTF-8; every other case is the same cohort as Excel on Chinese
// Windows saves or a planner types it, and must read to the same Data,
// with exactly the warnings of its golden file.

const plannerDir = "testdata/planner"

// plannerFolder reads the CSV files of folder testdata/planner/name.
func plannerFolder(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir(filepath.Join(plannerDir, name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(plannerDir, name, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// encoded is fsys with every file encoded by enc.
func encoded(t *testing.T, fsys fstest.MapFS, enc encoding.Encoding) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for name, f := range fsys {
		b, err := enc.NewEncoder().Bytes(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = &fstest.MapFile{Data: b}
	}
	return out
}

// problemsText is the text of a load's outcome: its warnings, one a line,
// or its error.
func problemsText(c *model.Cohort, err error) string {
	if err != nil {
		return err.Error() + "\n"
	}
	var b strings.Builder
	for _, w := range c.Warnings() {
		b.WriteString(w.Error() + "\n")
	}
	if b.Len() == 0 {
		return "no warnings\n"
	}
	return b.String()
}

// ignoreExtra compares Data without the unknown columns, which the clean
// cohort does not have.
var ignoreExtra = cmpopts.IgnoreFields(model.Data{}, "Extra")

func loadClean(t *testing.T) *model.Cohort {
	t.Helper()
	c, err := model.LoadCSV(plannerFolder(t, "clean"), ".", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings()) != 0 || c.Extra() != nil {
		t.Fatalf("the clean cohort has warnings or unknown columns: %v", c.Warnings())
	}
	return c
}

func TestPlannerCSV(t *testing.T) {
	clean := loadClean(t)
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	cases := []struct {
		name string
		fsys func(t *testing.T) fstest.MapFS
	}{
		// Excel's "CSV" on Chinese Windows: GBK.
		{"gbk", func(t *testing.T) fstest.MapFS {
			return encoded(t, plannerFolder(t, "clean"), simplifiedchinese.GBK)
		}},
		// GB18030 proper, with its byte order mark, in one file.
		{"gb18030-bom", func(t *testing.T) fstest.MapFS {
			fsys := plannerFolder(t, "clean")
			enc := encoded(t, fstest.MapFS{"students.csv": fsys["students.csv"]}, simplifiedchinese.GB18030)
			b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("\uFEFF"))
			if err != nil {
				t.Fatal(err)
			}
			fsys["students.csv"] = &fstest.MapFile{Data: append(b, enc["students.csv"].Data...)}
			return fsys
		}},
		// Excel's "Unicode text", and the other byte order.
		{"utf16", func(t *testing.T) fstest.MapFS {
			fsys := encoded(t, plannerFolder(t, "clean"), utf16le)
			be := encoded(t, plannerFolder(t, "clean"), utf16be)
			fsys["positions.csv"] = be["positions.csv"]
			return fsys
		}},
		// "CSV UTF-8": a byte order mark on every file.
		{"utf8-bom", func(t *testing.T) fstest.MapFS {
			fsys := plannerFolder(t, "clean")
			for _, f := range fsys {
				f.Data = append([]byte("\uFEFF"), f.Data...)
			}
			return fsys
		}},
		// Typed by hand: spaces, full-width digits and separators, notes.
		{"messy", func(t *testing.T) fstest.MapFS { return plannerFolder(t, "messy") }},
		// The messy one saved as GBK.
		{"messy-gbk", func(t *testing.T) fstest.MapFS {
			return encoded(t, plannerFolder(t, "messy"), simplifiedchinese.GB18030)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := model.LoadCSV(tc.fsys(t), ".", nil)
			golden.Check(t, filepath.Join(plannerDir, tc.name+".golden"), problemsText(c, err))
			if err != nil {
				return
			}
			if d := cmp.Diff(clean.Data(), c.Data(), ignoreExtra); d != "" {
				t.Errorf("not the clean cohort (-clean +got):\n%s", d)
			}
		})
	}
}

// Bytes that are text in no encoding the reader knows are an error at
// their line, never characters made up for them.
func TestPlannerCSVBadBytes(t *testing.T) {
	gbk := func(t *testing.T) fstest.MapFS { return encoded(t, plannerFolder(t, "clean"), simplifiedchinese.GBK) }
	cases := []struct {
		name string
		fsys func(t *testing.T) fstest.MapFS
	}{
		// A GBK file with a byte no GBK character starts with, in line 4.
		{"bad-gbk", func(t *testing.T) fstest.MapFS {
			fsys := gbk(t)
			f := fsys["students.csv"]
			lines := bytes.SplitAfter(f.Data, []byte("\n"))
			lines[3] = append([]byte{0xFF}, lines[3]...)
			f.Data = bytes.Join(lines, nil)
			return fsys
		}},
		// A UTF-8 file cut in the middle of a character, in line 3.
		{"bad-utf8", func(t *testing.T) fstest.MapFS {
			fsys := plannerFolder(t, "clean")
			f := fsys["students.csv"]
			i := bytes.Index(f.Data, []byte("李娜"))
			f.Data = append(append(append([]byte(nil), f.Data[:i+1]...), ','), f.Data[i+1:]...)
			return fsys
		}},
		// A UTF-8 file with a line pasted from a GBK file, line 7: the
		// error is there, not in the UTF-8 names read as GBK.
		{"bad-mixed", func(t *testing.T) fstest.MapFS {
			fsys := plannerFolder(t, "clean")
			f := fsys["students.csv"]
			line, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("S6,赵六,SC01,AG,secondary,C1,60,,,P2\n"))
			if err != nil {
				t.Fatal(err)
			}
			f.Data = append(append([]byte(nil), f.Data...), line...)
			return fsys
		}},
		// A UTF-8 file with a byte order mark (as gen and Excel's "CSV
		// UTF-8" write it), ASCII but its header, and one row pasted from a
		// GBK file: too few UTF-8 characters for the ratio to tell, but the
		// mark means UTF-8, so the row is mixed encodings at line 3, not
		// the whole file misread as GBK (the mark read as GBK).
		{"bad-bom-gbk", func(t *testing.T) fstest.MapFS {
			fsys := plannerFolder(t, "clean")
			f := fsys["students.csv"]
			lines := bytes.SplitAfter(bytes.TrimPrefix(f.Data, []byte("\uFEFF")), []byte("\n"))
			row, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("S6,赵六,SC01,AG,secondary,C1,60,,,P2\n"))
			if err != nil {
				t.Fatal(err)
			}
			f.Data = append(append([]byte("\uFEFF"), lines[0]...), []byte("S9,Li Na,SC01,AG,secondary,C1,70,,,P1\n")...)
			f.Data = append(f.Data, row...)
			return fsys
		}},
		// A UTF-8 file whose first student's name was pasted from a GBK
		// file (line 2), UTF-8 Chinese after it: GB18030 would decode the
		// whole file into mojibake without an error, so the file is UTF-8
		// with another encoding mixed in, an error at line 2.
		{"bad-gbk-cell-first", func(t *testing.T) fstest.MapFS {
			fsys := plannerFolder(t, "clean")
			f := fsys["students.csv"]
			lines := bytes.SplitAfter(f.Data, []byte("\n"))
			name := bytes.Split(lines[1], []byte(","))[1]
			gb, err := simplifiedchinese.GBK.NewEncoder().Bytes(name)
			if err != nil {
				t.Fatal(err)
			}
			lines[1] = bytes.Replace(lines[1], name, gb, 1)
			f.Data = bytes.Join(lines, nil)
			return fsys
		}},
		// UTF-16 with half a surrogate pair in line 2 of positions.csv.
		{"bad-utf16", func(t *testing.T) fstest.MapFS {
			fsys := encoded(t, plannerFolder(t, "clean"), unicode.UTF16(unicode.LittleEndian, unicode.UseBOM))
			f := fsys["positions.csv"]
			i := bytes.Index(f.Data, []byte{'\n', 0, 'P', 0})
			f.Data = append(append(append([]byte(nil), f.Data[:i+2]...), 0x00, 0xD8), f.Data[i+2:]...)
			return fsys
		}},
		// A byte order mark of UTF-16 and an odd number of bytes.
		{"bad-utf16-odd", func(t *testing.T) fstest.MapFS {
			fsys := encoded(t, plannerFolder(t, "clean"), unicode.UTF16(unicode.LittleEndian, unicode.UseBOM))
			f := fsys["majors.csv"]
			f.Data = f.Data[:len(f.Data)-1]
			return fsys
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := model.LoadCSV(tc.fsys(t), ".", nil)
			if err == nil {
				t.Fatalf("read, with warnings %v", c.Warnings())
			}
			if !errors.Is(err, model.ErrEncoding) {
				t.Errorf("the error wraps no ErrEncoding: %v", err)
			}
			if strings.ContainsRune(err.Error(), '\uFFFD') {
				t.Errorf("the error shows replacement characters: %v", err)
			}
			golden.Check(t, filepath.Join(plannerDir, tc.name+".golden"), problemsText(c, err))
			// In Chinese the whole message is Chinese: no English words
			// but the encodings' names and "CSV UTF-8".
			var ve *model.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("not a ValidationError: %v", err)
			}
			zh := ve.Text(lang.Chinese)
			for _, w := range []string{"bytes", "text", "file", "save", "mixed"} {
				if strings.Contains(zh, w) {
					t.Errorf("English %q in the Chinese message: %s", w, zh)
				}
			}
		})
	}
}

// A large UTF-8 file whose only non-UTF-8 bytes are at its end, past the
// detector's first chunks, is read as GB18030: the whole file is checked.
func TestPlannerCSVLateGBK(t *testing.T) {
	fsys := plannerFolder(t, "clean")
	f := fsys["students.csv"]
	var b bytes.Buffer
	b.WriteString("id,name,school,major,level,region,score,special_post,order_class,choices\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "X%05d,,SC01,AG,secondary,C1,50,,,P2\n", i)
	}
	name, err := simplifiedchinese.GBK.NewEncoder().String("末尾的名字")
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("Z1," + name + ",SC01,AG,secondary,C1,50,,,P2\n")
	f.Data = b.Bytes()
	c, err := model.LoadCSV(fsys, ".", nil)
	if err != nil {
		t.Fatal(err)
	}
	st := c.Students()
	if got := st[len(st)-1].Name; got != "末尾的名字" {
		t.Errorf("last name %q, want 末尾的名字", got)
	}
	if got := problemsText(c, nil); !strings.Contains(got, "students.csv: warning: converted from GB18030 (GBK) to UTF-8") {
		t.Errorf("warnings:\n%s", got)
	}
}

// Unknown columns come back, with their values, when the cohort is written
// as CSV, also after a round of Data and New (a what-if study); every file
// written starts with a byte order mark.
func TestPlannerCSVRoundTrip(t *testing.T) {
	c, err := model.LoadCSV(plannerFolder(t, "messy"), ".", nil)
	if err != nil {
		t.Fatal(err)
	}
	e := c.Extra()
	if got := e.Columns("students"); !cmp.Equal(got, []string{"备注"}) {
		t.Fatalf("students' unknown columns %q", got)
	}
	for _, tc := range []struct{ table, id, want string }{
		{"students", "S1", "班主任推荐"},
		{"students", "S3", "复读, 待定"},
		{"students", "S2", ""},
		{"enterprises", "E3", "待确认"},
		{"positions", "P1", ""},
	} {
		if got := e.Value(tc.table, tc.id, "备注"); got != tc.want {
			t.Errorf("%s %s 备注 = %q, want %q", tc.table, tc.id, got, tc.want)
		}
	}
	again, err := model.New(c.Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := model.WriteCSV(dir, again); err != nil {
		t.Fatal(err)
	}
	students, err := os.ReadFile(filepath.Join(dir, "students.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join(plannerDir, "messy-written-students.csv"), string(students))
	for _, name := range []string{"students.csv", "positions.csv", "cohort.csv", "regions.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Errorf("%s has no byte order mark", name)
		}
	}
	back, err := model.LoadCSV(os.DirFS(dir), ".", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(c.Data(), back.Data()); d != "" {
		t.Errorf("round trip (-read +read back):\n%s", d)
	}
	if !back.Extra().Equal(e) {
		t.Errorf("unknown columns lost on the round trip")
	}
}
