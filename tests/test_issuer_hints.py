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

        def install(self, ttl, token_file=None):
            claims = decode_unverified(open(os.path.join(setup.dir, "builder.jwt")).read())[1]
            self.token = mint_token(setup.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE,
                                    sub="user:alice", actor="agent:builder", scope=claims["scope"],
                                    cnst=claims["cnst"], ttl_seconds=ttl, now=time.time())
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
    r = org.install(ttl=3)
    assert r.returncode == 0, r.stderr
    status, fixes = org.fixes()
    assert "expires in" in status.stdout and fixes, status.stdout
    assert fixes[0].startswith(f"get a fresh token from the issuer ({org.issuer.base}), then: legant guard install "
                               f"--tool claude-code --issuer {org.issuer.base} --token-file NEW_TOKEN_FILE")
    assert_no_local_verbs(status.stdout)
    time.sleep(3.2)
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
