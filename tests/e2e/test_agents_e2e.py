"""End to end: `legant guard install` wired into the REAL Claude Code 2.1.332, Codex 0.171.0
and opencode 1.18.33, each driven offline by a scripted model on 127.0.0.1 (mock_model.py,
run by agents.py in a fresh temp project and HOME). Per agent:

- a denied-but-harmless shell call (a hidden `curl` to 127.0.0.1:9 under role `open`) is
  refused, the model sees the guard's reason, and `canary.txt` is not created; the same in
  the agent's bypass/yolo mode (where the agent's own permission checks are off, so only
  the guard can refuse);
- an allowed call (the agent's file-write tool) runs and the audit log shows the hook decided;
- after `legant guard uninstall` every config file is byte-identical to before the install;
- after `legant guard revoke` the next call is refused, and a revocation between two calls
  of ONE session (the mock model runs `revoke` when the first call's result comes back)
  refuses the second call;
- the agent's own read tool on `.env` is refused and the secret never reaches the model
  (Codex 0.171.0 has no text-file read tool: its file reader is `view_image`);
- a write with the agent's write tool into the temp HOME (outside the project) is refused
  under role `builder`;
- a sub-agent's denied call is refused: Claude Code's `Agent` tool (2.1.332 has no `Task`),
  opencode's `task`, and Codex's `collaboration.spawn_agent` (0.171.0 offers sub-agents
  to gpt-5.5 only with its stable, off-by-default `multi_agent_v2` feature, which the test
  turns on with `--enable multi_agent_v2`);
- `install --role builder --subagents reviewer`: in one session the main agent's write runs
  and it may start a sub-agent, whose read runs and whose write is refused by its child token
  (the audit names the sub-agent and the chain user -> agent:builder -> agent:subagent:any).

Each test names a scenario (`@plays(...)`): what the user and the model do. The selected
tests' scenarios all run at once in worker threads when the first test starts (the agents
spend most of their time waiting on start-up, their model and their hooks; one at a time the
module takes three times longer); each test then asserts on its finished Session.

Agents come from `scripts/install-agents.sh`. Without them the tests skip, unless
LEGANT_E2E_REQUIRED=1 (set by .ci/run), which turns a missing agent into a failure.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from agent_runner import LEGANT, Session, agent_binary, snapshot
from mock_model import SUB_MARK

pytestmark = pytest.mark.e2e

AGENTS = ["claude", "codex", "opencode"]
WORKERS = 3
REQUIRED = os.environ.get("LEGANT_E2E_REQUIRED") == "1"
# Denied under `open` (network through a hidden curl), harmless if it ran: port 9 on loopback.
DENIED_CMD = "echo GUARD_CANARY > canary.txt && bash -c 'c\\url -s http://127.0.0.1:9/'"
SECRET = "sk-live-E2E-SECRET-5d41402abc"
PLAYS = {}  # test name -> (scenario, Session options)


def plays(scenario, bypass=False, subagents=False):
    """Decorator: per agent, the test gets a Session on which `scenario(session)` has run."""
    def register(test):
        PLAYS[test.__name__] = (scenario, {"bypass": bypass, "subagents": subagents})
        return pytest.mark.parametrize("agent", AGENTS)(test)
    return register


def _unavailable(reason):
    if REQUIRED:
        pytest.fail(f"{reason} (LEGANT_E2E_REQUIRED=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def _played(request, tmp_path_factory):
    """{(test name, agent): Future of its Session}, for every selected test of this module."""
    wanted = [(item.originalname, item.callspec.params["agent"]) for item in request.session.items
              if item.module is request.module and item.originalname in PLAYS]
    sessions = []

    def play(name, agent, work):
        if LEGANT is None:
            _unavailable("no `legant` script next to the test interpreter: pip install -e .")
        binary = agent_binary(agent)
        if binary is None:
            _unavailable(f"{agent} is not installed: run scripts/install-agents.sh")
        scenario, options = PLAYS[name]
        s = Session(agent, binary, work, **options)
        sessions.append(s)
        scenario(s)
        return s

    pool = ThreadPoolExecutor(WORKERS)
    # opencode first: it is the slowest to start
    futures = {key: pool.submit(play, *key, tmp_path_factory.mktemp(key[1]))
               for key in sorted(wanted, key=lambda k: k[1] != "opencode")}
    yield futures
    pool.shutdown(cancel_futures=True)
    for s in sessions:
        s.close()


@pytest.fixture
def played(request, _played):
    """This test's Session, once its scenario has run (its exception, skip or failure if not)."""
    return _played[(request.node.originalname, request.node.callspec.params["agent"])].result(timeout=900)


