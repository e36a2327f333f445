"""Residuals 8 (b): a workspace's VS Code settings are content-checked like the user's.

VS Code (and its forks) reads `terminal.integrated.env.*`, `profiles.*`, `shell.*` and the
automation profile from a trusted workspace's `.vscode/settings.json` and from a `.code-workspace`
file as well as from the user's settings (they are `restricted` settings: ignored only in
Restricted Mode), so an agent started from such a terminal inherits `CLAUDE_CONFIG_DIR=/x`. Both
are checked now wherever they lie, by file tool and by shell, for every role; other settings stay
writable. A copied tree (a project template) is read: its regular files are checked as the text
they are, so a harmless template's `.vscode/settings.json` copies as before.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ENV = '{"terminal.integrated.env.linux": {"CLAUDE_CONFIG_DIR": "/tmp/x"}}'
EDITOR = "an editor's settings"


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    g = GuardSetup(tmp_path_factory.mktemp("r8vsc"), files={
        ".vscode/settings.json": '{"editor.tabSize": 4}\n', "tmpl/.vscode/settings.json": '{"editor.tabSize": 2}\n',
        "bad/.vscode/settings.json": ENV + "\n", "flat/settings.json": '{"editor.tabSize": 2}\n'})
    os.symlink(g.path("bad/.vscode/settings.json"), g.path("flat/other.json"))
    return g


@pytest.mark.parametrize("role", ["builder", "operator"])
@pytest.mark.parametrize("name,text", [
    (".vscode/settings.json", ENV),
    ("packages/a/.vscode/settings.json", '{"terminal.integrated.profiles.linux": {"x": {"path": "/tmp/sh"}}}'),
    ("team.code-workspace", '{"folders": [{"path": "."}], "settings": ' + ENV + "}"),
    (".vscode/settings.json", '{"terminal.integrated.automationProfile.linux": {"path": "/tmp/sh"}}'),
])
def test_file_tool_write_of_terminal_settings(g, role, name, text):
    assert_denied(g.check("Write", {"file_path": g.path(name), "content": text}, role=role), EDITOR, "terminal.integrated")


def test_edit_that_adds_terminal_env(g):
    assert_denied(g.check("Edit", {"file_path": g.path(".vscode/settings.json"), "old_string": '"editor.tabSize": 4',
                                   "new_string": '"terminal.integrated.env.linux": {"PATH": "/tmp"}'}),
                  EDITOR, "terminal.integrated.env")


@pytest.mark.parametrize("command,reason", [
    ("mkdir -p .vscode && echo '%s' > .vscode/settings.json" % ENV, "cannot be determined"),
    ("printf '%%s' '%s' > .vscode/settings.json" % ENV, "terminal.integrated.env"),
    ("cp bad/.vscode/settings.json .vscode/settings.json", "terminal.integrated.env"),
    ("sed -i 's/tabSize/terminal.integrated.env.linux/' .vscode/settings.json", "cannot be determined"),
    ("cp -r bad/.vscode .", "only text the guard can read"),
    ("cp -r bad/. copy/", "only text the guard can read"),
    # written earlier in the line under another name, then copied onto the checked name
    ("echo '%s' > flat/settings.json && cp -r flat/. .vscode/" % ENV, "only text the guard can read"),
])
def test_shell_writes_of_terminal_settings(g, command, reason):
    assert_denied(g.bash(command, role="operator"), EDITOR, reason)


@pytest.mark.parametrize("call", [
    ("Write", {"file_path": ".vscode/settings.json", "content": '{"editor.tabSize": 2, "python.testing.pytestEnabled": true}'}),
    ("Write", {"file_path": "team.code-workspace", "content": '{"folders": [{"path": "."}]}'}),
    ("Bash", {"command": "echo '{\"editor.formatOnSave\": true}' > .vscode/settings.json"}),
    ("Bash", {"command": "cp tmpl/.vscode/settings.json .vscode/settings.json"}),
    ("Bash", {"command": "cp -r tmpl/. newproj/"}),
    ("Bash", {"command": "cp -r tmpl/.vscode ."}),
    ("Bash", {"command": "cp -r flat/. .vscode/"}),  # (the link lands as other.json, not read as settings)
    ("Bash", {"command": "cat .vscode/settings.json"}),
])
def test_harmless_workspace_settings_stay_writable(g, call):
    tool, data = call
    if "file_path" in data:
        data = dict(data, file_path=g.path(data["file_path"]))
    assert_allowed(g.check(tool, data))
