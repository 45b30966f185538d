#!/bin/sh
# The teacher's runs, in TAP: answer keys, a sheet per student, and the
# gradebook.
#   teacher_test.sh BACKSTEP SOURCE_ROOT
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1 root=$2
export LC_ALL=C.UTF-8 NO_COLOR=1 BACKSTEP_LESSONS="$root/lessons"
. "$(dirname "$0")/tap.sh"
sheet="$root/lessons/homework-class-sheet.bs"
cd "$work" || exit 1

# --- a student's numbers come from the ID alone ---------------------------------
# NumPy, with the same recipe (np.random.seed of the FNV-1a hash of "ID\nNAME\n0",
# then random_sample), draws W1[1,1], x[2] and t: s01 0.7 1 1, s02 0.5 1 1,
# s17 0.6 1 1, anna.k 0.3 2 0 (none of them degenerate, so attempt 0 stands).
# The blank sheet gives each where the sheet gives it: in W1's matrix, x and t.
for row in "s01 0.7 1 1" "s02 0.5 1 1" "s17 0.6 1 1" "anna.k 0.3 2 0"; do
    set -- $row
    run --sheet --student "$1" "$sheet" >"$1.sheet" 2>"$1.err"
    grep -qx "set W1 \[$2 0.2; 0.3 0.4\]" "$1.sheet" && grep -qx "input 1 $3" "$1.sheet" &&
        grep -qx "target $4" "$1.sheet" && [ ! -s "$1.err" ]
    ok $? "$1 draws W1[1,1] = $2, x2 = $3, t = $4, as NumPy does, written where the sheet gives them"
done
[ "$(grep -v '^#' s01.sheet | grep -v '^$' | head -1)" = "student s01" ]; ok $? "a student's sheet names the student first"
grep -q '___' s01.sheet && ! grep -q '^vary' s01.sheet && ! grep -q '^#!' s01.sheet
ok $? "the blank sheet keeps its blanks, and has no vary line and none of the teacher's #! comments"
run --key --student s01 "$sheet" | grep -q '^#!'; ok $? "the key keeps the teacher's #! comments"

# --- a class of 30 -----------------------------------------------------------------
i=1
while [ $i -le 30 ]; do
    id=$(printf 's%02d' $i)
    run --sheet --student "$id" "$sheet" >"$id.sheet" 2>>errors
    run --sheet --student "$id" "$sheet" >"$id.again"
    run --key --student "$id" "$sheet" >"key-$id.bs" 2>>errors
    cmp -s "$id.sheet" "$id.again" || echo "$id" >>not-identical
    i=$((i + 1))
done
[ ! -s errors ] && [ ! -e not-identical ]; ok $? "30 sheets and keys are written, and the same ID gives byte-identical sheets"
distinct=$(for f in s??.sheet; do grep -e '^set W1 ' -e '^input ' -e '^target ' "$f" | tr '\n' ' '; echo; done |
           sort -u | wc -l)
[ "$distinct" -ge 10 ]; ok $? "the 30 students do not all get the same numbers ($distinct different sets)"
# s01's key against a hand computation at 3 digits, each step rounded and carried
# (W1[1,1] = 0.7, x = (1, 1), t = 1): z1[1] = 0.7 + 0.2 + 0.1 = 1.00, a1[1] = σ(1) = 0.731,
# a1[2] = σ(0.8) = 0.690, z2 = 0.731 × 0.5 + 0.690 × 0.6 + 0.2 = 0.980, a2 = σ(0.98) = 0.727,
# L = ½ (0.727 − 1)² = 0.0373
[ "$(grep -e '^check z1\[1\]' -e '^check a1\[1\]' -e '^check z2' -e '^check a2' -e '^check L' key-s01.bs |
     awk '{ printf "%s ", $3 }')" = "1.00 0.731 0.980 0.727 0.0373 " ]
ok $? "s01's key holds the values a hand computation at 3 digits gives"
run --grade "$sheet" key-s*.bs >grades.csv 2>grade.err; status=$?
[ $status = 0 ] && [ ! -s grade.err ]; ok $? "the class's keys grade with exit status 0"
full=$(grep -c '^key-s[0-9]*\.bs,s[0-9]*,14,0,,' grades.csv)
[ "$full" = 30 ]; ok $? "each of the 30 keys scores 14 of 14 against its own student's numbers ($full did)"
head -1 grades.csv | grep -q '^file,student,score (of 14),carried forward,differs from the sheet,z1\[1\],a1\[1\],z2,'
ok $? "the CSV header: file, student, score, carried forward, differs, then one column per question"
# a key graded as another student's copy: s01's answers under s02's numbers
sed 's/^student s01$/student s02/' key-s01.bs >swapped.bs
run --grade "$sheet" swapped.bs >swapped.csv; status=$?
[ "$(tail -1 swapped.csv | cut -d, -f3)" != 14 ] && [ $status = 1 ]
ok $? "a key graded against another student's numbers does not score full marks (exit 1)"
tail -1 swapped.csv | grep -q ',yes,'; ok $? "... and the report says the copy differs from that student's sheet"

