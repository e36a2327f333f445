"""Red team: host rules against URL spellings the agent's fetch (the WHATWG URL parser) reads
as another host. Each case pipes a WebFetch event through the real `legant guard check`."""

import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

from legant_guard import guarddir
from legant_guard.delegation.mint import mint_token


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-hosts"))


def token_env(s, *resources):
    token = mint_token(s.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:t",
                       actor="agent:t", scope="*", cnst={"resources": list(resources)}, ttl_seconds=600,
                       now=time.time())
    return s.env(LEGANT_GUARD_TOKEN_FILE=s.write_token(f"h{time.time_ns()}.jwt", token))


def fetch(s, url, env, agent=None):
    if agent == "opencode":
        return s.check("webfetch", {"url": url, "format": "text"}, env=env, agent=agent)
    return s.check("WebFetch", {"url": url, "prompt": "x"}, env=env)


@pytest.mark.parametrize("url", [
    "https://\uff45\uff56\uff49\uff4c.example/",  # fullwidth letters: IDNA maps them to evil.example
    "https://evil\u3002example/",  # ideographic full stop is a label separator
    "https://evil\uff0eexample/",
    "https://EVIL\uff61EXAMPLE./",
    "https://evil\u200b.example/",  # zero-width space is mapped away
])
def test_unicode_spelling_of_denied_host_is_denied(s, url):
    env = token_env(s, "deny-host:evil.example")
    assert_denied(fetch(s, url, env), "host evil.example is denied by deny-host evil.example")
    assert_denied(fetch(s, url, env, agent="opencode"), "denied by deny-host evil.example")


@pytest.mark.parametrize("url", [
    "http://2852039166/",  # one 32-bit number
    "http://0xa9.0xfe.0xa9.0xfe/",  # hex parts
    "http://0251.0376.0251.0376/",  # octal parts
    "http://169.254.43518/",  # last part fills the remaining bytes
    "http://0xA9FEA9FE/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/",  # IPv4-mapped IPv6 reaches the IPv4 address
    "http://[::ffff:a9fe:a9fe]/",
])
def test_numeric_spellings_of_denied_ipv4_are_denied(s, url):
    env = token_env(s, "deny-host:169.254.169.254")
    assert_denied(fetch(s, url, env), "host 169.254.169.254 is denied by deny-host 169.254.169.254")


def test_short_loopback_spelling_is_denied(s):
    env = token_env(s, "deny-host:127.0.0.1")
    assert_denied(fetch(s, "http://127.1:8080/", env), "host 127.0.0.1 is denied")


def test_ipv6_spellings_compare_compressed(s):
    env = token_env(s, "deny-host:::1")
    assert_denied(fetch(s, "http://[0:0:0:0:0:0:0:1]/", env), "host ::1 is denied")


def test_invalid_numeric_host_is_unreadable(s):
    env = token_env(s, "deny-host:evil.example")
    for url in ("http://1.2.3.4.5/", "http://256.1/", "http://evil.example.0/"):
        assert_denied(fetch(s, url, env), "could not read the host")


def test_idna_deviation_characters_are_refused(s):
    # Python's IDNA 2003 reads faß.de as fass.de; the agent's fetch goes to xn--fa-hia.de.
    env = token_env(s, "host:fass.de")
    assert_denied(fetch(s, "https://fa\u00df.de/", env), "could not read the host")


def test_unicode_host_rule_matches_its_punycode(s):
    env = token_env(s, "deny-host:b\u00fccher.example")
    assert_denied(fetch(s, "https://xn--bcher-kva.example/", env), "denied by deny-host")


def test_allow_list_still_allows_plain_and_numeric_hosts(s):
    env = token_env(s, "host:docs.python.org", "host:127.0.0.1")
    assert_allowed(fetch(s, "https://DOCS.python.org./3/", env))
    assert_allowed(fetch(s, "http://127.0.0.1:8000/", env))
    assert_allowed(fetch(s, "http://2130706433/", env))
    assert_denied(fetch(s, "http://127.0.0.2/", env), "not on the host allow-list")


def test_backslash_is_a_slash_like_in_the_browser(s):
    # WHATWG: `\` is `/` in http(s) URLs, so the host is docs.python.org in both readings.
    env = token_env(s, "host:docs.python.org", "deny-host:evil.example")
    assert_allowed(fetch(s, "https://docs.python.org\\@evil.example/", env))
    assert_denied(fetch(s, "https://evil.example\\@docs.python.org/", env), "denied by deny-host evil.example")


def test_file_and_data_urls_have_no_host_and_are_denied(s):
    env = token_env(s, "deny-host:evil.example")
    home = s.home
    assert_denied(fetch(s, "file://" + os.path.join(home, ".ssh", "id_rsa"), env), "could not read the host")
    assert_denied(fetch(s, "data:text/plain,hello", env), "could not read the host")
