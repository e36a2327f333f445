"""The guard's own records under tamper (issue 10, items 4-7): the guard dir, the audit trail,
the feed's version high-water mark and the overlay. Every test tampers with the real files of a
real setup (truncate, delete, symlink, chmod, torn line) and asserts the verdict and the reason,
or what `guard audit verify` reports; the harmless neighbours stay allowed / OK."""

import json
import os
import shutil
import stat
import uuid

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def guard(s, *args, env=None):
    return run_legant(["guard", *args, "--dir", s.dir], env=env or clean_env(home=s.home))


def verify(s):
    return guard(s, "audit", "verify")


def calls(s, n=3):
    for i in range(n):
        assert_allowed(s.bash(f"ls src{i}"))


def path(s, name):
    return os.path.join(s.dir, name)


# --- 4. the guard dir itself ---------------------------------------------------------------


@pytest.mark.parametrize("mode,says", [(0o777, "writable by others"), (0o770, "writable by its group")])
def test_guard_dir_writable_by_others_is_refused(s, mode, says):
    os.chmod(s.dir, mode)
    assert_denied(s.bash("ls"), "guard directory", "not safe", says, "chmod 700")
    os.chmod(s.dir, 0o700)
    assert_allowed(s.bash("ls"))


def test_a_guard_dir_reached_through_a_symlink_is_judged_by_its_target(s):
    target = os.path.join(s.root, "elsewhere")
    os.rename(s.dir, target)
    os.symlink(target, s.dir)
    assert_allowed(s.bash("ls"))
    os.chmod(target, 0o777)
    assert_denied(s.bash("ls"), "not safe", "writable by others")


def test_a_world_writable_ancestor_without_the_sticky_bit_is_refused(s):
    parent = os.path.dirname(s.dir)
    os.chmod(parent, 0o777)
    try:
        assert_denied(s.bash("ls"), "not safe", "writable by everyone", "not sticky")
        os.chmod(parent, 0o1777)  # like /tmp: others cannot rename what is ours
        assert_allowed(s.bash("ls"))
    finally:
        os.chmod(parent, 0o755)


def test_init_refuses_a_world_writable_guard_dir(s):
    os.chmod(s.dir, 0o777)
    proc = run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "refusing to use the guard directory" in proc.stderr and "writable by others" in proc.stderr


@pytest.mark.parametrize("verb", [["revoke", "--role", "open"], ["deny", "--cmd", "terraform"], ["audit", "verify"]])
def test_commands_refuse_a_guard_dir_writable_by_others(s, verb):
    os.chmod(s.dir, 0o777)
    proc = guard(s, *verb)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "refusing to use the guard directory" in proc.stderr and "writable by others" in proc.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the dir to another user")
def test_guard_dir_of_another_user_is_refused(s):
    os.chown(s.dir, 65534, 65534)
    assert_denied(s.bash("ls"), "belongs to another user (uid 65534)")