def assert_refused_by_legant(s, result, not_created):
    assert "Legant" in result, s.explain()
    assert "internal error" not in result, s.explain()  # refused for the right reason, not a broken guard
    assert "token" not in result.lower() or "revoked" in result.lower(), s.explain()
    assert not os.path.exists(not_created), f"the denied call ran:\n{s.explain()}"


def assert_uninstall_restores(s):
    p = s.legant("guard", "uninstall", "--tool", {"claude": "claude-code"}.get(s.agent, s.agent))
    assert p.returncode == 0, p.stderr
    after = snapshot(s.proj, s.env)
    for path, content in s.before_install.items():
        assert after[path] == content, f"{path} differs after uninstall:\nbefore={content!r}\nafter={after[path]!r}\n{p.stdout}"


def denied_shell_call(s):
    s.install("open")
    s.run([s.calls.shell(DENIED_CMD)])


@plays(denied_shell_call)
def test_denied_call_is_refused_with_legant_reason_and_uninstall_restores_config(played, agent):
    s = played
    assert len(s.results) == 1, s.explain()
    assert_refused_by_legant(s, s.results[0], s.path("canary.txt"))
    assert_uninstall_restores(s)


def denied_shell_call_installed_without_the_agent_on_path(s):
    # Codex without `codex` on PATH: install falls back to writing the hook's trust hash itself.
    s.install("open", agent_on_path=False)
    s.run([s.calls.shell(DENIED_CMD)])


@plays(denied_shell_call_installed_without_the_agent_on_path, bypass=True)
def test_denied_call_is_refused_in_bypass_mode(played, agent):
    s = played
    assert len(s.results) == 1, s.explain()
    assert_refused_by_legant(s, s.results[0], s.path("canary.txt"))


def allowed_write(s):
    s.install("open")
    s.run([s.calls.write(s.path("canary.txt"), "GUARD_CANARY")])


# bypass so the agent's own permission prompt (which non-interactive mode refuses) stays out of the way
@plays(allowed_write, bypass=True)
def test_allowed_call_runs_and_the_guard_decided_it_then_uninstall_restores_config(played, agent):
    s = played
    assert os.path.exists(s.path("canary.txt")), "the allowed call did not run:\n" + s.explain()
    assert not any("Legant" in r for r in s.results), s.explain()
    records = s.audit()
    assert any(r["decision"] == "allow" for r in records), records
    assert not any(r["decision"] == "deny" for r in records), records
    assert_uninstall_restores(s)


def write_after_revoke(s):
    s.install("open")
    s.revoked = s.legant("guard", "revoke", "--role", "open")
    s.run([s.calls.write(s.path("canary.txt"), "GUARD_CANARY")])


@plays(write_after_revoke, bypass=True)
def test_after_revoke_the_next_call_is_refused(played, agent):
    s = played
    assert s.revoked.returncode == 0, s.revoked.stderr
    assert len(s.results) == 1, s.explain()
    assert "revoked" in s.results[0].lower(), s.explain()
    assert_refused_by_legant(s, s.results[0], s.path("canary.txt"))


def two_writes_revoked_in_between(s):
    s.install("open")
    first = s.calls.write(s.path("first.txt"), "FIRST")
    second = s.calls.write(s.path("canary.txt"), "GUARD_CANARY", before=s.revoker("open"))
    s.run([first, second])


@plays(two_writes_revoked_in_between, bypass=True)
def test_a_revocation_between_two_calls_of_one_session_refuses_the_second(played, agent):
    s = played
    assert os.path.exists(s.path("first.txt")), "the call before the revocation did not run:\n" + s.explain()
    assert s.revoked is not None and s.revoked.returncode == 0, (s.revoked and s.revoked.stderr) or s.explain()
    assert len(s.results) == 2 and "Legant" not in s.results[0], s.explain()
    assert "revoked" in s.results[1].lower(), s.explain()
    assert_refused_by_legant(s, s.results[1], s.path("canary.txt"))
    sessions = {r["session"] for r in s.audit()}
    assert len(sessions) == 1, f"the two calls were not one agent session: {sessions}"


def read_the_env_file(s):
    with open(s.path(".env"), "w") as f:
        f.write(f"API_KEY={SECRET}\n")
    s.install("open")
    s.run([s.calls.read(s.path(".env"))])


