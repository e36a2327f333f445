"""Red team 28 (issue 10 item 4 and "Also found", rt10i): `guard init` on a folder it must not use
ends with a clear one-line error, never a traceback, and never writes there (held; kept as tests).
"""

import os

import pytest

from conftest import clean_env, run_legant


@pytest.fixture
def places(tmp_path):
    home, project = tmp_path / "home", tmp_path / "proj"
    home.mkdir()
    project.mkdir()
    return tmp_path, str(home), str(project)


def _init(home, project, folder):
    return run_legant(["guard", "init", "--project", project, "--dir", folder], env=clean_env(home=home))


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_of_another_user_is_refused(places):
    root, home, project = places
    foreign = root / "foreign"
    foreign.mkdir()
    os.chown(foreign, 65534, -1)
    proc = _init(home, project, str(foreign))
    assert proc.returncode == 1 and "belongs to another user" in proc.stderr and "Traceback" not in proc.stderr
    assert os.listdir(foreign) == []


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_folder_others_may_write_is_refused(places, mode):
    root, home, project = places
    shared = root / "shared"
    shared.mkdir()
    os.chmod(shared, mode)
    proc = _init(home, project, str(shared))
    assert proc.returncode == 1 and "writable by" in proc.stderr and "Traceback" not in proc.stderr
    assert os.listdir(shared) == []


def test_folders_init_makes_are_private_whatever_the_umask(places):
    root, home, project = places
    old = os.umask(0)
    try:
        proc = _init(home, project, str(root / "a" / "b" / "guard"))
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    for folder in ("a", "a/b", "a/b/guard"):
        assert oct(os.stat(root / folder).st_mode & 0o777) == oct(0o700), folder
    assert all(os.stat(root / "a/b/guard" / n).st_mode & 0o077 == 0 for n in os.listdir(root / "a/b/guard"))


def test_a_missing_project_is_a_clear_error(places):
    root, home, _ = places
    proc = _init(home, str(root / "nope"), str(root / "g"))
    assert proc.returncode == 1 and "is not a directory" in proc.stderr and "Traceback" not in proc.stderr
