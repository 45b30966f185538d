# tap.sh: what the shell tests share, read by each with `. tests/tap.sh`
# after it has set $backstep: a scratch folder $work (removed at exit), one
# TAP line per check, and the plan at the end (tap_done, the script's last
# command, whose status is the script's).
# $WRAPPER (for example valgrind) is put in front of backstep by `run`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=0 failed=0

ok() {   # ok CONDITION-STATUS DESCRIPTION
    count=$((count + 1))
    if [ "$1" = 0 ]; then echo "ok $count - $2"; else echo "not ok $count - $2"; failed=$((failed + 1)); fi
}
contains() {   # contains FILE TEXT DESCRIPTION
    grep -qF -- "$2" "$1"; ok $? "$3"
}
lacks() {   # lacks FILE TEXT DESCRIPTION
    ! grep -qF -- "$2" "$1"; ok $? "$3"
}
run() { $WRAPPER "$backstep" "$@"; }
tap_done() {
    echo "1..$count"
    [ "$failed" = 0 ]
}
