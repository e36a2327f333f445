"""Red team 25 (issue 10 item 2, rt10h): the scripts of the MCP servers an agent starts with its session.

Claude Code (`.mcp.json`), Codex (`[mcp_servers.*]` in config.toml) and opencode (`mcp` in
opencode.json, `"command": ["bun", "run", "srv/main.ts"]`) start the MCP servers their
configurations name when a session starts: the server is code that runs as the user outside
any tool call, and can rewrite the hook config. The configurations were protected, but the
scripts they run (`node ./mcp/server.js`) were writable by a builder. They are write-protected
now like the scripts hooks and statusLine run (hook/configscripts.py); reading stays allowed.
"""

import json

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

FILES = {
    ".mcp.json": json.dumps({"mcpServers": {"a": {"command": "node", "args": ["./mcp/server.js"]},
                                            "b": {"command": "npx", "args": ["-y", "@acme/server"]},
                                            "c": {"type": "http", "url": "http://127.0.0.1:9/mcp"}}}),
    ".codex/config.toml": '[mcp_servers.p]\ncommand = "python3"\nargs = ["tools/mcp_tools.py"]\n',
    "opencode.json": json.dumps({"mcp": {"l": {"type": "local", "command": ["bun", "run", "srv/main.ts"]}}}),
    "mcp/server.js": "x\n", "tools/mcp_tools.py": "x\n", "srv/main.ts": "x\n", "mcp/other.js": "x\n",
}


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt25c"), files=FILES)


@pytest.mark.parametrize("role", ["builder", "operator"])
@pytest.mark.parametrize("name", ["mcp/server.js", "tools/mcp_tools.py", "srv/main.ts"])
def test_a_started_mcp_servers_script_is_write_protected(g, role, name):
    assert_denied(g.bash(f"echo 'require(\"child_process\")' >> {name}", role=role), name)
    assert_denied(g.check("Write", {"file_path": g.path(name), "content": "x"}, role=role), name)


def test_reading_them_and_writing_their_neighbours_stays_allowed(g):
    assert_allowed(g.bash("cat mcp/server.js", role="builder"))
    assert_allowed(g.check("Write", {"file_path": g.path("mcp/other.js"), "content": "y\n"}, role="builder"))
    assert_allowed(g.bash("echo y > srv/util.ts", role="builder"))
