"""Red team #10 (rt10c): the audit trail deleted and its head rewritten at seq 0.

One small file with no key in it (`{"seq":0,"hash":GENESIS,...}`) made a trail that had records
look fresh to `guard audit verify` and to the next append. The setup record now remembers that
the trail got its first record, so that forgery is reported; rewriting the setup record too is
the documented "rewrite everything consistently" case.
"""

import os

from conftest import GuardSetup, assert_allowed


def _forge_fresh_head(path):
    from legant_guard.hook import audit

    with open(path + ".head", "w") as f:
        f.write(('{"feed_ver":0,"hash":"%s","seq":0,"setup":1}' % audit.GENESIS).ljust(127) + "\n")


def _verify(path):
    from legant_guard.hook import audit
    from legant_guard.setuprecord import trail_started

    return audit.verify(path, started=trail_started(path))


def test_a_fresh_setup_still_verifies_as_empty(tmp_path):
    s = GuardSetup(tmp_path)
    ok, message = _verify(os.path.join(s.dir, "audit.jsonl"))
    assert ok, message


def test_deleting_the_trail_and_forging_a_fresh_head_is_reported(tmp_path):
    s = GuardSetup(tmp_path)
    trail = os.path.join(s.dir, "audit.jsonl")
    assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, "a.txt")}))
    assert _verify(trail)[0]
    os.remove(trail)
    _forge_fresh_head(trail)
    ok, message = _verify(trail)
    assert not ok and "deleted and its head rewritten" in message
    # and it stays reported after any number of later calls
    for _ in range(3):
        assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, "a.txt")}))
    ok, message = _verify(trail)
    assert not ok and "the chain was broken" in message and "head rewritten" in message


def test_emptying_the_trail_and_forging_a_fresh_head_is_reported(tmp_path):
    s = GuardSetup(tmp_path)
    trail = os.path.join(s.dir, "audit.jsonl")
    assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, "a.txt")}))
    open(trail, "w").close()
    _forge_fresh_head(trail)
    ok, message = _verify(trail)
    assert not ok and "emptied and its head rewritten" in message


import pytest


@pytest.mark.parametrize("text", [
    "openssl enc -aes256 -k hunter2 -in x",
    "openssl enc -aes256 -pass pass:hunter2 -in x",
    "openssl rsa -passin pass:hunter2 -in k.pem",
    "sqlcmd -S db -U sa -P hunter2",
    "echo hunter2 | docker login -u bob --password-stdin",
    "printf '%s' 'hunter2' | helm registry login r --password-stdin",
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYhunter2Y aws s3 ls",
    "aws configure import wJalrXUtnFEMI/K7MDENG/bPxRfiCYhunter2YXX",
])
def test_more_credentials_are_redacted_in_audit_records(text):
    from legant_guard.hook.audit import redact

    assert "hunter2" not in redact(text)


@pytest.mark.parametrize("text", [
    "git show 3f786850e387550fdab836ed7e6dc881de23001b",
    "aws s3 cp src/x /tmp/y",
    "echo hello | grep x",
])
def test_ordinary_text_is_not_redacted(text):
    from legant_guard.hook.audit import redact

    assert redact(text) == text
