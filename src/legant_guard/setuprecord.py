"""The setup record (setup.json in a guard dir): what `guard init` made, and what must not shrink.

Besides the project and issuer, it keeps evidence that outlives the deletion of another file:
- `feed_ver`: the highest revocation-feed version published or accepted (feed-state.json keeps
  it too, and the audit head: deleting one of them no longer lets an old feed back in);
  `feed_vers`: {issuer: highest version} of the feeds the hook fetches from an issuer (org
  mode), kept beside the issuer cache and feed-state.json for the same reason;
- `audit`: true once the setup started an audit trail (a trail deleted together with its
  head is then still noticed by the next append); `audit_records`: true once that trail got
  its first record (a trail deleted and its head rewritten at seq 0 then does not look fresh);
- `overlay`: the entries `guard deny` put in overlay.json (a deleted or emptied overlay is a
  deny until it is restored or `guard allow` removes the entries);
- `install`: what `guard install` put where (`files`: each config file's content before the
  first install and the hash of what install wrote; `hooks`: which hook where, running what),
  which uninstall and status compare with. Installs made before it moved here kept it in
  `installed.json`, which is still read (and folded in at the next install or uninstall).
Writers update it under a lock with an atomic rename; the hook only reads it (stdlib only).
"""

import os

from legant_guard import fastjson, safefile

SETUP_FILE = "setup.json"
MAX_BYTES = 1024 * 1024
INSTALL_KEY = "install"
LEGACY_INSTALL_FILE = "installed.json"  # where install kept its record before it moved here


class SetupRecordError(Exception):
    """The setup record exists but cannot be trusted; the message says what to do."""


def path_of(guard_dir):
    return os.path.join(guard_dir, SETUP_FILE)


