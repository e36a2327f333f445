"""Files git prints from other revisions (issue 9 class 4): `git grep KEY REV`, `git show REV`,
`git diff A B` read the trees of those revisions, not the work tree. A secret in such a tree is
reached (denied with the pathspec that leaves it out); a tree without one is allowed.

Real repositories are built in tmp with real commits; every command is only piped to the hook.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git, write


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
    "git log -p -1", "git log -p -n 1", "git log -p HEAD~1..HEAD", "git log -p -- src", "git log -p --all -1", "git log --stat",
    "git grep -n TODO", "git show HEAD:src/a.go", "git grep S= no-such-rev", "git show --stat HEAD~1",
    "git diff --name-only leaky HEAD", "git show --name-status leaky",
])
def test_revisions_without_a_secret_stay_allowed(repo, command):
    assert_allowed(repo.bash(command, role="builder"))


def test_show_of_a_commit_that_did_not_touch_the_secret_is_allowed(repo):
    # HEAD~0 changed src/a.go only, although leaky's tree still exists in history
    assert_allowed(repo.bash("git show HEAD", role="open"))
    assert_denied(repo.bash("git show HEAD~1", role="open"), ".env")  # the commit deleting .env prints it


@pytest.mark.parametrize("command", [
    "git log -p", "git log -p -3", "git log -p -n 3", "git log --patch leaky", "git log -p --all", "git log -p leaky..HEAD~1",
    "git log -p -- .env", "git log -p --author x -- '*.env'", "git log -u -2",
])
def test_log_with_patches_of_commits_changing_a_secret(repo, command):
    reason = assert_denied(repo.bash(command, role="open"), "which the listed commits change")
    assert "-- the pathspec ':!.env'" in reason


@pytest.mark.parametrize("command", [
    # words before -- may be option values: they narrow nothing
    "git show -S README.md HEAD~1", "git show HEAD~1 src", "git diff leaky HEAD ':!.env'",
    "git show --grep ':!.env' leaky", "git log -p --author src",
])
def test_only_pathspecs_after_the_separator_narrow(repo, command):
    assert_denied(repo.bash(command, role="open"), ".env")


@pytest.mark.parametrize("command", ["git --git-dir=../other/.git show HEAD~1", "git --work-tree=. grep S= HEAD",
                                     "git --git-dir ../x/.git log -p"])
def test_another_repository_is_undetermined(repo, command):
    assert_denied(repo.bash(command, role="open"), "--git-dir/--work-tree")


def test_git_c_names_the_folder_git_runs_in(repo, tmp_path):
    other = os.path.join(repo.root, "other")
    os.makedirs(other, exist_ok=True)
    write(os.path.join(other, "README.md"), "hi\n")
    git(other, "init", "-q")
    git(other, "add", "README.md")
    git(other, "commit", "-qm", "x")
    assert_allowed(repo.bash(f"git -C {other} grep hi HEAD", role="open"))
    assert_allowed(repo.bash(f"git -C {other} show HEAD", role="open"))
    assert_denied(repo.bash(f"cd {other} && git -C {repo.project} grep S= HEAD~2", role="open"), "which is in revision")
    assert_denied(repo.bash(f"cd {other} && git -C {repo.project} show HEAD~1", role="open"), "which is in revision")


def test_diff_of_the_work_tree_prints_a_tracked_secret(tmp_path):
    s = GuardSetup(tmp_path)
    write(os.path.join(s.project, "src", "a.go"), "package a\n")
    write(os.path.join(s.project, ".env"), "S=1\n")
    git(s.project, "init", "-q")
    git(s.project, "add", "src/a.go")
    git(s.project, "commit", "-qm", "x")
    assert_allowed(s.bash("git diff", role="open"))
    git(s.project, "add", "-f", ".env")
    assert_denied(s.bash("git diff", role="open"), "which is tracked", "':!.env'")
    assert_allowed(s.bash("git diff -- src", role="open"))
    assert_allowed(s.bash("git diff -- ':!.env'", role="open"))
    assert_allowed(s.bash("git diff --stat", role="open"))


@pytest.mark.parametrize("command", [
    "git archive leaky | tar -x -C /tmp/out", "git archive --format=tar -o x.tar HEAD~2", "git archive leaky src",
    "git format-patch -1 HEAD~1 --stdout", "git format-patch leaky", "git format-patch -3",
])
def test_archives_and_patches_of_revisions_holding_a_secret(repo, command):
    assert_denied(repo.bash(command, role="open"), ".env")


@pytest.mark.parametrize("command", ["git archive HEAD", "git format-patch -1 --stdout", "git format-patch HEAD~1"])
def test_archives_and_patches_without_a_secret(repo, command):
    assert_allowed(repo.bash(command, role="open"))


@pytest.mark.parametrize("command", ["git cat-file -p {blob}", "git cat-file blob {blob}", "git show {short}",
                                     "echo {blob} | git cat-file --batch", "git cat-file --batch-all-objects --batch"])
def test_objects_by_id_are_undetermined(repo, command):
    assert_denied(repo.bash(command.format(blob=repo.blob, short=repo.blob[:10]), role="open"))


def test_stash_show_prints_the_stashed_secret(tmp_path):
    s = GuardSetup(tmp_path)
    write(os.path.join(s.project, "src", "a.go"), "package a\n")
    git(s.project, "init", "-q")
    git(s.project, "add", "src/a.go")
    git(s.project, "commit", "-qm", "x")
    write(os.path.join(s.project, "src", "a.go"), "package a // 2\n")
    git(s.project, "stash", "-q")
    assert_allowed(s.bash("git stash show -p", role="open"))
    write(os.path.join(s.project, ".env"), "S=1\n")
    git(s.project, "stash", "-q", "-u")  # the untracked .env goes into the stash's third parent
    for command in ("git stash show -p", "git stash show -p stash@{0}", "git stash show 0", "git stash show --patch 0"):
        assert_denied(s.bash(command, role="open"), ".env", "which is in revision")
    assert_allowed(s.bash("git stash show --stat", role="open"))
    assert_allowed(s.bash("git stash show -p stash@{1}", role="open"))
    assert_allowed(s.bash("git stash list", role="open"))


@pytest.mark.parametrize("command", [
    "git add -Af && git diff --cached", "git add -N -A; git diff", "git add -Af && git grep S=",
    "git stash -u && git stash show -p", "git commit -qam x && git show",
])
def test_a_read_after_a_git_change_in_the_same_command_is_undetermined(repo, command):
    assert_denied(repo.bash(command, role="open"), "earlier in the command changes")


@pytest.mark.parametrize("command", ["GIT_DIR=../x/.git git show HEAD~1", "GIT_WORK_TREE=/tmp git grep S= HEAD",
                                     "export GIT_DIR=/x/.git; git diff leaky"])
def test_git_dir_variables_name_another_repository(repo, command):
    assert_denied(repo.bash(command, role="open"), "GIT_DIR-like variables")


@pytest.mark.parametrize("command", ["git status && git diff", "git fetch -q && git log -p -1", "git log -1 && git show"])
def test_reads_after_reads_stay_allowed(repo, command):
    assert_allowed(repo.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "env git show HEAD~1", "timeout 5 git grep S= HEAD~2", "nice git diff leaky HEAD", "sudo git log -p",
    "sh -c \"git show 'HEAD~1'\"", "eval git grep S= leaky", "x=HEAD~2; git grep S= $x", "git show HEAD~1 | cat",
    "git show HEAD~1 > /tmp/out.txt", "cd src && git grep S= HEAD~2 -- ..", "cd src && git show HEAD~1 -- ..",
])
def test_wrappers_nesting_and_substitutions_do_not_hide_a_revision(repo, command):
    assert_denied(repo.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "cd src && git show HEAD~1", "cd src && git diff leaky HEAD", "cd src && git log -p", "cd src && git grep S= HEAD~2 -- ..",
    "cd src && git grep S= HEAD~2 -- ':/'", "cd src && git show HEAD~1 -- ..", "cd src && git grep S= leaky -- ':(top)'",
    "git -C src show HEAD~1", "cd src && git show HEAD~1 -- ':!.env'",
])
def test_a_subfolder_does_not_hide_the_rest_of_the_repository(repo, command):
    assert_denied(repo.bash(command, role="open"), ".env")


@pytest.mark.parametrize("command", ["cd src && git grep S= HEAD~2", "cd src && git show HEAD~1 -- ../src",
                                     "cd src && git grep S= leaky -- ."])
def test_a_subfolder_search_of_its_own_part_stays_allowed(repo, command):
    assert_allowed(repo.bash(command, role="open"))
