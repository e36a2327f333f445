"""Red team 13: every argument of an MCP or unknown tool is a potential path, a short option
glued to its value too (`-f.env`, `-I GUARD`), as a server handing it to a program reads it."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("args"), files={".env": "K=1\n", "a.txt": "x\n"})


@pytest.mark.parametrize("value,fragment", [
    ("-f.env", ".env is denied by deny-path"),
    ("-iGUARD/key.pem", "is protected"),
])
def test_a_short_option_glued_to_a_protected_path(s, value, fragment):
    value = value.replace("GUARD", s.dir)
    assert_denied(s.check("mcp__fs__run", {"args": [value]}, role="open"), fragment)


@pytest.mark.parametrize("value", ["-rf", "-v", "-la", "-fa.txt"])
def test_plain_short_options_stay_allowed(s, value):
    assert_allowed(s.check("mcp__fs__run", {"args": [value]}, role="open"))
