"""Red team #20 (issue 10): writes that land in a protected folder without naming the file.

GNU tar's `--one-top-level[=DIR]` unpacks every member below DIR (by default the archive's
name without its suffix), so `tar xf a.tar --one-top-level=.claude` wrote `.claude/settings.json`
from an archive whose member is a plain `settings.json`. Verdicts only: nothing is unpacked.
"""

import io
import os
import shutil
import tarfile

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


def _tar(path, members):
    with tarfile.open(path, "w") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.fixture
def setup(tmp_path):
    setup = GuardSetup(tmp_path, files={".claude/settings.json": "{}\n"})
    _tar(setup.path("a.tar"), [("settings.json", b"{}")])
    _tar(setup.path("e.tar"), [(".claude/hooks/x.sh", b"x")])
    shutil.copy(setup.path("a.tar"), setup.path(".claude.tar"))
    shutil.copy(setup.path("a.tar"), setup.path(".claude.tar.gz"))  # (a name is all that is read here)
    return setup


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("command, written", [
    ("tar xf a.tar --one-top-level=.claude", ".claude/settings.json"),
    ("tar -xf a.tar --one-t=.claude", ".claude/settings.json"),
    ("tar xf .claude.tar --one-top-level", ".claude/settings.json"),
    ("tar -x --one-top-level -f .claude.tar -C .", ".claude/settings.json"),
    ("tar xf e.tar --one-top-level=.claude", ".claude/hooks/x.sh"),
])
def test_one_top_level_is_where_members_land(setup, role, command, written):
    assert_denied(setup.bash(command, role=role), "would write", written)


def test_harmless_one_top_level_stays_allowed(setup):
    assert_allowed(setup.bash("tar xf a.tar --one-top-level=out", role="operator"))
    assert_allowed(setup.bash("tar xf a.tar", role="operator"))
    write(setup.path("b/x.txt"), "x")
    assert_allowed(setup.bash("tar xf a.tar --one-top-level", role="operator"))


UU = "begin 644 .claude/settings.json\n#>WT*\n`\nend\n"


@pytest.mark.parametrize("command, fragment", [
    ("uudecode x.uu", "would write"),
    ("uudecode < x.uu", "would write"),
    ("cat x.uu | uudecode", "cannot read"),
    ("uudecode missing.uu", "cannot be read"),
    ("gzip -dN .claude/a.gz", "restores the file name"),
    ("gunzip --name .claude/a.gz", "restores the file name"),
    ("pigz -dN .claude/a.gz", "restores the file name"),
    ("zstd -d --output-dir-flat .claude settings.json.zst", "would write"),
    ("zstd -d --output-dir-mirror .claude a.zst", "--output-dir-mirror"),
    ("star -xf a.tar", "does not list"),
    ("xar -xf a.xar", "does not list"),
    ("dar -x a", "does not list"),
    ("afio -i a.afio", "does not list"),
    ("unshar a.shar", "does not list"),
])
def test_programs_that_write_a_name_from_their_data(setup, command, fragment):
    write(setup.path("x.uu"), UU)
    assert_denied(setup.bash(command, role="operator"), fragment)


def test_their_harmless_neighbours_stay_allowed(setup):
    write(setup.path("x.uu"), UU.replace(".claude/settings.json", "out.txt"))
    os.makedirs(setup.path("c"))
    for command in ("uudecode x.uu", "uudecode -o out x.uu", "gunzip -N c/a.gz", "gunzip a.gz",
                    "zstd -d --output-dir-flat out settings.json.zst"):
        assert_allowed(setup.bash(command, role="operator"))
