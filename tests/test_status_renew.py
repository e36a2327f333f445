"""Token lifetime and honest `status`/`doctor`, through the real CLI on real files.

Pins: `--ttl` needs a unit; `renew` re-mints the role tokens and keeps key, feed, overlay,
audit trail and installs (with --dir too); an expired token's status, doctor and hook denial
name `legant guard renew`; a token that expires within an hour is a warning; status finds the
setup from a subfolder and exits 1 (also with --json) on a problem: a hook config deleted or
edited since install while other agents' hooks remain, a `legant` program that is gone, a
token the hook would refuse (wrong audience, revoked parent); fix commands keep role and dir.
"""

import json
import os
import shlex
import time

import pytest

from conftest import check_in_process, clean_env, run_legant, session_key_pem


@pytest.fixture
def setup(tmp_path):
    """A project with Claude Code and opencode hooks installed (role reviewer, guard dir --dir gd)."""
    proj, home, gd = tmp_path / "proj", tmp_path / "home", tmp_path / "gd"
    (proj / "src" / "deep").mkdir(parents=True)
    home.mkdir()
    gd.mkdir(mode=0o700)
    (gd / "key.pem").write_bytes(session_key_pem())  # no fresh RSA key per test
    os.chmod(gd / "key.pem", 0o600)
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    env.pop("CODEX_HOME", None)
    env.pop("OPENCODE_PURE", None)

    def legant(*args, cwd=proj):
        return run_legant(list(args), env=env, cwd=str(cwd))

    r = legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--tool", "opencode", "--role", "reviewer")
    assert r.returncode == 0, r.stderr
    return proj, home, gd, legant


def status_json(legant, *args, cwd=None):
    r = legant("guard", "status", "--json", *args, **({"cwd": cwd} if cwd else {}))
    return r.returncode, json.loads(r.stdout)


def problems(report):
    return [p for s in report for p in s["problems"]]


def claims_of(path):
    from legant_guard.delegation.jws import decode_unverified

    return decode_unverified(open(path).read().strip())[1]


@pytest.mark.parametrize("verb", [["install", "--tool", "claude-code"], ["init"], ["mint", "--role", "builder"]])
def test_ttl_without_a_unit_is_refused_and_says_what_to_write(setup, verb):
    proj, home, gd, legant = setup
    before = open(gd / "reviewer.jwt").read()
    r = legant("guard", *verb, "--dir", str(gd), "--ttl", "8")
    assert r.returncode == 2
    assert "has no unit" in r.stderr and "8h" in r.stderr
    assert open(gd / "reviewer.jwt").read() == before


def test_renew_re_mints_the_tokens_and_keeps_key_feed_overlay_audit_and_installs(setup):
    proj, home, gd, legant = setup
    assert legant("guard", "deny", "--dir", str(gd), "--cmd", "terraform").returncode == 0
    assert legant("guard", "revoke", "--dir", str(gd), "--jti", "a" * 32).returncode == 0
    (gd / "audit.jsonl").write_text('{"x": 1}\n')
    kept = {n: (gd / n).read_bytes() for n in ("key.pem", "jwks.json", "overlay.json", "audit.jsonl", "feed.jwt")}
    settings = (proj / ".claude" / "settings.local.json").read_bytes()
    plugin = (proj / ".opencode" / "plugins" / "legant-guard.js").read_bytes()
    old = claims_of(gd / "reviewer.jwt")
    time.sleep(1.1)
    r = legant("guard", "renew", "--dir", str(gd))
    assert r.returncode == 0, r.stderr
    assert "renewed reviewer: valid 8h0m" in r.stdout
    new = claims_of(gd / "reviewer.jwt")
    assert new["jti"] != old["jti"] and new["exp"] > old["exp"] and new["scope"] == old["scope"]
    assert {n: (gd / n).read_bytes() for n in kept} == kept
    assert (proj / ".claude" / "settings.local.json").read_bytes() == settings
    assert (proj / ".opencode" / "plugins" / "legant-guard.js").read_bytes() == plugin
    code, report = status_json(legant, "--dir", str(gd))
    assert code == 0, problems(report)


