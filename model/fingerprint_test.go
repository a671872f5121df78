package model_test

import (
	"bytes"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
)

// TestFingerprintAcrossFormats: one cohort read from JSON, a CSV folder
// and a workbook has one fingerprint; any change to a record changes it.
func TestFingerprintAcrossFormats(t *testing.T) {
	fromJSON, err := loadJSONFile(t, "testdata/valid/cohort.json", nil)
	require.NoError(t, err)
	fromCSV, err := model.LoadCSV(os.DirFS("testdata/valid/cohort-csv"), ".", nil)
	require.NoError(t, err)
	var wb bytes.Buffer
	require.NoError(t, xlsx.Write(&wb, fromCSV))
	fromExcel, err := xlsx.Read(bytes.NewReader(wb.Bytes()), "group.xlsx", nil)
	require.NoError(t, err)
	built, err := model.New(handWritten(), nil)
	require.NoError(t, err)

	fp := fromJSON.Fingerprint()
	require.Regexp(t, "^[0-9a-f]{24}$", fp)
	require.Equal(t, fp, fromCSV.Fingerprint(), "CSV")
	require.Equal(t, fp, fromExcel.Fingerprint(), "Excel")
	require.Equal(t, fp, built.Fingerprint(), "API")

	seen := map[string]string{fp: "the original"}
	for name, edit := range map[string]func(d *model.Data){
		"a score":         func(d *model.Data) { d.Students[1].Score++ },
		"a name":          func(d *model.Data) { d.Schools[0].Name += "X" },
		"a seat":          func(d *model.Data) { d.Positions[0].Capacity++ },
		"choices' order":  func(d *model.Data) { c := d.Students[1].Choices; c[0], c[1] = c[1], c[0] },
		"a student more":  func(d *model.Data) { d.Students = append(d.Students, model.Student{ID: "S7"}) },
		"the cohort name": func(d *model.Data) { d.Name += "!" },
		"an ID":           func(d *model.Data) { d.Students[5].ID = "S6b" },
	} {
		d := handWritten()
		edit(&d)
		c, err := model.New(d, nil)
		require.NoError(t, err, name)
		got := c.Fingerprint()
		require.NotContains(t, seen, got, "%s has the fingerprint of %s", name, seen[got])
		seen[got] = name
	}
}

// TestFingerprintParallel: the fingerprint of a cohort loaded with any
// number of goroutines is the same (run with -race).
func TestFingerprintParallel(t *testing.T) {
	c, err := synth.Generate(synth.Group(0.5, 3))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, model.WriteCSV(dir, c))
	var js bytes.Buffer
	require.NoError(t, model.WriteJSON(&js, c))
	want := c.Fingerprint()
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		fromCSV, err1 := model.LoadCSV(os.DirFS(dir), ".", nil)
		fromJSON, err2 := model.ReadJSON(bytes.NewReader(js.Bytes()), "cohort.json", nil)
		runtime.GOMAXPROCS(prev)
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.Equal(t, want, fromCSV.Fingerprint(), "CSV, GOMAXPROCS=%d", procs)
		require.Equal(t, want, fromJSON.Fingerprint(), "JSON, GOMAXPROCS=%d", procs)
	}
}
