"""Red team #34 (issue 10, the trust base): an agent run or installed at a version the command
line picks.

The hooks the guard lives in are a feature of the agents' recent versions: an older Claude Code,
Codex or opencode reads no PreToolUse hook or plugin. `npx @anthropic-ai/claude-code@0.2.0 -p …`
started a nested agent whose tool calls no hook judged, and `npm i -g @openai/codex@0.1.0`, `npm
uninstall -g opencode-ai`, `claude install 1.0.0`, `opencode upgrade 0.1.0` replaced the program the
user's next session starts; all were allowed for every role that may run them (`operator`).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("operator", "open")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt34ver"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,shown", [
    ("npx @anthropic-ai/claude-code@0.2.0 -p hi", "@anthropic-ai/claude-code@0.2.0"),
    ("npx -y @anthropic-ai/claude-code@0.2.0 -p hi", "@anthropic-ai/claude-code@0.2.0"),
    ("bunx opencode-ai@0.0.5 run hi", "opencode-ai@0.0.5"), ("npx @openai/codex@0.1.0 exec hi", "@openai/codex@0.1.0"),
    ("pnpm dlx @anthropic-ai/claude-code@0.2.0 -p hi", "@anthropic-ai/claude-code@0.2.0"),
    ("npm exec --package=@anthropic-ai/claude-code@0.2.0 -- claude -p hi", "@anthropic-ai/claude-code@0.2.0"),
    ("npx github:someone/claude-code -p hi", "github:someone/claude-code"),
])
def test_a_nested_agent_at_a_pinned_version(setup, command, shown, role):
    reason = assert_denied(setup.bash(command, role=role), "a version of", "the command line picks",
                           "predates the hooks the guard relies on")
    assert shown in reason


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "npm install -g @anthropic-ai/claude-code@0.2.0", "npm i -g @openai/codex@0.1.0", "npm uninstall -g opencode-ai",
    "npm rm -g @anthropic-ai/claude-code", "pnpm add -g @anthropic-ai/claude-code@0.2.0", "bun add -g opencode-ai@0.0.1",
    "yarn global add @openai/codex@0.1.0", "npm update -g @anthropic-ai/claude-code",
])
def test_a_global_install_or_removal_of_the_agent(setup, command, role):
    assert_denied(setup.bash(command, role=role), "globally: the program the user's next session starts")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", ["claude install 1.0.0", "opencode upgrade 0.1.0"])
def test_the_agents_own_installer_told_a_version(setup, command, role):
    assert_denied(setup.bash(command, role=role), f"`{command}` installs that version")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "npx @anthropic-ai/claude-code -p hi", "npx @anthropic-ai/claude-code@latest -p hi", "claude -p hi",
    "claude update", "claude install stable", "opencode upgrade", "npm install -g typescript", "npm update -g",
    "npm i -D @anthropic-ai/claude-code", "codex exec 'bump opencode-ai@0.1 in the docs'",
    "uvx ruff check", "pipx run black .", "uvx --from httpie http x", "pipx install ruff", "uv tool install black",
])
def test_the_users_own_agent_and_other_packages_stay_allowed(setup, command, role):
    assert_allowed(setup.bash(command, role=role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,reason", [
    ("npx '@anthropic-ai/claude-code@>=2' --settings x.json -p hi", "`claude --settings` loads settings"),
    ("npx '@anthropic-ai/claude-code@>=2' --bare -p hi", "`claude --bare` starts a session whose hooks"),
    ("npx '@anthropic-ai/claude-code@>=2' mcp add x -- sh", "`claude mcp add` changes the agent's configuration"),
    ("bunx 'opencode-ai@>=1' --pure run hi", "opencode"),
    ("npx '@anthropic-ai/claude-code@>=0.1 <1' -p hi", "a version of claude the command line picks"),
])
def test_a_version_range_with_an_equals_sign_still_names_the_agent(setup, command, reason, role):
    """`_agent_in` split every word at `=` as if it were `--option=value`: a range `@>=2` hid the
    package, and with it `--settings`, `--bare` and `mcp add` (allowed under `operator`)."""
    assert_denied(setup.bash(command, role=role), reason)


RUNS = "running `legant` from inside the agent is not allowed"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,reason", [
    ("uvx legant-guard guard uninstall", RUNS), ("uvx --from legant-guard legant guard uninstall", RUNS),
    ("pipx run legant-guard guard uninstall", RUNS), ("pipx run --spec legant-guard legant guard uninstall", RUNS),
    ("uv tool run legant-guard guard status", RUNS), ("uvx --from=legant_guard==0.1 legant guard allow x", RUNS),
    ("pipx install legant-guard", "`pipx` would install a program named `legant`"),
    ("pipx install --force legant-guard==0.0.1", "`pipx` would install a program named `legant`"),
    ("uv tool install --force legant-guard==0.0.1", "`uv` would install a program named `legant`"),
    ("pip install --user legant-guard", "`pip` would install a program named `legant`"),
])
def test_the_guards_own_package_run_or_installed_by_name(setup, command, reason, role):
    """`legant guard uninstall` is refused by name, yet a runner ran the guard's CLI (a version the
    line picks) from the index, and an install put a second `legant` ahead on PATH (the one the
    user's next `legant guard install` runs): this package's program is known, `legant`."""
    assert_denied(setup.bash(command, role=role), reason)
