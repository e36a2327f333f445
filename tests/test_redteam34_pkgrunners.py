"""Red team #34 (issue 10, the trust base): package managers reaching the guard's own venv through a
project runner or a global option.

The folder `gp/` stands for a checkout whose `.venv` is the guard's environment (a link to the
Python running these tests, as an editable install in the project would be). Every case was
allowed for `operator` and `open` before:
- `poetry run CMD`, `pdm run`, `pipenv run`, `rye run` and `uv run [--no-sync] CMD` start CMD with
  the project's environment first on PATH, so their `pip install` / `python -m pip` is the guard
  venv's pip (poetry, pdm and pipenv use an existing `.venv` in the project);
- `uv run pip list` syncs the project's environment before pip runs: pip's own judge answered
  first and the sync was never judged;
- `poetry -C DIR install` / `--directory` / `--project` / `-P`, `pipenv --python 3.11 install`:
  the option's value was taken for the subcommand;
- `pipenv --rm`, `poetry env remove|use`, `pdm venv remove|create --force` delete or rebuild the
  project's environment.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("operator", "open")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    g = GuardSetup(tmp_path_factory.mktemp("rt34pkg"))
    gp = os.path.join(g.root, "gp")
    os.makedirs(gp)
    os.symlink(sys.prefix, os.path.join(gp, ".venv"))
    with open(os.path.join(gp, "pyproject.toml"), "w") as f:
        f.write("[project]\nname = 'x'\nversion = '0'\n")
    g.gp = gp
    return g


RUNNERS = [
    "cd {gp} && poetry run pip install x",
    "cd {gp} && poetry run pip uninstall -y legant-guard",
    "cd {gp} && poetry run python -m pip install x",
    "cd {gp}/sub && poetry run pip install x",
    "cd {gp} && pdm run python -m pip install x",
    "cd {gp} && pipenv run pip install x",
    "cd {gp} && rye run pip install x",
    "cd {gp} && uv run --no-sync pip install x",
    "cd {gp} && uv run --no-sync python -m ensurepip",
    "uv run --project {gp} --no-sync python -m pip install x",
    "uv run --directory {gp} --no-sync pip install x",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", RUNNERS)
def test_a_runner_starts_pip_in_the_guards_venv(setup, command, role):
    os.makedirs(os.path.join(setup.gp, "sub"), exist_ok=True)
    assert_denied(setup.bash(command.format(gp=setup.gp), role=role), "would change the guard's own Python environment",
                  "the one the command activates or its runner starts")


@pytest.mark.parametrize("role", ROLES)
def test_uv_run_syncs_before_pip_answers(setup, role):
    reason = assert_denied(setup.bash(f"cd {setup.gp} && uv run pip list", role=role), "`uv run` would change",
                           "its default environment")
    assert setup.gp in reason


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "poetry -C {gp} install", "poetry --directory {gp} install", "poetry --directory={gp} install",
    "poetry --project {gp} install", "poetry -P {gp} install", "cd {gp} && pipenv --python 3.11 install",
    "cd {gp} && pdm -p . install",
])
def test_a_global_options_value_is_no_subcommand(setup, command, role):
    assert_denied(setup.bash(command.format(gp=setup.gp), role=role), "install` would change the guard's own Python",
                  "the environment it installs into")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,tool", [
    ("cd {gp} && pipenv --rm", "pipenv --rm"), ("cd {gp} && poetry env remove --all", "poetry env remove"),
    ("cd {gp} && poetry env use python3.12", "poetry env use"), ("cd {gp} && pdm venv remove in-project", "pdm venv remove"),
    ("cd {gp} && pdm venv create --force", "pdm venv create"),
])
def test_removing_or_rebuilding_the_guards_venv(setup, command, tool, role):
    assert_denied(setup.bash(command.format(gp=setup.gp), role=role), f"`{tool}` would change the guard's own Python",
                  "the environment it removes or makes anew")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "poetry run pip install x", "uv run pip install x", "pdm run pytest", "pipenv --rm", "poetry -C /tmp/other install",
    "cd {gp} && poetry run pytest", "cd {gp} && uv run --no-sync pytest", "cd {gp} && pipenv --where",
])
def test_other_projects_and_plain_runs_stay_allowed(setup, command, role):
    assert_allowed(setup.bash(command.format(gp=setup.gp), role=role))
