"""Org mode tells the truth about what to do: the issuer holds the signing key, so a token
that expired or was revoked, a feed the issuer let expire, a deleted hook config or the
panel's Renew/Revoke are never answered with `legant guard renew` / `revoke --refresh` /
`install --role issuer` (none of which can work there). A real issuer on 127.0.0.1
(issuer_server.py), the real CLI (`install --issuer`, `status`, `doctor`), the hook in-process.
"""

import json
import os
import pathlib
import shlex
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, check_in_process, clean_env, run_legant
from issuer_server import Issuer
from legant_guard import guarddir
from legant_guard.delegation.jws import decode_unverified
from legant_guard.delegation.mint import mint_token

LOCAL_ONLY = ("guard renew", "revoke --refresh", "--role issuer", "guard init")


@pytest.fixture
def org(tmp_path):
    """An issuer on loopback and a project installed against it with a token of `ttl` seconds."""
    setup = GuardSetup(tmp_path / "issuer")
    iss = Issuer(setup)
    home = tmp_path / "home"
    home.mkdir()

    class Org:
        issuer, proj, gd = iss, pathlib.Path(setup.project), tmp_path / "gd"
        env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)

        def mint(self, ttl, now=None):
            claims = decode_unverified(open(os.path.join(setup.dir, "builder.jwt")).read())[1]
            return mint_token(setup.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE,
                              sub="user:alice", actor="agent:builder", scope=claims["scope"],
                              cnst=claims["cnst"], ttl_seconds=ttl, now=time.time() if now is None else now)

        def install(self, ttl, token_file=None):
            self.token = self.mint(ttl)
            path = token_file or str(tmp_path / "alice.jwt")
            pathlib.Path(path).write_text(self.token)
            return self.legant("guard", "install", "--dir", str(self.gd), "--tool", "claude-code", "--issuer",
                               iss.base, "--token-file", path)

        def legant(self, *args):
            return run_legant(list(args), env=self.env, cwd=str(self.proj))

        def hook_env(self, **extra):
            command = json.load(open(self.proj / ".claude" / "settings.local.json"))["hooks"]["PreToolUse"][-1][
                "hooks"][0]["command"]
            env = dict(self.env)
            env.update(w.split("=", 1) for w in shlex.split(command) if w.startswith("LEGANT_GUARD_"))
            env.update(extra)
            return env

        def check(self, env):
            event = setup.event("Bash", {"command": "ls"}, cwd=str(self.proj))
            return check_in_process(["--agent", "claude-code"], event, env, cwd=str(self.proj))

        def fixes(self, verb="status", *args):
            r = self.legant("guard", verb, *args)
            return r, [line.split("fix:", 1)[1].strip() for line in r.stdout.splitlines() if "fix:" in line]

    yield Org()
    iss.stop()


def assert_no_local_verbs(text):
    for verb in LOCAL_ONLY:
        assert verb not in text, f"org mode told the user to run `{verb}`:\n{text}"


def test_an_expiring_then_expired_token_sends_the_user_to_the_issuer(org):
    r = org.install(ttl=1800)  # within the hour that makes status warn
    assert r.returncode == 0, r.stderr
    status, fixes = org.fixes()
    assert "expires in" in status.stdout and fixes, status.stdout
    assert fixes[0].startswith(f"get a fresh token from the issuer ({org.issuer.base}), then: legant guard install "
                               f"--tool claude-code --issuer {org.issuer.base} --token-file NEW_TOKEN_FILE")
    assert_no_local_verbs(status.stdout)
    # Time passes: the installed token file now holds one that ran out a minute ago (minted
    # with a past clock rather than slept for, so a busy machine cannot turn this test).
    installed = org.hook_env()["LEGANT_GUARD_TOKEN_FILE"]
    pathlib.Path(installed).write_text(org.mint(60, now=time.time() - 120))
    denied = org.check(org.hook_env())
    assert_denied(denied, "token expired", f"legant guard install --issuer {org.issuer.base} --token-file")
    assert_no_local_verbs(denied.stderr)
    for verb in ("status", "doctor"):
        r, fixes = org.fixes(verb)
        assert r.returncode == 1 and "token expired" in r.stdout, r.stdout
        assert any(f.startswith("get a fresh token from the issuer") for f in fixes), r.stdout
        assert_no_local_verbs(r.stdout)
    # and the fix works: a fresh token from the issuer, installed as the fix says
    assert org.install(ttl=3600).returncode == 0
    assert_allowed(org.check(org.hook_env()))


