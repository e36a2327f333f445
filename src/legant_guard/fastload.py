"""Loads the package's own modules straight from their cached bytecode, for the hook.

`guard check` imports about fifty of the package's modules on every call, and Python's
path-based import spends roughly 280,000 instructions per module finding the file and
checking its cache (Python-level code in importlib: path entries, suffix lists, spec and
loader objects) — more than the whole decision of a small call. This finder knows the one
folder the package lives in and does only what matters: it checks the cached `.pyc` against
its source exactly as importlib does for a timestamp-based cache (magic number, flags, the
source's mtime and size) and runs it. Anything else — a name outside the package, a missing
or stale cache, a hash-based `.pyc`, an unknown Python — goes back to the normal import
system, which compiles and caches it as always. It trusts exactly what importlib trusts: the
package folder and its `__pycache__`, which the trust base protects.
"""
import marshal
import os
import sys

_EXTERNAL = sys.modules.get("_frozen_importlib_external")
_MAGIC = getattr(_EXTERNAL, "MAGIC_NUMBER", None)
# The cache file importlib would use: `name.TAG.pyc`, `name.TAG.opt-N.pyc` under -O/-OO. A cache
# kept elsewhere (-X pycache_prefix) is left to importlib altogether.
_TAG = sys.implementation.cache_tag
_OPT = ".opt-%d" % sys.flags.optimize if sys.flags.optimize else ""
_ModuleSpec = type(sys.__spec__)


class PackageFinder:
    """A meta-path finder for one package folder's modules whose cache is current."""

    def __init__(self, package, folder):
        self.prefix = package + "."
        self.folder = folder

    def find_spec(self, name, path=None, target=None):
        if not name.startswith(self.prefix):
            return None
        base = self.folder + "/" + name[len(self.prefix):].replace(".", "/")
        is_package = False
        try:
            source = base + ".py"
            status = os.stat(source)
            cached = os.path.dirname(base) + "/__pycache__/" + os.path.basename(base)
        except OSError:
            try:
                source = base + "/__init__.py"
                status = os.stat(source)
            except OSError:
                return None
            is_package = True
            cached = base + "/__pycache__/__init__"
        cached += "." + _TAG + _OPT + ".pyc"
        data = read_cache(cached)
        if data is None or not _current(data, status):
            return None
        spec = _ModuleSpec(name, self, origin=source, is_package=is_package)
        spec.has_location = True
        spec.cached = cached
        if is_package:
            spec.submodule_search_locations = [base]
        spec.loader_state = data
        return spec

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module):
        spec = module.__spec__
        data, spec.loader_state = spec.loader_state, None
        exec(marshal.loads(memoryview(data)[16:]), module.__dict__)


def read_cache(path, nofollow=False):
    """The whole of a cache file the hook keeps beside its source (a module's `.pyc`, a rules
    file's parsed form: rulesfiles.py), or None when it cannot be read. `nofollow`: a symlink
    in its place is not followed (importlib follows one for a `.pyc`, so the finder does too)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | (os.O_NOFOLLOW if nofollow else 0))
    except OSError:
        return None
    try:
        return os.read(descriptor, os.fstat(descriptor).st_size + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _current(data, status):
    """True when `data` is a timestamp-based cache of the source `status` describes (PEP 552)."""
    return len(data) > 16 and data[:4] == _MAGIC and data[4:8] == b"\0\0\0\0" \
        and int.from_bytes(data[8:12], "little") == int(status.st_mtime) & 0xFFFFFFFF \
        and int.from_bytes(data[12:16], "little") == status.st_size & 0xFFFFFFFF


def install(package, folder):
    """Put the finder first for `package` (a package already imported from `folder`)."""
    if _MAGIC is not None and _TAG and getattr(sys, "pycache_prefix", None) is None:
        sys.meta_path.insert(0, PackageFinder(package, folder))


def parts_forwarder(module_name, parts):
    """A module `__getattr__` for a module split into parts that load when first needed
    (shell/sinks.py, operands.py, words.py): `parts` is {part module: names that moved there},
    siblings of the module. Code that still imports a moved name from the module, or reads it as
    an attribute, gets it from its part, which is loaded then (PEP 562)."""
    moved = {name: part for part, names in parts.items() for name in names}
    package = module_name.rpartition(".")[0]

    def __getattr__(name):
        part = moved.get(name)
        if part is None:
            raise AttributeError("module %r has no attribute %r" % (module_name, name))
        return getattr(__import__(package + "." + part, fromlist=(name,)), name)

    return __getattr__
