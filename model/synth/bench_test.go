package synth

import (
	"fmt"
	"os"
	"testing"
)

func BenchmarkGenerate(b *testing.B) {
	sizes := []Config{
		{Seed: 1, Students: 5000, Positions: 500, MinChoices: 10, MaxChoices: 10},
		{Seed: 1, Students: 100_000, Positions: 10_000, MinChoices: 20, MaxChoices: 20},
	}
	if os.Getenv("PLACEMENT_BENCH_LARGE") == "1" {
		sizes = append(sizes, Config{Seed: 1, Students: 1_000_000, Positions: 50_000, MinChoices: 20, MaxChoices: 20})
	}
	for _, cfg := range sizes {
		b.Run(fmt.Sprintf("students=%d/positions=%d", cfg.Students, cfg.Positions), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Generate(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("group/students=5000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Generate(Group(1, 1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
