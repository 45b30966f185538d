#!/bin/sh
# Benchmark, run by hand (never by the test suite):
#   tests/bench/run.sh [BUILD_DIR [REFERENCE]]
# REFERENCE is another backstep binary (an earlier build, say) timed side by
# side with this one on the same cases in the same run.
# Replays each lesson, and a full pass of the largest network backstep
# accepts, as whole processes: mean wall time per replay over many runs,
# and peak resident memory from GNU time (Debian package `time`).  For
# numbers worth comparing, use a release build:
#   meson setup build-release --buildtype=release && tests/bench/run.sh build-release
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
backstep="$root/$build/backstep"
reference=${2:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 "$root/tests/bench/wide_random.py" >"$scratch/wide_random.bs"
export LC_ALL=C.UTF-8 NO_COLOR=1 BACKSTEP_LESSONS="$root/lessons"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
# time CASE RUNS PROGRAM: prints the mean wall time per replay in ms and the peak MiB
measure() {
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$2" ]; do "$3" "$1" >/dev/null 2>&1; i=$((i + 1)); done
    end=$(date +%s%N)
    peak=$(/usr/bin/time -f %M "$3" "$1" 2>&1 >/dev/null | tail -1)
    awk -v runs="$2" -v ns=$((end - start)) -v kib="$peak" 'BEGIN { printf " %10.2f %10.2f", ns / runs / 1e6, kib / 1024 }'
}
printf '%-30s %6s %10s %10s' replay runs "mean ms" "peak MiB"
[ -n "$reference" ] && printf ' %10s %10s' "ref ms" "ref MiB"
printf '\n'
for case in "$root"/lessons/*.bs "$root/tests/bench/widest.bs" "$root/tests/bench/grade_widest.bs" \
            "$scratch/wide_random.bs"; do
    case "$case" in *wide*) runs=3 ;; *) runs=500 ;; esac
    printf '%-30s %6d' "$(basename "$case")" $runs
    measure "$case" $runs "$backstep"
    [ -n "$reference" ] && measure "$case" $runs "$reference"
    printf '\n'
done
