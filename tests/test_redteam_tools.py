"""Red team: tool names and inputs. A tool the guard does not classify is `other` and needs an
explicit grant, but scope `*` grants it: then its inputs must still meet self-protection and
deny-path, and tools that run shell commands must be classified as shell."""

import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

from legant_guard import guarddir
from legant_guard.delegation.mint import mint_token


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-tools"), files={"README.md": "hello\n"})


# ---- Claude Code's Monitor runs a shell command -----------------------------------------------

def test_monitor_command_meets_self_protection(s):
    key = os.path.join(s.dir, "key.pem")
    assert_denied(s.check("Monitor", {"command": f"tail -f {key}", "description": "x"}, role="operator"),
                  "is protected")


def test_monitor_command_meets_tripwires_and_deny_cmd(s):
    assert_denied(s.check("Monitor", {"command": "rm -rf / --no-preserve-root", "description": "x"}, role="operator"),
                  "tripwire")
    assert_denied(s.check("Monitor", {"command": "curl -s http://127.0.0.1:9/", "description": "x"}, role="open"),
                  "`curl` is denied by deny-cmd")


def test_monitor_needs_shell_exec_and_the_command_allow_list(s):
    assert_denied(s.check("Monitor", {"command": "tail -f log.txt"}, role="reviewer"), "needs capability shell.exec")
    assert_denied(s.check("Monitor", {"command": "sqlite3 x.db .tables"}, role="builder"), "not on the command allow-list")
    assert_allowed(s.check("Monitor", {"command": "tail -f log.txt", "description": "log"}, role="builder"))


def test_monitor_without_a_command_denies(s):
    assert_denied(s.check("Monitor", {"script": "cat ~/.ssh/id_rsa"}, role="open"), "command is not a string")


# ---- unknown and MCP tools under scope * ------------------------------------------------------

@pytest.mark.parametrize("tool, tool_input", [
    ("mcp__fs__read_file", {"path": "~/.ssh/id_rsa"}),
    ("mcp__fs__read_file", {"path": "$HOME/.aws/credentials"}),
    ("mcp__fs__read_multiple", {"paths": ["/etc/hostname", "${{HOME}}/.ssh/id_ed25519"]}),
    ("mcp__fetch__get", {"url": "file://{home}/.ssh/id_rsa"}),
    ("SomeFutureTool", {"options": {"source": "{project}/.env"}}),
])
def test_unknown_and_mcp_tools_meet_deny_paths(s, tool, tool_input):
    def fill(v):
        if isinstance(v, str):
            return v.format(home=s.home, project=s.project)
        if isinstance(v, list):
            return [fill(x) for x in v]
        return {k: fill(x) for k, x in v.items()}
    assert_denied(s.check(tool, fill(tool_input), role="open"), "is denied by deny-path")


def test_unknown_tools_meet_self_protection_even_for_operator(s):
    key = os.path.join(s.dir, "key.pem")
    assert_denied(s.check("mcp__fs__write_file", {"path": key, "content": "x"}, role="operator"), "is protected")
    assert_denied(s.check("fs_write_file", {"path": os.path.join(s.project, ".claude", "settings.json")},
                          role="operator", agent="opencode"), "is protected")
    assert_denied(s.check("Teleport", {"to": [{"dest": os.path.join(s.home, ".codex", "config.toml")}]},
                          role="operator"), "is protected")


def test_mcp_tool_with_ordinary_arguments_still_allowed(s):
    assert_allowed(s.check("mcp__github__create_issue", {"title": "Fix /api/v1 route", "body": "see README.md"},
                           role="open"))
    assert_allowed(s.check("mcp__fs__read_file", {"path": os.path.join(s.project, "README.md")}, role="open"))


# ---- tool-name spellings: each agent has its own table ------------------------------------------

@pytest.mark.parametrize("tool", ["bash", "BASH", "read", "Write ", "mcp____x"])
def test_misspelled_claude_tool_names_are_unknown_and_fail_closed(s, tool):
    assert_denied(s.check(tool, {"command": "ls", "file_path": "README.md"}, role="builder"), "unknown tool")


