"""Org mode: the issuer's JWKS and revocation feed fetched from URLs, kept as a verified cache.

A Legant issuer (`legant serve`) publishes `/.well-known/jwks.json` and a signed revocation
feed at `/.well-known/revoked`; the guard is one more offline resource server of it. When
LEGANT_GUARD_JWKS / LEGANT_GUARD_FEED are URLs, each document lives in a cache folder of its
own (body + meta.json: last good fetch, last attempt, the feed's highest version):

- a call whose cache is fresh (younger than LEGANT_GUARD_REFRESH, default 60 s) reads two
  small files and imports nothing from the network stack;
- a stale cache is refetched by ONE hook at a time (a non-blocking lock; the others use the
  cached copy), with a short connect/read timeout, and at most once per refresh interval
  while the issuer is down, so an outage never costs every call a timeout;
- what is fetched is verified before it replaces the cache (a JWKS must parse, a feed must be
  signed by the issuer's key and never go back in version), so the cache only ever holds
  verified material, and an outage keeps serving it;
- once the last good fetch is older than LEGANT_GUARD_MAX_STALENESS (default 15 min) every
  call is denied as "stale" (fail closed: a revocation could be missed), and so is an
  expired feed;
- a token signed by a key id the cached JWKS lacks (key rotation) triggers one early JWKS
  refresh per key id, not one per call.

The cache is trust material (a key written into it would verify forged tokens): the hook
protects its folder like the guard dir (hook.config.guard_file_paths). Only https URLs are
accepted, and plain http on a loopback address (an issuer on this machine, tests).
"""

import os
import time

from legant_guard import fastjson, safefile
from legant_guard.atomicfile import write_atomic
from legant_guard.hook.config import cache_root
from legant_guard.delegation.errors import DelegationError

DEFAULT_REFRESH_SECONDS = 60
DEFAULT_MAX_STALENESS_SECONDS = 15 * 60
FETCH_BUDGET_SECONDS = 2.0  # all fetches of one hook call together: well below any hook timeout
MAX_BODY_BYTES = 4 * 1024 * 1024
# Hooks running side by side date their fetches a few seconds apart. A cache dated later than
# this after the call's clock was not written by this clock: the clock went back (NTP, a VM
# snapshot) or the files were planted. Fresh it is not (else a revocation would wait until
# the clock catches up, and a copy dated in 2099 would be served for ever).
CLOCK_SKEW_SECONDS = 30
META_FILE = "meta.json"
BODY_FILE = "body"
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WELL_KNOWN_JWKS = "/.well-known/jwks.json"  # where a Legant issuer publishes its documents
WELL_KNOWN_FEED = "/.well-known/revoked"


def is_url(value):
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def split_url(url):
    """(scheme, host, port text, userinfo present, path with query) of a URL, parsed by hand:
    this runs on every call (urllib.parse imports `re`, ~10 ms), and the fetch uses the very
    same reading, so the check and the request cannot disagree about the host."""
    scheme, sep, rest = url.partition("://")
    rest = rest.split("#", 1)[0]
    cut = min([i for i in (rest.find("/"), rest.find("?")) if i >= 0] or [len(rest)])
    netloc, path = rest[:cut], rest[cut:]
    userinfo, at, hostport = netloc.rpartition("@")
    if hostport.startswith("["):
        host, _, port = hostport[1:].partition("]")
        port = port[1:] if port.startswith(":") else ("x" if port else "")
    else:
        host, _, port = hostport.partition(":")
    if path.startswith("?") or not path:
        path = "/" + path
    return (scheme if sep else ""), host.lower(), port, bool(at), path


def _is_loopback(host):
    if host in _LOOPBACK_NAMES:
        return True
    parts = host.split(".")
    return (len(parts) == 4 and parts[0] == "127"
            and all(p.isdigit() and p.isascii() and int(p) < 256 for p in parts))