def test_a_token_revoked_at_the_issuer_sends_the_user_to_the_issuer(org):
    assert org.install(ttl=3600).returncode == 0
    org.issuer.publish([decode_unverified(org.token)[1]["jti"]], ver=50)
    time.sleep(0.4)
    assert_denied(org.check(org.hook_env(LEGANT_GUARD_REFRESH="0.3")), "revoked")  # refreshes the cached feed
    r, fixes = org.fixes()
    assert r.returncode == 1 and "revoked" in r.stdout, r.stdout
    assert fixes and fixes[0].startswith("get a fresh token from the issuer"), r.stdout
    assert_no_local_verbs(r.stdout)


def test_a_feed_the_issuer_let_expire_is_the_issuers_to_fix(org):
    assert org.install(ttl=3600).returncode == 0
    org.issuer.publish([], ver=60, ttl=10, issued=time.time() - 60)
    env = org.hook_env(LEGANT_GUARD_REFRESH="0.2", LEGANT_GUARD_MAX_STALENESS="0.5")
    time.sleep(0.6)
    denied = org.check(env)
    assert_denied(denied, "stale", "expired", "the issuer has to publish a fresh one",
                  "until a good copy can be fetched from the issuer")
    assert_no_local_verbs(denied.stderr)


def test_a_deleted_hook_config_is_reinstalled_from_the_issuer_token_the_setup_keeps(org):
    assert org.install(ttl=3600).returncode == 0
    (org.proj / ".claude" / "settings.local.json").unlink()
    r, fixes = org.fixes("status", "--dir", str(org.gd))
    assert r.returncode == 1 and fixes, r.stdout
    fix = fixes[0]
    assert fix.startswith(f"legant guard install --tool claude-code --issuer {org.issuer.base} --token-file ") \
        and fix.count("--issuer") == 1, fix
    assert_no_local_verbs(r.stdout)
    words = shlex.split(fix)
    again = run_legant(words[1:], env=org.env, cwd=str(org.proj))  # the fix, as printed, works
    assert again.returncode == 0, again.stderr
    assert org.legant("guard", "status").returncode == 0
    assert_allowed(org.check(org.hook_env()))


def test_an_unreachable_issuer_is_not_a_token_problem(org):
    assert org.install(ttl=3600).returncode == 0
    import shutil

    shutil.rmtree(clean_cache := os.path.join(org.env["HOME"], ".cache", "legant"), ignore_errors=True)
    assert not os.path.exists(clean_cache)
    org.issuer.stop()
    r, fixes = org.fixes()
    assert r.returncode == 1 and fixes, r.stdout
    assert "make sure this machine reaches it" in fixes[0] and all("reachable" in f or "reaches" in f for f in fixes), \
        r.stdout
    assert_no_local_verbs(r.stdout)


# ---- the rest of "Issuer-hosted trust material": doctor, connected mode, the hot path --------


def test_doctor_shows_the_issuer_its_last_fetch_staleness_and_feed_version(org):
    assert org.install(ttl=3600).returncode == 0
    org.issuer.publish([], ver=77)
    r = org.legant("guard", "doctor")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "  issuer: https://legant.local" in r.stdout
    assert f"issuer feed: {org.issuer.base}/.well-known/revoked (fetched " in r.stdout
    assert f"issuer jwks: {org.issuer.base}/.well-known/jwks.json (fetched " in r.stdout
    import shutil

    org.issuer.stop()
    shutil.rmtree(os.path.join(org.env["HOME"], ".cache", "legant"))
    down = org.legant("guard", "doctor")
    assert down.returncode == 1 and "(never fetched, STALE)" in down.stdout, down.stdout


