package benchmarks

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
	"github.com/placement-engine/placement/model/xlsx"
)

// size is one synthetic cohort of the suite.
type size struct {
	name  string // sub-benchmark name, with the sizes in it
	cfg   synth.Config
	large bool // only with PLACEMENT_BENCH_LARGE=1
}

var sizes = []size{
	{name: "preset=group/students=5000", cfg: synth.Group(1, 2026)},
	{name: "students=100000/choices=20/positions=10000",
		cfg: synth.Config{Seed: 1, Students: 100_000, Positions: 10_000, MinChoices: 20, MaxChoices: 20}},
	{name: "students=1000000/choices=20/positions=50000", large: true,
		cfg: synth.Config{Seed: 1, Students: 1_000_000, Positions: 50_000, MinChoices: 20, MaxChoices: 20}},
}

// files holds the cohort of a size written in every format, made once per
// run.
type files struct {
	once    sync.Once
	dir     string
	err     error
	choices int
}

var (
	fileSets = make([]files, len(sizes))
	workDir  string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "placement-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	workDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cohortFiles writes size i as cohort.json, csv/ and cohort.xlsx (once)
// and returns the folder.
func cohortFiles(b *testing.B, i int) (string, int) {
	fs := &fileSets[i]
	fs.once.Do(func() {
		c, err := synth.Generate(sizes[i].cfg)
		if err != nil {
			fs.err = err
			return
		}
		total := 0
		for s := range c.Students() {
			total += len(c.Choices(s))
		}
		fs.choices = total
		fs.dir = filepath.Join(workDir, fmt.Sprint(i))
		if fs.err = model.WriteCSV(filepath.Join(fs.dir, "csv"), c); fs.err != nil {
			return
		}
		f, err := os.Create(filepath.Join(fs.dir, "cohort.json"))
		if err != nil {
			fs.err = err
			return
		}
		fs.err = model.WriteJSON(f, c)
		if err := f.Close(); fs.err == nil {
			fs.err = err
		}
		if fs.err != nil {
			return
		}
		if f, fs.err = os.Create(filepath.Join(fs.dir, "cohort.xlsx")); fs.err != nil {
			return
		}
		fs.err = xlsx.Write(f, c)
		if err := f.Close(); fs.err == nil {
			fs.err = err
		}
	})
	if fs.err != nil {
		b.Fatal(fs.err)
	}
	return fs.dir, fs.choices
}

func runSizes(b *testing.B, f func(b *testing.B, i int)) {
	for i, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			if sz.large && os.Getenv("PLACEMENT_BENCH_LARGE") == "" {
				b.Skip("set PLACEMENT_BENCH_LARGE=1 to run the 1,000,000-student size")
			}
			f(b, i)
		})
	}
}

// BenchmarkLoad measures reading and validating a cohort from files: the
// first step of every run.
func BenchmarkLoad(b *testing.B) {
	for _, format := range []string{"json", "csv", "xlsx"} {
		b.Run("format="+format, func(b *testing.B) {
			runSizes(b, func(b *testing.B, i int) {
				dir, choices := cohortFiles(b, i)
				b.ReportAllocs()
				for b.Loop() {
					var err error
					switch format {
					case "json":
						_, err = model.LoadJSON(os.DirFS(dir), "cohort.json", nil)
					case "csv":
						_, err = model.LoadCSV(os.DirFS(filepath.Join(dir, "csv")), ".", nil)
					default:
						_, err = xlsx.Load(os.DirFS(dir), "cohort.xlsx", nil)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(choices)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mchoices/s")
			})
		})
	}
}

// BenchmarkValidate measures model.New on data already in memory: the cost
// of validation and indexing alone.
func BenchmarkValidate(b *testing.B) {
	runSizes(b, func(b *testing.B, i int) {
		c, err := synth.Generate(sizes[i].cfg)
		if err != nil {
			b.Fatal(err)
		}
		d := c.Data()
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if _, err := model.New(d, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
