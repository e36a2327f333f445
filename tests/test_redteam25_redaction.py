"""Red team 25 (issue 10, "Also found", rt10h): credentials the audit trail still kept in clear.

Siblings of the redactions issue 10 asked for: `aws configure --profile P set KEY V` (an option
between `configure` and `set`), values handed to a secret store on its input or as its
positional value (`echo V | gh secret set X`, `wrangler secret put X <<< V`, `docker secret
create x - <<< V`, `doppler/fly secrets set X V`, `A=V B=V`), `mysqladmin password V`, SQL's
`PASSWORD 'V'` / `IDENTIFIED BY 'V'`, a cookie given to `curl -b`, and `sqlplus user/PW@db`.
"""

import json
import os

import pytest

from conftest import GuardSetup
from legant_guard.hook.audit import redact

SECRET = "hunter2Xy"


@pytest.mark.parametrize("command", [
    f"aws configure --profile prod set aws_secret_access_key {SECRET}",
    f"aws configure --profile=prod set aws_session_token {SECRET}",
    f"echo {SECRET} | gh secret set X",
    f"echo {SECRET} | wrangler secret put API_KEY",
    f"printf '%s' {SECRET} | docker secret create db -",
    f"wrangler secret put X <<< {SECRET}",
    f"docker secret create db - <<< '{SECRET}'",
    f"doppler secrets set X {SECRET}",
    f"doppler secrets set X={SECRET}",
    f"fly secrets set A=1 B='{SECRET}'",
    f"mysqladmin -u root password {SECRET}",
    f"psql -c \"ALTER USER app PASSWORD '{SECRET}'\"",
    f"mysql -e \"CREATE USER u IDENTIFIED BY '{SECRET}'\"",
    f"curl -b 'session={SECRET}' https://h",
    f"curl --cookie=sid={SECRET} https://h",
    f"sqlplus scott/{SECRET}@db",
    f"sqlplus -S scott/{SECRET}",
])
def test_credentials_are_redacted(command):
    out = redact(command)
    assert SECRET not in out and "[REDACTED]" in out, out


@pytest.mark.parametrize("command", [
    "aws configure set region eu-west-1", "aws configure --profile prod set region eu-west-1",
    "curl -b cookies.txt https://h", "fly secrets list", "docker secret ls", "gh secret set X < value.txt",
    "sqlplus /nolog", "echo password | grep x", "cp -rb a b",
])
def test_ordinary_commands_stay_readable(command):
    assert redact(command) == command


def test_a_denied_call_is_recorded_without_the_secret(tmp_path):
    g = GuardSetup(tmp_path)
    proc = g.bash(f"echo {SECRET} | wrangler secret put API_KEY; curl -b 'sid={SECRET}' https://h", role="builder")
    assert proc.returncode == 2
    with open(os.path.join(g.dir, "audit.jsonl")) as f:
        records = [json.loads(line) for line in f if line.strip()]
    assert records and all(SECRET not in json.dumps(r) for r in records)
    assert any("[REDACTED]" in r.get("target", "") for r in records)
