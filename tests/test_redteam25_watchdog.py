"""Red team 25 (issue 10, the deadline, rt10h): a hook blocked in the kernel must still deny.

The guard's deadline is cooperative (budget.py: loops tick), but a read that blocks never ticks:
`uudecode x.uu` with x.uu a FIFO the agent made (`mkfifo x.uu`), a venv's `pip.conf`, a git
index or a start-up file an Edit changes, made FIFOs, hung the hook in open(). Codex runs the
tool when its hook times out, so `uudecode fifo.uu; rm -rf ~` ran whole and unjudged. The real
hook process now arms a timer at start (hook/watchdog.py): past it, it writes the deny and exits 2.
"""

import os
import subprocess
import sys
import time

from conftest import GuardSetup, assert_denied, clean_env


def test_the_watchdog_denies_and_exits_wherever_the_process_blocks(tmp_path):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    code = f"from legant_guard.hook import watchdog; watchdog.arm(0.5); open({str(fifo)!r}, 'rb'); print('opened')"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=clean_env())
    assert time.monotonic() - start < 10
    assert_denied(proc, "could not decide this call within", "FIFO")
    assert "opened" not in proc.stdout


def test_disarmed_it_stays_quiet(tmp_path):
    code = "import time; from legant_guard.hook import watchdog; watchdog.arm(0.3); watchdog.disarm(); time.sleep(0.6); print('ok')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=clean_env())
    assert proc.returncode == 0 and proc.stdout == "ok\n" and proc.stderr == ""


def test_a_fifo_the_hook_opens_ends_in_a_deny_from_the_real_hook(tmp_path):
    g = GuardSetup(tmp_path)
    os.mkfifo(g.path("x.uu"))
    start = time.monotonic()
    proc = g.check("Bash", {"command": "uudecode x.uu; echo done"}, role="operator", agent="codex", subprocess=True)
    assert time.monotonic() - start < 28  # (the agents' hook timeout is 30 s)
    assert_denied(proc, "could not decide this call within")


def test_the_watchdog_loads_no_enum():
    """`import signal` brings in enum, functools and collections: 15 % of a small call's
    instructions. The watchdog uses the built-in `_signal` under it."""
    code = ("import sys; from legant_guard.hook import watchdog; watchdog.arm(30); watchdog.disarm(); "
            "print(sorted(m for m in ('enum', 'functools', 'signal') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-S", "-c", "import site; site.main(); " + code],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
