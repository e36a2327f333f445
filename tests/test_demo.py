"""`legant guard demo`: runs as a smoke test, in each agent's format, leaves nothing behind,
fails when a verdict differs from the narration, stays in 80 columns, colours only on a TTY."""

import io
import os
import pty
import subprocess

import pytest

from conftest import LEGANT, clean_env, run_legant
from legant_guard import demo


def _demo_env(tmp_path):
    scratch = tmp_path / "tmp"
    home = tmp_path / "home"
    scratch.mkdir()
    home.mkdir()
    env = clean_env(home=home)
    env["TMPDIR"] = str(scratch)
    env.pop("NO_COLOR", None)
    return env, scratch, home


@pytest.mark.parametrize("agent", ["claude-code", "codex", "opencode"])
def test_demo_passes_for_each_agent_and_leaves_nothing_behind(tmp_path, agent):
    env, scratch, home = _demo_env(tmp_path)
    proc = run_legant(["guard", "demo", "--agent", agent], env=env, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "Every step went as narrated." in out
    assert "MISMATCH" not in out and "FAILED" not in out
    for n in range(1, 8):
        assert f"\n{n}. " in out, f"section {n} missing"
    # the reasons come from the real check, not from the narration
    assert "needs capability fs.write; the token grants fs.read" in out
    assert "tripwire download-exec" in out and "tripwire recursive-delete-critical" in out
    assert "is outside the allowed paths" in out and "is denied by deny-path ~/.ssh" in out
    assert "key.pem is protected" in out
    assert "scopes must be a subset of its parent's" in out
    assert "`git` is denied by deny-cmd" in out
    assert "its parent token" in out and "is on the revocation feed" in out
    assert "26 records: 9 allowed, 17 denied" in out
    # `audit verify` over the demo's own trail: its 26 calls and the notes of its `guard deny` and
    # `guard allow` (each change of the overlay is noted, red team #40)
    assert "28 records, chain intact (seq 1..28)" in out
    # not a TTY: no colour; 80 columns
    assert "\033[" not in out
    too_wide = [line for line in out.splitlines() if len(line) > 80]
    assert not too_wide, too_wide
    # the temporary key, project and HOME are gone; nothing was written to the real HOME
    assert list(scratch.iterdir()) == []
    assert list(home.iterdir()) == []
    assert "The scratch folder is removed." in out


# Distinctive pieces of each agent's event (AGENT_HOOKS.md).
FORMATS = {
    "claude-code": ['"tool_use_id": "toolu_0001"', '"tool_name": "Read"', '"tool_name": "Edit"'],
    "codex": ['"turn_id": "demo-turn"', '"tool_name": "view_image"', '"tool_name": "apply_patch"'],
    "opencode": ['"agent": "opencode"', '"tool_name": "read"', '"filePath": "main.go"'],
}


@pytest.mark.parametrize("agent", sorted(FORMATS))
def test_demo_shows_events_in_the_chosen_agents_format(tmp_path, agent):
    env, _, _ = _demo_env(tmp_path)
    proc = run_legant(["guard", "demo", "--agent", agent, "--show-events"], env=env)
    assert proc.returncode == 0, proc.stdout
    flat = " ".join(proc.stdout.split())  # the events are wrapped at spaces for 80 columns
    for other, pieces in FORMATS.items():
        for piece in pieces:
            assert (piece in flat) == (other == agent), (other, piece)


def test_demo_refuses_an_unknown_agent(tmp_path):
    env, _, _ = _demo_env(tmp_path)
    proc = run_legant(["guard", "demo", "--agent", "cursor"], env=env)
    assert proc.returncode == 2 and "cursor" in proc.stderr and "Traceback" not in proc.stderr


def _tampered(mutate):
    def factory(sc):
        sections, expected = demo.build_sections(sc)
        mutate(sections)
        return sections, expected
    return factory


def _find(sections, predicate):
    return next(step for section in sections for step in section.steps if predicate(step))


@pytest.mark.parametrize("mutate", [
    # a deny the narration calls an allow
    lambda s: setattr(_find(s, lambda st: st.is_check and st.expect == "deny"), "expect", "allow"),
    # an allow the narration calls a deny
    lambda s: setattr(_find(s, lambda st: st.is_check and st.expect == "allow"), "expect", "deny"),
    # the right verdict for the wrong reason
    lambda s: setattr(_find(s, lambda st: st.is_check and st.reason == "revoked"), "reason", "tripwire"),
    # an action the narration says is refused, but it succeeds
    lambda s: setattr(_find(s, lambda st: st.cli.startswith("legant guard deny")), "expect", "refused"),
    # an action that breaks (here: audit verify) is a failed step, not a traceback
    lambda s: setattr(_find(s, lambda st: st.cli == "legant guard audit verify"), "action",
                      lambda: {}["boom"]),
], ids=["deny-called-allow", "allow-called-deny", "wrong-reason", "action-outcome", "action-breaks"])
def test_demo_exits_nonzero_when_a_step_differs_from_the_narration(tmp_path, monkeypatch, mutate):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    out = io.StringIO()
    code = demo.run_demo(out, "claude-code", sections_factory=_tampered(mutate))
    assert code == 1
    assert out.getvalue().count("MISMATCH: the narration expects") == 1
    assert "FAILED: 1 step(s) did not go as narrated" in out.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_every_step_states_what_must_happen(tmp_path):
    sc = demo.Scenario(str(tmp_path / "w"), "claude-code")
    sc.build()
    sections, _ = demo.build_sections(sc)
    assert len(sections) == 7
    checks = [st for sec in sections for st in sec.steps if st.is_check]
    actions = [st for sec in sections for st in sec.steps if not st.is_check]
    assert all(st.expect in ("allow", "deny") for st in checks)
    assert all(st.reason for st in checks if st.expect == "deny"), "every deny names its reason"
    assert all(st.expect in ("ok", "refused") and st.cli.startswith("legant guard ") for st in actions)
    assert {st.expect for st in checks} == {"allow", "deny"}


def test_scratch_folder_is_removed_even_when_the_scenario_breaks(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def broken(sc):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        demo.run_demo(io.StringIO(), "claude-code", sections_factory=broken)
    assert list(tmp_path.iterdir()) == []


def _run_on_tty(env):
    master, slave = pty.openpty()
    proc = subprocess.Popen(LEGANT + ["guard", "demo"], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode()


def test_colour_on_a_tty_and_never_with_no_color(tmp_path):
    env, _, _ = _demo_env(tmp_path)
    code, out = _run_on_tty(env)
    assert code == 0 and "\033[32mallow" in out and "\033[31mdeny" in out
    env["NO_COLOR"] = "1"
    code, out = _run_on_tty(env)
    assert code == 0 and "\033[" not in out and "Every step went as narrated." in out