def read(guard_dir):
    """The record as a dict; {} when the guard dir has none; SetupRecordError when unusable."""
    path = path_of(guard_dir)
    try:
        data = safefile.read_bytes(path, MAX_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise SetupRecordError(f"the setup record {path} {e.strerror}") from None
    try:
        doc = fastjson.loads(data) if len(data) <= MAX_BYTES else None
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        raise SetupRecordError(f"the setup record {path} is corrupt; run `legant guard init` to write it again")
    return doc


def feed_version(record):
    ver = record.get("feed_ver")
    return ver if isinstance(ver, int) and not isinstance(ver, bool) and ver >= 0 else None


def issuer_feed_version(record, issuer):
    """The highest feed version of `issuer` the record keeps: `feed_ver` for the record's own
    issuer, `feed_vers[issuer]` for an issuer whose feed the hook fetches (org mode)."""
    found = [feed_version(record) if record.get("issuer") == issuer else None]
    others = record.get("feed_vers")
    if isinstance(others, dict):
        found.append(feed_version({"feed_ver": others.get(issuer)}))
    found = [v for v in found if v is not None]
    return max(found) if found else None


def overlay_entries(record):
    """{overlay key: [entries]} the record says the overlay holds ({} when none)."""
    doc = record.get("overlay")
    if not isinstance(doc, dict):
        return {}
    return {k: [v for v in vs if isinstance(v, str)] for k, vs in doc.items() if isinstance(vs, list) and vs}


def overlay_digest(entries):
    """A digest of deny-overlay entries ({key: [entries]}, as overlay_entries gives them): what the audit
    trail keeps of the entries `guard deny`/`allow` recorded, so that both files edited together are
    told (red team #45). Empty lists and repeats do not count."""
    canonical = {k: sorted(set(v)) for k, v in entries.items() if v}
    return fastjson.sha256(fastjson.dumps(canonical, separators=(",", ":"), sort_keys=True).encode()).hexdigest()[:32]


class _Locked:
    """Exclusive lock on the record's lock file (a class, not contextlib: this module is on the hook path)."""

    def __init__(self, guard_dir):
        self.path = path_of(guard_dir) + ".lock"
        self.fd = None

    def __enter__(self):
        import fcntl

        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def update(guard_dir, feed_ver=None, overlay=None, install=None, issuer_feed=None, **fields):
    """Change the record under its lock: `feed_ver` (and `issuer_feed`, an (issuer, version) of
    a feed fetched from an issuer, kept in `feed_vers`) only ever goes up, `overlay` replaces the
    recorded entries, `install` the install record ({} removes it), other fields are set as given. A corrupt
    record is rewritten only by init (fields given) — otherwise SetupRecordError."""
    from legant_guard.atomicfile import write_atomic

    with _Locked(guard_dir):
        try:
            record = read(guard_dir)
        except SetupRecordError:
            if not fields:
                raise
            record = {}
        if feed_ver is not None and feed_ver > (feed_version(record) or 0):
            record["feed_ver"] = feed_ver
        if issuer_feed is not None:
            issuer, ver = issuer_feed
            vers = record.get("feed_vers") if isinstance(record.get("feed_vers"), dict) else {}
            if ver > (feed_version({"feed_ver": vers.get(issuer)}) or 0):
                record["feed_vers"] = dict(vers, **{issuer: ver})
        if overlay is not None:
            record["overlay"] = {k: sorted(set(v)) for k, v in overlay.items() if v}
        if install:
            record[INSTALL_KEY] = install
        elif install is not None:
            record.pop(INSTALL_KEY, None)
        record.update(fields)
        write_atomic(path_of(guard_dir), fastjson.dumps(record, sort_keys=True, separators=(",", ": ")) + "\n")
    return record


def _own_trail_dir(audit_path):
    """The guard dir of a setup's own trail (audit.jsonl beside setup.json), else None."""
    if os.path.basename(str(audit_path)) != "audit.jsonl":
        return None
    return os.path.dirname(os.path.abspath(audit_path))


def trail_had_records(audit_path):
    """True when the setup record says its trail has had records (`audit_records`): an empty
    trail with a head at seq 0 is then a deletion with the head rewritten, not a fresh trail.
    An unreadable record assumes so."""
    guard_dir = _own_trail_dir(audit_path)
    if guard_dir is None:
        return False
    try:
        return bool(read(guard_dir).get("audit_records"))
    except SetupRecordError:
        return True


def note_trail_records(audit_path):
    """Remember in the setup record (once) that the setup's own trail has records."""
    guard_dir = _own_trail_dir(audit_path)
    if guard_dir is None or not os.path.exists(path_of(guard_dir)):
        return
    try:
        if not read(guard_dir).get("audit_records"):
            update(guard_dir, audit_records=True)
    except (OSError, SetupRecordError):
        pass  # the trail itself was written; the next first-record append tries again


def trail_started(audit_path):
    """True when `audit_path` is a setup's own trail (audit.jsonl beside setup.json) and the
    record says the setup began it: a missing trail was then deleted (an unreadable record
    assumes so too)."""
    if os.path.basename(str(audit_path)) != "audit.jsonl":
        return False
    try:
        return bool(read(os.path.dirname(os.path.abspath(audit_path))).get("audit"))
    except SetupRecordError:
        return True


def install_record(guard_dir):
    """(files, hooks) of the install record: setup.json's, else an older install's
    installed.json; empty when neither is there or readable."""
    try:
        doc = read(guard_dir).get(INSTALL_KEY)
    except SetupRecordError:
        doc = None
    if doc is None:
        try:
            doc = fastjson.loads(safefile.read_bytes(os.path.join(guard_dir, LEGACY_INSTALL_FILE), MAX_BYTES))
        except (OSError, ValueError):
            doc = None
    files = doc.get("files") if isinstance(doc, dict) else None
    hooks = doc.get("hooks") if isinstance(doc, dict) else None
    if not isinstance(files, dict) or not isinstance(hooks, dict):
        return {}, {}
    return files, hooks


def save_install(guard_dir, files, hooks):
    """Keep the install record in setup.json (and drop an older install's installed.json).
    It stays in installed.json when the guard dir has no usable setup record (install never
    makes one up: the hook relies on it as evidence), or when it would grow too large for the
    hook to read on every call (a huge agent config kept for uninstall)."""
    from legant_guard.atomicfile import write_atomic

    legacy = os.path.join(guard_dir, LEGACY_INSTALL_FILE)
    doc = {"files": files, "hooks": hooks}
    text = fastjson.dumps(doc, sort_keys=True, separators=(",", ": ")) + "\n"
    in_setup = len(text) <= MAX_BYTES // 4
    if os.path.isfile(path_of(guard_dir)):
        try:
            update(guard_dir, install=doc if in_setup else {})
        except SetupRecordError:
            in_setup = False
    else:
        in_setup = False
    if not in_setup:
        write_atomic(legacy, text, 0o600)
        return
    try:
        os.unlink(legacy)
    except FileNotFoundError:
        pass
