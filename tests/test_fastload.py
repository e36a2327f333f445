"""fastload.PackageFinder: the hook's loader for its own modules uses a cached `.pyc` only when
importlib would (same magic number, timestamp-based, the source's mtime and size), and hands
everything else back to the normal import system. A stale cache must never run."""

import importlib.util
import json
import os
import py_compile
import subprocess
import sys

from conftest import GuardSetup
from legant_guard import fastload
from test_hook_startup import REPO, _venv


def _package(tmp_path, modules):
    """A package `fastpkg` in tmp_path with `modules` {relative name: source}, compiled."""
    root = tmp_path / "fastpkg"
    for name, source in {"__init__": "", **modules}.items():
        path = root / (name.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
        py_compile.compile(str(path), doraise=True)
    return root


def _load(finder, name):
    spec = finder.find_spec(name)
    if spec is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_module_with_a_current_cache_loads_with_the_attributes_importlib_gives(tmp_path):
    root = _package(tmp_path, {"one": "VALUE = 41 + 1\n", "sub.__init__": "PKG = True\n", "sub.two": "X = 'two'\n"})
    finder = fastload.PackageFinder("fastpkg", str(root))
    one = _load(finder, "fastpkg.one")
    assert one.VALUE == 42
    assert one.__file__ == str(root / "one.py")
    assert one.__spec__.cached == str(root / "__pycache__" / f"one.{sys.implementation.cache_tag}.pyc")
    sub = _load(finder, "fastpkg.sub")
    assert sub.PKG is True and sub.__path__ == [str(root / "sub")]
    assert sub.__file__ == str(root / "sub" / "__init__.py")
    assert _load(finder, "fastpkg.sub.two").X == "two"


def test_names_outside_the_package_and_missing_modules_go_to_the_normal_import(tmp_path):
    root = _package(tmp_path, {"one": "VALUE = 1\n"})
    finder = fastload.PackageFinder("fastpkg", str(root))
    assert finder.find_spec("fastpkgx.one") is None
    assert finder.find_spec("json") is None
    assert finder.find_spec("fastpkg.missing") is None


def test_a_cache_older_than_its_source_is_never_used(tmp_path):
    root = _package(tmp_path, {"one": "VALUE = 1\n"})
    source = root / "one.py"
    before = os.stat(source)
    source.write_text("VALUE = 2\n")  # same size: only the mtime tells
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    assert fastload.PackageFinder("fastpkg", str(root)).find_spec("fastpkg.one") is None


def test_a_cache_of_a_source_of_another_size_is_never_used(tmp_path):
    root = _package(tmp_path, {"one": "VALUE = 1\n"})
    source = root / "one.py"
    before = os.stat(source)
    source.write_text("VALUE = 1234\n")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime: only the size tells
    assert fastload.PackageFinder("fastpkg", str(root)).find_spec("fastpkg.one") is None


def test_hash_based_and_damaged_caches_go_to_the_normal_import(tmp_path):
    root = _package(tmp_path, {"one": "VALUE = 1\n", "two": "VALUE = 2\n"})
    py_compile.compile(str(root / "one.py"), doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    cached_two = root / "__pycache__" / f"two.{sys.implementation.cache_tag}.pyc"
    data = cached_two.read_bytes()
    cached_two.write_bytes(b"\0\0\0\0" + data[4:])  # another Python's magic number
    finder = fastload.PackageFinder("fastpkg", str(root))
    assert finder.find_spec("fastpkg.one") is None
    assert finder.find_spec("fastpkg.two") is None
    cached_two.write_bytes(data[:10])  # truncated
    assert finder.find_spec("fastpkg.two") is None


def test_the_installed_hook_runs_an_edited_module_not_its_stale_cache(tmp_path):
    """The hook as the agents run it (`python -IS legant guard check`, a wheel's layout): after a
    first call has cached every module, an edited module is what the next call runs."""
    s = GuardSetup(tmp_path / "setup")
    python, site_packages = _venv(str(tmp_path / "venv"), with_package=True)
    event = json.dumps(s.event("Bash", {"command": "ls -la"}))

    def run():
        return subprocess.run([python, "-IS", os.path.join(REPO, "bin", "legant"), "guard", "check",
                               "--agent", "claude-code"], input=event, env=s.env("builder"), cwd=s.project,
                              capture_output=True, text=True, timeout=60)

    assert run().returncode == 0
    entry = os.path.join(site_packages, "legant_guard", "entry.py")
    text = open(entry).read()
    edited = text + "\nimport sys; sys.stderr.write('EDITED-ENTRY'); sys.exit(3)\n"
    before = os.stat(entry)
    with open(entry, "w") as f:
        f.write(edited)
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    proc = run()
    assert "EDITED-ENTRY" in proc.stderr and proc.returncode == 3, (proc.returncode, proc.stderr)


def test_the_optimized_and_the_relocated_caches_are_those_importlib_would_use(tmp_path):
    """`python -O` reads `name.TAG.opt-1.pyc`; `-X pycache_prefix=DIR` keeps caches elsewhere, so
    the finder then stays out of the way."""
    root = _package(tmp_path, {"one": "import sys\nOPT = sys.flags.optimize\n"})
    py_compile.compile(str(root / "one.py"), doraise=True, optimize=1)
    script = ("import sys; from legant_guard import fastload; "
              f"fastload.install('fastpkg', {str(root)!r}); "
              f"sys.path.insert(0, {str(tmp_path)!r}); import fastpkg.one as m; "
              "print(type(m.__spec__.loader).__name__, m.__spec__.cached, m.OPT)")
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "src"))

    def run(*flags):
        return subprocess.run([sys.executable, *flags, "-c", script], capture_output=True, text=True, env=env,
                              check=True).stdout.split()

    tag = sys.implementation.cache_tag
    assert run() == ["PackageFinder", str(root / "__pycache__" / f"one.{tag}.pyc"), "0"]
    assert run("-O") == ["PackageFinder", str(root / "__pycache__" / f"one.{tag}.opt-1.pyc"), "1"]
    loader, cached, _ = run("-X", f"pycache_prefix={tmp_path / 'elsewhere'}")
    assert loader != "PackageFinder" and cached.startswith(str(tmp_path / "elsewhere"))
