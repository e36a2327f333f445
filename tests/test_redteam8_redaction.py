"""Red team #10 (rt10d): OpenLDAP's bind and new passwords were written to the audit trail in clear."""

import pytest

from legant_guard.hook.audit import redact


@pytest.mark.parametrize("text, secret", [
    ("ldapsearch -x -D cn=admin -w hunter2 -b dc=x", "hunter2"),
    ("ldapmodify -w 'hunter 2' -f x.ldif", "hunter 2"),
    ("ldapadd -D cn=admin -whunter2 -f x.ldif", "hunter2"),
    ("ldappasswd -w hunter2 -s n3wpassw0rd", "n3wpassw0rd"),
])
def test_ldap_passwords_are_redacted(text, secret):
    out = redact(text)
    assert secret not in out and "[REDACTED]" in out


@pytest.mark.parametrize("text", ["ls -w 80 src", "ldapsearch -x -W -b dc=x", "column -s , -t x.csv"])
def test_neighbours_stay_readable(text):
    assert redact(text) == text
