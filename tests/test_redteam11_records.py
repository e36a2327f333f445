"""Red team 11 (issue 10, records): deleting the setup record together with the files whose
loss it would have exposed.

The setup record (setup.json) is the evidence that outlives the deletion of the overlay, the
feed state and the audit trail; the audit head remembered that it existed. Deleting the head
as well made the guard dir look like one that never had a record: `guard deny` entries were
lifted, an old feed was accepted, and `guard audit verify` said OK over a fresh trail. The
tokens `guard init` mints now carry a signed mark that their guard dir has a setup record.
"""

import json
import os
import shutil

from conftest import GuardSetup, assert_allowed, assert_denied, run_legant


def _remove(setup, *names):
    for name in names:
        path = os.path.join(setup.dir, name)
        if os.path.lexists(path):
            os.unlink(path)


def _verify(setup):
    return run_legant(["guard", "audit", "verify", "--dir", setup.dir], env=setup.env())


def _deny_secret(setup):
    proc = run_legant(["guard", "deny", "--path", "secret.txt", "--dir", setup.dir], env=setup.env())
    assert proc.returncode == 0, proc.stderr


def _claims(token_path):
    from legant_guard.delegation.jws import decode_unverified

    with open(token_path) as f:
        return decode_unverified(f.read().strip())[1]


def test_init_marks_its_tokens_as_having_a_setup_record(tmp_path):
    setup = GuardSetup(tmp_path)
    for role in ("builder", "reviewer", "open", "operator"):
        assert _claims(os.path.join(setup.dir, f"{role}.jwt")).get("setup_record") is True
    assert_allowed(setup.bash("ls"))


def test_deleting_the_setup_record_overlay_head_and_trail_keeps_the_overlay_denial(tmp_path):
    setup = GuardSetup(tmp_path, files={"secret.txt": "s\n"})
    _deny_secret(setup)
    assert_denied(setup.check("Read", {"file_path": setup.path("secret.txt")}), "deny-path")
    _remove(setup, "setup.json", "overlay.json", "audit.jsonl.head", "audit.jsonl")
    proc = setup.check("Read", {"file_path": setup.path("secret.txt")})
    assert_denied(proc, "setup.json is missing", "legant guard init")
    # Harmless calls too: the whole setup's evidence went with it.
    assert_denied(setup.bash("ls"), "setup.json is missing")
    verdict = _verify(setup)
    assert verdict.returncode == 1
    assert "were deleted" in verdict.stdout + verdict.stderr


def test_deleting_the_setup_record_overlay_and_head_with_the_trail_left(tmp_path):
    setup = GuardSetup(tmp_path, files={"secret.txt": "s\n"})
    _deny_secret(setup)
    assert_allowed(setup.bash("ls"))
    _remove(setup, "setup.json", "overlay.json", "audit.jsonl.head")
    assert_denied(setup.check("Read", {"file_path": setup.path("secret.txt")}), "setup.json is missing")
    verdict = _verify(setup)
    assert verdict.returncode == 1 and "head file is missing" in verdict.stdout + verdict.stderr


def test_an_emptied_setup_record_is_a_missing_one(tmp_path):
    setup = GuardSetup(tmp_path, files={"secret.txt": "s\n"})
    _deny_secret(setup)
    with open(os.path.join(setup.dir, "setup.json"), "w") as f:
        f.write("{}\n")
    _remove(setup, "overlay.json", "audit.jsonl.head")
    assert_denied(setup.check("Read", {"file_path": setup.path("secret.txt")}), "setup.json is missing")


def test_an_old_feed_is_not_accepted_after_deleting_every_version_mark(tmp_path):
    setup = GuardSetup(tmp_path)
    old_feed = os.path.join(str(tmp_path), "old-feed.jwt")
    shutil.copy(os.path.join(setup.dir, "feed.jwt"), old_feed)
    proc = run_legant(["guard", "revoke", "--role", "open", "--dir", setup.dir], env=setup.env())
    assert proc.returncode == 0, proc.stderr
    assert_denied(setup.bash("ls", role="open"), "revoked")
    _remove(setup, "setup.json", "feed-state.json", "audit.jsonl.head", "audit.jsonl")
    shutil.copy(old_feed, os.path.join(setup.dir, "feed.jwt"))
    assert_denied(setup.bash("ls", role="open"), "setup.json is missing")


def test_init_again_restores_the_record_and_the_break_stays_reported(tmp_path):
    setup = GuardSetup(tmp_path)
    assert_allowed(setup.bash("ls"))
    _remove(setup, "setup.json", "audit.jsonl.head", "audit.jsonl")
    assert_denied(setup.bash("ls"), "setup.json is missing")
    proc = run_legant(["guard", "init", "--project", setup.project, "--dir", setup.dir], env=setup.env())
    assert proc.returncode == 0, proc.stderr
    assert_allowed(setup.bash("ls"))
    verdict = _verify(setup)
    assert verdict.returncode == 1 and "were deleted" in verdict.stdout + verdict.stderr
    with open(os.path.join(setup.dir, "setup.json")) as f:
        assert json.load(f)["audit"] is True


def test_a_jwks_elsewhere_does_not_hide_the_deleted_record_of_the_tokens_guard_dir(tmp_path):
    setup = GuardSetup(tmp_path, files={"secret.txt": "s\n"})
    _deny_secret(setup)
    issuer = os.path.join(str(tmp_path), "issuer")
    os.makedirs(issuer)
    shutil.copy(os.path.join(setup.dir, "jwks.json"), issuer)
    env = setup.env(LEGANT_GUARD_JWKS=os.path.join(issuer, "jwks.json"))
    assert_allowed(setup.check("Bash", {"command": "ls"}, env=env))
    _remove(setup, "setup.json", "overlay.json", "audit.jsonl.head", "audit.jsonl")
    assert_denied(setup.check("Bash", {"command": "ls"}, env=env), "setup.json is missing")

def test_init_after_the_record_trail_and_head_were_deleted_reports_the_deleted_trail(tmp_path):
    setup = GuardSetup(tmp_path)
    assert_allowed(setup.bash("ls"))
    _remove(setup, "setup.json", "audit.jsonl.head", "audit.jsonl")
    proc = run_legant(["guard", "init", "--project", setup.project, "--dir", setup.dir], env=setup.env())
    assert proc.returncode == 0, proc.stderr
    verdict = _verify(setup)
    assert verdict.returncode == 1 and "were deleted" in verdict.stdout + verdict.stderr
    assert_allowed(setup.bash("ls"))
    assert _verify(setup).returncode == 1  # however many calls follow


def test_a_fresh_init_starts_a_clean_trail(tmp_path):
    setup = GuardSetup(tmp_path)
    assert _verify(setup).returncode == 0
    assert_allowed(setup.bash("ls"))
    assert _verify(setup).returncode == 0
