#!/bin/sh
# Whole-program tests in TAP: the numbers lessons must print, exit
# statuses, batch-mode locations, file problems and numerical edge cases.
#   cli.sh BACKSTEP SOURCE_ROOT
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1 root=$2
export LC_ALL=C.UTF-8 NO_COLOR=1 BACKSTEP_LESSONS="$root/lessons"
. "$(dirname "$0")/tap.sh"
# --- lesson 000 prints the walkthrough's own numbers --------------------
run "$root/lessons/000-single-neuron.bs" >"$work/000.out" 2>"$work/000.err"
ok $? "lesson 000 replays with every expect passing"
contains "$work/000.out" "z = x1 × w1 + x2 × w2 + b = 2 × 0.5 + 3 × (−0.2) + 1 = 1.4" "000: z = 1.4, exactly"
contains "$work/000.out" "a = σ(z) = σ(1.4) ≈ 0.802" "000: a ≈ 0.802"
contains "$work/000.out" "L = ½ × (a − t)² = ½ × (0.802 − 1)² ≈ 0.0196" "000: L ≈ 0.0196"
contains "$work/000.out" "dL/da = a − t = 0.802 − 1 = −0.198" "000: dL/da = −0.198"
contains "$work/000.out" "da/dz = a × (1 − a) = 0.802 × (1 − 0.802) ≈ 0.159" "000: backstep's own da/dz is 0.159"
contains "$work/000.out" "carrying your own value from here on: da/dz = 0.158" "000: the walkthrough's 0.158 is carried"
contains "$work/000.out" "(−0.0313) × 2 = −0.0626" "000: dL/dw1 = −0.0626"
contains "$work/000.out" "(−0.0313) × 3 = −0.0939" "000: dL/dw2 = −0.0939"
contains "$work/000.out" "dL/db = dL/da × da/dz × dz/db = dL/dz × 1 = (−0.0313) × 1 = −0.0313" "000: dL/db = −0.0313"
contains "$work/000.out" "exact arithmetic gives dL/dw1 ≈ −0.06278; the difference comes from your da/dz" \
    "000: says where and why exact arithmetic differs"
# by hand, each step lr × gradient is subtracted whole: 0.5 + 0.00626, −0.2 + 0.00939, 1 + 0.00313
contains "$work/000.out" "= 0.5 − 0.1 × (−0.0626) = 0.50626    (0.5 → 0.50626)" "000: w1 → 0.50626, as carried"
contains "$work/000.out" "(−0.2 → −0.19061)" "000: w2 → −0.19061, as carried"
contains "$work/000.out" "(1 → 1.00313)" "000: b → 1.00313, as carried"
contains "$work/000.out" "2 × 0.50626 + 3 × (−0.19061) + 1.00313" "000: the next pass uses the values the update showed"
contains "$work/000.out" "After the update, L went down: 0.0196 → 0.0184" "000: the loss went down"

# --- lesson 002 prints its walkthrough's numbers, rounded to 3 places ---------
run "$root/lessons/002-chain-without-biases.bs" >"$work/002.out" 2>&1
contains "$work/002.out" "a1 = σ(z1) = σ(0.5) ≈ 0.622" "002: a1 ≈ 0.622"
contains "$work/002.out" "z2 = a1 × w2 = 0.622 × 0.8 ≈ 0.498" "002: z2 ≈ 0.498"
contains "$work/002.out" "½ × (0.622 − 1)² ≈ 0.071" "002: L ≈ 0.071"
contains "$work/002.out" "(−0.378) × 0.235 ≈ −0.089" "002: dL/dz2 ≈ −0.089"
contains "$work/002.out" "(−0.089) × 0.622 ≈ −0.055" "002: dL/dw2 ≈ −0.055"
contains "$work/002.out" "(−0.089) × 0.8 ≈ −0.071" "002: dL/da1 ≈ −0.071"
contains "$work/002.out" "(−0.071) × 0.235 ≈ −0.017" "002: dL/dz1 ≈ −0.017"
contains "$work/002.out" "(0.8 → 0.8055)" "002: w2 → 0.8055"
contains "$work/002.out" "(0.5 → 0.5017)" "002: w1 → 0.5017"
contains "$work/002.out" "in exact arithmetic it went down" "002: a change hidden by rounding is still told"

# --- lesson 004 shows exact and hand values side by side ------------------
run "$root/lessons/004-exercise-two.bs" >"$work/004.out" 2>&1
contains "$work/004.out" "(0.6457 − 0.8)² ≈ 0.02382" "004: exact L ≈ 0.02382"
contains "$work/004.out" "(0.646 − 0.8)² ≈ 0.0237" "004: hand L ≈ 0.0237"
contains "$work/004.out" "(exact arithmetic gives L ≈ 0.02382; the difference comes from rounding by hand)" \
    "004: the difference is explained"

# --- network: new activations keep the parameters; a new shape says what it resets
run -e 'network 2-2-1 sigmoid' -e 'set W1 [1 2; 3 4]' -e 'input 1 2' -e 'target 1' -e 'network 2-2-1 tanh' \
    -e 'expect W1[2,1] 3' -e 'expect x2 2' -e 'expect t 1' -e 'expect a1[1] 0.9999' \
    -e 'network 2-3-1 tanh' -e 'expect x2 0' -e 'expect W1[2,1] 0' >"$work/net.out" 2>&1
ok $? "network: same shape keeps W1, x and t (a1[1] = tanh(5)); another shape starts from 0"
contains "$work/net.out" "layer 2 has 1 tanh neuron.  Its 9 parameters keep their values." \
    "network: the same shape says the parameters keep their values"
contains "$work/net.out" "The shape is as before, so the weights, biases, x and t keep their values." \
    "network: the same shape says x and t are kept"
contains "$work/net.out" "The shape changed (it was 2-2-1), so the weights, x and t start again from 0." \
    "network: another shape says what starts again from 0"

# --- leaky_relu's chosen slope shows in its formulas
run -e 'network 1-1 leaky_relu(0.2)' -e 'set w1 1' -e 'input -2' -e 'run' >"$work/leaky.out" 2>&1
contains "$work/leaky.out" "leaky_relu(z) = z if z > 0, else 0.2 × z,  leaky_relu'(z) = 1 if z > 0, else 0.2" \
    "leaky_relu(0.2): network prints the formula with its slope"
contains "$work/leaky.out" "a = (z if z > 0, else 0.2 × z) = ((−2) if (−2) > 0, else 0.2 × (−2)) = −0.4" \
    "leaky_relu(0.2): a = 0.2 × (−2) = −0.4"
contains "$work/leaky.out" "da/dz = (1 if z > 0, else 0.2) = (1 if (−2) > 0, else 0.2) = 0.2" \
    "leaky_relu(0.2): da/dz = 0.2"

