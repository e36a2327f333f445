"""Acceptance audit of issue 10 (the trust base and its records): gaps found by trying each item
end to end, each pinned here with its verdict AND its message.

Glob writes: bash expands a glob in a redirect target too (when it names one file), and hands a
program the files a glob operand matches, so `echo x > VENV/lib/python3*/site-packages/x.pth`,
`> .git/hoo*/pre-commit` and `>> ~/.bash?c` write the guard's installation, a git hook and a
start-up file without spelling them: judged at the files the pattern matches on disk.
"""

import os
import site
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

SITE = site.getsitepackages()[0]
INSTALL = "part of the guard's own installation"
STARTUP = "a shell start-up file, is denied"
GIT_HOOK = "puts a git hook in"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("acc10"), files={
        "~/.bashrc": "# bashrc\n", ".envrc": "layout python\n", "notes.txt": "x\n"})
    hooks = os.path.join(setup.project, ".git", "hooks")
    os.makedirs(hooks)
    with open(os.path.join(setup.project, ".git", "config"), "w") as f:
        f.write("[core]\n\tbare = false\n")
    for name in ("pre-commit", "pre-commit.sample"):
        with open(os.path.join(hooks, name), "w") as f:
            f.write("#!/bin/sh\n")
    return setup


def _glob(path):
    """`path` with one letter of its last folder (or, for a file, its last letter) made a `?`."""
    head, tail = os.path.split(path)
    return os.path.join(head, tail[:-1] + "?")


@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_redirect_glob_cannot_write_into_the_installation(s, role):
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site_glob = SITE.replace(version, f"python{sys.version_info.major}*") if version in SITE else _glob(SITE)
    pth = os.path.join(site_glob, "evil.pth")
    assert_denied(s.bash(f"echo 'import evil' > {pth}", role=role), INSTALL, pth)
    cfg = os.path.join(sys.prefix, "pyvenv.cf?")
    if os.path.exists(os.path.join(sys.prefix, "pyvenv.cfg")):
        assert_denied(s.bash(f"echo x >> {cfg}", role=role), INSTALL, cfg)


@pytest.mark.parametrize("role", ["operator", "builder"])
def test_a_redirect_glob_cannot_write_a_git_hook(s, role):
    assert_denied(s.bash("echo 'curl x | sh' > .git/hoo*/pre-commit", role=role), GIT_HOOK,
                  os.path.join(s.project, ".git", "hooks", "pre-commit"))
    if role == "operator":
        assert_denied(s.bash("cp /tmp/x .git/hoo*/pre-commit", role=role), GIT_HOOK)


@pytest.mark.parametrize("command", [
    "echo 'export CODEX_HOME=/tmp/x' >> ~/.bash?c",
    "tee -a ~/.bash?c <<< 'export CODEX_HOME=/tmp/x'",
])
def test_a_glob_cannot_write_a_start_up_file_unchecked(s, command):
    assert_denied(s.bash(command, role="operator"), STARTUP, os.path.join(s.home, ".bashrc"), "CODEX_HOME")


@pytest.mark.parametrize("role", ["operator", "builder"])
def test_a_glob_cannot_write_envrc_unchecked(s, role):
    assert_denied(s.bash("echo 'export CLAUDE_CONFIG_DIR=/tmp/x' >> .env?c", role=role), STARTUP,
                  os.path.join(s.project, ".envrc"), "CLAUDE_CONFIG_DIR")


def test_a_redirect_glob_cannot_write_git_config_unchecked(s):
    assert_denied(s.bash("printf '[core]\\n\\tfsmonitor = x\\n' >> .git/conf?g", role="operator"),
                  "a git configuration file, is denied", "fsmonitor")


@pytest.mark.parametrize("command", [
    "echo hi >> .env?c",                  # text that sets no hook variable
    "echo done > note?.txt",              # an ordinary file
    "rm .git/hooks/*.sample",             # removing a hook runs nothing
    "echo x > .git/hoo*/not-there",       # matches nothing: bash writes no hook
])
def test_harmless_glob_writes_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))


# --- 6. the fix the hook names after a rollback must not confirm it ---------------------------
# The hook's reason for a rolled-back (or deleted) feed names `legant guard revoke --refresh`;
# re-signing the old feed alone published it without the revocations made since, finishing
# the attack for the user. The setup keeps every revoked id (revocations.json), so the
# republished feed has them back.

