"""Real-terminal tests of backstep, through a pseudo-terminal (pexpect).

Checks what only a person at a terminal sees: Tab completion of commands
and names, Up for history, Ctrl-C keeping the session alive, Ctrl-D
leaving, a lesson's pause waiting for Enter, and colour only when allowed.
Prints TAP; exits 77 (skipped) when pexpect is not installed.

    terminal_test.py BACKSTEP LESSONS_DIR
"""
import os
import sys
import tempfile

try:
    import pexpect
except ImportError:
    print("1..0 # SKIP pexpect is not installed")
    sys.exit(77)

BACKSTEP, LESSONS = sys.argv[1], sys.argv[2]
results = []


def ok(passed, description):
    results.append(passed)
    print(("ok" if passed else "not ok"), len(results), "-", description, flush=True)


def spawn(args, home, colour=False):
    env = dict(os.environ)
    env.update({"TERM": "xterm", "LC_ALL": "C.UTF-8", "XDG_STATE_HOME": os.path.join(home, "state"),
                "HOME": home, "INPUTRC": os.path.join(home, "inputrc"), "BACKSTEP_LESSONS": LESSONS})
    env.pop("NO_COLOR", None)
    if not colour:
        env["NO_COLOR"] = "1"
    wrapper = os.environ.get("WRAPPER", "").split()
    command = wrapper + [BACKSTEP] + args
    return pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=10,
                         dimensions=(40, 160))


def expect(child, pattern, description):
    try:
        child.expect(pattern)
        ok(True, description)
        return True
    except (pexpect.TIMEOUT, pexpect.EOF):
        ok(False, description + " (saw: %r)" % (child.before[-300:] if child.before else ""))
        return False


PROMPT = "backstep> "
UP = "\x1b[A"

with tempfile.TemporaryDirectory() as home:
    with open(os.path.join(home, "inputrc"), "w") as inputrc:
        inputrc.write("set enable-bracketed-paste off\n")

    child = spawn([], home)
    expect(child, PROMPT, "the REPL greets with a prompt")

    child.send("netw\t")
    expect(child, "network ", "Tab completes a command (netw -> network)")
    child.send("2-3-1 sig\t")
    expect(child, "sigmoid ", "Tab completes an activation")
    child.send("\r")
    expect(child, r"network 2-3-1: layer 1 has 3 sigmoid neurons", "the completed command runs")

    child.send("set W2[1,3\t")
    expect(child, r"W2\[1,3\] ", "Tab completes a parameter name (W2[1,3 -> W2[1,3])")
    child.send("0.9\r")
    child.expect(PROMPT)
    child.send("show W2[1,3]\r")
    expect(child, r"W2\[1,3\] = 0\.9", "the completed name was set")
    child.expect(PROMPT)

    child.send("show dL/dW2[1,\t\t")
    expect(child, r"dL/dW2\[1,1\]\s+dL/dW2\[1,2\]\s+dL/dW2\[1,3\]", "double Tab lists the matching gradient names")
    child.expect(r"backstep> show dL/dW2\[1,")   # readline redraws the line after a listing
    child.send("\x15")   # Ctrl-U clears the line
    child.send("set W2[1,1] 0.25\r")
    child.expect(PROMPT)

    child.send(UP + UP + "\r")
    expect(child, r"W2\[1,3\] = 0\.9", "Up recalls an earlier line from history")
    child.expect(PROMPT)

    child.send("set W2[1,1] 5")
    child.sendintr()
    expect(child, PROMPT, "Ctrl-C gives a fresh prompt")
    child.send("show W2[1,1]\r")
    expect(child, r"W2\[1,1\] = 0\.25", "Ctrl-C discarded the line and the session lives on")
    child.expect(PROMPT)

    # dL/db2 is the one name starting so, but `set` does not take it: Tab adds
    # nothing (offered, it would complete to "dL/db2 "), so the marker X
    # lands right after what was typed
    child.send("set dL/db2\tX 1\r")
    expect(child, r"unknown name 'dL/db2X'", "set offers no gradients (they are computed, not set)")
    child.expect(PROMPT)
    child.send("check W2[1,3]_n\t")
    expect(child, r"check W2\[1,3\]_new ", "Tab completes an updated parameter's name after check")
    child.send("5\r")
    expect(child, r"✗ W2\[1,3\]_new = 5 ", "a check typed at the prompt is graded on the spot")
    child.expect(PROMPT)
    child.send("check dL/dx\t\t")
    expect(child, r"dL/dx1\s+dL/dx2", "double Tab lists the input gradients dL/dx1 and dL/dx2 after check")
    child.expect(r"backstep> check dL/dx")
    child.send("\x15")
    child.send("load 000-s\t")
    expect(child, "load 000-single-neuron ", "Tab completes a lesson's name after load")
    child.send("\x15")
    child.send("frobnicate\r")
    expect(child, r"error: unknown command 'frobnicate'", "a typed error has no file and line")
    child.expect(PROMPT)

    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    ok(child.exitstatus == 0, "Ctrl-D leaves with status 0; typed slips do not count (got %s)" % child.exitstatus)

    history = os.path.join(home, "state", "backstep", "history")
    saved = open(history).read().splitlines() if os.path.exists(history) else []
    ok("show W2[1,3]" in saved and "set W2[1,1] 5" not in saved,
       "history is saved, without the interrupted line")
    ok(oct(os.stat(os.path.dirname(history)).st_mode & 0o777) == "0o700", "the history folder is private")

    # A lesson pauses on a terminal: it waits, runs typed commands, goes on at Enter.
    lesson = spawn([os.path.join(LESSONS, "000-single-neuron.bs")], home)
    expect(lesson, r"\(pause\) ", "a lesson's pause prompts on a terminal")
    try:
        lesson.expect("Part 1", timeout=1)
        ok(False, "the pause waits instead of running on")
    except pexpect.TIMEOUT:
        ok(True, "the pause waits instead of running on")
    lesson.send("show x1\r")
    expect(lesson, r"x1 = 2", "commands typed at a pause run")
    lesson.send("check z 1.4\r")
    expect(lesson, r"✓ z = 1\.4 ", "check works at a lesson's pause (z = 2 × 0.5 + 3 × (−0.2) + 1)")
    lesson.send("check a 0.95\r")
    expect(lesson, r"✗ a = 0\.95 ", "a wrong answer at a pause is marked")
    lesson.send("\r")
    expect(lesson, r"Part 1, the forward pass", "an empty line at the pause goes on")
    while True:
        index = lesson.expect([r"\(pause\) ", pexpect.EOF])
        if index == 1:
            break
        lesson.send("\r")
    lesson.close()
    ok(lesson.exitstatus == 0, "the lesson finishes with every expect passing, and an answer typed "
       "at a pause does not change the exit status (got %s)" % lesson.exitstatus)

    # Colour: only on a terminal and without NO_COLOR.
    coloured = spawn(["-e", "network 2-1 sigmoid", "-e", "forwrd"], home, colour=True)
    coloured.expect(pexpect.EOF)
    ok("\x1b[31m" in coloured.before, "errors are red on a terminal")
    plain = spawn(["-e", "network 2-1 sigmoid", "-e", "forwrd"], home, colour=False)
    plain.expect(pexpect.EOF)
    ok("\x1b[" not in plain.before, "NO_COLOR turns colour off")

print("1..%d" % len(results))
sys.exit(0 if all(results) else 1)