def test_renew_with_ttl_and_role_and_a_role_file_install_records(setup, tmp_path):
    proj, home, gd, legant = setup
    role = tmp_path / "docs-writer.yaml"
    from legant_guard.roles import role_path

    role.write_text(open(role_path("reviewer")).read().replace("name: reviewer", "name: docs-writer"))
    assert legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--role", str(role)).returncode == 0
    r = legant("guard", "renew", "--dir", str(gd), "--ttl", "2d", "--role", "docs-writer")
    assert r.returncode == 0, r.stderr
    c = claims_of(gd / "docs-writer.jwt")
    assert c["exp"] - c["iat"] == 2 * 86400
    assert legant("guard", "renew", "--dir", str(gd), "--role", "nobody").returncode == 1
    assert legant("guard", "renew", "--dir", str(gd), "--ttl", "5").returncode == 2


def test_an_expired_token_is_a_problem_whose_fix_is_renew_and_the_hook_says_so(setup):
    proj, home, gd, legant = setup
    assert legant("guard", "renew", "--dir", str(gd), "--ttl", "1s").returncode == 0
    time.sleep(1.2)
    code, report = status_json(legant, "--dir", str(gd))
    assert code == 1
    expired = [p for p in problems(report) if "expired" in p["problem"]]
    assert expired and all(p["fix"] == f"legant guard renew --dir {gd}" for p in expired)
    d = legant("guard", "doctor", "--dir", str(gd))
    assert d.returncode == 1 and f"fix: legant guard renew --dir {gd}" in d.stdout
    settings = json.loads((proj / ".claude" / "settings.local.json").read_text())
    env = clean_env(shlex_env(settings["hooks"]["PreToolUse"][0]["hooks"][0]["command"]), home=home)
    event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(proj), "tool_name": "Read",
             "tool_input": {"file_path": str(proj / "README.md")}, "tool_use_id": "t"}
    denied = check_in_process(["--agent", "claude-code"], event, env, cwd=str(proj))
    assert denied.returncode == 2 and "expired" in denied.stderr and "legant guard renew" in denied.stderr
    assert legant("guard", "renew", "--dir", str(gd), "--ttl", "8h").returncode == 0
    assert status_json(legant, "--dir", str(gd))[0] == 0
    assert check_in_process(["--agent", "claude-code"], event, env, cwd=str(proj)).returncode == 0


def shlex_env(command):
    from legant_guard.install.common import command_env

    return command_env(command)


def test_a_token_expiring_within_an_hour_is_a_warning_not_a_failure(setup):
    proj, home, gd, legant = setup
    assert legant("guard", "renew", "--dir", str(gd), "--ttl", "30m").returncode == 0
    r = legant("guard", "status", "--dir", str(gd))
    assert r.returncode == 0, r.stdout
    assert "WARNING: the reviewer token" in r.stdout and "expires in 29m" in r.stdout
    assert f"fix: legant guard renew --dir {gd}" in r.stdout


def test_status_from_a_subfolder_finds_the_default_setup(tmp_path):
    proj, home = tmp_path / "proj", tmp_path / "home"
    (proj / "a" / "b").mkdir(parents=True)
    home.mkdir()
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    assert run_legant(["guard", "install", "--tool", "claude-code"], env=env, cwd=str(proj)).returncode == 0
    r = run_legant(["guard", "status"], env=env, cwd=str(proj / "a" / "b"))
    assert r.returncode == 0, r.stdout
    assert f"project: {proj}" in r.stdout and "Claude Code: installed (project)" in r.stdout
    assert run_legant(["guard", "renew"], env=env, cwd=str(proj / "a")).returncode == 0
    (proj / ".claude" / "settings.local.json").unlink()
    r = run_legant(["guard", "status"], env=env, cwd=str(proj / "a" / "b"))
    assert r.returncode == 1
    # the fix names the project: install run from a subfolder would guard the subfolder
    assert f"fix: legant guard install --tool claude-code --role builder --project {proj}" in r.stdout
    fix = shlex.split(r.stdout.split("fix: ", 1)[1].splitlines()[0])
    assert run_legant(fix[1:], env=env, cwd=str(proj / "a" / "b")).returncode == 0
    assert run_legant(["guard", "status"], env=env, cwd=str(proj / "a")).returncode == 0
    assert not (proj / "a" / "b" / ".claude").exists()