def test_init_makes_every_folder_0700_whatever_the_umask(tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    target = tmp_path / "a" / "b" / "guard"
    old = os.umask(0)
    try:
        proc = run_legant(["guard", "init", "--project", str(project), "--dir", str(target)], env=clean_env(home=home))
        default = run_legant(["guard", "init", "--project", str(project)], env=clean_env(home=home), cwd=str(project))
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    assert default.returncode == 0, default.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target,
                   home / ".config" / "legant", home / ".config" / "legant" / "guard"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
    for name in os.listdir(target):
        if not name.endswith(".lock"):
            assert stat.S_IMODE(os.stat(target / name).st_mode) == 0o600, name


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run init as another user")
def test_init_as_another_user_on_a_foreign_dir_is_a_clear_error(tmp_path):
    base = tmp_path / "pub"
    base.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(base, 0o755)
    (base / "proj").mkdir()
    foreign = base / "rootsdir"
    foreign.mkdir(mode=0o755)
    env = clean_env(home=str(base))
    import subprocess
    import sys

    from conftest import LEGANT

    try:
        proc = subprocess.run(LEGANT + ["guard", "init", "--project", str(base / "proj"), "--dir", str(foreign / "g")],
                              env=env, capture_output=True, text=True,
                              preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
    except PermissionError:
        pytest.skip("the venv's `legant` cannot be run by another user here")
    if proc.returncode != 1 and ("Permission denied" in proc.stderr and "Traceback" in proc.stderr
                                 and "guarddir" not in proc.stderr):
        pytest.skip("the venv cannot be imported by another user here")
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "cannot set up the guard directory" in proc.stderr
    assert "Permission denied" in proc.stderr and "--dir" in proc.stderr
    del sys


def test_init_where_no_folder_can_be_made_is_a_clear_error(tmp_path):
    (tmp_path / "proj").mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = run_legant(["guard", "init", "--project", str(tmp_path / "proj"), "--dir", str(blocker / "guard")],
                      env=clean_env(home=tmp_path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "cannot set up the guard directory" in proc.stderr and "Not a directory" in proc.stderr


@pytest.mark.parametrize("name,says", [
    ("feed.jwt", "revocation feed"), ("overlay.json", "deny overlay"), ("builder.jwt", "token file"),
    ("feed-state.json", "feed version state"), ("setup.json", "setup record"),
])
def test_a_symlink_in_place_of_a_guard_file_is_never_followed(s, name, says):
    real = path(s, name)
    copy = os.path.join(s.root, name + ".copy")
    shutil.copy(real, copy)
    os.unlink(real)
    os.symlink(copy, real)
    assert_denied(s.bash("ls"), says, "symbolic link")


def test_a_symlinked_audit_trail_is_refused_and_the_deny_says_it_went_unrecorded(s):
    calls(s, 1)
    real = path(s, "audit.jsonl")
    os.rename(real, real + ".moved")
    os.symlink(real + ".moved", real)
    assert_denied(s.bash("ls"), "cannot write the audit trail", "symbolic link")
    # A call denied anyway is still denied, and its reason (stderr) says it is missing from the trail.
    reason = assert_denied(s.check("Write", {"file_path": os.path.join(s.project, "x"), "content": "x"}, role="reviewer"),
                           "could not be recorded in the audit trail", "symbolic link")
    assert "fs.write" in reason


def test_a_symlinked_key_is_refused_by_the_cli(s):
    key = path(s, "key.pem")
    shutil.copy(key, key + ".real")
    os.unlink(key)
    os.symlink(key + ".real", key)
    proc = guard(s, "revoke", "--role", "open")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "symbolic link" in proc.stderr


# --- 5. the audit trail survives truncation, deletion and torn lines -------------------------


def test_a_fresh_setup_verifies_ok(s):
    proc = verify(s)
    assert proc.returncode == 0 and "audit trail OK" in proc.stdout and "empty" in proc.stdout
    calls(s, 2)
    proc = verify(s)
    assert proc.returncode == 0 and "2 records, chain intact" in proc.stdout


def _broken(s, *fragments):
    proc = verify(s)
    assert proc.returncode == 1 and "audit trail BROKEN" in proc.stderr, proc.stdout + proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, (fragment, proc.stderr)
    return proc.stderr


def test_truncated_trail_is_still_reported_after_many_later_calls(s):
    calls(s, 4)
    trail = path(s, "audit.jsonl")
    with open(trail, "rb") as f:
        lines = f.readlines()
    with open(trail, "wb") as f:
        f.writelines(lines[:2])
    calls(s, 5)
    _broken(s, "chain was broken", "the trail ends at seq 2 but its head says seq 4")


@pytest.mark.parametrize("gone,says", [
    (("audit.jsonl",), "the audit trail is empty but its head says seq 3"),
    (("audit.jsonl.head",), "its head file is missing"),
    (("audit.jsonl", "audit.jsonl.head"), "the audit trail and its head were deleted"),
])
def test_deleted_trail_or_head_is_still_reported_after_later_calls(s, gone, says):
    calls(s, 3)
    for name in gone:
        os.unlink(path(s, name))
    if len(gone) == 2:  # (red team #45) the feed's high-water mark went with both: refused until a newer feed
        assert_denied(s.bash("ls"), "cannot be told from an older copy", "revoke --refresh")
        assert guard(s, "revoke", "--refresh").returncode == 0
    calls(s, 3)
    _broken(s, "chain was broken", says)


def test_logs_show_a_chain_break_as_a_note_not_an_allow(s):
    calls(s, 2)
    os.unlink(path(s, "audit.jsonl.head"))
    calls(s, 1)
    proc = guard(s, "logs")
    note = [line for line in proc.stdout.splitlines() if "chain-break" in line]
    assert len(note) == 1 and "NOTE" in note[0] and "allow" not in note[0].split("—")[0]


def test_deleting_trail_and_head_is_reported_even_before_the_next_call(s):
    calls(s, 2)
    os.unlink(path(s, "audit.jsonl"))
    os.unlink(path(s, "audit.jsonl.head"))
    _broken(s, "missing but records were written")


def test_init_after_deleting_trail_and_head_does_not_make_it_look_fresh(s):
    calls(s, 2)
    os.unlink(path(s, "audit.jsonl"))
    os.unlink(path(s, "audit.jsonl.head"))
    assert run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home)).returncode == 0
    calls(s, 1)
    _broken(s, "the audit trail and its head were deleted")


def test_torn_last_line_is_repaired_and_later_edits_are_still_caught(s):
    calls(s, 2)
    trail = path(s, "audit.jsonl")
    with open(trail, "ab") as f:
        f.write(b'{"ts":"2026-')  # a crash mid-write: no newline, the head never moved
    calls(s, 3)
    with open(trail, "rb") as f:
        lines = f.readlines()
    note = json.loads(lines[3])
    assert note["event"] == "repair" and "torn" in note["reason"]
    assert json.loads(lines[4])["target"] == "ls src0"
    text = _broken(s, "line 3: not valid JSON (a torn write, closed by the repair record at line 4)")
    assert "chain was broken" not in text
    # Verification went on past the repair: an edit further down is named.
    edited = json.loads(lines[5])
    edited["target"] = "ls nothing-to-see"
    lines[5] = (json.dumps(edited, sort_keys=True, separators=(",", ":")) + "\n").encode()
    with open(trail, "wb") as f:
        f.writelines(lines)
    _broken(s, "torn write", "line 6 (seq 5): its content does not match its hash")


def test_a_cut_made_to_look_like_a_torn_line_is_a_break(s):
    calls(s, 3)
    trail = path(s, "audit.jsonl")
    with open(trail, "rb") as f:
        data = f.read()
    with open(trail, "wb") as f:
        f.write(data[:-40])  # the last record (which the head acknowledged) loses its end
    calls(s, 1)
    _broken(s, "chain was broken", "not a record")


# --- 6. the feed version high-water mark ----------------------------------------------------


def _old_feed_back(s):
    """Revoke the open token, then put the feed from before the revocation back."""
    old = open(path(s, "feed.jwt")).read()
    assert guard(s, "revoke", "--role", "open").returncode == 0
    assert_denied(s.bash("ls", role="open"), "revoked")
    with open(path(s, "feed.jwt"), "w") as f:
        f.write(old)


def test_restoring_an_old_feed_after_deleting_the_state_file_is_a_rollback(s):
    _old_feed_back(s)
    os.unlink(path(s, "feed-state.json"))
    assert_denied(s.bash("ls", role="open"), "rolled back", "setup record", "reset or deleted")
    assert_denied(s.bash("ls", role="builder"), "rolled back")


def test_the_audit_head_remembers_the_version_when_state_and_setup_record_lose_it(s):
    calls(s, 1)
    _old_feed_back(s)
    calls_before = s.bash("ls", role="builder")  # rollback already refused here (state still there)
    assert_denied(calls_before, "rolled back")
    os.unlink(path(s, "feed-state.json"))
    record = json.load(open(path(s, "setup.json")))
    record.pop("feed_ver")
    with open(path(s, "setup.json"), "w") as f:
        json.dump(record, f)
    assert_denied(s.bash("ls", role="open"), "rolled back", "audit head")


def test_deleting_the_state_file_alone_is_harmless(s):
    os.unlink(path(s, "feed-state.json"))
    assert_allowed(s.bash("ls"))
    assert json.load(open(path(s, "feed-state.json")))["https://legant.local"] == 1


def test_init_over_a_feed_another_guard_published_goes_on_from_its_version(s):
    from legant_guard.delegation.mint import build_feed
    import time

    for name in ("feed-state.json", "setup.json", "audit.jsonl.head"):
        if os.path.exists(path(s, name)):
            os.unlink(path(s, name))
    with open(path(s, "feed.jwt"), "w") as f:  # what Legant's Go guard left: version 5, no state
        f.write(build_feed(s.key_pem(), "legant-guard-local", issuer="https://legant.local", jtis=["a" * 32],
                           ver=5, ttl_seconds=3600, now=time.time()))
    assert run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home)).returncode == 0
    from legant_guard.delegation.jws import decode_unverified

    claims = decode_unverified(open(path(s, "feed.jwt")).read())[1]
    assert claims["ver"] == 6 and claims["jtis"] == ["a" * 32]
    assert json.load(open(path(s, "setup.json")))["feed_ver"] == 6


