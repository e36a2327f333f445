"""The hook keeps a large verified revocation feed in the guard dir's feed.memo
(delegation/feedmemo.py) instead of reading, hashing and parsing half a megabyte on every
call. These tests try to make the memo answer for a feed it never verified: a new feed, an
older feed written into the same file with its times put back, a memo of another file, key or
path, a linked or corrupt memo, and a feed that expired while the memo was hot. Revocation must
bite on the next call whatever the memo says."""

import base64
import json
import os
import time
import uuid

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard import guarddir
from legant_guard.delegation import feed as feedlib
from legant_guard.delegation import feedmemo
from legant_guard.delegation.mint import build_feed


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def _ids(n=1000):
    return [str(uuid.uuid4()) for _ in range(n)]


def _feed_path(s):
    return os.path.join(s.dir, guarddir.FEED_FILE)


def _memo_path(s):
    return os.path.join(s.dir, feedmemo.FEED_MEMO_FILE)


def _jti(s, role="builder"):
    with open(os.path.join(s.dir, f"{role}.jwt")) as f:
        payload = f.read().strip().split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"]


def _settled(monkeypatch):
    """Let the memo keep a feed published a moment ago, as it would RACY_SECONDS later (the
    tests that change a kept file wait a clock tick first, so its times really change)."""
    real = time.time_ns
    monkeypatch.setattr(feedmemo.time, "time_ns", lambda: real() + (feedmemo.RACY_SECONDS + 1) * 1_000_000_000)


def _no_full_read(monkeypatch):
    """Fail the test if the feed is verified in full (the memo should have answered)."""

    def refuse(*a, **k):
        raise AssertionError("the feed was read in full")

    monkeypatch.setattr(feedlib, "_verified_claims", refuse)


def _count_full_reads(monkeypatch):
    calls = []
    real = feedlib._verified_claims

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(feedlib, "_verified_claims", counting)
    return calls


def _kept(s, monkeypatch, ids=None, revoked=False):
    """Publish a large feed (revoking the builder token too if `revoked`), make one call that
    keeps it, and return the ids."""
    ids = _ids() if ids is None else ids
    guarddir.publish_feed(s.dir, ids + [_jti(s)] if revoked else ids)
    _settled(monkeypatch)
    if revoked:
        assert_denied(s.bash("ls"), "the delegation token is revoked")
    else:
        assert_allowed(s.bash("ls"))
    assert os.path.exists(_memo_path(s))
    return ids


