"""A home credential file under an editor's or a tool's backup spelling is the same secret:
`cat ~/.netrc~` printed the login of ~/.netrc under open (red team 43's note). The secrets set
(rules/sets.yaml) covers each file's backups by a trailing `*` (`~/.netrc*`, `**/.npmrc*`), as
`.env~` was already; the reviewer's Read tool meets the same rules."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

BACKUPS = ["~/.netrc~", "~/.netrc.bak", "~/.netrc.swp", "~/.npmrc.orig", "~/.pypirc~", "~/.git-credentials.bak",
           "~/.docker/config.json~", "~/.claude/.credentials.json.bak", "~/.local/share/opencode/auth.json.old"]


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("backups"), files={"notes.md": "x\n"})


@pytest.mark.parametrize("name", BACKUPS)
def test_a_backup_of_a_home_secret_is_denied_to_the_shell(g, name):
    assert_denied(g.bash("cat " + name, role="open"), "is denied by deny-path ~/")


@pytest.mark.parametrize("name", BACKUPS)
def test_a_backup_of_a_home_secret_is_denied_to_read(g, name):
    path = os.path.join(g.home, name[2:])
    assert_denied(g.check("Read", {"file_path": path}, role="reviewer"), "is denied by deny-path ~/")


def test_a_project_npmrc_backup_is_denied(g):
    assert_denied(g.bash("cat .npmrc~", role="open"), "/**/.npmrc*")


def test_neighbours_stay_allowed(g):
    assert_allowed(g.bash("cat notes.md", role="open"))
    assert_allowed(g.bash("cat ~/.bashrc.bak", role="open"))
