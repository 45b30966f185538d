"""The layer view (`detail layer`): its numbers, its width and its stepping.

Lesson 001's 2-3-1 network is replayed in layer mode, and every vector and
matrix entry printed is compared with the pass computed here, in plain
Python, to the digits shown.  The same is done at --width 60 and with
--ascii, where a number split by a line break would no longer match.  A
3-4-4-2 run must fit a screen, and show, expect and step must still work
on single quantities.  Prints TAP.

    layer_test.py BACKSTEP
"""
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap_helpers import done, ok, run_backstep  # noqa: E402

BACKSTEP = sys.argv[1]


def run(*args):
    return run_backstep(BACKSTEP, *args)


# ---- lesson 001's pass, computed independently ----------------------------

def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def column(values):
    return [[v] for v in values]


def transpose(matrix):
    return [list(row) for row in zip(*matrix)]


def forward(W1, b1, W2, b2, x, t):
    z1 = [sum(w * v for w, v in zip(row, x)) + b for row, b in zip(W1, b1)]
    a1 = [sigmoid(z) for z in z1]
    z2 = sum(w * v for w, v in zip(W2[0], a1)) + b2
    a2 = sigmoid(z2)
    return z1, a1, z2, a2, 0.5 * (a2 - t) ** 2


W1 = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
b1 = [0.1, 0.2, 0.3]
W2 = [[0.7, 0.8, 0.9]]
b2 = 0.4
x = [1.0, 2.0]
t = 1.0
lr = 0.1

z1, a1, z2, a2, L = forward(W1, b1, W2, b2, x, t)
dL_da2 = a2 - t                                       # half-sse: dL/da = a − t
slope2 = a2 * (1 - a2)                                # σ'(z2) = a2 (1 − a2)
delta2 = dL_da2 * slope2
dW2 = [[delta2 * a for a in a1]]                      # δ2 a1ᵀ
dL_da1 = [W2[0][k] * delta2 for k in range(3)]        # W2ᵀ δ2
slope1 = [a * (1 - a) for a in a1]
delta1 = [d * s for d, s in zip(dL_da1, slope1)]      # (W2ᵀ δ2) ⊙ σ'(z1)
dW1 = [[d * v for v in x] for d in delta1]            # δ1 xᵀ
dL_dx = [sum(W1[j][k] * delta1[j] for j in range(3)) for k in range(2)]   # W1ᵀ δ1
W1_new = [[w - lr * g for w, g in zip(row, grad)] for row, grad in zip(W1, dW1)]
b1_new = [b - lr * d for b, d in zip(b1, delta1)]
W2_new = [[w - lr * g for w, g in zip(W2[0], dW2[0])]]
b2_new = b2 - lr * delta2

FIRST = {
    "x": column(x), "xᵀ": [x], "t": t, "lr": lr,
    "W1": W1, "W1ᵀ": transpose(W1), "b1": column(b1), "z1": column(z1), "a1": column(a1), "a1ᵀ": [a1],
    "W2": W2, "W2ᵀ": transpose(W2), "b2": b2, "z2": z2, "a2": a2, "L": L,
    "dL/da2": dL_da2, "σ'(z2)": slope2, "δ2": delta2, "dL/dz2": delta2, "dL/dW2": dW2, "dL/db2": delta2,
    "dL/da1": column(dL_da1), "σ'(z1)": column(slope1), "δ1": column(delta1), "dL/dz1": column(delta1),
    "dL/dW1": dW1, "dL/db1": column(delta1), "dL/dx": column(dL_dx),
    "W1_new": W1_new, "b1_new": column(b1_new), "W2_new": W2_new, "b2_new": b2_new,
}
z1n, a1n, z2n, a2n, Ln = forward(W1_new, b1_new, W2_new, b2_new, x, t)
SECOND = dict(FIRST, W1=W1_new, b1=column(b1_new), W2=W2_new, b2=b2_new, z1=column(z1n), a1=column(a1n),
              z2=z2n, a2=a2n, L=Ln)

