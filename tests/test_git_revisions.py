"""Files git prints from other revisions (issue 9 class 4): `git grep KEY REV`, `git show REV`,
`git diff A B` read the trees of those revisions, not the work tree. A secret in such a tree is
reached (denied with the pathspec that leaves it out); a tree without one is allowed.

Real repositories are built in tmp with real commits; every command is only piped to the hook.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def write(path, text="x\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@x", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-C", cwd] + list(args), check=True, capture_output=True, env=env, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Commit 1 (tag `leaky`) holds .env and src/a.go; commit 2 deletes .env; commit 3 (HEAD)
    changes src/a.go only. The work tree has no .env and nothing secret is tracked now."""
    s = GuardSetup(tmp_path_factory.mktemp("gitrevs"))
    p = s.project
    write(os.path.join(p, "src", "a.go"), "package a // TODO\n")
    write(os.path.join(p, ".env"), "S=secret\n")
    git(p, "init", "-q")
    git(p, "add", "-f", "src/a.go", ".env")
    git(p, "commit", "-qm", "one")
    git(p, "tag", "leaky")
    git(p, "rm", "-q", ".env")
    git(p, "commit", "-qm", "two")
    write(os.path.join(p, "src", "a.go"), "package a // TODO 2\n")
    git(p, "commit", "-qam", "three")
    s.blob = git(p, "rev-parse", "leaky:.env").strip()
    s.first = git(p, "rev-parse", "leaky").strip()
    return s


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "git grep S= HEAD~2", "git grep -n S= leaky", "git grep -e S= HEAD~1 HEAD~2", "git grep S= {first}",
    "git grep S= HEAD~2 -- src .env", "git grep S= HEAD~3..HEAD~2".replace("HEAD~3..", "leaky.."),
    "git -C . grep S= HEAD~2", "git grep S= 'HEAD~2'", "bash -c 'git grep S= HEAD~2'", "git grep S= $(echo HEAD~2)",
])
def test_grep_in_a_revision_holding_a_secret(repo, role, command):
    reason = assert_denied(repo.bash(command.format(first=repo.first), role=role))
    if "$(" not in command:
        assert "which is in revision" in reason and "':!.env'" in reason


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "git show HEAD~1", "git show leaky", "git show --stat -p HEAD~1", "git diff leaky HEAD", "git diff leaky..HEAD",
    "git diff HEAD~2", "git whatchanged -p leaky", "git diff --cached leaky",
])
def test_show_and_diff_of_a_revision_holding_a_secret(repo, role, command):
    reason = assert_denied(repo.bash(command, role=role), "which is in revision")
    assert "':!.env'" in reason


def test_a_blob_by_its_name_is_undetermined(repo):
    assert_denied(repo.bash(f"git show {repo.blob}", role="open"), "cannot tell which file it is")


@pytest.mark.parametrize("command", [
    "git grep S= HEAD", "git grep -n TODO HEAD~1", "git grep S= HEAD~2 -- src", "git grep S= HEAD~2 -- ':!.env'",
    "git show", "git show HEAD", "git show --stat", "git diff HEAD~1 HEAD", "git diff HEAD~1", "git diff",
    "git show HEAD~2 -- src", "git diff leaky HEAD -- src", "git diff leaky HEAD -- ':!.env'", "git log -n 3",
    "git grep -n TODO", "git show HEAD:src/a.go", "git grep S= no-such-rev", "git show --stat HEAD~1",
    "git diff --name-only leaky HEAD", "git show --name-status leaky",
])
def test_revisions_without_a_secret_stay_allowed(repo, command):
    assert_allowed(repo.bash(command, role="builder"))


def test_show_of_a_commit_that_did_not_touch_the_secret_is_allowed(repo):
    # HEAD~0 changed src/a.go only, although leaky's tree still exists in history
    assert_allowed(repo.bash("git show HEAD", role="open"))
    assert_denied(repo.bash("git show HEAD~1", role="open"), ".env")  # the commit deleting .env prints it
