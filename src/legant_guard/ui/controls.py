"""The operations a person uses while an agent runs, as the demo and the control panel call them.

`guard deny` / `guard allow` (overlay edits), `guard revoke` (republish the signed feed) and
`guard audit verify` belong to the operations work; this module calls the same library
functions (overlay.edit_overlay, guarddir.publish_feed, hook.audit.verify), so the effect on
the agent's next call is the one the CLI commands have. Nothing here widens a token: the overlay is deny-only, and removing
an overlay entry only returns to what the token itself grants.
"""

import os

from legant_guard import guarddir
from legant_guard.overlay import OVERLAY_KEYS, OverlayError, load_overlay

# Overlay key per short kind, as the CLI options and the panel name them.
KINDS = {"paths": "deny_paths", "cmds": "deny_cmds", "hosts": "deny_hosts", "tools": "deny_tools"}
MAX_ENTRY = 4096


class ControlError(Exception):
    """A control action cannot be done as asked; the message says why and what to do."""


def overlay_path(guard_dir):
    return os.path.join(guard_dir, guarddir.OVERLAY_FILE)


def normalize(kind, value):
    """The overlay entry for `value` of `kind` (paths, cmds, hosts, tools), as `guard deny` stores
    it (a relative path stays relative: the hook anchors it at the project root); or ControlError."""
    from legant_guard.overlay import normalize_entry

    if kind not in KINDS:
        raise ControlError(f"unknown rule kind `{kind}`: use one of {', '.join(KINDS)}")
    if not isinstance(value, str):
        raise ControlError("the value must be a string")
    if len(value) > MAX_ENTRY or any(c in value for c in "\r\n"):
        raise ControlError("the value is too long or spans several lines")
    from legant_guard.overlayinput import InputError, normalize as checked

    try:
        return normalize_entry(KINDS[kind], checked(KINDS[kind], value)[0])
    except (OverlayError, InputError) as e:
        raise ControlError(str(e).replace("--path", "a path").replace("--cmd", "a command")
                           .replace("--host", "a host").replace("--tool", "a tool"))


def overlay_edit(guard_dir, kind, value, add):
    """Add (deny) or remove (allow back) one overlay entry, as `guard deny` / `guard allow` do
    (locked, atomic, sorted, de-duplicated); returns the overlay after the edit."""
    from legant_guard.overlay import edit_overlay

    value = normalize(kind, value)
    changes = {KINDS[kind]: [value]}
    try:
        _, after = edit_overlay(overlay_path(guard_dir), add=changes if add else None,
                                remove=None if add else changes)
    except OverlayError as e:
        raise ControlError(str(e))
    except OSError as e:
        raise ControlError(f"cannot write the deny overlay {overlay_path(guard_dir)}: {e.strerror}")
    return {k: list(after.get(k, [])) for k in OVERLAY_KEYS}


def read_overlay(guard_dir):
    try:
        return load_overlay(overlay_path(guard_dir)), None
    except OverlayError as e:
        return None, str(e)


def revoke(guard_dir, jti):
    """Add `jti` to the signed revocation feed as `guard revoke` does (locked, version bumped,
    earlier ids kept); returns the new feed version."""
    from legant_guard.ops import OpError
    from legant_guard.ops.revocation import publish

    if not isinstance(jti, str) or len(jti) != 32 or any(c not in "0123456789abcdef" for c in jti):
        raise ControlError("a token id is 32 lowercase hex characters")
    try:
        ver, _, _ = publish(guard_dir, add=[jti])
    except OpError as e:
        raise ControlError(str(e))
    return ver


def token_denial(claims, kind, value, project):
    """Why the token itself denies `value` (as `guard allow` explains it), or None."""
    from legant_guard.ops.tokens import token_denial as explain

    return explain(claims, KINDS[kind], value, project, os.path.expanduser("~"))


def audit_verify(audit_path):
    """(ok, message) of `guard audit verify`: the hash chain checked end to end."""
    from legant_guard.hook import audit

    from legant_guard.setuprecord import trail_started

    return audit.verify(audit_path, started=trail_started(audit_path))


def feed_info(guard_dir, now=None):
    """Freshness of the local signed feed: version, issued, expiry, revoked ids, or the error."""
    import time

    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.feed import load_feed
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.delegation.jws import MAX_FEED_BYTES, decode_unverified

    now = time.time() if now is None else now
    path = os.path.join(guard_dir, guarddir.FEED_FILE)
    out = {"path": path, "valid": False, "error": None}
    try:
        with open(path) as f:
            text = f.read().strip()
        _, claims = decode_unverified(text, MAX_FEED_BYTES)
        out.update({"ver": claims.get("ver"), "iat": claims.get("iat"), "exp": claims.get("exp"),
                    "revoked": list(claims.get("jtis") or [])})
        keys = load_jwks(os.path.join(guard_dir, guarddir.JWKS_FILE))
        load_feed(path, keys, guarddir.ISSUER, now)
        out["valid"] = True
    except FileNotFoundError:
        out["error"] = f"no revocation feed at {path}; run `legant guard init`"
    except (OSError, DelegationError, ValueError) as e:
        out["error"] = str(e)
    if isinstance(out.get("exp"), (int, float)):
        out["expires_in"] = int(out["exp"] - now)
    return out


def renew(guard_dir):
    """Re-mint the setup's role tokens as `legant guard renew` does; ([renewed roles], feed note)."""
    from legant_guard import renewal

    try:
        renewed, _, feed_note = renewal.renew(guard_dir)
    except (renewal.RenewError, guarddir.GuardDirError, OSError) as e:
        raise ControlError(str(e))
    if not renewed:
        raise ControlError(f"no role token to renew in {guard_dir}")
    return [name for name, _ in renewed], feed_note