# --- dL/dx, the input's gradient: lesson 000 by hand, with the walkthrough's
# dL/dz = −0.0313: dL/dx1 = −0.0313 × 0.5 = −0.01565 → −0.0157, dL/dx2 = −0.0313 × (−0.2) = 0.00626
contains "$work/000.out" "dL/dx1 = dL/da × da/dz × dz/dx1 = dL/dz × w1 = (−0.0313) × 0.5 ≈ −0.0157" "000: dL/dx1 ≈ −0.0157"
contains "$work/000.out" "dL/dx2 = dL/da × da/dz × dz/dx2 = dL/dz × w2 = (−0.0313) × (−0.2) = 0.00626" "000: dL/dx2 = 0.00626"
sed -n '/^Backward/,/^Update/p' "$work/000.out" | grep -q "dL/dx2"; ok $? "000: dL/dx is narrated in the backward pass, before the update"
# a 2-2-1 network in exact arithmetic, worked in Python apart from backstep (and checked there by
# central differences): W1 = [[0.1, 0.2], [0.3, 0.4]], b1 = 0, W2 = [[0.5, -0.6]], b2 = 0,
# x = [1, 2], t = 1, sigmoid, half-sse: dL/dx = W1ᵀ dL/dz1 ≈ [0.0029234, 0.0028559]
run -e 'network 2-2-1 sigmoid' -e 'set W1 [[0.1, 0.2], [0.3, 0.4]]' -e 'set W2 [[0.5, -0.6]]' -e 'input 1 2' \
    -e 'target 1' -e 'expect dL/dx1 0.002923' -e 'expect dL/dx[2] 0.002856' -e 'show dL/dx' \
    -e 'check dL/dx2 0.00286' -e 'explain dL/dx1' >"$work/dx.out" 2>&1
ok $? "dL/dx of a 2-2-1 network agrees with a computation apart from backstep, and expect reads it"
contains "$work/dx.out" "✓ dL/dx2 = 0.00286" "check grades dL/dx2"
contains "$work/dx.out" "dL/dx1 is computed from these steps" "explain lists what dL/dx1 is computed from"

# --- ASCII ------------------------------------------------------------------
run --ascii "$root/lessons/000-single-neuron.bs" >"$work/ascii.out" 2>&1
contains "$work/ascii.out" "a = sigma(z) = sigma(1.4) ~ 0.802" "--ascii writes sigma and ~"
contains "$work/ascii.out" "(0.5 -> 0.50626)" "--ascii writes ->"
LC_ALL=C grep -q '[^ -~]' "$work/ascii.out"; [ $? = 1 ]; ok $? "--ascii output is pure ASCII"
LC_ALL=C run "$root/lessons/000-single-neuron.bs" >"$work/c-locale.out" 2>&1
LC_ALL=C grep -q '[^ -~]' "$work/c-locale.out"; [ $? = 1 ]; ok $? "a C locale gets ASCII without being asked"