# What each equation's numbers stand for, in order.  The error δ is written
# with its two factors' values: dL/da (a − t, or W2ᵀ δ2) and σ'(z).
OPERANDS = {
    "z1": ["W1", "x", "b1"], "a1": ["z1"], "z2": ["W2", "a1", "b2"], "a2": ["z2"], "L": ["a2", "t"],
    "δ2": ["dL/da2", "σ'(z2)"], "dL/dW2": ["δ2", "a1ᵀ"], "dL/db2": ["δ2"],
    "δ1": ["dL/da1", "σ'(z1)"], "dL/dW1": ["δ1", "xᵀ"], "dL/db1": ["δ1"], "dL/dx": ["W1ᵀ", "δ1"],
}
UPDATED = {name: [name, "lr", "dL/d" + name] for name in ("W1", "b1", "W2", "b2")}

# ---- reading the layer view ------------------------------------------------

ASCII_BACK = [("sigma'", "σ'"), ("sigma(", "σ("), ("delta", "δ"), ("^T", "ᵀ"), (" ~ ", " ≈ "), (" <- ", " ← "),
              ("yhat", "ŷ"), ("1/2", "½"), ("^2", "²")]
EQUATION = re.compile(r"^  (\S+) (=|←) ")
TOKEN = re.compile(r"\[[^\]]*\]|dL/d[A-Za-z]+\d*ᵀ?|σ'\(z\d*\)|δ\d*ᵀ?|[A-Za-z]+\d*ᵀ?|[−-]?\d+(?:\.\d+)?(?:e[+−-]?\d+)?")


def equations(text):
    """Each equation of the output, its continuation lines and matrix rows
    joined: (the line it starts on, its text, the pass it belongs to)."""
    found, current, pass_number = [], None, 1
    for number, line in enumerate(text.split("\n"), 1):
        for ascii_text, utf8 in ASCII_BACK:
            line = line.replace(ascii_text, utf8)
        if line.startswith("Update:"):
            pass_number = 2
        stripped = line.strip()
        continues = current is not None and line.startswith("    ") and stripped[:1] in ("=", "≈", "[", "⊙", "×")
        if continues and stripped.startswith("[") and current[1].endswith("]"):
            current[1] = current[1][:-1].rstrip() + "; " + stripped[1:].lstrip()   # the next row of a matrix
        elif continues:
            current[1] += " " + stripped
        else:
            if current:
                found.append(tuple(current))
            current = [number, line, pass_number] if EQUATION.match(line) else None
    if current:
        found.append(tuple(current))
    return found


def split_relations(text):
    """The parts between top-level =, ≈ and ←, each with the relation before it."""
    parts, depth, start, relation = [], 0, 0, ""
    for i, c in enumerate(text):
        depth += c in "[(" and 1 or c in "])" and -1 or 0
        if depth == 0 and text[i:i + 3] in (" = ", " ≈ ", " ← "):
            parts.append((relation, text[start:i].strip()))
            relation, start = text[i + 1], i + 3
    parts.append((relation, text[start:].strip()))
    return parts


def number(text):
    return float(text.replace("−", "-"))


def grid(token):
    """A number or a bracketed vector or matrix as rows of number texts."""
    if not token.startswith("["):
        return [[token]]
    return [row.split() for row in token[1:-1].split(";")]


def as_rows(value):
    return value if isinstance(value, list) else [[value]]


def agrees(shown, expected, exact):
    """A shown number agrees when it is the expected value to its digits."""
    if exact:
        return abs(number(shown) - expected) <= 1e-9 * max(1.0, abs(expected))
    mantissa = shown.replace("−", "-").lstrip("-").split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(shown.split("e")[1].replace("−", "-")) if "e" in shown else 0
    return abs(number(shown) - expected) <= 0.5 * 10 ** (exponent - decimals) * (1 + 1e-9)


def compare(shown_rows, expected, exact):
    expected_rows = as_rows(expected)
    if [len(row) for row in shown_rows] != [len(row) for row in expected_rows]:
        return False
    return all(agrees(s, e, exact) for srow, erow in zip(shown_rows, expected_rows) for s, e in zip(srow, erow))


