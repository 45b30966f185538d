#!/bin/sh
# The manual page, in TAP: doc/backstep.1 renders with man and groff
# without a warning, has the sections a man page should, and names every
# command of the command table (as `backstep -e help` lists them) in its
# COMMANDS summary, every option of --help in OPTIONS, and every
# environment variable the sources read in ENVIRONMENT.  A command added
# to the table without a word in the page fails here.
#   man_test.sh BACKSTEP SOURCE_ROOT
# Skipped (77) without man and groff (Debian: man-db, groff-base).
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1 root=$2
page="$root/doc/backstep.1"
if ! command -v man >/dev/null 2>&1 || ! command -v groff >/dev/null 2>&1; then
    echo "1..0 # SKIP man or groff is not installed (apt-get install man-db groff-base)"
    exit 77
fi
export LC_ALL=C.UTF-8 MANWIDTH=80
. "$(dirname "$0")/tap.sh"
# --- it renders, with no warning from groff or man ---------------------------
groff -man -Tutf8 -ww -z "$page" >"$work/groff.err" 2>&1
[ $? = 0 ] && [ ! -s "$work/groff.err" ]; ok $? "groff -man -ww renders it without a warning"
sed 's/^/#   /' "$work/groff.err"
man --warnings -E UTF-8 -l "$page" >"$work/page.txt" 2>"$work/man.err"
[ $? = 0 ] && [ ! -s "$work/man.err" ] && [ -s "$work/page.txt" ]; ok $? "man -l renders it without a warning"
sed 's/^/#   /' "$work/man.err"
[ "$(wc -L <"$work/page.txt")" -le 80 ]; ok $? "no rendered line is wider than 80 columns"

for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS FILES ENVIRONMENT "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    grep -qx "$section" "$work/page.txt"; ok $? "the $section section is there"
done

# The lines of one section of the rendered page (its heading is the line
# alone at the left margin; the next such line ends it).
section() {
    awk -v name="$1" '/^[A-Z]/ { inside = ($0 == name); next } inside' "$work/page.txt"
}

# --- every command of the table is a heading in the COMMANDS summary ---------
# A heading is a tagged paragraph's tag: a line indented 7 columns whose
# next line is indented 14.  "step [N], run, restart" names step, run and
# restart: the first word of each comma-separated part.
section COMMANDS | awk '
    previous != "" && /^              [^ ]/ {
        n = split(previous, parts, ", ")
        for (i = 1; i <= n; i++) { sub(/^ +/, "", parts[i]); sub(/ .*/, "", parts[i]); print parts[i] }
    }
    { previous = /^       [^ ]/ ? $0 : "" }' | sort -u >"$work/headed"
$WRAPPER "$backstep" -e help >"$work/help.out" 2>&1
ok $? "backstep -e help runs"
sed -n 's/^  \([a-z][a-z]*\).*/\1/p' "$work/help.out" >"$work/commands"
[ "$(wc -l <"$work/commands")" -ge 40 ]; ok $? "help lists the command table ($(wc -l <"$work/commands") commands)"
for command in $(cat "$work/commands"); do
    grep -qx -- "$command" "$work/headed"; ok $? "COMMANDS names '$command'"
done

# --- every option of --help is in OPTIONS ------------------------------------
$WRAPPER "$backstep" --help >"$work/usage.out" 2>&1
sed -n 's/^  \(-[-a-z]*\).*/\1/p' "$work/usage.out" >"$work/options"
[ "$(wc -l <"$work/options")" -ge 8 ]; ok $? "--help lists the options ($(wc -l <"$work/options"))"
for option in $(cat "$work/options"); do
    section OPTIONS | grep -qE -- "^       $option( |=|\$)"; ok $? "OPTIONS describes $option"
done

# --- every environment variable the sources read is in ENVIRONMENT -----------
sed -n 's/.*getenv("\([A-Z_]*\)").*/\1/p' "$root"/src/*.c | sort -u >"$work/variables"
[ -s "$work/variables" ]; ok $? "the sources read environment variables ($(tr '\n' ' ' <"$work/variables"))"
for variable in $(cat "$work/variables"); do
    section ENVIRONMENT | grep -qw -- "$variable"; ok $? "ENVIRONMENT names $variable"
done

# --- the exit statuses README gives --------------------------------------------
for status in 0 1 2 130; do
    section "EXIT STATUS" | grep -qE "^       $status( |\$)"; ok $? "EXIT STATUS gives $status"
done

tap_done
