"""Red team (rt10): a sub-agent marker that is not a string is not read as the main agent."""

import pytest

from conftest import GuardSetup


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10sub"))


@pytest.mark.parametrize("extra", [{"agent_id": 7}, {"agent_id": "a1", "agent_type": 5},
                                   {"agent_id": {"x": 1}}, {"agent_type": ["Explore"]}])
def test_a_non_string_sub_agent_marker_is_denied(g, extra):
    proc = g.check("Read", {"file_path": g.project + "/a.txt"}, role="builder", **extra)
    assert proc.returncode == 2, proc.stderr
    assert "is not a string" in proc.stderr


def test_string_markers_and_null_stay_usable(g):
    assert g.check("Read", {"file_path": g.project + "/a.txt"}, role="builder", agent_id=None).returncode == 0
    assert g.check("Read", {"file_path": g.project + "/a.txt"}, role="builder", agent_id="a1",
                   agent_type="Explore").returncode == 0


def test_user_wide_install_with_subagents_holds_a_sub_agent_to_its_role(tmp_path):
    """`install --user --subagents reviewer` failed ("path root ... is not inside the parent's
    path roots (.)"); the children must be project-relative like the user-wide parent."""
    import json
    import os
    import subprocess as sp

    from conftest import check_in_process, clean_env, run_legant

    home, proj, other = tmp_path / "home", tmp_path / "proj", tmp_path / "other"
    for d in (home, proj, other):
        d.mkdir()
    sp.run(["git", "init", "-q", str(other)], check=True)
    env = clean_env(home=home)
    proc = run_legant(["guard", "install", "--user", "--project", str(proj), "--tool", "claude-code", "--role", "builder",
                       "--subagents", "reviewer"], env=env, cwd=str(proj))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(home / ".claude" / "settings.json") as f:
        command = json.load(f)["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
    hook_env = dict(env)
    for word in command.split():
        if word.startswith("LEGANT_GUARD_") and "=" in word:
            name, value = word.split("=", 1)
            hook_env[name] = value
    assert "LEGANT_GUARD_SUBAGENTS" in hook_env

    def call(tool, tool_input, **extra):
        event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(other), "tool_name": tool,
                 "tool_input": tool_input, "tool_use_id": "t"}
        event.update(extra)
        return check_in_process(["--agent", "claude-code"], event, hook_env, cwd=str(other))

    target = os.path.join(str(other), "x.txt")
    sub = {"agent_id": "a1", "agent_type": "Explore"}
    assert call("Write", {"file_path": target, "content": "x"}).returncode == 0
    denied = call("Write", {"file_path": target, "content": "x"}, **sub)
    assert denied.returncode == 2 and "fs.write" in denied.stderr
    assert call("Read", {"file_path": target}, **sub).returncode == 0
