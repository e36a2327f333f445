"""Red team 28 (issue 10 item 1, rt10i): the agents' editor extensions are part of the trust base.

Claude Code's VS Code extension runs the agent it bundles (`~/.vscode/extensions/
anthropic.claude-code-X/resources/native-binary/claude`), the Codex extension its own `codex`,
whatever PATH says; a patched bundle (or extension.js) never calls the hook. Those folders (in
VS Code, Insiders, VSCodium, Cursor, Windsurf, their remote servers and code-server) and each
editor's `extensions.json` (which says which folder holds an extension) are read allowed, any
change denied; other extensions stay writable.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

CLAUDE = "~/.vscode/extensions/anthropic.claude-code-2.1.71-linux-x64"
CODEX = "~/.cursor/extensions/openai.chatgpt-0.4.1-linux-x64"


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt28e"), files={
        CLAUDE + "/resources/native-binary/claude": "bin\n", CLAUDE + "/extension.js": "x\n",
        CODEX + "/bin/linux-x86_64/codex": "bin\n", "~/.vscode/extensions/extensions.json": "[]\n",
        "~/.vscode-server/extensions/anthropic.claude-code-2.1.70/extension.js": "x\n",
        "~/.vscode/extensions/ms-python.python-1.0/x.js": "x\n"})


@pytest.mark.parametrize("role", ("open", "operator"))
@pytest.mark.parametrize("place", [CLAUDE + "/resources/native-binary/claude", CLAUDE + "/extension.js",
                                   CODEX + "/bin/linux-x86_64/codex", "~/.vscode/extensions/extensions.json",
                                   "~/.vscode-server/extensions/anthropic.claude-code-2.1.70/extension.js"])
def test_an_agents_editor_extension_is_not_changed(g, role, place):
    assert_denied(g.check("Write", {"file_path": g.path(place), "content": "x"}, role=role), "installation")
    assert_denied(g.bash(f"cp /tmp/x {g.path(place)}", role=role))


@pytest.mark.parametrize("role", ("open", "operator"))
def test_removing_or_moving_an_agents_extension_is_refused(g, role):
    assert_denied(g.bash(f"rm -rf {g.path(CLAUDE)}", role=role))
    assert_denied(g.bash(f"mv {g.home}/.vscode/extensions {g.home}/.vscode/old", role=role))


@pytest.mark.parametrize("role", ("open", "operator"))
def test_reading_it_and_other_extensions_stay_allowed(g, role):
    assert_allowed(g.check("Read", {"file_path": g.path(CLAUDE + "/extension.js")}, role=role))
    assert_allowed(g.check("Write", {"file_path": g.path("~/.vscode/extensions/ms-python.python-1.0/x.js"),
                                     "content": "y"}, role=role))
