package benchmarks

import (
	"context"
	"sync"
	"syscall"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// compiled holds the cohort of a size and its instance, made once per run.
type compiled struct {
	once   sync.Once
	cohort *model.Cohort
	inst   *matching.Instance
	err    error
}

var instances = make([]compiled, len(sizes))

func instance(b testing.TB, i int) (*model.Cohort, *matching.Instance) {
	ci := &instances[i]
	ci.once.Do(func() {
		ci.cohort, ci.err = synth.Generate(sizes[i].cfg)
		if ci.err == nil {
			ci.inst, ci.err = matching.Compile(context.Background(), ci.cohort, &matching.CompileOptions{Seed: 1})
		}
	})
	if ci.err != nil {
		b.Fatal(ci.err)
	}
	return ci.cohort, ci.inst
}

// BenchmarkCompile measures turning a validated cohort into the dense
// instance that every mechanism reads, under each tie-break.
func BenchmarkCompile(b *testing.B) {
	for _, tb := range []matching.TieBreak{matching.SingleTieBreak, matching.MultipleTieBreak} {
		b.Run("tie-break="+tb.String(), func(b *testing.B) {
			runSizes(b, func(b *testing.B, i int) {
				c, _ := instance(b, i)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					if _, err := matching.Compile(context.Background(), c, &matching.CompileOptions{TieBreak: tb, Seed: 1}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkSolve measures one deferred acceptance run on a compiled
// instance, reporting the proposals made and the share of students placed.
func BenchmarkSolve(b *testing.B) {
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		b.Run("mechanism="+m.String(), func(b *testing.B) {
			runSizes(b, func(b *testing.B, i int) {
				_, inst := instance(b, i)
				b.ReportAllocs()
				b.ResetTimer()
				var r *matching.Result
				for b.Loop() {
					var err error
					if r, err = matching.Solve(context.Background(), inst, m, nil); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(r.Proposals()), "proposals/op")
				b.ReportMetric(float64(r.Placed())/float64(inst.Students()), "placed/students")
			})
		})
	}
}

// BenchmarkCheck measures the checkers (coverage, placements, capacity,
// blocking pairs) on a student-proposing result.
func BenchmarkCheck(b *testing.B) {
	runSizes(b, func(b *testing.B, i int) {
		_, inst := instance(b, i)
		r, err := matching.StudentProposing(context.Background(), inst, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if f := matching.CheckResult(r); len(f) > 0 {
				b.Fatal(f[0])
			}
		}
	})
}

// BenchmarkExplain measures the explanations of a student-proposing result:
// the cutoffs of every position and seat category, and why each choice
// above their placement refused each student, as the result file writes
// them (on a fresh result each time, so the one-time analysis is counted).
func BenchmarkExplain(b *testing.B) {
	runSizes(b, func(b *testing.B, i int) {
		_, inst := instance(b, i)
		b.ReportAllocs()
		b.ResetTimer()
		refusals := 0
		for b.Loop() {
			b.StopTimer()
			r, err := matching.StudentProposing(context.Background(), inst, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			refusals = 0
			for p := range inst.Positions() {
				_ = r.Cutoff(p)
			}
			for s := range inst.Students() {
				refusals += len(r.Why(s))
			}
		}
		b.ReportMetric(float64(refusals)/float64(inst.Students()), "refusals/student")
	})
}

// BenchmarkPolicies measures deferred acceptance on the group preset with
// every policy on (reserved seats for special-post students, order classes
// and counties, enterprise caps, the out-of-province cap) against the core
// mechanism on the same cohort with the reserves and caps taken out (same
// students, choices, eligibility and priorities).
func BenchmarkPolicies(b *testing.B) {
	c, err := synth.Generate(synth.Group(1, 2026))
	if err != nil {
		b.Fatal(err)
	}
	d := c.Data()
	for i := range d.Positions {
		d.Positions[i].Reserved, d.Positions[i].Target = nil, 0
	}
	for i := range d.Enterprises {
		d.Enterprises[i].Cap = 0
	}
	for i := range d.Regions {
		d.Regions[i].Cap = 0
	}
	core, err := model.New(d, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA} {
		for _, v := range []struct {
			name string
			c    *model.Cohort
		}{{"core", core}, {"all", c}} {
			inst, err := matching.Compile(context.Background(), v.c, &matching.CompileOptions{Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			b.Run("mechanism="+m.String()+"/policies="+v.name+"/preset=group/students=5000", func(b *testing.B) {
				b.ReportAllocs()
				var r *matching.Result
				cpu0 := cpuTime()
				for b.Loop() {
					if r, err = matching.Solve(context.Background(), inst, m, nil); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time is steadier than wall time on a shared machine.
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(r.Proposals()), "proposals/op")
				b.ReportMetric(float64(r.Placed())/float64(inst.Students()), "placed/students")
			})
		}
	}
}

// cpuTime returns the CPU time (user and system) the process has used, in
// nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
