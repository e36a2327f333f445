"""Red team of today's landings: `ls … | xargs rm` and names xargs cuts.

xargs cuts its input at blanks and newlines and strips quotes and backslashes, so a name such as
`a .claude` (or `'.claude'`) in the listed folder becomes `.claude`: `ls | xargs rm -rf` (ls
without -a prints no dot-name) and `ls -d a* | xargs rm -rf` removed the project's hook config
folder under operator. A piece that is a folder holding a protected file counts as reaching it.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

NAMES = ["a .claude", "a\n.claude", "a\t.claude", "'.claude'", '".claude"', "\\.claude"]


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path, files={".claude/settings.json": "{}\n", "build/x.o": "", "notes.txt": "x\n"})


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("command", ["ls | xargs rm -rf", "ls | xargs -I{} rm -rf {}", "ls -d *claude* | xargs rm -rf"])
def test_a_name_xargs_cuts_reaches_the_hook_config(setup, name, command):
    with open(setup.path(name), "w") as f:
        f.write("")
    assert_denied(setup.bash(command, role="operator"), "protected")


def test_a_piece_that_is_the_folder_of_a_hook_config_counts(setup):
    with open(setup.path("a .claude"), "w") as f:
        f.write("")
    assert_denied(setup.bash("ls -d a* | xargs rm -rf", role="operator"), ".claude/settings.json")


@pytest.mark.parametrize("command", ["ls | xargs rm -rf", "ls build/*.o | xargs rm", "ls -d build/* | xargs rm -f"])
def test_plain_names_stay_allowed(setup, command):
    assert os.path.isdir(setup.path("build"))
    assert_allowed(setup.bash(command, role="operator"))
