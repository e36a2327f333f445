"""A proxy is found in the words as the shell hands them over, not only in the line as written:
`export HTTPS_PROX''Y=http://h` sets HTTPS_PROXY (quote removal), as do a backslash, `declare -x`
and a name completed by a variable set earlier in the line; `npm i --pro''xy URL` is `--proxy`.
The text scan of hook/netsends.check_proxies missed all of them under open (review of red team 47's
change). Each is refused with the proxy named; the user's own value and NO_PROXY stay allowed."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("proxies"))


@pytest.mark.parametrize("command", [
    "export HTTPS_PROX''Y=http://127.0.0.1:9; npm i",
    "export HTTPS_PRO\\XY=http://127.0.0.1:9; npm i",
    'declare -x HTTPS_PROX""Y=http://127.0.0.1:9; npm i',
    "p=PROXY; export HTTPS_$p=http://127.0.0.1:9; npm i",
    "npm i --pro''xy http://127.0.0.1:9",
])
def test_a_proxy_spelt_with_quotes_or_variables_is_found(g, command):
    assert_denied(g.bash(command, role="open"), "the command names a proxy (`", "HTTPS_PROXY=http://127.0.0.1:9"
                  if "HTTPS" in command else "--proxy http://127.0.0.1:9")


@pytest.mark.parametrize("command", [
    "export NO_PRO''XY=localhost; npm i",
    "HTTPS_PROXY=$HTTPS_PROXY npm i",
    "npm i",
    "echo 'proxy'",
])
def test_no_proxy_and_the_users_own_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))
