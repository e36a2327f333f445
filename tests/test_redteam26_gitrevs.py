"""Red team 26 (issue 9 class 4): git printing a secret it reaches through the index or history.

`git add -A` is allowed (it reads nothing out), and stages a `.env` the project does not ignore;
`git diff --cached`, `git diff --staged`, `git diff HEAD` (and `git diff REV` against the work
tree) then printed it: only the trees of the revisions were checked, not the index. Plumbing
printed it as well (`git diff-tree -p`, `git diff-index -p`, `git diff-files -p`), so did `git log
-L1,9:.env` (a file named in an option), `git reflog -p` / `git log -g -p` (a commit only the
reflog still holds, after an amend dropped the file), `git fast-export` and `git range-diff`.
Verdicts only: the repositories are made with git in tmp, the commands under test never run.
"""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _git(root, *args):
    subprocess.run(["git", "-C", root, *args], check=True, capture_output=True)


def _repo(tmp_path_factory, name, ignored):
    g = GuardSetup(tmp_path_factory.mktemp(name), files={".env": "S=1\n", "README.md": "hi\n", "src/a.py": "x = 1\n"})
    _git(g.project, "init", "-q")
    _git(g.project, "config", "user.email", "a@b.c")
    _git(g.project, "config", "user.name", "a")
    if ignored:
        with open(g.path(".gitignore"), "w") as f:
            f.write(".env\n")
    _git(g.project, "add", "-A")
    _git(g.project, "commit", "-qm", "first")
    with open(g.path("README.md"), "a") as f:
        f.write("more\n")
    return g


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """`.env` not ignored: the first commit holds nothing secret, then `git add -A` stages it."""
    g = GuardSetup(tmp_path_factory.mktemp("rt26staged"), files={"README.md": "hi\n", "src/a.py": "x = 1\n"})
    _git(g.project, "init", "-q")
    _git(g.project, "config", "user.email", "a@b.c")
    _git(g.project, "config", "user.name", "a")
    _git(g.project, "add", "-A")
    _git(g.project, "commit", "-qm", "first")
    with open(g.path(".env"), "w") as f:
        f.write("S=1\n")
    _git(g.project, "add", "-A")
    return g


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    """`.env` committed, then dropped by an amend: only the reflog holds that commit."""
    g = GuardSetup(tmp_path_factory.mktemp("rt26amend"), files={"README.md": "hi\n"})
    _git(g.project, "init", "-q")
    _git(g.project, "config", "user.email", "a@b.c")
    _git(g.project, "config", "user.name", "a")
    _git(g.project, "add", "-A")
    _git(g.project, "commit", "-qm", "first")
    with open(g.path(".env"), "w") as f:
        f.write("S=1\n")
    _git(g.project, "add", "-A")
    _git(g.project, "commit", "-qm", "second")
    _git(g.project, "rm", "--cached", "-q", ".env")
    _git(g.project, "commit", "-q", "--amend", "--allow-empty", "-m", "second, without the secret")
    return g


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The usual project: `.env` ignored, never committed."""
    return _repo(tmp_path_factory, "rt26clean", ignored=True)


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("cmd", [
    "git diff --cached",
    "git diff --staged",
    "git diff --cached HEAD",
    "git diff HEAD",
    "git diff HEAD -- .",
    "git -C src diff --cached",
    "git diff-index -p HEAD",
    "git diff-index -p --cached HEAD",
    "git diff-files -p",
    "git diff-files --patch",
])
def test_a_staged_secret_is_not_printed(staged, cmd, role):
    assert_denied(staged.bash(cmd, role=role), ".env", "tracked")


@pytest.mark.parametrize("cmd", [
    "git diff --cached --stat",
    "git diff --cached --name-only",
    "git diff --cached -- src",
    "git diff --cached -- . ':!.env'",
    "git diff-index HEAD",
    "git diff-files",
])
def test_names_and_narrowed_diffs_of_the_index_stay_allowed(staged, cmd):
    assert_allowed(staged.bash(cmd, role="builder"))


@pytest.mark.parametrize("cmd", [
    "git log -g -p",
    "git log --walk-reflogs --patch",
    "git log --reflog -p",
    "git reflog -p",
    "git reflog show -p",
    "git reflog show --patch HEAD",
    "git range-diff HEAD~1 HEAD@{1} HEAD",
])
def test_a_commit_only_the_reflog_holds_is_checked(amended, cmd):
    assert_denied(amended.bash(cmd, role="builder"), ".env")


@pytest.mark.parametrize("cmd", [
    "git diff-tree -p HEAD@{1}",
    "git diff-tree --patch -r HEAD@{1}",
    "git fast-export --all --reflog",
    "git fast-export HEAD@{1}",
    "git log -L1,1:.env HEAD@{1}",
    "git log -L 1,1:.env",
    "git log -L1,+1:./.env",
])
def test_plumbing_and_options_that_print_history(amended, cmd):
    assert_denied(amended.bash(cmd, role="builder"), ".env")


@pytest.mark.parametrize("cmd", [
    "git reflog",
    "git reflog -n 5",
    "git log -p",
    "git fast-export HEAD",
    "git diff-tree -r HEAD",
    "git log -L1,1:README.md",
])
def test_history_without_the_secret_stays_allowed(amended, cmd):
    assert_allowed(amended.bash(cmd, role="builder"))


@pytest.mark.parametrize("cmd", [
    "git diff",
    "git diff --cached",
    "git diff HEAD",
    "git diff HEAD -- src",
    "git diff-index -p HEAD",
    "git diff-files -p",
    "git diff-tree -p HEAD",
    "git log -p -3",
    "git reflog -p",
    "git fast-export HEAD",
    "git log -L1,1:README.md",
    "git log -L:x:src/a.py",
])
def test_everyday_diffs_in_a_project_that_ignores_its_secret(clean, cmd):
    assert_allowed(clean.bash(cmd, role="builder"))


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("cmd", [
    "git status -v",
    "git status --verbose",
    "git status -vv",
    "git status -sv",
    "git commit --dry-run -v",
    "git commit -v --dry-run -m x",
])
def test_verbose_status_prints_the_staged_secret(staged, cmd, role):
    assert_denied(staged.bash(cmd, role=role), ".env", "tracked")


@pytest.mark.parametrize("cmd", ["git status", "git status -sb", "git status --porcelain", "git commit --dry-run"])
def test_plain_status_stays_allowed(staged, cmd):
    assert_allowed(staged.bash(cmd, role="builder"))


@pytest.mark.parametrize("cmd", ["git status -v", "git commit --dry-run -v"])
def test_verbose_status_of_a_project_that_ignores_its_secret(clean, cmd):
    assert_allowed(clean.bash(cmd, role="builder"))


# ---- checkouts and clones that copy a committed secret out of the deny rules' reach ------------
@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    """`.env` committed (and tracked): the deny rule names the project's copy only."""
    return _repo(tmp_path_factory, "rt26committed", ignored=False)


