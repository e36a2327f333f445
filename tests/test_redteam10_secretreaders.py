"""Red team 10: package managers print the token of ~/.npmrc.

`npm config get //registry.npmjs.org/:_authToken` (also `npm c get`, `pnpm config get`, `yarn config
get`) reads ~/.npmrc, a denied file, and prints the token; only `npm token list` was a known
reader, so these were allowed under open. (`npm get KEY`, the short alias, is left open: the word
`get` alone also appears in `npm pkg get version`.) Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10readers"), files={"~/.npmrc": "//r/:_authToken=T\n",
                                                                      "package.json": "{}\n"})


@pytest.mark.parametrize("command, shown", [
    ("npm config get //registry.npmjs.org/:_authToken", "npm config get"),
    ("npm c get //registry.npmjs.org/:_authToken", "npm c get"),
    ("pnpm config get //registry.npmjs.org/:_authToken", "pnpm config get"),
    ("yarn config get npmAuthToken", "yarn config get"),
])
def test_config_getters_print_the_npmrc_token(setup, command, shown):
    assert_denied(setup.bash(command, role="open"), f"`{shown}` prints the credentials stored in ~/.npmrc")


@pytest.mark.parametrize("command", ["npm test", "pnpm install", "yarn test", "npm run build", "npm pkg get version"])
def test_everyday_package_commands_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