def url_problem(url):
    """Why `url` cannot be an issuer URL, or None. http is for loopback only."""
    if any(c.isspace() or ord(c) < 32 or c == "\\" for c in url):
        return f"{url!r} contains spaces, backslashes or control characters"
    scheme, host, port, userinfo, _ = split_url(url)
    if scheme not in ("https", "http") or not host:
        return f"{url} is not an https:// URL"
    if userinfo:
        return f"{url} carries credentials; the issuer's documents are public"
    if port and not (port.isdigit() and port.isascii() and 0 < int(port) < 65536):
        return f"{url} is not a valid URL (bad port)"
    if scheme == "http" and not _is_loopback(host):
        return f"{url} is plain http to another machine; use https (http is accepted on loopback only)"
    return None


def issuer_base(url):
    """The issuer's base URL from the URL of one of its documents (what `install --issuer` takes)."""
    for suffix in (WELL_KNOWN_JWKS, WELL_KNOWN_FEED):
        if url and url.endswith(suffix):
            return url[:-len(suffix)]
    return url or "URL"


def fresh_token_hint(url):
    """What to do about an org-mode token that expired or was revoked: the issuer holds the
    signing key, so `legant guard renew` cannot help; a new token from the issuer can."""
    base = issuer_base(url)
    return (f"the issuer mints the tokens: get a fresh one from it ({base}), then run "
            f"`legant guard install --issuer {base} --token-file NEW_TOKEN_FILE`")


def cache_folder(root, url):
    """One folder per URL, named by the URL itself (every byte outside [A-Za-z0-9.-] escaped
    as _XX), so two URLs never share a folder."""
    name = "".join(c if (c.isascii() and c.isalnum()) or c in ".-" else "_%02x" % ord(c)
                   for c in url) if url.isascii() else None
    if name is None or len(name) > 200:
        name = "sha256-" + fastjson.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return os.path.join(root, name)


