"""Red team, org mode (issue 13): a hostile or broken issuer, and a sub-agent escaping its token.

Every issuer here is a real HTTP server on 127.0.0.1 (tests/issuer_server.py, or a raw socket
server for answers no well-behaved server sends); verdicts run the real hook in-process.
"""

import json
import os
import socket
import subprocess
import threading
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, check_in_process, clean_env, git, LEGANT
from issuer_server import Issuer
from legant_guard import guarddir


@pytest.fixture
def issuer(tmp_path):
    iss = Issuer(GuardSetup(tmp_path / "issuer"))
    yield iss
    iss.stop()


def org_env(setup, base, tmp_path, role="builder", **extra):
    env = setup.env(role)
    env.update({"LEGANT_GUARD_JWKS": base + "/.well-known/jwks.json", "LEGANT_GUARD_FEED": base + "/.well-known/revoked",
                "LEGANT_GUARD_CACHE": str(tmp_path / "cache"), "LEGANT_GUARD_AUDIT": str(tmp_path / "audit.jsonl")})
    env.update(extra)
    return env


def read_call(setup, env, **extra):
    event = setup.event("Read", {"file_path": os.path.join(setup.project, "README.md")}, **extra)
    return check_in_process([], event, env, cwd=setup.project)


def jti_of(path):
    from legant_guard.delegation.jws import decode_unverified

    with open(path) as f:
        return decode_unverified(f.read().strip())[1]["jti"]


class DripServer:
    """Answers every request with `head`, then one byte of `drip` every `pause` seconds."""

    def __init__(self, head, drip, pause=0.2, seconds=8):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.base = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.head, self.drip, self.pause, self.seconds = head, drip, pause, seconds
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        try:
            conn.recv(65536)
            conn.sendall(self.head)
            end = time.monotonic() + self.seconds
            while time.monotonic() < end:
                conn.sendall(self.drip)
                time.sleep(self.pause)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.sock.close()


@pytest.mark.parametrize("head, drip", [
    (b"HTTP/1.1 200 OK\r\n", b"X-Pad: 1\r\n"),                                   # headers, one by one
    (b"", b"H"),                                                                 # the status line itself
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", b"0"),            # an endless chunk size
], ids=["headers", "status-line", "chunk-size"])
def test_an_issuer_dripping_its_answer_is_cut_at_the_fetch_budget(tmp_path, head, drip):
    # Socket timeouts bound each read, not the exchange: a byte every 0.2 s held the hook for as
    # long as the server liked (10 s measured), past the agent's hook timeout, which Codex reads
    # as "run the tool".
    server = DripServer(head, drip)
    try:
        setup = GuardSetup(tmp_path / "g")
        started = time.monotonic()
        proc = read_call(setup, org_env(setup, server.base, tmp_path))
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert_denied(proc, "no complete answer within the fetch budget")
    assert elapsed < 5, elapsed  # the hook decides within 5 s (DESIGN); the fetch budget is 2 s


def _date_cache_in_the_future(cache, seconds=86400):
    for folder in os.listdir(cache):
        path = os.path.join(cache, folder, "meta.json")
        with open(path) as f:
            meta = json.load(f)
        meta["fetched"] = meta["attempt"] = time.time() + seconds
        with open(path, "w") as f:
            json.dump(meta, f)


def test_a_cache_dated_in_the_future_is_refetched_so_a_revocation_lands(issuer, tmp_path):
    # The clock went back after a fetch (NTP step, VM snapshot): the copy looked fresh for a
    # day, nothing was refetched and a revocation at the issuer was ignored.
    setup = issuer.setup
    env = org_env(setup, issuer.base, tmp_path, LEGANT_GUARD_REFRESH="1")
    assert_allowed(read_call(setup, env))
    _date_cache_in_the_future(str(tmp_path / "cache"))
    issuer.publish([jti_of(os.path.join(setup.dir, "builder.jwt"))], 5)
    assert_denied(read_call(setup, env), "revoked")


def test_a_cache_dated_in_the_future_is_stale_while_the_issuer_is_down(issuer, tmp_path):
    setup = issuer.setup
    env = org_env(setup, issuer.base, tmp_path)
    assert_allowed(read_call(setup, env))
    _date_cache_in_the_future(str(tmp_path / "cache"))
    issuer.mode = "500"
    assert_denied(read_call(setup, env), "in the future", "the clock went back")


