"""Red team (rt10): passwords given to programs' own flags are redacted in the audit trail."""

import pytest

from legant_guard.hook.audit import REDACTED, redact


@pytest.mark.parametrize("command,secret", [
    ("redis-cli -a redispw99 ping", "redispw99"),
    ("htpasswd -b .htpasswd user htpw42", "htpw42"),
    ("htpasswd -nb user htpw43 && ls", "htpw43"),
    ("smbclient //h/s -U user%smbpw44", "smbpw44"),
    ("kubectl create secret generic x --from-literal=password=k8spw45", "k8spw45"),
    ("ssh-keygen -N keygenpw46 -f k", "keygenpw46"),
    ("zip -P zippw47 a.zip f", "zippw47"),
    ("7z a -pzsevenpw48 a.7z f", "zsevenpw48"),
    ("unzip -P unzippw49 a.zip", "unzippw49"),
    ("vault login vaulttok50", "vaulttok50"),
])
def test_program_passwords_are_redacted(command, secret):
    out = redact(command)
    assert secret not in out
    assert REDACTED in out


@pytest.mark.parametrize("command", [
    "zip -r a.zip dir", "7z x a.7z", "cp -pr a b", "printf %s x", "ssh-keygen -t ed25519 -f k", "unzip a.zip",
    "redis-cli ping", "vault status", "date +%Y%m%d",
])
def test_ordinary_commands_stay_readable(command):
    assert redact(command) == command


def test_the_audit_trail_does_not_keep_a_redis_password(tmp_path):
    import json
    import os

    from conftest import GuardSetup

    g = GuardSetup(tmp_path)
    g.bash("redis-cli -a redispw51 ping", role="operator")
    with open(os.path.join(g.dir, "audit.jsonl"), encoding="utf-8") as f:
        text = f.read()
    assert "redispw51" not in text
    assert any(REDACTED in json.dumps(json.loads(line)) for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("raw", ["inf", "Infinity", "nan", "-1", "0"])
def test_a_staleness_or_refresh_setting_that_never_ends_fails_closed(raw):
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.hook.issuer import seconds_setting

    with pytest.raises(DelegationError, match="not a positive number of seconds"):
        seconds_setting({"LEGANT_GUARD_MAX_STALENESS": raw}, "LEGANT_GUARD_MAX_STALENESS", 900)
