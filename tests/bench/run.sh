#!/bin/sh
# Benchmark, run by hand (never by the test suite):
#   tests/bench/run.sh [BUILD_DIR]
# Replays each lesson, and a full pass of the largest network backstep
# accepts, as whole processes: mean wall time per replay over many runs,
# and peak resident memory from GNU time (Debian package `time`).  For
# numbers worth comparing, use a release build:
#   meson setup build-release --buildtype=release && tests/bench/run.sh build-release
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
backstep="$root/$build/backstep"
export LC_ALL=C.UTF-8 NO_COLOR=1 BACKSTEP_LESSONS="$root/lessons"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
printf '%-30s %6s %10s %10s\n' replay runs "mean ms" "peak MiB"
for case in "$root"/lessons/*.bs "$root/tests/bench/widest.bs" "$root/tests/bench/grade_widest.bs"; do
    case "$case" in *widest*) runs=5 ;; *) runs=500 ;; esac
    start=$(date +%s%N)
    i=0
    while [ $i -lt $runs ]; do "$backstep" "$case" >/dev/null 2>&1; i=$((i + 1)); done
    end=$(date +%s%N)
    peak=$(/usr/bin/time -f %M "$backstep" "$case" 2>&1 >/dev/null | tail -1)
    awk -v name="$(basename "$case")" -v runs=$runs -v ns=$((end - start)) -v kib="$peak" \
        'BEGIN { printf "%-30s %6d %10.2f %10.2f\n", name, runs, ns / runs / 1e6, kib / 1024 }'
done
