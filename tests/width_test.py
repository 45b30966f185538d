"""Narration wrapped to a width: --width N, and help within 80 columns.

Widths are counted in columns, one for each character (σ, ×, −, ŷ take
one column but two or three bytes).  A wrapped transcript must hold the
same words and numbers, in the same order, as the unwrapped one: nothing
split, nothing lost.  The values checked are computed here, in Python.
Prints TAP.

    width_test.py BACKSTEP
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap_helpers import done, ok, run_backstep  # noqa: E402

BACKSTEP = sys.argv[1]


def run(*args):
    return run_backstep(BACKSTEP, *args)


def too_wide(text, width):
    return [line for line in text.split("\n") if len(line) > width]


# A 2-3-2 sigmoid network, one sample, half-sse, exact arithmetic.
W1 = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
b1 = [0.1, 0.2, 0.3]
W2 = [[0.7, 0.8, 0.9], [1.0, 1.1, 1.2]]
b2 = [0.4, 0.5]
x = [2.0, 3.0]
t = [1.0, 0.0]
SETUP = ["network 2-3-2 sigmoid", "set W1 [0.1 0.2; 0.3 0.4; 0.5 0.6]", "set b1 [0.1 0.2 0.3]",
         "set W2 [0.7 0.8 0.9; 1.0 1.1 1.2]", "set b2 [0.4 0.5]", "input 2 3", "target 1 0", "run"]
commands = [word for command in SETUP for word in ("-e", command)]

status, whole, _ = run(*commands)
status80, wrapped, errors = run("--width", "80", *commands)
ok(status == 0 and status80 == 0 and not errors, "the 2-3-2 run works with --width 80")
ok(not too_wide(wrapped, 80), "no line of the 2-3-2 run is wider than 80 columns: %r" % too_wide(wrapped, 80)[:2])
ok(too_wide(whole, 80), "without --width, off a terminal, lines stay whole (some are wider than 80)")
ok(wrapped.split() == whole.split(),
   "wrapping splits no number or name: the words and numbers are the same, in the same order")

# Lines that fit stay as they are, however many bytes their symbols take.
whole_lines, wrapped_lines = whole.split("\n"), set(wrapped.split("\n"))
fitting = [line for line in whole_lines if len(line) <= 80]
multibyte = [line for line in fitting if len(line.encode()) > 80]
ok(multibyte and all(line in wrapped_lines for line in fitting),
   "a line of at most 80 columns is not broken, though its UTF-8 takes more bytes (%d such lines)" % len(multibyte))


def pieces_of(line, lines, start):
    """The wrapped lines from lines[start] that together make `line`."""
    pieces, words = [], []
    while start < len(lines) and words != line.split():
        pieces.append(lines[start])
        words += lines[start].split()
        start += 1
    return pieces, start


# Every broken formula breaks before an operator (or before an update's
# "(before → after)") and hangs under its first '=' or '←' when that is in
# the first half of the line.
lines, position, broken, well_broken = wrapped.split("\n"), 0, 0, 0
for line in whole_lines:
    pieces, position = pieces_of(line, lines, position)
    if len(pieces) < 2 or not line.startswith("  ") or " = " not in line:
        continue
    hang = min(line.index(relation) for relation in (" = ", " ← ") if relation in line) + 1
    if hang > 40:   # prose that ends in a formula hangs 4 columns deep instead
        continue
    broken += 1
    if all(piece[:hang].strip() == "" and piece[hang] in "=≈+−×(" for piece in pieces[1:]):
        well_broken += 1
ok(broken >= 30 and well_broken == broken,
   "each of the %d broken formulas continues with an operator, under its first '=' or '←' (%d do)"
   % (broken, well_broken))

# The numbers on broken lines are whole, and are the ones Python computes.
def sigmoid(z):
    return 1 / (1 + math.exp(-z))


a1 = [sigmoid(sum(w * v for w, v in zip(row, x)) + b) for row, b in zip(W1, b1)]
z2 = [sum(w * v for w, v in zip(row, a1)) + b for row, b in zip(W2, b2)]
a2 = [sigmoid(z) for z in z2]
dz2 = [(a - target) * a * (1 - a) for a, target in zip(a2, t)]
expected = ["        = %.4f × 0.7 + %.4f × 0.8 + %.4f × 0.9 + 0.4 ≈ %.3f" % (a1[0], a1[1], a1[2], z2[0]),
            "              = (−%.6f) × %.4f ≈ −%.6f" % (-dz2[0], a1[0], -dz2[0] * a1[0])]
for text in expected:
    ok(text in wrapped_lines, "a broken line carries its numbers whole: %r" % text)

# ASCII (sigma takes 5 columns) and hand mode (notes) wrap too.
status, ascii_text, _ = run("--ascii", "--width", "80", *commands)
ok(status == 0 and not too_wide(ascii_text, 80), "with --ascii, no line is wider than 80 columns")
lesson = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lessons", "000-single-neuron.bs")
_, hand_whole, _ = run(lesson)
status, hand, _ = run("--width", "50", lesson)
ok(status == 0 and not too_wide(hand, 50) and hand.split() == hand_whole.split(),
   "lesson 000 in hand mode at --width 50: no line over 50, no word or number lost or split")

# help and every `help COMMAND` fit 80 columns, on a terminal or not.
_, help_text, _ = run("-e", "help")
names = [line.split()[0] for line in help_text.split("\n") if line.startswith("  ") and line[2] != " "]
ok(len(names) >= 30, "help lists the commands (%d)" % len(names))
for width_args in ([], ["--width", "200"], ["--width", "60"]):
    limit = 60 if width_args[-1:] == ["60"] else 80
    texts = [run(*width_args, "-e", "help")[1]] + [run(*width_args, "-e", "help " + name)[1] for name in names]
    wide = [line for text in texts for line in too_wide(text, limit)]
    ok(not wide, "help and help COMMAND fit %d columns with %s: %r" % (limit, width_args or "no --width", wide[:2]))
_, narrow, _ = run("--width", "60", "-e", "help check")
_, wide, _ = run("--width", "200", "-e", "help check")
ok(narrow.split() == wide.split(), "help's text is the same at any width, only its lines differ")

# Training's output fits 80 columns: the data listing, train's curve, predict, diagnose and
# gradcheck, on a 64-input network (whose rows are too long to list whole) and a deep one.
wide_inputs = " ".join(str(k % 7 - 3) for k in range(64))
training = ["network 64-8-1 sigmoid", "data add %s -> 1" % wide_inputs, "data add %s -> 0" % wide_inputs,
            "init randn 0.1 seed 3", "data", "train 300", "predict", "plot", "plot log", "diagnose", "gradcheck",
            "network 4-8-8-8-8-8-8-8-8-8-8-1 relu relu relu relu relu relu relu relu relu relu linear",
            "input 1 -1 0.5 2", "target 1", "init randn 1 seed 1", "diagnose", "gradcheck", "optimizer adam",
            "network 2-1 sigmoid", "input 2 3", "target 1", "update"]
for width_args, limit in (([], 80), (["--ascii"], 80), (["--width", "60"], 60)):
    if width_args != ["--width", "60"]:
        width_args = width_args + ["--width", "80"]
    _, out, err = run(*width_args, *[word for command in training for word in ("-e", command)])
    wide = too_wide(out, limit)
    ok(not wide and not err and "Trained 300 epochs" in out,
       "training's output fits %d columns with %s: %r %r" % (limit, width_args, wide[:2], err[:200]))

# --width takes 0 (never wrap) or 20 to 1000 columns.
for value, message in (("10", "--width 10 is too narrow for a formula: use 20 or more (0 never wraps)"),
                       ("abc", "--width takes a number of columns, such as --width 80, not 'abc'"),
                       ("5000", "--width 5000 is too wide: use at most 1000 (0 never wraps)")):
    status, out, err = run("--width", value, "-e", "network 2-1")
    ok(status == 2 and err == "backstep: %s\n" % message and out == "", "--width %s is refused in one line" % value)
status, out, err = run("--width")
ok(status == 2 and err == "backstep: --width needs a number of columns, such as --width 80\n", "--width needs a value")
status, out, _ = run("--width=0", *commands)
ok(status == 0 and out == whole, "--width=0 never wraps")

done()
