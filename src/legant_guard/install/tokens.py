"""What `status` says about the token and the feed an installed hook points at.

Reads the files named in the hook's LEGANT_GUARD_* environment and checks the token's
signature against the JWKS and its expiry, and the feed's expiry, with PyJWT (not on the hook
path; the hook has its own verifier). The answers are for people: valid or not, and why.
"""

import json
import time


def _read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError as e:
        return OSError(f"{path}: {e.strerror}")


def _verify(token, jwks_text, now):
    import jwt

    header = jwt.get_unverified_header(token)
    keys = json.loads(jwks_text).get("keys", [])
    match = [k for k in keys if k.get("kid") == header.get("kid")] or keys[:1]
    if not match:
        raise ValueError("the JWKS has no key")
    key = jwt.PyJWK.from_dict(match[0]).key
    return jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False, "verify_exp": False})


def describe(env, now=None):
    """{"token": {...}, "feed": {...}} for a hook's LEGANT_GUARD_* environment."""
    now = time.time() if now is None else now
    out = {}
    jwks = _read(env.get("LEGANT_GUARD_JWKS", "")) if env.get("LEGANT_GUARD_JWKS") else None
    for name, var in (("token", "LEGANT_GUARD_TOKEN_FILE"), ("feed", "LEGANT_GUARD_FEED")):
        path = env.get(var)
        info = {"file": path, "valid": False}
        out[name] = info
        if not path:
            info["error"] = f"the hook sets no {var}"
            continue
        text = _read(path)
        if isinstance(text, OSError):
            info["error"] = f"cannot read {text}"
            continue
        if jwks is None or isinstance(jwks, OSError):
            info["error"] = f"cannot read the JWKS ({jwks})"
            continue
        try:
            claims = _verify(text, jwks, now)
        except Exception as e:
            info["error"] = f"signature does not verify ({e})"
            continue
        exp = claims.get("exp")
        info["expires_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(exp)) if exp else None
        info["expires_in_seconds"] = int(exp - now) if exp else None
        if exp and exp <= now:
            info["error"] = f"expired at {info['expires_at']}"
            continue
        info["valid"] = True
        if name == "token":
            info["jti"] = claims.get("jti")
            info["sub"] = claims.get("sub")
            info["act"] = (claims.get("act") or {}).get("sub") if isinstance(claims.get("act"), dict) else None
        else:
            info["revoked"] = len(claims.get("jtis") or [])
            if out["token"].get("jti") and out["token"]["jti"] in (claims.get("jtis") or []):
                out["token"]["valid"] = False
                out["token"]["error"] = "revoked (its id is in the signed feed)"
    return out


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
