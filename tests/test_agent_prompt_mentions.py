"""An agent's command-line prompt attaches the files it mentions: `claude -p "summarize @.env"`
reads .env into the nested session before any tool call, so that session's hooks never see the
read (red team 44's note). Each `@PATH` in a word of claude/codex/opencode is judged as a read
(shell/programoperands.prompt_mentions); mentions of allowed files and `@` inside addresses or
versions stay allowed."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mentions"),
                      files={".env": "SECRET=1\n", "src/main.go": "package main\n", "Makefile": "all:\n"})


@pytest.mark.parametrize("command", [
    'claude -p "summarize @.env"',
    'opencode run "read @.env please"',
    'codex exec "explain (@.env)"',
    'claude -p "x" @.env',
    'claude -p "read @\\".env\\" now"',
    'claude -p "compare @src/main.go and @.env."',
])
def test_a_mentioned_secret_is_a_read(g, command):
    # (under builder the agents' programs are off the allow-list in the first place)
    assert_denied(g.bash(command, role="open"), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    'claude -p "look at @src/main.go"',
    'claude -p "fix @src/main.go, then @Makefile"',
    'claude -p "mail me at a@b.com"',
    'claude -p "x" --model claude-sonnet@latest',
])
def test_other_mentions_and_at_signs_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))
