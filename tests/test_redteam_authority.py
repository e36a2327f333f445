"""Red team: token claims with edge-case shapes (time windows, child tokens), through the real
`legant guard check`. A claim the guard cannot read as the issuer meant it must deny."""

import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

from legant_guard import guarddir
from legant_guard.delegation.claims import verify_token
from legant_guard.delegation.jwks import load_jwks
from legant_guard.delegation.keys import sign_jws
from legant_guard.delegation.mint import attenuate, mint_token


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-auth"))


def mint(s, cnst):
    return mint_token(s.key_pem(), guarddir.KID, issuer=guarddir.ISSUER, audience=guarddir.AUDIENCE, sub="user:t",
                      actor="agent:t", scope="*", cnst=cnst, ttl_seconds=3600, now=time.time())


def read_with(s, token):
    env = s.env(LEGANT_GUARD_TOKEN_FILE=s.write_token(f"a{time.time_ns()}.jwt", token))
    return s.check("Read", {"file_path": "README.md"}, env=env)


def _now_minute():
    now = time.gmtime()
    return now.tm_hour * 60 + now.tm_min


def test_child_of_disjoint_windows_gets_no_time_at_all(s):
    # Parent: a 2-hour window that excludes now. Child asks for a later, disjoint window.
    # Attenuation intersects them into start > end; read as an overnight window, that
    # covered almost the whole day, including now, outside the parent's window.
    now = _now_minute()
    if now < 60 or now > 1439 - 60:
        pytest.skip("needs room on both sides of the current minute")
    parent_window = {"start_min": 0, "end_min": now - 30, "tz": "UTC"}
    child_window = {"start_min": now + 10, "end_min": 1439, "tz": "UTC"}
    parent = verify_token(mint(s, {"time_window": parent_window}), load_jwks(os.path.join(s.dir, "jwks.json")),
                          guarddir.ISSUER, guarddir.AUDIENCE, time.time())
    child = attenuate(parent, s.key_pem(), guarddir.KID, agent="agent:child", scopes=["fs.read"],
                      time_window=child_window, now=time.time())
    assert_denied(read_with(s, child), "outside the token's time window", "empty or malformed")


@pytest.mark.parametrize("window", [
    {"start_min": 600, "end_min": 500},  # start after end
    {"start_min": -100, "end_min": 99999},  # out of range
    {"start_min": "0", "end_min": "1439"},  # strings
    {"start_min": True, "end_min": 1439},  # a bool is not a minute
])
def test_malformed_window_minutes_deny(s, window):
    assert_denied(read_with(s, mint(s, {"time_window": window})), "outside the token's time window", "malformed")


def test_weekdays_as_a_string_is_malformed_not_an_internal_error(s):
    window = {"weekdays": "0123456", "start_min": 0, "end_min": 1439}
    reason = assert_denied(read_with(s, mint(s, {"time_window": window})), "weekdays must be a list")
    assert "internal error" not in reason


def test_weekday_out_of_range_allows_no_day(s):
    window = {"weekdays": [9], "start_min": 0, "end_min": 1439}
    assert_denied(read_with(s, mint(s, {"time_window": window})), "day", "is not allowed")


def test_whole_day_window_allows(s):
    assert_allowed(read_with(s, mint(s, {"time_window": {"weekdays": list(range(7)), "start_min": 0,
                                                           "end_min": 1439, "tz": "UTC"}})))


# ---- claims and overlay entries of the wrong type fail closed ------------------------------------

@pytest.mark.parametrize("cnst", [
    {"resources": ["path:/", 5]},
    {"resources": "deny-path:/"},
    {"tools": "Read"},
    {"tools": [None]},
])
def test_constraints_of_the_wrong_type_deny(s, cnst):
    assert_denied(read_with(s, mint(s, cnst)), "invalid delegation token", "malformed")


@pytest.mark.parametrize("scope", [["fs.read", "*"], {"*": True}, 1, None])
def test_scope_that_is_not_a_string_denies(s, scope):
    claims = verify_token(mint(s, {}), load_jwks(os.path.join(s.dir, "jwks.json")), guarddir.ISSUER,
                          guarddir.AUDIENCE, time.time())
    claims["scope"] = scope
    token = sign_jws(s.key_pem(), guarddir.KID, claims)
    assert_denied(read_with(s, token))


@pytest.mark.parametrize("overlay", ['{"deny_paths": [5]}', '{"deny_paths": "README.md"}', '{"deny_tools": [null]}',
                                     '[]', '{"deny_paths": [["x"]]}'])
def test_overlay_entries_that_are_not_strings_deny(tmp_path, overlay):
    setup = GuardSetup(tmp_path)
    with open(os.path.join(setup.dir, "overlay.json"), "w") as f:
        f.write(overlay)
    assert_denied(setup.check("Read", {"file_path": "README.md"}), "deny overlay")
