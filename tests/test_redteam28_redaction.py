"""Red team 28 (issue 10 "Also found", rt10i): credentials that still reached the audit trail.

Found: a token given as a URL's whole user part (`https://<PAT>@dev.azure.com/…`, which Azure
DevOps and GitHub accept), Google OAuth access tokens (`ya29.…`), a credential setting quoted
after an option's `=` (`terraform apply -var='db_password=V'`), `poetry config http-basic.X USER
PW` and `pypi-token.X T`, `cargo login TOKEN`, `netlify deploy --auth TOKEN`. Each is checked on
the real trail a hook call writes, beside the neighbours that must stay readable.
"""

import json
import os

import pytest

from conftest import GuardSetup, assert_allowed
from legant_guard.hook.audit import REDACTED, redact

SECRET = "Zq9Secret7Value7Abcdef"  # 22 characters


@pytest.mark.parametrize("text", [
    f"git clone https://{SECRET}@dev.azure.com/org/p/_git/r",
    f"git remote add o https://{SECRET}@github.com/a/b.git",
    f"curl -H 'x: y' https://{SECRET}.x-y@api.example.com/v1",
    f"gcloud storage ls --access-token-file=/dev/null; echo ya29.{SECRET}",
    f"terraform apply -var='db_password={SECRET}'",
    f'terraform apply -var="api_token={SECRET}"',
    f"poetry config http-basic.internal alice {SECRET}",
    f"poetry config --local http-basic.internal alice '{SECRET}'",
    f"poetry config pypi-token.pypi {SECRET}",
    f"poetry config pypi-token.testpypi {SECRET} && poetry publish",
    f"cargo login {SECRET}",
    f"cargo login --registry internal {SECRET}",
    f"cargo login --registry=internal {SECRET}",
    f"netlify deploy --prod --auth {SECRET}",
    f"netlify deploy --auth={SECRET}",
])
def test_credential_is_redacted(text):
    out = redact(text)
    assert SECRET not in out and REDACTED in out, out


@pytest.mark.parametrize("text", [
    "git clone https://git@github.com/a/b.git",
    "git clone https://alice@example.com/a/b.git",
    "curl https://example.com/path/a@b",
    "terraform apply -var=region=eu-west-1",
    "terraform apply -var='instance_type=t3.micro'",
    "poetry config virtualenvs.in-project true",
    "poetry config http-basic.internal",
    "cargo login",
    "cargo login --registry internal",
    "cargo build --release",
    "netlify deploy --prod",
])
def test_neighbours_stay_readable(text):
    assert redact(text) == text


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt28r"))


@pytest.mark.parametrize("command", [
    f"cargo login {SECRET}",
    f"poetry config http-basic.internal alice {SECRET}",
    f"git clone https://{SECRET}@dev.azure.com/org/p/_git/r /tmp/r",
])
def test_the_trail_never_holds_the_credential(g, command):
    assert_allowed(g.bash(command, role="operator"))
    with open(os.path.join(g.dir, "audit.jsonl")) as f:
        text = f.read()
    assert SECRET not in text
    last = json.loads(text.splitlines()[-1])
    assert REDACTED in last["target"]
