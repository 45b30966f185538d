#!/bin/sh
# Prints the transcript of one lesson replayed in batch mode, as the golden
# files hold it: the lesson's stdout, then its exit status, then its stderr
# when there is any.  check.sh and update.sh both use it, so a golden file
# and the replay it is compared with are written the same way.
#   transcript.sh BACKSTEP LESSON.bs [OPTION...]
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1 lesson=$2
shift 2
export LC_ALL=C.UTF-8 NO_COLOR=1
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
$WRAPPER "$backstep" "$@" "$lesson" 2>"$errors"
status=$?
printf '\n[exit status %s]\n' "$status"
if [ -s "$errors" ]; then
    printf '[stderr]\n'
    cat "$errors"
fi
