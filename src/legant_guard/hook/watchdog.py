"""The last line of the deadline: a hook blocked in the kernel still answers, with a deny.

budget.py is cooperative: the loops an event controls tick, and a call past its budget is
denied. A read that blocks never ticks: a FIFO the agent made where the hook opens a file (an
archive, uudecode's input, a venv's `pip.conf`, a git index, a start-up file an Edit changes),
a hung network mount. Codex runs the tool when its hook times out, so a hook that hangs lets
the whole command line run unjudged. The real hook process (`legant guard check`, not an
in-process check: tests, the demo) arms a timer when it starts; if it fires, the process writes
the portable deny and exits 2 at once, wherever it was (a half-written audit line is closed
by the next append's `repair` record). Standard library only: `_signal`, the built-in module
under `signal` (which imports enum, functools and collections: about 3% of a small call).
"""

import os

try:
    import _signal as signal
except ImportError:  # pragma: no cover - not CPython
    import signal

SECONDS = 12  # past budget.LIMIT_SECONDS and a loaded machine's start-up, well inside the agents' 30 s hook timeout
_REASON = (f"Legant: the guard could not decide this call within {SECONDS} s (a file it had to read blocked: a FIFO, "
           "a device or a hung mount); the call is denied")
_OUT = ('{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", '
        '"permissionDecisionReason": "' + _REASON + '"}}\n').encode()
_ERR = (_REASON + "\n").encode()


def arm(seconds=SECONDS):
    signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


def _fire(signum, frame):
    for fd, data in ((1, _OUT), (2, _ERR)):
        try:
            os.write(fd, data)
        except OSError:
            pass
    os._exit(2)
