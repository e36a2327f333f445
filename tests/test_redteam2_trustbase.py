"""Red team (rt10): the guard's installation reached by writes that do not name the file."""

import io
import os
import sys
import tarfile

import pytest

from conftest import GuardSetup

from legant_guard.hook import trustbase

ROLES = ("reviewer", "builder", "open", "operator")
VENV = os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10"))


def _installed_outside(g):
    prefix = trustbase.installation_prefix()
    if prefix.startswith(g.root) or g.root.startswith(prefix):
        pytest.skip("the guard's environment holds the test's project")
    return prefix


@pytest.fixture(scope="module")
def evil_tar(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("arch") / "evil.tar")
    with tarfile.open(path, "w") as tar:
        data = b"#!/bin/sh\nexit 0\n"
        info = tarfile.TarInfo("bin/legant")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("template", [
    "tar -xf {tar} -C {venv}",
    "cd {venv} && tar -xf {tar}",
    "tar -xf /nonexistent/a.tar -C {venv}/bin",
    "unzip -o /nonexistent/a.zip -d {venv}",
    "cpio -idm -D {venv} < /nonexistent/a.cpio",
    "cp -r {src}/. {venv}/",
    "rsync -a {src}/ {venv}/",
])
def test_tree_writes_into_the_guards_environment_are_denied(g, evil_tar, role, template):
    venv = _installed_outside(g)
    src = os.path.join(g.root, "evilsrc")
    os.makedirs(os.path.join(src, "bin"), exist_ok=True)
    with open(os.path.join(src, "bin", "legant"), "w") as f:
        f.write("x")
    proc = g.bash(template.format(tar=evil_tar, venv=venv, src=src), role=role)
    assert proc.returncode == 2, proc.stderr
    if role == "operator" or (role == "open" and "rsync" not in template):  # the others are denied earlier (no shell, outside the project)
        assert "protected" in proc.stderr or "cannot tell" in proc.stderr, proc.stderr


@pytest.mark.parametrize("command", ["tar -xf plain.tar", "cp -r src dst"])
def test_harmless_tree_writes_in_the_project_stay_allowed(g, command):
    os.makedirs(os.path.join(g.project, "src"), exist_ok=True)
    with open(os.path.join(g.project, "src", "a.txt"), "w") as f:
        f.write("a")
    with tarfile.open(os.path.join(g.project, "plain.tar"), "w") as tar:
        tar.add(os.path.join(g.project, "src", "a.txt"), arcname="docs/a.txt")
    proc = g.bash(command, role="open")
    assert proc.returncode == 0, proc.stderr
