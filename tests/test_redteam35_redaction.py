"""Red team #35 (issue 10, "also found"): credentials of shapes the audit trail's redaction missed,
checked on the record the real hook writes, and everyday text that must stay readable."""

import json
import os

import pytest

from conftest import GuardSetup, assert_allowed
from legant_guard.hook.audit import redact

SECRET = "s3cr3tVALUEx9"


@pytest.mark.parametrize("text", [
    f"MYSQL_PWD={SECRET} mysql -u root",
    f"DB_PWD={SECRET} ./run",
    "echo -----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF" + SECRET + "\n-----END PGP PRIVATE KEY BLOCK-----",
    f"echo 'password: {SECRET}' >> config.yml",
    f"cat <<EOF > db.yml\ndb:\n  password: {SECRET}\nEOF",
    f"echo xapp-1-A0123456789-{SECRET}0123456789",
    f"echo glrt-{SECRET}abcdefghijkl",
    f"echo gldt-{SECRET}abcdefghijkl",
    f"echo dckr_pat_{SECRET}abcdefghijkl",
    f"echo xai-{SECRET}abcdefghijklmn",
    f"echo lin_api_{SECRET}abcdefghijklmn",
    f"echo figd_{SECRET}abcdefghijklmn",
    f"echo sq0atp-{SECRET}abcdefghijklmn",
    f"curl -X POST https://hooks.slack.com/services/T000/B000/{SECRET}",
    f"curl https://discord.com/api/webhooks/123456/{SECRET}",
])
def test_new_credential_shapes_are_redacted(text):
    assert SECRET not in redact(text)
    assert "[REDACTED]" in redact(text)


EVERYDAY = ('git commit -m "fix token: parse"', "grep -rn 'password:' config/", "PWD=/tmp make",
            "ls glob/ shapes/ sq0/", "kubectl get secret app -o yaml", "cat docs/webhooks.md")


def test_everyday_text_near_those_shapes_stays_readable():
    assert [redact(text) for text in EVERYDAY] == list(EVERYDAY)


def test_the_hook_writes_the_redacted_form(tmp_path):
    s = GuardSetup(tmp_path)
    assert_allowed(s.bash(f"echo 'password: {SECRET}' > notes.txt", role="open"))
    with open(os.path.join(s.dir, "audit.jsonl")) as f:
        record = json.loads(f.readlines()[-1])
    assert SECRET not in record["target"] and "password: [REDACTED]" in record["target"]
