package model_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/modeltest"
	"github.com/placement-engine/placement/model"
)

// checkResponsesRoundTrip writes rs in every format that can hold it and
// reads it back: the same content and fingerprint.
func checkResponsesRoundTrip(t *testing.T, rs *model.Responses) {
	t.Helper()
	want := content(rs)
	var b bytes.Buffer
	if err := model.WriteResponsesJSON(&b, rs); err != nil {
		t.Fatalf("responses read do not write: %v", err)
	}
	got, err := model.ReadResponsesJSON(bytes.NewReader(b.Bytes()), "w.json")
	if err != nil {
		t.Fatalf("written JSON does not read back: %v\n%s", err, b.String())
	}
	if d := cmp.Diff(want, content(got)); d != "" {
		t.Fatalf("JSON (-want +got):\n%s", d)
	}
	if got.Fingerprint() != rs.Fingerprint() {
		t.Fatal("fingerprint changed through JSON")
	}
	for _, tag := range []language.Tag{language.English, lang.Chinese} {
		b.Reset()
		if err := model.WriteResponsesCSV(&b, rs, tag); err != nil {
			// Only what a cell cannot hold is refused, and JSON held it.
			continue
		}
		got, err := model.ReadResponsesCSV(bytes.NewReader(b.Bytes()), "w.csv")
		if err != nil {
			t.Fatalf("written CSV (%v) does not read back: %v\n%q", tag, err, b.String())
		}
		if d := cmp.Diff(want, content(got)); d != "" {
			t.Fatalf("CSV %v (-want +got):\n%s", tag, d)
		}
		if got.Fingerprint() != rs.Fingerprint() {
			t.Fatal("fingerprint changed through CSV")
		}
	}
}

// FuzzReadResponsesJSON: any input is rejected with a *ValidationError
// whose problems are all located, or yields responses that write and read
// back the same in every format.
func FuzzReadResponsesJSON(f *testing.F) {
	f.Add([]byte(`{"result": "abc", "responses": [{"student": "S1", "answer": "hold"}, {"student": "S2", "answer": "continue", "choices": ["P3","P4"]}]}`))
	f.Add([]byte(`{"responses": [{"student": "S1", "answer": "保留并候补"}, {"student": "S2", "answer": "继续", "choices": []}, {"student": "S3", "note": 1}]}`))
	f.Add([]byte(`{"responses": [{"student": "S1", "answer": "acept"}, {"student": "S1"}, 5, {"student": "", "choices": ["P", "P", ""]}]}`))
	f.Add([]byte(`{"responses": null, "result": 1}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		rs, err := model.ReadResponsesJSON(bytes.NewReader(in), "f.json")
		if err != nil {
			modeltest.CheckRejection(t, err)
			return
		}
		checkResponsesRoundTrip(t, rs)
	})
}

// FuzzReadResponsesCSV: as FuzzReadResponsesJSON, for CSV.
func FuzzReadResponsesCSV(f *testing.F) {
	f.Add([]byte(plannerCSV))
	f.Add([]byte("student,answer,choices,result\nS1,hold,,abc\nS2,continue,P1;P2,\n"))
	f.Add([]byte("student,answer\nS1,acept\n,hold\nS1,accept\n"))
	f.Add([]byte("\uFEFFstudent,answer,choices\n\"S,1\",continue,\"P \"\"1\"\"\"\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rs, err := model.ReadResponsesCSV(bytes.NewReader(in), "f.csv")
		if err != nil {
			modeltest.CheckRejection(t, err)
			return
		}
		checkResponsesRoundTrip(t, rs)
		// CSV read writes as CSV: nothing a cell cannot hold.
		var b bytes.Buffer
		if err := model.WriteResponsesCSV(&b, rs, language.English); err != nil {
			t.Fatalf("responses read from CSV do not write as CSV: %v", err)
		}
	})
}

// Every problem of a rejected responses file names the file.
func TestResponsesProblemsNameTheFile(t *testing.T) {
	for _, in := range []string{"", "x", "student,answer\n,\"", "{", "[]", `{"responses": [1]}`} {
		for _, read := range []func() (*model.Responses, error){
			func() (*model.Responses, error) { return model.ReadResponsesCSV(bytes.NewReader([]byte(in)), "f") },
			func() (*model.Responses, error) { return model.ReadResponsesJSON(bytes.NewReader([]byte(in)), "f") },
		} {
			_, err := read()
			modeltest.CheckRejection(t, err)
			for _, p := range err.(*model.ValidationError).Problems {
				if p.File != "f" {
					t.Errorf("%q: problem without its file: %v", in, p)
				}
			}
		}
	}
}
