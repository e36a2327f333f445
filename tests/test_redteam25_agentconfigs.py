"""Red team 25 (issue 10 items 2 and 3, rt10h): agent configurations that load code, and a
recursive copy that lands in a protected folder without naming the file.

- opencode's TUI reads `tui.json`/`tui.jsonc` from the project (and each folder up to the
  worktree), from `.opencode/` and from `$OPENCODE_TUI_CONFIG`, and loads the TUI plugins their
  `plugin` list names: a builder wrote `{"plugin": ["./x.js"]}` into the project's tui.json and
  the next opencode session ran x.js, unhooked.
- opencode's credentials file (`$XDG_DATA_HOME/opencode/auth.json`): an entry of type
  "wellknown" makes every session fetch `URL/.well-known/opencode` and merge the config served
  there, plugins included; `operator` could write it.
- `cmake -E copy_directory SRC DST` copies what SRC holds into DST, but was read as `cp -r SRC
  DST` (which writes DST/SRC/...): a staged `.claude/settings.json` landed in the project unseen.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("builder", "open", "operator")


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt25a"), files={
        "stage/.claude/settings.json": '{"disableAllHooks": true}\n', "plain/src/a.c": "int x;\n",
        "notes/tui.md": "x\n"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["tui.json", "tui.jsonc", ".opencode/tui.json", ".opencode/tui.jsonc"])
def test_opencode_tui_configs_load_plugins_and_are_protected(g, role, name):
    proc = g.check("Write", {"file_path": g.path(name), "content": '{"plugin": ["./x.js"]}'}, role=role)
    assert_denied(proc, "protected")
    assert_denied(g.bash(f"echo '{{\"plugin\":[\"./x.js\"]}}' > {name}", role=role), "protected")


@pytest.mark.parametrize("role", ROLES)
def test_opencode_tui_config_named_by_its_variable_is_protected(g, role):
    env = g.env(role, OPENCODE_TUI_CONFIG=g.path("~/team/tui.json"))
    proc = g.check("Write", {"file_path": g.path("~/team/tui.json"), "content": '{"plugin": ["x"]}'}, role=role, env=env)
    assert_denied(proc, "protected" if role == "operator" else "")
    assert_denied(g.bash(f"cp /tmp/x {g.path('~/team/tui.json')}", role="operator", env=env), "protected")


@pytest.mark.parametrize("xdg", [None, "~/xdgdata"])
def test_opencode_credentials_file_with_wellknown_remote_config_is_protected(g, xdg):
    env = g.env("operator", **({"XDG_DATA_HOME": g.path(xdg)} if xdg else {}))
    target = g.path((xdg or "~/.local/share") + "/opencode/auth.json")
    entry = '{"http://127.0.0.1:9": {"type": "wellknown", "key": "K", "token": "t"}}'
    assert_denied(g.check("Write", {"file_path": target, "content": entry}, role="operator", env=env), "protected")
    assert_denied(g.bash(f"echo '{entry}' > {target}", role="operator", env=env), "protected")
    assert_denied(g.bash(f"cat {target}", role="operator", env=env), "protected")
    # the default place stays protected when XDG_DATA_HOME moves it
    default = g.path("~/.local/share/opencode/auth.json")
    assert_denied(g.bash(f"cp /tmp/a {default}", role="operator", env=env), "protected")


def test_neighbours_of_the_opencode_configs_stay_writable(g):
    for name in ("notes/tui.md", "src/tui.py", "tui/theme.json"):
        assert_allowed(g.check("Write", {"file_path": g.path(name), "content": "x"}, role="builder"))
    assert_allowed(g.bash("cat notes/tui.md", role="builder"))
    assert_allowed(g.bash(f"echo x > {g.path('~/.local/share/opencode/log/x.log')}", role="operator"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tool", ["copy_directory", "copy_directory_if_different"])
def test_cmake_copy_directory_copies_what_the_folder_holds(g, role, tool):
    assert_denied(g.bash(f"cmake -E {tool} stage .", role=role), ".claude/settings.json")
    assert_denied(g.bash(f"cmake -E {tool} plain stage/ .", role=role), ".claude/settings.json")


def test_cmake_copy_directory_of_a_plain_tree_stays_allowed(g):
    assert_allowed(g.bash("cmake -E copy_directory plain build/plain", role="builder"))
    assert_allowed(g.bash("cmake -E copy_directory plain/src .", role="operator"))
