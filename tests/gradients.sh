#!/bin/sh
# gradcheck and diagnose on seed 004's networks, against NumPy's numbers
# (numpy_training_expected.txt, sections gradcheck004 and vanishing, from
# tests/numpy_training_expected.py, NumPy 1.24.2), in TAP.
#   gradients.sh BACKSTEP
# $WRAPPER (for example valgrind) is put in front of backstep.
backstep=$1
export LC_ALL=C.UTF-8 NO_COLOR=1
. "$(dirname "$0")/tap.sh"
within80() {   # within80 FILE: true when no line is wider than 80 characters
    ! grep -qE '^.{81}' "$1"
}
# the 4-8-8-8-8-8-8-8-8-8-8-1 network of seed 004's exercise 4, hidden $1, seed $2
deep() {
    h=$1
    printf 'network 4-8-8-8-8-8-8-8-8-8-8-1 %s %s %s %s %s %s %s %s %s %s linear\n' $h $h $h $h $h $h $h $h $h $h
    printf 'init randn 1 seed %s\ninput 1 -1 0.5 2\ntarget 1\nloss half-sse\ndiagnose\n' "$2"
}

# --- seed 004 exercise 3: 4-8-2 relu/linear, np.random.seed(1) × 0.5 --------
cat >"$work/482.bs" <<'EOF'
network 4-8-2 relu linear
init randn 0.5 seed 1
input 0.5 -1 2 0.1
target 1 0
loss half-sse
gradcheck
diagnose
EOF
$WRAPPER "$backstep" --width 80 "$work/482.bs" >"$work/482.out" 2>&1
ok $? "4-8-2: gradcheck and diagnose run"
# NumPy: relative error 1.1358484926689173e-11, rounded to 3 digits
tr '\n' ' ' <"$work/482.out" >"$work/482.flat"
contains "$work/482.flat" "seed 004, exercise 3): 1.14e-11" "4-8-2: relative error 1.14e-11, NumPy's"
contains "$work/482.out" "✓ pass: 1.14e-11 is below 1e-7" "4-8-2: gradcheck passes below 1e-7"
contains "$work/482.out" "for the sample x = [0.5, −1, 2, 0.1], t = [1, 0]" "4-8-2: the first line names the sample"
# NumPy: dW1[2,4] analytic 0.1594752827203588, numeric 0.1594752828903978; dW2[1,2] −8.600535075260321
contains "$work/482.out" "W1[2,4]     0.1594752827       0.1594752829" "4-8-2: W1[2,4] backprop and numeric, NumPy's"
contains "$work/482.out" "W2[1,2]     −8.600535075       −8.600535075" "4-8-2: W2[1,2], NumPy's"
# NumPy: row 8 of dW1 is 0 (its z1 is negative): a1[8] is the dead unit
contains "$work/482.out" "1 of the 8 hidden relu units outputs 0 for the sample" "4-8-2: one dead relu unit"
contains "$work/482.out" "a1[8]" "4-8-2: the dead unit is a1[8], NumPy's zero row"
within80 "$work/482.out"
ok $? "4-8-2: every line within 80 columns"

# --- exercise 4: ten hidden sigmoid layers vanish ---------------------------
deep sigmoid 0 >"$work/sigmoid.bs"
$WRAPPER "$backstep" --width 80 "$work/sigmoid.bs" >"$work/sigmoid.out" 2>&1
ok $? "sigmoid: diagnose runs"
# NumPy's mean |dW_l|, l = 1..11, each to 4 significant digits
for mean in "W1 (sigmoid)      0.00003016" "W2 (sigmoid)      0.0001499" "W3 (sigmoid)      0.000304 " \
    "W4 (sigmoid)      0.002047" "W5 (sigmoid)      0.002964" "W6 (sigmoid)      0.01139" \
    "W7 (sigmoid)      0.03311" "W8 (sigmoid)      0.04724" "W9 (sigmoid)      0.1115" \
    "W10 (sigmoid)     0.1533" "W11 (linear)      0.9807"; do
    contains "$work/sigmoid.out" "$mean" "sigmoid: mean |dL/d${mean%% *}|, NumPy's"
