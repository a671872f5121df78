package benchmarks

import (
	"bufio"
	"encoding/binary"
	"os"
	"testing"
)

// TestExportStudentDA writes the compiled 100,000-student instance of the
// suite for the C++ reference deferred acceptance of
// benchmarks/stable/compare.sh, so both solve the same instance in the same
// session. It runs only when PLACEMENT_EXPORT_DA names the file to write.
//
// The file is little-endian int32s: students S, positions P, the P
// capacities, then for each student the number of acceptable pairs k and k
// pairs (position, priority rank at that position: 0 is the highest), most
// preferred first.
func TestExportStudentDA(t *testing.T) {
	path := os.Getenv("PLACEMENT_EXPORT_DA")
	if path == "" {
		t.Skip("set PLACEMENT_EXPORT_DA to the file to write")
	}
	_, inst := instance(t, 1) // students=100000/choices=20/positions=10000
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	put := func(v int) {
		if err == nil {
			err = binary.Write(w, binary.LittleEndian, int32(v))
		}
	}
	put(inst.Students())
	put(inst.Positions())
	for p := range inst.Positions() {
		put(inst.Capacity(p))
	}
	for s := range inst.Students() {
		ps, _ := inst.Acceptable(s)
		put(len(ps))
		for _, p := range ps {
			prio, ok := inst.Priority(s, p)
			if !ok {
				t.Fatalf("student %d, position %d: acceptable but no priority", s, p)
			}
			put(p)
			put(prio)
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