def test_claude_tool_names_mean_nothing_to_opencode(s):
    # opencode names its tools in lower case; `Read` from an opencode event is an unknown tool.
    assert_denied(s.check("Read", {"filePath": "README.md"}, role="reviewer", agent="opencode"), "unknown tool")


def test_extra_keys_do_not_change_which_path_is_checked(s):
    key = os.path.join(s.dir, "key.pem")
    # Claude's Read uses file_path; a decoy `path` key does not hide it.
    assert_denied(s.check("Read", {"file_path": key, "path": os.path.join(s.project, "README.md")}, role="operator"),
                  "is protected")
    # NotebookEdit writes notebook_path.
    assert_denied(s.check("NotebookEdit", {"notebook_path": os.path.join(s.project, ".env"), "new_source": "x"},
                          role="open"), "denied by deny-path")
    # Edit with replace_all is still a write of file_path.
    assert_denied(s.check("Edit", {"file_path": os.path.join(s.home, ".bashrc"), "old_string": "a", "new_string": "b",
                                   "replace_all": True}, role="builder"), "outside the allowed paths")


def test_tool_allow_list_is_exact_case(s):
    token = mint_token(s.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:t",
                       actor="agent:t", scope="*", cnst={"tools": ["read"]}, ttl_seconds=600, now=time.time())
    env = s.env(LEGANT_GUARD_TOKEN_FILE=s.write_token(f"t{time.time_ns()}.jwt", token))
    assert_denied(s.check("Read", {"file_path": os.path.join(s.project, "README.md")}, env=env), "tool allow-list")


def test_subagent_event_is_decided_like_the_main_agent(s):
    key = os.path.join(s.dir, "key.pem")
    assert_denied(s.check("Read", {"file_path": key}, role="operator", agent_id="a1", agent_type="general-purpose"),
                  "is protected")


@pytest.mark.parametrize("tool", ["Write", "Edit", "ApplyPatch"])
def test_patch_body_under_an_unknown_codex_tool_name_meets_self_protection(s, tool):
    # Codex matches apply_patch with the matchers Edit and Write; should it ever send the patch
    # under such a name, the patch's files still meet self-protection (not "unknown, allowed").
    patch = "*** Begin Patch\n*** Add File: .claude/settings.json\n+{}\n*** End Patch\n"
    assert_denied(s.check(tool, {"command": patch}, role="operator", agent="codex"), ".claude/settings.json is protected")


# ---- content searches read every file below their path -------------------------------------------

def test_content_search_above_the_guard_dir_is_protected(s):
    # `grep {pattern: ".", path: <parent of the guard dir>}` prints key.pem line by line.
    parent = os.path.dirname(s.dir)
    assert_denied(s.check("grep", {"pattern": ".", "path": parent}, role="operator", agent="opencode"),
                  "would read", "which is protected")
    assert_denied(s.check("Grep", {"pattern": "PRIVATE", "path": "/"}, role="operator"), "which is protected")


def test_content_search_of_home_would_read_credential_stores(s):
    os.makedirs(os.path.join(s.home, ".ssh"), exist_ok=True)
    assert_denied(s.check("grep", {"pattern": "BEGIN", "path": "~"}, role="open", agent="opencode"),
                  "would read ~/.ssh, which is denied by deny-path")


def test_content_search_inside_the_project_still_allowed(s):
    os.makedirs(os.path.join(s.project, "src"), exist_ok=True)
    assert_allowed(s.check("grep", {"pattern": "TODO"}, role="builder", agent="opencode"))
    assert_allowed(s.check("grep", {"pattern": "TODO", "path": "src", "include": "*.py"}, role="builder",
                           agent="opencode"))
    assert_allowed(s.check("Grep", {"pattern": "TODO", "path": s.project}, role="reviewer"))


def test_name_listing_is_not_a_content_search(s):
    assert_allowed(s.check("glob", {"pattern": "**/*.md", "path": s.home}, role="open", agent="opencode"))


def test_monitor_of_a_network_server_is_exfiltration(s):
    assert_denied(s.check("Monitor", {"command": "python3 -m http.server"}, role="builder"), "denied by deny-cmd")
