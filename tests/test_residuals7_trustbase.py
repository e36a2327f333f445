"""Residuals 7 (issue 10): pieces of the trust base earlier rounds left open, each for every role.

- MCP servers configured in Claude Code's own state file (`~/.claude.json`: `mcpServers` at the
  top, `claude mcp add --scope user`, and under `projects.<folder>`, `--scope local`) start with
  the session: the scripts they name are write-protected like `.mcp.json`'s
  (hook/configscripts.py cuts each `mcpServers` object out of the file's bytes, no whole parse).
- VS Code's (and Cursor's, VSCodium's ...) `terminal.integrated.env.*`/`profiles.*` in the user
  `settings.json` give every terminal the editor opens its environment or shell: content-checked
  like a shell start-up file (hook/editorsettings.py); other settings stay writable. A
  workspace's `.vscode/settings.json` is not checked (templates carry it).
- opencode's database (`~/.local/share/opencode/opencode.db`, and its SQLite side files) holds the
  console login whose organisation config every session fetches: agent configuration.
- A file whose text is checked before it is written may be written by a plain `cp SRC DEST`: the
  source's text is checked (`cp .env.example .env` under a project whose `.envrc` loads `.env`
  with `dotenv`, refused before whatever .env.example held; hook/copiedtext.py).
- `just --set cc curl build`, `just cc=curl build`: a justfile variable a recipe may run as its
  program; a denied program there is refused.
"""

import json

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write

ROLES = ["operator", "open", "builder"]


@pytest.fixture()
def claude_json(tmp_path):
    g = GuardSetup(tmp_path, files={"srv/x.js": "//", "~/bin/m.sh": "#!/bin/sh\n", "other.js": "//"})
    history = [{"display": 'text with "quotes" and braces {}}{ and \\"escapes\\"'}] * 200
    write(g.path("~/.claude.json"), json.dumps({
        "numStartups": 3, "projects": {g.project: {"history": history, "mcpServers": {
            "local": {"type": "stdio", "command": "node", "args": [g.path("srv/x.js")]}}}},
        "mcpServers": {"user": {"command": "bash", "args": [g.path("~/bin/m.sh")]}}}))
    return g


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["srv/x.js", "~/bin/m.sh"])
def test_scripts_of_mcp_servers_in_claude_json_are_write_protected(claude_json, role, name):
    path = claude_json.path(name)
    proc = claude_json.check("Write", {"file_path": path, "content": "evil()"}, role=role)
    assert_denied(proc, f"changing {path}", "changing it is denied for every role")
    assert_denied(claude_json.bash(f"echo 'evil()' >> {path}", role=role), path)


def test_other_files_beside_them_stay_writable(claude_json):
    assert_allowed(claude_json.check("Write", {"file_path": claude_json.path("other.js"), "content": "x"}))
    assert_allowed(claude_json.bash("cat srv/x.js", role="builder"))  # (reading stays allowed)


def _w(g, path, content, role):
    return g.check("Write", {"file_path": path, "content": content}, role=role)


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("r7tb"), files={
        ".envrc": "dotenv\n", ".env.example": "DB_URL=postgres://localhost/db\n", "bad.example": "CLAUDE_CONFIG_DIR=/tmp/x\n",
        "plain.json": '{"editor.tabSize": 2}', "envset.json": '{"terminal.integrated.env.linux": {"A": "1"}}'})


@pytest.mark.parametrize("key", ["terminal.integrated.env.linux", "terminal.integrated.env.osx",
                                 "terminal.integrated.profiles.linux", "terminal.integrated.shell.linux",
                                 "Terminal.Integrated.Env.Linux", "terminal\\u002eintegrated.env.linux"])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_an_editor_setting_for_its_terminals_is_refused(g, key, role):
    text = '{"%s": {"CLAUDE_CONFIG_DIR": "/tmp/x"}}' % key
    for path in (g.path("~/.config/Code/User/settings.json"), g.path("~/.config/Cursor/User/settings.json"),
                 g.path("~/.config/VSCodium/User/settings.json"), g.path("~/Library/Application Support/Code/User/settings.json")):
        assert_denied(_w(g, path, text, role), "an editor's settings", "every terminal the editor opens")


