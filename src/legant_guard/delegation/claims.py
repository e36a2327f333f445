"""Delegation-token verification and the reading of its claims.

Rules (WIRE_FORMAT.md, matched against Legant's Go verifier and legant-sdk 0.1.1):
RS256 only; `kid` required and in the JWKS; `iss` exact; `exp` required and `now >= exp`
is expired; `nbf` honoured; `act` required (no `act` = not a delegation token); `aud`
(a list or a single string) must contain the guard's audience after RFC 8707
canonicalisation. No clock leeway on `exp`/`nbf`: neither the SDK nor the Go verifier uses one.
Times must also be plausible, or a forged-clock or hand-made token lives forever: `iat` more
than CLOCK_LEEWAY in the future, any time past the end of year 9999 (what an RFC 3339 time,
the wire format's timestamps, can say), `exp` before `iat`, or a lifetime (`exp - iat`) over
MAX_LIFETIME (measured from now for a token without `iat`) are refused. Legant's conformance vectors (issued 2020, expiring 2099, an
80-year lifetime) stay valid; that is why MAX_LIFETIME is a century and not a year.
Standard library only: this runs before every tool call.
"""

import time
from itertools import repeat

from legant_guard.delegation.errors import DelegationError
from legant_guard.delegation.jws import verify_compact

# Put in an allow list that re-delegation narrowed to nothing: denies the whole dimension.
# Must equal Legant's internal/delegation and SDK constant.
DENY_ALL = "\x00legant:deny-all"

# Tagged rules the guard reads from cnst.resources ("path:/src", "deny-cmd:curl", ...).
ALLOW_TAGS = ("path", "cmd", "host")
DENY_TAGS = ("deny-path", "deny-cmd", "deny-host", "deny-tool")
RESOURCE_TAGS = ALLOW_TAGS + DENY_TAGS


CLOCK_LEEWAY = 300  # seconds an `iat` may lie in the future (clock skew between hosts)
MAX_TIME = 253402300799  # 9999-12-31T23:59:59Z, the last instant an RFC 3339 time can name
MAX_LIFETIME = 100 * 366 * 86400  # exp - iat; Legant's conformance tokens live 80 years
# A signed mark on the tokens `legant guard init` mints (and their children): the guard dir they
# were minted into has a setup record. Its evidence (overlay entries, feed version, that a trail
# was begun) cannot be deleted with the record: the hook refuses a token so marked without one.
SETUP_CLAIM = "setup_record"


def format_time(ts):
    """RFC 3339 UTC for messages, e.g. 2026-11-29T10:00:00Z."""
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
    except (OverflowError, OSError, ValueError):
        return str(ts)


def canonical_audience(raw):
    """RFC 8707 form used to compare audiences, exactly as Legant's issuer and SDK do it.

    For an absolute URI: lowercase scheme and host, drop :443 (https) / :80 (http), drop
    userinfo and fragment, an empty path becomes "/". Anything else is returned as is.
    """
    if not isinstance(raw, str) or "//" not in raw:
        return raw  # no authority part: not an absolute URI with a host (and no urllib import)
    from urllib.parse import urlsplit, urlunsplit

    try:
        u = urlsplit(raw)
        host = u.hostname
        port = u.port
    except ValueError:
        return raw
    if not u.scheme or not host:
        return raw
    scheme = u.scheme.lower()
    host = host.lower()
    if ":" in host:
        host = "[" + host + "]"  # IPv6 literal keeps its brackets
    if port is not None and not ((scheme == "https" and port == 443) or (scheme == "http" and port == 80)):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, u.path or "/", u.query, ""))


