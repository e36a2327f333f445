"""Revoking tokens: republish the local signed feed with more ids (`guard revoke`, the panel, the demo).

Under the feed lock, every earlier id kept, a higher version, written atomically. An id stays
on the feed only while its token can still be used: when a token is revoked from its file its
expiry is recorded (revocations.json) and each republish drops the ids whose tokens expired.

revocations.json also keeps every id still revoked (its `revoked` list): a feed.jwt deleted, or
replaced by an older copy, and then republished (`--refresh`, the fix the hook names) gets its
ids back from there instead of silently dropping the revocations made since.

Both are read only from the copy this setup's key signed (its `signed` member): the file is
plain JSON beside the feed, and an expiry edited to 1 (or an id taken off the list next to a
rolled-back feed) pruned the revocation at the user's next, unrelated `revoke`, which signed the
un-revocation with the real key (red team #40). A ledger that does not verify counts as missing:
nothing is pruned, and a republish of a feed older than this setup published says so.
"""

import os

from legant_guard import guarddir
from legant_guard.ops import OpError


class FeedCorrupt(Exception):
    """feed.jwt cannot be read, so republishing it would drop the ids it revokes."""


EXPIRY_FILE = "revocations.json"
_LEDGER_USE = "legant-guard revocation ledger"
_MAX_LEDGER_BYTES = 64 * 1024 * 1024


def _read_ledger(directory):
    """({jti: exp} of revoked tokens whose expiry is known, [every id still revoked] or None when
    the file is missing, unreadable or older than that list)."""
    from legant_guard import fastjson, safefile
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import verify_compact

    try:
        doc = fastjson.loads(safefile.read_bytes(os.path.join(directory, EXPIRY_FILE), _MAX_LEDGER_BYTES))
        doc = verify_compact(doc.get("signed"), own_keys(directory), "revocation ledger", _MAX_LEDGER_BYTES)
    except (OSError, ValueError, AttributeError, TypeError, DelegationError, guarddir.GuardDirError):
        return {}, None  # unknown expiries: nothing is pruned
    if not isinstance(doc, dict) or doc.get("use") != _LEDGER_USE or doc.get("iss") != guarddir.ISSUER:
        return {}, None
    expiry = doc.get("expiry") if isinstance(doc.get("expiry"), dict) else {}
    revoked = doc.get("revoked")
    revoked = [j for j in revoked if isinstance(j, str)] if isinstance(revoked, list) else None
    return {k: v for k, v in expiry.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}, revoked


def _read_expiries(directory):
    """{jti: exp} of revoked tokens whose expiry is known."""
    return _read_ledger(directory)[0]


def revoke_ids(directory, add=(), expiries=None, now=None, warnings=None, lossless=False):
    """Republish the feed with `add` appended and expired ids pruned, under the feed lock.
    `expiries` maps ids to their tokens' `exp` when known. The ids come from the current feed
    and from revocations.json's list (a feed deleted or rolled back loses none of them); when
    the feed is older than a version this setup published and that list is gone too, a line
    saying revocations may be lost is appended to `warnings`.

    `lossless` (init): refuse that republish instead (FeedCorrupt), since it is no remedy the user chose.

    Returns (version, ids now on the feed, ids newly added). Raises FeedCorrupt,
    DelegationError, GuardDirError or OSError.
    """
    import time

    from legant_guard import fastjson
    from legant_guard.delegation.errors import DelegationError

    now = time.time() if now is None else now
    with guarddir.feed_lock(directory):
        try:
            current = signed_feed_ids(directory)
        except DelegationError as e:
            raise FeedCorrupt(
                f"the feed {os.path.join(directory, guarddir.FEED_FILE)} is corrupt ({e}); republishing it would "
                "drop the ids it revokes. Restore it from a backup, or delete it and revoke those tokens again."
            )
        known, ledger = _read_ledger(directory)
        lag = behind(directory) if ledger is None and (warnings is not None or lossless) else None
        if lag and lossless:
            # (red team #40) `init` over an older feed.jwt put back with revocations.json deleted republished
            # the old feed's ids without a word: a revoked token was accepted again
            raise FeedCorrupt(
                f"the feed is version {lag[0]} but this setup published version {lag[1]}, and its list of revoked ids "
                f"({EXPIRY_FILE}) is gone or no longer carries this setup's signature: republishing it would lift the "
                "revocations made since. Put back the newer feed.jwt (or revocations.json); or accept the loss with "
                "`legant guard revoke --refresh`, then revoke those tokens again")
        if lag and warnings is not None:
            warnings.append(f"the feed is version {lag[0]} but this setup published version {lag[1]}, and "
                            f"its list of revoked ids ({EXPIRY_FILE}) is gone or no longer carries this setup's "
                            f"signature (edited?): ids revoked after version "
                            f"{lag[0]} are not on the new feed. Put back the newer feed.jwt, or revoke those "
                            "tokens again (`legant guard revoke --jti ID`, `--role R`)")
        current = list(dict.fromkeys(list(current) + (ledger or [])))
        present = set(current)  # (a list here made revoking 50,000 ids onto a feed of 50,000 take minutes)
        new = [j for j in dict.fromkeys(add) if j not in present]
        known.update(_finite(expiries or {}))
        expired = {j for j, exp in known.items() if exp <= now}
        ids = sorted((set(current) | set(new)) - expired)
        known = {j: exp for j, exp in known.items() if j not in expired and j in ids}
        _write_ledger(directory, known, ids)
        ver = guarddir.publish_feed(directory, ids, now=now)
    if warnings is not None:
        _over_the_bound(directory, len(ids), warnings)
    return ver, ids, new


