"""The installation leaves out the project, the home folder and their ancestors (protecting them
would forbid every write). installation() tests its hundred entries with one set lookup
(config._with_ancestors) instead of scanning the kept-out folders for each: the two readings must agree,
or an entry would silently drop out of the trust base."""

import os

import pytest

from legant_guard.hook import trustbase
from legant_guard.hook import trustderivation

KEPT_OUT = [("/home/u/proj", "/home/u", "/srv/real/proj"), ("/home/u/proj/", "/home/u/", None),
            ("/w/p[1]/proj", "/root", "/w/p[1]/proj"), ("/a//b/./c", "", None), ("/", "/h", None)]
PATHS = ["/", "/home", "/home/u", "/home/u/proj", "/home/u/proj/.venv", "/home/u/projx", "/home/uu", "/home/u/.local/bin",
         "/srv", "/srv/real", "/srv/real/proj", "/srv/real/proj/x", "/w/p[1]", "/w/p[1]/proj", "/w/p1", "/a", "/a/b",
         "/a/b/c", "/a/b/c/d", "/usr/lib/python3/site-packages", "/tmp/venv/bin/legant"]


@pytest.mark.parametrize("keep_out", KEPT_OUT)
def test_the_set_lookup_keeps_out_what_the_scan_keeps_out(keep_out):
    from legant_guard.hook.config import _with_ancestors

    kept = {"/"}.union(_with_ancestors(*keep_out))
    for path in PATHS:
        assert (path in kept) == trustbase._covers_any(path, keep_out), (path, keep_out)


def test_the_installation_holds_no_kept_out_folder_but_its_insides(tmp_path):
    venv = tmp_path / "proj" / ".venv"
    entries = trustderivation.installation(env={"PATH": f"{venv}/bin:/usr/bin", "HOME": str(tmp_path / "home")},
                                     keep_out=(str(tmp_path / "proj"), str(tmp_path / "home"), None))
    paths = {p for _, p in entries}
    for kept in (str(tmp_path / "proj"), str(tmp_path), "/"):
        assert kept not in paths
    assert f"{venv}/bin/claude" in paths  # (a place on PATH inside the project is still protected)
    assert os.path.join(str(tmp_path / "home"), ".local", "bin", "legant") in paths
