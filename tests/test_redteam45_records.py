"""Red team 45 (issue 10 classes 5-8): the guard's own records tampered with between hook calls, by
the real verbs and the real files of a temp setup, then more hook calls.

Found and fixed here:
- a role token minted by hand (`legant guard mint --role R --out F`) lacked the signed
  `setup_record` mark `guard init` gives its tokens, so deleting setup.json, feed-state.json and
  the audit trail with its head (nothing left to compare with) and putting back the feed.jwt from
  before its revocation un-revoked it;
- setup.json and feed.jwt put back from before a revocation, with the trail and its head deleted
  or emptied: the trail noted the break, but the call was allowed (nothing left held the newer
  version). Now the mark is set past the feed in use, so only a feed published since is accepted.
"""

import json
import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, run_legant


@pytest.fixture
def g(tmp_path):
    return GuardSetup(tmp_path, files={"README.md": "hi\n"})


def _guard(g, *args):
    proc = run_legant(["guard", *args, "--dir", g.dir], env=g.env())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _read(g, token_file):
    return g.check("Read", {"file_path": g.path("README.md")}, env=g.env(LEGANT_GUARD_TOKEN_FILE=token_file))


def _claims(token_file):
    import base64

    payload = open(token_file).read().strip().split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _minted_then_revoked(g):
    """A builder token minted by hand, the guard dir copied before its revocation, then revoked."""
    token = os.path.join(g.root, "hand.jwt")
    _guard(g, "mint", "--role", "builder", "--out", token)
    assert_allowed(_read(g, token))
    before = os.path.join(g.root, "before")
    shutil.copytree(g.dir, before)
    _guard(g, "revoke", "--token-file", token)
    assert_denied(_read(g, token), "revoked")
    return token, before


def _gone(g, *names):
    for name in names:
        os.unlink(os.path.join(g.dir, name))


def _put_back(g, before, *names):
    for name in names:
        shutil.copy(os.path.join(before, name), os.path.join(g.dir, name))


def test_a_hand_minted_role_token_carries_the_setup_mark(g):
    token = os.path.join(g.root, "hand.jwt")
    _guard(g, "mint", "--role", "builder", "--out", token)
    assert _claims(token).get("setup_record") is True
    assert_allowed(_read(g, token))  # the neighbour: it works as any role token


@pytest.mark.parametrize("state", ["deleted", "old"])
def test_every_record_deleted_and_the_old_feed_back_does_not_unrevoke_a_hand_minted_token(g, state):
    token, before = _minted_then_revoked(g)
    _gone(g, "setup.json", "audit.jsonl", "audit.jsonl.head")
    _gone(g, "feed-state.json") if state == "deleted" else _put_back(g, before, "feed-state.json")
    _put_back(g, before, "feed.jwt")
    assert_denied(_read(g, token), "setup record", "is missing though this setup had one")


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_old_setup_record_and_feed_with_the_trail_and_head_gone_is_refused(g, how):
    token, before = _minted_then_revoked(g)
    _gone(g, "feed-state.json")
    if how == "deleted":
        _gone(g, "audit.jsonl", "audit.jsonl.head")
    else:
        for name in ("audit.jsonl", "audit.jsonl.head"):
            open(os.path.join(g.dir, name), "w").close()
    _put_back(g, before, "setup.json", "feed.jwt")
    assert_denied(_read(g, token), "cannot be told from an older copy", "legant guard revoke --refresh")
    # and for every later call, whatever its token: the mark now stands past the old feed
    assert_denied(g.check("Read", {"file_path": g.path("README.md")}), "rolled back", "revoke --refresh")
    proc = run_legant(["guard", "audit", "verify", "--dir", g.dir], env=g.env())
    assert proc.returncode == 1 and "a feed published after this break is required" in proc.stderr
    # the way out the reason names keeps the revocation (revocations.json) and lets the rest in
    _guard(g, "revoke", "--refresh")
    assert_denied(_read(g, token), "revoked")
    assert_allowed(g.check("Read", {"file_path": g.path("README.md")}))


def test_a_break_first_seen_by_guard_deny_also_leaves_the_old_feed_behind(g):
    token, before = _minted_then_revoked(g)
    _gone(g, "audit.jsonl", "audit.jsonl.head", "feed-state.json")
    _put_back(g, before, "setup.json", "feed.jwt")
    _guard(g, "deny", "--cmd", "nosuchprogram")  # the verb, not the hook, notes the break
    assert_denied(_read(g, token), "rolled back", "revoke --refresh")


