"""Red team 7 (issue 9, class 4): files reached by name through a copy.

`cp x/* .claude/` writes whatever the glob matches into the folder of a hook config: when x holds
a settings.json (or an earlier command of the line may have put one there: `cp -r tpl x && cp
x/* .claude/`), the hook config is replaced. The names are taken from the disk when nothing earlier
in the line could have changed the folder, else from the pattern. A recursive search pointed at the
folder of a hook config prints it (`grep -r hook .claude`); a copy of the folder stays an ordinary
copy (docs/THREAT_MODEL.md)."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("copies"), files={
        ".claude/settings.json": "{}\n", "x/settings.json": "{}\n", "x/notes.md": "n\n", "tpl/README.md": "r\n",
        "src/a.py": "x\n", "empty/": ""})
    return s


@pytest.mark.parametrize("command", [
    "cp x/* .claude/",
    "cp -r x/* .claude/",
    "cp -r x/*.json .claude",
    "cp x/set* ./.claude/",
    "mv x/* .claude",
    "for f in x/*; do cp \"$f\" .claude/; done",
    "cp -r tpl y && cp y/* .claude/",
    "mkdir z && cp z/* .claude/",
    "touch empty/settings.json && cp empty/* .claude/",
    "cp -t .claude x/*",
])
def test_a_glob_copy_into_a_hook_config_folder(setup, command):
    assert_denied(setup.bash(command), "matches into", ".claude/settings.json", "protected")


@pytest.mark.parametrize("command", [
    "cp tpl/* .claude/",
    "cp empty/* .claude/",
    "cp -r tpl/* .",
    "cp src/*.py x/",
    "cp -r x/* src/",
])
def test_glob_copies_that_match_no_protected_name_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command, exe", [
    ("grep -r hook .claude", "grep"),
    ("grep -rh . .claude/", "grep"),
    ("rg hook .claude", "rg"),
    ("diff -r .claude x", "diff"),
])
def test_a_recursive_search_of_a_hook_config_folder(setup, command, exe):
    assert_denied(setup.bash(command), f"`{exe}` would read", "the hook config", ".claude/settings.json")


@pytest.mark.parametrize("command", ["grep -r TODO src", "cp -r src y", "diff -r src x", "ls -la .claude",
                                     "cp -r .claude y"])
def test_recursive_reads_beside_it_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


def test_the_agents_grep_tool_on_a_hook_config_folder(setup):
    assert_denied(setup.check("Grep", {"pattern": "hook", "path": setup.path(".claude"), "output_mode": "content"}),
                  "`Grep` would search", "the hook config")
    assert_allowed(setup.check("Grep", {"pattern": "x", "path": setup.path("src")}))
