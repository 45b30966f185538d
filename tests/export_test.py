#!/usr/bin/env python3
"""`export md` and `export tex`: the worked solution holds what narration says.

    export_test.py BACKSTEP LESSONS_DIR markdown|latex

markdown: for lesson 000's neuron (hand mode, as the lesson leaves it, and
in exact arithmetic), lesson 001's 2-3-1 network and lesson 006's
expression (y = g², g = 3x + 2), every number `restart` + `run` narrates
(the whole pass, in a separate process) appears in the exported Markdown,
there is one $$ block a step, and every phase is a section.  A failed
export (a folder as the file) leaves nothing behind.
latex: the same sessions, and an expression whose names need escaping
(c_1 of a redefined c, x2, _tmp, a__b), exported as LaTeX compile with
pdflatex -halt-on-error into a PDF with pages.  Exits 77 (skipped) when
pdflatex is not installed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

BACKSTEP, LESSONS, MODE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
WRAPPER = os.environ.get("WRAPPER", "").split()
failures = 0


def check(condition, what):
    global failures
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures += 1


def backstep(commands, cwd):
    args = WRAPPER + [BACKSTEP]
    for command in commands:
        args += ["-e", command]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


SESSIONS = {
    # lesson 000 as it ends: hand mode (round 3), the second pass
    "lesson000": ["load " + os.path.join(LESSONS, "000-single-neuron.bs")],
    "lesson000-exact": ["load " + os.path.join(LESSONS, "000-single-neuron.bs"), "round off"],
    # lesson 001's network, set up and never narrated: export writes the whole pass anyway
    "lesson001": ["network 2-3-1 sigmoid", "set W1 [0.1 0.2; 0.3 0.4; 0.5 0.6]", "set b1 [0.1 0.2 0.3]",
                  "set W2 [0.7 0.8 0.9]", "set b2 0.4", "input 1 2", "target 1", "lr 0.1", "loss half-sse"],
    "lesson001-adam": ["network 2-3-1 sigmoid", "set W1 [0.1 0.2; 0.3 0.4; 0.5 0.6]", "set b1 [0.1 0.2 0.3]",
                       "set W2 [0.7 0.8 0.9]", "set b2 0.4", "input 1 2", "target 1", "optimizer adam",
                       "round 3"],
    "lesson006": ["expr g = 3x + 2", "expr y = g^2", "set x 2"],
}
ESCAPED = ["expr c = 2x2 + 1", "expr c = c * c_in", "expr _tmp = sqrt(c) + sin(c_1)",
           "expr a__b = _tmp^3 / c", "expr y = max(a__b, 1) + relu(x2) + exp(-c) + abs(x2)",
           "set x2 0.5", "set c_in 3"]

# A number as narration writes it, not part of a name (x1, W1[2,1], β1, 0.9^1).
NUMBER = re.compile(r"(?<![\w.\[,^])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?")


def narrated_numbers(commands, cwd):
    """Every number the whole pass's narration prints, after the setup."""
    result = backstep(commands + ["say ====", "restart", "run"], cwd)
    narration = result.stdout.split("====\n", 1)[1]
    # said between passes, not a step: how L changed since the last update
    lines = [line for line in narration.splitlines() if not line.startswith("  After the update, L went")]
    return {token.replace("−", "-") for token in NUMBER.findall("\n".join(lines))}


def contains_number(text, number):
    return re.search(r"(?<![\d.])" + re.escape(number) + r"(?![\d.])", text) is not None