def test_connected_mode_reports_issuer_mode_decisions_with_their_provenance(org):
    import http.server
    import threading

    received = []

    class Console(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.headers.get("Authorization"),
                             json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    console = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Console)
    threading.Thread(target=console.serve_forever, daemon=True).start()
    try:
        assert org.install(ttl=3600).returncode == 0
        env = org.hook_env(LEGANT_GUARD_LIVE_URL=f"http://127.0.0.1:{console.server_address[1]}/live",
                           LEGANT_GUARD_LIVE_TOKEN="console-secret", LEGANT_GUARD_SOURCE="alice-laptop")
        assert_allowed(org.check(env))
        event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(org.proj), "tool_name": "Bash",
                 "tool_input": {"command": "curl https://example.com"}, "tool_use_id": "t"}
        assert_denied(check_in_process(["--agent", "claude-code"], event, env, cwd=str(org.proj)), "curl")
    finally:
        console.shutdown()
        console.server_close()
    assert [body["decision"] for _, body in received] == ["ALLOW", "DENY"], received
    for bearer, body in received:
        assert bearer == "Bearer console-secret"
        assert body["subject"] == "user:alice" and body["actor"] == "agent:builder"
        assert body["provenance"] == "user:alice -> agent:builder" and body["source"] == "alice-laptop"
    audit = [json.loads(line) for line in open(env["LEGANT_GUARD_AUDIT"]).read().splitlines() if line.strip()]
    assert audit[-1]["issuer"] == "https://legant.local" and audit[-1]["provenance"] == "user:alice -> agent:builder"
    assert audit[-1]["jti"] == decode_unverified(org.token)[1]["jti"]


def test_a_call_whose_issuer_cache_is_fresh_imports_no_network_code(org):
    """The hot path: with fresh cached copies a call reads two small files and imports nothing
    of the network stack (measured in a fresh interpreter running the real hook)."""
    import subprocess
    import sys

    assert org.install(ttl=3600).returncode == 0
    env = org.hook_env()
    assert_allowed(org.check(env))  # fetches and caches
    event = json.dumps({"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(org.proj),
                        "tool_name": "Read", "tool_input": {"file_path": "README.md"}, "tool_use_id": "t"})
    probe = ("import io, sys\nfrom legant_guard.hook.check import run_check\n"
             "out, err = io.StringIO(), io.StringIO()\n"
             "code = run_check(['--agent', 'claude-code'], stdin=io.BytesIO(sys.argv[1].encode()), stdout=out, "
             "stderr=err, env=dict(__import__('os').environ), cwd=sys.argv[2])\n"
             "net = sorted(m for m in ('http.client', 'socket', 'ssl', 'urllib.request') if m in sys.modules)\n"
             "print(code, ' '.join(net) or '-', err.getvalue().strip())\n")
    p = subprocess.run([sys.executable, "-I", "-c", probe, event, str(org.proj)], env=env, cwd=str(org.proj),
                       capture_output=True, text=True, timeout=60)
    assert p.stdout.split(" ", 2)[:2] == ["0", "-"], p.stdout + p.stderr
    org.issuer.publish([], ver=88)  # a stale cache (interval 0.2 s) is refetched: then http.client is imported
    time.sleep(0.3)
    p = subprocess.run([sys.executable, "-I", "-c", probe, event, str(org.proj)], env=dict(env, LEGANT_GUARD_REFRESH="0.2"),
                       cwd=str(org.proj), capture_output=True, text=True, timeout=60)
    assert p.stdout.startswith("0 ") and "http.client" in p.stdout, p.stdout + p.stderr


