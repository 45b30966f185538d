#!/bin/sh
# Benchmark of `train`, run by hand (never by the test suite):
#   tests/bench/train.sh [BUILD_DIR]
# BUILD_DIR (default build) is relative to the source root, or absolute.
# Times XOR training (2-4-1 sigmoid, full batch over the four rows, sgd,
# learning rate 1) as whole processes, side by side in one run:
#   - 5000 epochs: the seed's NumPy program (xor_numpy.py, with
#     /usr/bin/python3, Debian's python3-numpy) against backstep
#     (xor_5000.bs) and a hand-written C loop (xor_loop.c, compiled here with
#     cc -O2); target NumPy / backstep at least 100x;
#   - 10^6 epochs: backstep (xor_1e6.bs) against the hand loop; targets
#     backstep / hand loop within 1.5x, backstep's peak under 8 MiB.
# Mean wall time over several runs and peak resident memory from GNU time
# (Debian package `time`), as tests/bench/run.sh measures.  Each backstep
# script runs once first (that run gives the peak memory): a non-zero exit
# status prints backstep's error and leaves its rows and ratios out, and the
# script then exits 1.  For numbers worth comparing, use a release build:
#   meson setup build-release --buildtype=release && ninja -C build-release &&
#   tests/bench/train.sh build-release
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bench="$root/tests/bench"
case $build in /*) backstep="$build/backstep" ;; *) backstep="$root/$build/backstep" ;; esac
[ -x "$backstep" ] || {
    echo "train.sh: no backstep at $backstep; build it first:" >&2
    echo "  meson setup $build --buildtype=release && ninja -C $build" >&2
    exit 2
}
[ -x /usr/bin/time ] || { echo "train.sh: needs GNU time: apt-get install time" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export LC_ALL=C.UTF-8 NO_COLOR=1 BACKSTEP_LESSONS="$root/lessons"
cc -O2 -o "$scratch/xor_loop" "$bench/xor_loop.c" -lm || { echo "train.sh: cannot compile xor_loop.c" >&2; exit 2; }
status=0

# check NAME COMMAND...: runs COMMAND once under GNU time; on success sets
# $peak (KiB) and $last (the last line it printed), else prints its error,
# sets status=1 and returns 1
check() {
    name=$1
    shift
    /usr/bin/time -o "$scratch/peak" -f %M "$@" >"$scratch/out" 2>"$scratch/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAILED: $name exited with status $rc; its error output:"
        sed -n '1,20s/^/    /p' "$scratch/err"
        status=1
        return 1
    fi
    peak=$(tail -1 "$scratch/peak")
    last=$(tail -1 "$scratch/out")
    printf '  %-26s ok, last line: %s\n' "$name" "$last"
}

# measure RUNS COMMAND...: sets $ms to the mean wall time of COMMAND in ms
# over RUNS runs; returns 1 if any run fails
measure() {
    runs=$1
    shift
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$runs" ]; do
        "$@" >/dev/null 2>&1 || { echo "FAILED: $* exited with status $? while timed"; status=1; return 1; }
        i=$((i + 1))
    done
    end=$(date +%s%N)
    ms=$(awk -v runs="$runs" -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / runs / 1e6 }')
}

# row LABEL RUNS MS KIB [EPOCHS]: one table row (with µs per epoch if EPOCHS)
row() {
    awk -v label="$1" -v runs="$2" -v ms="$3" -v kib="$4" -v epochs="${5:-}" 'BEGIN {
        printf "%-34s %5d %11.2f %9.2f", label, runs, ms, kib / 1024
        if (epochs != "") printf " %10.4f", ms * 1000 / epochs
        printf "\n" }'
}

# ratio LABEL A B TARGET-TEXT TEST: A / B, and whether TEST (an awk
# condition on r) holds
ratio() {
    awk -v label="$1" -v a="$2" -v b="$3" -v target="$4" "BEGIN {
        r = a / b
        printf \"  %-28s %9.2fx   target: %-18s %s\\n\", label, r, target, ($5) ? \"met\" : \"MISSED\" }"
}

echo "backstep: $backstep"
echo "checking each program once:"
bs5000=no bs1e6=no np=no
if check "backstep xor_5000.bs" "$backstep" "$bench/xor_5000.bs"; then
    bs5000=yes bs5000_kib=$peak
fi
if check "backstep xor_1e6.bs" "$backstep" "$bench/xor_1e6.bs"; then
    bs1e6=yes bs1e6_kib=$peak
fi
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    check "NumPy xor_numpy.py" /usr/bin/python3 "$bench/xor_numpy.py" && np=yes np_kib=$peak
else
    echo "  NumPy row skipped: /usr/bin/python3 has no numpy (apt-get install python3-numpy)"
fi
check "hand loop 5000" "$scratch/xor_loop" 5000 && loop5000_kib=$peak
check "hand loop 1000000" "$scratch/xor_loop" 1000000 && loop1e6_kib=$peak

echo
echo "XOR 2-4-1 sigmoid, 5000 epochs       runs     mean ms  peak MiB"
if [ $np = yes ] && measure 5 /usr/bin/python3 "$bench/xor_numpy.py"; then
    np_ms=$ms
    row "NumPy (xor_numpy.py)" 5 "$np_ms" "$np_kib"
else
    np=no
fi
if [ $bs5000 = yes ] && measure 50 "$backstep" "$bench/xor_5000.bs"; then
    bs5000_ms=$ms
    row "backstep xor_5000.bs" 50 "$bs5000_ms" "$bs5000_kib"
else
    bs5000=no
    echo "backstep xor_5000.bs               (failed, see above)"
fi
if [ -n "${loop5000_kib:-}" ] && measure 50 "$scratch/xor_loop" 5000; then
    row "hand loop (xor_loop 5000)" 50 "$ms" "$loop5000_kib"
fi
if [ $np = yes ] && [ $bs5000 = yes ]; then
    ratio "NumPy / backstep" "$np_ms" "$bs5000_ms" "at least 100x" "r >= 100"
else
    echo "  NumPy / backstep: n/a (a row is missing)   target: at least 100x"
fi

echo
echo "XOR 2-4-1 sigmoid, 10^6 epochs       runs     mean ms  peak MiB   µs/epoch"
if [ $bs1e6 = yes ] && measure 3 "$backstep" "$bench/xor_1e6.bs"; then
    bs1e6_ms=$ms
    row "backstep xor_1e6.bs" 3 "$bs1e6_ms" "$bs1e6_kib" 1000000
else
    bs1e6=no
    echo "backstep xor_1e6.bs                (failed, see above)"
fi
loop1e6=no
if [ -n "${loop1e6_kib:-}" ] && measure 3 "$scratch/xor_loop" 1000000; then
    loop1e6=yes loop1e6_ms=$ms
    row "hand loop (xor_loop 1000000)" 3 "$loop1e6_ms" "$loop1e6_kib" 1000000
fi
if [ $bs1e6 = yes ] && [ $loop1e6 = yes ]; then
    ratio "backstep / hand loop" "$bs1e6_ms" "$loop1e6_ms" "within 1.5x" "r <= 1.5"
else
    echo "  backstep / hand loop: n/a (a row is missing)   target: within 1.5x"
fi
if [ $bs1e6 = yes ]; then
    awk -v kib="$bs1e6_kib" 'BEGIN { mib = kib / 1024
        printf "  %-28s %6.2f MiB   target: %-18s %s\n", "backstep peak memory", mib, "under 8 MiB", mib < 8 ? "met" : "MISSED" }'
else
    echo "  backstep peak memory: n/a   target: under 8 MiB"
fi
[ $status -eq 0 ] || echo "
train.sh: some program failed (see above); its numbers are left out"
exit $status
