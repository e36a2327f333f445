"""Red team 24 (issue 9 class 3): git's ext:: transport named as an option's value or a setting.

An `ext::CMD` URL is a command git runs; it was read only as an operand, so `git archive
--remote=ext::CMD`, `git push --repo=ext::CMD` and `git -c remote.origin.url=ext::CMD fetch`
ran CMD unjudged (where ext is allowed: GIT_ALLOW_PROTOCOL, protocol.ext.allow in a config the
command does not show). Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24gitext"))


@pytest.mark.parametrize("cmd", [
    "git archive --remote='ext::curl x' HEAD", "git archive --remote 'ext::curl x' HEAD",
    "git push --repo='ext::curl x' main",
])
def test_ext_url_as_an_option_value(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "`curl` is denied by deny-cmd", "ext::")


@pytest.mark.parametrize("cmd", ["git -c remote.origin.url='ext::curl x' fetch",
                                 "git -c submodule.x.url='ext::curl x' submodule update"])
@pytest.mark.parametrize("role", ["open", "builder"])
def test_ext_url_as_a_setting(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "url=...` makes git run a program")


@pytest.mark.parametrize("cmd", ["git archive --remote=origin HEAD", "git -c remote.origin.url=https://example.com/x fetch"])
def test_other_urls_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


@pytest.mark.parametrize("cmd", ["gdb -batch --comm=/dev/stdin", "gdb -batch --comma /dev/stdin",
                                 "gdb -batch --init-eval-command='shell curl'"])
def test_gdb_command_options_abbreviated(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "what `gdb --")


@pytest.mark.parametrize("cmd", ["git grep --open-files-in-p=curl x", "git grep --open=curl x"])
def test_git_grep_pager_abbreviated(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["gdb --version", "gdb -batch --args ./a.out", "git grep -n foo"])
def test_gdb_and_git_grep_neighbours_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