def test_neighbour_a_cut_trail_with_its_head_kept_is_noted_and_calls_go_on(g):
    for _ in range(3):
        assert_allowed(g.bash("ls"))
    trail = os.path.join(g.dir, "audit.jsonl")
    with open(trail, "rb") as f:
        lines = f.readlines()
    with open(trail, "wb") as f:
        f.writelines(lines[:1])
    assert_allowed(g.bash("ls"))  # the head still holds the feed's mark: nothing to refuse
    proc = run_legant(["guard", "audit", "verify", "--dir", g.dir], env=g.env())
    assert proc.returncode == 1 and "records were cut off" in proc.stderr


def test_neighbour_a_torn_last_line_is_repaired_and_calls_go_on(g):
    assert_allowed(g.bash("ls"))
    with open(os.path.join(g.dir, "audit.jsonl"), "ab") as f:
        f.write(b'{"ts":"2026-')
    assert_allowed(g.bash("ls"))
    assert_allowed(g.bash("ls"))


# --- class 7: `guard deny`/`allow` racing a hook call -------------------------------------------
# A hook call reads the setup record, then the overlay, then appends under the trail's lock; the verbs
# write the overlay, the record and a note. Calls caught between were refused as "put back from a
# backup?" or "the overlay lost a denial" (a false alarm, 1 call in 4 while the verbs ran).


def _record(g):
    from legant_guard import setuprecord

    return setuprecord.read(g.dir)


def test_an_append_after_a_deny_it_raced_is_not_called_a_rollback(g):
    from legant_guard.hook import audit

    stale = _record(g)  # what the hook read before `guard deny` ran
    _guard(g, "deny", "--cmd", "nosuchprogram")
    rec = {"tool": "Read", "target": "README.md", "decision": "allow", "reason": ""}
    audit.append(os.path.join(g.dir, "audit.jsonl"), rec, feed_ver=1, started=True, setup=stale)
    with open(os.path.join(g.dir, "audit.jsonl")) as f:
        assert json.loads(f.readlines()[-1])["decision"] == "allow"


def test_neighbour_a_setup_record_put_back_is_still_a_rollback(g):
    before = os.path.join(g.root, "before")
    shutil.copytree(g.dir, before)
    _guard(g, "deny", "--path", g.path("secret.txt"))
    _put_back(g, before, "setup.json", "overlay.json")
    assert_denied(g.check("Read", {"file_path": g.path("README.md")}), "setup record", "older than the audit trail")


def test_an_overlay_read_after_a_racing_allow_is_not_a_loss(g):
    from legant_guard.overlay import load_overlay, lost_entries

    _guard(g, "deny", "--cmd", "nosuchprogram")
    stale = _record(g)  # lists the entry
    _guard(g, "allow", "--cmd", "nosuchprogram")
    overlay_path = os.path.join(g.dir, "overlay.json")
    lost_entries(overlay_path, stale, load_overlay(overlay_path))  # no OverlayError
    assert_allowed(g.bash("ls"))


def test_neighbour_an_emptied_overlay_is_still_a_loss(g):
    _guard(g, "deny", "--cmd", "nosuchprogram")
    with open(os.path.join(g.dir, "overlay.json"), "w") as f:
        f.write("{}")
    assert_denied(g.bash("ls"), "lost 1 denial", "--cmd nosuchprogram")


