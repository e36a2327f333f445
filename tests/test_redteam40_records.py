"""Red team #40 (issue 10 classes 6 and 8): revocations.json is evidence too.

`revoke` prunes an id once its token's expiry has passed, and republishes every id the ledger
lists. The ledger was plain JSON beside the feed: setting a revoked token's expiry to 1 (one
edit, no key, no computation) pruned its id at the user's next, unrelated `guard revoke --jti X`,
which signed the un-revocation with the real key; the revoked token was accepted again and
`guard audit verify` said OK. Taking an id off the ledger's `revoked` list next to an older
feed.jwt did the same at `revoke --refresh` (the fix the hook names for the rollback) without
the warning a deleted ledger gives. The ledger is now read only from the copy this setup's key
signed; one that does not verify counts as missing (nothing pruned, the warning given).
"""

import json
import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant
from legant_guard.ops import revocation


def _legant(s, *args):
    proc = run_legant(["guard", *args, "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)
    assert proc.returncode == 0, proc.stderr
    return proc


def _edit_ledger(s, change):
    path = os.path.join(s.dir, "revocations.json")
    with open(path) as f:
        doc = json.load(f)
    change(doc)
    with open(path, "w") as f:
        json.dump(doc, f)


@pytest.fixture
def s(tmp_path):
    return GuardSetup(tmp_path)


def test_an_expiry_edited_into_the_past_prunes_nothing(s):
    _legant(s, "revoke", "--role", "builder")
    assert_denied(s.bash("ls -la"), "the delegation token is revoked")
    _edit_ledger(s, lambda doc: doc["expiry"].update({j: 1 for j in doc["expiry"]}))
    _legant(s, "revoke", "--jti", "0123456789abcdef0123456789abcdef")
    assert_denied(s.bash("ls -la"), "the delegation token is revoked")
    assert_allowed(s.bash("ls -la", role="open"))  # (another role's token: untouched)


def test_a_signed_expiry_that_passed_is_still_pruned(s, tmp_path):
    proc = _legant(s, "mint", "--role", "builder", "--ttl", "1h")
    token = tmp_path / "short.jwt"
    token.write_text(proc.stdout)
    from legant_guard.delegation import jws

    jti = jws.decode_unverified(proc.stdout.strip())[1]["jti"]
    _legant(s, "revoke", "--token-file", str(token))
    with open(os.path.join(s.dir, "revocations.json")) as f:
        assert jti in json.load(f)["expiry"]
    import time

    _, ids, _ = revocation.revoke_ids(s.dir, now=time.time() + 2 * 3600)
    assert jti not in ids


def _roll_back_the_feed_after_revoking_builder(s, tmp_path):
    old_feed = tmp_path / "feed-v1.jwt"
    shutil.copy(os.path.join(s.dir, "feed.jwt"), old_feed)
    _legant(s, "revoke", "--role", "builder")
    shutil.copy(old_feed, os.path.join(s.dir, "feed.jwt"))
    assert_denied(s.bash("ls -la"), "rolled back")


def test_an_id_taken_off_the_ledgers_plain_list_beside_an_older_feed_stays_revoked(s, tmp_path):
    _roll_back_the_feed_after_revoking_builder(s, tmp_path)
    _edit_ledger(s, lambda doc: doc.update(revoked=[], expiry={}))  # (the plain copy is only for people)
    _legant(s, "revoke", "--refresh")
    assert_denied(s.bash("ls -la"), "the delegation token is revoked")


def test_a_signed_ledger_rewritten_beside_an_older_feed_is_said(s, tmp_path):
    from legant_guard.delegation import jws

    _roll_back_the_feed_after_revoking_builder(s, tmp_path)

    def forge(doc):
        head, _, sig = doc["signed"].split(".")
        payload = jws.b64url_encode(json.dumps({"expiry": {}, "revoked": [], "use": "legant-guard revocation ledger",
                                                "iss": "https://legant.local"}).encode())
        doc["signed"] = ".".join((head, payload, sig))
    _edit_ledger(s, forge)
    proc = _legant(s, "revoke", "--refresh")
    assert "no longer carries this setup's signature (edited?)" in proc.stdout + proc.stderr
    assert_allowed(s.bash("ls -la", role="open"))


def test_a_ledger_without_its_signature_counts_as_missing(s):
    _legant(s, "revoke", "--role", "builder")
    _edit_ledger(s, lambda doc: doc.pop("signed"))
    assert revocation._read_ledger(s.dir) == ({}, None)
    _legant(s, "revoke", "--refresh")
    assert_denied(s.bash("ls -la"), "the delegation token is revoked")  # (the signed feed kept it)
    assert revocation._read_ledger(s.dir)[1]  # (and the republished ledger is signed again)


# --- the deny overlay put back from an older copy (issue 10 class 7) ---------------------------
#
# `guard deny` records its entries in setup.json, and the hook refuses an overlay that lost
# them; but setup.json and overlay.json put back together from a backup (`cp -p`, no edit)
# lifted every denial added since, and `audit verify` said OK. Each change of the overlay now
# bumps its generation in setup.json and notes it in the trail, whose head and records keep it:
# an allowed call under an older setup record is refused (and recorded so).


def _backup(s, tmp_path, *names):
    for name in names:
        shutil.copy2(os.path.join(s.dir, name), tmp_path / name)


def _restore(s, tmp_path, *names):
    for name in names:
        shutil.copy2(tmp_path / name, os.path.join(s.dir, name))


def test_setup_and_overlay_put_back_from_before_a_deny_are_refused(s, tmp_path):
    s.check("Read", {"file_path": s.path("notes.txt")})
    _backup(s, tmp_path, "setup.json", "overlay.json")
    _legant(s, "deny", "--path", "notes.txt")
    assert_denied(s.check("Read", {"file_path": s.path("notes.txt")}), "is denied by deny-path")
    _restore(s, tmp_path, "setup.json", "overlay.json")
    reason = assert_denied(s.check("Read", {"file_path": s.path("notes.txt")}),
                           "is older than the audit trail remembers", "generation 0, the trail saw generation 1")
    assert "legant guard deny" in reason
    assert_denied(s.check("Read", {"file_path": s.path("other.txt")}), "is older than the audit trail remembers")
    with open(os.path.join(s.dir, "audit.jsonl")) as f:
        last = json.loads(f.read().splitlines()[-1])
    assert last["decision"] == "deny" and last["rule"] == "setup-rollback"
    # adding a denial again accepts the overlay as it is from then on
    _legant(s, "deny", "--path", "notes.txt")
    assert_denied(s.check("Read", {"file_path": s.path("notes.txt")}), "is denied by deny-path")
    assert_allowed(s.check("Read", {"file_path": s.path("other.txt")}))


def test_the_head_deleted_with_the_restore_is_still_refused(s, tmp_path):
    _backup(s, tmp_path, "setup.json", "overlay.json")
    _legant(s, "deny", "--cmd", "terraform")
    s.check("Read", {"file_path": s.path("notes.txt")})
    _restore(s, tmp_path, "setup.json", "overlay.json")
    os.unlink(os.path.join(s.dir, "audit.jsonl.head"))
    assert_denied(s.check("Read", {"file_path": s.path("notes.txt")}), "is older than the audit trail remembers")


def test_init_accepts_the_overlay_as_it_is(s, tmp_path):
    _backup(s, tmp_path, "setup.json", "overlay.json")
    _legant(s, "deny", "--path", "notes.txt")
    _restore(s, tmp_path, "setup.json", "overlay.json")
    assert_denied(s.check("Read", {"file_path": s.path("notes.txt")}), "is older than the audit trail remembers")
    _legant(s, "init")
    assert_allowed(s.check("Read", {"file_path": s.path("notes.txt")}))


def test_a_denied_call_under_an_older_setup_record_keeps_its_own_reason(s, tmp_path):
    _backup(s, tmp_path, "setup.json", "overlay.json")
    _legant(s, "deny", "--path", "notes.txt")
    _restore(s, tmp_path, "setup.json", "overlay.json")
    assert_denied(s.check("Read", {"file_path": s.path(".env")}), "is denied by deny-path")


def test_deny_and_allow_without_a_restore_stay_in_force(s):
    _legant(s, "deny", "--path", "notes.txt")
    _legant(s, "deny", "--host", "example.com")
    assert_denied(s.check("Read", {"file_path": s.path("notes.txt")}), "is denied by deny-path")
    _legant(s, "allow", "--path", "notes.txt")
    assert_allowed(s.check("Read", {"file_path": s.path("notes.txt")}))
    proc = run_legant(["guard", "audit", "verify", "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)
    assert proc.returncode == 0 and "chain intact" in proc.stdout


# --- revocation at scale: past the hook's bound (class 8) --------------------------------------


def test_a_feed_past_the_hooks_bound_is_published_and_said(s):
    import uuid

    warnings = []
    ids = [uuid.uuid4().hex for _ in range(100_000)]
    revocation.revoke_ids(s.dir, add=ids, warnings=warnings)
    assert any("more than the 4194304 bytes the hook reads: every call is denied" in w for w in warnings), warnings
    # (published all the same: a revocation is never dropped, and the hook fails closed)
    assert_denied(s.bash("ls -la"), "revocation feed unusable", "is larger than 4194304 bytes")
    # the way out the warning names works: a later revoke reads the feed past the bound (it said
    # "corrupt" before) and prunes the ids whose known expiry passed
    import time

    revocation.revoke_ids(s.dir, expiries={j: time.time() - 10 for j in ids[:60_000]})
    proc = _legant(s, "revoke", "--refresh")
    assert "40000 revoked id(s) kept" in proc.stdout and "warning" not in proc.stderr
    assert_allowed(s.bash("ls -la"))


def test_a_large_feed_within_the_bound_says_nothing(s):
    import uuid

    warnings = []
    revocation.revoke_ids(s.dir, add=[uuid.uuid4().hex for _ in range(10_000)], warnings=warnings)
    assert warnings == []
    assert_allowed(s.bash("ls -la"))


# --- init over a rolled-back feed whose ledger is gone (class 6) ---------------------------------


def test_init_over_an_older_feed_without_its_ledger_refuses_to_lift_revocations(s, tmp_path):
    old_feed = tmp_path / "feed-v1.jwt"
    shutil.copy(os.path.join(s.dir, "feed.jwt"), old_feed)
    _legant(s, "revoke", "--role", "builder")
    shutil.copy(old_feed, os.path.join(s.dir, "feed.jwt"))
    os.unlink(os.path.join(s.dir, "revocations.json"))
    proc = run_legant(["guard", "init", "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)
    assert proc.returncode == 1, proc.stdout
    assert "republishing it would lift the revocations made since" in proc.stderr
    assert "Traceback" not in proc.stderr
    # the old builder token (revoked on version 2) is not accepted: the rollback still stands
    assert_denied(s.bash("ls -la"), "rolled back")


def test_init_over_its_own_current_feed_still_works(s):
    _legant(s, "revoke", "--role", "open")
    os.unlink(os.path.join(s.dir, "revocations.json"))  # (the feed is current: nothing is lost)
    _legant(s, "init")
    assert_allowed(s.bash("ls -la"))
