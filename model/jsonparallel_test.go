package model

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// outcomeText is a load's outcome as text: the data and warnings, or the
// problems.
func outcomeText(c *Cohort, err error) string {
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%#v\n", c.Data())
	for _, w := range c.Warnings() {
		fmt.Fprintln(&b, w)
	}
	return b.String()
}

// loadJSONBoth loads in with the sequential reader and with LoadJSON's
// fast path (scanning chunks of chunk bytes, batches of batch records), and
// fails unless both give the same outcome. It reports whether the fast
// path kept its result.
func loadJSONBoth(t *testing.T, in []byte, opts *Options, chunk, batch int) bool {
	t.Helper()
	oldChunk, oldBatch, oldPar := jsonChunkBytes, jsonBatchSize, jsonParallel
	defer func() { jsonChunkBytes, jsonBatchSize, jsonParallel = oldChunk, oldBatch, oldPar }()
	fsys := fstest.MapFS{"c.json": {Data: in}}
	jsonParallel = false
	want := outcomeText(LoadJSON(fsys, "c.json", opts))
	jsonParallel, jsonChunkBytes, jsonBatchSize = true, chunk, batch
	got := outcomeText(LoadJSON(fsys, "c.json", opts))
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("chunks of %d bytes, batches of %d: sequential (-) and fast (+) readers differ:\n%s", chunk, batch, d)
	}
	f, _ := fsys.Open("c.json")
	defer f.Close()
	ok, c, err := loadJSONFast(f, "c.json", opts)
	if ok && outcomeText(c, err) != want {
		t.Fatalf("the fast path alone differs")
	}
	return ok
}

// parallelJSON is a cohort with the students between other members.
func parallelJSON(students int, before bool) string {
	var b strings.Builder
	pos := `"positions": [{"id":"P1","capacity":2},{"id":"P2","capacity":1,"min_score":50},` +
		`{"id":"P3","capacity":1,"majors":["M1"]}]`
	b.WriteString("{\n  \"name\": \"parallel\",\n  \"majors\": [{\"id\": \"M1\"}],\n")
	if before {
		b.WriteString("  " + pos + ",\n")
	}
	b.WriteString("  \"students\": [")
	for i := range students {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    {\"id\": \"S%d\", \"name\": \"n\\\"%d]}\", \"score\": %d, \"choices\": [\"P%d\", \"P%d\"]}",
			i, i, i%90, 1+i%3, 1+(i+1)%3)
	}
	b.WriteString("\n  ]")
	if !before {
		b.WriteString(",\n  " + pos)
	}
	b.WriteString("\n}\n")
	return b.String()
}

