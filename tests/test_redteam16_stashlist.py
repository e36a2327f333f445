"""Red team 16: `git stash list -p` prints every stash's changes.

Today `git stash list` became a listing that changes nothing; with log's patch options it is
`git log -g -p refs/stash` and prints what each stash changed: a tracked secret's old and new
content (`git stash show -p` was judged, `git stash list -p` was not).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git, write


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt16s"), files={"config/.env": "KEY=1\n", "src/a.py": "x\n"})
    git(s.project, "init", "-q", "-b", "main")
    git(s.project, "add", "-f", "config/.env", "src/a.py")
    git(s.project, "commit", "-qm", "init")
    write(s.path("config/.env"), "KEY=hunter2\n")
    git(s.project, "stash", "push", "-q", "--", "config/.env")
    return s


@pytest.mark.parametrize("command", ["git stash list -p", "git stash list --patch", "git stash list -U3",
                                     "git stash list --unified=2", "git stash list --format=%H -p",
                                     "git stash list -p -- config"])
def test_git_stash_list_with_patches_meets_the_deny_side(setup, command):
    assert_denied(setup.bash(command), "`git stash list` would read", ".env")


@pytest.mark.parametrize("command", ["git stash list", "git stash list --stat", "git stash list --oneline"])
def test_git_stash_list_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))
