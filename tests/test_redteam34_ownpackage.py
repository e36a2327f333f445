"""Red team #34 (issue 10, the trust base): the guard's own package run or installed by name.

`legant guard uninstall` is refused by name, yet `uvx legant-guard guard uninstall`, `pipx run
--spec legant-guard legant guard uninstall` and `uv tool run legant-guard …` ran the guard's own
CLI (a version the command line picks) from the index, and `pipx install legant-guard==0.0.1`,
`uv tool install --force legant-guard`, `pip install --user legant-guard` put a second `legant`
ahead on PATH (the one the user's next `legant guard install` runs): a package from the index
names no program the guard could read, but this one's program is known.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("operator", "open")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt34own"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "uvx legant-guard guard uninstall", "uvx --from legant-guard legant guard uninstall",
    "pipx run legant-guard guard uninstall", "pipx run --spec legant-guard legant guard uninstall",
    "uv tool run legant-guard guard status", "uvx --from=legant_guard==0.1 legant guard allow x",
])
def test_running_the_guards_package(setup, command, role):
    assert_denied(setup.bash(command, role=role), "running `legant` from inside the agent is not allowed")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,tool", [
    ("pipx install legant-guard", "pipx"), ("pipx install --force legant-guard==0.0.1", "pipx"),
    ("uv tool install --force legant-guard==0.0.1", "uv"), ("pip install --user legant-guard", "pip"),
])
def test_installing_a_second_legant_on_path(setup, command, tool, role):
    assert_denied(setup.bash(command, role=role), f"`{tool}` would install a program named `legant`",
                  "ahead of the real `legant` on PATH")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", ["uvx ruff check", "pipx run black .", "uvx --from httpie http x",
                                     "pipx install ruff", "uv tool install black"])
def test_other_packages_stay_allowed(setup, command, role):
    assert_allowed(setup.bash(command, role=role))