def test_a_large_feed_is_kept_and_the_next_calls_do_not_read_it(s, monkeypatch):
    _kept(s, monkeypatch)
    assert oct(os.stat(_memo_path(s)).st_mode & 0o777) == "0o600"
    _no_full_read(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert_allowed(s.check("Read", {"file_path": s.path("README.md")}))
    assert_denied(s.bash("c\\url http://127.0.0.1:9/"), "curl")


def test_a_feed_changed_a_moment_ago_is_not_kept(s):
    guarddir.publish_feed(s.dir, _ids())
    assert_allowed(s.bash("ls"))
    assert not os.path.exists(_memo_path(s))


def test_a_small_feed_is_read_in_full_and_never_kept(s, monkeypatch):
    guarddir.publish_feed(s.dir, _ids(20))
    assert os.path.getsize(_feed_path(s)) < feedlib.MEMO_MIN_BYTES
    _settled(monkeypatch)
    reads = _count_full_reads(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert_allowed(s.bash("ls"))
    assert len(reads) == 2 and not os.path.exists(_memo_path(s))


def test_revoking_the_token_bites_on_the_next_call_while_the_memo_is_hot(s, monkeypatch):
    ids = _kept(s, monkeypatch)
    guarddir.publish_feed(s.dir, ids + [_jti(s)])
    assert_denied(s.bash("ls"), "the delegation token is revoked")
    assert_denied(s.bash("ls"), "the delegation token is revoked")  # and once the new feed is kept


def test_the_revoked_token_is_found_through_the_memo(s, monkeypatch):
    ids = _ids()
    guarddir.publish_feed(s.dir, ids + [_jti(s)])
    _settled(monkeypatch)
    assert_denied(s.bash("ls"), "revoked")  # verified in full, kept
    _no_full_read(monkeypatch)
    assert_denied(s.bash("ls"), "the delegation token is revoked")
    assert_denied(s.check("Read", {"file_path": s.path("README.md")}), "revoked")


def test_an_older_feed_written_into_the_same_file_with_its_times_put_back_is_caught(s, monkeypatch):
    ids = _ids()
    guarddir.publish_feed(s.dir, ids)
    with open(_feed_path(s), "rb") as f:
        older = f.read()
    _kept(s, monkeypatch, ids, revoked=True)  # and the memo is hot
    st = os.stat(_feed_path(s))
    assert len(older) < st.st_size
    time.sleep(0.05)  # a tick of the file system's clock
    # same file, same size (a JWS may end in white space), same modification time
    fd = os.open(_feed_path(s), os.O_WRONLY | os.O_TRUNC)
    os.write(fd, older + b"\n" * (st.st_size - len(older)))
    os.close(fd)
    os.utime(_feed_path(s), ns=(st.st_atime_ns, st.st_mtime_ns))
    after = os.stat(_feed_path(s))
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    assert_denied(s.bash("ls"), "revocation feed rolled back")


def test_an_older_feed_renamed_into_place_is_caught(s, monkeypatch):
    ids = _ids()
    guarddir.publish_feed(s.dir, ids)
    with open(_feed_path(s), "rb") as f:
        older = f.read()
    _kept(s, monkeypatch, ids, revoked=True)
    spare = os.path.join(s.dir, "old.jwt")
    with open(spare, "wb") as f:
        f.write(older)
    os.chmod(spare, 0o600)
    os.replace(spare, _feed_path(s))
    assert_denied(s.bash("ls"), "revocation feed rolled back")


@pytest.mark.parametrize("field, value", [
    ("key", "0" * 64),                          # a memo of another signing key
    ("kid", "another-key"),
    ("iss", "https://evil.test"),
    ("path", "/elsewhere/feed.jwt"),            # a memo of another feed file
    ("v", 0),
    ("count", 5),                               # its ids do not add up
    ("bytes", 7),
])
def test_a_memo_that_is_not_of_this_feed_key_and_issuer_is_not_used(s, monkeypatch, field, value):
    ids = _kept(s, monkeypatch)
    guarddir.publish_feed(s.dir, ids + [_jti(s)])  # the token is revoked now
    time.sleep(0.05)
    st = os.stat(_feed_path(s))
    # a memo made to look like THIS feed's, with no ids at all, but one field wrong
    header = {"v": feedmemo.VERSION, "path": _feed_path(s), "id": feedmemo.identity(st), "kid": guarddir.KID,
              "key": feedmemo.key_fingerprint(_jwks_key(s)), "iss": guarddir.ISSUER,
              "claims": _claims_of(s), "count": 0, "bytes": 1}
    header[field] = value
    _write_memo(s, json.dumps(header).encode() + b"\n\n")
    reads = _count_full_reads(monkeypatch)
    assert_denied(s.bash("ls"), "the delegation token is revoked")
    assert reads == [1]


def test_the_memo_is_bound_to_the_feed_it_describes_and_nothing_else(s, monkeypatch):
    """The same forged memo with every field right is believed: whoever can write the guard dir
    can also replace the JWKS (THREAT_MODEL). This test pins that the fields above are the
    whole binding, so the parametrized test above checks each of them."""
    _kept(s, monkeypatch)
    with open(_memo_path(s), "rb") as f:
        header = json.loads(f.read().split(b"\n", 1)[0])
    assert sorted(header) == ["bytes", "claims", "count", "id", "iss", "key", "kid", "path", "v"]
    assert "jtis" not in header["claims"]


def _jwks_key(s):
    from legant_guard.delegation.jwks import load_jwks

    return load_jwks(os.path.join(s.dir, "jwks.json"))[guarddir.KID]


def _claims_of(s):
    with open(_feed_path(s)) as f:
        payload = f.read().strip().split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.pop("jtis")
    return claims


def _write_memo(s, data):
    path = _memo_path(s)
    if os.path.exists(path):
        os.unlink(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, data)
    os.close(fd)


def test_a_linked_memo_is_not_followed(s, monkeypatch, tmp_path):
    _kept(s, monkeypatch, revoked=True)
    with open(_memo_path(s), "rb") as f:
        header = json.loads(f.read().split(b"\n", 1)[0])
    header.update(count=0, bytes=1)  # everything right, but no ids: the token would pass
    forged = tmp_path / "forged.memo"
    forged.write_bytes(json.dumps(header).encode() + b"\n\n")
    os.chmod(forged, 0o600)
    os.unlink(_memo_path(s))
    os.symlink(forged, _memo_path(s))
    assert_denied(s.bash("ls"), "the delegation token is revoked")


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 64, b"{not json\n\nabc\n", b"[1, 2]\n\n", b"{}\n"])
def test_a_corrupt_memo_only_means_reading_the_feed_in_full(s, monkeypatch, garbage):
    ids = _kept(s, monkeypatch)
    guarddir.publish_feed(s.dir, ids + [_jti(s)])
    _write_memo(s, garbage)
    assert_denied(s.bash("ls"), "the delegation token is revoked")


