"""trustderivation._Resolver: os.path.realpath with each folder looked up once (through hook/paths.py's
readlink, remembered during a decision). The trust base is every physical file the guard stands
on, so its answers must be realpath's: compared here on random paths over a tree of relative,
absolute, chained and `..` links, files and missing names, with and without a decision's memo."""

import os
import random

from legant_guard.hook import paths as hook_paths
from legant_guard.hook.trustderivation import _Resolver


def _tree(root):
    os.makedirs(f"{root}/a/b/c")
    open(f"{root}/a/f", "w").close()
    os.symlink("b", f"{root}/a/l1")
    os.symlink("../a/b/c", f"{root}/a/b/l2")
    os.symlink("..", f"{root}/a/b/c/up")
    os.symlink(f"{root}/a", f"{root}/abs")
    os.symlink("../f", f"{root}/a/b/l3")
    os.symlink("l1/l2/up", f"{root}/a/chain")
    os.symlink("nowhere/x", f"{root}/a/dangling")


def test_it_answers_as_realpath_does(tmp_path):
    root = str(tmp_path)
    _tree(root)
    # (no `..` in the paths asked about: the resolver normalises a path first, as the installation's
    # paths are: sys.executable, sys.path and the package's folders; `..` inside link targets is walked)
    names = ["a", "b", "c", "l1", "l2", "l3", "up", "abs", "f", "chain", "dangling", "missing", ".", ""]
    rng = random.Random(5)
    for k in range(3000):
        path = root + "".join("/" + rng.choice(names) for _ in range(rng.randint(0, 7)))
        remembered = k % 2 == 0
        if remembered:
            hook_paths.begin_call()
        try:
            resolver = _Resolver()
            got = [resolver.realpath(path), resolver.realpath(path + "/x")]  # (the second reuses the first's folders)
        finally:
            if remembered:
                hook_paths.end_call()
        assert got == [os.path.realpath(path), os.path.realpath(path + "/x")], path


def test_a_link_loop_ends(tmp_path):
    os.symlink("loop", tmp_path / "loop")
    assert isinstance(_Resolver().realpath(str(tmp_path / "loop" / "x")), str)
    assert _Resolver().realpath("//") == "/"
