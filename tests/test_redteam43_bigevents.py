"""Red team 43, issue 9 class 7 (linear cost) for tools other than the shell: an MCP call of
200,000 keys read every value as a path before its count was held against the bound (3.5 s to
its deny), and the summary of any unknown or MCP tool's input serialised all of it to keep 200
characters (2.5 s of a 5 MB input). The count is now held first, and the summary stops at 200
characters; the verdicts are as before. The timing is measured by bench/bench_sizes.py
(`c-mcp-200k-keys`, `c-todo-50k-items`)."""

from legant_guard import fastjson

from conftest import GuardSetup, assert_allowed, assert_denied

import pytest


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt43big"), files={"README.md": "hi\n"})


def test_an_object_of_too_many_keys_is_refused_before_reading_them(g):
    assert_denied(g.check("mcp__fs__write", {f"k{i}": f"./p{i}" for i in range(20000)}, role="open"),
                  "more than 10000 argument values")


def test_a_list_of_too_many_values_is_refused(g):
    assert_denied(g.check("mcp__fs__x", {"a": [f"p{i}" for i in range(20000)]}, role="open"),
                  "more than 10000 argument values")


def test_a_call_within_the_bound_is_judged_as_before(g):
    assert_allowed(g.check("mcp__fs__x", {f"k{i}": f"./p{i}" for i in range(100)}, role="open"))
    assert_denied(g.check("mcp__fs__x", {"a": "./.env", **{f"k{i}": f"p{i}" for i in range(100)}}, role="open"),
                  ".env is denied by deny-path")


def test_the_head_of_a_serialisation_is_its_first_characters():
    value = {"b": ["x" * 50] * 40, "a": {"k": [1, 2.5, None, True, "é"]}}
    whole = fastjson.dumps(value, sort_keys=True)
    for limit in (0, 1, 7, 200, len(whole), len(whole) + 5):
        assert fastjson.dumps_head(value, limit, sort_keys=True) == whole[:limit]
