"""Red team #34 (issue 10, the trust base): a tilde in an argument that looks like an assignment.

Outside POSIX mode bash expands `~` after the `=` of any word shaped like an assignment (NAME a
shell identifier), and after each `:` of its value, even where the word is a command's argument:
`dd of=~/.claude/settings.json < x` writes $HOME/.claude/settings.json. The guard read the word as
the relative path `~/.claude/settings.json` and allowed it under `operator`, as it allowed `dd
if=x of=~/.bashrc` (a start-up file written with text it never read). `--out=~/x` (a name with a
dash) and a quoted `of='~/x'` are not expanded, by bash nor the guard.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("operator", "open")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt34tilde"), files={"~/.claude/settings.json": "{}\n",
                                                                   "~/.bashrc": "alias ll='ls -l'\n", "x": "x\n"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "dd of=~/.claude/settings.json < x", "dd if=x of=~/.claude/settings.json", "dd if=x of=a:~/.claude/settings.json",
])
def test_dd_onto_the_users_hook_config(setup, command, role):
    assert_denied(setup.bash(command, role=role), setup.path("~/.claude/settings.json") + " is protected")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", ["dd if=x of=~/.bashrc", "dd of=~/.bashrc conv=notrunc oflag=append < x"])
def test_dd_onto_a_startup_file(setup, command, role):
    assert_denied(setup.bash(command, role=role), f"writing {setup.path('~/.bashrc')}, a shell start-up file, is denied")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "dd if=x of=out.bin", "dd if=x of='~/.bashrc'", "echo of=~/notes", "cp x ./--out=~/y", "sort --output=~/x x",
])
def test_other_words_stay_as_they_were(setup, command, role):
    assert_allowed(setup.bash(command, role=role))
