"""The local deny-only overlay (overlay.json): denials a person adds while an agent runs.

It can only tighten what a token grants. A corrupt overlay is an error, never "empty":
dropping the user's denials silently would widen authority, so the hook fails closed.
Stdlib only: `load_overlay` runs on the hook path.
"""

import os

from legant_guard import fastjson

OVERLAY_KEYS = ("deny_paths", "deny_cmds", "deny_hosts", "deny_tools")


class OverlayError(Exception):
    """The overlay exists but cannot be used; the message says how to repair it."""


def empty_overlay():
    return {k: [] for k in OVERLAY_KEYS}


def load_overlay(path):
    """Read an overlay file; a missing file is an empty overlay, a broken one raises OverlayError."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return empty_overlay()
    except OSError as e:
        raise OverlayError(f"cannot read the deny overlay {path}: {e.strerror}; fix its permissions or remove it")
    try:
        doc = fastjson.loads(data)
    except ValueError:
        raise OverlayError(f"the deny overlay {path} is not valid JSON; repair it or delete it to start empty")
    if not isinstance(doc, dict):
        raise OverlayError(f"the deny overlay {path} must be a JSON object; repair it or delete it to start empty")
    out = empty_overlay()
    for key in OVERLAY_KEYS:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OverlayError(f"the deny overlay {path}: `{key}` must be a list of strings; repair it or delete it")
        out[key] = value
    return out


# --- editing (used by `guard deny` / `guard allow`; never on the hook path) --------------------

# The CLI option that fills each overlay key, for messages.
OPTION_OF = {"deny_paths": "--path", "deny_cmds": "--cmd", "deny_hosts": "--host", "deny_tools": "--tool"}


def normalize_entry(key, value):
    """One overlay entry in the form the hook compares: stripped; hosts lower-case without a trailing dot."""
    value = value.strip()
    if key == "deny_hosts":
        value = value.lower().rstrip(".")
    elif key == "deny_paths" and value:
        value = os.path.normpath(value)  # ./secrets/ and secrets are one entry
    if not value:
        raise OverlayError(f"an empty {OPTION_OF[key]} value means nothing; give a value")
    if "\x00" in value:
        raise OverlayError(f"{OPTION_OF[key]} {value!r} contains a NUL byte")
    return value


def _normalized_or_none(key, value):
    """A hand-written entry in normal form (so `allow --path secrets` removes `./secrets/`)."""
    try:
        return normalize_entry(key, value)
    except OverlayError:
        return None


def save_overlay(path, overlay):
    """Write the overlay atomically (temp file + rename, mode 0600), every list sorted and de-duplicated."""
    import json

    from legant_guard.atomicfile import write_atomic

    doc = {k: sorted(set(overlay.get(k, []))) for k in OVERLAY_KEYS}
    write_atomic(path, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return doc


def edit_overlay(path, add=None, remove=None):
    """Add and/or remove entries under a lock so two concurrent edits never lose one.

    `add`/`remove` map overlay keys to lists of values. Returns (before, after). A corrupt
    overlay raises OverlayError (it is never overwritten: it holds the user's denials).
    """
    import fcntl

    lock_fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        before = load_overlay(path)
        after = {k: list(v) for k, v in before.items()}
        for key, values in (add or {}).items():
            after[key] = after[key] + [normalize_entry(key, v) for v in values]
        for key, values in (remove or {}).items():
            gone = {normalize_entry(key, v) for v in values}
            after[key] = [v for v in after[key] if v not in gone and _normalized_or_none(key, v) not in gone]
        after = save_overlay(path, after)
        return before, after
    finally:
        os.close(lock_fd)