def _is_time(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_act(act):
    depth = 0
    while act is not None:
        if not isinstance(act, dict):
            raise DelegationError("malformed `act` claim: each actor must be an object")
        sub = act.get("sub")
        if not isinstance(sub, str) or not sub:
            raise DelegationError("malformed `act` claim: an actor has no `sub`")
        depth += 1
        if depth > 64:
            raise DelegationError("malformed `act` claim: actor chain is too deep")
        act = act.get("act")


def _check_shapes(c):
    """Claims the guard reads must have the right JSON type, or the token is refused."""
    if not isinstance(c.get("sub"), str) or not c["sub"]:
        raise DelegationError("token has no subject (`sub` claim)")
    if not isinstance(c.get("scope", ""), str):
        raise DelegationError("malformed `scope` claim: it must be a space-separated string")
    cnst = c.get("cnst")
    if cnst is not None:
        if not isinstance(cnst, dict):
            raise DelegationError("malformed `cnst` claim: it must be an object")
        for key in ("tools", "resources", "categories"):
            v = cnst.get(key)
            if v is not None and not (isinstance(v, list) and _all_strings(v)):
                raise DelegationError(f"malformed `cnst.{key}`: it must be a list of strings")
    jti = c.get("jti")
    if not isinstance(jti, str) or not jti:
        # (red team #40) a token without a `jti` verified, and nothing could revoke it: the feed lists ids
        raise DelegationError("malformed `jti` claim: it must be a non-empty string" if "jti" in c else
                              "token has no id (`jti` claim): the revocation feed could never name it, so it is refused")
    anc = c.get("anc")
    if anc is not None and not (isinstance(anc, list) and _all_strings(anc)):
        raise DelegationError("malformed `anc` claim: it must be a list of token ids")


def _all_strings(values):
    """Is every item a string? (A token carries hundreds of resources: one C loop, no bytecode each.)"""
    return all(map(isinstance, values, repeat(str)))


def audience_matches(aud, audience):
    """True iff `aud` (a string or a list of strings) contains `audience`, canonically."""
    auds = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    want = canonical_audience(audience)
    return any(isinstance(a, str) and canonical_audience(a) == want for a in auds)


def verify_token(token, keys, issuer, audience, now, memo=None):
    """Verify a delegation token against `keys` (kid -> (n, e)); return its claims or raise.
    `memo`: the hook's safefile.DigestMemo, which skips re-checking a known signature."""
    c = verify_compact(token, keys, "token", memo=memo)
    iss = c.get("iss")
    if iss != issuer:
        raise DelegationError(f"wrong issuer `{iss}` (this guard trusts `{issuer}`)")
    exp = c.get("exp")
    if exp is None:
        raise DelegationError("token has no expiry (`exp` claim): refused")
    if not _is_time(exp):
        raise DelegationError("malformed `exp` claim: it must be a number of seconds")
    if now >= exp:
        raise DelegationError(f"token expired at {format_time(exp)}")
    nbf = c.get("nbf")
    if nbf is not None:
        if not _is_time(nbf):
            raise DelegationError("malformed `nbf` claim: it must be a number of seconds")
        if now < nbf:
            raise DelegationError(f"token not valid before {format_time(nbf)}")
    check_times(c, now, "token")
    if not c.get("act"):
        raise DelegationError("not a delegation token (no `act` claim)")
    _check_act(c["act"])
    if not audience_matches(c.get("aud"), audience):
        raise DelegationError(f"wrong audience {c.get('aud')!r}: the token is not for `{audience}`")
    _check_shapes(c)
    return c


def check_times(c, now, what):
    """Refuse implausible times: `iat` in the future, absurd `exp` (see the module docstring)."""
    exp, iat = c.get("exp"), c.get("iat")
    if exp > MAX_TIME or exp != exp:
        raise DelegationError(f"absurd `exp` claim {exp!r}: past the year 9999, the {what} is refused")
    if iat is None:
        # no issue time to measure the lifetime from: measure it from now (red team #28: a
        # token without `iat` expiring in 9999 was accepted, the lifetime bound never applied)
        if exp - now > MAX_LIFETIME:
            raise DelegationError(f"absurd `exp` claim: the {what} has no `iat` and stays valid for "
                                  f"{int((exp - now) // (366 * 86400))} more years (until {format_time(exp)}); at "
                                  "most 100 are accepted")
        return
    if not _is_time(iat) or iat != iat:
        raise DelegationError("malformed `iat` claim: it must be a number of seconds")
    if iat > now + CLOCK_LEEWAY:
        raise DelegationError(f"the {what} was issued in the future (`iat` {format_time(iat)}): check the issuer's clock; refused")
    if exp < iat:
        raise DelegationError(f"the {what} expires before it was issued (`exp` < `iat`): refused")
    if exp - iat > MAX_LIFETIME:
        raise DelegationError(f"absurd lifetime: the {what} is valid for {int((exp - iat) // (366 * 86400))} years "
                              f"(`exp` {format_time(exp)}, `iat` {format_time(iat)}); at most 100 are accepted")


def actor_chain(claims):
    """The actors, innermost (first agent the user delegated to) first, leaf agent last."""
    out = []
    act = claims.get("act") if isinstance(claims, dict) else None
    while isinstance(act, dict) and len(out) < 64:
        sub = act.get("sub")
        out.append(sub if isinstance(sub, str) else "")
        act = act.get("act")
    out.reverse()
    return out


def provenance(claims):
    """e.g. "user:alice -> agent:builder -> agent:doc-writer"."""
    sub = claims.get("sub") if isinstance(claims, dict) else ""
    return " -> ".join([sub if isinstance(sub, str) else ""] + actor_chain(claims))


def leaf_actor(claims):
    """The agent holding the token: the outermost `act.sub`."""
    chain = actor_chain(claims)
    return chain[-1] if chain else ""


def lineage(claims):
    """Token ids a revocation of which kills this token: its ancestors (root first), then itself."""
    anc = claims.get("anc")
    out = [a for a in anc if isinstance(a, str)] if isinstance(anc, list) else []
    jti = claims.get("jti")
    if isinstance(jti, str) and jti:
        out.append(jti)
    return out


def scopes(claims):
    """The granted capability verbs as a list ("*" stays "*")."""
    s = claims.get("scope")
    return s.split() if isinstance(s, str) else []


def split_resource(rule):
    """("path", "/src") for "path:/src"; ("", rule) for anything untagged (a URL, the sentinel)."""
    tag, sep, value = rule.partition(":")
    if sep and tag in RESOURCE_TAGS:
        return tag, value
    return "", rule


def resource_values(cnst, tag):
    """Values of one tagged dimension of cnst.resources, e.g. resource_values(cnst, "path").

    For an allow dimension, a bare deny-all sentinel anywhere in cnst.resources (what
    Legant's flat intersection produces) means [DENY_ALL]: the dimension allows nothing.
    """
    res = cnst.get("resources") if isinstance(cnst, dict) else None
    if not isinstance(res, list):
        return []
    if tag in ALLOW_TAGS and DENY_ALL in res:
        return [DENY_ALL]
    out = []
    for r in res:
        if isinstance(r, str):
            t, v = split_resource(r)
            if t == tag:
                out.append(v)
    return out
