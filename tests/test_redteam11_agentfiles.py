"""Red team 11 (issue 10, item 2): opencode's plugin cache is code of the next session.

opencode installs the npm plugins any of its configs names with `bun install` into its cache
folder (`~/.cache/opencode/node_modules`, from `~/.cache/opencode/package.json`) and imports them
from there at start. Writing a package there (or adding one with a postinstall script to that
package.json) ran code inside the next opencode session, which can drop the guard's plugin.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("ocache"))


@pytest.mark.parametrize("role", ["operator", "open", "builder"])
@pytest.mark.parametrize("name", [".cache/opencode/node_modules/opencode-wakatime/index.js",
                                  ".cache/opencode/package.json", ".cache/opencode/bun.lock",
                                  ".cache/opencode/bunfig.toml"])
def test_opencodes_plugin_cache_is_not_written(setup, role, name):
    path = os.path.join(setup.home, name)
    assert_denied(setup.check("Write", {"file_path": path, "content": "x"}, role=role), "protected")
    assert_denied(setup.bash(f"echo x > ~/{name}", role=role), "protected")


def test_a_moved_cache_folder_is_followed(setup):
    cache = os.path.join(setup.root, "xdg-cache")
    env = setup.env("operator", XDG_CACHE_HOME=cache)
    path = os.path.join(cache, "opencode", "node_modules", "x", "index.js")
    assert_denied(setup.check("Write", {"file_path": path, "content": "x"}, env=env), "protected")


def test_the_rest_of_the_cache_stays_writable(setup):
    assert_allowed(setup.check("Write", {"file_path": os.path.join(setup.home, ".cache/opencode/models.json"),
                                         "content": "{}"}, role="operator"))
    assert_allowed(setup.check("Write", {"file_path": os.path.join(setup.home, ".cache/pip/x"), "content": "x"},
                               role="operator"))
