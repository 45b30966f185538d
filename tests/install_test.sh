#!/bin/sh
# Installing, in TAP: `meson install --destdir` puts the program, the
# manual page and every lesson where the build's options say; the
# installed program replays lesson 000 by name, run from /, with
# BACKSTEP_LESSONS unset.  The compiled-in folder (PREFIX/share/...) does
# not exist under a destdir, and BACKSTEP_NO_SOURCE_LESSONS=1 keeps the
# source tree's lessons out of reach, so only the lookup beside the program
# (BINDIR/../share/backstep/lessons) can find them.  To be sure, the
# installed tree is then copied elsewhere and the original removed: the
# copy must find its own lessons, a lesson only the copy has among them.
#   install_test.sh MESON BUILD_DIR PREFIX BINDIR DATADIR MANDIR
# $WRAPPER (for example valgrind) is put in front of backstep.
meson=$1 build=$2 prefix=$3 bindir=$4 datadir=$5 mandir=$6
export LC_ALL=C.UTF-8 NO_COLOR=1 BACKSTEP_NO_SOURCE_LESSONS=1
unset BACKSTEP_LESSONS
. "$(dirname "$0")/tap.sh"
# An install option as an absolute path: meson gives bindir and the rest
# relative to the prefix, unless they lie outside it.
absolute() {
    case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac
}
bin=$(absolute "$bindir")
lessons=$(absolute "$datadir")/backstep/lessons
man1=$(absolute "$mandir")/man1

"$meson" install -C "$build" --destdir "$work/dest" --no-rebuild --quiet >"$work/install.out" 2>&1
ok $? "meson install --destdir installs"
sed 's/^/#   /' "$work/install.out"
[ -x "$work/dest$bin/backstep" ]; ok $? "the program is installed in $bin"
[ -f "$work/dest$man1/backstep.1" ]; ok $? "the manual page is installed in $man1"
[ -d "$work/dest$lessons" ] && [ "$(ls "$work/dest$lessons")" = "$(cd "$(dirname "$0")/../lessons" && ls)" ]
ok $? "every lesson is installed in $lessons"

# The installed program, from /, finds lesson 000 by name.
replay() {   # replay PROGRAM LESSON OUT: exit status of the replay, run from /
    (cd / && $WRAPPER "$1" "$2" >"$3" 2>&1)
}
replay "$work/dest$bin/backstep" 000-single-neuron "$work/000.out"
ok $? "the installed program replays 000-single-neuron by name, every expect passing"
contains "$work/000.out" "z = x1 × w1 + x2 × w2 + b = 2 × 0.5 + 3 × (−0.2) + 1 = 1.4" "it prints lesson 000's z = 1.4"

# A copy of the installed tree elsewhere, the original gone, finds its own
# lessons: a lesson only the copy has is found by name, under the copy's path.
mkdir "$work/moved"
cp -a "$work/dest" "$work/moved/tree" && rm -rf "$work/dest"
ok $? "the installed tree is copied elsewhere and the original removed"
copy_lessons="$work/moved/tree$lessons"
printf 'say found beside the program\nno-such-command\n' >"$copy_lessons/zz-only-in-the-copy.bs"
replay "$work/moved/tree$bin/backstep" zz-only-in-the-copy "$work/marker.out"
contains "$work/marker.out" "found beside the program" "the moved program finds a lesson in its own tree by name"
contains "$work/marker.out" "$copy_lessons/zz-only-in-the-copy.bs:2: " \
    "its errors name the lesson's path in the copy, with no bin/../"
replay "$work/moved/tree$bin/backstep" 000-single-neuron "$work/moved.out"
ok $? "the moved program replays 000-single-neuron by name"
contains "$work/moved.out" "z = x1 × w1 + x2 × w2 + b = 2 × 0.5 + 3 × (−0.2) + 1 = 1.4" "and prints z = 1.4"

# `man backstep` finds the installed page in its man1 folder.
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -M "$work/moved/tree$(absolute "$mandir")" backstep >"$work/man.out" 2>&1
    contains "$work/man.out" "backstep - a REPL that narrates backpropagation" "man backstep finds the installed page"
else
    count=$((count + 1)); echo "ok $count - # SKIP man is not installed"
fi

tap_done