def test_nothing_installed_is_a_failure(tmp_path):
    r = run_legant(["guard", "status"], env=clean_env(home=tmp_path), cwd=str(tmp_path))
    assert r.returncode == 1 and "no Legant hook installed" in r.stdout


def test_a_deleted_hook_config_is_reported_while_other_hooks_remain_and_the_fix_keeps_role_and_dir(setup):
    proj, home, gd, legant = setup
    (proj / ".claude" / "settings.local.json").unlink()
    code, report = status_json(legant, cwd=proj / "src")
    assert code == 1
    gone = [p for p in problems(report) if "which was deleted" in p["problem"]]
    assert len(gone) == 1 and "settings.local.json" in gone[0]["problem"]
    fix = gone[0]["fix"]
    assert "--tool claude-code" in fix and "--role reviewer" in fix and f"--dir {gd}" in fix
    assert f"--project {proj}" in fix
    d = legant("guard", "doctor", cwd=proj / "src" / "deep")
    assert d.returncode == 1 and fix in d.stdout
    r = run_legant(shlex.split(fix)[1:], env=clean_env({"PATH": "/usr/bin:/bin"}, home=home), cwd=str(proj / "src"))
    assert r.returncode == 0, r.stderr
    assert status_json(legant)[0] == 0
    assert "reviewer.jwt" in (proj / ".claude" / "settings.local.json").read_text()


def test_a_hook_removed_from_a_config_that_has_other_hooks_is_reported(setup):
    proj, home, gd, legant = setup
    settings = proj / ".claude" / "settings.local.json"
    data = json.loads(settings.read_text())
    data["hooks"]["PreToolUse"][0]["hooks"][0] = {"type": "command", "command": "my-own-hook"}
    settings.write_text(json.dumps(data))
    code, report = status_json(legant)
    assert code == 1
    assert any("no longer holds the Legant hook" in p["problem"] for p in problems(report))


def test_an_edited_hook_command_is_reported(setup):
    proj, home, gd, legant = setup
    settings = proj / ".claude" / "settings.local.json"
    data = json.loads(settings.read_text())
    h = data["hooks"]["PreToolUse"][0]["hooks"][0]
    h["command"] = h["command"].replace("reviewer.jwt", "open.jwt")
    settings.write_text(json.dumps(data))
    code, report = status_json(legant)
    assert code == 1
    edited = [p for p in problems(report) if "edited since install" in p["problem"]]
    assert edited and "--role reviewer" in edited[0]["fix"] and f"--dir {gd}" in edited[0]["fix"]


def test_a_hook_whose_legant_program_is_gone_is_reported(setup, tmp_path):
    proj, home, gd, legant = setup
    from legant_guard.install.common import legant_executable

    gone = str(tmp_path / "old-venv" / "bin" / "legant")
    real = legant_executable()
    for config in (proj / ".claude" / "settings.local.json", proj / ".opencode" / "plugins" / "legant-guard.js"):
        config.write_text(config.read_text().replace(real, gone))
    record = gd / "setup.json"  # the install record is part of the setup record
    record.write_text(record.read_text().replace(real, gone))  # as if installed from a venv since deleted
    code, report = status_json(legant)
    assert code == 1
    found = [p for p in problems(report) if "not there any more" in p["problem"]]
    assert len(found) == 2 and all(gone in p["problem"] for p in found)
    assert not any("edited since install" in p["problem"] for p in problems(report))


def _mint(gd, **kw):
    from legant_guard import guarddir
    from legant_guard.delegation.mint import mint_token

    args = dict(issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:t", actor="agent:reviewer",
                scope="fs.read", cnst={}, ttl_seconds=3600 * 8, now=time.time())
    kid = kw.pop("kid", guarddir.KID)
    args.update(kw)
    return mint_token(guarddir.load_key(str(gd)), kid, **args)


