"""The signed revocation feed and rollback protection: forged, expired, corrupt, rolled back."""

import json
import multiprocessing
import os

import pytest

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.feed import check_rollback, load_feed, record_version, verify_feed
from legant_guard.delegation.keys import generate_private_key_pem, sign_jws
from legant_guard.delegation.mint import build_feed, mint_token

ISS = "https://legant.local"
NOW = 1_800_000_000.0


def feed(pem, **kw):
    args = dict(issuer=ISS, jtis=["b" * 32, "a" * 32], ver=3, ttl_seconds=3600, now=NOW)
    args.update(kw)
    return build_feed(pem, "k1", **args)


def test_feed_round_trip(pem, keys):
    f = verify_feed(feed(pem), keys, ISS, NOW)
    assert (f.iss, f.ver, f.iat, f.exp) == (ISS, 3, int(NOW), int(NOW) + 3600)
    assert f.jtis == frozenset({"a" * 32, "b" * 32})
    assert f.is_revoked("a" * 32) and not f.is_revoked("c" * 32)
    assert f.revoked_in(["c" * 32, "b" * 32]) == "b" * 32 and f.revoked_in(["c" * 32]) is None


def test_feed_lists_jtis_sorted_and_unique(pem):
    from legant_guard.delegation.jws import decode_unverified

    _, c = decode_unverified(feed(pem, jtis=["b", "a", "b"]))
    assert c["jtis"] == ["a", "b"] and set(c) == {"iss", "iat", "exp", "ver", "jtis"}


def test_forged_feed_signed_by_another_key_is_rejected(keys):
    other = generate_private_key_pem()
    with pytest.raises(DelegationError, match="revocation feed rejected: bad signature"):
        verify_feed(feed(other), keys, ISS, NOW)


def test_feed_with_unknown_kid_is_rejected(pem, keys):
    tok = sign_jws(pem, "k9", {"iss": ISS, "exp": NOW + 60, "ver": 1, "jtis": []})
    with pytest.raises(DelegationError, match="unknown signing key `k9`"):
        verify_feed(tok, keys, ISS, NOW)


def test_feed_with_a_removed_revocation_is_rejected(pem, keys):
    # an attacker who edits the payload to drop a jti breaks the signature
    h, p, s = feed(pem).split(".")
    from legant_guard.delegation.jws import b64url_encode

    p2 = b64url_encode(json.dumps({"iss": ISS, "iat": NOW, "exp": NOW + 3600, "ver": 3, "jtis": []}).encode())
    with pytest.raises(DelegationError, match="bad signature"):
        verify_feed(f"{h}.{p2}.{s}", keys, ISS, NOW)


def test_expired_feed_tells_the_user_to_refresh(pem, keys):
    with pytest.raises(DelegationError) as e:
        verify_feed(feed(pem), keys, ISS, NOW + 3600)
    assert str(e.value).startswith("revocation feed expired at ")
    assert "legant guard revoke --refresh" in str(e.value)


def test_feed_without_exp_is_rejected(pem, keys):
    tok = sign_jws(pem, "k1", {"iss": ISS, "ver": 1, "jtis": []})
    with pytest.raises(DelegationError, match="expiry"):
        verify_feed(tok, keys, ISS, NOW)


def test_feed_from_another_issuer_is_rejected(pem, keys):
    with pytest.raises(DelegationError, match="wrong issuer"):
        verify_feed(feed(pem, issuer="https://evil.test"), keys, ISS, NOW)


@pytest.mark.parametrize("ver", [None, "5", 1.5, True, -1])
def test_feed_version_must_be_an_integer(pem, keys, ver):
    c = {"iss": ISS, "exp": NOW + 60, "jtis": []}
    if ver is not None:
        c["ver"] = ver
    with pytest.raises(DelegationError, match="`ver`"):
        verify_feed(sign_jws(pem, "k1", c), keys, ISS, NOW)


@pytest.mark.parametrize("jtis", ["abc", [1], {"a": 1}])
def test_feed_jtis_must_be_a_list_of_ids(pem, keys, jtis):
    tok = sign_jws(pem, "k1", {"iss": ISS, "exp": NOW + 60, "ver": 1, "jtis": jtis})
    with pytest.raises(DelegationError, match="`jtis`"):
        verify_feed(tok, keys, ISS, NOW)


def test_null_jtis_reads_as_empty_like_the_sdk(pem, keys):
    tok = sign_jws(pem, "k1", {"iss": ISS, "exp": NOW + 60, "ver": 1, "jtis": None})
    assert verify_feed(tok, keys, ISS, NOW).jtis == frozenset()


def test_a_delegation_token_is_not_a_feed(pem, keys):
    # a validly signed token in feed.jwt must not pass as an empty revocation list
    tok = mint_token(pem, "k1", issuer=ISS, audience="a", sub="user:a", actor="agent:b", scope="*", cnst=None, ttl_seconds=60, now=NOW)
    with pytest.raises(DelegationError, match="revocation feed rejected"):
        verify_feed(tok, keys, ISS, NOW)


