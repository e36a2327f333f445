"""Residuals 8 (c): the nested `.claude/` folders Claude Code loads below the project.

Claude Code (2.1.178, CHANGELOG) loads skills from nested `.claude/skills` when it works on files
there (closed before), and the sub-agents, workflows and output styles of nested `.claude/`
folders (the closest to the working folder wins a name). A sub-agent's front matter carries hooks
and MCP servers, a workflow is a script Claude Code runs: both are write-protected wherever they
lie, for every role, by file tool and by shell, like nested skills. Output styles (text for the
model), CLAUDE.md files and folders Claude Code does not read below the project (`commands`,
`settings.json` of a subfolder: read only when a session starts there, which makes it the
project) stay writable.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("r8nest"), files={"packages/a/src/x.ts": "x\n", "stage/agent.md": "---\n"
                                                                "name: a\nhooks: {}\n---\n"})


@pytest.mark.parametrize("role", ["builder", "operator"])
@pytest.mark.parametrize("name,what", [
    ("packages/a/.claude/agents/helper.md", "sub-agent"),
    ("packages/a/.claude/workflows/release.js", "workflow"),
    ("packages/a/.claude/skills/x/SKILL.md", "skill"),
])
def test_nested_agent_code_by_file_tool(g, role, name, what):
    assert_denied(g.check("Write", {"file_path": g.path(name), "content": "---\nname: x\n---\n"}, role=role),
                  f"changes a Claude Code {what}", "denied for every role")


@pytest.mark.parametrize("command,what", [
    ("mkdir -p packages/a/.claude/agents && cp stage/agent.md packages/a/.claude/agents/", "sub-agent"),
    ("echo 'run()' > packages/a/.claude/workflows/w.js", "workflow"),
])
def test_nested_agent_code_by_shell(g, command, what):
    assert_denied(g.bash(command, role="operator"), f"Claude Code {what}")


def test_a_link_where_nested_agents_load(g):
    assert_denied(g.bash("ln -s /tmp/elsewhere packages/a/.claude/agents", role="operator"),
                  "a link at", "sub-agents", "denied for every role")


@pytest.mark.parametrize("name", [
    "packages/a/.claude/output-styles/terse.md", "packages/a/CLAUDE.md", "packages/a/.claude/rules/style.md",
    "packages/a/src/agents/helper.md", "docs/workflows/release.md",
])
def test_neighbours_stay_writable(g, name):
    assert_allowed(g.check("Write", {"file_path": g.path(name), "content": "text\n"}))


def test_reading_nested_agents_stays_allowed(g):
    os.makedirs(g.path("packages/b/.claude/agents"), exist_ok=True)
    with open(g.path("packages/b/.claude/agents/r.md"), "w") as f:
        f.write("---\nname: r\n---\n")
    assert_allowed(g.check("Read", {"file_path": g.path("packages/b/.claude/agents/r.md")}))
