"""Org mode: the hook takes the issuer's JWKS and revocation feed from URLs (hook/issuer.py).

A real HTTP server on 127.0.0.1 plays the issuer: it serves a guard dir's JWKS and feed at
`/.well-known/jwks.json` and `/.well-known/revoked`, and can revoke, go down, hang, answer 500,
roll its feed back or rotate its key. Time passing is real (short LEGANT_GUARD_REFRESH and
LEGANT_GUARD_MAX_STALENESS values and short sleeps).
"""

import json
import os
import threading
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, check_in_process
from issuer_server import Issuer
from legant_guard import guarddir
from legant_guard.delegation.keys import generate_private_key_pem, jwks_from_private_pem
from legant_guard.delegation.mint import mint_token


@pytest.fixture
def issuer(tmp_path):
    setup = GuardSetup(tmp_path / "issuer")
    iss = Issuer(setup)
    yield iss
    iss.stop()


def env_for(iss, tmp_path, role="builder", **extra):
    setup = iss.setup
    env = setup.env(role)
    env.update({
        "LEGANT_GUARD_JWKS": iss.base + "/.well-known/jwks.json",
        "LEGANT_GUARD_FEED": iss.base + "/.well-known/revoked",
        "LEGANT_GUARD_CACHE": str(tmp_path / "cache"),
        "LEGANT_GUARD_AUDIT": str(tmp_path / "audit.jsonl"),
    })
    env.update(extra)
    return env


def check(iss, env, command="ls"):
    setup = iss.setup
    return check_in_process([], setup.event("Bash", {"command": command}), env, cwd=setup.project)


def jti_of(setup, role="builder"):
    from legant_guard.delegation.jws import decode_unverified

    return decode_unverified(open(os.path.join(setup.dir, f"{role}.jwt")).read())[1]["jti"]


def test_verified_copies_are_fetched_once_and_reused_while_fresh(issuer, tmp_path):
    env = env_for(issuer, tmp_path)
    assert_allowed(check(issuer, env))
    assert issuer.hits == {"/.well-known/jwks.json": 1, "/.well-known/revoked": 1}
    for _ in range(3):
        assert_allowed(check(issuer, env))
    assert issuer.requests() == 2, "a fresh cache must not touch the network"
    assert_denied(check(issuer, env, "c\\url http://127.0.0.1:9/"), "curl")


def test_a_revocation_at_the_issuer_bites_after_the_refresh_interval(issuer, tmp_path):
    env = env_for(issuer, tmp_path, LEGANT_GUARD_REFRESH="0.5")
    assert_allowed(check(issuer, env))
    issuer.publish([jti_of(issuer.setup)], ver=50)
    assert_allowed(check(issuer, env)), "inside the refresh interval the cached feed still holds"
    time.sleep(0.6)
    assert_denied(check(issuer, env), "revoked")
    # The revocation is kept in the cache: later calls are denied without another fetch.
    hits = issuer.requests()
    assert_denied(check(issuer, env), "revoked")
    assert issuer.requests() == hits


@pytest.mark.parametrize("outage", ["down", "500"])
def test_an_outage_serves_the_cached_copy_until_the_staleness_limit_then_denies_as_stale(issuer, tmp_path, outage):
    env = env_for(issuer, tmp_path, LEGANT_GUARD_REFRESH="0.2", LEGANT_GUARD_MAX_STALENESS="1.5")
    assert_allowed(check(issuer, env))
    if outage == "down":
        issuer.stop()
    else:
        issuer.mode = "500"
    time.sleep(0.3)
    assert_allowed(check(issuer, env))  # the refresh fails, the verified copy is still young enough
    time.sleep(1.4)
    reason = assert_denied(check(issuer, env), "stale", "LEGANT_GUARD_MAX_STALENESS")
    assert issuer.base in reason


def test_a_hanging_issuer_costs_one_bounded_attempt_per_refresh_interval(issuer, tmp_path):
    env = env_for(issuer, tmp_path, LEGANT_GUARD_REFRESH="0.2")
    assert_allowed(check(issuer, env))
    issuer.mode = "hang"
    time.sleep(0.3)
    start = time.monotonic()
    assert_allowed(check(issuer, env))
    first = time.monotonic() - start
    assert first < 3.5, f"a hanging issuer must be bounded by the read timeout, took {first:.1f}s"
    start = time.monotonic()
    assert_allowed(check(issuer, env))
    assert time.monotonic() - start < 0.5, "the next call inside the interval must not wait again"


