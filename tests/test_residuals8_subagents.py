"""Residuals 8 (e): Claude Code's Agent tool (`Task` before, the Workflow tool's agents) with isolation.

The Agent tool's input (AGENT_HOOKS.md, 2.1.332: description, prompt, subagent_type, model, effort,
run_in_background, isolation) takes `isolation: "worktree"`: the sub-agent then works in a fresh
git worktree under `.claude/worktrees/`, made by the same code as EnterWorktree's, which lacks the
project's untracked `.claude/settings.local.json` where a project-scope install put the guard's
hook. Whether the sub-agent keeps the session's hooks there cannot be checked offline, so it is
refused like EnterWorktree while the guard runs as a project hook, also when the sub-agent's
definition says `isolation: worktree` in its front matter. Another isolation (`remote`: a session
on another machine, whose calls no hook here sees) is refused for every role. A sub-agent without
isolation (hooked like the main agent: its calls carry `agent_id`) stays allowed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

SPAWN = {"description": "refactor", "prompt": "rename x to y", "subagent_type": "general-purpose"}


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    g = GuardSetup(tmp_path_factory.mktemp("r8sub"))
    os.makedirs(g.path(".claude/agents"))
    with open(g.path(".claude/agents/iso.md"), "w") as f:
        f.write("---\nname: isolated-writer\ndescription: edits in its own worktree\nisolation: worktree\n---\nDo it.\n")
    with open(g.path(".claude/agents/plain.md"), "w") as f:
        f.write("---\nname: plain-writer\ndescription: edits here\n---\nDo it.\n")
    return g


@pytest.mark.parametrize("tool", ["Agent", "Task", "Workflow"])
@pytest.mark.parametrize("role", ["open", "operator"])
def test_worktree_isolation_under_a_project_hook(g, tool, role):
    assert_denied(g.check(tool, dict(SPAWN, isolation="worktree"), role=role), 'isolation "worktree"',
                  "lacks the guard's hook", "install --user")


def test_isolation_from_the_agent_definition(g):
    assert_denied(g.check("Agent", dict(SPAWN, subagent_type="isolated-writer"), role="operator"),
                  'isolation "worktree"', "lacks the guard's hook")


def test_remote_isolation_is_refused(g):
    assert_denied(g.check("Agent", dict(SPAWN, isolation="remote"), role="operator"), "isolation `remote`",
                  "does not see its calls")


def test_builder_cannot_spawn(g):
    assert_denied(g.check("Agent", dict(SPAWN, isolation="worktree")), "needs capability agent.spawn")


@pytest.mark.parametrize("data", [SPAWN, dict(SPAWN, run_in_background=True), dict(SPAWN, subagent_type="plain-writer"),
                                  dict(SPAWN, isolation="none")])
def test_sub_agents_without_isolation_stay_allowed(g, data):
    assert_allowed(g.check("Agent", data, role="operator"))


def test_user_wide_hook_keeps_worktree_sub_agents(g):
    env = g.env("operator")
    del env["LEGANT_GUARD_PROJECT"]  # (a user-wide install's hook is in every folder)
    assert_allowed(g.check("Agent", dict(SPAWN, isolation="worktree"), env=env))
