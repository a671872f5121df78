// Package benchmarks runs the whole pipeline on synthetic cohorts of
// 5,000, 100,000 and 1,000,000 students: files are written once, then each
// benchmark loads and validates them (and, as the mechanisms arrive, solves
// and checks). See README.md for the figures and how to reproduce them.
//
// The 1,000,000-student sizes run only with PLACEMENT_BENCH_LARGE=1.
package benchmarks