def test_a_feed_version_older_than_one_seen_is_refused_and_the_newer_copy_kept(issuer, tmp_path):
    env = env_for(issuer, tmp_path, LEGANT_GUARD_REFRESH="0.2")
    issuer.publish([jti_of(issuer.setup)], ver=40)
    assert_denied(check(issuer, env), "revoked")
    issuer.publish([], ver=39)  # an old feed without the revocation: a rollback
    time.sleep(0.3)
    assert_denied(check(issuer, env), "revoked")
    meta = json.load(open(os.path.join(_feed_folder(tmp_path, issuer), "meta.json")))
    assert meta["ver"] == 40 and "rollback" in meta["error"]


def _feed_folder(tmp_path, iss):
    from legant_guard.hook.issuer import cache_folder

    return cache_folder(str(tmp_path / "cache"), iss.base + "/.well-known/revoked")


def test_an_expired_feed_at_the_issuer_denies(issuer, tmp_path):
    issuer.publish([], ver=60, ttl=10, issued=time.time() - 60)
    env = env_for(issuer, tmp_path)
    assert_denied(check(issuer, env), "revocation feed")


def test_key_rotation_is_picked_up_by_one_early_refresh(issuer, tmp_path):
    env = env_for(issuer, tmp_path)
    assert_allowed(check(issuer, env))
    new_pem = generate_private_key_pem()
    old = json.loads(issuer.jwks)
    rotated = {"keys": old["keys"] + jwks_from_private_pem(new_pem, "k2")["keys"]}
    issuer.jwks = json.dumps(rotated).encode()
    token = mint_token(new_pem, "k2", issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:alice",
                       actor="agent:builder", scope="*", cnst={}, ttl_seconds=600, now=time.time())
    (tmp_path / "tokens").mkdir()
    token_file = tmp_path / "tokens" / "k2.jwt"
    token_file.write_text(token)
    env2 = dict(env, LEGANT_GUARD_TOKEN_FILE=str(token_file))
    before = issuer.hits.get("/.well-known/jwks.json", 0)
    assert_allowed(check(issuer, env2))
    assert issuer.hits["/.well-known/jwks.json"] == before + 1


def test_an_unknown_key_id_triggers_one_early_refresh_not_one_per_call(issuer, tmp_path):
    env = env_for(issuer, tmp_path)
    assert_allowed(check(issuer, env))
    stranger = mint_token(generate_private_key_pem(), "nobody", issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE,
                          sub="user:mallory", actor="agent:x", scope="*", cnst={}, ttl_seconds=600, now=time.time())
    (tmp_path / "tokens").mkdir()
    token_file = tmp_path / "tokens" / "stranger.jwt"
    token_file.write_text(stranger)
    env2 = dict(env, LEGANT_GUARD_TOKEN_FILE=str(token_file))
    before = issuer.hits.get("/.well-known/jwks.json", 0)
    for _ in range(3):
        assert_denied(check(issuer, env2), "unknown signing key")
    assert issuer.hits["/.well-known/jwks.json"] == before + 1


def test_parallel_hooks_fetch_once(issuer, tmp_path):
    env = env_for(issuer, tmp_path)
    results = []

    def run():
        results.append(check(issuer, env))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for proc in results:
        assert_allowed(proc)
    assert issuer.hits == {"/.well-known/jwks.json": 1, "/.well-known/revoked": 1}


@pytest.mark.parametrize("url,fragment", [
    ("http://192.0.2.1/.well-known/jwks.json", "use https"),
    ("https://user:pw@issuer.example/.well-known/jwks.json", "credentials"),
    ("ftp://issuer.example/jwks.json", None),
])
def test_urls_that_are_not_https_or_loopback_http_are_refused_before_any_request(issuer, tmp_path, url, fragment):
    env = env_for(issuer, tmp_path, LEGANT_GUARD_JWKS=url)
    if url.startswith("ftp"):
        # Not a URL the guard recognises: read as a (missing) file, which fails closed too.
        assert_denied(check(issuer, env), "JWKS")
    else:
        assert_denied(check(issuer, env), fragment)
    assert "/.well-known/jwks.json" not in issuer.hits


