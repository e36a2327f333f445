"""The hook remembers what it verified once (safefile.DigestMemo: signatures, the rules data)
so the same token, feed and rules files are not re-checked on every call; these tests try to
make the memo vouch for something it never verified, or make the guard trust a memo it
should not read."""

import base64
import json
import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, rules_copy
from legant_guard.delegation import jws
from legant_guard.hook.config import VERIFIED_MEMO_FILE
from legant_guard.safefile import DigestMemo


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def _memo(s):
    return os.path.join(s.dir, VERIFIED_MEMO_FILE)


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
    assert len(_digests(s)) == 3  # and the rules data
    assert oct(os.stat(_memo(s)).st_mode & 0o777) == "0o600"
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2 and len(_digests(s)) == 3


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
        f.write(jws.signature_digest((n, e), (fh + "." + fp).encode(), jws.b64url_decode(fs)) + b"\n")
    assert_denied(s.check("Bash", {"command": "ls"}, env=s.env(LEGANT_GUARD_TOKEN_FILE=forged_path)),
                  "bad signature on the token")


def test_a_garbage_or_oversized_memo_is_ignored_and_rewritten_bounded(s, monkeypatch):
    with open(_memo(s), "wb") as f:
        f.write(b"x" * (DigestMemo.MAX_BYTES + 100))
    calls = _count_rsa_checks(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2
    assert os.path.getsize(_memo(s)) <= DigestMemo.MAX_BYTES
    assert_allowed(s.bash("ls"))
    assert len(calls) == 2  # the rewritten memo is used


def test_the_memo_starts_over_when_full():
    memo_digests = [bytes([48 + i % 10]) * 64 for i in range(DigestMemo.MAX_BYTES // 65 + 3)]
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "memo")
        for digest in memo_digests:
            DigestMemo(path).add(digest)
            assert os.path.getsize(path) <= DigestMemo.MAX_BYTES
        assert DigestMemo(path).knows(memo_digests[-1])


def test_digests_bind_key_text_and_signature():
    key, other = (0xC0FFEE << 2000 | 1, 65537), (0xC0FFEE << 2000 | 3, 65537)
    d = jws.signature_digest
    base = d(key, b"a.b", b"sig")
    assert len({base, d(other, b"a.b", b"sig"), d(key, b"a.c", b"sig"), d(key, b"a.b", b"sih"),
                d((key[0], 3), b"a.b", b"sig"), d(key, b"a.bs", b"ig")}) == 6


@pytest.mark.parametrize("event", [
    ("Read", {"file_path": "GUARD/verified-digests"}),
    ("Write", {"file_path": "GUARD/verified-digests", "content": "deadbeef\n"}),
    ("Bash", {"command": "echo 00 >> GUARD/verified-digests"}),
    ("Bash", {"command": "cp /tmp/x GUARD/verified-digests"}),
])
def test_the_agent_can_neither_read_nor_write_the_memo(s, event):
    tool, tool_input = event
    tool_input = {k: v.replace("GUARD", s.dir) for k, v in tool_input.items()}
    for role in ("builder", "operator"):
        assert_denied(s.check(tool, tool_input, role=role), "protected")


# ------------------------------------------------------------------ the rules data


def _rules_copy(tmp_path):
    """conftest.rules_copy, and a memo in its guard dir."""
    rules, guard = rules_copy(tmp_path)
    return rules, guard, DigestMemo(os.path.join(guard, "memo"))


def _settled(monkeypatch):
    """The copy was made a moment ago: let the seal be remembered at once (RACY_SECONDS), and
    wait out a coarse timestamp tick so a later edit gets another ctime, as it would in use."""
    import time

    from legant_guard.hook import trustbase

    monkeypatch.setattr(trustbase, "RACY_SECONDS", 0)
    time.sleep(0.05)


def _count_hashing(monkeypatch):
    from legant_guard.hook import trustbase

    calls = []
    real = trustbase.catalogue_hashes
    monkeypatch.setattr(trustbase, "catalogue_hashes", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_rules_found_equal_once_are_not_hashed_again_while_unchanged(tmp_path, monkeypatch):
    from legant_guard.hook import trustbase

    rules, guard, memo = _rules_copy(tmp_path)
    _settled(monkeypatch)
    hashed = _count_hashing(monkeypatch)
    assert trustbase.catalogue_problem(guard, rules_dir=rules, memo=memo) is None
    assert trustbase.catalogue_problem(guard, rules_dir=rules, memo=DigestMemo(memo.path)) is None
    assert len(hashed) == 1


@pytest.mark.parametrize("edit", ["same size, mtime put back", "replaced by rename", "added", "removed"])
def test_an_edit_after_the_rules_were_remembered_is_still_found(tmp_path, monkeypatch, edit):
    """The seal covers each file's inode, size, mtime and ctime: restoring the mtime (which any
    process may) does not restore the ctime, and a new file, a rename or a removal changes the list."""
    from legant_guard.hook import trustbase

    rules, guard, memo = _rules_copy(tmp_path)
    _settled(monkeypatch)
    assert trustbase.catalogue_problem(guard, rules_dir=rules, memo=memo) is None
    assert os.path.getsize(memo.path) == 65  # the seal is remembered
    time.sleep(0.05)
    tripwires = os.path.join(rules, "tripwires.json")
    st = os.stat(tripwires)
    with open(tripwires, "rb") as f:
        original = f.read()
    edited = original.replace(b"catastrophic", b"destructive ", 1)
    assert len(edited) == len(original)
    if edit == "same size, mtime put back":
        with open(tripwires, "r+b") as f:
            f.write(edited)
        os.utime(tripwires, ns=(st.st_atime_ns, st.st_mtime_ns))
        expected = "rules/tripwires.json was edited"
    elif edit == "replaced by rename":
        with open(tripwires + ".new", "wb") as f:
            f.write(edited)
        os.utime(tripwires + ".new", ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tripwires + ".new", tripwires)
        expected = "rules/tripwires.json was edited"
    elif edit == "added":
        with open(os.path.join(rules, "planted.json"), "w") as f:
            f.write("{}")
        expected = "rules/planted.json was added"
    else:
        os.remove(os.path.join(rules, "roles", "builder.yaml"))
        expected = "rules/roles/builder.yaml is missing"
    problem = trustbase.catalogue_problem(guard, rules_dir=rules, memo=DigestMemo(memo.path))
    assert problem and expected in problem


def test_rules_changed_a_moment_ago_are_hashed_every_time(tmp_path, monkeypatch):
    from legant_guard.hook import trustbase

    rules, guard, memo = _rules_copy(tmp_path)  # just written: "racily clean"
    hashed = _count_hashing(monkeypatch)
    assert trustbase.catalogue_problem(guard, rules_dir=rules, memo=memo) is None
    assert trustbase.catalogue_problem(guard, rules_dir=rules, memo=DigestMemo(memo.path)) is None
    assert len(hashed) == 2 and not os.path.exists(memo.path)


def test_a_seal_remembered_for_other_recorded_hashes_does_not_count(tmp_path, monkeypatch):
    """The seal covers the record too: after `init` records different hashes the files are
    compared again."""
    from legant_guard.hook import trustbase

    rules, guard, memo = _rules_copy(tmp_path)
    _settled(monkeypatch)
    assert trustbase.catalogue_problem(guard, rules_dir=rules, memo=memo) is None
    record = json.loads(open(os.path.join(guard, "setup.json")).read())
    record[trustbase.CATALOGUE_KEY]["tripwires.json"] = "0" * 64
    with open(os.path.join(guard, "setup.json"), "w") as f:
        f.write(json.dumps(record))
    problem = trustbase.catalogue_problem(guard, rules_dir=rules, memo=DigestMemo(memo.path))
    assert problem and "rules/tripwires.json was edited" in problem
