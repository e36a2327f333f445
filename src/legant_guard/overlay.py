"""The local deny-only overlay (overlay.json): denials a person adds while an agent runs.

It can only tighten what a token grants. A corrupt overlay is an error, never "empty":
dropping the user's denials silently would widen authority, so the hook fails closed.
Stdlib only: `load_overlay` runs on the hook path.
"""

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
