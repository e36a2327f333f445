"""Red team #35 (issue 10, classes 5, 6 and "also found"): the guard's own records tampered with
from outside the agent, as a process of the same user would, then the real verbs run.

Each test tampers with the real files of a GuardSetup (or runs `init` over them) and asserts the
verdict or what the verb prints, with a harmless neighbour that stays allowed or OK."""

import json
import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def guard(s, *args):
    return run_legant(["guard", *args, "--dir", s.dir], env=clean_env(home=s.home))


def path(s, name):
    return os.path.join(s.dir, name)


def calls(s, n=3):
    for i in range(n):
        assert_allowed(s.bash(f"ls src{i}"))


def read(name):
    with open(name, "rb") as f:
        return f.read()


def write(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# --- 5. a line re-encoded keeps its hash but not its bytes ------------------------------------


def _first_line_respelt(line):
    rec = json.loads(line)
    return {
        "crlf": line[:-1] + b"\r\n",
        "spaces": json.dumps(rec, sort_keys=True).encode() + b"\n",
        "escape": line.replace(b'"decision":"allow"', b'"decision":"\\u0061llow"'),
        # a duplicate key the parser drops (last wins): a reader keeping the first one reads a deny
        "duplicate key": line.replace(b'{"agent"', b'{"decision":"deny","agent"', 1),
    }


@pytest.mark.parametrize("spelling", ["crlf", "spaces", "escape", "duplicate key"])
def test_a_record_spelt_otherwise_is_reported_though_its_hash_still_matches(s, spelling):
    calls(s, 3)
    lines = read(path(s, "audit.jsonl")).splitlines(keepends=True)
    lines[0] = _first_line_respelt(lines[0])[spelling]
    write(path(s, "audit.jsonl"), b"".join(lines))
    calls(s, 2)
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1
    assert "line 1 (seq 1): its bytes are not the ones the guard wrote" in proc.stderr


def test_an_untouched_trail_still_verifies(s):
    calls(s, 3)
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 0 and "3 records, chain intact" in proc.stdout


def _count_reads(monkeypatch):
    """The sizes of every os.pread from now on (the audit trail's tail is read with it)."""
    read_bytes = []
    real = os.pread

    def counting(fd, n, offset):
        data = real(fd, n, offset)
        read_bytes.append(len(data))
        return data

    monkeypatch.setattr(os, "pread", counting)
    return read_bytes


def test_a_huge_torn_line_is_read_once_not_once_per_step(s, monkeypatch):
    """A line without an end of 100 MB took the next call 13 s to find (past the hook's last
    deadline, on every call); the tail is now read with a doubling window."""
    calls(s, 1)
    torn = 6 * 1024 * 1024
    with open(path(s, "audit.jsonl"), "ab") as f:
        f.write(b"x" * torn)
    read_bytes = _count_reads(monkeypatch)
    assert_allowed(s.bash("ls"))
    monkeypatch.undo()
    assert sum(read_bytes) < 3 * torn, sum(read_bytes)
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "a torn write, closed by the repair record" in proc.stderr


def test_a_tail_longer_than_any_record_is_looked_at_only_so_far(s, monkeypatch):
    """`truncate -s +2G audit.jsonl` (or a file system's zero-filled tail after a crash) made every
    later call read and hash it all: past the hook's last deadline, every call denied for ever."""
    from legant_guard.hook.audit import MAX_LINE_BYTES

    calls(s, 1)
    os.truncate(path(s, "audit.jsonl"), os.path.getsize(path(s, "audit.jsonl")) + 3 * MAX_LINE_BYTES)
    read_bytes = _count_reads(monkeypatch)
    assert_allowed(s.bash("ls"))
    monkeypatch.undo()
    # (the tail is looked at three times: the feed version it carries, where to chain on, and the
    # version again for the break note; each stops at MAX_LINE_BYTES)
    assert sum(read_bytes) <= 3 * (MAX_LINE_BYTES + 2 * 65536), sum(read_bytes)
    assert_allowed(s.bash("ls"))
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "longer than any record" in proc.stderr


def test_a_head_left_behind_by_a_crash_is_repaired_not_called_a_cut(s):
    """A crash (or a head that cannot be written) between an append's line and its head leaves
    an intact trail one append ahead of its head: nothing was lost, and it was reported as
    records cut off, for ever after."""
    calls(s, 2)
    head = read(path(s, "audit.jsonl.head"))
    assert_allowed(s.bash("ls lost-head"))
    write(path(s, "audit.jsonl.head"), head)  # the head write of that call never happened
    calls(s, 2)
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 0 and "6 records, chain intact" in proc.stdout, proc.stdout + proc.stderr
    note = json.loads(read(path(s, "audit.jsonl")).splitlines()[3])
    assert note["event"] == "repair" and "the head was not updated" in note["reason"]


def test_a_head_further_behind_than_one_append_is_still_a_break(s):
    calls(s, 1)
    head = read(path(s, "audit.jsonl.head"))
    calls(s, 3)
    write(path(s, "audit.jsonl.head"), head)
    calls(s, 1)
    proc = guard(s, "audit", "verify")
    assert proc.returncode == 1 and "the trail ends at seq 4 but its head says seq 1" in proc.stderr


# --- 6. republishing never trusts what nobody signed ------------------------------------------


def _forge(claims):
    from legant_guard.delegation.jws import b64url_encode

    header = b64url_encode(b'{"alg":"RS256","kid":"legant-guard-local","typ":"JWT"}')
    return header + "." + b64url_encode(json.dumps(claims).encode()) + "." + b64url_encode(b"\x00" * 256)


def _claims(name):
    from legant_guard.delegation.jws import decode_unverified

    return decode_unverified(read(name).decode().strip())


def test_refresh_refuses_a_feed_whose_payload_was_rewritten(s):
    assert guard(s, "revoke", "--role", "builder").returncode == 0
    _, claims = _claims(path(s, "feed.jwt"))
    # no ids and a version high enough that no "behind" warning fires; the ledger goes too
    write(path(s, "feed.jwt"), _forge(dict(claims, ver=claims["ver"] + 50, jtis=[])))
    os.unlink(path(s, "revocations.json"))
    proc = guard(s, "revoke", "--refresh")
    assert proc.returncode == 1
    assert "is corrupt (bad signature on the revocation feed" in proc.stderr
    assert "republishing it would drop the ids it revokes" in proc.stderr
    assert_denied(s.bash("ls"), "bad signature on the revocation feed")


def test_refresh_of_a_signed_feed_keeps_its_ids(s):
    assert guard(s, "revoke", "--role", "builder").returncode == 0
    os.unlink(path(s, "revocations.json"))
    proc = guard(s, "revoke", "--refresh")
    assert proc.returncode == 0 and "1 revoked id(s) kept" in proc.stdout
    assert_denied(s.bash("ls"), "revoked")
    assert_allowed(s.bash("ls", role="open"))


def test_an_edited_token_file_does_not_prune_the_id_it_names(s):
    header, claims = _claims(path(s, "builder.jwt"))
    assert guard(s, "revoke", "--jti", claims["jti"]).returncode == 0
    edited = s.write_token("old-builder.jwt", _forge(dict(claims, exp=int(time.time()) - 10)))
    proc = guard(s, "revoke", "--token-file", edited)
    assert proc.returncode == 0 and "1 revoked id(s)" in proc.stdout, proc.stdout
    assert_denied(s.bash("ls"), "revoked")


def test_a_signed_expired_token_is_still_pruned(s):
    from legant_guard import guarddir

    old = guarddir.mint_role_token(s.dir, s.project, "builder", 60, now=time.time() - 3600)
    proc = guard(s, "revoke", "--token-file", s.write_token("expired.jwt", old))
    assert proc.returncode == 0 and "0 revoked id(s)" in proc.stdout, proc.stdout
    assert_allowed(s.bash("ls"))


def test_init_after_a_rolled_back_feed_keeps_every_recorded_revocation(s):
    other = os.path.join(s.root, "other.jwt")
    assert guard(s, "mint", "--role", "builder", "--out", other).returncode == 0
    env = s.env(LEGANT_GUARD_TOKEN_FILE=other)
    old = read(path(s, "feed.jwt"))
    assert guard(s, "revoke", "--token-file", other).returncode == 0
    write(path(s, "feed.jwt"), old)
    assert_denied(s.bash("ls", env=env), "rolled back")
    proc = run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home))
    assert proc.returncode == 0, proc.stderr
    assert_denied(s.bash("ls", env=env), "the delegation token is revoked")
    assert_allowed(s.bash("ls"))  # the builder token init minted anew


