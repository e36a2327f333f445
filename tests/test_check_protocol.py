"""`legant guard check` as a process: guard off/on, fail-closed inputs, the deny protocol, audit."""

import json
import os

import functools

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant


@pytest.fixture(scope="module")
def guard_setup(tmp_path_factory):
    """These tests pin the protocol of the real process: every check runs `legant` itself."""
    setup = GuardSetup(tmp_path_factory.mktemp("guard"))
    setup.check = functools.partial(setup.check, subprocess=True)
    return setup


def test_no_token_variable_means_guard_off_and_allows_silently(tmp_path):
    proc = run_legant(["guard", "check"], input='{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}',
                      env=clean_env(home=tmp_path))
    assert_allowed(proc)


def test_guard_off_allows_even_garbage_input(tmp_path):
    assert_allowed(run_legant(["guard", "check"], input="not json", env=clean_env(home=tmp_path)))


def test_empty_token_file_denies(guard_setup, tmp_path):
    empty = tmp_path / "empty.jwt"
    empty.write_text("")
    proc = guard_setup.check("Read", {"file_path": "README.md"}, env=guard_setup.env(LEGANT_GUARD_TOKEN_FILE=str(empty)))
    assert_denied(proc, "is empty")


def test_token_file_variable_set_but_empty_denies(guard_setup):
    proc = guard_setup.check("Read", {"file_path": "README.md"}, env=guard_setup.env(LEGANT_GUARD_TOKEN_FILE=""))
    assert_denied(proc, "LEGANT_GUARD_TOKEN_FILE is set but empty")


def test_missing_token_file_denies(guard_setup, tmp_path):
    proc = guard_setup.check("Read", {"file_path": "README.md"},
                             env=guard_setup.env(LEGANT_GUARD_TOKEN_FILE=str(tmp_path / "nope.jwt")))
    assert_denied(proc, "cannot read the token file")


def test_inline_empty_token_denies(guard_setup):
    env = guard_setup.env()
    del env["LEGANT_GUARD_TOKEN_FILE"]
    env["LEGANT_GUARD_TOKEN"] = "  "
    assert_denied(guard_setup.check("Read", {"file_path": "x"}, env=env), "LEGANT_GUARD_TOKEN is set but empty")


def test_inline_token_works(guard_setup):
    env = guard_setup.env()
    with open(env.pop("LEGANT_GUARD_TOKEN_FILE")) as f:
        env["LEGANT_GUARD_TOKEN"] = f.read().strip()
    env["LEGANT_GUARD_JWKS"] = os.path.join(guard_setup.dir, "jwks.json")
    assert_allowed(guard_setup.check("Read", {"file_path": "README.md"}, env=env))


def test_event_not_json_denies(guard_setup):
    proc = run_legant(["guard", "check"], input="{not json", env=guard_setup.env())
    assert_denied(proc, "not valid JSON")


def test_event_too_large_denies(guard_setup):
    big = json.dumps(guard_setup.event("Write", {"file_path": "a.txt", "content": "x" * (9 * 1024 * 1024)}))
    assert_denied(run_legant(["guard", "check"], input=big, env=guard_setup.env()), "larger than")


def test_event_without_tool_name_denies(guard_setup):
    proc = run_legant(["guard", "check"], input={"cwd": guard_setup.project, "tool_input": {}}, env=guard_setup.env())
    assert_denied(proc, "no tool_name")


def test_event_that_is_a_list_denies(guard_setup):
    assert_denied(run_legant(["guard", "check"], input=[1, 2], env=guard_setup.env()), "not a JSON object")


def test_command_that_is_not_a_string_denies(guard_setup):
    proc = guard_setup.check("Bash", {"command": ["rm", "-rf", "/"]})
    assert_denied(proc, "command is not a string")


def test_relative_cwd_denies(guard_setup):
    proc = guard_setup.check("Read", {"file_path": "README.md"}, cwd="relative/dir")
    assert_denied(proc, "cwd is not an absolute path")


def test_unknown_agent_option_denies_when_on(guard_setup):
    proc = run_legant(["guard", "check", "--agent", "vim"], input=guard_setup.event("Read", {"file_path": "a"}),
                      env=guard_setup.env())
    assert_denied(proc, "unknown agent")


def test_missing_jwks_denies(guard_setup, tmp_path):
    proc = guard_setup.check("Read", {"file_path": "README.md"},
                             env=guard_setup.env(LEGANT_GUARD_JWKS=str(tmp_path / "missing.json")))
    assert_denied(proc, "invalid delegation token")


def test_allow_is_exit_zero_with_no_output(guard_setup):
    assert_allowed(guard_setup.check("Read", {"file_path": os.path.join(guard_setup.project, "README.md")}))


def test_deny_prints_portable_deny_for_every_agent(guard_setup):
    for agent in ("claude-code", "codex", "opencode"):
        tool, key = ("Write", "file_path") if agent != "opencode" else ("write", "filePath")
        if agent == "codex":
            proc = guard_setup.check("apply_patch", {"command": "*** Begin Patch\n*** Add File: /etc/x\n+a\n*** End Patch\n"},
                                     agent=agent)
        else:
            proc = guard_setup.check(tool, {key: "/etc/passwd", "content": "x"}, agent=agent)
        assert_denied(proc, "outside the allowed paths")


def test_every_decision_is_audited_with_reason(tmp_path):
    setup = GuardSetup(tmp_path)
    setup.check("Read", {"file_path": "README.md"})
    setup.check("Write", {"file_path": "/etc/hosts", "content": "x"})
    with open(os.path.join(setup.dir, "audit.jsonl")) as f:
        records = [json.loads(line) for line in f]
    assert [r["decision"] for r in records] == ["allow", "deny"]
    assert records[1]["tool"] == "Write" and "outside the allowed paths" in records[1]["reason"]
    assert records[0]["provenance"].startswith("user:") and records[0]["provenance"].endswith("-> agent:builder")
    assert len(records[0]["jti"]) == 32 and records[0]["session"] == "test-session"


def test_unwritable_audit_trail_denies(guard_setup, tmp_path):
    bad = tmp_path / "no-such-dir" / "audit.jsonl"
    proc = guard_setup.check("Read", {"file_path": "README.md"}, env=guard_setup.env(LEGANT_GUARD_AUDIT=str(bad)))
    assert_denied(proc, "cannot write the audit trail")


def test_check_help_is_plain_usage():
    proc = run_legant(["guard", "check", "--help"])
    assert proc.returncode == 0 and "legant guard check" in proc.stdout and "Example" in proc.stdout
