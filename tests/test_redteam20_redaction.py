"""Red team #20 (issue 10): credentials that reached the audit trail in clear. Each is a
command an agent may well run; the trail keeps the command with the secret replaced."""

import json
import os

import pytest

from conftest import GuardSetup
from legant_guard.hook.audit import REDACTED, redact

SECRET = "hunter2pw"


@pytest.mark.parametrize("command", [
    f"rar a -p{SECRET} x.rar f",
    f"rar a -hp{SECRET} x.rar f",
    f"unrar x -p{SECRET} x.rar",
    f"doctl auth init -t {SECRET}",
    f"doctl auth init --access-token={SECRET}",
    f"cryptsetup open --key-file=- /dev/x n <<< {SECRET}",
    f"sudo -S ls <<< {SECRET}",
    f"passwd --stdin bob <<< '{SECRET}'",
    f"gpg --batch --passphrase-fd 0 -d f <<< {SECRET}",
    f"git config --global user.password {SECRET}",
    f"git -C . config github.token {SECRET}",
    f"rclone config create r s3 access_key_id AK secret_access_key {SECRET}",
    f"mc alias set a http://127.0.0.1:9000 AK {SECRET}",
])
def test_new_credential_forms_are_redacted(command):
    out = redact(command)
    assert SECRET not in out and REDACTED in out, out


@pytest.mark.parametrize("command", ["git config credential.helper store", "rar a x.rar f", "git status",
                                     "mc ls a/bucket", "rclone config show", "doctl compute droplet list"])
def test_neighbours_stay_readable(command):
    assert redact(command) == command


def test_the_trail_holds_no_clear_secret(tmp_path):
    setup = GuardSetup(tmp_path)
    setup.bash(f"git config --global user.password {SECRET}", role="operator")
    setup.bash(f"rar a -p{SECRET} x.rar f", role="operator")
    with open(os.path.join(setup.dir, "audit.jsonl")) as f:
        records = [json.loads(line) for line in f]
    assert len(records) >= 2
    assert not any(SECRET in json.dumps(r) for r in records)
