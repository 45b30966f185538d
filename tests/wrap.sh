#!/bin/sh
# Runs a test program, with $WRAPPER (for example valgrind) in front when
# set.  `exec` replaces this shell, so a wrapper watches the program only.
exec $WRAPPER "$@"
