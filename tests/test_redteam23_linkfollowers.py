"""Red team 23 (issue 9, class 1): recursive readers that follow symlinks, the ones not known yet.

A link planted in the project (`hl -> ~`, `kk -> ~/.netrc`) turns a walk of the project into a
read of what it leads to:
- fd without -L lists a link as a name, and the program it hands the names to (`-x cat`, `-X
  cat`, `| xargs cat`) opens what the link leads to;
- `genisoimage -f` / `mkisofs -follow-links` / `xorrisofs -f`, the JDK's `jar` (always) and
  `python3 -m zipfile -c` store what every link below their folder leads to.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("lf"), files={
        "README.md": "r\n", "src/a.py": "x\n", "~/.netrc": "machine h password p\n", "~/.ssh/id_rsa": "KEY\n"})
    os.symlink(os.path.join(s.home, ".netrc"), s.path("kk"))
    os.symlink(os.path.join(s.home, ".ssh"), s.path("keys"))
    return s


@pytest.mark.parametrize("command", [
    "fd . -x cat",
    "fd -t l . -x cat",
    "fd . -X cat",
    "fdfind . -x cat",
    "fd . | xargs cat",
])
def test_fd_hands_links_to_a_reader(setup, command):
    assert_denied(setup.bash(command, role="open"), "deny-path", "hands it to `cat`")


@pytest.mark.parametrize("command", [
    "genisoimage -f -o /tmp/x.iso .",
    "mkisofs -follow-links -o /tmp/x.iso .",
    "xorrisofs -f -o /tmp/x.iso .",
    "jar cf /tmp/x.jar .",
    "python3 -m zipfile -c /tmp/x.zip .",
    "python3 -m zipfile --create /tmp/x.zip .",
    "python3 -mzipfile -c /tmp/x.zip .",
])
def test_archivers_that_follow_links(setup, command):
    assert_denied(setup.bash(command, role="open"), "follows the symlink")


@pytest.mark.parametrize("command", [
    "fd . src -x cat",
    "fd -e py . src -x wc -l",
    "genisoimage -o /tmp/x.iso src",
    "jar cf /tmp/x.jar src",
    "jar tf x.jar",
    "python3 -m zipfile -c /tmp/x.zip src",
    "python3 -m zipfile -l x.zip",
])
def test_the_same_tools_on_folders_without_such_links(setup, command):
    assert_allowed(setup.bash(command, role="open"))