def test_a_feed_that_expires_while_the_memo_is_hot_is_refused(s, monkeypatch):
    jtis = _ids()
    now = time.time()
    guarddir.publish_feed(s.dir, jtis, now=now - guarddir.FEED_TTL_SECONDS + 1.5)
    _settled(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert os.path.exists(_memo_path(s))
    time.sleep(max(0.0, now + 1.6 - time.time()))
    _no_full_read(monkeypatch)
    assert_denied(s.bash("ls"), "revocation feed expired")


def test_a_hard_linked_feed_is_refused_before_the_memo_is_asked(s, monkeypatch, tmp_path):
    _kept(s, monkeypatch)
    os.link(_feed_path(s), tmp_path / "second-name.jwt")
    assert_denied(s.bash("ls"), "revocation feed unusable", "hard link")


def test_the_memo_is_out_of_the_agents_reach(s, monkeypatch):
    _kept(s, monkeypatch)
    memo = _memo_path(s)
    assert_denied(s.check("Read", {"file_path": memo}), "guard")
    assert_denied(s.check("Write", {"file_path": memo, "content": "{}\n"}), "guard")
    assert_denied(s.bash(f"cp /dev/null {memo}"), "guard")


def test_the_real_hook_process_keeps_and_uses_the_memo(s, monkeypatch):
    ids = _ids()
    guarddir.publish_feed(s.dir, ids + [_jti(s, "reviewer")])
    time.sleep(feedmemo.RACY_SECONDS + 0.1)
    assert_allowed(s.bash("ls", subprocess=True))
    assert os.path.exists(_memo_path(s))
    kept_at = os.stat(_memo_path(s)).st_mtime_ns
    assert_allowed(s.bash("ls", subprocess=True))
    assert_denied(s.bash("ls", role="reviewer", subprocess=True), "the delegation token is revoked")
    assert os.stat(_memo_path(s)).st_mtime_ns == kept_at


def test_revoked_ids_match_whole_ids_only():
    kept = ["abc", "d-e", "\ud800"]  # a lone surrogate is a valid JSON string
    ids = feedmemo.RevokedIds(b"\n" + b"".join(j.encode("utf-8", "surrogatepass") + b"\n" for j in kept), 3)
    assert "abc" in ids and "d-e" in ids and "\ud800" in ids and len(ids) == 3
    for absent in ["ab", "bc", "", "abc\nd-e", "d", "abcd", 5, None]:
        assert absent not in ids


def test_a_feed_with_an_id_a_line_cannot_hold_is_not_kept(s, monkeypatch):
    ids = _ids() + ["two\nlines"]
    token = build_feed(s.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, jtis=ids,
                       ver=guarddir.highest_feed_version(s.dir) + 1, ttl_seconds=3600, now=time.time())
    guarddir.write_private(_feed_path(s), token)
    _settled(monkeypatch)
    assert_allowed(s.bash("ls"))
    assert not os.path.exists(_memo_path(s))


def test_org_mode_keeps_the_issuers_large_feed_and_a_revocation_there_still_bites(tmp_path, monkeypatch):
    """Org mode: the feed comes from the issuer's URL into the cache folder; a large one is
    kept there the same way, and a newer feed the refresh fetches is a new file."""
    from issuer_server import Issuer

    iss = Issuer(GuardSetup(tmp_path / "issuer"))
    try:
        env = iss.setup.env("builder")
        env.update({"LEGANT_GUARD_JWKS": iss.base + "/.well-known/jwks.json",
                    "LEGANT_GUARD_FEED": iss.base + "/.well-known/revoked",
                    "LEGANT_GUARD_CACHE": str(tmp_path / "cache"), "LEGANT_GUARD_AUDIT": str(tmp_path / "audit.jsonl"),
                    "LEGANT_GUARD_REFRESH": "0.5"})
        ids = _ids()
        iss.publish(ids, ver=40)
        _settled(monkeypatch)
        assert_allowed(iss.setup.check("Bash", {"command": "ls"}, env=env))
        memos = list((tmp_path / "cache").rglob(feedmemo.FEED_MEMO_FILE))
        assert len(memos) == 1
        reads = _count_full_reads(monkeypatch)
        assert_allowed(iss.setup.check("Bash", {"command": "ls"}, env=env))
        assert reads == []
        iss.publish(ids + [_jti(iss.setup)], ver=41)
        time.sleep(0.6)
        assert_denied(iss.setup.check("Bash", {"command": "ls"}, env=env), "the delegation token is revoked")
        assert_denied(iss.setup.check("Bash", {"command": "ls"}, env=env), "the delegation token is revoked")
    finally:
        iss.stop()