def test_hooks_started_together_with_an_unknown_key_id_refresh_the_key_set_once(issuer, tmp_path):
    from legant_guard.delegation.keys import generate_private_key_pem
    from legant_guard.delegation.mint import mint_token

    setup = issuer.setup
    env = org_env(setup, issuer.base, tmp_path)
    assert_allowed(read_call(setup, env))
    token = mint_token(generate_private_key_pem(), "rotated-away", issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE,
                       sub="user:x", actor="agent:x", scope="fs.read", cnst=None, ttl_seconds=600, now=time.time())
    env["LEGANT_GUARD_TOKEN_FILE"] = setup.write_token("rotated.jwt", token)
    handler = issuer.server.RequestHandlerClass
    answer = handler.do_GET

    def slow_answer(self):  # the hooks overlap: each waits on the lock while the first one fetches
        time.sleep(0.6)
        answer(self)

    handler.do_GET = slow_answer
    issuer.hits.clear()
    event = json.dumps(setup.event("Read", {"file_path": os.path.join(setup.project, "README.md")}))
    procs = [subprocess.Popen(LEGANT + ["guard", "check"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, cwd=setup.project, text=True) for _ in range(6)]
    for p in procs:  # every hook has its event before any answers
        p.stdin.write(event)
        p.stdin.close()
    results = [(p.stdout.read(), p.stderr.read(), p.wait(timeout=30))[:2] for p in procs]
    assert all(p.returncode == 2 for p in procs)
    assert all("unknown signing key `rotated-away`" in err for _, err in results), results[0]
    assert issuer.hits.get("/.well-known/jwks.json") == 1, issuer.hits  # 6 before: one per hook
    assert_denied(read_call(setup, env), "unknown signing key")
    assert issuer.hits.get("/.well-known/jwks.json") == 1, issuer.hits


@pytest.mark.parametrize("role", ["open", "operator"])
def test_a_local_agent_cannot_plant_the_issuer_cache_org_mode_would_read(tmp_path, role):
    # Before: only protected in org mode, so an agent of a local setup wrote keys and a feed
    # dated in 2099 for the issuer URL the user would later install.
    setup = GuardSetup(tmp_path / "g")
    folder = os.path.join(setup.home, ".cache", "legant", "guard", "issuer",
                          "https_3a_2f_2fissuer.example.com_2f.well-known_2frevoked")
    proc = setup.check("Write", {"file_path": os.path.join(folder, "meta.json"), "content": "{}"}, role=role)
    assert_denied(proc, "is protected")
    proc = setup.bash(f"mkdir -p {folder} && printf x > {folder}/body", role=role)
    assert_denied(proc, "is protected")


SUBAGENT = {"agent_id": "a1b2c3", "agent_type": "general-purpose"}


def _subagent_setup(tmp_path, child_role):
    from legant_guard import subagents

    setup = GuardSetup(tmp_path / "g")
    subagents.mint_children(setup.dir, setup.project, "builder", {"*": child_role}, time.time())
    env = setup.env("builder", LEGANT_GUARD_SUBAGENTS=subagents.map_path(setup.dir, "builder"))
    return setup, env


def test_a_child_of_an_earlier_installed_token_is_refused(tmp_path):
    setup, env = _subagent_setup(tmp_path, "reviewer")
    assert_allowed(read_call(setup, env, **SUBAGENT))
    write = setup.event("Write", {"file_path": os.path.join(setup.project, "a.txt"), "content": "x"}, **SUBAGENT)
    assert_denied(check_in_process([], write, env, cwd=setup.project), "needs capability fs.write")
    # the installed token is replaced (renew, install) but the child is not re-minted
    token = guarddir.mint_role_token(setup.dir, setup.project, "builder", 3600, spawns=True)
    guarddir.write_private(os.path.join(setup.dir, "builder.jwt"), token + "\n")
    assert_allowed(read_call(setup, env))  # the main agent
    assert_denied(read_call(setup, env, **SUBAGENT), "is not a child of the installed token")
    from legant_guard import renewal

    renewal.renew(setup.dir)  # re-mints the parent and, from the recorded map, its children
    assert_allowed(read_call(setup, env, **SUBAGENT))
    assert_denied(check_in_process([], write, env, cwd=setup.project), "needs capability fs.write")


def test_revoking_the_installed_token_after_a_renew_that_kept_old_children_stops_the_sub_agents(tmp_path):
    # install --subagents ROLE_FILE, the role file goes away, `renew` re-mints the parent but
    # crashed on the child (a traceback), then `revoke --role builder`: the sub-agent's old child
    # descended from the old parent only, so it kept reading for hours.
    from legant_guard import renewal
    from legant_guard.ops import revocation

    role_file = tmp_path / "helper.yaml"
    role_file.write_text("name: helper\ndescription: reads\nscope: [fs.read]\n")
    setup, env = _subagent_setup(tmp_path, str(role_file))
    assert_allowed(read_call(setup, env, **SUBAGENT))
    role_file.unlink()
    renewed, skipped, _ = renewal.renew(setup.dir)
    assert "builder" in [name for name, _ in renewed]
    assert any("sub-agent tokens" in what and "every sub-agent call is denied" in why for what, why in skipped), skipped
    revocation.publish(setup.dir, [jti_of(os.path.join(setup.dir, "builder.jwt"))])
    assert_denied(read_call(setup, env), "revoked")
    assert_denied(read_call(setup, env, **SUBAGENT), "is not a child of the installed token")


def test_a_sub_agent_token_map_naming_a_missing_child_is_a_deny(tmp_path):
    setup, env = _subagent_setup(tmp_path, "reviewer")
    os.unlink(os.path.join(setup.dir, "subagent-reviewer-any.jwt"))
    assert_denied(read_call(setup, env, **SUBAGENT), "subagent-reviewer-any.jwt")
    assert_allowed(read_call(setup, env))


# ---- git commands that fill the work tree from commits or repositories (any mode) ----------


@pytest.fixture(scope="module")
def evil_branch(tmp_path_factory):
    """A project on `main` with a branch `evil` whose commit adds a .claude/settings.json (a hook
    config without the guard) and a top-level settings.json (what a clone into .claude writes)."""
    setup = GuardSetup(tmp_path_factory.mktemp("git"))
    p = setup.project
    git(p, "init", "-q", "-b", "main")
    with open(os.path.join(p, "a.txt"), "w") as f:
        f.write("a\n")
    git(p, "add", "a.txt")
    git(p, "commit", "-qm", "a")
    git(p, "checkout", "-qb", "evil")
    os.makedirs(os.path.join(p, ".claude"))
    for name in (".claude/settings.json", "settings.json"):
        with open(os.path.join(p, name), "w") as f:
            f.write('{"disableAllHooks": true}\n')
    git(p, "add", "-f", ".claude/settings.json", "settings.json")
    git(p, "commit", "-qm", "evil")
    git(p, "checkout", "-q", "main")
    git(p, "checkout", "-qb", "benign")
    with open(os.path.join(p, "b.txt"), "w") as f:
        f.write("b\n")
    git(p, "add", "b.txt")
    git(p, "commit", "-qm", "b")
    git(p, "checkout", "-q", "main")
    assert not os.path.exists(os.path.join(p, ".claude"))
    return setup


@pytest.mark.parametrize("command", ["git merge evil", "git merge --no-ff -m x evil", "git cherry-pick evil",
                                     "git rebase evil", "git rebase --onto evil main"])
def test_replaying_a_commit_that_writes_a_hook_config_is_denied(evil_branch, command):
    # `git checkout evil` was denied, these wrote the same .claude/settings.json
    assert_denied(evil_branch.bash(command), "would write", ".claude/settings.json", "is protected")


@pytest.mark.parametrize("command", ["git cherry-pick main..evil", "git clone . .claude", "git clone -b evil . .claude",
                                     "git clone --branch=evil ./ .claude", "git clone https://example.com/x.git .opencode",
                                     "git clone /srv/x/.claude", "git submodule add ./ .claude"])
def test_cloning_into_a_folder_that_holds_a_hook_config_is_denied(evil_branch, command):
    assert_denied(evil_branch.bash(command), "so the guard cannot tell which files it writes below",
                  "where protected files live")


@pytest.mark.parametrize("command", ["git merge benign", "git cherry-pick benign", "git rebase benign",
                                     "git merge --continue", "git rebase --abort", "git clone . copy",
                                     "git clone https://example.com/x.git"])
def test_replays_and_clones_that_write_no_protected_file_are_allowed(evil_branch, command):
    assert_allowed(evil_branch.bash(command))
