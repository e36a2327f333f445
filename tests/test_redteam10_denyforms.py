"""Red team 10: deny-cmd forms read past the program's own options.

`deny-cmd: git send-email` (the exfil list also has `git daemon`, `git instaweb`, `git imap-send`)
was matched word by word after the program, so git's global options before the subcommand
(`git -c k=v send-email`, `git -C . daemon`, `git --no-pager instaweb`, `git -P imap-send`) were
allowed. On the deny side a form now also matches after leading option words, each possibly with
its value. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.hook import cmdforms


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10forms"))


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command, form", [
    ("git -c a.b=c send-email x.patch", "git send-email"),
    ("git -C . send-email x.patch", "git send-email"),
    ("git --no-pager send-email x.patch", "git send-email"),
    ("git -C x -c a=b --no-pager send-email x.patch", "git send-email"),
    ("git -c a.b=c daemon --export-all", "git daemon"),
    ("git --git-dir=.git instaweb", "git instaweb"),
    ("git -P imap-send", "git imap-send"),
])
def test_global_options_before_a_denied_subcommand(setup, command, form, role):
    assert_denied(setup.bash(command, role=role), f"deny-cmd `{form}`")


@pytest.mark.parametrize("command", ["git -c x=y log", "git -C . status", "git --no-pager log -n 5"])
def test_other_subcommands_with_global_options_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="builder"))


def test_the_deny_side_reads_options_with_values_the_allow_side_does_not():
    assert cmdforms.matches("npm publish", "npm", ["--registry", "https://r.example", "publish"], deny_side=True)
    assert not cmdforms.matches("npm publish", "npm", ["--registry", "https://r.example", "publish"])
    assert not cmdforms.matches("git send-email", "git", ["log", "send-email"], deny_side=True)


def test_a_program_setting_of_a_denied_subcommand(setup):
    """The key still names a program where the subcommand is allowed (operator); under builder
    the subcommand itself is denied first."""
    command = "git -c sendemail.sendmailcmd=curl send-email x"
    assert_denied(setup.bash(command, role="operator"), "`git -c sendemail.sendmailcmd=...`", "run a program")
    assert_denied(setup.bash(command, role="builder"), "deny-cmd `git send-email`")
