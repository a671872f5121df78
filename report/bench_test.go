package report

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// benchInput is the group preset at a scale, solved with student-proposing
// deferred acceptance and the optimal allocation (rank-sum), built once.
type benchInput struct {
	once            sync.Once
	c               *model.Cohort
	stable, optimal *matching.Result
	err             error
}

var benchInputs = map[float64]*benchInput{1: {}, 20: {}}

func (in *benchInput) get(b *testing.B, scale float64) {
	in.once.Do(func() {
		ctx := context.Background()
		if in.c, in.err = synth.Generate(synth.Group(scale, 2026)); in.err != nil {
			return
		}
		inst, err := matching.Compile(ctx, in.c, &matching.CompileOptions{Seed: 7})
		if err != nil {
			in.err = err
			return
		}
		if in.stable, in.err = matching.Solve(ctx, inst, matching.StudentDA, nil); in.err != nil {
			return
		}
		in.optimal, in.err = matching.SolveOptimal(ctx, inst, &matching.OptimalOptions{Objective: matching.RankSum})
	})
	if in.err != nil {
		b.Fatal(in.err)
	}
}

// BenchmarkReport times a report of the optimal and the stable allocation
// of the group preset (5,000 students) and of its scale 20 (100,000):
// New (with matching.Compare, which runs matching.Check; and of the
// stable allocation alone, without it), then the text,
// the HTML page, and the charts as SVG and as PNG. Building the input
// (generation and the two solves) is not timed.
func BenchmarkReport(b *testing.B) {
	for _, scale := range []float64{1, 20} {
		in := benchInputs[scale]
		for _, step := range []string{"new", "new-stable-only", "text", "html", "svg", "png"} {
			b.Run(fmt.Sprintf("students=%d/step=%s", int(5000*scale), step), func(b *testing.B) {
				in.get(b, scale)
				rp, err := New(in.c, in.optimal, in.stable)
				if err != nil {
					b.Fatal(err)
				}
				dir := b.TempDir()
				var size int64
				b.ReportAllocs()
				for b.Loop() {
					switch step {
					case "new":
						_, err = New(in.c, in.optimal, in.stable)
					case "new-stable-only": // without matching.Compare
						_, err = New(in.c, in.stable)
					case "text":
						cw := &countWriter{}
						err = rp.WriteText(cw)
						size = cw.n
					case "html":
						cw := &countWriter{}
						err = rp.WriteHTML(cw)
						size = cw.n
					case "svg", "png":
						_, err = rp.WriteCharts(dir, step)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				if size > 0 {
					b.ReportMetric(float64(size), "bytes")
				}
			})
		}
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countWriter)(nil)
