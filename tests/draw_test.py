"""`draw` and `draw dot` on lesson 000's neuron and on an expression with a
fork, checked against numbers worked out here in Python.

The lesson's setup lines (network, input, target, weights, loss) are read
from lessons/000-single-neuron.bs; the pass runs in exact arithmetic.
By hand: z = 2 × 0.5 + 3 × (−0.2) + 1 = 1.4, a = σ(1.4) ≈ 0.8022,
L = ½ (a − 1)² ≈ 0.01957; after backward dL/da = a − t ≈ −0.1978 and
dL/dz = dL/da × a (1 − a) ≈ −0.03139.  The picture must fit 80 columns
and show those numbers; the DOT file must render with Graphviz (dot must
be installed: without it this test fails) and its SVG show them too.
Prints TAP.

    draw_test.py BACKSTEP LESSONS_DIR
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap_helpers import done, ok, run_backstep  # noqa: E402

BACKSTEP, LESSONS = sys.argv[1], sys.argv[2]


def run(*commands, options=()):
    return run_backstep(BACKSTEP, *options, *[word for command in commands for word in ("-e", command)])


def shown(value, digits=4):
    """A number as narration shows it: 4 significant digits, U+2212 for minus."""
    text = "%.*g" % (digits, value)
    return text.replace("-", "\u2212")


def picture_of(output):
    """The lines `draw` wrote: from the title line on."""
    lines = output.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("network 2-1 sigmoid, loss"))
    return lines[start:]


SETUP_COMMANDS = ("network", "input", "target", "set", "lr", "loss")
setup = [line.strip() for line in open(os.path.join(LESSONS, "000-single-neuron.bs"), encoding="utf-8")
         if line.split()[:1] and line.split()[0] in SETUP_COMMANDS and len(line.split()) > 1]
ok(len(setup) >= 6, "lesson 000's setup is read: %r" % setup)

x, w, b, t = [2.0, 3.0], [0.5, -0.2], 1.0, 1.0
z = x[0] * w[0] + x[1] * w[1] + b
a = 1 / (1 + math.exp(-z))
loss = 0.5 * (a - t) ** 2
dl_da = a - t
dl_dz = dl_da * a * (1 - a)

status, output, errors = run(*setup, "forward", "draw")
forward = picture_of(output)
ok(status == 0 and not errors, "draw after forward works (%d, %r)" % (status, errors))
ok(all(len(line) <= 80 for line in forward), "the picture after forward fits 80 columns")
ok("= " + shown(z) in "\n".join(forward) and shown(z) == "1.4", "it shows z = 1.4")
ok("≈ " + shown(a) in "\n".join(forward) and shown(a) == "0.8022", "it shows a ≈ 0.8022")
ok("∇" not in "\n".join(forward[2:]), "before backward no gradient is shown")

status, output, errors = run(*setup, "forward", "loss", "backward", "draw")
backward = "\n".join(picture_of(output))
ok(status == 0 and not errors, "draw after backward works")
ok(all(len(line) <= 80 for line in picture_of(output)), "the picture after backward fits 80 columns")
ok("∇ ≈ " + shown(dl_da) in backward and shown(dl_da) == "\u22120.1978", "it shows dL/da ≈ −0.1978")
ok("∇ ≈ " + shown(dl_dz) in backward, "it shows dL/dz ≈ %s" % shown(dl_dz))
ok("≈ " + shown(loss) in backward, "it shows L ≈ %s" % shown(loss))

status, output, errors = run(*setup, "forward", "loss", "backward", "draw", options=("--ascii",))
ascii_picture = "\n".join(picture_of(output))
ok(all(ord(c) < 128 for c in ascii_picture), "with --ascii the picture is plain ASCII")
ok("~ " + shown(dl_da).replace("\u2212", "-") in ascii_picture, "and shows dL/da ~ -0.1978")

with tempfile.TemporaryDirectory() as folder:
    dot_file = os.path.join(folder, "graph.dot")
    status, output, errors = run(*setup, "forward", "loss", "backward", "draw dot " + dot_file)
    ok(status == 0 and not errors, "draw dot works (%d, %r)" % (status, errors))
    ok("wrote %s: 6 nodes, 5 edges; render it with dot -Tsvg %s -o graph.svg" % (dot_file, dot_file) in output,
       "it says what it wrote: x1, x2, z, a, t and L; 5 edges")
    dot = shutil.which("dot")
    ok(dot is not None, "Graphviz's dot is installed (apt-get install graphviz)")
    if dot:
        svg_file = os.path.join(folder, "graph.svg")
        rendered = subprocess.run([dot, "-Tsvg", dot_file, "-o", svg_file], capture_output=True, encoding="utf-8")
        ok(rendered.returncode == 0 and not rendered.stderr, "dot -Tsvg renders it (%r)" % rendered.stderr)
        svg = open(svg_file, encoding="utf-8").read() if os.path.exists(svg_file) else ""
        for name, value in (("z", z), ("a", a), ("dL/da", dl_da), ("dL/dz", dl_dz)):
            number = shown(value)
            ok(number in svg or number.replace("\u2212", "&#8722;") in svg, "the SVG shows %s %s" % (name, number))
        ok("w1 = 0.5" in svg and "w2 = \u22120.2" in svg, "the SVG labels the edges with the weights")

# An expression with a fork: q = x + y, p = 3x, f = q × p + x at x = −2,
# y = 5.  By hand: q = 3, p = −6, f = 3 × (−6) + (−2) = −20; backward
# df/dq = p = −6, df/dp = q = 3, and x feeds q, p and f, so
# df/dx = df/dq × 1 + df/dp × 3 + 1 = −6 + 9 + 1 = 4, df/dy = df/dq = −6.
fork = ("set x -2", "set y 5", "expr q = x + y", "expr p = 3x", "expr f = q*p + x")
status, output, errors = run(*fork, "forward", "backward", "draw")
lines = output.split("\n")
start = next((i for i, line in enumerate(lines) if line.startswith("expression graph, output f")), len(lines))
picture = lines[start:]
text = "\n".join(picture)
ok(status == 0 and not errors and picture, "draw pictures an expression graph (%d, %r)" % (status, errors))
ok(all(len(line) <= 80 for line in picture), "the expression's picture fits 80 columns")
for name, value, gradient in (("x", -2, 4), ("y", 5, -6), ("q", 3, -6), ("p", -6, 3), ("f", -20, 1)):
    ok("= " + shown(value) in text, "it shows %s = %s" % (name, shown(value)))
    ok("∇ = " + shown(gradient) in text, "and df/d%s = %s below it" % (name, shown(gradient)))
ok(sum(line.count("┤") for line in picture) >= 4, "lines join the boxes (q, p and f are fed)")
with tempfile.TemporaryDirectory() as folder:
    dot_file = os.path.join(folder, "fork.dot")
    status, output, errors = run(*fork, "forward", "backward", "draw dot " + dot_file)
    ok(status == 0 and "5 nodes, 6 edges" in output, "draw dot writes the fork: 5 nodes, 6 edges")
    dot = shutil.which("dot")
    if dot:
        svg_file = os.path.join(folder, "fork.svg")
        rendered = subprocess.run([dot, "-Tsvg", dot_file, "-o", svg_file], capture_output=True, encoding="utf-8")
        ok(rendered.returncode == 0 and not rendered.stderr, "dot -Tsvg renders the expression (%r)" % rendered.stderr)
        svg = open(svg_file, encoding="utf-8").read() if os.path.exists(svg_file) else ""
        svg = svg.replace("&#8722;", "\u2212")
        ok("= \u221220" in svg, "the SVG shows f = \u221220")
        ok("df/dx = 4" in svg and "df/dy = \u22126" in svg, "the SVG shows df/dx = 4 and df/dy = \u22126")

done()
