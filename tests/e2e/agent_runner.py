"""Run one real coding agent, offline, in a fresh temp project and HOME, against mock_model.

A `Session` owns a temp dir (proj/, home/, and for Codex codexhome/), a MockModel on
127.0.0.1, and the agent's configuration pointing at it. A test installs the guard the way a
user would (`legant guard install`), scripts tool calls in agent-neutral terms through the
agent's `Vocabulary` (shell, write, read, spawn a sub-agent), runs the agent binary once
non-interactively and reads what the model saw. Nothing leaves 127.0.0.1: the agent gets a
minimal environment with its own HOME, so the machine's own configs and keys are never read.

Agents come from scripts/install-agents.sh: PREFIX/agents.env lists the executables
(PREFIX = $LEGANT_E2E_AGENTS, default ~/.cache/legant-e2e/agents).
"""

import json
import os
import signal
import subprocess
import sys

from mock_model import MAIN_MARK, Call, MockModel

PROMPT = f"{MAIN_MARK}: do what the tools say."
AGENTS_DIR = os.environ.get("LEGANT_E2E_AGENTS") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "legant-e2e", "agents")
_SCRIPT = os.path.join(os.path.dirname(sys.executable), "legant")
LEGANT = _SCRIPT if os.path.exists(_SCRIPT) else None


def agent_binary(agent):
    """Path of the installed agent executable, or None."""
    found = {}
    try:
        with open(os.path.join(AGENTS_DIR, "agents.env")) as f:
            found = dict(line.strip().split("=", 1) for line in f if "=" in line)
    except FileNotFoundError:
        pass
    path = found.get(agent) or os.path.join(AGENTS_DIR, "node_modules", ".bin", agent)
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------- per agent
class Vocabulary:
    """Agent-neutral tool calls in one agent's own tool names and arguments."""

    def __init__(self, shell, write, read, spawn):
        self._shell, self._write, self._read, self._spawn = shell, write, read, spawn

    def shell(self, command, **kw):
        return Call(*self._shell(command), **kw)

    def write(self, path, text, **kw):
        return Call(*self._write(path, text), **kw)

    def read(self, path, **kw):
        return Call(*self._read(path), **kw)

    def spawn(self, prompt, **kw):
        """The main agent's calls that start a sub-agent on `prompt` (and wait for it)."""
        return [Call(name, args, namespace, **kw) for name, args, namespace in self._spawn(prompt)]


def _patch(path, text):
    return f"*** Begin Patch\n*** Add File: {path}\n+{text}\n*** End Patch\n"


VOCABULARY = {
    "claude": Vocabulary(
        shell=lambda cmd: ("Bash", {"command": cmd, "description": "scripted"}),
        write=lambda path, text: ("Write", {"file_path": path, "content": text}),
        read=lambda path: ("Read", {"file_path": path}),
        spawn=lambda prompt: [("Agent", {"description": "scripted helper", "prompt": prompt,
                                         "subagent_type": "general-purpose"}, None)]),
    "codex": Vocabulary(
        shell=lambda cmd: ("exec_command", {"cmd": cmd}),
        write=lambda path, text: ("apply_patch", _patch(path, text)),
        read=lambda path: ("view_image", {"path": path}),  # Codex's only file-reading tool
        spawn=lambda prompt: [("spawn_agent", {"task_name": "helper", "message": prompt, "fork_turns": "none"},
                               "collaboration"),
                              ("wait_agent", {"timeout_ms": 60000}, "collaboration")]),
    "opencode": Vocabulary(
        shell=lambda cmd: ("bash", {"command": cmd, "description": "scripted"}),
        write=lambda path, text: ("write", {"filePath": path, "content": text}),
        read=lambda path: ("read", {"filePath": path}),
        spawn=lambda prompt: [("task", {"description": "scripted helper", "prompt": prompt,
                                        "subagent_type": "general"}, None)]),
}
GUARD_TOOL = {"claude": "claude-code", "codex": "codex", "opencode": "opencode"}