done
# NumPy: dW1 max 0.00016784774863222017, norm 0.0002896931147081425; dW11 max 2.492983004333986
contains "$work/sigmoid.out" "0.00003016    0.0001678     0.0002897" "sigmoid: W1's max and norm, NumPy's"
contains "$work/sigmoid.out" "0.9807        2.493         3.467" "sigmoid: W11's max and norm, NumPy's"
# NumPy: ratio 3.074891517959003e-05
contains "$work/sigmoid.out" "mean |dL/dW1| / mean |dL/dW11| = 0.00003075, below 0.01" \
    "sigmoid: the vanishing rule fires, ratio NumPy's"
lacks "$work/sigmoid.out" "Exploding" "sigmoid: nothing explodes"
lacks "$work/sigmoid.out" "Dead ReLU" "sigmoid: no dead units (no relu)"
within80 "$work/sigmoid.out"
ok $? "sigmoid: every line within 80 columns"

# --- relu, seed 0: 64 of 80 units dead, no gradient at all ------------------
deep relu 0 >"$work/relu0.bs"
$WRAPPER "$backstep" --width 80 "$work/relu0.bs" >"$work/relu0.out" 2>&1
# NumPy: dead (64 of 80) = 1:6 2:1 2:2 2:3 2:4 2:5 2:7 2:8 3:1 3:3 ...
contains "$work/relu0.out" "64 of the 80 hidden relu units output 0" "relu seed 0: 64 of 80 units dead, NumPy's count"
tr '\n' ' ' <"$work/relu0.out" >"$work/relu0.flat"
contains "$work/relu0.flat" "a1[6], a2[1], a2[2], a2[3], a2[4], a2[5], a2[7], a2[8], a3[1], a3[3] and 54 more" \
    "relu seed 0: the first ten dead units, NumPy's"
contains "$work/relu0.out" "No gradient at all" "relu seed 0: every gradient is 0, as NumPy's"
lacks "$work/relu0.out" "Vanishing" "relu seed 0: no ratio to judge, so no vanishing verdict"
lacks "$work/relu0.out" "healthy" "relu seed 0: never called healthy"

# --- relu, seed 1: the gradients explode, and do not vanish -----------------
deep relu 1 >"$work/relu1.bs"
$WRAPPER "$backstep" --width 80 "$work/relu1.bs" >"$work/relu1.out" 2>&1
# NumPy: dW1 max 212515.88746492256, the largest; ratio 0.9285100875046226
contains "$work/relu1.out" "Exploding gradients: max |dL/dW1| = 212500, above 10" "relu seed 1: explodes, NumPy's max"
contains "$work/relu1.out" "W1 (relu)         27870         212500        351200" "relu seed 1: W1's row, NumPy's"
lacks "$work/relu1.out" "Vanishing" "relu seed 1: ratio 0.93 does not vanish"
contains "$work/relu1.out" "45 of the 80 hidden relu units output 0" "relu seed 1: 45 dead units, NumPy's count"

# --- gradcheck cannot judge an all-zero gradient ----------------------------
$WRAPPER "$backstep" -e "network 2-2-1 sigmoid" -e "input 1 2" -e "target 0.5" -e gradcheck >"$work/zero.out" 2>&1
contains "$work/zero.out" "Cannot judge: every gradient is 0 or nearly" "zero weights, ŷ = t: cannot judge"
lacks "$work/zero.out" "✓" "zero weights: no pass is given"

# --- a tiny gradient is warned about -----------------------------------------
$WRAPPER "$backstep" -e "network 2-1 sigmoid" -e "set w1 8" -e "input 1 1" -e "target 1" -e gradcheck \
    >"$work/tiny.out" 2>&1
contains "$work/tiny.out" "Beware: every gradient is below 1e-6 in size" "saturated sigmoid: the tiny-gradient warning"

tap_done