@plays(read_the_env_file, bypass=True)
def test_the_agents_own_read_tool_on_a_secret_is_refused(played, agent):
    s = played
    assert len(s.results) == 1, s.explain()
    assert_refused_by_legant(s, s.results[0], s.path("canary.txt"))
    assert ".env" in s.results[0], s.explain()
    assert SECRET not in repr([body for _, _, body in s.model.requests]), "the secret reached the model"
    assert any(r["decision"] == "deny" and r["verb"] == "fs.read" for r in s.audit()), s.audit()


def write_into_home(s):
    s.install("builder")  # builder: files inside the project only
    s.run([s.calls.write(os.path.join(s.home, "outside.txt"), "GUARD_CANARY")])


@plays(write_into_home, bypass=True)
def test_a_write_outside_the_project_is_refused(played, agent):
    s = played
    assert len(s.results) == 1, s.explain()
    assert_refused_by_legant(s, s.results[0], os.path.join(s.home, "outside.txt"))
    assert any(r["decision"] == "deny" and r["verb"] == "fs.write" for r in s.audit()), s.audit()


def sub_agent_runs_a_denied_command(s):
    s.install("open")
    s.run(s.calls.spawn(f"{SUB_MARK}: run the command."), sub=[s.calls.shell(DENIED_CMD)])


@plays(sub_agent_runs_a_denied_command, bypass=True, subagents=True)
def test_a_sub_agents_denied_call_is_refused(played, agent):
    s = played
    in_sub = s.model.tool_results("sub")
    assert len(in_sub) == 1, "the sub-agent did not get to its call:\n" + s.explain()
    assert_refused_by_legant(s, in_sub[0], s.path("canary.txt"))
    records = s.audit()
    spawn = [r for r in records if r["verb"] == "agent.spawn" or "spawn" in r["tool"]]
    denied = [r for r in records if r["decision"] == "deny"]
    assert spawn and len(denied) == 1, records
    # the refused call came from the sub-agent: Claude and Codex name it, opencode gives it its own session
    assert denied[0]["agent"] or denied[0]["session"] != spawn[0]["session"], records



# How each agent marks a sub-agent's call, as the hook sees it (agent_type; opencode: our plugin,
# from the child session's `task` call). All three tell a sub-agent apart; see README "Sub-agents".
SUB_AGENT_TYPE = {"claude": "general-purpose", "codex": "default", "opencode": "general"}


def sub_agent_held_to_reviewer(s):
    s.install("builder", "--subagents", "reviewer")
    # Codex has no text-file read tool: its reads go through the shell (allowed to a reviewer).
    read = s.calls.shell("cat README.md") if s.agent == "codex" else s.calls.read(s.path("README.md"))
    s.run([s.calls.write(s.path("main.txt"), "MAIN_WROTE")] + s.calls.spawn(f"{SUB_MARK}: read, then write."),
          sub=[read, s.calls.write(s.path("canary.txt"), "GUARD_CANARY")])


@plays(sub_agent_held_to_reviewer, bypass=True, subagents=True)
def test_install_subagents_holds_the_sub_agent_to_less_than_the_main_agent(played, agent):
    """`install --role builder --subagents reviewer`, one session: the main agent writes and
    starts a sub-agent; the sub-agent may read but its write is refused, by its child token."""
    s = played
    with open(s.path("main.txt")) as f:
        assert "MAIN_WROTE" in f.read(), s.explain()
    in_sub = s.model.tool_results("sub")
    assert len(in_sub) == 2, "the sub-agent did not get to both calls:\n" + s.explain()
    assert "hello" in in_sub[0] and "Legant" not in in_sub[0], s.explain()  # README.md reached the sub-agent
    # refused by the child token's scope (not a broken or expired token), and the file is not there
    assert "Legant: `" in in_sub[1] and "needs capability fs.write; the token grants fs.read" in in_sub[1], s.explain()
    assert not os.path.exists(s.path("canary.txt")), f"the sub-agent's write ran:\n{s.explain()}"
    records = s.audit()
    main = [r for r in records if not r["agent"]]
    sub = [r for r in records if r["agent"]]
    assert {r["agent"] for r in sub} == {SUB_AGENT_TYPE[agent]}, records
    assert all(r["decision"] == "allow" and r["provenance"].endswith("-> agent:builder") for r in main), records
    assert [r["verb"] for r in main][:2] == ["fs.write", "agent.spawn"], records
    assert [r["decision"] for r in sub] == ["allow", "deny"], records
    assert all(r["provenance"].endswith("-> agent:builder -> agent:subagent:any") for r in sub), records
    assert sub[1]["verb"] == "fs.write" and sub[1]["rule"] == "scope", records
