"""Real-terminal tests of backstep, through a pseudo-terminal (pexpect).

Checks what only a person at a terminal sees: Tab completion of commands
and names, Up for history, Ctrl-C keeping the session alive, Ctrl-D
leaving, a lesson's pause waiting for Enter, colour only when allowed, and
narration wrapped to the terminal's width.
Prints TAP; exits 77 (skipped) when pexpect is not installed.

    terminal_test.py BACKSTEP LESSONS_DIR
"""
import os
import sys
import tempfile
import time

try:
    import pexpect
except ImportError:
    print("1..0 # SKIP pexpect is not installed")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap_helpers import done, ok  # noqa: E402

BACKSTEP, LESSONS = sys.argv[1], sys.argv[2]


def spawn(args, home, colour=False, columns=160):
    env = dict(os.environ)
    env.update({"TERM": "xterm", "LC_ALL": "C.UTF-8", "XDG_STATE_HOME": os.path.join(home, "state"),
                "HOME": home, "INPUTRC": os.path.join(home, "inputrc"), "BACKSTEP_LESSONS": LESSONS})
    env.pop("NO_COLOR", None)
    if not colour:
        env["NO_COLOR"] = "1"
    wrapper = os.environ.get("WRAPPER", "").split()
    command = wrapper + [BACKSTEP] + args
    # a narration cut short by Ctrl-C may end inside a UTF-8 character
    return pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", codec_errors="replace", timeout=10,
                         dimensions=(40, columns))


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

    child.send("detail l\t")
    expect(child, "detail layer ", "Tab completes detail's word (detail l -> detail layer)")
    child.send("\r")
    child.expect(PROMPT)
    child.send("detail\r")
    expect(child, "detail layer: stepping narrates a layer at a time", "the completed detail took effect")
    child.expect(PROMPT)
    child.send("detail neuron\r")
    child.expect(PROMPT)

    child.send("optimizer ad\t")
    expect(child, "optimizer adam ", "Tab completes an optimizer (optimizer ad -> optimizer adam)")
    child.send("\x15")   # Ctrl-U clears the line
    child.send("data x\t")
    expect(child, "data xor ", "Tab completes a data word (data x -> data xor)")
    child.send("\x15")
    child.send("data load " + os.path.join(LESSONS, "000-single-ne") + "\t")
    expect(child, "000-single-neuron.bs", "Tab completes the file of data load")
    child.send("\x15")

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
    child.send("draw d\t")
    expect(child, "draw dot ", "Tab completes dot after draw")
    child.send("\x15")
    child.send("frobnicate\r")
    expect(child, r"error: unknown command 'frobnicate'", "a typed error has no file and line")
    child.expect(PROMPT)
    # with softmax and ce (targets summing to 1) the backward pass has no dL/da1 step: Tab does not
    # offer it (offered, "dL/da" would complete to "dL/da1["), so the marker X lands after what was typed
    for line in ("network 2-2 softmax", "loss ce", "target 1 0"):
        child.send(line + "\r")
        child.expect(PROMPT)
    child.send("use dL/da\tX 0.2\r")
    expect(child, r"unknown name 'dL/daX'", "Tab offers no name the derivation lacks (dL/da1 with softmax and ce)")
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

    # Ctrl-C stops a running command, changes nothing, and the prompt comes back.
    # On the widest network a wrong check takes a tenth of a second here (far
    # longer under the sanitizers), so a sheet of 100 of them keeps `load`
    # busy for seconds; `run` narrates 69,000 steps into a terminal that is
    # not being read: both are still running when Ctrl-C comes.
    widest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench", "grade_widest.bs")
    setup = os.path.join(home, "widest-setup.bs")
    with open(widest) as source, open(setup, "w") as out:
        out.writelines(line for line in source if not line.startswith("check"))
    busy = spawn([], home)
    busy.expect(PROMPT)
    busy.send("load %s\r" % setup)
    busy.expect(PROMPT, timeout=60)
    sheet = os.path.join(home, "widest-sheet.bs")
    with open(sheet, "w") as out:
        out.write("check dL/dW1[1,1] 0.777\n" * 100)
    busy.send("load %s\r" % sheet)
    busy.expect(r"widest-sheet\.bs\r\n")
    time.sleep(0.3)
    busy.sendintr()
    expect_soon = time.monotonic()
    expect(busy, r"interrupted", "Ctrl-C stops a sheet of checks on the widest network")
    check_stopped_after = time.monotonic() - expect_soon
    expect(busy, PROMPT, "the prompt comes back after an interrupted check")
    busy.send("answers\r")
    try:
        busy.expect(r"(no answers checked yet|score: 0/1 correct)", timeout=10)
        ok(True, "the interrupted sheet recorded at most the one answer it checked (a second replaces it)")
    except (pexpect.TIMEOUT, pexpect.EOF):
        ok(False, "the interrupted sheet recorded at most the one answer it checked")
    busy.expect(PROMPT)
    busy.send("answers clear\r")
    busy.expect(PROMPT)
    busy.send("run\r")
    time.sleep(0.3)
    busy.sendintr()
    run_interrupted = time.monotonic()
    try:
        busy.expect(r"error: interrupted", searchwindowsize=4000)
        waited = time.monotonic() - run_interrupted
        ok(waited < 2, "Ctrl-C stops a run on the widest network within 2 s (%.2f s)" % waited)
        # the whole run writes megabytes; stopped at once, it wrote about what
        # the terminal held when Ctrl-C came
        ok(len(busy.before) < 200000, "the run stopped at the step it was on (%d characters written)"
           % len(busy.before))
    except (pexpect.TIMEOUT, pexpect.EOF):
        ok(False, "Ctrl-C stops a run on the widest network")
    busy.expect(PROMPT, searchwindowsize=4000)
    busy.send("state\r")
    expect(busy, r"next: step 1 of \d+ \(forward\)", "the interrupted run left the stepping where it was")
    busy.expect(PROMPT)
    busy.send("show W1[1,1]\r")
    expect(busy, r"W1\[1,1\] = 0\.5\r", "the interrupted run applied no update (W1[1,1] is still 0.5)")
    busy.expect(PROMPT)
    busy.send("load %s\r" % sheet)
    check_started = time.monotonic()
    try:
        busy.expect(PROMPT, timeout=600)   # the prompt comes back once the sheet is done
        ok("✗ dL/dW1[1,1] = 0.777" in busy.before, "a sheet after an interrupted one runs to its end")
        whole = time.monotonic() - check_started
        # Ctrl-C came 0.3 s into the sheet: a sheet that ran on regardless
        # would have taken most of the rest of its time to stop
        ok(check_stopped_after < whole / 2, "the interrupted sheet stopped at once: %.2f s after Ctrl-C, "
           "where the whole sheet takes %.2f s" % (check_stopped_after, whole))
    except (pexpect.TIMEOUT, pexpect.EOF):
        ok(False, "a sheet after an interrupted one runs to its end")
    busy.send("answers clear\r")   # a wrong answer kept from a file would make the exit status 1
    busy.expect(PROMPT)
    busy.sendeof()
    busy.expect(pexpect.EOF)
    busy.close()
    ok(busy.exitstatus == 0, "interrupted commands at the prompt leave the exit status alone (got %s)"
       % busy.exitstatus)

    # A replay from the command line stops at Ctrl-C: exit status 130, or the
    # prompt with -i.  A hundred slow checks keep it busy for seconds.
    slow = os.path.join(home, "slow-checks.bs")
    with open(setup) as source, open(slow, "w") as out:
        out.write(source.read() + "check dL/dW1[1,1] 0.777\n" * 100)
    replay = spawn([slow], home)
    time.sleep(0.5)
    replay.sendintr()
    expect(replay, r"slow-checks\.bs:\d+: interrupted\r\n", "Ctrl-C stops a replay at the line it was on")
    replay.expect(pexpect.EOF)
    replay.close()
    ok(replay.exitstatus == 130, "an interrupted replay exits 130 (got %s)" % replay.exitstatus)
    staying = spawn(["-i", slow], home)
    time.sleep(0.5)
    staying.sendintr()
    expect(staying, r"interrupted\r\n.*backstep> ", "with -i, Ctrl-C in a replay gives the prompt")
    staying.sendeof()
    staying.expect(pexpect.EOF)
    staying.close()

    # train on a terminal: a live line shows the epoch and its loss; Ctrl-C
    # stops after the epoch under way, keeps its weights, and the session goes on.
    trainer = spawn([], home, columns=80)
    trainer.expect(PROMPT)
    for command in ["network 2-4-1 sigmoid", "data xor", "init randn 0.5 seed 0", "lr 1"]:
        trainer.send(command + "\r")
        trainer.expect(PROMPT)
    trainer.send("train 100000000\r")
    expect(trainer, r"\r  epoch \d+/100000000  loss [0-9.]+", "train shows its progress on a terminal")
    time.sleep(0.5)
    trainer.sendintr()
    if expect(trainer, r"Stopped by Ctrl-C after epoch (\d+) of 100000000;\s+the\s+weights\s+are\s+those\s+after\s+it\.",
              "Ctrl-C stops training after the epoch under way"):
        stopped = int(trainer.match.group(1))
        expect(trainer, r"Trained (\d+) epochs", "the run reports the epochs it trained")
        ok(int(trainer.match.group(1)) == stopped, "it trained exactly the epochs it says it stopped after")
        trainer.expect(PROMPT)
        trainer.send("state\r")
        expect(trainer, r"%d epochs trained" % stopped, "state counts those epochs: their weights were kept")
        trainer.expect(PROMPT)
        # XOR from these weights has mean loss 0.1337 before training (NumPy); thousands of epochs
        # later it is far below 0.01
        trainer.send("predict\r")
        expect(trainer, r"mean half-sse loss over 4 rows: (\S+)\r", "predict after an interrupted run")
        loss = float(trainer.match.group(1).replace("\u2212", "-"))
        ok(loss < 0.01 if stopped > 20000 else loss < 0.1337, "the trained weights were kept (mean loss %g after "
           "%d epochs)" % (loss, stopped))
        trainer.expect(PROMPT)
    trainer.send("quit\r")
    trainer.expect(pexpect.EOF)

    # Colour: only on a terminal and without NO_COLOR.
    coloured = spawn(["-e", "network 2-1 sigmoid", "-e", "forwrd"], home, colour=True)
    coloured.expect(pexpect.EOF)
    ok("\x1b[31m" in coloured.before, "errors are red on a terminal")
    plain = spawn(["-e", "network 2-1 sigmoid", "-e", "forwrd"], home, colour=False)
    plain.expect(pexpect.EOF)
    ok("\x1b[" not in plain.before, "NO_COLOR turns colour off")

    # On an 80-column terminal, narration and help fit: a long formula breaks
    # before an operator and goes on under its first '='.  The numbers: with
    # x = (2, 3), a1 = σ(W1 x + b1) = σ(0.9, 2, 3.1) = (0.7109, 0.8808, 0.9569),
    # and z2[1] = 0.7109 × 0.7 + 0.8808 × 0.8 + 0.9569 × 0.9 + 0.4 = 2.464.
    setup = ["network 2-3-2 sigmoid", "set W1 [0.1 0.2; 0.3 0.4; 0.5 0.6]", "set b1 [0.1 0.2 0.3]",
             "set W2 [0.7 0.8 0.9; 1.0 1.1 1.2]", "set b2 [0.4 0.5]", "input 2 3", "target 1 0", "run", "help",
             "help check"]
    narrow = spawn([word for command in setup for word in ("-e", command)], home, columns=80)
    narrow.expect(pexpect.EOF)
    lines = narrow.before.replace("\r\n", "\n").split("\n")
    wide = [line for line in lines if len(line) > 80]
    ok(len(lines) > 100 and not wide, "on an 80-column terminal no line of a 2-3-2 run or of help is wider "
       "than 80 columns (%d lines; too wide: %r)" % (len(lines), wide[:2]))
    ok("  z2[1] = a1[1] × W2[1,1] + a1[2] × W2[1,2] + a1[3] × W2[1,3] + b2[1]" in lines and
       "        = 0.7109 × 0.7 + 0.8808 × 0.8 + 0.9569 × 0.9 + 0.4 ≈ 2.464" in lines,
       "a formula too long for the terminal goes on under its '=', its numbers whole")

done()
