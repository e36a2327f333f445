"""Red team 36: a file name that begins with `-` is an option to the command it is handed to.

`rg -l PAT` and `grep -rl PAT` print a file of the working folder without `./`, and bash
expands `*env` to the bare names of the working folder: a file named `--files0-from=.env`
became `wc -l --files0-from=.env` (wc names each line of .env in its error messages), one
named `--output=opencode.json` became `sort --output=opencode.json` (a write to a hook
config). The guard judged the harmless name as a path operand. Nothing is executed here."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

FILES = {".env": "SECRET=abc\n", "--files0-from=.env": "zqx\n", "--output=opencode.json": "zqy\n",
         "opencode.json": "{}\n", "src/a.py": "zqx = 1\n", "notes.txt": "hello\n"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt36"), files=FILES)


@pytest.mark.parametrize("command", [
    "grep -rl --exclude=.env zqx | xargs wc -l",
    "grep -rl --exclude=.env zqy | xargs sort",
    "wc -l $(grep -rl --exclude=.env zqx)",
    "grep -rl --exclude=.env zqx . | xargs wc -l",
    "rg -l zqx | xargs wc -l",
    "rg -l zqy | xargs sort",
    "wc -l $(rg -l zqx)",
    "rg -l0 zqx | xargs -0 wc -l",
])
def test_searched_name_that_is_an_option_stays_undetermined(setup, command):
    assert_denied(setup.bash(command), "could not determine operand")


@pytest.mark.parametrize("command", ["wc -l *env", "wc -l *.env", "cat *env", "ls -- *=* | xargs wc -l"])
def test_glob_match_that_is_an_option_is_refused(setup, command):
    assert_denied(setup.bash(command), "would read as an option")


@pytest.mark.parametrize("command", ["rg -l zqx src | xargs wc -l", "wc -l $(rg -l zqx src)", "wc -l *.txt",
                                     "wc -l src/*.py"])
def test_names_below_a_folder_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))
