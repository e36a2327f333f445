"""Red team 11 (issue 10, also found): credentials that still reached the audit trail.

Bundled curl flags (`curl -su user:PW`), headers named like a credential (`-H 'PRIVATE-TOKEN:
T'`, `api-key:`), `npm config set //registry/:_authToken T`, a URL with an empty user
(`redis://:PW@host`), `-p PW` of twine, the MongoDB tools, mosquitto and usermod/useradd,
`lftp -u user,PW`, passwords fed on the input (`echo PW | sudo -S`, `| passwd --stdin`,
`chpasswd <<< user:PW`), `gh auth login --with-token <<< T`, macOS `security … -w PW` and
`rabbitmqctl add_user U PW`.
"""

import json
import os

import pytest

from conftest import GuardSetup

SECRET = "S3cretPassw0rd9"


@pytest.mark.parametrize("text", [
    f"curl -su user:{SECRET} http://127.0.0.1/x",
    f"curl -fsSLu user:{SECRET} http://127.0.0.1/x",
    f"curl -H 'PRIVATE-TOKEN: {SECRET}' http://127.0.0.1/x",
    f"curl --header \"api-key:{SECRET}\" http://127.0.0.1/x",
    f"npm config set //registry.npmjs.org/:_authToken {SECRET}",
    f"npm config set _auth {SECRET}",
    f"yarn config set npmAuthToken {SECRET}",
    f"redis-cli -u redis://:{SECRET}@127.0.0.1",
    f"twine upload -p {SECRET} dist/*",
    f"mongosh -u me -p {SECRET}",
    f"mongodump -p {SECRET}",
    f"mosquitto_pub -P {SECRET} -t x",
    f"usermod -p {SECRET} bob",
    f"lftp -u bob,{SECRET} ftp://127.0.0.1",
    f"echo {SECRET} | sudo -S ls",
    f"echo '{SECRET}' | passwd --stdin bob",
    f"chpasswd <<< 'bob:{SECRET}'",
    f"gh auth login --with-token <<< {SECRET}",
    f"security add-generic-password -a me -s x -w {SECRET}",
    f"rabbitmqctl add_user bob {SECRET}",
])
def test_the_credential_is_redacted(text):
    from legant_guard.hook.audit import REDACTED, redact

    out = redact(text)
    assert SECRET not in out and REDACTED in out, out


@pytest.mark.parametrize("text", [
    'grep -r "token:" src/',
    'git commit -m "fix token: parse"',
    'curl -H "Content-Type: application/json" http://127.0.0.1/x',
    "npm config set registry https://registry.npmjs.org/",
    "kubectl config set-context dev",
    "printf %s x | sudo tee /etc/x",
    "ssh -p 2222 host",
    "mysql -u root -p",
])
def test_ordinary_commands_stay_readable(text):
    from legant_guard.hook.audit import redact

    assert redact(text) == text


def test_a_denied_call_with_a_header_token_leaves_no_credential_in_the_trail(tmp_path):
    setup = GuardSetup(tmp_path)
    setup.bash(f"curl -H 'PRIVATE-TOKEN: {SECRET}' http://127.0.0.1/x", role="builder")
    with open(os.path.join(setup.dir, "audit.jsonl")) as f:
        records = [json.loads(line) for line in f]
    assert records and SECRET not in json.dumps(records)
