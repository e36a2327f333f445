"""Red team 46: a user-wide install's project is not where the model points a call.

Without LEGANT_GUARD_PROJECT the hook anchors a token's rules at the project of the call. For
Codex it took the git root of the event's cwd, and Codex reports a call's `workdir` there (the
model picks it); the real `guard check` never passed its own working directory (the project
Codex starts the hook in), so `exec_command {cmd: "echo x > f", workdir: "../other-repo"}` made
the other repository the project and the builder wrote into it. Now the hook's folder decides,
and an event cwd counts only at or below it (or from opencode, whose plugin sends its project dir).
"""

import json
import os
import subprocess

import pytest

from conftest import LEGANT, assert_allowed, assert_denied
from test_user_install import UserSetup


@pytest.fixture
def u(tmp_path):
    return UserSetup(tmp_path)


def _codex(u, command, cwd, process_cwd):
    from conftest import check_in_process

    event = {"hook_event_name": "PreToolUse", "session_id": "s", "turn_id": "t1", "cwd": cwd, "tool_name": "Bash",
             "tool_input": {"command": command}, "tool_use_id": "t"}
    return check_in_process(["--agent", "codex"], event, u.env(), cwd=process_cwd)


def test_a_codex_workdir_in_another_repository_does_not_move_the_project(u):
    assert_denied(_codex(u, "echo x > new.txt", u.b, u.a), "outside the allowed paths")
    assert_denied(_codex(u, "sed -i s/x/y/ index.js", os.path.join(u.b, "sub"), u.a), "outside the allowed paths")


def test_outside_a_repository_a_workdir_elsewhere_is_no_project(u, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert_denied(_codex(u, "echo x > new.txt", u.b, str(scratch)), "cannot tell which project",
                  "lies outside it")


def test_the_real_hook_takes_its_own_folder(u):
    """`legant guard check` as the agents run it: the process's cwd is the project."""
    event = {"hook_event_name": "PreToolUse", "session_id": "s", "turn_id": "t1", "cwd": u.b, "tool_name": "Bash",
             "tool_input": {"command": "echo x > new.txt"}, "tool_use_id": "t"}
    proc = subprocess.run(LEGANT + ["guard", "check", "--agent", "codex"], input=json.dumps(event), capture_output=True,
                          text=True, env=u.env(), cwd=u.a, timeout=60)
    assert proc.returncode == 2 and "outside the allowed paths" in proc.stderr, proc.stderr


def test_a_workdir_inside_the_project_stays_allowed(u):
    assert_allowed(_codex(u, "echo x > new.txt", u.a, u.a))
    assert_allowed(_codex(u, "echo x > f2.txt", os.path.join(u.b, "sub", "deep"), u.b))
