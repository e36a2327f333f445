"""Operating the guard while an agent runs: each command's effect on the very next `guard check`.

Every test makes its own real setup with `legant guard init` (they change its feed and
overlay), runs the real CLI in subprocesses and pipes hook events into `legant guard check`;
nothing is executed.
"""

import json
import os
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant


@pytest.fixture
def s(tmp_path):
    setup = GuardSetup(tmp_path)
    with open(os.path.join(setup.project, "README.md"), "w") as f:
        f.write("hello\n")
    return setup


def guard(s, *args):
    """`legant guard ARGS --dir <setup>` as the user would run it from their shell."""
    return run_legant(["guard", *args, "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)


def read_readme(s, role="builder", env=None):
    return s.check("Read", {"file_path": os.path.join(s.project, "README.md")}, role=role, env=env)


def mint_child(s, *args, parent="builder.jwt", name="child.jwt"):
    out = os.path.join(s.root, name)
    proc = guard(s, "mint", "--parent", os.path.join(s.dir, parent), "--out", out, *args)
    assert proc.returncode == 0, proc.stderr
    return out


def feed_claims(s):
    from legant_guard.delegation.jws import decode_unverified

    with open(os.path.join(s.dir, "feed.jwt")) as f:
        return decode_unverified(f.read().strip())[1]


def token_claims(path):
    from legant_guard.delegation.jws import decode_unverified

    with open(path) as f:
        return decode_unverified(f.read().strip())[1]


# --- mint ----------------------------------------------------------------------------------


def test_child_token_is_written_0600_and_works_within_its_narrower_grant(s):
    child = mint_child(s, "--agent", "doc-writer", "--scopes", "fs.read", "--ttl", "1h")
    assert stat.S_IMODE(os.stat(child).st_mode) == 0o600
    claims = token_claims(child)
    assert claims["act"]["sub"] == "agent:doc-writer" and claims["scope"] == "fs.read"
    env = s.env(LEGANT_GUARD_TOKEN_FILE=child)
    assert_allowed(read_readme(s, env=env))
    proc = s.check("Write", {"file_path": os.path.join(s.project, "x.txt"), "content": "x"}, env=env)
    assert_denied(proc, "needs capability fs.write", "grants fs.read")


def test_escalating_child_is_refused_naming_what_was_asked_and_what_the_parent_has(s):
    out = os.path.join(s.root, "child.jwt")
    proc = guard(s, "mint", "--parent", os.path.join(s.dir, "builder.jwt"), "--agent", "sneaky",
                 "--scopes", "fs.read net.fetch", "--out", out)
    assert proc.returncode == 1
    assert "refused: asked for net.fetch but the parent grants only fs.read fs.write shell.exec" in proc.stderr
    assert "Traceback" not in proc.stderr and not os.path.exists(out)


def test_child_path_root_outside_the_parents_is_refused(s):
    proc = guard(s, "mint", "--parent", os.path.join(s.dir, "builder.jwt"), "--agent", "sneaky",
                 "--scopes", "fs.read", "--path", "/etc")
    assert proc.returncode == 1
    assert "path root `/etc` is not inside the parent's path roots" in proc.stderr and s.project in proc.stderr


def test_child_relative_path_is_anchored_at_the_project_and_narrows(s):
    os.makedirs(os.path.join(s.project, "docs"))
    child = mint_child(s, "--agent", "doc-writer", "--scopes", "fs.read", "--path", "docs", "--deny-cmd", "git")
    claims = token_claims(child)
    assert f"path:{os.path.join(s.project, 'docs')}" in claims["cnst"]["resources"]
    assert "deny-cmd:git" in claims["cnst"]["resources"]
    proc = read_readme(s, env=s.env(LEGANT_GUARD_TOKEN_FILE=child))
    assert_denied(proc, "outside the allowed paths")


def test_child_of_a_revoked_parent_is_refused(s):
    assert guard(s, "revoke", "--token-file", os.path.join(s.dir, "builder.jwt")).returncode == 0
    proc = guard(s, "mint", "--parent", os.path.join(s.dir, "builder.jwt"), "--agent", "x", "--scopes", "fs.read")
    assert proc.returncode == 1 and "the parent token is revoked" in proc.stderr


def test_forged_parent_is_refused(s, tmp_path):
    other = GuardSetup(tmp_path / "other", own_key=True)
    proc = guard(s, "mint", "--parent", os.path.join(other.dir, "builder.jwt"), "--agent", "x", "--scopes", "fs.read")
    assert proc.returncode == 1 and "is not valid for this setup" in proc.stderr


def test_role_token_for_the_local_setup(s):
    proc = guard(s, "mint", "--role", "reviewer", "--user", "alice", "--agent", "auditor", "--ttl", "30m")
    assert proc.returncode == 0, proc.stderr
    token = proc.stdout.strip()
    path = s.write_token("auditor.jwt", token)
    claims = token_claims(path)
    assert claims["sub"] == "user:alice" and claims["act"] == {"sub": "agent:auditor"}
    assert claims["scope"] == "fs.read" and 1790 <= claims["exp"] - claims["iat"] <= 1800
    assert_allowed(read_readme(s, env=s.env(LEGANT_GUARD_TOKEN_FILE=path)))


def test_mint_needs_a_role_or_a_parent_and_refuses_mixed_options(s):
    assert "exactly one of --role" in guard(s, "mint").stderr
    proc = guard(s, "mint", "--role", "builder", "--deny-cmd", "git")
    assert proc.returncode == 2 and "--deny-cmd only apply with --parent" in proc.stderr
    proc = guard(s, "mint", "--parent", os.path.join(s.dir, "builder.jwt"), "--agent", "x")
    assert proc.returncode == 2 and "--parent needs --scopes" in proc.stderr


def test_mint_without_a_setup_says_how_to_make_one(tmp_path):
    proc = run_legant(["guard", "mint", "--role", "builder", "--dir", str(tmp_path / "none")],
                      env=clean_env(home=tmp_path))
    assert proc.returncode == 1 and "no guard setup in" in proc.stderr and "legant guard init" in proc.stderr


# --- revoke --------------------------------------------------------------------------------


def test_revoked_token_and_its_children_are_denied_on_the_very_next_call(s):
    child = mint_child(s, "--agent", "doc-writer", "--scopes", "fs.read")
    grandchild = mint_child(s, "--agent", "proof-reader", "--scopes", "fs.read", parent="../child.jwt", name="gc.jwt")
    for token in (None, child, grandchild):
        env = s.env(LEGANT_GUARD_TOKEN_FILE=token) if token else None
        assert_allowed(read_readme(s, env=env))
    ver_before = feed_claims(s)["ver"]

    proc = guard(s, "revoke", "--token-file", os.path.join(s.dir, "builder.jwt"))
    assert proc.returncode == 0, proc.stderr
    parent_jti = token_claims(os.path.join(s.dir, "builder.jwt"))["jti"]
    assert f"revoked {os.path.join(s.dir, 'builder.jwt')}" in proc.stdout and parent_jti in proc.stdout

    assert_denied(read_readme(s), "revoked", "this token")
    assert_denied(read_readme(s, env=s.env(LEGANT_GUARD_TOKEN_FILE=child)), "revoked", f"its parent token {parent_jti}")
    assert_denied(read_readme(s, env=s.env(LEGANT_GUARD_TOKEN_FILE=grandchild)), "revoked", parent_jti)
    assert_allowed(read_readme(s, role="reviewer"))  # other tokens are untouched
    feed = feed_claims(s)
    assert feed["jtis"] == [parent_jti] and feed["ver"] == ver_before + 1
    with open(os.path.join(s.dir, "feed-state.json")) as f:
        assert json.load(f)["https://legant.local"] == feed["ver"]


def test_revoking_twice_is_harmless_and_keeps_earlier_ids(s):
    child = mint_child(s, "--agent", "doc-writer", "--scopes", "fs.read")
    child_jti = token_claims(child)["jti"]
    assert guard(s, "revoke", "--jti", child_jti).returncode == 0
    assert guard(s, "revoke", "--token-file", os.path.join(s.dir, "open.jwt")).returncode == 0
    again = guard(s, "revoke", "--jti", child_jti)
    assert again.returncode == 0 and f"already revoked {child_jti}" in again.stdout
    open_jti = token_claims(os.path.join(s.dir, "open.jwt"))["jti"]
    assert feed_claims(s)["jtis"] == sorted([child_jti, open_jti])
    assert_denied(read_readme(s, env=s.env(LEGANT_GUARD_TOKEN_FILE=child)), "revoked")
    assert_allowed(read_readme(s))


def test_concurrent_revokes_never_lose_one(s):
    ids = [f"{i:032x}" for i in range(1, 9)]
    env = clean_env(home=s.home)
    from conftest import LEGANT

    procs = [subprocess.Popen(LEGANT + ["guard", "revoke", "--jti", j, "--dir", s.dir], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for j in ids]
    assert [p.wait(timeout=120) for p in procs] == [0] * 8
    feed = feed_claims(s)
    assert feed["jtis"] == ids
    assert_allowed(read_readme(s))  # the final feed verifies and is not seen as a rollback


def test_revoke_refuses_a_malformed_id_and_needs_something_to_revoke(s):
    proc = guard(s, "revoke", "--jti", "not an id")
    assert proc.returncode == 2 and "is not a token id" in proc.stderr
    proc = guard(s, "revoke")
    assert proc.returncode == 2 and "--token-file FILE or --jti ID" in proc.stderr


def test_expired_feed_fails_closed_with_the_refresh_hint_and_refresh_fixes_it(s):
    from legant_guard.delegation.mint import build_feed

    old = time.time() - 7200
    expired = build_feed(s.key_pem(), "legant-guard-local", issuer="https://legant.local", jtis=["ab" * 16],
                         ver=1, ttl_seconds=60, now=old)
    with open(os.path.join(s.dir, "feed.jwt"), "w") as f:
        f.write(expired)
    reason = assert_denied(read_readme(s), "revocation feed expired", "run `legant guard revoke --refresh`")
    assert "every call is denied" in reason

    proc = guard(s, "revoke", "--refresh")
    assert proc.returncode == 0 and "feed re-signed" in proc.stdout
    assert_allowed(read_readme(s))
    feed = feed_claims(s)
    assert feed["jtis"] == ["ab" * 16] and feed["exp"] > time.time() + 86400


# --- deny / allow / rules ------------------------------------------------------------------


def test_overlay_deny_cmd_denies_it_by_shell_and_allow_restores_it(s):
    assert_allowed(s.bash("terraform plan", role="open"))
    proc = guard(s, "deny", "--cmd", "terraform")
    assert proc.returncode == 0 and "denied command terraform" in proc.stdout
    assert_denied(s.bash("terraform plan", role="open"), "`terraform` is denied by deny-cmd")
    assert_denied(s.bash("cd infra && sh -c 'terraform plan'", role="open"), "`terraform` is denied by deny-cmd")
    proc = guard(s, "allow", "--cmd", "terraform")
    assert proc.returncode == 0, proc.stderr
    assert "removed the overlay's denial of command terraform" in proc.stdout
    assert_allowed(s.bash("terraform plan", role="open"))


def test_overlay_deny_path_tool_and_host_take_effect_on_the_next_call(s):
    os.makedirs(os.path.join(s.project, "secrets"))
    with open(os.path.join(s.project, "secrets", "k.txt"), "w") as f:
        f.write("k")
    proc = guard(s, "deny", "--path", "./secrets/", "--tool", "Glob", "--host", "Example.COM.")
    secrets = os.path.join(s.project, "secrets")
    assert proc.returncode == 0 and f"denied path {secrets}" in proc.stdout  # anchored at the project
    assert_denied(s.check("Read", {"file_path": os.path.join(secrets, "k.txt")}), f"denied by deny-path {secrets}")
    assert_denied(s.bash("cat secrets/k.txt"), f"denied by deny-path {secrets}")
    # from another working directory the entry still means the project's secrets folder
    os.makedirs(os.path.join(s.project, "sub"))
    assert_denied(s.bash("cat ../secrets/k.txt", cwd=os.path.join(s.project, "sub")), f"denied by deny-path {secrets}")
    assert_denied(s.check("Glob", {"pattern": "*.md"}), "tool `Glob` is denied by deny-tool `Glob`")
    assert_denied(s.check("WebFetch", {"url": "https://api.example.com/x", "prompt": "p"}, role="open"),
                  "host api.example.com is denied by deny-host example.com")
    assert_allowed(read_readme(s))
    proc = guard(s, "allow", "--path", "secrets")
    assert proc.returncode == 0 and f"removed the overlay's denial of path {secrets}" in proc.stdout
    assert_allowed(s.check("Read", {"file_path": os.path.join(secrets, "k.txt")}))


def test_allow_removes_a_hand_written_relative_path(s):
    with open(os.path.join(s.dir, "overlay.json"), "w") as f:
        json.dump({"deny_paths": ["./docs/"]}, f)
    proc = guard(s, "allow", "--path", "docs")
    assert proc.returncode == 0 and "removed the overlay's denial" in proc.stdout
    assert json.load(open(os.path.join(s.dir, "overlay.json")))["deny_paths"] == []


def test_allow_refuses_to_widen_a_token_denial(s):
    proc = guard(s, "allow", "--cmd", "curl")
    assert proc.returncode == 1
    assert "command curl was not denied by the overlay" in proc.stdout
    assert "still denied: the builder token itself denies command curl (`curl` is denied by deny-cmd)" in proc.stderr
    assert "never widens a token" in proc.stderr
    assert_denied(s.bash("curl https://example.com"), "`curl` is denied by deny-cmd")


def test_allow_with_a_role_also_names_a_missing_allow_list_entry(s):
    proc = guard(s, "allow", "--cmd", "kubectl", "--role", "builder")  # on no toolchain's list either
    assert proc.returncode == 1
    assert "the builder token itself denies command kubectl (`kubectl` is not on the command allow-list)" in proc.stderr


def test_overlay_is_sorted_deduplicated_and_private(s):
    guard(s, "deny", "--cmd", "zz", "--cmd", "aa")
    proc = guard(s, "deny", "--cmd", "aa")
    assert "command aa was already denied" in proc.stdout
    path = os.path.join(s.dir, "overlay.json")
    assert json.load(open(path))["deny_cmds"] == ["aa", "zz"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    rules = guard(s, "rules")
    assert rules.returncode == 0 and "deny commands:  aa, zz" in rules.stdout
    assert "legant guard show --role" in rules.stdout
    assert json.loads(guard(s, "rules", "--json").stdout)["deny_cmds"] == ["aa", "zz"]


def test_corrupt_overlay_fails_closed_with_the_repair_hint_and_is_never_overwritten(s):
    path = os.path.join(s.dir, "overlay.json")
    with open(path, "w") as f:
        f.write('{"deny_cmds": ["terraform"')
    assert_denied(read_readme(s), "deny overlay", "is not valid JSON; repair it or delete it")
    proc = guard(s, "deny", "--cmd", "kubectl")
    assert proc.returncode == 1 and "is not valid JSON; repair it or delete it" in proc.stderr
    assert open(path).read() == '{"deny_cmds": ["terraform"'
    proc = guard(s, "rules")
    assert proc.returncode == 1 and "denies every tool call" in proc.stderr
    os.unlink(path)
    assert_allowed(read_readme(s))


def test_deny_needs_something_to_deny(s):
    proc = guard(s, "deny")
    assert proc.returncode == 2 and "name at least one --path, --cmd, --host or --tool" in proc.stderr


# --- audit trail through the real hook ---------------------------------------------------


WORKERS, PER_WORKER = 6, 20  # 120 real hook processes racing for the trail's lock


def test_parallel_hook_processes_write_intact_chained_lines(s):
    env = s.env(LEGANT_GUARD_AUDIT=os.path.join(s.root, "audit.jsonl"))
    from conftest import LEGANT

    def worker(w):
        codes = []
        for i in range(PER_WORKER):
            command = "ls" if i % 5 else "curl https://example.com"
            event = s.event("Bash", {"command": command}, tool_use_id=f"toolu_{w}_{i}", session_id=f"sess-{w}")
            proc = subprocess.run(LEGANT + ["guard", "check"], input=json.dumps(event), env=env,
                                  capture_output=True, text=True, timeout=60)
            codes.append(proc.returncode)
        return codes

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(worker, range(WORKERS)))
    assert all(c == [2 if i % 5 == 0 else 0 for i in range(PER_WORKER)] for c in results)
    path = os.path.join(s.root, "audit.jsonl")
    recs = [json.loads(line) for line in open(path)]
    assert len(recs) == WORKERS * PER_WORKER
    assert [r["seq"] for r in recs] == list(range(1, WORKERS * PER_WORKER + 1))
    assert sorted(r["tool_use_id"] for r in recs) == sorted(f"toolu_{w}_{i}" for w in range(WORKERS) for i in range(PER_WORKER))
    assert sum(r["decision"] == "deny" for r in recs) == WORKERS * PER_WORKER // 5
    proc = guard(s, "audit", "verify", "--file", path)
    assert proc.returncode == 0 and f"{WORKERS * PER_WORKER} records, chain intact" in proc.stdout


@pytest.fixture
def trail(s):
    """A 6-decision trail written by the real hook."""
    for command in ("ls", "curl https://x.test", "git status", "ls -la", "wget x", "echo hi"):
        s.bash(command)
    path = os.path.join(s.dir, "audit.jsonl")
    assert len(open(path).readlines()) == 6
    return path


def _edit_lines(path, change):
    with open(path, "rb") as f:
        lines = f.readlines()
    change(lines)
    with open(path, "wb") as f:
        f.writelines(lines)


def test_audit_verify_passes_on_the_setups_trail_by_default(s, trail):
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 0 and "6 records, chain intact (seq 1..6)" in proc.stdout


def test_audit_verify_names_an_edited_line(s, trail):
    _edit_lines(trail, lambda ls: ls.__setitem__(1, ls[1].replace(b'"decision":"deny"', b'"decision":"allow"')))
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "line 2 (seq 2)" in proc.stderr and "edited" in proc.stderr


def test_audit_verify_names_a_deleted_line(s, trail):
    _edit_lines(trail, lambda ls: ls.__delitem__(3))
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "line 4 (seq 5): expected seq 4" in proc.stderr


def test_audit_verify_names_reordered_lines(s, trail):
    def swap(ls):
        ls[2], ls[4] = ls[4], ls[2]

    _edit_lines(trail, swap)
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "line 3 (seq 5): expected seq 3" in proc.stderr


def test_audit_verify_detects_the_last_line_cut_off(s, trail):
    _edit_lines(trail, lambda ls: ls.pop())
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "ends at seq 5 but seq 6 was written" in proc.stderr


def test_hook_records_carry_the_wire_fields_and_no_credentials(s):
    s.bash("mysql -u root -pS3cretPw -e 'select 1'", role="open")
    rec = json.loads(open(os.path.join(s.dir, "audit.jsonl")).readline())
    for field in ("ts", "session", "tool", "verb", "target", "decision", "reason", "jti", "provenance",
                  "tool_use_id", "agent", "cwd", "seq", "prev", "hash"):
        assert field in rec, field
    assert rec["session"] == "test-session" and rec["tool_use_id"] == "toolu_1" and rec["cwd"] == s.project
    assert "S3cretPw" not in json.dumps(rec) and "-p[REDACTED]" in rec["target"]


# --- logs ----------------------------------------------------------------------------------


def test_logs_reads_the_trail_newest_last_with_filters(s, trail):
    proc = guard(s, "logs")
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0 and len(lines) == 6
    assert "allow" in lines[0] and "Bash" in lines[0] and lines[0].split()[-1] == "ls"
    assert "DENY" in lines[1] and "curl https://x.test" in lines[1] and "deny-cmd" in lines[1]
    denied = guard(s, "logs", "--denied").stdout.splitlines()
    assert len(denied) == 2 and all("DENY" in line for line in denied)
    assert guard(s, "logs", "-n", "1").stdout.splitlines()[0].endswith("echo hi")
    assert guard(s, "logs", "--tool", "Read").stderr.strip() == "no matching decisions"
    assert len(guard(s, "logs", "--session", "test-session").stdout.splitlines()) == 6
    assert len(guard(s, "logs", "--since", "1h").stdout.splitlines()) == 6
    assert guard(s, "logs", "--since", "2000-01-01").returncode == 0
    recs = [json.loads(line) for line in guard(s, "logs", "--json", "--denied").stdout.splitlines()]
    assert [r["seq"] for r in recs] == [2, 5]


def test_logs_since_excludes_older_records(s, tmp_path):
    from legant_guard.hook import audit

    path = str(tmp_path / "a.jsonl")
    audit.append(path, {"ts": "2020-01-01T00:00:00Z", "tool": "Bash", "target": "old", "decision": "allow"})
    audit.append(path, {"ts": audit.utc_now_rfc3339(), "tool": "Bash", "target": "new", "decision": "allow"})
    out = guard(s, "logs", "--since", "2h", "--file", path).stdout.splitlines()
    assert len(out) == 1 and out[0].endswith("new")
    proc = guard(s, "logs", "--since", "yesterday", "--file", path)
    assert proc.returncode == 2 and "neither a duration" in proc.stderr


def test_logs_skips_damaged_lines_and_points_to_verify(s, trail):
    with open(trail, "a") as f:
        f.write("garbage\n")
    proc = guard(s, "logs")
    assert len(proc.stdout.splitlines()) == 6
    assert "1 damaged line(s) skipped; run `legant guard audit verify`" in proc.stderr


def test_logs_without_a_trail_says_so(s):
    proc = guard(s, "logs")
    assert proc.returncode == 1 and "no audit trail at" in proc.stderr


# --- help ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", [["mint"], ["revoke"], ["deny"], ["allow"], ["rules"], ["logs"], ["audit"],
                                 ["audit", "verify"]])
def test_every_command_help_explains_it_with_an_example(cmd):
    proc = run_legant(["guard", *cmd, "--help"])
    assert proc.returncode == 0
    assert "Example" in proc.stdout and f"legant guard {' '.join(cmd)}" in proc.stdout


def test_revoke_by_role_revokes_the_setups_current_token_for_it(tmp_path):
    setup = GuardSetup(tmp_path)
    assert_allowed(setup.check("Read", {"file_path": "README.md"}, role="open"))
    proc = run_legant(["guard", "revoke", "--role", "open", "--dir", setup.dir], env=clean_env(home=setup.home))
    assert proc.returncode == 0, proc.stderr
    assert_denied(setup.check("Read", {"file_path": "README.md"}, role="open"), "revoked", "this token")
    assert_allowed(setup.check("Read", {"file_path": "README.md"}, role="builder"))


def test_allow_reports_a_token_denial_however_the_command_is_spelled(s):
    """`allow` asks the hook's engine, so it agrees with `guard check` (deny side ignores case)."""
    proc = guard(s, "allow", "--cmd", "CURL", "--role", "builder")
    assert proc.returncode == 1 and "`CURL` is denied by deny-cmd" in proc.stderr
    proc = guard(s, "allow", "--path", "~/.SSH/id_rsa", "--role", "open")
    assert proc.returncode == 1 and "deny-path ~/.ssh" in proc.stderr
