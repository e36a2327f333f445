"""Red team 29 (issue 9, classes 2 and 4): an MCP tool that reads a whole folder to describe it
back (`analyze_code {path: "."}`, `summarize_repo`, `review`, `get_context`, `crawl`) reaches
the secrets below that folder as a search tool does (hook/toolargs.py walks it like Grep)."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt29t"), files={"app/.env": "KEY=1\n", "app/main.py": "x = 1\n",
                                                                "src/lib.py": "y = 2\n"})


@pytest.mark.parametrize("tool, args", [
    ("mcp__code__analyze_code", {"path": "app"}),
    ("mcp__code__analyse", {"dir": "app"}),
    ("mcp__repo__summarize_repo", {"root": "."}),
    ("mcp__ai__review", {"folder": "app"}),
    ("mcp__ctx__get_context", {"paths": ["app"]}),
    ("mcp__web__crawl_local", {"path": "app"}),
    ("mcp__x__explore", {"path": "app"}),
    ("mcp__x__security_audit", {"target": "app"}),
])
def test_a_folder_read_to_describe_it_is_walked(g, tool, args):
    assert_denied(g.check(tool, args, role="open"), ".env")


@pytest.mark.parametrize("tool, args", [
    ("mcp__code__analyze_code", {"path": "src"}),
    ("mcp__code__analyze_code", {"path": "app/main.py"}),
    ("mcp__ai__review", {"folder": "src"}),
])
def test_a_folder_without_secrets_stays_allowed(g, tool, args):
    assert_allowed(g.check(tool, args, role="open"))
