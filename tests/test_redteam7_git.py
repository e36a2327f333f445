"""Red team 7 (issue 9): git settings that make git delete history or run a program.

`git -c gc.pruneExpire=now gc` is `git gc --prune=now` by another name (destructive: every role
but operator); `--config-env KEY=VAR` is `-c` with the value in a variable, in either spelling;
every program-naming key of the exec-sink catalogue is a program under `-c` too."""

import pytest

from conftest import assert_allowed, assert_denied

EXPIRE = "git-setting-expire-now"


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "git -c gc.pruneExpire=now gc",
    "git -cgc.reflogExpire=now gc",
    "git -c gc.reflogExpireUnreachable=all gc",
    "git -c gc.worktreePruneExpire=now gc",
    "git -c gc.refs/heads/*.reflogExpire=now gc",
    "git --config-env=gc.pruneExpire=WHEN gc",
    "git --config-env gc.pruneExpire=WHEN gc",
    "git -c gc.auto=1 -c gc.pruneExpire=now commit -m x",
    "git config gc.pruneExpire now",
    "git config set --global gc.pruneExpire now",
    "git config --file .git/config gc.reflogExpire 0",
])
def test_an_expiry_setting_of_now_is_destructive(guard_setup, role, command):
    assert_denied(guard_setup.bash(command, role=role), EXPIRE, "no grace period")


def test_operator_may_expire_history(guard_setup):
    assert_allowed(guard_setup.bash("git -c gc.pruneExpire=now gc", role="operator"))


@pytest.mark.parametrize("command", [
    "git gc",
    "git -c gc.pruneExpire=2.weeks.ago gc",
    "git -c gc.pruneExpire=never gc",
    "git config --get gc.pruneExpire",
    "git -c user.name=x commit -m y",
    "git config --file x user.name y",
    "git -c alias.co=checkout co main",
])
def test_everyday_git_settings_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command))


@pytest.mark.parametrize("command, key", [
    ("git --config-env core.pager=VAR log", "core.pager"),
    ("VAR=curl git --config-env core.pager=VAR log", "core.pager"),
    ("git --config-env core.sshCommand=V fetch", "core.sshcommand"),
    ("git -c web.browser=firefox -c browser.firefox.path=curl help -w log", "web.browser"),
    ("git -c browser.firefox.path=curl help -w log", "browser.firefox.path"),
    ("git -c man.x.path=curl -c man.viewer=x help log", "man.x.path"),
    ("git -c core.alternateRefsCommand=curl fetch", "core.alternaterefscommand"),
    # (`git -c sendemail.sendmailcmd=curl send-email x`: send-email itself is denied for builder,
    # test_redteam10_denyforms.py checks the key under operator)
    ("git -c submodule.x.update='!curl' submodule update", "submodule.x.update"),
    ("git --config-env submodule.x.update=V submodule update", "submodule.x.update"),
])
def test_a_setting_that_names_a_program_is_a_program(guard_setup, command, key):
    assert_denied(guard_setup.bash(command), f"`git -c {key}=...`", "run a program")
