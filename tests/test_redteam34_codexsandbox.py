"""Red team #34 (issue 10, the trust base): Codex's own sandbox commands run a command.

`codex sandbox linux|macos|windows [--full-auto] [-c K=V] [--] CMD…` (and `codex debug
landlock|seatbelt`, and the helper `codex-linux-sandbox --sandbox-policy P -- CMD`) start CMD as
Codex's shell tool would: with `--full-auto` it may write the project (`.claude/` included; only
`.git` and `.codex` are kept read-only), and a configuration may turn the sandbox off. The guard
judged them as the program `codex` with some words, so `codex sandbox linux --full-auto -- rm -rf
.claude` removed the hook config under `operator`, and `open`'s deny-cmd never saw the `curl` inside.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt34codexsb"), files={".claude/settings.json": "{}\n",
                                                                     "~/.claude/settings.json": "{}\n"})


@pytest.mark.parametrize("role", ("operator", "open"))
@pytest.mark.parametrize("command", [
    "codex sandbox linux --full-auto -- rm -rf .claude", "codex -c x=1 sandbox macos --full-auto rm -rf .claude",
    "codex debug landlock -- rm -rf .claude", "codex sandbox linux rm -rf .claude",
    "codex-linux-sandbox --sandbox-policy '{}' --sandbox-policy-cwd . -- rm -rf .claude",
])
def test_the_command_a_codex_sandbox_runs_is_judged(setup, command, role):
    assert_denied(setup.bash(command, role=role), f"deleting or moving {setup.path('.claude')}", "which is protected")


@pytest.mark.parametrize("command", ["codex sandbox linux --full-auto -- sh -c 'echo > ~/.claude/settings.json'",
                                     "codex sandbox macos -- cp x ~/.claude/settings.json"])
def test_a_write_of_the_users_hook_config_inside_it(setup, command):
    assert_denied(setup.bash(command, role="operator"), setup.path("~/.claude/settings.json"), "protected")


def test_opens_network_rule_sees_the_command_inside(setup):
    assert_denied(setup.bash("codex sandbox linux -- curl http://example.com", role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("command", ["codex sandbox linux --full-auto -- make test", "codex exec 'fix it'",
                                     "codex sandbox linux -- ls", "codex --version"])
def test_ordinary_runs_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))
