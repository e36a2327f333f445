"""The hook remembers the signatures it verified (delegation/jws.SignatureMemo) so the same
token and feed are not RSA-checked on every call; these tests try to make the memo vouch for
something it never verified, or make the guard trust a memo it should not read."""

import base64
import json
import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.delegation import jws
from legant_guard.hook.config import SIGNATURE_MEMO_FILE


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def _memo(s):
    return os.path.join(s.dir, SIGNATURE_MEMO_FILE)


def _digests(s):
    with open(_memo(s), "rb") as f:
        return f.read().split()


def _count_rsa_checks(monkeypatch):
    calls = []
    real = jws.rs256_verify

    def counting(n, e, signed, signature):
        calls.append(signed)
        return real(n, e, signed, signature)

    monkeypatch.setattr(jws, "rs256_verify", counting)
    return calls


def test_the_first_call_remembers_token_and_feed_and_the_next_skips_the_rsa_check(s, monkeypatch):
    calls = _count_rsa_checks(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2  # the token and the feed
    assert len(_digests(s)) == 2
    assert oct(os.stat(_memo(s)).st_mode & 0o777) == "0o600"
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2 and len(_digests(s)) == 2


def _altered_token(token, **changes):
    """The token with its payload changed and the ORIGINAL signature kept (a forgery)."""
    h, p, sig = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    claims.update(changes)
    p2 = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return ".".join((h, p2, sig))


def test_a_remembered_signature_does_not_vouch_for_an_altered_token(s):
    readme = os.path.join(s.project, "README.md")
    assert_allowed(s.check("Read", {"file_path": readme}, role="reviewer"))  # its token is now in the memo
    with open(os.path.join(s.dir, "reviewer.jwt")) as f:
        token = f.read().strip()
    forged = s.write_token("forged.jwt", _altered_token(token, cnst={"resources": []}))
    before = _digests(s)
    proc = s.check("Read", {"file_path": readme}, env=s.env("reviewer", LEGANT_GUARD_TOKEN_FILE=forged))
    assert_denied(proc, "bad signature on the token")
    assert _digests(s) == before  # a failed check is never remembered


def test_a_memo_that_is_a_symlink_is_not_read_and_not_written(s, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"")
    os.symlink(elsewhere, _memo(s))
    calls = _count_rsa_checks(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert_allowed(s.bash("ls"))
    assert len(calls) == 4  # nothing remembered: every call checks in full
    assert elsewhere.read_bytes() == b""


def test_a_memo_holding_a_forgers_digest_under_another_key_does_not_help_him(s, other_pem):
    """The digest binds the key: a token signed by another key fails whatever the memo says
    about the real key's signatures."""
    from legant_guard.delegation.jwks import parse_jwks
    from legant_guard.delegation.keys import jwks_from_private_pem, sign_jws

    assert_allowed(s.bash("ls"))
    with open(os.path.join(s.dir, "builder.jwt")) as f:
        token = f.read().strip()
    h, p, _ = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
    claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    forged = sign_jws(other_pem, header["kid"], claims)
    forged_path = s.write_token("other.jwt", forged)
    (n, e), = parse_jwks(jwks_from_private_pem(other_pem, header["kid"])).values()
    fh, fp, fs = forged.split(".")
    with open(_memo(s), "ab") as f:  # even the forgery's own digest, under ITS key, is no use here
        f.write(jws.SignatureMemo.digest((n, e), (fh + "." + fp).encode(), jws.b64url_decode(fs)) + b"\n")
    assert_denied(s.check("Bash", {"command": "ls"}, env=s.env(LEGANT_GUARD_TOKEN_FILE=forged_path)),
                  "bad signature on the token")


def test_a_garbage_or_oversized_memo_is_ignored_and_rewritten_bounded(s, monkeypatch):
    with open(_memo(s), "wb") as f:
        f.write(b"x" * (jws.SignatureMemo.MAX_BYTES + 100))
    calls = _count_rsa_checks(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2
    assert os.path.getsize(_memo(s)) <= jws.SignatureMemo.MAX_BYTES
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2  # the rewritten memo is used


def test_the_memo_starts_over_when_full():
    memo_digests = [bytes([48 + i % 10]) * 64 for i in range(jws.SignatureMemo.MAX_BYTES // 65 + 3)]
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "memo")
        for digest in memo_digests:
            jws.SignatureMemo(path).add(digest)
            assert os.path.getsize(path) <= jws.SignatureMemo.MAX_BYTES
        assert jws.SignatureMemo(path).knows(memo_digests[-1])


def test_digests_bind_key_text_and_signature():
    key, other = (0xC0FFEE << 2000 | 1, 65537), (0xC0FFEE << 2000 | 3, 65537)
    d = jws.SignatureMemo.digest
    base = d(key, b"a.b", b"sig")
    assert len({base, d(other, b"a.b", b"sig"), d(key, b"a.c", b"sig"), d(key, b"a.b", b"sih"),
                d((key[0], 3), b"a.b", b"sig"), d(key, b"a.bs", b"ig")}) == 6


@pytest.mark.parametrize("event", [
    ("Read", {"file_path": "GUARD/verified-signatures"}),
    ("Write", {"file_path": "GUARD/verified-signatures", "content": "deadbeef\n"}),
    ("Bash", {"command": "echo 00 >> GUARD/verified-signatures"}),
    ("Bash", {"command": "cp /tmp/x GUARD/verified-signatures"}),
])
def test_the_agent_can_neither_read_nor_write_the_memo(s, event):
    tool, tool_input = event
    tool_input = {k: v.replace("GUARD", s.dir) for k, v in tool_input.items()}
    for role in ("builder", "operator"):
        assert_denied(s.check(tool, tool_input, role=role), "protected")
