"""Red team rt9c, issue 9 class 6: destructive git commands the catalogue missed.

`git filter-branch` rewrites history like `git filter-repo`; `git update-ref --delete` is `-d`
spelled long; `git gc --prune=1.second.ago` is `--prune=now`; a `-c alias.X=SUB` alias gets
the words after it; a mistyped subcommand runs the nearest one when help.autocorrect is set.
"""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command, fragment", [
    ("git filter-branch HEAD", "git-filter-branch"),
    ("git -c x=y filter-branch --tree-filter true HEAD", "git-filter-branch"),
    ("git --no-pager filter-branch -f HEAD", "git-filter-branch"),
    ("git update-ref --delete refs/heads/x", "git-update-ref-delete"),
    ("git update-ref --del refs/heads/x", "git-update-ref-delete"),
    ("git gc --prune=1.second.ago", "git-gc-prune-now"),
    ("git gc --pru=1.minute.ago", "git-gc-prune-now"),
    ("git gc --prune=yesterday", "git-gc-prune-now"),
    # the words after a -c alias follow its value
    ("git -c alias.x=reset x --hard", "git-reset-hard"),
    ("git -c alias.X=reset x --hard", "git-reset-hard"),
    ("git -calias.x=clean x -fd", "git-clean-force"),
    ("git -c alias.fb=filter-branch fb HEAD", "git-filter-branch"),
    ("F=-f; git -c alias.p=push p origin \"$F\"", "git-push-force"),
    ("git -c alias.p=push p origin \"$(echo -f)\"", "git-push-force"),
    # help.autocorrect runs the nearest command for a mistyped one
    ("git -c help.autocorrect=immediate rset --hard", "git-reset-hard"),
    ("git rset --hard", "git-reset-hard"),
    ("git rese --hard", "git-reset-hard"),
    ("git reste --hard", "git-reset-hard"),
    ("git filterbranch HEAD", "git-filter-branch"),
    ("git cleen -fd", "git-clean-force"),
    ("git psuh -f", "git-push-force"),
    ("git brnach -D x", "git-branch-force-delete"),
])
def test_destructive_git_is_refused_below_operator(guard_setup, command, fragment):
    for role in ("builder", "open"):
        assert_denied(guard_setup.bash(command, role=role), "tripwire " + fragment, "(destructive)")
    assert guard_setup.bash(command, role="operator").returncode == 0 or "filter-branch" not in command


@pytest.mark.parametrize("command", [
    "git gc", "git gc --prune", "git gc --prune=never", "git gc --prune=2.weeks.ago",
    "git -c alias.x=reset x --soft HEAD~1", "git -c alias.co=checkout co main", "git rset --soft",
    "git st", "git lfs pull", "git reset --soft HEAD~1", "git status",
])
def test_near_misses_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="builder"))


def test_operator_may_rewrite_history(guard_setup):
    assert_allowed(guard_setup.bash("git filter-branch HEAD", role="operator"))
    assert_allowed(guard_setup.bash("git gc --prune=1.second.ago", role="operator"))


@pytest.mark.parametrize("code", [
    "import os\nfor _ in iter(int,1): os.fork()",
    "import os, itertools\nfor _ in itertools.count(): os.fork()",
    "import os\nfrom itertools import cycle\nfor _ in cycle([1]): os.fork()",
    "import os\nwhile os.fork() or True: pass",
    "import os\nwhile not False: os.fork()",
    "import os\nwhile 1 == 1:\n    pid = os.fork()",
    "import os\ndef b():\n  os.fork(); b()\nb()",
    "import os\n[os.fork() for _ in iter(int, 1)]",
    "from os import fork as f\nfor _ in iter(int, 1): f()",
])
def test_python_fork_loops_are_fork_bombs_for_every_role(guard_setup, code):
    command = "python3 -c " + "'" + code.replace("'", "'\\''") + "'"
    for role in ("operator", "open", "builder"):
        assert_denied(guard_setup.bash(command, role=role), "tripwire interpreter-fork-loop", "(catastrophic)")


@pytest.mark.parametrize("command", [
    "perl -e 'while(){fork}'", "perl -e '{fork;redo}'", "perl -e '{fork; redo; }'", "ruby -e 'fork until nil'",
    "node -e 'for(;1;) require(\"child_process\").fork(\"x\")'",
])
def test_other_interpreters_fork_loops(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="operator"), "tripwire interpreter-fork-loop")


@pytest.mark.parametrize("code", [
    "import os\nfor i in range(3): os.fork()",
    "import os\nn=0\nwhile n < 3:\n  os.fork(); n += 1",
    "import os\nwhile q: os.fork(); q.pop()",
    "import os\npid = os.fork()\nif pid == 0: print(1)",
    "import os\ndef child(): os.fork()\nchild()",
    "import itertools, os\nfor i in itertools.repeat(1, 3): os.fork()",
])
def test_bounded_forks_stay_allowed_for_operator(guard_setup, code):
    command = "python3 -c " + "'" + code.replace("'", "'\\''") + "'"
    assert_allowed(guard_setup.bash(command, role="operator"))
