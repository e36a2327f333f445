"""Red team rt9c, issue 9 class 3: the files a find sink hands to a program meet the same checks
as a direct read. `cat .claude/settings.json` is refused (hook configs are neither read nor
written, THREAT_MODEL), so `find .claude -type f -exec cat {} +` and `find ... | xargs cat` are too.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("sinks"))
    os.makedirs(os.path.join(s.project, ".claude"))
    with open(os.path.join(s.project, ".claude", "settings.json"), "w") as f:
        f.write("{}")
    os.makedirs(os.path.join(s.project, "src"))
    with open(os.path.join(s.project, "src", "main.go"), "w") as f:
        f.write("package main\n")
    return s


@pytest.mark.parametrize("command", [
    "find .claude -type f -exec cat {} +",
    "find .claude -exec cat {} \\;",
    "find .claude -type f | xargs cat",
    "find .claude -type f -print0 | xargs -0 cat",
    "find . -name settings.json -exec cat {} +",
    "find . -name 'settings*' -execdir cat {} \\;",
    "find . -name 'settings*' -ok cat {} \\;",
    "find . -path '*claude*' -exec head {} +",
    "find . -type f -exec grep -l foo {} +",
])
def test_find_hands_a_hook_config_to_a_reader(setup, command):
    assert_denied(setup.bash(command), "could select", ".claude/settings.json", "which is protected")


def test_the_direct_read_it_matches(setup):
    assert_denied(setup.bash("cat .claude/settings.json"), "is protected")


@pytest.mark.parametrize("command", [
    "find . -name '*.go' -exec grep x {} +",
    "find src -type f -exec cat {} +",
    "find . -type f -not -path './.claude/*' -exec grep -l foo {} +",
    "find .claude -type f",
])
def test_finds_that_select_no_hook_config_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))
