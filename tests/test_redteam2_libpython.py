"""Red team (rt10): the interpreter's shared libpython is part of the guard's installation."""

import os

import pytest

from conftest import GuardSetup

from legant_guard.hook import trustderivation


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10lib"))


def _library():
    found = trustderivation._shared_libpython()
    if not found:
        pytest.skip("this Python is not linked against a shared libpython")
    return found[0]


@pytest.mark.parametrize("template", ["cp /tmp/x {lib}", "ln -sf /tmp/x {lib}", "truncate -s0 {lib}",
                                      "mv {lib} /tmp/old"])
def test_replacing_the_shared_libpython_is_denied(g, template):
    lib = _library()
    proc = g.bash(template.format(lib=lib), role="operator")
    assert proc.returncode == 2, proc.stderr
    assert "installation" in proc.stderr or "protected" in proc.stderr


def test_writing_the_shared_libpython_by_tool_is_denied(g):
    proc = g.check("Write", {"file_path": _library(), "content": "x"}, role="operator")
    assert proc.returncode == 2, proc.stderr
    assert "installation" in proc.stderr


def test_reading_the_shared_libpython_stays_allowed(g):
    assert g.bash(f"ls -l {_library()}", role="operator").returncode == 0