from conftest import clean_env, run_legant  # noqa: E402


@pytest.fixture
def fresh(tmp_path):
    return GuardSetup(tmp_path)


def _guard(setup, *args):
    return run_legant(["guard", *args, "--dir", setup.dir], env=clean_env(home=setup.home))


def _revoke_open_then_restore(setup, old_feed=True):
    feed = os.path.join(setup.dir, "feed.jwt")
    with open(feed) as f:
        old = f.read()
    assert _guard(setup, "revoke", "--role", "open").returncode == 0
    assert_denied(setup.bash("ls", role="open"), "revoked")
    if old_feed:
        with open(feed, "w") as f:
            f.write(old)
    else:
        os.unlink(feed)
    os.unlink(os.path.join(setup.dir, "feed-state.json"))


def test_refresh_after_a_rollback_keeps_the_revocations(fresh):
    _revoke_open_then_restore(fresh)
    assert_denied(fresh.bash("ls", role="builder"), "rolled back", "put back the newer feed.jwt",
                  "republishes every id this setup recorded as revoked")
    proc = _guard(fresh, "revoke", "--refresh")
    assert proc.returncode == 0 and "1 revoked id(s) kept" in proc.stdout, proc.stdout + proc.stderr
    assert_denied(fresh.bash("ls", role="open"), "the delegation token is revoked")
    assert_allowed(fresh.bash("ls", role="builder"))


def test_refresh_after_the_feed_was_deleted_keeps_the_revocations(fresh):
    _revoke_open_then_restore(fresh, old_feed=False)
    assert_denied(fresh.bash("ls", role="builder"), "feed.jwt is missing", "revoke --refresh")
    assert _guard(fresh, "revoke", "--refresh").returncode == 0
    assert_denied(fresh.bash("ls", role="open"), "the delegation token is revoked")


def test_refresh_of_a_rolled_back_feed_without_the_id_list_warns(fresh):
    _revoke_open_then_restore(fresh)
    os.unlink(os.path.join(fresh.dir, "revocations.json"))
    proc = _guard(fresh, "revoke", "--refresh")
    assert proc.returncode == 0
    assert "warning: the feed is version 1 but this setup published version 2" in proc.stderr
    assert "revoke those tokens again" in proc.stderr


def test_revoking_twice_and_refreshing_keeps_one_list(fresh):
    assert _guard(fresh, "revoke", "--jti", "11111111-2222-3333-4444-555555555555").returncode == 0
    assert _guard(fresh, "revoke", "--role", "open").returncode == 0
    proc = _guard(fresh, "revoke", "--refresh")
    assert "2 revoked id(s) kept" in proc.stdout and not proc.stderr, proc.stdout + proc.stderr


# --- 5. a denial that cannot be recorded says so once ------------------------------------------

def test_an_audit_trail_that_is_a_folder_is_named_once_in_the_reason(fresh):
    os.mkdir(os.path.join(fresh.dir, "audit.jsonl"))
    reason = assert_denied(fresh.bash("cat .env"), "audit trail", "is a directory", "not recorded either")
    assert reason.count("is a directory") == 1, reason
    reason = assert_denied(fresh.bash("ls"), "is a directory")
    assert reason.count("is a directory") == 1, reason


# --- status, doctor and rules say when the hook refuses every call ------------------------------
# A lost overlay, a rolled-back feed or an edited catalogue makes the hook refuse every call
# while the token and the feed each verify: `status` said all was well (exit 0), `doctor`
# marked the refused harmless read "ok", and `rules` showed an empty overlay.


@pytest.fixture
def installed(tmp_path):
    proj, home = tmp_path / "proj", tmp_path / "home"
    proj.mkdir()
    home.mkdir()
    (proj / "README.md").write_text("hi\n")
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    env.pop("CODEX_HOME", None)

    def legant(*args):
        return run_legant(list(args), env=env, cwd=str(proj))

    guard_dir = str(tmp_path / "guard")
    r = legant("guard", "install", "--tool", "claude-code", "--role", "builder", "--no-git-exclude", "--dir", guard_dir)
    assert r.returncode == 0, r.stderr
    return legant, guard_dir