# --- what a student's copy cannot change ------------------------------------------------
sed -e 's/^set W2 .*/set W2 [1 1]/' key-s03.bs >edited.bs
grep -v '^check L ' key-s04.bs >deleted.bs
run --grade "$sheet" edited.bs deleted.bs >edits.csv
grep -q '^edited.bs,s03,14,0,yes,' edits.csv; ok $? "an edited setup is flagged, and the sheet's numbers grade it"
grep -q '^deleted.bs,s04,13,0,yes,' edits.csv; ok $? "a deleted question is flagged and counts as not answered"
deleted_l=$(grep '^deleted.bs' edits.csv | cut -d, -f10)
[ -z "$deleted_l" ]; ok $? "... its cell is blank"

# a question answered twice: the later answer stands, as a replay of the copy takes it
(cat key-s07.bs; echo 'check z1[1] 5') >twice-wrong-last.bs
sed 's/^check z1\[1\] .*/check z1[1] 5/' key-s07.bs >twice-right-last.bs
grep '^check z1\[1\]' key-s07.bs >>twice-right-last.bs
run --grade "$sheet" twice-wrong-last.bs twice-right-last.bs >twice.csv
[ "$(grep '^twice-wrong-last' twice.csv | cut -d, -f3,6)" = "13,✗" ] &&
    [ "$(grep '^twice-right-last' twice.csv | cut -d, -f3,6)" = "14,✓" ]
ok $? "a question answered twice is graded on the later answer"
sed 's/^student s08$/student s 08/' key-s08.bs >two-words.bs
run --grade "$sheet" two-words.bs >two.csv 2>two.err; [ $? = 2 ] && grep -q '^two-words.bs,,,,could not be graded' two.csv &&
    grep -q "two-words.bs: line [0-9]*: .student. takes one ID" two.err
ok $? "a student line of two words: the copy cannot be graded, and the row says so"
run --student s09 key-s10.bs >out 2>err; [ $? = 2 ] && grep -q "this is s10's copy, but --student says s09" err
ok $? "--student with another student's copy is an error"
run --key --sheet --student s01 "$sheet" >out 2>err; [ $? = 2 ] && [ ! -s out ] && grep -q "give one" err
ok $? "--key and --sheet together: one line, nothing written"
printf 'network 2-1\nvary w1 0.3 0.3 step 0.1\ncheck z ___\n' >one-value.bs
run --key --student s01 one-value.bs >out 2>err; [ $? = 2 ] && [ ! -s out ] && grep -q "gives every student the same number" err
ok $? "a vary range of a single value: one line, nothing written"

# a sheet that asks about z before and after an update: each question graded on its own answer
printf 'network 2-1 sigmoid\ninput 2 3\ntarget 1\nset w1 0.5\nset w2 -0.2\nset b 1\ncheck z ___\nrun\nforward\ncheck z ___\n' >twice-asked.bs
run --key twice-asked.bs >twice-key.bs
sed '0,/^check z .*/s//check z 9/' twice-key.bs >twice-first-wrong.bs
run --grade twice-asked.bs twice-first-wrong.bs >twice-asked.csv
[ "$(tail -1 twice-asked.csv | tr -d "\r" | cut -d, -f3,6,7)" = "1,✗,✓" ]
ok $? "a question asked twice is graded twice, each on its own answer (1 of 2 when the first is wrong)"
# a number given by init, then varied: the key's value is the drawn one's, written where vary is
printf 'network 2-1 sigmoid\nset w1 0.5\ninput 2 3\ntarget 1\ninit uniform -1 1 seed 3\nvary w1 0.1 0.9 step 0.1\ncheck z ___\n' >init-then-vary.bs
run --key --student s042 init-then-vary.bs >init-key.bs
run init-key.bs >/dev/null; ok $? "a vary after init: the key replays with full marks (the drawn w1 stays after init)"
# a comment on a question line: the value goes in the answer's place, never into the comment
printf 'network 2-1 sigmoid\ninput 2 3\ntarget 1\nset w1 0.5\nset w2 -0.2\nset b 1\ncheck z   # your answer\ncheck a ___ # a_value\n' >comments.bs
run --key comments.bs >comments-key.bs
grep -qx 'check z 1.40   # your answer' comments-key.bs && grep -qx 'check a 0.802 # a_value' comments-key.bs
ok $? "a question's comment is kept as written, the value before it"

