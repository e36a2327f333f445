"""Red team 23 (issue 9, class 1): the folders recursive readers start from, as the kernel opens them.

`grep -r x sub/sl/..`, `tar -cf o.tar sub/sl/..`, `cp -r sub/sl/.. /tmp/x` (sl a link to ~/.ssh)
read the whole home folder, and `find hl/.. -name key.pem -exec cat {} +` (hl a link to the home
folder) the guard's key: the search roots were made absolute by collapsing `..` first, which
named a project folder. Programs open the root as written, so a `..` after a link is the link
target's parent. `git --git-dir=l/..` (l a link into a bare repository the project holds) ran
that repository's configured aliases unjudged for the same reason. git's own pathspecs (`git grep
x -- a/../b`) stay lexical: git collapses them itself.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("pr"), files={
        ".env": "SECRET=1\n", "README.md": "r\n", "src/a.py": "x\n", "sub/b.txt": "b\n",
        "~/.netrc": "machine h password p\n", "~/.ssh/id_rsa": "KEY\n"})
    os.symlink(s.home, s.path("hl"))
    os.symlink(os.path.join(s.home, ".ssh"), s.path("sub/sl"))
    evil = s.path("vendor/evil")
    for folder in ("objects/info", "refs/heads"):
        os.makedirs(os.path.join(evil, folder))
    with open(os.path.join(evil, "HEAD"), "w") as f:
        f.write("ref: refs/heads/main\n")
    with open(os.path.join(evil, "config"), "w") as f:
        f.write("[core]\n\tbare = true\n[alias]\n\tst = !touch pwned\n")
    os.symlink(os.path.join(evil, "objects"), s.path("gl"))
    subprocess.run(["git", "init", "-q", s.project], check=True)
    return s


@pytest.mark.parametrize("command, fragment", [
    ("grep -r password sub/sl/..", "deny-path"),
    ("grep -r password sub/sl/../", "deny-path"),
    ("rg --hidden password sub/sl/..", "deny-path"),
    ("ag --hidden x sub/sl/..", "deny-path"),
    ("tar -cf /tmp/x.tar sub/sl/..", "deny-path"),
    ("cp -r sub/sl/.. /tmp/x", "deny-path"),
    ("zip -r /tmp/x.zip sub/sl/..", "deny-path"),
    ("find hl/.. -name key.pem -exec cat {} +", "protected"),
    ("find hl/.. -maxdepth 2 -name key.pem | xargs cat", "protected"),
])
def test_a_recursive_root_through_a_link_and_dotdot(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", ["git --git-dir=gl/.. st", "git --git-dir gl/.. st", "git -C gl/.. st"])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_git_places_through_a_link_and_dotdot(setup, command, role):
    assert_denied(setup.bash(command, role=role), "vendor/evil/config")


@pytest.mark.parametrize("command", [
    "rg password sub/sl/..",  # (ripgrep leaves hidden files out: ~/.ssh and ~/.netrc are not read)
    "git grep x -- sub/sl/..",  # (git collapses the pathspec itself: sub)
    "grep -r x src/../sub",
    "tar -cf /tmp/x.tar src/../README.md",
    "find src/.. -name '*.py' -exec cat {} +",
    "cd gl/.. && git status",  # (bash's cd goes to the project, which is there)
])
def test_roots_without_a_secret_behind_them_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
