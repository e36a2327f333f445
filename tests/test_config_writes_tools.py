"""A program configuration written by an MCP or unknown tool is judged as the Write tool's is
(hook/configwrites.py, hook/check.py): `write_file {path: .cargo/config.toml, content}` naming
`runner = "curl"` makes every later `cargo run` start curl. A tool whose name says it only reads
is not judged as a writer, and an input nested too deeply to read is not read as harmless."""

import json

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

RUNNER_CURL = '[target.x86_64-unknown-linux-gnu]\nrunner = "curl"\n'


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path, files={".cargo/config.toml": "[build]\njobs = 2\n"})


@pytest.mark.parametrize("tool, tool_input", [
    ("mcp__fs__write_file", {"path": ".cargo/config.toml", "content": RUNNER_CURL}),
    ("mcp__files__create", {"file": ".cargo/config.toml", "text": RUNNER_CURL}),
    ("mcp__fs__write_file", {"path": "file:.cargo/config.toml", "content": RUNNER_CURL}),
    ("SomeUnknownTool", {"target": ".cargo/config.toml", "body": RUNNER_CURL}),
])
def test_an_mcp_write_of_a_config_naming_a_denied_program_is_denied(setup, tool, tool_input):
    proc = setup.check(tool, tool_input, role="open")
    assert proc.returncode == 2, proc.stderr
    assert "curl" in proc.stderr or "cannot be parsed" in proc.stderr, proc.stderr


def test_the_reason_names_the_setting_and_the_program(setup):
    assert_denied(setup.check("mcp__fs__write_file", {"path": ".cargo/config.toml", "content": RUNNER_CURL},
                              role="open"), "the program that reads it runs", "curl", "runner")


def test_an_input_nested_too_deeply_is_not_read_as_harmless(setup):
    value = RUNNER_CURL
    for _ in range(25):
        value = {"n": value}
    assert_denied(setup.check("mcp__fs__write_file", {"path": ".cargo/config.toml", "content": value}, role="open"),
                  ".cargo/config.toml")


def test_a_harmless_config_and_a_reading_tool_stay_allowed(setup):
    assert_allowed(setup.check("mcp__fs__write_file", {"path": ".cargo/config.toml", "content": "[build]\njobs = 4\n"},
                               role="open"))
    assert_allowed(setup.check("mcp__fs__read_file", {"path": ".cargo/config.toml"}, role="open"))
    assert_allowed(setup.check("mcp__fs__search_files", {"path": ".", "pattern": json.dumps(RUNNER_CURL)},
                               role="open"))
