"""The local deny-only overlay (overlay.json): denials a person adds while an agent runs.

It can only tighten what a token grants. A corrupt overlay is an error, never "empty":
dropping the user's denials silently would widen authority, so the hook fails closed.
Stdlib only: `load_overlay` runs on the hook path.
"""

import os

from legant_guard import fastjson

OVERLAY_KEYS = ("deny_paths", "deny_cmds", "deny_hosts", "deny_tools")
MAX_OVERLAY_BYTES = 4 * 1024 * 1024


class OverlayError(Exception):
    """The overlay exists but cannot be used; the message says how to repair it."""


def empty_overlay():
    return {k: [] for k in OVERLAY_KEYS}


def load_overlay(path):
    """Read an overlay file; a missing file is an empty overlay, a broken one raises OverlayError.

    (A missing or emptied overlay while the setup record lists entries is caught by
    `lost_entries`.) Opened without following a symlink, as every file of the guard."""
    from legant_guard import safefile

    try:
        data = safefile.read_bytes(path, MAX_OVERLAY_BYTES)
    except FileNotFoundError:
        return empty_overlay()
    except OSError as e:
        raise OverlayError(f"cannot read the deny overlay {path}: it {e.strerror}; fix it or restore it")
    if len(data) > MAX_OVERLAY_BYTES:
        raise OverlayError(f"the deny overlay {path} is larger than {MAX_OVERLAY_BYTES} bytes; repair it")
    try:
        doc = fastjson.loads(data)
    except ValueError:
        raise OverlayError(f"the deny overlay {path} is not valid JSON; repair it or delete it to start empty")
    if not isinstance(doc, dict):
        raise OverlayError(f"the deny overlay {path} must be a JSON object; repair it or delete it to start empty")
    unknown = [k for k in doc if k not in OVERLAY_KEYS]
    if unknown:
        raise OverlayError(f"the deny overlay {path} has an unknown key `{unknown[0]}` (the keys are "
                           f"{', '.join(OVERLAY_KEYS)}); a misspelled key would drop denials, so fix it")
    out = empty_overlay()
    for key in OVERLAY_KEYS:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OverlayError(f"the deny overlay {path}: `{key}` must be a list of strings; repair it or delete it")
        out[key] = value
    return out


def lost_entries(path, record, overlay):
    """Raise OverlayError when entries the setup record lists are missing from `overlay`.

    The overlay only ever tightens: deleting or emptying overlay.json (or cutting entries out
    of it by hand) must not quietly lift denials `guard deny` put there."""
    lost = _lost(record, overlay)
    if lost:
        # (red team #45) `guard allow` between this call's reading of the record and of the overlay is a race,
        # not a loss: the record read again now (it is written before the overlay loses an entry) no longer
        # lists what the overlay let go. A deleted or emptied overlay loses the entries by this record too.
        from legant_guard.setuprecord import SetupRecordError, read

        try:
            lost = _lost(read(os.path.dirname(os.path.abspath(path))), overlay)
        except SetupRecordError:
            pass
    if lost:
        shown = " ".join(f"{OPTION_OF.get(k, k)} {v}" for k, v in lost[:5]) + (" ..." if len(lost) > 5 else "")
        raise OverlayError(
            f"the deny overlay {path} lost {len(lost)} denial(s) the setup recorded ({shown}): it was deleted, "
            f"emptied or edited; restore it, or lift them deliberately with `legant guard allow {shown}`")


def _lost(record, overlay):
    """(key, entry) pairs the setup record lists and `overlay` lacks."""
    from legant_guard.setuprecord import overlay_entries

    lost = []
    for key, values in overlay_entries(record).items():
        present = set(overlay.get(key, ()))
        lost += [(key, v) for v in values if v not in present]
    return lost


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


def _record_generation(guard_dir, after, generation):
    """Record the new entries with the next generation of the overlay, in the setup record and in
    the audit trail (a note; its head keeps the number): setup.json and overlay.json put back
    together from an older copy then carry an older generation than the trail remembers, which
    the hook refuses (red team #40: the restore lifted every denial added since)."""
    from legant_guard import guarddir, setuprecord
    from legant_guard.hook import audit

    trail = os.path.join(guard_dir, guarddir.AUDIT_FILE)
    setuprecord.update(guard_dir, overlay=after, overlay_gen=generation)
    counts = ", ".join(f"{len(v)} {k}" for k, v in after.items() if v) or "no entries"
    audit.note_overlay_change(trail, generation, f"the deny overlay changed (generation {generation}): {counts}",
                              guarddir.highest_feed_version(guard_dir), setuprecord.overlay_digest(after))


def edit_overlay(path, add=None, remove=None):
    """Add and/or remove entries under a lock so two concurrent edits never lose one.

    `add`/`remove` map overlay keys to lists of values. Returns (before, after). A corrupt
    overlay raises OverlayError (it is never overwritten: it holds the user's denials).
    """
    import fcntl

    from legant_guard import setuprecord

    guard_dir = os.path.dirname(os.path.abspath(path))
    recorded = os.path.basename(path) == "overlay.json" and os.path.exists(setuprecord.path_of(guard_dir))
    lock_fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        before = load_overlay(path)
        if recorded:  # a deleted or emptied overlay: start again from what the setup recorded
            try:
                kept = setuprecord.overlay_entries(setuprecord.read(guard_dir))
            except setuprecord.SetupRecordError as e:
                raise OverlayError(str(e))
            before = {k: sorted(set(before[k]) | set(kept.get(k, ()))) for k in OVERLAY_KEYS}
        after = {k: list(v) for k, v in before.items()}
        for key, values in (add or {}).items():
            after[key] = after[key] + [normalize_entry(key, v) for v in values]
        for key, values in (remove or {}).items():
            gone = {normalize_entry(key, v) for v in values}
            after[key] = [v for v in after[key] if v not in gone and _normalized_or_none(key, v) not in gone]
        if recorded:
            from legant_guard import guarddir

            generation = guarddir.overlay_generation(guard_dir) + 1
        if recorded and any(set(before[k]) - set(after[k]) for k in OVERLAY_KEYS):
            # a removal: the record lets go of the entries before the overlay does, so a hook call that reads
            # the two between these writes never sees the record list an entry the overlay no longer holds
            # (with the next generation already: the entries no longer match the digest the trail keeps)
            setuprecord.update(guard_dir, overlay={k: sorted(set(before[k]) & set(after[k])) for k in OVERLAY_KEYS},
                               overlay_gen=generation)
        after = save_overlay(path, after)
        if recorded:
            _record_generation(guard_dir, after, generation)
        return before, after
    finally:
        os.close(lock_fd)
