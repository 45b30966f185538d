#!/bin/sh
# Golden transcripts in TAP: every lesson in lessons/*.bs, replayed in
# batch mode (plain and with --ascii), must print exactly its golden file,
# tests/golden/LESSON.out and LESSON.ascii.out.  The lessons are found when
# the test runs, so a new lesson without a golden file fails here.  What
# differs, and how to update, goes to stderr (meson shows it on failure).
#   check.sh BACKSTEP SOURCE_ROOT
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1 root=$2
golden="$root/tests/golden"
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
count=0 failed=0

ok() {   # ok CONDITION-STATUS DESCRIPTION
    count=$((count + 1))
    if [ "$1" = 0 ]; then echo "ok $count - $2"; else echo "not ok $count - $2"; failed=$((failed + 1)); fi
}

for lesson in "$root"/lessons/*.bs; do
    name=$(basename "$lesson" .bs)
    for variant in out ascii.out; do
        expected="$golden/$name.$variant"
        option=
        [ "$variant" = ascii.out ] && option=--ascii
        if [ ! -f "$expected" ]; then
            {
                echo "no golden file tests/golden/$name.$variant for lessons/$name.bs; create it with"
                echo "    tests/golden/update.sh build"
                echo "and read it through before committing it"
            } >&2
            ok 1 "$name${option:+ $option}: golden file exists"
            continue
        fi
        sh "$golden/transcript.sh" "$backstep" "$lesson" $option >"$actual"
        if diff -u "$expected" "$actual" >"$actual.diff"; then
            ok 0 "$name${option:+ $option}: transcript as golden"
        else
            {
                echo "lessons/$name.bs${option:+ $option} no longer prints tests/golden/$name.$variant (golden -, now +):"
                cat "$actual.diff"
                echo "if the change is intended, run tests/golden/update.sh build and review the diff"
            } >&2
            ok 1 "$name${option:+ $option}: transcript as golden"
        fi
        rm -f "$actual.diff"
    done
done

# a golden file whose lesson is gone is checked by nothing: say so
for file in "$golden"/*.out; do
    name=$(basename "$file" .out)
    name=${name%.ascii}
    [ -f "$root/lessons/$name.bs" ] ||
        echo "tests/golden/$(basename "$file") has no lesson lessons/$name.bs; remove it (update.sh does)" >&2
    [ -f "$root/lessons/$name.bs" ]
    ok $? "$(basename "$file") belongs to a lesson"
done

echo "1..$count"
[ "$failed" -eq 0 ]