# --- also found: init and the other verbs over corrupt or foreign files -------------------------


@pytest.mark.parametrize("name,text,says", [
    ("key.pem", "garbage", "Error: the signing key is not a usable unencrypted PEM private key"),
    ("feed-state.json", "[]", "Error: feed version state"),
    ("feed.jwt", "garbage", "Error: the feed"),
])
def test_init_over_a_corrupt_file_is_an_error_that_says_which(s, name, text, says):
    write(path(s, name), text)
    proc = run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home))
    assert proc.returncode == 1 and says in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_init_rewrites_a_corrupt_setup_record_as_the_hook_tells(s):
    calls(s, 1)
    write(path(s, "setup.json"), "{")
    assert_denied(s.bash("ls"), "setup.json is corrupt; run `legant guard init`")
    proc = run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home))
    assert proc.returncode == 0, proc.stderr
    assert read(path(s, "setup.json.corrupt")) == b"{"
    assert_allowed(s.bash("ls"))


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_guard_dir_below_a_folder_of_another_user_is_refused(s):
    os.chown(s.root, 1000, 1000)
    try:
        assert_denied(s.bash("ls"), f"its parent {s.root} belongs to another user (uid 1000)")
        proc = run_legant(["guard", "init", "--project", s.project, "--dir", s.dir], env=clean_env(home=s.home))
        assert proc.returncode == 1 and "belongs to another user (uid 1000)" in proc.stderr
    finally:
        os.chown(s.root, 0, 0)
    assert_allowed(s.bash("ls"))


