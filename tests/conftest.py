"""Shared fixtures: run the real guard on real files.

Verdicts run in-process through `run_check` (the very function `legant guard check` calls,
with stdin, stdout, stderr, the environment and the working directory passed in), which is
what keeps the suite fast. The other verbs run in-process too, through `run_legant`: the real
`legant_guard.entry.main` with the test's argv, environment, working directory and stdin, its
stdout and stderr captured (`cli_in_process`); a fresh `legant` process costs ~0.3 s of imports
(click, PyYAML, cryptography) and the suite ran ~500 of them. What stays a real process: the
protocol and the entry point (`run_legant(["guard", "check"])`, test_check_protocol.py,
test_hook_startup.py), concurrency tests (run_legant from a thread: one process environment
cannot be two), and `run_legant(..., subprocess=True)` where a test needs one. `legant` is the
script installed next to the interpreter running the tests (the venv's bin/); without it (a bare
checkout) `python -m legant_guard`, the same entry point. LEGANT_TESTS_SUBPROCESS=1 runs every
verb as a process again (to check that the in-process runs agree).

RSA keys are expensive to make (~100 ms each): every GuardSetup of a test session shares one.
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import threading

import pytest

_BIN_DIR = os.path.dirname(sys.executable)
_SCRIPT = os.path.join(_BIN_DIR, "legant")
LEGANT = [_SCRIPT] if os.path.exists(_SCRIPT) else [sys.executable, "-m", "legant_guard"]


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`-n auto`, pyproject.toml) the real-agent and browser tests each run
    on one worker, in order, as they would alone (their own servers, agents and Chromium),
    while the verdict tests spread over the other workers."""
    for item in items:
        for group in ("e2e", "ui"):
            if item.get_closest_marker(group):
                item.add_marker(pytest.mark.xdist_group(group))


def _off_guard_venv(environ):
    """Take the guard's own venv out of an environment: its bin/ off PATH and VIRTUAL_ENV unset.
    .ci/run activates the venv the tests (and so the guard) run from, but an agent's PATH does
    not normally lead to the guard's pip, and a hook whose PATH or VIRTUAL_ENV did would rightly
    refuse `pip install` / `uv sync` as changing the guard's own environment."""
    if "PATH" in environ:
        environ["PATH"] = os.pathsep.join(p for p in environ["PATH"].split(os.pathsep) if p and not _is_guard_bin(p))
    if environ.get("VIRTUAL_ENV") and os.path.realpath(environ["VIRTUAL_ENV"]) == os.path.realpath(sys.prefix):
        del environ["VIRTUAL_ENV"]
    return environ


_GUARD_BIN = os.path.realpath(_BIN_DIR)
_GUARD_BIN_CHECKED = {}
_GUARD_BASE = os.path.realpath(getattr(sys, "base_prefix", sys.prefix))


def _is_guard_bin(folder):
    """Is this PATH entry the guard venv's bin/, or a version manager's shims folder (pyenv's,
    asdf's) whose installs hold the Python the guard's venv is built on? Such a shim's `pip`
    installs into that Python, which the guard rightly refuses (red team #20). Remembered per
    entry: every check's environment passes through clean_env, and resolving each PATH entry
    again cost ~1 ms per check."""
    if folder not in _GUARD_BIN_CHECKED:
        real = os.path.realpath(folder)
        shims = os.path.basename(real) == "shims" and _GUARD_BASE.startswith(os.path.dirname(real) + "/")
        _GUARD_BIN_CHECKED[folder] = real == _GUARD_BIN or shims
    return _GUARD_BIN_CHECKED[folder]


_off_guard_venv(os.environ)  # in-process verdicts (explain, the engine) read os.environ too

# Variables of the guard that must never leak from the developer's shell into a test.
_GUARD_VARS = [k for k in os.environ if k.startswith("LEGANT_GUARD_")]


def clean_env(extra=None, home=None):
    """A copy of os.environ without any LEGANT_GUARD_* variable, plus `extra`.

    Without the guard's own venv on PATH or in VIRTUAL_ENV (_off_guard_venv): tests model an
    agent whose environment does not lead to the guard's pip."""
    env = _off_guard_venv({k: v for k, v in os.environ.items() if not k.startswith("LEGANT_GUARD_")})
    if home is not None:
        env["HOME"] = str(home)
        env["XDG_CONFIG_HOME"] = os.path.join(str(home), ".config")
    env.update(extra or {})
    return env


