"""The guard's deadline (DESIGN invariant 7): every event is decided within a fixed budget.

An agent runs the tool anyway when its hook times out (Codex does), so a call that makes the
guard think for a minute is a way around it. `legant guard check` starts the clock; the loops
whose length the event controls (path components, argument trees, glob expansion, rule
matching, link walks) call `tick()`, which raises BudgetExceeded past the deadline, and the
check turns that into a deny with the reason. Cooperative on purpose: a timer thread or a
signal would cost start-up time on every call and could fire inside a half-written audit line.
"""

import time

LIMIT_SECONDS = 4.0  # well below the agents' hook timeouts (Claude Code 60 s, Codex 5-60 s)

_deadline = None


class BudgetExceeded(Exception):
    """The event could not be decided within the budget: the call is denied."""


def start(seconds=None):
    global _deadline
    _deadline = time.monotonic() + (LIMIT_SECONDS if seconds is None else seconds)


def stop():
    global _deadline
    _deadline = None


def tick():
    deadline = _deadline  # one read (in-process callers may run on several threads)
    if deadline is not None and time.monotonic() > deadline:
        raise BudgetExceeded(f"the guard could not decide this call within {LIMIT_SECONDS:g} s (the call is too large "
                             "or reaches too many files to check); split it into smaller calls")
