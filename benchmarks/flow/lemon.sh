#!/usr/bin/env bash
# lemon.sh: compare the Go min-cost flow solver (matching/flow) with LEMON's
# NetworkSimplex on the same generated placement networks, side by side.
#
#   bash benchmarks/flow/lemon.sh                          # the three smaller sizes
#   PLACEMENT_BENCH_LARGE=1 bash benchmarks/flow/lemon.sh  # also 1,000,000 students
#
# Steps: install liblemon-dev if missing (apt-get, needs root), compile
# lemon_driver.cc, build and run flowbench (matching/flow/internal/cmd) to
# write the networks as DIMACS files (kept in $FLOW_BENCH_DIR between runs),
# then solve every file with both, each in its own process, median of RUNS
# (default 3) solve times, reading excluded. Prints one row per network:
# both costs (they must agree), the Go time, LEMON's with long long and with
# int values (the int build only where it finds the same optimum), the
# speed-up against the faster LEMON build, and peak resident memories.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${FLOW_BENCH_DIR:-/tmp/placement-flow-bench}
runs=${RUNS:-3}
mkdir -p "$dir/data"

if ! echo '#include <lemon/network_simplex.h>' | g++ -x c++ -fsyntax-only - 2>/dev/null; then
	apt-get update -qq
	apt-get install -y -qq liblemon-dev
fi
# LEMON's two number types: long long always fits; int is faster where the
# numbers fit in 32 bits. The comparison is with the faster of the two that
# agrees on the optimum ("LEMON's best").
g++ -O2 -std=c++17 -o "$dir/lemon_driver_ll" "$root/benchmarks/flow/lemon_driver.cc"
g++ -O2 -std=c++17 -DLEMON_VALUE=int -o "$dir/lemon_driver_int" "$root/benchmarks/flow/lemon_driver.cc"
(cd "$root" && go build -o "$dir/flowbench" ./matching/flow/internal/cmd/flowbench)

large=()
if [ "${PLACEMENT_BENCH_LARGE:-}" = 1 ]; then
	large=(-large)
fi
"$dir/flowbench" gen "${large[@]}" "$dir/data" >/dev/null

files=(placement_5000_10_500.min placement_5000_500_500.min placement_100000_20_10000.min)
if [ "${PLACEMENT_BENCH_LARGE:-}" = 1 ]; then
	files+=(placement_1000000_20_50000.min)
fi

printf '%-32s %12s %12s %9s %9s %9s %7s %8s %8s\n' network go_cost lemon_cost go_s lemon_ll_s lemon_int_s speedup go_MiB lemon_MiB
status=0
for f in "${files[@]}"; do
	read -r _ gst gcost gsec gmem < <("$dir/flowbench" solve -runs "$runs" "$dir/data/$f")
	read -r _ lst lcost lsec lmem < <(RUNS=$runs "$dir/lemon_driver_ll" "$dir/data/$f")
	llsec=$lsec
	intsec=-
	if read -r _ ist icost isec imem < <(RUNS=$runs "$dir/lemon_driver_int" "$dir/data/$f" 2>/dev/null) &&
		[ "$ist" = "$lst" ] && [ "$icost" = "$lcost" ]; then
		intsec=$isec
		if awk -v i="$isec" -v l="$lsec" 'BEGIN { exit !(i < l) }'; then
			lsec=$isec
			lmem=$imem
		fi
	fi
	speed=$(awk -v g="$gsec" -v l="$lsec" 'BEGIN { if (g > 0) printf "%.2f", l / g; else print "inf" }')
	printf '%-32s %12s %12s %9s %9s %9s %7s %8s %8s\n' "$f" "$gcost" "$lcost" "$gsec" "$llsec" "$intsec" "${speed}x" "$gmem" "$lmem"
	if [ "$gst" != "$lst" ] || [ "$gcost" != "$lcost" ]; then
		echo "MISMATCH on $f: go $gst $gcost, lemon $lst $lcost" >&2
		status=1
	fi
done
exit $status
