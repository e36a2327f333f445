"""Must-allow: what a Codex reviewer (fs.read, no shell.exec) types to read a project counts as
reads (hook/readonly.py, rules/readonly_commands.json), and the writing or code-running
neighbour of each stays refused.

Found by running everyday review commands through the real hook:
- `grep -rn x --exclude=.env .` was refused as `--exclude-from` abbreviated, and so was every
  search that followed the guard's own hint; getopt_long takes a name that is exactly an
  option as that option (`exact_options`), as git does (`git diff --text` is not --textconv);
  `du --exclude=DIR` had the same mistake in hook/namesonly.py;
- `git --no-pager diff`, `git -P log`, `git -c color.ui=never log`, `GIT_PAGER=cat git log`,
  `PAGER=cat git diff` (agents turn the pager off so that git does not wait) were refused for
  their global option or their pager;
- `git stash list`, `git stash show -p`, `git rev-list --count`, `git ls-tree`, `git merge-base`,
  `test -f`, `[ -d ]`, `date`, `uname`, `nproc`, `whoami`, `which` were not on the list.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git

SCOPE = "needs capability shell.exec"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow_review"), files={
        ".env": "API_KEY=sk-live\n", ".gitignore": ".env\n", "src/a.py": "# TODO\n", "docs/x.md": "x\n"})
    git(setup.project, "init", "-q", "-b", "main")
    git(setup.project, "add", "-A")
    git(setup.project, "commit", "-qm", "one")
    with open(setup.path("src/a.py"), "a") as f:
        f.write("y\n")
    git(setup.project, "stash")
    return setup


def codex(s, command):
    return s.check("Bash", {"command": command}, role="reviewer", agent="codex", turn_id="t1")


ALLOWED = [
    "grep -rn TODO --exclude=.env --exclude-dir=.git .",
    "grep -rn TODO --exclude-dir=.git --exclude='.env*' .",
    "grep -rl TODO --exclude=.env --exclude-dir=.git .",
    "git diff --text",
    "rg --ignore TODO",
    "du -sh --exclude=node_modules .",
    "git --no-pager diff",
    "git --no-pager log --oneline -5",
    "git -P log -1",
    "git -c color.ui=never log -1",
    "git --no-pager -c color.diff=never show --stat HEAD",
    "GIT_PAGER=cat git log -3",
    "PAGER=cat git diff",
    "git stash list",
    "git stash show -p",
    "git rev-list --count HEAD",
    "git ls-tree -r HEAD --name-only",
    "git merge-base main HEAD",
    "test -f src/a.py && echo yes",
    "[ -d .git ] && echo repo",
    "date",
    "uname -a",
    "nproc",
    "whoami",
    "which git",
]


@pytest.mark.parametrize("command", ALLOWED)
def test_everyday_review_commands_count_as_reads(s, command):
    assert_allowed(codex(s, command))


DENIED = [
    # the option exclusion lists are read from (a file: .env's lines), abbreviated or not
    ("grep -rn TODO --exclude-from=.env .", "writes files or runs programs"),
    ("grep -rn TODO --exclude-fro=x .", "writes files or runs programs"),
    ("git diff --textconv", "writes files or runs programs"),
    ("rg --ignore-file .env TODO", "writes files or runs programs"),
    ("du -sh --exclude-from=.env .", "denied by deny-path"),
    # a search that follows no hint still meets the secret
    ("grep -rn TODO --exclude-dir=.git .", "--exclude=.env"),
    # global options that run programs or read another repository
    ("git --no-pager -c core.pager=sh log", "only `git log/show"),
    ("git -c color.ui=never -c core.pager=sh log", "only `git log/show"),
    ("git -p log -1", "only `git log/show"),
    ("git -C / log", "only `git log/show"),
    # a pager that is not a read-only command, or reads a secret
    ("GIT_PAGER=sh git log -1", "`sh` is not one of the read-only commands"),
    ("PAGER='sh -c id' git diff", "not one of the read-only commands"),
    ("GIT_PAGER='cat .env' git log -1", "denied by deny-path"),
    # stash subcommands that write
    ("git stash", "only `git stash list/show`"),
    ("git stash pop", "only `git stash list/show`"),
    ("git stash drop", "only `git stash list/show`"),
    ("git stash show -p -- .env", "denied by deny-path"),
    ("date -s 2020-01-01", "writes files or runs programs"),
    ("git show HEAD:.env", "denied by deny-path"),
]


@pytest.mark.parametrize("command, reason", DENIED)
def test_the_harmful_neighbours_stay_denied(s, command, reason):
    assert_denied(codex(s, command), reason)


def test_a_denied_command_still_names_shell_exec(s):
    assert_denied(codex(s, "git stash pop"), SCOPE)
