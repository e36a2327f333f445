"""Red team: the hook protocol itself. Whatever the event or the environment, `legant guard
check` answers (never hangs, never crashes into a non-deny exit code, which the agents treat
as "proceed"), prints nothing but the JSON deny on stdout, and denies what it cannot read."""

import json
import os
import subprocess

import pytest

from conftest import LEGANT, GuardSetup, assert_allowed, assert_denied, run_legant

HANG_LIMIT = 15  # seconds; the real budget is the agents' hook timeout, but a hang is a hang


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-proto"), files={"README.md": "hello\n"})


def check_raw(s, data, env=None, role="operator"):
    """Pipe raw bytes (not necessarily JSON) into the hook."""
    return subprocess.run(LEGANT + ["guard", "check"], input=data, env=env or s.env(role), cwd=s.project,
                          capture_output=True, timeout=HANG_LIMIT)


def decoded(proc):
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def read_event(s, **env_extra):
    return run_legant(["guard", "check"], input=s.event("Read", {"file_path": os.path.join(s.project, "README.md")}),
                      env=s.env(**env_extra), cwd=s.project, timeout=HANG_LIMIT)


# ---- files named by the environment that would block or never end ----------------------------

@pytest.fixture
def fifo(tmp_path):
    path = str(tmp_path / "fifo")
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("var", ["LEGANT_GUARD_TOKEN_FILE", "LEGANT_GUARD_JWKS", "LEGANT_GUARD_FEED",
                                 "LEGANT_GUARD_OVERLAY"])
def test_fifo_in_a_file_variable_denies_instead_of_hanging(s, fifo, var):
    assert_denied(read_event(s, **{var: fifo}), fifo, "not a regular file")


@pytest.mark.parametrize("var", ["LEGANT_GUARD_TOKEN_FILE", "LEGANT_GUARD_OVERLAY"])
def test_endless_device_in_a_file_variable_denies(s, var):
    # /dev/zero never ends: reading it whole exhausted memory and the hook was killed.
    assert_denied(read_event(s, **{var: "/dev/zero"}), "/dev/zero", "not a regular file")


def test_directory_as_token_file_denies(s, tmp_path):
    assert_denied(read_event(s, LEGANT_GUARD_TOKEN_FILE=str(tmp_path)), "is a directory")


def test_fifo_as_audit_trail_denies_instead_of_hanging(s, fifo):
    assert_denied(read_event(s, LEGANT_GUARD_AUDIT=fifo), "audit trail", "not a regular file")


def test_fifo_as_audit_head_denies_instead_of_hanging(s, tmp_path):
    os.mkfifo(str(tmp_path / "audit.jsonl.head"))
    assert_denied(read_event(s, LEGANT_GUARD_AUDIT=str(tmp_path / "audit.jsonl")), "audit head", "not a regular file")


def test_huge_token_file_denies(s, tmp_path):
    big = tmp_path / "big.jwt"
    big.write_bytes(b"a" * (2 * 1024 * 1024))
    assert_denied(read_event(s, LEGANT_GUARD_TOKEN_FILE=str(big)), "larger than")


# ---- events that are not what they seem --------------------------------------------------------

def test_json_null_event_denies_even_under_star_scope(s):
    # `null` parsed to None, which read as "no event": the call became tool `?`, which scope *
    # (operator, open) allowed.
    proc = decoded(check_raw(s, b"null"))
    assert_denied(proc, "the hook event is not a JSON object")


@pytest.mark.parametrize("data", [b"[]", b"42", b'"Read"', b"true"])
def test_non_object_events_deny(s, data):
    assert_denied(decoded(check_raw(s, data)), "not a JSON object")


def test_deeply_nested_event_denies_as_invalid_json_not_internal_error(s):
    event = '{"cwd": "%s", "tool_name": "Read", "tool_input": {"file_path": "README.md", "x": %s%s}}' % (
        s.project, "[" * 100000, "]" * 100000)
    reason = assert_denied(decoded(check_raw(s, event.encode())), "not valid JSON")
    assert "internal error" not in reason


def test_moderately_nested_unknown_tool_input_is_still_decided(s):
    event = '{"cwd": "%s", "tool_name": "mcp__x__y", "tool_input": {"x": %s%s}}' % (s.project, "[" * 500, "]" * 500)
    assert_denied(decoded(check_raw(s, event.encode(), role="builder")), "mcp.call")


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf{}",  # BOM
    b'{"tool_name": "Read", "tool_input": {"file_path": "\xff"}}',  # not UTF-8
    b'{"tool_name": "Read", "tool_input": {"file_path": "README.md", "n": NaN}}',
    b"",
])
def test_unreadable_event_bytes_deny(s, data):
    assert_denied(decoded(check_raw(s, data)), "not valid JSON")


@pytest.mark.parametrize("path", ["README.md\u0000", "README.md\u0000/../../guard/key.pem", "\ud800.env"])
def test_nul_bytes_and_lone_surrogates_in_paths_deny(s, path):
    event = json.dumps(s.event("Read", {"file_path": path}))  # json.dumps escapes both as \\u
    assert_denied(decoded(check_raw(s, event.encode())))


def test_duplicate_keys_take_the_last_value_like_the_agents_parser(s):
    # JSON.parse (Claude Code, opencode) keeps the last duplicate; so does the guard, so the
    # path it checks is the path the agent uses.
    event = ('{"cwd": "%s", "tool_name": "Read", "tool_input": {"file_path": "README.md", "file_path": "%s"}}'
             % (s.project, os.path.join(s.dir, "key.pem")))
    assert_denied(decoded(check_raw(s, event.encode())), "protected")


def test_allow_writes_nothing_to_stdout_or_stderr(s):
    assert_allowed(read_event(s))
