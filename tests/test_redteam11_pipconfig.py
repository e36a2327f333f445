"""Red team 11 (issue 10, item 1): package managers sent into the guard's environment by their
own configuration, and PyPA's `installer`.

`pip config set global.target SITE` was refused, but `global.prefix VENV` / `install.root`
were not, and a pip.conf (or uv.toml's `[pip] python = VENV/bin/python`, pyproject's
`[tool.uv.pip] target`) written by any means made every later plain `pip install x` of the
project's environment install into the guard's. `python -m installer` of a wheel with the guard's
Python (or `--prefix VENV`) installed into it too.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write

VENV = sys.prefix
SITE = next(p for p in sys.path if p.endswith("site-packages"))


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path)


@pytest.mark.parametrize("command", [
    f"pip config set global.prefix {VENV}",
    f"pip config set install.root {VENV}",
    f"pip config --user set global.target {SITE}",
    f"python3 -m pip config set install.prefix {VENV}",
])
def test_pip_config_of_an_install_location_in_the_guards_environment_is_denied(setup, command):
    assert_denied(setup.bash(command, role="operator"), "would send every later install into")


@pytest.mark.parametrize("conf", [f"[install]\nprefix = {VENV}\n", f"[global]\ntarget = {SITE}\n",
                                  f"[install]\nroot = {VENV}\n"])
def test_a_pip_conf_pointing_into_the_guards_environment_denies_the_install(setup, conf):
    write(os.path.join(setup.home, ".config/pip/pip.conf"), conf)
    assert_denied(setup.bash("pip install requests", role="operator"), "pip.conf sets")


@pytest.mark.parametrize("path, text", [
    ("~/.config/uv/uv.toml", f'[pip]\npython = "{VENV}/bin/python"\n'),
    ("~/.config/uv/uv.toml", f'[pip]\ntarget = "{SITE}"\n'),
    ("pyproject.toml", f'[project]\nname = "x"\n[tool.uv.pip]\nprefix = "{VENV}"\n'),
])
def test_uv_configuration_pointing_into_the_guards_environment_denies_uv_pip(setup, path, text):
    write(setup.path(path), text)
    assert_denied(setup.bash("uv pip install requests", role="operator"), "sets pip.")
    assert_allowed(setup.bash("uv pip install --no-config requests", role="operator"))


@pytest.mark.parametrize("command", [
    f"{VENV}/bin/python -m installer x.whl",
    f"python3 -m installer --prefix {VENV} x.whl",
    "python3 -m installer --destdir / x.whl",
])
def test_pypa_installer_into_the_guards_environment_is_denied(setup, command):
    assert_denied(setup.bash(command, role="operator"), "`-m installer` installs a wheel into")


@pytest.mark.parametrize("command", [
    # (an index or a target in the user's configuration is refused since red team 15: the user's own
    # later `pip install -U legant-guard` reads it; settings that do not steer installs stay allowed)
    "pip config set global.timeout 60",
    "pip config set global.no-color true",
    "pip install requests",
    "uv pip install requests",
    "python3 -m installer --destdir /tmp/stage x.whl",
])
def test_other_configuration_and_installs_stay_allowed(setup, command):
    write(os.path.join(setup.home, ".config/pip/pip.conf"), "[global]\nindex-url = https://127.0.0.1/simple\n")
    assert_allowed(setup.bash(command, role="operator"))