def seconds_setting(env, name, default):
    """A positive number of seconds from the environment; a bad value fails closed."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):  # "inf" would serve a cached copy forever: fail closed
        raise DelegationError(f"{name}={raw!r} is not a positive number of seconds")
    return value


def fetch(url, deadline):
    """GET `url` by `deadline` (time.monotonic), no redirects, a bounded body; bytes or DelegationError.

    The request runs in a worker thread that this call waits for until the deadline at most:
    socket timeouts bound each read, not the whole exchange, so an issuer (or anything in
    between) dripping one byte of its status line, headers or chunk sizes per second would
    otherwise hold the hook past the agent's hook timeout, which Codex reads as "allow".
    On the deadline the worker's socket is shut down and the call fails as unreachable."""
    import threading

    outcome, conns = [], []

    def work():
        try:
            outcome.append((True, _fetch(url, deadline, conns)))
        except BaseException as e:  # noqa: BLE001 - handed to the waiting call
            outcome.append((False, e))

    worker = threading.Thread(target=work, name="legant-issuer-fetch", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if not outcome:
        _abort(conns)
        raise DelegationError(f"cannot reach {url} (no complete answer within the fetch budget of "
                              f"{FETCH_BUDGET_SECONDS:g} s)")
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _abort(conns):
    """Wake a worker blocked on its socket (a reader blocked in recv returns at once)."""
    import socket

    for conn in conns:
        sock = getattr(conn, "sock", None)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _fetch(url, deadline, conns):
    import http.client

    def remaining():
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the fetch budget of this call is spent")
        return left

    scheme, host, port, _, path = split_url(url)
    cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    conn = None
    try:
        # The port is always given: http.client would read the last `:` group of a bare IPv6
        # host (`::1`) as its port.
        conn = cls(host, int(port) if port else cls.default_port, timeout=remaining())
        conns.append(conn)
        conn.connect()
        sock = conn.sock  # the response keeps reading from it after http.client lets go of it
        sock.settimeout(remaining())
        conn.request("GET", path, headers={"Accept": "application/json, application/jwt, */*",
                                           "User-Agent": "legant-guard", "Connection": "close"})
        response = conn.getresponse()
        if response.status != 200:
            raise DelegationError(f"HTTP {response.status} from {url}")
        body = b""
        while len(body) <= MAX_BODY_BYTES:  # a slow drip must not outlive the deadline either
            sock.settimeout(remaining())
            chunk = response.read1(64 * 1024)
            if not chunk:
                break
            body += chunk
    except DelegationError:
        raise
    except Exception as e:  # noqa: BLE001 - any network failure is "could not fetch"
        raise DelegationError(f"cannot reach {url} ({type(e).__name__}: {e})") from None
    finally:
        if conn is not None:
            conn.close()
    if len(body) > MAX_BODY_BYTES:
        raise DelegationError(f"{url} answered more than {MAX_BODY_BYTES} bytes")
    return body


class CachedDocument:
    """One URL's verified copy on disk and what is known about its freshness."""

    def __init__(self, url, root):
        self.url = url
        self.folder = cache_folder(root, url)
        self.meta = self._read_meta()
        self.body = None

    def _read_meta(self):
        try:
            meta = fastjson.loads(safefile.read_bytes(os.path.join(self.folder, META_FILE), 64 * 1024))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) and meta.get("url") == self.url else {}

    def read_body(self):
        if self.body is None and self.meta.get("fetched"):
            try:
                self.body = safefile.read_bytes(os.path.join(self.folder, BODY_FILE), MAX_BODY_BYTES)
            except OSError:  # a symlink planted for the cached copy is not the guard's copy
                self.body = None
        return self.body

    def number(self, key):
        value = self.meta.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def due(self, now, refresh):
        """A refresh is due: never fetched, or the last good fetch and the last attempt are old."""
        fetched, attempt = self.number("fetched"), self.number("attempt")
        if attempt is not None and attempt > now + CLOCK_SKEW_SECONDS:
            attempt = None  # dated in the future: no reason to wait for it
        if fetched is None or self.read_body() is None:
            return attempt is None or now - attempt >= min(refresh, 5.0)
        if fetched > now + CLOCK_SKEW_SECONDS:
            return True
        return now - fetched >= refresh and (attempt is None or now - attempt >= refresh)

    def refresh(self, now, verify, deadline, blocking=False, unless_fresh=None, unless_kid=None):
        """Fetch, verify (`verify(body, meta)` raises DelegationError or returns extra meta) and
        store, under the folder's lock. Returns the error text of a failed fetch, or None; when
        another hook holds the lock (and not `blocking`, or past the deadline) nothing is done,
        and so when, with `unless_fresh` (the refresh interval), the hook that held the lock
        has just fetched, or, with `unless_kid`, it has just refreshed early for that key id
        (hooks started together with the same unknown key id fetch once, not once each)."""
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        lock = os.open(os.path.join(self.folder, "lock"), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            if not _lock(lock, deadline if blocking else 0):
                return None
            self.meta, self.body = self._read_meta(), None  # another hook may have just fetched
            if unless_fresh is not None and not self.due(now, unless_fresh):
                return None
            if unless_kid is not None and self.meta.get("early_kid") == unless_kid:
                return None
            meta = dict(self.meta, url=self.url)
            try:
                body = fetch(self.url, deadline)
                meta.update(verify(body, self.meta) or {})
            except DelegationError as e:
                # The attempt is dated when it ended: a hanging issuer is retried one interval
                # after the timeout, not at once by the next call.
                meta.update(error=str(e), attempt=max(now, time.time()))
                self._write_meta(meta)
                return str(e)
            write_atomic(os.path.join(self.folder, BODY_FILE), body)
            meta.update(fetched=now, attempt=now, error="")
            self._write_meta(meta)
            self.body = body
            return None
        finally:
            os.close(lock)

    def _write_meta(self, meta):
        self.meta = meta
        write_atomic(os.path.join(self.folder, META_FILE), fastjson.dumps(meta, sort_keys=True) + "\n")

    def usable_body(self, now, max_staleness, what):
        """The cached body if it is not too old, else DelegationError (fail closed)."""
        body = self.read_body()
        self.check_usable(now, max_staleness, what, body is not None)
        return body

    def check_usable(self, now, max_staleness, what, have_body):
        """DelegationError (fail closed) unless a body (`have_body`) was fetched and is not too old."""
        fetched = self.number("fetched")
        error = self.meta.get("error") or ""
        if not have_body or fetched is None:
            why = f": {error}" if error else ""
            raise DelegationError(f"no copy of the issuer's {what} yet: cannot fetch {self.url}{why}")
        age = now - fetched
        if age < -CLOCK_SKEW_SECONDS:
            raise DelegationError(
                f"the issuer's {what} cached from {self.url} is dated {human_age(-age)} in the future (the clock "
                "went back, or the cache was tampered with), so how old it is cannot be told; every call is "
                "denied until a good copy can be fetched from the issuer again")
        if age > max_staleness:
            why = f" ({error})" if error else ""
            raise DelegationError(
                f"the issuer's {what} is stale: last fetched from {self.url} {human_age(age)} ago, "
                f"more than LEGANT_GUARD_MAX_STALENESS ({human_age(max_staleness)}){why}; "
                "every call is denied until a good copy can be fetched from the issuer again")


def _lock(fd, deadline):
    """Take an exclusive lock on `fd`, waiting until `deadline` (time.monotonic) at most."""
    import fcntl

    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def human_age(seconds):
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


def header_kid(token):
    """The `kid` of a compact JWS header, or None (nothing verified: only to decide on a refresh)."""
    try:
        from legant_guard.delegation.jws import decode_unverified

        kid = decode_unverified(token)[0].get("kid")
    except DelegationError:
        return None
    return kid if isinstance(kid, str) else None


class IssuerMaterial:
    """The JWKS (and feed) of an issuer for one hook call, from the cache or a refresh."""

    def __init__(self, env, jwks_url, feed_url, issuer, now, jwks_path=None, offline=False):
        self.now = now
        self.offline = offline  # status: report on the cached copies, fetch nothing
        self.jwks_path = jwks_path  # keys pinned in a local file, only the feed from a URL
        self.issuer = issuer
        self.refresh_every = seconds_setting(env, "LEGANT_GUARD_REFRESH", DEFAULT_REFRESH_SECONDS)
        self.max_staleness = seconds_setting(env, "LEGANT_GUARD_MAX_STALENESS", DEFAULT_MAX_STALENESS_SECONDS)
        self.deadline = time.monotonic() + FETCH_BUDGET_SECONDS
        root = cache_root(env)
        for url in filter(None, (jwks_url, feed_url)):
            problem = url_problem(url)
            if problem:
                raise DelegationError(problem)
        if not jwks_url and not jwks_path:
            raise DelegationError("no JWKS configured: set LEGANT_GUARD_JWKS to the issuer's key set (a URL or a file)")
        self.jwks = CachedDocument(jwks_url, root) if jwks_url else None
        self.feed_doc = CachedDocument(feed_url, root) if feed_url else None
        self._keys = None

    def keys(self):
        if self._keys is None and self.jwks is None:
            from legant_guard.delegation.jwks import load_jwks

            self._keys = load_jwks(self.jwks_path)
        if self._keys is None:
            doc = self.jwks
            if not self.offline and doc.due(self.now, self.refresh_every):
                doc.refresh(self.now, _verify_jwks, self.deadline, blocking=doc.read_body() is None,
                            unless_fresh=self.refresh_every)
            self._keys = _parse_jwks(doc.usable_body(self.now, self.max_staleness, "JWKS"))
        return self._keys

    def keys_for(self, token):
        """The keys, refreshed early (once per key id) when `token`'s key id is not among them."""
        keys = self.keys()
        kid = header_kid(token)
        if (not self.offline and self.jwks is not None and kid and kid not in keys
                and self.jwks.meta.get("early_kid") != kid):
            doc = self.jwks
            error = doc.refresh(self.now, lambda body, meta: dict(_verify_jwks(body, meta), early_kid=kid),
                                self.deadline, blocking=True, unless_kid=kid)
            if error:
                meta = dict(doc.meta, early_kid=kid)
                doc._write_meta(meta)
            self._keys = None
            keys = self.keys()
        return keys

    def feed(self, memo=None):
        """The verified feed (fetched when due, never older in version than one seen before).
        `memo`: the guard dir's memo of verified signatures (safefile.DigestMemo)."""
        from legant_guard.delegation import feed as feedlib

        doc = self.feed_doc
        if not self.offline and doc.due(self.now, self.refresh_every):
            def verify(body, meta):
                try:
                    feed = feedlib.verify_feed(_text(body, "revocation feed"), self.keys_for(_text(body, "")),
                                               self.issuer, self.now)
                except DelegationError as e:  # the local hint (revoke --refresh) is not the user's to run here
                    raise DelegationError(str(e).replace(feedlib.REFRESH_HINT, "the issuer has to publish a fresh "
                                                         "one")) from None
                seen = meta.get("ver")
                if isinstance(seen, int) and feed.ver < seen:
                    raise DelegationError(f"the issuer served revocation feed version {feed.ver}, older than "
                                          f"version {seen} already seen: refused as a rollback")
                return {"ver": feed.ver}

            doc.refresh(self.now, verify, self.deadline, blocking=doc.read_body() is None,
                        unless_fresh=self.refresh_every)
        body_path = os.path.join(doc.folder, BODY_FILE)
        doc.check_usable(self.now, self.max_staleness, "revocation feed", os.path.lexists(body_path))
        try:  # a large feed is kept verified in the cache folder's feed.memo (delegation/feedmemo.py)
            feed = feedlib.load_feed(body_path, self.keys(), self.issuer, self.now, memo, doc.folder)
        except DelegationError as e:
            if "expired" in str(e):
                raise DelegationError(f"the issuer's revocation feed expired and no fresh one could be fetched "
                                      f"from {doc.url}; every call is denied until it can") from None
            raise DelegationError(str(e).replace(feedlib.REFRESH_HINT, "the issuer has to publish a fresh one")) from None
        if isinstance(doc.meta.get("ver"), int) and feed.ver < doc.meta["ver"]:
            raise DelegationError(f"the cached revocation feed (version {feed.ver}) is older than version "
                                  f"{doc.meta['ver']} already seen: refused as a rollback")
        return feed



def describe(env, now):
    """What `guard status` shows of a hook environment's issuer documents, from the cache
    (nothing is fetched): per document its URL, last good fetch and age, the last error,
    the feed version, and whether the hook would call it stale."""
    root = cache_root(env)
    try:
        max_staleness = seconds_setting(env, "LEGANT_GUARD_MAX_STALENESS", DEFAULT_MAX_STALENESS_SECONDS)
    except DelegationError as e:
        return {"error": str(e), "documents": []}
    docs = []
    for what, var in (("jwks", "LEGANT_GUARD_JWKS"), ("feed", "LEGANT_GUARD_FEED")):
        url = env.get(var)
        if not is_url(url):
            continue
        doc = CachedDocument(url, root)
        fetched = doc.number("fetched")
        age = None if fetched is None else max(0, int(now - fetched))
        docs.append({"what": what, "url": url, "fetched": fetched, "age_seconds": age,
                     "stale": age is None or age > max_staleness or fetched > now + CLOCK_SKEW_SECONDS, "error": doc.meta.get("error") or "",
                     "ver": doc.meta.get("ver")})
    return {"issuer": env.get("LEGANT_GUARD_ISSUER", ""), "max_staleness_seconds": max_staleness, "documents": docs}


def _text(body, what):
    try:
        return body.decode("ascii").strip()
    except UnicodeDecodeError:
        raise DelegationError(f"the issuer's {what} is not a JWS (not ASCII)") from None


def _parse_jwks(body):
    from legant_guard.delegation.jwks import parse_jwks

    return parse_jwks(body)


def _verify_jwks(body, meta):
    _parse_jwks(body)
    return {}