# --- RFC 4180, an unreadable copy, bad input ----------------------------------------------
cp key-s05.bs 'odd, "name".bs'
run --grade "$sheet" 'odd, "name".bs' missing.bs key-s06.bs >quoted.csv 2>quoted.err; status=$?
grep -q '^"odd, ""name"".bs",s05,14' quoted.csv; ok $? "a file name with a comma and quotes is quoted as RFC 4180 says"
grep -q "missing.bs" quoted.err && grep -q '^key-s06.bs,s06,14' quoted.csv && [ $status = 2 ]
ok $? "an unreadable copy is reported on stderr, the rest are graded, and the exit status is 2"
cr=$(printf '\r')
[ "$(grep -c "$cr\$" quoted.csv)" = 4 ] && grep -q '^missing.bs,,,,could not be read' quoted.csv
ok $? "records end in CRLF, and the unreadable copy has a row saying so"
printf 'network 2-1\ninput 1 1\n' >no-blanks.bs
run --key no-blanks.bs >out 2>err; [ $? = 2 ] && [ ! -s out ] && grep -q "has no ___ to fill" err
ok $? "a sheet with no blanks at --key: one error line, nothing written"
printf 'network 2-1\nvary w1 0.9 0.1 step 0.1\ncheck z ___\n' >empty-range.bs
run --key --student s01 empty-range.bs >out 2>err; [ $? = 2 ] && [ ! -s out ] &&
    grep -q "empty-range.bs:2: vary's range 0.9 to 0.1 is empty" err
ok $? "an empty vary range: FILE:LINE, nothing written"
printf 'network 2-1\nvary w1 low 0.9 step 0.1\ncheck z ___\n' >not-number.bs
run --key --student s01 not-number.bs >out 2>err; [ $? = 2 ] && [ ! -s out ] && grep -q "not-number.bs:2: 'low' is not a number" err
ok $? "a vary bound that is not a number: FILE:LINE, nothing written"
run --key --student 'two words' "$sheet" >out 2>err; [ $? = 2 ] && [ ! -s out ] && [ "$(wc -l <err)" = 1 ] &&
    grep -q "a student ID is 1 to 64 letters" err
ok $? "an unknown student ID format: one line, nothing written"

# --- the key as a worked solution ----------------------------------------------------
run --key --student s01 --export md "$sheet" >s01.md 2>md.err; status=$?
missing=0
for value in $(sed -n 's/^check [^ ]* //p' key-s01.bs | sed -e 's/\(\.[0-9]*[1-9]\)0*$/\1/' -e 's/\.0*$//' -e 's/^-/-/'); do
    grep -qF -- "$value" s01.md || missing=$((missing + 1))
done
[ $status = 0 ] && [ ! -s md.err ] && grep -q '^## Backward' s01.md && [ $missing = 0 ]
ok $? "--key --export md: the key as a worked solution holds every value of the key ($missing missing)"
run --key --student s01 --export pdf "$sheet" >out 2>err; [ $? = 2 ] && [ ! -s out ]
ok $? "--export of an unknown format: one line, nothing written"

# --- degenerate draws are drawn again ---------------------------------------------------
# z1 = w1 x with x = 1 and b1 = 0: w1 = 0 puts relu at its kink, w1 < 0 switches it off
# (every gradient behind it 0).  The sheet's own w1 = 1 is fine, so every student gets 1 or 2.
printf 'network 1-1-1 relu linear\ninput 1\ntarget 3\nset w1 1\nset w2 1\nvary w1 -2 2 step 1\ncheck z1 ___\ncheck dL/dw1 ___\n' >kink.bs
bad=0
for id in a b c d e f g h i j k l m n o p q r s t; do
    z=$(run --key --student "$id" kink.bs | sed -n 's/^check z1 //p')
    case "$z" in 1.00|2.00) ;; *) bad=$((bad + 1)) ;; esac
done
[ $bad = 0 ]; ok $? "no student gets w1 <= 0: a relu at its kink or switched off is drawn again ($bad did)"

tap_done
