"""`guard init`, `guard show` and roles as data, through the real CLI."""

import json
import os
import stat
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant

from legant_guard import guarddir


def test_init_writes_private_files_in_a_private_dir(tmp_path):
    setup = GuardSetup(tmp_path)
    assert stat.S_IMODE(os.stat(setup.dir).st_mode) == 0o700
    names = sorted(os.listdir(setup.dir))
    for name in ("key.pem", "jwks.json", "feed.jwt", "overlay.json", "reviewer.jwt", "builder.jwt", "open.jwt",
                 "operator.jwt"):
        assert name in names
        assert stat.S_IMODE(os.stat(os.path.join(setup.dir, name)).st_mode) == 0o600, name
    with open(os.path.join(setup.dir, "jwks.json")) as f:
        jwks = json.load(f)
    assert jwks["keys"][0]["kid"] == "legant-guard-local" and "d" not in jwks["keys"][0]
    with open(os.path.join(setup.dir, "overlay.json")) as f:
        assert json.load(f) == {"deny_paths": [], "deny_cmds": [], "deny_hosts": [], "deny_tools": []}


def test_init_refuses_a_dir_inside_the_project(tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    proc = run_legant(["guard", "init", "--project", str(project), "--dir", str(project / ".legant")],
                      env=clean_env(home=tmp_path))
    assert proc.returncode != 0 and "inside the project" in proc.stderr
    assert not (project / ".legant").exists()


def test_init_refuses_a_symlinked_dir_that_lands_inside_the_project(tmp_path):
    project = tmp_path / "proj"
    (project / "inner").mkdir(parents=True)
    os.symlink(project / "inner", tmp_path / "looks-outside")
    proc = run_legant(["guard", "init", "--project", str(project), "--dir", str(tmp_path / "looks-outside")],
                      env=clean_env(home=tmp_path))
    assert proc.returncode != 0 and "inside the project" in proc.stderr


def test_default_dir_is_outside_the_project_and_unique_per_project(tmp_path):
    a = tmp_path / "one" / "app"
    b = tmp_path / "two" / "app"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    env = clean_env(home=tmp_path / "home")
    for project in (a, b):
        proc = run_legant(["guard", "init", "--project", str(project)], env=env)
        assert proc.returncode == 0, proc.stderr
    base = tmp_path / "home" / ".config" / "legant" / "guard"
    dirs = sorted(os.listdir(base))
    assert len(dirs) == 2 and all(d.startswith("app-") for d in dirs)


def test_init_again_keeps_key_and_overlay_and_raises_feed_version(tmp_path):
    setup = GuardSetup(tmp_path)
    key_before = setup.key_pem()
    with open(os.path.join(setup.dir, "overlay.json"), "w") as f:
        f.write('{"deny_cmds": ["terraform"]}')
    with open(os.path.join(setup.dir, "feed-state.json")) as f:
        ver_before = json.load(f)[guarddir.ISSUER]
    proc = run_legant(["guard", "init", "--dir", setup.dir, "--project", setup.project], env=clean_env(home=setup.home))
    assert proc.returncode == 0, proc.stderr
    assert setup.key_pem() == key_before
    with open(os.path.join(setup.dir, "overlay.json")) as f:
        assert "terraform" in f.read()
    with open(os.path.join(setup.dir, "feed-state.json")) as f:
        assert json.load(f)[guarddir.ISSUER] > ver_before
    assert_allowed(setup.check("Read", {"file_path": "README.md"}))


def test_init_rejects_a_bad_ttl(tmp_path):
    (tmp_path / "p").mkdir()
    proc = run_legant(["guard", "init", "--project", str(tmp_path / "p"), "--dir", str(tmp_path / "g"), "--ttl", "soon"],
                      env=clean_env(home=tmp_path))
    assert proc.returncode == 2 and "not a duration" in proc.stderr


# ---- show --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("show"))


def show(s, *args):
    return run_legant(["guard", "show", "--dir", s.dir] + list(args), env=clean_env(home=s.home))


def test_show_builder_text(s):
    proc = show(s, "--role", "builder")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "status:      valid" in out and "-> agent:builder" in out
    assert "fs.read fs.write shell.exec" in out and "curl" in out and f"allow paths: {os.path.realpath(s.project)}" in out


def test_show_json_fields(s):
    info = json.loads(show(s, "--role", "open", "--json").stdout)
    assert info["valid"] is True and info["error"] is None and info["revoked"] is False
    assert info["scope"] == "*" and info["provenance"].endswith("-> agent:open") and info["exp"] > time.time()


def test_show_invalid_token_says_why(s, tmp_path):
    with open(os.path.join(s.dir, "reviewer.jwt")) as f:
        token = f.read().strip()
    tampered = tmp_path / "t.jwt"
    tampered.write_text(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    info = json.loads(show(s, "--token-file", str(tampered), "--json").stdout)
    assert info["valid"] is False and "signature" in info["error"]
    assert info["provenance"].endswith("-> agent:reviewer")
    text = show(s, "--token-file", str(tampered)).stdout
    assert "INVALID" in text


def test_show_expired_token(s, tmp_path):
    from legant_guard.delegation.mint import mint_token

    token = mint_token(s.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:x",
                       actor="agent:y", scope="fs.read", cnst={}, ttl_seconds=60, now=time.time() - 7200)
    path = tmp_path / "old.jwt"
    path.write_text(token)
    info = json.loads(show(s, "--token-file", str(path), "--json").stdout)
    assert info["valid"] is False and "expired" in info["error"]


def test_show_revoked(tmp_path):
    setup = GuardSetup(tmp_path)
    info = json.loads(show(setup, "--role", "builder", "--json").stdout)
    guarddir.publish_feed(setup.dir, [info["jti"]])
    info = json.loads(show(setup, "--role", "builder", "--json").stdout)
    assert info["revoked"] is True
    assert "REVOKED" in show(setup, "--role", "builder").stdout


def test_show_not_a_token(s, tmp_path):
    path = tmp_path / "junk"
    path.write_text("hello")
    info = json.loads(show(s, "--token-file", str(path), "--json").stdout)
    assert info["valid"] is False and info["error"]


def test_show_needs_exactly_one_source(s):
    proc = show(s)
    assert proc.returncode == 2 and "exactly one" in proc.stderr


# ---- roles as data ---------------------------------------------------------------------------------

def test_user_role_file_compiles_into_the_token(tmp_path):
    setup = GuardSetup(tmp_path)
    role = tmp_path / "docs-writer.yaml"
    role.write_text(
        "name: docs-writer\nscope: [fs.read, fs.write]\npaths: [docs]\ndeny_paths: ['@secrets', '**/*.key']\n"
    )
    env = clean_env(home=setup.home)
    code = ("import sys; from legant_guard import guarddir; "
            "open(sys.argv[3], 'w').write(guarddir.mint_role_token(sys.argv[1], sys.argv[2], sys.argv[4], 600))")
    import subprocess, sys

    token_path = tmp_path / "docs.jwt"
    subprocess.run([sys.executable, "-c", code, setup.dir, setup.project, str(token_path), str(role)], env=env,
                   check=True)
    env = setup.env(LEGANT_GUARD_TOKEN_FILE=str(token_path))
    docs = os.path.join(setup.project, "docs")
    assert_allowed(setup.check("Write", {"file_path": os.path.join(docs, "a.md"), "content": ""}, env=env))
    assert_denied(setup.check("Write", {"file_path": os.path.join(setup.project, "a.md"), "content": ""}, env=env),
                  "outside the allowed paths")
    assert_denied(setup.check("Read", {"file_path": os.path.join(docs, "x", "server.key")}, env=env), "deny-path")
    assert_denied(setup.check("Read", {"file_path": os.path.join(docs, ".env")}, env=env), "deny-path")
    assert_denied(setup.check("Bash", {"command": "ls"}, env=env), "shell.exec")


@pytest.mark.parametrize("body, message", [
    ("scope: [fs.read, teleport]\n", "`scope` must be"),
    ("scope: '*'\nfavourite_colour: blue\n", "unknown key"),
    ("scope: '*'\ndeny_paths: ['@nope']\n", "not a list in rules/sets.yaml"),
    ("scope: '*'\ndeny_cmds: curl\n", "must be a list of strings"),
    ("- just\n- a list\n", "must be a YAML mapping"),
    ("scope: [fs.read\n", "not valid YAML"),
])
def test_bad_role_files_are_refused_with_the_reason(tmp_path, body, message):
    from legant_guard.roles import RoleError, load_role

    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(RoleError, match=message.replace("*", r"\*").replace("[", r"\[")):
        load_role(str(path))


def test_builtin_roles_are_reviewable_yaml():
    from legant_guard.roles import BUILTIN_ROLES, compile_role, load_role

    for name in BUILTIN_ROLES:
        scope, cnst = compile_role(load_role(name), "/tmp/project")
        assert cnst["role"] == name
    scope, cnst = compile_role(load_role("builder"), "/tmp/project")
    assert scope == "fs.read fs.write shell.exec"
    assert "deny-path:/tmp/project/**/.env" in cnst["resources"] and "deny-path:~/.ssh" in cnst["resources"]
    assert "cmd:gofmt" in cnst["resources"] and "deny-cmd:netcat" in cnst["resources"]
    scope, cnst = compile_role(load_role("operator"), "/tmp/project")
    assert scope == "*" and cnst["tripwires"] == "catastrophic" and cnst["resources"] == []
