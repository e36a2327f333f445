"""Red team 28 (issue 10 item 2, rt10i): Claude Code's worktrees leave a project-scope guard behind.

`claude -w NAME` (`--worktree[=NAME]`) starts a nested session in `.claude/worktrees/NAME`, and the
EnterWorktree tool moves the running session's project configuration (settings, hooks) there: a
fresh checkout without the project's untracked `.claude/settings.local.json`, where a
project-scope install put the guard's hook. Both are refused while the guard runs as a project
hook (a user-wide install's hook stays in every folder).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("builder", "open", "operator")


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt28w"))


@pytest.mark.parametrize("command", ["claude -w feat -p hi", "claude --worktree feat -p hi",
                                     "claude --worktree=feat -p hi", "claude -p --worktree hi",
                                     "npx @anthropic-ai/claude-code -w feat -p hi"])
def test_a_nested_session_in_a_new_worktree_is_refused(g, command):
    assert_denied(g.bash(command, role="operator"), "worktree")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tool_input", [{"name": "feat"}, {}, {"path": ".claude/worktrees/feat"}])
def test_entering_a_worktree_under_a_project_hook_is_refused(g, role, tool_input):
    assert_denied(g.check("EnterWorktree", tool_input, role=role), "settings.local.json")


@pytest.mark.parametrize("role", ROLES)
def test_leaving_a_worktree_and_a_user_wide_hook_stay_allowed(g, role):
    assert_allowed(g.check("ExitWorktree", {}, role=role))
    env = g.env(role)
    del env["LEGANT_GUARD_PROJECT"]  # (a user-wide install: no project in the hook's environment)
    assert_allowed(g.check("EnterWorktree", {"name": "feat"}, role=role, env=env))


def test_a_nested_session_in_the_project_stays_allowed(g):
    assert_allowed(g.bash("claude -p hi", role="operator"))
