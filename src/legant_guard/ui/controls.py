"""The operations a person uses while an agent runs, as the demo and the control panel call them.

`guard deny` / `guard allow` (overlay edits), `guard revoke` (republish the signed feed) and
`guard audit verify` belong to the operations work; this module calls their library functions
when this build has them, and otherwise does the same thing with the foundation's libraries
(guarddir.publish_feed, the overlay JSON file), so the effect on the agent's next call is the
one the CLI commands have. Nothing here widens a token: the overlay is deny-only, and removing
an overlay entry only returns to what the token itself grants.
"""

import json
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


def normalize(kind, value, project=None):
    """The overlay entry for `value` of `kind` (paths, cmds, hosts, tools), or ControlError."""
    if kind not in KINDS:
        raise ControlError(f"unknown rule kind `{kind}`: use one of {', '.join(KINDS)}")
    if not isinstance(value, str):
        raise ControlError("the value must be a string")
    value = value.strip()
    if not value:
        raise ControlError("an empty value means nothing; give a path, command, host or tool")
    if len(value) > MAX_ENTRY or "\x00" in value or "\n" in value:
        raise ControlError("the value is too long or contains a control character")
    if kind == "hosts":
        value = value.lower().rstrip(".")
    if kind == "paths" and project and not (value.startswith("/") or value.startswith("~")):
        # A relative rule in the overlay would resolve against each call's cwd; anchor it at
        # the project so it means what the person typed.
        value = os.path.normpath(os.path.join(project, value))
    return value


def overlay_edit(guard_dir, kind, value, add, project=None):
    """Add (deny) or remove (allow back) one overlay entry; returns the overlay after the edit."""
    value = normalize(kind, value, project)
    key = KINDS[kind]
    path = overlay_path(guard_dir)
    from legant_guard import overlay as overlay_lib

    edit = getattr(overlay_lib, "edit_overlay", None)
    try:
        if edit is not None:
            changes = {key: [value]}
            _, after = edit(path, add=changes if add else None, remove=None if add else changes)
            return {k: list(after.get(k, [])) for k in OVERLAY_KEYS}
        current = load_overlay(path)
    except OverlayError as e:
        raise ControlError(str(e))
    entries = set(current[key])
    if add:
        entries.add(value)
    else:
        entries.discard(value)
    current[key] = sorted(entries)
    doc = {k: sorted(set(current[k])) for k in OVERLAY_KEYS}
    guarddir.write_private(path, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return doc


def read_overlay(guard_dir):
    try:
        return load_overlay(overlay_path(guard_dir)), None
    except OverlayError as e:
        return None, str(e)


def revoke(guard_dir, jti):
    """Add `jti` to the signed revocation feed (version bumped, earlier ids kept); returns the new version."""
    if not isinstance(jti, str) or len(jti) != 32 or any(c not in "0123456789abcdef" for c in jti):
        raise ControlError("a token id is 32 lowercase hex characters")
    try:
        return guarddir.publish_feed(guard_dir, guarddir.current_feed_jtis(guard_dir) + [jti])
    except guarddir.GuardDirError as e:
        raise ControlError(str(e))


def audit_verify(audit_path):
    """(ok, message) of `guard audit verify`; ok is None when this build has no hash chain yet."""
    from legant_guard.hook import audit

    verify = getattr(audit, "verify", None)
    if verify is None:
        return None, "this build's audit trail is not hash-chained yet; nothing to verify"
    return verify(audit_path)


def feed_info(guard_dir, now=None):
    """Freshness of the local signed feed: version, issued, expiry, revoked ids, or the error."""
    import time

    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.feed import load_feed
    from legant_guard.delegation.jwks import load_jwks
    from legant_guard.delegation.jws import decode_unverified

    now = time.time() if now is None else now
    path = os.path.join(guard_dir, guarddir.FEED_FILE)
    out = {"path": path, "valid": False, "error": None}
    try:
        with open(path) as f:
            text = f.read().strip()
        _, claims = decode_unverified(text)
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
