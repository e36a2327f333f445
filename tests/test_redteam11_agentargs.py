"""Red team 11 (issue 10, item 2): Claude Code configuration named only on its command line.

`claude --settings ~/team.json` (`--mcp-config`, `--plugin-dir`) loads hooks, `disableAllHooks`,
MCP servers and plugins from files no environment variable names. The guard protected the
usual settings files only, so the agent could write `disableAllHooks` into the file its own
session was started with. The hook now reads the command line of the agent that started it.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import GuardSetup, write

LEGANT = os.path.join(os.path.dirname(sys.executable), "legant")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("agentargs"))
    write(os.path.join(s.home, "team/settings.json"), "{}\n")
    write(os.path.join(s.home, "team/mcp.json"), "{}\n")
    write(os.path.join(s.home, "team/other.json"), "{}\n")
    # A stand-in for the agent: a program named `claude` that starts the hook, as Claude Code does.
    write(os.path.join(s.root, "bin/claude"), "import json, subprocess, sys\n"
          "proc = subprocess.run([sys.argv[1], 'guard', 'check'], input=sys.stdin.buffer.read(),"
          " capture_output=True)\n"
          "print(json.dumps([proc.returncode, proc.stderr.decode()]))\n")
    return s


def _from_claude(setup, args, tool_input, tool="Write"):
    event = setup.event(tool, tool_input)
    out = subprocess.run([sys.executable, os.path.join(setup.root, "bin/claude"), LEGANT] + args,
                         input=json.dumps(event).encode(), capture_output=True, env=setup.env("operator"),
                         cwd=setup.project, timeout=60)
    return json.loads(out.stdout)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the agent's command line from /proc")
@pytest.mark.parametrize("args, name", [
    (["--settings", "~team/settings.json"], "team/settings.json"),
    (["-p", "hi", "--settings=~team/settings.json"], "team/settings.json"),
    (["--mcp-config", "~team/other.json", "~team/mcp.json", "-p", "x"], "team/mcp.json"),
])
def test_a_settings_file_named_on_the_agents_command_line_is_protected(setup, args, name):
    args = [a.replace("~team", os.path.join(setup.home, "team")) for a in args]
    code, err = _from_claude(setup, args, {"file_path": os.path.join(setup.home, name),
                                           "content": '{"disableAllHooks": true}'})
    assert code == 2 and "is protected" in err, err


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the agent's command line from /proc")
def test_other_files_and_inline_settings_stay_as_they_were(setup):
    path = os.path.join(setup.home, "team/other.json")
    code, err = _from_claude(setup, ["--settings", os.path.join(setup.home, "team/settings.json")],
                             {"file_path": path, "content": "{}"})
    assert code == 0, err
    code, err = _from_claude(setup, ["--settings", '{"model": "x"}'], {"file_path": path, "content": "{}"})
    assert code == 0, err


def test_claudes_options_are_read_as_it_reads_them():
    from legant_guard.hook import agentargs

    argv = ["node", "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js", "--settings", "team.json",
            "--mcp-config", "a.json", "b.json", "--plugin-dir=./p", "--settings", '{"x": 1}', "-p", "hi"]
    assert agentargs.is_claude(argv) and agentargs.is_claude(["/home/u/.local/bin/claude"])
    assert not agentargs.is_claude(["bash", "-c", "claude"])
    assert agentargs.claude_files(argv, "/w") == ["/w/team.json", "/w/a.json", "/w/b.json", "/w/p"]
