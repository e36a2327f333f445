"""The JSON rules files the hook reads on every call, kept parsed beside them.

Why: the catalogues in rules/ (exec_sinks.json, tripwires.json, ...) take about 1.5 ms to
parse on every shell call, a tenth of the hook's whole budget. `marshal` gives the same dicts
and lists back several times faster. So the parsed form is kept in
rules/__pycache__/NAME.TAG.marshal, as Python keeps a module's bytecode beside its source,
keyed by the JSON file's identity: device, inode, size, mtime and ctime (the ctime no
unprivileged process can set back, so an edited or replaced file never matches an old cache).

It is trusted exactly as far as that bytecode is: both live in the guard's installation, which
the trust base keeps out of the agent's reach, and the trust base's check of the rules data
(hook/trustbase.catalogue_problem) hashes the JSON files themselves, never this cache. A cache
that is missing, stale or damaged is ignored and written again when the folder is writable;
a folder the user cannot write (a system install) just means parsing on every call.
"""

import marshal
import os
import sys

from legant_guard.fastload import read_cache

_VERSION = b"legant rules cache v1"


def load(name, folder=None):
    """The parsed JSON of rules/NAME (`folder`: another rules folder, for tests)."""
    if folder is None:
        from legant_guard.resources import data_dir

        folder = data_dir("rules")
    path = folder + "/" + name
    cache = folder + "/__pycache__/" + name + "." + sys.implementation.cache_tag + ".marshal"
    try:
        key = _key(os.stat(path))
    except OSError:
        key = None  # (the open below says why)
    if key is not None:
        data = read_cache(cache, nofollow=True)
        if data is not None and data[:len(key)] == key:
            try:
                return marshal.loads(memoryview(data)[len(key):])
            except (EOFError, ValueError, TypeError):
                pass  # a damaged cache: parse the file and write it again
    from legant_guard import fastjson

    with open(path, "rb") as f:
        raw = f.read()
        settled = _key(os.fstat(f.fileno())) == key  # (not changed while it was read)
    value = fastjson.loads(raw)
    if settled:
        _write(cache, key + marshal.dumps(value))
    return value


def _key(status):
    return b"%s %d %d %d %d %d\n" % (_VERSION, status.st_dev, status.st_ino, status.st_size,
                                     status.st_mtime_ns, status.st_ctime_ns)


def _write(cache, data):
    """Write the cache atomically (a reader sees the old one or the new one, never a part);
    any failure leaves it unwritten."""
    folder = os.path.dirname(cache)
    temporary = "%s.%d.tmp" % (cache, os.getpid())
    try:
        os.makedirs(folder, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as f:
            f.write(data)
        os.replace(temporary, cache)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
