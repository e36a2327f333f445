"""Red team 25 (issue 10 item 3, rt10h): installers told to fill a folder with names the package picks.

A wheel may hold any path (`.claude/settings.json`, `.opencode/plugins/x.js`): `pip install
--target . ./x.whl` put it at `./.claude/settings.json`; `--prefix D` puts its data files below D
and `--root D` everything; `uv pip install --target/--prefix`, PyPA's `python -m installer
--destdir`, `PIP_TARGET=. pip install`, and `gem install --bindir .claude` (a gem names its
programs) did the same. Only the guard's own environment was judged for those options. The
folder is undetermined now: denied where a protected file lies at or below it.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt25i"), files={"build/": ""})


@pytest.mark.parametrize("role", ["open", "operator"])
@pytest.mark.parametrize("command", [
    "pip install --target . ./x.whl", "pip install -t. ./x.whl", "pip install --target=. x", "pip3 install -t .opencode x",
    "pip3.11 install --prefix .opencode ./x.whl", "pip install --root . ./x.whl", "python3 -m pip install -t . x",
    "uv pip install --target . ./x.whl", "uv pip install --prefix .opencode x", "python3 -m installer --destdir . x.whl",
    "python3 -m installer -d .opencode x.whl", "PIP_TARGET=. pip install ./x.whl", "export PIP_PREFIX=.opencode; pip install x",
    "gem install --bindir .claude x", "gem install -n .claude x",
])
def test_installs_into_a_folder_holding_hook_configs_are_undetermined(g, role, command):
    assert_denied(g.bash(command, role=role), "names the package picks")


@pytest.mark.parametrize("command", [
    "pip install --target build/deps ./x.whl", "pip install -t /tmp/deps x", "pip install --prefix /tmp/p x",
    "uv pip install --target build/deps x", "python3 -m installer --destdir /tmp/stage x.whl", "pip install x",
    "pip download -d build x", "gem install --bindir /tmp/bin x", "pip show -f x", "PIP_TARGET=/tmp/deps pip install x",
])
def test_installs_elsewhere_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


def test_the_agents_own_pip_target_counts(g):
    env = g.env("operator", PIP_TARGET=g.project)
    assert_denied(g.bash("pip install x", role="operator", env=env), "PIP_TARGET")