def _over_the_bound(directory, count, warnings):
    """A feed past the size the hook reads is published all the same (a revocation must never be
    dropped: every call is then denied, which fails closed), but said now, with the way out (red
    team #40: 100,000 ids made a 4.6 MB feed, and the first sign was every call denied)."""
    from legant_guard.delegation.jws import MAX_FEED_BYTES

    size = os.path.getsize(os.path.join(directory, guarddir.FEED_FILE))
    if size > MAX_FEED_BYTES:
        warnings.append(
            f"the feed now lists {count} ids ({size} bytes), more than the {MAX_FEED_BYTES} bytes the hook reads: "
            "every call is denied until it is smaller. Ids of expired tokens are dropped by `legant guard revoke "
            "--refresh` when their expiry is known (revoked with --role or --token-file); otherwise start a new key "
            f"(move key.pem, {guarddir.FEED_FILE} and {EXPIRY_FILE} out of {directory}, then run `legant guard init`: "
            "every token minted before stops working)")


def _write_ledger(directory, expiry, revoked):
    """revocations.json: the ledger, and the same signed by this setup's key (what is read back)."""
    from legant_guard import fastjson
    from legant_guard.delegation.keys import sign_jws

    ledger = {"expiry": expiry, "revoked": revoked}
    signed = sign_jws(guarddir.load_key(directory), guarddir.KID, dict(ledger, use=_LEDGER_USE, iss=guarddir.ISSUER))
    guarddir.write_private(os.path.join(directory, EXPIRY_FILE),
                           fastjson.dumps(dict(ledger, signed=signed), sort_keys=True) + "\n")


def signed_feed_ids(directory):
    """The ids of the current feed.jwt, read only from a feed this setup's key signed ([] when there
    is none). Its expiry and version do not matter here (an expired or rolled-back feed is what a
    republish repairs), but its signature does: a feed.jwt whose payload anyone rewrote (`"jtis": []`
    and a high `ver`, so no warning fires) would otherwise be re-signed as it stands by `revoke
    --refresh`, `renew` or `init`, lifting every revocation it dropped (red team #35). DelegationError
    when it does not verify."""
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import verify_compact

    if not os.path.lexists(os.path.join(directory, guarddir.FEED_FILE)):
        return []
    claims = verify_compact(guarddir.current_feed_text(directory), own_keys(directory), "revocation feed",
                            guarddir.OWN_FEED_MAX_BYTES)
    if claims.get("iss") != guarddir.ISSUER:
        raise DelegationError(f"it was issued by `{claims.get('iss')}`, not by this setup")
    jtis = claims.get("jtis") or []
    if not isinstance(jtis, list) or not all(isinstance(j, str) for j in jtis):
        raise DelegationError("its `jtis` is not a list of token ids")
    return jtis


def own_keys(directory):
    """kid -> (n, e) of this setup's own signing key (key.pem, not the jwks.json beside it)."""
    from legant_guard.delegation.jwks import parse_jwks
    from legant_guard.delegation.keys import jwks_from_private_pem

    return parse_jwks(jwks_from_private_pem(guarddir.load_key(directory), guarddir.KID))


def token_expiry(directory, token):
    """The `exp` of `token` when this setup's key signed it, else None. Pruning drops an id once its
    token's expiry has passed, so that expiry must be the token's own: a token file whose payload
    was edited (the revoked id, an `exp` in the past) would otherwise prune the id at once and
    lift the revocation of the real token (red team #35). An expiry that is no finite number counts
    as unknown (the id is kept)."""
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import verify_compact

    try:
        claims = verify_compact(token, own_keys(directory), "token")
    except (DelegationError, guarddir.GuardDirError):
        return None
    exp = claims.get("exp")
    return exp if _finite({"": exp}) else None


def _finite(expiries):
    """The entries of {jti: exp} whose expiry is a finite number (NaN, infinities and others dropped)."""
    return {j: exp for j, exp in expiries.items()
            if isinstance(exp, (int, float)) and not isinstance(exp, bool) and exp == exp and abs(exp) < 1e18}


def behind(directory):
    """(the current feed's version, the highest this setup published) when the feed is older, else None."""
    try:
        current = guarddir._current_feed_claims(directory).get("ver")
        highest = guarddir.highest_feed_version(directory)
    except Exception:
        return None
    if not isinstance(current, int) or isinstance(current, bool):
        current = 0
    return (current, highest) if current < highest else None


def publish(directory, add=(), expiries=None, warnings=None):
    """revoke_ids, with every failure an OpError that says what to do."""
    from legant_guard.delegation.errors import DelegationError

    try:
        return revoke_ids(directory, add, expiries, warnings=warnings)
    except FeedCorrupt as e:
        raise OpError(str(e))
    except (DelegationError, guarddir.GuardDirError, OSError) as e:
        raise OpError(f"cannot publish the revocation feed: {e}")
