"""Red team 23 (issue 9, classes 1 and 2): tool arguments read as the program reading them reads them.

- `file://REST` where REST does not start with `/`: a URI parser takes REST's first part for a
  host, but a server that strips `file://` opens REST as a path of its own, relative to its
  folder or home (`file://../guard/key.pem`, `file://~/.netrc`, `file://hl/.netrc` with hl a
  link to the home folder); both readings are judged;
- Codex applies `cd DIR && apply_patch <<'EOF'` itself: it joins DIR as written and the kernel
  takes a `..` after a symlink to the link target's parent (`cd hl/.. && apply_patch` adding
  `guard/x` wrote into the guard dir), whatever bash's cd would do.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("ta"), files={
        ".env": "SECRET=1\n", "README.md": "r\n", "a.txt": "a\n", "~/.netrc": "machine h password p\n"})
    os.symlink(s.home, s.path("hl"))
    return s


@pytest.mark.parametrize("uri, fragment", [
    ("file://../guard/key.pem", "protected"),
    ("file://~/.netrc", ".netrc"),
    ("file://hl/.netrc", ".netrc"),
    ("file://./.env", ".env"),
    ("FILE://../guard/feed.jwt", "protected"),
    ("file://..%2Fguard%2Fkey.pem", "protected"),
])
@pytest.mark.parametrize("tool", ["mcp__fs__read_file", "mcp__docs__get_resource"])
def test_a_file_uri_whose_rest_is_a_relative_path_is_read_as_one(setup, uri, fragment, tool):
    assert_denied(setup.check(tool, {"uri": uri}, role="open"), fragment)


@pytest.mark.parametrize("uri", ["file:///%s/README.md", "file://localhost/%s/README.md"])
def test_plain_file_uris_of_project_files_stay_allowed(setup, uri):
    assert_allowed(setup.check("mcp__fs__read_file", {"uri": uri % setup.project.lstrip("/")}, role="open"))


def _patch(body):
    return "cd hl/.. && apply_patch <<'EOF'\n*** Begin Patch\n%s\n*** End Patch\nEOF" % body


@pytest.mark.parametrize("body, fragment", [
    ("*** Add File: guard/x\n+x", "protected"),
    ("*** Update File: README.md\n*** Move to: guard/x\n@@\n-r\n+b", "physically"),
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_codex_patch_after_cd_through_a_link_and_dotdot_is_judged_physically(setup, body, fragment, role):
    proc = setup.check("Bash", {"command": _patch(body)}, role=role, agent="codex")
    assert_denied(proc, fragment)


def test_codex_patch_after_a_plain_cd_stays_allowed(setup):
    command = "cd src && apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: new.py\n+x\n*** End Patch\nEOF"
    os.makedirs(setup.path("src"), exist_ok=True)
    assert_allowed(setup.check("Bash", {"command": command}, role="builder", agent="codex"))
