"""Red team #40 (issue 10, "also found"): a token the feed could never revoke.

A token without a `jti` (or with an empty one) verified and was obeyed: the revocation feed lists
token ids, so nothing could ever revoke it, nor any child minted from it (attenuation already
refused such a parent). The wire format says every token carries one; such a token is refused.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.delegation import jws, keys


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt40tok"))


def _signed(s, change):
    with open(os.path.join(s.dir, "builder.jwt")) as f:
        claims = jws.decode_unverified(f.read().strip())[1]
    change(claims)
    return s.write_token("edited.jwt", keys.sign_jws(s.key_pem(), "legant-guard-local", claims))


def _read_with(s, token_file):
    env = s.env("builder")
    env["LEGANT_GUARD_TOKEN_FILE"] = token_file
    return s.check("Read", {"file_path": s.path("notes.txt")}, env=env)


def test_a_token_without_a_jti_is_refused(s):
    token = _signed(s, lambda c: c.pop("jti"))
    assert_denied(_read_with(s, token), "invalid delegation token", "token has no id (`jti` claim)")


@pytest.mark.parametrize("jti", ["", None, 7, ["a"]])
def test_a_jti_that_is_no_id_is_refused(s, jti):
    token = _signed(s, lambda c: c.update(jti=jti))
    assert_denied(_read_with(s, token), "invalid delegation token", "malformed `jti` claim")


def test_the_same_token_with_its_jti_is_obeyed(s):
    token = _signed(s, lambda c: None)
    assert_allowed(_read_with(s, token))