def _age_cache(cache_root, url, seconds):
    """Make the cached copy of `url` look `seconds` old (its last good fetch and last attempt)."""
    from legant_guard.hook.issuer import META_FILE, cache_folder

    path = os.path.join(cache_folder(cache_root, url), META_FILE)
    meta = json.load(open(path))
    meta["fetched"] = meta["attempt"] = time.time() - seconds
    json.dump(meta, open(path, "w"))


def test_the_defaults_are_a_60_second_refresh_and_a_15_minute_staleness_limit(org):
    """No LEGANT_GUARD_REFRESH / LEGANT_GUARD_MAX_STALENESS: 59 s old copies are used as they
    are, 61 s old ones are fetched again; through an outage a 14m59s old copy still serves,
    a 15m01s old one is stale."""
    assert org.install(ttl=3600).returncode == 0
    env = org.hook_env()
    assert "LEGANT_GUARD_REFRESH" not in env and "LEGANT_GUARD_MAX_STALENESS" not in env
    cache = os.path.join(org.env["HOME"], ".cache", "legant", "guard", "issuer")
    urls = [env["LEGANT_GUARD_JWKS"], env["LEGANT_GUARD_FEED"]]
    assert_allowed(org.check(env))
    hits = org.issuer.requests()
    for url in urls:
        _age_cache(cache, url, 59)
    assert_allowed(org.check(env))
    assert org.issuer.requests() == hits, "a 59 s old copy is fresh"
    for url in urls:
        _age_cache(cache, url, 61)
    assert_allowed(org.check(env))
    assert org.issuer.requests() == hits + 2, "a 61 s old copy is fetched again"
    org.issuer.stop()
    for url in urls:
        _age_cache(cache, url, 15 * 60 - 1)
    assert_allowed(org.check(env))
    for url in urls:
        _age_cache(cache, url, 15 * 60 + 1)
    assert_denied(org.check(env), "stale", "more than LEGANT_GUARD_MAX_STALENESS (15m)")


def test_the_other_verbs_speak_of_the_issuer_in_org_mode(org):
    """allow, rules, show, explain, mint and audit verify on an org-mode setup: each judges the
    issuer's token as the hook does and sends the user to the issuer, never to a local verb."""
    assert org.install(ttl=3600).returncode == 0
    assert_allowed(org.check(org.hook_env()))  # the hook fills the issuer cache
    gd = str(org.gd)
    r = org.legant("guard", "audit", "verify", "--dir", gd)
    assert r.returncode == 0 and "OK" in r.stdout, r.stdout + r.stderr
    r = org.legant("guard", "allow", "--dir", gd, "--cmd", "curl")
    assert r.returncode == 1 and f"get one from the issuer ({org.issuer.base})" in r.stderr, r.stderr
    assert "guard mint" not in r.stderr
    r = org.legant("guard", "rules", "--dir", gd)
    assert r.returncode == 0 and "`legant guard show --role issuer`" in r.stdout and "builder" not in r.stdout
    r = org.legant("guard", "show", "--dir", gd, "--role", "issuer")
    assert r.returncode == 0 and "status:      valid" in r.stdout, r.stdout
    r = org.legant("guard", "explain", "--dir", gd, "curl x")
    assert "judged by: the installed token" in r.stdout and "issuer.jwt" in r.stdout and "DENY" in r.stdout, r.stdout
    r = org.legant("guard", "mint", "--dir", gd, "--parent", "issuer", "--agent", "agent:x", "--scopes", "fs.read",
                   "--out", os.path.join(gd, "..", "child.jwt"))
    assert r.returncode == 1 and "org-mode setup" in r.stderr and org.issuer.base in r.stderr, r.stderr
    org.issuer.publish([decode_unverified(org.token)[1]["jti"]], ver=70)
    time.sleep(0.2)
    assert_denied(org.check(org.hook_env(LEGANT_GUARD_REFRESH="0.1")), "revoked")
    r = org.legant("guard", "show", "--dir", gd, "--role", "issuer")
    assert "status:      REVOKED" in r.stdout or "revoked" in r.stdout.lower(), r.stdout
