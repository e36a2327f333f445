"""Token validity, revocation feed and time windows, through the real `legant guard check`."""

import json
import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

from legant_guard import guarddir
from legant_guard.delegation.jws import b64url_decode, b64url_encode
from legant_guard.delegation.keys import generate_private_key_pem, sign_jws
from legant_guard.delegation.mint import attenuate, build_feed, mint_token
from legant_guard.delegation.claims import verify_token
from legant_guard.delegation.jwks import load_jwks


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path)


def mint(setup, scope="*", cnst=None, ttl=3600, now=None, **kw):
    return mint_token(setup.key_pem(), guarddir.KID, issuer=kw.pop("issuer", guarddir.ISSUER),
                      audience=kw.pop("audience", guarddir.AUDIENCE), sub="user:test", actor="agent:test",
                      scope=scope, cnst=cnst or {}, ttl_seconds=ttl, now=time.time() if now is None else now, **kw)


def check_with(setup, token, tool="Read", tool_input=None, **env):
    path = setup.write_token(f"t{time.time_ns()}.jwt", token)
    return setup.check(tool, tool_input or {"file_path": "README.md"},
                       env=setup.env(LEGANT_GUARD_TOKEN_FILE=path, **env))


def test_expired_token_denied(setup):
    assert_denied(check_with(setup, mint(setup, ttl=60, now=time.time() - 3600)), "invalid delegation token", "expired",
                  "run `legant guard renew`")


def test_not_yet_valid_token_denied(setup):
    token = mint(setup, nbf=int(time.time()) + 3600)
    assert_denied(check_with(setup, token), "invalid delegation token")


def test_wrong_issuer_denied(setup):
    assert_denied(check_with(setup, mint(setup, issuer="https://evil.example")), "issuer")


def test_wrong_audience_denied(setup):
    assert_denied(check_with(setup, mint(setup, audience="legant:codex-other")), "audience")


def test_canonical_audience_variant_accepted(setup):
    token = mint(setup, audience="https://guard.example/")
    assert_allowed(check_with(setup, token, LEGANT_GUARD_AUDIENCE="HTTPS://Guard.EXAMPLE:443"))


def test_unknown_kid_denied(setup):
    other = generate_private_key_pem()
    token = sign_jws(other, "some-other-kid", verify_token_claims(setup))
    assert_denied(check_with(setup, token), "unknown signing key")


def verify_token_claims(setup):
    token = mint(setup)
    return verify_token(token, load_jwks(os.path.join(setup.dir, "jwks.json")), guarddir.ISSUER, guarddir.AUDIENCE,
                        time.time())


def test_forged_signature_with_known_kid_denied(setup):
    token = sign_jws(generate_private_key_pem(), guarddir.KID, verify_token_claims(setup))
    assert_denied(check_with(setup, token), "invalid delegation token")


def test_tampered_payload_denied(setup):
    header, payload, sig = mint(setup, scope="fs.read").split(".")
    claims = json.loads(b64url_decode(payload))
    claims["scope"] = "*"
    forged = ".".join([header, b64url_encode(json.dumps(claims).encode()), sig])
    assert_denied(check_with(setup, forged, tool="Bash", tool_input={"command": "ls"}), "invalid delegation token")


def test_token_without_act_denied(setup):
    claims = verify_token_claims(setup)
    del claims["act"]
    assert_denied(check_with(setup, sign_jws(setup.key_pem(), guarddir.KID, claims)), "act")


def test_alg_none_token_denied(setup):
    claims = verify_token_claims(setup)
    token = b64url_encode(b'{"alg":"none","typ":"JWT"}') + "." + b64url_encode(json.dumps(claims).encode()) + "."
    assert_denied(check_with(setup, token), "invalid delegation token")


def _publish_feed(setup, jtis, ver, pem=None, ttl=3600, now=None):
    token = build_feed(pem or setup.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, jtis=jtis, ver=ver,
                               ttl_seconds=ttl, now=time.time() if now is None else now)
    with open(os.path.join(setup.dir, "feed.jwt"), "w") as f:
        f.write(token)


def _jti(setup, role="builder"):
    with open(os.path.join(setup.dir, f"{role}.jwt")) as f:
        return verify_token(f.read().strip(), load_jwks(os.path.join(setup.dir, "jwks.json")), guarddir.ISSUER,
                            guarddir.AUDIENCE, time.time())["jti"]


def test_revoked_token_denied(setup):
    _publish_feed(setup, [_jti(setup)], ver=50)
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "revoked")
    assert_allowed(setup.check("Read", {"file_path": "README.md"}, role="open"))


def test_revoked_parent_kills_child(setup):
    with open(os.path.join(setup.dir, "builder.jwt")) as f:
        parent = verify_token(f.read().strip(), load_jwks(os.path.join(setup.dir, "jwks.json")), guarddir.ISSUER,
                              guarddir.AUDIENCE, time.time())
    child = attenuate(parent, setup.key_pem(), guarddir.KID, agent="agent:child", scopes=["fs.read"], now=time.time())
    assert_allowed(check_with(setup, child))
    _publish_feed(setup, [parent["jti"]], ver=60)
    assert_denied(check_with(setup, child), "revoked", "parent")


def test_forged_feed_denies_everything(setup):
    _publish_feed(setup, [], ver=70, pem=generate_private_key_pem())
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "revocation feed unusable")


def test_rolled_back_feed_denies_everything(setup):
    _publish_feed(setup, ["a" * 32], ver=80)
    assert_allowed(setup.check("Read", {"file_path": "README.md"}))
    _publish_feed(setup, [], ver=79)
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "rolled back")


def test_expired_feed_denies_with_refresh_hint(setup):
    _publish_feed(setup, [], ver=90, ttl=60, now=time.time() - 3600)
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "legant guard revoke --refresh")


def test_missing_configured_feed_denies(setup):
    os.remove(os.path.join(setup.dir, "feed.jwt"))
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "revocation feed unusable")


def test_no_feed_configured_rests_on_expiry(setup):
    env = setup.env()
    del env["LEGANT_GUARD_FEED"]
    os.remove(os.path.join(setup.dir, "feed.jwt"))
    assert_allowed(setup.check("Read", {"file_path": "README.md"}, env=env))


def _window_token(setup, **window):
    return mint(setup, cnst={"time_window": window})


def test_time_window_outside_denied(setup):
    now = time.gmtime()
    minute = now.tm_hour * 60 + now.tm_min
    start = (minute + 120) % 1440
    token = _window_token(setup, weekdays=[0, 1, 2, 3, 4, 5, 6], start_min=start, end_min=(start + 30) % 1440, tz="")
    assert_denied(check_with(setup, token), "outside the token's time window")


def test_time_window_wrong_weekday_denied(setup):
    today = (time.gmtime().tm_wday + 1) % 7
    others = [d for d in range(7) if d != today]
    token = _window_token(setup, weekdays=others, start_min=0, end_min=1439, tz="UTC")
    assert_denied(check_with(setup, token), "time window")


def test_time_window_inside_allowed(setup):
    token = _window_token(setup, weekdays=list(range(7)), start_min=0, end_min=1439, tz="Europe/Berlin")
    assert_allowed(check_with(setup, token))


def test_time_window_unknown_tz_denied(setup):
    token = _window_token(setup, weekdays=list(range(7)), start_min=0, end_min=1439, tz="Mars/Olympus")
    assert_denied(check_with(setup, token), "unknown time zone")
