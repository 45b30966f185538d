#!/bin/sh
# Runs one batch-mode case: tests/cases/NAME.bs must write exactly
# NAME.err to stderr and exit with the status in NAME.status.
#   run_case.sh BACKSTEP CASES_DIR NAME
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1 dir=$2 name=$3
cd "$dir/.." || exit 99
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
LC_ALL=C.UTF-8 NO_COLOR=1 $WRAPPER "$backstep" "cases/$name.bs" >/dev/null 2>"$actual"
status=$?
expected_status=$(cat "cases/$name.status")
if ! diff -u "cases/$name.err" "$actual"; then
    echo "FAIL: $name: stderr differs (expected above, actual below)"
    exit 1
fi
if [ "$status" != "$expected_status" ]; then
    echo "FAIL: $name: exit status $status, expected $expected_status"
    exit 1
fi
echo "ok: $name"
