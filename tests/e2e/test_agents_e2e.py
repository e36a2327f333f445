"""End to end: `legant guard install` wired into the REAL Claude Code 2.1.332, Codex 0.171.0
and opencode 1.18.33, each driven offline by a scripted model on 127.0.0.1.

Per agent, in a fresh temp project and HOME (the shared harness `../shared/e2e/run_agent.py`
runs the agent and the mock model; `--install` makes it run OUR installer instead of wiring a
hook itself, and for Codex the project is left untrusted so install must record its trust):
- a denied-but-harmless shell call (a hidden `curl` to 127.0.0.1:9 under role `open`) is
  refused, the model sees the guard's reason, and `canary.txt` is not created;
- the same in the agent's bypass/yolo mode;
- an allowed call (the agent's file-write tool) runs and the audit log shows the hook decided;
- after `legant guard uninstall` every config file is byte-identical to before the install;
- after `legant guard revoke` the next call is refused (skipped until `revoke` exists).

Agents come from `scripts/install-agents.sh` (PREFIX/agents.env; PREFIX = $LEGANT_E2E_AGENTS,
default ~/.cache/legant-e2e/agents). Without them the tests skip, unless
LEGANT_E2E_REQUIRED=1, which turns a missing agent or harness into a failure.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def _find_harness():
    """$LEGANT_E2E_HARNESS, else the first `shared/e2e/` next to the repository or above it."""
    if os.environ.get("LEGANT_E2E_HARNESS"):
        return os.environ["LEGANT_E2E_HARNESS"]
    d = REPO
    while os.path.dirname(d) != d:
        d = os.path.dirname(d)
        if os.path.isfile(os.path.join(d, "shared", "e2e", "run_agent.py")):
            return os.path.join(d, "shared", "e2e")
    return os.path.join(os.path.dirname(REPO), "shared", "e2e")


HARNESS = _find_harness()
AGENTS_DIR = os.environ.get("LEGANT_E2E_AGENTS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "legant-e2e", "agents")
REQUIRED = os.environ.get("LEGANT_E2E_REQUIRED") == "1"
_SCRIPT = os.path.join(os.path.dirname(sys.executable), "legant")
LEGANT = _SCRIPT if os.path.exists(_SCRIPT) else None

# harness agent name -> (our --tool name, executable key in agents.env)
AGENTS = {"claude": "claude-code", "codex": "codex", "opencode": "opencode"}
# Denied under `open` (network by a hidden curl), harmless if it ran: port 9 on loopback.
DENIED_CMD = "echo GUARD_CANARY > canary.txt && bash -c 'c\\url -s http://127.0.0.1:9/'"


def _unavailable(reason):
    if REQUIRED:
        pytest.fail(f"{reason} (LEGANT_E2E_REQUIRED=1)")
    pytest.skip(reason)


def agent_bin(agent):
    env_file = os.path.join(AGENTS_DIR, "agents.env")
    found = {}
    if os.path.isfile(env_file):
        with open(env_file) as f:
            found = dict(line.strip().split("=", 1) for line in f if "=" in line)
    path = found.get(agent) or os.path.join(AGENTS_DIR, "node_modules", ".bin", agent)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        _unavailable(f"{agent} is not installed in {AGENTS_DIR}: run scripts/install-agents.sh")
    return path


def _prerequisites():
    if not os.path.isfile(os.path.join(HARNESS, "run_agent.py")):
        _unavailable(f"the e2e harness is missing at {HARNESS} (set LEGANT_E2E_HARNESS)")
    if LEGANT is None:
        _unavailable("no `legant` script next to the test interpreter: pip install -e .")


class Run:
    """One harness run: its verdict, and the kept work dir (proj/, home/, env.json, ...)."""

    def __init__(self, verdict):
        self.v = verdict
        self.work = verdict["workdir"]
        self.proj = os.path.join(self.work, "proj")
        with open(os.path.join(self.work, "env.json")) as f:
            self.env = json.load(f)

    def read(self, name):
        try:
            with open(os.path.join(self.work, name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def legant(self, *args):
        env = dict(self.env, PATH=os.environ.get("PATH", ""))
        return subprocess.run([LEGANT, *args], cwd=self.proj, env=env, capture_output=True, text=True, timeout=120)

    def audit(self):
        """Audit records the guard wrote during the run."""
        from legant_guard.guarddir import default_guard_dir

        home = self.env["HOME"]
        old = os.environ.get("HOME"), os.environ.get("XDG_CONFIG_HOME")
        os.environ["HOME"] = home
        os.environ.pop("XDG_CONFIG_HOME", None)
        try:
            guard_dir = default_guard_dir(self.proj)
        finally:
            for k, v in zip(("HOME", "XDG_CONFIG_HOME"), old):
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        try:
            with open(os.path.join(guard_dir, "audit.jsonl")) as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def explain(self):
        return (f"verdict={json.dumps(self.v)}\n--- install.out\n{self.read('install.out')}"
                f"\n--- agent.out\n{self.read('agent.out')[-1500:]}\n--- agent.err\n{self.read('agent.err')[-1500:]}")


@pytest.fixture
def run(tmp_path):
    """run(agent, ...) -> Run; the work dirs are removed after the test."""
    _prerequisites()
    runs = []

    def go(agent, tool="shell", bypass=False, role="open", shell_cmd=None, codex_on_path=True, then=""):
        binary = agent_bin(agent)
        path = f"PATH={shlex.quote(os.path.dirname(binary))}:\"$PATH\" " if codex_on_path else ""
        install = (f"{shlex.quote(sys.executable)} {shlex.quote(os.path.join(HERE, 'snapshot.py'))} ../before.json && "
                   f"{path}{shlex.quote(LEGANT)} guard install --tool {AGENTS[agent]} --role {role}{then}")
        argv = [sys.executable, os.path.join(HARNESS, "run_agent.py"), "--agent", agent, "--bin", binary,
                "--install", install, "--tool", tool, "--keep", "--codex-project", "unset", "--timeout", "120"]
        if shell_cmd:
            argv += ["--shell-cmd", shell_cmd]
        if bypass:
            argv.append("--bypass")
        p = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=str(tmp_path))
        assert p.returncode == 0, f"harness failed:\n{p.stdout}\n{p.stderr}"
        r = Run(json.loads(p.stdout.strip().splitlines()[-1]))
        runs.append(r)
        assert r.v["install_rc"] == 0, r.explain()
        return r

    yield go
    for r in runs:
        shutil.rmtree(r.work, ignore_errors=True)


def _needs_shell_analysis():
    import importlib.util

    if importlib.util.find_spec("legant_guard.shell") is None:
        pytest.skip("shell analysis (issue 3, legant_guard.shell) is not merged yet: the hidden curl cannot be judged")


def assert_refused_by_legant(r):
    saw = r.v["model_saw"] or ""
    assert not r.v["tool_ran"], "the denied call ran:\n" + r.explain()
    assert r.v["reason_seen_by_model"], "the model did not see the guard's reason:\n" + r.explain()
    assert "Legant" in saw, r.explain()
    # refused for the right reason, not because the guard broke
    assert "internal error" not in saw, r.explain()
    assert "token" not in saw.lower() or "revoked" in saw.lower(), r.explain()


def assert_uninstall_restores(r, agent):
    out = r.legant("guard", "uninstall", "--tool", AGENTS[agent])
    assert out.returncode == 0, out.stderr
    sys.path.insert(0, HERE)
    try:
        from snapshot import snapshot
    finally:
        sys.path.remove(HERE)
    with open(os.path.join(r.work, "before.json")) as f:
        before = json.load(f)
    after = snapshot(r.proj, r.env)
    for path, content in before.items():
        assert after[path] == content, f"{path} differs after uninstall:\nbefore={content!r}\nafter={after[path]!r}\n{out.stdout}"


@pytest.mark.parametrize("agent", sorted(AGENTS))
def test_denied_call_is_refused_with_legant_reason_and_uninstall_restores_config(run, agent):
    _needs_shell_analysis()
    r = run(agent, shell_cmd=DENIED_CMD)
    assert_refused_by_legant(r)
    assert_uninstall_restores(r, agent)


@pytest.mark.parametrize("agent", sorted(AGENTS))
def test_denied_call_is_refused_in_bypass_mode(run, agent):
    _needs_shell_analysis()
    # Codex without `codex` on PATH: install falls back to writing the trust hash itself.
    r = run(agent, shell_cmd=DENIED_CMD, bypass=True, codex_on_path=False)
    assert_refused_by_legant(r)


@pytest.mark.parametrize("agent", sorted(AGENTS))
def test_allowed_call_runs_and_the_guard_decided_it_then_uninstall_restores_config(run, agent):
    # bypass so the agent's own permission prompt (which -p mode refuses) stays out of the way
    r = run(agent, tool="write", bypass=True)
    assert r.v["tool_ran"], "the allowed call did not run:\n" + r.explain()
    records = r.audit()
    assert records, "the hook never ran (no audit record):\n" + r.explain()
    assert any(rec.get("decision") == "allow" for rec in records), records
    assert_uninstall_restores(r, agent)


def _has_revoke():
    p = subprocess.run([LEGANT or "legant", "guard", "--help"], capture_output=True, text=True)
    return " revoke " in p.stdout


@pytest.mark.parametrize("agent", sorted(AGENTS))
def test_after_revoke_the_next_call_is_refused(run, agent):
    if LEGANT and not _has_revoke():
        pytest.skip("`legant guard revoke` is not implemented yet (issue 5)")
    r = run(agent, tool="write", bypass=True, then=" && " + shlex.quote(LEGANT) + " guard revoke --role open")
    assert not r.v["tool_ran"], "a call with a revoked token ran:\n" + r.explain()
    assert "Legant" in (r.v["model_saw"] or ""), r.explain()
    assert "revoked" in (r.v["model_saw"] or "").lower(), r.explain()
