"""Red team 18 (issue 9, class 5): what bash makes of a word, not what it spells.

An alias defined on the line it is used on is not in effect for that line, and a bash that is
not interactive expands no alias at all: `alias cat=echo; cat .env` runs cat. The guard took
the alias for granted; it now judges the command both ways.

`~zz/id_rsa` where no user zz exists: bash leaves the word as it is, a name in the working
folder, and follows a link `~zz` there (one a cloned repository holds: `~zz -> ~/.ssh`). The
guard read it as /home/zz/id_rsa, which holds nothing, and allowed the read of the key."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt18state"), files={"~/.ssh/id_rsa": "KEY\n", "~/.ssh/config": "x\n",
                                                                     ".env": "S=1\n"})
    os.symlink(s.path("~/.ssh"), s.path("~zz"))
    os.symlink(s.dir, s.path("~gg"))
    return s


@pytest.mark.parametrize("role", ["open", "builder"])
@pytest.mark.parametrize("command", ["cat ~zz/id_rsa", "head -1 ~zz/config", "cd ~zz && cat id_rsa",
                                     "grep -r x ~zz"])
def test_tilde_of_no_user_is_the_name_in_the_working_folder(setup, role, command):
    assert_denied(setup.bash(command, role=role), ".ssh")


def test_tilde_of_no_user_into_the_guard_dir(setup):
    assert_denied(setup.bash("cat ~gg/key.pem", role="operator"), "protected")


def test_tilde_of_no_user_without_such_a_name_stays_allowed(setup):
    assert_allowed(setup.bash("ls ~nosuchuser/x", role="open"))


@pytest.mark.parametrize("command", [
    "alias cat='echo'; cat .env",  # (same line: the alias is not in effect yet)
    "alias cat='echo'\ncat .env",  # (a bash that is not interactive expands no alias)
    "alias head=true; head -1 .env",
    "f() { :; }; alias cat=f; cat .env",
])
def test_an_alias_hiding_a_read_is_judged_both_ways(setup, command):
    assert_denied(setup.bash(command, role="open"), ".env")


@pytest.mark.parametrize("command", ["alias ll='ls -la'; ll", "alias g=git; g status", "alias ls='ls -F'; ls"])
def test_ordinary_aliases_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
