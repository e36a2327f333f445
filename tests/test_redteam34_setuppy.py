"""Red team #34 (issue 10, the trust base): setup.py told to install into the guard's venv.

`python3 setup.py install --prefix GUARD_VENV` (any Python: its site-packages under that prefix is
the guard's when the versions agree, and setuptools writes an easy-install.pth there), `--root`,
`--install-lib SITE`, and pip's `--install-option=--prefix=…` (handed to setup.py by pip before
23.1) were allowed under `operator`: only the guard's own Python running setup.py was judged.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

SITE = next(p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p))


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt34setup"), files={"setup.py": "from setuptools import setup\nsetup()\n"})


@pytest.mark.parametrize("role", ("operator", "open"))
@pytest.mark.parametrize("command", [
    "python3 setup.py install --prefix {venv}", "python3 setup.py install --prefix={venv}",
    "python3 setup.py install --root {venv}", "python3 setup.py install --install-lib {site}",
    "python3 setup.py develop --install-dir {site}", "python3 setup.py install --home {venv}",
    "pip install --install-option=--prefix={venv} x", "pip install '--install-option=--install-lib={site}' x",
])
def test_setup_py_into_the_guards_venv(setup, command, role):
    line = command.format(venv=sys.prefix, site=SITE)
    assert_denied(setup.bash(line, role=role), "would change the guard's own Python environment")


@pytest.mark.parametrize("role", ("operator", "open"))
@pytest.mark.parametrize("command", [
    "python3 setup.py install --prefix /tmp/elsewhere", "python3 setup.py build_ext --inplace",
    "python3 setup.py develop --install-dir build/dev", "pip install --install-option=--prefix=/tmp/x x",
])
def test_other_destinations_stay_allowed(setup, command, role):
    assert_allowed(setup.bash(command, role=role))