def _claude(s, bypass):
    s.env.update(ANTHROPIC_BASE_URL=s.model_url, ANTHROPIC_API_KEY="sk-ant-mock-not-a-key",
                 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", DISABLE_AUTOUPDATER="1",
                 DISABLE_TELEMETRY="1", DISABLE_ERROR_REPORTING="1")
    argv = ["-p", PROMPT, "--output-format", "json"]
    if bypass:
        argv.append("--dangerously-skip-permissions")
        if os.getuid() == 0:  # else "cannot be used with root/sudo privileges"
            s.env["IS_SANDBOX"] = "1"
    return argv


def _codex(s, bypass):
    codex_home = os.path.join(s.work, "codexhome")
    # the project's trust is left unset: `legant guard install` must record it (and the hook's)
    write(os.path.join(codex_home, "config.toml"), "\n".join([
        'model = "gpt-5.5"', 'model_provider = "mock"', "check_for_update_on_startup = false", "",
        "[model_providers.mock]", 'name = "mock"', f'base_url = "{s.model_url}/v1"',
        'env_key = "MOCK_API_KEY"', 'wire_api = "responses"', "", "[analytics]", "enabled = false", ""]))
    s.env.update(CODEX_HOME=codex_home, MOCK_API_KEY="mock-not-a-key")
    argv = ["exec", "--skip-git-repo-check"]
    if s.subagents:  # gpt-5.5 gets sub-agents (collaboration.spawn_agent) from this stable, off-by-default feature
        argv += ["--enable", "multi_agent_v2"]
    return argv + (["--dangerously-bypass-approvals-and-sandbox"] if bypass else []) + [PROMPT]


def _opencode(s, bypass):
    write(os.path.join(s.proj, "opencode.json"), json.dumps({
        "model": "mock/mock-model", "small_model": "mock/mock-model", "autoupdate": False, "share": "disabled",
        "provider": {"mock": {"npm": "@ai-sdk/openai-compatible", "name": "Mock",
                              "options": {"baseURL": f"{s.model_url}/v1", "apiKey": "mock-not-a-key"},
                              "models": {"mock-model": {"name": "Mock", "tool_call": True,
                                                        "limit": {"context": 100000, "output": 4096}}}}},
    }, indent=1))
    # opencode npm-installs its plugin package into every config dir at start (~70 s offline)
    # unless node_modules/ exists and package-lock.json already lists it.
    dep = {"@opencode-ai/plugin": "*"}
    for d in (os.path.join(s.proj, ".opencode"), os.path.join(s.home, ".config", "opencode")):
        write(os.path.join(d, "package.json"), json.dumps({"dependencies": dep}))
        write(os.path.join(d, "package-lock.json"),
              json.dumps({"lockfileVersion": 3, "packages": {"": {"dependencies": dep}}}))
        os.makedirs(os.path.join(d, "node_modules"), exist_ok=True)
    s.env.update(OPENCODE_DISABLE_AUTOUPDATE="1", OPENCODE_DISABLE_MODELS_FETCH="1",
                 OPENCODE_DISABLE_LSP_DOWNLOAD="1", OPENCODE_DISABLE_SHARE="1")
    return ["run", PROMPT] + (["--auto"] if bypass else [])


CONFIGURE = {"claude": _claude, "codex": _codex, "opencode": _opencode}


def config_files(proj, env):
    """The agent config files `legant guard install` may touch."""
    home = env["HOME"]
    codex_home = env.get("CODEX_HOME") or os.path.join(home, ".codex")
    return [os.path.join(proj, ".claude", "settings.local.json"), os.path.join(proj, ".claude", "settings.json"),
            os.path.join(home, ".claude", "settings.json"), os.path.join(proj, ".codex", "hooks.json"),
            os.path.join(codex_home, "hooks.json"), os.path.join(codex_home, "config.toml"),
            os.path.join(proj, ".opencode", "plugins", "legant-guard.js"),
            os.path.join(home, ".config", "opencode", "plugins", "legant-guard.js")]


