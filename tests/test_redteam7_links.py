"""Red team 7 (issue 9, class 1): listers that follow symlinks list what the link points to.

`ls -LR`, `tree -l` and `du -L` walk into a symlinked folder; a link planted in the project
(`homelink -> ~`) then lists ~/.ssh or the guard dir although naming either is denied."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("links"), files={"src/a.py": "x\n", "~/.ssh/id_rsa": "k\n"})
    os.symlink(setup.home, setup.path("homelink"))
    return setup


@pytest.mark.parametrize("command", [
    "ls -LR", "ls -L -R .", "ls -R --dereference src .", "ls -lRL",
    "tree -l", "tree -al .", "du -L", "du -aL .", "du --dereference -a",
])
def test_a_lister_that_follows_links_meets_the_deny_side(linked, command):
    assert_denied(linked.bash(command), "follows the symlink", "homelink", ".ssh")


def test_a_lister_that_follows_a_link_to_the_guard_dir(tmp_path):
    setup = GuardSetup(tmp_path, files={"src/a.py": "x\n"})
    os.symlink(setup.dir, setup.path("src/vendor"))
    assert_denied(setup.bash("tree -l src"), "follows the symlink", "protected")


@pytest.mark.parametrize("command", ["ls -R", "ls -L", "ls -la", "tree", "tree -L 2", "du -sh .", "du -sh src"])
def test_listers_that_do_not_follow_links_stay_allowed(linked, command):
    assert_allowed(linked.bash(command))
