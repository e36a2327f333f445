"""`sudo -D DIR CMD` runs CMD in DIR: its relative operands are DIR's. Only `--chdir=DIR` was
read, so `sudo -D ~/.local/bin cp x claude` wrote a shadowing `claude` unjudged (found by the
lead after the make -C bypass, the same class: an option that moves the working folder)."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("sudochdir"), files={"sub/a.txt": "x", "~/.ssh/id_rsa": "key"})


@pytest.mark.parametrize("command,fragment", [
    ("sudo -D ~/.local/bin cp /tmp/x claude", "protected"),
    ("sudo --chdir ~/.local/bin cp /tmp/x claude", "protected"),
    ("sudo --chdir=$HOME/.local/bin cp /tmp/x claude", "protected"),
    ("sudo -D$HOME/.local/bin cp /tmp/x claude", "protected"),
    ("sudo -nD ~/.local/bin cp /tmp/x claude", "protected"),
    ("sudo -D /tmp -D ~/.local/bin cp /tmp/x claude", "protected"),
    ("sudo -u root -D ~ cat .ssh/id_rsa", "deny-path"),
])
def test_a_relative_operand_of_sudo_dash_D_is_the_folders(s, command, fragment):
    assert_denied(s.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", ["sudo -D sub cat a.txt", "sudo -u D ls", "sudo ls"])
def test_sudo_in_the_project_stays_as_it_was(s, command):
    assert_allowed(s.bash(command, role="open"))
