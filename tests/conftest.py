"""Shared fixtures: run the real `legant` CLI in a subprocess, on real files.

`legant` is the console script installed next to the interpreter running the tests (the
venv's bin/); when it is missing (tests run from a bare checkout) we fall back to
`python -m legant_guard`, which is the same entry point.
"""

import json
import os
import subprocess
import sys

import pytest

_BIN_DIR = os.path.dirname(sys.executable)
_SCRIPT = os.path.join(_BIN_DIR, "legant")
LEGANT = [_SCRIPT] if os.path.exists(_SCRIPT) else [sys.executable, "-m", "legant_guard"]

# Variables of the guard that must never leak from the developer's shell into a test.
_GUARD_VARS = [k for k in os.environ if k.startswith("LEGANT_GUARD_")]


def clean_env(extra=None, home=None):
    """A copy of os.environ without any LEGANT_GUARD_* variable, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")}
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_CONFIG_HOME"] = os.path.join(str(home), ".config")
    env.update(extra or {})
    return env


def run_legant(args, input=None, env=None, cwd=None, timeout=60):
    """Run `legant ARGS` and return the CompletedProcess (text mode)."""
    if isinstance(input, (dict, list)):
        input = json.dumps(input)
    return subprocess.run(
        LEGANT + list(args),
        input=input,
        env=env if env is not None else clean_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def legant():
    return run_legant