def test_bad_refresh_settings_fail_closed(issuer, tmp_path):
    assert_denied(check(issuer, env_for(issuer, tmp_path, LEGANT_GUARD_REFRESH="soon")), "LEGANT_GUARD_REFRESH")
    assert_denied(check(issuer, env_for(issuer, tmp_path, LEGANT_GUARD_MAX_STALENESS="-5")), "LEGANT_GUARD_MAX_STALENESS")


def test_no_copy_and_no_issuer_denies_with_the_url(issuer, tmp_path):
    issuer.stop()
    reason = assert_denied(check(issuer, env_for(issuer, tmp_path)), "cannot")
    assert issuer.base in reason


def test_the_cache_is_protected_like_the_guard_dir(issuer, tmp_path):
    env = env_for(issuer, tmp_path)
    assert_allowed(check(issuer, env))
    cached = os.path.join(str(tmp_path / "cache"), os.listdir(tmp_path / "cache")[0], "body")
    setup = issuer.setup
    for tool, tool_input in (("Write", {"file_path": cached, "content": "{}"}), ("Read", {"file_path": cached})):
        proc = check_in_process([], setup.event(tool, tool_input), env, cwd=setup.project)
        assert_denied(proc, "protected")
    assert_denied(check(issuer, env, f"cp /dev/null {cached}"), "protected")


def test_keys_pinned_in_a_file_with_the_feed_from_the_issuer(issuer, tmp_path):
    env = env_for(issuer, tmp_path, LEGANT_GUARD_JWKS=os.path.join(issuer.setup.dir, "jwks.json"),
                  LEGANT_GUARD_REFRESH="0.2")
    assert_allowed(check(issuer, env))
    assert "/.well-known/jwks.json" not in issuer.hits
    issuer.publish([jti_of(issuer.setup)], ver=70)
    time.sleep(0.3)
    assert_denied(check(issuer, env), "revoked")


def test_the_audit_records_the_issuer_and_provenance(issuer, tmp_path):
    env = env_for(issuer, tmp_path)
    assert_allowed(check(issuer, env))
    record = json.loads(open(tmp_path / "audit.jsonl").read().splitlines()[-1])
    assert record["provenance"].endswith("-> agent:builder")
    assert record["issuer"] == guarddir.ISSUER


def test_install_with_an_issuer_wires_a_hook_that_uses_its_urls(issuer, tmp_path):
    """`install --issuer URL --token-file T`: verified against the live issuer, no local key;
    the installed hook follows a revocation at the issuer; status shows the issuer."""
    import shlex

    from conftest import clean_env, run_legant

    import pathlib

    # The project the issuer's token was minted for (its path rules name it).
    proj, home, gd = pathlib.Path(issuer.setup.project), tmp_path / "home", tmp_path / "gd"
    home.mkdir()
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    token = os.path.join(issuer.setup.dir, "builder.jwt")
    r = run_legant(["guard", "install", "--dir", str(gd), "--tool", "claude-code", "--issuer", issuer.base,
                    "--token-file", token], env=env, cwd=str(proj))
    assert r.returncode == 0, r.stderr
    assert "issuer: https://legant.local" in r.stdout and "version" in r.stdout
    assert not os.path.exists(gd / "key.pem") and (gd / "issuer.jwt").read_text().strip() == open(token).read().strip()
    command = json.load(open(proj / ".claude" / "settings.local.json"))["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
    hook_env = dict(env)
    hook_env.update(w.split("=", 1) for w in shlex.split(command) if w.startswith("LEGANT_GUARD_"))
    assert hook_env["LEGANT_GUARD_JWKS"] == issuer.base + "/.well-known/jwks.json"
    assert hook_env["LEGANT_GUARD_FEED"] == issuer.base + "/.well-known/revoked"
    hook_env["LEGANT_GUARD_REFRESH"] = "0.3"
    event = issuer.setup.event("Bash", {"command": "ls"}, cwd=str(proj))
    assert_allowed(check_in_process(["--agent", "claude-code"], event, hook_env, cwd=str(proj)))
    status = run_legant(["guard", "status", "--json"], env=env, cwd=str(proj))
    entry = json.loads(status.stdout)[0]["entries"][0]
    docs = {d["what"]: d for d in entry["issuer"]["documents"]}
    assert docs["feed"]["url"] == issuer.base + "/.well-known/revoked" and docs["feed"]["stale"] is False
    issuer.publish([jti_of(issuer.setup)], ver=90)
    time.sleep(0.4)
    assert_denied(check_in_process(["--agent", "claude-code"], event, hook_env, cwd=str(proj)), "revoked")


def test_install_refuses_a_token_the_issuer_did_not_sign_or_has_revoked(issuer, tmp_path):
    from conftest import clean_env, run_legant

    proj = tmp_path / "app"
    proj.mkdir()
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=tmp_path)
    other = GuardSetup(tmp_path / "other", own_key=True)
    args = ["guard", "install", "--dir", str(tmp_path / "gd"), "--tool", "claude-code", "--issuer", issuer.base]
    r = run_legant(args + ["--token-file", os.path.join(other.dir, "builder.jwt")], env=env, cwd=str(proj))
    assert r.returncode == 1 and "cannot be verified" in r.stderr
    issuer.publish([jti_of(issuer.setup)], ver=91)
    r = run_legant(args + ["--token-file", os.path.join(issuer.setup.dir, "builder.jwt")], env=env, cwd=str(proj))
    assert r.returncode == 1 and "revoked" in r.stderr
    assert not (proj / ".claude").exists()
    r = run_legant(["guard", "install", "--issuer", "http://192.0.2.7", "--token-file",
                    os.path.join(issuer.setup.dir, "builder.jwt"), "--tool", "claude-code"], env=env, cwd=str(proj))
    assert r.returncode == 1 and "use https" in r.stderr