# --- 7. the overlay only ever tightens ------------------------------------------------------


def _deny_terraform(s):
    assert guard(s, "deny", "--cmd", "terraform").returncode == 0
    assert_denied(s.bash("terraform apply"), "terraform")


@pytest.mark.parametrize("tamper", ["delete", "empty", "cut"])
def test_a_deleted_or_emptied_overlay_is_a_deny(s, tamper):
    _deny_terraform(s)
    overlay = path(s, "overlay.json")
    if tamper == "delete":
        os.unlink(overlay)
    elif tamper == "empty":
        with open(overlay, "w") as f:
            json.dump({"deny_paths": [], "deny_cmds": [], "deny_hosts": [], "deny_tools": []}, f)
    else:
        with open(overlay, "w") as f:
            json.dump({"deny_cmds": ["kubectl"]}, f)
    assert_denied(s.bash("ls"), "deny overlay", "lost 1 denial", "--cmd terraform", "restore it",
                  "legant guard allow --cmd terraform")


def test_guard_allow_clears_a_recorded_entry_explicitly(s):
    _deny_terraform(s)
    os.unlink(path(s, "overlay.json"))
    proc = guard(s, "allow", "--cmd", "terraform")
    assert proc.returncode == 0 and "removed the overlay's denial of command terraform" in proc.stdout
    assert_allowed(s.bash("ls"))
    assert "terraform" not in json.load(open(path(s, "setup.json"))).get("overlay", {}).get("deny_cmds", [])