def test_hook_calls_racing_deny_and_allow_are_all_allowed(g):
    import threading

    outcomes, done = [], threading.Event()

    def calls():
        while not done.is_set():
            proc = g.check("Read", {"file_path": g.path("README.md")}, subprocess=True)
            outcomes.append((proc.returncode, proc.stderr))

    threads = [threading.Thread(target=calls) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for i in range(4):
            _guard(g, "deny", "--path", f"/nonexistent{i}")
            _guard(g, "allow", "--path", f"/nonexistent{i}")
    finally:
        done.set()
        for t in threads:
            t.join()
    assert outcomes and all(code == 0 for code, _ in outcomes), [e for c, e in outcomes if c]
    _guard(g, "deny", "--path", g.path("README.md"))  # a deny that returned holds for the next call
    assert_denied(g.check("Read", {"file_path": g.path("README.md")}), "denied by deny-path")


# --- class 7: the deny overlay's entries edited in setup.json and overlay.json together ---------


def _edit_entries_out(g):
    with open(os.path.join(g.dir, "setup.json")) as f:
        record = json.load(f)
    record["overlay"] = {}
    with open(os.path.join(g.dir, "setup.json"), "w") as f:
        json.dump(record, f)
    with open(os.path.join(g.dir, "overlay.json"), "w") as f:
        f.write("{}")


@pytest.mark.parametrize("head", ["kept", "deleted"])
def test_entries_taken_out_of_the_record_and_the_overlay_together_are_refused(g, head):
    _guard(g, "deny", "--path", g.path("secret.txt"), "--cmd", "curl")
    assert_denied(g.check("Read", {"file_path": g.path("secret.txt")}), "denied by deny-path")
    _edit_entries_out(g)
    if head == "deleted":
        os.unlink(os.path.join(g.dir, "audit.jsonl.head"))
    reason = "are not the ones `legant guard deny`/`allow` last recorded"
    assert_denied(g.check("Read", {"file_path": g.path("secret.txt")}), reason, "legant guard init")
    assert_denied(g.check("Read", {"file_path": g.path("README.md")}), reason)


def test_init_accepts_the_entries_as_recorded_and_deny_records_new_ones(g):
    _guard(g, "deny", "--path", g.path("secret.txt"))
    _edit_entries_out(g)
    assert_denied(g.check("Read", {"file_path": g.path("README.md")}), "last recorded")
    _guard(g, "init", "--project", g.project)  # the way out the reason names
    assert_allowed(g.check("Read", {"file_path": g.path("README.md")}))
    _guard(g, "deny", "--cmd", "wget")
    assert_allowed(g.check("Read", {"file_path": g.path("README.md")}))
    assert_denied(g.bash("wget -q https://example.org/"), "wget")


def test_neighbour_deny_then_allow_leaves_calls_allowed(g):
    _guard(g, "deny", "--path", g.path("secret.txt"))
    _guard(g, "allow", "--path", g.path("secret.txt"))
    assert_allowed(g.check("Read", {"file_path": g.path("secret.txt")}))


# --- class 6, org mode: the issuer's feed version is kept by the audit trail too ---------------


def test_org_mode_cache_state_and_record_put_back_with_an_older_feed_served_is_a_rollback(tmp_path):
    """The issuer cache, feed-state.json and setup.json put back together from before a revocation while an
    older signed feed is served at the issuer's URL (a replay): the older feed was accepted, the revoked
    token obeyed again (red team #40 left it open). The audit head and trail keep the version now."""
    import shlex
    import time

    from conftest import check_in_process, clean_env
    from issuer_server import Issuer
    from legant_guard.delegation.jws import decode_unverified

    setup = GuardSetup(tmp_path / "issuer")
    iss = Issuer(setup)
    try:
        proj, gd, home = setup.project, str(tmp_path / "gd"), tmp_path / "home"
        env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
        proc = run_legant(["guard", "install", "--dir", gd, "--tool", "claude-code", "--issuer", iss.base,
                           "--token-file", os.path.join(setup.dir, "open.jwt")], env=env, cwd=proj)
        assert proc.returncode == 0, proc.stderr
        settings = json.load(open(os.path.join(proj, ".claude", "settings.local.json")))
        command = settings["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
        hook_env = dict(env, LEGANT_GUARD_REFRESH="0.1")
        hook_env.update(w.split("=", 1) for w in shlex.split(command) if w.startswith("LEGANT_GUARD_"))

        def ls():
            return check_in_process(["--agent", "claude-code"], setup.event("Bash", {"command": "ls"}, cwd=proj),
                                    hook_env, cwd=proj)

        assert_allowed(ls())
        before = tmp_path / "before"
        shutil.copytree(gd, before / "gd")
        shutil.copytree(home / ".cache", before / "cache")
        jti = decode_unverified(open(os.path.join(setup.dir, "open.jwt")).read())[1]["jti"]
        iss.publish([jti], ver=40)
        time.sleep(0.2)
        assert_denied(ls(), "revoked")
        iss.publish([], ver=5)  # an older signed feed replayed at the URL
        for name in ("feed-state.json", "setup.json"):
            shutil.copy(before / "gd" / name, os.path.join(gd, name))
        shutil.rmtree(home / ".cache")
        shutil.copytree(before / "cache", home / ".cache")
        time.sleep(0.2)
        assert_denied(ls(), "rolled back", "version 5 is older than 40", "audit head")
        iss.publish([jti], ver=41)  # the issuer's own newer feed is accepted as ever
        time.sleep(0.2)
        assert_denied(ls(), "revoked")
        iss.publish([], ver=42)  # and a newer one that lifts the revocation (the issuer's decision) too
        time.sleep(0.2)
        assert_allowed(ls())
    finally:
        iss.stop()


def test_a_generation_raised_by_hand_with_the_entries_edited_out_is_refused(g):
    _guard(g, "deny", "--path", g.path("secret.txt"))
    _edit_entries_out(g)
    with open(os.path.join(g.dir, "setup.json")) as f:
        record = json.load(f)
    record["overlay_gen"] = record.get("overlay_gen", 0) + 5
    with open(os.path.join(g.dir, "setup.json"), "w") as f:
        json.dump(record, f)
    assert_denied(g.check("Read", {"file_path": g.path("secret.txt")}), "which no `legant guard deny`/`allow` recorded",
                  "legant guard init")
    _guard(g, "init", "--project", g.project)
    assert_allowed(g.check("Read", {"file_path": g.path("README.md")}))


@pytest.mark.parametrize("trail", [b"x", b"\n", b"garbage\n", b'{"seq":1}\n'])
def test_a_trail_replaced_by_a_line_without_the_mark_and_the_head_gone_is_refused(g, trail):
    """Not deleted but replaced by a byte or a line: the break was noted, and nothing held the version."""
    token, before = _minted_then_revoked(g)
    _gone(g, "audit.jsonl.head", "feed-state.json")
    with open(os.path.join(g.dir, "audit.jsonl"), "wb") as f:
        f.write(trail)
    _put_back(g, before, "setup.json", "feed.jwt")
    assert_denied(_read(g, token), "cannot be told from an older copy", "legant guard revoke --refresh")


def test_neighbour_the_head_alone_deleted_keeps_calls_allowed(g):
    assert_allowed(g.bash("ls"))
    _gone(g, "audit.jsonl.head")
    assert_allowed(g.bash("ls"))  # the trail's last record still carries the feed's mark
    assert_allowed(g.bash("ls"))


@pytest.mark.parametrize("edit", [{"ovl": 0}, {"ovh": None}, {"ovl": 0, "ovh": None}])
def test_the_heads_overlay_marks_lowered_with_the_entries_edited_out_is_refused(g, edit):
    """The head's generation lowered (or its digest dropped) to match a setup.json edited with overlay.json:
    the head is compared with the trail's last record, which carries the same marks (as for the feed's)."""
    _guard(g, "deny", "--path", g.path("secret.txt"))
    head_file = os.path.join(g.dir, "audit.jsonl.head")
    head = json.loads(open(head_file).read())
    for key, value in edit.items():
        head.pop(key) if value is None else head.__setitem__(key, value)
    with open(head_file, "w") as f:
        json.dump(head, f)
    _edit_entries_out(g)
    with open(os.path.join(g.dir, "setup.json")) as f:
        record = json.load(f)
    record["overlay_gen"] = head.get("ovl", record.get("overlay_gen"))
    with open(os.path.join(g.dir, "setup.json"), "w") as f:
        json.dump(record, f)
    assert_denied(g.check("Read", {"file_path": g.path("secret.txt")}), "legant guard init")
    proc = run_legant(["guard", "audit", "verify", "--dir", g.dir], env=g.env())
    assert proc.returncode == 1 and "the head was edited" in proc.stderr


def test_neighbour_a_head_left_behind_by_a_crash_after_a_deny_note_is_repaired_and_calls_go_on(g):
    _guard(g, "deny", "--cmd", "nosuchprogram")
    trail = os.path.join(g.dir, "audit.jsonl")
    from legant_guard.hook import audit

    lines = open(trail, "rb").read().splitlines()
    before = json.loads(lines[-2]) if len(lines) > 1 else None
    if before is None:
        audit._write_head(trail, 0, audit.GENESIS, 0, True)
    else:
        audit._write_head(trail, before["seq"], before["hash"], before.get("feed_ver", 0), True,
                          before.get("overlay_gen", 0), before.get("overlay_sha", ""))
    assert_allowed(g.bash("ls"))
    assert_allowed(g.bash("ls"))