@pytest.mark.parametrize("url", [
    "http://127.0.0.1.evil.example/jwks.json",   # a DNS name that only starts like loopback
    "http://evil.example#@127.0.0.1/",           # the fragment hides the real host
    "http://127.0.0.1\\@evil.example/",          # backslash: parsers disagree on the host
    "http://user@127.0.0.1/", "http://[::2]/", "http://0x7f.0.0.1/", "http://127.1/",
    "https://issuer.example:0/", "https://issuer.example:65536/", "https://issuer.example:8a/",
    "https:///jwks.json", "https:// issuer.example/", "https://issuer.example/\n",
])
def test_spoofed_loopback_and_malformed_issuer_urls_are_refused(url):
    from legant_guard.hook.issuer import url_problem

    assert url_problem(url), url


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/.well-known/jwks.json", "http://localhost/x",
                                 "http://[::1]:9/x", "https://issuer.example/.well-known/revoked",
                                 "https://ISSUER.example:8443/a?b=c"])
def test_https_and_loopback_http_urls_are_accepted(url):
    from legant_guard.hook.issuer import url_problem

    assert url_problem(url) is None


def test_an_org_mode_setup_keeps_a_local_overlay_and_says_revocation_is_the_issuers(issuer, tmp_path):
    import pathlib
    import shlex

    from conftest import clean_env, run_legant

    proj, gd = pathlib.Path(issuer.setup.project), tmp_path / "gd"
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=tmp_path)
    r = run_legant(["guard", "install", "--dir", str(gd), "--tool", "claude-code", "--issuer", issuer.base,
                    "--token-file", os.path.join(issuer.setup.dir, "open.jwt")], env=env, cwd=str(proj))
    assert r.returncode == 0, r.stderr
    r = run_legant(["guard", "deny", "--dir", str(gd), "--cmd", "terraform"], env=env, cwd=str(proj))
    assert r.returncode == 0, r.stderr
    command = json.load(open(proj / ".claude" / "settings.local.json"))["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
    hook_env = dict(env)
    hook_env.update(w.split("=", 1) for w in shlex.split(command) if w.startswith("LEGANT_GUARD_"))
    event = issuer.setup.event("Bash", {"command": "terraform apply"}, cwd=str(proj))
    assert_denied(check_in_process(["--agent", "claude-code"], event, hook_env, cwd=str(proj)), "terraform")
    for args in (["revoke", "--role", "issuer"], ["renew"], ["mint", "--role", "builder"]):
        r = run_legant(["guard", *args, "--dir", str(gd)], env=env, cwd=str(proj))
        assert r.returncode != 0 and "issuer" in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