def test_guard_deny_on_a_deleted_overlay_restores_the_recorded_entries(s):
    _deny_terraform(s)
    os.unlink(path(s, "overlay.json"))
    assert guard(s, "deny", "--host", "pastebin.com").returncode == 0
    assert_denied(s.bash("terraform apply"), "terraform")
    assert json.load(open(path(s, "overlay.json")))["deny_cmds"] == ["terraform"]


def test_deleting_the_setup_record_with_the_overlay_is_a_deny_until_init(s):
    _deny_terraform(s)
    os.unlink(path(s, "overlay.json"))
    os.unlink(path(s, "setup.json"))  # the record of the overlay's entries goes too
    assert_denied(s.bash("ls"), "setup record", "is missing though this setup had one", "legant guard init")
    assert run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home)).returncode == 0
    assert_allowed(s.bash("ls"))


def test_a_fresh_setup_without_calls_yet_still_notices_a_deleted_setup_record(s):
    os.unlink(path(s, "setup.json"))
    assert_denied(s.bash("ls"), "is missing though this setup had one")


def test_entries_added_by_hand_only_tighten_and_are_fine(s):
    _deny_terraform(s)
    with open(path(s, "overlay.json"), "w") as f:
        json.dump({"deny_cmds": ["terraform", "kubectl"]}, f)
    assert_allowed(s.bash("ls"))
    assert_denied(s.bash("kubectl get pods"), "kubectl")


def test_a_misspelled_overlay_key_is_refused(s):
    with open(path(s, "overlay.json"), "w") as f:
        json.dump({"deny_cmd": ["terraform"]}, f)
    assert_denied(s.bash("ls"), "unknown key `deny_cmd`", "deny_cmds")


# --- 8. revocation at scale -----------------------------------------------------------------


def test_a_feed_of_ten_thousand_uuids_is_read_and_enforced(s):
    from legant_guard.commands.revoke import revoke_ids

    ids = [str(uuid.uuid4()) for _ in range(10_000)]
    builder = json.loads(__import__("base64").urlsafe_b64decode(
        open(path(s, "builder.jwt")).read().split(".")[1] + "==="))["jti"]
    ver, on_feed, _ = revoke_ids(s.dir, ids + [builder])
    assert len(on_feed) == 10_001 and os.path.getsize(path(s, "feed.jwt")) > 64 * 1024
    assert_allowed(s.bash("ls", role="open"))
    assert_denied(s.bash("ls", role="builder"), "revoked")


def test_revoke_prunes_ids_whose_tokens_expired_and_keeps_unknown_ones(s):
    import time

    from legant_guard import guarddir

    expired = guarddir.mint_role_token(s.dir, s.project, "open", 60, now=time.time() - 3600)
    old_file = s.write_token("old.jwt", expired)
    assert guard(s, "revoke", "--token-file", old_file, "--jti", "c" * 32).returncode == 0
    assert guard(s, "revoke", "--role", "reviewer").returncode == 0
    from legant_guard.delegation.jws import decode_unverified

    feed = decode_unverified(open(path(s, "feed.jwt")).read())[1]
    old_jti = decode_unverified(expired)[1]["jti"]
    reviewer_jti = decode_unverified(open(path(s, "reviewer.jwt")).read())[1]["jti"]
    assert old_jti not in feed["jtis"]
    assert "c" * 32 in feed["jtis"] and reviewer_jti in feed["jtis"]
    assert_denied(s.bash("ls", role="reviewer"), "revoked")