def check_transcript(text):
    """(names checked, numbers checked, problems) for every equation."""
    checked, count, problems = set(), 0, []
    for line_number, equation, pass_number in equations(text):
        expected = FIRST if pass_number == 1 else SECOND
        parts = split_relations(equation)
        name, update = parts[0][1], parts[1][0] == "←"
        operands = UPDATED.get(name) if update else OPERANDS.get(name)
        result_name = name + "_new" if update else name
        if operands is None or result_name not in expected:
            problems.append("line %d: an equation for %s, which this test does not know" % (line_number, name))
            continue
        relation, result = parts[-1]
        result_tokens = TOKEN.findall(result)
        if len(result_tokens) != 1 or not compare(grid(result_tokens[0]), expected[result_name], relation == "="):
            problems.append("line %d: %s %s %s, not %r" % (line_number, name, relation, result, expected[result_name]))
        count += sum(len(row) for row in grid(result_tokens[0])) if result_tokens else 0
        for _, part in parts[1:-1]:
            tokens = TOKEN.findall(re.sub(r"σ\(", "(", part))
            if not any(token[0] in "[−-0123456789" for token in tokens):
                continue   # names only
            if len(tokens) != len(operands):
                problems.append("line %d: %s has numbers %r for %r" % (line_number, name, tokens, operands))
                continue
            for token, operand in zip(tokens, operands):
                if token[0] not in "[−-0123456789":
                    if token != operand:
                        problems.append("line %d: %s names %s where %s stands" % (line_number, name, token, operand))
                    continue
                if not compare(grid(token), expected[operand], False):
                    problems.append("line %d: %s's %s is %s, not %r" % (line_number, name, operand, token,
                                                                        expected[operand]))
                count += sum(len(row) for row in grid(token))
        checked.add(result_name)
    return checked, count, problems


def columns_over(text, width, skip=()):
    return [line for line in text.split("\n") if len(line) > width and not any(s in line for s in skip)]


LESSON = ["-e", "detail layer", "-e", "load 001-two-three-one"]
ALL_NAMES = set(OPERANDS) | {name + "_new" for name in UPDATED}
# the stepping messages are neuron mode's too, and not the layer view's to fit
STEPPING = ("`forward` starts the next pass", "After the update, L went")

status, text, errors = run(*LESSON)
ok(status == 0 and not errors, "lesson 001 replays in layer mode with every expect passing: %r" % errors[:200])
checked, count, problems = check_transcript(text)
ok(not problems, "every number of lesson 001's layer view is Python's, to its digits: %r" % problems[:3])
ok(checked >= ALL_NAMES, "every quantity of the pass is shown (missing: %r)" % sorted(ALL_NAMES - checked))
ok(count >= 80, "%d vector and matrix entries are checked" % count)
narration = text[text.index("Forward, layer 1"):]
ok(not columns_over(narration, 80, STEPPING), "off a terminal the layer view fits 80 columns: %r"
   % columns_over(narration, 80, STEPPING)[:2])
ok("δ1 = dL/dz1 = (W2ᵀ × δ2) ⊙ σ'(z1)" in text and "dL/dW1 = δ1 xᵀ" in text and "dL/dx = W1ᵀ δ1" in text,
   "the backward pass reads as the lessons write it: δ1 = (W2ᵀ δ2) ⊙ σ'(z1), dL/dW1 = δ1 xᵀ")

for args, width, what in ((["--width", "60"], 60, "--width 60"), (["--ascii", "--width", "80"], 80, "--ascii"),
                          (["--ascii", "--width", "50"], 50, "--ascii --width 50")):
    status, narrow, _ = run(*args, *LESSON)
    checked, count, problems = check_transcript(narrow)
    ok(status == 0 and not columns_over(narrow, width), "with %s no line is wider than %d columns: %r"
       % (what, width, columns_over(narrow, width)[:2]))
    ok(not problems and checked >= ALL_NAMES and count >= 60,
       "with %s every number is whole and still Python's (%d checked): %r" % (what, count, problems[:3]))

