"""Red team #30 (issue 10, classes 5, 6 and the redaction list): the records under tamper.

- a rolled-back revocation feed let in by editing the audit head's `feed_ver` (with the feed state
  deleted and the setup record's mark removed): the head was trusted whenever it was there, while
  the trail's last record (hashed into the chain) still carried the newer version. The trail is
  evidence on every call now, and the next append notes an edited head as a break in the chain,
  which `guard audit verify` reports from then on;
- `openssl passwd PW` kept the password in the trail.
"""

import json
import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, clean_env, run_legant


def _legant(s, *args):
    return run_legant(["guard", *args, "--dir", s.dir], env=clean_env(home=s.home), cwd=s.project)


def _rewrite_head(s, **fields):
    path = os.path.join(s.dir, "audit.jsonl.head")
    with open(path) as f:
        head = json.loads(f.read())
    head.update(fields)
    with open(path, "w") as f:
        f.write(json.dumps(head).ljust(127) + "\n")


@pytest.fixture
def rolled_back(tmp_path):
    """A setup whose `open` token was revoked (feed version 2), then given back its version-1 feed
    with every cheap mark of version 2 removed but the trail's own records."""
    s = GuardSetup(tmp_path)
    feed = os.path.join(s.dir, "feed.jwt")
    shutil.copy(feed, str(tmp_path / "feed-v1.jwt"))
    assert _legant(s, "revoke", "--role", "open").returncode == 0
    assert_denied(s.bash("ls", role="open"), "revoked")
    shutil.copy(str(tmp_path / "feed-v1.jwt"), feed)
    os.remove(os.path.join(s.dir, "feed-state.json"))
    with open(os.path.join(s.dir, "setup.json")) as f:
        record = json.load(f)
    record.pop("feed_ver", None)
    with open(os.path.join(s.dir, "setup.json"), "w") as f:
        json.dump(record, f)
    _rewrite_head(s, feed_ver=1)
    return s


@pytest.mark.parametrize("role", ["open", "operator", "builder"])
def test_an_edited_audit_head_does_not_let_a_rolled_back_feed_in(rolled_back, role):
    assert_denied(rolled_back.bash("ls", role=role), "rolled back", "version 1 is older than 2", "audit trail")


def test_an_edited_audit_head_is_reported_by_verify(rolled_back):
    rolled_back.bash("ls", role="operator")  # (the append notes the edited head)
    for _ in range(3):
        rolled_back.bash("ls", role="operator")
    proc = _legant(rolled_back, "audit", "verify")
    assert proc.returncode == 1
    assert "the head says feed version 1 but the trail's last record" in proc.stdout + proc.stderr


def test_an_untouched_setup_still_verifies(tmp_path):
    s = GuardSetup(tmp_path)
    assert _legant(s, "revoke", "--role", "open").returncode == 0
    for _ in range(3):
        assert_allowed(s.bash("ls", role="operator"))
    proc = _legant(s, "audit", "verify")
    assert proc.returncode == 0 and "chain intact" in proc.stdout


def test_openssl_passwd_is_redacted(tmp_path):
    s = GuardSetup(tmp_path)
    secret = "Tr0ub4dor-and-3-more-words"
    assert_denied(s.bash(f"openssl passwd -6 {secret} ; rm -rf /", role="builder"), "recursive")
    with open(os.path.join(s.dir, "audit.jsonl")) as f:
        trail = f.read()
    assert secret not in trail and "openssl passwd [REDACTED]" in trail