# --- exit statuses and locations ------------------------------------------------
printf 'network 2-1 sigmoid\nexpect z 1\n' >"$work/fail.bs"
run "$work/fail.bs" >/dev/null 2>&1; [ $? = 1 ]; ok $? "a failed expect exits 1"
printf 'network 2-1 sigmoid\nexpect z 1\nfrobnicate\n' >"$work/both.bs"
run "$work/both.bs" >/dev/null 2>&1; [ $? = 2 ]; ok $? "an error as well exits 2"
printf 'network 2-1 sigmoid\nexpect z 0\n' >"$work/pass.bs"
run "$work/pass.bs" >/dev/null 2>&1; ok $? "a passing file exits 0"
printf 'frobnicate\nsay still here\n' >"$work/goes-on.bs"
run "$work/goes-on.bs" >"$work/goes-on.out" 2>/dev/null
contains "$work/goes-on.out" "still here" "batch mode goes on after an error"
run --bail "$work/goes-on.bs" >"$work/bail.out" 2>/dev/null; status=$?
[ $status = 2 ] && ! grep -q "still here" "$work/bail.out"; ok $? "--bail stops at the first error, exit 2"
# --bail stops the whole run at an error inside a loaded file, however deep
printf 'say inner before\nfrobnicate\nsay inner after\n' >"$work/inner.bs"
printf 'say middle before\nload %s\nsay middle after\n' "$work/inner.bs" >"$work/middle.bs"
printf 'say outer before\nload %s\nsay outer after\n' "$work/middle.bs" >"$work/outer.bs"
printf 'say next file\n' >"$work/next.bs"
run --bail "$work/outer.bs" "$work/next.bs" >"$work/nested.out" 2>"$work/nested.err"; status=$?
[ $status = 2 ] && [ "$(cat "$work/nested.out")" = "outer before
middle before
inner before" ] && [ "$(cat "$work/nested.err")" = "$work/inner.bs:2: unknown command 'frobnicate' (\`help\` lists all)" ]
ok $? "--bail: an error in a loaded file stops every file around it and the files after, exit 2"
run --bail -e "load $work/inner.bs" -e 'say after the load' >"$work/nested-e.out" 2>/dev/null; status=$?
[ $status = 2 ] && ! grep -q "after the load" "$work/nested-e.out"; ok $? "--bail: a load in -e stops the -e commands too"
run "$work/outer.bs" >"$work/nobail.out" 2>/dev/null; status=$?
[ $status = 2 ] && grep -q "inner after" "$work/nobail.out" && grep -q "middle after" "$work/nobail.out" &&
    grep -q "outer after" "$work/nobail.out"; ok $? "without --bail every file around the error goes on"
run -e 'network 2-1 sigmoid' -e 'forwad' >/dev/null 2>"$work/e.err"
contains "$work/e.err" "-e:2: unknown command 'forwad'; did you mean 'forward'?" "-e errors name the command's position"
printf 'network 2-1\nshow q\n' | run >"$work/stdin.out" 2>"$work/stdin.err"
contains "$work/stdin.err" "<stdin>:2: unknown name 'q'" "piped input is batch mode with line numbers"
[ ! -s "$work/stdin.out" ] || ! grep -q "backstep>" "$work/stdin.out"; ok $? "piped input shows no prompt"

# --- files ------------------------------------------------------------------------
run "$work/missing.bs" >/dev/null 2>"$work/missing.err"; status=$?
[ $status = 2 ]; ok $? "a missing lesson exits 2"
contains "$work/missing.err" "backstep: cannot open '$work/missing.bs': no such file (nor a lesson of that name)" \
    "a missing lesson is one clear line"
run "$work" >/dev/null 2>"$work/folder.err"
contains "$work/folder.err" "it is a folder" "a folder is refused"
sed 's/$/\r/' "$root/lessons/000-single-neuron.bs" >"$work/crlf.bs"
run "$work/crlf.bs" >"$work/crlf.out" 2>&1; ok $? "a lesson with CRLF line endings replays and passes"
{ echo "network 2-1 sigmoid"; head -c 5000 /dev/zero | tr '\0' 'x'; echo; echo "say after the long line"; } >"$work/long.bs"
run "$work/long.bs" >"$work/long.out" 2>"$work/long.err"; status=$?
contains "$work/long.err" "long.bs:2: line too long: at most 4096 characters" "an overlong line is one error with its place"
[ $status = 2 ] && grep -q "after the long line" "$work/long.out"; ok $? "the replay goes on after an overlong line"
# A file that is not text ends in one error, at once, and the run goes on.
# (timeout: reading /dev/zero used to spin for ever)
for device in /dev/zero /dev/urandom; do
    timeout 60 $WRAPPER "$backstep" -e "load $device" -e 'say after the device' >"$work/dev.out" 2>"$work/dev.err"
    status=$?
    [ $status = 2 ] && [ "$(cat "$work/dev.err")" = "-e:1: cannot read '$device': it is not a regular file, and a lesson is a text file" ] &&
        grep -q "after the device" "$work/dev.out"
    ok $? "load $device is one error line, exit 2, and the run goes on"
done
timeout 60 $WRAPPER "$backstep" </dev/zero >/dev/null 2>"$work/zero.err"; status=$?
[ $status = 2 ] && [ "$(cat "$work/zero.err")" = "<stdin>:1: not a text file (a NUL byte on its first line): nothing more is read from it" ]
ok $? "NUL bytes on standard input: one error line, exit 2"
{ printf 'say \000binary\n'; echo "say not run"; } >"$work/binary.bs"
run "$work/binary.bs" >"$work/binary.out" 2>"$work/binary.err"; status=$?
[ $status = 2 ] && [ "$(cat "$work/binary.err")" = "$work/binary.bs:1: not a text file (a NUL byte on its first line): nothing more is read from it" ] &&
    [ ! -s "$work/binary.out" ]
ok $? "a NUL byte on the first line: the file is not text, one error, nothing run"
{ echo "say start"; head -c 1100000 /dev/zero | tr '\0' 'x'; echo; echo "say not run"; } >"$work/endless.bs"
timeout 60 $WRAPPER "$backstep" "$work/endless.bs" >"$work/endless.out" 2>"$work/endless.err"; status=$?
[ $status = 2 ] && [ "$(cat "$work/endless.err")" = "$work/endless.bs:2: not a text file (no line break within a mebibyte): nothing more is read from it" ] &&
    ! grep -q "not run" "$work/endless.out"
ok $? "a line without a break for over a mebibyte ends the file with one error"
# line 3 holds a NUL (column 6: "say t" is 5 bytes); lines 4 and 5 keep their numbers
printf 'network 2-1 sigmoid\nsay one\nsay t\000wo\nsay three\nfrobnicate\n' >"$work/nul.bs"
run "$work/nul.bs" >"$work/nul.out" 2>"$work/nul.err"; status=$?
printf '%s\n' "$work/nul.bs:3: a NUL byte at column 6: a lesson is plain text, so this line is skipped" \
    "$work/nul.bs:5: unknown command 'frobnicate' (\`help\` lists all)" >"$work/nul.expected"
[ $status = 2 ] && cmp -s "$work/nul.err" "$work/nul.expected"; ok $? "a NUL byte is an error at its own line; later line numbers stay right"
grep -qx "three" "$work/nul.out" && ! grep -qx "t\\|t.wo\\|wo" "$work/nul.out"
ok $? "the line after a NUL byte runs, the line holding it does not"
printf 'say one\nsay \000\nsay \000\nsay \000\nsay \000\nsay not run\n' >"$work/nuls.bs"
run "$work/nuls.bs" >"$work/nuls.out" 2>"$work/nuls.err"
[ "$(wc -l <"$work/nuls.err")" = 4 ] && grep -q "nuls.bs:5: not a text file (NUL bytes on line after line)" "$work/nuls.err" &&
    ! grep -q "not run" "$work/nuls.out"
ok $? "NUL bytes on line after line: the file is not text after the third"
printf '\357\273\277network 2-1 sigmoid\r\nexpect z 0\r\n' >"$work/bom.bs"
run "$work/bom.bs" >/dev/null 2>&1; ok $? "a byte-order mark at the start of a lesson is ignored"
run -e 'network 2-3-1 sigmoid' -e 'show dL/dW3' >/dev/null 2>"$work/near.err"
contains "$work/near.err" "unknown name 'dL/dW3': this network has W1 to W2" "a layer out of range says which exist"
run -e 'network 2-1 sigmoid' -e 'show dL/dzz' >/dev/null 2>"$work/near.err"
contains "$work/near.err" "did you mean 'dL/dz'?" "a near miss suggests the nearest name"
run 000-single-neuron >/dev/null 2>&1; ok $? "a lesson is found by name in the lessons folder"
run -e 'load 002-chain-without-biases' >/dev/null 2>&1; ok $? "load replays a lesson by name"
(cd "$work" && env -u BACKSTEP_LESSONS $WRAPPER "$backstep" -e 'load 000-single-neuron' >/dev/null 2>&1)
ok $? "an uninstalled build finds its lessons by name from any folder"

# --- control characters from input are shown as \xHH, never sent raw -------------
esc=$(printf '\033')
printf 'say \033]0;title\007 and \033[2J\nsay tab\tand σ stay, C1 \302\233 and a stray \377 do not\nnetwork 2-1\nshow q\033[2J\n' >"$work/esc.bs"
run "$work/esc.bs" >"$work/esc.out" 2>"$work/esc.err"
! grep -q "$esc" "$work/esc.out" "$work/esc.err"; ok $? "no raw escape character reaches stdout or stderr"
[ "$(sed -n 1p "$work/esc.out")" = '\x1b]0;title\x07 and \x1b[2J' ]; ok $? "say shows ESC and BEL as \\x1b and \\x07"
[ "$(sed -n 2p "$work/esc.out")" = "$(printf 'tab\tand σ stay, C1 \\xc2\\x9b and a stray \\xff do not')" ]
ok $? "say keeps tab and UTF-8 text, shows C1 controls and stray bytes as \\xHH"
contains "$work/esc.err" "esc.bs:4: unknown name 'q\x1b[2J'" "a name echoed in an error shows ESC as \\x1b"
run "$work/no${esc}such.bs" >/dev/null 2>"$work/esc-path.err"
contains "$work/esc-path.err" "cannot open '$work/no\x1bsuch.bs'" "a path echoed in an error shows ESC as \\x1b"

# --- numerical edge cases never print nan or inf -------------------------------------
run -e 'network 1-1 sigmoid' -e 'set w 800' -e 'input 1' -e 'target 0' -e 'loss bce' -e run \
    -e 'set w -800' -e 'target 1' -e run -e 'network 2-3 softmax' -e 'set W1 [900 0; 0 0; -900 0]' \
    -e 'input 1 1' -e 'target 0 0 1' -e 'loss ce' -e run -e 'loss mse' -e run >"$work/edge.out" 2>&1
ok $? "saturated sigmoid and softmax with bce and ce run without error"
grep -qiE 'nan|inf' "$work/edge.out"; [ $? = 1 ]; ok $? "no nan or inf reaches the screen"
contains "$work/edge.out" "ln is taken at 1e-12 from the edge" "clamping at ln(0) is said plainly"

# by hand: a = 3w + b, dL/dw = 3a, dL/db = a.  From w = 1, b = 0 with lr = 1e6 the first update gives
# w = 1 - 1e6 × 9 = -8999999 and b = -3e6; the second would carry w to about 9e13 and is refused.
run -e 'network 1-1 linear' -e 'input 3' -e 'target 0' -e 'set w 1' -e 'lr 1e6' -e update -e 'expect w -8999999' \
    -e 'expect b -3000000' -e update -e 'expect w -8999999' -e 'expect b -3000000' >"$work/diverge.out" 2>"$work/diverge.err"
[ $? = 2 ]; ok $? "a diverging update is an error, and the parameters keep their values"
contains "$work/diverge.err" "-e:9: the update would carry w1 to 9e13, beyond ±1e10, so it was not applied" \
    "a diverging update says why it was refused"
grep -qiE 'nan|inf' "$work/diverge.out"; [ $? = 1 ]; ok $? "a diverging update prints no nan or inf"
grep -q '9e13\|−9e7\|→ −9000000.*→' "$work/diverge.out"; [ $? = 1 ]; ok $? "a refused update is never narrated as applied"
# the same neuron has 11 steps (z, a, L, dL/da, da/dz, dL/dz, dL/dw1, dL/db, dL/dx, w1_new, b_new): after `step 2`
# and a refused `run`, the next step is still step 3, and a second `run` is refused the same way
run -e 'network 1-1 linear' -e 'input 3' -e 'target 0' -e 'set w 1' -e 'lr 1e6' -e update -e 'step 2' -e run -e run \
    -e state -e 'expect w -8999999' >"$work/refused.out" 2>"$work/refused.err"
[ $? = 2 ]; ok $? "a refused run is an error"
[ "$(grep -c 'beyond ±1e10' "$work/refused.err")" = 2 ]; ok $? "each refused run says why, once"
contains "$work/refused.out" "next: step 3 of 11 (loss)" "after a refused run, state still points at the next step"
[ "$(grep -c '^Loss\|^Backward\|^Update' "$work/refused.out")" = 1 ]; ok $? "a refused run narrates nothing (one Update: the first)"

# --- output that cannot be written is an error ---------------------------------------
run "$root/lessons/000-single-neuron.bs" >/dev/full 2>"$work/full.err"; status=$?
[ $status = 2 ] && [ "$(cat "$work/full.err")" = "backstep: could not write the output: No space left on device" ]
ok $? "a lesson written to a full disk: one error line, exit 2"
run -e 'say hello' >/dev/full 2>"$work/full-e.err"; status=$?
[ $status = 2 ] && [ "$(wc -l <"$work/full-e.err")" = 1 ]; ok $? "-e output to a full disk: exit 2, one line"
run --help >/dev/full 2>/dev/null; [ $? = 2 ]; ok $? "--help to a full disk exits 2"
run -e 'say hello' >&- 2>"$work/closed.err"; status=$?
[ $status = 2 ] && grep -q "^backstep: could not write the output" "$work/closed.err"; ok $? "a closed stdout exits 2"

# --- show and stepping ------------------------------------------------------------------
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'target 1' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1' \
    -e 'show z' -e 'show a' -e 'show W1' -e 'step' -e 'step' -e 'show dL/dw1' -e 'step' >"$work/show.out" 2>&1
[ "$(sed -n 3p "$work/show.out")" = "z = 1.4" ]; ok $? "show z's first line is 'z = 1.4'"
grep -qx "a ≈ 0.8022" "$work/show.out"; ok $? "show a's first line is 'a ≈ 0.8022'"
grep -q "^W1 = \[0.5  −0.2\]" "$work/show.out"; ok $? "show W1 of one neuron prints its weight vector"
[ "$(grep -c '^  z = \|^  a = \|^  L = ' "$work/show.out")" = 3 ]; ok $? "step narrates one quantity at a time; show does not move it"

# σ(1.4) = 0.80218388855858...: at 12 digits it is rounded, and z = 1.4 is exact at any number of digits
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1' -e 'digits 12' \
    -e 'show z' -e 'show a' -e 'forward' >"$work/digits.out" 2>&1
grep -qx "z = 1.4" "$work/digits.out" && grep -qx "a ≈ 0.802183888559" "$work/digits.out" &&
    grep -qF "a = σ(z) = σ(1.4) ≈ 0.802183888559" "$work/digits.out"
ok $? "at 12 digits a rounded value still shows ≈, an exact one ="

# by hand: a = 2, dL/da = a - t = 1, so w: 2 - 0.25 × 1 = 1.75 and b: 0 - 0.25 × 1 = -0.25; then a = 1.5
run -e 'network 1-1 linear' -e 'input 1' -e 'target 1' -e 'set w 2' -e 'lr 0.25' -e run -e 'expect w 1.75' \
    -e 'expect b -0.25' -e 'forward' -e 'expect a 1.5' >"$work/run.out" 2>&1
ok $? "run narrates through the update and applies it"

# --- back: `back 2` then `step 2` narrates the same two lines again ------------------------------------
# After `step 4` (z, a, L, dL/da) the next two are lesson 000's da/dz = 0.8022 × (1 − 0.8022) ≈ 0.1587
# and dL/dz = (−0.1978) × 0.1587 ≈ −0.03139.  Sections between the `say` markers are compared as text.
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'target 1' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1' \
    -e 'step 4' -e 'say ==1' -e 'step 2' -e 'say ==2' -e 'back 2' -e 'say ==3' -e 'step 2' >"$work/back.out" 2>&1
ok $? "back: step, back 2 and step again exit 0"
section() { awk -v from="$1" -v to="$2" '$0 == to { exit } found { print } $0 == from { found = 1 }' "$work/back.out"; }
section ==1 ==2 >"$work/back.first"
section ==3 ==end >"$work/back.again"
[ "$(wc -l <"$work/back.first")" = 2 ] && cmp -s "$work/back.first" "$work/back.again"
ok $? "back: back 2, then step 2 narrates the same two lines again"
contains "$work/back.again" "da/dz = a × (1 − a) = 0.8022 × (1 − 0.8022) ≈ 0.1587" "back: da/dz is narrated again"
contains "$work/back.again" "dL/dz = dL/da × da/dz = (−0.1978) × 0.1587 ≈ −0.03139" "back: dL/dz is narrated again"
[ "$(section ==2 ==3)" = 'back to step 5 of 14 (backward): `step` narrates da/dz again' ]
ok $? "back: one line says where stepping is and what comes next"
# with detail layer, `back 1` from inside a layer's group goes to its start, and that group is said again whole
run -e 'network 2-3-1 sigmoid' -e 'detail layer' -e 'step 2' -e 'say ==1' -e 'step' -e 'say ==2' -e 'back 1' \
    -e 'say ==3' -e 'step' >"$work/back.out" 2>&1
section ==1 ==2 >"$work/back.first"
section ==3 ==end >"$work/back.again"
[ -s "$work/back.first" ] && cmp -s "$work/back.first" "$work/back.again"
ok $? "back: with detail layer, back 1 then step narrates the same layer's group again"

# --- in hand mode a parameter is shown as it is carried, everywhere ------------------------------------
run -e 'load 000-single-neuron' -e 'show b w1 W' -e state >"$work/carried.out" 2>&1
grep -qx "b = 1.00313" "$work/carried.out"; ok $? "show b after a hand update is the carried 1.00313"
grep -qx "w1 = 0.50626" "$work/carried.out"; ok $? "show w1 after a hand update is the carried 0.50626"
[ "$(grep -c "^W = \[0.50626  −0.19061\]" "$work/carried.out")" = 1 ]; ok $? "show W is written as carried"
grep -q "^w = \[0.50626  −0.19061\]" "$work/carried.out"; ok $? "state writes the weights as carried"
# by hand at 3 digits without the walkthrough's slip: dL/db = −0.198 × 0.159 ≈ −0.0315, so b = 1 + 0.00315
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'target 1' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1' -e 'round 3' \
    -e update -e 'show b' >"$work/carried3.out" 2>&1
grep -qx "b = 1.00315" "$work/carried3.out"; ok $? "show b right after a hand update is the carried 1.00315"
# lesson 002 (3 places): w2 = 0.8 + 0.0055 = 0.8055, and the next update starts from it
run -e 'load 002-chain-without-biases' -e update >"$work/carried2.out" 2>&1
contains "$work/carried2.out" "(0.8055 → " "a second hand update starts from the carried value"

# --- `answers clear` forgets wrong answers, and the exit status 1 they gave --------------------------
# by hand: with every weight 0, z = 0, so `check z 5` is wrong and `check z 0` right
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'check z 5' >/dev/null 2>&1; [ $? = 1 ]; ok $? "a wrong check exits 1"
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'check z 5' -e 'answers clear' >"$work/clear.out" 2>&1
ok $? "after answers clear, a wrong answer no longer makes the exit status 1"
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'check z 5' -e 'expect z 3' -e 'answers clear' >/dev/null 2>&1
[ $? = 1 ]; ok $? "answers clear does not forget a failed expect"

# --- after an update, the pass just completed stays on view until the next starts -------------
# by hand, lesson 000's neuron in exact arithmetic: a = σ(1.4) = 0.80218, dL/dz = (a − 1) a (1 − a) = −0.031390,
# dL/dw1 = 2 dL/dz = −0.06278, so w1_new = 0.5 + 0.1 × 0.06278 = 0.506278 and b_new = 1.003139.  The next
# pass has z = 2 × 0.506278 + 3 × (−0.1905829) + 1.003139 = 1.44395 and dL/dw1 = −0.05899.
lesson000='network 2-1 sigmoid
input 2 3
target 1
set w1 0.5
set w2 -0.2
set b 1'
for finish in run update 'step 14'; do
    printf '%s\n%s\n%s\n' "$lesson000" "$finish" 'check dL/dw1 -0.06278
expect dL/dw1 -0.06278
expect z 1.4
expect w1_new 0.506278
expect w1 0.506278
expect b 1.003139
show z dL/db
explain dL/dw1
state
forward
expect z 1.44395
expect dL/dw1 -0.05899
check dL/dw1 -0.05899' >"$work/completed.bs"
    run "$work/completed.bs" >"$work/completed.out" 2>&1
    ok $? "after $finish, check, expect, show and explain read the pass just narrated; forward starts the next"
    contains "$work/completed.out" "✓ dL/dw1 = −0.06278" "after $finish, check grades the pass just narrated"
    contains "$work/completed.out" "the pass is complete" "after $finish, state says the pass is complete"
done
grep -qx "z = 1.4" "$work/completed.out"; ok $? "show z after an update is the pass just completed's z"
run -e "$(echo "$lesson000" | head -1)" -e 'input 2 3' -e 'target 1' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1' \
    -e update -e step -e 'expect z 1.44395' -e run -e 'expect w1 0.5121772' -e run -e 'step 13' >"$work/next.out" 2>&1
ok $? "step after an update narrates the next pass's first step, and run goes on pass after pass"
[ "$(grep -c '^Update' "$work/next.out")" = 4 ]; ok $? "each run and step through the end applies one update"

run -e 'network 1-1 linear' -e 'input 1' -e 'target 0' -e 'set w 1' -e 'set b 1' -e 'freeze b' -e 'update' \
    -e 'expect b 1' -e 'expect w 0.8' >"$work/freeze.out" 2>&1
ok $? "freeze keeps b; w moves by lr × dL/dw = 0.1 × 2 = 0.2"

# --- help and version ----------------------------------------------------------------
run --version | head -1 | grep -qx "backstep [0-9]*\.[0-9]*\.[0-9]*"; ok $? "--version's first line is 'backstep X.Y.Z'"
run --help | grep -q "^usage: backstep"; ok $? "--help prints usage"
[ -z "$(run --help | LC_ALL=C.UTF-8 awk 'length($0) > 80')" ]; ok $? "--help fits in 80 columns"
for option in --bail --ascii --color= --width -e -i; do
    run --help | grep -q -- "^  $option"; ok $? "--help names $option"
done
run -e help >"$work/help.out"; ok $? "help runs"
missing=""
for command in network set input target loss lr bias freeze unfreeze round digits use forward backward update check explain answers \
               step run restart show expect state say pause load ascii help quit exit; do
    grep -q "^  $command " "$work/help.out" || missing="$missing $command"
done
[ -z "$missing" ]; ok $? "help lists every command of the contract${missing:+ (it lacks$missing)}"

# --- checking hand-computed answers -------------------------------------------
# The shipped homework, filled in with walkthrough 003's own values.  By hand:
# σ'(0.425) is 0.605 × 0.395 = 0.239, so its 0.244 is wrong (0.425 × 0.575:
# z(1 − z) in place of a(1 − a)); −0.79 × 0.244 = −0.193, × 0.75 = −0.145,
# × 0.3 = −0.0579, × 0.188 = −0.0109, × 2 = −0.022 all follow from that slip;
# +0.193 for dL/db2 has the sign flipped; the rest are right.
sed -e 's/^check z1 ___/check z1 1.1/' -e 's/^check a1 ___/check a1 0.75/' -e 's/^check z2 ___/check z2 0.425/' \
    -e 's/^check a2 ___/check a2 0.605/' -e 's/^check L ___/check L 0.156/' -e 's|^check dL/da2 ___|check dL/da2 -0.79|' \
    -e 's|^check da2/dz2 ___|check da2/dz2 0.244|' -e 's|^check dL/dz2 ___|check dL/dz2 -0.193|' \
    -e 's|^check dL/dw2 ___|check dL/dw2 -0.145|' -e 's|^check dL/db2 ___|check dL/db2 0.193|' \
    -e 's|^check dL/da1 ___|check dL/da1 -0.0579|' -e 's|^check da1/dz1 ___|check da1/dz1 0.188|' \
    -e 's|^check dL/dz1 ___|check dL/dz1 -0.0109|' -e 's|^check dL/dw1 ___|check dL/dw1 -0.022|' \
    -e 's|^check dL/db1 ___|check dL/db1 -0.0109|' -e 's/^check w2_new ___/check w2_new 0.301/' \
    -e 's/^check w1_new ___/check w1_new 0.500/' "$root/lessons/homework-003-chain.bs" >"$work/homework.bs"
! grep -q '^check.*___' "$work/homework.bs"; ok $? "homework: every blank is filled in"
run "$work/homework.bs" >"$work/homework.out" 2>"$work/homework.err"; status=$?
[ $status = 1 ] && [ ! -s "$work/homework.err" ]; ok $? "homework: a wrong answer exits 1, with no errors"
for right in "✓ z1 = 1.1 " "✓ a1 = 0.75 " "✓ z2 = 0.425 " "✓ a2 = 0.605 " "✓ L = 0.156 " "✓ dL/da2 = −0.79 " \
             "✓ da1/dz1 = 0.188 " "✓ w2_new = 0.301 " "✓ w1_new = 0.500 "; do
    contains "$work/homework.out" "$right" "homework: $right is right"
done
contains "$work/homework.out" "✗ da2/dz2 = 0.244  (backstep ≈ 0.239): σ' was computed as z × (1 − z)" \
    "homework: 0.244 is wrong, it is 0.239, and the z(1 − z) slip is named"
for carried in "dL/dz2 = −0.193" "dL/dw2 = −0.145" "dL/da1 = −0.0579" "dL/dz1 = −0.0109" "dL/dw1 = −0.022"; do
    grep -F "✓ $carried " "$work/homework.out" | grep -qF "consistent with your da2/dz2 = 0.244 (correct: 0.239)"
    ok $? "homework: $carried is carried forward from 0.244"
done
contains "$work/homework.out" "✗ dL/db2 = 0.193  (backstep ≈ −0.189): the sign is flipped" "homework: a flipped sign is named"
contains "$work/homework.out" "score: 15/17 correct (6 with error carried forward)" "homework: the score line"
LC_ALL=C grep -q "$(printf '\033')" "$work/homework.out"; [ $? = 1 ]; ok $? "homework: redirected output is plain"
# a blank, or text that is not a number, is a question not answered: it
# counts in the score, and the replay goes on.  The sheet has 17 questions.
run "$root/lessons/homework-003-chain.bs" >"$work/blank.out" 2>"$work/blank.err"; status=$?
[ $status = 1 ] && [ ! -s "$work/blank.err" ]; ok $? "homework: an empty sheet exits 1, with no errors"
contains "$work/blank.out" "✗ z1: not answered: the blank is still empty" "homework: a blank is not answered"
contains "$work/blank.out" "score: 0/17 correct; 17 not answered" "homework: an empty sheet scores 0 of 17"
# the filled sheet with its right L left blank and its right w2_new written
# as a word: 15 − 2 = 13 of the 17 right, the 6 carried as before
sed -e 's/^check L 0.156/check L ___/' -e 's/^check w2_new 0.301/check w2_new abc/' "$work/homework.bs" \
    >"$work/holes.bs"
run "$work/holes.bs" >"$work/holes.out" 2>"$work/holes.err"; status=$?
[ $status = 1 ] && [ ! -s "$work/holes.err" ]; ok $? "homework: unanswered questions exit 1, with no errors"
contains "$work/holes.out" "✗ w2_new: not answered: 'abc' is not a number" "homework: a word is not answered"
contains "$work/holes.out" "score: 13/17 correct (6 with error carried forward); 2 not answered" \
    "homework: unanswered questions count in the score"
# sheets written loosely: `= value` and a `#` remark are fine; no value, two
# values, or a name that cannot be read (dl/da2) leave the question out of
# the right answers but not out of the score: 15 − 3 = 12 of 17 right
sed -e 's/^check z1 1.1/check z1 = 1.1  # first/' -e 's/^check a1 0.75/check a1/' -e 's/^check a2 0.605/check a2=0.605/' \
    -e 's/^check L 0.156/check L 0.156 0.157/' -e 's|^check dL/da2 -0.79|check dl/da2 -0.79|' \
    "$work/homework.bs" >"$work/loose.bs"
run "$work/loose.bs" >"$work/loose.out" 2>"$work/loose.err"; status=$?
[ $status = 2 ] && grep -qF "loose.bs:41: unknown name 'dl/da2'; did you mean 'dL/da2'?" "$work/loose.err"
ok $? "homework: a name that cannot be read is an error at its line"
contains "$work/loose.out" "✓ z1 = 1.1 " "homework: check z1 = 1.1 with a remark is read"
contains "$work/loose.out" "✓ a2 = 0.605 " "homework: check a2=0.605 is read"
contains "$work/loose.out" "✗ a1: not answered: no value is written" "homework: no value is not answered"
contains "$work/loose.out" "✗ L: not answered: '0.156 0.157' is more than one value" "homework: two values are not answered"
contains "$work/loose.out" \
    "score: 12/17 correct (6 with error carried forward); 2 not answered; 1 check line could not be read" \
    "homework: the score counts every check line"
sed '/^check/d' "$work/homework.bs" >"$work/no-checks.bs"
run "$work/no-checks.bs" >"$work/no-checks.out" 2>&1
! grep -q "^score" "$work/no-checks.out"; ok $? "a file without checks prints no score"

# check at the lesson 000 numbers (rule 1 as specified)
n000="-e 'network 2-1 sigmoid' -e 'input 2 3' -e 'target 1' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1'"
eval run $n000 -e "'check dL/dw1 -0.0626'" -e "'check dL/dw1 -0.0628'" -e "'check dL/dw1 -0.063'" >"$work/r1.out" 2>&1
ok $? "dL/dw1 accepts -0.0626, -0.0628 and -0.063 (exit 0)"
contains "$work/r1.out" "score: 1/1 correct" "a quantity checked again counts once"
eval run $n000 -e "'check dL/dw1 -0.0600'" >"$work/r2.out" 2>&1; [ $? = 1 ]; ok $? "dL/dw1 = -0.0600 is wrong: exit 1"
contains "$work/r2.out" "✗ dL/dw1 = −0.0600" "dL/dw1 = -0.0600 is marked ✗"
eval run $n000 -e "'use da/dz 0.158'" -e "'check dL/dw1 -0.0626'" >"$work/r3.out" 2>&1
contains "$work/r3.out" "consistent with your da/dz = 0.158 (correct: 0.159)" "a use value is an earlier slip"
eval run $n000 -e "'check dL/dw1 -0.06'" >"$work/r4.out" 2>&1
contains "$work/r4.out" "too little is left to judge" "one significant digit is warned about"

# in hand mode expect follows rule 1: the walkthrough's 0.158 (0.802 × 0.198 = 0.158796, cut off)
# lies within 3-digit hand rounding, and so does its dL/dw1 = −0.198 × 0.158 × 2 = −0.0626
eval run $n000 -e "'round 3'" -e "'expect da/dz 0.158'" -e "'expect dL/dw1 -0.0626'" >/dev/null 2>&1
ok $? "in hand mode expect accepts what hand rounding at 3 digits reaches"
eval run $n000 -e "'round 3'" -e "'expect dL/dw1 -0.0600'" >/dev/null 2>&1; [ $? = 1 ]
ok $? "in hand mode expect still refuses -0.0600"

# explain in hand mode lists the exact steps with a digit more than carried,
# so they multiply out: dL/da = −0.19782, da/dz = 0.15869, dL/dz = −0.031392
eval run $n000 -e "'round 3'" -e "'run'" -e "'check dL/dz -0.0315'" -e "'explain dL/dz'" >"$work/explain.out" 2>&1
contains "$work/explain.out" "dL/dz = dL/da × da/dz = (−0.1978) × 0.1587 ≈ −0.03139    yours: −0.0315 ✓" \
    "explain in hand mode: exact steps with a digit more, and the answer with a proper minus"

# zero has no significant digits: with x = (1, 2), dL/dw1 = −0.046794 (by
# hand) is 0.0 at one decimal place, and the line says so
run -e 'network 2-1 sigmoid' -e 'input 1 2' -e 'target 1' -e 'set w1 0.5' -e 'set w2 -0.2' -e 'set b 1' \
    -e 'check dL/dw1 0.0' >"$work/zero.out" 2>&1
contains "$work/zero.out" "✓ dL/dw1 = 0.0  (backstep ≈ −0.04679): the exact value, rounded to 1 decimal place" \
    "a zero answer is judged at its decimal places, and said so"

# bad input: one line, nothing recorded
run -e 'check z 1' >/dev/null 2>"$work/b1.err"; [ $? = 2 ]
grep -qF -- "-e:1: there is no network yet" "$work/b1.err"; ok $? "check before a network: one-line error"
eval run $n000 -e "'check zz 1'" -e "'check w1 0.5'" -e "'check W 1'" -e "'answers'" \
    >"$work/b2.out" 2>"$work/b2.err"
contains "$work/b2.err" "-e:7: unknown name 'zz'; did you mean 'z'? Computed here: z a L" "unknown name: nearest and the list"
contains "$work/b2.err" "-e:8: w1 is given, not computed: its value after the update is w1_new" "a given value points to _new"
[ "$(wc -l <"$work/b2.err")" = 3 ]; ok $? "each bad check is one line"
contains "$work/b2.out" "no answers checked yet" "bad checks record nothing"
eval run $n000 -e "'check z 1.4'" -e "'check a 0.9'" -e "'answers clear'" -e "'answers'" >"$work/b3.out" 2>&1
contains "$work/b3.out" "no answers checked yet" "answers clear forgets them"
eval run $n000 -e "'check z 1.4'" -e "'check da/dz 0.158'" -e "'explain dL/dw1'" >"$work/ex.out" 2>&1
contains "$work/ex.out" "dL/dw1 = dL/da × da/dz × dz/dw1" "explain: the chain, factor by factor"
contains "$work/ex.out" "(−0.1978) × 0.1587 × 2 ≈ −0.06278" "explain: the factors' values"
contains "$work/ex.out" "da/dz = a × (1 − a) = 0.8022 × (1 − 0.8022) ≈ 0.1587    yours: 0.158 ✓" \
    "explain: the learner's value beside the right one"

# --- checking in expression mode ----------------------------------------
# y = (3x + 2)^2 split as g = 3x + 2, y = g^2, at x = 2.  By hand: g = 8,
# dy/dg = 2g = 16, dy/dx = 16 x 3 = 48.
ex2="-e 'expr g = 3x + 2' -e 'expr y = g^2'"
eval run $ex2 -e "'check g 8'" >"$work/xc0.out" 2>"$work/xc0.err"; [ $? = 2 ]
grep -qF -- "-e:3: x has no value yet" "$work/xc0.err"; ok $? "expression check before its input has a value: one-line error"
eval run $ex2 -e "'set x 2'" -e "'check g 8'" -e "'check dy/dg 16'" -e "'check dy/dx -48'" \
    >"$work/xc1.out" 2>"$work/xc1.err"; status=$?
[ $status = 1 ] && [ ! -s "$work/xc1.err" ]; ok $? "expression check: a wrong answer exits 1, with no errors"
contains "$work/xc1.out" "✓ g = 8 " "expression check: g = 8 is right"
contains "$work/xc1.out" "✓ dy/dg = 16 " "expression check: dy/dg = 16 is right"
# a one-digit answer that is the exact value is not warned about; a
# one-digit answer near an inexact one is (sin 1 = 0.8415 is about 0.8)
! grep -F "✓ g = 8 " "$work/xc1.out" | grep -qF "too little is left to judge"
ok $? "expression check: g = 8, exact, has no few-digits warning"
eval run $ex2 -e "'set x 2'" -e "'expr s = sin(x - 1)'" -e "'check s 0.8'" >"$work/xc2.out" 2>&1
grep -F "✓ s = 0.8 " "$work/xc2.out" | grep -qF "too little is left to judge"
ok $? "expression check: s = 0.8 for sin 1 is warned about"
contains "$work/xc1.out" "✗ dy/dx = −48  (backstep = 48): the sign is flipped" "expression check: a flipped sign is named"
contains "$work/xc1.out" "score: 2/3 correct" "expression check: the score line"
# a one-digit wrong answer is shown the whole exact value (48, not ≈ 50); the
# slips by hand: 8 is g's value, and 8 for dy/dg = 2g = 16 drops the power's 2
eval run $ex2 -e "'set x 2'" -e "'check dy/dx 8'" -e "'check dy/dg 8'" >"$work/xc3.out" 2>&1
contains "$work/xc3.out" "✗ dy/dx = 8  (backstep = 48)" "expression check: a one-digit wrong answer sees 48 whole"
contains "$work/xc3.out" "✗ dy/dg = 8  (backstep = 16): the power rule's factor was dropped" \
    "expression check: the power rule's 2 dropped is named"

# --- the expression homework: a fork, f = (3x − 1) × x² at x = 2.5 ---------
# By hand: u = 6.5, v = 6.25, f = 40.625; df/du = v = 6.25, df/dv = u = 6.5,
# du/dx = 3, dv/dx = 2x = 5; df/dx = 6.25 × 3 + 6.5 × 5 = 51.25 (and
# 9x² − 2x = 56.25 − 5 = 51.25).  The filled sheet writes dv/dx = 2.5 (x
# in place of 2x), so its df/dx = 6.25 × 3 + 6.5 × 2.5 = 35 is carried
# forward, and f = −40.625 has its sign flipped.
sed -e 's/^check u ___/check u 6.5/' -e 's/^check v ___/check v 6.25/' -e 's/^check f ___/check f -40.625/' \
    -e 's|^check df/du ___|check df/du 6.25|' -e 's|^check df/dv ___|check df/dv 6.5|' \
    -e 's|^check du/dx ___|check du/dx 3|' -e 's|^check dv/dx ___|check dv/dx 2.5|' \
    -e 's|^check df/dx ___|check df/dx 35|' "$root/lessons/homework-012-fork.bs" >"$work/fork.bs"
! grep -q '^check.*___' "$work/fork.bs"; ok $? "fork homework: every blank is filled in"
run "$work/fork.bs" >"$work/fork.out" 2>"$work/fork.err"; status=$?
[ $status = 1 ] && [ ! -s "$work/fork.err" ]; ok $? "fork homework: a wrong answer exits 1, with no errors"
for right in "✓ u = 6.5 " "✓ v = 6.25 " "✓ df/du = 6.25 " "✓ df/dv = 6.5 " "✓ du/dx = 3 "; do
    contains "$work/fork.out" "$right" "fork homework: $right is right"
done
contains "$work/fork.out" "✗ f = −40.625  (backstep = 40.625): the sign is flipped" "fork homework: a flipped sign is named"
contains "$work/fork.out" "✗ dv/dx = 2.5  (backstep = 5.0)" "fork homework: dv/dx = 2.5 is wrong, it is 5"
contains "$work/fork.out" "✓ df/dx = 35  (backstep = 51.25): consistent with your dv/dx = 2.5 (correct: 5)" \
    "fork homework: df/dx = 35 is carried forward from dv/dx = 2.5"
contains "$work/fork.out" "score: 6/8 correct (1 with error carried forward)" "fork homework: the score line"
sed -e 's|^check dv/dx 2.5|check dv/dx 5|' -e 's|^check df/dx 35|check df/dx 51.25|' -e 's/^check f -40.625/check f 40.625/' \
    "$work/fork.bs" >"$work/fork-right.bs"
run "$work/fork-right.bs" >"$work/fork-right.out" 2>&1; ok $? "fork homework: all right exits 0"
contains "$work/fork-right.out" "score: 8/8 correct" "fork homework: all 8 right"
run "$root/lessons/homework-012-fork.bs" >"$work/fork-blank.out" 2>"$work/fork-blank.err"; status=$?
[ $status = 1 ] && [ ! -s "$work/fork-blank.err" ]; ok $? "fork homework: an empty sheet exits 1, with no errors"
contains "$work/fork-blank.out" "score: 0/8 correct; 8 not answered" "fork homework: an empty sheet scores 0 of 8"

# --- a data set of 10,000 rows ----------------------------------------------------------
# t = (x1 + x2) / 2 on a 100 × 100 grid.  With every weight 0, ŷ = σ(0) = 0.5 for every row,
# so the mean half-sse is the mean of ½ (0.5 − t)², worked out here by awk.
awk 'BEGIN { print "x1,x2,t"; for (i = 0; i < 10000; i++) { x1 = (i % 100) / 100; x2 = int(i / 100) / 100;
             printf "%g,%g,%g\n", x1, x2, (x1 + x2) / 2 } }' >"$work/grid.csv"
