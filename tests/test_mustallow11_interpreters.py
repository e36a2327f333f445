"""Must-allow: Python diagnostics whose attribute names hold a spawn word (shell/interpsinks.py).

The corpus's `python3 -c 'import sys; print(sys.executable)'` and `python -c "import platform;
print(platform.system())"` were refused as code that starts programs: the spawn words `exec` and
`system` are matched in the code's text, and these names hold them. Both only report (the
interpreter's path, "Linux"). They are left out of the match as whole names; every other spawn
word of the code still counts, and so does a rebinding or a call with arguments.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    from legant_guard import guarddir

    setup = GuardSetup(tmp_path_factory.mktemp("mustallow11_interp"), files={"pyproject.toml": "[project]\n",
                                                                            "src/app.py": "x = 1\n", ".env": "K=1\n"})
    guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)
    return setup


@pytest.mark.parametrize("command", [
    "python3 -c 'import sys; print(sys.executable)'",
    "python -c \"import platform; print(platform.system())\"",
    "python3 -c 'import sys, platform; print(sys.executable, platform.system(), sys.version)'",
    "python3 -c \"import sys; print(sys.executable); print(sys.prefix)\"",
    "uv run python -c 'import sys; print(sys.executable)'",
])
def test_python_diagnostics_are_allowed(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command, reason", [
    ("python3 -c 'import os, sys; os.execv(sys.executable, [\"python3\", \"-V\"])'", "its code starts programs (`exec`)"),
    ("python3 -c 'import subprocess, sys; subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"x\"])'",
     "its code starts programs (`subprocess`)"),
    ("python3 -c 'import platform as p, os; p.system = os.system; p.system(\"id\")'", "its code starts programs (`system`)"),
    ("python3 -c 'import os as platform; platform.system(\"id\")'", "its code starts programs (`system`)"),
    ("python3 -c 'import os; x = os.sys.executable'", "its code starts programs (`exec`)"),
    ("python3 -c 'import sys; sys.executable(\"id\")'", "its code starts programs (`exec`)"),
    ("python3 -c 'exec(\"print(1)\"); import sys; print(sys.executable)'", "its code starts programs (`exec`)"),
    ("python3 -c 'import os; os.__dict__[\"sys.executable\"[4:8] + \"v\"](\"/usr/bin/id\", [\"id\"])'",
     "works out at run time"),
    ("python3 -c 'import sys; print(sys.executable); print(open(\".env\").read())'", ".env"),
])
def test_every_other_spawn_word_still_counts(s, command, reason):
    assert_denied(s.bash(command), reason)
