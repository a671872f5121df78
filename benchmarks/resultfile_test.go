package benchmarks

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/placement-engine/placement/matching"
)

// BenchmarkResultFile measures writing a student-proposing result as the
// JSON result file (with its cutoffs and every student's refusals, on a
// fresh result each time so that the one-time analysis is counted) and
// reading it back against the cohort, as check, explain and report do.
func BenchmarkResultFile(b *testing.B) {
	var file []byte
	b.Run("step=write", func(b *testing.B) {
		runSizes(b, func(b *testing.B, i int) {
			_, inst := instance(b, i)
			b.ReportAllocs()
			var n int64
			for b.Loop() {
				b.StopTimer()
				r, err := matching.StudentProposing(context.Background(), inst, nil)
				if err != nil {
					b.Fatal(err)
				}
				var cw countWriter
				b.StartTimer()
				if err := matching.WriteResultJSON(&cw, r, nil); err != nil {
					b.Fatal(err)
				}
				n = cw.n
			}
			b.ReportMetric(float64(n)/float64(inst.Students()), "bytes/student")
		})
	})
	b.Run("step=read", func(b *testing.B) {
		runSizes(b, func(b *testing.B, i int) {
			c, inst := instance(b, i)
			r, err := matching.StudentProposing(context.Background(), inst, nil)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := matching.WriteResultJSON(&buf, r, nil); err != nil {
				b.Fatal(err)
			}
			file = buf.Bytes()
			b.ReportAllocs()
			b.SetBytes(int64(len(file)))
			for b.Loop() {
				if _, err := matching.ReadResultJSON(bytes.NewReader(file), c); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countWriter)(nil)
