"""The signed revocation feed and rollback protection.

A feed is a compact JWS signed by a key of the issuer's JWKS (no new trust root) with
claims {iss, iat, exp, ver, jtis}. A configured feed that cannot be trusted (missing,
corrupt, forged, expired, rolled back) is an error here and a deny-everything in the
hook: a stale feed can only miss a revocation, so it must not be silently accepted.

Rollback: the guard remembers the highest `ver` it accepted or published per issuer in
a small JSON state file, and also in places whose deletion is itself noticed (the setup
record, the audit head): the feed must be at least as new as the highest of them, so deleting
the state file no longer resets the mark. Standard library only (hot path).
"""

import os

from legant_guard import fastjson, safefile
from legant_guard.delegation.claims import check_times, format_time
from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jws import MAX_FEED_BYTES, signing_kid, verify_compact

REFRESH_HINT = "run `legant guard revoke --refresh` to publish a fresh feed"
# After a rollback, re-signing the old feed alone would confirm it: revoke --refresh also
# republishes the ids the setup recorded as revoked (ops/revocation.py).
ROLLBACK_HINT = ("put back the newer feed.jwt, or run `legant guard revoke --refresh`: it republishes every id this "
                 "setup recorded as revoked")
MAX_STATE_BYTES = 1024 * 1024
# A feed this large (about 300 revoked ids) is kept verified in feed.memo: reading, hashing and
# parsing a smaller one costs less than loading the memo's module.
MEMO_MIN_BYTES = 16 * 1024


class Feed:
    """A verified revocation feed."""

    __slots__ = ("iss", "iat", "exp", "ver", "jtis")

    def __init__(self, iss, iat, exp, ver, jtis):
        self.iss = iss
        self.iat = iat
        self.exp = exp
        self.ver = ver
        self.jtis = jtis  # a frozenset, or the memo's RevokedIds: `in` is all the hook asks

    def is_revoked(self, jti):
        return jti in self.jtis

    def revoked_in(self, ids):
        """The first of `ids` (a token's lineage) that this feed revokes, or None."""
        for i in ids:
            if i in self.jtis:
                return i
        return None


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def verify_feed(feed_token, keys, issuer, now, memo=None):
    """Verify a feed JWS against `keys` (kid -> (n, e)) and return a Feed, or raise."""
    return feed_from_claims(_verified_claims(feed_token, keys, memo), issuer, now)


def _verified_claims(feed_token, keys, memo=None):
    try:
        return verify_compact(feed_token, keys, "revocation feed", MAX_FEED_BYTES, memo)
    except DelegationError as e:
        raise DelegationError(f"revocation feed rejected: {e}") from None


def feed_from_claims(c, issuer, now, revoked=None):
    """The Feed that verified claims `c` describe at time `now`, or raise. Everything here is
    checked on every call, also for claims a memo kept (hook/feedmemo.py): the clock moves.
    `revoked`: the ids as the memo keeps them (checked when it was kept), instead of c's list."""
    if c.get("iss") != issuer:
        raise DelegationError(f"revocation feed rejected: wrong issuer `{c.get('iss')}` (this guard trusts `{issuer}`)")
    if "act" in c:
        raise DelegationError("revocation feed rejected: this is a delegation token, not a feed")
    exp = c.get("exp")
    if not _is_num(exp):
        raise DelegationError("revocation feed rejected: it has no valid expiry (`exp`)")
    if now >= exp:
        raise DelegationError(f"revocation feed expired at {format_time(exp)}: {REFRESH_HINT}")
    check_times(c, now, "revocation feed")
    ver = c.get("ver")
    if not isinstance(ver, int) or isinstance(ver, bool) or ver < 0:
        raise DelegationError("revocation feed rejected: `ver` must be a non-negative integer")
    if revoked is None:
        jtis = c.get("jtis")
        if jtis is None:
            jtis = []  # Legant's SDKs read a null list as empty
        if not isinstance(jtis, list) or not all(isinstance(j, str) for j in jtis):
            raise DelegationError("revocation feed rejected: `jtis` must be a list of token ids")
        revoked = frozenset(jtis)
    iat = c.get("iat")
    return Feed(c["iss"], iat if _is_num(iat) else None, exp, ver, revoked)