# --- also found: what `guard logs` shows is the agent's own text ------------------------------


def test_logs_spell_out_the_escape_sequences_of_a_command(s):
    fake = "\x1b[1A\x1b[2K2026-12-01T00:00:00Z  allow  Bash  ls \u202e"
    assert_denied(s.bash("cat .env " + fake), "is denied by deny-path")
    assert_allowed(s.bash("ls"))
    out = guard(s, "logs").stdout
    assert "\x1b" not in out and "\u202e" not in out
    deny = [line for line in out.splitlines() if "DENY" in line]
    assert len(deny) == 1 and "\\x1b[1A\\x1b[2K" in deny[0] and "\\u202e" in deny[0]
    assert out.splitlines()[-1].split()[1:4] == ["allow", "Bash", "ls"]  # the neighbour, as it was


def test_logs_show_a_record_whose_fields_are_not_text(s):
    calls(s, 1)
    with open(path(s, "audit.jsonl"), "a") as f:
        f.write('{"ts": null, "tool": 5, "target": ["x"], "decision": "deny", "reason": {"a": 1}}\n')
    proc = guard(s, "logs")
    assert proc.returncode == 0 and "None" in proc.stdout and "Traceback" not in proc.stderr


# --- 8. revoking at scale -----------------------------------------------------------------------


def test_revoking_thousands_onto_a_feed_of_thousands_is_linear(s):
    import uuid

    from legant_guard.ops.revocation import revoke_ids

    revoke_ids(s.dir, add=[str(uuid.uuid4()) for _ in range(20000)])
    more = [str(uuid.uuid4()) for _ in range(20000)]
    started = time.monotonic()
    ver, ids, new = revoke_ids(s.dir, add=more)
    assert time.monotonic() - started < 5.0  # (a list lookup per id: 400M comparisons, ~10 s)
    assert len(ids) == 40000 and new == more
    assert_allowed(s.bash("ls"))


# --- also found: install over what is in the way ----------------------------------------------


def _in_the_way(root, what):
    home, project = os.path.join(root, "home"), os.path.join(root, "proj")
    os.makedirs(home)
    os.makedirs(project)
    settings = os.path.join(project, ".claude", "settings.local.json")
    if what == ".claude is a file":
        write(os.path.join(project, ".claude"), "x")
    elif what == "settings is a folder":
        os.makedirs(settings)
    elif what == "settings is a FIFO":
        os.makedirs(os.path.dirname(settings))
        os.mkfifo(settings)
    elif what == "~/.config is a file":
        write(os.path.join(home, ".config"), "x")
    elif what == "settings is a file":
        os.makedirs(os.path.dirname(settings))
        write(settings, '{"env": {}}\n')
    return home, project


@pytest.mark.parametrize("what,says", [
    (".claude is a file", "Error: refusing to edit .claude/settings.local.json: .claude is not a folder"),
    ("settings is a folder", "Error: refusing to edit .claude/settings.local.json: it is not a regular file"),
    ("settings is a FIFO", "Error: refusing to edit .claude/settings.local.json: it is not a regular file"),
    ("~/.config is a file", "Not a directory"),
])
def test_install_over_something_in_the_way_is_an_error_that_says_what(tmp_path, what, says):
    home, project = _in_the_way(str(tmp_path), what)
    proc = run_legant(["guard", "install", "--project", project, "--role", "builder", "--tool", "claude-code"],
                      env=clean_env(home=home), cwd=project)
    assert proc.returncode == 1 and says in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_install_over_a_regular_settings_file_still_works(tmp_path):
    home, project = _in_the_way(str(tmp_path), "settings is a file")
    proc = run_legant(["guard", "install", "--project", project, "--role", "builder", "--tool", "claude-code"],
                      env=clean_env(home=home), cwd=project)
    assert proc.returncode == 0 and "PreToolUse hook" in proc.stdout, proc.stderr
