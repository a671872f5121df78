package model

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// loadBoth loads a folder with the sequential reader of students.csv and
// with the parallel one cutting chunks of chunk bytes, and fails unless
// both give the same outcome: the same data and warnings, or the same
// problems.
func loadBoth(t *testing.T, fsys fstest.MapFS, opts *Options, chunk int) {
	t.Helper()
	oldChunk, oldPar := csvChunkBytes, csvParallel
	defer func() { csvChunkBytes, csvParallel = oldChunk, oldPar }()
	csvParallel = false
	want := outcomeText(LoadCSV(fsys, ".", opts))
	csvParallel, csvChunkBytes = true, chunk
	got := outcomeText(LoadCSV(fsys, ".", opts))
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("chunks of %d bytes: sequential (-) and parallel (+) readers differ:\n%s", chunk, d)
	}
}

var parallelPositions = "id,capacity,majors,min_score\nP1,2,,\nP2,1,,50\nP3,1,M1,\n"

func TestParallelCSVReaderMatchesSequential(t *testing.T) {
	valid := "id,name,score,major,choices\n"
	for i := range 300 {
		valid += fmt.Sprintf("S%d,name %d,%d,,P%d;P%d\n", i, i, i%90, 1+i%3, 1+(i+1)%3)
	}
	cases := map[string]string{
		"valid":            valid,
		"no final newline": strings.TrimSuffix(valid, "\n"),
		"crlf":             strings.ReplaceAll(valid, "\n", "\r\n"),
		"bom and blanks":   "\ufeff" + strings.Replace(valid, "S7,", "\n\nS7,", 1) + "\n\n",
		"quoted":           strings.ReplaceAll(valid, ",name 1,", ",\"name, \"\"one\"\"\nsecond line\","),
		"field counts":     strings.ReplaceAll(valid, ",P2;P3\n", "\n") + "S9999\n",
		"bad values":       strings.ReplaceAll(strings.ReplaceAll(valid, ",5,", ",x,"), "P3", "P9"),
		"duplicates":       valid + valid[strings.Index(valid, "\n")+1:],
		"bare quote":       strings.Replace(valid, "name 20", "na\"me", 1),
		"open quote":       strings.Replace(valid, "name 250", "\"name", 1),
		"quote at end":     valid + "S1000,\"x\n",
		"empty":            "id,choices\n",
		"header only":      "id,choices",
		"blank quoted":     valid + "\"\"\n",
		"long line":        valid + "S2000,," + strings.Repeat("P1;", 30) + "P1\n" + valid[strings.Index(valid, "\n")+1:],
		// A byte order mark before a quoted header: the parallel reader
		// starts after the header, counted in the file's bytes.
		"bom quoted header": "\ufeff\"id\"" + valid[strings.Index(valid, ","):],
		"typed by hand":     strings.ReplaceAll(strings.ReplaceAll(valid, ";P", "；P"), ",P1", ", P1\u3000"),
		"notes column":      strings.Replace(strings.ReplaceAll(valid, "\n", ",note\n"), ",note\n", ",备注\n", 1),
		"gbk":               gbkText(valid + "S5000,张三,1,,P1\n"),
		"gbk bad bytes":     gbkText(valid + "S5000,张三,1,,P1\n\xff\n"),
	}
	for name, students := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"students.csv":  {Data: []byte(students)},
				"positions.csv": {Data: []byte(parallelPositions)},
				"majors.csv":    {Data: []byte("id\nM1\n")},
			}
			for _, chunk := range []int{1, 50, 1 << 19} {
				loadBoth(t, fsys, nil, chunk)
				loadBoth(t, fsys, &Options{MaxLineBytes: 80, MaxProblems: -1}, chunk)
				loadBoth(t, fsys, &Options{MaxBytes: int64(len(students) - 10)}, chunk)
			}
		})
	}
}

// FuzzCSVParallel: the parallel reader of students.csv reads any file as
// the sequential one does.
func FuzzCSVParallel(f *testing.F) {
	b, err := os.ReadFile("testdata/valid/cohort-csv/students.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, 16)
	f.Add([]byte("id,choices,score\nS1,P1;P2,1e3\n\nS2,\"P1\"\r\nS3\n"), 5)
	f.Add([]byte("id,choices,name\nS1,P1,\"a\nb\"\"c\"\nS2,P2,x\"y\n"), 3)
	f.Add([]byte("\ufeff\"id\",choices,备注\nS1 ,P1；P2，P3,x\nS2,P2、 P1,\n"), 7)
	f.Add([]byte(gbkText("id,choices,name\nS1,P1,张三\nS2,P2,李四\n")), 9)
	f.Fuzz(func(t *testing.T, students []byte, chunk int) {
		fsys := fstest.MapFS{
			"students.csv":  {Data: students},
			"positions.csv": {Data: []byte(parallelPositions)},
			"majors.csv":    {Data: []byte("id\nM1\n")},
		}
		loadBoth(t, fsys, &Options{MaxBytes: 1 << 16, MaxLineBytes: 64}, 1+(chunk&0xff))
	})
}

// gbkText is s encoded as GBK, what Excel on Chinese Windows saves; bytes
// that are not UTF-8 stay as they are.
func gbkText(s string) string {
	var b strings.Builder
	for _, r := range s {
		e, err := simplifiedchinese.GBK.NewEncoder().String(string(r))
		if err != nil || r == utf8.RuneError {
			e = string(r)
		}
		b.WriteString(e)
	}
	return b.String()
}