def load_feed(path, keys, issuer, now, memo=None, memo_dir=None):
    """verify_feed of a feed file (feed.jwt); a missing or unreadable file is an error.

    `memo_dir`: the guard dir whose feed.memo (delegation/feedmemo.py) answers for a large
    feed file verified before and unchanged since, and keeps what this call verifies."""
    try:
        fd, st = safefile.open_checked(path)
    except FileNotFoundError:
        raise DelegationError(f"revocation feed {path} is missing: {REFRESH_HINT}") from None
    except OSError as e:
        raise DelegationError(f"cannot read revocation feed {path}: {e.strerror}") from None
    kept = None
    try:
        if memo_dir and st.st_size >= MEMO_MIN_BYTES:
            from legant_guard.delegation.feedmemo import FeedMemo

            kept = FeedMemo(memo_dir)
            recalled = kept.recall(path, st, keys, issuer)
            if recalled is not None:
                return feed_from_claims(recalled[0], issuer, now, revoked=recalled[1])
        data = safefile.read_fd(fd, MAX_FEED_BYTES)
    except OSError as e:
        raise DelegationError(f"cannot read revocation feed {path}: {e.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FEED_BYTES:
        raise DelegationError(f"revocation feed {path} is larger than {MAX_FEED_BYTES} bytes")
    try:
        text = data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise DelegationError(f"revocation feed {path} is corrupt (not a JWS): {REFRESH_HINT}") from None
    claims = _verified_claims(text, keys, memo)
    feed = feed_from_claims(claims, issuer, now)
    if kept is not None:
        kid = signing_kid(text)
        kept.keep(path, st, kid, keys[kid], issuer, claims)
    return feed


def read_state(state_path):
    """{issuer: highest ver}; {} when the file does not exist; DelegationError when corrupt."""
    try:
        data = safefile.read_bytes(state_path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise DelegationError(f"cannot read feed version state {state_path}: {e.strerror}") from None
    bad = DelegationError(
        f"feed version state {state_path} is corrupt, so a rollback cannot be ruled out; "
        "restore it or remove it deliberately to trust the current feed"
    )
    if len(data) > MAX_STATE_BYTES:
        raise bad
    try:
        state = fastjson.loads(data)
    except (ValueError, RecursionError):
        raise bad from None
    if not isinstance(state, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in state.values()
    ):
        raise bad
    return state





def check_rollback(state_path, issuer, ver, evidence=(), hint=ROLLBACK_HINT):
    """Raise if `ver` is older than the highest version already seen for `issuer`, in the state
    file or in any of `evidence` ((where, version) pairs: the setup record, the audit head);
    return what the state file says (or None). `hint`: what the user can do about it."""
    seen = read_state(state_path).get(issuer)
    marks = [(f"the feed state {state_path}", seen)] + [(w, v) for w, v in evidence]
    where, highest = max(((w, v) for w, v in marks if v is not None), key=lambda m: m[1], default=(None, None))
    if highest is not None and ver < highest:
        disagree = "" if seen is not None and seen >= highest else (
            f" (the feed state says {seen if seen is not None else 'nothing'}: it was reset or deleted)")
        raise DelegationError(
            f"revocation feed rolled back: version {ver} is older than {highest} already seen for {issuer} "
            f"(recorded in {where}){disagree}; "
            f"someone may have restored an old feed to undo a revocation ({hint})"
        )
    return seen


def record_version(state_path, issuer, ver):
    """Remember `ver` for `issuer` if it is higher than what is stored (atomic, locked)."""
    if not isinstance(ver, int) or isinstance(ver, bool) or ver < 0:
        raise DelegationError("feed version must be a non-negative integer")
    try:
        _record_version_locked(state_path, issuer, ver)
    except OSError as e:
        raise DelegationError(f"cannot record feed version in {state_path}: {e.strerror or e}") from None


def _record_version_locked(state_path, issuer, ver):
    state_path = os.fspath(state_path)
    lock_fd = os.open(state_path + ".lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(lock_fd, fcntl.LOCK_EX)
        except ImportError:  # no fcntl (Windows): the atomic rename still prevents torn files
            pass
        state = read_state(state_path)
        if state.get(issuer, -1) >= ver:
            return
        state[issuer] = ver
        from legant_guard.atomicfile import write_atomic  # (only when the version went up)

        write_atomic(state_path, fastjson.dumps(state, sort_keys=True) + "\n")
    finally:
        os.close(lock_fd)


def accept_feed(path, keys, issuer, now, state_path, evidence=(), memo=None, memo_dir=None):
    """What the hook does with a configured feed: load and verify it (or recall it from the
    guard dir's feed.memo), refuse a rollback, and remember a newer version (written only when
    the version went up)."""
    feed = load_feed(path, keys, issuer, now, memo, memo_dir)
    seen = check_rollback(state_path, issuer, feed.ver, evidence)
    if seen is None or feed.ver > seen:
        record_version(state_path, issuer, feed.ver)
    return feed
