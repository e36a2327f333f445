"""Red team #30 (issue 10, classes 1-3 by tool): an MCP or unknown tool whose name says it writes,
moves or removes files below a folder it is given (`delete_directory`, `move`, `git_checkout`,
`git_reset`, `extract_archive`) was judged only as a read of that folder, so under `operator` it
removed `.claude/` or the guard's own venv, or checked out a tree over the hook config. Such a
folder argument at or above a protected path (hook configs, the guard's installation, git hooks,
start-up files) is now a deny; a file it names is judged as before, and other folders stay allowed.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

WHY = "may write, move or remove any file below the folder it is given"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt30tools"), files={".claude/settings.local.json": "{}\n",
                                                                    "src/a.py": "x\n"})


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("tool,args", [
    ("mcp__fs__delete_directory", {"path": "{p}/.claude"}),
    ("mcp__fs__move", {"source": "{p}/.claude", "destination": "/tmp/elsewhere"}),
    ("mcp__fs__removeDirectory", {"path": "{p}"}),
    ("mcp__git__git_checkout", {"repo_path": "{p}", "branch_name": "old"}),
    ("mcp__git__git_reset", {"repo_path": "{p}"}),
    ("mcp__archive__extract_archive", {"archive": "{p}/x.tar", "destination": "{p}"}),
])
def test_a_tool_that_writes_below_a_folder_holding_protected_files_is_denied(s, role, tool, args):
    args = {k: v.format(p=s.project, venv=sys.prefix) for k, v in args.items()}
    assert_denied(s.check(tool, args, role=role), WHY)


@pytest.mark.parametrize("tool,args", [
    ("mcp__fs__delete_directory", {"path": "{p}/src"}),
    ("mcp__fs__move_file", {"source": "{p}/src/a.py", "destination": "{p}/src/b.py"}),
    ("mcp__git__git_status", {"repo_path": "{p}"}),
    ("mcp__git__git_commit", {"repo_path": "{p}", "message": "x"}),
    ("mcp__git__git_add", {"repo_path": "{p}", "files": ["src/a.py"]}),
    ("mcp__fs__list_directory", {"path": "{p}"}),
    ("mcp__fs__write_file", {"path": "{p}/notes.txt", "content": "x"}),
])
def test_tools_on_ordinary_folders_and_files_stay_allowed(s, tool, args):
    args = {k: (v.format(p=s.project) if isinstance(v, str) else v) for k, v in args.items()}
    assert_allowed(s.check(tool, args, role="operator"))


@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_tool_removing_the_guards_environment_is_denied(s, role):
    reason = assert_denied(s.check("mcp__fs__remove", {"path": sys.prefix}, role=role))
    assert WHY in reason or "guard's own installation" in reason, reason