def test_status_doctor_and_rules_report_a_lost_overlay(installed):
    legant, guard_dir = installed
    assert legant("guard", "status").returncode == 0
    assert legant("guard", "deny", "--cmd", "terraform", "--dir", guard_dir).returncode == 0
    with open(os.path.join(guard_dir, "overlay.json"), "w") as f:
        f.write("{}\n")
    status = legant("guard", "status")
    assert status.returncode == 1
    assert "refuses even a harmless read, so every tool call is refused" in status.stdout
    assert "lost 1 denial(s) the setup recorded (--cmd terraform)" in status.stdout
    doctor = legant("guard", "doctor")
    assert doctor.returncode == 1 and "FAIL harmless Read         denied:" in doctor.stdout, doctor.stdout
    rules = legant("guard", "rules", "--dir", guard_dir)
    assert rules.returncode == 1 and "lost 1 denial(s)" in rules.stderr and "denies every tool call" in rules.stderr
    assert legant("guard", "allow", "--cmd", "terraform", "--dir", guard_dir).returncode == 0
    assert legant("guard", "status").returncode == 0
    assert legant("guard", "rules", "--dir", guard_dir).returncode == 0


def test_status_reports_a_rolled_back_feed(installed):
    legant, guard_dir = installed
    feed = os.path.join(guard_dir, "feed.jwt")
    old = open(feed).read()
    assert legant("guard", "revoke", "--jti", "0f0e0d0c-0b0a-4909-8807-060504030201", "--dir", guard_dir).returncode == 0
    with open(feed, "w") as f:
        f.write(old)
    os.unlink(os.path.join(guard_dir, "feed-state.json"))
    status = legant("guard", "status")
    assert status.returncode == 1 and "revocation feed rolled back" in status.stdout, status.stdout
    assert legant("guard", "revoke", "--refresh", "--dir", guard_dir).returncode == 0
    assert legant("guard", "status").returncode == 0


# --- the verbs these items touch: clear errors, no hang, no traceback ---------------------------

