"""What `status`, `doctor` and the control panel say about the token and the feed an
installed hook points at.

It asks the hook's own verifier (hook.config.Config for the LEGANT_GUARD_* environment,
delegation.claims.verify_token with the hook's issuer and audience, delegation.feed.load_feed
and the token's lineage against it), so a token is reported valid exactly when the hook would
accept it: wrong audience, unknown key id, wrong issuer, an expired or revoked token or parent
are all reported as the hook would refuse them. Not on the hook path.
"""

import time

# A token that expires sooner than this gets a warning in `status`.
EXPIRY_WARNING_SECONDS = 3600


def _iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _expiry(info, claims, now):
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, (int, float)) and not isinstance(exp, bool):
        info["expires_at"] = _iso(exp)
        info["expires_in_seconds"] = int(exp - now)
    else:
        info["expires_at"] = info["expires_in_seconds"] = None


def describe(env, now=None):
    """{"token": {...}, "feed": {...}} for a hook's LEGANT_GUARD_* environment: `valid`, and
    `error` (the hook's own words) when it is not; expiry, id and holder when known."""
    from legant_guard.delegation.claims import lineage, verify_token
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.feed import load_feed
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.delegation.jws import decode_unverified
    from legant_guard.hook.config import Config, ConfigError

    now = time.time() if now is None else now
    config = Config(env)
    token = {"file": config.token_file, "valid": False}
    feed = {"file": config.feed_path, "valid": False}
    out = {"token": token, "feed": feed}
    if not config.token_file and "LEGANT_GUARD_TOKEN" not in env:
        token["error"] = feed["error"] = "the hook sets no LEGANT_GUARD_TOKEN_FILE"
        return out
    keys = material = None
    try:
        if config.jwks_url or config.feed_url:  # org mode: the hook's cached copies, nothing fetched
            from legant_guard.hook.issuer import IssuerMaterial

            material = IssuerMaterial(env, config.jwks_url, config.feed_url, config.issuer, now,
                                      jwks_path=config.jwks_path, offline=True)
            keys = material.keys()
        else:
            keys = load_jwks(config.jwks_path) if config.jwks_path else None
        if keys is None:
            raise DelegationError("no JWKS configured")
    except DelegationError as e:
        token["error"] = feed["error"] = str(e)
    claims = None
    try:
        text = config.read_token()
        try:
            claims = decode_unverified(text)[1]
        except DelegationError:
            claims = None
        _expiry(token, claims, now)
        if keys is not None:
            verify_token(text, keys, config.issuer, config.audience, now)
            token["valid"] = True
            token.update(jti=claims.get("jti"), sub=claims.get("sub"),
                         act=(claims.get("act") or {}).get("sub") if isinstance(claims.get("act"), dict) else None)
    except (ConfigError, DelegationError) as e:
        token["error"] = str(e)
    if keys is None:
        return out
    if config.feed_path is None and not config.feed_url:
        feed.update(valid=True, revoked=0, expires_at=None, expires_in_seconds=None, note="no feed configured")
        return out
    try:
        f = material.feed() if config.feed_url else load_feed(config.feed_path, keys, config.issuer, now)
        if not config.feed_url:
            _check_rollback(config, f.ver)  # "valid" must not be said of a feed the hook refuses as rolled back
    except DelegationError as e:
        feed["error"] = str(e)
        try:
            with open(config.feed_path or "", encoding="ascii") as fh:
                _expiry(feed, decode_unverified(fh.read().strip())[1], now)
        except (OSError, ValueError, DelegationError):
            pass
        return out
    feed.update(valid=True, revoked=len(f.jtis), expires_at=_iso(f.exp), expires_in_seconds=int(f.exp - now))
    if token["valid"]:
        hit = f.revoked_in(lineage(claims))
        if hit:
            token["valid"] = False
            token["error"] = ("revoked (its id is on the signed feed)" if hit == claims.get("jti")
                              else f"revoked: its parent {hit} is on the signed feed")
    return out


def _check_rollback(config, ver):
    """The hook's own rollback check of a local feed (the state file, the setup record, the audit
    head), without recording anything. Raises DelegationError."""
    from legant_guard import setuprecord
    from legant_guard.delegation.feed import check_rollback
    from legant_guard.hook.check import _rollback_evidence

    try:
        record = setuprecord.read(config.guard_dir) if config.guard_dir else {}
    except setuprecord.SetupRecordError:
        record = {}
    check_rollback(config.feed_state_path, config.issuer, ver, _rollback_evidence(config, record or {}))


def expired(info):
    """True when a token or feed description is invalid only because it expired."""
    return not info.get("valid") and "expired" in (info.get("error") or "")


def human_duration(seconds):
    if seconds is None:
        return "no expiry"
    if seconds <= 0:
        return "expired"
    d, h, m = seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60
    if d:
        return f"{d}d{h}h"
    if h:
        return f"{h}h{m}m"
    return f"{m}m" if m else f"{seconds}s"
