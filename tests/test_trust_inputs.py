"""Issue 10 "also found": credentials the audit must not keep, inputs that must get a clear reason
(NUL, lone surrogates), the inline token against a configured token file, implausible token and
feed times, and user roles that would pass for a built-in."""

import json
import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.delegation import claims as C
from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.keys import sign_jws
from legant_guard.hook import audit


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("inputs"))


# --- redaction -------------------------------------------------------------------------------


@pytest.mark.parametrize("target,secret", [
    ("aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENG", "wJalrXUtnFEMIK7MDENG"),
    ("aws configure set aws_session_token 'IQoJb3JpZ2luX2Vj'", "IQoJb3JpZ2luX2Vj"),
    ("echo hf_abcdefghijklmnopqrstuvwxyzABCD", "hf_abcdefghijklmnopqrstuvwxyzABCD"),
    ("export X=gsk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", "gsk_abcdefghijkl"),
    ("python run.py gsk_abcdefghijklmnopqrstuvwxyz0123456789", "gsk_abcdefghijkl"),
    ("sshpass -p hunter2pw ssh bob@host", "hunter2pw"),
    ("sshpass -phunter2pw ssh bob@host", "hunter2pw"),
    ("curl -u bob:hunter2pw https://api.example", "hunter2pw"),
    ("curl --user bob:hunter2pw https://api.example", "hunter2pw"),
    ("curl -s --user=bob:hunter2pw https://api.example", "hunter2pw"),
    ("docker login -u bob -p hunter2pw registry.example", "hunter2pw"),
    ("docker login -p hunter2pw -u bob registry.example", "hunter2pw"),
    ("mysql --password=hunter2pw db", "hunter2pw"),
    ("psql postgres://bob:hunter2pw@db.example/app", "hunter2pw"),
    ("mysql -h db mysql://bob:hunter2pw@db/app", "hunter2pw"),
    ('curl -H "Authorization: Bearer abcdef123456789" https://x', "abcdef123456789"),
    ("git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x/y", "ghp_abcdefghijklmnopqrst"),
    ("echo github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz", "github_pat_11ABCDEFG0"),
    ("curl -d token=x https://hooks.slack.com xoxp-1234567890-abcdefghij", "xoxp-1234567890"),
    ("echo AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
    ("printf -- '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----'", "MHcCAQEEIB"),
])
def test_credentials_of_every_class_never_reach_the_trail(tmp_path, target, secret):
    trail = tmp_path / "audit.jsonl"
    audit.append(trail, {"target": target, "reason": f"denied: {target}"})
    text = trail.read_text()
    assert secret not in text and audit.REDACTED in json.loads(text)["target"]
    assert audit.verify(trail)[0]


@pytest.mark.parametrize("target", [
    "aws configure set default.region eu-west-1", "docker run -u 1000:1000 img", "curl -u bob https://x",
    "ssh -p 22 host", "git log -p", "hf_x", "npm login",
])
def test_harmless_neighbours_stay_readable(target):
    assert audit.redact(target) == target


def test_a_hook_call_with_a_password_is_recorded_redacted(s):
    s.bash("sshpass -p hunter2pw ssh bob@host uptime")
    with open(os.path.join(s.dir, "audit.jsonl")) as f:
        text = f.read()
    assert "hunter2pw" not in text and "sshpass -p [REDACTED]" in text


# --- paths no file system can hold -------------------------------------------------------------


@pytest.mark.parametrize("tool", ["Read", "Write", "Edit"])
def test_nul_in_a_path_is_a_clear_deny(s, tool):
    proc = s.check(tool, {"file_path": s.project + "/a\x00b", "content": "x", "old_string": "a", "new_string": "b"})
    reason = assert_denied(proc, "contains a NUL byte", "no file name can hold")
    assert "internal error" not in reason


@pytest.mark.parametrize("tool", ["Read", "Write"])
def test_a_lone_surrogate_in_a_path_is_a_clear_deny(s, tool):
    proc = s.check(tool, {"file_path": s.project + "/a\ud800b", "content": "x"})
    reason = assert_denied(proc, "surrogate")
    assert "internal error" not in reason


def test_a_lone_surrogate_is_not_taken_for_a_non_utf8_byte(s):
    # "\udc80" is how Python spells the byte 0x80 of a real (non-UTF-8) file name, but no agent
    # sends it: Node and Bun write a lone surrogate as U+FFFD when they open the file, so the
    # guard would judge another file than the one read (red team 15, test_redteam15_inputs.py).
    reason = assert_denied(s.check("Read", {"file_path": s.project + "/a\udc80b"}), "lone UTF-16 surrogate")
    assert "internal error" not in reason


# --- the inline token against a configured token file --------------------------------------------


def _token(s, role):
    with open(os.path.join(s.dir, f"{role}.jwt")) as f:
        return f.read().strip()


def test_inline_token_does_not_stand_in_for_a_missing_token_file(s):
    env = s.env(LEGANT_GUARD_TOKEN=_token(s, "builder"), LEGANT_GUARD_TOKEN_FILE=os.path.join(s.dir, "gone.jwt"))
    assert_denied(s.bash("ls", env=env), "cannot read the token file", "gone.jwt")


def test_inline_token_and_token_file_that_differ_are_a_deny(s):
    env = s.env(LEGANT_GUARD_TOKEN=_token(s, "open"))
    assert_denied(s.bash("ls", env=env), "both set and hold different tokens", "unset one")


def test_inline_token_equal_to_the_file_is_fine_and_inline_alone_still_works(s):
    assert_allowed(s.bash("ls", env=s.env(LEGANT_GUARD_TOKEN=_token(s, "builder"))))
    env = s.env(LEGANT_GUARD_TOKEN=_token(s, "builder"))
    del env["LEGANT_GUARD_TOKEN_FILE"]
    assert_allowed(s.bash("ls", env=env))


# --- implausible times ----------------------------------------------------------------------------

NOW = time.time()


def _claims(**over):
    c = {"iss": "https://i", "sub": "user:a", "aud": ["aud"], "exp": int(NOW) + 3600, "iat": int(NOW),
         "jti": "a" * 32, "scope": "fs.read", "act": {"sub": "agent:b"}}
    c.update(over)
    return {k: v for k, v in c.items() if v is not None}


@pytest.mark.parametrize("over,says", [
    (dict(iat=int(NOW) + 3600), "issued in the future"),
    (dict(exp=253402300800, iat=int(NOW)), "past the year 9999"),
    (dict(exp=int(NOW) + 200 * 366 * 86400), "absurd lifetime"),
    (dict(iat="yesterday"), "malformed `iat`"),
    (dict(exp=int(NOW) + 60, iat=int(NOW) + 120), "expires before it was issued"),
])
def test_implausible_token_times_are_refused(pem, keys, over, says):
    with pytest.raises(DelegationError) as e:
        C.verify_token(sign_jws(pem, "k1", _claims(**over)), keys, "https://i", "aud", NOW)
    assert says in str(e.value)


@pytest.mark.parametrize("over", [dict(iat=int(NOW) + 200), dict(iat=None),
                                  dict(iat=1577836800, exp=4070908800)])  # small skew; no iat; Legant's vectors
def test_plausible_times_stay_valid(pem, keys, over):
    assert C.verify_token(sign_jws(pem, "k1", _claims(**over)), keys, "https://i", "aud", NOW)["sub"] == "user:a"


def test_a_feed_issued_in_the_future_is_refused(pem, keys):
    from legant_guard.delegation.feed import verify_feed

    feed = sign_jws(pem, "k1", {"iss": "https://i", "iat": int(NOW) + 86400, "exp": int(NOW) + 90000, "ver": 1, "jtis": []})
    with pytest.raises(DelegationError) as e:
        verify_feed(feed, keys, "https://i", NOW)
    assert "issued in the future" in str(e.value)


def test_a_token_from_the_future_is_denied_by_the_hook(s):
    from legant_guard.delegation.mint import mint_token

    tok = mint_token(s.key_pem(), "legant-guard-local", issuer="https://legant.local", audience="legant:claude-code",
                     sub="user:a", actor="agent:b", scope="*", cnst=None, ttl_seconds=60, now=time.time() + 7200)
    env = s.env(LEGANT_GUARD_TOKEN_FILE=s.write_token("future.jwt", tok))
    assert_denied(s.bash("ls", env=env), "issued in the future")


# --- roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_name,body", [
    ("builder.yaml", "scope: '*'\n"),
    ("mine.yaml", "name: operator\nscope: '*'\n"),
])
def test_a_user_role_may_not_shadow_a_builtin(tmp_path, file_name, body):
    from legant_guard.roles import RoleError, load_role

    role = tmp_path / file_name
    role.write_text(body)
    with pytest.raises(RoleError) as e:
        load_role(str(role))
    assert "name of a built-in role" in str(e.value)
    assert load_role("builder")["name"] == "builder"
