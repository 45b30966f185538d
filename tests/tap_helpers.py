"""What the Python tests share: one TAP line per check, the plan at the end,
and backstep run as a whole process ($WRAPPER, valgrind say, in front).

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tap_helpers import ok, run_backstep, done
"""
import os
import subprocess
import sys

WRAPPER = os.environ.get("WRAPPER", "").split()
ENV = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
results = []


def ok(passed, description):
    results.append(bool(passed))
    print(("ok" if passed else "not ok"), len(results), "-", description, flush=True)


def run_backstep(backstep, *args):
    """Runs backstep with args and no input; returns its status, stdout and stderr."""
    done = subprocess.run(WRAPPER + [backstep, *args], capture_output=True, encoding="utf-8", errors="replace",
                          env=ENV, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, done.stderr


def done():
    """Prints the plan and exits: 0 when every check passed."""
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
