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
