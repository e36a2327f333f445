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


# A pattern (glob or braces) among an MCP tool's arguments was made absolute by collapsing `..`
# first: `hl/../gu*/key.pem` with hl a link to the home folder is, to a server that globs it
# (the kernel takes `..` after a link to the target's parent), the guard dir's key.
@pytest.mark.parametrize("value, fragment", [
    ("hl/../gu*/key.pem", "protected"),
    ("hl/../guar?/key.pem", "protected"),
    ("hl/../*/key.pem", "protected"),
    ("hl/../g*", "protected"),
    ("{hl,x}/../guard/key.pem", "protected"),
    ("hl/{..,x}/guard/key.pem", "protected"),
    ("hl/.ssh/../../gu*/feed.jwt", "protected"),
])
def test_mcp_patterns_through_a_link_and_dotdot(setup, value, fragment):
    assert_denied(setup.check("mcp__fs__read_file", {"path": value}, role="open"), fragment)
    assert_denied(setup.check("mcp__fs__read_multiple_files", {"paths": [value]}, role="open"), fragment)


@pytest.mark.parametrize("value", ["src/../*.md", "./{README,a}.md", "*.md"])
def test_mcp_patterns_without_links_stay_allowed(setup, value):
    assert_allowed(setup.check("mcp__fs__read_file", {"path": value}, role="open"))


# opencode's newer multiedit schema gives every edit a file path of its own: judged as a write.
@pytest.mark.parametrize("agent, tool, key", [("opencode", "multiedit", "filePath"), (None, "MultiEdit", "file_path")])
def test_an_edit_of_a_multiedit_that_names_its_own_file(setup, agent, tool, key):
    inner = {key: "hl/.claude/settings.json", "oldString": "a", "newString": "b"}
    proc = setup.check(tool, {key: setup.path("README.md"), "edits": [inner]}, role="open", agent=agent)
    assert_denied(proc, "protected")


def test_a_multiedit_of_one_file_stays_allowed(setup):
    edits = [{"filePath": setup.path("README.md"), "oldString": "r", "newString": "s"}, {"oldString": "s", "newString": "t"}]
    assert_allowed(setup.check("multiedit", {"filePath": setup.path("README.md"), "edits": edits}, role="builder",
                               agent="opencode"))


# Class 7: an 8 MB `{a,b}...` argument was counted whole before the bound on words applied (16 s;
# bench/bench_sizes.py times it now, with `file:%25...`, decoded byte by byte before): a deny
# that names the bound.
def test_a_huge_brace_argument_is_denied_for_its_size(setup):
    assert_denied(setup.check("mcp__x__y", {"a": "{a,b}" * 100000}, role="open"), "more than")


@pytest.mark.parametrize("agent, tool", [(None, "WebFetch"), ("opencode", "webfetch")])
@pytest.mark.parametrize("url", ["file:%s/.netrc", "FILE:%s/.netrc", "file:///%s/.netrc"])
def test_a_fetch_of_a_file_url_names_no_host(setup, agent, tool, url):
    proc = setup.check(tool, {"url": url % setup.home.rstrip("/"), "prompt": "x", "format": "text"}, role="open",
                       agent=agent)
    assert_denied(proc, "host of the url")


def test_a_fetch_of_a_web_url_stays_allowed(setup):
    assert_allowed(setup.check("WebFetch", {"url": "https://example.com/docs", "prompt": "x"}, role="open"))
