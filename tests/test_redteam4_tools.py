"""Red team rt9c, issue 9 class 2: every argument of an MCP or unknown tool is a potential path,
also when it is an option or setting a server hands on to a program (`--file=.env`,
`KEY=~/.ssh/id_rsa`) or curl's `@FILE` / a shell's `<FILE`."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("tools"))
    with open(os.path.join(s.project, ".env"), "w") as f:
        f.write("API_KEY=x\n")
    return s


@pytest.mark.parametrize("tool_input", [
    {"args": ["--file=.env"]},
    {"args": ["--env-file=./.env"]},
    {"q": "KEY=~/.ssh/id_rsa"},
    {"q": "@.env"},
    {"q": "<.env"},
    {"nested": {"list": ["-x", "--config=.env"]}},
])
def test_option_values_and_at_files_are_paths(setup, tool_input):
    for tool in ("mcp__runner__run", "SomeUnknownTool"):
        assert_denied(setup.check(tool, tool_input, role="open"), ".env" if ".env" in str(tool_input) else ".ssh",
                      "deny-path")


@pytest.mark.parametrize("tool_input", [{"q": "a=b"}, {"q": "https://example.org/?a=b"}, {"q": "@user"},
                                        {"args": ["--verbose", "--level=3"]}])
def test_other_values_stay_allowed(setup, tool_input):
    assert_allowed(setup.check("mcp__runner__run", tool_input, role="open"))