@pytest.mark.parametrize("cmd", [
    "git worktree add {root}/wt",
    "git worktree add -b side {root}/wt2 HEAD",
    "git clone . {root}/c",
    "git clone --no-local . {root}/c2",
    "git clone --bare . {root}/b",
    "git clone --mirror . {root}/m",
    "git clone --no-checkout . {root}/n",
    "git clone file://{proj} {root}/f",
    "git bundle create {root}/all.bundle --all",
    "git bundle create {root}/head.bundle HEAD",
    "git checkout-index -a --prefix={root}/x/",
])
def test_a_committed_secret_copied_out_of_the_project(committed, cmd):
    command = cmd.format(root=committed.root, proj=committed.project)
    assert_denied(committed.bash(command, role="open"), ".env", "denied by deny-path")


@pytest.mark.parametrize("cmd", [
    "git worktree add wt-inside",
    "git clone . sub/copy",
    "git worktree list",
    "git bundle verify x.bundle",
    "git clone https://example.invalid/r.git {root}/r",
])
def test_copies_that_stay_under_the_rules(committed, cmd):
    assert_allowed(committed.bash(cmd.format(root=committed.root), role="operator"))


@pytest.mark.parametrize("cmd", [
    "git worktree add {root}/wt",
    "git clone . {root}/c",
    "git bundle create {root}/all.bundle --all",
    "git checkout-index -a --prefix={root}/x/",
])
def test_copies_of_a_project_that_ignores_its_secret(clean, cmd):
    assert_allowed(clean.bash(cmd.format(root=clean.root), role="open"))


# ---- a file git reads, named through --config-env -------------------------------------------
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("cmd", [
    "X=.env git --config-env=core.attributesFile=X check-attr -a export",
    "export X=.env; git --config-env=core.excludesFile=X status --ignored",
    "X=.env git --config-env commit.template=X commit",
    "X=.env git --config-env=mailmap.file=X log",
])
def test_config_env_naming_a_secret(clean, cmd, role):
    assert_denied(clean.bash(cmd, role=role), ".env", "deny-path")


def test_config_env_of_an_unknown_variable(clean):
    assert_denied(clean.bash("git --config-env=core.attributesFile=X check-attr -a x", role="builder"),
                  "could not determine the file")


@pytest.mark.parametrize("cmd", ["A=.gitattributes git --config-env=core.attributesFile=A check-attr -a x",
                                 "T=x git --config-env=http.extraHeader=T status"])
def test_config_env_of_ordinary_values(clean, cmd):
    assert_allowed(clean.bash(cmd, role="builder"))
