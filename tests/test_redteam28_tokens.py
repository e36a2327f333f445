"""Red team 28 (issue 10 "Also found", rt10i): token and feed times, and where the token comes from.

Found: a token (or feed) without `iat` was held to no lifetime at all, so one signed to expire
in the year 9999 was accepted (the century bound applied only when `iat` was there). Without
`iat` the lifetime is measured from now. Held, kept as tests: `iat` in the future, `exp`
before `iat`, `exp` past 9999, an inline LEGANT_GUARD_TOKEN never standing in for a missing,
empty, linked or special token file, and a second token that differs from the file's.
"""

import os
import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard import guarddir
from legant_guard.delegation.jws import decode_unverified
from legant_guard.delegation.keys import sign_jws

YEAR = 366 * 86400


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt28k"))


def _claims(g, role="operator"):
    with open(os.path.join(g.dir, f"{role}.jwt")) as f:
        return decode_unverified(f.read().strip())[1]


def _token_env(g, claims, name):
    path = g.write_token(name, sign_jws(g.key_pem(), guarddir.KID, claims))
    return g.env("operator", LEGANT_GUARD_TOKEN_FILE=path)


def test_a_token_without_iat_living_for_ever_is_refused(g):
    claims = _claims(g)
    claims.pop("iat")
    claims["exp"] = int(time.time()) + 200 * YEAR
    assert_denied(g.bash("ls", role="operator", env=_token_env(g, claims, "forever.jwt")), "absurd", "no `iat`")


def test_a_token_without_iat_and_an_ordinary_expiry_is_accepted(g):
    claims = _claims(g)
    claims.pop("iat")
    claims["exp"] = int(time.time()) + 3600
    assert_allowed(g.bash("ls", role="operator", env=_token_env(g, claims, "noiat.jwt")))


@pytest.mark.parametrize("change, fragment", [
    ({"iat": "future"}, "issued in the future"),
    ({"iat": "soon", "exp": "before-iat"}, "expires before it was issued"),
    ({"exp": 253402300800 + 10}, "absurd `exp`"),
    ({"iat": "old", "exp": "century"}, "absurd lifetime"),
])
def test_implausible_times_are_refused(g, change, fragment):
    now = int(time.time())
    claims = _claims(g)
    values = {"future": now + 3600, "soon": now + 200, "before-iat": now + 100, "old": now - 10,
              "century": now + 101 * YEAR}
    for key, value in change.items():
        claims[key] = values.get(value, value) if isinstance(value, str) else value
    assert_denied(g.bash("ls", role="operator", env=_token_env(g, claims, "times.jwt")), fragment)


def test_a_feed_without_iat_living_for_ever_is_refused(g, tmp_path):
    with open(os.path.join(g.dir, "feed.jwt")) as f:
        feed = decode_unverified(f.read().strip(), max_bytes=1 << 22)[1]
    feed.pop("iat", None)
    feed["exp"] = int(time.time()) + 200 * YEAR
    path = tmp_path / "feed.jwt"
    path.write_text(sign_jws(g.key_pem(), guarddir.KID, feed))
    assert_denied(g.bash("ls", role="operator", env=g.env("operator", LEGANT_GUARD_FEED=str(path))), "absurd")


# --- an inline token never stands in for the configured file ------------------------------------

def _inline(g):
    with open(os.path.join(g.dir, "operator.jwt")) as f:
        return f.read().strip()


@pytest.mark.parametrize("make", ["missing", "empty", "dir", "fifo", "link", "hardlink"])
def test_an_inline_token_does_not_replace_an_unusable_token_file(g, tmp_path, make):
    path = str(tmp_path / f"tok-{make}.jwt")
    if make == "empty":
        open(path, "w").close()
    elif make == "dir":
        os.mkdir(path)
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "link":
        os.symlink(os.path.join(g.dir, "operator.jwt"), path)
    elif make == "hardlink":
        with open(tmp_path / "orig.jwt", "w") as f:
            f.write(_inline(g))
        os.link(tmp_path / "orig.jwt", path)
    env = g.env("operator", LEGANT_GUARD_TOKEN_FILE=path, LEGANT_GUARD_TOKEN=_inline(g))
    assert_denied(g.bash("ls", role="operator", env=env), "token file")


def test_an_inline_token_that_differs_from_the_file_is_refused(g):
    with open(os.path.join(g.dir, "builder.jwt")) as f:
        builder = f.read().strip()
    env = g.env("builder", LEGANT_GUARD_TOKEN=_inline(g))  # (operator inline, builder in the file)
    assert_denied(g.bash("ls", role="builder", env=env), "different tokens")


def test_an_inline_token_equal_to_the_file_is_accepted(g):
    env = g.env("operator", LEGANT_GUARD_TOKEN=_inline(g) + "\n")
    assert_allowed(g.bash("ls", role="operator", env=env))


def test_an_empty_inline_token_is_refused(g):
    assert_denied(g.bash("ls", role="operator", env=g.env("operator", LEGANT_GUARD_TOKEN="  ")), "empty")