func TestParallelJSONReaderMatchesSequential(t *testing.T) {
	valid := parallelJSON(300, true)
	after := parallelJSON(300, false)
	cases := map[string]struct {
		in   string
		fast bool // the fast path keeps its result
	}{
		"valid":                {valid, true},
		"positions after":      {after, true},
		"empty list":           {`{"positions": [{"id":"P1","capacity":1}], "students": [ ]}`, true},
		"no students":          {`{"positions": []}`, true},
		"null students":        {`{"students": null, "positions": []}`, true},
		"multi-line records":   {strings.ReplaceAll(valid, ", \"score\"", ",\n\t\"score\""), true},
		"unknown after":        {strings.Replace(after, "\"positions\"", "\"extra\": [1,\n2],\n\"positions\"", 1), true},
		"bad values":           {strings.ReplaceAll(strings.ReplaceAll(valid, `"score": 5,`, `"score": "x",`), `"P3"]`, `"P9"]`), true},
		"bad fields":           {strings.Replace(strings.Replace(valid, `"name":`, `"nme":`, 3), `"choices": ["P1"`, `"choices": [1, "P1"`, 2), true},
		"choices not a list":   {strings.Replace(valid, `"choices": ["P2", "P3"]`, `"choices": "P2"`, 2), true},
		"escaped key":          {strings.Replace(valid, `"students"`, `"stud\u0065nts"`, 1), false},
		"escapes":              {strings.Replace(valid, `"S7"`, `"S\u0037\\"`, 1), true},
		"duplicate students":   {strings.Replace(valid, "\n}\n", ",\n\"students\": []\n}\n", 1), false},
		"duplicate field":      {strings.Replace(valid, `"id": "S9",`, `"id": "S9", "id": "S9",`, 1), false},
		"invalid utf-8":        {strings.Replace(valid, `"S9"`, "\"S\xff9\"", 1), false},
		"garbage between":      {strings.Replace(valid, "},\n    {\"id\": \"S9\"", "} x,\n    {\"id\": \"S9\"", 1), false},
		"trailing comma":       {strings.Replace(valid, "\n  ]", ",\n  ]", 1), false},
		"missing comma":        {strings.Replace(valid, "},\n    {\"id\": \"S9\"", "}\n    {\"id\": \"S9\"", 1), false},
		"not an object":        {strings.Replace(valid, "{\"id\": \"S9\"", "[\"id\", \"S9\"", 1), false},
		"number record":        {strings.Replace(valid, "\n    {\"id\": \"S9\"", "\n 12, {\"id\": \"S9\"", 1), false},
		"syntax in record":     {strings.Replace(valid, `"score": 9,`, `"score": 9,,`, 1), false},
		"syntax in choices":    {strings.Replace(valid, `["P2", "P3"]`, `["P2" "P3"]`, 1), false},
		"bad element then bad": {strings.Replace(valid, `["P2", "P3"]`, `[1, "P3" 4]`, 1), false},
		"mismatched":           {strings.Replace(valid, `"P3"]}`, `"P3"}]`, 1), false},
		"deep":                 {strings.Replace(valid, `"score": 9,`, `"x": `+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`,`, 1), false},
		"unterminated":         {valid[:len(valid)*2/3], false},
		"syntax after":         {strings.Replace(after, `"min_score":50`, `"min_score":50,`, 1), false},
		"more after":           {valid + "{}", false},
		"top-level list":       {"[" + valid + "]", false},
		"bom":                  {"\ufeff" + valid, false},
		"control in string":    {strings.Replace(valid, `"S9"`, "\"S\t9\"", 1), false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := []byte(tc.in)
			for _, cb := range [][2]int{{1, 1024}, {7, 3}, {100, 1}, {1 << 20, 1024}} {
				chunk, batch := cb[0], cb[1]
				ok := loadJSONBoth(t, in, nil, chunk, batch)
				if ok != tc.fast {
					t.Errorf("chunks of %d, batches of %d: fast path kept %v, want %v", chunk, batch, ok, tc.fast)
				}
			}
			loadJSONBoth(t, in, &Options{MaxProblems: 3}, 64, 2)
			loadJSONBoth(t, in, &Options{MaxBytes: int64(len(in) - 10)}, 64, 2)
			loadJSONBoth(t, in, &Options{MaxBytes: int64(len(in))}, 1<<20, 1024)
		})
	}
}

// TestParallelJSONCorpus: every file of the test corpus reads the same on
// both paths.
func TestParallelJSONCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.json")
	files = append(files, "testdata/valid/cohort.json")
	for _, name := range files {
		in, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, chunk := range []int{5, 1 << 20} {
			ok := loadJSONBoth(t, in, nil, chunk, 2)
			if strings.HasSuffix(name, "valid/cohort.json") && !ok {
				t.Errorf("%s: the fast path gave up", name)
			}
			loadJSONBoth(t, in, &Options{StrictEligibility: true}, chunk, 1024)
		}
	}
}

// TestParallelJSONRandom mutates a valid file at random: both paths agree.
func TestParallelJSONRandom(t *testing.T) {
	valid := []byte(parallelJSON(40, true))
	alphabet := []byte("{}[]\",:\\ \n\tx1nu")
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		in := append([]byte(nil), valid...)
		for range 1 + r.IntN(3) {
			i := r.IntN(len(in))
			switch r.IntN(3) {
			case 0:
				in[i] = alphabet[r.IntN(len(alphabet))]
			case 1:
				in = append(in[:i], in[i+1:]...)
			default:
				in = append(in[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, in[i:]...)...)
			}
		}
		loadJSONBoth(t, in, nil, 1+r.IntN(200), 1+r.IntN(8))
	}
}

// FuzzJSONParallel: LoadJSON's fast path reads any file as the sequential
// reader does.
func FuzzJSONParallel(f *testing.F) {
	for _, name := range []string{"testdata/valid/cohort.json", "testdata/bad/syntax.json", "testdata/bad/types.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, 16)
	}
	f.Add([]byte(parallelJSON(5, false)), 7)
	f.Add([]byte(`{"positions":[{"id":"P","capacity":1}],"students":[{"id":"S","choices":["P"]},{"id":"\"]}","choices":[]}]}`), 3)
	f.Fuzz(func(t *testing.T, in []byte, chunk int) {
		loadJSONBoth(t, in, &Options{MaxBytes: 1 << 16}, 1+(chunk&0xff), 1+(chunk>>8&7))
	})
}