@pytest.mark.parametrize("kw, fragment", [
    ({"audience": "legant:somebody-else"}, "wrong audience"),
    ({"issuer": "https://evil.example"}, "wrong issuer"),
    ({"kid": "unknown-kid"}, "kid"),
])
def test_status_calls_invalid_what_the_hook_refuses(setup, kw, fragment):
    proj, home, gd, legant = setup
    (gd / "reviewer.jwt").write_text(_mint(gd, **kw) + "\n")
    code, report = status_json(legant)
    assert code == 1
    tokens = [e["token"] for s in report for e in s["entries"]]
    assert tokens and all(not t["valid"] and fragment in t["error"] for t in tokens)


def test_a_token_whose_parent_is_revoked_is_invalid_in_status(setup, tmp_path):
    proj, home, gd, legant = setup
    child = tmp_path / "child.jwt"
    r = legant("guard", "mint", "--dir", str(gd), "--parent", str(gd / "reviewer.jwt"), "--agent", "helper",
               "--scopes", "fs.read", "--out", str(child))
    assert r.returncode == 0, r.stderr
    assert legant("guard", "revoke", "--dir", str(gd), "--role", "reviewer").returncode == 0
    os.replace(child, gd / "reviewer.jwt")
    code, report = status_json(legant)
    assert code == 1
    tokens = [e["token"] for s in report for e in s["entries"]]
    assert tokens and all("parent" in t["error"] for t in tokens)


def test_init_with_dir_says_the_next_command_with_dir(tmp_path):
    proj, home = tmp_path / "proj", tmp_path / "home"
    proj.mkdir()
    home.mkdir()
    r = run_legant(["guard", "init", "--dir", str(tmp_path / "gd")], env=clean_env(home=home), cwd=str(proj))
    assert r.returncode == 0, r.stderr
    assert f"next: `legant guard install --role builder --dir {tmp_path / 'gd'}`" in r.stdout


def test_audit_verify_on_a_fresh_setup_is_ok_and_a_deleted_trail_is_broken(setup):
    proj, home, gd, legant = setup
    r = legant("guard", "audit", "verify", "--dir", str(gd))
    assert r.returncode == 0 and "no decision recorded yet" in r.stdout, r.stderr
    settings = json.loads((proj / ".claude" / "settings.local.json").read_text())
    env = clean_env(shlex_env(settings["hooks"]["PreToolUse"][0]["hooks"][0]["command"]), home=home)
    event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(proj), "tool_name": "Read",
             "tool_input": {"file_path": str(proj / "README.md")}, "tool_use_id": "t"}
    check_in_process(["--agent", "claude-code"], event, env, cwd=str(proj))
    assert legant("guard", "audit", "verify", "--dir", str(gd)).returncode == 0
    (gd / "audit.jsonl").unlink()
    r = legant("guard", "audit", "verify", "--dir", str(gd))
    assert r.returncode == 1 and "BROKEN" in r.stderr


def test_mint_parent_takes_a_role_whose_token_the_setup_keeps(setup, tmp_path):
    proj, home, gd, legant = setup
    out = tmp_path / "docs.jwt"
    r = legant("guard", "mint", "--dir", str(gd), "--parent", "reviewer.jwt", "--agent", "agent:docs",
               "--scopes", "fs.read", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert claims_of(out)["anc"] == [claims_of(gd / "reviewer.jwt")["jti"]]
    r = legant("guard", "mint", "--dir", str(gd), "--parent", "nobody.jwt", "--agent", "docs", "--scopes", "fs.read")
    assert r.returncode == 1 and "nobody.jwt" in r.stderr


def test_renew_refuses_when_a_role_file_differs_from_the_record(setup):
    """Roles are minted from rules/roles/*.yaml, which the hook never reads: renew is where an
    edited role file must be caught, before it becomes a wider token."""
    proj, home, gd, legant = setup
    path = gd / "setup.json"
    record = json.loads(path.read_text())
    record["catalogue_sha256"]["roles/reviewer.yaml"] = "0" * 64
    path.write_text(json.dumps(record))
    before = (gd / "reviewer.jwt").read_text()
    r = legant("guard", "renew", "--dir", str(gd))
    assert r.returncode != 0
    assert "rules/roles/reviewer.yaml was edited" in r.stderr and "legant guard init" in r.stderr
    assert (gd / "reviewer.jwt").read_text() == before  # nothing re-minted