# ---- a screenful -------------------------------------------------------------

def run_lines(*setup):
    status, out, _ = run("--width", "80", *[w for command in setup for w in ("-e", command)], "-e", "detail layer",
                         "-e", "run")
    narrated = out[out.index("Forward, layer 1"):out.index("  The parameters now hold")]
    return status, narrated.rstrip("\n").split("\n")


status, lines = run_lines("network 3-4-4-2", "input 1 2 3", "target 1 0")
ok(status == 0 and len(lines) <= 40, "a 3-4-4-2 run before its weights are set is a screenful: %d lines (at most 40)"
   % len(lines))
status, neuron_out, _ = run("--width", "80", "-e", "network 3-4-4-2", "-e", "input 1 2 3", "-e", "target 1 0",
                            "-e", "run")
ok(status == 0 and len(neuron_out.split("\n")) > 3 * len(lines),
   "a step at a time the same run takes %d lines" % len(neuron_out.split("\n")))
status, lines = run_lines("network 3-4-4-2", "set W1 [0.1 0.2 0.3; 0.4 0.5 0.6; 0.7 0.8 0.9; 1 1.1 1.2]",
                          "set b1 [0.1 -0.2 0.3 -0.4]",
                          "set W2 [0.5 -0.6 0.7 -0.8; 0.9 1.0 -1.1 1.2; -0.3 0.4 0.5 -0.6; 0.2 0.1 -0.1 0.3]",
                          "set b2 [0.05 0.1 -0.15 0.2]", "set W3 [0.3 -0.2 0.5 0.1; -0.4 0.6 0.2 -0.3]",
                          "set b3 [0.1 -0.1]", "input 1 2 3", "target 1 0")
ok(status == 0 and all(len(line) <= 80 for line in lines),
   "with its weights set, a 3-4-4-2 run takes %d lines, none over 80 columns" % len(lines))

# ---- stepping a layer at a time; show and expect on single quantities ------

SETUP = ["network 2-3-1", "set W1 [0.1 0.2; 0.3 0.4; 0.5 0.6]", "set b1 [0.1 0.2 0.3]", "set W2 [0.7 0.8 0.9]",
         "set b2 0.4", "input 1 2", "target 1", "detail layer"]


def session(*commands):
    return run(*[w for command in SETUP + list(commands) for w in ("-e", command)])


status, out, errors = session("step", "expect a1[2] 0.7858", "show z1[3]")
ok(status == 0 and "Forward, layer 1" in out and "Forward, layer 2" not in out and "z1[3] = 2" in out,
   "`step` narrates one layer's group; expect and show name single numbers: %r" % errors)
status, out, errors = session("step 3", "expect L 0.004358", "expect dL/dz2 -0.007902", "show dL/dW2")
ok(status == 0 and "Forward, layer 2" in out and "Loss (half-sse)" in out and "Backward" not in out
   and "dL/dW2 ≈ [" in out, "`step 3` narrates three groups: both layers forward, the loss (%r)" % errors)
status, out, errors = session("forward", "step", "step", "expect dL/dW1[3,2] -0.001493")
ok(status == 0 and out.count("Backward, layer") == 1 and "Loss (half-sse)" in out,
   "after `forward`, `step` goes on from the loss, a group at a time: %r" % errors)
status, out, _ = run("-e", "detail", "-e", "detail layer", "-e", "detail")
ok(status == 0 and out == "detail neuron: stepping narrates one quantity at a time\n"
   "detail layer: stepping narrates a layer at a time, in vectors and matrices\n",
   "`detail` alone says which is on; neuron is the default")
status, out, errors = session("step", "detail neuron", "step", "detail layer", "step",
                              "expect dL/da2 -0.09335")
ok(status == 0 and "  a2 = σ(z2) = σ(2.273) ≈ 0.9066" in out and out.count("Forward, layer 2") == 1,
   "a group begun a step at a time is finished a step at a time: %r" % errors)

done()
