"""The opencode plugin template and `legant guard doctor`.

The plugin is run under node (skipped without node) with its CONFIG pointed at a stand-in
guard, to pin that it denies on exit 2 (with the guard's reason), on any other exit, on
unexpected output, on a timeout and when the guard cannot be started, and allows only on
exit 0 with no output. Doctor runs the real installed hooks: ok on a sound install, exit 1
when a hook would let a refused call through.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import clean_env, run_legant

NODE = shutil.which("node")

DRIVER = r"""
import { LegantGuard } from "./plugin.mjs";
const hooks = await LegantGuard({ directory: "/tmp/proj" });
try {
  await hooks["tool.execute.before"]({ tool: "bash", sessionID: "s1", callID: "c1" }, { args: { command: "ls" } });
  console.log(JSON.stringify({ allowed: true }));
} catch (e) {
  console.log(JSON.stringify({ allowed: false, reason: e.message }));
}
"""

GUARD = r"""
import json, sys, time
event = json.load(sys.stdin)
open(sys.argv[1], "w").write(json.dumps(event))
mode = sys.argv[2]
if mode == "allow": sys.exit(0)
if mode == "deny":
    print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": "Legant: no"}}))
    print("Legant: no", file=sys.stderr); sys.exit(2)
if mode == "deny-json-only":
    print(json.dumps({"hookSpecificOutput": {"permissionDecisionReason": "Legant: json reason"}})); sys.exit(2)
if mode == "crash": print("boom", file=sys.stderr); sys.exit(1)
if mode == "noise": print("hello"); sys.exit(0)
if mode == "hang": time.sleep(30)
"""


def run_plugin(tmp_path, mode, command=None, timeout_ms=5000):
    from legant_guard.resources import data_dir

    template = open(os.path.join(data_dir("hooks"), "opencode-plugin.js")).read()
    guard = tmp_path / "guard.py"
    guard.write_text(GUARD)
    seen = tmp_path / "seen.json"
    config = {"command": command or [sys.executable, str(guard), str(seen), mode],
              "env": {"LEGANT_GUARD_PROJECT": "/tmp/proj"}, "timeoutMs": timeout_ms}
    (tmp_path / "plugin.mjs").write_text(template.replace("__LEGANT_CONFIG__", json.dumps(config)))
    (tmp_path / "driver.mjs").write_text(DRIVER)
    p = subprocess.run([NODE, "driver.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout.strip().splitlines()[-1])
    result["event"] = json.loads(seen.read_text()) if seen.exists() else None
    return result


needs_node = pytest.mark.skipif(not NODE, reason="node is not installed")


@needs_node
def test_plugin_allows_on_silent_exit_0_and_sends_the_agreed_event(tmp_path):
    r = run_plugin(tmp_path, "allow")
    assert r["allowed"] is True
    assert r["event"] == {"hook_event_name": "PreToolUse", "agent": "opencode", "cwd": "/tmp/proj",
                          "session_id": "s1", "tool_use_id": "c1", "tool_name": "bash",
                          "tool_input": {"command": "ls"}}


@needs_node
@pytest.mark.parametrize("mode,reason", [
    ("deny", "Legant: no"),
    ("deny-json-only", "Legant: json reason"),
    ("crash", "the guard failed (exit 1)"),
    ("noise", "unexpected output"),
])
def test_plugin_denies_on_deny_failure_and_noise(tmp_path, mode, reason):
    r = run_plugin(tmp_path, mode)
    assert r["allowed"] is False
    assert reason in r["reason"]


@needs_node
def test_plugin_denies_on_timeout_instead_of_hanging(tmp_path):
    r = run_plugin(tmp_path, "hang", timeout_ms=500)
    assert r["allowed"] is False and "did not answer within 0.5 s" in r["reason"]


@needs_node
def test_plugin_denies_when_the_guard_cannot_be_started(tmp_path):
    r = run_plugin(tmp_path, "allow", command=[str(tmp_path / "no-such-legant"), "guard", "check"])
    assert r["allowed"] is False and "could not be started" in r["reason"]


@pytest.fixture
def installed(tmp_path):
    proj, home = tmp_path / "proj", tmp_path / "home"
    proj.mkdir()
    home.mkdir()
    (proj / "README.md").write_text("hi\n")
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    env.pop("CODEX_HOME", None)

    def legant(*args):
        return run_legant(list(args), env=env, cwd=str(proj))

    r = legant("guard", "install", "--tool", "all", "--role", "open")
    assert r.returncode == 0, r.stderr
    return proj, home, legant


def test_doctor_passes_on_a_sound_install(installed):
    proj, home, legant = installed
    r = legant("guard", "doctor")
    assert r.returncode == 0, r.stdout
    assert r.stdout.count("ok   denied") == 3 and r.stdout.count("is protected") == 3
    assert "every installed hook refuses what it must" in r.stdout


def test_doctor_fails_when_a_hook_lets_the_refused_call_through(installed):
    proj, home, legant = installed
    settings = proj / ".claude" / "settings.local.json"
    data = json.loads(settings.read_text())
    h = data["hooks"]["PreToolUse"][0]["hooks"][0]
    h["command"] = h["command"].replace(" guard check --agent claude-code", " --version >/dev/null; true guard check --agent claude-code")
    settings.write_text(json.dumps(data))
    r = legant("guard", "doctor")
    assert r.returncode == 1
    assert "FAIL denied   Write        allowed" in r.stdout


def test_doctor_with_nothing_installed_says_so(tmp_path):
    r = run_legant(["guard", "doctor"], env=clean_env(home=tmp_path), cwd=str(tmp_path))
    assert r.returncode == 1 and "no Legant hook installed" in r.stdout