def markdown_checks(folder):
    for name, commands in SESSIONS.items():
        path = os.path.join(folder, name + ".md")
        result = backstep(commands + ["export md " + path], folder)
        said = re.search(r"wrote .*: the whole pass, (\d+) steps?, as Markdown", result.stdout)
        check(said is not None and os.path.exists(path), f"{name}: export md says what it wrote")
        if not said:
            print(result.stdout[-500:], result.stderr)
            continue
        markdown = open(path, encoding="utf-8").read()
        normalized = markdown.replace("−", "-").replace("{-}", "-")
        numbers = narrated_numbers(commands, folder)
        missing = sorted(n for n in numbers if not contains_number(normalized, n))
        check(len(numbers) >= 5 and not missing,
              f"{name}: all {len(numbers)} numbers narration prints are in the Markdown"
              + (f"; missing {missing}" if missing else ""))
        blocks = re.findall(r"^\$\$.+\$\$$", markdown, re.M)
        check(len(blocks) == int(said.group(1)), f"{name}: one $$ block a step ({len(blocks)} of {said.group(1)})")
        phases = ["Forward", "Backward"] if name.startswith("lesson006") else ["Forward", "Loss", "Backward", "Update"]
        check(re.findall(r"^## (\w+)$", markdown, re.M) == phases, f"{name}: the sections are {', '.join(phases)}")
    # lesson 000's hand-mode numbers, worked by hand in the lesson, in the first pass
    path = os.path.join(folder, "first.md")
    backstep(SESSIONS["lesson000"][:0] + ["network 2-1 sigmoid", "input 2 3", "target 1", "set w1 0.5",
                                           "set w2 -0.2", "set b 1", "round 3", "use da/dz 0.158",
                                           "export md " + path], folder)
    text = open(path, encoding="utf-8").read()
    check(r"\frac{\mathrm{d}L}{\mathrm{d}{w_{1}}}" in text and "(-0.0313) \\times 2 = -0.0626" in text,
          "lesson 000: dL/dw1 = dL/dz × x1 = (−0.0313) × 2 = −0.0626 as LaTeX math")
    check("0.5 - 0.1 \\times (-0.0626) = 0.50626" in text, "lesson 000: w1 ← 0.5 − 0.1 × (−0.0626) = 0.50626")
    # a file that cannot be put in place leaves no temporary file behind
    target = os.path.join(folder, "taken")
    os.mkdir(target)
    before = sorted(os.listdir(folder))
    result = backstep(SESSIONS["lesson006"] + ["export md " + target], folder)
    check("cannot write" in result.stderr and "Is a directory" in result.stderr and result.returncode == 2,
          "export over a folder is refused, saying why")
    check(sorted(os.listdir(folder)) == before, "and leaves nothing behind")


def latex_checks(folder):
    if not shutil.which("pdflatex"):
        print("SKIP: pdflatex is not installed (apt-get install texlive-latex-base)")
        sys.exit(77)
    for name, commands in list(SESSIONS.items()) + [("escaped-names", ESCAPED)]:
        tex = os.path.join(folder, name + ".tex")
        result = backstep(commands + ["export tex " + tex], folder)
        check(result.returncode == 0 and os.path.exists(tex), f"{name}: export tex wrote {os.path.basename(tex)}")
        compiled = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex], cwd=folder,
                                  capture_output=True, text=True, timeout=120)
        log = open(os.path.join(folder, name + ".log"), encoding="latin-1").read()
        pages = re.search(r"Output written on .*?\((\d+) pages?", log.replace("\n", ""))
        check(compiled.returncode == 0 and pages is not None and int(pages.group(1)) > 0
              and os.path.getsize(os.path.join(folder, name + ".pdf")) > 0,
              f"{name}: pdflatex compiles it into a PDF of {pages.group(1) if pages else 0} pages")
        if compiled.returncode != 0:
            print("\n".join(line for line in log.splitlines() if line.startswith("!") or line.startswith("l.")))
    text = open(os.path.join(folder, "escaped-names.tex"), encoding="utf-8").read()
    check(r"\mathit{c\_1}" in text and r"\mathit{\_tmp}" in text and r"\mathit{a\_\_b}" in text
          and "{x_{2}}" in text, "escaped-names: c_1, _tmp, a__b and x2 are written escaped")


with tempfile.TemporaryDirectory() as folder:
    (markdown_checks if MODE == "markdown" else latex_checks)(folder)
print(f"{failures} failed")
sys.exit(1 if failures else 0)
