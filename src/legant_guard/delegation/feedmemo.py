"""The verified revocation feed, kept across calls while the feed file is unchanged.

A feed revoking 10,000 tokens is about half a megabyte. Reading, hashing (for the signature
memo), base64-decoding and parsing it on every tool call cost about as much as the rest of
the hook together. What verification concluded does not change while the file does not, so
the hook keeps it in the guard dir's `feed.memo` (only for a feed of
feed.MEMO_MIN_BYTES or more: a smaller one costs less to read than this module to load):

    line 1: JSON {v, path, id, kid, key, iss, claims (without jtis), count, bytes}
    then:   "\\n" + each revoked id + "\\n" ...   (membership is one bytes search)

`id` is the feed file's identity as the kernel keeps it: device, inode, size, modification
and status-change times in nanoseconds, taken from the descriptor the feed was read through,
before it was read. Any write to the file, a rename over it, a copy put in its place or a
restored backup changes the status-change time (which no unprivileged process can set), so a
changed feed never matches. As in git's "racy" index entries, a feed changed in the last
RACY_SECONDS is not kept: two changes within one tick of the file system's clock could
otherwise leave the same identity behind. `kid`/`key` bind the memo to the signing key still
in the JWKS, `iss` to the issuer. Everything that depends on the clock or on other files
(expiry, `iat`, the version's rollback check, the high-water mark) is checked again on every
call from the kept claims, exactly as for a freshly read feed.

The memo is a guard file: opened like the others (no link, ours, not writable by others, one
name). Whoever can write it could as well replace the JWKS. An unusable memo only means the
feed is read in full.
"""

import os
import time

from legant_guard import fastjson, safefile
from legant_guard.safefile import RACY_SECONDS

FEED_MEMO_FILE = "feed.memo"
VERSION = 1
HEADER_BYTES = 65536  # a memo's ids take fewer bytes than the feed's base64 of their JSON; plus this


def identity(st):
    """What changes whenever the file's content can have changed (see the module docstring)."""
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def key_fingerprint(key):
    """A short digest of an RSA public key (n, e): the memo holds for that key only."""
    n, e = key
    return fastjson.sha256(b"%x.%x" % (n, e)).hexdigest()


class RevokedIds:
    """The feed's revoked ids as the memo keeps them: `jti in ids` is one bytes search."""

    __slots__ = ("_blob", "_count")

    def __init__(self, blob, count):
        self._blob = blob
        self._count = count

    def __contains__(self, jti):
        if not isinstance(jti, str) or "\n" in jti:
            return False  # the feed kept had no such id (keep() refuses ids with a newline)
        return b"\n" + jti.encode("utf-8", "surrogatepass") + b"\n" in self._blob

    def __len__(self):
        return self._count


class FeedMemo:
    """feed.memo in a guard dir: recall() what a feed verified to, keep() a verified feed."""

    __slots__ = ("path",)

    def __init__(self, guard_dir):
        self.path = os.path.join(guard_dir, FEED_MEMO_FILE)

    def recall(self, feed_path, st, keys, issuer):
        """(claims without jtis, RevokedIds) kept for the feed at `feed_path`, whose open
        descriptor's fstat is `st`, when the memo is of that very file, issuer and key; None
        otherwise (the caller verifies the feed in full)."""
        try:
            data = safefile.read_bytes(self.path, st.st_size + HEADER_BYTES)
        except OSError:
            return None
        header, _, blob = data.partition(b"\n")
        try:
            kept = fastjson.loads(header)
        except (ValueError, RecursionError):
            return None
        if not (isinstance(kept, dict) and kept.get("v") == VERSION and kept.get("path") == feed_path
                and kept.get("id") == identity(st) and kept.get("iss") == issuer):
            return None
        key = keys.get(kept.get("kid"))
        claims, count = kept.get("claims"), kept.get("count")
        if (key is None or kept.get("key") != key_fingerprint(key) or not isinstance(claims, dict)
                or not isinstance(count, int) or kept.get("bytes") != len(blob) or blob.count(b"\n") != count + 1
                or not (blob.startswith(b"\n") and blob.endswith(b"\n"))):
            return None
        return claims, RevokedIds(blob, count)

    def keep(self, feed_path, st, kid, key, issuer, claims):
        """Remember that the feed read with fstat `st` verified to `claims` under `kid`/`key`.
        Not kept: a feed changed in the last RACY_SECONDS, ids a line cannot hold. A failure to
        write only means the next call verifies in full again."""
        changed = max(st.st_mtime_ns, st.st_ctime_ns)
        if time.time_ns() - changed < RACY_SECONDS * 1_000_000_000:
            return
        jtis = claims.get("jtis") or []
        if any("\n" in j for j in jtis):
            return
        blob = b"".join(j.encode("utf-8", "surrogatepass") + b"\n" for j in jtis)
        header = {"v": VERSION, "path": feed_path, "id": identity(st), "kid": kid, "key": key_fingerprint(key),
                  "iss": issuer, "claims": {k: v for k, v in claims.items() if k != "jtis"},
                  "count": len(jtis), "bytes": len(blob) + 1}
        try:
            from legant_guard.atomicfile import write_atomic

            write_atomic(self.path, fastjson.dumps(header, sort_keys=True).encode("utf-8") + b"\n\n" + blob)
        except (OSError, ValueError):
            pass
