// Package benchmarks runs the whole pipeline on synthetic cohorts of
// 5,000, 100,000 and 1,000,000 students, one step a benchmark: load and
// validate (from JSON and CSV files written once), compile, solve with each
// mechanism, check and explain. See README.md for how to run them and the
// side-by-side comparisons with C++ implementations.
//
// The 1,000,000-student sizes run only with PLACEMENT_BENCH_LARGE=1.
package benchmarks
