"""Red team 16: a copy of a copy made earlier in the same command (madelinks).

`cp -a docs e` keeps docs/key, a symlink to ~/.ssh/id_rsa planted in the project, and the guard
maps a later `cat e/key` to the key. But a copy whose source is not on disk yet was taken to hold
no symlink: `cp -a docs e && cp -a e h && cat h/key` (or `mv docs e; cp -a e h`) read the key.
A copy's source is now also read as what it is a copy of.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt16m"), files={"~/.ssh/id_rsa": "KEY\n", "src/a.py": "x\n", "docs/": ""})
    os.symlink(s.path("~/.ssh/id_rsa"), s.path("docs/key"))
    return s


@pytest.mark.parametrize("command", [
    "cp -a docs e && cp -a e h && cat h/key",
    "mv docs e; cp -a e h; cat h/key",
    "cp -a docs e && cp -a e h && cp -a h i && mv i j && cat j/key",
    "cp -a docs e && cp -r e/. h && cat h/key",
])
def test_a_copy_of_a_copy_keeps_the_planted_link(setup, command):
    assert_denied(setup.bash(command, role="open"), "deny-path ~/.ssh", "copied from")


@pytest.mark.parametrize("command", [
    "cp -a src e && cp -a e h && cat h/a.py",
    "cp -a src e; cp -a e/a.py z; cat z",
])
def test_a_plain_chain_of_copies_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
