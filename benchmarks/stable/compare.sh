#!/usr/bin/env bash
# compare.sh: student-proposing deferred acceptance, this module against a
# tight C++ reference (da_reference.cc), on the same compiled instance of
# 100,000 students x 20 choices over 10,000 positions, in one run, side by
# side: solve time only, one core, medians.
#
#   bash benchmarks/stable/compare.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${DA_BENCH_DIR:-/tmp/placement-da-bench}
mkdir -p "$dir"
g++ -O2 -march=native -std=c++17 -o "$dir/da_reference" "$root/benchmarks/stable/da_reference.cc"
cd "$root"
PLACEMENT_EXPORT_DA="$dir/da100k.bin" go test ./benchmarks -run '^TestExportStudentDA$' -count 1 >/dev/null
for round in 1 2 3; do
  RUNS=5 "$dir/da_reference" "$dir/da100k.bin" | sed "s/^/c++ round $round: /"
  go test ./benchmarks -run '^$' -bench 'Solve/mechanism=student-da/students=100000' -cpu 1 -count 5 |
    awk '/^BenchmarkSolve/ { print $3 / 1e6 }' | sort -n | sed -n 3p |
    sed "s/^/go  round $round: solve_ms (median of 5) /"
done
