"""The YAML rule files (roles, toolchains, sets.yaml), each parsed once per process.

`legant guard init` compiles four roles, and each reads sets.yaml and every toolchain file:
the same few files were parsed about 26 times per init by PyYAML's pure-Python loader, ~90 %
of init's time (and of every test that makes a guard dir). A parse is remembered per file
identity (device, inode, size, mtime, ctime), so an edited file is read again; a file changed
in the last 2 s is always read (a coarse timestamp tick could hide a second edit), and every
caller gets its own copy. Cold path only: the hook never reads YAML.
"""

import copy
import os
import time

_RACY_NS = 2_000_000_000
_parsed = {}


def load(path):
    """yaml.safe_load of the file at `path` (OSError and yaml.YAMLError pass through)."""
    import yaml

    with open(path, encoding="utf-8") as f:
        st = os.fstat(f.fileno())
        key = (os.path.abspath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        if key in _parsed:
            return copy.deepcopy(_parsed[key])
        doc = yaml.safe_load(f)
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= _RACY_NS:
        _parsed[key] = copy.deepcopy(doc)
    return doc