@pytest.mark.parametrize("role", ["operator", "builder"])
def test_other_editor_settings_stay_writable(g, role):
    text = '{"editor.formatOnSave": true, "python.defaultInterpreterPath": ".venv/bin/python"}'
    assert_allowed(_w(g, g.path(".vscode/settings.json"), text, role))
    assert_allowed(_w(g, g.path("app/settings.json"), '{"terminal.integrated.env.linux": {}}', role))  # (not an editor's)
    if role == "operator":
        assert_allowed(_w(g, g.path("~/.config/Code/User/settings.json"), '{"editor.fontSize": 14}', role))


def test_a_shell_write_of_editor_settings_is_checked_too(g):
    user = "~/.config/Code/User/settings.json"
    assert_denied(g.bash(f"echo '{{\"terminal.integrated.env.linux\": {{}}}}' > {user}", role="operator"),
                  "an editor's settings")
    assert_allowed(g.bash(f"echo '{{\"editor.tabSize\": 2}}' > {user}", role="operator"))
    assert_allowed(g.bash(f"cp plain.json {user}", role="operator"))
    assert_denied(g.bash(f"cp envset.json {user}", role="operator"), "terminal.integrated.env")


def test_a_workspaces_settings_are_content_checked_since_residuals8(g):
    # (closed by residuals 8: VS Code applies terminal.integrated.env from a trusted workspace too;
    # a template's harmless settings still copy, tests/test_residuals8_editorsettings.py)
    assert_denied(g.bash("cp envset.json .vscode/settings.json", role="operator"), "an editor's settings",
                  "terminal.integrated.env")


@pytest.mark.parametrize("command", ["cp .env.example .env", "cp -f .env.example .env", "cp -- .env.example .env"])
def test_a_plain_copy_of_a_readable_template_onto_a_loaded_dotenv_is_judged_by_its_text(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command, fragment", [
    ("cp bad.example .env", "it sets or uses CLAUDE_CONFIG_DIR"),
    ("cp .env.example .env && echo done", "cannot be determined"),  # (not a plain copy: another command)
    ("cat .env.example > .env", "cannot be determined"),
    ("cp .env.example missing-dir/../.env; cp bad.example .env", "cannot be determined"),
])
def test_a_copy_that_is_not_plain_or_carries_a_hook_variable_is_refused(g, command, fragment):
    assert_denied(g.bash(command, role="operator"), "writing", ".env", fragment)


@pytest.mark.parametrize("name", ["opencode.db", "opencode.db-wal", "opencode.db-shm"])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_opencode_database_is_agent_configuration(g, name, role):
    path = g.path("~/.local/share/opencode/" + name)
    assert_denied(_w(g, path, "x", role), "is protected")
    assert_denied(g.bash(f"sqlite3 ~/.local/share/opencode/{name} 'select 1'", role=role), "is protected")


def test_opencode_logs_stay_writable(g):
    assert_allowed(_w(g, g.path("~/.local/share/opencode/log/x.log"), "x", "operator"))


@pytest.mark.parametrize("command, value", [
    ("just --set cc curl build", "curl"), ("just cc=curl build", "curl"), ("just cc='nc -l 9' build", "nc -l 9"),
    ("just -v --set cc /usr/bin/wget build", "/usr/bin/wget"),
])
def test_a_justfile_variable_set_to_a_denied_program_is_refused(g, command, value):
    assert_denied(g.bash(command, role="open"), "gives a justfile variable the value", value, "denied by deny-cmd")


@pytest.mark.parametrize("command", ["just --set cc gcc build", "just version=1.2 release", "just build", "just test"])
def test_ordinary_just_variables_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))


def test_a_run_time_folder_before_an_editors_settings_is_judged_by_how_much_it_names(g):
    # `settings.json` alone is every tool's name (a run-time folder before it stays allowed); with
    # the editor's own folder named, it could be the user's settings
    assert_allowed(g.bash("echo x > $(mktemp -d)/settings.json", role="operator"))
    assert_denied(g.bash('echo x > "$(cat where.txt)/User/settings.json"', role="operator"),
                  "whose folder is built at run time", "Code/User/settings.json")