def snapshot(proj, env):
    """{path: bytes or None} of every config file install may touch."""
    out = {}
    for path in config_files(proj, env):
        try:
            with open(path, "rb") as f:
                out[path] = f.read()
        except FileNotFoundError:
            out[path] = None
    return out


# ------------------------------------------------------------------ session
class Session:
    """One agent in a fresh project: configure, install the guard, run once, inspect."""

    def __init__(self, agent, binary, work, bypass=False, subagents=False):
        self.agent, self.binary, self.work, self.subagents = agent, binary, str(work), subagents
        self.proj, self.home = os.path.join(self.work, "proj"), os.path.join(self.work, "home")
        os.makedirs(self.proj)
        os.makedirs(os.path.join(self.home, "tmp"))
        write(os.path.join(self.proj, "README.md"), "hello\n")
        self.model = MockModel()
        self.model_url = f"http://127.0.0.1:{self.model.port}"
        self.env = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "TZ") if k in os.environ}
        self.env.update(HOME=self.home, TERM="dumb", NO_COLOR="1", TMPDIR=os.path.join(self.home, "tmp"))
        self.argv = [binary] + CONFIGURE[agent](self, bypass)
        self.calls = VOCABULARY[agent]
        self.before_install = None
        self.output, self.results = "", []

    def path(self, *parts):
        return os.path.join(self.proj, *parts)

    def legant(self, *args, agent_on_path=True):
        """`legant ARGS` in the project, as the user of this agent's HOME."""
        path = os.environ.get("PATH", "")
        if agent_on_path:  # Codex: install records the hook's trust through `codex app-server`
            path = os.path.dirname(self.binary) + os.pathsep + path
        return subprocess.run([LEGANT, *args], cwd=self.proj, env=dict(self.env, PATH=path),
                              capture_output=True, text=True, timeout=120)

    def install(self, role, *extra, agent_on_path=True):
        """`legant guard install --tool THIS --role ROLE EXTRA...` (e.g. "--subagents", "reviewer")."""
        self.before_install = snapshot(self.proj, self.env)
        p = self.legant("guard", "install", "--tool", GUARD_TOOL[self.agent], "--role", role, *extra,
                        agent_on_path=agent_on_path)
        assert p.returncode == 0, f"install failed:\n{p.stdout}\n{p.stderr}"
        return p

    def revoker(self, role):
        """A `before` for a scripted call: revoke ROLE's token right then (the result is kept
        in self.revoked, for the test to check)."""
        def revoke():
            self.revoked = self.legant("guard", "revoke", "--role", role)
        self.revoked = None
        return revoke

    def run(self, main, sub=(), timeout=120):
        """Run the agent once with these scripted calls (main conversation, sub-agent's)."""
        self.model.script(main, sub)
        with open(os.path.join(self.work, "agent.log"), "w+") as log:
            agent = subprocess.Popen(self.argv, cwd=self.proj, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                agent.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                log.write(f"\n[agent_runner: still running after {timeout} s, killed]\n")
            try:  # the agent's whole process group: shells, sub-agents
                os.killpg(agent.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            agent.wait()
            log.seek(0)
            self.output = log.read()
        self.results = self.model.tool_results()
        return self.results

    def audit(self):
        """The decisions the guard recorded (`legant guard logs --json`)."""
        p = self.legant("guard", "logs", "--json", "-n", "0")
        assert p.returncode == 0, p.stderr
        return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]

    def explain(self):
        """Everything needed to debug a failed assertion."""
        reqs = [f"{conv} {path} {json.dumps(body)[-600:]}" for conv, path, body in self.model.requests]
        return (f"--- tool results the model saw\n{json.dumps(self.model.tool_results(), indent=1)}\n"
                f"--- requests\n" + "\n".join(reqs) + f"\n--- agent output\n{self.output[-3000:]}")

    def close(self):
        self.model.close()