def write(path, text="x\n"):
    """Write `text` to the file `path`, making its folders; returns the path."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


_GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def git(repo, *args):
    """Run git in `repo` without the user's or the system's config, as a fixed author; its output."""
    env = dict({k: v for k, v in clean_env().items() if not k.startswith("GIT_")}, **_GIT_ENV)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


_ALL_IN_SUBPROCESS = os.environ.get("LEGANT_TESTS_SUBPROCESS") == "1"


def run_legant(args, input=None, env=None, cwd=None, timeout=60, subprocess=False):
    """`legant ARGS` with `input` on stdin (text, or a dict/list sent as JSON), the environment
    `env` (default: clean_env()) and the working directory `cwd`: a CompletedProcess in text mode.
    In-process (cli_in_process) unless it is `guard check` (the hook's protocol is tested on the
    real script), it runs on a thread other than the main one, or `subprocess=True`."""
    args = [str(a) for a in args]
    if isinstance(input, (dict, list)):
        input = json.dumps(input)
    env = env if env is not None else clean_env()
    if subprocess or _ALL_IN_SUBPROCESS or args[:2] == ["guard", "check"] \
            or threading.current_thread() is not threading.main_thread():
        return run_script(args, input=input, env=env, cwd=cwd, timeout=timeout)
    return cli_in_process(args, input=input, env=env, cwd=cwd)


def run_script(args, input=None, env=None, cwd=None, timeout=60):
    """`legant ARGS` as a real process of the installed script (text mode)."""
    return subprocess.run(LEGANT + list(args), input=input, env=env if env is not None else clean_env(),
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


def cli_in_process(args, input=None, env=None, cwd=None):
    """`legant ARGS` through the real entry point (legant_guard.entry.main) in this process, as
    the script would run it: os.environ is exactly `env`, the working directory is `cwd`, sys.argv
    names the script, stdin holds `input`, and stdout/stderr are captured as bytes and decoded as
    `subprocess.run(text=True)` would. An exception that escapes is printed as the traceback the
    process would print, with exit code 1. Everything is put back afterwards (the environment,
    cwd, umask, sys.std*, sys.argv), so tests stay independent of their order."""
    import traceback

    from legant_guard.entry import main

    data = input.encode("utf-8", "surrogateescape") if isinstance(input, str) else (input or b"")
    out, err = io.BytesIO(), io.BytesIO()
    streams = (io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
               io.TextIOWrapper(out, encoding="utf-8", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True))
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_streams, saved_argv = (sys.stdin, sys.stdout, sys.stderr), sys.argv
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        os.environ.clear()
        os.environ.update(env if env is not None else clean_env())
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin, sys.stdout, sys.stderr = streams
        sys.argv = [LEGANT[-1] if LEGANT[-1] != "legant_guard" else "legant", *args]
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            code = 1
        for stream in streams[1:]:
            stream.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.umask(umask)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["legant", *args], code, _text(out.getvalue()), _text(err.getvalue()))


def _text(data):
    """Output bytes as `subprocess.run(text=True)` reads them (UTF-8, universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def check_in_process(args, input, env, cwd=None):
    """`legant guard check ARGS` in-process: a CompletedProcess with the exit code and the
    exact stdout and stderr the hook would print. `cwd` stands for the hook's working directory."""
    from legant_guard.hook.check import run_check

    if isinstance(input, (dict, list)):
        input = json.dumps(input)
    data = input.encode("utf-8", "surrogatepass") if isinstance(input, str) else (input or b"")
    out, err = io.StringIO(), io.StringIO()
    code = run_check(list(args), stdin=io.BytesIO(data), stdout=out, stderr=err, env=env,
                     cwd=cwd or os.getcwd())
    return subprocess.CompletedProcess(["legant", "guard", "check", *args], code, out.getvalue(), err.getvalue())


_SESSION_KEY = []
_SESSION_KEY_LOCK = threading.Lock()


def session_key_pem():
    """One RSA signing key for every guard setup of this test run."""
    with _SESSION_KEY_LOCK:
        if not _SESSION_KEY:
            from legant_guard.delegation.keys import generate_private_key_pem

            _SESSION_KEY.append(generate_private_key_pem())
        return _SESSION_KEY[0]


@pytest.fixture(scope="session")
def pem():
    """An RSA signing key (PEM) for library tests; generating one costs ~100 ms, so one per run."""
    from legant_guard.delegation.keys import generate_private_key_pem

    return generate_private_key_pem()


@pytest.fixture(scope="session")
def other_pem():
    """A second, unrelated key: what a forger would sign with."""
    from legant_guard.delegation.keys import generate_private_key_pem

    return generate_private_key_pem()


@pytest.fixture(scope="session")
def keys(pem):
    """The JWKS of `pem` (kid k1), parsed as the verifier uses it."""
    from legant_guard.delegation.jwks import parse_jwks
    from legant_guard.delegation.keys import jwks_from_private_pem

    return parse_jwks(jwks_from_private_pem(pem, "k1"))


@pytest.fixture
def legant():
    return run_legant


@contextlib.contextmanager
def _fixture_writes():
    """Writing a test's fixture files without os.fsync. init flushes every file it replaces to the
    disk (atomicfile: temp file, fsync, rename), ~3 ms each and far more when the disk is busy:
    a dozen per setup, ~1,000 setups per run. Whether a tmp fixture would survive a power cut is
    no part of any test; the files written are byte for byte the same. Only the fixture's own
    setup runs like this: everything a test does afterwards (and every `legant guard init` it
    runs) writes durably as always."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


class GuardSetup:
    """A real local setup made by what `legant guard init` runs (guarddir.init_guard_dir, in-process,
    with the session's key): a project, a HOME and a guard dir, all in tmp.
    `check`/`bash` decide in-process; pass subprocess=True to run the installed `legant` instead.
    `files`: {name: text} written into the project (`~/name`: into the home); a name ending in
    `/` is a folder."""

    def __init__(self, root, own_key=False, files=None):
        from legant_guard import guarddir

        self.root = str(root)
        self.home = os.path.join(self.root, "home")
        self.project = os.path.join(self.root, "proj")
        self.dir = os.path.join(self.root, "guard")
        os.makedirs(self.home)
        os.makedirs(self.project)
        os.makedirs(self.dir, mode=0o700)
        with _fixture_writes():
            if not own_key:  # own_key: init makes a fresh key (a second, unrelated issuer)
                guarddir.write_private(os.path.join(self.dir, guarddir.KEY_FILE), session_key_pem())
            guarddir.init_guard_dir(self.dir, self.project, 8 * 3600)
        for name, text in (files or {}).items():
            if name.endswith("/"):
                os.makedirs(self.path(name), exist_ok=True)
            else:
                write(self.path(name), text)

    def path(self, name):
        """The absolute path of a project file (`~/name`: a file of the home)."""
        if name.startswith("~/"):
            return os.path.join(self.home, name[2:])
        return os.path.join(self.project, name)

    def env(self, role="builder", **extra):
        env = clean_env(home=self.home)
        env.update({
            "LEGANT_GUARD_TOKEN_FILE": os.path.join(self.dir, f"{role}.jwt"),
            "LEGANT_GUARD_JWKS": os.path.join(self.dir, "jwks.json"),
            "LEGANT_GUARD_FEED": os.path.join(self.dir, "feed.jwt"),
            "LEGANT_GUARD_AUDIT": os.path.join(self.dir, "audit.jsonl"),
            "LEGANT_GUARD_PROJECT": self.project,
        })
        env.update(extra)
        return env

    def event(self, tool, tool_input, cwd=None, **extra):
        event = {"hook_event_name": "PreToolUse", "session_id": "test-session", "cwd": cwd or self.project,
                 "tool_name": tool, "tool_input": tool_input, "tool_use_id": "toolu_1"}
        event.update(extra)
        return event

    def check(self, tool, tool_input, role="builder", agent=None, env=None, cwd=None, subprocess=False, **extra):
        """Pipe one event into `legant guard check` (in-process unless subprocess=True), run
        from the project dir as the agents run it; returns a CompletedProcess."""
        args = ["--agent", agent] if agent else []
        event = self.event(tool, tool_input, cwd=cwd, **extra)
        if subprocess:
            return run_legant(["guard", "check"] + args, input=event, env=env or self.env(role), cwd=self.project)
        return check_in_process(args, event, env or self.env(role), cwd=self.project)

    def bash(self, command, role="builder", **kw):
        return self.check("Bash", {"command": command}, role=role, **kw)

    def key_pem(self):
        with open(os.path.join(self.dir, "key.pem"), "rb") as f:
            return f.read()

    def write_token(self, name, token):
        path = os.path.join(self.root, name)
        with open(path, "w") as f:
            f.write(token)
        return path


def assert_allowed(proc):
    assert proc.returncode == 0, f"expected allow, got exit {proc.returncode}: {proc.stderr}"
    assert proc.stdout == "" and proc.stderr == "", (proc.stdout, proc.stderr)


def assert_denied(proc, *fragments):
    """Exit 2, the portable deny JSON as the only stdout, `Legant: <reason>` on stderr, reason has every fragment."""
    assert proc.returncode == 2, f"expected deny, got exit {proc.returncode}: {proc.stdout} {proc.stderr}"
    out = json.loads(proc.stdout)
    hso = out["hookSpecificOutput"]
    assert hso["hookEventName"] == "PreToolUse" and hso["permissionDecision"] == "deny"
    reason = hso["permissionDecisionReason"]
    assert proc.stderr.strip() == reason and reason.startswith("Legant: ")
    for fragment in fragments:
        assert fragment in reason, f"{fragment!r} not in {reason!r}"
    return reason


@pytest.fixture(scope="module")
def guard_setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("guard"))


def rules_copy(root):
    """A copy of rules/ under `root` and a guard dir whose setup record holds its hashes, as
    `legant guard init` records them: (rules folder, guard dir), both str."""
    import shutil

    from legant_guard.hook import trustbase
    from legant_guard.resources import data_dir

    rules, guard = os.path.join(str(root), "rules"), os.path.join(str(root), "guard")
    shutil.copytree(data_dir("rules"), rules)
    os.makedirs(guard)
    with open(os.path.join(guard, "setup.json"), "w") as f:
        json.dump({"project": "/p", trustbase.CATALOGUE_KEY: trustbase.catalogue_hashes(rules)}, f)
    return rules, guard
