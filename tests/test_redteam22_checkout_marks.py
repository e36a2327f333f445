"""Red team of today's landings: `git checkout -- .` / `git restore .` judged by git diff-files.

diff-files passes over index entries marked assume-unchanged or skip-worktree. With a hook
config's index entry re-staged to other content and so marked (`git update-index --cacheinfo`,
then `echo NAME | git update-index --assume-unchanged --stdin`, both allowed), `git checkout -- .`
(assume-unchanged) or `git restore --ignore-skip-worktree-bits .` (skip-worktree) wrote the
re-staged content into .claude/settings.json under operator.
"""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _git(setup, *args, stdin=None):
    return subprocess.run(["git", "-C", setup.project, *args], check=True, capture_output=True, text=True,
                          input=stdin).stdout.strip()


@pytest.fixture
def setup(tmp_path):
    s = GuardSetup(tmp_path, files={".claude/settings.json": '{"v": 1}\n', "README": "r\n", "evil.json": "{}\n"})
    _git(s, "init", "-q")
    _git(s, "config", "user.email", "a@example.invalid")
    _git(s, "config", "user.name", "a")
    _git(s, "add", "README", ".claude/settings.json")
    _git(s, "commit", "-qm", "one")
    return s


def _restage(setup, mark):
    blob = _git(setup, "hash-object", "-w", "evil.json")
    _git(setup, "update-index", "--cacheinfo", "100644,%s,.claude/settings.json" % blob)
    _git(setup, "update-index", mark, "--stdin", stdin=".claude/settings.json\n")


def test_an_unchanged_hook_config_still_lets_the_discard_through(setup):
    assert_allowed(setup.bash("git checkout -- .", role="operator"))


@pytest.mark.parametrize("command", ["git checkout -- .", "git restore ."])
def test_an_assume_unchanged_entry_counts_as_differing(setup, command):
    _restage(setup, "--assume-unchanged")
    assert_denied(setup.bash(command, role="operator"), ".claude/settings.json", "protected")


@pytest.mark.parametrize("command", ["git restore --ignore-skip-worktree-bits .",
                                     "git checkout --ignore-skip-worktree-bits -- ."])
def test_a_skip_worktree_entry_counts_as_differing(setup, command):
    _restage(setup, "--skip-worktree")
    assert_denied(setup.bash(command, role="operator"), ".claude/settings.json", "protected")
