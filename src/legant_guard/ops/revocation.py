"""Revoking tokens: republish the local signed feed with more ids (`guard revoke`, the panel, the demo).

Under the feed lock, every earlier id kept, a higher version, written atomically. An id stays
on the feed only while its token can still be used: when a token is revoked from its file its
expiry is recorded (revocations.json) and each republish drops the ids whose tokens expired.
"""

import os

from legant_guard import guarddir
from legant_guard.ops import OpError


class FeedCorrupt(Exception):
    """feed.jwt cannot be read, so republishing it would drop the ids it revokes."""


EXPIRY_FILE = "revocations.json"


def _read_expiries(directory):
    """{jti: exp} of revoked tokens whose expiry is known."""
    from legant_guard import fastjson, safefile

    try:
        doc = fastjson.loads(safefile.read_bytes(os.path.join(directory, EXPIRY_FILE), 64 * 1024 * 1024))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # unknown expiries: nothing is pruned
    expiry = doc.get("expiry") if isinstance(doc, dict) else None
    if not isinstance(expiry, dict):
        return {}
    return {k: v for k, v in expiry.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def revoke_ids(directory, add=(), expiries=None, now=None):
    """Republish the feed with `add` appended and expired ids pruned, under the feed lock.
    `expiries` maps ids to their tokens' `exp` when known.

    Returns (version, ids now on the feed, ids newly added). Raises FeedCorrupt,
    DelegationError, GuardDirError or OSError.
    """
    import time

    from legant_guard import fastjson
    from legant_guard.delegation.errors import DelegationError

    now = time.time() if now is None else now
    with guarddir.feed_lock(directory):
        try:
            current = guarddir.current_feed_jtis(directory)
        except DelegationError as e:
            raise FeedCorrupt(
                f"the feed {os.path.join(directory, guarddir.FEED_FILE)} is corrupt ({e}); republishing it would "
                "drop the ids it revokes. Restore it from a backup, or delete it and revoke those tokens again."
            )
        new = [j for j in dict.fromkeys(add) if j not in current]
        known = _read_expiries(directory)
        known.update(expiries or {})
        expired = {j for j, exp in known.items() if exp <= now}
        ids = sorted((set(current) | set(new)) - expired)
        known = {j: exp for j, exp in known.items() if j not in expired and j in ids}
        guarddir.write_private(os.path.join(directory, EXPIRY_FILE),
                               fastjson.dumps({"expiry": known}, sort_keys=True) + "\n")
        ver = guarddir.publish_feed(directory, ids)
    return ver, ids, new


def publish(directory, add=(), expiries=None):
    """revoke_ids, with every failure an OpError that says what to do."""
    from legant_guard.delegation.errors import DelegationError

    try:
        return revoke_ids(directory, add, expiries)
    except FeedCorrupt as e:
        raise OpError(str(e))
    except (DelegationError, guarddir.GuardDirError, OSError) as e:
        raise OpError(f"cannot publish the revocation feed: {e}")