expected=$(awk -F, 'NR > 1 { s += 0.5 * (0.5 - $3) ^ 2 } END { printf "%.4g", s / (NR - 1) }' "$work/grid.csv")
run -e 'network 2-3-1 sigmoid' -e "data load $work/grid.csv" -e predict -e 'train 3 quiet' >"$work/grid.out" 2>&1
ok $? "10,000 rows load, predict and train"
contains "$work/grid.out" "data: 10000 rows from $work/grid.csv." "all 10,000 rows are read, the header skipped"
contains "$work/grid.out" "... 9900 more rows (predict all shows every one)" "predict lists 100 rows and counts the rest"
contains "$work/grid.out" "mean half-sse loss over 10000 rows: $expected" "the mean loss at zero weights is awk's ($expected)"
contains "$work/grid.out" "Trained 3 epochs (3 steps): mean half-sse loss $expected →" "train starts from that loss"
printf '0,0,0\n0,1\n' >"$work/short.csv"
run -e 'network 2-1 sigmoid' -e 'data xor' -e "data load $work/short.csv" -e 'data' >"$work/short.out" 2>&1
contains "$work/short.out" "-e:3: $work/short.csv:2: 2 values, but a row needs 3: 2 inputs, then 1 target" \
    "a short row: FILE:LINE inside the -e location"
contains "$work/short.out" "data: 4 rows of 2 inputs and 1 target" "a bad file loads nothing: the xor rows stay"

# --- choosing another optimizer in the middle of a pass starts it again ------------------
run -e 'network 2-1 sigmoid' -e 'input 2 3' -e 'target 1' -e 'set w1 0.5' -e 'optimizer adam' -e 'step 20' \
    -e 'optimizer sgd' -e state -e 'show w1' >"$work/switch.out" 2>&1
contains "$work/switch.out" "next: step 1 of" "a new optimizer mid-pass sends stepping back to the first step"
contains "$work/switch.out" "w1 = 0.5" "... and no update was applied"

tap_done
