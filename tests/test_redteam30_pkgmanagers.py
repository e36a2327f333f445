"""Red team #30 (issue 10, class 1): package managers acting on the guard's own environment by
spellings the judge did not read.

- pip's own `--python X` (pip 22.3+: run pip in X, an interpreter or a venv's folder): the folder
  form installed into (or uninstalled from) the guard's venv;
- `uv sync/add/remove --project P` (and `--directory P`) act on P's `.venv`, not the working
  folder's;
- `uv run CMD` syncs the project's environment before it runs CMD (unless `--no-sync`): it was
  judged only as CMD (`uv run true`), also with `UV_PROJECT_ENVIRONMENT` set.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

GUARD_ENV = sys.prefix


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt30pkg"), files={"other/pyproject.toml": "[project]\nname='o'\n",
                                                                   "other/.venv/": ""})
    # a project folder whose `.venv` is the guard's own environment (an editable install in a
    # uv project, or a guard installed inside the project)
    os.makedirs(setup.path("guardproj"))
    os.symlink(GUARD_ENV, setup.path("guardproj/.venv"))
    return setup


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("command", [
    "pip --python {env} install evil",
    "pip3 --python={env} uninstall -y legant-guard",
    "python3 -m pip --python {env} install evil",
    "uv sync --project guardproj",
    "uv sync --directory guardproj",
    "uv add --project guardproj evil",
    "uv remove --project guardproj click",
    "uv run --project guardproj true",
    "cd guardproj && uv run true",
    "UV_PROJECT_ENVIRONMENT={env} uv run true",
    "uv --project guardproj sync",
    "uv --directory guardproj run true",
    "uv -q --project guardproj add evil",
])
def test_a_package_manager_on_the_guards_environment_is_denied(s, role, command):
    assert_denied(s.bash(command.format(env=GUARD_ENV), role=role), "guard's own Python environment")


@pytest.mark.parametrize("command", [
    "pip --python other/.venv install requests",
    "uv sync --project other",
    "uv run --project other true",
    "cd guardproj && uv run --no-sync true",
    "cd guardproj && uv run --isolated true",
    "uv --project other sync",
    "uv lock --project guardproj",
])
def test_the_same_managers_on_another_environment_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))
