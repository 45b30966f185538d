#!/bin/sh
# Rewrites the golden transcripts (tests/golden/LESSON.out and
# LESSON.ascii.out) from a build, after a deliberate change to what the
# lessons print, and removes those of lessons that are gone.
#   tests/golden/update.sh [BUILD_DIR]      (default: build)
# Review the diff before committing (git diff tests/golden): every changed
# line should be one you meant to change.
cd "$(dirname "$0")/../.." || exit 2
build=${1:-build}
backstep="$build/backstep"
if [ ! -x "$backstep" ]; then
    echo "update.sh: no $backstep; build first (meson compile -C $build)" >&2
    exit 2
fi
unset WRAPPER
rm -f tests/golden/*.out
for lesson in lessons/*.bs; do
    name=$(basename "$lesson" .bs)
    sh tests/golden/transcript.sh "$backstep" "$lesson" >"tests/golden/$name.out"
    sh tests/golden/transcript.sh "$backstep" "$lesson" --ascii >"tests/golden/$name.ascii.out"
done
echo "updated tests/golden/; review with: git diff --stat tests/golden && git diff tests/golden"