def test_load_feed_reads_a_file_with_a_trailing_newline(tmp_path, pem, keys):
    p = tmp_path / "feed.jwt"
    p.write_text(feed(pem) + "\n")
    assert load_feed(p, keys, ISS, NOW).ver == 3


def test_missing_feed_file_is_an_error_that_says_what_to_do(tmp_path, keys):
    p = tmp_path / "feed.jwt"
    with pytest.raises(DelegationError) as e:
        load_feed(p, keys, ISS, NOW)
    assert str(p) in str(e.value) and "missing" in str(e.value) and "--refresh" in str(e.value)


@pytest.mark.parametrize("content", [b"", b"garbage", b"\xff\xfe", b"a.b.c"])
def test_corrupt_feed_file_is_an_error(tmp_path, keys, content):
    p = tmp_path / "feed.jwt"
    p.write_bytes(content)
    with pytest.raises(DelegationError):
        load_feed(p, keys, ISS, NOW)


def test_unreadable_feed_is_an_error(tmp_path, keys):
    p = tmp_path / "feed.jwt"
    p.mkdir()  # a directory where the file should be
    with pytest.raises(DelegationError, match="cannot read revocation feed"):
        load_feed(p, keys, ISS, NOW)


# ---- rollback ---------------------------------------------------------------------


def test_rollback_state_starts_empty(tmp_path):
    check_rollback(tmp_path / "state.json", ISS, 0)


def test_rolled_back_feed_is_refused(tmp_path):
    state = tmp_path / "state.json"
    record_version(state, ISS, 5)
    with pytest.raises(DelegationError) as e:
        check_rollback(state, ISS, 3)
    assert str(e.value).startswith("revocation feed rolled back: version 3 is older than 5 already seen")


def test_same_or_newer_version_is_accepted(tmp_path):
    state = tmp_path / "state.json"
    record_version(state, ISS, 5)
    check_rollback(state, ISS, 5)
    check_rollback(state, ISS, 6)


def test_versions_are_per_issuer(tmp_path):
    state = tmp_path / "state.json"
    record_version(state, ISS, 9)
    check_rollback(state, "https://other.example", 1)
    assert json.loads(state.read_text()) == {ISS: 9}


def test_record_version_only_ever_raises_the_number(tmp_path):
    state = tmp_path / "state.json"
    record_version(state, ISS, 7)
    record_version(state, ISS, 2)
    assert json.loads(state.read_text()) == {ISS: 7}
    record_version(state, ISS, 8)
    assert json.loads(state.read_text()) == {ISS: 8}


def test_state_file_is_private_and_written_atomically(tmp_path):
    state = tmp_path / "state.json"
    record_version(state, ISS, 1)
    assert oct(state.stat().st_mode & 0o777) == "0o600"
    assert sorted(os.listdir(tmp_path)) == ["state.json", "state.json.lock"]  # no temp file left


@pytest.mark.parametrize("content", ["{", "[]", '{"x": "5"}', '{"x": -1}', '{"x": true}', "\x00"])
def test_corrupt_state_fails_closed(tmp_path, content):
    state = tmp_path / "state.json"
    state.write_text(content)
    with pytest.raises(DelegationError, match="corrupt"):
        check_rollback(state, ISS, 100)
    with pytest.raises(DelegationError, match="corrupt"):
        record_version(state, ISS, 100)
    assert state.read_text() == content  # never silently overwritten


def test_unwritable_state_is_a_clear_error(tmp_path):
    with pytest.raises(DelegationError, match="cannot record feed version"):
        record_version(tmp_path / "no-such-dir" / "state.json", ISS, 1)


def _bump(args):
    path, ver = args
    record_version(path, ISS, ver)


def test_concurrent_writers_keep_the_highest_version(tmp_path):
    state = str(tmp_path / "state.json")
    with multiprocessing.get_context("fork").Pool(8) as pool:
        pool.map(_bump, [(state, v) for v in range(1, 65)])
    assert json.loads(open(state).read()) == {ISS: 64}


def test_accept_feed_records_newer_and_refuses_older(tmp_path, pem, keys):
    from legant_guard.delegation.feed import accept_feed

    state, path = tmp_path / "state.json", tmp_path / "feed.jwt"
    path.write_text(feed(pem, ver=4))
    assert accept_feed(path, keys, ISS, NOW, state).ver == 4
    assert json.loads(state.read_text()) == {ISS: 4}
    path.write_text(feed(pem, ver=2))  # an attacker restores an old feed
    with pytest.raises(DelegationError, match="rolled back: version 2 is older than 4"):
        accept_feed(path, keys, ISS, NOW, state)
    path.write_text(feed(pem, ver=4))
    mtime = state.stat().st_mtime_ns
    assert accept_feed(path, keys, ISS, NOW, state).ver == 4
    assert state.stat().st_mtime_ns == mtime  # same version: nothing written
