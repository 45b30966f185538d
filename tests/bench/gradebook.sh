#!/bin/sh
# Benchmark, run by hand: the gradebook of a class, as one whole process.
#   tests/bench/gradebook.sh [BUILD_DIR [STUDENTS]]
# Writes STUDENTS (300 unless given) students' keys of the shipped class
# sheet, then times `backstep --grade` over all of them (best of 5 runs)
# and reports its peak memory (GNU time).  Use a release build:
#   meson setup build-release --buildtype=release && ninja -C build-release &&
#   tests/bench/gradebook.sh build-release
build=${1:-build}
students=${2:-300}
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$build" in /*) backstep="$build/backstep" ;; *) backstep="$root/$build/backstep" ;; esac
[ -x "$backstep" ] || { echo "no $backstep: build it first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
sheet="$root/lessons/homework-class-sheet.bs"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export LC_ALL=C.UTF-8 NO_COLOR=1
i=1
while [ $i -le "$students" ]; do
    "$backstep" --key --student "s$i" "$sheet" >"$scratch/s$i.bs" || exit 1
    i=$((i + 1))
done
best=
for run in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$backstep" --grade "$sheet" "$scratch"/s*.bs >"$scratch/grades.csv"
    status=$?
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
peak=$(/usr/bin/time -f %M "$backstep" --grade "$sheet" "$scratch"/s*.bs 2>&1 >/dev/null | tail -1)
full=$(grep -c '^[^,]*,[^,]*,14,' "$scratch/grades.csv")
echo "gradebook of $students copies: best of 5 runs $best ms, peak $((peak / 1024)) MiB," \
     "exit status $status, $full of $students at full marks (target: under 2000 ms)"