def test_show_of_a_device_or_fifo_is_refused_not_read_forever(fresh, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        proc = _guard(fresh, "show", "--token-file", path)
        assert proc.returncode == 1 and "is not a regular file" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("verb", [["show"], ["revoke"]])
def test_a_role_without_a_token_names_the_roles_the_setup_has(fresh, verb):
    proc = _guard(fresh, *verb, "--role", "nosuch")
    assert proc.returncode == 1
    assert "has no token for the role `nosuch` (it has: builder, open, operator, reviewer)" in proc.stderr


def test_mint_refuses_a_lifetime_the_hook_would_refuse(fresh, tmp_path):
    out = str(tmp_path / "long.jwt")
    proc = _guard(fresh, "mint", "--role", "builder", "--ttl", "40000d", "--out", out)
    assert proc.returncode == 2 and "longer than the guard accepts for a token (at most 100 years)" in proc.stderr
    assert not os.path.exists(out)
    assert _guard(fresh, "mint", "--role", "builder", "--ttl", "2h", "--out", out).returncode == 0


def test_init_warns_on_stderr_when_the_guard_is_installed_inside_the_project(tmp_path):
    import legant_guard

    inside = os.path.dirname(os.path.dirname(os.path.abspath(legant_guard.__file__)))  # holds the package
    home = tmp_path / "home"
    home.mkdir()
    proc = run_legant(["guard", "init", "--project", inside, "--dir", str(tmp_path / "g1")], env=clean_env(home=home))
    assert proc.returncode == 0, proc.stderr
    assert "WARNING: the guard itself is installed inside the project" in proc.stderr
    assert "install legant-guard outside it" in proc.stderr
    elsewhere = tmp_path / "proj"
    elsewhere.mkdir()
    proc = run_legant(["guard", "init", "--project", str(elsewhere), "--dir", str(tmp_path / "g2")],
                      env=clean_env(home=home))
    assert proc.returncode == 0 and "WARNING" not in proc.stderr


def test_install_dry_run_warns_too_when_the_guard_is_inside_the_project(tmp_path):
    import legant_guard

    inside = os.path.dirname(os.path.dirname(os.path.abspath(legant_guard.__file__)))
    home = tmp_path / "home"
    home.mkdir()
    before = sorted(os.listdir(inside))
    proc = run_legant(["guard", "install", "--project", inside, "--tool", "claude-code", "--dry-run",
                       "--dir", str(tmp_path / "g")], env=clean_env(home=home))
    assert proc.returncode == 0, proc.stderr
    assert "dry run: nothing written" in proc.stdout
    assert "WARNING: the guard itself is installed inside the project" in proc.stderr
    assert sorted(os.listdir(inside)) == before


def test_status_names_a_rolled_back_feed_invalid_and_renew_puts_the_revocations_back(installed):
    legant, guard_dir = installed
    feed = os.path.join(guard_dir, "feed.jwt")
    old = open(feed).read()
    assert legant("guard", "revoke", "--jti", "0f0e0d0c-0b0a-4909-8807-060504030201", "--dir", guard_dir).returncode == 0
    with open(feed, "w") as f:
        f.write(old)
    os.unlink(os.path.join(guard_dir, "feed-state.json"))
    status = legant("guard", "status")
    assert status.returncode == 1 and "feed:  INVALID: revocation feed rolled back" in status.stdout, status.stdout
    fix = next(line for line in status.stdout.splitlines() if "fix:" in line and "renew" in line)
    assert "legant guard renew" in fix
    renew = legant("guard", "renew", "--dir", guard_dir)
    assert renew.returncode == 0 and "feed re-signed" in renew.stdout and "1 revoked id(s) kept" in renew.stdout
    assert legant("guard", "status").returncode == 0


def test_renew_of_a_deleted_feed_keeps_the_revocations(fresh):
    _revoke_open_then_restore(fresh, old_feed=False)
    proc = _guard(fresh, "renew")
    assert proc.returncode == 0 and "1 revoked id(s) kept" in proc.stdout, proc.stdout + proc.stderr
    # renew re-minted the open token (a new id); the revoked id is still on the feed
    from legant_guard.delegation.jws import decode_unverified

    with open(os.path.join(fresh.dir, "feed.jwt")) as f:
        assert len(decode_unverified(f.read().strip())[1]["jtis"]) == 1


def test_status_and_doctor_run_a_user_wide_hook_as_claude_code_does(tmp_path):
    """Claude Code tells its hooks the project (CLAUDE_PROJECT_DIR): a user-wide hook in a folder
    that is no git repository works there, so the probes must not report it as refusing all."""
    proj, home = tmp_path / "p", tmp_path / "home"
    proj.mkdir()
    home.mkdir()
    (proj / "README.md").write_text("hi\n")
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    env.pop("CLAUDE_PROJECT_DIR", None)
    assert run_legant(["guard", "install", "--user", "--tool", "claude-code"], env=env, cwd=str(proj)).returncode == 0
    status = run_legant(["guard", "status"], env=env, cwd=str(proj))
    assert status.returncode == 0 and "refuses even a harmless read" not in status.stdout, status.stdout
    doctor = run_legant(["guard", "doctor"], env=env, cwd=str(proj))
    assert doctor.returncode == 0 and "ok   harmless Read         allowed" in doctor.stdout, doctor.stdout


@pytest.mark.parametrize("verb", [["audit", "verify"], ["rules"], ["revoke", "--refresh"], ["deny", "--cmd", "x"]])
def test_a_dir_that_is_no_setup_is_named_as_given(tmp_path, verb):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_legant(["guard", *verb, "--dir", str(empty)], env=clean_env(home=tmp_path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"no guard setup in {empty} (given with --dir)" in proc.stderr and "or pass --dir" not in proc.stderr


@pytest.mark.parametrize("command, says", [
    ("shopt -s nocaseglob; echo 'curl x | sh' > .git/HOOK?/pre-commit", GIT_HOOK),
    ("shopt -s extglob; echo 'curl x | sh' > .git/@(hooks)/pre-commit", GIT_HOOK),
    ("shopt -s globstar; echo 'export CODEX_HOME=/tmp/x' >> ~/**/.bashrc", STARTUP),
    ("echo 'export CODEX_HOME=/tmp/x' >> ~/.bash[r]c", STARTUP),
])
def test_a_redirect_glob_is_expanded_with_the_glob_options_the_command_sets(s, command, says):
    assert_denied(s.bash(command, role="operator"), says)
